//! What the doctor reports: a problem, its evidence, its cause, the fix, and
//! the clause of the MCP specification or the AWS document it comes from.

use serde::Serialize;

use super::evidence::Evidence;

/// AgentCore developer guide, "Deploy MCP servers in AgentCore Runtime".
pub const AWS_RUNTIME_MCP_DOC: &str =
    "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-mcp.html";
/// AgentCore developer guide, "MCP protocol contract".
pub const AWS_MCP_CONTRACT_DOC: &str = "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-mcp-protocol-contract.html";
/// The MCP specification's transport chapter, revision 2025-06-18.
pub const MCP_TRANSPORTS: &str =
    "https://modelcontextprotocol.io/specification/2025-06-18/basic/transports";

/// The problems the doctor recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// 406: `Accept` does not list both MCP media types.
    AcceptHeader,
    /// 401/403 "Claim '...' value mismatch with configuration."
    ClaimMismatch,
    /// 403 "Authorization method mismatch": SigV4 to a JWT runtime, or a
    /// bearer token to an IAM one.
    AuthorizationMethod,
    /// 401 "Token has expired".
    ExpiredToken,
    /// No credentials for a runtime that needs them.
    MissingCredentials,
    /// 421/403 from the server's DNS-rebinding protection.
    HostCheck,
    /// Nothing serves MCP at the path, or it is not AgentCore's `/mcp`.
    WrongPath,
    /// Nothing listens at the port, or the container does not answer.
    WrongPort,
    /// An unsupported or missing `MCP-Protocol-Version`.
    ProtocolVersion,
    /// The server keeps sessions that the platform cannot carry.
    StatefulServer,
    /// Any other refusal by the AgentCore data plane.
    PlatformError,
    /// A refusal the doctor has no explanation for.
    Unexplained,
}

impl Problem {
    /// The problem's name in reports, e.g. `accept-header`.
    pub fn id(self) -> &'static str {
        match self {
            Self::AcceptHeader => "accept-header",
            Self::ClaimMismatch => "claim-mismatch",
            Self::AuthorizationMethod => "authorization-method",
            Self::ExpiredToken => "expired-token",
            Self::MissingCredentials => "missing-credentials",
            Self::HostCheck => "host-check",
            Self::WrongPath => "wrong-path",
            Self::WrongPort => "wrong-port",
            Self::ProtocolVersion => "protocol-version",
            Self::StatefulServer => "stateful-server",
            Self::PlatformError => "platform-error",
            Self::Unexplained => "unexplained",
        }
    }

    /// Where the rule behind the problem is written down.
    pub fn source(self) -> String {
        match self {
            Self::AcceptHeader => format!(
                "MCP spec 2025-06-18, basic/transports, \"Sending Messages to the Server\": the \
                 client MUST include an Accept header listing both application/json and \
                 text/event-stream ({MCP_TRANSPORTS}); AgentCore MCP protocol contract, error \
                 handling: 406, JSON-RPC -32011 ({AWS_MCP_CONTRACT_DOC})"
            ),
            Self::ClaimMismatch | Self::ExpiredToken => format!(
                "AgentCore developer guide, \"Configure inbound JWT authorizer\" ({})",
                crate::auth::inspect::AWS_JWT_AUTHORIZER_DOC
            ),
            Self::AuthorizationMethod | Self::MissingCredentials => format!(
                "AgentCore MCP protocol contract, \"OAuth authentication responses\": a runtime \
                 with a customJWTAuthorizer takes OAuth bearer tokens, one without it takes \
                 SigV4 ({AWS_MCP_CONTRACT_DOC})"
            ),
            Self::HostCheck => format!(
                "MCP spec 2025-06-18, basic/transports, \"Security Warning\" (DNS rebinding: \
                 servers validate Origin, and local servers bind to localhost) \
                 ({MCP_TRANSPORTS}); the Python SDK's TransportSecuritySettings answers 421 \
                 \"Invalid Host header\" and rmcp's allowed_hosts refuses non-loopback hosts; \
                 AgentCore runs the server on 0.0.0.0 and forwards requests whose Host is not \
                 localhost ({AWS_RUNTIME_MCP_DOC})"
            ),
            Self::WrongPath | Self::WrongPort => format!(
                "AgentCore developer guide, \"How Amazon Bedrock AgentCore supports MCP\": the \
                 platform expects the MCP server at 0.0.0.0:8000/mcp in the container \
                 ({AWS_RUNTIME_MCP_DOC})"
            ),
            Self::ProtocolVersion => format!(
                "MCP spec 2025-06-18, basic/transports, \"Protocol Version Header\": after \
                 initialization the client MUST send MCP-Protocol-Version with the negotiated \
                 version; a server that receives an invalid or unsupported version MUST answer \
                 400 Bad Request, and one that receives none SHOULD assume 2025-03-26 \
                 ({MCP_TRANSPORTS})"
            ),
            Self::StatefulServer => format!(
                "AgentCore MCP protocol contract, \"Protocol implementation requirements\": use \
                 stateless mode (stateless_http=True) by default; the platform adds its own \
                 Mcp-Session-Id, which the server must not reject ({AWS_MCP_CONTRACT_DOC}); MCP \
                 spec 2025-06-18, basic/transports, \"Session Management\" ({MCP_TRANSPORTS})"
            ),
            Self::PlatformError => {
                format!("AgentCore data plane, InvokeAgentRuntime errors ({AWS_MCP_CONTRACT_DOC})")
            }
            Self::Unexplained => {
                format!("MCP spec 2025-06-18, basic/transports ({MCP_TRANSPORTS})")
            }
        }
    }
}

/// One problem found, with what proves it and what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub problem: Problem,
    /// One line: what is wrong.
    pub summary: String,
    pub evidence: Evidence,
    pub cause: String,
    pub fix: String,
    /// What else was learnt, e.g. the token's claims against the authorizer.
    pub details: Vec<String>,
    pub source: String,
}

impl Finding {
    pub fn new(
        problem: Problem,
        summary: impl Into<String>,
        evidence: Evidence,
        cause: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            problem,
            summary: summary.into(),
            evidence,
            cause: cause.into(),
            fix: fix.into(),
            details: Vec::new(),
            source: problem.source(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}
