//! [`CasePattern`]: the one way to name a set of cases, shared by
//! `--filter` and `known-deviations.toml`.
//!
//! A case id is `version/method[item]/variant`, e.g.
//! `2025-06-18/tools-call[get_forecast]/accept-missing` (`[item]` only for a
//! method asked of each tool, resource, prompt or list). A pattern has the
//! same three parts:
//!
//! - each part is one or more alternatives joined by `|`;
//! - an alternative may use `*` for any run of characters;
//! - a method alternative without `[...]` stands for that method whatever
//!   item it addresses, so `tools-call` covers `tools-call[get_forecast]`.
//!
//! So `*/tools-list|ping/accept-missing`, `2025-03-26/batch/*` and
//! `*/tools-call[get_*]/*` are patterns. An item may itself hold `/` (a
//! resource URI): the version ends at the first `/` and the variant starts
//! after the last one.

use std::{fmt, str::FromStr};

use super::Case;

/// A parsed pattern over case ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePattern {
    text: String,
    versions: Vec<String>,
    methods: Vec<String>,
    variants: Vec<String>,
}

/// A pattern that does not have the three parts of a case id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{pattern:?} is not a case pattern: case ids look like version/method[item]/variant, \
     e.g. 2025-06-18/tools-call[get_forecast]/accept-missing; each part may use * and |"
)]
pub struct PatternError {
    pub pattern: String,
}

impl CasePattern {
    /// Whether `case` is one of the cases this pattern names.
    pub fn matches(&self, case: &Case) -> bool {
        let method_id = case.method_id();
        let method = case.method.slug();
        self.versions
            .iter()
            .any(|version| glob_matches(version, case.version.label()))
            && self.methods.iter().any(|alternative| {
                if alternative.contains('[') {
                    glob_matches(alternative, &method_id)
                } else {
                    glob_matches(alternative, method)
                }
            })
            && self
                .variants
                .iter()
                .any(|variant| glob_matches(variant, case.variant.slug()))
    }
}

impl FromStr for CasePattern {
    type Err = PatternError;

    fn from_str(text: &str) -> Result<Self, PatternError> {
        let error = || PatternError {
            pattern: text.to_owned(),
        };
        let (version, rest) = text.split_once('/').ok_or_else(error)?;
        let (method, variant) = rest.rsplit_once('/').ok_or_else(error)?;
        let alternatives = |part: &str| -> Result<Vec<String>, PatternError> {
            let alternatives = split_outside_brackets(part);
            if alternatives
                .iter()
                .any(|alternative| alternative.is_empty())
            {
                return Err(error());
            }
            Ok(alternatives)
        };
        Ok(Self {
            text: text.to_owned(),
            versions: alternatives(version)?,
            methods: alternatives(method)?,
            variants: alternatives(variant)?,
        })
    }
}

impl fmt::Display for CasePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `a|b[x|y]|c` → `a`, `b[x|y]`, `c`: an item's name may hold `|`.
fn split_outside_brackets(part: &str) -> Vec<String> {
    let mut alternatives = vec![String::new()];
    let mut depth = 0usize;
    for char in part.chars() {
        match char {
            '|' if depth == 0 => alternatives.push(String::new()),
            _ => {
                depth = match char {
                    '[' => depth + 1,
                    ']' => depth.saturating_sub(1),
                    _ => depth,
                };
                if let Some(current) = alternatives.last_mut() {
                    current.push(char);
                }
            }
        }
    }
    alternatives
}

/// Whether `text` matches `pattern`, where `*` stands for any run of
/// characters (including none) and everything else for itself.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let middle: Vec<&str> = parts.collect();
    let Some((last, middle)) = middle.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Addressed, CaseVersion, Method, Subject, Variant};

    fn pattern(text: &str) -> CasePattern {
        text.parse()
            .unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn case(method: Method, variant: Variant) -> Case {
        Case::new(CaseVersion::V2025_06_18, method, variant)
    }

    #[test]
    fn globs_match_runs_of_characters() {
        assert!(glob_matches("tools-*", "tools-call"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "abc"));
        assert!(glob_matches("a*b*c", "a-b-b-c"));
        assert!(!glob_matches("a*b*c", "a-c"));
        assert!(!glob_matches("ab", "abc"));
        assert!(!glob_matches("*bc*bc", "bc"));
        assert!(glob_matches("accept-*", "accept-missing"));
    }

    #[test]
    fn parts_match_with_wildcards_and_alternatives() {
        let ping = case(Method::Ping, Variant::AcceptMissing);
        assert!(pattern("*/tools-list|ping/accept-missing").matches(&ping));
        assert!(pattern("2025-06-*/ping/accept-*").matches(&ping));
        assert!(pattern("*/*/*").matches(&ping));
        assert!(!pattern("2025-03-26/ping/*").matches(&ping));
        assert!(!pattern("*/ping/baseline").matches(&ping));
        assert!(!pattern("*/pin/*").matches(&ping), "a part matches whole");
    }

    #[test]
    fn a_method_without_an_item_covers_every_item() {
        let name = "a/b|c";
        let mut get = case(Method::PromptsGet, Variant::Baseline);
        get.subject = Some(Subject::new(
            name.to_owned(),
            serde_json::json!({"name": name}),
            true,
            Addressed::Prompt {
                name: name.to_owned(),
            },
        ));
        assert_eq!(get.to_string(), "2025-06-18/prompts-get[a/b|c]/baseline");
        assert!(pattern("*/prompts-get/baseline").matches(&get));
        assert!(pattern("*/prompts-get[a/b|c]/baseline").matches(&get));
        assert!(pattern("*/ping|prompts-get[a/*]/*").matches(&get));
        assert!(!pattern("*/prompts-get[other]/*").matches(&get));
    }

    #[test]
    fn a_pattern_has_three_parts() {
        for text in ["", "ping", "*/ping", "2025-06-18//baseline", "*/ping|/*"] {
            assert!(text.parse::<CasePattern>().is_err(), "{text:?}");
        }
        let error = "*/ping".parse::<CasePattern>().expect_err("two parts");
        assert!(
            error.to_string().contains("version/method[item]/variant"),
            "{error}"
        );
    }
}
