//! Counting a run's cases by status, overall and along each dimension of
//! the matrix, which is how a failure pattern shows itself: a whole
//! version failing points at version negotiation, a whole variant at one
//! header.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::{
    case::Dimension,
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

/// The counts of a run, overall, per version, method and variant, and per
/// item of the target (tool, resource, prompt ...) that cases addressed.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub overall: Counts,
    /// `(dimension, value)` → counts, e.g. `(Method, "tools-call")`.
    pub by_dimension: BTreeMap<(Dimension, &'static str), Counts>,
    /// The item's description (`tool \`get_forecast\``) → counts, in the
    /// order of case ids.
    pub by_item: Vec<(String, Counts)>,
}

impl Summary {
    pub fn of(run: &MatrixRun, deviations: &KnownDeviations) -> Self {
        let mut summary = Self::default();
        for case in run.results.keys() {
            let status = run.status(case, deviations).unwrap_or(CaseStatus::NoAnswer);
            summary.overall.add(status);
            for dimension in Dimension::ALL {
                summary
                    .by_dimension
                    .entry((dimension, dimension.of(case)))
                    .or_default()
                    .add(status);
            }
            if let Some(subject) = &case.subject {
                let item = subject.describe();
                match summary.by_item.iter_mut().find(|(known, _)| *known == item) {
                    Some((_, counts)) => counts.add(status),
                    None => {
                        let mut counts = Counts::default();
                        counts.add(status);
                        summary.by_item.push((item, counts));
                    }
                }
            }
        }
        summary
    }

    /// The rows of one dimension, in the matrix's order.
    pub fn rows(&self, dimension: Dimension) -> Vec<(&'static str, &Counts)> {
        dimension
            .values()
            .into_iter()
            .filter_map(|value| {
                self.by_dimension
                    .get(&(dimension, value))
                    .map(|counts| (value, counts))
            })
            .collect()
    }
}
