//! What the answer to a conforming request must be, by the era of its
//! version: a handshake revision, 2026-07-28, or a version the target does
//! not support. The server features (tools, resources, prompts, completion,
//! pagination) are judged alike in both eras that serve them, by what the
//! target declared (`served_feature`).

use super::{ANY_CODE, Era, Scope, body_is_invalid, era, offer, rules::*};
use crate::{
    case::{CaseVersion, Method},
    oracle::{Answer, Offer, ResultShape, Rule, Statuses, Strength, clause},
    protocol::ProtocolVersion,
    surface::ListKind,
};

/// A handshake `initialize` judged by negotiation alone: the header that
/// would state the offered version is absent or altered by the case.
pub(super) fn negotiation_only(version: CaseVersion, method: Method, scope: &Scope) -> Vec<Rule> {
    match method {
        Method::InitializeUnsupported | Method::InitializeNewer => {
            counter_offer(version, offer(version, method))
        }
        _ => served(version, method, scope),
    }
}

/// What the answer to a conforming request of `version` and `method` must be.
pub(super) fn served(version: CaseVersion, method: Method, scope: &Scope) -> Vec<Rule> {
    match era(version, scope) {
        Era::Handshake(revision) => served_handshake(version, revision, method, scope),
        Era::Modern => served_modern(version, method, scope),
        Era::Unsupported => served_unsupported(version, method),
    }
}

fn served_handshake(
    version: CaseVersion,
    revision: ProtocolVersion,
    method: Method,
    scope: &Scope,
) -> Vec<Rule> {
    use Strength::{ImplementationDefined, Must, Should};
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
        Method::SessionWithoutId => vec![
            rule(
                "session.id-required",
                Must,
                clause::session_management(version),
                "a stateful server cannot serve a request outside its sessions: a request \
                 without Mcp-Session-Id (other than initialize) is refused with a 4xx",
                vec![Answer::Status(Statuses::ClientError)],
            ),
            rule(
                "session.id-required-400",
                Should,
                clause::session_management(version),
                "servers that require a session ID SHOULD answer a request without \
                 Mcp-Session-Id (other than initialize) with 400 Bad Request",
                vec![Answer::Status(Statuses::Only(&[400]))],
            ),
        ],
        Method::SessionAfterDelete => vec![rule(
            "session.ended-404",
            Must,
            clause::session_management(version),
            "after the server ended a session (DELETE answered 2xx) it MUST answer requests \
             with that Mcp-Session-Id 404 Not Found; a server that does not let clients end \
             sessions answers DELETE 405 (or, through a platform without DELETE, the \
             platform refuses it)",
            vec![Answer::Status(Statuses::Only(&[404, 405]))],
        )],
        Method::Ping => vec![rule(
            "ping.empty-result",
            Must,
            clause::ping(version),
            "ping is answered promptly with an empty result",
            vec![Answer::Result(ResultShape::Empty)],
        )],
        Method::ToolsList
        | Method::ToolsCall
        | Method::ToolsCallMissingArgument
        | Method::ToolsCallInvalidArguments
        | Method::ToolsCallUnknownTool
        | Method::ResourcesList
        | Method::ResourceTemplatesList
        | Method::ResourcesRead
        | Method::ResourcesReadUnknown
        | Method::PromptsList
        | Method::PromptsGet
        | Method::PromptsGetMissingArgument
        | Method::PromptsGetUnknown
        | Method::CompletionComplete
        | Method::ListNextPage
        | Method::ListInvalidCursor => served_feature(version, method, scope),
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

fn served_modern(version: CaseVersion, method: Method, scope: &Scope) -> Vec<Rule> {
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
        // Planned only for the handshake versions of a stateful target:
        // 2026-07-28 has no sessions, so these are pings there.
        Method::Ping | Method::SessionWithoutId | Method::SessionAfterDelete => {
            vec![method_not_implemented(
                "ping was removed in 2026-07-28; a method the server does not implement is \
             answered 404 with -32601",
            )]
        }
        Method::ToolsList
        | Method::ToolsCall
        | Method::ToolsCallMissingArgument
        | Method::ToolsCallInvalidArguments
        | Method::ToolsCallUnknownTool
        | Method::ResourcesList
        | Method::ResourceTemplatesList
        | Method::ResourcesRead
        | Method::ResourcesReadUnknown
        | Method::PromptsList
        | Method::PromptsGet
        | Method::PromptsGetMissingArgument
        | Method::PromptsGetUnknown
        | Method::CompletionComplete
        | Method::ListNextPage
        | Method::ListInvalidCursor => served_feature(version, method, scope),
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
                    "initialize offering {offered} with that version in MCP-Protocol-Version is \
                     answered with a counter-offer, -32602, or 400 for the header"
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

/// Whether a method belongs to a capability the target declared in the
/// case's version: the lists and reads of tools, resources and prompts, and
/// `completion/complete` (spec 2024-11-05 on, basic/lifecycle, "Capability
/// Negotiation").
fn declared(version: CaseVersion, method: Method, scope: &Scope) -> bool {
    let capabilities = scope.capabilities(version);
    match method {
        Method::ResourcesList
        | Method::ResourceTemplatesList
        | Method::ResourcesRead
        | Method::ResourcesReadUnknown => capabilities.resources,
        Method::PromptsList
        | Method::PromptsGet
        | Method::PromptsGetMissingArgument
        | Method::PromptsGetUnknown => capabilities.prompts,
        Method::CompletionComplete => capabilities.completions,
        Method::ListNextPage | Method::ListInvalidCursor => true,
        _ => capabilities.tools,
    }
}

/// The list a list method reads.
fn list_of(method: Method, scope: &Scope) -> ListKind {
    match method {
        Method::ResourcesList => ListKind::Resources,
        Method::ResourceTemplatesList => ListKind::ResourceTemplates,
        Method::PromptsList => ListKind::Prompts,
        _ => scope.list.unwrap_or(ListKind::Tools),
    }
}

/// The server features, in a version that serves them. `modern` results
/// (2026-07-28) carry the cache fields where the specification requires
/// them; a tool call's structured content and the type of every result are
/// judged by `oracle::results`, with what the tool declared.
fn served_feature(version: CaseVersion, method: Method, scope: &Scope) -> Vec<Rule> {
    use Strength::{Must, Should};
    let modern = version == CaseVersion::V2026_07_28;
    let list = |kind| Answer::Result(ResultShape::List { kind, modern });
    if !declared(version, method, scope) {
        return undeclared(version, method, list(list_of(method, scope)), modern);
    }
    match method {
        // No version requires resources/templates/list of a server that
        // declares resources (a server may offer no templates at all).
        Method::ResourceTemplatesList => vec![
            rule(
                "list.answered",
                Must,
                clause::listing(version, ListKind::ResourceTemplates),
                "resources/templates/list is answered with its list result, or a JSON-RPC error",
                vec![
                    list(ListKind::ResourceTemplates),
                    Answer::error(ANY_CODE, Statuses::OkOrClientError),
                ],
            ),
            rule(
                "list.result",
                Should,
                clause::listing(version, ListKind::ResourceTemplates),
                format!(
                    "a server with resources lists its templates (none is an empty list){}",
                    if modern {
                        ", with ttlMs and cacheScope"
                    } else {
                        ""
                    }
                ),
                vec![list(ListKind::ResourceTemplates)],
            ),
        ],
        Method::ToolsList | Method::ResourcesList | Method::PromptsList => {
            let kind = list_of(method, scope);
            vec![rule(
                "list.result",
                Must,
                if modern {
                    clause::cacheable_results()
                } else {
                    clause::listing(version, kind)
                },
                format!(
                    "{kind} of a declared capability is answered with its list result{}",
                    if modern {
                        ", with ttlMs and cacheScope"
                    } else {
                        ""
                    }
                ),
                vec![list(kind)],
            )]
        }
        Method::ListNextPage => {
            let kind = list_of(method, scope);
            vec![
                request_answered(),
                rule(
                    "pagination.stable-cursor",
                    Should,
                    clause::pagination(version),
                    format!(
                        "{kind} with the nextCursor the server issued on the first page is \
                         answered with the next page (servers SHOULD provide stable cursors)"
                    ),
                    vec![list(kind)],
                ),
            ]
        }
        Method::ListInvalidCursor => vec![
            request_answered(),
            rule(
                "pagination.invalid-cursor",
                Should,
                clause::pagination_errors(version),
                "a cursor the server never issued is an error -32602 (Invalid params)",
                vec![Answer::error(&[-32602], Statuses::OkOrClientError)],
            ),
        ],
        Method::ToolsCall => served_or_error(
            ("tools-call.result", "tools-call.served"),
            clause::calling_tools(version),
            "a tools/call with arguments that satisfy the tool's inputSchema",
            ResultShape::ToolResult,
        ),
        Method::ToolsCallMissingArgument | Method::ToolsCallInvalidArguments => {
            if modern {
                invalid_arguments(version, true, Statuses::Only(&[200, 400]))
            } else {
                invalid_arguments(
                    version,
                    version >= CaseVersion::V2025_11_25,
                    Statuses::OkOrClientError,
                )
            }
        }
        Method::ToolsCallUnknownTool => unknown_tool(version),
        Method::ResourcesRead => served_or_error(
            ("resources-read.result", "resources-read.served"),
            clause::reading_resources(version),
            "resources/read of a listed resource",
            ResultShape::ReadResource { modern },
        ),
        Method::ResourcesReadUnknown => unknown_resource(version),
        Method::PromptsGet => served_or_error(
            ("prompts-get.result", "prompts-get.served"),
            clause::getting_prompts(version),
            "prompts/get of a listed prompt with its required arguments",
            ResultShape::GetPrompt,
        ),
        Method::PromptsGetMissingArgument => vec![
            request_answered(),
            rule(
                "prompts-get.missing-argument",
                Should,
                clause::prompt_errors(version),
                "prompts/get without a required argument is an error -32602 (Invalid params)",
                vec![Answer::error(&[-32602], Statuses::OkOrClientError)],
            ),
        ],
        Method::PromptsGetUnknown => vec![
            request_answered(),
            rule(
                "prompts-get.unknown-code",
                Should,
                clause::prompt_errors(version),
                "prompts/get of a prompt the server does not have is an error -32602 (Invalid \
                 params)",
                vec![Answer::error(&[-32602], Statuses::OkOrClientError)],
            ),
        ],
        Method::CompletionComplete => served_or_error(
            ("completion.result", "completion.served"),
            clause::completion(version),
            "completion/complete for an argument of a listed prompt or resource template",
            ResultShape::Complete,
        ),
        _ => unreachable!("served_feature is called for the feature methods only"),
    }
}

/// A request of a listed item: a JSON-RPC response is owed (MUST, rule
/// `ids.0`), and it should be a result (SHOULD, `ids.1`); an error says the
/// server refused what it offered.
fn served_or_error(
    (must, should): (&'static str, &'static str),
    clause: clause::Clause,
    what: &str,
    shape: ResultShape,
) -> Vec<Rule> {
    vec![
        rule(
            must,
            Strength::Must,
            clause.clone(),
            format!("{what} is answered with its result, or a JSON-RPC error"),
            vec![
                Answer::Result(shape.clone()),
                Answer::error(ANY_CODE, Statuses::OkOrClientError),
            ],
        ),
        rule(
            should,
            Strength::Should,
            clause,
            format!(
                "{what} is served: the server offered it, so a protocol error means it refused \
                 its own offer (a tool reports its own failures in the result, with isError)"
            ),
            vec![Answer::Result(shape)],
        ),
    ]
}

/// A method of a capability the target did not declare. Handshake revisions
/// only require an answer; 2026-07-28 answers a method that is not
/// available 404 with -32601 (or serves it anyway).
fn undeclared(version: CaseVersion, method: Method, list: Answer, modern: bool) -> Vec<Rule> {
    let served = match method {
        Method::ToolsList
        | Method::ResourcesList
        | Method::ResourceTemplatesList
        | Method::PromptsList => list,
        _ => Answer::AnyResponse,
    };
    if !modern {
        return vec![request_answered()];
    }
    vec![rule(
        "capability.undeclared",
        Strength::Must,
        clause::protocol_version_header(version),
        "a method of a capability the server did not declare is not available: 404 with -32601 \
         (Method not found), unless the server serves it anyway",
        vec![Answer::error(&[-32601], Statuses::Only(&[404])), served],
    )]
}
