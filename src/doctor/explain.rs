//! Turning a refusal into a finding: which problem an answer shows, why it
//! happens, and what to change.
//!
//! The answer is read the way a person debugging it would: the status first
//! (406 is always `Accept`, 421 always a Host check), then the AWS error
//! type and message when the AgentCore data plane answered (its messages are
//! those of `src/front_door/`, observed from live runtimes), then the words
//! of the server's own error.

use std::time::SystemTime;

use http::Uri;

use super::{endpoint::Endpoint, finding::Finding};
use crate::{
    agentcore::{CustomJwtAuthorizer, McpMode},
    auth::inspect::{self, TokenView},
    client::{Exchange, HttpRequest},
    diagnosis::{Cause, Evidence, Received, SentRequest, body_text},
    protocol::{header, media},
};

/// What the explanation may use besides the answer.
pub(super) struct Context<'a> {
    pub endpoint: &'a Endpoint,
    /// The bearer token that was sent, to decode (never to print).
    pub token: Option<&'a str>,
    /// The runtime's authorizer, from the project (agentcore.json or
    /// .bedrock_agentcore.yaml).
    pub authorizer: Option<&'a CustomJwtAuthorizer>,
    /// The `Mcp-Session-Id` the server answered `initialize` with, if any.
    pub session: Option<&'a str>,
}

/// The finding an unsuccessful answer to `sent` shows.
pub(super) fn refusal(
    context: &Context<'_>,
    sent: &HttpRequest,
    uri: &Uri,
    exchange: &Exchange,
) -> Finding {
    let evidence = Evidence {
        request: SentRequest::of(sent, uri),
        response: Received::of(exchange),
    };
    let status = exchange.status.as_u16();
    let body = body_text(&exchange.body);
    let lower = body.to_ascii_lowercase();
    let message = crate::auth_matrix::refusal_message(exchange).unwrap_or_else(|| body.clone());
    if status == 406 {
        return accept(evidence, &message);
    }
    if status == 421
        || lower.contains("invalid host header")
        || lower.contains("invalid origin header")
    {
        return host_check(evidence, status);
    }
    let error_type = exchange
        .header(header::AWS_ERROR_TYPE)
        .map(|kind| kind.split(':').next().unwrap_or(kind).to_owned());
    let from_platform = context.endpoint.is_agentcore() && matches!(status, 401 | 403 | 424);
    if error_type.is_some() || from_platform {
        return platform(
            context,
            evidence,
            status,
            error_type.as_deref().unwrap_or_default(),
            &message,
        );
    }
    if status == 400 && lower.contains("protocol version") {
        return unsupported_version(evidence, &message);
    }
    if matches!(status, 400 | 404) && lower.contains("session") {
        return stateful(evidence, &message, context.session);
    }
    if status == 404 {
        return wrong_path(evidence, uri, None);
    }
    Finding::new(
        Cause::Unexplained,
        format!("the server refused {}: {status}", rpc_of(&evidence)),
        evidence,
    )
    .with_detail(format!(
        "the answer matches no known deployment problem; it says: {message:?}"
    ))
}

fn rpc_of(evidence: &Evidence) -> String {
    match evidence.request.rpc.as_str() {
        "" => "the request".to_owned(),
        rpc => rpc.to_owned(),
    }
}

fn accept(evidence: Evidence, message: &str) -> Finding {
    let sent = match evidence.request.header("accept") {
        Some(accept) => format!("Accept: {accept}"),
        None => "no Accept header".to_owned(),
    };
    let said = if message.is_empty() {
        String::new()
    } else {
        format!(": {message:?}")
    };
    let finding = Finding::new(
        Cause::AcceptHeader,
        format!(
            "406 Not Acceptable: the request had {sent}; the server wants Accept: {}",
            media::ACCEPT_BOTH
        ),
        evidence,
    );
    if said.is_empty() {
        finding
    } else {
        finding.with_detail(format!("the server said{said}"))
    }
}

pub(super) fn host_check(evidence: Evidence, status: u16) -> Finding {
    let host = evidence.request.header("host").map_or_else(
        || "the request's Host".to_owned(),
        |host| format!("Host {host:?}"),
    );
    Finding::new(
        Cause::HostCheck,
        format!("{status}: the server's DNS-rebinding protection refused {host}"),
        evidence,
    )
}

/// The token that was sent, decoded, with what the authorizer thinks of it.
struct TokenReading {
    view: TokenView,
    mismatches: Vec<inspect::Mismatch>,
}

fn read_token(context: &Context<'_>) -> Option<TokenReading> {
    let view = inspect::decode(context.token?).ok()?;
    let mismatches = context
        .authorizer
        .map(|authorizer| inspect::check(&view, authorizer, SystemTime::now()))
        .unwrap_or_default();
    Some(TokenReading { view, mismatches })
}

fn platform(
    context: &Context<'_>,
    evidence: Evidence,
    status: u16,
    error_type: &str,
    message: &str,
) -> Finding {
    let refused = if error_type.is_empty() {
        format!("{status} {message:?}")
    } else {
        format!("{status} {error_type}: {message:?}")
    };
    let sent_sigv4 = evidence
        .request
        .header("authorization")
        .is_some_and(|value| value.starts_with("AWS4-HMAC-SHA256"));
    if message.starts_with("Authorization method mismatch") {
        let which = if sent_sigv4 {
            "the request was signed with SigV4, but this runtime has a customJWTAuthorizer: it \
             takes only OAuth bearer tokens (--token, --token-file or AGENTCORE_BEARER_TOKEN)"
        } else {
            "the request carried a bearer token, but this runtime has no customJWTAuthorizer: it \
             takes only SigV4-signed requests (--sigv4; the AWS SDK's InvokeAgentRuntime does it)"
        };
        return Finding::new(
            Cause::AuthorizationMethod,
            format!("the runtime refused the authorization method: {refused}"),
            evidence,
        )
        .with_detail(which);
    }
    if message.contains("Token has expired") {
        let details = read_token(context)
            .and_then(|token| expiry(&token.view))
            .into_iter()
            .collect();
        return Finding::new(
            Cause::ExpiredToken,
            format!("the runtime refused an expired token: {refused}"),
            evidence,
        )
        .with_details(details);
    }
    if let Some(claim) = message
        .strip_prefix("Claim '")
        .and_then(|rest| rest.split_once('\''))
        .map(|(claim, _)| claim.to_owned())
    {
        return claim_mismatch(context, evidence, &refused, &claim, error_type, message);
    }
    if message == "Missing Authentication Token"
        && evidence.request.header("authorization").is_none()
    {
        return Finding::new(
            Cause::MissingCredentials,
            format!("the runtime wants credentials and the request had none: {refused}"),
            evidence,
        );
    }
    if error_type == "RuntimeClientError" || status == 424 {
        return Finding::new(
            Cause::WrongPort,
            format!("the runtime's container did not answer: {refused}"),
            evidence,
        );
    }
    Finding::new(
        Cause::PlatformError,
        format!("AgentCore refused the request: {refused}"),
        evidence,
    )
    .with_detail(crate::agentcore::platform_advice(error_type, message))
}

fn expiry(view: &TokenView) -> Option<String> {
    let exp = inspect::numeric_date(&view.claims, "exp")?.ok()?;
    let now = crate::time::unix_seconds(SystemTime::now());
    Some(format!(
        "the token's exp: {}",
        inspect::describe_time(exp, now)
    ))
}

fn claim_mismatch(
    context: &Context<'_>,
    evidence: Evidence,
    refused: &str,
    claim: &str,
    error_type: &str,
    message: &str,
) -> Finding {
    let reading = read_token(context);
    let named = reading.as_ref().and_then(|token| {
        token
            .mismatches
            .iter()
            .find(|mismatch| mismatch.claim == claim)
    });
    let mut details = vec![match named {
        Some(mismatch) => format!("{}; fix: {}", mismatch.problem, mismatch.fix),
        None => format!(
            "the token's {claim} claim is not one the runtime's customJWTAuthorizer allows; {}",
            crate::agentcore::platform_advice(error_type, message)
        ),
    }];
    if let Some(token) = &reading {
        details.push(format!("the token is a {}", token.view.kind));
        // The named claim is the cause above; the others would be refused next.
        let others = token
            .mismatches
            .iter()
            .filter(|mismatch| mismatch.claim != claim);
        details.extend(others.map(|mismatch| {
            format!(
                "also {}: {}; fix: {} ({})",
                mismatch.claim, mismatch.problem, mismatch.fix, mismatch.source
            )
        }));
    }
    if context.authorizer.is_none() {
        details.push(
            "give --config .bedrock_agentcore.yaml (or run where it is) to compare the token with \
             the runtime's customJWTAuthorizer"
                .to_owned(),
        );
    }
    Finding::new(
        Cause::ClaimMismatch,
        format!("the runtime's authorizer refused the token's {claim} claim: {refused}"),
        evidence,
    )
    .with_details(details)
}

/// A 400 that names the protocol version.
pub(super) fn unsupported_version(evidence: Evidence, message: &str) -> Finding {
    let sent = match evidence.request.header(header::PROTOCOL_VERSION) {
        Some(version) => format!("MCP-Protocol-Version: {version}"),
        None => "no MCP-Protocol-Version".to_owned(),
    };
    Finding::new(
        Cause::ProtocolVersion,
        format!(
            "the server refused {}, sent with {sent}: {message:?}",
            rpc_of(&evidence)
        ),
        evidence,
    )
}

/// A follow-up sent without `MCP-Protocol-Version` that the server served
/// under its fallback version.
pub(super) fn missing_version(evidence: Evidence, negotiated: &str) -> Finding {
    Finding::new(
        Cause::ProtocolVersion,
        format!(
            "{} was sent without MCP-Protocol-Version after initialize negotiated {negotiated}",
            rpc_of(&evidence)
        ),
        evidence,
    )
    .with_detail(format!(
        "without the header the server SHOULD assume 2025-03-26, not the {negotiated} both sides \
         agreed on, so answers may lack what {negotiated} adds; stricter servers answer 400. \
         Send `MCP-Protocol-Version: {negotiated}` on every request after initialize"
    ))
}

/// A refusal that names the session, after an `initialize` that opened one
/// (`session`) or through AgentCore, which adds its own session id.
pub(super) fn stateful(evidence: Evidence, message: &str, session: Option<&str>) -> Finding {
    let opened = match session {
        Some(id) => format!(
            "initialize answered with Mcp-Session-Id {id:?}, and {} without it was refused",
            rpc_of(&evidence)
        ),
        None => format!("{} was refused for its session", rpc_of(&evidence)),
    };
    Finding::new(
        Cause::StatefulServer,
        format!("the server is stateful: {opened}: {message:?}"),
        evidence,
    )
}

/// A stateful server (the refusal `finding` showed it) on a runtime that
/// is stateless, by `mode` or by default.
pub(super) fn stateful_server(finding: Finding, mode: Option<McpMode>) -> Finding {
    let runtime = match mode {
        Some(McpMode::Stateless) => "the runtime is stateless (so the configuration says)",
        _ => {
            "nothing says the runtime is stateful (no --mcp-mode, no AGENTCORE_MCP_MODE, no \
             stateless_http= in the server's code), so it is taken to be stateless, as the \
             AgentCore CLI's MCP template is"
        }
    };
    finding.with_detail(runtime.to_owned())
}

/// A server that served a request without a session, on a runtime said to
/// be stateful.
pub(super) fn stateless_server(evidence: Evidence) -> Finding {
    Finding::new(
        Cause::StatelessServer,
        format!(
            "the runtime is stateful (so the configuration says), but the server served {} \
             without an Mcp-Session-Id: it keeps no session",
            rpc_of(&evidence)
        ),
        evidence,
    )
}

/// Nothing serves MCP at the URL's path (`found` is where the doctor found
/// it instead), or it is served at a path that is not AgentCore's `/mcp`.
pub(super) fn wrong_path(evidence: Evidence, uri: &Uri, found: Option<&str>) -> Finding {
    let path = uri.path();
    let answered = match &evidence.response {
        Received::Answer { status, .. } => *status,
        Received::NoAnswer { .. } => 0,
    };
    let (summary, cause) = if (200..300).contains(&answered) {
        (
            format!("the server serves MCP at {path}, but AgentCore forwards to /mcp"),
            format!(
                "AgentCore sends every invocation to /mcp in the container; a server at {path} \
                 answers those with 404"
            ),
        )
    } else {
        let instead = found.map_or_else(String::new, |found| format!("; it answers at {found}"));
        (
            format!("nothing serves MCP at {path}: {answered}{instead}"),
            format!(
                "the server answered {answered} at {path}: it serves MCP at another path (FastMCP's \
                 streamable_http_path, a mount prefix), or another server listens on this port{instead}"
            ),
        )
    };
    Finding::new(Cause::WrongPath, summary, evidence).with_detail(cause)
}

/// No answer at all from a server reached directly.
pub(super) fn unreachable(request: &HttpRequest, uri: &Uri, reason: String) -> Finding {
    let authority = uri
        .authority()
        .map_or_else(String::new, ToString::to_string);
    Finding::new(
        Cause::WrongPort,
        format!("nothing answers at {authority}"),
        Evidence {
            request: SentRequest::of(request, uri),
            response: Received::NoAnswer { reason },
        },
    )
    .with_detail(format!(
        "no server accepts connections at {authority}: it is not running, or it listens on \
         another port or interface"
    ))
}
