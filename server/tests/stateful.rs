//! arc-server's stateful mode (`ARC_STATEFUL=1`), spoken to over plain HTTP
//! with explicit headers, as a client's wire would carry it.
//!
//! Each test starts the built binary on a free loopback port and stops it
//! when the test ends. The default, stateless mode is checked too, so the
//! opt-in stays opt-in.

use std::{process::Stdio, time::Duration};

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    time::timeout,
};

const READY_LINE: &str = "arc-server ready: listening on ";
const SESSION_HEADER: &str = "mcp-session-id";
const VERSION_HEADER: &str = "mcp-protocol-version";
/// The longest any single wait in these tests may take.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running arc-server; killed when dropped.
struct Server {
    _child: Child,
    url: String,
    http: Client,
}

impl Server {
    async fn start(stateful: bool) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_arc-server"));
        command
            .env("ARC_SERVER_ADDRESS", "127.0.0.1:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if stateful {
            command.env("ARC_STATEFUL", "1");
        } else {
            command.env_remove("ARC_STATEFUL");
        }
        let mut child = command.spawn().expect("start arc-server");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let ready = timeout(PATIENCE, lines.next_line())
            .await
            .expect("arc-server ready in time")
            .expect("read stdout")
            .expect("a ready line");
        let url = ready
            .strip_prefix(READY_LINE)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected ready line: {ready}"))
            .to_owned();
        // Keep draining the request log so the pipe never fills.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let http = Client::builder().no_proxy().build().expect("http client");
        Self {
            _child: child,
            url,
            http,
        }
    }

    /// POSTs one JSON-RPC message. `version` goes into `MCP-Protocol-Version`.
    async fn post(&self, session: Option<&str>, version: Option<&str>, body: Value) -> Response {
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(body.to_string());
        if let Some(session) = session {
            request = request.header(SESSION_HEADER, session);
        }
        if let Some(version) = version {
            request = request.header(VERSION_HEADER, version);
        }
        timeout(PATIENCE, request.send())
            .await
            .expect("answer in time")
            .expect("POST")
    }

    async fn get(&self, session: Option<&str>) -> Response {
        let mut request = self
            .http
            .get(&self.url)
            .header("accept", "text/event-stream");
        if let Some(session) = session {
            request = request.header(SESSION_HEADER, session);
        }
        timeout(PATIENCE, request.send())
            .await
            .expect("answer in time")
            .expect("GET")
    }

    async fn delete(&self, session: &str) -> Response {
        let request = self.http.delete(&self.url).header(SESSION_HEADER, session);
        timeout(PATIENCE, request.send())
            .await
            .expect("answer in time")
            .expect("DELETE")
    }

    /// Runs the handshake at `version` and returns the session id, if any.
    async fn initialize(&self, version: &str, capabilities: Value) -> Option<String> {
        let response = self
            .post(
                None,
                None,
                json!({
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {
                        "protocolVersion": version,
                        "capabilities": capabilities,
                        "clientInfo": {"name": "arc-server-tests", "version": "0"}
                    }
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let session = response
            .headers()
            .get(SESSION_HEADER)
            .map(|value| value.to_str().expect("ASCII session id").to_owned());
        let result = Sse::of(response).expect_result(1).await;
        assert_eq!(result["protocolVersion"], version);
        let initialized = self
            .post(
                session.as_deref(),
                Some(version),
                json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            )
            .await;
        assert_eq!(initialized.status(), StatusCode::ACCEPTED);
        session
    }
}

/// The JSON-RPC messages of an SSE response, one at a time.
struct Sse {
    response: Response,
    buffer: String,
}

impl Sse {
    fn of(response: Response) -> Self {
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with("text/event-stream"),
            "expected an SSE response, got {content_type:?}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event that carries a JSON-RPC message (priming events and
    /// keep-alive comments carry none), or `None` when the stream ends.
    async fn next_message(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let data: Vec<&str> = event
                    .lines()
                    .filter_map(|line| line.strip_prefix("data:"))
                    .map(|data| data.strip_prefix(' ').unwrap_or(data))
                    .collect();
                let data = data.join("\n");
                if data.trim().is_empty() {
                    continue;
                }
                return Some(serde_json::from_str(&data).expect("JSON-RPC message in SSE data"));
            }
            let chunk = timeout(PATIENCE, self.response.chunk())
                .await
                .expect("next SSE chunk in time")
                .expect("read SSE body")?;
            self.buffer
                .push_str(&String::from_utf8_lossy(&chunk).replace("\r\n", "\n"));
        }
    }

    async fn expect_message(&mut self) -> Value {
        self.next_message().await.expect("another message")
    }

    /// Reads up to the response to `id` and returns its `result`.
    async fn expect_result(&mut self, id: i64) -> Value {
        let message = self.expect_message().await;
        assert_eq!(message["id"], id, "{message}");
        message
            .get("result")
            .unwrap_or_else(|| panic!("a result: {message}"))
            .clone()
    }
}

fn tools_list(id: i64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/list"})
}

fn call(id: i64, name: &str, arguments: Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments}
    })
}

fn text_of(result: &Value) -> &str {
    result["content"][0]["text"].as_str().expect("text content")
}

const V: &str = "2025-06-18";

#[tokio::test]
async fn initialize_issues_a_session_that_later_requests_need() {
    let server = Server::start(true).await;
    let session = server
        .initialize(V, json!({}))
        .await
        .expect("Mcp-Session-Id");
    assert!(!session.is_empty());

    let missing = server.post(None, Some(V), tools_list(2)).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        missing.text().await.unwrap(),
        "Bad Request: Session ID is required"
    );

    let unknown = server
        .post(Some("no-such-session"), Some(V), tools_list(3))
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.text().await.unwrap(),
        "Not Found: Session not found"
    );

    let served = server.post(Some(&session), Some(V), tools_list(4)).await;
    assert_eq!(served.status(), StatusCode::OK);
    let result = Sse::of(served).expect_result(4).await;
    let names: Vec<&str> = result["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .map(|tool| tool["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["validate_content", "count_down", "confirm_action"]);
    for tool in &result["tools"].as_array().unwrap()[1..] {
        assert_eq!(tool["annotations"]["readOnlyHint"], true, "{tool}");
    }
}

#[tokio::test]
async fn count_down_streams_progress_before_its_result() {
    let server = Server::start(true).await;
    let session = server.initialize(V, json!({})).await.expect("session");

    let mut request = call(2, "count_down", json!({"steps": 3}));
    request["params"]["_meta"] = json!({"progressToken": "countdown-1"});
    let response = server.post(Some(&session), Some(V), request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut stream = Sse::of(response);

    for step in 1..=3 {
        let message = stream.expect_message().await;
        assert_eq!(message["method"], "notifications/progress", "{message}");
        assert!(message.get("id").is_none(), "a notification: {message}");
        let params = &message["params"];
        assert_eq!(params["progressToken"], "countdown-1");
        assert_eq!(params["progress"].as_f64(), Some(f64::from(step)));
        assert_eq!(params["total"].as_f64(), Some(3.0));
    }
    let result = stream.expect_result(2).await;
    assert_eq!(result["isError"], false);
    assert_eq!(text_of(&result), "done after 3 steps");
    assert!(stream.next_message().await.is_none(), "the stream ends");

    // Without a progress token: no notifications, the same result.
    let response = server
        .post(
            Some(&session),
            Some(V),
            call(3, "count_down", json!({"steps": 2})),
        )
        .await;
    let result = Sse::of(response).expect_result(3).await;
    assert_eq!(text_of(&result), "done after 2 steps");

    // Out of range: before 2025-11-25 a protocol error, as for validate_content.
    let response = server
        .post(
            Some(&session),
            Some(V),
            call(4, "count_down", json!({"steps": 11})),
        )
        .await;
    let message = Sse::of(response).expect_message().await;
    assert_eq!(message["error"]["code"], -32602, "{message}");
}

#[tokio::test]
async fn confirm_action_elicits_on_the_request_stream() {
    let server = Server::start(true).await;
    let session = server
        .initialize(V, json!({"elicitation": {}}))
        .await
        .expect("session");

    let answers = [
        (
            json!({"action": "accept", "content": {"confirm": true}}),
            "confirmed: deploy v2",
        ),
        (
            json!({"action": "accept", "content": {"confirm": false}}),
            "declined: deploy v2",
        ),
        (json!({"action": "decline"}), "declined: deploy v2"),
        (json!({"action": "cancel"}), "cancelled"),
    ];
    for (call_id, (answer, expected)) in (10..).zip(answers) {
        let response = server
            .post(
                Some(&session),
                Some(V),
                call(call_id, "confirm_action", json!({"action": "deploy v2"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let mut stream = Sse::of(response);

        let elicitation = stream.expect_message().await;
        assert_eq!(elicitation["method"], "elicitation/create", "{elicitation}");
        let params = &elicitation["params"];
        assert!(
            params["message"]
                .as_str()
                .is_some_and(|message| message.contains("deploy v2")),
            "{params}"
        );
        let schema = &params["requestedSchema"];
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"]["confirm"]["type"], "boolean");
        assert_eq!(schema["properties"].as_object().unwrap().len(), 1);

        let reply = json!({"jsonrpc": "2.0", "id": elicitation["id"], "result": answer});
        let accepted = server.post(Some(&session), Some(V), reply).await;
        assert_eq!(accepted.status(), StatusCode::ACCEPTED);

        let result = stream.expect_result(call_id).await;
        assert_eq!(result["isError"], false, "{result}");
        assert_eq!(text_of(&result), expected);
    }
}

#[tokio::test]
async fn confirm_action_refuses_without_elicitation() {
    let server = Server::start(true).await;

    // 2025-03-26 has no elicitation, whatever the client declares.
    let old = server
        .initialize("2025-03-26", json!({"elicitation": {}}))
        .await
        .expect("session");
    let response = server
        .post(
            Some(&old),
            None,
            call(2, "confirm_action", json!({"action": "x"})),
        )
        .await;
    let result = Sse::of(response).expect_result(2).await;
    assert_eq!(result["isError"], true);
    assert!(text_of(&result).contains("2025-06-18"), "{result}");

    // A client that did not declare the capability is not asked.
    let bare = server.initialize(V, json!({})).await.expect("session");
    let response = server
        .post(
            Some(&bare),
            Some(V),
            call(3, "confirm_action", json!({"action": "x"})),
        )
        .await;
    let mut stream = Sse::of(response);
    let result = stream.expect_result(3).await;
    assert_eq!(result["isError"], true);
    assert!(
        text_of(&result).contains("elicitation capability"),
        "{result}"
    );
}

#[tokio::test]
async fn get_opens_the_server_stream_and_delete_ends_the_session() {
    let server = Server::start(true).await;
    let session = server.initialize(V, json!({})).await.expect("session");

    let no_session = server.get(None).await;
    assert_eq!(no_session.status(), StatusCode::BAD_REQUEST);
    let stream = server.get(Some(&session)).await;
    assert_eq!(stream.status(), StatusCode::OK);
    let _open = Sse::of(stream);

    let deleted = server.delete(&session).await;
    assert_eq!(deleted.status(), StatusCode::ACCEPTED);

    let after = server.post(Some(&session), Some(V), tools_list(2)).await;
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    assert_eq!(after.text().await.unwrap(), "Not Found: Session not found");
    assert_eq!(
        server.get(Some(&session)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn without_arc_stateful_the_server_stays_stateless() {
    let server = Server::start(false).await;
    assert_eq!(server.initialize(V, json!({})).await, None, "no session id");

    let response = server.post(None, Some(V), tools_list(2)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result = Sse::of(response).expect_result(2).await;
    let names: Vec<&str> = result["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .map(|tool| tool["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["validate_content"]);

    let response = server
        .post(None, Some(V), call(3, "count_down", json!({"steps": 1})))
        .await;
    let message = Sse::of(response).expect_message().await;
    assert_eq!(message["error"]["code"], -32602, "{message}");

    assert_eq!(
        server.get(None).await.status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        server.delete("any").await.status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
}
