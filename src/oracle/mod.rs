//! The oracle: for every case, what the specification requires of the
//! answer, as data, and the judgement of an actual answer against it.
//!
//! Each requirement is a [`Rule`] with a strength and the clause it comes
//! from. A rule lists the answers that satisfy it; an answer outside the list
//! is a [`Finding`] of the rule's strength:
//!
//! - [`Strength::Must`]: a violation fails the run;
//! - [`Strength::Should`]: a warning in the report;
//! - [`Strength::ImplementationDefined`]: the specification lets servers
//!   choose; whatever they chose is recorded (in the snapshot), and an
//!   answer outside what implementations do is noted, never failed.
//!
//! When a request departs from a conforming one in a way the specification
//! leaves to the server (a missing `Accept`, say), the server may either
//! refuse it or serve it; an [`Expectation`] then carries a [`Rejection`]:
//! an answer that breaks the rules but has one of the rejection's statuses
//! is a refusal, which satisfies the case; any other answer must satisfy
//! every rule as if the request had conformed.

mod answer;
pub mod clause;
mod expectations;
mod results;
mod streamed;
mod structure;
mod types;

use std::fmt;

use serde_json::Value;

pub use answer::{Answer, Offer, ResultShape, Statuses};
pub use clause::Clause;
pub use expectations::expect;

use crate::{case::Case, client::Exchange, outcome, surface::Surface, target::Vantage};

pub use crate::surface::Support;

/// How binding a rule is (RFC 2119 keywords as the specification uses them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    Must,
    Should,
    ImplementationDefined,
}

/// Serialized as the specification writes it: `MUST`, `SHOULD`.
impl serde::Serialize for Strength {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Must => "MUST",
            Self::Should => "SHOULD",
            Self::ImplementationDefined => "implementation-defined",
        })
    }
}

/// One requirement on the answer to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A stable name, used by the known-deviation file: `initialize.version`.
    pub id: &'static str,
    pub strength: Strength,
    pub clause: Clause,
    /// The requirement in words.
    pub requirement: String,
    /// Answers that satisfy it.
    pub accepted: Vec<Answer>,
}

/// A refusal the server is allowed to give instead of serving the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub statuses: Statuses,
    /// When refusing goes against a SHOULD, the rule that says so.
    pub discouraged_by: Option<Box<Rule>>,
}

/// Everything required of the answer to one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub rules: Vec<Rule>,
    pub rejection: Option<Rejection>,
}

/// A rule the answer does not satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub strength: Strength,
    pub clause: Clause,
    pub expected: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}: {} ({})",
            self.strength, self.rule, self.expected, self.clause
        )
    }
}

/// The judgement of one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub case: Case,
    /// The normalised outcome (see [`outcome`]).
    pub outcome: String,
    /// True when the server refused the request in a way the case allows.
    pub refused: bool,
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub fn findings_of(&self, strength: Strength) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.strength == strength)
    }
}

fn expected_text(rule: &Rule) -> String {
    let answers: Vec<String> = rule.accepted.iter().map(ToString::to_string).collect();
    format!("{}; accepted: {}", rule.requirement, answers.join(" or "))
}

fn finding(rule: &Rule) -> Finding {
    Finding {
        rule: rule.id,
        strength: rule.strength,
        clause: rule.clause.clone(),
        expected: expected_text(rule),
    }
}

/// Through AgentCore, GET and DELETE never reach the server:
/// InvokeAgentRuntime is `POST /runtimes/{arn}/invocations` only, and the
/// data plane answers everything else itself.
fn platform_post_only() -> Expectation {
    Expectation {
        rules: vec![Rule {
            id: "platform.post-only",
            strength: Strength::ImplementationDefined,
            clause: clause::invoke_agent_runtime(),
            requirement: "the data plane answers GET and DELETE itself, with a client error"
                .to_owned(),
            accepted: vec![Answer::Status(Statuses::ClientError)],
        }],
        rejection: None,
    }
}

/// Judges `exchange` as the answer to `case`, by the rules of its version
/// and by what the target declared (`surface`). `baseline` is the answer to
/// the conforming request of the same case, when known: an answer of the
/// same kind (status and media type) was not caused by the header the case
/// varies, so it cannot count as a refusal of that header. One of another
/// kind can: a 400 in plain text where the conforming request got a 400
/// JSON-RPC error is the transport refusing the header before the method
/// was reached.
pub fn judge(
    case: &Case,
    exchange: &Exchange,
    baseline: Option<&Exchange>,
    surface: &Surface,
    vantage: Vantage,
) -> Verdict {
    let expectation = if vantage == Vantage::ThroughPlatform && !case.method.has_body() {
        platform_post_only()
    } else {
        expect(case, surface)
    };
    let request_id = case.request_id();
    let batch_ids = case.batch_ids();
    let mut ids: Vec<Value> = batch_ids.clone();
    ids.extend(request_id.clone());

    let unmet: Vec<&Rule> = expectation
        .rules
        .iter()
        .filter(|rule| {
            !rule
                .accepted
                .iter()
                .any(|answer| answer::matches(answer, exchange, request_id.as_ref(), &batch_ids))
        })
        .collect();
    // A refusal only excuses an answer that does not already satisfy the
    // rules: when the conforming request is itself answered alike (the same
    // 4xx, in the same media type), that answer says nothing about the
    // header the case varied.
    let status = exchange.status.as_u16();
    let refused = !unmet.is_empty()
        && !baseline.is_some_and(|baseline| {
            baseline.status == exchange.status && baseline.content_type() == exchange.content_type()
        })
        && expectation
            .rejection
            .as_ref()
            .is_some_and(|rejection| rejection.statuses.contains(status));
    let mut findings: Vec<Finding> = if refused {
        expectation
            .rejection
            .as_ref()
            .and_then(|rejection| rejection.discouraged_by.as_deref())
            .map(finding)
            .into_iter()
            .collect()
    } else {
        unmet.into_iter().map(finding).collect()
    };
    findings.extend(structure::check(case, exchange, vantage));
    findings.extend(results::check(case, exchange));
    findings.extend(streamed::check(case, exchange, surface.session));
    Verdict {
        case: case.clone(),
        outcome: outcome::summarize(exchange, &ids),
        refused,
        findings,
    }
}
