//! Choosing part of the matrix: `--filter 'version=2025-06-18 method=tools-*'`.
//!
//! A filter is a list of terms, separated by spaces or commas; a case is
//! selected when it matches every term. A term is
//!
//! - `version=…`, `method=…` or `variant=…`: the case's dimension is one
//!   of the `|`-separated values (`method=ping|tools-list`);
//! - the same with `!=`: the dimension is none of them;
//! - anything else: a [`CasePattern`], the case-id pattern language that
//!   known deviations use too (`2025-06-18/tools-call/accept-*`,
//!   `*/tools-call[get_forecast]/*`).
//!
//! Values may use `*` for any run of characters. A value that
//! names nothing (a typo) is an error listing the valid values, rather than
//! a filter that silently selects nothing. Which items a target has is known
//! only once it is discovered, so id patterns are checked against its
//! planned cases ([`CaseFilter::select`]).

use std::fmt;

use crate::case::{Case, CasePattern, Dimension, PatternError, glob_matches};

/// A parsed `--filter` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFilter {
    terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Dimension {
        dimension: Dimension,
        patterns: Vec<String>,
        negated: bool,
    },
    Id(CasePattern),
}

/// Why a filter expression cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("the filter is empty; leave --filter out to run every case")]
    Empty,
    #[error(
        "unknown filter key {key:?} in {term:?}: use version=, method=, variant= (or != ), \
         or a case id pattern such as 2025-06-18/tools-call/*"
    )]
    UnknownKey { term: String, key: String },
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error("{dimension}={value:?} names no {dimension}; valid values: {valid}")]
    UnknownValue {
        dimension: &'static str,
        value: String,
        valid: String,
    },
    #[error(
        "the pattern {pattern:?} matches no case id of this target; case ids look like \
         2025-06-18/tools-call[get_forecast]/accept-missing (version/method[item]/variant)"
    )]
    UnknownId { pattern: String },
    #[error("the filter {0:?} selects no case of this target")]
    SelectsNothing(String),
}

impl CaseFilter {
    /// Parses `expression`, checking every dimension value against the matrix.
    pub fn parse(expression: &str) -> Result<Self, FilterError> {
        let terms = expression
            .split([',', ' ', '\t', '\n'])
            .filter(|term| !term.is_empty())
            .map(Term::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if terms.is_empty() {
            return Err(FilterError::Empty);
        }
        Ok(Self { terms })
    }

    pub fn matches(&self, case: &Case) -> bool {
        self.terms.iter().all(|term| term.matches(case))
    }

    /// The cases this filter selects, in their order. A case id pattern
    /// that matches none of `cases`, or a filter that selects nothing, is an
    /// error: a typo must not pass as an empty run.
    pub fn select(&self, cases: &[Case]) -> Result<Vec<Case>, FilterError> {
        for term in &self.terms {
            if let Term::Id(pattern) = term
                && !cases.iter().any(|case| pattern.matches(case))
            {
                return Err(FilterError::UnknownId {
                    pattern: pattern.to_string(),
                });
            }
        }
        let selected: Vec<Case> = cases
            .iter()
            .filter(|case| self.matches(case))
            .cloned()
            .collect();
        if selected.is_empty() {
            return Err(FilterError::SelectsNothing(self.to_string()));
        }
        Ok(selected)
    }
}

impl Term {
    fn parse(term: &str) -> Result<Self, FilterError> {
        let split = term
            .split_once("!=")
            .map(|(key, value)| (key, value, true))
            .or_else(|| term.split_once('=').map(|(key, value)| (key, value, false)));
        let Some((key, values, negated)) = split else {
            return Ok(Self::Id(term.parse()?));
        };
        let dimension = Dimension::ALL
            .into_iter()
            .find(|dimension| dimension.name() == key.trim())
            .ok_or_else(|| FilterError::UnknownKey {
                term: term.to_owned(),
                key: key.to_owned(),
            })?;
        let known = dimension.values();
        let patterns: Vec<String> = values.split('|').map(str::to_owned).collect();
        for pattern in &patterns {
            if !known.iter().any(|value| glob_matches(pattern, value)) {
                return Err(FilterError::UnknownValue {
                    dimension: dimension.name(),
                    value: pattern.clone(),
                    valid: known.join(", "),
                });
            }
        }
        Ok(Self::Dimension {
            dimension,
            patterns,
            negated,
        })
    }

    fn matches(&self, case: &Case) -> bool {
        match self {
            Self::Dimension {
                dimension,
                patterns,
                negated,
            } => {
                let value = dimension.of(case);
                patterns.iter().any(|pattern| glob_matches(pattern, value)) != *negated
            }
            Self::Id(pattern) => pattern.matches(case),
        }
    }
}

impl fmt::Display for CaseFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|term| match term {
                Term::Dimension {
                    dimension,
                    patterns,
                    negated,
                } => format!(
                    "{}{}{}",
                    dimension.name(),
                    if *negated { "!=" } else { "=" },
                    patterns.join("|")
                ),
                Term::Id(pattern) => pattern.to_string(),
            })
            .collect();
        f.write_str(&terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        case::{CallPolicy, Plan, Variant},
        project::ProjectFile,
        surface::Surface,
    };

    fn all() -> Vec<Case> {
        Plan::new(
            &Surface::default(),
            &ProjectFile::default(),
            CallPolicy::All,
        )
        .expect("a plan")
        .cases
    }

    #[test]
    fn dimensions_select_and_exclude() {
        let filter = CaseFilter::parse("version=2025-06-18 method=tools-*,variant!=baseline")
            .expect("a valid filter");
        let selected = filter.select(&all()).expect("a selection");
        assert!(!selected.is_empty());
        assert!(selected.iter().all(|case| {
            case.version.label() == "2025-06-18"
                && case.method.slug().starts_with("tools-")
                && case.variant != Variant::Baseline
        }));
    }

    #[test]
    fn id_patterns_select_cases() {
        let filter = CaseFilter::parse("2025-03-26/ping/accept-*").expect("a valid filter");
        let selected = filter.select(&all()).expect("a selection");
        assert!(selected.len() > 1);
        assert!(
            selected
                .iter()
                .all(|case| case.to_string().starts_with("2025-03-26/ping/accept-"))
        );
    }

    #[test]
    fn typos_are_errors_that_list_the_valid_values() {
        let error = CaseFilter::parse("method=tool-call").expect_err("no such method");
        assert!(error.to_string().contains("tools-call"), "{error}");
        let error = CaseFilter::parse("verson=2025-06-18").expect_err("no such key");
        assert!(matches!(error, FilterError::UnknownKey { .. }), "{error}");
        let error = CaseFilter::parse("2025-06-18/nothing/*")
            .expect("patterns are checked against a target's cases")
            .select(&all())
            .expect_err("no such id");
        assert!(matches!(error, FilterError::UnknownId { .. }), "{error}");
        let error = CaseFilter::parse("tools-call").expect_err("neither key=value nor an id");
        assert!(matches!(error, FilterError::Pattern(_)), "{error}");
        assert_eq!(CaseFilter::parse(" , "), Err(FilterError::Empty));
        let error = CaseFilter::parse("method=ping method!=ping")
            .expect("a valid filter")
            .select(&all())
            .expect_err("contradiction");
        assert!(matches!(error, FilterError::SelectsNothing(_)), "{error}");
    }
}
