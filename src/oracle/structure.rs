//! Rules every answer must satisfy, whatever was asked: the JSON-RPC
//! envelope, ids, notifications left unanswered, media types, and the
//! 2026-07-28 result envelope.

use serde_json::Value;

use super::{Finding, Strength, answer, clause};
use crate::target::Vantage;
use crate::{
    case::{Case, CaseVersion, Method, Variant},
    client::{Body, Exchange},
    protocol::{ProtocolVersion, header},
};

fn finding(
    rule: &'static str,
    strength: Strength,
    clause: clause::Clause,
    expected: String,
) -> Finding {
    Finding {
        rule,
        strength,
        clause,
        expected,
    }
}

/// The structural findings of `exchange` as the answer to `case`.
pub fn check(case: &Case, exchange: &Exchange, vantage: Vantage) -> Vec<Finding> {
    let mut findings = Vec::new();
    let version = case.version;
    let messages = exchange.messages();

    for message in &messages {
        if message.get("jsonrpc") != Some(&Value::from("2.0")) {
            findings.push(finding(
                "jsonrpc.version",
                Strength::Must,
                clause::json_rpc_response(),
                format!(
                    "every message carries \"jsonrpc\": \"2.0\"; got {}",
                    brief(message)
                ),
            ));
        }
    }

    for response in answer::responses(exchange) {
        let has_result = response.get("result").is_some();
        let error = response.get("error");
        if has_result && error.is_some() {
            findings.push(finding(
                "jsonrpc.result-xor-error",
                Strength::Must,
                clause::responses(version),
                "a response sets either result or error, never both".to_owned(),
            ));
        }
        if let Some(error) = error {
            let code_ok = error
                .get("code")
                .is_some_and(|code| code.as_i64().is_some());
            let message_ok = error.get("message").is_some_and(Value::is_string);
            if !code_ok || !message_ok {
                findings.push(finding(
                    "jsonrpc.error-shape",
                    Strength::Must,
                    clause::responses(version),
                    format!(
                        "an error has an integer code and a string message; got {}",
                        brief(error)
                    ),
                ));
            }
        }
        findings.extend(check_id(case, &response, has_result));
    }

    if matches!(case.method, Method::Initialized | Method::ClientResponse)
        && answer::responses(exchange)
            .iter()
            .any(|response| response.get("result").is_some())
    {
        findings.push(finding(
            "notification.no-response",
            Strength::Must,
            clause::notifications(version),
            "a notification or a response is never answered with a result".to_owned(),
        ));
    }

    let is_request = case.method.is_request() || case.method == Method::Batch;
    let status = exchange.status.as_u16();
    if is_request && (200..300).contains(&status) {
        let media = exchange.content_type();
        if !matches!(
            media.as_deref(),
            Some("application/json" | "text/event-stream")
        ) {
            findings.push(finding(
                "transport.request-media",
                Strength::Must,
                clause::sending_messages(version),
                format!(
                    "a served request is answered with Content-Type application/json or \
                     text/event-stream; got {}",
                    media.as_deref().unwrap_or("none")
                ),
            ));
        }
    }

    if let Body::EventStream(stream) = &exchange.body {
        let garbage = stream
            .events
            .iter()
            .filter(|event| !event.data.is_empty())
            .find(|event| serde_json::from_str::<Value>(&event.data).is_err());
        if let Some(event) = garbage {
            findings.push(finding(
                "sse.json-data",
                Strength::Must,
                clause::sending_messages(version),
                format!(
                    "every SSE event's data is a JSON-RPC message; got {:?}",
                    excerpt(&event.data)
                ),
            ));
        }
    }

    if speaks_modern(case) {
        let missing = answer::responses(exchange)
            .iter()
            .filter_map(|response| response.get("result"))
            .any(|result| result.get("resultType").is_none());
        if missing {
            findings.push(finding(
                "modern.result-type",
                Strength::Must,
                clause::result_responses(),
                "a 2026-07-28 result MUST include resultType".to_owned(),
            ));
        }
        if vantage == Vantage::Direct && exchange.header(header::SESSION_ID).is_some() {
            findings.push(finding(
                "modern.no-session-id",
                Strength::Should,
                clause::earlier_revisions(),
                "a 2026-07-28 server SHOULD neither mint nor echo Mcp-Session-Id".to_owned(),
            ));
        }
    }
    findings
}

/// Whether the request is a 2026-07-28 request whose answer must follow the
/// 2026-07-28 result envelope: version header and `_meta` untouched, and not
/// an `initialize`, which dual-era servers answer with handshake semantics.
fn speaks_modern(case: &Case) -> bool {
    case.version == CaseVersion::Known(ProtocolVersion::V2026_07_28)
        && !case.method.is_initialize()
        && !matches!(
            case.variant,
            Variant::ProtocolVersionMissing
                | Variant::ProtocolVersionMismatched
                | Variant::ProtocolVersionMalformed
        )
}

/// The id of a response: a result must echo a request id; an error must
/// echo it too, or be null/absent when the id could not be read.
fn check_id(case: &Case, response: &Value, has_result: bool) -> Option<Finding> {
    let mut sent = case.batch_ids();
    sent.extend(case.request_id());
    let id = response.get("id");
    // A refused batch is answered as a whole, so only a single request has
    // an id the error must carry.
    let readable = case.request_id().is_some();
    match id {
        Some(id) if sent.contains(id) => None,
        None | Some(Value::Null) if has_result => Some(finding(
            "jsonrpc.response-id",
            Strength::Must,
            clause::responses(case.version),
            "a result carries the id of the request it answers".to_owned(),
        )),
        None | Some(Value::Null) if readable => Some(finding(
            "jsonrpc.error-id-readable",
            Strength::Should,
            clause::responses(case.version),
            "the request's id was readable, so the error should carry it; without it a client \
             cannot tell which request failed"
                .to_owned(),
        )),
        None | Some(Value::Null) => None,
        Some(other) => Some(finding(
            "jsonrpc.response-id",
            Strength::Must,
            if readable {
                clause::responses(case.version)
            } else {
                clause::json_rpc_response()
            },
            if readable {
                format!(
                    "a response carries the id of the request it answers; got {}",
                    brief(other)
                )
            } else {
                format!(
                    "when the request's id cannot be read, the error's id is null; got {}",
                    brief(other)
                )
            },
        )),
    }
}

fn brief(value: &Value) -> String {
    excerpt(&value.to_string())
}

fn excerpt(text: &str) -> String {
    const LIMIT: usize = 80;
    if text.chars().count() > LIMIT {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    } else {
        text.to_owned()
    }
}
