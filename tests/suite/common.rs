//! Shared by the `matrix_*` modules: which target a module tests, the one
//! run of the whole matrix per target, and the assertions and snapshots
//! every slice uses.
//!
//! Each module tests one target. Its first test to ask runs every case once
//! (concurrently); every `(version, method)` test then checks its slice of
//! that run, so `cargo test` names each slice and a failure names its case.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, LazyLock, Mutex, PoisonError},
};

use futures::{
    FutureExt,
    future::{BoxFuture, Shared},
};

use mcp_matrix::{
    agentcore::McpMode,
    case::{CallPolicy, Case, CaseVersion, Method, Variant},
    case_filter::CaseFilter,
    client::McpClient,
    deviations::KnownDeviations,
    environment::{
        LocalPlatform, PlatformAuth, PythonPeer, PythonSdk, PythonServer, on_shared_runtime,
        shared_local_server, shared_python_peer, shared_reference_server,
        shared_stateful_reference_server,
    },
    matrix::{self, MatrixRun, RunOptions},
    project::ProjectFile,
    report,
    target::{SendPolicy, Target},
};
use tokio::sync::{OnceCell, Semaphore};

/// Points the server-under-test binary at a server the user started.
pub const TARGET_URL_VAR: &str = "MCP_MATRIX_TARGET_URL";

/// The target of a `matrix_*` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// `MCP_MATRIX_TARGET_URL` if set, else the server container (the
    /// reference server, or `MCP_MATRIX_SERVER_IMAGE`).
    ServerUnderTest,
    /// A server of the suite's own on the official Python SDK.
    Python(PythonServer),
    /// The reference server behind the local AgentCore front door, called
    /// with a Cognito access token: the local copy of a live runtime, whose
    /// snapshots the live run is compared with.
    AgentCore,
    /// The reference server in its stateful mode behind a stateful runtime
    /// of the front door: every session its own container. Asked the
    /// variants sessions change (see [`STATEFUL_VARIANTS`]); the header
    /// variants are the stateless runtime's, judged in [`Self::AgentCore`].
    AgentCoreStateful,
}

/// The variants a stateful runtime is asked: the conforming request, and
/// the session ids (one the server never issued, the runtime's own).
pub const STATEFUL_VARIANTS: &str = "variant=baseline|session-id-platform|runtime-session-id";

/// The local platform (front door and identity provider), kept alive for
/// the process.
static PLATFORM: OnceCell<Arc<LocalPlatform>> = OnceCell::const_new();
/// The same, with a stateful runtime.
static STATEFUL_PLATFORM: OnceCell<Arc<LocalPlatform>> = OnceCell::const_new();

async fn agentcore_target(mode: McpMode) -> Target {
    let cell = match mode {
        McpMode::Stateless => &PLATFORM,
        McpMode::Stateful => &STATEFUL_PLATFORM,
    };
    let platform = cell
        .get_or_init(|| {
            on_shared_runtime(async move {
                let server = match mode {
                    McpMode::Stateless => shared_reference_server().await,
                    McpMode::Stateful => shared_stateful_reference_server().await,
                }
                .unwrap_or_else(|error| panic!("no reference server: {error}"));
                Arc::new(
                    LocalPlatform::start_in_mode(server, mode)
                        .await
                        .unwrap_or_else(|error| panic!("no local platform: {error:#}")),
                )
            })
        })
        .await;
    platform
        .target(PlatformAuth::Bearer, SendPolicy::LOCAL)
        .await
        .unwrap_or_else(|error| panic!("no target through the front door: {error:#}"))
}

async fn target(kind: TargetKind) -> Target {
    match kind {
        TargetKind::AgentCore => return agentcore_target(McpMode::Stateless).await,
        TargetKind::AgentCoreStateful => return agentcore_target(McpMode::Stateful).await,
        TargetKind::ServerUnderTest | TargetKind::Python(_) => {}
    }
    let (label, endpoint) = match kind {
        TargetKind::ServerUnderTest => match std::env::var(TARGET_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => ("url".to_owned(), url.trim().to_owned()),
            _ => {
                let server = shared_local_server()
                    .await
                    .unwrap_or_else(|error| panic!("no server under test: {error}"));
                let label = if server.image().is_reference {
                    "reference"
                } else {
                    "image"
                };
                (label.to_owned(), server.endpoint().to_owned())
            }
        },
        // Labelled by its SDK, as a user labels their own server on it
        // (`--label python-sdk-1`): the SDK's known deviations are its own.
        TargetKind::Python(server) => {
            let peer = python_peer(server).await;
            (server.sdk().label().to_owned(), peer.endpoint().to_owned())
        }
        TargetKind::AgentCore | TargetKind::AgentCoreStateful => unreachable!("handled above"),
    };
    let client = McpClient::new(&endpoint).unwrap_or_else(|error| {
        panic!("{TARGET_URL_VAR} or the target endpoint is unusable: {error}")
    });
    Target::direct(label, client)
}

/// The id of the first problem a report names, read from the report as it
/// is written in `format` (`table`, `json`, `junit` or `markdown`): every
/// format leads with the problems, numbered from 1.
pub fn first_problem_id(format: &str, report: &str) -> Option<String> {
    match format {
        "json" => {
            serde_json::from_str::<serde_json::Value>(report).expect("a JSON report")["problems"][0]
                ["id"]
                .as_str()
                .map(str::to_owned)
        }
        "junit" => roxmltree::Document::parse(report)
            .expect("well-formed JUnit XML")
            .descendants()
            .find(|node| node.has_tag_name("testsuite"))
            .filter(|suite| suite.attribute("name") == Some("problems"))
            .and_then(|suite| suite.children().find(|node| node.has_tag_name("testcase")))
            .and_then(|case| case.attribute("name"))
            .and_then(|name| name.strip_prefix("1. "))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned),
        "markdown" => report
            .lines()
            .find_map(|line| line.strip_prefix("### 1. `"))
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned),
        "table" => report
            .lines()
            .find_map(|line| line.strip_prefix("1. "))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned),
        other => panic!("no report format {other}"),
    }
}

/// The process-wide peer of `server`, started on first use.
pub async fn python_peer(server: impl Into<PythonServer>) -> Arc<PythonPeer> {
    let server = server.into();
    shared_python_peer(server)
        .await
        .unwrap_or_else(|error| panic!("no {} peer: {error}", server.label()))
}

/// The endpoint of the process-wide peer of `server`.
pub async fn python_url(server: impl Into<PythonServer>) -> String {
    let server = server.into();
    on_shared_runtime(async move { python_peer(server).await.endpoint().to_owned() }).await
}

/// The endpoint of the process-wide reference container.
pub async fn reference_url() -> String {
    on_shared_runtime(async {
        shared_reference_server()
            .await
            .unwrap_or_else(|error| panic!("no reference server: {error}"))
            .endpoint()
            .to_owned()
    })
    .await
}

/// The path of the reference server's project file, `server/mcp-matrix.toml`.
pub fn reference_config() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("server/mcp-matrix.toml")
}

/// The project file of the reference server's tool, `validate_content`,
/// which the Python SDK peers of `peers/fastmcp_v1.py` and
/// `peers/mcpserver_v2.py` reproduce.
pub fn reference_project() -> ProjectFile {
    ProjectFile::load(&reference_config()).unwrap_or_else(|error| panic!("{error}"))
}

/// The project file of the reference server in its stateful mode, with
/// the tools that report progress and ask the client.
pub fn stateful_reference_project() -> ProjectFile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("server/mcp-matrix-stateful.toml");
    ProjectFile::load(&path).unwrap_or_else(|error| panic!("{error}"))
}

/// Names the project file of the user's own server (URL or image), as
/// `mcp-matrix run --config` does.
pub const CONFIG_VAR: &str = "MCP_MATRIX_CONFIG";

/// What a target's run is told: the reference tool's project file where
/// the target has that tool (the user's own file, `MCP_MATRIX_CONFIG`, for
/// their server), and which tools may be called: every tool of a server this
/// process started or one on this machine, only the safe ones elsewhere (as
/// `mcp-matrix run` decides).
fn options(kind: TargetKind) -> RunOptions {
    let url = std::env::var(TARGET_URL_VAR)
        .ok()
        .filter(|url| !url.trim().is_empty());
    let users_own =
        url.is_some() || std::env::var(mcp_matrix::environment::SERVER_IMAGE_VAR).is_ok();
    let project = match kind {
        TargetKind::ServerUnderTest if users_own => match std::env::var_os(CONFIG_VAR) {
            Some(path) => {
                ProjectFile::load(Path::new(&path)).unwrap_or_else(|error| panic!("{error}"))
            }
            None => ProjectFile::default(),
        },
        TargetKind::Python(server) if !server.serves_the_reference_tool() => ProjectFile::default(),
        TargetKind::AgentCoreStateful => stateful_reference_project(),
        _ => reference_project(),
    };
    let call_tools = match (kind, url) {
        (TargetKind::ServerUnderTest, Some(url)) => url
            .trim()
            .parse()
            .map_or(CallPolicy::Safe, |url| CallPolicy::default_for_url(&url)),
        _ => CallPolicy::All,
    };
    let filter = match kind {
        TargetKind::AgentCoreStateful => {
            Some(CaseFilter::parse(STATEFUL_VARIANTS).unwrap_or_else(|error| panic!("{error}")))
        }
        _ => None,
    };
    RunOptions {
        project,
        call_tools,
        filter,
    }
}

impl TargetKind {
    /// Every target, each tested by one `matrix_*` module.
    /// In the order their runs start: the stateful runtime's first, as it
    /// mostly waits (a container per session) and so overlaps best.
    const ALL: [TargetKind; 7] = [
        TargetKind::AgentCoreStateful,
        TargetKind::AgentCore,
        TargetKind::Python(PythonServer::Forecast),
        TargetKind::Python(PythonServer::PagedTools),
        TargetKind::Python(PythonServer::ValidateContent(PythonSdk::V1)),
        TargetKind::Python(PythonServer::ValidateContent(PythonSdk::V2)),
        TargetKind::ServerUnderTest,
    ];

    /// The module whose tests judge this target's run.
    pub fn module(self) -> &'static str {
        match self {
            TargetKind::AgentCore => "matrix_agentcore",
            TargetKind::AgentCoreStateful => "matrix_agentcore_stateful",
            TargetKind::Python(PythonServer::Forecast) => "matrix_python_forecast",
            TargetKind::Python(PythonServer::PagedTools) => "matrix_python_paged",
            TargetKind::Python(PythonServer::ValidateContent(PythonSdk::V1)) => {
                "matrix_python_sdk1"
            }
            TargetKind::Python(PythonServer::ValidateContent(PythonSdk::V2)) => {
                "matrix_python_sdk2"
            }
            TargetKind::ServerUnderTest => "matrix_server",
        }
    }
}

/// A run that may still be under way: every test of its target awaits it.
/// A run that failed to start is the message each of them fails with.
type PendingRun = Shared<BoxFuture<'static, Result<Arc<MatrixRun>, Arc<str>>>>;

/// The run of each target, started once per process.
static RUNS: LazyLock<Mutex<HashMap<TargetKind, PendingRun>>> = LazyLock::new(Mutex::default);

/// How many runs are made at once. Each sends many requests concurrently
/// and judges every answer; two keep both cores busy, and more would only
/// queue each other's requests, towards the per-request timeout.
const RUNS_AT_ONCE: usize = 2;
static RUN_PERMITS: Semaphore = Semaphore::const_new(RUNS_AT_ONCE);

/// Where the runs are made: a runtime of their own, so that a run goes on
/// whichever test started it, and the tests awaiting it hold no worker.
static RUNNER: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("matrix-run")
        .enable_all()
        .build()
        .expect("a tokio runtime for the matrix runs")
});

/// The run of the whole matrix against `kind`, made once per process.
///
/// The first call also starts the run of every other target this test
/// process was asked to test (see [`asked_for`]): libtest hands its threads
/// out in the order of the tests' names, so the hundreds of slices of one
/// target would otherwise hold every thread while the next target's run has
/// not begun. Started together, the runs overlap their waits (containers,
/// sessions, Python peers) instead of adding them up.
pub async fn full_run(kind: TargetKind) -> Arc<MatrixRun> {
    let pending = {
        let mut runs = RUNS.lock().unwrap_or_else(PoisonError::into_inner);
        if runs.is_empty() {
            let filters = test_filters();
            for asked in TargetKind::ALL {
                if asked_for(asked, &filters) {
                    runs.insert(asked, start_run(asked, None));
                }
            }
        }
        runs.entry(kind)
            .or_insert_with(|| start_run(kind, None))
            .clone()
    };
    pending
        .await
        .unwrap_or_else(|message| panic!("the matrix run of {kind:?}: {message}"))
}

/// Starts a run of `kind`'s cases, or of those `scope` names.
fn start_run(kind: TargetKind, scope: Option<Scope>) -> PendingRun {
    let handle = RUNNER.spawn(async move {
        let _permit = RUN_PERMITS.acquire().await;
        let target = target(kind).await;
        let mut planned = matrix::prepare(&target, &options(kind))
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        if let Some(scope) = scope {
            planned.plan.cases.retain(|case| scope.holds(case));
        }
        Arc::new(planned.execute(&target, |_| {}).await)
    });
    async move {
        handle.await.map_err(|error| match error.try_into_panic() {
            Ok(panic) => panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("it panicked")
                .into(),
            Err(error) => error.to_string().into(),
        })
    }
    .boxed()
    .shared()
}

/// The cases a test judges, when it need not see the whole run.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// The cases of one version and method: a slice test.
    Slice(CaseVersion, Method),
    /// The cases of one version: a snapshot test.
    Version(CaseVersion),
}

impl Scope {
    fn holds(self, case: &Case) -> bool {
        match self {
            Scope::Slice(version, method) => case.version == version && case.method == method,
            Scope::Version(version) => case.version == version,
        }
    }
}

/// The run a test of `kind` judges: the whole run, shared, under `cargo
/// test`. cargo-nextest runs each test in a process of its own (its
/// `process-per-test` mode), where sharing is impossible and a whole run
/// per test would repeat the matrix hundreds of times; there the test runs
/// only the cases of its `scope`, the same cases it judges of a whole run.
pub async fn run_for(kind: TargetKind, scope: Scope) -> Arc<MatrixRun> {
    if std::env::var("NEXTEST_EXECUTION_MODE").as_deref() != Ok("process-per-test") {
        return full_run(kind).await;
    }
    start_run(kind, Some(scope))
        .await
        .unwrap_or_else(|message| panic!("the matrix run of {kind:?} ({scope:?}): {message}"))
}

/// The test name filters this process was given: libtest's free arguments,
/// without its options and their values.
fn test_filters() -> Vec<String> {
    const TAKES_A_VALUE: [&str; 7] = [
        "--skip",
        "--test-threads",
        "--format",
        "--color",
        "--logfile",
        "--shuffle-seed",
        "-Z",
    ];
    let mut filters = Vec::new();
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if TAKES_A_VALUE.contains(&argument.as_str()) {
            arguments.next();
        } else if !argument.starts_with('-') {
            filters.push(argument);
        }
    }
    filters
}

/// Whether the filters select tests of `kind`'s module, as libtest matches
/// them (a test runs when its name, `<module>::<test>`, holds a filter):
/// none given, a filter within the module's name (`matrix_python`), or one
/// whose part up to its first `::` ends the module's name and separator
/// (`matrix_agentcore::slice`, `stateful::surface`). A filter that names no
/// module (`slice`) starts nothing early; each run then starts with the
/// first test that needs it.
fn asked_for(kind: TargetKind, filters: &[String]) -> bool {
    let module = kind.module();
    filters.is_empty()
        || filters.iter().any(|filter| match filter.find("::") {
            Some(end) => format!("{module}::").ends_with(&filter[..end + 2]),
            None => module.contains(filter.as_str()),
        })
}

pub fn deviations() -> KnownDeviations {
    KnownDeviations::of_repository().unwrap_or_else(|error| panic!("{error}"))
}

/// Fails with every MUST violation of the slice, each naming its case,
/// what was expected, what came back, and the clause.
pub fn assert_slice(run: &MatrixRun, version: CaseVersion, method: Method) {
    let deviations = deviations();
    let failures = report::failures(run, &deviations, |case| {
        case.version == version && case.method == method
    });
    for warning in report::warnings(run, &deviations, |case| {
        case.version == version && case.method == method
    }) {
        eprintln!("warning: {warning}\n");
    }
    assert!(
        failures.is_empty(),
        "{} MUST violation(s) in {}/{}:\n\n{}",
        failures.len(),
        version,
        method,
        failures.join("\n\n")
    );
}

/// Where a target's snapshots live: the folder of its label, except for
/// the Python servers of the suite's own, which share their SDK's label
/// (and so its known deviations) but have folders of their own.
fn snapshot_dir(run: &MatrixRun, kind: TargetKind) -> PathBuf {
    let folder = match kind {
        TargetKind::Python(server) => server.label(),
        TargetKind::ServerUnderTest | TargetKind::AgentCore => &run.target,
        TargetKind::AgentCoreStateful => "agentcore-stateful",
    };
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(folder)
}

/// The methods whose whole answers are kept, not just their outcome line:
/// the baseline of each (for every item of a per-item method), and one
/// refusal.
const REPRESENTATIVE: [Method; 18] = [
    Method::Initialize,
    Method::ToolsList,
    Method::ToolsCall,
    Method::ToolsCallMissingArgument,
    Method::ToolsCallInvalidArguments,
    Method::ResourcesList,
    Method::ResourceTemplatesList,
    Method::ResourcesRead,
    Method::ResourcesReadUnknown,
    Method::PromptsList,
    Method::PromptsGet,
    Method::PromptsGetMissingArgument,
    Method::PromptsGetUnknown,
    Method::CompletionComplete,
    Method::ListNextPage,
    Method::ListInvalidCursor,
    Method::ServerDiscover,
    Method::UnknownMethod,
];

fn is_kept_whole(case: &Case) -> bool {
    (case.variant == Variant::Baseline && REPRESENTATIVE.contains(&case.method))
        || (case.method == Method::ToolsList && case.variant == Variant::AcceptMissing)
}

/// Snapshots the outcome table of one version and the full answers of its
/// representative cases.
pub fn assert_snapshots(run: &MatrixRun, kind: TargetKind, version: CaseVersion) {
    let deviations = deviations();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir(run, kind));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.add_redaction(".**.serverInfo.version", "[version]");
    settings.add_redaction(
        ".**[\"io.modelcontextprotocol/serverInfo\"].version",
        "[version]",
    );

    settings.set_description(format!(
        "{} answers to protocol version {version}: one line per case, \
         `method/variant: outcome`, then `!!` and the findings",
        run.target
    ));
    settings.bind(|| {
        insta::assert_yaml_snapshot!(format!("matrix-{version}"), run.table(version, &deviations));
    });

    settings.set_description(format!(
        "{} answers to protocol version {version}: whole answers to representative cases",
        run.target
    ));
    let bodies: Vec<serde_json::Value> = run
        .results
        .keys()
        .filter(|case| case.version == version && is_kept_whole(case))
        .map(|case| {
            serde_json::json!({
                "case": case.to_string(),
                "response": run.observation(case),
            })
        })
        .collect();
    settings.bind(|| {
        insta::assert_yaml_snapshot!(format!("bodies-{version}"), bodies);
    });
}

/// Snapshots what the target declared and what the plan left out, and
/// fails on a problem of its lists (a cursor that loops, say).
pub fn assert_surface(run: &MatrixRun, kind: TargetKind) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir(run, kind));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "{}: what discovery found in each protocol version, and what the plan left out",
        run.target
    ));
    settings.bind(|| {
        let declared: Vec<serde_json::Value> = run
            .surface
            .grouped()
            .into_iter()
            .map(|(versions, declared)| serde_json::json!({ "versions": versions, "declared": declared }))
            .collect();
        insta::assert_yaml_snapshot!(
            "surface",
            serde_json::json!({
                "supported": run.surface.support,
                "session": run.surface.session,
                "declared": declared,
                "notes": run.notes,
            })
        );
    });
    let problems = report::surface_failures(run);
    assert!(
        problems.is_empty(),
        "{} problem(s) in the target's lists:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// Fails when a known deviation of this target excuses nothing any more.
pub fn assert_no_stale_deviations(run: &MatrixRun) {
    let deviations = deviations();
    let stale: Vec<String> = run
        .stale_deviations(&deviations)
        .iter()
        .map(|entry| {
            format!(
                "  rule {} on cases {} ({})",
                entry.rule, entry.cases, entry.clause
            )
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{}: these known deviations no longer occur; remove them from known-deviations.toml:\n{}",
        run.target,
        stale.join("\n")
    );
}

/// The tests of one matrix target: a test per (version, method) slice, a
/// snapshot test per version, the surface snapshot, and the staleness check
/// of the deviations.
///
/// rstest needs the slices' versions and methods spelled out; they come from
/// the case model's one list of them (`mcp_matrix::with_versions_and_methods!`,
/// from which `CaseVersion::ALL` and `Method::ALL` are made), so a new
/// method or version gets its slices, and is judged, in every target.
macro_rules! matrix_tests {
    ($kind:expr) => {
        mcp_matrix::with_versions_and_methods!(matrix_tests! { @slices $kind; });
    };
    (@slices $kind:expr; versions: [$($version:ident),+], methods: [$($method:ident),+]) => {
        use mcp_matrix::case::{CaseVersion as V, Method as M};

        #[rstest::rstest]
        #[tokio::test]
        async fn slice(
            #[values($(V::$version),+)] version: V,
            #[values($(M::$method),+)] method: M,
        ) {
            let run = common::run_for($kind, common::Scope::Slice(version, method)).await;
            common::assert_slice(&run, version, method);
        }

        /// The slices above are the case model's versions and methods: the
        /// wiring to its list, which no hand-written list replaced. And the
        /// module is the one [`common::TargetKind::module`] names, so a
        /// test filter that names it starts its run early.
        #[test]
        fn every_version_and_method_has_a_slice() {
            assert!(
                module_path!().ends_with(&format!("::{}", $kind.module())),
                "{} tests {:?}, whose module is {}",
                module_path!(),
                $kind,
                $kind.module()
            );
            let versions = [$(V::$version),+];
            let methods = [$(M::$method),+];
            assert_eq!(versions.len(), V::ALL.len(), "a version is listed twice or missing");
            assert_eq!(methods.len(), M::ALL.len(), "a method is listed twice or missing");
            for version in V::ALL {
                assert!(versions.contains(&version), "{version} has no slice");
            }
            for method in M::ALL {
                assert!(methods.contains(&method), "{method} has no slice");
            }
        }

        #[rstest::rstest]
        #[tokio::test]
        async fn snapshots(#[values($(V::$version),+)] version: V) {
            let run = common::run_for($kind, common::Scope::Version(version)).await;
            common::assert_snapshots(&run, $kind, version);
        }

        #[tokio::test]
        async fn surface() {
            let run = common::full_run($kind).await;
            common::assert_surface(&run, $kind);
        }

        #[tokio::test]
        async fn known_deviations_still_occur() {
            let run = common::full_run($kind).await;
            common::assert_no_stale_deviations(&run);
        }
    };
}
