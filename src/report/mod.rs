//! Words a user can act on: each failure names the case, what was expected
//! and by which clause, what actually came back, and what to change.

pub mod json;
pub mod junit;
pub mod problems;
mod summary;
pub mod surface;
pub mod table;

pub use summary::{Counts, Summary};

use crate::{
    case::{Case, Variant},
    deviations::KnownDeviations,
    matrix::{CaseResult, CaseStatus, MatrixRun, SurfaceFinding},
    oracle::{Finding, Strength},
};

/// The report of a MUST (or SHOULD) finding.
pub fn violation(target: &str, case: &Case, outcome: &str, finding: &Finding) -> String {
    let mut text = format!(
        "{target}: case {case}\n  rule:     [{}] {}\n  expected: {}\n  actual:   {outcome}\n  clause:   {}",
        finding.strength, finding.rule, finding.expected, finding.clause
    );
    if let Some(advice) = advice(case, finding.rule) {
        text.push_str("\n  fix:      ");
        text.push_str(advice);
    }
    text
}

/// The report of a problem discovery found in one of the target's lists.
pub fn surface_violation(target: &str, found: &SurfaceFinding) -> String {
    let finding = &found.finding;
    let mut text = format!(
        "{target}: {} of {} (discovery)\n  rule:     [{}] {}\n  expected: {}\n  clause:   {}",
        found.list, found.version, finding.strength, finding.rule, finding.expected, finding.clause
    );
    if let Some(advice) = rule_advice(finding.rule) {
        text.push_str("\n  fix:      ");
        text.push_str(advice);
    }
    text
}

/// The reports of the selected cases' findings of `strength` that no
/// deviation excuses.
fn unexcused(
    run: &MatrixRun,
    strength: Strength,
    deviations: &KnownDeviations,
    select: &impl Fn(&Case) -> bool,
) -> Vec<String> {
    let mut reports = Vec::new();
    for (case, result) in run.results.iter().filter(|(case, _)| select(case)) {
        if let CaseResult::Answered { verdict, .. } = result {
            for judged in run.judged(case, deviations) {
                if judged.finding.strength == strength && judged.excused_by.is_none() {
                    reports.push(violation(
                        &run.target,
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

/// The failure reports of the cases `select` selects: cases without an
/// answer, and MUST findings no deviation excuses.
pub fn failures(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    select: impl Fn(&Case) -> bool,
) -> Vec<String> {
    let mut failures = unanswered(run, &select);
    failures.extend(unexcused(run, Strength::Must, deviations, &select));
    failures
}

/// The reports of the cases `select` selects that got no answer.
fn unanswered(run: &MatrixRun, select: &impl Fn(&Case) -> bool) -> Vec<String> {
    run.results
        .iter()
        .filter(|(case, _)| select(case))
        .filter_map(|(case, result)| match result {
            CaseResult::NoAnswer { reason, .. } => Some(no_answer(&run.target, case, reason)),
            CaseResult::Answered { .. } => None,
        })
        .collect()
}

/// The warnings (SHOULD findings) of the cases `select` selects.
pub fn warnings(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    select: impl Fn(&Case) -> bool,
) -> Vec<String> {
    unexcused(run, Strength::Should, deviations, &select)
}

/// The reports of the target's list problems of `strength` (see
/// [`MatrixRun::surface_findings`]): MUST ones fail the run.
pub fn surface_reports(run: &MatrixRun, strength: Strength) -> Vec<String> {
    run.surface_findings()
        .iter()
        .filter(|found| found.finding.strength == strength)
        .map(|found| surface_violation(&run.target, found))
        .collect()
}

/// The failure reports of the target's lists: MUST findings only.
pub fn surface_failures(run: &MatrixRun) -> Vec<String> {
    surface_reports(run, Strength::Must)
}

/// What fails a run, counted alike in every report: the failing cases (a
/// MUST broken, or no answer) and the MUST problems of the lists the target
/// declared.
pub fn failing_count(run: &MatrixRun, summary: &Summary) -> usize {
    summary.overall.failing() + surface_failures(run).len()
}

/// The report of a case that got no HTTP answer at all.
pub fn no_answer(target: &str, case: &Case, reason: &str) -> String {
    format!(
        "{target}: case {case}\n  rule:     [MUST] the server answers every request\n  actual:   no answer: {reason}"
    )
}

/// What to do about a finding, from the rule and from the header the case varied.
pub fn advice(case: &Case, rule: &str) -> Option<&'static str> {
    let by_variant = match case.variant {
        Variant::AcceptMissing
        | Variant::AcceptJsonOnly
        | Variant::AcceptSseOnly
        | Variant::AcceptAny => Some(
            "clients must send `Accept: application/json, text/event-stream`; FastMCP answers \
             406 otherwise, and AgentCore passes the header through unchanged",
        ),
        Variant::PlatformSessionId => Some(
            "AgentCore adds an Mcp-Session-Id your server never issued to every request; run \
             the server stateless (FastMCP(stateless_http=True)) so it accepts it",
        ),
        Variant::HostForeign => Some(
            "AgentCore forwards invocations with its own Host header; disable loopback-only Host \
             checks (FastMCP(host=\"0.0.0.0\"), rmcp disable_allowed_hosts)",
        ),
        _ => None,
    };
    rule_advice(rule).or(by_variant)
}

/// What to do about a broken rule, whatever the case.
fn rule_advice(rule: &str) -> Option<&'static str> {
    match rule {
        "jsonrpc.response-id" | "jsonrpc.error-id-readable" => Some(
            "echo the request's \"id\" in every response, errors included; use null only when \
             the id could not be read (invalid JSON)",
        ),
        "initialize.version" | "initialize.same-version" => Some(
            "answer initialize with the client's protocolVersion when you support it, otherwise \
             with the newest version you support",
        ),
        "initialize.counter-offer" | "initialize.counter-offer-not-error" => Some(
            "answer an unsupported protocolVersion with an InitializeResult naming a version you \
             support; the client decides whether it can speak it",
        ),
        "notification.accepted" | "response.accepted" | "notification.no-response" => {
            Some("answer POSTed notifications and responses with 202 Accepted and an empty body")
        }
        "transport.request-media" => {
            Some("answer requests with Content-Type application/json or text/event-stream")
        }
        "modern.result-type" => Some("add \"resultType\": \"complete\" to every 2026-07-28 result"),
        "method.not-implemented" => Some(
            "answer 2026-07-28 requests for methods you do not implement (ping, initialize, \
             unknown ones) with HTTP 404 and JSON-RPC -32601",
        ),
        "headers.mismatch" => Some(
            "validate Mcp-Method and Mcp-Name against the body and answer a mismatch with 400 \
             and -32020",
        ),
        "protocol-version.unsupported" | "protocol-version.invalid" => Some(
            "answer an unsupported or malformed MCP-Protocol-Version header with 400 Bad Request",
        ),
        "get.stream-or-405" | "get-delete.405" => Some(
            "answer GET on /mcp with 405 Method Not Allowed when you offer no server stream \
             (stateless servers)",
        ),
        "batch.supported" => {
            Some("accept JSON arrays (batches) for 2025-03-26 and answer each request in them")
        }
        "tools-call.structured-content" | "tools-call.output-schema" => Some(
            "return structuredContent that conforms to the outputSchema the tool declares (or \
             declare the schema the tool really returns); with FastMCP the return annotation is \
             the schema",
        ),
        "tools-call.result"
        | "resources-read.result"
        | "prompts-get.result"
        | "completion.result" => Some(
            "answer with the method's result type (the finding names what was missing), or with \
             a JSON-RPC error when you cannot serve the request",
        ),
        "capability.undeclared" => Some(
            "declare the capability in server/discover if you serve its methods, or answer them \
             404 with -32601",
        ),
        "result.type" => Some(
            "return results with every member the specification's type requires, each of the \
             type it gives (the finding names the member)",
        ),
        "project.expected-result" => Some(
            "the tool no longer returns what mcp-matrix.toml expects: fix the tool, or update \
             the expectation if the change is intended",
        ),
        "pagination.terminates" | "pagination.stable-cursor" => Some(
            "issue a nextCursor only while more items follow, never one already issued, and \
             serve every cursor you issue",
        ),
        "discover.result" => {
            Some("implement server/discover (supportedVersions, capabilities, ttlMs, cacheScope)")
        }
        "list.result" => {
            Some("answer the list methods of every capability you declare with their list result")
        }
        "resources-read.unknown-code" => Some(
            "answer resources/read of an unknown URI with a JSON-RPC error: -32002 up to \
             2025-11-25, -32602 from 2026-07-28 on",
        ),
        _ => None,
    }
}

/// A Markdown report of a run: what was tested, its problems (each cause
/// once, with its fix), then every failing case. It quotes outcomes and
/// messages, never a request's credentials.
pub fn markdown(
    run: &MatrixRun,
    deviations: &KnownDeviations,
    diagnosis: &crate::diagnosis::Diagnosis,
) -> String {
    let all = |_: &Case| true;
    let summary = Summary::of(run, deviations);
    let cases = &summary.overall;
    let list_failures = surface_failures(run);
    let list_warnings = surface_reports(run, Strength::Should);
    let violations = unexcused(run, Strength::Must, deviations, &all);
    let mut warnings = unexcused(run, Strength::Should, deviations, &all);
    let known = run
        .results
        .iter()
        .filter(|(_, result)| matches!(result, CaseResult::Answered { .. }))
        .flat_map(|(case, _)| run.judged(case, deviations))
        .filter(|judged| judged.finding.strength == Strength::Must && judged.excused_by.is_some())
        .count();
    let mut text = format!(
        "# mcp-matrix: {}\n\n\
         - supported protocol versions: {}\n\
         - **{} failing, {} with SHOULD warnings**\n\
         - cases: {} in {:.1} s: {} failing ({} without an answer), {} with SHOULD warnings, {} \
         excused by known deviations, {} passed\n\
         - the lists the target declared: {} MUST problems, {} SHOULD\n\
         - findings (one case can break several rules): {} MUST violations (and {} known \
         deviations), {} SHOULD warnings\n",
        run.target,
        surface::supported_versions(&run.surface),
        failing_count(run, &summary),
        cases.of(CaseStatus::Warning),
        cases.total(),
        run.elapsed.as_secs_f64(),
        cases.failing(),
        cases.of(CaseStatus::NoAnswer),
        cases.of(CaseStatus::Warning),
        cases.of(CaseStatus::KnownDeviation),
        cases.of(CaseStatus::Passed),
        list_failures.len(),
        list_warnings.len(),
        violations.len() + list_failures.len(),
        known,
        warnings.len() + list_warnings.len(),
    );
    let mut failures = unanswered(run, &all);
    failures.extend(violations);
    failures.extend(list_failures);
    warnings.extend(list_warnings);
    text.push_str("\n## What the target declared\n\n");
    for line in surface::summary(&run.surface) {
        text.push_str(&format!("- {line}\n"));
    }
    if !run.notes.is_empty() {
        text.push_str("\n## Not tested, and why\n\n");
        for note in &run.notes {
            text.push_str(&format!("- {note}\n"));
        }
    }
    let section = |title: &str, entries: &[String], limit: usize| {
        let mut section = format!("\n## {title}\n\n");
        if entries.is_empty() {
            section.push_str("None.\n");
        }
        for entry in entries.iter().take(limit) {
            section.push_str("```\n");
            section.push_str(entry);
            section.push_str("\n```\n");
        }
        if entries.len() > limit {
            section.push_str(&format!("\n... and {} more.\n", entries.len() - limit));
        }
        section
    };
    text.push_str(&problems::markdown(diagnosis));
    text.push_str(&section("Each failing case", &failures, 50));
    text.push_str(&section("Each SHOULD warning", &warnings, 20));
    text
}

use crate::live::comparison::Difference;

/// A live run set against the same image's local run
/// (`run --target live --compare-local`): each case whose outcome differs,
/// and which side is wrong.
pub fn comparison_markdown(differences: &[Difference]) -> String {
    use crate::live::comparison::Blame;
    let mut text = String::from("\n## Live and local\n\n");
    if differences.is_empty() {
        text.push_str(
            "The live runtime answered every case as the same image behind the local front \
             door does.\n",
        );
        return text;
    }
    text.push_str(&format!(
        "**{}** case(s) answered differently by the live runtime and by the same image \
         behind the local front door.\n",
        differences.len()
    ));
    for blame in [Blame::FidelityTable, Blame::Deployment] {
        let of_blame: Vec<&Difference> = differences
            .iter()
            .filter(|difference| difference.blame == blame)
            .collect();
        if of_blame.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "\n{} case(s): {}.\n\n",
            of_blame.len(),
            blame.explanation()
        ));
        for difference in of_blame {
            text.push_str(&format!("- {difference}\n"));
        }
    }
    text
}

/// The refused-credential probes of a live run: each call, what came back,
/// and how it differs from the local front door's answer.
pub fn probes_markdown(probes: &[crate::live::probes::Probe]) -> String {
    let wrong = probes
        .iter()
        .filter(|probe| probe.problem.is_some())
        .count();
    let mut text = format!(
        "\n## Refused credentials\n\n{} calls, **{wrong}** answered unlike the front door \
         (a wrong row of the fidelity table, or a platform change).\n\n",
        probes.len()
    );
    for probe in probes {
        let mark = if probe.problem.is_some() {
            "DIFFERS"
        } else {
            "as expected"
        };
        text.push_str(&format!(
            "- `{}`: {mark}: `{}`",
            probe.case.credential.slug(),
            probe.outcome
        ));
        if let Some(problem) = &probe.problem {
            text.push_str(&format!(" ({problem})"));
        }
        text.push('\n');
    }
    text
}
