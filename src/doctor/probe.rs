//! The probe sequence: a handful of requests, each one asking one question.
//!
//! 1. `initialize`, as the user's client sends it (the doctor's conforming
//!    request with the user's `--header`s on top). A refusal is explained;
//!    when the user's own header caused it, the doctor puts its conforming
//!    value back and asks again, so one run finds the problems behind the
//!    first one.
//! 2. Reached directly, the server is asked what AgentCore will ask: the
//!    same `initialize` with the Host the platform forwards, and whether it
//!    serves AgentCore's path `/mcp`.
//! 3. `tools/list` after `initialize`, with the negotiated
//!    `MCP-Protocol-Version` and *without* `Mcp-Session-Id`: a stateless
//!    server answers it, a stateful one refuses it. What is judged is
//!    whether that matches the runtime's MCP mode (`Setup::mcp_mode`;
//!    stateless when nothing says otherwise, as the AgentCore CLI's MCP
//!    template is): a stateful server of a stateful runtime is then asked
//!    again within the session it opened, as its clients ask it.

use std::sync::Arc;

use http::{HeaderName, HeaderValue, Uri, header};
use serde::Serialize;
use serde_json::{Value, json};

use super::{
    Credentials, DoctorError, Setup,
    explain::{self, Context},
    finding::Finding,
    header::HeaderOverride,
};
use crate::{
    agentcore::McpMode,
    auth::sigv4::{SigV4Signer, SigningScope},
    case::Variant,
    client::{Exchange, HttpRequest, McpClient, SendError},
    diagnosis::{Cause, Evidence, Received, SentRequest},
    message,
    protocol::{self, ProtocolVersion},
    target::{BearerToken, RequestAuth},
};

/// The version `initialize` offers: the newest that every official SDK of
/// the 1.x line speaks.
const OFFERED_VERSION: ProtocolVersion = ProtocolVersion::V2025_06_18;
/// The first revision whose clients MUST send `MCP-Protocol-Version`.
const VERSION_HEADER_SINCE: &str = "2025-06-18";
/// How often a request is sent again after the doctor corrected it.
const MAX_CORRECTIONS: usize = 3;
/// AgentCore's path for MCP in the container.
const MCP_PATH: &str = "/mcp";

/// One request the doctor sent, and what came of it.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeLine {
    pub purpose: String,
    pub outcome: String,
}

/// The outcome of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub url: String,
    pub target: String,
    pub probes: Vec<ProbeLine>,
    pub findings: Vec<Finding>,
}

enum Sent {
    Answer(HttpRequest, Exchange),
    NoAnswer(HttpRequest, String),
}

struct Initialized {
    request: HttpRequest,
    exchange: Exchange,
    version: String,
    session: Option<String>,
}

struct Doctor<'a> {
    setup: &'a Setup,
    client: McpClient,
    uri: Uri,
    overrides: Vec<HeaderOverride>,
    auth: Option<Arc<dyn RequestAuth>>,
    token: Option<String>,
    probes: Vec<ProbeLine>,
    findings: Vec<Finding>,
}

/// Runs the probe sequence against `setup`.
pub async fn run(setup: &Setup) -> Result<Diagnosis, DoctorError> {
    let mut doctor = Doctor::new(setup)?;
    if let Some(initialized) = doctor.initialize().await? {
        doctor.check_path(&initialized);
        doctor.check_host().await?;
        doctor.follow_up(&initialized).await?;
    }
    Ok(Diagnosis {
        url: doctor.uri.to_string(),
        target: setup.endpoint.describe(),
        probes: doctor.probes,
        findings: doctor.findings,
    })
}

/// The `result` of a successful JSON-RPC answer.
fn result_of(exchange: &Exchange) -> Option<Value> {
    if !exchange.status.is_success() {
        return None;
    }
    exchange
        .messages()
        .into_iter()
        .find_map(|message| message.get("result").cloned())
}

impl<'a> Doctor<'a> {
    fn new(setup: &'a Setup) -> Result<Self, DoctorError> {
        let uri = setup.endpoint.uri().clone();
        let client = McpClient::new(&uri.to_string())?;
        let auth: Option<Arc<dyn RequestAuth>> = match &setup.credentials {
            Credentials::None => None,
            Credentials::Bearer(token) => Some(Arc::new(
                BearerToken::new(token).map_err(DoctorError::Credentials)?,
            )),
            Credentials::SigV4 {
                credentials,
                region,
            } => Some(Arc::new(SigV4Signer {
                credentials: credentials.clone(),
                scope: SigningScope::agentcore(region.clone()),
            })),
        };
        let token = match &setup.credentials {
            Credentials::Bearer(token) => Some(token.clone()),
            _ => setup
                .headers
                .iter()
                .find(|header| header.name == header::AUTHORIZATION)
                .and_then(|header| header.value.as_ref()?.to_str().ok().map(str::to_owned)),
        };
        Ok(Self {
            setup,
            client,
            uri,
            overrides: setup.headers.clone(),
            auth,
            token,
            probes: Vec::new(),
            findings: Vec::new(),
        })
    }

    fn context<'s>(&'s self, session: Option<&'s str>) -> Context<'s> {
        Context {
            endpoint: &self.setup.endpoint,
            token: self.token.as_deref(),
            authorizer: self.setup.authorizer.as_ref(),
            session,
        }
    }

    /// A POST of `message` with the conforming headers, then `extra`, then
    /// the user's overrides, then the credentials (a signature comes last,
    /// since it covers the headers).
    fn build(
        &self,
        message: &Value,
        extra: &[(HeaderName, HeaderValue)],
        uri: &Uri,
    ) -> Result<HttpRequest, DoctorError> {
        let mut request = message::with_media_headers(HttpRequest::post_json(message));
        for (name, value) in extra {
            request = request.with_header(name.clone(), value.clone());
        }
        for header in &self.overrides {
            request = match &header.value {
                Some(value) => request.with_header(header.name.clone(), value.clone()),
                None => request.without_header(&header.name),
            };
        }
        match &self.auth {
            Some(auth) => auth.apply(request, uri).map_err(DoctorError::Credentials),
            None => Ok(request),
        }
    }

    async fn send(
        &mut self,
        purpose: &str,
        request: HttpRequest,
        uri: &Uri,
    ) -> Result<Sent, DoctorError> {
        let answer = self.client.send_to(uri, &request).await;
        let (outcome, sent) = match answer {
            Ok(exchange) => (
                format!(
                    "{} {}",
                    exchange.status.as_u16(),
                    exchange.status.canonical_reason().unwrap_or_default()
                ),
                Sent::Answer(request, exchange),
            ),
            Err(SendError::Unreachable { reason, .. }) if !self.setup.endpoint.is_agentcore() => {
                ("no answer".to_owned(), Sent::NoAnswer(request, reason))
            }
            Err(error) => return Err(error.into()),
        };
        self.probes.push(ProbeLine {
            purpose: purpose.to_owned(),
            outcome: outcome.trim_end().to_owned(),
        });
        Ok(sent)
    }

    /// Removes the user's override of `name`, so the conforming value is
    /// sent again; whether there was one.
    fn reset(&mut self, name: &HeaderName) -> bool {
        let before = self.overrides.len();
        self.overrides.retain(|header| header.name != name);
        self.overrides.len() != before
    }

    async fn initialize(&mut self) -> Result<Option<Initialized>, DoctorError> {
        let message = message::initialize(
            json!("mcp-matrix-doctor/initialize"),
            OFFERED_VERSION.as_str(),
        );
        let mut purpose = "initialize, as your client sends it";
        for _ in 0..=MAX_CORRECTIONS {
            let uri = self.uri.clone();
            let request = self.build(&message, &[], &uri)?;
            let (request, exchange) = match self.send(purpose, request, &uri).await? {
                Sent::Answer(request, exchange) => (request, exchange),
                Sent::NoAnswer(request, reason) => {
                    self.findings
                        .push(explain::unreachable(&request, &uri, reason));
                    return Ok(None);
                }
            };
            if let Some(result) = result_of(&exchange) {
                let version = result
                    .get("protocolVersion")
                    .and_then(Value::as_str)
                    .unwrap_or(OFFERED_VERSION.as_str())
                    .to_owned();
                let session = exchange
                    .header(protocol::header::SESSION_ID)
                    .map(str::to_owned);
                return Ok(Some(Initialized {
                    request,
                    exchange,
                    version,
                    session,
                }));
            }
            let mut finding = explain::refusal(&self.context(None), &request, &uri, &exchange);
            let corrected = match finding.problem {
                Cause::AcceptHeader => self.reset(&header::ACCEPT),
                Cause::HostCheck => self.reset(&header::HOST) | self.reset(&header::ORIGIN),
                Cause::WrongPath => self.find_mcp_path(&mut finding).await?,
                _ => false,
            };
            self.findings.push(finding);
            if !corrected {
                return Ok(None);
            }
            purpose = "initialize, corrected as the finding above says";
        }
        Ok(None)
    }

    /// After a 404 at a direct URL whose path is not `/mcp`: whether the
    /// server answers at `/mcp`, which then becomes the URL.
    async fn find_mcp_path(&mut self, finding: &mut Finding) -> Result<bool, DoctorError> {
        if self.setup.endpoint.is_agentcore() || self.uri.path() == MCP_PATH {
            return Ok(false);
        }
        let Some(authority) = self.uri.authority() else {
            return Ok(false);
        };
        let scheme = self.uri.scheme_str().unwrap_or("http");
        let Ok(candidate) = format!("{scheme}://{authority}{MCP_PATH}").parse::<Uri>() else {
            return Ok(false);
        };
        let message = message::initialize(
            json!("mcp-matrix-doctor/initialize"),
            OFFERED_VERSION.as_str(),
        );
        let request = self.build(&message, &[], &candidate)?;
        let Sent::Answer(_, exchange) =
            self.send("initialize at /mcp", request, &candidate).await?
        else {
            return Ok(false);
        };
        if result_of(&exchange).is_none() {
            return Ok(false);
        }
        *finding = explain::wrong_path(
            finding.evidence.clone(),
            &self.uri,
            Some(&candidate.to_string()),
        );
        self.uri = candidate;
        Ok(true)
    }

    /// A server reached directly at a path other than `/mcp` works here but
    /// not behind AgentCore.
    fn check_path(&mut self, initialized: &Initialized) {
        if self.setup.endpoint.is_agentcore() || self.uri.path() == MCP_PATH {
            return;
        }
        let evidence = Evidence {
            request: SentRequest::of(&initialized.request, &self.uri),
            response: Received::of(&initialized.exchange),
        };
        self.findings
            .push(explain::wrong_path(evidence, &self.uri, None));
    }

    /// A server reached directly: does it accept the Host AgentCore
    /// forwards? The request is the `initialize` that just succeeded, with
    /// only the Host changed, so a refusal is the Host check's.
    async fn check_host(&mut self) -> Result<(), DoctorError> {
        let user_set_host = self
            .overrides
            .iter()
            .any(|header| header.name == header::HOST);
        if self.setup.endpoint.is_agentcore() || user_set_host {
            return Ok(());
        }
        let message = message::initialize(
            json!("mcp-matrix-doctor/initialize"),
            OFFERED_VERSION.as_str(),
        );
        let foreign = [(
            header::HOST,
            HeaderValue::from_static(Variant::FOREIGN_HOST),
        )];
        let uri = self.uri.clone();
        let request = self.build(&message, &foreign, &uri)?;
        let Sent::Answer(request, exchange) = self
            .send("initialize with the Host AgentCore forwards", request, &uri)
            .await?
        else {
            return Ok(());
        };
        if result_of(&exchange).is_none() {
            let evidence = Evidence {
                request: SentRequest::of(&request, &uri),
                response: Received::of(&exchange),
            };
            self.findings
                .push(explain::host_check(evidence, exchange.status.as_u16()));
        }
        Ok(())
    }

    /// `tools/list` after `initialize`, without the session id.
    async fn follow_up(&mut self, initialized: &Initialized) -> Result<(), DoctorError> {
        let message = message::request(json!("mcp-matrix-doctor/tools-list"), "tools/list");
        // A version that cannot be a header value was never a valid one;
        // the offered version is then the best guess of what to send.
        let version = HeaderValue::from_str(&initialized.version)
            .unwrap_or(HeaderValue::from_static(OFFERED_VERSION.as_str()));
        let extra = [(
            HeaderName::from_static(protocol::header::PROTOCOL_VERSION),
            version,
        )];
        let mut purpose = "tools/list after initialize, without Mcp-Session-Id";
        for _ in 0..=MAX_CORRECTIONS {
            let uri = self.uri.clone();
            let request = self.build(&message, &extra, &uri)?;
            let (request, exchange) = match self.send(purpose, request, &uri).await? {
                Sent::Answer(request, exchange) => (request, exchange),
                Sent::NoAnswer(request, reason) => {
                    self.findings
                        .push(explain::unreachable(&request, &uri, reason));
                    return Ok(());
                }
            };
            if result_of(&exchange).is_some() {
                if self.setup.mcp_mode == Some(McpMode::Stateful) {
                    let evidence = Evidence {
                        request: SentRequest::of(&request, &uri),
                        response: Received::of(&exchange),
                    };
                    self.findings.push(explain::stateless_server(evidence));
                }
                let without_version = request.header(&extra[0].0).is_none();
                if without_version && initialized.version.as_str() >= VERSION_HEADER_SINCE {
                    let evidence = Evidence {
                        request: SentRequest::of(&request, &uri),
                        response: Received::of(&exchange),
                    };
                    self.findings
                        .push(explain::missing_version(evidence, &initialized.version));
                }
                return Ok(());
            }
            let finding = explain::refusal(
                &self.context(initialized.session.as_deref()),
                &request,
                &uri,
                &exchange,
            );
            if finding.problem == Cause::StatefulServer {
                match (self.setup.mcp_mode, initialized.session.as_deref()) {
                    (Some(McpMode::Stateful), Some(session)) => {
                        let session = session.to_owned();
                        return self.within_session(&session, &message, &extra).await;
                    }
                    (mode, _) => {
                        self.findings.push(explain::stateful_server(finding, mode));
                        return Ok(());
                    }
                }
            }
            let corrected = match finding.problem {
                Cause::ProtocolVersion => self.reset(&extra[0].0),
                Cause::AcceptHeader => self.reset(&header::ACCEPT),
                _ => false,
            };
            self.findings.push(finding);
            if !corrected {
                return Ok(());
            }
            purpose = "tools/list, corrected as the finding above says";
        }
        Ok(())
    }

    /// The follow-up of a stateful server on a stateful runtime, as its
    /// clients send it: `notifications/initialized`, then `tools/list`,
    /// both with the `Mcp-Session-Id` initialize returned (spec 2025-03-26
    /// on, basic/transports, "Session Management").
    async fn within_session(
        &mut self,
        session: &str,
        message: &Value,
        extra: &[(HeaderName, HeaderValue)],
    ) -> Result<(), DoctorError> {
        let Ok(id) = HeaderValue::from_str(session) else {
            return Ok(());
        };
        let mut extra = extra.to_vec();
        extra.push((HeaderName::from_static(protocol::header::SESSION_ID), id));
        let uri = self.uri.clone();
        let initialized = self.build(&message::initialized(), &extra, &uri)?;
        if let Sent::NoAnswer(request, reason) = self
            .send(
                "notifications/initialized, within the session",
                initialized,
                &uri,
            )
            .await?
        {
            self.findings
                .push(explain::unreachable(&request, &uri, reason));
            return Ok(());
        }
        let request = self.build(message, &extra, &uri)?;
        let purpose = "tools/list within the session initialize opened (a stateful runtime)";
        match self.send(purpose, request, &uri).await? {
            Sent::NoAnswer(request, reason) => {
                self.findings
                    .push(explain::unreachable(&request, &uri, reason));
            }
            Sent::Answer(request, exchange) if result_of(&exchange).is_none() => {
                let finding =
                    explain::refusal(&self.context(Some(session)), &request, &uri, &exchange);
                self.findings.push(finding);
            }
            Sent::Answer(..) => {}
        }
        Ok(())
    }
}
