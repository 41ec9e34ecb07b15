//! Words a user can act on: each failure names the case, what was expected
//! and by which clause, what actually came back, and what to change.

use crate::{
    case::{Case, Variant},
    oracle::Finding,
};

/// The report of a MUST (or SHOULD) finding.
pub fn violation(target: &str, case: &Case, outcome: &str, finding: &Finding) -> String {
    let mut text = format!(
        "{target}: case {case}\n  rule:     [{}] {}\n  expected: {}\n  actual:   {outcome}\n  clause:   {}",
        finding.strength, finding.rule, finding.expected, finding.clause
    );
    if let Some(advice) = advice(case, finding.rule) {
        text.push_str("\n  fix:      ");
        text.push_str(advice);
    }
    text
}

/// The report of a case that got no HTTP answer at all.
pub fn no_answer(target: &str, case: &Case, reason: &str) -> String {
    format!(
        "{target}: case {case}\n  rule:     [MUST] the server answers every request\n  actual:   no answer: {reason}"
    )
}

/// What to do about a finding, from the rule and from the header the case varied.
pub fn advice(case: &Case, rule: &str) -> Option<&'static str> {
    let by_rule = match rule {
        "jsonrpc.response-id" | "jsonrpc.error-id-readable" => Some(
            "echo the request's \"id\" in every response, errors included; use null only when \
             the id could not be read (invalid JSON)",
        ),
        "initialize.version" | "initialize.same-version" => Some(
            "answer initialize with the client's protocolVersion when you support it, otherwise \
             with the newest version you support",
        ),
        "initialize.counter-offer" | "initialize.counter-offer-not-error" => Some(
            "answer an unsupported protocolVersion with an InitializeResult naming a version you \
             support; the client decides whether it can speak it",
        ),
        "notification.accepted" | "response.accepted" | "notification.no-response" => {
            Some("answer POSTed notifications and responses with 202 Accepted and an empty body")
        }
        "transport.request-media" => {
            Some("answer requests with Content-Type application/json or text/event-stream")
        }
        "modern.result-type" => Some("add \"resultType\": \"complete\" to every 2026-07-28 result"),
        "method.not-implemented" => Some(
            "answer 2026-07-28 requests for methods you do not implement (ping, initialize, \
             unknown ones) with HTTP 404 and JSON-RPC -32601",
        ),
        "headers.mismatch" => Some(
            "validate Mcp-Method and Mcp-Name against the body and answer a mismatch with 400 \
             and -32020",
        ),
        "protocol-version.unsupported" | "protocol-version.invalid" => Some(
            "answer an unsupported or malformed MCP-Protocol-Version header with 400 Bad Request",
        ),
        "get.stream-or-405" | "get-delete.405" => Some(
            "answer GET on /mcp with 405 Method Not Allowed when you offer no server stream \
             (stateless servers)",
        ),
        "batch.supported" => {
            Some("accept JSON arrays (batches) for 2025-03-26 and answer each request in them")
        }
        "tools-call.result" => Some(
            "return structuredContent matching the tool's outputSchema with every successful call",
        ),
        "discover.result" => {
            Some("implement server/discover (supportedVersions, capabilities, ttlMs, cacheScope)")
        }
        _ => None,
    };
    let by_variant = match case.variant {
        Variant::AcceptMissing
        | Variant::AcceptJsonOnly
        | Variant::AcceptSseOnly
        | Variant::AcceptAny => Some(
            "clients must send `Accept: application/json, text/event-stream`; FastMCP answers \
             406 otherwise, and AgentCore passes the header through unchanged",
        ),
        Variant::PlatformSessionId => Some(
            "AgentCore adds an Mcp-Session-Id your server never issued to every request; run \
             the server stateless (FastMCP(stateless_http=True)) so it accepts it",
        ),
        Variant::HostForeign => Some(
            "AgentCore forwards invocations with its own Host header; disable loopback-only Host \
             checks (FastMCP(host=\"0.0.0.0\"), rmcp disable_allowed_hosts)",
        ),
        _ => None,
    };
    by_rule.or(by_variant)
}
