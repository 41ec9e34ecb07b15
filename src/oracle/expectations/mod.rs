//! The expectation table: for each case, the rules its answer must satisfy.
//!
//! `served` states what the answer to a conforming request of a version
//! and method must be, by the era of the version (`served`); `expect` then
//! adjusts it for the one header the case varies. The reasoning behind each
//! entry is in the doc comment of the clause it cites (see `clause.rs`).
//! The rules shared by several methods are in `rules`.

mod rules;
mod served;

use super::{Answer, Expectation, Rejection, Rule, Statuses, Strength, clause};
use crate::{
    case::{Addressed, Case, CaseVersion, Method, Variant, mismatched_version},
    protocol::ProtocolVersion,
    surface::{Capabilities, ListKind, SessionMode, Support, Surface},
};
use rules::rule;
use served::{negotiation_only, served};

/// What a case is judged against besides itself: what the target
/// declared, in every version (a case may be judged as another version
/// than its own, the one its headers name).
struct Scope<'a> {
    support: &'a Support,
    surface: &'a Surface,
    /// The list a per-list case (next page, invalid cursor) addresses.
    list: Option<ListKind>,
}

impl<'a> Scope<'a> {
    fn of(case: &Case, surface: &'a Surface) -> Self {
        Self {
            support: &surface.support,
            surface,
            list: match case.subject.as_ref().map(|subject| subject.addressed()) {
                Some(Addressed::List(kind)) => Some(*kind),
                _ => None,
            },
        }
    }

    /// The capabilities the target declared in `version`.
    fn capabilities(&self, version: CaseVersion) -> Capabilities {
        self.surface
            .for_version(version.known())
            .map(|declared| declared.capabilities)
            .unwrap_or_default()
    }
}

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
fn era(version: CaseVersion, scope: &Scope) -> Era {
    match version {
        CaseVersion::Known(known) if !scope.support.supports(known) => Era::Unsupported,
        CaseVersion::Known(ProtocolVersion::V2026_07_28) => Era::Modern,
        CaseVersion::Known(version) => Era::Handshake(version),
        CaseVersion::Unsupported => Era::Unsupported,
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

/// Whether a request of `version` and `method` to this target belongs to a
/// session: it is stateful, and the request is an `initialize` (which opens
/// one, whatever version it offers) or of a version with the handshake. A
/// Streamable HTTP server keeps its sessions for 2024-11-05 clients too,
/// though that revision's own transport (HTTP+SSE) predates them.
fn in_sessions(version: CaseVersion, method: Method, scope: &Scope) -> bool {
    scope.surface.session == SessionMode::Stateful
        && (method.is_initialize()
            || version
                .known()
                .is_some_and(crate::protocol::ProtocolVersion::has_initialize))
}

/// A request naming a session the stateful server never issued.
fn unknown_session(version: CaseVersion) -> Vec<Rule> {
    vec![
        rule(
            "session.unknown-refused",
            Strength::Must,
            clause::session_management(version),
            "a stateful server cannot serve a request in a session it does not have: an \
             Mcp-Session-Id it never issued is refused with a 4xx",
            vec![Answer::Status(Statuses::ClientError)],
        ),
        rule(
            "session.unknown-404",
            Strength::Should,
            clause::session_management(version),
            "a request naming a session the server does not have is best answered 404 Not \
             Found: a server cannot tell an id it never issued from one it ended, which it \
             MUST answer 404, and 404 tells the client to start a new session, where a 400 \
             leaves it stuck (the transport's rule for ended sessions, applied to unknown ones)",
            vec![Answer::Status(Statuses::Only(&[404]))],
        ),
    ]
}

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

/// What the answer to `case` must be.
pub fn expect(case: &Case, surface: &Surface) -> Expectation {
    let scope = &Scope::of(case, surface);
    let (version, method, variant) = (case.version, case.method, case.variant);
    let rules = served(version, method, scope);
    let header_fault = matches!(
        variant,
        Variant::ProtocolVersionMissing
            | Variant::ProtocolVersionMismatched
            | Variant::ProtocolVersionMalformed
            | Variant::McpMethodMissing
            | Variant::McpMethodMismatched
    );
    if method.is_initialize() && header_fault {
        return match era(version, scope) {
            // initialize.modern already accepts a 400 for the headers.
            Era::Modern => plain(rules),
            Era::Handshake(_) if variant == Variant::ProtocolVersionMissing => {
                plain(negotiation_only(version, method, scope))
            }
            // The header is wrong, so a 400 for it is as right as the
            // negotiation; only the MUST of negotiation still holds.
            Era::Handshake(_) => {
                let mut rules = negotiation_only(version, method, scope);
                rules.retain(|rule| rule.strength == Strength::Must);
                if method != Method::Initialize {
                    // Its conforming request names the unsupported offer in
                    // the header too, so the baseline may be this very 400:
                    // the 400 is one of the rule's answers, not a refusal
                    // the baseline could make meaningless.
                    for rule in &mut rules {
                        rule.accepted.push(Answer::Status(Statuses::Only(&[400])));
                    }
                }
                refusable(rules, Statuses::Only(&[400]))
            }
            Era::Unsupported => plain(rules),
        };
    }
    // A stateful server knows the sessions it issued; an id it never
    // issued names none of them. An initialize may open a new session
    // regardless, or be refused; a body that is not a request is judged as
    // such, whichever check the server makes first.
    if variant == Variant::PlatformSessionId
        && method != Method::Delete
        && in_sessions(version, method, scope)
    {
        if method.is_initialize() {
            return refusable(rules, Statuses::ClientError);
        }
        if !body_is_invalid(method) {
            return plain(unknown_session(version));
        }
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
        Variant::OriginForeign => foreign_origin(version, rules, scope),
        Variant::ProtocolVersionMissing => missing_protocol_version(version, method, rules, scope),
        Variant::ProtocolVersionMismatched => {
            mismatched_protocol_version(version, method, rules, scope)
        }
        Variant::ProtocolVersionMalformed => {
            malformed_protocol_version(version, method, rules, scope)
        }
        Variant::McpMethodMissing
        | Variant::McpMethodMismatched
        | Variant::McpNameMissing
        | Variant::McpNameMismatched => standard_header_fault(version, method, rules, scope),
    }
}

fn foreign_origin(version: CaseVersion, mut rules: Vec<Rule>, scope: &Scope) -> Expectation {
    if era(version, scope) == Era::Unsupported {
        return refusable(rules, Statuses::Only(&[400, 403]));
    }
    // 2025-11-25 on: "If the Origin header is present and invalid, servers
    // MUST respond with HTTP 403 Forbidden." Earlier revisions only require
    // validation.
    let forbidden = !matches!(
        era(version, scope),
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

/// The newest handshake revision with the version header (2025-06-18 on)
/// the target also speaks, if any: then a 2025-03-26 request without the
/// header (or with an invalid one) is ambiguous, and the server may serve it
/// as that revision as well as assume 2025-03-26.
fn header_revision(scope: &Scope) -> Option<ProtocolVersion> {
    scope
        .support
        .versions()
        .filter(|version| *version >= ProtocolVersion::V2025_06_18 && version.has_initialize())
        .max()
}

/// `assumed`'s rules, judged as what a server only SHOULD (or MAY) assume:
/// a MUST of the assumed version that is not a MUST, by the same rule, of
/// the case's own version (`own`) carries at most SHOULD strength. A MUST
/// common to both stays a MUST.
fn capped(assumed: Vec<Rule>, own: &[Rule]) -> Vec<Rule> {
    assumed
        .into_iter()
        .map(|mut rule| {
            let common = own
                .iter()
                .any(|other| other.id == rule.id && other.strength == Strength::Must);
            if rule.strength == Strength::Must && !common {
                rule.strength = Strength::Should;
                rule.requirement = format!(
                    "{} (a SHOULD here: it rests on the version the server SHOULD assume \
                     without the header)",
                    rule.requirement
                );
            }
            rule
        })
        .collect()
}

/// Whether the message carries its own version in the 2026-07-28 `_meta`
/// envelope ("A request carrying modern per-request `_meta` is served
/// statelessly according to this revision", basic/versioning): requests,
/// notifications and the requests of a batch; not a posted response,
/// bodies that are not JSON-RPC, GET or DELETE.
fn carries_its_version(method: Method) -> bool {
    method.has_rpc_method() || method == Method::Batch
}

fn missing_protocol_version(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    scope: &Scope,
) -> Expectation {
    let assumed = || {
        served(
            CaseVersion::Known(ProtocolVersion::V2025_03_26),
            method,
            scope,
        )
    };
    match era(version, scope) {
        // 2025-03-26 had no header: without one, it is served as itself,
        // unless the target also speaks the revisions that have it.
        Era::Handshake(revision) if revision <= ProtocolVersion::V2025_03_26 => {
            match header_revision(scope) {
                Some(other) => plain(capped(
                    rules,
                    &served(CaseVersion::Known(other), method, scope),
                )),
                None => plain(rules),
            }
        }
        Era::Handshake(_) => {
            // "the server SHOULD assume protocol version 2025-03-26".
            Expectation {
                rules: capped(assumed(), &rules),
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
        // The envelope names 2026-07-28, so the 2025-03-26 default does not
        // apply (a batch is then judged as 2026-07-28 judges batches).
        Era::Modern if carries_its_version(method) => refusable(rules, Statuses::ClientError),
        // "A server that supports clients implementing protocol versions
        // earlier than 2025-06-18 MAY treat a request that omits the header
        // as protocol version 2025-03-26": what rests on that MAY is a SHOULD
        // at most.
        Era::Modern if scope.support.supports(ProtocolVersion::V2025_03_26) => {
            refusable(capped(assumed(), &rules), Statuses::ClientError)
        }
        Era::Modern => refusable(rules, Statuses::ClientError),
        Era::Unsupported => plain(vec![two_faults()]),
    }
}

fn mismatched_protocol_version(
    version: CaseVersion,
    method: Method,
    rules: Vec<Rule>,
    scope: &Scope,
) -> Expectation {
    // The header names another version than the body; a stateless server
    // has only the header to go by, unless the body's `_meta` is binding
    // (2026-07-28).
    let header = ProtocolVersion::parse(mismatched_version(version));
    let served_by_header = |header: ProtocolVersion| {
        refusable(
            served(CaseVersion::Known(header), method, scope),
            Statuses::Only(&[400]),
        )
    };
    match (era(version, scope), header) {
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
            if header.has_initialize() && scope.support.supports(header) =>
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
    scope: &Scope,
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
    match era(version, scope) {
        // A target that also speaks 2025-06-18 on MUST answer an invalid
        // header 400; what 2025-03-26 (which had no header) would require of
        // the request is then only what the server may assume.
        Era::Handshake(revision) if revision <= ProtocolVersion::V2025_03_26 => {
            match header_revision(scope) {
                Some(other) => refusable(
                    capped(rules, &served(CaseVersion::Known(other), method, scope)),
                    Statuses::Only(&[400]),
                ),
                None => refusable(rules, Statuses::Only(&[400])),
            }
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
    scope: &Scope,
) -> Expectation {
    match era(version, scope) {
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
