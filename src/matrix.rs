//! Running the matrix against a target: every case sent once, concurrently
//! over one shared client, each answer judged by the oracle.

use std::{collections::BTreeMap, time::Duration};

use futures::StreamExt;
use serde_json::{Value, json};

use crate::{
    case::{Case, CaseVersion, Variant},
    client::{Exchange, SendError},
    deviations::{Deviation, KnownDeviations},
    message,
    observation::Observation,
    oracle::{self, Finding, Strength, Support, Verdict},
    outcome,
    protocol::ProtocolVersion,
    report,
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
    /// The versions the target supports, as probed before the run.
    pub support: Support,
    pub results: BTreeMap<Case, CaseResult>,
    pub elapsed: Duration,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{target}: the version probe got no answer: {reason}")]
    ProbeUnanswered { target: String, reason: String },
    #[error(
        "{target}: the server answered no conforming initialize (2024-11-05 .. 2025-11-25) or \
         server/discover (2026-07-28) successfully, so it supports no protocol version this \
         suite knows; check that it is an MCP server at this URL. Answers: {answers}"
    )]
    NoVersionSupported { target: String, answers: String },
}

/// Which protocol versions the target supports: a conforming `initialize`
/// for each handshake version (supported when the result names that same
/// version, as Version Negotiation requires) and a conforming
/// `server/discover` for 2026-07-28 (supported when the result lists it).
pub async fn probe_support(target: &Target) -> Result<Support, RunError> {
    let mut supported = Vec::new();
    let mut answers = Vec::new();
    for version in ProtocolVersion::ALL {
        let id = json!(format!("probe/{version}"));
        let message = if version.has_initialize() {
            message::initialize(id.clone(), version.as_str())
        } else {
            message::request(id.clone(), "server/discover")
        };
        let exchange = target
            .send(&message::conforming_post(version, message))
            .await
            .map_err(|error| RunError::ProbeUnanswered {
                target: target.label.clone(),
                reason: error.to_string(),
            })?;
        let result = exchange
            .messages()
            .into_iter()
            .find(|message| message.get("id") == Some(&id))
            .and_then(|message| message.get("result").cloned());
        let speaks = result.is_some_and(|result| {
            if version.has_initialize() {
                result.get("protocolVersion") == Some(&json!(version.as_str()))
            } else {
                result
                    .get("supportedVersions")
                    .and_then(Value::as_array)
                    .is_some_and(|versions| versions.contains(&json!(version.as_str())))
            }
        });
        if speaks {
            supported.push(version);
        }
        answers.push(format!(
            "{version}: {}",
            outcome::summarize(&exchange, std::slice::from_ref(&id))
        ));
    }
    if supported.is_empty() {
        return Err(RunError::NoVersionSupported {
            target: target.label.clone(),
            answers: answers.join("; "),
        });
    }
    Ok(Support::new(supported))
}

/// Probes the target's versions, sends every case (as many at once as the
/// target's policy allows), then judges each answer, with the answer to its
/// slice's baseline at hand.
pub async fn run(target: &Target, cases: &[Case]) -> Result<MatrixRun, RunError> {
    run_observed(target, cases, |_| {}).await
}

/// [`run`], calling `on_answer` as each case's answer (or failure to
/// answer) arrives, e.g. to show progress.
pub async fn run_observed(
    target: &Target,
    cases: &[Case],
    on_answer: impl Fn(&Case),
) -> Result<MatrixRun, RunError> {
    let support = probe_support(target).await?;
    let started = std::time::Instant::now();
    let endpoint = target.client.endpoint().clone();
    let answers: BTreeMap<Case, Result<Exchange, SendError>> =
        futures::stream::iter(cases.iter().copied())
            .map(|case| {
                let request = case.build(&endpoint);
                async move { (case, target.send(&request).await) }
            })
            .buffer_unordered(target.policy.concurrency.max(1))
            .inspect(|(case, _)| on_answer(case))
            .collect()
            .await;
    let elapsed = started.elapsed();

    let results = answers
        .iter()
        .map(|(case, answer)| {
            let result = match answer {
                Ok(exchange) => {
                    let baseline = Case::new(case.version, case.method, Variant::Baseline);
                    let baseline_status = match answers.get(&baseline) {
                        Some(Ok(answer)) if baseline != *case => Some(answer.status.as_u16()),
                        _ => None,
                    };
                    CaseResult::Answered {
                        verdict: oracle::judge(
                            case,
                            exchange,
                            baseline_status,
                            &support,
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
            (*case, result)
        })
        .collect();
    Ok(MatrixRun {
        target: target.label.clone(),
        support,
        results,
        elapsed,
    })
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
            .map(|finding| Judged {
                finding,
                excused_by: deviations.excuse(&self.target, case, finding.rule, &verdict.outcome),
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

    /// The reports of the selected cases' findings of `strength` that no
    /// deviation excuses.
    fn unexcused(
        &self,
        strength: Strength,
        deviations: &KnownDeviations,
        select: &impl Fn(&Case) -> bool,
    ) -> Vec<String> {
        let mut reports = Vec::new();
        for (case, result) in self.results.iter().filter(|(case, _)| select(case)) {
            if let CaseResult::Answered { verdict, .. } = result {
                for judged in self.judged(case, deviations) {
                    if judged.finding.strength == strength && judged.excused_by.is_none() {
                        reports.push(report::violation(
                            &self.target,
                            case,
                            &verdict.outcome,
                            judged.finding,
                        ));
                    }
                }
            }
        }
        reports
    }

    /// The failure reports of the cases selected by `select`: cases without
    /// an answer, and MUST findings no deviation excuses.
    pub fn failures(
        &self,
        deviations: &KnownDeviations,
        select: impl Fn(&Case) -> bool,
    ) -> Vec<String> {
        let mut failures: Vec<String> = self
            .results
            .iter()
            .filter(|(case, _)| select(case))
            .filter_map(|(case, result)| match result {
                CaseResult::NoAnswer { reason, .. } => {
                    Some(report::no_answer(&self.target, case, reason))
                }
                CaseResult::Answered { .. } => None,
            })
            .collect();
        failures.extend(self.unexcused(Strength::Must, deviations, &select));
        failures
    }

    /// The warnings (SHOULD findings) of the selected cases.
    pub fn warnings(
        &self,
        deviations: &KnownDeviations,
        select: impl Fn(&Case) -> bool,
    ) -> Vec<String> {
        self.unexcused(Strength::Should, deviations, &select)
    }

    /// The table of one version: a line per case, `method/variant: outcome`,
    /// followed by the findings (`MUST:rule`, `(known)` when excused).
    pub fn table(&self, version: CaseVersion, deviations: &KnownDeviations) -> Vec<String> {
        let supported = match version {
            CaseVersion::Known(known) => self.support.supports(known),
            CaseVersion::Unsupported => false,
        };
        let header = format!("supported by the target: {supported}");
        let lines = self
            .results
            .iter()
            .filter(|(case, _)| case.version == version)
            .map(|(case, result)| {
                let key = format!("{}/{}", case.method, case.variant);
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
                            entry.covers(&self.target, case, finding.rule, &verdict.outcome)
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
