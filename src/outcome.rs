//! One line per answer: the normalised outcome that the matrix snapshots
//! and that failure messages quote as "actual".
//!
//! `406 json error(-32600) id="server-error"` or
//! `200 sse result{capabilities,protocolVersion=2025-06-18,serverInfo} id=echo`.
//! Only what is stable between runs and meaningful to the protocol is kept:
//! status, media type, the JSON-RPC shape and id, and a few headers.

use serde_json::Value;

use crate::{
    client::{Body, Exchange},
    protocol::header,
};

/// Result members whose value (not just presence) is part of the outcome.
const SHOWN_RESULT_VALUES: [&str; 3] = ["protocolVersion", "isError", "resultType"];

/// Summarises `exchange`; `request_ids` are the ids the request carried, so
/// the summary can say `id=echo` instead of repeating them.
pub fn summarize(exchange: &Exchange, request_ids: &[Value]) -> String {
    let mut parts = vec![exchange.status.as_u16().to_string()];
    parts.push(media_label(exchange.content_type().as_deref()));
    match &exchange.body {
        Body::Empty => parts.push("empty".to_owned()),
        Body::Text(text) => parts.push(format!("text({})", excerpt(text))),
        Body::Json(Value::Array(items)) => {
            parts.push(format!("batch[{}]", items.len()));
            parts.extend(items.iter().map(|item| describe(item, request_ids)));
        }
        Body::Json(value) => parts.push(describe(value, request_ids)),
        Body::EventStream(stream) => {
            let messages = exchange.messages();
            if messages.is_empty() {
                parts.push("no-messages".to_owned());
            }
            parts.extend(
                messages
                    .iter()
                    .map(|message| describe(message, request_ids)),
            );
            let garbage = stream
                .events
                .iter()
                .filter(|event| !event.data.is_empty())
                .filter(|event| serde_json::from_str::<Value>(&event.data).is_err())
                .count();
            if garbage > 0 {
                parts.push(format!("non-json-events={garbage}"));
            }
            if !stream.ended {
                parts.push("stream-open".to_owned());
            }
        }
    }
    for (name, label) in [
        ("allow", "allow"),
        (header::AWS_ERROR_TYPE, "error-type"),
        ("www-authenticate", "www-authenticate"),
    ] {
        if let Some(value) = exchange.header(name) {
            let value = value.split(':').next().unwrap_or(value);
            let value = if name == "www-authenticate" {
                value.split_whitespace().next().unwrap_or(value)
            } else {
                value
            };
            parts.push(format!("{label}={value}"));
        }
    }
    if exchange.header(header::SESSION_ID).is_some() {
        parts.push("session-id".to_owned());
    }
    parts.join(" ")
}

fn media_label(content_type: Option<&str>) -> String {
    match content_type {
        None => "none".to_owned(),
        Some("application/json") => "json".to_owned(),
        Some("text/event-stream") => "sse".to_owned(),
        Some("text/plain") => "text".to_owned(),
        Some(other) => other.to_owned(),
    }
}

/// `result{keys} id=...`, `error(code) id=...`, `request(method)` or `json{keys}`.
fn describe(message: &Value, request_ids: &[Value]) -> String {
    let Some(object) = message.as_object() else {
        return format!("json({})", excerpt(&message.to_string()));
    };
    let id = match object.get("id") {
        None => "id=absent".to_owned(),
        Some(Value::Null) => "id=null".to_owned(),
        Some(id) if request_ids.contains(id) => "id=echo".to_owned(),
        Some(id) => format!("id={}", excerpt(&id.to_string())),
    };
    if let Some(result) = object.get("result") {
        let keys = match result.as_object() {
            Some(result) => {
                let mut keys: Vec<String> = result
                    .iter()
                    .map(|(key, value)| {
                        if SHOWN_RESULT_VALUES.contains(&key.as_str()) {
                            format!(
                                "{key}={}",
                                value.as_str().map_or(value.to_string(), str::to_owned)
                            )
                        } else {
                            key.clone()
                        }
                    })
                    .collect();
                keys.sort();
                keys.join(",")
            }
            None => format!("not-an-object:{}", excerpt(&result.to_string())),
        };
        format!("result{{{keys}}} {id}")
    } else if let Some(error) = object.get("error") {
        let code = error
            .get("code")
            .map_or_else(|| "no-code".to_owned(), Value::to_string);
        format!("error({code}) {id}")
    } else if let Some(method) = object.get("method").and_then(Value::as_str) {
        format!("message({method})")
    } else {
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        format!("json{{{}}}", keys.join(","))
    }
}

/// The first characters of a text, on one line.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 48;
    let single_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = single_line.trim();
    if trimmed.chars().count() > LIMIT {
        format!("{}…", trimmed.chars().take(LIMIT).collect::<String>())
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sse::{EventStream, SseEvent};
    use http::{HeaderMap, HeaderValue, StatusCode};
    use serde_json::json;

    fn exchange(status: u16, content_type: Option<&str>, body: Body) -> Exchange {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        }
        Exchange {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body,
        }
    }

    #[test]
    fn results_show_sorted_keys_and_key_values() {
        let body = Body::Json(json!({
            "jsonrpc": "2.0", "id": "c1",
            "result": {"serverInfo": {}, "protocolVersion": "2025-06-18", "capabilities": {}}
        }));
        assert_eq!(
            summarize(
                &exchange(200, Some("application/json"), body),
                &[json!("c1")]
            ),
            "200 json result{capabilities,protocolVersion=2025-06-18,serverInfo} id=echo"
        );
    }

    #[test]
    fn errors_show_code_and_foreign_ids() {
        let body = Body::Json(json!({
            "jsonrpc": "2.0", "id": "server-error",
            "error": {"code": -32600, "message": "Not Acceptable"}
        }));
        assert_eq!(
            summarize(
                &exchange(406, Some("application/json"), body),
                &[json!("c1")]
            ),
            "406 json error(-32600) id=\"server-error\""
        );
    }

    #[test]
    fn event_streams_list_messages_and_openness() {
        let stream = EventStream {
            events: vec![
                SseEvent {
                    event: "message".into(),
                    id: Some("0".into()),
                    data: String::new(),
                },
                SseEvent {
                    event: "message".into(),
                    id: None,
                    data: r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700}}"#.into(),
                },
                SseEvent {
                    event: "message".into(),
                    id: None,
                    data: "garbage".into(),
                },
            ],
            ended: false,
        };
        assert_eq!(
            summarize(
                &exchange(200, Some("text/event-stream"), Body::EventStream(stream)),
                &[]
            ),
            "200 sse error(-32700) id=null non-json-events=1 stream-open"
        );
    }

    #[test]
    fn text_and_empty_bodies() {
        let text = Body::Text("Method Not Allowed".into());
        assert_eq!(
            summarize(&exchange(405, Some("text/plain; charset=utf-8"), text), &[]),
            "405 text text(Method Not Allowed)"
        );
        assert_eq!(
            summarize(&exchange(202, None, Body::Empty), &[]),
            "202 none empty"
        );
    }
}
