//! Problems in words: each cause once, with its count, where it shows, what
//! came back, one exchange, and the cause and fix. What a person in a hurry
//! reads first.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::diagnosis::{Diagnosis, Evidence, Problem, Received};

/// How much of an answer's body a problem shows.
const BODY_CHARS: usize = 200;
/// How many distinct answers, and values of a dimension, a problem lists.
const LISTED: usize = 4;

/// "3 problems (911 failing cases)" or that there are none.
pub fn headline(diagnosis: &Diagnosis) -> String {
    let cases = diagnosis.failing_cases;
    match diagnosis.problems.len() {
        0 => "No problem: every MUST holds, and every case was answered.".to_owned(),
        1 => format!("1 problem ({cases} failing):"),
        problems => {
            format!("{problems} problems ({cases} failing), the one that explains others first:")
        }
    }
}

fn listed(values: &[String]) -> String {
    if values.len() > LISTED {
        format!(
            "{} and {} more",
            values[..LISTED].join(", "),
            values.len() - LISTED
        )
    } else {
        values.join(", ")
    }
}

fn answers(problem: &Problem) -> String {
    let mut shown: Vec<String> = problem
        .answers
        .iter()
        .take(LISTED)
        .map(|(outcome, count)| format!("{outcome} ({count})"))
        .collect();
    if problem.answers.len() > LISTED {
        shown.push(format!("{} more", problem.answers.len() - LISTED));
    }
    shown.join("; ")
}

fn short(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The request as one line: method, path, JSON-RPC method, headers.
fn sent(evidence: &Evidence) -> String {
    let path = evidence.request.url.parse::<http::Uri>().map_or_else(
        |_| evidence.request.url.clone(),
        |uri| uri.path().to_owned(),
    );
    let mut line = format!("{} {path}", evidence.request.method);
    if !evidence.request.rpc.is_empty() {
        let _ = write!(line, " ({})", evidence.request.rpc);
    }
    for header in &evidence.request.headers {
        let _ = write!(line, "; {}: {}", header.name, header.value);
    }
    line
}

/// The answer as one line: status, headers, the start of the body.
fn received(evidence: &Evidence) -> String {
    match &evidence.response {
        Received::Answer {
            status,
            reason,
            headers,
            body,
        } => {
            let mut line = format!("{status} {reason}");
            for header in headers {
                let _ = write!(line, "; {}: {}", header.name, header.value);
            }
            if !body.is_empty() {
                let _ = write!(line, "; {}", short(body, BODY_CHARS));
            }
            line
        }
        Received::NoAnswer { reason } => format!("no answer: {reason}"),
    }
}

/// Where a problem shows: its versions, methods and variants.
fn where_(problem: &Problem) -> String {
    let mut parts = Vec::new();
    if !problem.versions.is_empty() {
        parts.push(format!("versions {}", listed(&problem.versions)));
    }
    if !problem.methods.is_empty() {
        parts.push(format!("methods {}", listed(&problem.methods)));
    }
    if !problem.variants.is_empty() {
        parts.push(format!("variants {}", listed(&problem.variants)));
    }
    parts.join("; ")
}

/// The numbered problems and the warnings, for a terminal.
pub fn text(diagnosis: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(diagnosis));
    for (index, problem) in diagnosis.problems.iter().enumerate() {
        let cause = problem.cause;
        let _ = writeln!(
            out,
            "\n{}. {} [{}] ({} {}): {}",
            index + 1,
            cause.id(),
            problem.strength,
            problem.count,
            if problem.count == 1 { "case" } else { "cases" },
            cause.title()
        );
        let _ = writeln!(out, "   where:    {}", where_(problem));
        let _ = writeln!(out, "   answers:  {}", answers(problem));
        let _ = writeln!(out, "   example:  {}", problem.example.case);
        if let Some(evidence) = &problem.example.evidence {
            let _ = writeln!(out, "     sent:     {}", sent(evidence));
            let _ = writeln!(out, "     received: {}", received(evidence));
        }
        let _ = writeln!(out, "   rule:     {}", problem.example.finding);
        let _ = writeln!(out, "   clause:   {}", problem.example.clause);
        let _ = writeln!(out, "   cause:    {}", cause.cause());
        let _ = writeln!(out, "   fix:      {}", cause.fix());
    }
    if !diagnosis.warnings.is_empty() {
        let _ = writeln!(
            out,
            "\n{} warning(s) (SHOULD; they do not fail the run):",
            diagnosis.warnings.len()
        );
        for warning in &diagnosis.warnings {
            let _ = writeln!(
                out,
                "  - {} ({}): {}; fix: {}",
                warning.cause.id(),
                warning.count,
                warning.cause.title(),
                warning.cause.fix()
            );
        }
    }
    out
}

/// The problems and warnings as Markdown.
pub fn markdown(diagnosis: &Diagnosis) -> String {
    let mut out = format!("\n## Problems\n\n{}\n", headline(diagnosis));
    for (index, problem) in diagnosis.problems.iter().enumerate() {
        let cause = problem.cause;
        let _ = writeln!(
            out,
            "\n### {}. `{}`: {} ({} {})\n",
            index + 1,
            cause.id(),
            cause.title(),
            problem.count,
            if problem.count == 1 { "case" } else { "cases" },
        );
        let _ = writeln!(out, "- **where**: {}", where_(problem));
        let _ = writeln!(out, "- **answers**: `{}`", answers(problem));
        let _ = writeln!(out, "- **cause**: {}", cause.cause());
        let _ = writeln!(out, "- **fix**: {}", cause.fix());
        let _ = writeln!(out, "- **example**: `{}`\n", problem.example.case);
        out.push_str("```\n");
        if let Some(evidence) = &problem.example.evidence {
            let _ = writeln!(out, "sent:     {}", sent(evidence));
            let _ = writeln!(out, "received: {}", received(evidence));
        }
        let _ = writeln!(out, "rule:     {}", problem.example.finding);
        let _ = writeln!(out, "clause:   {}", problem.example.clause);
        out.push_str("```\n");
    }
    if !diagnosis.warnings.is_empty() {
        out.push_str("\n### Warnings (SHOULD)\n\n");
        for warning in &diagnosis.warnings {
            let _ = writeln!(
                out,
                "- `{}` ({}): {}; fix: {}",
                warning.cause.id(),
                warning.count,
                warning.cause.title(),
                warning.cause.fix()
            );
        }
    }
    out
}

/// A problem as the JSON report holds it (schema `mcp-matrix.run/2`).
pub fn json(problem: &Problem) -> Value {
    let cause = problem.cause;
    json!({
        "id": cause.id(),
        "rule": problem.rules.first(),
        "rules": problem.rules,
        "title": cause.title(),
        "strength": problem.strength,
        "category": cause.category(),
        "count": problem.count,
        "cases": problem.cases,
        "versions": problem.versions,
        "methods": problem.methods,
        "variants": problem.variants,
        "answers": problem
            .answers
            .iter()
            .map(|(outcome, count)| json!({ "outcome": outcome, "count": count }))
            .collect::<Vec<_>>(),
        "example": problem.example,
        "cause": cause.cause(),
        "fix": cause.fix(),
        "source": cause.source(),
    })
}
