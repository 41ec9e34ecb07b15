//! How the suite, as a client, answers the requests a server sends it.
//!
//! A server may send requests of its own on the event stream of a POST and
//! wait for the client's answer before it sends the POST's response (spec
//! 2025-06-18 on, basic/transports, "Sending Messages to the Server"). The
//! client answers with a POST of the JSON-RPC response, in the same session
//! (see [`crate::sessions`]). The answers are those of a cooperative user,
//! so that a tool that asks goes on to its result:
//!
//! - `elicitation/create` (client/elicitation): `accept`, with content
//!   synthesized from the request's `requestedSchema` (the same synthesis
//!   as a tool's arguments); `decline` when none can be made, which is a
//!   valid answer too;
//! - `sampling/createMessage` (client/sampling): one assistant text;
//! - `roots/list` (client/roots): no roots;
//! - `ping` (basic/utilities/ping): the empty result;
//! - any other method: -32601, method not found (JSON-RPC 2.0).
//!
//! The client declares the capabilities these answer in its `initialize`
//! ([`client_capabilities`]).

use serde_json::{Value, json};

use crate::{arguments::InputSchema, protocol::ProtocolVersion};

/// The capabilities a client that answers as this module does declares in
/// `initialize` for `version`: sampling (all versions) and elicitation
/// (2025-06-18 on; 2026-07-28 has no server-to-client requests, and no
/// `initialize`).
pub fn client_capabilities(version: ProtocolVersion) -> Value {
    if version >= ProtocolVersion::V2025_06_18 {
        json!({ "sampling": {}, "elicitation": {} })
    } else {
        json!({ "sampling": {} })
    }
}

/// The JSON-RPC response to `request`, a request from the server.
pub fn answer(request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let outcome = match request.get("method").and_then(Value::as_str) {
        Some("elicitation/create") => Ok(elicitation(&params)),
        Some("sampling/createMessage") => Ok(json!({
            "role": "assistant",
            "content": { "type": "text", "text": "mcp-matrix answers every sampling request with this text" },
            "model": "mcp-matrix",
            "stopReason": "endTurn",
        })),
        Some("roots/list") => Ok(json!({ "roots": [] })),
        Some("ping") => Ok(json!({})),
        Some(method) => Err(format!("mcp-matrix does not answer {method}")),
        None => Err("the request names no method".to_owned()),
    };
    match outcome {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(message) => json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": -32601, "message": message },
        }),
    }
}

/// `accept` with content valid against `requestedSchema`, else `decline`.
/// A URL-mode elicitation (2025-11-25, `mode: "url"`) is declined: there
/// is no user to open the URL.
fn elicitation(params: &Value) -> Value {
    if params.get("mode").and_then(Value::as_str) == Some("url") {
        return json!({ "action": "decline" });
    }
    let content = params
        .get("requestedSchema")
        .and_then(|schema| InputSchema::new(schema).ok())
        .and_then(|schema| schema.synthesize().ok());
    match content {
        Some(content) => json!({ "action": "accept", "content": content }),
        None => json!({ "action": "decline" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_elicitation_is_accepted_with_content_its_schema_takes() {
        let request = json!({
            "jsonrpc": "2.0", "id": 7, "method": "elicitation/create",
            "params": {
                "message": "Go ahead?",
                "requestedSchema": {
                    "type": "object",
                    "properties": { "confirm": { "type": "boolean" } },
                    "required": ["confirm"],
                },
            },
        });
        let answer = answer(&request);
        assert_eq!(answer["id"], 7);
        assert_eq!(answer["result"]["action"], "accept");
        assert!(answer["result"]["content"]["confirm"].is_boolean());
    }

    #[test]
    fn an_elicitation_without_a_usable_schema_or_by_url_is_declined() {
        for params in [
            json!({ "message": "?" }),
            json!({ "mode": "url", "url": "https://example.com", "message": "?" }),
        ] {
            let request = json!({ "jsonrpc": "2.0", "id": "e", "method": "elicitation/create", "params": params });
            assert_eq!(answer(&request)["result"]["action"], "decline");
        }
    }

    #[test]
    fn other_requests_get_their_result_or_method_not_found() {
        let ask = |method: &str| answer(&json!({ "jsonrpc": "2.0", "id": 1, "method": method }));
        assert_eq!(ask("ping")["result"], json!({}));
        assert_eq!(ask("roots/list")["result"]["roots"], json!([]));
        assert_eq!(ask("sampling/createMessage")["result"]["role"], "assistant");
        assert_eq!(ask("tasks/get")["error"]["code"], -32601);
    }

    #[test]
    fn elicitation_is_declared_from_2025_06_18() {
        assert!(client_capabilities(ProtocolVersion::V2025_03_26)["elicitation"].is_null());
        assert!(client_capabilities(ProtocolVersion::V2025_06_18)["elicitation"].is_object());
    }
}
