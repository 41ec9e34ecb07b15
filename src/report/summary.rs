//! Counting a run's cases by status, overall and along each dimension of
//! the matrix, which is how a failure pattern shows itself: a whole
//! version failing points at version negotiation, a whole variant at one
//! header.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::{
    case::Case,
    deviations::KnownDeviations,
    matrix::{CaseStatus, MatrixRun},
};

/// How many cases ended in each status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(BTreeMap<CaseStatus, usize>);

impl Counts {
    fn add(&mut self, status: CaseStatus) {
        *self.0.entry(status).or_default() += 1;
    }

    pub fn of(&self, status: CaseStatus) -> usize {
        self.0.get(&status).copied().unwrap_or_default()
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// Cases that fail the run: MUST violations and cases without an answer.
    pub fn failing(&self) -> usize {
        CaseStatus::ALL
            .into_iter()
            .filter(|status| status.fails_the_run())
            .map(|status| self.of(status))
            .sum()
    }

    pub fn to_json(&self) -> Value {
        let mut counts = serde_json::Map::new();
        counts.insert("cases".to_owned(), json!(self.total()));
        for status in CaseStatus::ALL {
            counts.insert(status.slug().to_owned(), json!(self.of(status)));
        }
        Value::Object(counts)
    }
}

/// The counts of a run, overall and per version, method and variant.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub overall: Counts,
    /// `(dimension, value)` → counts, e.g. `("method", "tools-call")`.
    pub by_dimension: BTreeMap<(&'static str, &'static str), Counts>,
}

impl Summary {
    pub fn of(run: &MatrixRun, deviations: &KnownDeviations) -> Self {
        let mut summary = Self::default();
        for case in run.results.keys() {
            let status = run.status(case, deviations).unwrap_or(CaseStatus::NoAnswer);
            summary.overall.add(status);
            for key in dimensions(case) {
                summary.by_dimension.entry(key).or_default().add(status);
            }
        }
        summary
    }

    pub fn to_json(&self) -> Value {
        self.overall.to_json()
    }

    /// The rows of one dimension, in the matrix's order.
    pub fn rows(&self, dimension: &'static str) -> Vec<(&'static str, &Counts)> {
        let order: Vec<&'static str> = match dimension {
            "version" => crate::case::CaseVersion::ALL
                .iter()
                .map(|v| v.label())
                .collect(),
            "method" => crate::case::Method::ALL.iter().map(|m| m.slug()).collect(),
            _ => crate::case::Variant::ALL.iter().map(|v| v.slug()).collect(),
        };
        order
            .into_iter()
            .filter_map(|value| {
                self.by_dimension
                    .get(&(dimension, value))
                    .map(|counts| (value, counts))
            })
            .collect()
    }
}

/// The dimensions of the matrix, as named in `--filter`.
pub const DIMENSIONS: [&str; 3] = ["version", "method", "variant"];

fn dimensions(case: &Case) -> [(&'static str, &'static str); 3] {
    [
        ("version", case.version.label()),
        ("method", case.method.slug()),
        ("variant", case.variant.slug()),
    ]
}
