//! A server is judged by what it declared, and each fault of its own surface
//! is named with the item and the rule.
//!
//! A small MCP server (axum, JSON answers) offers one tool, `get_weather`,
//! with an inputSchema and an outputSchema, and can break one thing at a
//! time: a result whose structuredContent breaks the tool's own
//! outputSchema, a result without its required `content`, a tools list that
//! hands out a fresh cursor forever, or one whose cursor loops. Each fault
//! must fail the run with a message that names `get_weather` (or the list)
//! and the rule; the conforming server must pass.

use std::time::Duration;

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use mcp_matrix::{
    case::CallPolicy,
    case_filter::CaseFilter,
    client::McpClient,
    deviations::KnownDeviations,
    matrix::{self, MatrixRun, RunOptions},
    report,
    target::Target,
};
use serde_json::{Value, json};

/// The one thing the server gets wrong, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    /// `structuredContent` is `{"temperature": "warm"}`: a string where the
    /// outputSchema says number.
    BreaksOutputSchema,
    /// The result has no `content`, which CallToolResult requires.
    NoContent,
    /// Every page of tools/list has a `nextCursor` never seen before.
    PagesForever,
    /// The second page's `nextCursor` is the first page's again.
    CursorLoops,
    /// Not a fault: a list that keeps growing, a new tool on every page.
    LongList,
}

const HANDSHAKE: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

fn tool() -> Value {
    json!({
        "name": "get_weather",
        "description": "The weather in a city.",
        "inputSchema": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
        "outputSchema": {
            "type": "object",
            "properties": {"temperature": {"type": "number"}},
            "required": ["temperature"],
        },
        "annotations": {"readOnlyHint": true},
    })
}

fn result(id: &Value, result: Value) -> Response {
    Json(json!({"jsonrpc": "2.0", "id": id, "result": result})).into_response()
}

fn error(id: &Value, code: i64, message: &str) -> Response {
    Json(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
        .into_response()
}

async fn mcp(
    State(fault): State<Fault>,
    headers: HeaderMap,
    Json(message): Json<Value>,
) -> Response {
    let id = message.get("id").cloned().unwrap_or(Value::Null);
    if let Some(version) = headers.get("mcp-protocol-version")
        && !HANDSHAKE.iter().any(|known| version == known)
    {
        return (StatusCode::BAD_REQUEST, "Unsupported MCP-Protocol-Version").into_response();
    }
    if message.get("id").is_none() {
        return StatusCode::ACCEPTED.into_response();
    }
    let params = message.get("params").cloned().unwrap_or(json!({}));
    match message.get("method").and_then(Value::as_str) {
        Some("initialize") => {
            let offered = params["protocolVersion"].as_str().unwrap_or_default();
            let version = if HANDSHAKE.contains(&offered) {
                offered
            } else {
                "2025-11-25"
            };
            result(
                &id,
                json!({
                    "protocolVersion": version,
                    "capabilities": {"tools": {}},
                    "serverInfo": {"name": "declared-surface", "version": "1.0.0"},
                }),
            )
        }
        Some("ping") => result(&id, json!({})),
        Some("tools/list") => {
            let page: u64 = params["cursor"]
                .as_str()
                .and_then(|cursor| cursor.strip_prefix("page-"))
                .and_then(|page| page.parse().ok())
                .unwrap_or(1);
            let next = match fault {
                Fault::PagesForever | Fault::LongList => Some(format!("page-{}", page + 1)),
                Fault::CursorLoops => Some("page-2".to_owned()),
                _ => None,
            };
            let tools = match (fault, page) {
                (_, 1) => vec![tool()],
                (Fault::LongList, page) => {
                    let mut more = tool();
                    more["name"] = json!(format!("get_weather_{page}"));
                    vec![more]
                }
                _ => Vec::new(),
            };
            match next {
                Some(next) => result(&id, json!({"tools": tools, "nextCursor": next})),
                None => result(&id, json!({"tools": tools})),
            }
        }
        Some("tools/call")
            if params["name"]
                .as_str()
                .is_some_and(|name| name.starts_with("get_weather")) =>
        {
            if !params["arguments"]["city"].is_string() {
                return result(
                    &id,
                    json!({
                        "content": [{"type": "text", "text": "city must be a string"}],
                        "isError": true,
                    }),
                );
            }
            match fault {
                Fault::BreaksOutputSchema => result(
                    &id,
                    json!({
                        "content": [{"type": "text", "text": "warm"}],
                        "structuredContent": {"temperature": "warm"},
                    }),
                ),
                Fault::NoContent => {
                    result(&id, json!({"structuredContent": {"temperature": 21.5}}))
                }
                _ => result(
                    &id,
                    json!({
                        "content": [{"type": "text", "text": "{\"temperature\": 21.5}"}],
                        "structuredContent": {"temperature": 21.5},
                    }),
                ),
            }
        }
        Some("tools/call") => error(&id, -32602, "Unknown tool"),
        _ => error(&id, -32601, "Method not found"),
    }
}

/// Serves `fault` on a loopback port and runs the matrix's 2025-06-18
/// tools and pagination cases against it.
async fn run_against(fault: Fault) -> MatrixRun {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let app = Router::new().route("/mcp", post(mcp)).with_state(fault);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let target = Target::direct(
        "declared-surface",
        McpClient::new(&format!("http://{address}/mcp")).expect("a URL"),
    );
    let options = RunOptions {
        call_tools: CallPolicy::All,
        filter: Some(
            CaseFilter::parse("version=2025-06-18 method=tools-*|list-*").expect("a valid filter"),
        ),
        ..RunOptions::default()
    };
    tokio::time::timeout(Duration::from_secs(60), matrix::run(&target, &options))
        .await
        .expect("the run ends")
        .unwrap_or_else(|error| panic!("{error}"))
}

fn failures(run: &MatrixRun) -> Vec<String> {
    let mut failures = report::surface_failures(run);
    failures.extend(report::failures(run, &KnownDeviations::default(), |_| true));
    failures
}

#[tokio::test]
async fn a_conforming_server_with_its_own_tool_passes() {
    let run = run_against(Fault::None).await;
    assert_eq!(failures(&run), Vec::<String>::new());
    assert!(
        run.results
            .keys()
            .any(|case| case.to_string() == "2025-06-18/tools-call[get_weather]/baseline"),
        "its own tool is called"
    );
}

#[tokio::test]
async fn a_result_that_breaks_the_tools_own_output_schema_fails_naming_tool_and_rule() {
    let run = run_against(Fault::BreaksOutputSchema).await;
    let failures = failures(&run);
    let failure = failures
        .iter()
        .find(|failure| failure.contains("case 2025-06-18/tools-call[get_weather]/baseline"))
        .unwrap_or_else(|| panic!("no failure of the valid call in {failures:#?}"));
    for expected in [
        "[MUST] tools-call.output-schema",
        "tool `get_weather`",
        "at /temperature",
        "server/tools, \u{a7} Output Schema",
    ] {
        assert!(failure.contains(expected), "{expected:?} in:\n{failure}");
    }
}

#[tokio::test]
async fn a_result_missing_a_required_member_fails_naming_the_member() {
    let run = run_against(Fault::NoContent).await;
    let failures = failures(&run);
    let failure = failures
        .iter()
        .find(|failure| {
            failure.contains("case 2025-06-18/tools-call[get_weather]/baseline")
                && failure.contains("result.type")
        })
        .unwrap_or_else(|| panic!("no type failure of the valid call in {failures:#?}"));
    for expected in [
        "[MUST] result.type",
        "tool `get_weather`",
        "CallToolResult",
        "content",
    ] {
        assert!(failure.contains(expected), "{expected:?} in:\n{failure}");
    }
}

#[tokio::test]
async fn a_list_that_pages_forever_fails_and_the_run_still_ends() {
    for (fault, says) in [
        (
            Fault::PagesForever,
            "no page since page 1 brought an item it had not listed before",
        ),
        (
            Fault::CursorLoops,
            "which an earlier page had already returned",
        ),
    ] {
        let run = run_against(fault).await;
        let failures = report::surface_failures(&run);
        let failure = failures
            .iter()
            .find(|failure| failure.contains("tools/list of 2025-06-18"))
            .unwrap_or_else(|| panic!("{fault:?}: no failure of the list in {failures:#?}"));
        for expected in ["[MUST] pagination.terminates", says] {
            assert!(
                failure.contains(expected),
                "{fault:?}: {expected:?} in:\n{failure}"
            );
        }
        assert!(
            run.results
                .keys()
                .any(|case| case.to_string().contains("list-next-page[tools]")),
            "{fault:?}: the paged list's second page is a case too"
        );
    }
}

/// A list that keeps bringing new items is long, not broken: the walk stops
/// after 100 pages, the report says what was cut short, and the run passes.
#[tokio::test]
async fn a_long_list_is_cut_short_and_noted_not_failed() {
    let run = run_against(Fault::LongList).await;
    assert_eq!(failures(&run), Vec::<String>::new());
    assert!(
        run.notes
            .iter()
            .any(|note| note.contains("cut short: tools/list of 2025-06-18")),
        "{:?}",
        run.notes
    );
    assert!(
        run.results
            .keys()
            .any(|case| case.to_string() == "2025-06-18/tools-call[get_weather_100]/baseline"),
        "the tools of all 100 pages are called"
    );
}
