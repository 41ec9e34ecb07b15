//! What a call's event stream carries before its result: progress
//! notifications, and the server's own requests.
//!
//! Every valid `tools/call` of a case carries `_meta.progressToken` (the
//! case id), as clients that show progress do, so any server that reports
//! progress does so here. What it sends is held to the progress rules of
//! its version:
//!
//! - each `notifications/progress` names a token: "Progress notifications
//!   MUST only reference tokens that were provided in an active request";
//!   on a call's stream it names that call's (the stream's messages
//!   "SHOULD relate to the originating client request", basic/transports:
//!   another request of the session is still active, so that is a SHOULD);
//! - its `progress` increases: "The progress value MUST increase with each
//!   notification, even if the total is unknown";
//! - none follows the response: the token is then no longer "associated
//!   with an in-progress operation".
//!
//! A tool whose project file says `expect = { progress = true }` must send
//! at least one; one that says `elicitation = true` must ask the client
//! with `elicitation/create` where the protocol lets it (a session of
//! 2025-06-18 or 2025-11-25), and the suite, answering as a cooperative
//! user ([`crate::server_requests`]), must then get the tool's result.

use serde_json::Value;

use super::{Clause, Finding, Strength, clause};
use crate::{
    case::{ArgumentsSource, Case, Method},
    client::Exchange,
    protocol::ProtocolVersion,
    surface::SessionMode,
};

/// The findings about the messages that came before the response to
/// `case`'s request.
pub fn check(case: &Case, exchange: &Exchange, session: SessionMode) -> Vec<Finding> {
    if case.method != Method::ToolsCall {
        return Vec::new();
    }
    let Some(id) = case.request_id() else {
        return Vec::new();
    };
    let messages = exchange.messages();
    let answered_at = messages
        .iter()
        .position(|message| message.get("id") == Some(&id) && message.get("method").is_none());
    let mut findings = progress(case, &id, &messages, answered_at);
    if let Some(call) = case.tool_call()
        && call.arguments != ArgumentsSource::Broken
        && let Some(expected) = &call.expected
        && let Some(answered_at) = answered_at
    {
        let before = &messages[..answered_at];
        let project = |rule, expected: String| Finding {
            rule,
            strength: Strength::Must,
            clause: Clause {
                document: format!("mcp-matrix.toml [tools.{}]", call.name),
                section: "expect",
            },
            expected,
        };
        // Only a call the tool ran (answered with a result) had the chance.
        let ran = messages[answered_at].get("result").is_some();
        let names_the_call = |message: &Value| {
            is_progress(message)
                && message
                    .get("params")
                    .and_then(|params| params.get("progressToken"))
                    == Some(&id)
        };
        if expected.progress && ran && !before.iter().any(names_the_call) {
            findings.push(project(
                "project.expected-progress",
                format!(
                    "tool `{}` reports progress, as mcp-matrix.toml expects: at least one \
                     notifications/progress with the call's progressToken before the result; \
                     none came",
                    call.name
                ),
            ));
        }
        if expected.elicitation && can_elicit(case, session) {
            let asked = before.iter().any(|message| {
                message.get("method").and_then(Value::as_str) == Some("elicitation/create")
            });
            let result_is_error = messages[answered_at]
                .get("result")
                .is_none_or(|result| result.get("isError") == Some(&Value::Bool(true)));
            if !asked || result_is_error {
                findings.push(project(
                    "project.expected-elicitation",
                    format!(
                        "tool `{}` asks the client with elicitation/create before its result, as \
                         mcp-matrix.toml expects, and, the suite having accepted, returns a \
                         result that is not an error; {}",
                        call.name,
                        if asked {
                            "it asked, but its answer is an error (did the client's reply reach \
                             the server's session?)"
                        } else {
                            "it never asked"
                        }
                    ),
                ));
            }
        }
    }
    findings
}

/// Whether the server can ask the client in `case`: within a session of a
/// version with `elicitation/create` (2025-06-18 on) that still has
/// server-to-client requests (2026-07-28 has none).
fn can_elicit(case: &Case, session: SessionMode) -> bool {
    session == SessionMode::Stateful
        && case.version.known().is_some_and(|version| {
            version >= ProtocolVersion::V2025_06_18 && version.has_initialize()
        })
}

fn is_progress(message: &Value) -> bool {
    message.get("method").and_then(Value::as_str) == Some("notifications/progress")
}

/// The progress rules, over every progress notification of the stream.
fn progress(
    case: &Case,
    token: &Value,
    messages: &[Value],
    answered_at: Option<usize>,
) -> Vec<Finding> {
    let mut problems = Vec::new();
    let mut foreign = Vec::new();
    let mut last: Option<f64> = None;
    for (at, message) in messages
        .iter()
        .enumerate()
        .filter(|(_, message)| is_progress(message))
    {
        let params = message.get("params");
        let named = params.and_then(|params| params.get("progressToken"));
        match named {
            None => {
                problems.push("a notifications/progress names no progressToken".to_owned());
                continue;
            }
            Some(named) if named != token => {
                foreign.push(format!("the token {named}, not the call's {token}"));
                continue;
            }
            Some(_) => {}
        }
        if answered_at.is_some_and(|answered_at| at > answered_at) {
            problems.push("a notifications/progress follows the call's response".to_owned());
        }
        match params
            .and_then(|params| params.get("progress"))
            .and_then(Value::as_f64)
        {
            None => problems.push("a notifications/progress has no numeric progress".to_owned()),
            Some(value) => {
                if let Some(previous) = last
                    && value <= previous
                {
                    problems.push(format!(
                        "progress went from {previous} to {value}: it must increase with each \
                         notification"
                    ));
                }
                last = Some(value);
            }
        }
    }
    let mut findings = Vec::new();
    if !problems.is_empty() {
        findings.push(Finding {
            rule: "progress.notifications",
            strength: Strength::Must,
            clause: clause::progress(case.version),
            expected: format!(
                "progress notifications name a token, increase, and stop once the call is \
                 answered: {}",
                problems.join("; ")
            ),
        });
    }
    if !foreign.is_empty() {
        findings.push(Finding {
            rule: "progress.of-the-call",
            strength: Strength::Should,
            clause: clause::sending_messages(case.version),
            expected: format!(
                "the messages of a call's stream relate to that call: its progress \
                 notifications name its token; these name {}",
                foreign.join("; ")
            ),
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        case::{CaseVersion, Subject, ToolCall, Variant},
        client::Body,
        project::ExpectedResult,
        sse::{EventStream, SseEvent},
    };
    use serde_json::json;

    fn call(expected: ExpectedResult) -> Case {
        let subject = Subject::new(
            "count_down".to_owned(),
            json!({ "name": "count_down", "arguments": { "steps": 2 } }),
            true,
            crate::case::Addressed::Tool(ToolCall {
                name: "count_down".to_owned(),
                output_schema: None,
                expected: Some(expected),
                arguments: ArgumentsSource::Example,
            }),
        );
        Case::of_subject(
            CaseVersion::V2025_06_18,
            Method::ToolsCall,
            subject,
            Variant::Baseline,
        )
    }

    fn streamed(messages: &[Value]) -> Exchange {
        Exchange {
            status: http::StatusCode::OK,
            headers: http::HeaderMap::new(),
            body: Body::EventStream(EventStream {
                events: messages
                    .iter()
                    .map(|message| SseEvent {
                        event: "message".to_owned(),
                        id: None,
                        data: message.to_string(),
                    })
                    .collect(),
                ended: true,
            }),
        }
    }

    fn progress_of(token: &Value, progress: f64) -> Value {
        json!({ "jsonrpc": "2.0", "method": "notifications/progress",
                "params": { "progressToken": token, "progress": progress } })
    }

    fn rules(case: &Case, messages: &[Value], session: SessionMode) -> Vec<&'static str> {
        check(case, &streamed(messages), session)
            .into_iter()
            .map(|finding| finding.rule)
            .collect()
    }

    #[test]
    fn progress_that_names_the_call_and_increases_is_right() {
        let case = call(ExpectedResult {
            progress: true,
            ..Default::default()
        });
        let id = case.request_id().unwrap();
        let response = json!({ "jsonrpc": "2.0", "id": id, "result": { "content": [] } });
        let messages = [progress_of(&id, 1.0), progress_of(&id, 2.0), response];
        assert!(rules(&case, &messages, SessionMode::Stateless).is_empty());
    }

    #[test]
    fn progress_that_goes_back_names_no_token_or_comes_late_is_a_must() {
        let case = call(ExpectedResult::default());
        let id = case.request_id().unwrap();
        let response = json!({ "jsonrpc": "2.0", "id": id, "result": { "content": [] } });
        for messages in [
            vec![
                progress_of(&id, 2.0),
                progress_of(&id, 1.0),
                response.clone(),
            ],
            vec![
                json!({ "jsonrpc": "2.0", "method": "notifications/progress",
                        "params": { "progress": 1 } }),
                response.clone(),
            ],
            vec![response.clone(), progress_of(&id, 1.0)],
        ] {
            assert_eq!(
                rules(&case, &messages, SessionMode::Stateless),
                ["progress.notifications"],
                "{messages:?}"
            );
        }
    }

    #[test]
    fn what_the_project_file_expects_must_come() {
        let case = call(ExpectedResult {
            progress: true,
            elicitation: true,
            ..Default::default()
        });
        let id = case.request_id().unwrap();
        let response = json!({ "jsonrpc": "2.0", "id": id, "result": { "content": [] } });
        assert_eq!(
            rules(
                &case,
                std::slice::from_ref(&response),
                SessionMode::Stateful
            ),
            ["project.expected-progress", "project.expected-elicitation"]
        );
        // Without a session, the server cannot ask.
        assert_eq!(
            rules(
                &case,
                std::slice::from_ref(&response),
                SessionMode::Stateless
            ),
            ["project.expected-progress"]
        );
        let asked = json!({ "jsonrpc": "2.0", "id": 0, "method": "elicitation/create",
                            "params": { "message": "?", "requestedSchema": { "type": "object" } } });
        let failed =
            json!({ "jsonrpc": "2.0", "id": id, "result": { "content": [], "isError": true } });
        assert_eq!(
            rules(
                &case,
                &[progress_of(&id, 1.0), asked.clone(), failed],
                SessionMode::Stateful
            ),
            ["project.expected-elicitation"]
        );
        assert_eq!(
            rules(
                &case,
                &[
                    progress_of(&json!("other"), 1.0),
                    asked.clone(),
                    response.clone()
                ],
                SessionMode::Stateful
            ),
            ["progress.of-the-call", "project.expected-progress"],
            "another active request's token is a SHOULD, and not the call's progress"
        );
        assert!(
            rules(
                &case,
                &[progress_of(&id, 1.0), asked, response],
                SessionMode::Stateful
            )
            .is_empty()
        );
    }
}
