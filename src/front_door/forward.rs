//! Passing an authorised invocation to the container and its answer back.
//!
//! The body goes through unchanged ("complete pass-through of
//! InvokeAgentRuntime API payload", AgentCore MCP protocol contract), and the
//! answer is streamed, not buffered, so SSE events reach the caller as the
//! container writes them.

use axum::{
    body::Body,
    http::{HeaderMap, HeaderName, HeaderValue},
    response::Response,
};
use bytes::Bytes;
use http_body_util::Full;
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};

use super::config::RuntimeConfig;
use crate::{
    agentcore::{AwsError, MAX_HEADER_VALUE_BYTES},
    protocol::header as mcp_header,
    random::uuid_v4,
};

/// The request headers the platform passes to an MCP container: the MCP
/// transport's own, and the platform's session headers ("The platform
/// forwards session headers, including Mcp-Session-Id and
/// X-Amzn-Bedrock-AgentCore-Runtime-Session-Id, to your MCP server").
const FORWARDED: [&str; 5] = [
    "accept",
    "content-type",
    mcp_header::PROTOCOL_VERSION,
    mcp_header::METHOD,
    mcp_header::NAME,
];

/// The runtime's allowlisted headers that the platform does not pass or set
/// itself anyway: an allowlisted `Mcp-Method` is sent once, not twice, and
/// `Mcp-Session-Id` is the platform's (see [`Sessions`]; the runtime
/// session id, an `x-amzn-` header, cannot be allowlisted).
fn allowlisted(runtime: &RuntimeConfig) -> impl Iterator<Item = &HeaderName> {
    runtime
        .request_header_allowlist
        .iter()
        .flat_map(|allowlist| allowlist.names())
        .filter(|name| !FORWARDED.contains(&name.as_str()) && *name != mcp_header::SESSION_ID)
}

/// Response headers of the container that reach the caller.
const RETURNED: [&str; 4] = [
    "content-type",
    "cache-control",
    "x-accel-buffering",
    mcp_header::PROTOCOL_VERSION,
];

/// The session headers of one invocation, as the platform settles them.
#[derive(Debug, Clone)]
pub(super) struct Sessions {
    /// The caller's `Mcp-Session-Id`, or in a stateless runtime one the
    /// platform made up.
    pub(super) mcp_session_id: Option<String>,
    runtime_session_id: String,
}

impl Sessions {
    /// The runtime session id must be 33-256 characters and is generated
    /// when absent (InvokeAgentRuntime, `runtimeSessionId`, an idempotency
    /// token). The caller's `Mcp-Session-Id` is kept as it is.
    pub(super) fn of(headers: &HeaderMap) -> Result<Self, AwsError> {
        let text = |name: &str| {
            headers
                .get(name)
                .map(|value| value.to_str().map(str::to_owned))
        };
        let runtime_session_id = match text(mcp_header::RUNTIME_SESSION_ID) {
            None => uuid_v4(),
            Some(Err(_)) => {
                return Err(AwsError::validation(
                    "Value at 'runtimeSessionId' is not valid text",
                ));
            }
            Some(Ok(id)) if id.chars().count() < 33 => {
                return Err(AwsError::validation(
                    "1 validation error detected: Value at 'runtimeSessionId' failed to satisfy \
                     constraint: Member must have length greater than or equal to 33",
                ));
            }
            Some(Ok(id)) if id.chars().count() > 256 => {
                return Err(AwsError::validation(
                    "1 validation error detected: Value at 'runtimeSessionId' failed to satisfy \
                     constraint: Member must have length less than or equal to 256",
                ));
            }
            Some(Ok(id)) => id,
        };
        let mcp_session_id = match text(mcp_header::SESSION_ID) {
            Some(Ok(id)) if !id.is_empty() => Some(id),
            _ => None,
        };
        Ok(Self {
            mcp_session_id,
            runtime_session_id,
        })
    }

    /// In a stateless runtime, "the platform automatically adds an
    /// Mcp-Session-Id header for any request without one" (AgentCore MCP
    /// protocol contract) before it reaches the server.
    pub(super) fn with_platform_session_id(mut self) -> Self {
        self.mcp_session_id.get_or_insert_with(uuid_v4);
        self
    }

    fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let mcp = self
            .mcp_session_id
            .as_deref()
            .map(|id| (mcp_header::SESSION_ID, id));
        mcp.into_iter().chain([(
            mcp_header::RUNTIME_SESSION_ID,
            self.runtime_session_id.as_str(),
        )])
    }
}

/// The HTTP client towards the containers.
pub(super) struct Upstream {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Upstream {
    /// Keeps connections to the container alive between invocations
    /// (hyper's pool), with TCP_NODELAY for the same reason as the front
    /// door's own listener: a request is small writes that must not wait for
    /// a delayed ACK.
    pub(super) fn new() -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }

    /// Sends the invocation to the server at `upstream` with the session
    /// headers of `sessions`, and streams its answer back. The answer
    /// carries the session headers the caller sent (or the platform made
    /// up), or else the `Mcp-Session-Id` the server issued; the caller may
    /// settle it otherwise.
    pub(super) async fn forward(
        &self,
        upstream: &str,
        runtime: &RuntimeConfig,
        headers: &HeaderMap,
        body: Bytes,
        sessions: &Sessions,
    ) -> Result<Response, AwsError> {
        let mut request = axum::http::Request::post(upstream);
        for name in FORWARDED {
            for value in headers.get_all(name) {
                request = request.header(name, value);
            }
        }
        for name in allowlisted(runtime) {
            for value in headers.get_all(name) {
                // "Header value is not greater than 4KB in size" (header
                // allowlist guide): a longer value is not passed on. Whether
                // AWS drops it or refuses the call is not documented (see
                // the fidelity table).
                if value.len() <= MAX_HEADER_VALUE_BYTES {
                    request = request.header(name, value);
                }
            }
        }
        for (name, value) in sessions.headers() {
            request = request.header(name, value);
        }
        let request = request.body(Full::new(body)).map_err(|error| {
            AwsError::validation(format!("the request cannot be forwarded: {error}"))
        })?;

        let upstream = self.client.request(request).await.map_err(|error| {
            // Observed live, for a container that does not answer:
            // HTTP 424 RuntimeClientError.
            AwsError::runtime_client_error(format!(
                "Received error from runtime: the container at {upstream} could not be reached \
                 ({error}). Please check your CloudWatch logs for more information."
            ))
        })?;
        let (parts, incoming) = upstream.into_parts();
        let mut response = Response::new(Body::new(incoming));
        *response.status_mut() = parts.status;
        let returned = response.headers_mut();
        for name in RETURNED.into_iter().chain([mcp_header::SESSION_ID]) {
            if let Some(value) = parts.headers.get(name) {
                returned.insert(HeaderName::from_static(name), value.clone());
            }
        }
        // "Platform returns the same Mcp-Session-Id to the client in the
        // response"; "Amazon Bedrock AgentCore always returns an
        // Mcp-Session-Id header to clients."
        for (name, value) in sessions.headers() {
            if let Ok(value) = HeaderValue::from_str(value) {
                returned.insert(HeaderName::from_static(name), value);
            }
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn missing_session_ids_are_generated() {
        let sessions = Sessions::of(&HeaderMap::new()).unwrap();
        assert_eq!(
            sessions.mcp_session_id, None,
            "a stateful runtime adds none"
        );
        assert_eq!(sessions.runtime_session_id.len(), 36);
        let stateless = sessions.with_platform_session_id();
        assert_eq!(stateless.mcp_session_id.map(|id| id.len()), Some(36));
    }

    #[test]
    fn runtime_session_ids_must_have_33_to_256_characters() {
        let short =
            Sessions::of(&with(mcp_header::RUNTIME_SESSION_ID, &"a".repeat(32))).unwrap_err();
        assert!(short.message.contains("greater than or equal to 33"));
        let long =
            Sessions::of(&with(mcp_header::RUNTIME_SESSION_ID, &"a".repeat(257))).unwrap_err();
        assert!(long.message.contains("less than or equal to 256"));
        for length in [33, 256] {
            let id = "a".repeat(length);
            let sessions = Sessions::of(&with(mcp_header::RUNTIME_SESSION_ID, &id)).unwrap();
            assert_eq!(sessions.runtime_session_id, id);
        }
    }

    #[test]
    fn allowlisted_headers_the_platform_sends_anyway_are_sent_once() {
        let runtime = RuntimeConfig::new(
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/r-AAAAAAAAAA"
                .parse()
                .unwrap(),
            crate::agentcore::Authorizer::Iam,
            "http://127.0.0.1:1/mcp",
        )
        .with_request_header_allowlist(["Mcp-Method", "Mcp-Session-Id", "X-Tenant"])
        .unwrap();
        let names: Vec<&str> = allowlisted(&runtime).map(HeaderName::as_str).collect();
        assert_eq!(names, ["x-tenant"]);
    }

    #[test]
    fn a_client_mcp_session_id_is_kept() {
        let sessions = Sessions::of(&with(mcp_header::SESSION_ID, "client-chosen")).unwrap();
        assert_eq!(sessions.mcp_session_id.as_deref(), Some("client-chosen"));
        let stateless = sessions.with_platform_session_id();
        assert_eq!(stateless.mcp_session_id.as_deref(), Some("client-chosen"));
    }
}
