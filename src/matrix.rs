//! Running the matrix against a target: what it offers is discovered, the
//! cases are planned from that, every case is sent once, concurrently over
//! one shared client, and each answer is judged by the oracle.

use std::{collections::BTreeMap, time::Duration};

use futures::StreamExt;

use crate::{
    case::{CallPolicy, Case, CaseVersion, Plan, Variant},
    case_filter::{CaseFilter, FilterError},
    client::{Exchange, SendError},
    deviations::{Deviation, KnownDeviations},
    discovery::{self, DiscoveryError},
    observation::Observation,
    oracle::{self, Finding, Strength, Verdict, clause},
    project::{ProjectError, ProjectFile},
    protocol::ProtocolVersion,
    sessions::Sessions,
    surface::{ListKind, ListingProblem, SessionMode, Surface},
    target::Target,
};

/// What one case produced.
#[derive(Debug, Clone)]
pub enum CaseResult {
    Answered {
        verdict: Verdict,
        observation: Observation,
    },
    /// No usable HTTP answer: refused or reset connection, bytes that are
    /// not HTTP, a timeout, a body over the limit, a truncated event stream.
    /// `kind` is [`SendError::kind`], `reason` its message.
    NoAnswer { reason: String, kind: &'static str },
}

/// A finished run of some or all cases against one target.
#[derive(Debug, Clone)]
pub struct MatrixRun {
    pub target: String,
    /// Where the cases were sent (their requests can be rebuilt from it).
    pub endpoint: http::Uri,
    /// What the target declared, as discovered before the run.
    pub surface: Surface,
    /// What the plan left out, and why (see [`Plan::notes`]).
    pub notes: Vec<String>,
    pub results: BTreeMap<Case, CaseResult>,
    pub elapsed: Duration,
}

/// How a run is shaped beyond its target.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The user's `mcp-matrix.toml`, if any.
    pub project: ProjectFile,
    /// Which tools may be called.
    pub call_tools: CallPolicy,
    /// Only the cases this selects.
    pub filter: Option<CaseFilter>,
}

/// Why a run could not start. Each is one line a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Discovery(#[from] DiscoveryError),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("--filter: {0}")]
    Filter(#[from] FilterError),
}

/// A run whose target has been discovered and whose cases are planned.
#[derive(Debug, Clone)]
pub struct Planned {
    pub surface: Surface,
    /// The cases to send (the filter applied) and the plan's notes.
    pub plan: Plan,
}

/// Discovers what `target` offers and plans the cases `options` select.
pub async fn prepare(target: &Target, options: &RunOptions) -> Result<Planned, RunError> {
    let surface = discovery::discover(target).await?;
    let mut plan = Plan::new(&surface, &options.project, options.call_tools)?;
    if let Some(filter) = &options.filter {
        plan.cases = filter.select(&plan.cases)?;
    }
    Ok(Planned { surface, plan })
}

/// Discovers, plans, and runs the cases against `target`.
pub async fn run(target: &Target, options: &RunOptions) -> Result<MatrixRun, RunError> {
    Ok(prepare(target, options)
        .await?
        .execute(target, |_| {})
        .await)
}

impl Planned {
    /// Sends every planned case (as many at once as the target's policy
    /// allows), calling `on_answer` as each answer (or failure to answer)
    /// arrives, then judges each answer with the answer to its baseline at
    /// hand.
    pub async fn execute(self, target: &Target, on_answer: impl Fn(&Case)) -> MatrixRun {
        let started = std::time::Instant::now();
        let endpoint = target.client.endpoint().clone();
        // A stateful target is asked within sessions, as its clients ask it.
        let sessions =
            (self.surface.session == SessionMode::Stateful).then(|| Sessions::new(target));
        let answers: BTreeMap<Case, Result<Exchange, SendError>> =
            futures::stream::iter(self.plan.cases.iter().cloned())
                .map(|case| {
                    let request = case.build(&endpoint);
                    let sessions = sessions.as_ref();
                    async move {
                        let answer = match sessions {
                            Some(sessions) => sessions.send(&case, request).await,
                            None => target.send(&request).await,
                        };
                        (case, answer)
                    }
                })
                .buffer_unordered(target.policy.concurrency.max(1))
                .inspect(|(case, _)| on_answer(case))
                .collect()
                .await;
        if let Some(sessions) = sessions {
            sessions.end().await;
        }
        let elapsed = started.elapsed();

        let results = answers
            .iter()
            .map(|(case, answer)| {
                let result = match answer {
                    Ok(exchange) => {
                        let baseline = case.with_variant(Variant::Baseline);
                        let baseline = match answers.get(&baseline) {
                            Some(Ok(answer)) if baseline != *case => Some(answer),
                            _ => None,
                        };
                        CaseResult::Answered {
                            verdict: oracle::judge(
                                case,
                                exchange,
                                baseline,
                                &self.surface,
                                target.vantage,
                            ),
                            observation: Observation::of(exchange),
                        }
                    }
                    Err(error) => CaseResult::NoAnswer {
                        kind: error.kind(),
                        reason: error.to_string(),
                    },
                };
                (case.clone(), result)
            })
            .collect();
        MatrixRun {
            target: target.label.clone(),
            endpoint,
            surface: self.surface,
            notes: self.plan.notes,
            results,
            elapsed,
        }
    }
}

/// A problem found while discovering the target: a list that could not be
/// walked to its end. It concerns no single case, and fails the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceFinding {
    pub version: ProtocolVersion,
    pub list: ListKind,
    pub finding: Finding,
}

impl SurfaceFinding {
    /// The finding of a listing problem: a list that never ends is a MUST
    /// (the issue this suite answers: a client following it never finishes);
    /// a cursor the server issued and then refused breaks its SHOULD of
    /// stable cursors ("Invalid or expired cursor values" may be refused);
    /// a long list cut short is only noted.
    fn of(version: ProtocolVersion, list: ListKind, problem: &ListingProblem) -> Self {
        let (rule, strength) = match problem {
            ListingProblem::CursorLoop { .. } | ListingProblem::NothingNew { .. } => {
                ("pagination.terminates", Strength::Must)
            }
            ListingProblem::PageRefused { .. } | ListingProblem::PageUnanswered { .. } => {
                ("pagination.stable-cursor", Strength::Should)
            }
            ListingProblem::TooManyPages { .. } => {
                ("pagination.long-list", Strength::ImplementationDefined)
            }
        };
        Self {
            version,
            list,
            finding: Finding {
                rule,
                strength,
                clause: clause::pagination(CaseVersion::Known(version)),
                expected: format!(
                    "following {list}'s nextCursor from page to page reaches the last page, \
                     which has none; {problem}"
                ),
            },
        }
    }
}

/// Where a case stands once its findings are weighed against the known
/// deviations; the worst applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseStatus {
    /// Every rule holds (implementation-defined notes aside).
    Passed,
    /// Every broken rule is excused by `known-deviations.toml`.
    KnownDeviation,
    /// A SHOULD is broken.
    Warning,
    /// A MUST is broken.
    Failed,
    /// No HTTP answer at all.
    NoAnswer,
}

impl CaseStatus {
    pub const ALL: [Self; 5] = [
        Self::Passed,
        Self::KnownDeviation,
        Self::Warning,
        Self::Failed,
        Self::NoAnswer,
    ];

    /// The stable name used in the JSON and JUnit reports.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::KnownDeviation => "known-deviation",
            Self::Warning => "warning",
            Self::Failed => "failed",
            Self::NoAnswer => "no-answer",
        }
    }

    /// Whether the run fails because of this case.
    pub fn fails_the_run(self) -> bool {
        matches!(self, Self::Failed | Self::NoAnswer)
    }
}

/// A finding, and the known deviation that excuses it, if any.
#[derive(Debug, Clone)]
pub struct Judged<'a> {
    pub finding: &'a Finding,
    pub excused_by: Option<&'a Deviation>,
}

impl MatrixRun {
    /// Every finding of a case, each with the deviation that excuses it.
    pub fn judged<'a>(&'a self, case: &Case, deviations: &'a KnownDeviations) -> Vec<Judged<'a>> {
        let Some(CaseResult::Answered { verdict, .. }) = self.results.get(case) else {
            return Vec::new();
        };
        verdict
            .findings
            .iter()
            // A deviation excuses a broken MUST only: an entry whose rule has
            // become a SHOULD must show up as stale, not quietly excuse it.
            .map(|finding| Judged {
                finding,
                excused_by: (finding.strength == Strength::Must)
                    .then(|| deviations.excuse(&self.target, case, finding.rule, &verdict.outcome))
                    .flatten(),
            })
            .collect()
    }

    /// The status of a case of this run (`None` when it was not run).
    pub fn status(&self, case: &Case, deviations: &KnownDeviations) -> Option<CaseStatus> {
        match self.results.get(case)? {
            CaseResult::NoAnswer { .. } => Some(CaseStatus::NoAnswer),
            CaseResult::Answered { .. } => Some(
                self.judged(case, deviations)
                    .iter()
                    .map(
                        |judged| match (judged.finding.strength, judged.excused_by) {
                            (Strength::ImplementationDefined, _) => CaseStatus::Passed,
                            (_, Some(_)) => CaseStatus::KnownDeviation,
                            (Strength::Should, None) => CaseStatus::Warning,
                            (Strength::Must, None) => CaseStatus::Failed,
                        },
                    )
                    .max()
                    .unwrap_or(CaseStatus::Passed),
            ),
        }
    }

    /// The problems of the target's lists, found by discovery.
    pub fn surface_findings(&self) -> Vec<SurfaceFinding> {
        self.surface
            .versions
            .iter()
            .flat_map(|(version, declared)| {
                declared
                    .problems()
                    .map(|(list, problem)| SurfaceFinding::of(*version, list, problem))
            })
            .collect()
    }

    /// The table of one version: a line per case, `method/variant: outcome`,
    /// followed by the findings (`MUST:rule`, `(known)` when excused).
    pub fn table(&self, version: CaseVersion, deviations: &KnownDeviations) -> Vec<String> {
        let supported = match version {
            CaseVersion::Known(known) => self.surface.support.supports(known),
            CaseVersion::Unsupported => false,
        };
        let header = format!("supported by the target: {supported}");
        let lines = self
            .results
            .iter()
            .filter(|(case, _)| case.version == version)
            .map(|(case, result)| {
                let key = format!("{}/{}", case.method_id(), case.variant);
                match result {
                    CaseResult::NoAnswer { kind, .. } => format!("{key}: no answer ({kind})"),
                    CaseResult::Answered { verdict, .. } => {
                        let mut line = format!("{key}: {}", verdict.outcome);
                        if verdict.refused {
                            line.push_str(" (refused)");
                        }
                        let notes: Vec<String> = self
                            .judged(case, deviations)
                            .iter()
                            .map(|judged| {
                                let strength = match judged.finding.strength {
                                    Strength::Must => "MUST",
                                    Strength::Should => "SHOULD",
                                    Strength::ImplementationDefined => "NOTE",
                                };
                                let known = if judged.excused_by.is_some() {
                                    "(known)"
                                } else {
                                    ""
                                };
                                format!("{strength}:{}{known}", judged.finding.rule)
                            })
                            .collect();
                        if !notes.is_empty() {
                            line.push_str(" !! ");
                            line.push_str(&notes.join(" "));
                        }
                        line
                    }
                }
            });
        std::iter::once(header).chain(lines).collect()
    }

    /// Entries for this target that excuse nothing in this run. Meaningful
    /// only for a run of the whole matrix.
    pub fn stale_deviations<'a>(&self, deviations: &'a KnownDeviations) -> Vec<&'a Deviation> {
        deviations
            .for_target(&self.target)
            .filter(|entry| {
                !self.results.iter().any(|(case, result)| match result {
                    CaseResult::Answered { verdict, .. } => {
                        verdict.findings.iter().any(|finding| {
                            finding.strength == Strength::Must
                                && entry.covers(&self.target, case, finding.rule, &verdict.outcome)
                        })
                    }
                    CaseResult::NoAnswer { .. } => false,
                })
            })
            .collect()
    }

    /// The observation of one case, if it was answered.
    pub fn observation(&self, case: &Case) -> Option<&Observation> {
        match self.results.get(case) {
            Some(CaseResult::Answered { observation, .. }) => Some(observation),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_status_once_in_order() {
        assert_all_lists_every_variant!(
            CaseStatus::ALL,
            [
                CaseStatus::Passed,
                CaseStatus::KnownDeviation,
                CaseStatus::Warning,
                CaseStatus::Failed,
                CaseStatus::NoAnswer,
            ]
        );
    }
}
