//! Local matrix throughput, and what a run pays before its first request.
//!
//! For four endpoints (the reference container directly; the same container
//! behind the local AgentCore front door with a Cognito access token, and
//! with SigV4; the Python SDK 2.x peer) it prints the matrix in cases per
//! second, the requests per second of a plain loop of conforming `tools/list`
//! POSTs sent through the same client at the same concurrency, and their
//! ratio: how close the matrix comes to the endpoint's own speed. Before
//! that it times the reference image's build, cold and warm, and a
//! container's start until ready (see `startup` for what "cold" includes).
//! The wall time of `cargo test` cannot be measured from inside cargo: run
//! `scripts/test-wall-time`.
//!
//! ```sh
//! cargo bench --bench local_matrix                         # concurrency of the tests
//! cargo bench --bench local_matrix -- --concurrency 4,16,32
//! cargo bench --bench local_matrix -- --no-cold            # keep the image
//! ```

#[path = "local_matrix/machine.rs"]
mod machine;
#[path = "local_matrix/rates.rs"]
mod rates;
#[path = "local_matrix/startup.rs"]
mod startup;
#[path = "local_matrix/targets.rs"]
mod targets;

use anyhow::{Context, Result, bail};
use std::path::Path;

use mcp_matrix::{case::CallPolicy, matrix::RunOptions, project::ProjectFile, target::SendPolicy};

/// What the command line asks for.
struct Options {
    /// Concurrencies to measure each target at.
    concurrencies: Vec<usize>,
    /// Time image builds and container starts (removes our image tag).
    startup: bool,
}

impl Options {
    fn parse() -> Result<Self> {
        let mut options = Self {
            concurrencies: vec![SendPolicy::LOCAL.concurrency],
            startup: true,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                // cargo bench passes --bench to every bench binary.
                "--bench" => {}
                "--no-cold" => options.startup = false,
                "--concurrency" => {
                    let list = args.next().context("--concurrency needs a list: 4,16,32")?;
                    options.concurrencies = list
                        .split(',')
                        .map(|item| match item.trim().parse::<usize>() {
                            Ok(n) if n > 0 => Ok(n),
                            _ => bail!("--concurrency takes positive integers, got {item:?}"),
                        })
                        .collect::<Result<_>>()?;
                }
                other => {
                    bail!("unknown argument {other:?}; options: --concurrency LIST, --no-cold")
                }
            }
        }
        Ok(options)
    }
}

fn print_table(rows: &[(String, rates::Rates)]) {
    println!(
        "{:<20} {:>6} {:>5} {:>15} {:>12} {:>13} {:>15}",
        "target",
        "cases",
        "conc",
        "matrix cases/s",
        "plain req/s",
        "matrix/plain",
        "matrix run (s)"
    );
    for (label, rates) in rows {
        println!(
            "{label:<20} {:>6} {:>5} {:>15.0} {:>12.0} {:>13.2} {:>15.2}",
            rates.cases,
            rates.concurrency,
            rates.matrix_per_second,
            rates.plain_per_second,
            rates.ratio(),
            rates.matrix_wall.as_secs_f64()
        );
    }
}

async fn bench(options: Options) -> Result<()> {
    println!("{}", machine::Machine::detect());
    if options.startup {
        startup::measure().await?.print();
    }
    let run_options = RunOptions {
        project: ProjectFile::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("server/mcp-matrix.toml"),
        )?,
        call_tools: CallPolicy::All,
        filter: None,
    };
    println!(
        "\nmatrix: every case of each target (its surface shapes it); plain loop: as many \
         2025-06-18 tools/list POSTs; median of {} rounds after a warm-up",
        rates::ROUNDS
    );
    let mut rows = Vec::new();
    for &concurrency in &options.concurrencies {
        let policy = SendPolicy {
            concurrency,
            ..SendPolicy::LOCAL
        };
        let targets = targets::assemble(policy).await?;
        for target in &targets.all {
            let rates = rates::measure(target, &run_options)
                .await
                .with_context(|| format!("measuring {}", target.label))?;
            rows.push((target.label.clone(), rates));
        }
        let idp = &targets.platform.idp;
        println!(
            "front door at concurrency {concurrency}: {} JWKS fetch(es), {} discovery fetch(es)",
            idp.jwks_requests(),
            idp.discovery_requests()
        );
    }
    println!();
    print_table(&rows);
    println!("\ncargo test wall time: scripts/test-wall-time (it cannot run inside cargo)");
    Ok(())
}

fn main() -> Result<()> {
    let options = Options::parse()?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("building a tokio runtime")?
        .block_on(bench(options))
}
