//! The official Python SDK peers as test targets: the harness creates their
//! virtualenvs, starts them and answers through them like through the
//! reference server.

use std::sync::Arc;

use crate::common::python_peer;

use http::{HeaderValue, StatusCode, header};
use mcp_matrix::{
    client::{Exchange, McpClient},
    environment::{PythonPeer, PythonSdk},
    message::{self, conforming_post},
    protocol::ProtocolVersion,
};
use rstest::rstest;
use serde_json::{Value, json};

const VERSION: ProtocolVersion = ProtocolVersion::V2025_06_18;

async fn send(peer: &PythonPeer, request: &mcp_matrix::client::HttpRequest) -> Exchange {
    let client = McpClient::new(peer.endpoint()).expect("the peer's endpoint is a URL");
    client.send(request).await.unwrap_or_else(|error| {
        panic!(
            "sending to {} ({}): {error}\nits stderr:\n{}",
            peer.endpoint(),
            peer.label(),
            peer.stderr_tail().join("\n")
        )
    })
}

/// The one JSON-RPC response of an answer, checked to be 200.
fn response(peer: &PythonPeer, exchange: &Exchange) -> Value {
    assert_eq!(
        exchange.status,
        StatusCode::OK,
        "{}: {exchange:?}",
        peer.label()
    );
    let mut messages = exchange.messages();
    assert_eq!(messages.len(), 1, "{}: {exchange:?}", peer.label());
    messages.remove(0)
}

async fn call_validate_content(peer: &PythonPeer, arguments: Value) -> Value {
    let call = message::call_tool(json!("call-1"), "validate_content", arguments);
    let exchange = send(peer, &conforming_post(VERSION, call)).await;
    response(peer, &exchange)["result"].clone()
}

fn rules(result: &Value) -> Vec<&str> {
    result["structuredContent"]["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .filter_map(|finding| finding["rule"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[rstest]
#[tokio::test]
async fn tools_list_and_validate_content_answer(
    #[values(PythonSdk::V1, PythonSdk::V2)] sdk: PythonSdk,
) {
    let peer = python_peer(sdk).await;

    let list = message::request(json!("list-1"), "tools/list");
    let listed = response(&peer, &send(&peer, &conforming_post(VERSION, list)).await);
    let names: Vec<&str> = listed["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{sdk}: tools/list has no tools: {listed}"))
        .iter()
        .filter_map(|tool| tool["name"].as_str())
        .collect();
    assert_eq!(names, ["validate_content"], "{sdk}");

    let result = call_validate_content(
        &peer,
        json!({
            "content": "Buy cheap pills now",
            "max_length": 10,
            "forbidden_terms": ["CHEAP"],
            "require_disclaimer": true,
        }),
    )
    .await;
    let structured = &result["structuredContent"];
    assert_eq!(structured["valid"], json!(false), "{sdk}: {result}");
    assert!(structured["findings"].is_array(), "{sdk}: {result}");
    assert_eq!(
        rules(&result),
        ["max_length", "forbidden_term", "missing_disclaimer"],
        "{sdk}: {result}"
    );
    assert_eq!(
        structured["findings"][1]["span"],
        json!({"start": 4, "end": 9}),
        "{sdk}"
    );
}

/// The rules agree with the Rust reference server (server/src/validation.rs).
#[rstest]
#[tokio::test]
async fn validate_content_follows_the_reference_rules(
    #[values(PythonSdk::V1, PythonSdk::V2)] sdk: PythonSdk,
) {
    let peer = python_peer(sdk).await;

    let blank = call_validate_content(&peer, json!({"content": " \t\n\u{2003}"})).await;
    assert_eq!(rules(&blank), ["empty_content"], "{sdk}: {blank}");

    let unicode = call_validate_content(
        &peer,
        json!({"content": "naïve café", "forbidden_terms": ["CAFÉ"]}),
    )
    .await;
    assert_eq!(
        unicode["structuredContent"]["findings"][0]["span"],
        json!({"start": 6, "end": 10}),
        "{sdk}: spans count characters, not bytes"
    );

    let empty_term = call_validate_content(
        &peer,
        json!({"content": "text", "forbidden_terms": ["ok", ""]}),
    )
    .await;
    assert_eq!(empty_term["isError"], json!(true), "{sdk}: {empty_term}");
    let text = empty_term["content"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        text.contains(
            "Invalid arguments for validate_content: forbidden_terms[1] is empty; \
             every term must contain at least one character"
        ),
        "{sdk}: {empty_term}"
    );
}

/// The peers run as on AgentCore, with the SDK's Host/Origin checks off
/// (host="0.0.0.0"), although they listen on loopback only.
#[rstest]
#[tokio::test]
async fn foreign_host_headers_are_accepted(#[values(PythonSdk::V1, PythonSdk::V2)] sdk: PythonSdk) {
    let peer = python_peer(sdk).await;
    assert!(
        peer.endpoint().starts_with("http://127.0.0.1:"),
        "{sdk}: {}",
        peer.endpoint()
    );
    let request = conforming_post(VERSION, message::request(json!("ping-1"), "ping"))
        .with_header(
            header::HOST,
            HeaderValue::from_static("bedrock-agentcore.example.com"),
        )
        .with_header(
            header::ORIGIN,
            HeaderValue::from_static("https://console.example.com"),
        );
    let pong = response(&peer, &send(&peer, &request).await);
    assert_eq!(pong["result"], json!({}), "{sdk}: {pong}");
}

#[rstest]
#[tokio::test]
async fn the_peer_is_shared_within_the_process(
    #[values(PythonSdk::V1, PythonSdk::V2)] sdk: PythonSdk,
) {
    let first = python_peer(sdk).await;
    let second = python_peer(sdk).await;
    assert_eq!(first.endpoint(), second.endpoint());
    assert!(Arc::ptr_eq(&first, &second));
    assert_eq!(first.label(), sdk.label());
}
