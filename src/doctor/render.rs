//! The diagnosis as text for a terminal, or as JSON for a program.

use std::fmt::Write;

use serde_json::json;

use super::Diagnosis;
use crate::diagnosis::{HeaderLine, Received};

/// The one line a run without findings ends with.
pub const NO_PROBLEM: &str = "No problem found: the server answered initialize and a stateless \
                              follow-up as AgentCore's MCP contract and the MCP transport require.";

/// A readable report: the probes sent, then each finding with its evidence,
/// cause, fix and source.
pub fn text(diagnosis: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "mcp-matrix doctor: {} ({})",
        diagnosis.url, diagnosis.target
    );
    let _ = writeln!(out, "\nprobes:");
    for probe in &diagnosis.probes {
        let _ = writeln!(out, "  - {}: {}", probe.purpose, probe.outcome);
    }
    if diagnosis.findings.is_empty() {
        let _ = writeln!(out, "\n{NO_PROBLEM}");
        return out;
    }
    let count = diagnosis.findings.len();
    let _ = writeln!(
        out,
        "\n{count} problem{} found:",
        if count == 1 { "" } else { "s" }
    );
    for (number, finding) in diagnosis.findings.iter().enumerate() {
        let request = &finding.evidence.request;
        let _ = writeln!(
            out,
            "\n[{}] {}: {}",
            number + 1,
            finding.problem.id(),
            finding.summary
        );
        let rpc = if request.rpc.is_empty() {
            String::new()
        } else {
            format!(" ({})", request.rpc)
        };
        let _ = writeln!(out, "    sent:     {} {}{rpc}", request.method, request.url);
        headers(&mut out, &request.headers);
        match &finding.evidence.response {
            Received::Answer {
                status,
                reason,
                headers: received,
                body,
            } => {
                let _ = writeln!(out, "    received: {status} {reason}");
                headers(&mut out, received);
                if !body.is_empty() {
                    let _ = writeln!(out, "              body: {body}");
                }
            }
            Received::NoAnswer { reason } => {
                let _ = writeln!(out, "    received: no answer ({reason})");
            }
        }
        let _ = writeln!(out, "    cause:    {}", finding.cause);
        let _ = writeln!(out, "    fix:      {}", finding.fix);
        for detail in &finding.details {
            let _ = writeln!(out, "    detail:   {detail}");
        }
        let _ = writeln!(out, "    source:   {}", finding.source);
    }
    out
}

fn headers(out: &mut String, headers: &[HeaderLine]) {
    for line in headers {
        let _ = writeln!(out, "              {}: {}", line.name, line.value);
    }
}

/// The diagnosis as one JSON document: `verdict`, the probes, the findings.
pub fn json(diagnosis: &Diagnosis) -> String {
    let verdict = if diagnosis.findings.is_empty() {
        "no-problem-found"
    } else {
        "problems-found"
    };
    let document = json!({
        "verdict": verdict,
        "url": diagnosis.url,
        "target": diagnosis.target,
        "probes": diagnosis.probes,
        "findings": diagnosis
            .findings
            .iter()
            .map(|finding| {
                let mut value = json!(finding);
                value["id"] = json!(finding.problem.id());
                value
            })
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
