//! The front door: a local emulation of the AgentCore data plane's
//! InvokeAgentRuntime for MCP runtimes, in front of the server container.
//!
//! It serves `POST /runtimes/{ARN percent-encoded}/invocations?qualifier=`
//! for the runtimes it is configured with, authorises each call the way the
//! runtime's authorizer would (SigV4 for IAM runtimes, a `customJWTAuthorizer`
//! for the others; never both), applies the platform's session rules, and
//! streams the container's answer back. Where AWS does not document the
//! exact form of an answer, the choice made here and its source are listed in
//! the README's fidelity table, for the live run to confirm or correct.

mod config;
mod forward;
mod jwt;
mod session_host;
mod sessions;

use std::{collections::HashMap, net::SocketAddr, sync::Arc};

use axum::{
    Router,
    body::Body,
    extract::{Path, RawQuery, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
    serve::ListenerExt,
};
use http_body_util::{BodyExt, Limited};
use serde_json::json;

pub use config::{DEFAULT_MAX_BODY_BYTES, DEFAULT_SIGV4_SKEW, RuntimeConfig};
pub use jwt::{JwtAuthorizer, TokenRejection};
pub use session_host::{
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS, SessionHost, SessionServer, StatefulHosting,
};

use crate::{
    agentcore::{
        Authorizer, AwsError, DEFAULT_JWT_LEEWAY, DEFAULT_QUALIFIER, RuntimeArn, SIGNING_NAME,
        invocation_path, protected_resource_path,
    },
    auth::sigv4::{SigningScope, Verifier},
    protocol::{self, media},
};

/// Everything the front door is configured with.
#[derive(Debug, Clone)]
pub struct FrontDoorConfig {
    /// The region of the emulated endpoint (SigV4 credential scope).
    pub region: String,
    pub runtimes: Vec<RuntimeConfig>,
    /// The IAM credentials SigV4 callers may sign with.
    pub iam_credentials: Vec<aws_credential_types::Credentials>,
    pub max_body_bytes: usize,
    pub sigv4_skew: std::time::Duration,
    pub jwt_leeway: std::time::Duration,
}

impl FrontDoorConfig {
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            runtimes: Vec::new(),
            iam_credentials: Vec::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            sigv4_skew: DEFAULT_SIGV4_SKEW,
            jwt_leeway: DEFAULT_JWT_LEEWAY,
        }
    }

    pub fn with_runtime(mut self, runtime: RuntimeConfig) -> Self {
        self.runtimes.push(runtime);
        self
    }
}

struct Runtime {
    config: RuntimeConfig,
    jwt: Option<JwtAuthorizer>,
    /// The sessions of a stateful runtime.
    sessions: Option<Arc<sessions::SessionTable>>,
}

struct FrontDoorState {
    config: FrontDoorConfig,
    runtimes: HashMap<String, Runtime>,
    base_url: String,
    upstream: forward::Upstream,
}

/// A running front door on `127.0.0.1`. Dropping it stops the server.
pub struct FrontDoor {
    base_url: String,
    task: tokio::task::JoinHandle<()>,
    /// One per stateful runtime: ends its idle sessions.
    sweepers: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for FrontDoor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrontDoor")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for FrontDoor {
    fn drop(&mut self) {
        self.task.abort();
        for sweeper in &self.sweepers {
            sweeper.abort();
        }
    }
}

impl FrontDoor {
    /// Starts the front door on a free loopback port.
    pub async fn start(config: FrontDoorConfig) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let runtimes = config
            .runtimes
            .iter()
            .map(|runtime| {
                let jwt = match &runtime.authorizer {
                    Authorizer::CustomJwt(authorizer) => {
                        Some(JwtAuthorizer::new(authorizer.clone(), config.jwt_leeway))
                    }
                    Authorizer::Iam => None,
                };
                let sessions = runtime
                    .stateful
                    .clone()
                    .map(|hosting| Arc::new(sessions::SessionTable::new(hosting)));
                (
                    runtime.arn.to_string(),
                    Runtime {
                        config: runtime.clone(),
                        jwt,
                        sessions,
                    },
                )
            })
            .collect::<HashMap<_, _>>();
        let sweepers = runtimes
            .values()
            .filter_map(|runtime| runtime.sessions.clone())
            .map(|table| {
                tokio::spawn(async move {
                    let mut interval = tokio::time::interval(table.sweep_interval());
                    loop {
                        interval.tick().await;
                        table.end_idle_sessions();
                    }
                })
            })
            .collect();
        let state = Arc::new(FrontDoorState {
            config,
            runtimes,
            base_url: base_url.clone(),
            upstream: forward::Upstream::new(),
        });
        let app = Router::new()
            .route("/runtimes/{arn}/invocations", post(invoke))
            .route(
                "/runtimes/{arn}/invocations/.well-known/oauth-protected-resource",
                get(protected_resource_metadata),
            )
            .fallback(unknown_operation)
            .with_state(state);
        // TCP_NODELAY on every accepted connection: the answer is streamed
        // (headers, then each chunk of the container's body, then the end
        // of the chunked body), and with Nagle's algorithm each small write
        // after the first waits for the caller's delayed ACK, about 40 ms on
        // Linux, which capped a loop of 16 callers near 350 requests/s.
        let listener = listener.tap_io(|stream| {
            // Without it answers are only slower, not wrong.
            let _ = stream.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            // A failing accept loop ends the task; requests then fail to
            // connect, which the tests report.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            base_url,
            task,
            sweepers,
        })
    }

    /// `http://127.0.0.1:<port>`: the endpoint to use instead of
    /// `https://bedrock-agentcore.<region>.amazonaws.com`.
    pub fn endpoint(&self) -> &str {
        &self.base_url
    }

    /// The invocation URL of `arn` on `qualifier`.
    pub fn invocation_url(&self, arn: &RuntimeArn, qualifier: &str) -> String {
        format!("{}{}", self.base_url, invocation_path(arn, qualifier))
    }
}

fn qualifier_of(query: Option<&str>) -> String {
    query
        .and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "qualifier")
                .map(|(_, value)| value.into_owned())
        })
        .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned())
}

/// Finds the runtime addressed by the path, or the error AgentCore gives.
fn find_runtime<'a>(
    state: &'a FrontDoorState,
    arn: &str,
    qualifier: &str,
) -> Result<&'a Runtime, AwsError> {
    let parsed: RuntimeArn = arn
        .parse()
        .map_err(|error: crate::agentcore::ArnError| AwsError::validation(error.to_string()))?;
    state
        .runtimes
        .get(&parsed.to_string())
        .filter(|runtime| runtime.config.qualifiers.iter().any(|q| q == qualifier))
        .ok_or_else(|| {
            // Observed live: "No endpoint or agent found with qualifier
            // 'DEFAULT' for agent arn:...".
            AwsError::not_found(format!(
                "No endpoint or agent found with qualifier '{qualifier}' for agent {parsed}"
            ))
        })
}

/// The `Authorization` header, classified.
enum Credentials<'a> {
    Missing,
    Bearer(&'a str),
    SigV4,
    Other,
}

fn credentials_of(headers: &HeaderMap) -> Credentials<'_> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    else {
        return if headers.contains_key(header::AUTHORIZATION) {
            Credentials::Other
        } else {
            Credentials::Missing
        };
    };
    let value = value.trim();
    if value.is_empty() {
        return Credentials::Missing;
    }
    if value.starts_with("AWS4-HMAC-SHA256") {
        return Credentials::SigV4;
    }
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Credentials::Bearer(token.trim())
        }
        None if value.eq_ignore_ascii_case("bearer") => Credentials::Bearer(""),
        _ => Credentials::Other,
    }
}

/// Observed live: "AccessDeniedException: Authorization method mismatch. ..."
fn method_mismatch() -> AwsError {
    AwsError::access_denied(
        "Authorization method mismatch. The agent is configured for a different authorization \
         method than what was used in your request. Check the agent's authorization \
         configuration and ensure your request uses the matching method (OAuth or SigV4)",
    )
}

fn protected_resource_url(state: &FrontDoorState, arn: &RuntimeArn, qualifier: &str) -> String {
    format!(
        "{}{}",
        state.base_url,
        protected_resource_path(arn, qualifier)
    )
}

/// The challenge of a JWT runtime's 401: `Bearer
/// resource_metadata="<url>"` (AgentCore MCP protocol contract), and, when
/// the authorizer has `allowedScopes`, `scope="<advertised scopes>"` after
/// it. The scope parameter is RFC 6750 §3's; the MCP authorization
/// specification (2025-11-25, "Protected Resource Metadata Discovery
/// Requirements") says servers SHOULD send it, and "the advertised scope
/// appears in OAuth protected resource metadata and WWW-Authenticate
/// response headers" (botocore model, `advertisedScopeMapping`). That a
/// Runtime sends it is inferred: no source shows a Runtime 401 with
/// `scope=` (README, fidelity table).
fn bearer_challenge(resource_metadata: &str, scopes: &[&str]) -> String {
    let mut challenge = format!("Bearer resource_metadata={}", quoted(resource_metadata));
    if !scopes.is_empty() {
        challenge.push_str(&format!(", scope={}", quoted(&scopes.join(" "))));
    }
    challenge
}

/// An RFC 9110 §5.6.4 quoted-string. Scopes cannot hold `"` or `\` (the
/// model's pattern is RFC 6749's scope-token), but nothing checks that the
/// configuration follows it.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

async fn authorize(
    state: &FrontDoorState,
    runtime: &Runtime,
    qualifier: &str,
    parts: &axum::http::request::Parts,
    body: &[u8],
) -> Result<(), AwsError> {
    let credentials = credentials_of(&parts.headers);
    match (&runtime.jwt, credentials) {
        // "401 Unauthorized - Returned when the Authorization header is
        // missing or empty", with the protected resource metadata in
        // WWW-Authenticate (AgentCore MCP protocol contract).
        (Some(jwt), Credentials::Missing | Credentials::Bearer("")) => Err(AwsError::unauthorized(
            "Missing Authentication Token",
        )
        .with_header(
            "www-authenticate",
            bearer_challenge(
                &protected_resource_url(state, &runtime.config.arn, qualifier),
                &jwt.config().advertised_scopes(),
            ),
        )),
        (Some(jwt), Credentials::Bearer(token)) => jwt
            .verify(token)
            .await
            .map(drop)
            .map_err(|rejection| rejection.to_aws_error()),
        (Some(_), Credentials::Other) => Err(TokenRejection::Unparseable.to_aws_error()),
        (Some(_), Credentials::SigV4) | (None, Credentials::Bearer(_)) => Err(method_mismatch()),
        // "SigV4-configured agents return HTTP 403 with an ACCESS_DENIED
        // error and do not include WWW-Authenticate headers."
        (None, Credentials::Missing) => {
            Err(AwsError::access_denied("Missing Authentication Token"))
        }
        (None, Credentials::SigV4 | Credentials::Other) => {
            let host = parts
                .headers
                .get(header::HOST)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            let path_and_query = parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/");
            let uri: axum::http::Uri = format!("http://{host}{path_and_query}")
                .parse()
                .map_err(|_| AwsError::validation("the request URI is not valid"))?;
            let scope = SigningScope {
                region: state.config.region.clone(),
                service: SIGNING_NAME.to_owned(),
            };
            let secrets = |access_key_id: &str| {
                state
                    .config
                    .iam_credentials
                    .iter()
                    .find(|credentials| credentials.access_key_id() == access_key_id)
                    .cloned()
            };
            Verifier::new(scope, secrets)
                .with_max_skew(state.config.sigv4_skew)
                .verify(&parts.method, &uri, &parts.headers, body)
                .map(drop)
                .map_err(|rejection| {
                    AwsError::new(rejection.status, rejection.error_type, rejection.message)
                })
        }
    }
}

/// "if you pass in an Accept header, it must follow the MCP standard.
/// Acceptable media types are application/json and text/event-stream"
/// (AgentCore MCP protocol contract); the contract's error table maps a
/// violation to HTTP 406, JSON-RPC -32011.
fn check_accept(headers: &HeaderMap) -> Result<(), AwsError> {
    let Some(accept) = headers.get(header::ACCEPT) else {
        return Ok(());
    };
    let accept = accept.to_str().unwrap_or_default().to_ascii_lowercase();
    let listed = |media: &str| {
        accept
            .split(',')
            .any(|range| range.split(';').next().map(str::trim) == Some(media))
    };
    if listed(media::JSON) && listed(media::EVENT_STREAM) {
        return Ok(());
    }
    Err(AwsError {
        body: crate::agentcore::ErrorBody::JsonRpc { code: -32011 },
        ..AwsError::new(
            StatusCode::NOT_ACCEPTABLE,
            "McpRequestUnacceptableException",
            "Accept Header Error - MCP protocol requires Accept header: application/json, \
             text/event-stream",
        )
    })
}

async fn invoke(
    State(state): State<Arc<FrontDoorState>>,
    Path(arn): Path<String>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    match handle_invoke(&state, &arn, query.as_deref(), request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn handle_invoke(
    state: &FrontDoorState,
    arn: &str,
    query: Option<&str>,
    request: Request,
) -> Result<Response, AwsError> {
    let qualifier = qualifier_of(query);
    let runtime = find_runtime(state, arn, &qualifier)?;
    let (parts, body) = request.into_parts();
    let limit = state.config.max_body_bytes;
    let body = Limited::new(body, limit)
        .collect()
        .await
        .map_err(|_| {
            AwsError::validation(format!(
                "1 validation error detected: Value at 'payload' failed to satisfy constraint: \
                 Member must have length less than or equal to {limit}"
            ))
        })?
        .to_bytes();
    authorize(state, runtime, &qualifier, &parts, &body).await?;
    let sessions = forward::Sessions::of(&parts.headers)?;
    check_accept(&parts.headers)?;
    let Some(table) = &runtime.sessions else {
        let sessions = sessions.with_platform_session_id();
        return state
            .upstream
            .forward(
                &runtime.config.upstream,
                &runtime.config,
                &parts.headers,
                body,
                &sessions,
            )
            .await;
    };
    let route = table
        .route(sessions.mcp_session_id.as_deref(), is_initialize(&body))
        .await?;
    let (route, in_use) = match route {
        sessions::Route::Session(in_use) => (None, Some(in_use)),
        sessions::Route::NewSession(session, place) => {
            let in_use = session.in_use();
            (Some((session, place)), Some(in_use))
        }
        sessions::Route::Sessionless => (None, None),
    };
    let upstream = in_use
        .as_ref()
        .map_or(runtime.config.upstream.as_str(), |in_use| in_use.endpoint());
    let mut response = state
        .upstream
        .forward(upstream, &runtime.config, &parts.headers, body, &sessions)
        .await?;
    // "Amazon Bedrock AgentCore always returns an Mcp-Session-Id header":
    // the server's, else one the platform makes up for the microVM.
    let issued = match response.headers().get(protocol::header::SESSION_ID) {
        Some(id) => id.to_str().map(str::to_owned).ok(),
        None => None,
    };
    let session_id = issued.clone().unwrap_or_else(crate::random::uuid_v4);
    if let Ok(value) = axum::http::HeaderValue::from_str(&session_id) {
        response
            .headers_mut()
            .insert(protocol::header::SESSION_ID, value);
    }
    // Only a session the server opened is kept: an initialize it refused
    // (or answered without an id) leaves no server behind, and a later
    // request with the made-up id finds no session, as on a fresh microVM.
    if let Some((session, place)) = route
        && response.status().is_success()
        && let Some(issued) = issued
    {
        table.register(issued, session, place);
    }
    // The session counts as in use until its answer has been streamed.
    Ok(response.map(|body| {
        Body::new(body.map_frame(move |frame| {
            let _keep = &in_use;
            frame
        }))
    }))
}

/// Whether `body` is an `initialize` request, which opens a session.
fn is_initialize(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|message| {
            message
                .get("method")
                .and_then(|method| method.as_str().map(|method| method == "initialize"))
        })
        .unwrap_or(false)
}

/// OAuth 2.0 protected resource metadata (RFC 9728 §2) of a JWT runtime,
/// where the 401's `WWW-Authenticate` points. Observed live:
/// `{"authorization_servers": [<issuer>], "resource": <invocation URL with
/// qualifier>}`. `scopes_supported` ("RECOMMENDED") lists the authorizer's
/// `allowedScopes` under their advertised names when it has any: the
/// `advertisedScopeMapping` documentation says they "appear in OAuth
/// protected resource metadata"; inferred for Runtime (README, fidelity
/// table).
async fn protected_resource_metadata(
    State(state): State<Arc<FrontDoorState>>,
    Path(arn): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let qualifier = qualifier_of(query.as_deref());
    let runtime = match find_runtime(&state, &arn, &qualifier) {
        Ok(runtime) => runtime,
        Err(error) => return error.into_response(),
    };
    let Some(jwt) = &runtime.jwt else {
        return AwsError::not_found("The agent runtime has no OAuth authorizer").into_response();
    };
    let issuer = match jwt.issuer().await {
        Ok(issuer) => issuer,
        Err(rejection) => return rejection.to_aws_error().into_response(),
    };
    let mut metadata = json!({
        "authorization_servers": [issuer],
        "resource": format!(
            "{}{}",
            state.base_url,
            invocation_path(&runtime.config.arn, &qualifier)
        ),
    });
    let scopes = jwt.config().advertised_scopes();
    if !scopes.is_empty() {
        metadata["scopes_supported"] = json!(scopes);
    }
    axum::Json(metadata).into_response()
}

async fn unknown_operation(request: Request<Body>) -> Response {
    AwsError::new(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        format!(
            "No operation at {} {}; InvokeAgentRuntime is POST /runtimes/<ARN, percent-encoded>/invocations",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_names_scopes_only_when_there_are_some() {
        let url = "http://127.0.0.1:1/runtimes/a/invocations/.well-known/oauth-protected-resource";
        assert_eq!(
            bearer_challenge(url, &[]),
            format!("Bearer resource_metadata=\"{url}\"")
        );
        assert_eq!(
            bearer_challenge(url, &["api://x/invoke", "x/read"]),
            format!("Bearer resource_metadata=\"{url}\", scope=\"api://x/invoke x/read\"")
        );
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
