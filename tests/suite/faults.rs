//! A server that misbehaves costs the case it misbehaves on, never the run.
//!
//! A fault server (raw tokio TCP, so it can send what no HTTP library would)
//! answers most requests like a minimal MCP server, but picks some cases by
//! their JSON-RPC id (the case id, `Case::request_id`) and answers them
//! badly: it resets the connection, never answers, stalls in the middle of
//! an event stream, ends a stream mid-event, sends bytes that are not HTTP,
//! or sends a 10 MB body. The matrix runs against it with a 20 s
//! per-request timeout; each faulty case must be a `NoAnswer` of the right
//! kind whose message says what happened and names the limit when a limit
//! ended it, and every other case must be answered. The whole run is under
//! a generous timeout, so a hang fails the test instead of hanging CI.

use std::{collections::HashMap, time::Duration};

use mcp_matrix::{
    case::{Case, CaseVersion, Method, Variant},
    case_filter::CaseFilter,
    client::{DEFAULT_MAX_BODY_BYTES, McpClient, Timeouts},
    deviations::KnownDeviations,
    matrix::{self, CaseResult, RunOptions},
    protocol::ProtocolVersion,
    report,
    target::Target,
};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// The per-request timeout of this test: hung cases end with it, in
/// parallel. Not shorter: the 10 MB body must reach the client's 8 MiB
/// limit first, and on a busy 2-core machine an unoptimised client was seen
/// to read only 4.4 MB in 5 s.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(20);
/// Far beyond what the run needs (a few seconds); only a hang reaches it.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// The "huge" bodies: larger than the client's limit.
const HUGE_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Largest request head the fault server reads.
const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// How the fault server answers a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Reads the request, then resets the connection (RST, not FIN).
    Reset,
    /// Reads the request and never writes a byte.
    NeverAnswers,
    /// Starts an event stream, sends half an event, then stays silent.
    StallsMidStream,
    /// Sends an event stream whose last event has no blank line, and closes.
    TruncatedSse,
    /// Answers with bytes that are not an HTTP response.
    Garbage,
    /// A 10 MB JSON body without a `Content-Length`.
    HugeBody,
    /// A `Content-Length` of 10 MB (the body is never sent).
    HugeDeclaredBody,
    /// An event stream of small events that never ends.
    EndlessStream,
}

/// The version whose cases the test runs.
const VERSION: CaseVersion = CaseVersion::Known(ProtocolVersion::V2025_06_18);

/// Each fault, the baseline case that gets it, the `NoAnswer` kind expected,
/// and what its message must say.
fn faults() -> Vec<(Case, Fault, &'static str, String)> {
    let case = |method| Case::new(VERSION, method, Variant::Baseline);
    let limit = "within 20s";
    vec![
        (
            case(Method::Ping),
            Fault::Reset,
            "connection-reset",
            "connection reset".to_owned(),
        ),
        (
            case(Method::ToolsList),
            Fault::NeverAnswers,
            "timeout",
            format!("did not answer {limit}"),
        ),
        (
            case(Method::ResourcesList),
            Fault::StallsMidStream,
            "timeout",
            format!("answered 200 OK but its body did not end {limit}"),
        ),
        (
            case(Method::PromptsList),
            Fault::TruncatedSse,
            "truncated-stream",
            "ended mid-event".to_owned(),
        ),
        (
            case(Method::ToolsCallUnknownTool),
            Fault::Garbage,
            "not-http",
            "not an HTTP/1.1 response".to_owned(),
        ),
        (
            case(Method::UnknownMethod),
            Fault::HugeBody,
            "body-too-large",
            "larger than 8 MiB".to_owned(),
        ),
        (
            case(Method::InitializeNewer),
            Fault::HugeDeclaredBody,
            "body-too-large",
            "larger than 8 MiB".to_owned(),
        ),
    ]
}

// Two workers: the fault server and the client share the runtime, and
// the huge body must reach the client before the per-request timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_fails_its_own_case_and_the_rest_of_the_matrix_runs() {
    let faults = faults();
    let by_id: HashMap<String, Fault> = faults
        .iter()
        .map(|(case, fault, ..)| (case.to_string(), *fault))
        .collect();
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(serve(listener, by_id));

    let client = McpClient::new(&format!("http://{address}/mcp"))
        .expect("a URL")
        .with_timeouts(Timeouts {
            exchange: EXCHANGE_TIMEOUT,
            open_stream: Duration::from_millis(200),
        });
    assert_eq!(
        DEFAULT_MAX_BODY_BYTES,
        8 * 1024 * 1024,
        "the messages below"
    );
    let target = Target::direct("fault-server", client);
    let options = RunOptions {
        filter: Some(CaseFilter::parse(&format!("version={VERSION}")).expect("a filter")),
        ..RunOptions::default()
    };
    let planned = matrix::prepare(&target, &options)
        .await
        .unwrap_or_else(|error| panic!("the matrix did not start: {error}"));
    let cases = planned.plan.cases.clone();
    let started = std::time::Instant::now();
    let run = tokio::time::timeout(RUN_TIMEOUT, planned.execute(&target, |_| {}))
        .await
        .unwrap_or_else(|_| panic!("the matrix hung: no result within {RUN_TIMEOUT:?}"));
    // The hung cases run in parallel, each ended by the per-request timeout.
    assert!(
        started.elapsed() < EXCHANGE_TIMEOUT * 4,
        "the run took {:?}; hung cases must end at the per-request timeout",
        started.elapsed()
    );

    assert_eq!(run.results.len(), cases.len(), "every case has a result");
    for (case, fault, kind, says) in &faults {
        match run.results.get(case) {
            Some(CaseResult::NoAnswer {
                kind: got_kind,
                reason,
            }) => {
                assert_eq!(got_kind, kind, "{case} ({fault:?}): {reason}");
                assert!(
                    reason.contains(says.as_str()),
                    "{case} ({fault:?}): the message should say {says:?}, it says: {reason}"
                );
                assert!(
                    reason.contains(&address.to_string()),
                    "{case} ({fault:?}): the message should name the endpoint: {reason}"
                );
            }
            other => panic!("{case} ({fault:?}) should have no answer, got {other:?}"),
        }
    }
    let faulty: Vec<Case> = faults.iter().map(|(case, ..)| case.clone()).collect();
    for (case, result) in &run.results {
        if !faulty.contains(case) {
            assert!(
                matches!(result, CaseResult::Answered { .. }),
                "{case} was answered normally but got {result:?}"
            );
        }
    }

    // The failure report names each faulty case and carries its reason.
    let failures = report::failures(&run, &KnownDeviations::default(), |case| {
        faulty.contains(case)
    });
    for (case, ..) in &faults {
        let id = case.to_string();
        assert!(
            failures
                .iter()
                .any(|failure| failure.contains(&format!("case {id}\n"))
                    && failure.contains("no answer: ")),
            "no failure report for {id} in {failures:#?}"
        );
    }
}

/// An endless stream ends at the body limit or at the timeout, whichever
/// comes first; with a small limit it is the limit, as for a body that is
/// merely too large. Either way the message names the limit.
#[tokio::test]
async fn a_smaller_body_limit_ends_huge_and_endless_bodies() {
    for fault in [Fault::HugeBody, Fault::EndlessStream] {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("the bound address");
        // Every request gets the fault.
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    if read_request(&mut stream).await.is_some() {
                        let _ = answer_with(stream, fault).await;
                    }
                });
            }
        });
        let client = McpClient::new(&format!("http://{address}/mcp"))
            .expect("a URL")
            .with_timeouts(Timeouts {
                exchange: Duration::from_secs(30),
                open_stream: Duration::from_millis(200),
            })
            .with_max_body_bytes(64 * 1024);
        let request = mcp_matrix::message::conforming_post(
            ProtocolVersion::V2025_06_18,
            mcp_matrix::message::request(json!(1), "ping"),
        );
        let error = tokio::time::timeout(RUN_TIMEOUT, client.send(&request))
            .await
            .unwrap_or_else(|_| panic!("{fault:?}: the client hung"))
            .expect_err("a body over the limit is an error");
        assert_eq!(error.kind(), "body-too-large", "{fault:?}: {error}");
        assert!(
            error.to_string().contains("larger than 64 KiB"),
            "{fault:?}: {error}"
        );
    }
}

/// Accepts connections for as long as the test runs; each serves one
/// request and closes.
async fn serve(listener: TcpListener, faults: HashMap<String, Fault>) {
    while let Ok((stream, _)) = listener.accept().await {
        let faults = faults.clone();
        tokio::spawn(async move {
            let mut stream = stream;
            let Some(request) = read_request(&mut stream).await else {
                return;
            };
            let fault = request
                .id()
                .and_then(|id| id.as_str().and_then(|id| faults.get(id)).copied());
            // The peer may have gone (a timeout): nothing to do about it.
            let _ = match fault {
                Some(fault) => answer_with(stream, fault).await,
                None => answer_normally(stream, &request).await,
            };
        });
    }
}

/// The parts of a request the fault server looks at.
struct Request {
    method: String,
    body: Vec<u8>,
}

impl Request {
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn id(&self) -> Option<Value> {
        self.json()?.get("id").cloned()
    }
}

/// Reads one request: its head up to the blank line, then a body of its
/// `Content-Length`.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        if buffer.len() > MAX_REQUEST_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let method = head.split_whitespace().next()?.to_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Request { method, body })
}

/// A minimal MCP server's answer: enough for the version probe (an
/// `initialize` result naming the offered version) and an answer of some
/// kind to every case. Whether the answers conform is not this test's
/// concern, only that they are answers.
async fn answer_normally(mut stream: TcpStream, request: &Request) -> std::io::Result<()> {
    let (status, body) = match (request.method.as_str(), request.json()) {
        ("POST", Some(message)) if message.get("method").is_some() && message.get("id").is_some() => {
            let result = if message["method"] == "initialize" {
                json!({
                    "protocolVersion": message["params"]["protocolVersion"],
                    "capabilities": {},
                    "serverInfo": { "name": "fault-server", "version": "0" }
                })
            } else {
                json!({})
            };
            (
                "200 OK",
                json!({ "jsonrpc": "2.0", "id": message["id"], "result": result }).to_string(),
            )
        }
        ("POST", Some(_)) => ("202 Accepted", String::new()),
        ("POST", None) => (
            "400 Bad Request",
            json!({ "jsonrpc": "2.0", "id": null, "error": { "code": -32700, "message": "Parse error" } })
                .to_string(),
        ),
        _ => ("405 Method Not Allowed", String::new()),
    };
    let content_type = if body.is_empty() {
        String::new()
    } else {
        "content-type: application/json\r\n".to_owned()
    };
    let response = format!(
        "HTTP/1.1 {status}\r\n{content_type}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// An event-stream head with a body that ends when the connection closes.
const SSE_HEAD: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";

async fn answer_with(mut stream: TcpStream, fault: Fault) -> std::io::Result<()> {
    match fault {
        Fault::Reset => {
            // A zero linger makes close send RST instead of FIN. tokio
            // deprecates the call because a non-zero linger blocks the
            // runtime on close; a zero one does not.
            #[expect(deprecated, reason = "a zero linger does not block")]
            stream.set_linger(Some(Duration::ZERO))?;
            drop(stream);
        }
        Fault::NeverAnswers => {
            hold(stream).await;
        }
        Fault::StallsMidStream => {
            stream.write_all(SSE_HEAD.as_bytes()).await?;
            stream
                .write_all(b"event: message\ndata: {\"jsonrpc\":\"2.0\",")
                .await?;
            hold(stream).await;
        }
        Fault::TruncatedSse => {
            stream.write_all(SSE_HEAD.as_bytes()).await?;
            stream
                .write_all(b": priming\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":")
                .await?;
            stream.shutdown().await?;
        }
        Fault::Garbage => {
            stream
                .write_all(b"\x16\x03\x01\x00\xa5garbage\r\n\r\n\xff\xfe")
                .await?;
            stream.shutdown().await?;
        }
        Fault::HugeBody => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n")
                .await?;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..HUGE_BODY_BYTES / chunk.len() {
                stream.write_all(&chunk).await?;
            }
            stream.shutdown().await?;
        }
        Fault::HugeDeclaredBody => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {HUGE_BODY_BYTES}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            hold(stream).await;
        }
        Fault::EndlessStream => {
            stream.write_all(SSE_HEAD.as_bytes()).await?;
            let event = format!("event: message\ndata: {}\n\n", "x".repeat(4000));
            loop {
                stream.write_all(event.as_bytes()).await?;
            }
        }
    }
    Ok(())
}

/// Keeps a connection open, silent, until the client goes away.
async fn hold(mut stream: TcpStream) {
    let mut sink = [0u8; 1024];
    while let Ok(read) = stream.read(&mut sink).await {
        if read == 0 {
            return;
        }
    }
}
