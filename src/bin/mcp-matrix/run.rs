//! `mcp-matrix run`: the matrix against a local copy, a URL or the live
//! runtime, with the same cases and oracle as `cargo test`.

use std::{
    io::IsTerminal,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::Arc,
    time::Duration,
};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use mcp_matrix::{
    agentcore::McpMode,
    auth::sigv4::{SigV4Signer, SigningScope},
    case::{CallPolicy, CaseVersion},
    case_filter::CaseFilter,
    client::{McpClient, Timeouts},
    deviations::KnownDeviations,
    diagnosis::{Cause, diagnose},
    environment::{
        LocalPlatform, LocalServer, PlatformAuth, shared_local_server,
        shared_stateful_reference_server,
    },
    live::{self, AgentChoice, LiveAuth, comparison::Blame, probes::Probe},
    matrix::{self, MatrixRun, RunOptions},
    project::ProjectFile,
    report,
    surface::SessionMode,
    target::{BearerToken, SendPolicy, Target},
};

use crate::fail;

const EXAMPLES: &str = "\
Examples:
  # The reference server in a container (built on first use), no auth
  mcp-matrix run
  # The same behind the local AgentCore front door, with a Cognito sign-in
  mcp-matrix run --target local --auth cognito
  # Your own server, the 2025-06-18 tools cases only, as JUnit XML
  mcp-matrix run --target http://127.0.0.1:8000/mcp \\
      --filter 'version=2025-06-18 method=tools-*' --format junit --out matrix.xml
  # In CI: the table in the log, and the JUnit, JSON and Markdown reports as files
  MCP_MATRIX_SERVER_IMAGE=my-mcp:dev mcp-matrix run --junit matrix.xml \\
      --json matrix.json --report \"$GITHUB_STEP_SUMMARY\"
  # Your deployed runtime (ARN and credentials as the README's \"Live mode\" says)
  AGENTCORE_RUNTIME_ARN=arn:aws:bedrock-agentcore:... mcp-matrix run --target live --auth sigv4

Filters: terms separated by spaces or commas, all must match:
  version=2025-06-18|2025-11-25   method=tools-*   variant!=baseline
  2025-03-26/ping/accept-*        (a pattern for the case id version/method/variant)
  */tools-call[get_forecast]/*    (the cases of one tool)

What is tested is discovered: every tool, resource, resource template and
prompt the target lists. Tools are called with arguments synthesized from
their inputSchema, or with the examples of mcp-matrix.toml (in the working
directory, or --config). Calls have side effects: against a live or remote
target only tools annotated readOnlyHint: true or destructiveHint: false
(and those mcp-matrix.toml allows) are called, unless --call-tools says
otherwise; the report lists what was not called and why.

Exit status: 0 when no MUST is violated, 1 when one is (or a case got no
answer), 2 when the run could not start.";

/// Run the matrix (protocol versions x headers x methods) and judge every
/// answer against the MCP specification.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RunArgs {
    /// `local` (the server container, or behind the local front door with
    /// --auth), `live` (your runtime through AgentCore), or the URL of an
    /// MCP endpoint or AgentCore invocation.
    #[arg(long, default_value = "local", env = "MCP_MATRIX_TARGET_URL")]
    target: String,
    /// How requests are authenticated. Default: none, or for `live` what
    /// the configuration provides.
    #[arg(long, value_enum)]
    auth: Option<AuthMode>,
    /// Run only the cases this expression selects (see below).
    #[arg(long)]
    filter: Option<String>,
    /// The project file (default: mcp-matrix.toml in the working directory,
    /// if there is one): example arguments, expected results, tools to
    /// leave out or to allow.
    #[arg(long, value_name = "FILE", env = "MCP_MATRIX_CONFIG")]
    config: Option<PathBuf>,
    /// Which tools are called: `safe` (only those annotated readOnlyHint:
    /// true or destructiveHint: false, and those the project file allows),
    /// `all` or `none`. Default: `all` for the local container and servers
    /// on this machine, `safe` for live and remote targets.
    #[arg(long, value_enum)]
    call_tools: Option<CallTools>,
    /// Requests in flight at once (default: 16 locally, 4 live).
    #[arg(long, value_parser = at_least_one)]
    concurrency: Option<usize>,
    /// The most requests started per second (default: none locally, 10 live).
    #[arg(long, value_parser = positive_rate)]
    rate: Option<f64>,
    /// Seconds to wait for each answer, body included.
    #[arg(long, default_value_t = 30, value_parser = at_least_one_second)]
    timeout: u64,
    /// The largest response body read, in MiB; a larger one fails its case.
    #[arg(long, default_value_t = 8, value_parser = at_least_one)]
    max_body_mib: usize,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Names the target in reports and in known-deviations.toml (default:
    /// `url`, `reference`, or `agentcore` through the platform).
    #[arg(long)]
    label: Option<String>,
    /// A known-deviations file other than the repository's.
    #[arg(long)]
    deviations: Option<PathBuf>,
    /// Also write the outcome tables (one per protocol version, the form of
    /// the snapshots) here, as JSON.
    #[arg(long)]
    tables: Option<PathBuf>,
    /// Also write the Markdown report here (e.g. $GITHUB_STEP_SUMMARY).
    #[arg(long)]
    report: Option<PathBuf>,
    /// Also write the JUnit XML report here, whatever --format prints: one
    /// run gives CI its test results and its JSON together (action.yml).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write the JSON report here, whatever --format prints.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// List every failing case after the problems (table format).
    #[arg(long, short)]
    verbose: bool,
    /// The server's MCP mode. Live: which no project file records; default
    /// $AGENTCORE_MCP_MODE, or what its code sets (`stateless_http=` in the
    /// AgentCore CLI project's entrypoint), else unknown. Local: `stateful`
    /// runs the reference server with sessions, and the front door (with
    /// --auth) as a stateful runtime; default stateless.
    #[arg(long, value_name = "stateless|stateful")]
    mcp_mode: Option<McpMode>,
    /// With --target live: also run the same cases against the same image
    /// ($MCP_MATRIX_SERVER_IMAGE, else the reference server) behind the local
    /// front door, configured as the live runtime (IAM or JWT, stateless or
    /// stateful), and fail on every case whose outcome differs, naming the
    /// side that is wrong: the fidelity table, or the deployment.
    #[arg(long)]
    compare_local: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AuthMode {
    None,
    Sigv4,
    Bearer,
    Cognito,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CallTools {
    Safe,
    All,
    None,
}

impl From<CallTools> for CallPolicy {
    fn from(choice: CallTools) -> Self {
        match choice {
            CallTools::Safe => Self::Safe,
            CallTools::All => Self::All,
            CallTools::None => Self::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
    Junit,
    Markdown,
}

/// The target and, for a live run, the refused-credential probes.
struct Prepared {
    target: Target,
    /// Which tools it may call unless `--call-tools` says otherwise: all of
    /// a server this run started or one on this machine, only the safe ones
    /// of a live or remote one.
    call_tools: CallPolicy,
    probes: Vec<Probe>,
    /// Of a live run: how its local twin is configured.
    live_runtime: Option<LiveRuntime>,
    /// Keeps the local front door and identity provider running.
    _platform: Option<LocalPlatform>,
}

/// What of a live runtime its local twin (`--compare-local`) copies.
struct LiveRuntime {
    auth: PlatformAuth,
    /// The MCP mode the configuration gives, if any; else the one the
    /// live run's discovery found.
    mode: Option<McpMode>,
}

pub async fn main(args: RunArgs) -> ExitCode {
    if args.compare_local && args.target != "live" {
        return fail(
            "--compare-local sets a live run against a local one; use it with --target live",
        );
    }
    let filter = match args.filter.as_deref().map(CaseFilter::parse).transpose() {
        Ok(filter) => filter,
        Err(error) => return fail(format!("--filter: {error}")),
    };
    let project = match &args.config {
        Some(path) => ProjectFile::load(path),
        None => ProjectFile::find_in(Path::new(".")).map(Option::unwrap_or_default),
    };
    let project = match project {
        Ok(project) => project,
        Err(error) => return fail(error),
    };
    let deviations = match &args.deviations {
        Some(path) => KnownDeviations::load(path),
        None => KnownDeviations::of_repository(),
    };
    let deviations = match deviations {
        Ok(deviations) => deviations,
        Err(error) => return fail(error),
    };
    let prepared = match prepare(&args).await {
        Ok(prepared) => prepared,
        Err(error) => return fail(format!("{error:#}")),
    };
    let options = RunOptions {
        project,
        call_tools: args
            .call_tools
            .map_or(prepared.call_tools, CallPolicy::from),
        filter,
    };
    let planned = match matrix::prepare(&prepared.target, &options).await {
        Ok(planned) => planned,
        Err(error) => return fail(error),
    };
    let progress = progress_bar(planned.plan.cases.len());
    let run = planned.execute(&prepared.target, |_| progress.inc(1)).await;
    progress.finish_and_clear();
    let differences = match (&prepared.live_runtime, args.compare_local) {
        (Some(live_runtime), true) => {
            match compare_with_local(&args, live_runtime, &options, &run, &deviations).await {
                Ok(differences) => Some(differences),
                Err(error) => return fail(format!("--compare-local: {error:#}")),
            }
        }
        _ => None,
    };
    finish(
        &args,
        &run,
        &prepared.probes,
        differences.as_deref(),
        &deviations,
    )
}

/// Runs the live run's cases against the same image behind the local front
/// door, configured as the live runtime, and compares the two.
async fn compare_with_local(
    args: &RunArgs,
    live_runtime: &LiveRuntime,
    options: &RunOptions,
    live_run: &MatrixRun,
    deviations: &KnownDeviations,
) -> anyhow::Result<Vec<live::comparison::Difference>> {
    let mode = live_runtime.mode.unwrap_or(match live_run.surface.session {
        SessionMode::Stateful => McpMode::Stateful,
        _ => McpMode::Stateless,
    });
    let server = local_server(mode).await?;
    eprintln!(
        "mcp-matrix: the local twin: {} behind the local front door ({:?}, {mode:?})",
        server.image(),
        live_runtime.auth
    );
    let platform = LocalPlatform::start_in_mode(server, mode).await?;
    let mut target = platform
        .target(live_runtime.auth, policy(args, SendPolicy::LOCAL))
        .await?;
    // The same limits as the live run, so that a slow answer is not a
    // difference of its own.
    limit(args, &mut target);
    let local_run = matrix::run(&target, options)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    Ok(live::comparison::compare(live_run, &local_run, deviations))
}

/// A progress bar on a terminal; hidden when stderr is not one (CI logs).
fn progress_bar(cases: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(cases as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} cases {wide_bar} {per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A count that must be at least 1 (`--concurrency`, `--max-body-mib`):
/// 0 would run nothing, or read no body, so it is refused rather than
/// silently raised.
fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(count) => Ok(count),
        Err(_) => Err("must be a whole number, at least 1".to_owned()),
    }
}

fn at_least_one_second(value: &str) -> Result<u64, String> {
    at_least_one(value)
        .map(|seconds| seconds as u64)
        .map_err(|reason| format!("{reason} (seconds)"))
}

/// Requests per second: a finite number above 0.
fn positive_rate(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err("must be a number of requests per second above 0, such as 10 or 0.5".to_owned()),
    }
}

fn policy(args: &RunArgs, base: SendPolicy) -> SendPolicy {
    SendPolicy {
        concurrency: args.concurrency.unwrap_or(base.concurrency),
        max_requests_per_second: args.rate.or(base.max_requests_per_second),
        ..base
    }
}

async fn prepare(args: &RunArgs) -> anyhow::Result<Prepared> {
    let mut prepared = match args.target.as_str() {
        "local" => prepare_local(args).await?,
        "live" => prepare_live(args).await?,
        url => prepare_url(args, url).await?,
    };
    limit(args, &mut prepared.target);
    if let Some(label) = &args.label {
        prepared.target.label = label.clone();
    }
    Ok(prepared)
}

/// `--timeout` and `--max-body-mib`, for `target`'s requests.
fn limit(args: &RunArgs, target: &mut Target) {
    target.client = target
        .client
        .clone()
        .with_timeouts(Timeouts {
            exchange: Duration::from_secs(args.timeout),
            ..Timeouts::default()
        })
        .with_max_body_bytes(args.max_body_mib.saturating_mul(1024 * 1024));
}

/// The server of a local run: `MCP_MATRIX_SERVER_IMAGE`, else the reference
/// server, told to keep sessions when `mode` is stateful (a user's image
/// is whatever its Dockerfile made it).
async fn local_server(mode: McpMode) -> anyhow::Result<Arc<LocalServer>> {
    let server = shared_local_server()
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    if server.image().is_reference && mode == McpMode::Stateful {
        return shared_stateful_reference_server()
            .await
            .map_err(|error| anyhow::anyhow!("{error}"));
    }
    Ok(server)
}

async fn prepare_local(args: &RunArgs) -> anyhow::Result<Prepared> {
    let policy = policy(args, SendPolicy::LOCAL);
    let mode = args.mcp_mode.unwrap_or(McpMode::Stateless);
    let auth = match args.auth.unwrap_or(AuthMode::None) {
        AuthMode::None => {
            let server = local_server(mode).await?;
            let label = if server.image().is_reference {
                "reference"
            } else {
                "image"
            };
            let mut target = Target::direct(label, McpClient::new(server.endpoint())?);
            target.policy = policy;
            return Ok(Prepared {
                target,
                call_tools: CallPolicy::All,
                probes: Vec::new(),
                live_runtime: None,
                _platform: None,
            });
        }
        AuthMode::Sigv4 => PlatformAuth::SigV4,
        AuthMode::Bearer => PlatformAuth::Bearer,
        AuthMode::Cognito => PlatformAuth::Cognito,
    };
    let platform = LocalPlatform::start_in_mode(local_server(mode).await?, mode).await?;
    let target = platform.target(auth, policy).await?;
    Ok(Prepared {
        target,
        call_tools: CallPolicy::All,
        probes: Vec::new(),
        live_runtime: None,
        _platform: Some(platform),
    })
}

async fn prepare_live(args: &RunArgs) -> anyhow::Result<Prepared> {
    let mut choice = AgentChoice::from_env()?;
    choice.mode = args.mcp_mode.or(choice.mode);
    let settings = live::settings(&choice).await?;
    let configured = match settings.auth {
        LiveAuth::SigV4 => AuthMode::Sigv4,
        LiveAuth::Bearer(live::BearerSource::Token(_)) => AuthMode::Bearer,
        LiveAuth::Bearer(_) => AuthMode::Cognito,
    };
    if let Some(wanted) = args.auth
        && wanted != configured
    {
        anyhow::bail!(
            "--auth {} was asked for, but the live configuration provides {:?}: {}",
            wanted
                .to_possible_value()
                .map_or_else(String::new, |value| value.get_name().to_owned()),
            settings.auth,
            match wanted {
                AuthMode::None =>
                    "AgentCore refuses unauthenticated calls; choose sigv4, bearer or cognito",
                AuthMode::Sigv4 =>
                    "unset AGENTCORE_BEARER_TOKEN and AGENTCORE_COGNITO_* (SigV4 uses the AWS credential chain)",
                AuthMode::Bearer => "set AGENTCORE_BEARER_TOKEN",
                AuthMode::Cognito =>
                    "set AGENTCORE_COGNITO_USER_POOL_ID, _CLIENT_ID, _USERNAME and _PASSWORD (or the client_credentials variables)",
            }
        );
    }
    if let Some(note) = settings
        .agent
        .as_ref()
        .and_then(|agent| agent.note.as_ref())
    {
        eprintln!("mcp-matrix: note: {note}");
    }
    eprintln!(
        "mcp-matrix: live run against {} ({}, qualifier {}, {:?})",
        settings.arn, settings.endpoint, settings.qualifier, settings.auth
    );
    if let Some(agent) = &settings.agent {
        eprintln!("mcp-matrix: project: {}", agent.summary());
    }
    eprintln!(
        "mcp-matrix: MCP mode: {}",
        live::ServerMode::describe(settings.mcp_mode.as_ref())
    );
    let identity = live::identity(&settings).await?;
    let target = live::connect(&settings, &identity, policy(args, SendPolicy::LIVE))?;
    live::preflight(&target).await?;
    let probes = live::probes::run(&settings, &identity, &target).await;
    let live_runtime = LiveRuntime {
        auth: match settings.auth {
            LiveAuth::SigV4 => PlatformAuth::SigV4,
            LiveAuth::Bearer(_) => PlatformAuth::Bearer,
        },
        mode: settings.mcp_mode.as_ref().map(|known| known.mode),
    };
    Ok(Prepared {
        target,
        call_tools: CallPolicy::Safe,
        probes,
        live_runtime: Some(live_runtime),
        _platform: None,
    })
}

/// A URL: an MCP endpoint (`http://host:8000/mcp`) or an AgentCore
/// invocation URL, which `--auth sigv4|bearer` authenticates.
async fn prepare_url(args: &RunArgs, url: &str) -> anyhow::Result<Prepared> {
    let parsed: http::Uri = url.parse().map_err(|_| {
        anyhow::anyhow!(
            "--target {url:?} is not `local`, `live` or a URL such as http://127.0.0.1:8000/mcp"
        )
    })?;
    if !matches!(parsed.scheme_str(), Some("http" | "https")) || parsed.host().is_none() {
        anyhow::bail!(
            "--target {url:?} is not `local`, `live` or an http(s) URL such as http://127.0.0.1:8000/mcp"
        );
    }
    let client = McpClient::new(url)?;
    let platform_policy = policy(args, SendPolicy::LOCAL);
    let target = match args.auth.unwrap_or(AuthMode::None) {
        AuthMode::None => {
            let mut target = Target::direct("url", client);
            target.policy = platform_policy;
            target
        }
        AuthMode::Bearer => {
            let token = std::env::var(live::var::BEARER_TOKEN)
                .ok()
                .filter(|token| !token.trim().is_empty())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "--auth bearer sends the token in {}; set it",
                        live::var::BEARER_TOKEN
                    )
                })?;
            let auth = BearerToken::new(token.trim()).map_err(anyhow::Error::msg)?;
            Target::through_platform(live::LABEL, client, Arc::new(auth), platform_policy)
        }
        AuthMode::Sigv4 => {
            let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .load()
                .await;
            let region = sdk
                .region()
                .map(ToString::to_string)
                .ok_or_else(|| anyhow::anyhow!("--auth sigv4 needs a region: set AWS_REGION"))?;
            let credentials =
                aws_credential_types::provider::ProvideCredentials::provide_credentials(
                    &sdk.credentials_provider().ok_or_else(|| {
                        anyhow::anyhow!("--auth sigv4 needs AWS credentials; none are configured")
                    })?,
                )
                .await
                .map_err(|error| anyhow::anyhow!("--auth sigv4: no AWS credentials: {error}"))?;
            let signer = SigV4Signer {
                credentials,
                scope: SigningScope::agentcore(region),
            };
            Target::through_platform(live::LABEL, client, Arc::new(signer), platform_policy)
        }
        AuthMode::Cognito => anyhow::bail!(
            "--auth cognito signs in through the live configuration; use --target live, or \
             sign in yourself and pass the token with --auth bearer"
        ),
    };
    let call_tools = match target.auth {
        None => CallPolicy::default_for_url(&parsed),
        Some(_) => CallPolicy::Safe,
    };
    Ok(Prepared {
        target,
        call_tools,
        probes: Vec::new(),
        live_runtime: None,
        _platform: None,
    })
}

fn finish(
    args: &RunArgs,
    run: &MatrixRun,
    probes: &[Probe],
    differences: Option<&[live::comparison::Difference]>,
    deviations: &KnownDeviations,
) -> ExitCode {
    let checks: Vec<_> = probes.iter().map(Probe::check).collect();
    let diagnosis = diagnose(run, deviations, &checks);
    let mut markdown = report::markdown(run, deviations, &diagnosis);
    if !probes.is_empty() {
        markdown.push_str(&report::probes_markdown(probes));
    }
    if let Some(differences) = differences {
        markdown.push_str(&report::comparison_markdown(differences));
    }
    let render = |format: Format| match format {
        Format::Table => Ok(report::table::render(
            run,
            deviations,
            &diagnosis,
            args.verbose,
        )),
        Format::Json => {
            serde_json::to_string_pretty(&report::json::document(run, deviations, &diagnosis))
                .map_err(|error| format!("cannot write the JSON report: {error}"))
        }
        Format::Junit => Ok(report::junit::document(run, deviations, &diagnosis)),
        Format::Markdown => Ok(markdown.clone()),
    };
    let text = match render(args.format) {
        Ok(text) => text,
        Err(error) => return fail(error),
    };
    for (path, format, name) in [
        (&args.junit, Format::Junit, "JUnit"),
        (&args.json, Format::Json, "JSON"),
    ] {
        let Some(path) = path else { continue };
        let written = render(format).and_then(|text| {
            std::fs::write(path, text).map_err(|error| {
                format!(
                    "cannot write the {name} report to {}: {error}",
                    path.display()
                )
            })
        });
        if let Err(error) = written {
            return fail(error);
        }
    }
    match &args.out {
        Some(path) => {
            if let Err(error) = std::fs::write(path, &text) {
                return fail(format!("cannot write {}: {error}", path.display()));
            }
        }
        None => println!("{text}"),
    }
    if let Some(path) = &args.report
        && let Err(error) = std::fs::write(path, &markdown)
    {
        return fail(format!(
            "cannot write the report to {}: {error}",
            path.display()
        ));
    }
    if let Some(path) = &args.tables {
        let tables: serde_json::Map<String, serde_json::Value> = CaseVersion::ALL
            .into_iter()
            .map(|version| {
                (
                    format!("matrix-{version}"),
                    serde_json::json!(run.table(version, deviations)),
                )
            })
            .collect();
        let written = serde_json::to_string_pretty(&tables)
            .map_err(|error| error.to_string())
            .and_then(|text| std::fs::write(path, text).map_err(|error| error.to_string()));
        if let Err(error) = written {
            return fail(format!(
                "cannot write the tables to {}: {error}",
                path.display()
            ));
        }
    }
    let summary = report::Summary::of(run, deviations);
    let accepted = diagnosis
        .problems
        .iter()
        .find(|problem| problem.cause == Cause::CredentialAccepted)
        .map(|problem| problem.count);
    let problems: Vec<&str> = diagnosis
        .problems
        .iter()
        .map(|problem| problem.cause.id())
        .collect();
    eprintln!(
        "mcp-matrix: {} cases, {} failing, {} with warnings; {}{}",
        summary.overall.total(),
        report::failing_count(run, &summary),
        summary.overall.of(matrix::CaseStatus::Warning),
        match problems.len() {
            0 => "no problem".to_owned(),
            count => format!("{count} problem(s): {}", problems.join(", ")),
        },
        match accepted {
            Some(count) => format!(
                "; SECURITY: the runtime let in {count} of {} credentials it must refuse",
                probes.len()
            ),
            None => String::new(),
        }
    );
    if let Some(differences) = differences {
        if differences.is_empty() {
            eprintln!("mcp-matrix: live and local agree on every case");
        } else {
            eprintln!(
                "mcp-matrix: live and local differ in {} case(s); the report lists them",
                differences.len()
            );
            for blame in [Blame::FidelityTable, Blame::Deployment] {
                let count = differences
                    .iter()
                    .filter(|difference| difference.blame == blame)
                    .count();
                if count > 0 {
                    eprintln!("  {count}: {}", blame.explanation());
                }
            }
        }
    }
    let differ = differences.is_some_and(|differences| !differences.is_empty());
    if diagnosis.problems.is_empty() && !differ {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
