//! What a result holds, judged by the specification's types and by what
//! the target itself declared.
//!
//! - Every result answering a case's request is checked against the type
//!   the schema of the case's version gives it (`types`): a missing required
//!   member, or one of the wrong type, is a MUST violation.
//! - A tool that declared an `outputSchema` must return `structuredContent`
//!   conforming to it from 2025-06-18 on ("Servers MUST provide structured
//!   results that conform to this schema"). A result with `isError: true` is
//!   not held to it: the specification says nothing of structured content
//!   for tool errors (spec issue #569).
//! - A tool call whose expectation the project file states must meet it.
//!
//! Requests whose version header a case alters are not type-checked: the
//! server may have served them as another version.

use serde_json::Value;

use super::{Clause, Finding, Strength, clause, types};
use crate::{
    case::{ArgumentsSource, Case, CaseVersion, Variant},
    client::Exchange,
    protocol::ProtocolVersion,
};

/// The findings about the result that answers `case`'s request, if any.
pub fn check(case: &Case, exchange: &Exchange) -> Vec<Finding> {
    let CaseVersion::Known(version) = case.version else {
        return Vec::new();
    };
    let Some(result) = case.request_id().and_then(|id| exchange.result_for(&id)) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    let states_its_version = !matches!(
        case.variant,
        Variant::ProtocolVersionMissing
            | Variant::ProtocolVersionMismatched
            | Variant::ProtocolVersionMalformed
    );
    if states_its_version
        && let Some(method) = case.rpc_method()
        && let Some(type_name) = types::result_type(version, method)
    {
        let violations = types::violations(version, method, &result);
        if !violations.is_empty() {
            findings.push(Finding {
                rule: "result.type",
                strength: Strength::Must,
                clause: clause::result_type(case.version, type_name),
                expected: format!(
                    "{}the result is a {type_name} of {version}: {}",
                    case.subject
                        .as_ref()
                        .map(|subject| format!("{}: ", subject.describe()))
                        .unwrap_or_default(),
                    violations.join("; ")
                ),
            });
        }
    }
    findings.extend(tool_result(case, version, states_its_version, &result));
    findings
}

fn tool_result(
    case: &Case,
    version: ProtocolVersion,
    states_its_version: bool,
    result: &Value,
) -> Vec<Finding> {
    let Some(call) = case.tool_call() else {
        return Vec::new();
    };
    if call.arguments == ArgumentsSource::Broken {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let is_error = result.get("isError") == Some(&Value::Bool(true));
    // Without the version in its header, the request may have been served
    // as 2025-03-26, which has no structured content.
    if let Some(schema) = &call.output_schema
        && version >= ProtocolVersion::V2025_06_18
        && states_its_version
        && !is_error
    {
        match result.get("structuredContent") {
            None => findings.push(Finding {
                rule: "tools-call.structured-content",
                strength: Strength::Must,
                clause: clause::output_schema(case.version),
                expected: format!(
                    "tool `{}` declared an outputSchema, so a result that is not an error \
                     carries structuredContent conforming to it; this one has none",
                    call.name
                ),
            }),
            Some(structured) => {
                let violations = schema.violations(structured);
                if !violations.is_empty() {
                    findings.push(Finding {
                        rule: "tools-call.output-schema",
                        strength: Strength::Must,
                        clause: clause::output_schema(case.version),
                        expected: format!(
                            "tool `{}`: structuredContent conforms to the outputSchema the tool \
                             declared; it breaks it {}",
                            call.name,
                            violations.join("; ")
                        ),
                    });
                }
            }
        }
    }
    if let Some(expected) = &call.expected {
        let unmet = expected.unmet(result);
        if !unmet.is_empty() {
            findings.push(Finding {
                rule: "project.expected-result",
                strength: Strength::Must,
                clause: Clause {
                    document: format!("mcp-matrix.toml [tools.{}]", call.name),
                    section: "expect",
                },
                expected: format!(
                    "tool `{}` returns what mcp-matrix.toml expects: {}",
                    call.name,
                    unmet.join("; ")
                ),
            });
        }
    }
    findings
}
