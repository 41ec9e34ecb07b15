//! The expectation table: for each case, the rules its answer must satisfy.
//!
//! `served` states what the answer to a conforming request of a
//! (version, method) pair must be; `expect` then adjusts it for the one
//! header the case varies. The reasoning behind each entry is in the doc
//! comment of the clause it cites (see `clause.rs`).

use super::{
    Answer, Expectation, Offer, Rejection, ResultShape, Rule, Statuses, Strength, Support, clause,
};
use crate::{
    case::{Case, CaseVersion, Method, Variant, mismatched_version},
    protocol::ProtocolVersion,
};

/// The protocol era of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Era {
    /// A handshake revision (2024-11-05 .. 2025-11-25).
    Handshake(ProtocolVersion),
    /// 2026-07-28.
    Modern,
    /// A version no server supports, sent modern-style.
    Unsupported,
}

/// The era a case is judged in: a version the target does not support is
/// judged like [`CaseVersion::Unsupported`], whatever its number.
fn era(version: CaseVersion, support: &Support) -> Era {
    match version {
        CaseVersion::Known(known) if !support.supports(known) => Era::Unsupported,
        CaseVersion::Known(ProtocolVersion::V2026_07_28) => Era::Modern,
        CaseVersion::Known(version) => Era::Handshake(version),
        CaseVersion::Unsupported => Era::Unsupported,
    }
}

fn rule(
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

fn plain(rules: Vec<Rule>) -> Expectation {
    Expectation {
        rules,
        rejection: None,
    }
}

/// The server may refuse (with one of `statuses`) or serve by the rules.
fn refusable(rules: Vec<Rule>, statuses: Statuses) -> Expectation {
    Expectation {
        rules,
        rejection: Some(Rejection {
            statuses,
            discouraged_by: None,
        }),
    }
}

const ANY_CODE: &[i64] = &[];

/// The version an `initialize` case offers (the case's own for other methods).
fn offer(version: CaseVersion, method: Method) -> &'static str {
    Case::new(version, method, Variant::Baseline)
        .initialize_offer()
        .unwrap_or(version.wire())
}

/// Bodies that are wrong whatever the headers say: with a header fault as
/// well, the order of the two checks is the server's, and any 4xx is right.
fn body_is_invalid(method: Method) -> bool {
    matches!(method, Method::NotJson | Method::NotJsonRpc | Method::Batch)
}

/// A handshake `initialize` judged by negotiation alone: the header that
/// would state the offered version is absent or altered by the case.
fn negotiation_only(version: CaseVersion, method: Method, support: &Support) -> Vec<Rule> {
    match method {
        Method::InitializeUnsupported | Method::InitializeNewer => {
            counter_offer(version, offer(version, method))
        }
        _ => served(version, method, support),
    }
}

/// What the answer to a conforming request of `version` and `method` must be.
fn served(version: CaseVersion, method: Method, support: &Support) -> Vec<Rule> {
    match era(version, support) {
        Era::Handshake(revision) => served_handshake(version, revision, method),
        Era::Modern => served_modern(version, method),
        Era::Unsupported => served_unsupported(version, method),
    }
}

fn served_handshake(version: CaseVersion, revision: ProtocolVersion, method: Method) -> Vec<Rule> {
    use Strength::{ImplementationDefined, Must, Should};
    let structured = revision >= ProtocolVersion::V2025_06_18;
    match method {
        Method::Initialize => vec![
            rule(
                "initialize.version",
                Must,
                clause::version_negotiation(version),
                format!(
                    "initialize offering {revision} is answered with an InitializeResult \
                     (capabilities, serverInfo) naming a version the server supports"
                ),
                vec![Answer::Result(ResultShape::Initialize {
                    offered: revision.as_str(),
                    version: Offer::Any,
                })],
            ),
            rule(
                "initialize.same-version",
                Should,
                clause::version_negotiation(version),
                format!(
                    "a server that supports {revision} MUST answer with that same version; \
                     offering another one says it does not support {revision}"
                ),
                vec![Answer::Result(ResultShape::Initialize {
                    offered: revision.as_str(),
                    version: Offer::Echo,
                })],
            ),
        ],
        Method::InitializeUnsupported | Method::InitializeNewer => {
            // The conforming request states the offered version in the
            // header too, which 2025-06-18 on answers 400 when unsupported.
            let offered = offer(version, method);
            let mut rules = counter_offer(version, offered);
            rules[0]
                .accepted
                .push(Answer::Status(Statuses::Only(&[400])));
            rules[1]
                .accepted
                .push(Answer::Status(Statuses::Only(&[400])));
            rules
        }
        Method::Initialized => vec![notification_accepted(version)],
        Method::Ping => vec![rule(
            "ping.empty-result",
            Must,
            clause::ping(version),
            "ping is answered promptly with an empty result",
            vec![Answer::Result(ResultShape::Empty)],
        )],
        Method::ToolsList => vec![rule(
            "tools-list.result",
            Must,
            clause::listing_tools(version),
            "tools/list is answered with a ListToolsResult",
            vec![Answer::Result(ResultShape::ToolsList { modern: false })],
        )],
        Method::ToolsCall => vec![rule(
            "tools-call.result",
            Must,
            if structured {
                clause::output_schema(version)
            } else {
                clause::calling_tools(version)
            },
            if structured {
                "a call of a tool with an outputSchema is answered with structuredContent"
            } else {
                "a valid tool call is answered with a CallToolResult"
            },
            vec![Answer::Result(ResultShape::ToolSuccess { structured })],
        )],
        Method::ToolsCallInvalidArguments => invalid_arguments(
            version,
            revision >= ProtocolVersion::V2025_11_25,
            Statuses::OkOrClientError,
        ),
        Method::ToolsCallUnknownTool => unknown_tool(version),
        Method::ServerDiscover => vec![
            request_answered(),
            rule(
                "method.unknown-code",
                Should,
                clause::json_rpc_errors(),
                format!(
                    "server/discover does not exist in {revision}: answer -32601 Method not \
                     found (or serve it, if the server also speaks 2026-07-28)"
                ),
                vec![
                    Answer::error(&[-32601], Statuses::OkOrClientError),
                    Answer::Result(ResultShape::Any),
                ],
            ),
        ],
        Method::UnknownMethod => vec![
            rule(
                "method.unknown-is-error",
                Must,
                clause::json_rpc_response(),
                "a request for a method nobody defines is answered with a JSON-RPC error",
                vec![Answer::error(ANY_CODE, Statuses::OkOrClientError)],
            ),
            unknown_method_code(),
        ],
        Method::NotJson => vec![parse_error()],
        Method::NotJsonRpc => vec![invalid_request(&[-32600])],
        Method::Batch if revision == ProtocolVersion::V2025_03_26 => vec![rule(
            "batch.supported",
            Must,
            clause::batching(),
            "2025-03-26 implementations MUST support receiving JSON-RPC batches: one response \
             per batched request",
            vec![Answer::Batch],
        )],
        Method::Batch => vec![rule(
            "batch.outside-2025-03-26",
            ImplementationDefined,
            clause::sending_messages(version),
            format!("{revision} has no batches; servers refuse them or still answer them"),
            vec![
                Answer::Batch,
                Answer::Status(Statuses::ClientError),
                Answer::error(ANY_CODE, Statuses::OkOrClientError),
            ],
        )],
        Method::ClientResponse => vec![rule(
            "response.accepted",
            Must,
            clause::sending_messages(version),
            "a POSTed JSON-RPC response is answered 202 with no body, or, if the server \
             cannot accept it, with an HTTP error status",
            vec![Answer::Accepted, Answer::Status(Statuses::ClientError)],
        )],
        Method::GetStream => vec![rule(
            "get.stream-or-405",
            Must,
            clause::listening(version),
            "GET on the MCP endpoint returns text/event-stream or 405 Method Not Allowed",
            vec![Answer::EventStream, Answer::Status(Statuses::Only(&[405]))],
        )],
        Method::Delete => vec![rule(
            "delete.without-session",
            ImplementationDefined,
            clause::session_management(version),
            "no session was issued; DELETE is refused (405, 400, 404) or is a no-op",
            vec![Answer::Status(Statuses::Only(&[
                405, 400, 404, 200, 202, 204,
            ]))],
        )],
    }
}

fn served_modern(version: CaseVersion, method: Method) -> Vec<Rule> {
    use Strength::{ImplementationDefined, Must, Should};
    match method {
        Method::Initialize | Method::InitializeUnsupported | Method::InitializeNewer => {
            vec![rule(
                "initialize.modern",
                Must,
                clause::backward_compatibility(),
                "initialize is not a 2026-07-28 method: a modern-only server answers 404 with \
                 -32601 (or 400 for the headers); a server that also serves handshake clients \
                 MAY answer it with their semantics",
                vec![
                    Answer::error(&[-32601], Statuses::Only(&[404])),
                    Answer::error(ANY_CODE, Statuses::Only(&[400])),
                    Answer::Result(ResultShape::Initialize {
                        offered: offer(version, method),
                        version: Offer::Any,
                    }),
                ],
            )]
        }
        Method::Initialized => vec![notification_accepted(version)],
        Method::Ping => vec![method_not_implemented(
            "ping was removed in 2026-07-28; a method the server does not implement is \
             answered 404 with -32601",
        )],
        Method::ToolsList => vec![rule(
            "tools-list.result",
            Must,
            clause::cacheable_results(),
            "tools/list is answered with a ListToolsResult carrying ttlMs and cacheScope",
            vec![Answer::Result(ResultShape::ToolsList { modern: true })],
        )],
        Method::ToolsCall => vec![rule(
            "tools-call.result",
            Must,
            clause::output_schema(version),
            "a call of a tool with an outputSchema is answered with structuredContent",
            vec![Answer::Result(ResultShape::ToolSuccess {
                structured: true,
            })],
        )],
        Method::ToolsCallInvalidArguments => {
            invalid_arguments(version, true, Statuses::Only(&[200, 400]))
        }
        Method::ToolsCallUnknownTool => unknown_tool(version),
        Method::ServerDiscover => vec![rule(
            "discover.result",
            Must,
            clause::discover(),
            "servers MUST implement server/discover: a DiscoverResult listing 2026-07-28, with \
             capabilities, ttlMs and cacheScope",
            vec![Answer::Result(ResultShape::Discover {
                version: ProtocolVersion::V2026_07_28.as_str(),
            })],
        )],
        Method::UnknownMethod => vec![method_not_implemented(
            "a method the server does not implement is answered 404 with -32601",
        )],
        Method::NotJson => vec![parse_error()],
        Method::NotJsonRpc => vec![invalid_request(&[-32600, -32020])],
        Method::Batch => vec![rule(
            "batch.modern",
            ImplementationDefined,
            clause::sending_messages(version),
            "a 2026-07-28 POST body is a single message; servers refuse batches or still answer them",
            vec![
                Answer::Status(Statuses::ClientError),
                Answer::error(ANY_CODE, Statuses::OkOrClientError),
                Answer::Batch,
            ],
        )],
        Method::ClientResponse => vec![rule(
            "response.modern",
            ImplementationDefined,
            clause::sending_messages(version),
            "2026-07-28 clients MUST NOT send responses; servers refuse them or accept them (202)",
            vec![Answer::Accepted, Answer::Status(Statuses::ClientError)],
        )],
        Method::GetStream | Method::Delete => vec![rule(
            "get-delete.405",
            Should,
            clause::earlier_revisions(),
            "a 2026-07-28 server SHOULD answer GET and DELETE on the endpoint with 405",
            vec![Answer::Status(Statuses::Only(&[405]))],
        )],
    }
}

fn served_unsupported(version: CaseVersion, method: Method) -> Vec<Rule> {
    use Strength::{Must, Should};
    match method {
        Method::Initialize | Method::InitializeUnsupported | Method::InitializeNewer => {
            let offered = offer(version, method);
            // The header names an unsupported version too, which 2025-06-18
            // on answers 400, while the body asks for a counter-offer: both
            // rules cannot hold, so either answer is accepted.
            vec![rule(
                "initialize.unsupported",
                Must,
                clause::version_negotiation(version),
                format!(
                    "initialize offering {offered} with that version in MCP-Protocol-Version is                      answered with a counter-offer, -32602, or 400 for the header"
                ),
                vec![
                    Answer::Result(ResultShape::Initialize {
                        offered,
                        version: Offer::Other,
                    }),
                    Answer::error(&[-32602], Statuses::OkOrClientError),
                    Answer::Status(Statuses::Only(&[400])),
                ],
            )]
        }
        Method::GetStream | Method::Delete => vec![rule(
            "protocol-version.unsupported",
            Must,
            clause::protocol_version_header(version),
            "a request naming an unsupported MCP-Protocol-Version is answered 400 (405 for \
             GET and DELETE on a server without them)",
            vec![Answer::Status(Statuses::Only(&[400, 405]))],
        )],
        _ if body_is_invalid(method) => vec![rule(
            "protocol-version.unsupported",
            Must,
            clause::protocol_version_header(version),
            "an invalid body naming an unsupported version is refused with a 4xx",
            vec![Answer::Status(Statuses::ClientError)],
        )],
        Method::Initialized | Method::ClientResponse => vec![rule(
            "protocol-version.unsupported",
            Must,
            clause::protocol_version_header(version),
            "a notification or response naming an unsupported version is refused (400) or \
             accepted (202); the header rule speaks of requests",
            vec![Answer::Status(Statuses::Only(&[400])), Answer::Accepted],
        )],
        _ => {
            let mut rules = vec![rule(
                "protocol-version.unsupported",
                Must,
                clause::protocol_version_header(version),
                format!(
                    "a request naming the unsupported version {} is answered 400 Bad Request",
                    CaseVersion::UNSUPPORTED
                ),
                vec![Answer::Status(Statuses::Only(&[400]))],
            )];
            if method.is_request() {
                rules.push(rule(
                    "protocol-version.unsupported-code",
                    Should,
                    clause::protocol_version_header(version),
                    "2026-07-28 names the error: -32022 UnsupportedProtocolVersion, with the \
                     supported versions in data",
                    vec![Answer::error(&[-32022], Statuses::Only(&[400]))],
                ));
            }
            rules
        }
    }
}

/// `initialize` offering a version the server does not support.
fn counter_offer(version: CaseVersion, offered: &'static str) -> Vec<Rule> {
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

fn notification_accepted(version: CaseVersion) -> Rule {
    rule(
        "notification.accepted",
        Strength::Must,
        clause::sending_messages(version),
        "a notification is answered 202 with no body, or, if the server cannot accept it, \
         with an HTTP error status",
        vec![Answer::Accepted, Answer::Status(Statuses::ClientError)],
    )
}

fn invalid_arguments(version: CaseVersion, prefer_result: bool, statuses: Statuses) -> Vec<Rule> {
    let mut rules = vec![rule(
        "tools-call.invalid-arguments",
        Strength::Must,
        clause::tool_errors(version),
        "arguments that break the tool's inputSchema are an error: a tool result with \
         isError: true, or JSON-RPC -32602",
        vec![
            Answer::Result(ResultShape::ToolError),
            Answer::error(&[-32602], statuses),
        ],
    )];
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

fn unknown_tool(version: CaseVersion) -> Vec<Rule> {
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

fn request_answered() -> Rule {
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

fn unknown_method_code() -> Rule {
    rule(
        "method.unknown-code",
        Strength::Should,
        clause::json_rpc_errors(),
        "a method that does not exist is -32601 Method not found",
        vec![Answer::error(&[-32601], Statuses::OkOrClientError)],
    )
}

fn method_not_implemented(requirement: &'static str) -> Rule {
    rule(
        "method.not-implemented",
        Strength::Must,
        clause::protocol_version_header(CaseVersion::Known(ProtocolVersion::V2026_07_28)),
        requirement,
        vec![Answer::error(&[-32601], Statuses::Only(&[404]))],
    )
}

fn parse_error() -> Rule {
    rule(
        "body.parse-error",
        Strength::Should,
        clause::json_rpc_errors(),
        "a body that is not JSON is answered -32700 Parse error",
        vec![Answer::error(&[-32700], Statuses::OkOrClientError)],
    )
}

fn invalid_request(codes: &'static [i64]) -> Rule {
    rule(
        "body.invalid-request",
        Strength::Should,
        clause::json_rpc_errors(),
        "JSON that is not a JSON-RPC message is answered -32600 Invalid Request",
        vec![Answer::error(codes, Statuses::OkOrClientError)],
    )
}

/// What the answer to `case` must be.
pub fn expect(case: &Case, support: &Support) -> Expectation {
    let Case {
        version,
        method,
        variant,
    } = *case;
    let rules = served(version, method, support);
    let header_fault = matches!(
        variant,
        Variant::ProtocolVersionMissing
            | Variant::ProtocolVersionMismatched
            | Variant::ProtocolVersionMalformed
            | Variant::McpMethodMissing
            | Variant::McpMethodMismatched
    );
    if method.is_initialize() && header_fault {
        return match era(version, support) {
            // initialize.modern already accepts a 400 for the headers.
            Era::Modern => plain(rules),
            Era::Handshake(_) if variant == Variant::ProtocolVersionMissing => {
                plain(negotiation_only(version, method, support))
            }
            // The header is wrong, so a 400 for it is as right as the
            // negotiation; only the MUST of negotiation still holds.
            Era::Handshake(_) => {
                let mut rules = negotiation_only(version, method, support);
                rules.retain(|rule| rule.strength == Strength::Must);
                refusable(rules, Statuses::Only(&[400]))
            }
            Era::Unsupported => plain(rules),
        };
    }
    match variant {
        Variant::Baseline
        | Variant::AcceptQValues
        | Variant::ContentTypeCharset
        | Variant::HostLocal
        | Variant::OriginLocal
        | Variant::PlatformSessionId
        | Variant::RuntimeSessionId => plain(rules),
        Variant::AcceptJsonOnly
        | Variant::AcceptSseOnly
        | Variant::AcceptAny
        | Variant::AcceptMissing
        | Variant::ContentTypeTextPlain
        | Variant::ContentTypeMissing => refusable(rules, Statuses::ClientError),
        Variant::HostForeign => Expectation {
            rules,
            rejection: Some(Rejection {
                statuses: Statuses::ClientError,
                discouraged_by: Some(Box::new(rule(
                    "host.not-loopback",
                    Strength::Should,
                    clause::agentcore_container(),
                    "AgentCore forwards invocations with a Host that is not localhost; a server \
                     that only accepts loopback hosts refuses every invocation",
                    vec![Answer::Status(Statuses::Success)],
                ))),
            }),
        },
        Variant::OriginForeign => foreign_origin(version, rules, support),
        Variant::ProtocolVersionMissing => {
            missing_protocol_version(version, method, rules, support)
        }
        Variant::ProtocolVersionMismatched => {
            mismatched_protocol_version(version, method, rules, support)
        }
        Variant::ProtocolVersionMalformed => {
            malformed_protocol_version(version, method, rules, support)
        }
        Variant::McpMethodMissing
        | Variant::McpMethodMismatched
        | Variant::McpNameMissing
        | Variant::McpNameMismatched => standard_header_fault(version, method, rules, support),
    }
}

fn foreign_origin(version: CaseVersion, mut rules: Vec<Rule>, support: &Support) -> Expectation {
    if era(version, support) == Era::Unsupported {
        return refusable(rules, Statuses::Only(&[400, 403]));
    }
    // 2025-11-25 on: "If the Origin header is present and invalid, servers
    // MUST respond with HTTP 403 Forbidden." Earlier revisions only require
    // validation.
    let forbidden = !matches!(
        era(version, support),
        Era::Handshake(
            ProtocolVersion::V2024_11_05
                | ProtocolVersion::V2025_03_26
                | ProtocolVersion::V2025_06_18
        )
    );
    let refusal = if forbidden {
        Statuses::Only(&[403])
    } else {
        Statuses::ClientError
    };
    rules.push(rule(
        "origin.validate",
        Strength::Should,
        clause::security_warning(version),
        format!(
            "servers MUST validate Origin against DNS rebinding, and {} was served. That is \
             fine behind an authorizer browsers cannot pass; otherwise allow only your origins",
            Variant::FOREIGN_ORIGIN
        ),
        vec![Answer::Status(refusal)],
    ));
    refusable(rules, refusal)
}

fn missing_protocol_version(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    support: &Support,
) -> Expectation {
    match era(version, support) {
        Era::Handshake(revision) if revision <= ProtocolVersion::V2025_03_26 => plain(rules),
        Era::Handshake(_) => {
            // "the server SHOULD assume protocol version 2025-03-26".
            Expectation {
                rules: served(
                    CaseVersion::Known(ProtocolVersion::V2025_03_26),
                    method,
                    support,
                ),
                rejection: Some(Rejection {
                    statuses: Statuses::Only(&[400]),
                    discouraged_by: Some(Box::new(rule(
                        "protocol-version.assume-2025-03-26",
                        Strength::Should,
                        clause::protocol_version_header(version),
                        "without MCP-Protocol-Version (and no other way to tell) the server \
                         SHOULD assume 2025-03-26, not refuse",
                        vec![Answer::Status(Statuses::Success)],
                    ))),
                }),
            }
        }
        Era::Modern if method.is_request() => plain(vec![rule(
            "protocol-version.required",
            Strength::Must,
            clause::protocol_version_header(version),
            "a request without MCP-Protocol-Version is 400 -32020 on a 2026-07-28-only server; \
             a server that also serves pre-2025-06-18 clients MAY take it as 2025-03-26",
            vec![
                Answer::error(&[-32020], Statuses::Only(&[400])),
                Answer::AnyResponse,
            ],
        )]),
        // "A server that supports clients implementing protocol versions
        // earlier than 2025-06-18 MAY treat a request that omits the header
        // as protocol version 2025-03-26."
        Era::Modern if support.supports(ProtocolVersion::V2025_03_26) => refusable(
            served(
                CaseVersion::Known(ProtocolVersion::V2025_03_26),
                method,
                support,
            ),
            Statuses::ClientError,
        ),
        Era::Modern => refusable(rules, Statuses::ClientError),
        Era::Unsupported => plain(vec![two_faults()]),
    }
}

fn mismatched_protocol_version(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    support: &Support,
) -> Expectation {
    // The header names another version than the body; a stateless server
    // has only the header to go by, unless the body's `_meta` is binding
    // (2026-07-28).
    let header = ProtocolVersion::parse(mismatched_version(version));
    let served_by_header = |header: ProtocolVersion| {
        refusable(
            served(CaseVersion::Known(header), method, support),
            Statuses::Only(&[400]),
        )
    };
    match (era(version, support), header) {
        (Era::Handshake(_), Some(header)) => served_by_header(header),
        (Era::Modern, _) if method.is_request() => plain(vec![rule(
            "protocol-version.mismatch",
            Strength::Must,
            clause::protocol_version_header(version),
            "MCP-Protocol-Version must equal _meta's protocolVersion: a mismatch is 400 -32020 \
             (-32022 if the header's version is unsupported); a server that also serves \
             handshake revisions may follow the header's version instead",
            vec![
                Answer::error(&[-32020, -32022], Statuses::Only(&[400])),
                Answer::AnyResponse,
            ],
        )]),
        // A handshake version the target speaks in the header: `_meta` means
        // nothing to such a request.
        (Era::Modern | Era::Unsupported, Some(header))
            if header.has_initialize() && support.supports(header) =>
        {
            served_by_header(header)
        }
        (Era::Unsupported, _) if method.is_request() => plain(vec![rule(
            "protocol-version.mismatch",
            Strength::Must,
            clause::protocol_version_header(version),
            "the header and _meta name different versions, and the body's is not supported: \
             400 (-32020 or -32022)",
            vec![Answer::Status(Statuses::Only(&[400]))],
        )]),
        _ => refusable(rules, Statuses::ClientError),
    }
}

fn malformed_protocol_version(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    support: &Support,
) -> Expectation {
    let invalid = |statuses: Statuses, requirement: &str| {
        rule(
            "protocol-version.invalid",
            Strength::Must,
            clause::protocol_version_header(version),
            requirement.to_owned(),
            vec![Answer::Status(statuses)],
        )
    };
    let no_get = matches!(method, Method::GetStream | Method::Delete);
    let notification = matches!(method, Method::Initialized | Method::ClientResponse);
    match era(version, support) {
        Era::Handshake(revision) if revision <= ProtocolVersion::V2025_03_26 => {
            refusable(rules, Statuses::Only(&[400]))
        }
        _ if body_is_invalid(method) => plain(vec![invalid(
            Statuses::ClientError,
            "an invalid body with an invalid MCP-Protocol-Version is refused with a 4xx",
        )]),
        // "a request" in the header rule reads as a JSON-RPC request; what a
        // notification with a bad header gets is left open.
        _ if notification => refusable(rules, Statuses::Only(&[400])),
        _ if no_get => plain(vec![invalid(
            Statuses::Only(&[400, 405]),
            "an invalid MCP-Protocol-Version is answered 400 (or 405 where GET/DELETE are not offered)",
        )]),
        Era::Handshake(_) | Era::Unsupported => plain(vec![invalid(
            Statuses::Only(&[400]),
            "an invalid or unsupported MCP-Protocol-Version MUST be answered 400 Bad Request",
        )]),
        Era::Modern => {
            let mut modern = vec![invalid(
                Statuses::Only(&[400]),
                "an invalid MCP-Protocol-Version MUST be answered 400 Bad Request",
            )];
            if method.is_request() {
                modern.push(rule(
                    "protocol-version.invalid-code",
                    Strength::Should,
                    clause::server_validation(),
                    "a header that does not match _meta (or names no supported version) is \
                     -32020 HeaderMismatch or -32022 UnsupportedProtocolVersion",
                    vec![Answer::error(&[-32020, -32022], Statuses::Only(&[400]))],
                ));
            }
            plain(modern)
        }
    }
}

fn standard_header_fault(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    support: &Support,
) -> Expectation {
    match era(version, support) {
        Era::Modern if method == Method::Initialized => refusable(rules, Statuses::ClientError),
        Era::Modern => {
            let mut accepted = vec![Answer::error(&[-32020], Statuses::Only(&[400]))];
            // For methods the server does not implement, the order of the two
            // checks is not specified (SH26 does not order its validations).
            if matches!(method, Method::Ping | Method::UnknownMethod) || method.is_initialize() {
                accepted.push(Answer::error(&[-32601], Statuses::Only(&[404])));
            }
            plain(vec![rule(
                "headers.mismatch",
                Strength::Must,
                clause::server_validation(),
                "a missing or mismatched Mcp-Method / Mcp-Name is answered 400 with -32020 \
                 HeaderMismatch",
                accepted,
            )])
        }
        Era::Unsupported if method.is_initialize() => plain(rules),
        Era::Unsupported => plain(vec![rule(
            "protocol-version.unsupported",
            Strength::Must,
            clause::protocol_version_header(version),
            "a request naming an unsupported version (and a bad standard header) is answered 400",
            vec![Answer::Status(Statuses::Only(&[400]))],
        )]),
        Era::Handshake(_) => plain(rules),
    }
}

/// Two faults at once (an unsupported `_meta` version and no header):
/// anything but a server error is defensible.
fn two_faults() -> Rule {
    rule(
        "two-faults",
        Strength::ImplementationDefined,
        clause::protocol_version_header(CaseVersion::Unsupported),
        "an unsupported _meta version without MCP-Protocol-Version: refused, or served by \
         whatever version the server assumes",
        vec![
            Answer::Status(Statuses::ClientError),
            Answer::Status(Statuses::Success),
        ],
    )
}
