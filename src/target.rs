//! A server the matrix runs against, and how requests reach it: directly,
//! or through AgentCore with credentials, at a bounded rate, with retries of
//! the answers that mean "try again".

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use http::Uri;
use tokio::sync::Mutex;

use crate::{
    client::{Exchange, HttpRequest, McpClient, SendError, ServerRequests},
    protocol::header,
};

/// Where a target's answers are observed: directly from the server, or through the
/// AgentCore data plane, which adds headers of its own (it always returns an
/// `Mcp-Session-Id`), so rules about those headers do not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vantage {
    Direct,
    ThroughPlatform,
}

/// Adds credentials to a request. Called again for every attempt, since a
/// SigV4 signature covers the time it was made.
pub trait RequestAuth: Send + Sync {
    fn apply(&self, request: HttpRequest, uri: &Uri) -> Result<HttpRequest, String>;
}

/// `Authorization: Bearer <token>` on every request. Its `Debug` hides the token.
pub struct BearerToken(http::HeaderValue);

impl BearerToken {
    pub fn new(token: &str) -> Result<Self, String> {
        let mut value = http::HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            "the bearer token has characters an HTTP header cannot carry".to_owned()
        })?;
        value.set_sensitive(true);
        Ok(Self(value))
    }
}

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken([redacted])")
    }
}

impl RequestAuth for BearerToken {
    fn apply(&self, request: HttpRequest, _uri: &Uri) -> Result<HttpRequest, String> {
        Ok(request.with_header(http::header::AUTHORIZATION, self.0.clone()))
    }
}

/// How requests are paced and retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SendPolicy {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Further attempts after a throttled or failed one.
    pub retries: u32,
    /// The most requests started per second, if bounded.
    pub max_requests_per_second: Option<f64>,
    /// The first backoff; each retry doubles it, plus up to 100% jitter.
    pub backoff: Duration,
}

impl SendPolicy {
    /// A local server: as fast as the machine allows, no retries (a retry
    /// would hide a flaky answer).
    pub const LOCAL: Self = Self {
        concurrency: 16,
        retries: 0,
        max_requests_per_second: None,
        backoff: Duration::from_millis(100),
    };

    /// A live runtime: four requests at a time and at most ten per second,
    /// far below InvokeAgentRuntime's quota (25 requests per second per
    /// agent before June 2026, 200 since; AgentCore service quotas), with
    /// three retries of throttling and server errors.
    pub const LIVE: Self = Self {
        concurrency: 4,
        retries: 3,
        max_requests_per_second: Some(10.0),
        backoff: Duration::from_millis(250),
    };
}

/// A server under test and the way to it.
#[derive(Clone)]
pub struct Target {
    /// Names the target in reports, snapshots and the deviation file.
    pub label: String,
    pub client: McpClient,
    pub vantage: Vantage,
    pub auth: Option<Arc<dyn RequestAuth>>,
    pub policy: SendPolicy,
    pacer: Arc<Mutex<Option<Instant>>>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("label", &self.label)
            .field("endpoint", self.client.endpoint())
            .field("vantage", &self.vantage)
            .field("authenticated", &self.auth.is_some())
            .field("policy", &self.policy)
            .finish()
    }
}

impl Target {
    /// A target reached directly, without credentials, at local speed.
    pub fn direct(label: impl Into<String>, client: McpClient) -> Self {
        Self {
            label: label.into(),
            client,
            vantage: Vantage::Direct,
            auth: None,
            policy: SendPolicy::LOCAL,
            pacer: Arc::new(Mutex::new(None)),
        }
    }

    /// A target behind AgentCore (the live data plane or the front door).
    pub fn through_platform(
        label: impl Into<String>,
        client: McpClient,
        auth: Arc<dyn RequestAuth>,
        policy: SendPolicy,
    ) -> Self {
        Self {
            vantage: Vantage::ThroughPlatform,
            auth: Some(auth),
            policy,
            ..Self::direct(label, client)
        }
    }

    /// Waits until the rate bound allows another request to start.
    async fn pace(&self) {
        let Some(rate) = self
            .policy
            .max_requests_per_second
            .filter(|rate| *rate > 0.0)
        else {
            return;
        };
        let interval = Duration::from_secs_f64(1.0 / rate);
        let start = {
            let mut next = self.pacer.lock().await;
            let now = Instant::now();
            let start = next.map_or(now, |next| next.max(now));
            *next = Some(start + interval);
            start
        };
        tokio::time::sleep_until(start.into()).await;
    }

    /// Sends `request` with credentials, pacing and retries.
    pub async fn send(&self, request: &HttpRequest) -> Result<Exchange, SendError> {
        self.send_with(request, None).await
    }

    /// [`Self::send`], handing the requests the server sends on the answer's
    /// stream to `server_requests` as they arrive
    /// ([`McpClient::send_answering`]).
    pub async fn send_answering(
        &self,
        request: &HttpRequest,
        server_requests: &ServerRequests,
    ) -> Result<Exchange, SendError> {
        self.send_with(request, Some(server_requests)).await
    }

    async fn send_with(
        &self,
        request: &HttpRequest,
        server_requests: Option<&ServerRequests>,
    ) -> Result<Exchange, SendError> {
        let uri = self.client.endpoint().clone();
        let mut attempt = 0;
        loop {
            let request = match &self.auth {
                Some(auth) => {
                    auth.apply(request.clone(), &uri)
                        .map_err(|reason| SendError::Credentials {
                            uri: uri.clone(),
                            reason,
                        })?
                }
                None => request.clone(),
            };
            self.pace().await;
            let answer = match server_requests {
                Some(sink) => self.client.send_answering(&request, sink).await,
                None => self.client.send(&request).await,
            };
            let again = match &answer {
                Ok(exchange) => is_retryable(exchange),
                Err(error) => error.is_transient(),
            };
            if !again || attempt >= self.policy.retries {
                return answer;
            }
            let backoff = self.policy.backoff * 2u32.saturating_pow(attempt);
            let jitter = backoff.mul_f64(rand::random::<f64>());
            tokio::time::sleep(backoff + jitter).await;
            attempt += 1;
        }
    }
}

/// Answers that mean "try again later": 429 and 5xx, and the platform's
/// throttling and retryable-conflict errors, which an MCP runtime returns
/// as HTTP 200 with JSON-RPC -32003 / -32005 (AgentCore MCP protocol
/// contract, error table: "MCP clients do not auto-retry it").
fn is_retryable(exchange: &Exchange) -> bool {
    let status = exchange.status.as_u16();
    if status == 429 || (500..600).contains(&status) {
        return true;
    }
    let platform_error = exchange.header(header::AWS_ERROR_TYPE).is_some()
        || exchange.messages().iter().any(|message| {
            message.get("id").is_none()
                && message
                    .get("error")
                    .and_then(|error| error.get("code"))
                    .and_then(serde_json::Value::as_i64)
                    .is_some_and(|code| code == -32003 || code == -32005)
        });
    platform_error
        && exchange.header(header::AWS_ERROR_TYPE).is_none_or(|kind| {
            kind.starts_with("Throttling") || kind.starts_with("RetryableConflict")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Body;
    use http::{HeaderMap, HeaderValue, StatusCode};
    use serde_json::json;

    fn exchange(status: u16, error_type: Option<&str>, body: Body) -> Exchange {
        let mut headers = HeaderMap::new();
        if let Some(kind) = error_type {
            headers.insert(header::AWS_ERROR_TYPE, HeaderValue::from_str(kind).unwrap());
        }
        Exchange {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body,
        }
    }

    #[test]
    fn throttling_and_server_errors_are_retried_client_errors_are_not() {
        assert!(is_retryable(&exchange(
            429,
            Some("ThrottlingException"),
            Body::Empty
        )));
        assert!(is_retryable(&exchange(500, None, Body::Empty)));
        assert!(is_retryable(&exchange(503, None, Body::Empty)));
        assert!(!is_retryable(&exchange(
            400,
            Some("ValidationException"),
            Body::Empty
        )));
        assert!(!is_retryable(&exchange(
            403,
            Some("AccessDeniedException"),
            Body::Empty
        )));
        assert!(!is_retryable(&exchange(200, None, Body::Empty)));
    }

    #[test]
    fn mcp_platform_throttling_at_200_is_retried() {
        let throttled = Body::Json(json!({
            "jsonrpc": "2.0",
            "error": { "code": -32003, "message": "Rate limit exceeded - Too many requests" }
        }));
        assert!(is_retryable(&exchange(
            200,
            Some("ThrottlingException"),
            throttled.clone()
        )));
        // A server's own error with an id is its answer, not throttling.
        let own = Body::Json(
            json!({ "jsonrpc": "2.0", "id": 1, "error": { "code": -32003, "message": "x" } }),
        );
        assert!(!is_retryable(&exchange(200, None, own)));
    }

    #[tokio::test(start_paused = true)]
    async fn pacing_spaces_request_starts() {
        let target = Target {
            policy: SendPolicy {
                max_requests_per_second: Some(10.0),
                ..SendPolicy::LOCAL
            },
            ..Target::direct("t", McpClient::new("http://127.0.0.1:9/mcp").unwrap())
        };
        let started = tokio::time::Instant::now();
        for _ in 0..5 {
            target.pace().await;
        }
        // Five starts at 10/s: the fifth no earlier than 400 ms after the first.
        assert!(started.elapsed() >= Duration::from_millis(400));
    }
}
