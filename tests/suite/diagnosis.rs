//! A run reports its problems, each once, and the one that explains the
//! others first: every fault a server can have is the first problem of the
//! report, in every format (table, JSON, Markdown, JUnit), and a conformant
//! server has none.
//!
//! Each fault is one thing broken by a proxy (`support/fault_proxy.rs`) in
//! front of the conformant reference server: wrong ids, no `jsonrpc`, an
//! event stream labelled as JSON, broken SSE framing, a stateful server,
//! notifications answered with a body, unsupported versions accepted, a
//! non-JSON body answered 200, 2026-07-28 header mismatches accepted,
//! unknown methods answered 200, a tool call that never answers, tools
//! listed without inputSchema, and initialize echoing any version. (A
//! gateway that lets in any credential is `tests/live.rs`'s.)

use crate::{
    common::{first_problem_id, reference_project, reference_url},
    support::fault_proxy,
};

use std::time::Duration;

use fault_proxy::{Fault, FaultProxy};
use mcp_matrix::{
    case::CallPolicy,
    case_filter::CaseFilter,
    client::{McpClient, Timeouts},
    deviations::KnownDeviations,
    diagnosis::{Cause, Diagnosis, diagnose},
    matrix::{self, MatrixRun, RunOptions},
    report,
    target::{SendPolicy, Target},
};
use rstest::rstest;

/// The cases each fault shows in: the baseline of every method of a
/// handshake revision, 2026-07-28 and an unsupported version, and the
/// variants that send a missing, malformed or mismatched header.
const CASES: &str = "version=2025-06-18|2026-07-28|unsupported \
                     variant=baseline|protocol-version-missing|protocol-version-malformed|\
                     mcp-method-mismatched|mcp-name-mismatched";

/// Runs the cases against the reference server behind `fault`. A case that
/// is never answered (the fault of a tool call that never answers) ends
/// after ten seconds: a shorter limit would turn a busy machine's slow
/// answer into a fault.
async fn run_behind(fault: Fault) -> (MatrixRun, KnownDeviations, Diagnosis) {
    let proxy = FaultProxy::start(&reference_url().await, fault)
        .await
        .unwrap_or_else(|error| panic!("the proxy did not start: {error}"));
    let client = McpClient::new(&proxy.url())
        .expect("a URL")
        .with_timeouts(Timeouts {
            exchange: Duration::from_secs(10),
            ..Timeouts::default()
        });
    // The reference server's own label: its known deviations are its own.
    let mut target = Target::direct("reference", client);
    target.policy = SendPolicy {
        concurrency: 32,
        ..SendPolicy::LOCAL
    };
    let options = RunOptions {
        project: reference_project(),
        call_tools: CallPolicy::All,
        filter: Some(CaseFilter::parse(CASES).expect("a valid filter")),
    };
    let run = tokio::time::timeout(Duration::from_secs(120), matrix::run(&target, &options))
        .await
        .unwrap_or_else(|_| panic!("{fault:?}: the run hung"))
        .unwrap_or_else(|error| panic!("{fault:?}: {error}"));
    let deviations = KnownDeviations::of_repository().unwrap_or_else(|error| panic!("{error}"));
    let diagnosis = diagnose(&run, &deviations, &[]);
    (run, deviations, diagnosis)
}

/// What each format counts as failing and as warned: cases by their worst
/// finding, plus the MUST problems of the target's lists, which fail a run
/// too. The table says it on its last line, the Markdown report at its top;
/// the JSON report has the parts, in `summary` and `surface_findings`.
fn headline_counts(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    diagnosis: &Diagnosis,
) -> Vec<(&'static str, Option<(u64, u64)>)> {
    let number = |text: &str| text.parse::<u64>().ok();
    let table = report::table::render(run, deviations, diagnosis, false);
    let from_table = table.lines().rev().find_map(|line| {
        let (failing, rest) = line.split_once(" failing, ")?;
        let (warned, _) = rest.split_once(" with SHOULD warnings")?;
        Some((number(failing)?, number(warned)?))
    });
    let json = report::json::document(run, deviations, diagnosis);
    let list_musts = json["surface_findings"]
        .as_array()
        .map(|found| found.iter().filter(|f| f["strength"] == "MUST").count() as u64);
    let summary = &json["summary"];
    let from_json = (|| {
        let failing = summary["failed"].as_u64()? + summary["no-answer"].as_u64()?;
        Some((failing + list_musts?, summary["warning"].as_u64()?))
    })();
    let markdown = report::markdown(run, deviations, diagnosis);
    let from_markdown = markdown.lines().find_map(|line| {
        let counts = line.strip_prefix("- **")?.strip_suffix("**")?;
        let (failing, rest) = counts.split_once(" failing, ")?;
        let (warned, _) = rest.split_once(" with SHOULD warnings")?;
        Some((number(failing)?, number(warned)?))
    });
    vec![
        ("table", from_table),
        ("JSON", from_json),
        ("Markdown", from_markdown),
    ]
}

/// The first problem of each format, by its cause's name.
fn first_problems(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    diagnosis: &Diagnosis,
) -> Vec<(&'static str, Option<String>)> {
    [
        (
            "table",
            report::table::render(run, deviations, diagnosis, false),
        ),
        (
            "json",
            report::json::document(run, deviations, diagnosis).to_string(),
        ),
        ("markdown", report::markdown(run, deviations, diagnosis)),
        ("junit", report::junit::document(run, deviations, diagnosis)),
    ]
    .into_iter()
    .map(|(format, text)| (format, first_problem_id(format, &text)))
    .collect()
}

#[rstest]
#[case::wrong_ids(Fault::WrongIds, Cause::ResponseId)]
#[case::no_jsonrpc(Fault::NoJsonrpc, Cause::JsonRpcEnvelope)]
#[case::sse_labelled_as_json(Fault::SseLabelledJson, Cause::UnreadableBody)]
#[case::broken_sse_framing(Fault::BrokenSseFraming, Cause::SseFraming)]
#[case::stateful_server(Fault::Stateful, Cause::StatefulServer)]
#[case::notifications_answered_with_a_body(
    Fault::NotificationsAnsweredWithBody,
    Cause::NotificationAnswered
)]
#[case::unsupported_version_accepted(Fault::UnsupportedVersionAccepted, Cause::ProtocolVersion)]
#[case::non_json_answered_200(Fault::NonJsonAnswered200, Cause::MalformedBodyServed)]
#[case::header_mismatch_accepted(Fault::HeaderMismatchAccepted, Cause::HeaderMismatch)]
#[case::unknown_method_answered_200(Fault::UnknownMethodAnswered200, Cause::UnknownMethodServed)]
#[case::tool_call_never_answers(Fault::ToolCallNeverAnswers, Cause::NoAnswer)]
#[case::tools_without_input_schema(Fault::ToolsWithoutInputSchema, Cause::ResultType)]
#[case::initialize_echoes_any_version(Fault::InitializeEchoesAnyVersion, Cause::VersionNegotiation)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_fault_is_the_first_problem_in_every_format(
    #[case] fault: Fault,
    #[case] cause: Cause,
) {
    let (run, deviations, diagnosis) = run_behind(fault).await;
    let listed: Vec<String> = diagnosis
        .problems
        .iter()
        .map(|problem| format!("{} ({})", problem.cause.id(), problem.count))
        .collect();
    assert_eq!(
        diagnosis.problems.first().map(|problem| problem.cause),
        Some(cause),
        "{fault:?}: the problems are {listed:?}"
    );
    for (format, first) in first_problems(&run, &deviations, &diagnosis) {
        assert_eq!(
            first.as_deref(),
            Some(cause.id()),
            "{fault:?}: the {format} report"
        );
    }
    let counts = headline_counts(&run, &deviations, &diagnosis);
    let (_, table) = counts[0];
    assert!(
        table.is_some_and(|(failing, _)| failing > 0),
        "{fault:?}: the table counts failing cases: {counts:?}"
    );
    for (format, headline) in &counts {
        assert_eq!(*headline, table, "{fault:?}: the {format} report's counts");
    }
    let problem = &diagnosis.problems[0];
    assert!(problem.count > 0 && !problem.cases.is_empty(), "{fault:?}");
    assert!(
        !problem.example.finding.is_empty(),
        "{fault:?}: the example says what broke"
    );
    if fault == Fault::ToolsWithoutInputSchema {
        assert!(
            problem.example.finding.contains("inputSchema"),
            "the example names the missing member: {}",
            problem.example.finding
        );
    }
}

/// The same proxy, breaking nothing, in front of the same server: no
/// problem, so every problem above is the fault's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conformant_server_has_no_problem() {
    let (run, deviations, diagnosis) = run_behind(Fault::None).await;
    assert!(
        diagnosis.problems.is_empty(),
        "{}",
        report::problems::text(&diagnosis)
    );
    let table = report::table::render(&run, &deviations, &diagnosis, false);
    assert!(table.contains("No problem: every MUST holds"), "{table}");
    for (format, headline) in headline_counts(&run, &deviations, &diagnosis) {
        assert!(
            headline.is_some_and(|(failing, _)| failing == 0),
            "the {format} report's counts: {headline:?}"
        );
    }
    let json = report::json::document(&run, &deviations, &diagnosis);
    assert_eq!(json["schema"], "mcp-matrix.run/2");
    assert_eq!(json["problems"], serde_json::json!([]));
}
