//! The mcp-matrix command line.
//!
//! `mcp-matrix run --url http://127.0.0.1:8000/mcp` runs the protocol matrix
//! against a server you started; `mcp-matrix live` runs it through AgentCore
//! against your deployed runtime (configured as the README's "Live mode"
//! says). Both print a summary, can write a Markdown report and the outcome
//! tables, and exit with 1 on a MUST violation, 2 when they cannot run.

use std::{path::PathBuf, process::ExitCode};

use clap::{Args, Parser, Subcommand};
use mcp_matrix::{
    case::{Case, CaseVersion},
    client::McpClient,
    deviations::KnownDeviations,
    live::{self, probes::Probe},
    matrix::{self, MatrixRun},
    report,
    target::{SendPolicy, Target},
};

/// Runs the MCP conformance matrix (protocol versions x headers x methods)
/// against an MCP server, directly or through Amazon Bedrock AgentCore
/// Runtime, and explains each failure.
#[derive(Debug, Parser)]
#[command(name = "mcp-matrix", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the matrix against a server you started (no authentication).
    Run {
        /// The server's MCP endpoint, e.g. http://127.0.0.1:8000/mcp.
        #[arg(long, env = "MCP_MATRIX_TARGET_URL")]
        url: String,
        /// Names the target in reports and in known-deviations.toml.
        #[arg(long, default_value = "url")]
        label: String,
        #[command(flatten)]
        output: Output,
    },
    /// Run the matrix through AgentCore against your deployed runtime.
    Live {
        /// Requests in flight at once.
        #[arg(long, default_value_t = SendPolicy::LIVE.concurrency)]
        concurrency: usize,
        /// The most requests started per second.
        #[arg(long, default_value_t = 10.0)]
        rate: f64,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Args)]
struct Output {
    /// Write a Markdown report here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write the outcome tables (one per protocol version) here, as JSON.
    #[arg(long)]
    tables: Option<PathBuf>,
    /// A known-deviations file other than the repository's.
    #[arg(long)]
    deviations: Option<PathBuf>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("mcp-matrix: {message}");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let (target, output, probes) = match cli.command {
        Command::Run { url, label, output } => match McpClient::new(&url) {
            Ok(client) => (Target::direct(label, client), output, Vec::new()),
            Err(error) => return fail(error),
        },
        Command::Live {
            concurrency,
            rate,
            output,
        } => {
            let policy = SendPolicy {
                concurrency: concurrency.max(1),
                max_requests_per_second: Some(rate),
                ..SendPolicy::LIVE
            };
            let settings = match live::settings().await {
                Ok(settings) => settings,
                Err(error) => return fail(error),
            };
            eprintln!(
                "mcp-matrix: live run against {} ({}, qualifier {}, {:?})",
                settings.arn, settings.endpoint, settings.qualifier, settings.auth
            );
            let identity = match live::identity(&settings).await {
                Ok(identity) => identity,
                Err(error) => return fail(error),
            };
            let target = match live::connect(&settings, &identity, policy) {
                Ok(target) => target,
                Err(error) => return fail(error),
            };
            if let Err(error) = live::preflight(&target).await {
                return fail(error);
            }
            let probes = live::probes::run(&settings, &identity, &target).await;
            (target, output, probes)
        }
    };
    let deviations = match &output.deviations {
        Some(path) => KnownDeviations::load(path),
        None => KnownDeviations::of_repository(),
    };
    let deviations = match deviations {
        Ok(deviations) => deviations,
        Err(error) => return fail(error),
    };
    let run = match matrix::run(&target, &Case::all()).await {
        Ok(run) => run,
        Err(error) => return fail(error),
    };
    finish(&run, &probes, &deviations, &output)
}

fn finish(
    run: &MatrixRun,
    probes: &[Probe],
    deviations: &KnownDeviations,
    output: &Output,
) -> ExitCode {
    let mut markdown = report::markdown(run, deviations);
    if !probes.is_empty() {
        markdown.push_str(&report::probes_markdown(probes));
    }
    println!("{markdown}");
    if let Some(path) = &output.report
        && let Err(error) = std::fs::write(path, &markdown)
    {
        return fail(format!(
            "cannot write the report to {}: {error}",
            path.display()
        ));
    }
    if let Some(path) = &output.tables {
        let tables: serde_json::Map<String, serde_json::Value> = CaseVersion::ALL
            .into_iter()
            .map(|version| {
                (
                    format!("matrix-{version}"),
                    serde_json::json!(run.table(version, deviations)),
                )
            })
            .collect();
        let text = serde_json::to_string_pretty(&tables).unwrap_or_default();
        if let Err(error) = std::fs::write(path, text) {
            return fail(format!(
                "cannot write the tables to {}: {error}",
                path.display()
            ));
        }
    }
    let probes_ok = probes.iter().all(|probe| probe.problem.is_none());
    if run.failures(deviations, |_| true).is_empty() && probes_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
