//! The two rates compared per target: the matrix (every case, each a
//! different request) and a plain loop of one conforming request, both sent
//! through the same `Target` (same client and connection pool, same
//! credentials, same concurrency), so their ratio is the matrix's own
//! overhead over what the endpoint can serve.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use futures::StreamExt;
use mcp_matrix::{
    matrix::{self, CaseResult, RunOptions},
    message,
    protocol::ProtocolVersion,
    target::Target,
};
use serde_json::json;

/// Measured runs per figure; the median is reported.
pub const ROUNDS: usize = 5;

/// The figures of one target.
pub struct Rates {
    /// Cases in the matrix of this target (its own surface shapes it).
    pub cases: usize,
    pub concurrency: usize,
    /// Cases per second while the cases are in flight (`MatrixRun::elapsed`:
    /// discovery before and the judging after are not in it).
    pub matrix_per_second: f64,
    /// Wall time of a whole `matrix::run`, discovery and judging included.
    pub matrix_wall: Duration,
    /// Requests per second of the plain `tools/list` loop.
    pub plain_per_second: f64,
}

impl Rates {
    pub fn ratio(&self) -> f64 {
        self.matrix_per_second / self.plain_per_second
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// One run of the matrix: (cases run, cases/s while sending, wall time of
/// the run, discovery included).
async fn matrix_once(target: &Target, options: &RunOptions) -> Result<(usize, f64, Duration)> {
    let started = Instant::now();
    let run = matrix::run(target, options).await?;
    let wall = started.elapsed();
    if let Some((case, CaseResult::NoAnswer { reason, .. })) = run
        .results
        .iter()
        .find(|(_, result)| matches!(result, CaseResult::NoAnswer { .. }))
    {
        bail!(
            "{}: case {case} got no answer ({reason}); a rate with unanswered cases means nothing",
            target.label
        );
    }
    let cases = run.results.len();
    Ok((cases, cases as f64 / run.elapsed.as_secs_f64(), wall))
}

/// One run of `requests` conforming 2025-06-18 `tools/list` POSTs, each of
/// which must be answered 200.
async fn plain_once(target: &Target, requests: usize) -> Result<f64> {
    let request = message::conforming_post(
        ProtocolVersion::V2025_06_18,
        message::request(json!("bench"), "tools/list"),
    );
    let started = Instant::now();
    let statuses: Vec<_> = futures::stream::iter(0..requests)
        .map(|_| target.send(&request))
        .buffer_unordered(target.policy.concurrency.max(1))
        .collect()
        .await;
    let elapsed = started.elapsed();
    for answer in statuses {
        let exchange = answer?;
        if exchange.status != http::StatusCode::OK {
            bail!(
                "{}: a plain tools/list was answered {}; the loop must measure served requests",
                target.label,
                exchange.status
            );
        }
    }
    Ok(requests as f64 / elapsed.as_secs_f64())
}

/// Warms the target up (connections, server caches, the front door's
/// JWKS), then measures both rates, alternating them round by round so a
/// change in the machine's load affects both alike.
pub async fn measure(target: &Target, options: &RunOptions) -> Result<Rates> {
    let (cases, ..) = matrix_once(target, options).await?;
    plain_once(target, cases).await?;
    let mut matrix_rates = Vec::with_capacity(ROUNDS);
    let mut walls = Vec::with_capacity(ROUNDS);
    let mut plain_rates = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let (_, rate, wall) = matrix_once(target, options).await?;
        matrix_rates.push(rate);
        walls.push(wall.as_secs_f64());
        plain_rates.push(plain_once(target, cases).await?);
    }
    Ok(Rates {
        cases,
        concurrency: target.policy.concurrency,
        matrix_per_second: median(matrix_rates),
        matrix_wall: Duration::from_secs_f64(median(walls)),
        plain_per_second: median(plain_rates),
    })
}
