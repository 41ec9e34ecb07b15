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
//!   Version 4*). That is [`PercentEncodingMode::Double`](aws_sigv4::http_request::PercentEncodingMode::Double), with path
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
//! Nothing secret leaves this module: [`Credentials`](aws_credential_types::Credentials)' `Debug` redacts the
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
//! let known = credentials.clone();
//! let verifier = sigv4::Verifier::new(scope, move |akid: &str| {
//!     (akid == "AKIDEXAMPLE").then(|| known.clone())
//! })
//! .at(now)
//! .with_max_skew(sigv4::DEFAULT_MAX_SKEW);
//! let caller = verifier.verify(&request.method, &uri, &headers, &request.body)?;
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
//!
//! # Layout
//!
//! Signing is in `sign` ([`sign()`], [`wire_headers`]), verifying in `verify`
//! ([`Verifier`]), the `X-Amz-Date` format in `date`, the deliberately bad
//! signatures of the negative tests in `bad_signature` ([`BadSignature`]),
//! and the [`crate::target::RequestAuth`] adapter in `request_auth`
//! ([`SigV4Signer`]). This file holds what they share: the signing scope,
//! the header names and the error vocabulary.

mod bad_signature;
mod date;
mod request_auth;
mod sign;
mod verify;

use std::time::Duration;

pub use bad_signature::{BadSignature, UNKNOWN_ACCESS_KEY_ID};
pub use request_auth::SigV4Signer;
pub use sign::{SigningError, sign, wire_headers};
pub use verify::{SigV4Rejection, VerifiedCaller, Verifier};

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
