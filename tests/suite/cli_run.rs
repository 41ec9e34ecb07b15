//! `mcp-matrix run`, as a user runs it: the built binary as a child process,
//! against the reference server, the Python SDK 1.x peer and the local
//! AgentCore front door. The reports it writes are parsed (JUnit XML, JSON)
//! and its terminal table is snapshotted.

use crate::{
    common::{python_url, reference_config, reference_url},
    support::cli,
};

use std::{path::Path, process::Command};

use cli::{output, scratch};
use mcp_matrix::{
    case::CallPolicy,
    case_filter::CaseFilter,
    client::McpClient,
    environment::{PythonSdk, PythonServer},
    matrix::{self, Planned, RunOptions},
    project::ProjectFile,
    surface::ListKind,
    target::Target,
};

/// `mcp-matrix run`, in this process's environment but for the variables
/// that would choose its target or project file.
fn mcp_matrix_run() -> Command {
    let mut command = cli::mcp_matrix();
    command.arg("run");
    command
}

/// The ids of the cases of a JSON report.
fn case_ids(report: &serde_json::Value) -> Vec<&str> {
    report["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|case| case["id"].as_str())
        .collect()
}

/// What `mcp-matrix run --target <url> [--filter <filter>]` discovers and
/// plans, asked through the library: the cases its report must hold.
async fn planned(url: &str, project: ProjectFile, filter: Option<&str>) -> Planned {
    let target = Target::direct("url", McpClient::new(url).expect("a URL"));
    let options = RunOptions {
        project,
        call_tools: CallPolicy::All,
        filter: filter.map(|filter| CaseFilter::parse(filter).expect("a valid filter")),
    };
    matrix::prepare(&target, &options)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The JUnit test cases of a run: one per case, and one per list discovery walked.
fn junit_tests(planned: &Planned) -> usize {
    let lists: usize = planned
        .surface
        .versions
        .values()
        .map(|declared| {
            ListKind::ALL
                .into_iter()
                .filter(|list| declared.pages(*list) > 0)
                .count()
        })
        .sum();
    planned.plan.cases.len() + lists
}

/// Attributes of a JUnit element, as counts.
fn count(node: roxmltree::Node<'_, '_>, attribute: &str) -> usize {
    node.attribute(attribute)
        .unwrap_or_else(|| panic!("<{}> has no {attribute}", node.tag_name().name()))
        .parse()
        .unwrap_or_else(|_| panic!("<{}> {attribute} is not a count", node.tag_name().name()))
}

/// Checks the structure CI tools rely on: a `<testsuites>` root whose
/// counts add up over its suites, suites whose counts equal their
/// `<testcase>`, `<failure>` and `<error>` children, the `problems` suite
/// (one failing test case per problem) first when there is one. Returns the
/// number of test cases and failures outside that suite, and its size.
fn check_junit(xml: &str) -> (usize, usize, usize) {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|node| node.has_tag_name("testsuite"))
        .collect();
    assert!(!suites.is_empty(), "no <testsuite>");
    let problems = suites
        .iter()
        .position(|suite| suite.attribute("name") == Some("problems"));
    assert!(
        matches!(problems, None | Some(0)),
        "the problems come first"
    );
    let problems = problems.map_or(0, |_| count(suites[0], "tests"));
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for suite in &suites {
        let cases: Vec<_> = suite
            .children()
            .filter(|node| node.has_tag_name("testcase"))
            .collect();
        let failing = cases
            .iter()
            .filter(|case| case.children().any(|child| child.has_tag_name("failure")))
            .count();
        let erring = cases
            .iter()
            .filter(|case| case.children().any(|child| child.has_tag_name("error")))
            .count();
        assert_eq!(count(*suite, "tests"), cases.len());
        assert_eq!(count(*suite, "failures"), failing);
        assert_eq!(count(*suite, "errors"), erring);
        for case in &cases {
            assert!(
                case.attribute("classname")
                    .is_some_and(|name| !name.is_empty())
            );
            assert!(case.attribute("name").is_some_and(|name| !name.is_empty()));
            for failure in case
                .children()
                .filter(|child| child.has_tag_name("failure"))
            {
                assert!(failure.attribute("message").is_some_and(|m| !m.is_empty()));
                let text = failure.text().unwrap_or_default();
                assert!(
                    text.contains("clause:"),
                    "a failure names its clause: {text}"
                );
            }
        }
        tests += cases.len();
        failures += failing;
        errors += erring;
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    assert_eq!(count(root, "errors"), errors);
    (tests - problems, failures - problems, problems)
}

/// The number of test cases and failures outside the problems suite.
fn junit_counts(xml: &str) -> (usize, usize) {
    let (tests, failures, _) = check_junit(xml);
    (tests, failures)
}

#[tokio::test]
async fn the_whole_matrix_as_junit_is_valid_and_passes_on_the_reference_server() {
    let url = reference_url().await;
    let directory = scratch("junit-reference");
    let file = directory.join("matrix.xml");
    let outcome = output(
        mcp_matrix_run()
            .args(["--target", &url, "--label", "reference", "--config"])
            .arg(reference_config())
            .args(["--format", "junit", "--out"])
            .arg(&file),
    );
    outcome.assert_code(0);
    assert!(
        outcome.stdout.is_empty(),
        "--out writes the report to the file: {}",
        outcome.stdout
    );
    let xml = std::fs::read_to_string(&file).expect("the JUnit file");
    let (tests, failures) = junit_counts(&xml);
    let project = ProjectFile::load(&reference_config()).expect("the reference project file");
    assert_eq!(tests, junit_tests(&planned(&url, project, None).await));
    assert_eq!(failures, 0);
}

#[tokio::test]
async fn must_violations_fail_the_run_and_are_junit_failures() {
    // Without the repository's known deviations, the Python SDK 1.x's
    // `"id": "server-error"` answers are MUST violations. One version is
    // enough to show it (`matrix_python_sdk1` judges them all).
    let url = python_url(PythonSdk::V1).await;
    let filter = "version=2025-06-18";
    let directory = scratch("junit-python");
    let no_deviations = directory.join("none.toml");
    std::fs::write(&no_deviations, "").expect("an empty deviations file");
    let outcome = output(
        mcp_matrix_run()
            .args([
                "--target",
                &url,
                "--label",
                "python-sdk-1",
                "--filter",
                filter,
                "--format",
                "junit",
            ])
            .arg("--deviations")
            .arg(&no_deviations),
    );
    outcome.assert_code(1);
    let (tests, failures) = junit_counts(&outcome.stdout);
    assert_eq!(
        tests,
        junit_tests(&planned(&url, ProjectFile::default(), Some(filter)).await)
    );
    assert!(failures > 0, "the SDK's MUST violations are failures");
    assert!(
        outcome.stdout.contains("jsonrpc.response-id"),
        "the rule is named"
    );
    let (_, _, problems) = check_junit(&outcome.stdout);
    assert!(problems > 0, "the problems are a suite of their own");
    assert!(
        outcome.stdout.contains("name=\"1. response-id ("),
        "the first problem is the SDK's ids"
    );

    // With them, the same answers are known deviations and the run passes.
    let outcome = output(mcp_matrix_run().args([
        "--target",
        &url,
        "--label",
        "python-sdk-1",
        "--filter",
        filter,
        "--format",
        "junit",
    ]));
    outcome.assert_code(0);
}

#[tokio::test]
async fn json_reports_every_selected_case_with_a_stable_schema() {
    let url = reference_url().await;
    let filter = "version=2025-06-18|2026-07-28 method=tools-call|ping";
    let outcome =
        output(mcp_matrix_run().args(["--target", &url, "--filter", filter, "--format", "json"]));
    outcome.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    assert_eq!(report["schema"], "mcp-matrix.run/2");
    assert_eq!(
        report["problems"],
        serde_json::json!([]),
        "the reference server has none"
    );
    assert_eq!(report["target"], "url");
    let selected = planned(&url, ProjectFile::default(), Some(filter))
        .await
        .plan
        .cases;
    let cases = report["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), selected.len());
    assert_eq!(report["summary"]["cases"], selected.len());
    for (entry, case) in cases.iter().zip(&selected) {
        assert_eq!(entry["id"], case.to_string());
        assert!(entry["status"].is_string());
        assert!(entry["outcome"].is_string(), "{entry}");
    }
}

/// `--junit` and `--json` write those reports besides what `--format`
/// prints, so one run gives CI (action.yml) its test results, its JSON and
/// with `--report` its summary.
#[tokio::test]
async fn one_run_writes_junit_json_and_markdown_besides_its_table() {
    let url = reference_url().await;
    let directory = scratch("all-reports");
    let [junit, json, markdown] =
        ["matrix.xml", "matrix.json", "summary.md"].map(|name| directory.join(name));
    let filter = "version=2025-06-18 method=ping|tools-list";
    let outcome = output(
        mcp_matrix_run()
            .args(["--target", &url, "--filter", filter, "--junit"])
            .arg(&junit)
            .arg("--json")
            .arg(&json)
            .arg("--report")
            .arg(&markdown),
    );
    outcome.assert_code(0);
    assert!(
        outcome.stdout.contains("2025-06-18"),
        "the table is still printed: {}",
        outcome.stdout
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("the JSON file"))
            .expect("JSON");
    let ids = case_ids(&report);
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with("2025-06-18/")),
        "{ids:?}"
    );
    let xml = std::fs::read_to_string(&junit).expect("the JUnit file");
    let (tests, failures) = junit_counts(&xml);
    assert!(
        tests > ids.len(),
        "each case, and the lists walked: {tests}"
    );
    assert_eq!(failures, 0);
    for method in ["ping", "tools-list"] {
        assert!(
            xml.contains(&format!("url.2025-06-18.{method}\"")),
            "{method} in the JUnit report"
        );
    }
    assert!(
        std::fs::read_to_string(&markdown)
            .expect("the Markdown file")
            .contains("2025-06-18")
    );

    let outcome = output(
        mcp_matrix_run()
            .args(["--target", &url, "--filter", filter, "--json"])
            .arg(directory.join("missing/matrix.json")),
    );
    outcome.assert_refused("cannot write the JSON report to ");
}

#[tokio::test]
async fn the_table_groups_the_counts_by_dimension() {
    let url = reference_url().await;
    let outcome = output(mcp_matrix_run().args([
        "--target",
        &url,
        "--filter",
        "version=2025-03-26 method=initialize|tools-list",
    ]));
    outcome.assert_code(0);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/cli"));
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(r"in \d+\.\d s", "in [elapsed] s");
    settings.bind(|| insta::assert_snapshot!("run-table-reference", outcome.stdout));
}

#[tokio::test]
async fn through_the_local_front_door_with_each_authentication() {
    for auth in ["sigv4", "bearer", "cognito"] {
        let outcome = output(mcp_matrix_run().args([
            "--target",
            "local",
            "--auth",
            auth,
            "--filter",
            "method=ping",
            "--format",
            "json",
        ]));
        assert_eq!(outcome.code, Some(0), "--auth {auth}: {}", outcome.stderr);
        let report: serde_json::Value =
            serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
        assert_eq!(report["target"], "agentcore", "--auth {auth}");
        assert_eq!(report["summary"]["failed"], 0, "--auth {auth}");
        assert_eq!(report["summary"]["no-answer"], 0, "--auth {auth}");
    }
}

/// `--mcp-mode stateful`: the reference server with sessions, behind a
/// stateful runtime of the front door; the session cases are asked, and a
/// tool's progress and elicitation reach the client within the session.
#[tokio::test]
async fn a_stateful_local_run_asks_within_sessions() {
    let outcome = output(mcp_matrix_run().args([
        "--target",
        "local",
        "--auth",
        "bearer",
        "--mcp-mode",
        "stateful",
        "--config",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/server/mcp-matrix-stateful.toml"
        ),
        "--filter",
        "version=2025-06-18 variant=baseline",
        "--format",
        "json",
    ]));
    outcome.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    let ids = case_ids(&report);
    for expected in [
        "2025-06-18/session-without-id/baseline",
        "2025-06-18/session-after-delete/baseline",
        "2025-06-18/tools-call[count_down]/baseline",
        "2025-06-18/tools-call[confirm_action]/baseline",
    ] {
        assert!(ids.contains(&expected), "no case {expected}");
    }
    assert_eq!(report["summary"]["failed"], 0, "{}", outcome.stdout);
}

/// A server that is not the reference one (its own tools, a resource, a
/// template, a prompt), on the SDK a user labels it with: every item it
/// declared gets its cases, and no MUST is broken beyond the SDK's listed
/// deviations.
#[tokio::test]
async fn a_server_of_its_own_is_judged_by_what_it_declared() {
    // One version (`matrix_python_forecast` runs them all).
    let url = python_url(PythonServer::Forecast).await;
    let outcome = output(mcp_matrix_run().args([
        "--target",
        &url,
        "--label",
        "python-sdk-1",
        "--filter",
        "version=2025-06-18",
        "--format",
        "json",
    ]));
    outcome.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    let ids = case_ids(&report);
    for expected in [
        "2025-06-18/tools-call[get_forecast]/baseline",
        "2025-06-18/tools-call[set_alert]/baseline",
        "2025-06-18/tools-call-missing-argument[get_forecast]/baseline",
        "2025-06-18/tools-call-invalid-arguments[set_alert]/baseline",
        "2025-06-18/resources-read[cities]/baseline",
        "2025-06-18/prompts-get[forecast_summary]/baseline",
        "2025-06-18/prompts-get-missing-argument[forecast_summary]/baseline",
        "2025-06-18/completion-complete[template.forecast.city]/baseline",
    ] {
        assert!(ids.contains(&expected), "no case {expected}");
    }
    assert!(
        !ids.iter().any(|id| id.contains("validate_content")),
        "nothing of the reference server's tool"
    );
    assert_eq!(
        report["notes"],
        serde_json::json!([]),
        "a server on this machine: every tool is called"
    );
    assert_eq!(report["surface_findings"], serde_json::json!([]));
}

/// `--call-tools safe` (the default for remote and live targets) calls only
/// the tools that declare themselves safe, and says which it left out.
#[tokio::test]
async fn the_safe_policy_leaves_out_tools_without_a_safe_annotation_and_says_so() {
    let url = python_url(PythonServer::Forecast).await;
    let outcome = output(mcp_matrix_run().args([
        "--target",
        &url,
        "--label",
        "python-sdk-1",
        "--call-tools",
        "safe",
        "--filter",
        "version=2025-06-18 method=tools-call*",
    ]));
    outcome.assert_code(0);
    outcome.assert_says(&[
        "Not tested, and why:",
        "not called: tool `set_alert`",
        "call = true",
        "2 tools (get_forecast, set_alert)",
    ]);

    let outcome = output(mcp_matrix_run().args([
        "--target",
        &url,
        "--label",
        "python-sdk-1",
        "--call-tools",
        "safe",
        "--filter",
        "version=2025-06-18 method=tools-call*",
        "--format",
        "json",
    ]));
    outcome.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    let ids = case_ids(&report);
    assert!(
        ids.iter().any(|id| id.contains("[get_forecast]")),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|id| id.contains("[set_alert]")), "{ids:?}");
}

/// A project file that cannot be used stops the run before any case, with
/// one line naming the file and what is wrong, and exit status 2.
#[tokio::test]
async fn bad_project_files_are_one_line_and_exit_2() {
    let url = reference_url().await;
    let directory = scratch("bad-project");
    let files = [
        (
            "malformed.toml",
            "[tools.validate_content\n",
            "malformed.toml:1:",
        ),
        (
            "unknown-key.toml",
            "[tools.validate_content]\nargumnts = {}\n",
            "unknown field `argumnts`",
        ),
        (
            "unknown-tool.toml",
            "[tools.get_forecast]\ncall = true\n",
            "the target has no tool named \"get_forecast\"; it has: validate_content",
        ),
        (
            "bad-example.toml",
            "[tools.validate_content]\narguments = { content = 5 }\n",
            "[tools.validate_content] arguments do not match the tool's inputSchema: at /content",
        ),
    ];
    for (name, text, expected) in files {
        let path = directory.join(name);
        std::fs::write(&path, text).expect("a project file");
        let outcome = output(
            mcp_matrix_run()
                .args(["--target", &url, "--config"])
                .arg(&path),
        );
        outcome.assert_refused(expected);
        assert!(
            outcome.stderr.contains(name),
            "{name}: the file is named: {}",
            outcome.stderr
        );
    }
    // The working directory's mcp-matrix.toml is read without --config.
    std::fs::write(
        directory.join("mcp-matrix.toml"),
        "[tools.no_such_tool]\nexclude = true\n",
    )
    .expect("a project file");
    let outcome = output(
        mcp_matrix_run()
            .args(["--target", &url])
            .current_dir(&directory),
    );
    outcome.assert_refused("mcp-matrix.toml: [tools.no_such_tool]");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let directory = scratch("bad-input");
    let cases: [(&[&str], &str); 16] = [
        (
            &["--concurrency", "0"],
            "'--concurrency <CONCURRENCY>': must be at least 1",
        ),
        (&["--concurrency=-3"], "must be a whole number, at least 1"),
        (
            &["--rate", "0"],
            "must be a number of requests per second above 0",
        ),
        (
            &["--rate", "inf"],
            "must be a number of requests per second above 0",
        ),
        (&["--timeout", "0"], "must be at least 1 (seconds)"),
        (&["--max-body-mib", "0"], "must be at least 1"),
        (&["--no-such-flag"], "unexpected argument '--no-such-flag'"),
        (&["--format", "xml"], "invalid value 'xml'"),
        (&["--call-tools", "some"], "invalid value 'some'"),
        (
            &["--config", "/nonexistent/mcp-matrix.toml"],
            "cannot read /nonexistent/mcp-matrix.toml",
        ),
        (&["--filter", "method=tool-call"], "names no method"),
        (&["--filter", "verson=2025-06-18"], "unknown filter key"),
        (
            &["--target", "ftp://example.com/mcp"],
            "is not `local`, `live`",
        ),
        (&["--target", "http://127.0.0.1:9/mcp"], "got no answer"),
        (
            &["--target", "http://127.0.0.1:9/mcp", "--auth", "bearer"],
            "AGENTCORE_BEARER_TOKEN",
        ),
        (
            &["--deviations", "/nonexistent/deviations.toml"],
            "deviations.toml",
        ),
    ];
    for (args, expected) in cases {
        // `cli::mcp_matrix` leaves out AGENTCORE_BEARER_TOKEN, which
        // `--auth bearer` asks for.
        output(mcp_matrix_run().args(args).current_dir(&directory)).assert_refused(expected);
    }
}

/// Ctrl-C (SIGINT) or SIGTERM in the middle of `run --target local` ends
/// the run with 128 + the signal and leaves none of its containers behind,
/// as the Docker API sees them by their owner label.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_midway_leaves_no_container_of_the_run() {
    use mcp_matrix::environment::containers_owned_by;
    for (signal, name) in [(libc::SIGINT, "SIGINT"), (libc::SIGTERM, "SIGTERM")] {
        // Slow enough (2 requests a second) to be stopped in the middle.
        let mut child = mcp_matrix_run()
            .args(["--target", "local", "--rate", "2", "--concurrency", "1"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("mcp-matrix starts");
        let pid = child.id();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        loop {
            let owned = containers_owned_by(pid)
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            if !owned.is_empty() {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{name}: the run started no container"
            );
            assert!(
                child.try_wait().expect("the child's status").is_none(),
                "{name}: the run ended before it could be interrupted"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        // Let it send a few requests, then interrupt it.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let pid_t = libc::pid_t::try_from(pid).expect("a pid");
        // SAFETY: kill(2) on our own child, which has not been reaped yet.
        assert_eq!(unsafe { libc::kill(pid_t, signal) }, 0, "{name} sent");
        let output = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .expect("the wait")
            .expect("the child's output");
        assert_eq!(
            output.status.code(),
            Some(128 + signal),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let left = containers_owned_by(pid)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(left.is_empty(), "{name} left containers behind: {left:?}");
    }
}
