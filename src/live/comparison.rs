//! A live run set against a local run of the same image, behind the local
//! front door configured as the live runtime is (auth mode, MCP mode).
//!
//! The two runs ask the same cases. Where their outcome lines differ, one
//! side is wrong, and the kind of answer says which:
//!
//! - an answer the platform made itself (an AWS exception, `error-type=` in
//!   the outcome) is the front door's emulation of AgentCore: the row of the
//!   fidelity table (README) that describes it is wrong, or missing;
//! - an answer of the server is the same image's answer only if the
//!   deployment runs that image with that configuration: a difference there
//!   means the deployment is not what was run locally (another image or
//!   version, other environment variables, another MCP mode).

use std::collections::BTreeMap;

use crate::{case::CaseVersion, deviations::KnownDeviations, matrix::MatrixRun};

/// Which side a [`Difference`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// The platform answered differently from the front door.
    FidelityTable,
    /// The server answered differently from the same image run locally.
    Deployment,
}

/// One case whose outcome differs between the live and the local run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `version/method[item]/variant`, or `version` for the table's header.
    pub case: String,
    /// The live outcome line, if the live run had the case.
    pub live: Option<String>,
    /// The local outcome line, if the local run had the case.
    pub local: Option<String>,
    pub blame: Blame,
}

impl Blame {
    /// What a difference of this kind means, and what to do.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::FidelityTable => {
                "AgentCore answered these itself, and not as the local front door does: the \
                 fidelity table (README) is wrong for them; report them with the live answers"
            }
            Self::Deployment => {
                "the server answered these differently from the same image run locally: the \
                 deployment is not that image with that configuration (deploy the image you \
                 test, or set MCP_MATRIX_SERVER_IMAGE and --mcp-mode to what is deployed)"
            }
        }
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A table line starts with its case; only the outcome is repeated.
        let outcome = |line: &Option<String>| match line {
            Some(line) => line
                .split_once(": ")
                .map_or_else(|| line.clone(), |(_, outcome)| outcome.to_owned()),
            None => "(not asked: the run had no such case)".to_owned(),
        };
        write!(
            f,
            "{}: live `{}`, local `{}`",
            self.case,
            outcome(&self.live),
            outcome(&self.local)
        )
    }
}

/// Every case whose outcome differs between `live` and `local`, in case
/// order.
pub fn compare(
    live: &MatrixRun,
    local: &MatrixRun,
    deviations: &KnownDeviations,
) -> Vec<Difference> {
    CaseVersion::ALL
        .into_iter()
        .flat_map(|version| {
            differences_in(
                version,
                live.table(version, deviations),
                local.table(version, deviations),
            )
        })
        .collect()
}

/// The differences between two outcome tables of `version`.
fn differences_in(version: CaseVersion, live: Vec<String>, local: Vec<String>) -> Vec<Difference> {
    let mut differences = Vec::new();
    {
        let live_lines = keyed(live);
        let local_lines = keyed(local);
        let keys: std::collections::BTreeSet<&String> =
            live_lines.keys().chain(local_lines.keys()).collect();
        for key in keys {
            let (live_line, local_line) = (live_lines.get(key), local_lines.get(key));
            if live_line == local_line {
                continue;
            }
            // A case only one side asked follows from what the server
            // declared, which is the deployment's.
            let made_by_the_platform = match (live_line, local_line) {
                (Some(live), Some(local)) => is_the_platforms(live) || is_the_platforms(local),
                _ => false,
            };
            differences.push(Difference {
                case: if key.is_empty() {
                    version.to_string()
                } else {
                    format!("{version}/{key}")
                },
                live: live_line.cloned(),
                local: local_line.cloned(),
                blame: if made_by_the_platform {
                    Blame::FidelityTable
                } else {
                    Blame::Deployment
                },
            });
        }
    }
    differences
}

/// Whether an outcome line is an answer the platform (or the front door in
/// its place) made itself: an AWS exception (`error-type=`), or the front
/// door's 405 for a method InvokeAgentRuntime does not have (GET, DELETE;
/// an INFER row of the fidelity table).
fn is_the_platforms(line: &str) -> bool {
    line.contains("error-type=") || line.ends_with(": 405 none empty allow=POST")
}

/// A table's lines by case (`method/variant`), each with its whole line;
/// the header line (`supported by the target: ...`) under the empty key.
fn keyed(lines: Vec<String>) -> BTreeMap<String, String> {
    lines
        .into_iter()
        .map(|line| {
            let key = if line.starts_with("supported by the target") {
                String::new()
            } else {
                line.split_once(": ")
                    .map_or_else(|| line.clone(), |(key, _)| key.to_owned())
            };
            (key, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_pair_by_case_and_the_header_has_its_own_key() {
        let lines = keyed(vec![
            "supported by the target: true".to_owned(),
            "ping/baseline: 200 json result{} id=echo".to_owned(),
        ]);
        assert_eq!(lines[""], "supported by the target: true");
        assert_eq!(
            lines["ping/baseline"],
            "ping/baseline: 200 json result{} id=echo"
        );
    }

    #[test]
    fn the_front_doors_own_405_is_the_platforms_answer() {
        let found = differences_in(
            CaseVersion::V2025_06_18,
            vec!["session-after-delete/baseline: 404 none text(Not Found: Session not found) session-id".to_owned()],
            vec!["session-after-delete/baseline: 405 none empty allow=POST".to_owned()],
        );
        assert_eq!(found[0].blame, Blame::FidelityTable);
        let asked_by_one_side = differences_in(
            CaseVersion::V2025_06_18,
            vec!["session-after-delete/baseline: 405 none empty allow=POST".to_owned()],
            Vec::new(),
        );
        assert_eq!(asked_by_one_side[0].blame, Blame::Deployment);
    }

    #[test]
    fn a_difference_names_the_case_and_the_side_that_is_wrong() {
        let live = vec![
            "supported by the target: true".to_owned(),
            "ping/baseline: 200 json result{} id=echo".to_owned(),
            "tools-list/accept-json-only: 406 json error(-32011) id=absent error-type=McpRequestUnacceptableException".to_owned(),
            "tools-call[get_forecast]/baseline: 200 json result{content,isError=false} id=echo".to_owned(),
        ];
        let local = vec![
            "supported by the target: true".to_owned(),
            "ping/baseline: 200 json result{} id=echo".to_owned(),
            "tools-list/accept-json-only: 400 json error(-32011) id=absent error-type=ValidationException".to_owned(),
            "tools-call[get_forecast]/baseline: 200 json result{content,isError=true} id=echo".to_owned(),
            "tools-call[get_alerts]/baseline: 200 json result{content,isError=false} id=echo".to_owned(),
        ];
        let found = differences_in(CaseVersion::V2025_06_18, live, local);
        let summary: Vec<(&str, Blame)> = found
            .iter()
            .map(|difference| (difference.case.as_str(), difference.blame))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "2025-06-18/tools-call[get_alerts]/baseline",
                    Blame::Deployment
                ),
                (
                    "2025-06-18/tools-call[get_forecast]/baseline",
                    Blame::Deployment
                ),
                (
                    "2025-06-18/tools-list/accept-json-only",
                    Blame::FidelityTable
                ),
            ]
        );
        assert_eq!(
            found[0].to_string(),
            "2025-06-18/tools-call[get_alerts]/baseline: live `(not asked: the run had no such \
             case)`, local `200 json result{content,isError=false} id=echo`"
        );
    }
}
