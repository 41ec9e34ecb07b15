//! AWS Signature Version 4 for AgentCore's data plane: signing the requests
//! mcp-matrix sends, and verifying them the way AWS's front door does, for a
//! local emulation of an IAM-authorised runtime.
//!
//! `POST https://bedrock-agentcore.{region}.amazonaws.com/runtimes/{ARN}/invocations?qualifier=DEFAULT`
//! is authorised with SigV4 under the signing name `bedrock-agentcore`
//! ([`crate::agentcore::SIGNING_NAME`]). The algorithm itself is the
//! [`aws_sigv4`] crate's (the AWS SDK for Rust's signer); this module only
//! chooses its settings so that they agree with botocore, which is what the
//! AgentCore Python SDK and most users sign with:
//!
//! - **Path encoding.** On the wire the ARN is percent-encoded once
//!   (`:` → `%3A`, `/` → `%2F`). Every service except S3 encodes the path
//!   *again* for the canonical request (`%3A` → `%253A`): "Normalize URI
//!   paths according to RFC 3986 ... each path segment must be URI-encoded
//!   twice" (AWS General Reference, *Create a canonical request for Signature
//!   Version 4*). That is [`PercentEncodingMode::Double`], with path
//!   normalisation on, as botocore's `SigV4Auth._normalize_url_path` does.
//! - **Which headers are signed.** botocore signs every header present except
//!   [`UNSIGNED_HEADERS`] (its `SIGNED_HEADERS_BLACKLIST`), so a header a proxy
//!   may rewrite (`user-agent`, `x-amzn-trace-id`, hop-by-hop headers) never
//!   breaks a signature. The verifier, in contrast, signs exactly the client's
//!   `SignedHeaders`, whatever they are: that list, not a policy, is the
//!   contract between the two ends.
//! - **Payload.** The body's SHA-256 is the last line of the canonical
//!   request, and is also sent as `x-amz-content-sha256` (signed). The
//!   verifier hashes the body it *received*, so a body changed after signing
//!   fails.
//! - **Temporary credentials.** A session token is sent as
//!   `x-amz-security-token` and signed ("Add the X-Amz-Security-Token header
//!   ... include it in the canonical request", AWS General Reference,
//!   *Signature Version 4 signing process: temporary security credentials*).
//!
//! Nothing secret leaves this module: [`Credentials`]' `Debug` redacts the
//! secret key, the session token header is marked sensitive, and no error or
//! rejection quotes a secret, a session token or a canonical request (which
//! would contain the token).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use aws_credential_types::Credentials;
//! use mcp_matrix::auth::sigv4::{self, SigningScope};
//! use mcp_matrix::client::HttpRequest;
//!
//! let uri: http::Uri = "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/\
//!     arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmcp-AbC/\
//!     invocations?qualifier=DEFAULT"
//!     .parse()?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "not-a-real-secret", None, None, "example");
//! let scope = SigningScope::agentcore("us-east-1");
//! let now = SystemTime::now();
//!
//! let mut request = HttpRequest::new(http::Method::POST).with_body("{}");
//! sigv4::sign(&mut request, &uri, &credentials, &scope, now)?;
//!
//! // What the server receives: the same headers plus the Host hyper adds.
//! let headers = sigv4::wire_headers(&request, &uri)?;
//! let caller = sigv4::verify(
//!     &request.method,
//!     &uri,
//!     &headers,
//!     &request.body,
//!     &scope,
//!     &|akid: &str| (akid == "AKIDEXAMPLE").then(|| credentials.clone()),
//!     now,
//!     sigv4::DEFAULT_MAX_SKEW,
//! )?;
//! assert_eq!(caller.access_key_id, "AKIDEXAMPLE");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The verifier's answers
//!
//! AWS does not document the error each SigV4 check returns per service, and
//! AgentCore's have not been observed. The checks, their order and their
//! texts mirror what other AWS services answer, as recorded by DynamoDB's
//! emulator dynalite from the live service and in public bug reports against
//! the AWS SDKs (API Gateway, Elasticsearch, SQS, Kinesis, Glacier); the IAM
//! User Guide (*Troubleshoot signed requests for AWS APIs*) gives the gist of
//! the scope and clock messages. Status codes are inferred: JSON-RPC-style
//! services (DynamoDB) answer 400, REST services (API Gateway, Glacier) 403,
//! and AgentCore Control's *Common Errors* page lists `IncompleteSignature`
//! as 403, so every rejection here is 403. The error type goes in the
//! `x-amzn-ErrorType` header ([`ERROR_TYPE_HEADER`]) and the message in a
//! `{"message": ...}` body ([`SigV4Rejection::json_body`]). In order:
//!
//! | check | error type | message |
//! | --- | --- | --- |
//! | no `Authorization` | `MissingAuthenticationTokenException` | `Missing Authentication Token` (API Gateway's text) |
//! | not `AWS4-...` (e.g. `Bearer`) | `IncompleteSignatureException` | API Gateway's `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '...'.` |
//! | a part without `=` | `IncompleteSignatureException` | `'...' not a valid key=value pair (missing equal-sign) in Authorization header: '...'.` |
//! | `Credential`, `Signature`, `SignedHeaders` or `X-Amz-Date` missing | `IncompleteSignatureException` | `Authorization header requires 'Credential' parameter. ... Authorization=...` |
//! | `X-Amz-Date` not `YYYYMMDD'T'HHMMSS'Z'` | `IncompleteSignatureException` | `Date must be in ISO-8601 'basic format'. Got '...'. See http://en.wikipedia.org/wiki/ISO_8601` |
//! | clock skew over `max_skew` | `InvalidSignatureException` | `Signature expired: ... is now earlier than ... (... - 5 min.)`, or `Signature not yet current: ... is still later than ... (... + 5 min.)` |
//! | `host` not signed | `InvalidSignatureException` | `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.` |
//! | algorithm not `AWS4-HMAC-SHA256` | `IncompleteSignatureException` | `Unsupported AWS 'algorithm': '...' (only AWS4-HMAC-SHA256 for now). ` |
//! | `Credential` not 5 parts | `IncompleteSignatureException` | `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '...'` |
//! | wrong region, service, terminator, date | `InvalidSignatureException` | `Credential should be scoped to a valid region, not 'us-west-2'. ` and the others, concatenated (hence AWS's trailing spaces) |
//! | unknown access key | `UnrecognizedClientException` | `The security token included in the request is invalid.` |
//! | expired credentials | `ExpiredTokenException` | `The security token included in the request is expired` (AgentCore Control, *Common Errors*) |
//! | signed header absent, body hash differs, wrong signature | `InvalidSignatureException` | [`SIGNATURE_MISMATCH`], plus a line of detail for the first two (AWS appends its canonical request instead) |
//! | wrong session token | `UnrecognizedClientException` | `The security token included in the request is invalid` (sic, no period) |
//!
//! Only `X-Amz-Date` is read: AWS would fall back to a `Date` header, which
//! no SDK sends.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use base64::{Engine, engine::general_purpose::STANDARD};
use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::client::HttpRequest;

/// The clock skew AWS tolerates in the messages it sends back (`... - 5
/// min.`). Some services allow 15 minutes.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// The only algorithm SigV4 (as opposed to SigV4a) signs with.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The header an AWS REST service names its error type in.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";

/// Headers botocore never signs: `SIGNED_HEADERS_BLACKLIST` in
/// `botocore/auth.py`. Hop-by-hop headers and those a proxy may add or
/// rewrite (`user-agent`, `x-amzn-trace-id`) would break signatures in
/// transit.
pub const UNSIGNED_HEADERS: &[&str] = &[
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// The message of a signature that does not verify, as AWS services word it
/// (they append the canonical request and string-to-sign they computed).
pub const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the \
     signature you provided. Check your AWS Secret Access Key and signing method. Consult the \
     service documentation for details.";

const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";

/// The error types a verifier answers with (`x-amzn-ErrorType`).
pub mod error_type {
    pub const MISSING_AUTHENTICATION_TOKEN: &str = "MissingAuthenticationTokenException";
    pub const INCOMPLETE_SIGNATURE: &str = "IncompleteSignatureException";
    pub const INVALID_SIGNATURE: &str = "InvalidSignatureException";
    pub const UNRECOGNIZED_CLIENT: &str = "UnrecognizedClientException";
    pub const EXPIRED_TOKEN: &str = "ExpiredTokenException";
}

/// Where a signature is valid: the region and the service's signing name,
/// the middle of the credential scope `yyyymmdd/region/service/aws4_request`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningScope {
    pub region: String,
    pub service: String,
}

impl SigningScope {
    pub fn new(region: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            service: service.into(),
        }
    }

    /// AgentCore in `region`, signing name [`crate::agentcore::SIGNING_NAME`].
    pub fn agentcore(region: impl Into<String>) -> Self {
        Self::new(region, crate::agentcore::SIGNING_NAME)
    }
}

/// Why a request could not be signed. Never quotes a secret.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(
        "cannot sign a request to {uri}: the URI has no host, so the Host header the HTTP client \
         will send is unknown; use an absolute URI or set a Host header"
    )]
    NoHost { uri: String },
    #[error(
        "cannot sign header {name}: its value is not visible ASCII, so SigV4 has no canonical form \
         for it"
    )]
    HeaderNotText { name: HeaderName },
    #[error("the signer's output for {header} is not a valid header value")]
    BadSignerOutput { header: String },
    #[error("invalid signing parameters for {region}/{service}: {reason}")]
    Params {
        region: String,
        service: String,
        reason: String,
    },
    #[error("aws-sigv4 could not sign the request to {path}")]
    Signer {
        path: String,
        #[source]
        source: aws_sigv4::http_request::SigningError,
    },
}

/// Signs `request`, to be sent to `uri`, with SigV4 the way botocore does.
///
/// Adds `x-amz-date`, `x-amz-content-sha256` (hex SHA-256 of the body),
/// `x-amz-security-token` when `credentials` carry a session token, and
/// `authorization`; earlier values of these are replaced, so signing twice
/// is harmless. Every other header present is signed except
/// [`UNSIGNED_HEADERS`], so headers added after this call are not covered.
///
/// `host` is signed but not added: the HTTP client derives Host from `uri`
/// (hyper omits the default port of the scheme), and the value signed is
/// computed the same way ([`wire_headers`]). A `host` header already in the
/// request is what will be sent, so that is what is signed.
pub fn sign(
    request: &mut HttpRequest,
    uri: &Uri,
    credentials: &Credentials,
    scope: &SigningScope,
    time: SystemTime,
) -> Result<(), SigningError> {
    let replaced = [
        AUTHORIZATION.as_str(),
        X_AMZ_DATE,
        X_AMZ_CONTENT_SHA256,
        X_AMZ_SECURITY_TOKEN,
    ];
    request
        .headers
        .retain(|(name, _)| !replaced.contains(&name.as_str()));

    let host = match request.header(&HOST) {
        Some(_) => None,
        None => Some(wire_host(uri).ok_or_else(|| SigningError::NoHost {
            uri: uri.to_string(),
        })?),
    };
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let text = value
            .to_str()
            .map_err(|_| SigningError::HeaderNotText { name: name.clone() })?;
        signed.push((name.as_str(), text));
    }
    if let Some(host) = &host {
        signed.push((HOST.as_str(), host));
    }

    let excluded = UNSIGNED_HEADERS
        .iter()
        .chain(&[AUTHORIZATION.as_str()])
        .map(|name| Cow::Borrowed(*name))
        .collect();
    let settings = settings(PayloadChecksumKind::XAmzSha256, excluded);
    let path = path_and_query(uri);
    let signable = SignableRequest::new(
        request.method.as_str(),
        path,
        signed.into_iter(),
        SignableBody::Bytes(&request.body),
    )
    .map_err(|source| SigningError::Signer {
        path: path.to_owned(),
        source,
    })?;
    let (instructions, _signature) =
        run_signer(signable, credentials, scope, time, settings, path)?;

    let (headers, _params) = instructions.into_parts();
    for header in headers {
        let name = HeaderName::from_bytes(header.name().as_bytes()).map_err(|_| {
            SigningError::BadSignerOutput {
                header: header.name().to_owned(),
            }
        })?;
        let mut value =
            HeaderValue::from_str(header.value()).map_err(|_| SigningError::BadSignerOutput {
                header: header.name().to_owned(),
            })?;
        value.set_sensitive(header.sensitive());
        request.headers.push((name, value));
    }
    Ok(())
}

/// The headers a server receives for `request` sent to `uri` by
/// [`crate::client::McpClient`]: the request's own, plus the `host` hyper adds
/// when the request has none. (hyper also adds `content-length`, which
/// nothing signs.)
pub fn wire_headers(request: &HttpRequest, uri: &Uri) -> Result<HeaderMap, SigningError> {
    let mut headers = HeaderMap::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        headers.append(name.clone(), value.clone());
    }
    if !headers.contains_key(HOST) {
        let host = wire_host(uri).ok_or_else(|| SigningError::NoHost {
            uri: uri.to_string(),
        })?;
        let value = HeaderValue::from_str(&host).map_err(|_| SigningError::NoHost {
            uri: uri.to_string(),
        })?;
        headers.insert(HOST, value);
    }
    Ok(headers)
}

/// The Host header hyper's client sends for `uri`: the host, with the port
/// only when it is not the scheme's default (hyper-util's
/// `get_non_default_port`). Userinfo is never part of it.
fn wire_host(uri: &Uri) -> Option<String> {
    let host = uri.host()?;
    let secure = matches!(uri.scheme_str(), Some("https" | "wss"));
    match uri.port_u16() {
        Some(443) if secure => Some(host.to_owned()),
        Some(80) if !secure => Some(host.to_owned()),
        Some(port) => Some(format!("{host}:{port}")),
        None => Some(host.to_owned()),
    }
}

/// The path and query as sent: already percent-encoded once.
fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query()
        .map(|pq| pq.as_str())
        .filter(|pq| pq.starts_with('/'))
        .unwrap_or("/")
}

fn settings(
    payload_checksum_kind: PayloadChecksumKind,
    excluded: Vec<Cow<'static, str>>,
) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Double;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Enabled;
    settings.payload_checksum_kind = payload_checksum_kind;
    settings.signature_location = SignatureLocation::Headers;
    settings.session_token_mode = SessionTokenMode::Include;
    settings.excluded_headers = Some(excluded);
    settings
}

fn run_signer(
    signable: SignableRequest<'_>,
    credentials: &Credentials,
    scope: &SigningScope,
    time: SystemTime,
    settings: SigningSettings,
    path: &str,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), SigningError> {
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| SigningError::Params {
            region: scope.region.clone(),
            service: scope.service.clone(),
            reason: error.to_string(),
        })?
        .into();
    let output = aws_sigv4::http_request::sign(signable, &params).map_err(|source| {
        SigningError::Signer {
            path: path.to_owned(),
            source,
        }
    })?;
    Ok(output.into_parts())
}

// ---------------------------------------------------------------------------
// Verifying
// ---------------------------------------------------------------------------

/// Who signed a request that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedCaller {
    pub access_key_id: String,
    pub region: String,
}

/// An AWS-style refusal: the HTTP status, the `x-amzn-ErrorType` value and
/// the message. Never quotes a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigV4Rejection {
    pub status: StatusCode,
    pub error_type: &'static str,
    pub message: String,
}

impl SigV4Rejection {
    fn new(error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            error_type,
            message: message.into(),
        }
    }

    fn incomplete(message: impl Into<String>) -> Self {
        Self::new(error_type::INCOMPLETE_SIGNATURE, message)
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(error_type::INVALID_SIGNATURE, message)
    }

    fn mismatch(detail: Option<String>) -> Self {
        match detail {
            Some(detail) => Self::invalid(format!("{SIGNATURE_MISMATCH}\n\n{detail}")),
            None => Self::invalid(SIGNATURE_MISMATCH),
        }
    }

    /// The response body AWS REST services send: `{"message": "..."}`.
    pub fn json_body(&self) -> String {
        serde_json::json!({ "message": self.message }).to_string()
    }
}

impl fmt::Display for SigV4Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.error_type,
            self.message
        )
    }
}

impl std::error::Error for SigV4Rejection {}

/// Verifies a SigV4-signed request as AWS would, and says who signed it.
///
/// `uri` is the request target as received: its path and query exactly as
/// on the wire (still percent-encoded once); an authority in it stands in
/// for a missing Host header (HTTP/2's `:authority`). `secrets` looks up the
/// credentials of an access key id; a session token in them must match the
/// request's `x-amz-security-token`. `now` is the verifier's clock.
///
/// The signature is recomputed with aws-sigv4 over exactly the request's
/// `SignedHeaders`, the received method, path and query, the SHA-256 of the
/// received `body` and the `x-amz-date` time, and compared in constant time.
/// The checks, their order and their answers are in the [module
/// documentation](self).
#[allow(clippy::too_many_arguments)]
pub fn verify(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    expected: &SigningScope,
    secrets: &dyn Fn(&str) -> Option<Credentials>,
    now: SystemTime,
    max_skew: Duration,
) -> Result<VerifiedCaller, SigV4Rejection> {
    let Some(authorization) = headers.get(AUTHORIZATION) else {
        return Err(SigV4Rejection::new(
            error_type::MISSING_AUTHENTICATION_TOKEN,
            "Missing Authentication Token",
        ));
    };
    let Ok(authorization) = authorization.to_str() else {
        return Err(not_sigv4(authorization.as_bytes()));
    };
    let authorization = authorization.trim();
    let auth = Authorization::parse(authorization)?;

    let date_header = headers
        .get(X_AMZ_DATE)
        .map(|value| value.to_str().unwrap_or_default());
    let mut missing = String::new();
    for (name, value) in [
        ("Credential", auth.credential),
        ("Signature", auth.signature),
    ] {
        if value.is_none_or(str::is_empty) {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    if auth.signed_headers.is_none() {
        missing.push_str("Authorization header requires 'SignedHeaders' parameter. ");
    }
    if date_header.is_none() {
        missing.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    let (Some(credential), Some(signature), Some(signed_headers), Some(date_text), true) = (
        auth.credential,
        auth.signature,
        auth.signed_headers,
        date_header,
        missing.is_empty(),
    ) else {
        return Err(SigV4Rejection::incomplete(format!(
            "{missing}Authorization={authorization}"
        )));
    };

    let Some(signed_at) = parse_amz_date(date_text) else {
        return Err(SigV4Rejection::incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{date_text}'. See http://en.wikipedia.org/wiki/ISO_8601"
        )));
    };
    check_skew(signed_at, date_text, now, max_skew)?;

    let mut signed_names: Vec<&str> = signed_headers
        .split(';')
        .filter(|name| !name.is_empty())
        .collect();
    signed_names.sort_unstable();
    signed_names.dedup();
    if !signed_names
        .iter()
        .any(|name| name.eq_ignore_ascii_case("host") || *name == ":authority")
    {
        return Err(SigV4Rejection::invalid(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    if auth.algorithm != ALGORITHM {
        return Err(SigV4Rejection::incomplete(format!(
            "Unsupported AWS 'algorithm': '{}' (only {ALGORITHM} for now). ",
            auth.algorithm
        )));
    }

    let parts: Vec<&str> = credential.trim_end_matches('/').split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = parts[..] else {
        return Err(SigV4Rejection::incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. \
             keyid/date/region/service/term, got '{credential}'"
        )));
    };
    check_scope(scope_date, region, service, terminator, date_text, expected)?;

    let unrecognized = || {
        SigV4Rejection::new(
            error_type::UNRECOGNIZED_CLIENT,
            "The security token included in the request is invalid.",
        )
    };
    let Some(credentials) = secrets(access_key_id) else {
        return Err(unrecognized());
    };
    if credentials.access_key_id() != access_key_id {
        return Err(unrecognized());
    }
    if credentials.expiry().is_some_and(|expiry| now >= expiry) {
        return Err(SigV4Rejection::new(
            error_type::EXPIRED_TOKEN,
            "The security token included in the request is expired",
        ));
    }

    let body_hash = hex::encode(Sha256::digest(body));
    if let Some(claimed) = headers.get(X_AMZ_CONTENT_SHA256)
        && claimed.as_bytes() != body_hash.as_bytes()
    {
        return Err(SigV4Rejection::mismatch(Some(
            "The x-amz-content-sha256 header is not the SHA-256 of the body received.".to_owned(),
        )));
    }

    let provided_token = headers
        .get(X_AMZ_SECURITY_TOKEN)
        .map(|value| value.to_str().unwrap_or_default());
    let recomputed = recompute_signature(
        method,
        uri,
        headers,
        body,
        &signed_names,
        &credentials,
        provided_token,
        region,
        service,
        signed_at,
    )?;
    if !bool::from(recomputed.as_bytes().ct_eq(signature.as_bytes())) {
        return Err(SigV4Rejection::mismatch(None));
    }

    let token_matches = match (credentials.session_token(), provided_token) {
        (None, None) => true,
        (Some(expected), Some(provided)) => {
            bool::from(expected.as_bytes().ct_eq(provided.as_bytes()))
        }
        _ => false,
    };
    if !token_matches {
        return Err(SigV4Rejection::new(
            error_type::UNRECOGNIZED_CLIENT,
            "The security token included in the request is invalid",
        ));
    }

    Ok(VerifiedCaller {
        access_key_id: access_key_id.to_owned(),
        region: region.to_owned(),
    })
}

/// The `Authorization` header's parts. AWS splits what follows the algorithm
/// on commas and whitespace alike, so `Credential=a, SignedHeaders=b,
/// Signature=c` and `Credential=a,SignedHeaders=b,Signature=c` both parse,
/// and a stray space inside a value makes its tail a part without `=`.
struct Authorization<'a> {
    algorithm: &'a str,
    credential: Option<&'a str>,
    signed_headers: Option<&'a str>,
    signature: Option<&'a str>,
}

impl<'a> Authorization<'a> {
    fn parse(header: &'a str) -> Result<Self, SigV4Rejection> {
        if !header.starts_with("AWS4-") {
            return Err(not_sigv4(header.as_bytes()));
        }
        let (algorithm, rest) = header
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((header, ""));
        let mut parsed = Self {
            algorithm,
            credential: None,
            signed_headers: None,
            signature: None,
        };
        let parts = rest
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|part| !part.is_empty());
        for part in parts {
            let Some((key, value)) = part.split_once('=') else {
                return Err(SigV4Rejection::incomplete(format!(
                    "'{part}' not a valid key=value pair (missing equal-sign) in Authorization \
                     header: '{header}'."
                )));
            };
            let slot = match key {
                "Credential" => &mut parsed.credential,
                "SignedHeaders" => &mut parsed.signed_headers,
                "Signature" => &mut parsed.signature,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        Ok(parsed)
    }
}

/// API Gateway's answer to an `Authorization` that is not SigV4 (a Bearer
/// token on an IAM route): it hashes the header rather than echo what may be
/// a secret.
fn not_sigv4(header: &[u8]) -> SigV4Rejection {
    let hashed = STANDARD.encode(Sha256::digest(header));
    SigV4Rejection::incomplete(format!(
        "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with \
         SHA-256 and encoded with Base64): '{hashed}'."
    ))
}

fn check_skew(
    signed_at: i64,
    date_text: &str,
    now: SystemTime,
    max_skew: Duration,
) -> Result<(), SigV4Rejection> {
    let now = unix_seconds(now);
    let skew = i64::try_from(max_skew.as_secs()).unwrap_or(i64::MAX);
    let skew_text = if max_skew.as_secs().is_multiple_of(60) {
        format!("{} min", max_skew.as_secs() / 60)
    } else {
        format!("{} sec", max_skew.as_secs())
    };
    if signed_at < now.saturating_sub(skew) {
        return Err(SigV4Rejection::invalid(format!(
            "Signature expired: {date_text} is now earlier than {} ({} - {skew_text}.)",
            format_amz_date(now.saturating_sub(skew)),
            format_amz_date(now),
        )));
    }
    if signed_at > now.saturating_add(skew) {
        return Err(SigV4Rejection::invalid(format!(
            "Signature not yet current: {date_text} is still later than {} ({} + {skew_text}.)",
            format_amz_date(now.saturating_add(skew)),
            format_amz_date(now),
        )));
    }
    Ok(())
}

/// AWS reports every wrong part of the scope at once, each sentence ending
/// in ". ".
fn check_scope(
    scope_date: &str,
    region: &str,
    service: &str,
    terminator: &str,
    date_text: &str,
    expected: &SigningScope,
) -> Result<(), SigV4Rejection> {
    let mut message = String::new();
    if region != expected.region {
        message.push_str(&format!(
            "Credential should be scoped to a valid region, not '{region}'. "
        ));
    }
    if service != expected.service {
        message.push_str(&format!(
            "Credential should be scoped to correct service: '{}'. ",
            expected.service
        ));
    }
    if terminator != "aws4_request" {
        message.push_str(&format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "
        ));
    }
    let request_day = &date_text[..8];
    if scope_date != request_day {
        message.push_str(&format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
             HTTP: '{scope_date}' != '{request_day}', from '{date_text}'."
        ));
    }
    if message.is_empty() {
        Ok(())
    } else {
        Err(SigV4Rejection::invalid(message))
    }
}

/// The signature aws-sigv4 computes for the request as received, signing
/// exactly `signed_names`.
///
/// aws-sigv4 adds `host` (from the URI when absent), `x-amz-date` (from the
/// time) and `x-amz-security-token` (from the credentials) to the canonical
/// headers itself, so those are fed through its parameters rather than as
/// headers, and `x-amz-date` is excluded when the client did not sign it.
/// The token goes in through the credentials, never as a plain header,
/// because aws-sigv4 logs plain headers at trace level and marks the token
/// sensitive.
#[allow(clippy::too_many_arguments)]
fn recompute_signature(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    signed_names: &[&str],
    credentials: &Credentials,
    provided_token: Option<&str>,
    region: &str,
    service: &str,
    signed_at: i64,
) -> Result<String, SigV4Rejection> {
    let absent = |name: &str| {
        SigV4Rejection::mismatch(Some(format!(
            "The signed header '{name}' is not in the request."
        )))
    };
    let not_text = |name: &str| {
        SigV4Rejection::mismatch(Some(format!(
            "The signed header '{name}' has a value that is not visible ASCII."
        )))
    };

    let mut signable_headers: Vec<(&str, &str)> = Vec::with_capacity(signed_names.len());
    let mut token = None;
    let mut excluded = vec![Cow::Borrowed(X_AMZ_DATE)];
    let authority = uri.authority().map(|authority| authority.as_str());
    for &name in signed_names {
        match name {
            X_AMZ_DATE => excluded.clear(),
            X_AMZ_SECURITY_TOKEN => token = Some(provided_token.ok_or_else(|| absent(name))?),
            "host" if !headers.contains_key(HOST) => {
                signable_headers.push(("host", authority.ok_or_else(|| absent(name))?));
            }
            _ => {
                let mut values = headers.get_all(name).iter().peekable();
                if values.peek().is_none() {
                    return Err(absent(name));
                }
                for value in values {
                    signable_headers.push((name, value.to_str().map_err(|_| not_text(name))?));
                }
            }
        }
    }

    let signing_credentials = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        token.map(str::to_owned),
        None,
        "sigv4-verifier",
    );
    let scope = SigningScope::new(region, service);
    let path = path_and_query(uri);
    let failed = |_| SigV4Rejection::mismatch(None);
    let signable = SignableRequest::new(
        method.as_str(),
        path,
        signable_headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(failed)?;
    let settings = settings(PayloadChecksumKind::NoHeader, excluded);
    let (_, signature) = run_signer(
        signable,
        &signing_credentials,
        &scope,
        system_time(signed_at),
        settings,
        path,
    )
    .map_err(|_| SigV4Rejection::mismatch(None))?;
    Ok(signature)
}

// ---------------------------------------------------------------------------
// Bad signatures, for the verifier's negative tests
// ---------------------------------------------------------------------------

/// One way a SigV4 signature can be wrong, each breaking exactly one thing
/// about an otherwise valid request. [`BadSignature::sign`] produces it; a
/// verifier that accepts it is missing exactly that check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadSignature {
    /// Signed with the right access key id but another secret key.
    ///
    /// The verifier must answer 403 `InvalidSignatureException`, "The request
    /// signature we calculated does not match the signature you provided..."
    /// ([`SIGNATURE_MISMATCH`]): only the recomputed signature can tell.
    WrongSecret,
    /// Scoped to another region (`us-west-2`, or `us-east-1` when that is the
    /// expected one): a client configured for the wrong region.
    ///
    /// 403 `InvalidSignatureException`, "Credential should be scoped to a
    /// valid region, not 'us-west-2'. ".
    WrongRegion,
    /// Scoped to the signing name `bedrock` (Bedrock's model runtime), the
    /// likely slip when signing for AgentCore by hand.
    ///
    /// 403 `InvalidSignatureException`, "Credential should be scoped to
    /// correct service: 'bedrock-agentcore'. ".
    WrongService,
    /// Signed [`DEFAULT_MAX_SKEW`] plus one minute before `now`: a request
    /// replayed, or a client with a slow clock.
    ///
    /// 403 `InvalidSignatureException`, `Signature expired: {date} is now
    /// earlier than {now - 5 min} ({now} - 5 min.)`, against a verifier
    /// allowing the default skew.
    StaleDate,
    /// Signed, then its body changed (a trailing newline appended, which
    /// leaves the JSON meaning the same): the signature covers the payload.
    ///
    /// 403 `InvalidSignatureException` with [`SIGNATURE_MISMATCH`]: the body's
    /// hash no longer matches `x-amz-content-sha256` nor the signature.
    BodyChangedAfterSigning,
    /// Signed correctly with an access key id the verifier does not know
    /// ([`UNKNOWN_ACCESS_KEY_ID`]).
    ///
    /// 403 `UnrecognizedClientException`, "The security token included in
    /// the request is invalid.".
    UnknownAccessKey,
}

/// The access key id [`BadSignature::UnknownAccessKey`] signs with: shaped
/// like a real one (AKIA, 20 characters), in no key store.
pub const UNKNOWN_ACCESS_KEY_ID: &str = "AKIAUNKNOWNEXAMPLE00";

impl BadSignature {
    pub const ALL: [BadSignature; 6] = [
        Self::WrongSecret,
        Self::WrongRegion,
        Self::WrongService,
        Self::StaleDate,
        Self::BodyChangedAfterSigning,
        Self::UnknownAccessKey,
    ];

    /// The `x-amzn-ErrorType` a verifier must answer with (always 403).
    pub fn expected_error_type(self) -> &'static str {
        match self {
            Self::UnknownAccessKey => error_type::UNRECOGNIZED_CLIENT,
            _ => error_type::INVALID_SIGNATURE,
        }
    }

    /// Signs `request` for `uri` the bad way, with a verifier's `scope` and
    /// clock `now` as reference: as [`sign`] would with `credentials`, except
    /// for the one thing this variant breaks.
    pub fn sign(
        self,
        request: &mut HttpRequest,
        uri: &Uri,
        credentials: &Credentials,
        scope: &SigningScope,
        now: SystemTime,
    ) -> Result<(), SigningError> {
        match self {
            Self::WrongSecret => {
                let wrong = Credentials::new(
                    credentials.access_key_id(),
                    "wrong/secret/KEYwJalrXUtnFEMI/K7MDENG+bPxRfiCY",
                    credentials.session_token().map(str::to_owned),
                    None,
                    "bad-signature",
                );
                sign(request, uri, &wrong, scope, now)
            }
            Self::WrongRegion => {
                let region = if scope.region == "us-west-2" {
                    "us-east-1"
                } else {
                    "us-west-2"
                };
                let wrong = SigningScope::new(region, scope.service.clone());
                sign(request, uri, credentials, &wrong, now)
            }
            Self::WrongService => {
                let service = if scope.service == "bedrock" {
                    crate::agentcore::SIGNING_NAME
                } else {
                    "bedrock"
                };
                let wrong = SigningScope::new(scope.region.clone(), service);
                sign(request, uri, credentials, &wrong, now)
            }
            Self::StaleDate => {
                let stale = now
                    .checked_sub(DEFAULT_MAX_SKEW + Duration::from_secs(60))
                    .unwrap_or(UNIX_EPOCH);
                sign(request, uri, credentials, scope, stale)
            }
            Self::BodyChangedAfterSigning => {
                sign(request, uri, credentials, scope, now)?;
                let mut body = request.body.to_vec();
                body.push(b'\n');
                request.body = body.into();
                Ok(())
            }
            Self::UnknownAccessKey => {
                let unknown = Credentials::new(
                    UNKNOWN_ACCESS_KEY_ID,
                    credentials.secret_access_key(),
                    None,
                    None,
                    "bad-signature",
                );
                sign(request, uri, &unknown, scope, now)
            }
        }
    }
}

// ---------------------------------------------------------------------------
// X-Amz-Date: YYYYMMDD'T'HHMMSS'Z', UTC
// ---------------------------------------------------------------------------

/// Seconds since the Unix epoch of a strict `YYYYMMDD'T'HHMMSS'Z'`.
fn parse_amz_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &text[range];
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // Rejects 31 April and the like: the day must survive a round trip.
    if civil_from_days(days) != (year, month, day) {
        return None;
    }
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

fn format_amz_date(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            // -0.5 s is in the second that starts at -1.
            -whole - i64::from(before.subsec_nanos() > 0)
        }
    }
}

fn system_time(seconds: i64) -> SystemTime {
    if seconds >= 0 {
        UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant,
/// *chrono-Compatible Low-Level Date Algorithms*).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Signs every request at sending time, for a [`crate::target::Target`]:
/// a signature covers its own time, so each retry is signed anew.
pub struct SigV4Signer {
    pub credentials: Credentials,
    pub scope: SigningScope,
}

impl std::fmt::Debug for SigV4Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Signer")
            .field("access_key_id", &self.credentials.access_key_id())
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl crate::target::RequestAuth for SigV4Signer {
    fn apply(&self, mut request: HttpRequest, uri: &Uri) -> Result<HttpRequest, String> {
        sign(
            &mut request,
            uri,
            &self.credentials,
            &self.scope,
            SystemTime::now(),
        )
        .map_err(|error| error.to_string())?;
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_bad_signature_once_in_order() {
        assert_all_lists_every_variant!(
            BadSignature::ALL,
            [
                BadSignature::WrongSecret,
                BadSignature::WrongRegion,
                BadSignature::WrongService,
                BadSignature::StaleDate,
                BadSignature::BodyChangedAfterSigning,
                BadSignature::UnknownAccessKey,
            ]
        );
    }

    #[test]
    fn amz_dates_round_trip_through_the_calendar() {
        for (text, seconds) in [
            ("19700101T000000Z", 0),
            ("19691231T235959Z", -1),
            ("20000229T120000Z", 951_825_600),
            ("20240229T235959Z", 1_709_251_199),
            ("20260115T093000Z", 1_768_469_400),
            ("99991231T235959Z", 253_402_300_799),
        ] {
            assert_eq!(parse_amz_date(text), Some(seconds), "{text}");
            assert_eq!(format_amz_date(seconds), text);
        }
    }

    #[test]
    fn malformed_amz_dates_are_refused() {
        for text in [
            "",
            "20260115",
            "20260115T093000",
            "20260115t093000Z",
            "20260115T093000z",
            "2026-01-15T09:30:00Z",
            "20230229T000000Z",
            "20260431T000000Z",
            "20261301T000000Z",
            "20260100T000000Z",
            "20260115T240000Z",
            "20260115T096000Z",
            "20260115T093060Z",
            "+0260115T093000Z",
            "2026011 T093000Z",
        ] {
            assert_eq!(parse_amz_date(text), None, "{text:?}");
        }
    }

    /// Our calendar and aws-sigv4's (the `time` crate) agree on every date
    /// the signer writes.
    #[test]
    fn amz_date_formatting_agrees_with_aws_sigv4() {
        let uri: Uri = "https://example.amazonaws.com/".parse().unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let scope = SigningScope::agentcore("us-east-1");
        // Every 37 days and 7 hours or so from 1970 to 2100.
        let mut seconds = 0_i64;
        while seconds < 4_102_444_800 {
            let mut request = HttpRequest::new(Method::GET);
            sign(
                &mut request,
                &uri,
                &credentials,
                &scope,
                system_time(seconds),
            )
            .unwrap();
            let written = request
                .header(&HeaderName::from_static(X_AMZ_DATE))
                .unwrap()
                .to_str()
                .unwrap();
            assert_eq!(written, format_amz_date(seconds));
            assert_eq!(parse_amz_date(written), Some(seconds));
            seconds += 3_222_007;
        }
    }

    #[test]
    fn times_before_the_epoch_round_down() {
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_millis(500)), -1);
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_secs(2)), -2);
        assert_eq!(unix_seconds(UNIX_EPOCH + Duration::from_millis(1_500)), 1);
        assert_eq!(system_time(-2), UNIX_EPOCH - Duration::from_secs(2));
    }

    #[test]
    fn the_authorization_header_splits_on_commas_and_whitespace() {
        for header in [
            "AWS4-HMAC-SHA256 Credential=A/B/C/D/E, SignedHeaders=host;x-amz-date, Signature=ab",
            "AWS4-HMAC-SHA256 Credential=A/B/C/D/E,SignedHeaders=host;x-amz-date,Signature=ab",
            "AWS4-HMAC-SHA256\tCredential=A/B/C/D/E ,\tSignedHeaders=host;x-amz-date  Signature=ab",
            "AWS4-HMAC-SHA256 Signature=ab, Extra=1, Credential=A/B/C/D/E, SignedHeaders=host;x-amz-date",
        ] {
            let parsed = Authorization::parse(header).unwrap();
            assert_eq!(parsed.algorithm, ALGORITHM, "{header}");
            assert_eq!(parsed.credential, Some("A/B/C/D/E"), "{header}");
            assert_eq!(parsed.signed_headers, Some("host;x-amz-date"), "{header}");
            assert_eq!(parsed.signature, Some("ab"), "{header}");
        }
    }

    #[test]
    fn the_first_of_repeated_parts_counts() {
        let parsed =
            Authorization::parse("AWS4-HMAC-SHA256 Signature=first, Signature=second").unwrap();
        assert_eq!(parsed.signature, Some("first"));
    }

    #[test]
    fn the_wire_host_omits_only_the_schemes_default_port() {
        for (uri, host) in [
            ("https://a.example/x", "a.example"),
            ("https://a.example:443/x", "a.example"),
            ("https://a.example:80/x", "a.example:80"),
            ("http://a.example:80/x", "a.example"),
            ("http://a.example:443/x", "a.example:443"),
            ("http://127.0.0.1:8000/mcp", "127.0.0.1:8000"),
            ("http://user:pw@a.example:8000/mcp", "a.example:8000"),
            ("http://[::1]:8000/mcp", "[::1]:8000"),
        ] {
            let uri: Uri = uri.parse().unwrap();
            assert_eq!(wire_host(&uri).as_deref(), Some(host), "{uri}");
        }
        assert_eq!(wire_host(&"/relative".parse().unwrap()), None);
    }

    #[test]
    fn a_skew_in_seconds_is_worded_in_seconds() {
        let now = system_time(1_768_469_400);
        let rejection = check_skew(
            1_768_469_400 - 91,
            "20260115T092829Z",
            now,
            Duration::from_secs(90),
        )
        .unwrap_err();
        assert_eq!(
            rejection.message,
            "Signature expired: 20260115T092829Z is now earlier than 20260115T092830Z \
             (20260115T093000Z - 90 sec.)"
        );
    }
}
