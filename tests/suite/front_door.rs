//! The front door's routing, limits, session rules and streaming, against
//! small upstreams of the test's own, so each behaviour is seen in isolation.

use std::{convert::Infallible, net::SocketAddr, time::Duration};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::post,
};
use bytes::Bytes;
use mcp_matrix::{
    agentcore::{Authorizer, CustomJwtAuthorizer, DEFAULT_QUALIFIER, RuntimeArn},
    client::{Body as ResponseBody, HttpRequest, McpClient},
    cognito::CognitoIdp,
    front_door::{FrontDoor, FrontDoorConfig, RuntimeConfig},
    protocol::header,
};
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

fn arn(id: &str) -> RuntimeArn {
    format!("arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/{id}")
        .parse()
        .expect("a valid ARN")
}

/// An upstream that records the headers it receives and answers with them.
async fn echo_upstream() -> String {
    let app = Router::new().route(
        "/mcp",
        post(|headers: HeaderMap| async move {
            let seen: serde_json::Map<String, serde_json::Value> = headers
                .iter()
                .map(|(name, value)| (name.to_string(), json!(value.to_str().unwrap_or_default())))
                .collect();
            axum::Json(json!({ "jsonrpc": "2.0", "id": 1, "result": { "headers": seen } }))
        }),
    );
    serve(app).await
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a port");
    let url = format!("http://{}/mcp", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// A front door whose runtimes all take tokens of a local pool, and the
/// pool, so each test can call with a valid token and see one behaviour.
struct Door {
    door: FrontDoor,
    idp: CognitoIdp,
}

impl Door {
    async fn start(runtimes: Vec<(RuntimeArn, String)>, max_body: usize) -> Self {
        let runtimes = runtimes
            .into_iter()
            .map(|(arn, upstream)| (arn, upstream, None))
            .collect();
        Self::start_with_allowlists(runtimes, max_body).await
    }

    /// As [`Door::start`], each runtime with its
    /// `requestHeaderAllowlist`, if it has one.
    async fn start_with_allowlists(
        runtimes: Vec<(RuntimeArn, String, Option<&[&str]>)>,
        max_body: usize,
    ) -> Self {
        let idp = CognitoIdp::start_default()
            .await
            .expect("an identity provider");
        let authorizer = Authorizer::CustomJwt(CustomJwtAuthorizer {
            discovery_url: idp.discovery_url(),
            allowed_clients: vec![mcp_matrix::cognito::PUBLIC_CLIENT_ID.to_owned()],
            ..Default::default()
        });
        let mut config = FrontDoorConfig::new("us-east-1");
        config.max_body_bytes = max_body;
        for (arn, upstream, allowlist) in runtimes {
            let mut runtime = RuntimeConfig::new(arn, authorizer.clone(), upstream);
            if let Some(allowlist) = allowlist {
                runtime = runtime
                    .with_request_header_allowlist(allowlist)
                    .unwrap_or_else(|error| panic!("{allowlist:?}: {error}"));
            }
            config = config.with_runtime(runtime);
        }
        let door = FrontDoor::start(config).await.expect("a front door");
        Self { door, idp }
    }

    fn token(&self) -> String {
        let user = self.idp.config().user("alice").expect("alice");
        self.idp
            .tokens()
            .access_token(user, mcp_matrix::cognito::PUBLIC_CLIENT_ID)
            .sign()
            .expect("a token")
    }

    fn request(&self, body: &str) -> HttpRequest {
        HttpRequest::new(http::Method::POST)
            .with_body(body.to_owned())
            .with_header(
                http::header::AUTHORIZATION,
                format!("Bearer {}", self.token())
                    .parse()
                    .expect("a header"),
            )
            .with_header(
                http::header::ACCEPT,
                "application/json, text/event-stream"
                    .parse()
                    .expect("a header"),
            )
            .with_header(
                http::header::CONTENT_TYPE,
                "application/json".parse().expect("a header"),
            )
    }

    async fn send_to(&self, url: &str, request: &HttpRequest) -> mcp_matrix::client::Exchange {
        McpClient::new(url)
            .expect("a URL")
            .send(request)
            .await
            .expect("an answer")
    }
}

fn aws_message(exchange: &mcp_matrix::client::Exchange) -> String {
    match &exchange.body {
        ResponseBody::Json(body) => body["message"].as_str().unwrap_or_default().to_owned(),
        other => panic!("not an AWS error body: {other:?}"),
    }
}

#[tokio::test]
async fn unknown_runtimes_and_qualifiers_are_404_and_malformed_arns_400() {
    let upstream = echo_upstream().await;
    let known = arn("known_runtime-AAAAAAAAAA");
    let door = Door::start(vec![(known.clone(), upstream)], 1024).await;
    let request = door.request("{}");

    let unknown = door
        .send_to(
            &door
                .door
                .invocation_url(&arn("other_runtime-BBBBBBBBBB"), DEFAULT_QUALIFIER),
            &request,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.header(header::AWS_ERROR_TYPE),
        Some("ResourceNotFoundException")
    );
    assert!(aws_message(&unknown).contains("No endpoint or agent found with qualifier 'DEFAULT'"));

    let wrong_qualifier = door
        .send_to(&door.door.invocation_url(&known, "PROD"), &request)
        .await;
    assert_eq!(wrong_qualifier.status, StatusCode::NOT_FOUND);
    assert!(aws_message(&wrong_qualifier).contains("qualifier 'PROD'"));

    let malformed = door
        .send_to(
            &format!(
                "{}/runtimes/not-an-arn/invocations?qualifier=DEFAULT",
                door.door.endpoint()
            ),
            &request,
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        malformed.header(header::AWS_ERROR_TYPE),
        Some("ValidationException")
    );

    let unencoded = door
        .send_to(
            &format!("{}/runtimes/{known}/invocations", door.door.endpoint()),
            &request,
        )
        .await;
    assert_eq!(
        unencoded.status,
        StatusCode::NOT_FOUND,
        "an ARN must be percent-encoded"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_400() {
    let upstream = echo_upstream().await;
    let known = arn("known_runtime-AAAAAAAAAA");
    let door = Door::start(vec![(known.clone(), upstream)], 64).await;
    let url = door.door.invocation_url(&known, DEFAULT_QUALIFIER);
    let small = door.send_to(&url, &door.request(&"x".repeat(64))).await;
    assert_eq!(small.status, StatusCode::OK, "at the limit is accepted");
    let large = door.send_to(&url, &door.request(&"x".repeat(65))).await;
    assert_eq!(large.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        large.header(header::AWS_ERROR_TYPE),
        Some("ValidationException")
    );
    assert!(aws_message(&large).contains("'payload'"));
}

#[tokio::test]
async fn an_unreachable_container_is_424() {
    // A port that was free a moment ago and is closed now.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        format!("http://{}/mcp", listener.local_addr().expect("an address"))
    };
    let known = arn("known_runtime-AAAAAAAAAA");
    let door = Door::start(vec![(known.clone(), closed)], 1024).await;
    let answer = door
        .send_to(
            &door.door.invocation_url(&known, DEFAULT_QUALIFIER),
            &door.request("{}"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FAILED_DEPENDENCY);
    assert_eq!(
        answer.header(header::AWS_ERROR_TYPE),
        Some("RuntimeClientError")
    );
}

#[tokio::test]
async fn session_headers_are_generated_forwarded_and_echoed() {
    let upstream = echo_upstream().await;
    let known = arn("known_runtime-AAAAAAAAAA");
    let door = Door::start(vec![(known.clone(), upstream)], 1024).await;
    let url = door.door.invocation_url(&known, DEFAULT_QUALIFIER);

    let generated = door.send_to(&url, &door.request("{}")).await;
    let session = generated
        .header(header::SESSION_ID)
        .expect("an Mcp-Session-Id")
        .to_owned();
    let runtime_session = generated
        .header(header::RUNTIME_SESSION_ID)
        .expect("a runtime session id")
        .to_owned();
    assert!(runtime_session.len() >= 33);
    let seen = &generated.messages()[0]["result"]["headers"];
    assert_eq!(
        seen[header::SESSION_ID],
        session.as_str(),
        "the container sees the same id"
    );
    assert_eq!(seen[header::RUNTIME_SESSION_ID], runtime_session.as_str());
    assert!(
        seen.get("authorization").is_none(),
        "Authorization is not forwarded by default"
    );

    let chosen = "c".repeat(40);
    let kept = door
        .send_to(
            &url,
            &door
                .request("{}")
                .with_header(
                    http::HeaderName::from_static(header::RUNTIME_SESSION_ID),
                    chosen.parse().expect("a header"),
                )
                .with_header(
                    http::HeaderName::from_static(header::SESSION_ID),
                    "client-session".parse().expect("a header"),
                ),
        )
        .await;
    assert_eq!(
        kept.header(header::RUNTIME_SESSION_ID),
        Some(chosen.as_str())
    );
    assert_eq!(kept.header(header::SESSION_ID), Some("client-session"));

    let short = door
        .send_to(
            &url,
            &door.request("{}").with_header(
                http::HeaderName::from_static(header::RUNTIME_SESSION_ID),
                "too-short".parse().expect("a header"),
            ),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(aws_message(&short).contains("greater than or equal to 33"));
}

/// What the echo upstream saw of a request to `arn` with `extra` headers.
async fn seen_by_container(
    door: &Door,
    arn: &RuntimeArn,
    extra: &[(&str, &str)],
) -> serde_json::Value {
    let mut request = door.request("{}");
    for (name, value) in extra {
        request = request.with_header(
            http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            value.parse().expect("a header value"),
        );
    }
    let answer = door
        .send_to(&door.door.invocation_url(arn, DEFAULT_QUALIFIER), &request)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    answer.messages()[0]["result"]["headers"].clone()
}

/// `requestHeaderConfiguration.requestHeaderAllowlist` (developer guide,
/// *Pass custom headers to Amazon Bedrock AgentCore Runtime*): only the
/// allowlisted headers of the caller reach the container, the
/// `X-Amzn-Bedrock-AgentCore-Runtime-Custom-` ones included, and
/// `Authorization` only where it is allowlisted.
#[tokio::test]
async fn only_allowlisted_headers_reach_the_container() {
    let upstream = echo_upstream().await;
    let allowlisted = arn("allowlisted-ALLOWLIST1");
    let plain = arn("plain_runtime-PLAIN00001");
    let allowlist: &[&str] = &[
        "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant",
        "x-api-key",
        "Authorization",
    ];
    let door = Door::start_with_allowlists(
        vec![
            (allowlisted.clone(), upstream.clone(), Some(allowlist)),
            (plain.clone(), upstream, None),
        ],
        1024,
    )
    .await;
    let sent = [
        ("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant", "acme"),
        (
            "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Other",
            "not-listed",
        ),
        ("X-Api-Key", "key-1"),
        ("X-Not-Listed", "dropped"),
    ];

    let seen = seen_by_container(&door, &allowlisted, &sent).await;
    assert_eq!(
        seen["x-amzn-bedrock-agentcore-runtime-custom-tenant"], "acme",
        "an allowlisted custom header reaches the container: {seen}"
    );
    assert_eq!(seen["x-api-key"], "key-1", "{seen}");
    assert!(
        seen["authorization"]
            .as_str()
            .is_some_and(|value| value.starts_with("Bearer ")),
        "an allowlisted Authorization reaches the container: {seen}"
    );
    for absent in [
        "x-amzn-bedrock-agentcore-runtime-custom-other",
        "x-not-listed",
    ] {
        assert!(
            seen.get(absent).is_none(),
            "{absent} is not allowlisted: {seen}"
        );
    }

    let seen = seen_by_container(&door, &plain, &sent).await;
    for absent in [
        "x-amzn-bedrock-agentcore-runtime-custom-tenant",
        "x-amzn-bedrock-agentcore-runtime-custom-other",
        "x-api-key",
        "x-not-listed",
        "authorization",
    ] {
        assert!(
            seen.get(absent).is_none(),
            "{absent} reached a runtime without an allowlist: {seen}"
        );
    }
    assert!(
        seen.get(header::SESSION_ID).is_some(),
        "the platform's own headers still do: {seen}"
    );
}

/// "Header value is not greater than 4KB in size": a longer value of an
/// allowlisted header is not passed on, and the call goes through (what AWS
/// does is not documented; the fidelity table marks it INFER).
#[tokio::test]
async fn allowlisted_values_over_4kb_are_not_passed_on() {
    let upstream = echo_upstream().await;
    let known = arn("allowlisted-ALLOWLIST1");
    let allowlist: &[&str] = &["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Blob", "X-Small"];
    let door =
        Door::start_with_allowlists(vec![(known.clone(), upstream, Some(allowlist))], 1024).await;
    let at_limit = "a".repeat(mcp_matrix::agentcore::MAX_HEADER_VALUE_BYTES);
    let over = "a".repeat(mcp_matrix::agentcore::MAX_HEADER_VALUE_BYTES + 1);

    let seen = seen_by_container(
        &door,
        &known,
        &[
            ("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Blob", &at_limit),
            ("X-Small", "s"),
        ],
    )
    .await;
    assert_eq!(
        seen["x-amzn-bedrock-agentcore-runtime-custom-blob"]
            .as_str()
            .map(str::len),
        Some(at_limit.len())
    );

    let seen = seen_by_container(
        &door,
        &known,
        &[
            ("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Blob", &over),
            ("X-Small", "s"),
        ],
    )
    .await;
    assert!(
        seen.get("x-amzn-bedrock-agentcore-runtime-custom-blob")
            .is_none(),
        "a value over 4KB is not passed on"
    );
    assert_eq!(seen["x-small"], "s", "the other headers still are");
}

/// A runtime cannot be configured with an allowlist `CreateAgentRuntime`
/// refuses; each refusal names the header and the rule.
#[test]
fn a_runtime_config_refuses_allowlists_the_api_refuses() {
    let jwt = Authorizer::CustomJwt(CustomJwtAuthorizer::default());
    let upstream = "http://127.0.0.1:1/mcp";
    let many: Vec<String> = (0..21).map(|i| format!("X-Header-{i}")).collect();
    let cases: Vec<(Authorizer, Vec<String>, &str)> = vec![
        (
            Authorizer::Iam,
            vec!["Authorization".into()],
            "Authorization can be allowlisted only on a runtime with a customJWTAuthorizer",
        ),
        (
            jwt.clone(),
            vec!["X-Amz-Security-Token".into()],
            "x-amz-* headers are reserved",
        ),
        (
            jwt.clone(),
            vec!["X-Amzn-Trace-Id".into()],
            "except those starting with X-Amzn-Bedrock-AgentCore-Runtime-Custom-",
        ),
        (
            jwt.clone(),
            vec!["X-Forwarded-For".into()],
            "AgentCore restricts it (Proxy headers)",
        ),
        (
            jwt.clone(),
            vec!["X-Tenant".into(), "x-TENANT".into()],
            "case-insensitive",
        ),
        (jwt.clone(), many, "at most 20"),
        (jwt.clone(), Vec::new(), "is empty"),
        (jwt, vec!["X_Tenant!".into()], "not a header name"),
    ];
    for (authorizer, names, expected) in cases {
        let error = RuntimeConfig::new(arn("known_runtime-AAAAAAAAAA"), authorizer, upstream)
            .with_request_header_allowlist(&names)
            .expect_err("refused");
        assert!(error.to_string().contains(expected), "{names:?}: {error}");
    }
    assert!(
        RuntimeConfig::new(arn("known_runtime-AAAAAAAAAA"), Authorizer::Iam, upstream)
            .with_request_header_allowlist(["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant"])
            .is_ok(),
        "custom headers need no JWT authorizer"
    );
}

#[tokio::test]
async fn event_streams_pass_through_unbuffered() {
    // The upstream sends one event, then waits until the test has seen it
    // before sending the second: a buffering front door would deadlock.
    let (seen_first, wait_for_first) = oneshot::channel::<()>();
    let gate = std::sync::Arc::new(tokio::sync::Mutex::new(Some(wait_for_first)));
    let app = Router::new().route(
        "/mcp",
        post(move || {
            let gate = gate.clone();
            async move {
                let (sender, receiver) = mpsc::channel::<Result<Bytes, Infallible>>(4);
                tokio::spawn(async move {
                    let first = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n";
                    let _ = sender.send(Ok(Bytes::from(first))).await;
                    if let Some(wait) = gate.lock().await.take() {
                        let _ = wait.await;
                    }
                    let last = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
                    let _ = sender.send(Ok(Bytes::from(last))).await;
                });
                Response::builder()
                    .header("content-type", "text/event-stream")
                    .body(Body::from_stream(tokio_stream_of(receiver)))
                    .expect("a response")
            }
        }),
    );
    let upstream = serve(app).await;
    let known = arn("known_runtime-AAAAAAAAAA");
    let door = Door::start(vec![(known.clone(), upstream)], 1024).await;
    let url = door.door.invocation_url(&known, DEFAULT_QUALIFIER);

    let request = door.request("{}");
    let mut response = reqwest::Client::new()
        .post(&url)
        .headers(
            request
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
        )
        .body(request.body.clone())
        .send()
        .await
        .expect("an answer");
    let first = tokio::time::timeout(Duration::from_secs(10), response.chunk())
        .await
        .expect("the first event arrives while the stream is still open")
        .expect("a chunk")
        .expect("data");
    assert!(String::from_utf8_lossy(&first).contains("notifications/progress"));
    seen_first.send(()).expect("the upstream waits");
    let mut rest = Vec::new();
    while let Some(chunk) = response.chunk().await.expect("the rest") {
        rest.extend_from_slice(&chunk);
    }
    assert!(String::from_utf8_lossy(&rest).contains("\"result\""));
}

fn tokio_stream_of(
    mut receiver: mpsc::Receiver<Result<Bytes, Infallible>>,
) -> impl futures::Stream<Item = Result<Bytes, Infallible>> {
    futures::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}
