//! Shared by the matrix test binaries: which target a binary tests, the one
//! run of the whole matrix per binary, and the assertions and snapshots
//! every slice uses.
//!
//! Each binary tests one target. Its first test runs every case once
//! (concurrently); every `(version, method)` test then checks its slice of
//! that run, so `cargo test` names each slice and a failure names its case.

#![allow(dead_code)]

use std::{path::PathBuf, sync::Arc};

use mcp_matrix::{
    case::{Case, CaseVersion, Method, Variant},
    client::McpClient,
    deviations::KnownDeviations,
    environment::{
        LocalPlatform, PlatformAuth, PythonSdk, on_shared_runtime, shared_local_server,
        shared_python_peer, shared_reference_server,
    },
    matrix::{self, MatrixRun},
    target::{SendPolicy, Target},
};
use tokio::sync::OnceCell;

/// Points the server-under-test binary at a server the user started.
pub const TARGET_URL_VAR: &str = "MCP_MATRIX_TARGET_URL";

/// The target of a test binary.
#[derive(Debug, Clone, Copy)]
pub enum TargetKind {
    /// `MCP_MATRIX_TARGET_URL` if set, else the server container (the
    /// reference server, or `MCP_MATRIX_SERVER_IMAGE`).
    ServerUnderTest,
    Python(PythonSdk),
    /// The reference server behind the local AgentCore front door, called
    /// with a Cognito access token: the local copy of a live runtime, whose
    /// snapshots the live run is compared with.
    AgentCore,
}

/// The local platform (front door and identity provider), kept alive for
/// the process.
static PLATFORM: OnceCell<Arc<LocalPlatform>> = OnceCell::const_new();

async fn agentcore_target() -> Target {
    let platform = PLATFORM
        .get_or_init(|| {
            on_shared_runtime(async {
                let server = shared_reference_server()
                    .await
                    .unwrap_or_else(|error| panic!("no reference server: {error}"));
                Arc::new(
                    LocalPlatform::start(server)
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
    if let TargetKind::AgentCore = kind {
        return agentcore_target().await;
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
        TargetKind::Python(sdk) => {
            let peer = shared_python_peer(sdk)
                .await
                .unwrap_or_else(|error| panic!("no {} peer: {error}", sdk.label()));
            (sdk.label().to_owned(), peer.endpoint().to_owned())
        }
        TargetKind::AgentCore => unreachable!("handled above"),
    };
    let client = McpClient::new(&endpoint).unwrap_or_else(|error| {
        panic!("{TARGET_URL_VAR} or the target endpoint is unusable: {error}")
    });
    Target::direct(label, client)
}

static RUN: OnceCell<Arc<MatrixRun>> = OnceCell::const_new();

/// The run of the whole matrix against this binary's target.
pub async fn full_run(kind: TargetKind) -> Arc<MatrixRun> {
    RUN.get_or_init(|| async {
        let target = target(kind).await;
        let run = matrix::run(&target, &Case::all())
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        Arc::new(run)
    })
    .await
    .clone()
}

pub fn deviations() -> KnownDeviations {
    KnownDeviations::of_repository().unwrap_or_else(|error| panic!("{error}"))
}

/// Fails with every MUST violation of the slice, each naming its case,
/// what was expected, what came back, and the clause.
pub fn assert_slice(run: &MatrixRun, version: CaseVersion, method: Method) {
    let deviations = deviations();
    let failures = run.failures(&deviations, |case| {
        case.version == version && case.method == method
    });
    for warning in run.warnings(&deviations, |case| {
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

fn snapshot_dir(run: &MatrixRun) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(&run.target)
}

/// The cases whose whole answers are kept, not just their outcome line.
const REPRESENTATIVE: [(Method, Variant); 7] = [
    (Method::Initialize, Variant::Baseline),
    (Method::ToolsList, Variant::Baseline),
    (Method::ToolsCall, Variant::Baseline),
    (Method::ToolsCallInvalidArguments, Variant::Baseline),
    (Method::ServerDiscover, Variant::Baseline),
    (Method::UnknownMethod, Variant::Baseline),
    (Method::ToolsList, Variant::AcceptMissing),
];

/// Snapshots the outcome table of one version and the full answers of its
/// representative cases.
pub fn assert_snapshots(run: &MatrixRun, version: CaseVersion) {
    let deviations = deviations();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir(run));
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
    let bodies: Vec<serde_json::Value> = REPRESENTATIVE
        .iter()
        .map(|&(method, variant)| {
            let case = Case::new(version, method, variant);
            serde_json::json!({
                "case": case.to_string(),
                "response": run.observation(&case),
            })
        })
        .collect();
    settings.bind(|| {
        insta::assert_yaml_snapshot!(format!("bodies-{version}"), bodies);
    });
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
/// snapshot test per version, and the staleness check of the deviations.
#[macro_export]
macro_rules! matrix_tests {
    ($kind:expr) => {
        use mcp_matrix::case::{CaseVersion as V, Method as M};

        #[rstest::rstest]
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn slice(
            #[values(
                V::V2024_11_05,
                V::V2025_03_26,
                V::V2025_06_18,
                V::V2025_11_25,
                V::V2026_07_28,
                V::Unsupported
            )]
            version: V,
            #[values(
                M::Initialize,
                M::InitializeUnsupported,
                M::InitializeNewer,
                M::Initialized,
                M::Ping,
                M::ToolsList,
                M::ToolsCall,
                M::ToolsCallInvalidArguments,
                M::ToolsCallUnknownTool,
                M::ServerDiscover,
                M::UnknownMethod,
                M::NotJson,
                M::NotJsonRpc,
                M::Batch,
                M::ClientResponse,
                M::GetStream,
                M::Delete
            )]
            method: M,
        ) {
            let run = common::full_run($kind).await;
            common::assert_slice(&run, version, method);
        }

        #[rstest::rstest]
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn snapshots(
            #[values(
                V::V2024_11_05,
                V::V2025_03_26,
                V::V2025_06_18,
                V::V2025_11_25,
                V::V2026_07_28,
                V::Unsupported
            )]
            version: V,
        ) {
            let run = common::full_run($kind).await;
            common::assert_snapshots(&run, version);
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn known_deviations_still_occur() {
            let run = common::full_run($kind).await;
            common::assert_no_stale_deviations(&run);
        }
    };
}
