//! Known deviations: where a peer implementation breaks a rule of the
//! oracle, and the project has reviewed and accepted that it does.
//!
//! The oracle is never loosened to make a peer pass. Instead the deviation
//! is listed in one reviewed file, `known-deviations.toml`, each entry with
//! the target, the rule, the cases (a pattern), the clause and the reason.
//! An entry that no longer matches anything is itself an error, so the file
//! cannot rot into a list of blanket exemptions.

use std::path::Path;

use serde::Deserialize;

use crate::case::{Case, CasePattern, PatternError};

/// The reviewed file, at the top of the repository.
pub const FILE_NAME: &str = "known-deviations.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// The target label, e.g. `python-sdk-1`.
    pub target: String,
    /// The rule id, e.g. `jsonrpc.response-id`.
    pub rule: String,
    /// The cases it covers, in the case-id pattern language of `--filter`
    /// ([`CasePattern`]): `version/method[item]/variant`, each part with `*`
    /// and `|`; a method without `[item]` covers every item of that method.
    pub cases: CasePattern,
    /// When set, only answers whose outcome line contains this text are
    /// covered, e.g. `id="server-error"`: the deviation names the behaviour,
    /// not just the cases.
    pub outcome_contains: Option<String>,
    /// The clause the target breaks.
    pub clause: String,
    /// Why it is accepted: what the peer does and why the oracle is right.
    pub reason: String,
}

/// An entry as written, before its case pattern is read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    target: String,
    rule: String,
    cases: String,
    #[serde(default)]
    outcome_contains: Option<String>,
    clause: String,
    reason: String,
}

impl Deviation {
    /// Whether this entry excuses `rule` on `case` of `target`, answered with `outcome`.
    pub fn covers(&self, target: &str, case: &Case, rule: &str, outcome: &str) -> bool {
        self.target == target
            && self.rule == rule
            && self.cases.matches(case)
            && self
                .outcome_contains
                .as_deref()
                .is_none_or(|text| outcome.contains(text))
    }
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default, rename = "deviation")]
    deviations: Vec<Entry>,
}

/// Why the deviation file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeviationError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not valid: {reason}")]
    Parse { path: String, reason: String },
    #[error("{path}: entry {index}: {error}")]
    Pattern {
        path: String,
        index: usize,
        error: PatternError,
    },
}

/// The reviewed list of known deviations.
#[derive(Debug, Clone, Default)]
pub struct KnownDeviations {
    pub entries: Vec<Deviation>,
}

impl KnownDeviations {
    pub fn load(path: &Path) -> Result<Self, DeviationError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| DeviationError::Read {
            path: shown.clone(),
            reason: error.to_string(),
        })?;
        Self::parse(&text, &shown)
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, DeviationError> {
        let file: File = toml::from_str(text).map_err(|error| DeviationError::Parse {
            path: path.to_owned(),
            reason: error.to_string(),
        })?;
        let entries = file
            .deviations
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                let cases = entry
                    .cases
                    .parse()
                    .map_err(|error| DeviationError::Pattern {
                        path: path.to_owned(),
                        index,
                        error,
                    })?;
                Ok(Deviation {
                    target: entry.target,
                    rule: entry.rule,
                    cases,
                    outcome_contains: entry.outcome_contains,
                    clause: entry.clause,
                    reason: entry.reason,
                })
            })
            .collect::<Result<_, DeviationError>>()?;
        Ok(Self { entries })
    }

    /// The repository's own file.
    pub fn of_repository() -> Result<Self, DeviationError> {
        Self::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE_NAME))
    }

    /// The entry that excuses `rule` on `case` for `target`, answered with
    /// `outcome`, if any.
    pub fn excuse(
        &self,
        target: &str,
        case: &Case,
        rule: &str,
        outcome: &str,
    ) -> Option<&Deviation> {
        self.entries
            .iter()
            .find(|entry| entry.covers(target, case, rule, outcome))
    }

    pub fn for_target<'s>(&'s self, target: &str) -> impl Iterator<Item = &'s Deviation> + use<'s> {
        let target = target.to_owned();
        self.entries
            .iter()
            .filter(move |entry| entry.target == target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseVersion, Method, Variant};

    const SAMPLE: &str = r#"
[[deviation]]
target = "python-sdk-1"
rule = "jsonrpc.response-id"
cases = "*/tools-list|ping/accept-missing"
clause = "MCP 2025-11-25 basic/index, Error Responses"
reason = "answers id \"server-error\""
"#;

    #[test]
    fn patterns_match_by_part_with_wildcards_and_alternatives() {
        let deviations = KnownDeviations::parse(SAMPLE, "sample").unwrap();
        let case = |method, variant| Case::new(CaseVersion::V2025_06_18, method, variant);
        let rule = "jsonrpc.response-id";
        let target = "python-sdk-1";
        let excused = |target: &str, method, variant, rule: &str| {
            deviations
                .excuse(
                    target,
                    &case(method, variant),
                    rule,
                    "406 json error(-32600)",
                )
                .is_some()
        };
        assert!(excused(target, Method::Ping, Variant::AcceptMissing, rule));
        assert!(excused(
            target,
            Method::ToolsList,
            Variant::AcceptMissing,
            rule
        ));
        assert!(!excused(
            target,
            Method::ToolsCall,
            Variant::AcceptMissing,
            rule
        ));
        assert!(!excused(target, Method::Ping, Variant::Baseline, rule));
        assert!(!excused(
            "python-sdk-2",
            Method::Ping,
            Variant::AcceptMissing,
            rule
        ));
        assert!(!excused(
            target,
            Method::Ping,
            Variant::AcceptMissing,
            "other"
        ));
    }

    #[test]
    fn an_outcome_filter_narrows_an_entry_to_a_behaviour() {
        let filtered = format!("{SAMPLE}outcome_contains = 'id=\"server-error\"'\n");
        let deviations = KnownDeviations::parse(&filtered, "sample").unwrap();
        let case = Case::new(
            CaseVersion::V2025_06_18,
            Method::Ping,
            Variant::AcceptMissing,
        );
        let rule = "jsonrpc.response-id";
        assert!(
            deviations
                .excuse(
                    "python-sdk-1",
                    &case,
                    rule,
                    "406 json error(-32600) id=\"server-error\""
                )
                .is_some()
        );
        assert!(
            deviations
                .excuse(
                    "python-sdk-1",
                    &case,
                    rule,
                    "406 json error(-32600) id=\"other\""
                )
                .is_none()
        );
    }

    #[test]
    fn malformed_patterns_and_unknown_fields_are_errors() {
        let bad_pattern = SAMPLE.replace("*/tools-list|ping/accept-missing", "*/ping");
        assert!(matches!(
            KnownDeviations::parse(&bad_pattern, "x"),
            Err(DeviationError::Pattern { .. })
        ));
        let unknown_field = format!("{SAMPLE}\nextra = 1\n");
        assert!(KnownDeviations::parse(&unknown_field, "x").is_err());
    }

    #[test]
    fn the_repository_file_parses() {
        KnownDeviations::of_repository().unwrap();
    }
}
