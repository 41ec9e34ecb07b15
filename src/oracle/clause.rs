//! Where each rule of the oracle comes from.
//!
//! A clause names a document and a section heading exactly as they appear
//! in the specification sources (modelcontextprotocol/modelcontextprotocol,
//! `docs/specification/<version>/...`), the JSON-RPC 2.0 specification, or the
//! AWS documentation of AgentCore Runtime, so a reader can open the text the
//! rule was taken from.

use std::fmt;

use crate::{case::CaseVersion, protocol::ProtocolVersion, surface::ListKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The document: `MCP 2025-06-18 basic/transports`, `JSON-RPC 2.0`, ...
    pub document: String,
    /// The section heading within it.
    pub section: &'static str,
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, \u{a7} {}", self.document, self.section)
    }
}

fn mcp(version: &str, path: &str, section: &'static str) -> Clause {
    Clause {
        document: format!("MCP {version} {path}"),
        section,
    }
}

/// The revision whose transport text judges a case. 2024-11-05 defined only
/// HTTP+SSE; a Streamable HTTP server speaking its data layer is judged by
/// the transport of 2025-03-26, which defined Streamable HTTP.
fn transport_revision(version: CaseVersion) -> &'static str {
    match version {
        CaseVersion::Known(ProtocolVersion::V2024_11_05) => ProtocolVersion::V2025_03_26.as_str(),
        CaseVersion::Known(version) => version.as_str(),
        CaseVersion::Unsupported => ProtocolVersion::V2026_07_28.as_str(),
    }
}

fn transport_document(version: CaseVersion) -> (&'static str, &'static str) {
    let revision = transport_revision(version);
    if revision == ProtocolVersion::V2026_07_28.as_str() {
        (revision, "basic/transports/streamable-http")
    } else {
        (revision, "basic/transports")
    }
}

/// The revision whose data-layer text judges a case.
fn data_revision(version: CaseVersion) -> &'static str {
    match version {
        CaseVersion::Known(version) => version.as_str(),
        CaseVersion::Unsupported => ProtocolVersion::V2026_07_28.as_str(),
    }
}

/// "If the server supports the requested protocol version, it MUST respond
/// with the same version. Otherwise, the server MUST respond with another
/// protocol version it supports."
pub fn version_negotiation(version: CaseVersion) -> Clause {
    let revision = match version {
        CaseVersion::Known(ProtocolVersion::V2026_07_28) | CaseVersion::Unsupported => {
            ProtocolVersion::V2025_11_25.as_str()
        }
        CaseVersion::Known(version) => version.as_str(),
    };
    mcp(revision, "basic/lifecycle", "Version Negotiation")
}

/// How POSTed messages are answered: 202 for notifications and responses,
/// JSON or an event stream for requests.
pub fn sending_messages(version: CaseVersion) -> Clause {
    let (revision, path) = transport_document(version);
    let section = if path.ends_with("streamable-http") {
        "Sending Messages"
    } else {
        "Sending Messages to the Server"
    };
    mcp(revision, path, section)
}

/// GET answers `text/event-stream` or 405.
pub fn listening(version: CaseVersion) -> Clause {
    let (revision, path) = transport_document(version);
    mcp(revision, path, "Listening for Messages from the Server")
}

/// DELETE terminates a session, or is answered 405.
pub fn session_management(version: CaseVersion) -> Clause {
    let (revision, path) = transport_document(version);
    mcp(revision, path, "Session Management")
}

/// 2025-06-18 and 2025-11-25: "If the server receives a request with an
/// invalid or unsupported MCP-Protocol-Version, it MUST respond with 400 Bad
/// Request"; a missing header SHOULD be taken as 2025-03-26. 2026-07-28:
/// a mismatch with `_meta` is 400 -32020, an unsupported version 400 -32022,
/// an unimplemented method 404 -32601.
pub fn protocol_version_header(version: CaseVersion) -> Clause {
    match version {
        // The header was introduced in 2025-06-18.
        CaseVersion::Known(ProtocolVersion::V2024_11_05 | ProtocolVersion::V2025_03_26) => mcp(
            ProtocolVersion::V2025_06_18.as_str(),
            "basic/transports",
            "Protocol Version Header",
        ),
        _ => {
            let (revision, path) = transport_document(version);
            mcp(revision, path, "Protocol Version Header")
        }
    }
}

/// 2026-07-28: header/body mismatches and missing standard headers are
/// 400 Bad Request with -32020 HeaderMismatch.
pub fn server_validation() -> Clause {
    mcp(
        "2026-07-28",
        "basic/transports/streamable-http",
        "Server Validation",
    )
}

/// 2026-07-28: how a modern-only server treats traffic of earlier revisions
/// (GET/DELETE: 405; `Mcp-Session-Id`: ignore it).
pub fn earlier_revisions() -> Clause {
    mcp(
        "2026-07-28",
        "basic/transports/streamable-http",
        "Earlier Streamable HTTP Revisions",
    )
}

/// 2026-07-28: `initialize` selects legacy semantics on dual-era servers.
pub fn backward_compatibility() -> Clause {
    mcp(
        "2026-07-28",
        "basic/versioning",
        "Backward Compatibility with Initialization-Based Versions",
    )
}

/// Origin validation against DNS rebinding; from 2025-11-25 an invalid
/// Origin MUST be answered 403.
pub fn security_warning(version: CaseVersion) -> Clause {
    let (revision, path) = transport_document(version);
    let section = if path.ends_with("streamable-http") {
        "Security & Endpoint"
    } else {
        "Security Warning"
    };
    mcp(revision, path, section)
}

/// "The client MUST include an Accept header, listing both application/json
/// and text/event-stream" (a client rule; servers' reaction is not specified).
pub fn accept_header(version: CaseVersion) -> Clause {
    sending_messages(version)
}

/// "The receiver MUST respond promptly with an empty response."
pub fn ping(version: CaseVersion) -> Clause {
    mcp(
        data_revision(version),
        "basic/utilities/ping",
        "Behavior Requirements",
    )
}

/// The list method of each feature, with its result type.
pub fn listing(version: CaseVersion, kind: ListKind) -> Clause {
    let (path, section) = match kind {
        ListKind::Tools => ("server/tools", "Listing Tools"),
        ListKind::Resources => ("server/resources", "Listing Resources"),
        ListKind::ResourceTemplates => ("server/resources", "Resource Templates"),
        ListKind::Prompts => ("server/prompts", "Listing Prompts"),
    };
    mcp(data_revision(version), path, section)
}

/// The pagination utility: the server answers with `nextCursor` "if more
/// results exist" (Response Format, Pagination Flow); servers "SHOULD
/// provide stable cursors" (Implementation Guidelines); "Invalid cursors
/// SHOULD result in an error with code -32602" (Error Handling).
pub fn pagination(version: CaseVersion) -> Clause {
    mcp(
        data_revision(version),
        "server/utilities/pagination",
        "Implementation Guidelines",
    )
}

/// "Invalid cursors SHOULD result in an error with code -32602 (Invalid params)."
pub fn pagination_errors(version: CaseVersion) -> Clause {
    mcp(
        data_revision(version),
        "server/utilities/pagination",
        "Error Handling",
    )
}

pub fn reading_resources(version: CaseVersion) -> Clause {
    mcp(
        data_revision(version),
        "server/resources",
        "Reading Resources",
    )
}

/// Up to 2025-11-25: "Servers SHOULD return standard JSON-RPC errors for
/// common failure cases: Resource not found: -32002". 2026-07-28: "servers
/// MUST return a JSON-RPC error with code -32602 (Invalid Params)" and "MUST
/// NOT return an empty contents array for a non-existent resource"
/// (changelog: "Change resource not found error code from -32002 to -32602").
pub fn resource_errors(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/resources", "Error Handling")
}

pub fn getting_prompts(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/prompts", "Getting a Prompt")
}

/// "Servers SHOULD return standard JSON-RPC errors for common failure
/// cases: Invalid prompt name: -32602; Missing required arguments: -32602".
pub fn prompt_errors(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/prompts", "Error Handling")
}

/// `completion/complete` (the `completions` capability from 2025-03-26 on).
pub fn completion(version: CaseVersion) -> Clause {
    mcp(
        data_revision(version),
        "server/utilities/completion",
        "Completion Results",
    )
}

/// The result types of the version's schema (`schema/<version>/schema.ts`):
/// required members and their types.
pub fn result_type(version: CaseVersion, type_name: &'static str) -> Clause {
    mcp(data_revision(version), "schema", type_name)
}

pub fn calling_tools(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/tools", "Calling Tools")
}

/// 2025-06-18 on: "Servers MUST provide structured results that conform to
/// this schema."
pub fn output_schema(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/tools", "Output Schema")
}

/// "The progress value MUST increase with each notification"; "Progress
/// notifications MUST only reference tokens that were provided in an
/// active request \[and\] are associated with an in-progress operation".
/// Moved to basic/patterns in 2026-07-28.
pub fn progress(version: CaseVersion) -> Clause {
    let revision = data_revision(version);
    let path = if revision == ProtocolVersion::V2026_07_28.as_str() {
        "basic/patterns/progress"
    } else {
        "basic/utilities/progress"
    };
    mcp(revision, path, "Behavior Requirements")
}

/// Protocol errors (unknown tool) versus tool execution errors (`isError`).
pub fn tool_errors(version: CaseVersion) -> Clause {
    mcp(data_revision(version), "server/tools", "Error Handling")
}

/// "Servers MUST implement [server/discover]."
pub fn discover() -> Clause {
    mcp("2026-07-28", "server/discover", "DiscoverResult")
}

/// 2026-07-28 cacheable results carry `ttlMs` and `cacheScope`.
pub fn cacheable_results() -> Clause {
    mcp(
        "2026-07-28",
        "server/utilities/caching",
        "Cacheable Results",
    )
}

/// 2026-07-28: "The result MUST include a resultType field".
pub fn result_responses() -> Clause {
    mcp("2026-07-28", "basic/index", "Result Responses")
}

/// Responses echo the request id; result xor error; integer codes.
pub fn responses(version: CaseVersion) -> Clause {
    match version {
        CaseVersion::Known(ProtocolVersion::V2024_11_05) => {
            mcp("2024-11-05", "basic/messages", "Responses")
        }
        CaseVersion::Known(ProtocolVersion::V2025_03_26 | ProtocolVersion::V2025_06_18) => {
            mcp(data_revision(version), "basic/index", "Responses")
        }
        _ => mcp(data_revision(version), "basic/index", "Error Responses"),
    }
}

/// "The receiver MUST NOT send a response" to a notification.
pub fn notifications(version: CaseVersion) -> Clause {
    match version {
        CaseVersion::Known(ProtocolVersion::V2024_11_05) => {
            mcp("2024-11-05", "basic/messages", "Notifications")
        }
        _ => mcp(data_revision(version), "basic/index", "Notifications"),
    }
}

/// 2025-03-26: "MCP implementations ... MUST support receiving JSON-RPC batches."
pub fn batching() -> Clause {
    mcp("2025-03-26", "basic/index", "Batching")
}

/// JSON-RPC 2.0 error codes: -32700 parse error, -32600 invalid request,
/// -32601 method not found.
pub fn json_rpc_errors() -> Clause {
    Clause {
        document: "JSON-RPC 2.0 (jsonrpc.org/specification)".to_owned(),
        section: "Error object",
    }
}

/// "When a rpc call is made, the Server MUST reply with a Response, except
/// for in the case of Notifications"; `jsonrpc` MUST be exactly "2.0"; an id
/// that could not be detected MUST be Null.
pub fn json_rpc_response() -> Clause {
    Clause {
        document: "JSON-RPC 2.0 (jsonrpc.org/specification)".to_owned(),
        section: "Response object",
    }
}

/// `POST /runtimes/{agentRuntimeArn}/invocations?qualifier=...`.
pub fn invoke_agent_runtime() -> Clause {
    Clause {
        document: "AWS AgentCore API reference, InvokeAgentRuntime".to_owned(),
        section: "Request Syntax",
    }
}

/// "Platform automatically adds Mcp-Session-Id header ... servers must
/// support stateless operation so as to not reject platform generated
/// Mcp-Session-Id header."
pub fn agentcore_sessions() -> Clause {
    Clause {
        document: "AWS AgentCore Runtime, MCP protocol contract".to_owned(),
        section: "Session Management",
    }
}

/// The container contract: host 0.0.0.0, port 8000, path /mcp; the sample
/// server is `FastMCP(host="0.0.0.0", stateless_http=True)`.
pub fn agentcore_container() -> Clause {
    Clause {
        document: "AWS AgentCore Runtime, MCP protocol contract".to_owned(),
        section: "Container requirements",
    }
}
