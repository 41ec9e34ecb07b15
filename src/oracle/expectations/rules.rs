//! Rules shared by several methods and eras.

use super::ANY_CODE;
use crate::{
    case::CaseVersion,
    oracle::{Answer, Offer, ResultShape, Rule, Statuses, Strength, clause},
    protocol::ProtocolVersion,
};

pub(super) fn rule(
    id: &'static str,
    strength: Strength,
    clause: clause::Clause,
    requirement: impl Into<String>,
    accepted: Vec<Answer>,
) -> Rule {
    Rule {
        id,
        strength,
        clause,
        requirement: requirement.into(),
        accepted,
    }
}

/// `initialize` offering a version the server does not support.
pub(super) fn counter_offer(version: CaseVersion, offered: &'static str) -> Vec<Rule> {
    vec![
        rule(
            "initialize.counter-offer",
            Strength::Must,
            clause::version_negotiation(version),
            format!(
                "initialize offering {offered}, which the server does not support, is answered \
                 with another version the server supports"
            ),
            vec![
                Answer::Result(ResultShape::Initialize {
                    offered,
                    version: Offer::Other,
                }),
                // The lifecycle's own "Example initialization error".
                Answer::error(&[-32602], Statuses::OkOrClientError),
            ],
        ),
        rule(
            "initialize.counter-offer-not-error",
            Strength::Should,
            clause::version_negotiation(version),
            "the rule is a counter-offer (a result with a supported version), which lets the \
             client decide; the -32602 example error makes the client give up",
            vec![Answer::Result(ResultShape::Initialize {
                offered,
                version: Offer::Other,
            })],
        ),
    ]
}

pub(super) fn notification_accepted(version: CaseVersion) -> Rule {
    rule(
        "notification.accepted",
        Strength::Must,
        clause::sending_messages(version),
        "a notification is answered 202 with no body, or, if the server cannot accept it, \
         with an HTTP error status",
        vec![Answer::Accepted, Answer::Status(Statuses::ClientError)],
    )
}

pub(super) fn invalid_arguments(
    version: CaseVersion,
    prefer_result: bool,
    statuses: Statuses,
) -> Vec<Rule> {
    // "Servers MUST: Validate all tool inputs" (server/tools, Security
    // Considerations); which error says so is only exemplified (-32602).
    let mut rules = vec![
        rule(
            "tools-call.invalid-arguments",
            Strength::Must,
            clause::tool_errors(version),
            "arguments that break the tool's inputSchema are refused: a tool result with \
             isError: true, or a JSON-RPC error",
            vec![
                Answer::Result(ResultShape::ToolError),
                Answer::error(ANY_CODE, statuses),
            ],
        ),
        rule(
            "tools-call.invalid-arguments-code",
            Strength::Should,
            clause::tool_errors(version),
            "the specification's error for invalid arguments is -32602 (Invalid params), or a \
             tool result with isError: true",
            vec![
                Answer::Result(ResultShape::ToolError),
                Answer::error(&[-32602], statuses),
            ],
        ),
    ];
    if prefer_result {
        rules.push(rule(
            "tools-call.input-errors-in-result",
            Strength::Should,
            clause::tool_errors(version),
            "input validation errors are tool execution errors (isError: true), so the model \
             can correct itself",
            vec![Answer::Result(ResultShape::ToolError)],
        ));
    }
    rules
}

pub(super) fn unknown_tool(version: CaseVersion) -> Vec<Rule> {
    vec![
        rule(
            "tools-call.unknown-tool",
            Strength::Must,
            clause::tool_errors(version),
            "a call of a tool the server does not have is an error",
            vec![
                Answer::error(ANY_CODE, Statuses::OkOrClientError),
                Answer::Result(ResultShape::ToolError),
            ],
        ),
        rule(
            "tools-call.unknown-tool-code",
            Strength::Should,
            clause::tool_errors(version),
            "unknown tools are protocol errors; the specification's example is -32602 \
             \"Unknown tool\"",
            vec![Answer::error(&[-32602], Statuses::OkOrClientError)],
        ),
    ]
}

pub(super) fn request_answered() -> Rule {
    rule(
        "request.answered",
        Strength::Must,
        clause::json_rpc_response(),
        "every request is answered with a JSON-RPC response",
        vec![
            Answer::AnyResponse,
            Answer::error(ANY_CODE, Statuses::OkOrClientError),
        ],
    )
}

pub(super) fn unknown_method_code() -> Rule {
    rule(
        "method.unknown-code",
        Strength::Should,
        clause::json_rpc_errors(),
        "a method that does not exist is -32601 Method not found",
        vec![Answer::error(&[-32601], Statuses::OkOrClientError)],
    )
}

pub(super) fn method_not_implemented(requirement: &'static str) -> Rule {
    rule(
        "method.not-implemented",
        Strength::Must,
        clause::protocol_version_header(CaseVersion::Known(ProtocolVersion::V2026_07_28)),
        requirement,
        vec![Answer::error(&[-32601], Statuses::Only(&[404]))],
    )
}

pub(super) fn parse_error() -> Rule {
    rule(
        "body.parse-error",
        Strength::Should,
        clause::json_rpc_errors(),
        "a body that is not JSON is answered -32700 Parse error",
        vec![Answer::error(&[-32700], Statuses::OkOrClientError)],
    )
}

pub(super) fn invalid_request(codes: &'static [i64]) -> Rule {
    rule(
        "body.invalid-request",
        Strength::Should,
        clause::json_rpc_errors(),
        "JSON that is not a JSON-RPC message is answered -32600 Invalid Request",
        vec![Answer::error(codes, Statuses::OkOrClientError)],
    )
}

/// `resources/read` of a URI the server does not have. Up to 2025-11-25
/// servers SHOULD answer -32002 (Resource not found); 2026-07-28 made it
/// -32602, as a MUST, and forbids answering with empty `contents` (see
/// `clause::resource_errors`).
pub(super) fn unknown_resource(version: CaseVersion) -> Vec<Rule> {
    if version == CaseVersion::Known(ProtocolVersion::V2026_07_28) {
        return vec![rule(
            "resources-read.unknown-code",
            Strength::Must,
            clause::resource_errors(version),
            "resources/read of a URI the server does not have is an error -32602 (Invalid \
             params), never empty contents",
            vec![Answer::error(&[-32602], Statuses::OkOrClientError)],
        )];
    }
    vec![
        request_answered(),
        rule(
            "resources-read.unknown-code",
            Strength::Should,
            clause::resource_errors(version),
            "resources/read of a URI the server does not have is an error -32002 (Resource not \
             found)",
            vec![Answer::error(&[-32002], Statuses::OkOrClientError)],
        ),
    ]
}
