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
//!    capability it declared, following `nextCursor` (spec, server/utilities/
//!    pagination). A cursor that repeats, or pages that keep coming with
//!    nothing new, end the walk as a [`ListingProblem`] that fails the run:
//!    a client that follows such cursors never finishes. A list still growing
//!    after [`MAX_PAGES`] pages is only cut short, and the report says so.
//!
//! A stateless server answers each list request on its own. When one that
//! issued an `Mcp-Session-Id` refuses them without it and serves them within
//! that session (after `notifications/initialized`, as the lifecycle
//! requires), the surface is marked [`SessionMode::Stateful`]. A session the
//! probe opened is ended with `DELETE` either way (spec 2025-03-26 on,
//! basic/transports, "Session Management").

use std::collections::HashSet;

use http::{HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::{
    client::{Body, Exchange, HttpRequest},
    message, outcome,
    protocol::{self, ProtocolVersion},
    surface::{
        Capabilities, ListKind, Listing, ListingProblem, Prompt, Resource, ResourceTemplate,
        SessionMode, Support, Surface, Tool, VersionSurface,
    },
    target::Target,
};

/// The most pages of a list that are read. Far more than most servers need
/// (a page usually holds dozens of items), few enough that the walk ends
/// within a second locally and ten seconds live.
pub const MAX_PAGES: u32 = 100;

/// Pages in a row that may bring nothing new before the list is taken to
/// page forever.
const PAGES_WITHOUT_NEWS: u32 = 10;

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
    let mut unanswered = None;
    for version in ProtocolVersion::ALL {
        let probe = match probe(target, version).await {
            Ok(probe) => probe,
            // One version's probe going unanswered (a timeout, say) says
            // nothing about the others.
            Err(reason) => {
                answers.push(format!("{version}: no answer: {reason}"));
                unanswered.get_or_insert(reason);
                continue;
            }
        };
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
        if let Some(session) = probe.session {
            if refused_without_session(&declared) {
                lister.join(session).await;
                let within = lister.all_lists(capabilities).await;
                if !refused_without_session(&within) {
                    declared = within;
                    surface.session = SessionMode::Stateful;
                }
            } else {
                lister.session = Some(session);
            }
            lister.leave().await;
        }
        surface.versions.insert(version, declared);
    }
    if supported.is_empty() {
        if let Some(reason) = unanswered
            && answers
                .iter()
                .all(|answer| answer.contains(": no answer: "))
        {
            return Err(DiscoveryError::ProbeUnanswered {
                target: target.label.clone(),
                reason,
            });
        }
        return Err(DiscoveryError::NoVersionSupported {
            target: target.label.clone(),
            answers: answers.join("; "),
        });
    }
    surface.support = Support::new(supported);
    Ok(surface)
}

/// The probe of one version; `Err` with the reason when it got no answer.
async fn probe(target: &Target, version: ProtocolVersion) -> Result<Probe, String> {
    let id = json!(format!("probe/{version}"));
    let message = if version.has_initialize() {
        message::initialize(id.clone(), version.as_str())
    } else {
        message::request(id.clone(), "server/discover")
    };
    let exchange = target
        .send(&message::conforming_post(version, message))
        .await
        .map_err(|error| error.to_string())?;
    let result = match result_of(&exchange, &id) {
        Some(result) => {
            let speaks = if version.has_initialize() {
                result.get("protocolVersion") == Some(&json!(version.as_str()))
            } else {
                result
                    .get("supportedVersions")
                    .and_then(Value::as_array)
                    .is_some_and(|versions| versions.contains(&json!(version.as_str())))
            };
            speaks.then_some(result)
        }
        // A version is unsupported only when the server says so: an answer
        // that cannot be read says nothing, and is judged case by case as an
        // answer of a version the server speaks.
        None if unreadable(&exchange) => Some(json!({})),
        None => None,
    };
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

/// The result that answers the request with `id`. A result under another id
/// is still the server's answer when it is the only one: that its ids are
/// wrong is for the cases to report, not a reason to think the server does
/// not speak the version, or has nothing to list.
fn result_of(exchange: &Exchange, id: &Value) -> Option<Value> {
    exchange.result_for(id).or_else(|| {
        let results: Vec<Value> = exchange
            .messages()
            .into_iter()
            .filter_map(|message| message.get("result").cloned())
            .collect();
        <[Value; 1]>::try_from(results).ok().map(|[result]| result)
    })
}

/// Whether a 2xx answer holds no JSON-RPC message a client could read: a
/// body its Content-Type does not describe, or an event stream without a
/// message.
fn unreadable(exchange: &Exchange) -> bool {
    exchange.status.is_success()
        && exchange.body != Body::Empty
        && !exchange
            .messages()
            .iter()
            .any(|message| message.get("result").is_some() || message.get("error").is_some())
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

    /// Every page of one list.
    async fn walk(&self, kind: ListKind) -> (Vec<Value>, Listing<()>) {
        let mut entries: Vec<Value> = Vec::new();
        let mut listing = Listing::<()>::default();
        let mut cursor: Option<String> = None;
        let mut cursors = HashSet::new();
        let mut distinct = HashSet::new();
        let mut last_news = 1;
        loop {
            if listing.pages == MAX_PAGES {
                listing.problem = Some(if listing.pages - last_news >= PAGES_WITHOUT_NEWS {
                    ListingProblem::NothingNew {
                        pages: listing.pages,
                        since: last_news,
                    }
                } else {
                    ListingProblem::TooManyPages { limit: MAX_PAGES }
                });
                break;
            }
            listing.pages += 1;
            let page = listing.pages;
            match self.page(kind, page, cursor.as_deref()).await {
                Page::Read { items, next_cursor } => {
                    for item in items {
                        if distinct.insert(item.to_string()) {
                            last_news = page;
                            entries.push(item);
                        }
                    }
                    // Before 2026-07-28 an empty cursor is how some servers
                    // say "no more" (and what clients stop at); 2026-07-28
                    // made "" a valid cursor.
                    let Some(next) = next_cursor.filter(|next| {
                        !next.is_empty() || self.version == ProtocolVersion::V2026_07_28
                    }) else {
                        break;
                    };
                    if page == 1 {
                        listing.next_page_cursor = Some(next.clone());
                    }
                    if !cursors.insert(next.clone()) {
                        listing.problem = Some(ListingProblem::CursorLoop { page, cursor: next });
                        break;
                    }
                    if page - last_news >= PAGES_WITHOUT_NEWS {
                        listing.problem = Some(ListingProblem::NothingNew {
                            pages: page,
                            since: last_news,
                        });
                        break;
                    }
                    cursor = Some(next);
                }
                // The first page is a case of the matrix, judged there.
                Page::Refused(_) if page == 1 => {
                    listing.refused_first_page = true;
                    break;
                }
                Page::Unanswered(_) if page == 1 => break,
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

/// Whether a declared list was refused from its first page, which a
/// stateful server does to a request outside its session.
fn refused_without_session(surface: &VersionSurface) -> bool {
    [
        surface.tools.refused_first_page,
        surface.resources.refused_first_page,
        surface.resource_templates.refused_first_page,
        surface.prompts.refused_first_page,
    ]
    .contains(&true)
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
