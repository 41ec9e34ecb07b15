//! One stdout line per HTTP request, so a test can tell from the container's
//! log which requests reached the server (the front door must stop bad tokens
//! before they get here) and what each was answered.
//!
//! The line carries the HTTP method, the JSON-RPC method and id when the body
//! is a JSON-RPC message, and the response status. It never carries header
//! values or the body itself: tokens and user content stay out of logs.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    middleware::Next,
    response::Response,
};
use serde_json::Value;

/// Largest body the log layer will buffer to read the JSON-RPC method. It
/// matches rmcp's own default POST limit, so buffering never accepts what the
/// transport would refuse.
const MAX_LOGGED_BODY: usize = 4 * 1024 * 1024;

pub async fn log_request(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let http_method = parts.method.clone();
    let bytes = match to_bytes(body, MAX_LOGGED_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            println!("request http={http_method} rpc=- id=- status=413");
            return Response::builder()
                .status(413)
                .body(Body::from("Payload Too Large"))
                .unwrap_or_default();
        }
    };
    let (rpc_method, rpc_id) = describe_jsonrpc(&bytes);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    println!(
        "request http={http_method} rpc={rpc_method} id={rpc_id} status={}",
        response.status().as_u16()
    );
    response
}

/// The JSON-RPC method and id of a body, or `-` for what is not there.
/// A batch is described as `batch[n]`.
fn describe_jsonrpc(body: &[u8]) -> (String, String) {
    let none = || "-".to_owned();
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(items)) => (format!("batch[{}]", items.len()), none()),
        Ok(Value::Object(message)) => (
            message
                .get("method")
                .and_then(Value::as_str)
                .map_or_else(none, sanitize),
            message
                .get("id")
                .map_or_else(none, |id| sanitize(&id.to_string())),
        ),
        Ok(_) => ("not-an-object".to_owned(), none()),
        Err(_) if body.is_empty() => (none(), none()),
        Err(_) => ("not-json".to_owned(), none()),
    }
}

/// Keeps a log line on one line and of bounded length, whatever the client sent.
fn sanitize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && *c != ' ')
        .take(128)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_requests_notifications_batches_and_garbage() {
        let describe = |body: &str| describe_jsonrpc(body.as_bytes());
        assert_eq!(
            describe(r#"{"jsonrpc":"2.0","id":"a b","method":"tools/list"}"#),
            ("tools/list".into(), r#""ab""#.into())
        );
        assert_eq!(
            describe(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            ("notifications/initialized".into(), "-".into())
        );
        assert_eq!(describe("[{},{}]"), ("batch[2]".into(), "-".into()));
        assert_eq!(describe("not json"), ("not-json".into(), "-".into()));
        assert_eq!(describe(""), ("-".into(), "-".into()));
        assert_eq!(describe("42"), ("not-an-object".into(), "-".into()));
    }

    #[test]
    fn log_fields_stay_on_one_line() {
        assert_eq!(sanitize("tools/list\n\rX"), "tools/listX");
        assert_eq!(sanitize(&"x".repeat(500)).len(), 128);
    }
}
