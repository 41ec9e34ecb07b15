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
//!
//! # Limits
//!
//! A suite that runs hundreds of cases must report a server that misbehaves
//! as that case's failure and go on, never hang or run out of memory. So
//! every exchange is bounded, and each bound has its own [`SendError`] that
//! names it:
//!
//! - [`Timeouts::exchange`] (default 30 s) covers connecting, sending, the
//!   response head and the whole body. A server that never answers gives
//!   [`SendError::Timeout`]; one that sends a head and then stalls gives
//!   [`SendError::Stalled`].
//! - [`Timeouts::open_stream`] (default 500 ms) is how long a GET event
//!   stream, which a server may keep open for good (spec 2025-03-26 on,
//!   basic/transports, "Listening for Messages from the Server"), is
//!   listened to after its last byte.
//! - The body limit (default [`DEFAULT_MAX_BODY_BYTES`], 8 MiB; set with
//!   [`McpClient::with_max_body_bytes`]) caps what is read of one response,
//!   JSON or event stream, so an endless or huge body ends in
//!   [`SendError::TooLarge`]. A declared `Content-Length` over the limit
//!   fails before any of the body is read.

mod progress;

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde_json::Value;
use tokio::time::Instant;

use self::progress::BodyProgress;
use crate::sse::{self, EventStream, ReadWindow, SseError};

/// Largest response body the client reads unless told otherwise; larger
/// ones are an error, not a truncation. MCP messages are small; a tool
/// result with an embedded image is the largest thing a matrix case asks
/// for, far below this.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

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
    /// The `result` of the response to the request with `id`, if the answer
    /// holds one (a response with an error has none).
    pub fn result_for(&self, id: &Value) -> Option<Value> {
        self.messages()
            .into_iter()
            .find(|message| message.get("id") == Some(id))
            .and_then(|message| message.get("result").cloned())
    }

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
    #[error(
        "connection reset: {uri} accepted the connection but closed or reset it before sending \
         a response ({reason}). The server (or a proxy in front of it) dropped the request; \
         its log should say why, often a crash or an out-of-memory kill"
    )]
    ConnectionLost { uri: Uri, reason: String },
    #[error(
        "{uri} answered with bytes that are not an HTTP/1.1 response ({reason}). Is something \
         other than an HTTP server listening on that port, or does it expect TLS (https)?"
    )]
    NotHttp { uri: Uri, reason: String },
    #[error(
        "{uri} did not answer within {timeout:?}: no response arrived before the per-request \
         timeout. The server is stuck or far too slow for this request"
    )]
    Timeout { uri: Uri, timeout: Duration },
    #[error(
        "{uri} answered {status} but its body did not end within {timeout:?} (the per-request \
         timeout; {received} bytes of body arrived). A response must end once its last message \
         is sent; a stream that stays open belongs on GET"
    )]
    Stalled {
        uri: Uri,
        status: StatusCode,
        timeout: Duration,
        received: usize,
    },
    #[error(
        "the response body from {uri} is larger than {} (the client's limit), so it was not \
         read to the end. MCP answers are small: is the server streaming without end?",
        format_size(*limit)
    )]
    TooLarge { uri: Uri, limit: usize },
    #[error(
        "the SSE stream from {uri} ended mid-event ({detail}): the last event has no blank \
         line after it, so it is discarded, as the SSE standard says. The server must finish \
         every event before it closes the stream"
    )]
    TruncatedStream { uri: Uri, detail: String },
    #[error("the response body from {uri} could not be read: {reason}")]
    Body { uri: Uri, reason: String },
    #[error("cannot add credentials to the request for {uri}: {reason}")]
    Credentials { uri: Uri, reason: String },
}

impl SendError {
    /// A short, stable name of the failure, for tables and reports:
    /// `timeout`, `connection-reset`, `body-too-large`, and so on.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadEndpoint { .. } | Self::BadRequest(_) => "bad-request",
            Self::Credentials { .. } => "credentials",
            Self::Unreachable { .. } => "unreachable",
            Self::ConnectionLost { .. } => "connection-reset",
            Self::NotHttp { .. } => "not-http",
            Self::Timeout { .. } | Self::Stalled { .. } => "timeout",
            Self::TooLarge { .. } => "body-too-large",
            Self::TruncatedStream { .. } => "truncated-stream",
            Self::Body { .. } => "broken-body",
        }
    }

    /// Whether another attempt may succeed: the server could not be reached,
    /// dropped the connection or ran out of time. An answer that is not HTTP,
    /// too large or cut short will be the same again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Unreachable { .. }
                | Self::ConnectionLost { .. }
                | Self::Timeout { .. }
                | Self::Stalled { .. }
        )
    }
}

/// `8 MiB`, `64 KiB` or `1000 bytes`.
fn format_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    match bytes {
        0 => "0 bytes".to_owned(),
        _ if bytes.is_multiple_of(MIB) => format!("{} MiB", bytes / MIB),
        _ if bytes.is_multiple_of(KIB) => format!("{} KiB", bytes / KIB),
        _ => format!("{bytes} bytes"),
    }
}

/// Timeouts of one exchange (see the module's "Limits").
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the whole exchange: connect, send, and read a body that ends.
    /// Every attempt of a retried request gets it anew.
    pub exchange: Duration,
    /// How long an event stream that stays open (a GET stream) is listened
    /// to after its last byte.
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

/// Where [`McpClient::send_answering`] hands the requests a server sends on
/// a response stream (JSON-RPC requests: a `method` and an `id`).
pub type ServerRequests = tokio::sync::mpsc::UnboundedSender<Value>;

/// An HTTP client for one MCP endpoint. Cheap to clone; clones share the
/// connection pool.
#[derive(Clone)]
pub struct McpClient {
    http: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    endpoint: Uri,
    timeouts: Timeouts,
    max_body_bytes: usize,
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
        // Nagle's algorithm would hold a request's second write (the body)
        // until the server ACKs the first; with delayed ACKs that is ~40 ms
        // per request on loopback.
        let mut tcp = HttpConnector::new();
        tcp.set_nodelay(true);
        tcp.enforce_http(false);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let http = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(Self {
            http,
            endpoint: uri,
            timeouts: Timeouts::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Reads at most `limit` bytes of any response body (default
    /// [`DEFAULT_MAX_BODY_BYTES`]); a larger body is [`SendError::TooLarge`].
    pub fn with_max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
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
        self.exchange(uri, request, None).await
    }

    /// Sends `request` to the endpoint, and hands each request the server
    /// sends on the answer's event stream to `server_requests` as it
    /// arrives, so that the client can answer it while the stream is still
    /// open (the server waits for that answer before its response).
    pub async fn send_answering(
        &self,
        request: &HttpRequest,
        server_requests: &ServerRequests,
    ) -> Result<Exchange, SendError> {
        self.exchange(&self.endpoint, request, Some(server_requests))
            .await
    }

    async fn exchange(
        &self,
        uri: &Uri,
        request: &HttpRequest,
        server_requests: Option<&ServerRequests>,
    ) -> Result<Exchange, SendError> {
        let timeout = self.timeouts.exchange;
        let deadline = Instant::now() + timeout;
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(uri.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let outgoing = builder.body(Full::new(request.body.clone()))?;
        let response = tokio::time::timeout_at(deadline, self.http.request(outgoing))
            .await
            .map_err(|_| SendError::Timeout {
                uri: uri.clone(),
                timeout,
            })?
            .map_err(|error| request_failed(uri, &error))?;
        let (parts, incoming) = response.into_parts();
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.to_ascii_lowercase())
            .unwrap_or_default();
        let too_large = SendError::TooLarge {
            uri: uri.clone(),
            limit: self.max_body_bytes,
        };
        if declared_length(&parts.headers).is_some_and(|length| length > self.max_body_bytes) {
            return Err(too_large);
        }

        let mut progress = BodyProgress::default();
        let read = if content_type.starts_with(crate::protocol::media::EVENT_STREAM) {
            // A POST's stream ends with its last response; a GET stream may
            // stay open for server-initiated messages, so it is sampled.
            let window = if request.method == Method::GET {
                ReadWindow::UntilIdle(self.timeouts.open_stream)
            } else {
                ReadWindow::ToEnd
            };
            let read = self.read_stream(incoming, window, &mut progress, server_requests);
            tokio::time::timeout_at(deadline, read).await
        } else {
            let read = self.read_whole(incoming, &mut progress);
            tokio::time::timeout_at(deadline, read)
                .await
                .map(|read| read.map(|bytes| classify(&content_type, &bytes)))
        };
        let body = match read {
            Err(_elapsed) => {
                return Err(SendError::Stalled {
                    uri: uri.clone(),
                    status: parts.status,
                    timeout,
                    received: progress.bytes(),
                });
            }
            Ok(Err(BodyError::TooLarge)) => return Err(too_large),
            Ok(Err(BodyError::Truncated(detail))) => {
                return Err(SendError::TruncatedStream {
                    uri: uri.clone(),
                    detail,
                });
            }
            Ok(Err(BodyError::Broken(reason))) => {
                return Err(SendError::Body {
                    uri: uri.clone(),
                    reason,
                });
            }
            Ok(Ok(body)) => body,
        };
        Ok(Exchange {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// Reads a non-stream body to its end, at most the body limit.
    async fn read_whole(
        &self,
        incoming: Incoming,
        progress: &mut BodyProgress,
    ) -> Result<Bytes, BodyError> {
        let mut chunks = incoming.into_data_stream();
        let mut bytes = BytesMut::new();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|error| BodyError::Broken(error_chain(&error)))?;
            progress.observe(&chunk);
            if progress.bytes() > self.max_body_bytes {
                return Err(BodyError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes.freeze())
    }

    /// Reads an event stream for `window`, at most the body limit, and
    /// fails if it ends inside an event.
    async fn read_stream(
        &self,
        incoming: Incoming,
        window: ReadWindow,
        progress: &mut BodyProgress,
        server_requests: Option<&ServerRequests>,
    ) -> Result<Body, BodyError> {
        let chunks = incoming.into_data_stream().inspect(|chunk| {
            if let Ok(chunk) = chunk {
                progress.observe(chunk);
            }
        });
        let read = sse::read_events_observed(chunks, window, self.max_body_bytes, |event| {
            let Some(sink) = server_requests else {
                return;
            };
            if let Ok(message) = serde_json::from_str::<Value>(&event.data)
                && is_request(&message)
            {
                // The receiver is gone only when the caller stopped
                // answering; the stream is still read to its end.
                let _ = sink.send(message);
            }
        })
        .await;
        let unfinished = progress.inside_event();
        match read {
            Ok(stream) if stream.ended && unfinished => Err(BodyError::Truncated(format!(
                "the server closed it after {} complete events",
                stream.events.len()
            ))),
            Ok(stream) => Ok(Body::EventStream(stream)),
            Err(SseError::TooLarge { .. }) => Err(BodyError::TooLarge),
            Err(SseError::Transport(reason)) if unfinished => Err(BodyError::Truncated(format!(
                "the connection broke off: {reason}"
            ))),
            Err(error) => Err(BodyError::Broken(error.to_string())),
        }
    }
}

/// Why a response body could not be read; becomes a [`SendError`] once the
/// URI is at hand.
#[derive(Debug)]
enum BodyError {
    TooLarge,
    /// An event stream ended inside an event.
    Truncated(String),
    Broken(String),
}

/// Whether `message` is a JSON-RPC request: a `method` and an `id`
/// (JSON-RPC 2.0, § Request object; a notification has no `id`).
fn is_request(message: &Value) -> bool {
    message.get("method").is_some_and(Value::is_string)
        && message.get("id").is_some_and(|id| !id.is_null())
}

/// The `Content-Length` of a response, if it declares a valid one.
fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Names why a request got no response head: no connection at all, an
/// answer that is not HTTP, or a connection that was dropped.
fn request_failed(uri: &Uri, error: &hyper_util::client::legacy::Error) -> SendError {
    let reason = error_chain(error);
    if error.is_connect() {
        return SendError::Unreachable {
            uri: uri.clone(),
            reason,
        };
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause
            .downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_parse)
        {
            return SendError::NotHttp {
                uri: uri.clone(),
                reason,
            };
        }
        source = cause.source();
    }
    SendError::ConnectionLost {
        uri: uri.clone(),
        reason,
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
    fn sizes_read_in_their_largest_whole_unit() {
        assert_eq!(format_size(DEFAULT_MAX_BODY_BYTES), "8 MiB");
        assert_eq!(format_size(64 * 1024), "64 KiB");
        assert_eq!(format_size(1000), "1000 bytes");
        assert_eq!(format_size(0), "0 bytes");
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
