//! The content rules behind the `validate_content` tool.
//!
//! Pure and deterministic: the same input always yields the same findings in
//! the same order (rule order, then term order), so snapshots of tool results
//! are stable across runs and across the reference server and the Python peers,
//! which implement the same rules.
//!
//! Spans count Unicode scalar values (Rust `char`s), not bytes, so they agree
//! with Python's `str` indices used by the peers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The marker a text must contain when `require_disclaimer` is set.
pub const DISCLAIMER_MARKER: &str = "Disclaimer:";

/// Arguments of `validate_content`, as the tool's `inputSchema` declares them.
///
/// Unknown fields are rejected rather than ignored: a misspelt option such as
/// `max_len` would otherwise silently validate nothing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateContentInput {
    /// The text to check.
    pub content: String,
    /// Maximum number of characters allowed.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// Terms that must not occur (matched case-insensitively).
    #[serde(default)]
    pub forbidden_terms: Option<Vec<String>>,
    /// Require the text to contain "Disclaimer:".
    #[serde(default)]
    pub require_disclaimer: Option<bool>,
}

/// The tool's structured result, as its `outputSchema` declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ValidationReport {
    /// True when no rule produced a finding.
    pub valid: bool,
    /// One entry per violated rule, in rule order.
    pub findings: Vec<Finding>,
}

/// One violated rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    /// Which rule was violated.
    pub rule: Rule,
    /// A sentence a person can act on.
    pub message: String,
    /// Where in `content` the violation is, when it has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The rules, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    EmptyContent,
    MaxLength,
    ForbiddenTerm,
    MissingDisclaimer,
}

/// A half-open character range `[start, end)` into `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Arguments that parse but cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentError {
    /// An empty string in `forbidden_terms` would match everywhere.
    EmptyForbiddenTerm { index: usize },
}

impl std::fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EmptyForbiddenTerm { index } => write!(
                f,
                "forbidden_terms[{index}] is empty; every term must contain at least one character"
            ),
        }
    }
}

impl std::error::Error for ArgumentError {}

/// Applies every rule to the input.
pub fn validate(input: &ValidateContentInput) -> Result<ValidationReport, ArgumentError> {
    let terms = input.forbidden_terms.as_deref().unwrap_or_default();
    if let Some(index) = terms.iter().position(String::is_empty) {
        return Err(ArgumentError::EmptyForbiddenTerm { index });
    }

    let content: Vec<char> = input.content.chars().collect();
    let mut findings = Vec::new();

    if input.content.trim().is_empty() {
        findings.push(Finding {
            rule: Rule::EmptyContent,
            message: "content is empty or only whitespace".to_owned(),
            span: None,
        });
    }

    if let Some(max) = input.max_length {
        let max = max as usize;
        if content.len() > max {
            findings.push(Finding {
                rule: Rule::MaxLength,
                message: format!(
                    "content has {} characters; the limit is {max}",
                    content.len()
                ),
                span: Some(Span {
                    start: max,
                    end: content.len(),
                }),
            });
        }
    }

    for term in terms {
        let needle: Vec<char> = term.chars().collect();
        if let Some(start) = find_case_insensitive(&content, &needle) {
            findings.push(Finding {
                rule: Rule::ForbiddenTerm,
                message: format!("content contains the forbidden term {term:?}"),
                span: Some(Span {
                    start,
                    end: start + needle.len(),
                }),
            });
        }
    }

    if input.require_disclaimer == Some(true) && !input.content.contains(DISCLAIMER_MARKER) {
        findings.push(Finding {
            rule: Rule::MissingDisclaimer,
            message: format!("content must contain {DISCLAIMER_MARKER:?}"),
            span: None,
        });
    }

    Ok(ValidationReport {
        valid: findings.is_empty(),
        findings,
    })
}

/// First position of `needle` in `haystack`, comparing characters by their
/// lowercase forms.
fn find_case_insensitive(haystack: &[char], needle: &[char]) -> Option<usize> {
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    haystack
        .windows(needle.len())
        .position(|window| window.iter().zip(needle).all(|(&a, &b)| same(a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(content: &str) -> ValidateContentInput {
        ValidateContentInput {
            content: content.to_owned(),
            max_length: None,
            forbidden_terms: None,
            require_disclaimer: None,
        }
    }

    fn rules(report: &ValidationReport) -> Vec<Rule> {
        report.findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn plain_text_without_options_is_valid() {
        let report = validate(&input("Hello, world")).unwrap();
        assert!(report.valid);
        assert!(report.findings.is_empty());
    }

    #[test]
    fn empty_and_whitespace_content_are_findings() {
        for content in ["", "  \n\t"] {
            let report = validate(&input(content)).unwrap();
            assert!(!report.valid);
            assert_eq!(rules(&report), [Rule::EmptyContent]);
        }
    }

    #[test]
    fn max_length_counts_characters_not_bytes() {
        let mut args = input("ééé");
        args.max_length = Some(3);
        assert!(
            validate(&args).unwrap().valid,
            "3 characters fit a limit of 3"
        );

        args.max_length = Some(2);
        let report = validate(&args).unwrap();
        assert_eq!(rules(&report), [Rule::MaxLength]);
        assert_eq!(report.findings[0].span, Some(Span { start: 2, end: 3 }));
    }

    #[test]
    fn max_length_zero_rejects_any_character() {
        let mut args = input("a");
        args.max_length = Some(0);
        assert_eq!(rules(&validate(&args).unwrap()), [Rule::MaxLength]);
    }

    #[test]
    fn forbidden_terms_match_case_insensitively_at_first_occurrence() {
        let mut args = input("Buy CHEAP pills, cheap!");
        args.forbidden_terms = Some(vec!["cheap".to_owned(), "free".to_owned()]);
        let report = validate(&args).unwrap();
        assert_eq!(rules(&report), [Rule::ForbiddenTerm]);
        assert_eq!(report.findings[0].span, Some(Span { start: 4, end: 9 }));
        assert!(report.findings[0].message.contains("\"cheap\""));
    }

    #[test]
    fn each_forbidden_term_is_reported_in_argument_order() {
        let mut args = input("alpha beta");
        args.forbidden_terms = Some(vec!["beta".to_owned(), "alpha".to_owned()]);
        let report = validate(&args).unwrap();
        let spans: Vec<_> = report.findings.iter().map(|f| f.span).collect();
        assert_eq!(
            spans,
            [
                Some(Span { start: 6, end: 10 }),
                Some(Span { start: 0, end: 5 })
            ]
        );
    }

    #[test]
    fn spans_of_terms_count_characters() {
        let mut args = input("naïve café");
        args.forbidden_terms = Some(vec!["CAFÉ".to_owned()]);
        let report = validate(&args).unwrap();
        assert_eq!(report.findings[0].span, Some(Span { start: 6, end: 10 }));
    }

    #[test]
    fn empty_forbidden_term_is_an_argument_error() {
        let mut args = input("text");
        args.forbidden_terms = Some(vec!["ok".to_owned(), String::new()]);
        assert_eq!(
            validate(&args),
            Err(ArgumentError::EmptyForbiddenTerm { index: 1 })
        );
    }

    #[test]
    fn disclaimer_is_required_only_when_asked() {
        let mut args = input("Advice without the marker");
        assert!(validate(&args).unwrap().valid);

        args.require_disclaimer = Some(true);
        assert_eq!(rules(&validate(&args).unwrap()), [Rule::MissingDisclaimer]);

        args.content = "Advice. Disclaimer: not financial advice.".to_owned();
        assert!(validate(&args).unwrap().valid);
    }

    #[test]
    fn findings_follow_rule_order() {
        let args = ValidateContentInput {
            content: "spam spam".to_owned(),
            max_length: Some(4),
            forbidden_terms: Some(vec!["spam".to_owned()]),
            require_disclaimer: Some(true),
        };
        assert_eq!(
            rules(&validate(&args).unwrap()),
            [
                Rule::MaxLength,
                Rule::ForbiddenTerm,
                Rule::MissingDisclaimer
            ]
        );
    }

    #[test]
    fn unknown_and_mistyped_arguments_do_not_parse() {
        let unknown = serde_json::json!({"content": "x", "max_len": 3});
        assert!(serde_json::from_value::<ValidateContentInput>(unknown).is_err());
        let negative = serde_json::json!({"content": "x", "max_length": -1});
        assert!(serde_json::from_value::<ValidateContentInput>(negative).is_err());
        let missing = serde_json::json!({"max_length": 3});
        assert!(serde_json::from_value::<ValidateContentInput>(missing).is_err());
    }
}
