//! Sending one HTTP request to an MCP endpoint and reading the answer into an
//! [`Exchange`].
//!
//! The client sends exactly the headers a case names and nothing else: a
//! conformance suite must be able to send a POST *without* `Accept`, which is
//! the request behind the 406 that users of FastMCP on AgentCore hit first.
//! reqwest cannot do that (it adds `Accept: */*` to every request that lacks
//! one), so requests go through hyper's client directly, over rustls for
//! `https` endpoints. hyper adds only what HTTP/1.1 framing needs
//! (`content-length` for a body, and `host` unless the case sets one).

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde_json::Value;

use crate::sse::{self, EventStream, ReadWindow};

/// Largest response body the client reads; larger ones are an error, not a
/// truncation.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// One HTTP request, exactly as it will be sent.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: Method,
    /// Headers in sending order. Only these are sent (plus framing).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method) -> Self {
        Self {
            method,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A POST carrying `message` serialised as JSON, with no headers yet.
    pub fn post_json(message: &Value) -> Self {
        Self::new(Method::POST).with_body(message.to_string())
    }

    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a header, replacing any earlier value of the same name.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.retain(|(existing, _)| existing != name);
        self.headers.push((name, value));
        self
    }

    /// Removes every value of a header.
    pub fn without_header(mut self, name: &HeaderName) -> Self {
        self.headers.retain(|(existing, _)| existing != name);
        self
    }

    /// The value of a header, if set (first one when repeated).
    pub fn header(&self, name: &HeaderName) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find_map(|(existing, value)| (existing == name).then_some(value))
    }
}

/// A response, read and classified.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Body,
}

/// A response body, by how it was framed.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Empty,
    /// An `application/json` body that parsed as JSON.
    Json(Value),
    /// A `text/event-stream` body.
    EventStream(EventStream),
    /// Anything else, including JSON that does not parse, as (lossy) text.
    Text(String),
}

impl Exchange {
    /// The media type of the response without parameters, lowercased.
    pub fn content_type(&self) -> Option<String> {
        let value = self
            .headers
            .get(http::header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        let essence = value.split(';').next().unwrap_or_default().trim();
        Some(essence.to_ascii_lowercase())
    }

    /// A header's value as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The JSON values the body carries, in order: the JSON document (each
    /// element of a batch array), or the `data` of each SSE event that parses
    /// as JSON. Priming events (empty data) carry no message.
    pub fn messages(&self) -> Vec<Value> {
        match &self.body {
            Body::Json(Value::Array(items)) => items.clone(),
            Body::Json(value) => vec![value.clone()],
            Body::EventStream(stream) => stream
                .events
                .iter()
                .filter_map(|event| serde_json::from_str(&event.data).ok())
                .collect(),
            Body::Empty | Body::Text(_) => Vec::new(),
        }
    }
}

/// Why no [`Exchange`] could be had.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("{uri} is not a usable endpoint: {reason}")]
    BadEndpoint { uri: String, reason: String },
    #[error("could not build the request: {0}")]
    BadRequest(#[from] http::Error),
    #[error(
        "no answer from {uri}: {reason}. Is the server running, and is the URL (scheme, host, port, path) right?"
    )]
    Unreachable { uri: Uri, reason: String },
    #[error("{uri} did not answer within {timeout:?}")]
    Timeout { uri: Uri, timeout: Duration },
    #[error("the response body from {uri} could not be read: {reason}")]
    Body { uri: Uri, reason: String },
    #[error("cannot add credentials to the request for {uri}: {reason}")]
    Credentials { uri: Uri, reason: String },
}

/// Timeouts of one exchange.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the whole exchange: connect, send, and read a body that ends.
    pub exchange: Duration,
    /// How long an event stream that stays open (a GET stream) is listened to.
    pub open_stream: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            exchange: Duration::from_secs(30),
            open_stream: Duration::from_millis(500),
        }
    }
}

/// An HTTP client for one MCP endpoint. Cheap to clone; clones share the
/// connection pool.
#[derive(Clone)]
pub struct McpClient {
    http: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    endpoint: Uri,
    timeouts: Timeouts,
}

impl std::fmt::Debug for McpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McpClient")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl McpClient {
    /// A client for `endpoint`, an `http` or `https` URL.
    pub fn new(endpoint: &str) -> Result<Self, SendError> {
        let bad = |reason: &str| SendError::BadEndpoint {
            uri: endpoint.to_owned(),
            reason: reason.to_owned(),
        };
        let uri: Uri = endpoint.parse().map_err(|_| bad("not a URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(bad("the scheme must be http or https")),
        }
        if uri.host().is_none() {
            return Err(bad("it has no host"));
        }
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let http = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(Self {
            http,
            endpoint: uri,
            timeouts: Timeouts::default(),
        })
    }

    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    pub fn endpoint(&self) -> &Uri {
        &self.endpoint
    }

    /// Sends `request` to the endpoint and reads the whole answer.
    pub async fn send(&self, request: &HttpRequest) -> Result<Exchange, SendError> {
        self.send_to(&self.endpoint, request).await
    }

    /// Sends `request` to another URI through the same connection pool.
    pub async fn send_to(&self, uri: &Uri, request: &HttpRequest) -> Result<Exchange, SendError> {
        let timeout = self.timeouts.exchange;
        tokio::time::timeout(timeout, self.exchange(uri, request))
            .await
            .map_err(|_| SendError::Timeout {
                uri: uri.clone(),
                timeout,
            })?
    }

    async fn exchange(&self, uri: &Uri, request: &HttpRequest) -> Result<Exchange, SendError> {
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(uri.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let outgoing = builder.body(Full::new(request.body.clone()))?;
        let response =
            self.http
                .request(outgoing)
                .await
                .map_err(|error| SendError::Unreachable {
                    uri: uri.clone(),
                    reason: error_chain(&error),
                })?;
        let (parts, incoming) = response.into_parts();
        let body_error = |reason: String| SendError::Body {
            uri: uri.clone(),
            reason,
        };
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.to_ascii_lowercase())
            .unwrap_or_default();

        let body = if content_type.starts_with(crate::protocol::media::EVENT_STREAM) {
            // A POST's stream ends with its last response; a GET stream may
            // stay open for server-initiated messages, so it is sampled.
            let window = if request.method == Method::GET {
                ReadWindow::UntilIdle(self.timeouts.open_stream)
            } else {
                ReadWindow::ToEnd
            };
            let stream = incoming.into_data_stream();
            Body::EventStream(
                sse::read_events(stream, window, MAX_BODY_BYTES)
                    .await
                    .map_err(|error| body_error(error.to_string()))?,
            )
        } else {
            let bytes = Limited::new(incoming, MAX_BODY_BYTES)
                .collect()
                .await
                .map_err(|error| body_error(error.to_string()))?
                .to_bytes();
            classify(&content_type, &bytes)
        };
        Ok(Exchange {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }
}

/// Classifies a fully read, non-stream body.
fn classify(content_type: &str, bytes: &[u8]) -> Body {
    if bytes.is_empty() {
        return Body::Empty;
    }
    let is_json = content_type.starts_with("application/json")
        || (content_type.starts_with("application/") && content_type.contains("+json"));
    if is_json && let Ok(value) = serde_json::from_slice(bytes) {
        return Body::Json(value);
    }
    Body::Text(String::from_utf8_lossy(bytes).into_owned())
}

/// An error with its sources, as one line ("connection refused" is usually
/// three levels down in hyper's errors).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_parses_json_and_keeps_everything_else_as_text() {
        assert_eq!(
            classify("application/json", br#"{"a":1}"#),
            Body::Json(serde_json::json!({"a":1}))
        );
        assert_eq!(
            classify("application/problem+json", b"[]"),
            Body::Json(serde_json::json!([]))
        );
        assert_eq!(
            classify("application/json", b"{broken"),
            Body::Text("{broken".into())
        );
        assert_eq!(
            classify("text/plain", b"Method Not Allowed"),
            Body::Text("Method Not Allowed".into())
        );
        assert_eq!(classify("application/json", b""), Body::Empty);
    }

    #[test]
    fn headers_replace_and_remove_by_name() {
        let accept = http::header::ACCEPT;
        let request = HttpRequest::new(Method::POST)
            .with_header(accept.clone(), HeaderValue::from_static("a"))
            .with_header(accept.clone(), HeaderValue::from_static("b"));
        assert_eq!(request.headers.len(), 1);
        assert_eq!(request.header(&accept).unwrap(), "b");
        assert!(request.without_header(&accept).headers.is_empty());
    }

    #[test]
    fn endpoints_must_be_http_urls_with_a_host() {
        assert!(McpClient::new("http://127.0.0.1:8000/mcp").is_ok());
        assert!(McpClient::new("https://example.com/mcp").is_ok());
        assert!(matches!(
            McpClient::new("ftp://example.com/mcp"),
            Err(SendError::BadEndpoint { .. })
        ));
        assert!(matches!(
            McpClient::new("not a url"),
            Err(SendError::BadEndpoint { .. })
        ));
    }

    #[test]
    fn messages_come_from_json_arrays_and_event_data() {
        let exchange = |body| Exchange {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body,
        };
        let batch = exchange(Body::Json(serde_json::json!([{"id":1},{"id":2}])));
        assert_eq!(batch.messages().len(), 2);
        let stream = exchange(Body::EventStream(EventStream {
            events: vec![
                crate::sse::SseEvent {
                    event: "message".into(),
                    id: None,
                    data: r#"{"id":3}"#.into(),
                },
                crate::sse::SseEvent {
                    event: "message".into(),
                    id: None,
                    data: "not json".into(),
                },
            ],
            ended: true,
        }));
        assert_eq!(stream.messages(), [serde_json::json!({"id":3})]);
    }
}
