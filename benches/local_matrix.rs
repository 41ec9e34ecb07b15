//! Local matrix throughput.
//!
//! Prints, for the reference server container and the Python SDK 2.x peer:
//! the full matrix in cases per second (median of several runs), and the
//! requests per second of a plain loop of conforming `tools/list` requests
//! at the same concurrency against the same endpoint, so the overhead of the
//! matrix over the server's own speed can be read off as a ratio.
//!
//! Run with `cargo bench --bench local_matrix`.

use std::time::{Duration, Instant};

use futures::StreamExt;
use mcp_matrix::{
    case::Case,
    client::McpClient,
    environment::{PythonSdk, shared_local_server, shared_python_peer},
    matrix, message,
    protocol::ProtocolVersion,
    target::{SendPolicy, Target},
};
use serde_json::json;

const ROUNDS: usize = 5;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn matrix_rate(target: &Target, cases: &[Case]) -> (f64, Duration) {
    let mut rates = Vec::new();
    let mut elapsed = Vec::new();
    for _ in 0..ROUNDS {
        let run = matrix::run(target, cases)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        rates.push(cases.len() as f64 / run.elapsed.as_secs_f64());
        elapsed.push(run.elapsed.as_secs_f64());
    }
    (median(rates), Duration::from_secs_f64(median(elapsed)))
}

async fn plain_rate(client: &McpClient, requests: usize) -> f64 {
    let request = message::conforming_post(
        ProtocolVersion::V2025_06_18,
        message::request(json!("bench"), "tools/list"),
    );
    let mut rates = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let answered = futures::stream::iter(0..requests)
            .map(|_| client.send(&request))
            .buffer_unordered(SendPolicy::LOCAL.concurrency)
            .filter(|answer| std::future::ready(answer.is_ok()))
            .count()
            .await;
        assert_eq!(answered, requests, "every plain request must be answered");
        rates.push(requests as f64 / started.elapsed().as_secs_f64());
    }
    median(rates)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let container = shared_local_server()
            .await
            .unwrap_or_else(|error| panic!("no reference container: {error}"));
        let peer = shared_python_peer(PythonSdk::V2)
            .await
            .unwrap_or_else(|error| panic!("no Python SDK 2.x peer: {error}"));
        let cases = Case::all();
        println!(
            "local matrix: {} cases, concurrency {}, median of {ROUNDS} runs",
            cases.len(),
            SendPolicy::LOCAL.concurrency
        );
        for (label, endpoint) in [
            ("reference container", container.endpoint().to_owned()),
            ("python-sdk-2 peer", peer.endpoint().to_owned()),
        ] {
            let client = McpClient::new(&endpoint).expect("the endpoint is a URL");
            let target = Target::direct(label, client.clone());
            // Warm up connections and the server.
            let _ = matrix::run(&target, &cases).await;
            let (cases_per_second, elapsed) = matrix_rate(&target, &cases).await;
            let requests_per_second = plain_rate(&client, cases.len()).await;
            println!(
                "{label:>20}: matrix {cases_per_second:8.0} cases/s ({:.2} s)   plain tools/list \
                 loop {requests_per_second:8.0} req/s   matrix/plain {:.2}",
                elapsed.as_secs_f64(),
                cases_per_second / requests_per_second
            );
        }
    });
}
