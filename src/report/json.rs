//! The run as JSON, for CI: a stable document (`"schema": "mcp-matrix.run/2"`)
//! with its `problems` first (failing cases grouped by cause, in report
//! order, each with `rule`, `title`, `count`, `cases`, `example`, `cause`
//! and `fix`), then `warnings` alike, what the target declared (`surface`),
//! what was not tested and why (`notes`), the problems of its lists
//! (`surface_findings`), a summary, and one entry per case. Fields are only
//! ever added within a schema version; version 2 added `problems` and
//! `warnings` to version 1.

use serde_json::{Value, json};

use crate::{
    deviations::KnownDeviations,
    diagnosis::Diagnosis,
    matrix::{CaseResult, CaseStatus, MatrixRun},
};

/// The schema name and version of [`document`].
pub const SCHEMA: &str = "mcp-matrix.run/2";

/// The JSON report of `run`, whose problems are `diagnosis`.
pub fn document(run: &MatrixRun, deviations: &KnownDeviations, diagnosis: &Diagnosis) -> Value {
    let summary = super::Summary::of(run, deviations);
    let cases: Vec<Value> = run
        .results
        .iter()
        .map(|(case, result)| {
            let status = run
                .status(case, deviations)
                .unwrap_or(CaseStatus::NoAnswer);
            let mut entry = json!({
                "id": case.to_string(),
                "version": case.version.label(),
                "method": case.method.slug(),
                "subject": case.subject.as_ref().map(|subject| subject.label()),
                "variant": case.variant.slug(),
                "status": status.slug(),
            });
            match result {
                CaseResult::NoAnswer { reason, kind } => {
                    entry["no_answer"] = json!({ "kind": kind, "reason": reason });
                }
                CaseResult::Answered { verdict, .. } => {
                    entry["outcome"] = json!(verdict.outcome);
                    entry["refused"] = json!(verdict.refused);
                    entry["findings"] = run
                        .judged(case, deviations)
                        .iter()
                        .map(|judged| {
                            json!({
                                "rule": judged.finding.rule,
                                "strength": judged.finding.strength.to_string(),
                                "expected": judged.finding.expected,
                                "clause": judged.finding.clause.to_string(),
                                "fix": super::advice(case, judged.finding.rule),
                                "known_deviation": judged.excused_by.map(|entry| entry.reason.clone()),
                            })
                        })
                        .collect();
                }
            }
            entry
        })
        .collect();
    let surface_findings: Vec<Value> = run
        .surface_findings()
        .iter()
        .map(|found| {
            json!({
                "version": found.version.as_str(),
                "list": found.list.method(),
                "rule": found.finding.rule,
                "strength": found.finding.strength.to_string(),
                "expected": found.finding.expected,
                "clause": found.finding.clause.to_string(),
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "target": run.target,
        "problems": diagnosis.problems.iter().map(super::problems::json).collect::<Vec<_>>(),
        "warnings": diagnosis.warnings.iter().map(super::problems::json).collect::<Vec<_>>(),
        "supported_versions": run.surface.support.versions().map(|v| v.to_string()).collect::<Vec<_>>(),
        "surface": run.surface,
        "notes": run.notes,
        "surface_findings": surface_findings,
        "elapsed_seconds": run.elapsed.as_secs_f64(),
        "summary": summary.overall.to_json(),
        "cases": cases,
    })
}
