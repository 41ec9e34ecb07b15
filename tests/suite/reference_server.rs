//! First contact with the server under test: the handshake and the tool, for
//! every protocol version, each answer compared with a committed snapshot.

use mcp_matrix::{
    client::{Exchange, McpClient},
    environment::shared_local_server,
    message::{self, conforming_post},
    observation::Observation,
    protocol::ProtocolVersion,
};
use rstest::rstest;
use serde_json::json;

async fn client() -> McpClient {
    let server = shared_local_server()
        .await
        .unwrap_or_else(|error| panic!("no server under test: {error}"));
    McpClient::new(server.endpoint()).expect("the container's endpoint is a URL")
}

async fn send(
    client: &McpClient,
    version: ProtocolVersion,
    message: serde_json::Value,
) -> Exchange {
    let request = conforming_post(version, message);
    client
        .send(&request)
        .await
        .unwrap_or_else(|error| panic!("sending to {}: {error}", client.endpoint()))
}

fn valid_arguments() -> serde_json::Value {
    json!({
        "content": "Buy cheap pills now",
        "max_length": 10,
        "forbidden_terms": ["CHEAP"],
        "require_disclaimer": true,
    })
}

/// Snapshots live under the top-level `snapshots/`, one folder per target.
macro_rules! assert_observations {
    ($name:expr, $observations:expr) => {
        insta::with_settings!({
            snapshot_path => "../../snapshots/reference",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_yaml_snapshot!($name, $observations, {
                ".**.serverInfo.version" => "[version]",
                ".**[\"io.modelcontextprotocol/serverInfo\"].version" => "[version]",
            });
        });
    };
}

#[rstest]
#[tokio::test]
async fn handshake_versions_initialize_list_and_call(
    #[values(
        ProtocolVersion::V2024_11_05,
        ProtocolVersion::V2025_03_26,
        ProtocolVersion::V2025_06_18,
        ProtocolVersion::V2025_11_25
    )]
    version: ProtocolVersion,
) {
    let client = client().await;
    let steps = [
        (
            "initialize",
            message::initialize(json!("init-1"), version.as_str()),
        ),
        ("notifications/initialized", message::initialized()),
        (
            "tools/list",
            message::request(json!("list-1"), "tools/list"),
        ),
        (
            "tools/call",
            message::call_tool(json!("call-1"), "validate_content", valid_arguments()),
        ),
    ];
    let mut observations = Vec::new();
    for (step, body) in steps {
        let exchange = send(&client, version, body).await;
        observations.push(json!({ "step": step, "response": Observation::of(&exchange) }));
    }

    let initialize = &observations[0]["response"]["body"]["event_stream"]["messages"][0];
    assert_eq!(
        initialize["result"]["protocolVersion"],
        version.as_str(),
        "the server must agree to a version it supports (spec {version}, basic/lifecycle)"
    );
    assert_observations!(format!("first_contact_{version}"), observations);
}

#[tokio::test]
async fn stateless_version_discovers_and_calls() {
    let version = ProtocolVersion::V2026_07_28;
    let client = client().await;
    let discover = send(
        &client,
        version,
        message::request(json!("discover-1"), "server/discover"),
    )
    .await;
    let call = send(
        &client,
        version,
        message::call_tool(json!("call-1"), "validate_content", valid_arguments()),
    )
    .await;

    let discovered = discover.messages();
    let supported = &discovered[0]["result"]["supportedVersions"];
    assert!(
        supported
            .as_array()
            .is_some_and(|versions| versions.contains(&json!(version.as_str()))),
        "server/discover must list {version}: {supported}"
    );
    let observations = json!([
        { "step": "server/discover", "response": Observation::of(&discover) },
        { "step": "tools/call", "response": Observation::of(&call) },
    ]);
    assert_observations!(format!("first_contact_{version}"), observations);
}
