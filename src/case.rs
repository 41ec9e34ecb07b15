//! The case model: one HTTP request of the matrix, named by the protocol
//! version it speaks, the message it carries, and the one header (or none)
//! in which it departs from a conforming request.
//!
//! Protocol version x method is a full product; header variants are applied
//! one at a time to the conforming baseline of each (version, method) pair,
//! so that when an answer is wrong, exactly one thing about the request was
//! unusual.

use std::fmt;

use http::{HeaderName, HeaderValue, Method as HttpMethod, Uri, header};
use serde_json::{Value, json};

use crate::{
    client::HttpRequest,
    message,
    protocol::{self, ProtocolVersion},
};

/// The protocol version a case speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseVersion {
    Known(ProtocolVersion),
    /// A version no server supports. It travels like a 2026-07-28 request
    /// (header and `_meta` envelope), so every era of server must refuse it.
    Unsupported,
}

impl CaseVersion {
    /// The version string of [`CaseVersion::Unsupported`].
    pub const UNSUPPORTED: &'static str = "1999-01-01";

    pub const ALL: [Self; 6] = [
        Self::Known(ProtocolVersion::V2024_11_05),
        Self::Known(ProtocolVersion::V2025_03_26),
        Self::Known(ProtocolVersion::V2025_06_18),
        Self::Known(ProtocolVersion::V2025_11_25),
        Self::Known(ProtocolVersion::V2026_07_28),
        Self::Unsupported,
    ];

    /// The version string sent on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            Self::Known(version) => version.as_str(),
            Self::Unsupported => Self::UNSUPPORTED,
        }
    }

    /// Whether requests carry the 2026-07-28 envelope and headers.
    pub fn is_modern_style(self) -> bool {
        match self {
            Self::Known(version) => version.is_stateless(),
            Self::Unsupported => true,
        }
    }

    /// The folder-safe label of the version, also the first part of case ids.
    pub fn label(self) -> &'static str {
        match self {
            Self::Known(version) => version.as_str(),
            Self::Unsupported => "unsupported",
        }
    }

    /// Parses a label as produced by [`CaseVersion::label`].
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|version| version.label() == label)
    }
}

impl fmt::Display for CaseVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The message a case carries (or, for GET and DELETE, the HTTP method).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `initialize` offering the case's own version.
    Initialize,
    /// `initialize` offering a version nobody supports.
    InitializeUnsupported,
    /// `initialize` offering a version newer than any server knows.
    InitializeNewer,
    /// `notifications/initialized`.
    Initialized,
    Ping,
    ToolsList,
    /// `tools/call` of `validate_content` with valid arguments.
    ToolsCall,
    /// `tools/call` of `validate_content` with `content` of the wrong type.
    ToolsCallInvalidArguments,
    /// `tools/call` of a tool the server does not have.
    ToolsCallUnknownTool,
    ServerDiscover,
    /// A method no version defines.
    UnknownMethod,
    /// A body that is not JSON at all.
    NotJson,
    /// Valid JSON that is not a JSON-RPC message.
    NotJsonRpc,
    /// A JSON-RPC batch (an array) of two requests.
    Batch,
    /// A JSON-RPC response, as if answering a server request.
    ClientResponse,
    /// GET on the endpoint: the server-to-client stream.
    GetStream,
    /// DELETE on the endpoint: session termination.
    Delete,
}

impl Method {
    pub const ALL: [Self; 17] = [
        Self::Initialize,
        Self::InitializeUnsupported,
        Self::InitializeNewer,
        Self::Initialized,
        Self::Ping,
        Self::ToolsList,
        Self::ToolsCall,
        Self::ToolsCallInvalidArguments,
        Self::ToolsCallUnknownTool,
        Self::ServerDiscover,
        Self::UnknownMethod,
        Self::NotJson,
        Self::NotJsonRpc,
        Self::Batch,
        Self::ClientResponse,
        Self::GetStream,
        Self::Delete,
    ];

    /// The tool the suite calls; every target implements it.
    pub const TOOL: &'static str = "validate_content";
    /// A tool name no target has.
    pub const UNKNOWN_TOOL: &'static str = "no_such_tool";
    /// A method name no protocol version defines.
    pub const UNKNOWN_METHOD: &'static str = "mcp-matrix/no-such-method";
    /// The newer-than-any-server version offered by [`Method::InitializeNewer`].
    pub const NEWER_VERSION: &'static str = "2099-12-31";

    pub fn slug(self) -> &'static str {
        match self {
            Self::Initialize => "initialize",
            Self::InitializeUnsupported => "initialize-unsupported",
            Self::InitializeNewer => "initialize-newer",
            Self::Initialized => "notifications-initialized",
            Self::Ping => "ping",
            Self::ToolsList => "tools-list",
            Self::ToolsCall => "tools-call",
            Self::ToolsCallInvalidArguments => "tools-call-invalid-arguments",
            Self::ToolsCallUnknownTool => "tools-call-unknown-tool",
            Self::ServerDiscover => "server-discover",
            Self::UnknownMethod => "unknown-method",
            Self::NotJson => "not-json",
            Self::NotJsonRpc => "not-json-rpc",
            Self::Batch => "batch",
            Self::ClientResponse => "client-response",
            Self::GetStream => "get-stream",
            Self::Delete => "delete",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.slug() == slug)
    }

    /// The HTTP method the case uses.
    pub fn http_method(self) -> HttpMethod {
        match self {
            Self::GetStream => HttpMethod::GET,
            Self::Delete => HttpMethod::DELETE,
            _ => HttpMethod::POST,
        }
    }

    /// Whether the case posts a body.
    pub fn has_body(self) -> bool {
        self.http_method() == HttpMethod::POST
    }

    pub fn is_initialize(self) -> bool {
        matches!(
            self,
            Self::Initialize | Self::InitializeUnsupported | Self::InitializeNewer
        )
    }

    pub fn is_tool_call(self) -> bool {
        matches!(
            self,
            Self::ToolsCall | Self::ToolsCallInvalidArguments | Self::ToolsCallUnknownTool
        )
    }

    /// Whether the body is a single JSON-RPC request, which is owed a response.
    pub fn is_request(self) -> bool {
        !matches!(
            self,
            Self::Initialized
                | Self::NotJson
                | Self::NotJsonRpc
                | Self::Batch
                | Self::ClientResponse
                | Self::GetStream
                | Self::Delete
        )
    }

    /// Whether the body has a JSON-RPC `method` that `Mcp-Method` mirrors.
    pub fn has_rpc_method(self) -> bool {
        self.is_request() || self == Self::Initialized
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The one way a case departs from a conforming request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// The conforming request itself.
    Baseline,
    AcceptJsonOnly,
    AcceptSseOnly,
    AcceptAny,
    AcceptMissing,
    /// Both media types, with quality values: still conforming.
    AcceptQValues,
    /// `application/json; charset=utf-8`: still JSON.
    ContentTypeCharset,
    ContentTypeTextPlain,
    ContentTypeMissing,
    ProtocolVersionMissing,
    /// Another supported version than the one the body speaks.
    ProtocolVersionMismatched,
    /// A value that is not a version at all.
    ProtocolVersionMalformed,
    /// An `Mcp-Session-Id` the server never issued, as AgentCore adds to every request.
    PlatformSessionId,
    /// AgentCore's runtime session header (33-256 characters).
    RuntimeSessionId,
    /// `Host: localhost:<port>`.
    HostLocal,
    /// A `Host` that is not this machine, as behind a proxy or AgentCore.
    HostForeign,
    /// `Origin: http://localhost:<port>`.
    OriginLocal,
    /// A browser origin on another site (DNS rebinding).
    OriginForeign,
    McpMethodMissing,
    McpMethodMismatched,
    McpNameMissing,
    McpNameMismatched,
}

impl Variant {
    pub const ALL: [Self; 22] = [
        Self::Baseline,
        Self::AcceptJsonOnly,
        Self::AcceptSseOnly,
        Self::AcceptAny,
        Self::AcceptMissing,
        Self::AcceptQValues,
        Self::ContentTypeCharset,
        Self::ContentTypeTextPlain,
        Self::ContentTypeMissing,
        Self::ProtocolVersionMissing,
        Self::ProtocolVersionMismatched,
        Self::ProtocolVersionMalformed,
        Self::PlatformSessionId,
        Self::RuntimeSessionId,
        Self::HostLocal,
        Self::HostForeign,
        Self::OriginLocal,
        Self::OriginForeign,
        Self::McpMethodMissing,
        Self::McpMethodMismatched,
        Self::McpNameMissing,
        Self::McpNameMismatched,
    ];

    /// A foreign host: the AgentCore data plane, which is what a server
    /// behind the platform may see instead of its own name.
    pub const FOREIGN_HOST: &'static str = "bedrock-agentcore.us-east-1.amazonaws.com";
    pub const FOREIGN_ORIGIN: &'static str = "https://evil.example.com";
    /// Shaped like the UUIDs AgentCore generates.
    pub const PLATFORM_SESSION_ID: &'static str = "5f0c1d2e-8a4b-4c6d-9e7f-0a1b2c3d4e5f";
    /// 41 characters, within InvokeAgentRuntime's 33-256.
    pub const RUNTIME_SESSION_ID: &'static str = "mcp-matrix-runtime-session-0000000000000";
    pub const ACCEPT_Q_VALUES: &'static str = "application/json;q=0.9, text/event-stream;q=0.5";
    pub const MALFORMED_VERSION: &'static str = "not-a-version";

    pub fn slug(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::AcceptJsonOnly => "accept-json-only",
            Self::AcceptSseOnly => "accept-sse-only",
            Self::AcceptAny => "accept-any",
            Self::AcceptMissing => "accept-missing",
            Self::AcceptQValues => "accept-q-values",
            Self::ContentTypeCharset => "content-type-charset",
            Self::ContentTypeTextPlain => "content-type-text-plain",
            Self::ContentTypeMissing => "content-type-missing",
            Self::ProtocolVersionMissing => "protocol-version-missing",
            Self::ProtocolVersionMismatched => "protocol-version-mismatched",
            Self::ProtocolVersionMalformed => "protocol-version-malformed",
            Self::PlatformSessionId => "session-id-platform",
            Self::RuntimeSessionId => "runtime-session-id",
            Self::HostLocal => "host-local",
            Self::HostForeign => "host-foreign",
            Self::OriginLocal => "origin-local",
            Self::OriginForeign => "origin-foreign",
            Self::McpMethodMissing => "mcp-method-missing",
            Self::McpMethodMismatched => "mcp-method-mismatched",
            Self::McpNameMissing => "mcp-name-missing",
            Self::McpNameMismatched => "mcp-name-mismatched",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|variant| variant.slug() == slug)
    }

    /// Whether this variant can be applied to `method` in `version`.
    pub fn applies_to(self, version: CaseVersion, method: Method) -> bool {
        match self {
            Self::ContentTypeCharset | Self::ContentTypeTextPlain | Self::ContentTypeMissing => {
                method.has_body()
            }
            Self::McpMethodMissing | Self::McpMethodMismatched => {
                version.is_modern_style() && method.has_rpc_method()
            }
            Self::McpNameMissing | Self::McpNameMismatched => {
                version.is_modern_style() && method.is_tool_call()
            }
            _ => true,
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A dimension of the matrix, as `--filter` and the reports name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Version,
    Method,
    Variant,
}

impl Dimension {
    pub const ALL: [Self; 3] = [Self::Version, Self::Method, Self::Variant];

    pub fn name(self) -> &'static str {
        match self {
            Self::Version => "version",
            Self::Method => "method",
            Self::Variant => "variant",
        }
    }

    /// Every value of the dimension, in the matrix's order.
    pub fn values(self) -> Vec<&'static str> {
        match self {
            Self::Version => CaseVersion::ALL.iter().map(|v| v.label()).collect(),
            Self::Method => Method::ALL.iter().map(|m| m.slug()).collect(),
            Self::Variant => Variant::ALL.iter().map(|v| v.slug()).collect(),
        }
    }

    /// The value of `case` along this dimension.
    pub fn of(self, case: &Case) -> &'static str {
        match self {
            Self::Version => case.version.label(),
            Self::Method => case.method.slug(),
            Self::Variant => case.variant.slug(),
        }
    }
}

/// One request of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Case {
    pub version: CaseVersion,
    pub method: Method,
    pub variant: Variant,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.version, self.method, self.variant)
    }
}

impl Case {
    pub fn new(version: CaseVersion, method: Method, variant: Variant) -> Self {
        Self {
            version,
            method,
            variant,
        }
    }

    /// Every case of one (version, method) slice, baseline first.
    pub fn slice(version: CaseVersion, method: Method) -> Vec<Self> {
        Variant::ALL
            .into_iter()
            .filter(|variant| variant.applies_to(version, method))
            .map(|variant| Self::new(version, method, variant))
            .collect()
    }

    /// The whole matrix, in a stable order.
    pub fn all() -> Vec<Self> {
        CaseVersion::ALL
            .into_iter()
            .flat_map(|version| {
                Method::ALL
                    .into_iter()
                    .flat_map(move |method| Self::slice(version, method))
            })
            .collect()
    }

    /// Parses an id as produced by `Display` (`version/method/variant`).
    pub fn parse(id: &str) -> Option<Self> {
        let mut parts = id.split('/');
        let version = CaseVersion::from_label(parts.next()?)?;
        let method = Method::from_slug(parts.next()?)?;
        let variant = Variant::from_slug(parts.next()?)?;
        parts
            .next()
            .is_none()
            .then_some(Self::new(version, method, variant))
    }

    /// The JSON-RPC id of the case's request: the case id itself, so a
    /// server log line can be traced back to its case.
    pub fn request_id(&self) -> Option<Value> {
        self.method.is_request().then(|| json!(self.to_string()))
    }

    /// The ids a batch case sends.
    pub fn batch_ids(&self) -> Vec<Value> {
        if self.method == Method::Batch {
            vec![json!(format!("{self}#1")), json!(format!("{self}#2"))]
        } else {
            Vec::new()
        }
    }

    /// The version an `initialize` case offers in `params.protocolVersion`.
    pub fn initialize_offer(&self) -> Option<&'static str> {
        match self.method {
            Method::Initialize => Some(self.version.wire()),
            Method::InitializeUnsupported => Some(CaseVersion::UNSUPPORTED),
            Method::InitializeNewer => Some(Method::NEWER_VERSION),
            _ => None,
        }
    }

    /// The conforming `MCP-Protocol-Version` value. A handshake `initialize`
    /// states the version it offers (the header names the version the
    /// client speaks); every other request states the case's version.
    fn protocol_version_value(&self) -> &'static str {
        match self.initialize_offer() {
            Some(offer) if !self.version.is_modern_style() => offer,
            _ => self.version.wire(),
        }
    }

    /// The JSON-RPC message of the case, before the 2026-07-28 envelope.
    fn message(&self) -> Option<Value> {
        let id = self.request_id().unwrap_or(Value::Null);
        if let Some(offer) = self.initialize_offer() {
            return Some(message::initialize(id, offer));
        }
        let message = match self.method {
            Method::Initialize | Method::InitializeUnsupported | Method::InitializeNewer => {
                return None;
            }
            Method::Initialized => message::initialized(),
            Method::Ping => message::request(id, "ping"),
            Method::ToolsList => message::request(id, "tools/list"),
            Method::ToolsCall => message::call_tool(id, Method::TOOL, valid_arguments()),
            Method::ToolsCallInvalidArguments => {
                message::call_tool(id, Method::TOOL, json!({ "content": 5 }))
            }
            Method::ToolsCallUnknownTool => message::call_tool(id, Method::UNKNOWN_TOOL, json!({})),
            Method::ServerDiscover => message::request(id, "server/discover"),
            Method::UnknownMethod => message::request(id, Method::UNKNOWN_METHOD),
            Method::ClientResponse => {
                json!({ "jsonrpc": "2.0", "id": self.to_string(), "result": {} })
            }
            Method::NotJson | Method::NotJsonRpc | Method::Batch => return None,
            Method::GetStream | Method::Delete => return None,
        };
        Some(message)
    }

    fn envelope(&self, message: Value) -> Value {
        if self.version.is_modern_style() {
            message::with_envelope(message, self.version.wire())
        } else {
            message
        }
    }

    /// The body of the case's request.
    fn body(&self) -> Vec<u8> {
        match self.method {
            // Cut off in the middle, so no parser can accept it.
            Method::NotJson => br#"{"jsonrpc": "2.0", "id": 1, "method": "#.to_vec(),
            Method::NotJsonRpc => br#"{"hello": "world"}"#.to_vec(),
            Method::Batch => {
                let requests: Vec<Value> = self
                    .batch_ids()
                    .into_iter()
                    .map(|id| self.envelope(message::request(id, "tools/list")))
                    .collect();
                Value::Array(requests).to_string().into_bytes()
            }
            Method::ClientResponse => self
                .message()
                .map(|m| m.to_string())
                .unwrap_or_default()
                .into_bytes(),
            _ => self
                .message()
                .map(|message| self.envelope(message).to_string().into_bytes())
                .unwrap_or_default(),
        }
    }

    /// The HTTP request of the case, addressed to `endpoint` (whose
    /// authority the local Host and Origin variants use).
    pub fn build(&self, endpoint: &Uri) -> HttpRequest {
        let request = HttpRequest::new(self.method.http_method());
        let version = self.protocol_version_value();
        let request = match self.method {
            Method::GetStream => request
                .with_header(
                    header::ACCEPT,
                    HeaderValue::from_static(protocol::media::EVENT_STREAM),
                )
                .with_header(protocol_version_header(), HeaderValue::from_static(version)),
            Method::Delete => {
                request.with_header(protocol_version_header(), HeaderValue::from_static(version))
            }
            _ => {
                let mirrored = self
                    .message()
                    .filter(|_| self.version.is_modern_style() && self.method.has_rpc_method());
                message::with_post_headers(
                    request.with_body(self.body()),
                    version,
                    mirrored.as_ref(),
                )
            }
        };
        self.apply_variant(request, endpoint)
    }

    fn apply_variant(&self, request: HttpRequest, endpoint: &Uri) -> HttpRequest {
        let port = endpoint
            .port_u16()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        let set = |request: HttpRequest, name: HeaderName, value: &str| {
            request.with_header(name, header_value(value))
        };
        match self.variant {
            Variant::Baseline => request,
            Variant::AcceptJsonOnly => set(request, header::ACCEPT, protocol::media::JSON),
            Variant::AcceptSseOnly => set(request, header::ACCEPT, protocol::media::EVENT_STREAM),
            Variant::AcceptAny => set(request, header::ACCEPT, "*/*"),
            Variant::AcceptMissing => request.without_header(&header::ACCEPT),
            Variant::AcceptQValues => set(request, header::ACCEPT, Variant::ACCEPT_Q_VALUES),
            Variant::ContentTypeCharset => set(
                request,
                header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            ),
            Variant::ContentTypeTextPlain => set(request, header::CONTENT_TYPE, "text/plain"),
            Variant::ContentTypeMissing => request.without_header(&header::CONTENT_TYPE),
            Variant::ProtocolVersionMissing => request.without_header(&protocol_version_header()),
            Variant::ProtocolVersionMismatched => set(
                request,
                protocol_version_header(),
                mismatched_version(self.version),
            ),
            Variant::ProtocolVersionMalformed => set(
                request,
                protocol_version_header(),
                Variant::MALFORMED_VERSION,
            ),
            Variant::PlatformSessionId => set(
                request,
                HeaderName::from_static(protocol::header::SESSION_ID),
                Variant::PLATFORM_SESSION_ID,
            ),
            Variant::RuntimeSessionId => set(
                request,
                HeaderName::from_static(protocol::header::RUNTIME_SESSION_ID),
                Variant::RUNTIME_SESSION_ID,
            ),
            Variant::HostLocal => set(request, header::HOST, &format!("localhost{port}")),
            Variant::HostForeign => set(request, header::HOST, Variant::FOREIGN_HOST),
            Variant::OriginLocal => {
                set(request, header::ORIGIN, &format!("http://localhost{port}"))
            }
            Variant::OriginForeign => set(request, header::ORIGIN, Variant::FOREIGN_ORIGIN),
            Variant::McpMethodMissing => request.without_header(&mcp_method_header()),
            Variant::McpMethodMismatched => {
                let body_method = self
                    .message()
                    .and_then(|m| message::method_of(&m).map(str::to_owned));
                let other = if body_method.as_deref() == Some("tools/list") {
                    "prompts/list"
                } else {
                    "tools/list"
                };
                set(request, mcp_method_header(), other)
            }
            Variant::McpNameMissing => request.without_header(&mcp_name_header()),
            Variant::McpNameMismatched => set(request, mcp_name_header(), "another_tool"),
        }
    }
}

/// Arguments of a valid `validate_content` call that trip three rules.
pub fn valid_arguments() -> Value {
    json!({
        "content": "Buy cheap pills now",
        "max_length": 10,
        "forbidden_terms": ["CHEAP"],
        "require_disclaimer": true,
    })
}

/// A supported version other than the case's, for the mismatch variant.
pub fn mismatched_version(version: CaseVersion) -> &'static str {
    match version {
        CaseVersion::Known(ProtocolVersion::V2025_06_18) => ProtocolVersion::V2025_11_25.as_str(),
        CaseVersion::Known(ProtocolVersion::V2026_07_28) => ProtocolVersion::V2025_11_25.as_str(),
        CaseVersion::Known(_) => ProtocolVersion::V2025_06_18.as_str(),
        CaseVersion::Unsupported => ProtocolVersion::V2026_07_28.as_str(),
    }
}

fn protocol_version_header() -> HeaderName {
    HeaderName::from_static(protocol::header::PROTOCOL_VERSION)
}

fn mcp_method_header() -> HeaderName {
    HeaderName::from_static(protocol::header::METHOD)
}

fn mcp_name_header() -> HeaderName {
    HeaderName::from_static(protocol::header::NAME)
}

/// Every header value a case sends is printable ASCII chosen by the suite
/// (constants, method and tool names, a port number), never user input.
fn header_value(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).expect("the suite's own header values are printable ASCII")
}

/// Short names for the versions, for test parameters.
impl CaseVersion {
    pub const V2024_11_05: Self = Self::Known(ProtocolVersion::V2024_11_05);
    pub const V2025_03_26: Self = Self::Known(ProtocolVersion::V2025_03_26);
    pub const V2025_06_18: Self = Self::Known(ProtocolVersion::V2025_06_18);
    pub const V2025_11_25: Self = Self::Known(ProtocolVersion::V2025_11_25);
    pub const V2026_07_28: Self = Self::Known(ProtocolVersion::V2026_07_28);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids_round_trip() {
        for case in Case::all() {
            assert_eq!(Case::parse(&case.to_string()), Some(case), "{case}");
        }
    }

    #[test]
    fn the_matrix_has_over_a_thousand_cases_and_every_slice_a_baseline() {
        let all = Case::all();
        assert!(all.len() >= 1000, "only {} cases", all.len());
        for version in CaseVersion::ALL {
            for method in Method::ALL {
                let slice = Case::slice(version, method);
                assert_eq!(slice[0].variant, Variant::Baseline, "{version}/{method}");
            }
        }
    }

    #[test]
    fn standard_header_variants_exist_only_for_modern_style_versions() {
        for case in Case::all() {
            if matches!(
                case.variant,
                Variant::McpMethodMissing | Variant::McpNameMismatched
            ) {
                assert!(case.version.is_modern_style(), "{case}");
            }
        }
    }

    fn endpoint() -> Uri {
        "http://127.0.0.1:4321/mcp".parse().unwrap()
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .header(&HeaderName::from_bytes(name.as_bytes()).unwrap())
            .map(|value| value.to_str().unwrap())
    }

    #[test]
    fn modern_requests_mirror_the_body_in_headers_and_meta() {
        let case = Case::new(
            CaseVersion::V2026_07_28,
            Method::ToolsCall,
            Variant::Baseline,
        );
        let request = case.build(&endpoint());
        assert_eq!(header(&request, "mcp-method"), Some("tools/call"));
        assert_eq!(header(&request, "mcp-name"), Some(Method::TOOL));
        assert_eq!(header(&request, "mcp-protocol-version"), Some("2026-07-28"));
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["id"], json!(case.to_string()));
        assert_eq!(
            body["params"]["_meta"][protocol::meta::PROTOCOL_VERSION],
            "2026-07-28"
        );
    }

    #[test]
    fn each_variant_changes_exactly_its_header() {
        let base = Case::new(
            CaseVersion::V2026_07_28,
            Method::ToolsCall,
            Variant::Baseline,
        )
        .build(&endpoint());
        for variant in Variant::ALL.into_iter().skip(1) {
            let varied =
                Case::new(CaseVersion::V2026_07_28, Method::ToolsCall, variant).build(&endpoint());
            let without_id = |body: &[u8]| {
                let mut value: Value = serde_json::from_slice(body).unwrap();
                value.as_object_mut().unwrap().remove("id");
                value
            };
            assert_eq!(
                without_id(&varied.body),
                without_id(&base.body),
                "{variant} must not touch the body beyond its id"
            );
            let differing: Vec<&HeaderName> = base
                .headers
                .iter()
                .chain(varied.headers.iter())
                .map(|(name, _)| name)
                .filter(|name| base.header(name) != varied.header(name))
                .collect();
            assert!(!differing.is_empty(), "{variant} changed nothing");
            assert!(
                differing.iter().all(|name| *name == differing[0]),
                "{variant} changed {differing:?}"
            );
        }
    }

    #[test]
    fn local_host_and_origin_use_the_endpoint_port() {
        let request = Case::new(CaseVersion::V2025_06_18, Method::Ping, Variant::OriginLocal)
            .build(&endpoint());
        assert_eq!(header(&request, "origin"), Some("http://localhost:4321"));
        let request = Case::new(CaseVersion::V2025_06_18, Method::Ping, Variant::HostLocal)
            .build(&endpoint());
        assert_eq!(header(&request, "host"), Some("localhost:4321"));
    }

    #[test]
    fn get_and_delete_have_no_body() {
        for method in [Method::GetStream, Method::Delete] {
            let request =
                Case::new(CaseVersion::V2025_06_18, method, Variant::Baseline).build(&endpoint());
            assert!(request.body.is_empty());
            assert!(header(&request, "content-type").is_none());
        }
    }

    #[test]
    fn batch_and_not_json_bodies() {
        let batch = Case::new(CaseVersion::V2025_03_26, Method::Batch, Variant::Baseline)
            .build(&endpoint());
        let body: Value = serde_json::from_slice(&batch.body).unwrap();
        assert_eq!(body.as_array().map(Vec::len), Some(2));
        let not_json = Case::new(CaseVersion::V2025_03_26, Method::NotJson, Variant::Baseline)
            .build(&endpoint());
        assert!(serde_json::from_slice::<Value>(&not_json.body).is_err());
    }
}
