//! What the doctor reports: a cause (the vocabulary `mcp-matrix run`
//! shares, with its cause, fix and source), its evidence, and what else the
//! probes learnt.

use serde::Serialize;

use crate::diagnosis::{Cause, Evidence};

/// One problem found, with what proves it and what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The cause, by its name (`accept-header`).
    pub problem: Cause,
    /// One line: what is wrong, in this deployment's words.
    pub summary: String,
    pub evidence: Evidence,
    /// The cause's own words (see [`Cause::cause`]).
    pub cause: &'static str,
    /// The cause's fix (see [`Cause::fix`]).
    pub fix: &'static str,
    /// What the evidence adds, e.g. the token's claims against the authorizer.
    pub details: Vec<String>,
    pub source: String,
}

impl Finding {
    pub fn new(problem: Cause, summary: impl Into<String>, evidence: Evidence) -> Self {
        Self {
            problem,
            summary: summary.into(),
            evidence,
            cause: problem.cause(),
            fix: problem.fix(),
            details: Vec::new(),
            source: problem.source(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }

    /// One more detail.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }
}
