use mcp_matrix::{
    agentcore::McpMode,
    case_filter::CaseFilter,
    environment::*,
    matrix::{self, RunOptions},
    report,
    target::SendPolicy,
};
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe() {
    let started = std::time::Instant::now();
    let server = shared_stateful_reference_server().await.unwrap();
    let platform = LocalPlatform::start_in_mode(server, McpMode::Stateful)
        .await
        .unwrap();
    let target = platform
        .target(PlatformAuth::Bearer, SendPolicy::LOCAL)
        .await
        .unwrap();
    let filter = std::env::var("F")
        .ok()
        .map(|f| CaseFilter::parse(&f).unwrap());
    let run = matrix::run(
        &target,
        &RunOptions {
            filter,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    eprintln!(
        "elapsed {:?} cases {} session {:?}",
        started.elapsed(),
        run.results.len(),
        run.surface.session
    );
    for line in report::failures(
        &run,
        &mcp_matrix::deviations::KnownDeviations::default(),
        |_| true,
    )
    .iter()
    .take(40)
    {
        eprintln!("{line:?}");
    }
}
