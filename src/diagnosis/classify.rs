//! Which cause a failing case shows: first what the answer itself says (a
//! refusal by the platform, a server that wants a session, a body that
//! cannot be read), then the broken rules, of which the one that explains
//! the others wins.

use serde_json::Value;

use super::Cause;
use crate::{
    case::{Case, Method},
    observation::{Observation, ObservedBody},
    protocol::header,
    surface::SessionMode,
};

/// The causes of a case whose answer broke `rules`, the one that explains
/// most first. What the answer shows by itself (a platform refusal, a
/// server that wants a session, a body that cannot be read) explains every
/// broken rule. So does a result under the wrong id, whose rules a client
/// cannot even apply; an error under the wrong id does not explain, say, a
/// refused batch, and the case then has both causes.
pub(super) fn causes_of(
    case: &Case,
    observation: &Observation,
    rules: &[&'static str],
    session: SessionMode,
) -> Vec<Cause> {
    if let Some(cause) = by_answer(case, observation, session) {
        return vec![cause];
    }
    let mut causes: Vec<Cause> = rules.iter().map(|rule| by_rule(rule)).collect();
    causes.sort_by_key(|cause| cause.precedence());
    causes.dedup();
    if causes.first() == Some(&Cause::ResponseId) && carries_a_result(&observation.body) {
        causes.truncate(1);
    }
    if causes.is_empty() {
        causes.push(Cause::Unexplained);
    }
    causes
}

/// The cause the answer shows by itself, whatever rule it broke.
fn by_answer(case: &Case, observation: &Observation, session: SessionMode) -> Option<Cause> {
    let status = observation.status;
    if let Some(error_type) = observation.headers.get(header::AWS_ERROR_TYPE) {
        let error_type = error_type.split(':').next().unwrap_or(error_type);
        return Some(Cause::of_platform_refusal(
            status,
            error_type,
            &refusal_message(&observation.body),
        ));
    }
    if session == SessionMode::Stateful
        && matches!(status, 400 | 404)
        && case.method.has_body()
        && !case.method.is_initialize()
    {
        return Some(Cause::StatefulServer);
    }
    if matches!(case.method, Method::NotJson | Method::NotJsonRpc)
        && (200..300).contains(&status)
        && carries_a_result(&observation.body)
    {
        return Some(Cause::MalformedBodyServed);
    }
    let owed_a_response = case.method.is_request() || case.method == Method::Batch;
    match (&observation.body, observation.content_type.as_deref()) {
        (ObservedBody::Text(_), Some("application/json")) => Some(Cause::UnreadableBody),
        (
            ObservedBody::EventStream {
                messages,
                other_data,
                ..
            },
            _,
        ) if owed_a_response && (messages.is_empty() || !other_data.is_empty()) => {
            Some(Cause::SseFraming)
        }
        _ => None,
    }
}

fn carries_a_result(body: &ObservedBody) -> bool {
    let has_result = |message: &Value| message.get("result").is_some();
    match body {
        ObservedBody::Json(Value::Array(items)) => items.iter().any(has_result),
        ObservedBody::Json(message) => has_result(message),
        ObservedBody::EventStream { messages, .. } => messages.iter().any(has_result),
        ObservedBody::Empty | ObservedBody::Text(_) => false,
    }
}

/// The `message` of an AWS error body, or the JSON-RPC error's message.
fn refusal_message(body: &ObservedBody) -> String {
    let ObservedBody::Json(body) = body else {
        return String::new();
    };
    body.get("message")
        .or_else(|| body.get("error").and_then(|error| error.get("message")))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The cause a broken rule stands for (rule ids: `src/oracle/`).
pub(super) fn by_rule(rule: &str) -> Cause {
    let family = rule.split('.').next().unwrap_or(rule);
    match (family, rule) {
        (_, "jsonrpc.response-id" | "jsonrpc.error-id-readable") => Cause::ResponseId,
        ("jsonrpc", _) | (_, "request.answered") => Cause::JsonRpcEnvelope,
        ("body", _) => Cause::MalformedBodyServed,
        ("notification" | "response", _) => Cause::NotificationAnswered,
        ("transport", _) => Cause::MediaType,
        ("sse", _) => Cause::SseFraming,
        ("initialize", _) => Cause::VersionNegotiation,
        ("protocol-version" | "two-faults", _) => Cause::ProtocolVersion,
        // A method of a capability the server did not declare is one it does
        // not implement.
        ("method", _) | (_, "capability.undeclared") => Cause::UnknownMethodServed,
        ("headers", _) => Cause::HeaderMismatch,
        ("batch", _) => Cause::Batch,
        ("get" | "get-delete" | "delete", _) => Cause::GetDelete,
        ("discover", _) => Cause::Discover,
        ("ping" | "list", _) => Cause::Capabilities,
        ("host", _) => Cause::HostCheck,
        ("origin", _) => Cause::OriginNotValidated,
        ("modern", "modern.no-session-id") => Cause::StatefulServer,
        ("modern", _)
        | ("result", _)
        | (
            _,
            "tools-call.result"
            | "resources-read.result"
            | "prompts-get.result"
            | "completion.result",
        ) => Cause::ResultType,
        (_, "tools-call.structured-content" | "tools-call.output-schema") => Cause::OutputSchema,
        ("resources-read", _) => Cause::ResourceErrors,
        ("tools-call" | "prompts-get" | "completion", _) => Cause::InputValidation,
        ("project", _) => Cause::ExpectedResult,
        ("pagination", _) => Cause::Pagination,
        ("platform", _) => Cause::PlatformError,
        _ => Cause::Unexplained,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule the oracle can break has a cause: an unexplained rule is
    /// a gap in this table, not in the server.
    #[test]
    fn the_oracle_s_rules_have_causes() {
        for rule in [
            "jsonrpc.response-id",
            "jsonrpc.error-id-readable",
            "jsonrpc.version",
            "jsonrpc.result-xor-error",
            "jsonrpc.error-shape",
            "request.answered",
            "body.parse-error",
            "body.invalid-request",
            "notification.accepted",
            "notification.no-response",
            "response.accepted",
            "response.modern",
            "transport.request-media",
            "sse.json-data",
            "initialize.version",
            "initialize.same-version",
            "initialize.counter-offer",
            "initialize.counter-offer-not-error",
            "initialize.unsupported",
            "initialize.modern",
            "protocol-version.unsupported",
            "protocol-version.unsupported-code",
            "protocol-version.invalid",
            "protocol-version.invalid-code",
            "protocol-version.mismatch",
            "protocol-version.required",
            "protocol-version.assume-2025-03-26",
            "two-faults",
            "method.unknown-is-error",
            "method.unknown-code",
            "method.not-implemented",
            "headers.mismatch",
            "batch.supported",
            "batch.modern",
            "batch.outside-2025-03-26",
            "get.stream-or-405",
            "get-delete.405",
            "delete.without-session",
            "discover.result",
            "ping.empty-result",
            "list.result",
            "list.answered",
            "capability.undeclared",
            "origin.validate",
            "host.not-loopback",
            "modern.result-type",
            "modern.no-session-id",
            "result.type",
            "tools-call.result",
            "tools-call.served",
            "tools-call.structured-content",
            "tools-call.output-schema",
            "tools-call.invalid-arguments",
            "tools-call.invalid-arguments-code",
            "tools-call.input-errors-in-result",
            "tools-call.unknown-tool",
            "tools-call.unknown-tool-code",
            "resources-read.result",
            "resources-read.served",
            "resources-read.unknown-code",
            "prompts-get.result",
            "prompts-get.served",
            "prompts-get.missing-argument",
            "prompts-get.unknown-code",
            "completion.result",
            "completion.served",
            "pagination.terminates",
            "pagination.stable-cursor",
            "pagination.invalid-cursor",
            "project.expected-result",
            "platform.post-only",
        ] {
            assert_ne!(by_rule(rule), Cause::Unexplained, "{rule}");
        }
    }
}
