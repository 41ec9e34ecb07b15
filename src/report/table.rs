//! The terminal report: what the target declared, its problems (each cause
//! once, with its fix), the counts grouped by dimension and by item, and,
//! with `--verbose`, every MUST violation in full.

use std::fmt::Write;

use crate::{
    case::Dimension,
    deviations::KnownDeviations,
    diagnosis::Diagnosis,
    matrix::{CaseStatus, MatrixRun},
};

use super::summary::{Counts, Summary};

/// The columns, in the order of the header's names.
const COLUMNS: [CaseStatus; 5] = CaseStatus::ALL;

fn row(text: &mut String, name: &str, counts: &Counts) {
    let _ = write!(text, "  {name:<30} {:>6}", counts.total());
    for status in COLUMNS {
        let _ = write!(text, " {:>9}", counts.of(status));
    }
    text.push('\n');
}

fn header(text: &mut String, dimension: &str) {
    let _ = write!(text, "  {:<30} {:>6}", format!("by {dimension}"), "cases");
    for name in ["passed", "known", "warning", "failed", "no-answer"] {
        let _ = write!(text, " {name:>9}");
    }
    text.push('\n');
}

/// The terminal report of `run`, whose problems are `diagnosis`; with
/// `verbose`, every failing case follows.
pub fn render(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    diagnosis: &Diagnosis,
    verbose: bool,
) -> String {
    let summary = Summary::of(run, deviations);
    let mut text = format!(
        "mcp-matrix: {} — {} cases in {:.1} s; the target supports {}\n\n",
        run.target,
        summary.overall.total(),
        run.elapsed.as_secs_f64(),
        super::surface::supported_versions(&run.surface)
    );
    text.push_str("The target declared:\n");
    for line in super::surface::summary(&run.surface) {
        let _ = writeln!(text, "  {line}");
    }
    if !run.notes.is_empty() {
        text.push_str("Not tested, and why:\n");
        for note in &run.notes {
            let _ = writeln!(text, "  - {note}");
        }
    }
    text.push('\n');
    text.push_str(&super::problems::text(diagnosis));
    text.push('\n');
    for dimension in Dimension::ALL {
        header(&mut text, dimension.name());
        for (value, counts) in summary.rows(dimension) {
            row(&mut text, value, counts);
        }
        text.push('\n');
    }
    if !summary.by_item.is_empty() {
        header(&mut text, "item");
        for (item, counts) in &summary.by_item {
            row(&mut text, item, counts);
        }
        text.push('\n');
    }
    row(&mut text, "all", &summary.overall);
    let failing = super::failing_count(run, &summary);
    if verbose {
        let all = |_: &crate::case::Case| true;
        let mut failures = super::surface_failures(run);
        failures.extend(super::failures(run, deviations, all));
        if !failures.is_empty() {
            let _ = writeln!(
                text,
                "\nMUST violations and unanswered cases ({}):",
                failures.len()
            );
            for failure in &failures {
                let _ = writeln!(text, "\n{failure}");
            }
        }
    }
    let warnings = summary.overall.of(CaseStatus::Warning);
    let _ = writeln!(
        text,
        "\n{failing} failing, {warnings} with SHOULD warnings{}.",
        if verbose || failing == 0 {
            ""
        } else {
            " (each failing case: --verbose)"
        }
    );
    text
}
