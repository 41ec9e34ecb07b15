//! The JSON-RPC messages the suite sends, and the conforming HTTP request
//! that carries each of them for a protocol version.

use http::{HeaderName, HeaderValue, header};
use serde_json::{Value, json};

use crate::{
    client::HttpRequest,
    protocol::{self, ProtocolVersion},
};

/// The name this suite introduces itself with in `clientInfo`.
pub const CLIENT_NAME: &str = "mcp-matrix";

/// A JSON-RPC request id. Strings make each case's request recognisable in
/// a server log.
pub type RequestId = Value;

fn client_info() -> Value {
    json!({ "name": CLIENT_NAME, "version": env!("CARGO_PKG_VERSION") })
}

/// `initialize` offering `version` (a free string: unsupported versions are
/// cases too).
pub fn initialize(id: RequestId, version: &str) -> Value {
    initialize_declaring(id, version, json!({}))
}

/// `initialize` offering `version`, declaring the client `capabilities`.
pub fn initialize_declaring(id: RequestId, version: &str, capabilities: Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "initialize",
        "params": {
            "protocolVersion": version,
            "capabilities": capabilities,
            "clientInfo": client_info(),
        }
    })
}

/// The notification that completes the handshake.
pub fn initialized() -> Value {
    json!({ "jsonrpc": "2.0", "method": "notifications/initialized" })
}

/// A request with no parameters, such as `ping` or `tools/list`.
pub fn request(id: RequestId, method: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "method": method })
}

/// `tools/call` of `name` with `arguments`.
pub fn call_tool(id: RequestId, name: &str, arguments: Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "tools/call",
        "params": { "name": name, "arguments": arguments },
    })
}

/// Adds the per-request envelope of 2026-07-28 to a request or notification:
/// `params._meta` with the protocol version and the client capabilities
/// (spec 2026-07-28, basic/index, "_meta"; basic/lifecycle).
pub fn with_envelope(mut message: Value, version: &str) -> Value {
    let Some(object) = message.as_object_mut() else {
        return message;
    };
    let params = object.entry("params").or_insert_with(|| json!({}));
    if let Some(params) = params.as_object_mut() {
        let meta = params.entry("_meta").or_insert_with(|| json!({}));
        if let Some(meta) = meta.as_object_mut() {
            meta.insert(protocol::meta::PROTOCOL_VERSION.to_owned(), json!(version));
            meta.insert(protocol::meta::CLIENT_CAPABILITIES.to_owned(), json!({}));
            meta.insert(protocol::meta::CLIENT_INFO.to_owned(), client_info());
        }
    }
    message
}

/// The method of a message, if it has one.
pub fn method_of(message: &Value) -> Option<&str> {
    message.get("method").and_then(Value::as_str)
}

/// The value of `Mcp-Name` for a message: the tool, prompt or resource it
/// addresses (spec 2026-07-28, basic/transports, "Standard Headers").
pub fn name_of(message: &Value) -> Option<&str> {
    let params = message.get("params")?;
    match method_of(message)? {
        "tools/call" | "prompts/get" => params.get("name")?.as_str(),
        "resources/read" | "resources/subscribe" | "resources/unsubscribe" => {
            params.get("uri")?.as_str()
        }
        _ => None,
    }
}

/// A conforming POST of `message` for `version`:
///
/// - `Accept` lists both media types and `Content-Type` is JSON
///   (spec 2025-03-26 on, basic/transports, "Sending Messages to the Server");
/// - `MCP-Protocol-Version` names the version (spec 2025-06-18 on,
///   "Protocol Version Header"; sent for older versions too, where servers
///   ignore it);
/// - for 2026-07-28, the `_meta` envelope and the `Mcp-Method` / `Mcp-Name`
///   headers that mirror the body.
pub fn conforming_post(version: ProtocolVersion, message: Value) -> HttpRequest {
    let message = if version.is_stateless() {
        with_envelope(message, version.as_str())
    } else {
        message
    };
    let mirrored = version.is_stateless().then_some(&message);
    with_post_headers(HttpRequest::post_json(&message), version.as_str(), mirrored)
}

/// The media headers every POST needs, whatever its version: `Accept` with
/// both media types and `Content-Type: application/json` (spec 2025-03-26
/// on, basic/transports, "Sending Messages to the Server").
pub fn with_media_headers(request: HttpRequest) -> HttpRequest {
    request
        .with_header(
            header::ACCEPT,
            HeaderValue::from_static(protocol::media::ACCEPT_BOTH),
        )
        .with_header(
            header::CONTENT_TYPE,
            HeaderValue::from_static(protocol::media::JSON),
        )
}

/// Sets `MCP-Protocol-Version: <version>` (spec 2025-06-18 on,
/// basic/transports, "Protocol Version Header").
pub fn with_protocol_version(request: HttpRequest, version: &'static str) -> HttpRequest {
    request.with_header(
        HeaderName::from_static(protocol::header::PROTOCOL_VERSION),
        HeaderValue::from_static(version),
    )
}

/// The headers of a conforming POST: `Accept` with both media types,
/// `Content-Type: application/json`, `MCP-Protocol-Version: <version>`,
/// and, when the body must be mirrored (2026-07-28), `Mcp-Method` and
/// `Mcp-Name` taken from `mirrored`.
pub fn with_post_headers(
    request: HttpRequest,
    version: &'static str,
    mirrored: Option<&Value>,
) -> HttpRequest {
    let mut request = with_protocol_version(with_media_headers(request), version);
    let Some(message) = mirrored else {
        return request;
    };
    if let Some(value) = method_of(message).and_then(|m| HeaderValue::from_str(m).ok()) {
        request = request.with_header(HeaderName::from_static(protocol::header::METHOD), value);
    }
    if let Some(name) = name_of(message) {
        request = request.with_header(
            HeaderName::from_static(protocol::header::NAME),
            encoded_header_value(name),
        );
    }
    request
}

/// A value as a 2026-07-28 header carries it (basic/transports/streamable-http,
/// "Value Encoding"): as it is when it is plain visible ASCII (spaces and
/// tabs inside), otherwise, and when it looks like an encoded value itself,
/// `=?base64?<Base64 of its UTF-8>?=`. Tool and prompt names are only
/// SHOULD-constrained and resource URIs not at all, so a target's own names
/// may need it.
pub fn encoded_header_value(value: &str) -> HeaderValue {
    use base64::Engine as _;
    let plain = value
        .bytes()
        .all(|byte| byte == b'\t' || (0x20..=0x7e).contains(&byte))
        && value.trim_matches([' ', '\t']) == value
        && !(value.starts_with("=?base64?") && value.ends_with("?="));
    if plain && let Ok(header) = HeaderValue::from_str(value) {
        return header;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(value.as_bytes());
    HeaderValue::from_str(&format!("=?base64?{encoded}?="))
        .expect("Base64 and the markers are visible ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_keeps_existing_params() {
        let message = with_envelope(call_tool(json!(1), "t", json!({"a": 1})), "2026-07-28");
        assert_eq!(message["params"]["name"], "t");
        assert_eq!(message["params"]["arguments"]["a"], 1);
        let meta = &message["params"]["_meta"];
        assert_eq!(meta[protocol::meta::PROTOCOL_VERSION], "2026-07-28");
        assert!(meta[protocol::meta::CLIENT_CAPABILITIES].is_object());
    }

    #[test]
    fn stateless_posts_mirror_method_and_name_in_headers() {
        let request = conforming_post(
            ProtocolVersion::V2026_07_28,
            call_tool(json!(1), "validate_content", json!({})),
        );
        let header = |name: &'static str| {
            request
                .header(&HeaderName::from_static(name))
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(header("mcp-method").as_deref(), Some("tools/call"));
        assert_eq!(header("mcp-name").as_deref(), Some("validate_content"));
        assert_eq!(
            header("mcp-protocol-version").as_deref(),
            Some("2026-07-28")
        );
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert!(body["params"]["_meta"].is_object());
    }

    #[test]
    fn names_a_header_cannot_carry_plainly_are_base64_encoded() {
        for (name, wanted) in [
            ("get_forecast", "get_forecast"),
            ("file:///tmp/a b.txt", "file:///tmp/a b.txt"),
            ("Hello, \u{4e16}\u{754c}", "=?base64?SGVsbG8sIOS4lueVjA==?="),
            (" padded ", "=?base64?IHBhZGRlZCA=?="),
            ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="),
            ("=?base64?literal?=", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="),
        ] {
            assert_eq!(encoded_header_value(name), wanted, "{name:?}");
        }
    }

    #[test]
    fn handshake_posts_carry_no_envelope() {
        let request = conforming_post(
            ProtocolVersion::V2025_06_18,
            request(json!(1), "tools/list"),
        );
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert!(body.get("params").is_none());
        assert!(
            request
                .header(&HeaderName::from_static("mcp-method"))
                .is_none()
        );
    }
}
