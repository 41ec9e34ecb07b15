//! The case model: one HTTP request of the matrix, named by the protocol
//! version it speaks, the message it carries (and, for a per-item method,
//! the tool, resource, prompt or list it addresses), and the one header (or
//! none) in which it departs from a conforming request.
//!
//! - [`Case`], [`CaseVersion`], [`Method`], [`Variant`]: the vocabulary;
//! - [`Subject`]: what a per-item case addresses, with what the target
//!   declared about it (a tool's outputSchema) that judges the answer;
//! - `request`: the HTTP request of a case;
//! - [`Plan`]: the cases of one target, shaped by what it declared;
//! - [`CasePattern`]: how `--filter` and known deviations name cases.
//!
//! Header variants are applied one at a time to the conforming baseline, so
//! that when an answer is wrong, exactly one thing about the request was
//! unusual. Every method gets every variant that applies to it, except that
//! a per-item method gets them on its representative item only (the first it
//! addresses) and its baseline on the others: a server's header handling does
//! not depend on which tool is called, and the matrix stays in the low
//! thousands of cases for a server with many tools.

mod pattern;
mod plan;
mod request;
mod subject;

use std::fmt;

use http::Method as HttpMethod;
use serde_json::{Value, json};

pub use pattern::{CasePattern, PatternError, glob_matches};
pub use plan::{CallPolicy, Plan};
pub use subject::{Addressed, ArgumentsSource, Subject, ToolCall};

use crate::protocol::ProtocolVersion;

/// The matrix's versions and methods, in its order, listed once:
/// `with_versions_and_methods!(callback! { tokens })` expands to
/// `callback! { tokens versions: [..], methods: [..] }`, each value the name
/// of a [`CaseVersion`] (a variant or one of its short names) or of a
/// [`Method`]. [`CaseVersion::ALL`] and [`Method::ALL`] are made from it.
///
/// A test binary that names a test per version and method (rstest's
/// `#[values]` takes only values spelled out) is made with it, so that a new
/// version or method gets its tests without being listed anywhere else.
#[macro_export]
macro_rules! with_versions_and_methods {
    ($callback:ident ! { $($given:tt)* }) => {
        $callback! {
            $($given)*
            versions: [V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28, Unsupported],
            methods: [
                Initialize,
                InitializeUnsupported,
                InitializeNewer,
                Initialized,
                Ping,
                ToolsList,
                ToolsCall,
                ToolsCallMissingArgument,
                ToolsCallInvalidArguments,
                ToolsCallUnknownTool,
                ResourcesList,
                ResourceTemplatesList,
                ResourcesRead,
                ResourcesReadUnknown,
                PromptsList,
                PromptsGet,
                PromptsGetMissingArgument,
                PromptsGetUnknown,
                CompletionComplete,
                ListNextPage,
                ListInvalidCursor,
                ServerDiscover,
                UnknownMethod,
                NotJson,
                NotJsonRpc,
                Batch,
                ClientResponse,
                GetStream,
                Delete,
                SessionWithoutId,
                SessionAfterDelete
            ]
        }
    };
}

/// [`CaseVersion::ALL`], from `with_versions_and_methods!`.
macro_rules! all_versions {
    (versions: [$($version:ident),+], methods: $methods:tt) => {
        [$(CaseVersion::$version),+]
    };
}

/// [`Method::ALL`], from `with_versions_and_methods!`.
macro_rules! all_methods {
    (versions: $versions:tt, methods: [$($method:ident),+]) => {
        [$(Method::$method),+]
    };
}

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

    /// Every version, in the matrix's order: each known one, oldest first,
    /// then the unsupported one.
    pub const ALL: [Self; 6] = with_versions_and_methods!(all_versions! {});

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

    /// The protocol version, unless it is the unsupported one.
    pub fn known(self) -> Option<ProtocolVersion> {
        match self {
            Self::Known(version) => Some(version),
            Self::Unsupported => None,
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

/// What a case asks (or, for GET and DELETE, the HTTP method). Methods
/// marked "per item" are asked of each tool, resource, prompt or list the
/// target declared; the case's [`Subject`] names which.
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
    /// Per tool: `tools/call` with arguments valid against its inputSchema.
    ToolsCall,
    /// Per tool: `tools/call` without one of its required properties.
    ToolsCallMissingArgument,
    /// Per tool: `tools/call` with a property of a type its schema forbids.
    ToolsCallInvalidArguments,
    /// `tools/call` of a tool the server does not have.
    ToolsCallUnknownTool,
    ResourcesList,
    ResourceTemplatesList,
    /// Per resource: `resources/read` of a listed resource.
    ResourcesRead,
    /// `resources/read` of a URI the server does not have.
    ResourcesReadUnknown,
    PromptsList,
    /// Per prompt: `prompts/get` with its required arguments.
    PromptsGet,
    /// Per prompt: `prompts/get` without one of its required arguments.
    PromptsGetMissingArgument,
    /// `prompts/get` of a prompt the server does not have.
    PromptsGetUnknown,
    /// Per prompt argument or template variable: `completion/complete`.
    CompletionComplete,
    /// Per paged list: its second page, asked for with the first page's `nextCursor`.
    ListNextPage,
    /// Per paged list: a cursor the server never issued.
    ListInvalidCursor,
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
    /// Of a stateful target only: `ping` without the `Mcp-Session-Id` of
    /// the session the server has open.
    SessionWithoutId,
    /// Of a stateful target only: `ping` with the id of a session that
    /// `DELETE` ended (or, when the server refused the `DELETE`, that
    /// refusal).
    SessionAfterDelete,
}

impl Method {
    /// Every method, in the matrix's order.
    pub const ALL: [Self; 31] = with_versions_and_methods!(all_methods! {});

    /// A tool name no target has.
    pub const UNKNOWN_TOOL: &'static str = "no_such_tool";
    /// A URI no target serves: a scheme of this suite's own, so that no
    /// resource template of the target matches it either.
    pub const UNKNOWN_RESOURCE: &'static str = "mcp-matrix-unknown://no/such/resource";
    /// A prompt name no target has.
    pub const UNKNOWN_PROMPT: &'static str = "mcp_matrix_no_such_prompt";
    /// A cursor no target issued.
    pub const INVALID_CURSOR: &'static str = "mcp-matrix-invalid-cursor";
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
            Self::ToolsCallMissingArgument => "tools-call-missing-argument",
            Self::ToolsCallInvalidArguments => "tools-call-invalid-arguments",
            Self::ToolsCallUnknownTool => "tools-call-unknown-tool",
            Self::ResourcesList => "resources-list",
            Self::ResourceTemplatesList => "resources-templates-list",
            Self::ResourcesRead => "resources-read",
            Self::ResourcesReadUnknown => "resources-read-unknown",
            Self::PromptsList => "prompts-list",
            Self::PromptsGet => "prompts-get",
            Self::PromptsGetMissingArgument => "prompts-get-missing-argument",
            Self::PromptsGetUnknown => "prompts-get-unknown",
            Self::CompletionComplete => "completion-complete",
            Self::ListNextPage => "list-next-page",
            Self::ListInvalidCursor => "list-invalid-cursor",
            Self::ServerDiscover => "server-discover",
            Self::UnknownMethod => "unknown-method",
            Self::NotJson => "not-json",
            Self::NotJsonRpc => "not-json-rpc",
            Self::Batch => "batch",
            Self::ClientResponse => "client-response",
            Self::GetStream => "get-stream",
            Self::Delete => "delete",
            Self::SessionWithoutId => "session-without-id",
            Self::SessionAfterDelete => "session-after-delete",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.slug() == slug)
    }

    /// The JSON-RPC method of the case's message. `None` for bodies that are
    /// not a single message, for GET and DELETE, and for the list methods
    /// whose method comes from their subject.
    pub fn rpc_method(self) -> Option<&'static str> {
        Some(match self {
            Self::Initialize | Self::InitializeUnsupported | Self::InitializeNewer => "initialize",
            Self::Initialized => "notifications/initialized",
            Self::Ping | Self::SessionWithoutId | Self::SessionAfterDelete => "ping",
            Self::ToolsList => "tools/list",
            Self::ToolsCall
            | Self::ToolsCallMissingArgument
            | Self::ToolsCallInvalidArguments
            | Self::ToolsCallUnknownTool => "tools/call",
            Self::ResourcesList => "resources/list",
            Self::ResourceTemplatesList => "resources/templates/list",
            Self::ResourcesRead | Self::ResourcesReadUnknown => "resources/read",
            Self::PromptsList => "prompts/list",
            Self::PromptsGet | Self::PromptsGetMissingArgument | Self::PromptsGetUnknown => {
                "prompts/get"
            }
            Self::CompletionComplete => "completion/complete",
            Self::ServerDiscover => "server/discover",
            Self::UnknownMethod => Self::UNKNOWN_METHOD,
            Self::ListNextPage
            | Self::ListInvalidCursor
            | Self::NotJson
            | Self::NotJsonRpc
            | Self::Batch
            | Self::ClientResponse
            | Self::GetStream
            | Self::Delete => return None,
        })
    }

    /// Whether the method is asked per item, so its cases carry a [`Subject`].
    pub fn takes_subject(self) -> bool {
        matches!(
            self,
            Self::ToolsCall
                | Self::ToolsCallMissingArgument
                | Self::ToolsCallInvalidArguments
                | Self::ResourcesRead
                | Self::PromptsGet
                | Self::PromptsGetMissingArgument
                | Self::CompletionComplete
                | Self::ListNextPage
                | Self::ListInvalidCursor
        )
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

    /// Whether the case is about the sessions of a stateful target, and is
    /// asked of such targets only.
    pub fn is_about_sessions(self) -> bool {
        matches!(self, Self::SessionWithoutId | Self::SessionAfterDelete)
    }

    pub fn is_tool_call(self) -> bool {
        self.rpc_method() == Some("tools/call")
    }

    /// Whether the message addresses a tool, prompt or resource, which
    /// 2026-07-28 mirrors in `Mcp-Name` (spec 2026-07-28,
    /// basic/transports/streamable-http, "Standard Headers").
    pub fn has_mcp_name(self) -> bool {
        matches!(
            self.rpc_method(),
            Some("tools/call" | "prompts/get" | "resources/read")
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
        // A session case is about the session id alone; it departs from
        // the conforming request in nothing else.
        if method.is_about_sessions() {
            return self == Self::Baseline;
        }
        match self {
            Self::ContentTypeCharset | Self::ContentTypeTextPlain | Self::ContentTypeMissing => {
                method.has_body()
            }
            Self::McpMethodMissing | Self::McpMethodMismatched => {
                version.is_modern_style() && method.has_rpc_method()
            }
            Self::McpNameMissing | Self::McpNameMismatched => {
                version.is_modern_style() && method.has_mcp_name()
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

/// One request of the matrix: a version, a method, what the method
/// addresses (for per-item methods), and the one way it departs from a
/// conforming request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Case {
    pub version: CaseVersion,
    pub method: Method,
    pub subject: Option<Subject>,
    pub variant: Variant,
}

/// `2025-06-18/tools-call[get_forecast]/baseline`: also the JSON-RPC id of
/// the case's request, so a server log line can be traced back to its case.
impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.version, self.method)?;
        if let Some(subject) = &self.subject {
            write!(f, "[{}]", subject.label())?;
        }
        write!(f, "/{}", self.variant)
    }
}

impl Case {
    /// A case of a method that addresses no item of the target.
    pub fn new(version: CaseVersion, method: Method, variant: Variant) -> Self {
        Self {
            version,
            method,
            subject: None,
            variant,
        }
    }

    /// A case of a per-item method.
    pub fn of_subject(
        version: CaseVersion,
        method: Method,
        subject: Subject,
        variant: Variant,
    ) -> Self {
        Self {
            version,
            method,
            subject: Some(subject),
            variant,
        }
    }

    /// The same request with another header variant.
    pub fn with_variant(&self, variant: Variant) -> Self {
        Self {
            variant,
            ..self.clone()
        }
    }

    /// `method[label]`: the method and what it addresses, the middle part of the id.
    pub fn method_id(&self) -> String {
        match &self.subject {
            Some(subject) => format!("{}[{}]", self.method, subject.label()),
            None => self.method.to_string(),
        }
    }

    /// The JSON-RPC method the case's message carries.
    pub fn rpc_method(&self) -> Option<&'static str> {
        self.method
            .rpc_method()
            .or_else(|| match self.subject.as_ref().map(Subject::addressed) {
                Some(Addressed::List(kind)) => Some(kind.method()),
                _ => None,
            })
    }

    /// The tool call the case makes, when it calls a listed tool.
    pub fn tool_call(&self) -> Option<&ToolCall> {
        match self.subject.as_ref().map(Subject::addressed) {
            Some(Addressed::Tool(call)) => Some(call),
            _ => None,
        }
    }

    /// The JSON-RPC id of the case's request: the case id itself.
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

/// Short names for the versions, as `with_versions_and_methods!` lists them.
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
    fn all_lists_every_version_method_variant_and_dimension_once_in_order() {
        assert_all_lists_every_variant!(
            CaseVersion::ALL,
            [
                CaseVersion::Known(ProtocolVersion::V2024_11_05),
                CaseVersion::Known(ProtocolVersion::V2025_03_26),
                CaseVersion::Known(ProtocolVersion::V2025_06_18),
                CaseVersion::Known(ProtocolVersion::V2025_11_25),
                CaseVersion::Known(ProtocolVersion::V2026_07_28),
                CaseVersion::Unsupported,
            ]
        );
        assert_all_lists_every_variant!(
            Method::ALL,
            [
                Method::Initialize,
                Method::InitializeUnsupported,
                Method::InitializeNewer,
                Method::Initialized,
                Method::Ping,
                Method::ToolsList,
                Method::ToolsCall,
                Method::ToolsCallMissingArgument,
                Method::ToolsCallInvalidArguments,
                Method::ToolsCallUnknownTool,
                Method::ResourcesList,
                Method::ResourceTemplatesList,
                Method::ResourcesRead,
                Method::ResourcesReadUnknown,
                Method::PromptsList,
                Method::PromptsGet,
                Method::PromptsGetMissingArgument,
                Method::PromptsGetUnknown,
                Method::CompletionComplete,
                Method::ListNextPage,
                Method::ListInvalidCursor,
                Method::ServerDiscover,
                Method::UnknownMethod,
                Method::NotJson,
                Method::NotJsonRpc,
                Method::Batch,
                Method::ClientResponse,
                Method::GetStream,
                Method::Delete,
                Method::SessionWithoutId,
                Method::SessionAfterDelete,
            ]
        );
        assert_all_lists_every_variant!(
            Variant::ALL,
            [
                Variant::Baseline,
                Variant::AcceptJsonOnly,
                Variant::AcceptSseOnly,
                Variant::AcceptAny,
                Variant::AcceptMissing,
                Variant::AcceptQValues,
                Variant::ContentTypeCharset,
                Variant::ContentTypeTextPlain,
                Variant::ContentTypeMissing,
                Variant::ProtocolVersionMissing,
                Variant::ProtocolVersionMismatched,
                Variant::ProtocolVersionMalformed,
                Variant::PlatformSessionId,
                Variant::RuntimeSessionId,
                Variant::HostLocal,
                Variant::HostForeign,
                Variant::OriginLocal,
                Variant::OriginForeign,
                Variant::McpMethodMissing,
                Variant::McpMethodMismatched,
                Variant::McpNameMissing,
                Variant::McpNameMismatched,
            ]
        );
        assert_all_lists_every_variant!(
            Dimension::ALL,
            [Dimension::Version, Dimension::Method, Dimension::Variant]
        );
    }
}
