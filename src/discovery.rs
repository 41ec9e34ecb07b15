//! Discovery: what a target offers, asked of the target itself before any
//! case is sent.
//!
//! For every protocol version this suite knows:
//!
//! 1. **Does the target speak it?** A conforming `initialize` for each
//!    handshake version (supported when the result names that same version,
//!    as "Version Negotiation" requires) and a conforming `server/discover`
//!    for 2026-07-28 (supported when the result lists it). Either result
//!    carries the target's `capabilities`.
//! 2. **What does it offer there?** Every page of `tools/list`,
//!    `resources/list`, `resources/templates/list` and `prompts/list` whose
//!    capability it declared, following `nextCursor` (spec, utilities/
//!    pagination). A cursor that repeats, or more than [`MAX_PAGES`] pages,
//!    ends the walk as a [`ListingProblem`], which fails the run: a client
//!    that follows such cursors never finishes.
//!
//! A stateless server answers each list request on its own. When one that
//! issued an `Mcp-Session-Id` refuses them without it, the lists are asked
//! again within that session (after `notifications/initialized`, as the
//! lifecycle requires), the surface is marked [`SessionMode::Stateful`], and
//! the session is ended with `DELETE` afterwards.

use std::collections::HashSet;

use http::{HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::{
    client::{Exchange, HttpRequest},
    message, outcome,
    protocol::{self, ProtocolVersion},
    surface::{
        Capabilities, ListKind, Listing, ListingProblem, Prompt, Resource, ResourceTemplate,
        SessionMode, Support, Surface, Tool, VersionSurface,
    },
    target::Target,
};

/// The most pages a list may have. Far more than any real server needs (a
/// page usually holds dozens of items), few enough that a server handing out
/// fresh cursors forever is stopped within a second.
pub const MAX_PAGES: u32 = 100;

/// Why discovery could not tell what the target offers.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("{target}: the version probe got no answer: {reason}")]
    ProbeUnanswered { target: String, reason: String },
    #[error(
        "{target}: the server answered no conforming initialize (2024-11-05 .. 2025-11-25) or \
         server/discover (2026-07-28) successfully, so it supports no protocol version this \
         suite knows; check that it is an MCP server at this URL. Answers: {answers}"
    )]
    NoVersionSupported { target: String, answers: String },
}

/// What the version probe learnt of one version.
struct Probe {
    /// The result of `initialize` or `server/discover`, when it names the version.
    result: Option<Value>,
    /// The `Mcp-Session-Id` the target issued with it, if any.
    session: Option<HeaderValue>,
    /// The outcome line, for the error when no version is supported.
    outcome: String,
}

/// Asks `target` what it supports and offers.
pub async fn discover(target: &Target) -> Result<Surface, DiscoveryError> {
    let mut surface = Surface::default();
    let mut supported = Vec::new();
    let mut answers = Vec::new();
    for version in ProtocolVersion::ALL {
        let probe = probe(target, version).await?;
        answers.push(format!("{version}: {}", probe.outcome));
        let Some(result) = probe.result else {
            continue;
        };
        supported.push(version);
        let capabilities = Capabilities::of(result.get("capabilities").unwrap_or(&Value::Null));
        let mut lister = Lister {
            target,
            version,
            session: None,
        };
        let mut declared = lister.all_lists(capabilities).await;
        if let Some(session) = probe.session
            && lister.refused_without_session(&declared, capabilities)
        {
            lister.join(session).await;
            declared = lister.all_lists(capabilities).await;
            lister.leave().await;
            surface.session = SessionMode::Stateful;
        }
        surface.versions.insert(version, declared);
    }
    if supported.is_empty() {
        return Err(DiscoveryError::NoVersionSupported {
            target: target.label.clone(),
            answers: answers.join("; "),
        });
    }
    surface.support = Support::new(supported);
    Ok(surface)
}

async fn probe(target: &Target, version: ProtocolVersion) -> Result<Probe, DiscoveryError> {
    let id = json!(format!("probe/{version}"));
    let message = if version.has_initialize() {
        message::initialize(id.clone(), version.as_str())
    } else {
        message::request(id.clone(), "server/discover")
    };
    let exchange = target
        .send(&message::conforming_post(version, message))
        .await
        .map_err(|error| DiscoveryError::ProbeUnanswered {
            target: target.label.clone(),
            reason: error.to_string(),
        })?;
    let result = result_of(&exchange, &id).filter(|result| {
        if version.has_initialize() {
            result.get("protocolVersion") == Some(&json!(version.as_str()))
        } else {
            result
                .get("supportedVersions")
                .and_then(Value::as_array)
                .is_some_and(|versions| versions.contains(&json!(version.as_str())))
        }
    });
    let session = exchange
        .headers
        .get(protocol::header::SESSION_ID)
        .filter(|_| version.has_initialize())
        .cloned();
    Ok(Probe {
        result,
        session,
        outcome: outcome::summarize(&exchange, std::slice::from_ref(&id)),
    })
}

/// The result of the response with `id`, if the answer holds one.
fn result_of(exchange: &Exchange, id: &Value) -> Option<Value> {
    exchange
        .messages()
        .into_iter()
        .find(|message| message.get("id") == Some(id))
        .and_then(|message| message.get("result").cloned())
}

/// Reads the lists of one version, within a session once it has joined one.
struct Lister<'a> {
    target: &'a Target,
    version: ProtocolVersion,
    session: Option<HeaderValue>,
}

/// One page as read: its items and `nextCursor`, or why it is not a page.
enum Page {
    Read {
        items: Vec<Value>,
        next_cursor: Option<String>,
    },
    Refused(String),
    Unanswered(String),
}

impl Lister<'_> {
    async fn all_lists(&self, capabilities: Capabilities) -> VersionSurface {
        let declared = |kind: ListKind| match kind {
            ListKind::Tools => capabilities.tools,
            ListKind::Resources | ListKind::ResourceTemplates => capabilities.resources,
            ListKind::Prompts => capabilities.prompts,
        };
        let mut surface = VersionSurface {
            capabilities,
            ..VersionSurface::default()
        };
        for kind in ListKind::ALL.into_iter().filter(|kind| declared(*kind)) {
            let (entries, listing) = self.walk(kind).await;
            match kind {
                ListKind::Tools => surface.tools = listing.parsed(&entries, Tool::from_listing),
                ListKind::Resources => {
                    surface.resources = listing.parsed(&entries, Resource::from_listing);
                }
                ListKind::ResourceTemplates => {
                    surface.resource_templates =
                        listing.parsed(&entries, ResourceTemplate::from_listing);
                }
                ListKind::Prompts => {
                    surface.prompts = listing.parsed(&entries, Prompt::from_listing);
                }
            }
        }
        surface
    }

    /// Whether a declared list could not even be read from its first page,
    /// which a stateful server does to a request outside a session.
    fn refused_without_session(
        &self,
        surface: &VersionSurface,
        capabilities: Capabilities,
    ) -> bool {
        capabilities.tools && surface.tools.pages == 1 && surface.tools.refused_first_page
    }

    /// Every page of one list.
    async fn walk(&self, kind: ListKind) -> (Vec<Value>, Listing<()>) {
        let mut entries = Vec::new();
        let mut listing = Listing::<()>::default();
        let mut cursor: Option<String> = None;
        let mut seen = HashSet::new();
        loop {
            if listing.pages == MAX_PAGES {
                listing.problem = Some(ListingProblem::TooManyPages { limit: MAX_PAGES });
                break;
            }
            listing.pages += 1;
            let page = listing.pages;
            match self.page(kind, page, cursor.as_deref()).await {
                Page::Read { items, next_cursor } => {
                    entries.extend(items);
                    let Some(next) = next_cursor else { break };
                    if page == 1 {
                        listing.next_page_cursor = Some(next.clone());
                    }
                    if !seen.insert(next.clone()) {
                        listing.problem = Some(ListingProblem::CursorLoop { page, cursor: next });
                        break;
                    }
                    cursor = Some(next);
                }
                // The first page is a case of the matrix, judged there.
                Page::Refused(_) | Page::Unanswered(_) if page == 1 => {
                    listing.refused_first_page = true;
                    break;
                }
                Page::Refused(outcome) => {
                    listing.problem = Some(ListingProblem::PageRefused { page, outcome });
                    break;
                }
                Page::Unanswered(reason) => {
                    listing.problem = Some(ListingProblem::PageUnanswered { page, reason });
                    break;
                }
            }
        }
        (entries, listing)
    }

    async fn page(&self, kind: ListKind, page: u32, cursor: Option<&str>) -> Page {
        let id = json!(format!(
            "discovery/{}/{}#{page}",
            self.version,
            kind.label()
        ));
        let mut message = message::request(id.clone(), kind.method());
        if let Some(cursor) = cursor {
            message["params"] = json!({ "cursor": cursor });
        }
        let exchange = match self.send(message).await {
            Ok(exchange) => exchange,
            Err(reason) => return Page::Unanswered(reason),
        };
        let Some(result) = result_of(&exchange, &id) else {
            return Page::Refused(outcome::summarize(&exchange, &[id]));
        };
        let Some(items) = result.get(kind.items_key()).and_then(Value::as_array) else {
            return Page::Refused(outcome::summarize(&exchange, &[id]));
        };
        Page::Read {
            items: items.clone(),
            next_cursor: result
                .get("nextCursor")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }

    async fn send(&self, message: Value) -> Result<Exchange, String> {
        let request = message::conforming_post(self.version, message);
        self.target
            .send(&self.with_session(request))
            .await
            .map_err(|error| error.to_string())
    }

    fn with_session(&self, request: HttpRequest) -> HttpRequest {
        match &self.session {
            Some(session) => request.with_header(session_header(), session.clone()),
            None => request,
        }
    }

    /// Completes the handshake within `session` (spec 2024-11-05 on,
    /// basic/lifecycle: the client sends `notifications/initialized`).
    async fn join(&mut self, session: HeaderValue) {
        self.session = Some(session);
        // The answer does not matter: the lists are asked again either way.
        let _ = self.send(message::initialized()).await;
    }

    /// Ends the session (spec 2025-03-26 on, basic/transports, "Session
    /// Management": clients SHOULD send DELETE when they no longer need it).
    async fn leave(&self) {
        let request = message::with_protocol_version(
            HttpRequest::new(http::Method::DELETE),
            self.version.as_str(),
        );
        let _ = self.target.send(&self.with_session(request)).await;
    }
}

fn session_header() -> HeaderName {
    HeaderName::from_static(protocol::header::SESSION_ID)
}

impl Listing<()> {
    /// The listing of typed items read from `entries`; entries that cannot
    /// be read are left to the list case's type check.
    fn parsed<T>(self, entries: &[Value], read: impl Fn(&Value) -> Option<T>) -> Listing<T> {
        Listing {
            items: entries.iter().filter_map(read).collect(),
            pages: self.pages,
            next_page_cursor: self.next_page_cursor,
            problem: self.problem,
            refused_first_page: self.refused_first_page,
        }
    }
}
