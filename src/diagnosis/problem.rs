//! A run's problems: its failing cases grouped by cause, each with its count,
//! where it shows (versions, methods, variants), what the answers looked
//! like, one example exchange, and the cause and fix.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Cause, Evidence, Received, SentRequest, classify};
use crate::{
    case::Case,
    deviations::KnownDeviations,
    matrix::{CaseResult, CaseStatus, MatrixRun},
    oracle::{Finding, Strength},
    surface::SessionMode,
};

/// One exchange that shows a problem.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The case id, or what was asked of the target outside the matrix.
    pub case: String,
    /// What the rule expected, and how this answer broke it.
    pub finding: String,
    /// Where the rule is written: the clause of the specification (or the
    /// AWS document) it cites.
    pub clause: String,
    /// The request sent (credentials redacted) and the answer received.
    /// `None` for a problem found walking a list, whose pages are not kept.
    pub evidence: Option<Evidence>,
}

/// One cause of failure, and everything the run knows about it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub cause: Cause,
    /// MUST: the problem fails the run; SHOULD: a warning.
    pub strength: Strength,
    /// The rules broken, the most frequent first.
    pub rules: Vec<&'static str>,
    /// How many cases (or list walks, or credential checks) show it.
    pub count: usize,
    pub cases: Vec<String>,
    pub versions: Vec<String>,
    pub methods: Vec<String>,
    pub variants: Vec<String>,
    /// The answers, as outcome lines, with how often each came; most frequent first.
    pub answers: Vec<(String, usize)>,
    pub example: Example,
}

/// A credential the live runtime was called with, and what it answered.
#[derive(Debug, Clone)]
pub struct CredentialCheck {
    /// What was sent: `expired-token/2025-06-18/tools-list`.
    pub call: String,
    /// Whether the runtime must refuse it.
    pub must_be_refused: bool,
    pub status: u16,
    pub outcome: String,
    /// How the answer differs from the local front door's, if it does.
    pub difference: Option<String>,
    pub evidence: Option<Evidence>,
}

/// A run's problems (MUST) and warnings (SHOULD), each grouped by cause and
/// in report order: security first, then deployment, transport, the version
/// handshake, sessions, JSON-RPC, methods, and tools, resources and prompts;
/// within a category the commonest first.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnosis {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Failing cases (a case with two independent causes is in two problems).
    pub failing_cases: usize,
}

/// What one case adds to the problems of its causes.
struct Seen<'a> {
    causes: Vec<Cause>,
    rules: Vec<&'static str>,
    /// The broken findings (none for a case without an answer).
    findings: Vec<Finding>,
    outcome: &'a str,
    evidence: Evidence,
    /// Without a broken finding (no answer): what the example says.
    unanswered: Option<String>,
}

impl Seen<'_> {
    /// The example of this case in the problem of `cause`: the finding whose
    /// rule stands for it.
    fn example(&self, case: &Case, cause: Cause) -> Example {
        let shown = self
            .findings
            .iter()
            .find(|finding| classify::by_rule(finding.rule) == cause)
            .or(self.findings.first());
        Example {
            case: case.to_string(),
            finding: match (shown, &self.unanswered) {
                (Some(finding), _) => {
                    format!(
                        "[{}] {}: {}",
                        finding.strength, finding.rule, finding.expected
                    )
                }
                (None, Some(unanswered)) => unanswered.clone(),
                (None, None) => String::new(),
            },
            clause: shown.map_or_else(|| cause.source(), |finding| finding.clause.to_string()),
            evidence: Some(self.evidence.clone()),
        }
    }
}

#[derive(Default)]
struct Group {
    cases: Vec<String>,
    rules: BTreeMap<&'static str, usize>,
    versions: BTreeSet<String>,
    methods: BTreeSet<String>,
    variants: BTreeSet<String>,
    answers: BTreeMap<String, usize>,
    examples: BTreeMap<String, Example>,
}

impl Group {
    fn add(&mut self, id: String, rules: &[&'static str], outcome: &str, example: Example) {
        self.cases.push(id);
        for rule in rules {
            *self.rules.entry(rule).or_default() += 1;
        }
        *self.answers.entry(outcome.to_owned()).or_default() += 1;
        self.examples.entry(outcome.to_owned()).or_insert(example);
    }

    fn into_problem(mut self, cause: Cause, strength: Strength) -> Problem {
        let by_count = |map: BTreeMap<String, usize>| {
            let mut list: Vec<(String, usize)> = map.into_iter().collect();
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list
        };
        let mut rules: Vec<(&'static str, usize)> = self.rules.into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let answers = by_count(self.answers);
        // The example shows the commonest answer.
        let example = answers
            .first()
            .and_then(|(outcome, _)| self.examples.remove(outcome))
            .or_else(|| self.examples.into_values().next())
            .unwrap_or(Example {
                case: String::new(),
                finding: String::new(),
                clause: String::new(),
                evidence: None,
            });
        Problem {
            cause,
            strength,
            rules: rules.into_iter().map(|(rule, _)| rule).collect(),
            count: self.cases.len(),
            cases: self.cases,
            versions: self.versions.into_iter().collect(),
            methods: self.methods.into_iter().collect(),
            variants: self.variants.into_iter().collect(),
            answers,
            example,
        }
    }
}

/// The problems of `run`, its known deviations excused, and those of the
/// credential checks of a live run.
pub fn diagnose(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    credentials: &[CredentialCheck],
) -> Diagnosis {
    let mut failing: BTreeMap<Cause, Group> = BTreeMap::new();
    let mut failing_cases = 0;
    let mut warning: BTreeMap<Cause, Group> = BTreeMap::new();
    for (case, result) in &run.results {
        let Some(status) = run.status(case, deviations) else {
            continue;
        };
        let (groups, strength) = match status {
            CaseStatus::Failed | CaseStatus::NoAnswer => (&mut failing, Strength::Must),
            CaseStatus::Warning => (&mut warning, Strength::Should),
            CaseStatus::Passed | CaseStatus::KnownDeviation => continue,
        };
        let Some(seen) = seen(run, case, result, deviations, strength) else {
            continue;
        };
        if strength == Strength::Must {
            failing_cases += 1;
        }
        for cause in &seen.causes {
            let group = groups.entry(*cause).or_default();
            group.versions.insert(case.version.label().to_owned());
            group.methods.insert(case.method.slug().to_owned());
            group.variants.insert(case.variant.slug().to_owned());
            group.add(
                case.to_string(),
                &seen.rules,
                seen.outcome,
                seen.example(case, *cause),
            );
        }
    }
    for found in run.surface_findings() {
        let groups = match found.finding.strength {
            Strength::Must => &mut failing,
            Strength::Should => &mut warning,
            Strength::ImplementationDefined => continue,
        };
        if found.finding.strength == Strength::Must {
            failing_cases += 1;
        }
        let group = groups.entry(Cause::Pagination).or_default();
        group.versions.insert(found.version.to_string());
        group.methods.insert(found.list.method().to_owned());
        let call = format!("discovery of {} in {}", found.list, found.version);
        group.add(
            call.clone(),
            &[found.finding.rule],
            &found.finding.expected,
            Example {
                case: call,
                finding: format!(
                    "[{}] {}: {}",
                    found.finding.strength, found.finding.rule, found.finding.expected
                ),
                clause: found.finding.clause.to_string(),
                evidence: None,
            },
        );
    }
    for check in credentials {
        let cause = if check.must_be_refused && (200..300).contains(&check.status) {
            Cause::CredentialAccepted
        } else if check.difference.is_some() {
            Cause::FidelityDifference
        } else {
            continue;
        };
        failing_cases += 1;
        let finding = check.difference.clone().unwrap_or_else(|| {
            format!("the runtime answered {} instead of refusing", check.outcome)
        });
        failing.entry(cause).or_default().add(
            check.call.clone(),
            &[cause.id()],
            &check.outcome,
            Example {
                case: check.call.clone(),
                finding,
                clause: cause.source(),
                evidence: check.evidence.clone(),
            },
        );
    }
    Diagnosis {
        problems: ordered(failing, Strength::Must),
        warnings: ordered(warning, Strength::Should),
        failing_cases,
    }
}

fn ordered(groups: BTreeMap<Cause, Group>, strength: Strength) -> Vec<Problem> {
    let mut problems: Vec<Problem> = groups
        .into_iter()
        .map(|(cause, group)| group.into_problem(cause, strength))
        .collect();
    problems.sort_by(|a, b| {
        a.cause
            .category()
            .cmp(&b.cause.category())
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.cause.cmp(&b.cause))
    });
    problems
}

/// What a failing (or warning) case adds: its causes, the rules it broke
/// at `strength` that no deviation excuses, and its exchange.
fn seen<'a>(
    run: &'a MatrixRun,
    case: &'a Case,
    result: &'a CaseResult,
    deviations: &KnownDeviations,
    strength: Strength,
) -> Option<Seen<'a>> {
    let request = SentRequest::of(&case.build(&run.endpoint), &run.endpoint);
    match result {
        CaseResult::NoAnswer { reason, .. } => Some(Seen {
            causes: vec![Cause::NoAnswer],
            rules: vec!["request.answered"],
            findings: Vec::new(),
            outcome: "no answer",
            evidence: Evidence {
                request,
                response: Received::NoAnswer {
                    reason: reason.clone(),
                },
            },
            unanswered: Some(format!(
                "the server answers every request; no answer: {reason}"
            )),
        }),
        CaseResult::Answered {
            verdict,
            observation,
        } => {
            let findings: Vec<Finding> = run
                .judged(case, deviations)
                .into_iter()
                .filter(|judged| judged.finding.strength == strength && judged.excused_by.is_none())
                .map(|judged| judged.finding.clone())
                .collect();
            if findings.is_empty() {
                return None;
            }
            let rules: Vec<&'static str> = findings.iter().map(|finding| finding.rule).collect();
            let session = if strength == Strength::Must {
                run.surface.session
            } else {
                SessionMode::Stateless
            };
            Some(Seen {
                causes: classify::causes_of(case, observation, &rules, session),
                rules,
                findings,
                outcome: &verdict.outcome,
                evidence: Evidence {
                    request,
                    response: Received::of_observation(observation),
                },
                unanswered: None,
            })
        }
    }
}
