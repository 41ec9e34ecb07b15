//! Turning a refusal into a finding: which problem an answer shows, why it
//! happens, and what to change.
//!
//! The answer is read the way a person debugging it would: the status first
//! (406 is always `Accept`, 421 always a Host check), then the AWS error
//! type and message when the AgentCore data plane answered (its messages are
//! those of `src/front_door/`, observed from live runtimes), then the words
//! of the server's own error.

use std::time::{SystemTime, UNIX_EPOCH};

use http::Uri;

use super::{
    endpoint::Endpoint,
    evidence::{Evidence, Received, SentRequest, body_text},
    finding::{Finding, Problem},
};
use crate::{
    auth::inspect::{self, TokenView},
    client::{Exchange, HttpRequest},
    front_door::CustomJwtAuthorizer,
    protocol::{header, media},
};

/// What the explanation may use besides the answer.
pub(super) struct Context<'a> {
    pub endpoint: &'a Endpoint,
    /// The bearer token that was sent, to decode (never to print).
    pub token: Option<&'a str>,
    /// The runtime's authorizer, from the starter toolkit's project file.
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
        Problem::Unexplained,
        format!("the server refused {}: {status}", rpc_of(&evidence)),
        evidence,
        format!("the answer does not match a known deployment problem; it says: {message:?}"),
        "compare the request with the MCP transport rules (the source below) and the server's log",
    )
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
    Finding::new(
        Problem::AcceptHeader,
        format!(
            "406 Not Acceptable: the request had {sent}; the server wants Accept: {}",
            media::ACCEPT_BOTH
        ),
        evidence,
        format!(
            "a Streamable HTTP server may answer a POST with JSON or with an SSE stream, so the \
             client must accept both; the server refused before reading the request{said}"
        ),
        format!(
            "send `Accept: {}` on every POST (the official MCP clients do; curl and hand-written \
             clients must add it)",
            media::ACCEPT_BOTH
        ),
    )
}

pub(super) fn host_check(evidence: Evidence, status: u16) -> Finding {
    let host = evidence.request.header("host").map_or_else(
        || "the request's Host".to_owned(),
        |host| format!("Host {host:?}"),
    );
    Finding::new(
        Problem::HostCheck,
        format!("{status}: the server's DNS-rebinding protection refused {host}"),
        evidence,
        "the server accepts only loopback Host (and Origin) values. AgentCore forwards each \
         invocation to the container with a Host that is not localhost, so on AgentCore every \
         request would be refused like this one",
        "turn the check off where the platform is the trust boundary: Python SDK \
         `FastMCP(..., host=\"0.0.0.0\")` (or `transport_security=TransportSecuritySettings(\
         enable_dns_rebinding_protection=False)`); rmcp \
         `StreamableHttpServerConfig::default().disable_allowed_hosts()`",
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
        let (cause, fix) = if sent_sigv4 {
            (
                "the request was signed with SigV4, but this runtime has a customJWTAuthorizer: \
                 it takes only OAuth bearer tokens",
                "send the runtime's bearer token (--token, --token-file or AGENTCORE_BEARER_TOKEN; \
                 `Authorization: Bearer <token>`) instead of a SigV4 signature, or remove the \
                 runtime's authorizer to use IAM",
            )
        } else {
            (
                "the request carried a bearer token, but this runtime has no customJWTAuthorizer: \
                 it takes only SigV4-signed requests (IAM)",
                "sign the request with SigV4 (--sigv4, AWS credentials from the default chain; the \
                 AWS SDK's InvokeAgentRuntime does it), or configure a customJWTAuthorizer on the \
                 runtime to accept bearer tokens",
            )
        };
        return Finding::new(
            Problem::AuthorizationMethod,
            format!("the runtime refused the authorization method: {refused}"),
            evidence,
            cause,
            fix,
        );
    }
    if message.contains("Token has expired") {
        let details = read_token(context)
            .and_then(|token| expiry(&token.view))
            .into_iter()
            .collect();
        return Finding::new(
            Problem::ExpiredToken,
            format!("the runtime refused an expired token: {refused}"),
            evidence,
            "the token's exp claim is in the past (beyond the authorizer's clock leeway)",
            "get a new token: sign in again (InitiateAuth) or use the refresh token; Cognito \
             access and ID tokens last one hour by default",
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
            Problem::MissingCredentials,
            format!("the runtime wants credentials and the request had none: {refused}"),
            evidence,
            "every invocation of a runtime is authorised: with a bearer token if it has a \
             customJWTAuthorizer (401 and WWW-Authenticate), with SigV4 if not (403)",
            "give --token, --token-file or AGENTCORE_BEARER_TOKEN for a JWT runtime, or --sigv4 \
             for an IAM runtime",
        );
    }
    if error_type == "RuntimeClientError" || status == 424 {
        return Finding::new(
            Problem::WrongPort,
            format!("the runtime's container did not answer: {refused}"),
            evidence,
            "AgentCore forwards each invocation to port 8000, path /mcp, of the container; nothing \
             answered there (the server listens on another port or on 127.0.0.1 only, or it \
             crashed at start)",
            "listen on 0.0.0.0:8000 and serve /mcp (FastMCP: `FastMCP(host=\"0.0.0.0\")` and \
             `mcp.run(transport=\"streamable-http\")`, whose defaults are port 8000 and /mcp); \
             check the runtime's CloudWatch logs",
        );
    }
    Finding::new(
        Problem::PlatformError,
        format!("AgentCore refused the request: {refused}"),
        evidence,
        format!("the data plane answered {refused}"),
        crate::report::platform_advice(error_type, message),
    )
}

fn expiry(view: &TokenView) -> Option<String> {
    let exp = inspect::numeric_date(&view.claims, "exp")?.ok()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|now| i64::try_from(now.as_secs()).ok())?;
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
    let (cause, fix) = match named {
        Some(mismatch) => (mismatch.problem.clone(), mismatch.fix.clone()),
        None => (
            format!(
                "the token's {claim} claim is not one the runtime's customJWTAuthorizer allows"
            ),
            crate::report::platform_advice(error_type, message).to_owned(),
        ),
    };
    let mut details = Vec::new();
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
        Problem::ClaimMismatch,
        format!("the runtime's authorizer refused the token's {claim} claim: {refused}"),
        evidence,
        cause,
        fix,
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
        Problem::ProtocolVersion,
        format!(
            "the server refused {}, sent with {sent}: {message:?}",
            rpc_of(&evidence)
        ),
        evidence,
        "after initialize, every request carries the negotiated protocol version in \
         MCP-Protocol-Version; a server refuses a version it does not support with 400",
        "send MCP-Protocol-Version with the protocolVersion the server answered to initialize \
         (the official MCP clients do); update the client or the server SDK if they share no \
         version",
    )
}

/// A follow-up sent without `MCP-Protocol-Version` that the server served
/// under its fallback version.
pub(super) fn missing_version(evidence: Evidence, negotiated: &str) -> Finding {
    Finding::new(
        Problem::ProtocolVersion,
        format!(
            "{} was sent without MCP-Protocol-Version after initialize negotiated {negotiated}",
            rpc_of(&evidence)
        ),
        evidence,
        format!(
            "without the header the server SHOULD assume 2025-03-26, not the {negotiated} both \
             sides agreed on, so answers may lack what {negotiated} adds; stricter servers answer 400"
        ),
        format!("send `MCP-Protocol-Version: {negotiated}` on every request after initialize"),
    )
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
        Problem::StatefulServer,
        format!("the server is stateful: {opened}: {message:?}"),
        evidence,
        "a stateful server accepts only the session ids it issued. AgentCore adds its own \
         Mcp-Session-Id to requests that have none and may route requests to different \
         instances, so a stateful server refuses them",
        "run the server stateless: Python SDK `FastMCP(..., stateless_http=True)` (2.x: \
         `streamable_http_app(stateless_http=True)`); rmcp \
         `StreamableHttpServerConfig::default().with_legacy_session_mode(false)`",
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
    Finding::new(
        Problem::WrongPath,
        summary,
        evidence,
        cause,
        "serve MCP at /mcp (FastMCP's default `streamable_http_path`; rmcp: \
         `Router::new().nest_service(\"/mcp\", service)`) and use that path in the URL",
    )
}

/// No answer at all from a server reached directly.
pub(super) fn unreachable(request: &HttpRequest, uri: &Uri, reason: String) -> Finding {
    let authority = uri
        .authority()
        .map_or_else(String::new, ToString::to_string);
    Finding::new(
        Problem::WrongPort,
        format!("nothing answers at {authority}"),
        Evidence {
            request: SentRequest::of(request, uri),
            response: Received::NoAnswer { reason },
        },
        format!(
            "no server accepts connections at {authority}: it is not running, or it listens on \
             another port or interface"
        ),
        "start the server and use its port in the URL; for AgentCore it must listen on \
         0.0.0.0:8000 (FastMCP's defaults with host=\"0.0.0.0\")",
    )
}
