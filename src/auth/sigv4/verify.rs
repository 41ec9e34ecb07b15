//! Verifying: a SigV4-signed request checked the way AWS's front door
//! checks it, for a local emulation of an IAM-authorised AgentCore runtime.
//!
//! A [`Verifier`] holds what a service knows before any request arrives (its
//! region and signing name, the credentials of each access key id, the clock
//! skew it allows, its clock) and [`Verifier::verify`] checks one request
//! against it. The signature is recomputed with aws-sigv4 over exactly what
//! the client says it signed: "When an AWS service receives the request, it
//! performs the same steps that you did to calculate the signature you sent
//! in your request. AWS then compares its calculated signature to the one
//! you sent" (AWS General Reference, *Signature Version 4 signing process*).
//! The checks, their order and their answers (each a [`SigV4Rejection`], as
//! AWS services word them, the IAM User Guide's *Troubleshoot signed
//! requests for AWS APIs* giving the gist; AgentCore Control's *Common
//! Errors* for the status) are tabled in the [module documentation](super).

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SignableRequest};
use base64::{Engine, engine::general_purpose::STANDARD};
use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, Method, StatusCode, Uri};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::date::{format_amz_date, parse_amz_date};
use super::sign::{path_and_query, run_signer, settings};
use super::{
    ALGORITHM, DEFAULT_MAX_SKEW, SIGNATURE_MISMATCH, SigningScope, X_AMZ_CONTENT_SHA256,
    X_AMZ_DATE, X_AMZ_SECURITY_TOKEN, error_type,
};
use crate::time::{system_time, unix_seconds};

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

/// A SigV4 verifier: what a service knows before a request arrives.
///
/// `secrets` looks up the credentials of an access key id (`None`: unknown
/// key); a session token in them must match the request's
/// `x-amz-security-token`, and an expiry in them is checked against the
/// verifier's clock.
///
/// ```
/// # use aws_credential_types::Credentials;
/// # use mcp_matrix::auth::sigv4::{SigningScope, Verifier};
/// # let known = Credentials::new("AKIDEXAMPLE", "not-a-real-secret", None, None, "example");
/// let verifier = Verifier::new(SigningScope::agentcore("us-east-1"), |akid: &str| {
///     (akid == known.access_key_id()).then(|| known.clone())
/// })
/// .with_max_skew(std::time::Duration::from_secs(15 * 60));
/// ```
pub struct Verifier<S> {
    scope: SigningScope,
    secrets: S,
    max_skew: Duration,
    now: Option<SystemTime>,
}

impl<S> Verifier<S>
where
    S: Fn(&str) -> Option<Credentials>,
{
    /// A verifier for signatures scoped to `scope`, allowing
    /// [`DEFAULT_MAX_SKEW`] of clock skew, on the system clock.
    pub fn new(scope: SigningScope, secrets: S) -> Self {
        Self {
            scope,
            secrets,
            max_skew: DEFAULT_MAX_SKEW,
            now: None,
        }
    }

    /// Allows `max_skew` between the request's `X-Amz-Date` and the clock,
    /// either way.
    pub fn with_max_skew(self, max_skew: Duration) -> Self {
        Self { max_skew, ..self }
    }

    /// Verifies as if the time were `now`, rather than reading the system
    /// clock at each request.
    pub fn at(self, now: SystemTime) -> Self {
        Self {
            now: Some(now),
            ..self
        }
    }

    /// Verifies a SigV4-signed request as AWS would, and says who signed it.
    ///
    /// `uri` is the request target as received: its path and query exactly
    /// as on the wire (still percent-encoded once); an authority in it
    /// stands in for a missing Host header (HTTP/2's `:authority`).
    ///
    /// The signature is recomputed with aws-sigv4 over exactly the request's
    /// `SignedHeaders`, the received method, path and query, the SHA-256 of
    /// the received `body` and the `x-amz-date` time, and compared in
    /// constant time. The checks, their order and their answers are in the
    /// [module documentation](super).
    pub fn verify(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<VerifiedCaller, SigV4Rejection> {
        let now = self.now.unwrap_or_else(SystemTime::now);
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
        check_skew(signed_at, date_text, now, self.max_skew)?;

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
        check_scope(
            scope_date,
            region,
            service,
            terminator,
            date_text,
            &self.scope,
        )?;

        let unrecognized = || {
            SigV4Rejection::new(
                error_type::UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid.",
            )
        };
        let Some(credentials) = (self.secrets)(access_key_id) else {
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
                "The x-amz-content-sha256 header is not the SHA-256 of the body received."
                    .to_owned(),
            )));
        }

        let provided_token = headers
            .get(X_AMZ_SECURITY_TOKEN)
            .map(|value| value.to_str().unwrap_or_default());
        let received = Received {
            method,
            uri,
            headers,
            body,
        };
        let claim = Claim {
            signed_names: &signed_names,
            credentials: &credentials,
            provided_token,
            scope: SigningScope::new(region, service),
            signed_at,
        };
        let recomputed = received.signature(&claim)?;
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
}

/// Shows the configuration, never the credentials.
impl<S> fmt::Debug for Verifier<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("scope", &self.scope)
            .field("max_skew", &self.max_skew)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
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

/// The request's time, `signed_at` (written `date_text`), within `max_skew`
/// of `now` either way, or AWS's answer saying by how much it is not.
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

/// The request as received: what the signature is recomputed over.
struct Received<'a> {
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// What the client's `Authorization` claims was signed, resolved against the
/// verifier's credentials: the header names, the key (with the token the
/// request carries), the scope and the time.
struct Claim<'a> {
    signed_names: &'a [&'a str],
    credentials: &'a Credentials,
    provided_token: Option<&'a str>,
    scope: SigningScope,
    signed_at: i64,
}

impl Received<'_> {
    /// The signature aws-sigv4 computes for the request as received, signing
    /// exactly the claim's header names.
    ///
    /// aws-sigv4 adds `host` (from the URI when absent), `x-amz-date` (from
    /// the time) and `x-amz-security-token` (from the credentials) to the
    /// canonical headers itself, so those are fed through its parameters
    /// rather than as headers, and `x-amz-date` is excluded when the client
    /// did not sign it. The token goes in through the credentials, never as
    /// a plain header, because aws-sigv4 logs plain headers at trace level
    /// and marks the token sensitive.
    fn signature(&self, claim: &Claim<'_>) -> Result<String, SigV4Rejection> {
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

        let mut signable_headers: Vec<(&str, &str)> = Vec::with_capacity(claim.signed_names.len());
        let mut token = None;
        let mut excluded = vec![Cow::Borrowed(X_AMZ_DATE)];
        let authority = self.uri.authority().map(|authority| authority.as_str());
        for &name in claim.signed_names {
            match name {
                X_AMZ_DATE => excluded.clear(),
                X_AMZ_SECURITY_TOKEN => {
                    token = Some(claim.provided_token.ok_or_else(|| absent(name))?);
                }
                "host" if !self.headers.contains_key(HOST) => {
                    signable_headers.push(("host", authority.ok_or_else(|| absent(name))?));
                }
                _ => {
                    let mut values = self.headers.get_all(name).iter().peekable();
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
            claim.credentials.access_key_id(),
            claim.credentials.secret_access_key(),
            token.map(str::to_owned),
            None,
            "sigv4-verifier",
        );
        // parse_amz_date only reads years 0 to 9999, which every platform's
        // clock can hold; should one not, nothing can match.
        let signed_at =
            system_time(claim.signed_at).ok_or_else(|| SigV4Rejection::mismatch(None))?;
        let path = path_and_query(self.uri);
        let failed = |_| SigV4Rejection::mismatch(None);
        let signable = SignableRequest::new(
            self.method.as_str(),
            path,
            signable_headers.into_iter(),
            SignableBody::Bytes(self.body),
        )
        .map_err(failed)?;
        let settings = settings(PayloadChecksumKind::NoHeader, excluded);
        let (_, signature) = run_signer(
            signable,
            &signing_credentials,
            &claim.scope,
            signed_at,
            settings,
            path,
        )
        .map_err(|_| SigV4Rejection::mismatch(None))?;
        Ok(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_skew_in_seconds_is_worded_in_seconds() {
        let now = system_time(1_768_469_400).expect("2026 is within range");
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
