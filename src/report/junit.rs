//! The run as JUnit XML, the format CI systems (GitHub test reporters,
//! GitLab, Jenkins) display: one `<testsuite>` per protocol version, one
//! `<testcase>` per case. A MUST violation is a `<failure>`, a case without
//! an answer an `<error>`; SHOULD warnings and excused deviations pass and
//! are described in `<system-out>`.

use std::fmt::Write;

use crate::{
    case::{CaseVersion, Dimension},
    deviations::KnownDeviations,
    diagnosis::Diagnosis,
    matrix::{CaseResult, CaseStatus, MatrixRun},
    oracle::Strength,
    surface::ListKind,
};

/// The JUnit XML report of `run`.
pub fn document(run: &MatrixRun, deviations: &KnownDeviations, diagnosis: &Diagnosis) -> String {
    let summary = super::Summary::of(run, deviations);
    let problems = &diagnosis.problems;
    let discovery = discovery_cases(run);
    let discovery_failures = discovery
        .iter()
        .filter(|case| case.failure.is_some())
        .count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">",
        escape(&format!("mcp-matrix {}", run.target)),
        summary.overall.total() + discovery.len() + problems.len(),
        summary.overall.of(CaseStatus::Failed) + discovery_failures + problems.len(),
        summary.overall.of(CaseStatus::NoAnswer),
        run.elapsed.as_secs_f64(),
    );
    // The problems first: each cause once, with its fix, as CI systems
    // show the first failures first.
    if !problems.is_empty() {
        let _ = writeln!(
            xml,
            "  <testsuite name=\"problems\" tests=\"{0}\" failures=\"{0}\" errors=\"0\" skipped=\"0\">",
            problems.len(),
        );
        for (index, problem) in problems.iter().enumerate() {
            let cause = problem.cause;
            let _ = writeln!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\"><failure type=\"{}\" message=\"{}\">{}</failure></testcase>",
                escape(&format!("{}.problems", run.target)),
                escape(&format!(
                    "{}. {} ({} cases)",
                    index + 1,
                    cause.id(),
                    problem.count
                )),
                problem.strength,
                escape(&format!("{}: {}", cause.title(), cause.fix())),
                escape(&format!(
                    "{}\nexample: {}\nrule:    {}\nclause:  {}\ncause:   {}\nfix:     {}",
                    cause.title(),
                    problem.example.case,
                    problem.example.finding,
                    problem.example.clause,
                    cause.cause(),
                    cause.fix()
                )),
            );
        }
        xml.push_str("  </testsuite>\n");
    }
    if !discovery.is_empty() {
        let _ = writeln!(
            xml,
            "  <testsuite name=\"discovery\" tests=\"{}\" failures=\"{discovery_failures}\" errors=\"0\" skipped=\"0\">",
            discovery.len(),
        );
        for case in &discovery {
            let _ = write!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\">",
                escape(&case.classname),
                escape(&case.name)
            );
            if let Some((message, text)) = &case.failure {
                let _ = write!(
                    xml,
                    "<failure type=\"MUST\" message=\"{}\">{}</failure>",
                    escape(message),
                    escape(text)
                );
            }
            xml.push_str("</testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    for version in CaseVersion::ALL {
        let Some(counts) = summary
            .by_dimension
            .get(&(Dimension::Version, version.label()))
        else {
            continue;
        };
        let supported = match version {
            CaseVersion::Known(known) => run.surface.support.supports(known),
            CaseVersion::Unsupported => false,
        };
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">",
            escape(version.label()),
            counts.total(),
            counts.of(CaseStatus::Failed),
            counts.of(CaseStatus::NoAnswer),
        );
        let _ = writeln!(
            xml,
            "    <properties><property name=\"supported-by-target\" value=\"{supported}\"/></properties>"
        );
        for (case, result) in run
            .results
            .iter()
            .filter(|(case, _)| case.version == version)
        {
            let _ = write!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\">",
                escape(&format!(
                    "{}.{}.{}",
                    run.target,
                    version.label(),
                    case.method_id()
                )),
                escape(case.variant.slug()),
            );
            match result {
                CaseResult::NoAnswer { reason, kind } => {
                    let _ = write!(
                        xml,
                        "<error type=\"{}\" message=\"{}\">{}</error>",
                        escape(kind),
                        escape(reason),
                        escape(&super::no_answer(&run.target, case, reason)),
                    );
                }
                CaseResult::Answered { verdict, .. } => {
                    let judged = run.judged(case, deviations);
                    for item in judged.iter().filter(|judged| {
                        judged.finding.strength == Strength::Must && judged.excused_by.is_none()
                    }) {
                        let _ = write!(
                            xml,
                            "<failure type=\"MUST\" message=\"{}\">{}</failure>",
                            escape(&format!("{}: {}", item.finding.rule, item.finding.expected)),
                            escape(&super::violation(
                                &run.target,
                                case,
                                &verdict.outcome,
                                item.finding
                            )),
                        );
                    }
                    let mut out = format!("outcome: {}", verdict.outcome);
                    for item in &judged {
                        let _ = write!(out, "\n{}", item.finding);
                        if let Some(deviation) = item.excused_by {
                            let _ = write!(out, " (known deviation: {})", deviation.reason);
                        }
                    }
                    let _ = write!(xml, "<system-out>{}</system-out>", escape(&out));
                }
            }
            xml.push_str("</testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// The test case of one list discovery walked.
struct DiscoveryCase {
    classname: String,
    name: String,
    /// The failure's message and text, when the walk found a problem.
    failure: Option<(String, String)>,
}

/// A test case per list discovery walked.
fn discovery_cases(run: &MatrixRun) -> Vec<DiscoveryCase> {
    let findings = run.surface_findings();
    run.surface
        .versions
        .iter()
        .flat_map(|(version, declared)| {
            let findings = &findings;
            ListKind::ALL
                .into_iter()
                .filter(move |list| declared.pages(*list) > 0)
                .map(move |list| {
                    let failure = findings
                        .iter()
                        .filter(|found| found.finding.strength == Strength::Must)
                        .find(|found| found.version == *version && found.list == list)
                        .map(|found| {
                            (
                                format!("{}: {}", found.finding.rule, found.finding.expected),
                                super::surface_violation(&run.target, found),
                            )
                        });
                    DiscoveryCase {
                        classname: format!("{}.discovery.{version}", run.target),
                        name: list.method().to_owned(),
                        failure,
                    }
                })
        })
        .collect()
}

/// `text` as XML character data or attribute value: markup characters
/// escaped, and the characters XML 1.0 forbids (most C0 controls, which a
/// misbehaving server can put in a body) replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\td\u{ffff}"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\td\u{fffd}"
        );
    }
}
