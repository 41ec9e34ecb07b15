//! The causes this suite names: one name per cause, with what it means and
//! what to change, shared by `mcp-matrix run` (which groups failing cases by
//! cause) and `mcp-matrix doctor` (whose findings are causes with evidence).

use serde::Serialize;

/// AgentCore developer guide, "Deploy MCP servers in AgentCore Runtime".
pub const AWS_RUNTIME_MCP_DOC: &str =
    "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-mcp.html";
/// AgentCore developer guide, "MCP protocol contract".
pub const AWS_MCP_CONTRACT_DOC: &str = "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-mcp-protocol-contract.html";
/// AgentCore developer guide, "Configure inbound JWT authorizer".
pub const AWS_JWT_AUTHORIZER_DOC: &str =
    "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/inbound-jwt-authorizer.html";
/// The MCP specification's transport chapter, revision 2025-06-18.
pub const MCP_TRANSPORTS: &str =
    "https://modelcontextprotocol.io/specification/2025-06-18/basic/transports";

/// Where a cause sits: a problem of an earlier category can explain those
/// of later ones (an answer that cannot be read fails every rule about what
/// it says), so reports list problems in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A credential that must be refused was let through.
    Security,
    /// The deployment: the platform, its authorizer, the port and path.
    Deployment,
    /// HTTP and the framing of answers.
    Transport,
    /// The version handshake and the version header.
    Version,
    /// Sessions.
    Session,
    /// The JSON-RPC envelope: ids, `jsonrpc`, errors.
    JsonRpc,
    /// Methods: which exist, which headers they need.
    Methods,
    /// Tools, resources, prompts and their results.
    Features,
    /// What the suite cannot explain.
    Other,
}

/// A cause of failure, by its name in every report (serialized as [`Cause::id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    CredentialAccepted,
    AcceptHeader,
    ClaimMismatch,
    AuthorizationMethod,
    ExpiredToken,
    MissingCredentials,
    HostCheck,
    WrongPath,
    WrongPort,
    PlatformError,
    FidelityDifference,
    OriginNotValidated,
    NoAnswer,
    UnreadableBody,
    SseFraming,
    NotificationAnswered,
    MediaType,
    MalformedBodyServed,
    VersionNegotiation,
    ProtocolVersion,
    StatefulServer,
    StatelessServer,
    ResponseId,
    JsonRpcEnvelope,
    UnknownMethodServed,
    HeaderMismatch,
    Batch,
    GetDelete,
    Discover,
    Capabilities,
    ResultType,
    OutputSchema,
    InputValidation,
    ResourceErrors,
    ExpectedResult,
    Pagination,
    Unexplained,
}

impl Serialize for Cause {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl Cause {
    /// The cause's name in reports, e.g. `accept-header`.
    pub fn id(self) -> &'static str {
        match self {
            Self::CredentialAccepted => "credential-accepted",
            Self::AcceptHeader => "accept-header",
            Self::ClaimMismatch => "claim-mismatch",
            Self::AuthorizationMethod => "authorization-method",
            Self::ExpiredToken => "expired-token",
            Self::MissingCredentials => "missing-credentials",
            Self::HostCheck => "host-check",
            Self::WrongPath => "wrong-path",
            Self::WrongPort => "wrong-port",
            Self::PlatformError => "platform-error",
            Self::FidelityDifference => "fidelity-difference",
            Self::OriginNotValidated => "origin-not-validated",
            Self::NoAnswer => "no-answer",
            Self::UnreadableBody => "unreadable-body",
            Self::SseFraming => "sse-framing",
            Self::NotificationAnswered => "notification-answered",
            Self::MediaType => "media-type",
            Self::MalformedBodyServed => "malformed-body-served",
            Self::VersionNegotiation => "version-negotiation",
            Self::ProtocolVersion => "protocol-version",
            Self::StatefulServer => "stateful-server",
            Self::StatelessServer => "stateless-server",
            Self::ResponseId => "response-id",
            Self::JsonRpcEnvelope => "jsonrpc-envelope",
            Self::UnknownMethodServed => "unknown-method-served",
            Self::HeaderMismatch => "header-mismatch",
            Self::Batch => "batch",
            Self::GetDelete => "get-delete",
            Self::Discover => "discover",
            Self::Capabilities => "capabilities",
            Self::ResultType => "result-type",
            Self::OutputSchema => "output-schema",
            Self::InputValidation => "input-validation",
            Self::ResourceErrors => "resource-errors",
            Self::ExpectedResult => "expected-result",
            Self::Pagination => "pagination",
            Self::Unexplained => "unexplained",
        }
    }

    pub fn category(self) -> Category {
        match self {
            Self::CredentialAccepted => Category::Security,
            Self::AcceptHeader
            | Self::ClaimMismatch
            | Self::AuthorizationMethod
            | Self::ExpiredToken
            | Self::MissingCredentials
            | Self::HostCheck
            | Self::WrongPath
            | Self::WrongPort
            | Self::PlatformError
            | Self::FidelityDifference => Category::Deployment,
            Self::OriginNotValidated
            | Self::NoAnswer
            | Self::UnreadableBody
            | Self::SseFraming
            | Self::NotificationAnswered
            | Self::MediaType
            | Self::MalformedBodyServed => Category::Transport,
            Self::VersionNegotiation | Self::ProtocolVersion => Category::Version,
            Self::StatefulServer | Self::StatelessServer => Category::Session,
            Self::ResponseId | Self::JsonRpcEnvelope => Category::JsonRpc,
            Self::UnknownMethodServed
            | Self::HeaderMismatch
            | Self::Batch
            | Self::GetDelete
            | Self::Discover
            | Self::Capabilities => Category::Methods,
            Self::ResultType
            | Self::OutputSchema
            | Self::InputValidation
            | Self::ResourceErrors
            | Self::ExpectedResult
            | Self::Pagination => Category::Features,
            Self::Unexplained => Category::Other,
        }
    }

    /// Which of a case's causes explains the others: an answer that cannot
    /// be read, or whose ids are wrong, fails the rules about what it says
    /// too. Lower explains more. This differs from the report order in one
    /// place: wrong ids explain a failed version negotiation (the result
    /// cannot be matched to the request), while the report lists version
    /// problems before JSON-RPC ones.
    pub fn precedence(self) -> (u8, Category) {
        let rank = match self.category() {
            Category::Security => 0,
            Category::Deployment => 1,
            Category::Transport => 2,
            Category::Session => 3,
            Category::JsonRpc => 4,
            Category::Version => 5,
            Category::Methods => 6,
            Category::Features => 7,
            Category::Other => 8,
        };
        (rank, self.category())
    }

    /// What is wrong, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Self::CredentialAccepted => "the runtime lets in a credential it must refuse",
            Self::AcceptHeader => "requests without both MCP media types in Accept are refused",
            Self::ClaimMismatch => "the runtime's authorizer refuses a claim of the token",
            Self::AuthorizationMethod => "the runtime takes another authorization method",
            Self::ExpiredToken => "the token has expired",
            Self::MissingCredentials => "the runtime wants credentials",
            Self::HostCheck => "the server refuses a Host or Origin that is not local",
            Self::WrongPath => "nothing serves MCP at the path AgentCore uses",
            Self::WrongPort => "nothing answers where the server should listen",
            Self::PlatformError => "the AgentCore data plane refuses the request",
            Self::FidelityDifference => "the runtime refuses unlike the local front door",
            Self::OriginNotValidated => "requests from a foreign browser Origin are served",
            Self::NoAnswer => "requests get no answer",
            Self::UnreadableBody => "answers cannot be read as their Content-Type says",
            Self::SseFraming => "event streams are not framed as Server-Sent Events",
            Self::NotificationAnswered => "notifications are answered with a body",
            Self::MediaType => "answers have neither JSON nor SSE as their media type",
            Self::MalformedBodyServed => "a body that is not a JSON-RPC request is served",
            Self::VersionNegotiation => "initialize does not negotiate the protocol version",
            Self::ProtocolVersion => "MCP-Protocol-Version is not handled as specified",
            Self::StatefulServer => "a stateful server on a stateless runtime",
            Self::StatelessServer => "a stateless server on a stateful runtime",
            Self::ResponseId => "responses do not carry the request's id",
            Self::JsonRpcEnvelope => "messages are not JSON-RPC 2.0",
            Self::UnknownMethodServed => "methods the server does not implement are served",
            Self::HeaderMismatch => "Mcp-Method and Mcp-Name are not checked against the body",
            Self::Batch => "JSON-RPC batches are not supported",
            Self::GetDelete => "GET and DELETE on the endpoint are not answered as specified",
            Self::Discover => "server/discover is not implemented as specified",
            Self::Capabilities => "the methods of the declared capabilities are not served",
            Self::ResultType => "results miss members their type requires",
            Self::OutputSchema => "tool results break the outputSchema the tool declared",
            Self::InputValidation => "invalid tool input is not refused",
            Self::ResourceErrors => "an unknown resource is not answered with the right error",
            Self::ExpectedResult => "a tool does not return what mcp-matrix.toml expects",
            Self::Pagination => "a list never ends",
            Self::Unexplained => "answers break a rule this suite cannot explain further",
        }
    }

    /// Why it happens, and what it means on AgentCore.
    pub fn cause(self) -> &'static str {
        match self {
            Self::CredentialAccepted => {
                "a call with a credential that must be refused (none, malformed, unsigned, \
                 tampered, expired, or the wrong authorization method) was let through to the \
                 server: anyone can call this runtime"
            }
            Self::AcceptHeader => {
                "a Streamable HTTP server may answer a POST with JSON or with an SSE stream, so \
                 the client must accept both; the server refuses a request whose Accept lacks \
                 one before reading it"
            }
            Self::ClaimMismatch => {
                "a claim of the token is not one the runtime's customJWTAuthorizer allows: \
                 allowedClients checks client_id (only Cognito access tokens have it), \
                 allowedAudience checks aud (only ID tokens have it), allowedScopes checks scope"
            }
            Self::AuthorizationMethod => {
                "a runtime with a customJWTAuthorizer takes only OAuth bearer tokens, and one \
                 without takes only SigV4-signed requests (IAM); the request used the other"
            }
            Self::ExpiredToken => {
                "the token's exp claim is in the past (beyond the authorizer's clock leeway)"
            }
            Self::MissingCredentials => {
                "every invocation of a runtime is authorised: with a bearer token if it has a \
                 customJWTAuthorizer (401 and WWW-Authenticate), with SigV4 if not (403)"
            }
            Self::HostCheck => {
                "the server accepts only loopback Host (and Origin) values. AgentCore forwards \
                 each invocation to the container with a Host that is not localhost, so on \
                 AgentCore every request would be refused"
            }
            Self::WrongPath => {
                "AgentCore sends every invocation to /mcp in the container; the server serves \
                 MCP at another path, or another server listens on the port"
            }
            Self::WrongPort => {
                "AgentCore forwards each invocation to port 8000, path /mcp, of the container; \
                 nothing answered there (the server listens on another port or on 127.0.0.1 \
                 only, or it is not running)"
            }
            Self::PlatformError => {
                "the AgentCore data plane refused the request itself; its error type and \
                 message say which of its constraints the request broke"
            }
            Self::FidelityDifference => {
                "the runtime refused as it must, but with another status or message than the \
                 local front door: the fidelity table is wrong for this row, or AgentCore changed"
            }
            Self::OriginNotValidated => {
                "servers MUST validate Origin against DNS rebinding (and answer an invalid one \
                 403 from 2025-11-25 on): a web page on another site could otherwise call a \
                 server a browser can reach. Behind an authorizer browsers cannot pass \
                 (AgentCore with IAM or a JWT) that is a choice, not a hole"
            }
            Self::NoAnswer => {
                "the server did not answer: the connection was reset or refused, the answer \
                 never came or never ended, or it was larger than the limit. A client waits, \
                 then fails"
            }
            Self::UnreadableBody => {
                "a body labelled application/json is not JSON (often an event stream labelled \
                 as JSON): a client parses the body as its Content-Type says, and fails"
            }
            Self::SseFraming => {
                "an answer labelled text/event-stream holds no readable event: each message \
                 must be a `data:` line of JSON, and each event must end with a blank line"
            }
            Self::NotificationAnswered => {
                "a POSTed notification or response is owed no answer: the server accepts it \
                 with 202 and no body (or refuses it with an HTTP error)"
            }
            Self::MediaType => {
                "a served request is answered with application/json or text/event-stream; a \
                 client reads nothing else"
            }
            Self::MalformedBodyServed => {
                "a body that is not JSON, or JSON that is not a JSON-RPC message, was answered \
                 with a result: it must be an error (-32700 Parse error, -32600 Invalid \
                 Request) or an HTTP 4xx"
            }
            Self::VersionNegotiation => {
                "initialize answers a version the server supports with that same version, and \
                 any other with a version it supports: the client then knows what both speak"
            }
            Self::ProtocolVersion => {
                "every request after initialize names its protocol version in \
                 MCP-Protocol-Version: a server answers an unsupported or malformed one 400 \
                 Bad Request, and without the header it assumes 2025-03-26"
            }
            Self::StatefulServer => {
                "after initialize the server refuses requests without the Mcp-Session-Id it \
                 issued: it keeps sessions, and the runtime is meant to be stateless (so it was \
                 declared, or nothing said otherwise). A stateless runtime's clients do not keep \
                 the server's Mcp-Session-Id, and the platform adds ids of its own and may send \
                 any request to any instance, so every request after initialize is refused. \
                 Since 2026-03 AgentCore also hosts stateful MCP runtimes, which route by the \
                 server's Mcp-Session-Id to a microVM per session"
            }
            Self::StatelessServer => {
                "the runtime is meant to be stateful, but the server keeps no session: a \
                 request without Mcp-Session-Id after initialize is served as any other. A \
                 stateful runtime routes each session's requests to its own microVM by the id \
                 the server issues; a server that needs no session gains nothing from it, and \
                 one that issues ids without requiring them lets a lost id go unnoticed, while \
                 what needs a \
                 session (elicitation and sampling before 2026-07-28, notifications on the GET \
                 stream) cannot work"
            }
            Self::ResponseId => {
                "a response carries the id of the request it answers (null only when the \
                 request's id could not be read): a client matches answers to requests by id"
            }
            Self::JsonRpcEnvelope => {
                "every message carries \"jsonrpc\": \"2.0\", a response has either result or \
                 error, and an error has an integer code and a string message"
            }
            Self::UnknownMethodServed => {
                "a method the server does not implement (ping and initialize in 2026-07-28, \
                 unknown ones in any version) is an error: 2026-07-28 answers it 404 with \
                 -32601"
            }
            Self::HeaderMismatch => {
                "a 2026-07-28 request mirrors its method and name in Mcp-Method and Mcp-Name; a \
                 missing or mismatched header is answered 400 with -32020 HeaderMismatch"
            }
            Self::Batch => {
                "2025-03-26 servers MUST accept JSON-RPC batches (arrays) and answer each \
                 request in them; no other version has batches"
            }
            Self::GetDelete => {
                "GET on the endpoint opens the server's event stream or is answered 405; \
                 DELETE ends a session or is refused"
            }
            Self::Discover => {
                "2026-07-28 servers MUST implement server/discover: supportedVersions, \
                 capabilities, ttlMs and cacheScope"
            }
            Self::Capabilities => {
                "a server serves the list methods of every capability it declares, and \
                 declares every capability whose methods it serves"
            }
            Self::ResultType => {
                "each method's result has the members the specification's type for it \
                 requires, each of the type it gives (the example names the member)"
            }
            Self::OutputSchema => {
                "a tool that declares an outputSchema MUST return structuredContent that \
                 conforms to it (2025-06-18 on)"
            }
            Self::InputValidation => {
                "servers MUST validate tool input: arguments that break the tool's inputSchema \
                 get a tool result with isError: true or a JSON-RPC error, and so does a call \
                 of a tool that does not exist"
            }
            Self::ResourceErrors => {
                "resources/read of a URI the server does not have is an error: -32002 up to \
                 2025-11-25, -32602 (a MUST) from 2026-07-28 on, never empty contents"
            }
            Self::ExpectedResult => {
                "the tool's answer to the example of mcp-matrix.toml is not what the file says \
                 it returns"
            }
            Self::Pagination => {
                "following a list's nextCursor never reaches a page without one: a client that \
                 reads the whole list never finishes"
            }
            Self::Unexplained => {
                "the answer breaks the rule below, and matches none of the causes this suite \
                 knows"
            }
        }
    }

    /// What to change.
    pub fn fix(self) -> &'static str {
        match self {
            Self::CredentialAccepted => {
                "put an authorizer in front of the server: a customJWTAuthorizer (discoveryUrl \
                 with allowedClients or allowedAudience) or IAM; never deploy a runtime that \
                 serves unauthenticated calls"
            }
            Self::AcceptHeader => {
                "send `Accept: application/json, text/event-stream` on every POST (the official \
                 MCP clients do; curl and hand-written clients must add it)"
            }
            Self::ClaimMismatch => {
                "send the token the authorizer checks (the access token for allowedClients, the \
                 ID token for allowedAudience), or change the authorizer's lists; \
                 `mcp-matrix token inspect` compares the two claim by claim"
            }
            Self::AuthorizationMethod => {
                "send a bearer token to a runtime with a customJWTAuthorizer and SigV4 to one \
                 without, or change the runtime's authorizer"
            }
            Self::ExpiredToken => {
                "get a new token: sign in again (InitiateAuth) or use the refresh token; Cognito \
                 access and ID tokens last one hour by default"
            }
            Self::MissingCredentials => {
                "send a bearer token (--token, AGENTCORE_BEARER_TOKEN) to a JWT runtime, or sign \
                 with SigV4 (--sigv4) for an IAM runtime"
            }
            Self::HostCheck => {
                "turn the check off where the platform is the trust boundary: Python SDK \
                 `FastMCP(..., host=\"0.0.0.0\")` (or `transport_security=TransportSecuritySettings(\
                 enable_dns_rebinding_protection=False)`); rmcp \
                 `StreamableHttpServerConfig::default().disable_allowed_hosts()`"
            }
            Self::WrongPath => {
                "serve MCP at /mcp (FastMCP's default `streamable_http_path`; rmcp: \
                 `Router::new().nest_service(\"/mcp\", service)`) and use that path in the URL"
            }
            Self::WrongPort => {
                "listen on 0.0.0.0:8000 and serve /mcp (FastMCP's defaults with \
                 host=\"0.0.0.0\"); check the runtime's CloudWatch logs for a crash at start"
            }
            Self::PlatformError => {
                "change what the data plane's message names (see its error type in the \
                 README's fidelity table)"
            }
            Self::FidelityDifference => {
                "correct the front door (src/front_door/) and its fidelity-table row from the \
                 live answer, marking the source OBS"
            }
            Self::OriginNotValidated => {
                "allow only your own origins (Python SDK `TransportSecuritySettings(\
                 allowed_origins=[...])`), or keep the server behind an authorizer"
            }
            Self::NoAnswer => {
                "answer every request within the client's timeout (long tools: report progress, \
                 allow cancellation) and keep bodies small; the server's log shows the request \
                 by its id, the case id"
            }
            Self::UnreadableBody => {
                "label event streams text/event-stream and JSON bodies application/json, as the \
                 SDK's transport does; do not wrap its answers in another framing"
            }
            Self::SseFraming => {
                "frame every message as `data: <json>` followed by a blank line (the SDK's SSE \
                 writer does), and keep proxies from rewriting the stream"
            }
            Self::NotificationAnswered => {
                "answer POSTed notifications and responses with 202 Accepted and an empty body"
            }
            Self::MediaType => {
                "answer requests with Content-Type application/json or text/event-stream"
            }
            Self::MalformedBodyServed => {
                "answer a body that does not parse with -32700, and JSON that is not a JSON-RPC \
                 message with -32600, or refuse it with 400"
            }
            Self::VersionNegotiation => {
                "answer initialize with the client's protocolVersion when you support it, \
                 otherwise with the newest version you support"
            }
            Self::ProtocolVersion => {
                "servers: answer an unsupported or malformed MCP-Protocol-Version with 400; \
                 clients: send the negotiated version on every request after initialize"
            }
            Self::StatefulServer => {
                "choose one: keep the runtime stateless and make the server stateless too \
                 (Python SDK `FastMCP(..., stateless_http=True)`, 2.x \
                 `streamable_http_app(stateless_http=True)`; rmcp stateless mode); or keep the \
                 server stateful and run it as a stateful runtime, with clients that keep the \
                 Mcp-Session-Id initialize returns (tell mcp-matrix with --mcp-mode stateful or \
                 AGENTCORE_MCP_MODE=stateful)"
            }
            Self::StatelessServer => {
                "choose one: keep the server stateless and treat the runtime as stateless \
                 (--mcp-mode stateless, AGENTCORE_MCP_MODE=stateless, or stateless_http=True in \
                 the server's code); or, if it needs sessions (elicitation, sampling, progress \
                 on a GET stream), make the server stateful (Python SDK `FastMCP(..., \
                 stateless_http=False)`; rmcp session mode)"
            }
            Self::ResponseId => {
                "echo the request's \"id\" in every response, errors included; use null only \
                 when the id could not be read (invalid JSON)"
            }
            Self::JsonRpcEnvelope => {
                "put \"jsonrpc\": \"2.0\" in every message and give errors an integer code and a \
                 message (the SDK's message types do)"
            }
            Self::UnknownMethodServed => {
                "answer methods you do not implement with JSON-RPC -32601 (in 2026-07-28 with \
                 HTTP 404)"
            }
            Self::HeaderMismatch => {
                "validate Mcp-Method and Mcp-Name against the body and answer a mismatch with \
                 400 and -32020"
            }
            Self::Batch => {
                "accept JSON arrays (batches) for 2025-03-26 and answer each request in them"
            }
            Self::GetDelete => {
                "answer GET on /mcp with 405 Method Not Allowed when you offer no server \
                 stream (stateless servers), and DELETE without a session likewise"
            }
            Self::Discover => {
                "implement server/discover (supportedVersions, capabilities, ttlMs, cacheScope)"
            }
            Self::Capabilities => {
                "declare exactly the capabilities you serve, and answer their list methods with \
                 their list results"
            }
            Self::ResultType => {
                "return results with every member the type requires, each of the type it gives \
                 (the finding names the member); the SDK's result types do"
            }
            Self::OutputSchema => {
                "return structuredContent that conforms to the declared outputSchema, or \
                 declare the schema the tool really returns (with FastMCP the return annotation \
                 is the schema)"
            }
            Self::InputValidation => {
                "validate arguments against the inputSchema before running the tool, and answer \
                 an unknown tool with an error"
            }
            Self::ResourceErrors => {
                "answer resources/read of an unknown URI with a JSON-RPC error: -32002 up to \
                 2025-11-25, -32602 from 2026-07-28 on"
            }
            Self::ExpectedResult => {
                "fix the tool, or update the expectation in mcp-matrix.toml if the change is \
                 intended"
            }
            Self::Pagination => {
                "issue a nextCursor only while more items follow, never one already issued"
            }
            Self::Unexplained => "compare the answer with the clause the finding cites",
        }
    }

    /// Where the rule behind the cause is written down.
    pub fn source(self) -> String {
        match self {
            Self::CredentialAccepted
            | Self::ClaimMismatch
            | Self::ExpiredToken
            | Self::FidelityDifference => format!(
                "AgentCore developer guide, \"Configure inbound JWT authorizer\" \
                 ({AWS_JWT_AUTHORIZER_DOC}); MCP protocol contract ({AWS_MCP_CONTRACT_DOC})"
            ),
            Self::AcceptHeader => format!(
                "MCP spec 2025-06-18, basic/transports, \"Sending Messages to the Server\": the \
                 client MUST include an Accept header listing both application/json and \
                 text/event-stream ({MCP_TRANSPORTS}); AgentCore MCP protocol contract, error \
                 handling: 406, JSON-RPC -32011 ({AWS_MCP_CONTRACT_DOC})"
            ),
            Self::AuthorizationMethod | Self::MissingCredentials | Self::PlatformError => format!(
                "AgentCore MCP protocol contract, \"OAuth authentication responses\" and error \
                 handling ({AWS_MCP_CONTRACT_DOC})"
            ),
            Self::HostCheck => format!(
                "MCP spec 2025-06-18, basic/transports, \"Security Warning\" (DNS rebinding) \
                 ({MCP_TRANSPORTS}); AgentCore runs the server on 0.0.0.0 and forwards requests \
                 whose Host is not localhost ({AWS_RUNTIME_MCP_DOC})"
            ),
            Self::WrongPath | Self::WrongPort => format!(
                "AgentCore developer guide, \"How Amazon Bedrock AgentCore supports MCP\": the \
                 platform expects the MCP server at 0.0.0.0:8000/mcp in the container \
                 ({AWS_RUNTIME_MCP_DOC})"
            ),
            Self::StatefulServer | Self::StatelessServer => format!(
                "AgentCore MCP protocol contract, \"Protocol implementation requirements\": \
                 stateless mode (stateless_http=True) by default, and since 2026-03 stateful \
                 runtimes routed by the server's Mcp-Session-Id ({AWS_MCP_CONTRACT_DOC}); MCP \
                 spec 2025-06-18, basic/transports, \"Session Management\" ({MCP_TRANSPORTS})"
            ),
            Self::ProtocolVersion => format!(
                "MCP spec 2025-06-18, basic/transports, \"Protocol Version Header\": after \
                 initialization the client MUST send MCP-Protocol-Version with the negotiated \
                 version; a server that receives an invalid or unsupported version MUST answer \
                 400 Bad Request, and one that receives none SHOULD assume 2025-03-26 \
                 ({MCP_TRANSPORTS})"
            ),
            Self::OriginNotValidated
            | Self::NoAnswer
            | Self::UnreadableBody
            | Self::SseFraming
            | Self::NotificationAnswered
            | Self::MediaType
            | Self::GetDelete
            | Self::HeaderMismatch => format!(
                "MCP spec, basic/transports (Streamable HTTP), as each finding's clause names \
                 it ({MCP_TRANSPORTS})"
            ),
            _ => "the clause each finding names (MCP specification, JSON-RPC 2.0)".to_owned(),
        }
    }

    /// The cause of a refusal by the AgentCore data plane, from its message
    /// (the texts `src/front_door/` answers, observed from live runtimes).
    pub fn of_platform_refusal(status: u16, error_type: &str, message: &str) -> Self {
        if message.starts_with("Authorization method mismatch") {
            Self::AuthorizationMethod
        } else if message.contains("Token has expired") {
            Self::ExpiredToken
        } else if message.starts_with("Claim '") {
            Self::ClaimMismatch
        } else if message == "Missing Authentication Token" {
            Self::MissingCredentials
        } else if error_type == "RuntimeClientError" || status == 424 {
            Self::WrongPort
        } else if status == 406 || error_type == "McpRequestUnacceptableException" {
            Self::AcceptHeader
        } else {
            Self::PlatformError
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_cause_once_in_order() {
        assert_all_lists_every_variant!(
            ALL,
            [
                Cause::CredentialAccepted,
                Cause::AcceptHeader,
                Cause::ClaimMismatch,
                Cause::AuthorizationMethod,
                Cause::ExpiredToken,
                Cause::MissingCredentials,
                Cause::HostCheck,
                Cause::WrongPath,
                Cause::WrongPort,
                Cause::PlatformError,
                Cause::FidelityDifference,
                Cause::OriginNotValidated,
                Cause::NoAnswer,
                Cause::UnreadableBody,
                Cause::SseFraming,
                Cause::NotificationAnswered,
                Cause::MediaType,
                Cause::MalformedBodyServed,
                Cause::VersionNegotiation,
                Cause::ProtocolVersion,
                Cause::StatefulServer,
                Cause::StatelessServer,
                Cause::ResponseId,
                Cause::JsonRpcEnvelope,
                Cause::UnknownMethodServed,
                Cause::HeaderMismatch,
                Cause::Batch,
                Cause::GetDelete,
                Cause::Discover,
                Cause::Capabilities,
                Cause::ResultType,
                Cause::OutputSchema,
                Cause::InputValidation,
                Cause::ResourceErrors,
                Cause::ExpectedResult,
                Cause::Pagination,
                Cause::Unexplained,
            ]
        );
    }

    const ALL: [Cause; 37] = [
        Cause::CredentialAccepted,
        Cause::AcceptHeader,
        Cause::ClaimMismatch,
        Cause::AuthorizationMethod,
        Cause::ExpiredToken,
        Cause::MissingCredentials,
        Cause::HostCheck,
        Cause::WrongPath,
        Cause::WrongPort,
        Cause::PlatformError,
        Cause::FidelityDifference,
        Cause::OriginNotValidated,
        Cause::NoAnswer,
        Cause::UnreadableBody,
        Cause::SseFraming,
        Cause::NotificationAnswered,
        Cause::MediaType,
        Cause::MalformedBodyServed,
        Cause::VersionNegotiation,
        Cause::ProtocolVersion,
        Cause::StatefulServer,
        Cause::StatelessServer,
        Cause::ResponseId,
        Cause::JsonRpcEnvelope,
        Cause::UnknownMethodServed,
        Cause::HeaderMismatch,
        Cause::Batch,
        Cause::GetDelete,
        Cause::Discover,
        Cause::Capabilities,
        Cause::ResultType,
        Cause::OutputSchema,
        Cause::InputValidation,
        Cause::ResourceErrors,
        Cause::ExpectedResult,
        Cause::Pagination,
        Cause::Unexplained,
    ];

    /// The README's table of causes names every one.
    #[test]
    fn the_readme_lists_every_cause() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("the README");
        for cause in ALL {
            assert!(
                readme.contains(&format!("| `{}` | {} |", cause.id(), cause.title())),
                "the README's table of causes lacks {}",
                cause.id()
            );
        }
    }

    #[test]
    fn every_cause_has_its_own_name_and_words() {
        let ids: std::collections::BTreeSet<&str> = ALL.iter().map(|cause| cause.id()).collect();
        assert_eq!(ids.len(), ALL.len(), "one name per cause");
        for cause in ALL {
            for text in [cause.title(), cause.cause(), cause.fix()] {
                assert!(!text.is_empty() && !text.contains('\n'), "{}", cause.id());
            }
            assert_eq!(
                serde_json::to_value(cause).expect("a name"),
                serde_json::json!(cause.id()),
                "serialized by its name"
            );
        }
    }
}
