//! A proxy that breaks exactly one thing about a conformant MCP server.
//!
//! The suite's report must name a server's fault as its first problem. To
//! test that, a test needs servers that are conformant in every way but one,
//! one per fault. Writing a whole MCP server per fault would test those
//! servers more than the suite, so this proxy sits in front of a conformant
//! server (Streamable HTTP, endpoint `/mcp`) and changes only what its
//! [`Fault`] names: everything else the client sees is the real server's.
//!
//! The proxy reads each request and the upstream's whole answer before
//! answering (the bodies of a stateless server are small, and its event
//! streams end with their response), so a fault can rewrite any part of it.
//! It forwards every method, path, header (but hop-by-hop ones and `Host`)
//! and body byte; a request it cannot parse is forwarded unchanged, never
//! refused, because refusing it would be a second fault.
//!
//! It serves its connections itself (hyper's HTTP/1 server, which the
//! `axum` dependency enables) rather than through `axum::serve`, so that
//! dropping a [`FaultProxy`] also ends the connections it holds open, such as
//! those of [`Fault::ToolCallNeverAnswers`].

use std::{
    collections::{HashSet, hash_map::RandomState},
    convert::Infallible,
    hash::{BuildHasher, Hasher},
    io,
    net::{Ipv4Addr, SocketAddr},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use bytes::Bytes;
use http::{
    HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri, header,
    uri::{Authority, Scheme},
};
use http_body_util::{BodyExt as _, Full};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioIo},
};
use mcp_matrix::message;
use serde_json::{Value, json};
use tokio::{
    net::{TcpListener, TcpStream},
    task::{JoinHandle, JoinSet},
};

/// The path the proxy serves, as an AgentCore MCP server does.
const MCP_PATH: &str = "/mcp";
/// Protocol versions a server may support; any other is "unsupported".
const KNOWN_VERSIONS: [&str; 5] = [
    "2024-11-05",
    "2025-03-26",
    "2025-06-18",
    "2025-11-25",
    "2026-07-28",
];
/// The version an unsupported version header is replaced by when the body
/// names no known one: one that every conformant server of the suite serves.
const FALLBACK_VERSION: &str = "2025-06-18";
/// The version whose requests carry the `_meta` envelope and whose results
/// carry `resultType`.
const VERSION_2026: &str = "2026-07-28";
/// Where a 2026-07-28 request names its version in `params._meta`.
const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
/// The id [`Fault::WrongIds`] gives every response: a string no client uses.
const WRONG_ID: &str = "mcp-fault-wrong-id";

// Header names as `&str`: a `HeaderName` constant would trip clippy's
// interior-mutability lints (it may hold `Bytes`).
const SESSION_ID: &str = "mcp-session-id";
const PROTOCOL_VERSION: &str = "mcp-protocol-version";
const MCP_METHOD: &str = "mcp-method";
const MCP_NAME: &str = "mcp-name";

/// Headers that describe one connection, not the message (RFC 9110,
/// section 7.6.1): forwarding them would describe the wrong connection.
/// `proxy-connection` is not standard but still sent by some clients.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// How long to wait before accepting again after `accept` failed (say, out
/// of file descriptors), so a persistent error does not spin a core.
const ACCEPT_RETRY: Duration = Duration::from_millis(10);

/// The body the official Python SDK answers a stateful server's request
/// without a valid session with (`StreamableHTTPSessionManager`).
const NO_SESSION_BODY: &str = r#"{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600,"message":"Bad Request: No valid session ID provided"}}"#;

/// What [`Fault::NonJsonAnswered200`] answers a body that is not JSON.
const NON_JSON_RESULT: &str = r#"{"jsonrpc":"2.0","id":null,"result":{}}"#;
/// What [`Fault::NotificationsAnsweredWithBody`] answers a notification.
const NOTIFICATION_RESULT: &str = r#"{"jsonrpc":"2.0","result":{}}"#;

/// The one thing a [`FaultProxy`] breaks. Each is a way real servers get
/// MCP wrong, chosen so that the suite's report can be checked to name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every JSON-RPC response carries the id `"mcp-fault-wrong-id"`
    /// instead of its request's (a `null` id stays `null`).
    WrongIds,
    /// No message in an answer has its `"jsonrpc": "2.0"` member.
    NoJsonrpc,
    /// Event streams are labelled `application/json` (body unchanged).
    SseLabelledJson,
    /// Event streams carry each event's data without the `data:` field
    /// name, so no event has any data.
    BrokenSseFraming,
    /// The server wants sessions: `initialize` gets an `Mcp-Session-Id`, and
    /// any other POST (GET, DELETE) without a known one is refused with 400,
    /// as the official Python SDK's stateful servers do.
    Stateful,
    /// Notifications and client responses are answered `200` with a JSON
    /// body instead of `202 Accepted` without one.
    NotificationsAnsweredWithBody,
    /// An unsupported `MCP-Protocol-Version` header is served as if it were
    /// supported, instead of being refused with 400.
    UnsupportedVersionAccepted,
    /// A body that is not JSON is answered `200` with a result instead of a
    /// parse error.
    NonJsonAnswered200,
    /// `Mcp-Method` / `Mcp-Name` that do not match the body (or are missing)
    /// are accepted instead of refused.
    HeaderMismatchAccepted,
    /// An unknown method is answered `200` with an empty result instead of
    /// error -32601 (or a 404).
    UnknownMethodAnswered200,
    /// A `tools/call` is never answered; the connection stays open.
    ToolCallNeverAnswers,
    /// Tools are listed without their (required) `inputSchema`.
    ToolsWithoutInputSchema,
    /// `initialize` answers with whatever version the client offered, even
    /// one the server does not support.
    InitializeEchoesAnyVersion,
    /// A gateway in front of the server that lets every request through,
    /// whatever its credentials (none, malformed, unsigned, the wrong
    /// method): any path (an AgentCore invocation URL) reaches the server's
    /// endpoint, without `Authorization` or AWS signing headers.
    AcceptsAnyCredential,
    /// Nothing is broken: the proxy is transparent, which shows that any
    /// problem a test sees comes from its fault and not from the proxy.
    None,
}

impl Fault {
    /// Whether the fault rewrites the JSON-RPC messages of answers.
    fn rewrites_bodies(self) -> bool {
        matches!(
            self,
            Self::WrongIds
                | Self::NoJsonrpc
                | Self::BrokenSseFraming
                | Self::UnknownMethodAnswered200
                | Self::ToolsWithoutInputSchema
                | Self::InitializeEchoesAnyVersion
        )
    }
}

/// A running proxy in front of one upstream server, injecting one [`Fault`].
///
/// It stops, with every connection it holds, when dropped, so a test cannot
/// leak it into the next.
#[derive(Debug)]
pub struct FaultProxy {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on `127.0.0.1` (a free port) in front of `upstream`,
    /// the upstream's MCP endpoint, such as `http://127.0.0.1:32768/mcp`.
    ///
    /// Fails when `upstream` is not an `http://` URL (the proxy speaks no
    /// TLS) or when no port can be bound. It must be called within a tokio
    /// runtime, which runs the proxy until it is dropped.
    pub async fn start(upstream: &str, fault: Fault) -> io::Result<Self> {
        let upstream = Upstream::parse(upstream)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let proxy = Arc::new(Proxy {
            fault,
            upstream,
            client: Client::builder(TokioExecutor::new()).build_http(),
            sessions: Mutex::new(HashSet::new()),
        });
        let task = tokio::spawn(serve(listener, proxy));
        Ok(Self { address, task })
    }

    /// The proxy's MCP endpoint, `http://127.0.0.1:<port>/mcp`.
    pub fn url(&self) -> String {
        format!("http://{}{MCP_PATH}", self.address)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        // The accept loop owns the connection tasks (a JoinSet), so aborting
        // it ends them too.
        self.task.abort();
    }
}

/// Accepts connections until the task is aborted. Connection tasks live in
/// a `JoinSet` owned by this future so that they end when it is dropped.
async fn serve(listener: TcpListener, proxy: Arc<Proxy>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&proxy)));
                }
                Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
            },
            // Reaps finished connections so the set does not grow forever.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, proxy: Arc<Proxy>) {
    let service = service_fn(move |request| {
        let proxy = Arc::clone(&proxy);
        async move { Ok::<_, Infallible>(proxy.handle(request).await) }
    });
    // An error here is one connection's (the client reset it or sent
    // something that is not HTTP): that connection ends, the proxy goes on.
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Where requests go: the upstream's scheme and authority, and the path that
/// stands for the proxy's `/mcp`.
#[derive(Debug)]
struct Upstream {
    scheme: Scheme,
    authority: Authority,
    path: String,
}

impl Upstream {
    fn parse(url: &str) -> io::Result<Self> {
        let invalid = |reason: String| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("upstream {url:?}: {reason}"),
            )
        };
        let uri: Uri = url.parse().map_err(|error| invalid(format!("{error}")))?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(invalid("not an absolute URL".to_owned()));
        };
        if *scheme != Scheme::HTTP {
            return Err(invalid("only http:// is supported (no TLS)".to_owned()));
        }
        Ok(Self {
            scheme: scheme.clone(),
            authority: authority.clone(),
            path: uri.path().to_owned(),
        })
    }

    /// The upstream's own endpoint.
    fn endpoint(&self) -> Uri {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
            .parse()
            .unwrap_or_default()
    }

    /// The upstream URI of a request for `incoming`: `/mcp` (and anything
    /// under it) maps to the upstream's path, any other path is kept, so
    /// that probes of other paths reach the same server; the query is kept.
    fn uri_for(&self, incoming: &Uri) -> Uri {
        let path = incoming.path();
        let path = match path.strip_prefix(MCP_PATH) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                format!("{}{rest}", self.path)
            }
            _ => path.to_owned(),
        };
        let path_and_query = match incoming.query() {
            Some(query) => format!("{path}?{query}"),
            None => path,
        };
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            // Every part came from a valid URI, so this cannot fail; if it
            // did, the upstream's own endpoint is the best guess.
            .unwrap_or_else(|_| {
                let fallback = format!("{}://{}{}", self.scheme, self.authority, self.path);
                fallback.parse().unwrap_or_default()
            })
    }
}

/// The state every connection shares.
struct Proxy {
    fault: Fault,
    upstream: Upstream,
    client: Client<HttpConnector, Full<Bytes>>,
    /// Session ids issued under [`Fault::Stateful`] and not yet deleted.
    sessions: Mutex<HashSet<String>>,
}

/// An upstream's answer, read whole so that a fault can rewrite it.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn new(status: StatusCode, media_type: &'static str, body: impl Into<Bytes>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        Self {
            status,
            headers,
            body: body.into(),
        }
    }

    fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::new(status, "application/json", body)
    }

    fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }

    fn media_type(&self) -> MediaType {
        MediaType::of(&self.headers)
    }

    /// Rewrites each JSON-RPC message of the body with `rewrite`, which says
    /// whether it changed the message. The body is re-encoded only when some
    /// message changed, so an answer the fault does not touch keeps its bytes.
    fn rewrite_messages(&mut self, mut rewrite: impl FnMut(&mut Value) -> bool) {
        let rewritten = match self.media_type() {
            MediaType::Json => rewrite_json(&self.body, &mut rewrite),
            MediaType::EventStream => rewrite_event_stream(&self.body, &mut rewrite),
            MediaType::Other => None,
        };
        if let Some(body) = rewritten {
            self.body = body;
        }
    }

    /// The JSON-RPC messages of the body: a JSON object or array, or the
    /// data of each event of a stream.
    fn messages(&self) -> Vec<Value> {
        let mut messages = Vec::new();
        let mut collect = |message: &mut Value| {
            messages.push(message.clone());
            false
        };
        match self.media_type() {
            MediaType::Json => {
                rewrite_json(&self.body, &mut collect);
            }
            MediaType::EventStream => {
                rewrite_event_stream(&self.body, &mut collect);
            }
            MediaType::Other => {}
        }
        messages
    }
}

/// The media types whose bodies hold JSON-RPC messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    Json,
    EventStream,
    Other,
}

impl MediaType {
    fn of(headers: &HeaderMap) -> Self {
        let Some(value) = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
        else {
            return Self::Other;
        };
        let essence = value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "text/event-stream" {
            Self::EventStream
        } else if essence == "application/json" || essence.ends_with("+json") {
            Self::Json
        } else {
            Self::Other
        }
    }
}

impl Proxy {
    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (mut parts, body) = request.into_parts();
        let body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) => {
                return Answer::new(
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    format!("fault proxy: the request body could not be read: {error}"),
                )
                .into_response();
            }
        };
        // `None` for a body that is not JSON: such a request is forwarded
        // as it is (unless the fault is about exactly that).
        let message: Option<Value> = serde_json::from_slice(&body).ok();
        let message = message.as_ref();
        let post = parts.method == Method::POST;

        match self.fault {
            Fault::Stateful => {
                if let Some(refused) =
                    self.check_session(&parts.method, &mut parts.headers, message)
                {
                    return refused.into_response();
                }
            }
            Fault::NonJsonAnswered200 if post && message.is_none() => {
                return Answer::json(StatusCode::OK, NON_JSON_RESULT).into_response();
            }
            Fault::ToolCallNeverAnswers
                if post && message.is_some_and(|m| !requests_of(m, "tools/call").is_empty()) =>
            {
                // Not forwarded either: the tool is never run. The future
                // ends only when the client closes or the proxy is dropped.
                return std::future::pending().await;
            }
            Fault::UnsupportedVersionAccepted => accept_any_version(&mut parts.headers, message),
            Fault::HeaderMismatchAccepted => mirror_body_in_headers(&mut parts.headers, message),
            _ => {}
        }

        let mut answer = match self.forward(&parts, body).await {
            Ok(answer) => answer,
            Err(reason) => {
                return Answer::new(
                    StatusCode::BAD_GATEWAY,
                    "text/plain",
                    format!("fault proxy: the upstream did not answer: {reason}"),
                )
                .into_response();
            }
        };
        // A body that is not JSON asks nothing, but its answer can still be
        // broken (a wrong framing, a missing `jsonrpc`).
        self.break_answer(&mut answer, &parts, message.unwrap_or(&Value::Null));
        answer.into_response()
    }

    /// Sends the request upstream and reads the whole answer.
    async fn forward(&self, parts: &http::request::Parts, body: Bytes) -> Result<Answer, String> {
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = parts.method.clone();
        let mut headers = end_to_end(&parts.headers);
        if self.fault == Fault::AcceptsAnyCredential {
            *request.uri_mut() = self.upstream.endpoint();
            headers.remove(header::AUTHORIZATION);
            for name in ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
                headers.remove(name);
            }
        } else {
            *request.uri_mut() = self.upstream.uri_for(&parts.uri);
        }
        // The client sets Host for the upstream, and Content-Length from the
        // body it actually sends. The whole body is already here, so there
        // is nothing to wait for a 100 Continue for.
        headers.remove(header::HOST);
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::EXPECT);
        // A compressed answer could not be rewritten, and the fault would be
        // silently missing; faults that leave bodies alone ask as the client
        // did.
        if self.fault.rewrites_bodies() && headers.contains_key(header::ACCEPT_ENCODING) {
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_static("identity"),
            );
        }
        *request.headers_mut() = headers;

        let response = self
            .client
            .request(request)
            .await
            .map_err(|error| format!("{error:?}"))?;
        let (head, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|error| format!("its body could not be read: {error}"))?
            .to_bytes();
        let mut headers = end_to_end(&head.headers);
        // The body may be rewritten, so the server frames it anew; a HEAD
        // answer has no body to frame and keeps the length it announces.
        if parts.method != Method::HEAD {
            headers.remove(header::CONTENT_LENGTH);
        }
        Ok(Answer {
            status: head.status,
            headers,
            body,
        })
    }

    /// [`Fault::Stateful`] before forwarding: refuses a request without a
    /// session this proxy issued, forgets a deleted session, and removes
    /// the session header, which the (stateless) upstream never issued.
    fn check_session(
        &self,
        method: &Method,
        headers: &mut HeaderMap,
        message: Option<&Value>,
    ) -> Option<Answer> {
        let session = headers
            .get(SESSION_ID)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        headers.remove(SESSION_ID);
        let initialize = *method == Method::POST
            && message.is_some_and(|m| !requests_of(m, "initialize").is_empty());
        // A stateful server answers other methods (PUT, say) with 405 before
        // looking at sessions; the upstream does the same.
        if initialize || ![Method::POST, Method::GET, Method::DELETE].contains(method) {
            return None;
        }
        let mut sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        let known = session.as_ref().is_some_and(|id| sessions.contains(id));
        if !known {
            return Some(Answer::json(StatusCode::BAD_REQUEST, NO_SESSION_BODY));
        }
        if *method == Method::DELETE {
            if let Some(id) = &session {
                sessions.remove(id);
            }
            return Some(Answer {
                status: StatusCode::OK,
                headers: HeaderMap::new(),
                body: Bytes::new(),
            });
        }
        None
    }

    /// The faults that change an upstream's answer to `message` (the
    /// request's JSON body, or `null` when it had none).
    fn break_answer(&self, answer: &mut Answer, parts: &http::request::Parts, message: &Value) {
        let post = parts.method == Method::POST;
        match self.fault {
            Fault::WrongIds => answer.rewrite_messages(|message| {
                let is_response = message.get("method").is_none()
                    && (message.get("result").is_some() || message.get("error").is_some());
                match message.get_mut("id") {
                    Some(id) if is_response && !id.is_null() && *id != WRONG_ID => {
                        *id = Value::from(WRONG_ID);
                        true
                    }
                    _ => false,
                }
            }),
            Fault::NoJsonrpc => answer.rewrite_messages(|message| {
                message
                    .as_object_mut()
                    .and_then(|object| object.remove("jsonrpc"))
                    .is_some()
            }),
            Fault::SseLabelledJson => {
                if answer.media_type() == MediaType::EventStream {
                    answer.headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    );
                }
            }
            Fault::BrokenSseFraming => {
                if answer.media_type() == MediaType::EventStream
                    && let Some(body) = strip_data_field_names(&answer.body)
                {
                    answer.body = body;
                }
            }
            Fault::Stateful => {
                if post
                    && !requests_of(message, "initialize").is_empty()
                    && answer.status.is_success()
                {
                    let id = new_session_id();
                    if let Ok(value) = HeaderValue::from_str(&id) {
                        answer.headers.insert(SESSION_ID, value);
                        self.sessions
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(id);
                    }
                }
            }
            Fault::NotificationsAnsweredWithBody => {
                if post
                    && answer.status == StatusCode::ACCEPTED
                    && is_notification_or_response(message)
                {
                    let mut headers = std::mem::take(&mut answer.headers);
                    headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    );
                    *answer = Answer {
                        status: StatusCode::OK,
                        headers,
                        body: Bytes::from_static(NOTIFICATION_RESULT.as_bytes()),
                    };
                }
            }
            Fault::UnknownMethodAnswered200 => {
                answer_unknown_method(answer, &parts.headers, message)
            }
            Fault::ToolsWithoutInputSchema => {
                let ids = request_ids(message, "tools/list");
                answer.rewrite_messages(|message| {
                    if !is_response_to(message, &ids) {
                        return false;
                    }
                    let Some(tools) = message
                        .pointer_mut("/result/tools")
                        .and_then(Value::as_array_mut)
                    else {
                        return false;
                    };
                    let mut changed = false;
                    for tool in tools.iter_mut().filter_map(Value::as_object_mut) {
                        changed |= tool.remove("inputSchema").is_some();
                    }
                    changed
                });
            }
            Fault::InitializeEchoesAnyVersion => {
                let offers: Vec<(Value, Value)> = requests_of(message, "initialize")
                    .into_iter()
                    .filter_map(|request| {
                        let id = request.get("id")?.clone();
                        let offered = request.pointer("/params/protocolVersion")?.clone();
                        Some((id, offered))
                    })
                    .collect();
                answer.rewrite_messages(|message| {
                    let Some((_, offered)) = offers
                        .iter()
                        .find(|(id, _)| is_response_to(message, std::slice::from_ref(id)))
                    else {
                        return false;
                    };
                    match message.get_mut("result").and_then(Value::as_object_mut) {
                        Some(result) if result.get("protocolVersion") != Some(offered) => {
                            result.insert("protocolVersion".to_owned(), offered.clone());
                            true
                        }
                        _ => false,
                    }
                });
            }
            Fault::UnsupportedVersionAccepted
            | Fault::NonJsonAnswered200
            | Fault::HeaderMismatchAccepted
            | Fault::ToolCallNeverAnswers
            | Fault::AcceptsAnyCredential
            | Fault::None => {}
        }
    }
}

/// `headers` without the hop-by-hop ones, including those the `Connection`
/// header names.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut kept = headers.clone();
    for name in HOP_BY_HOP
        .iter()
        .copied()
        .chain(named.iter().map(String::as_str))
    {
        kept.remove(name);
    }
    kept
}

/// [`Fault::UnsupportedVersionAccepted`]: replaces an unsupported
/// `MCP-Protocol-Version` with the version the body's `_meta` names, or a
/// version every server serves, so the upstream never refuses it.
fn accept_any_version(headers: &mut HeaderMap, message: Option<&Value>) {
    let Some(value) = headers.get(PROTOCOL_VERSION) else {
        return;
    };
    if value
        .to_str()
        .is_ok_and(|version| KNOWN_VERSIONS.contains(&version))
    {
        return;
    }
    let version = message
        .and_then(meta_version)
        .and_then(|named| KNOWN_VERSIONS.iter().find(|known| **known == named))
        .copied()
        .unwrap_or(FALLBACK_VERSION);
    headers.insert(PROTOCOL_VERSION, HeaderValue::from_static(version));
}

/// [`Fault::HeaderMismatchAccepted`]: makes `Mcp-Method` and `Mcp-Name` of
/// a 2026-07-28 request agree with its body, so the upstream never sees a
/// missing or mismatched one. `Mcp-Name` is removed for a method that has
/// no name.
fn mirror_body_in_headers(headers: &mut HeaderMap, message: Option<&Value>) {
    let Some(message) = message else {
        return;
    };
    let (Some(method), Some(params)) = (
        message.get("method").and_then(Value::as_str),
        message.get("params"),
    ) else {
        return;
    };
    if params.get("_meta").is_none() {
        return;
    }
    headers.insert(MCP_METHOD, message::encoded_header_value(method));
    let name = match method {
        "tools/call" | "prompts/get" => params.get("name").and_then(Value::as_str),
        // The suite also mirrors the URI of (un)subscribe requests.
        "resources/read" | "resources/subscribe" | "resources/unsubscribe" => {
            params.get("uri").and_then(Value::as_str)
        }
        _ => None,
    };
    match name {
        Some(name) => {
            headers.insert(MCP_NAME, message::encoded_header_value(name));
        }
        None => {
            headers.remove(MCP_NAME);
        }
    }
}

/// [`Fault::UnknownMethodAnswered200`]: when the upstream says a request's
/// method does not exist (404, or error -32601), answers `200` with an empty
/// result for its id instead, in the media type the upstream used.
fn answer_unknown_method(answer: &mut Answer, request_headers: &HeaderMap, message: &Value) {
    let Some(id) = message
        .get("method")
        .and(message.get("id"))
        .filter(|id| !id.is_null())
    else {
        return;
    };
    let unknown = answer.status == StatusCode::NOT_FOUND
        || answer
            .messages()
            .iter()
            .any(|reply| reply.pointer("/error/code") == Some(&json!(-32601)));
    if !unknown {
        return;
    }
    let is_2026 = request_headers
        .get(PROTOCOL_VERSION)
        .is_some_and(|version| version == VERSION_2026)
        || meta_version(message) == Some(VERSION_2026);
    let result = if is_2026 {
        r#"{"resultType":"complete"}"#
    } else {
        "{}"
    };
    // Written by hand so the members come in the usual order.
    let reply = format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{result}}}"#);
    let (media_type, body) = if answer.media_type() == MediaType::EventStream {
        (
            "text/event-stream",
            format!("event: message\ndata: {reply}\n\n"),
        )
    } else {
        ("application/json", reply)
    };
    answer.status = StatusCode::OK;
    answer
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    answer.body = Bytes::from(body);
}

/// The version a 2026-07-28 request names in `params._meta`.
fn meta_version(message: &Value) -> Option<&str> {
    message
        .get("params")?
        .get("_meta")?
        .get(META_PROTOCOL_VERSION)?
        .as_str()
}

/// The requests for `method` in a body: the body itself, or the elements of
/// a batch.
fn requests_of<'a>(message: &'a Value, method: &str) -> Vec<&'a Value> {
    let candidates: Vec<&Value> = match message {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    candidates
        .into_iter()
        .filter(|request| request.get("method").and_then(Value::as_str) == Some(method))
        .collect()
}

/// The ids of the requests for `method` in a body.
fn request_ids(message: &Value, method: &str) -> Vec<Value> {
    requests_of(message, method)
        .into_iter()
        .filter_map(|request| request.get("id").cloned())
        .collect()
}

/// Whether `message` is a response (not a request) with one of `ids`.
fn is_response_to(message: &Value, ids: &[Value]) -> bool {
    message.get("method").is_none() && message.get("id").is_some_and(|id| ids.contains(id))
}

/// Whether a body is only notifications and client responses, the messages
/// a server must accept with 202 and no body.
fn is_notification_or_response(message: &Value) -> bool {
    let one = |message: &Value| {
        let has = |member| message.get(member).is_some();
        message.is_object()
            && if has("method") {
                !has("id")
            } else {
                has("result") || has("error")
            }
    };
    match message {
        Value::Array(items) => !items.is_empty() && items.iter().all(one),
        other => one(other),
    }
}

/// A session id that looks like a random (version 4) UUID, as SDKs issue.
/// Randomness comes from std's per-process hash keys, so no RNG crate is
/// needed; uniqueness within the process comes from the counter.
fn new_session_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    let random = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(nanos);
        hasher.finish()
    };
    let (high, low) = (random(), random());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        ((low >> 48) & 0x3fff) | 0x8000,
        low & 0xffff_ffff_ffff
    )
}

/// Rewrites the messages of a JSON body; `None` when nothing changed (or
/// the body is not JSON), so the original bytes stay.
fn rewrite_json(body: &[u8], rewrite: &mut dyn FnMut(&mut Value) -> bool) -> Option<Bytes> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    if !rewrite_each(&mut value, rewrite) {
        return None;
    }
    serde_json::to_vec(&value).ok().map(Bytes::from)
}

/// Applies `rewrite` to a message or to every message of a batch.
fn rewrite_each(value: &mut Value, rewrite: &mut dyn FnMut(&mut Value) -> bool) -> bool {
    match value {
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| rewrite(item) | changed),
        other => rewrite(other),
    }
}

/// One line of an event stream: its text and the same with its terminator.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    raw: &'a str,
}

impl<'a> Line<'a> {
    /// The field name and value (a value's one leading space is not part of
    /// it; a line without a colon is a field with an empty value).
    fn field(self) -> (&'a str, &'a str) {
        match self.text.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (self.text, ""),
        }
    }

    /// The line's terminator (empty for an unterminated last line).
    fn end(self) -> &'a str {
        &self.raw[self.text.len()..]
    }

    fn is_data(self) -> bool {
        self.field().0 == "data"
    }
}

/// One event of a stream: its lines and the blank line that ends it (none
/// for a last event the stream did not end).
#[derive(Debug, Default)]
struct Event<'a> {
    lines: Vec<Line<'a>>,
    end: Option<&'a str>,
}

impl Event<'_> {
    fn raw(&self) -> String {
        let lines = self.lines.iter().map(|line| line.raw);
        lines.chain(self.end).collect()
    }

    /// The event's data: its data lines' values joined by newlines.
    fn data(&self) -> Option<String> {
        let values: Vec<&str> = self
            .lines
            .iter()
            .filter(|line| line.is_data())
            .map(|line| line.field().1)
            .collect();
        (!values.is_empty()).then(|| values.join("\n"))
    }
}

/// Splits an event stream into events, keeping every byte (CRLF, LF and
/// CR line ends alike, as the SSE format allows: the Python SDK sends CRLF).
fn events(text: &str) -> Vec<Event<'_>> {
    let mut events = Vec::new();
    let mut current = Event::default();
    let bytes = text.as_bytes();
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        let end = match bytes[at] {
            b'\n' => at + 1,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at + 2,
            b'\r' => at + 1,
            _ => {
                at += 1;
                continue;
            }
        };
        let line = Line {
            text: &text[start..at],
            raw: &text[start..end],
        };
        if line.text.is_empty() {
            current.end = Some(line.raw);
            events.push(std::mem::take(&mut current));
        } else {
            current.lines.push(line);
        }
        (start, at) = (end, end);
    }
    if start < bytes.len() {
        current.lines.push(Line {
            text: &text[start..],
            raw: &text[start..],
        });
    }
    if !current.lines.is_empty() {
        events.push(current);
    }
    events
}

/// Rewrites the JSON-RPC message in each event's data. A rewritten event
/// keeps its other lines (`event:`, `id:`, comments) and its end, with its
/// data as one `data:` line where its first data line was; other events
/// keep their bytes. `None` when nothing changed or the stream is not UTF-8.
fn rewrite_event_stream(body: &[u8], rewrite: &mut dyn FnMut(&mut Value) -> bool) -> Option<Bytes> {
    let text = std::str::from_utf8(body).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for event in events(text) {
        let rewritten = event.data().and_then(|data| {
            let mut message: Value = serde_json::from_str(&data).ok()?;
            rewrite_each(&mut message, rewrite).then_some(message)
        });
        let Some(message) = rewritten else {
            out.push_str(&event.raw());
            continue;
        };
        changed = true;
        let mut data_written = false;
        for line in &event.lines {
            if !line.is_data() {
                out.push_str(line.raw);
            } else if !data_written {
                // The line end of the first data line, so CRLF streams
                // stay CRLF.
                out.push_str(&format!("data: {message}{}", line.end()));
                data_written = true;
            }
        }
        out.extend(event.end);
    }
    changed.then(|| Bytes::from(out))
}

/// [`Fault::BrokenSseFraming`]: writes each data line's value without its
/// `data:` field name, so a client finds no data in any event (a line such
/// as `{"jsonrpc":...}` is a field named `{"jsonrpc"`, which SSE ignores).
/// An empty value is dropped rather than written as a blank line, which
/// would end the event early. `None` when no event had data.
fn strip_data_field_names(body: &[u8]) -> Option<Bytes> {
    let text = std::str::from_utf8(body).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for event in events(text) {
        for line in &event.lines {
            if !line.is_data() {
                out.push_str(line.raw);
                continue;
            }
            changed = true;
            let value = line.field().1;
            if !value.is_empty() {
                out.push_str(value);
                out.push_str(line.end());
            }
        }
        out.extend(event.end);
    }
    changed.then(|| Bytes::from(out))
}
