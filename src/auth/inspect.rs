//! Explains a JWT against a runtime's `customJWTAuthorizer`, without
//! verifying its signature and without keeping the token.
//!
//! [`decode`] reads the header and the claims of a compact JWS (RFC 7515
//! §7.1: three base64url parts, `header.payload.signature`); the signature
//! is checked for shape only and dropped, so nothing here can print it.
//! [`check`] applies the claim checks of AgentCore's inbound JWT authorizer
//! ("Configure inbound JWT authorizer", [`AWS_JWT_AUTHORIZER_DOC`]) and
//! returns every [`Mismatch`] with the fix, where the authorizer stops at
//! the first one:
//!
//! - `exp` and `nbf` (RFC 7519 §4.1.4, §4.1.5), with the front door's
//!   clock leeway ([`DEFAULT_JWT_LEEWAY`]);
//! - `iss` against the issuer of the `discoveryUrl`, which is that URL
//!   without `/.well-known/openid-configuration` (OpenID Connect Discovery
//!   1.0 §4 and §4.3);
//! - `allowedClients` against `client_id`, `allowedAudience` against `aud`,
//!   `allowedScopes` against `scope`, and each `customClaims` rule.
//!
//! The most common failure is a Cognito ID token sent to a runtime that
//! lists `allowedClients`: "Amazon Cognito renders the same value in the
//! access token `client_id` claim as the ID token `aud` claim" (Cognito
//! developer guide, *Using the access token*), so the ID token has no
//! `client_id` and AgentCore answers `Claim 'client_id' value mismatch with
//! configuration.`

use std::{fmt, time::SystemTime};

use base64::{
    Engine,
    alphabet::URL_SAFE,
    engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig},
};
use serde_json::{Map, Value};

use crate::agentcore::{
    ClaimMatchValue, ClaimOperator, ClaimValueType, CustomClaim, CustomJwtAuthorizer,
    DEFAULT_JWT_LEEWAY,
    claims::{self, audiences, scopes},
};

/// AgentCore developer guide, "Configure inbound JWT authorizer".
pub const AWS_JWT_AUTHORIZER_DOC: &str =
    "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/inbound-jwt-authorizer.html";
/// Cognito developer guide, "Understanding the access token".
pub const COGNITO_ACCESS_TOKEN_DOC: &str = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html";
/// Cognito developer guide, "Understanding the identity (ID) token".
pub const COGNITO_ID_TOKEN_DOC: &str = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html";
/// RFC 7519 §4.1.4, the `exp` claim.
pub const RFC_EXP: &str = "RFC 7519 §4.1.4 (https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4)";
/// RFC 7519 §4.1.5, the `nbf` claim.
pub const RFC_NBF: &str = "RFC 7519 §4.1.5 (https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5)";
/// OpenID Connect Discovery 1.0 §4.3: the issuer must be identical to the
/// URL the configuration was retrieved from, minus the well-known suffix.
pub const OIDC_DISCOVERY_ISSUER: &str = "OpenID Connect Discovery 1.0 §4.3 (https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation)";

/// The suffix AgentCore requires of a `discoveryUrl`.
pub const DISCOVERY_SUFFIX: &str = "/.well-known/openid-configuration";

/// The decoded header and claims of a token. Holds neither the token nor
/// its signature.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenView {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub kind: TokenKind,
}

/// Which Cognito token this is, from its `token_use` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `token_use: id`: `aud` is the app client id; no `client_id`, no `scope`.
    CognitoId,
    /// `token_use: access`: `client_id` and `scope`; no `aud`.
    CognitoAccess,
    /// No `token_use` Cognito would write.
    Other,
}

impl TokenKind {
    fn of(claims: &Map<String, Value>) -> Self {
        match claims.get("token_use").and_then(Value::as_str) {
            Some("id") => Self::CognitoId,
            Some("access") => Self::CognitoAccess,
            _ => Self::Other,
        }
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CognitoId => "Cognito ID token",
            Self::CognitoAccess => "Cognito access token",
            Self::Other => "not a Cognito token (no token_use of \"id\" or \"access\")",
        })
    }
}

/// Why a text is not a JWT. The messages never quote the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectError {
    #[error("the token is empty")]
    Empty,
    #[error(
        "the token has {0} dot-separated part(s); a JWT has 3 (header.payload.signature, RFC 7515 §7.1)"
    )]
    Parts(usize),
    #[error(
        "the token's {0} is not base64url (RFC 7515 §2): it has a character outside A-Z a-z 0-9 - _"
    )]
    Base64(Part),
    #[error("the token's {part} is not UTF-8 JSON: {reason}")]
    Json { part: Part, reason: String },
    #[error("the token's {0} is JSON but not an object (RFC 7519 §7.2)")]
    NotObject(Part),
}

/// A part of a compact JWS, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Header => "header (1st part)",
            Self::Payload => "payload (2nd part)",
            Self::Signature => "signature (3rd part)",
        })
    }
}

/// base64url; JWS forbids padding, but a padded part is still readable, and
/// the point here is to explain the token, not to judge its encoding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes `token` (surrounding whitespace and a `Bearer ` prefix allowed)
/// without checking its signature.
pub fn decode(token: &str) -> Result<TokenView, InspectError> {
    let token = token.trim();
    let token = token
        .strip_prefix("Bearer ")
        .or_else(|| token.strip_prefix("bearer "))
        .unwrap_or(token)
        .trim();
    if token.is_empty() {
        return Err(InspectError::Empty);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(InspectError::Parts(parts.len()));
    };
    let header = object(header, Part::Header)?;
    let claims = object(payload, Part::Payload)?;
    BASE64URL
        .decode(signature)
        .map_err(|_| InspectError::Base64(Part::Signature))?;
    let kind = TokenKind::of(&claims);
    Ok(TokenView {
        header,
        claims,
        kind,
    })
}

fn object(part: &str, which: Part) -> Result<Map<String, Value>, InspectError> {
    let bytes = BASE64URL
        .decode(part)
        .map_err(|_| InspectError::Base64(which))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InspectError::NotObject(which)),
        Err(error) => Err(InspectError::Json {
            part: which,
            reason: error.to_string(),
        }),
    }
}

/// One check of the authorizer the token fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The claim AgentCore names, e.g. `client_id` in `Claim 'client_id'
    /// value mismatch with configuration.`
    pub claim: String,
    /// What the token has against what the authorizer wants.
    pub problem: String,
    /// What to change: the token, or the authorizer.
    pub fix: String,
    /// Where the rule comes from: an AWS documentation URL or an RFC.
    pub source: &'static str,
}

/// Every check of `authorizer` that `view` fails at `now`; empty when the
/// authorizer would accept its claims (the signature is not checked).
pub fn check(view: &TokenView, authorizer: &CustomJwtAuthorizer, now: SystemTime) -> Vec<Mismatch> {
    let claims = &view.claims;
    let now = crate::time::unix_seconds(now);
    let mut found = Vec::new();
    found.extend(check_times(claims, now));
    found.extend(check_issuer(claims, &authorizer.discovery_url));
    found.extend(check_client(view, &authorizer.allowed_clients));
    found.extend(check_audience(view, &authorizer.allowed_audience));
    found.extend(check_scopes(view, authorizer));
    found.extend(
        authorizer
            .custom_claims
            .iter()
            .filter_map(|rule| check_custom(claims, rule)),
    );
    found
}

/// A NumericDate claim (RFC 7519 §2: seconds, possibly fractional).
pub fn numeric_date(claims: &Map<String, Value>, name: &str) -> Option<Result<i64, ()>> {
    claims.get(name).map(|value| {
        value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .ok_or(())
    })
}

/// `when` as a UTC date and relative to `now`, e.g.
/// `2025-11-24T08:00:00Z, 3 h ago`.
pub fn describe_time(when: i64, now: i64) -> String {
    let date = jiff::Timestamp::from_second(when)
        .map_or_else(|_| "a date out of range".to_owned(), |t| t.to_string());
    let delta = when.saturating_sub(now);
    let span = human_span(delta.unsigned_abs());
    match delta {
        0 => format!("{date}, now"),
        d if d < 0 => format!("{date}, {span} ago"),
        _ => format!("{date}, in {span}"),
    }
}

fn human_span(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

fn check_times(claims: &Map<String, Value>, now: i64) -> Vec<Mismatch> {
    let leeway = i64::try_from(DEFAULT_JWT_LEEWAY.as_secs()).unwrap_or(0);
    let mut found = Vec::new();
    match numeric_date(claims, "exp") {
        None => found.push(Mismatch {
            claim: "exp".into(),
            problem: "the token has no exp claim; the authorizer requires one".into(),
            fix: "use a token from your identity provider as issued: Cognito always sets exp"
                .into(),
            source: RFC_EXP,
        }),
        Some(Err(())) => found.push(not_a_date("exp", RFC_EXP)),
        Some(Ok(exp)) if exp < now.saturating_sub(leeway) => found.push(Mismatch {
            claim: "exp".into(),
            problem: format!(
                "the token expired ({}); AgentCore answers \"Token has expired\"",
                describe_time(exp, now)
            ),
            fix: "get a new token: sign in again (InitiateAuth) or use the refresh token; \
                  Cognito access and ID tokens last one hour by default"
                .into(),
            source: RFC_EXP,
        }),
        Some(Ok(_)) => {}
    }
    match numeric_date(claims, "nbf") {
        None => {}
        Some(Err(())) => found.push(not_a_date("nbf", RFC_NBF)),
        Some(Ok(nbf)) if nbf > now.saturating_add(leeway) => found.push(Mismatch {
            claim: "nbf".into(),
            problem: format!(
                "nbf is {}: the token is not valid yet; AgentCore answers \"Token is not yet valid\"",
                describe_time(nbf, now)
            ),
            fix: "check this machine's clock and the issuer's; or wait until nbf".into(),
            source: RFC_NBF,
        }),
        Some(Ok(_)) => {}
    }
    found
}

fn not_a_date(claim: &str, source: &'static str) -> Mismatch {
    Mismatch {
        claim: claim.into(),
        problem: format!("{claim} is not a NumericDate (a number of seconds since 1970)"),
        fix: "use a token from your identity provider as issued".into(),
        source,
    }
}

/// The issuer a discovery URL names, if it has the required suffix.
pub fn issuer_of(discovery_url: &str) -> Option<&str> {
    discovery_url.strip_suffix(DISCOVERY_SUFFIX)
}

fn check_issuer(claims: &Map<String, Value>, discovery_url: &str) -> Option<Mismatch> {
    let iss = claims.get("iss").and_then(Value::as_str);
    let Some(wanted) = issuer_of(discovery_url) else {
        return Some(Mismatch {
            claim: "iss".into(),
            problem: format!(
                "the authorizer's discoveryUrl {discovery_url:?} does not end in {DISCOVERY_SUFFIX}, so it names no issuer to compare iss with"
            ),
            fix: format!(
                "set discoveryUrl to the issuer followed by {DISCOVERY_SUFFIX}{}",
                iss.map(|iss| format!(", here {iss}{DISCOVERY_SUFFIX}"))
                    .unwrap_or_default()
            ),
            source: AWS_JWT_AUTHORIZER_DOC,
        });
    };
    match iss {
        Some(iss) if iss == wanted => None,
        Some(iss) => Some(Mismatch {
            claim: "iss".into(),
            problem: format!(
                "the token's iss is {iss:?}, the authorizer's discoveryUrl names {wanted:?}"
            ),
            fix: format!(
                "send a token of the user pool at {wanted}, or set discoveryUrl to \
                 {iss}{DISCOVERY_SUFFIX} (the issuer must match exactly, region and pool id included)"
            ),
            source: OIDC_DISCOVERY_ISSUER,
        }),
        None => Some(Mismatch {
            claim: "iss".into(),
            problem: format!("the token has no iss; the authorizer wants {wanted:?}"),
            fix: format!("send a token issued by {wanted}"),
            source: OIDC_DISCOVERY_ISSUER,
        }),
    }
}

/// `[a, b]` for messages.
fn list(values: &[String]) -> String {
    format!("[{}]", values.join(", "))
}

fn check_client(view: &TokenView, allowed: &[String]) -> Option<Mismatch> {
    if allowed.is_empty() {
        return None;
    }
    let client = claims::client_id(&view.claims);
    if client.is_some_and(|client| allowed.iter().any(|a| a == client)) {
        return None;
    }
    let aud = audiences(&view.claims);
    let (problem, fix, source) = match (client, view.kind) {
        (None, TokenKind::CognitoId) => (
            format!(
                "this is a Cognito ID token: it has no client_id (its app client is in aud{}), \
                 and allowedClients {} checks client_id; AgentCore answers \
                 \"Claim 'client_id' value mismatch with configuration.\"",
                shown_list(&aud),
                list(allowed)
            ),
            format!(
                "send the access token (AccessToken from InitiateAuth, access_token from the \
                 token endpoint) instead of the ID token, or configure allowedAudience{} instead \
                 of allowedClients",
                shown_list(&aud)
            ),
            COGNITO_ACCESS_TOKEN_DOC,
        ),
        (None, _) => (
            format!(
                "the token has no client_id; allowedClients {} checks client_id",
                list(allowed)
            ),
            "send an access token issued to one of the allowed app clients, or configure \
             allowedAudience to check aud instead"
                .to_owned(),
            AWS_JWT_AUTHORIZER_DOC,
        ),
        (Some(client), _) => (
            format!(
                "client_id is {client:?}, allowedClients is {}",
                list(allowed)
            ),
            format!(
                "sign in with one of the allowed app clients, or add {client:?} to allowedClients"
            ),
            AWS_JWT_AUTHORIZER_DOC,
        ),
    };
    Some(Mismatch {
        claim: "client_id".into(),
        problem,
        fix,
        source,
    })
}

/// ` [a, b]`, or nothing when empty.
fn shown_list(values: &[&str]) -> String {
    if values.is_empty() {
        String::new()
    } else {
        format!(" [{}]", values.join(", "))
    }
}

fn check_audience(view: &TokenView, allowed: &[String]) -> Option<Mismatch> {
    if allowed.is_empty() {
        return None;
    }
    let aud = audiences(&view.claims);
    if aud.iter().any(|aud| allowed.iter().any(|a| a == aud)) {
        return None;
    }
    let client = claims::client_id(&view.claims);
    let (problem, fix, source) = match (aud.is_empty(), view.kind) {
        (true, TokenKind::CognitoAccess) => (
            format!(
                "this is a Cognito access token: it has no aud (its app client is in client_id{}), \
                 and allowedAudience {} checks aud; AgentCore answers \
                 \"Claim 'aud' value mismatch with configuration.\"",
                client.map(|c| format!(" {c:?}")).unwrap_or_default(),
                list(allowed)
            ),
            format!(
                "send the ID token instead, or configure allowedClients{} instead of \
                 allowedAudience",
                client.map(|c| format!(" [{c}]")).unwrap_or_default()
            ),
            COGNITO_ID_TOKEN_DOC,
        ),
        (true, _) => (
            format!(
                "the token has no aud; allowedAudience {} checks aud",
                list(allowed)
            ),
            "send a token whose aud is one of allowedAudience, or check client_id with \
             allowedClients instead"
                .to_owned(),
            AWS_JWT_AUTHORIZER_DOC,
        ),
        (false, _) => (
            format!(
                "aud is [{}], allowedAudience is {}",
                aud.join(", "),
                list(allowed)
            ),
            format!(
                "sign in with one of the allowed app clients, or add {:?} to allowedAudience",
                aud[0]
            ),
            AWS_JWT_AUTHORIZER_DOC,
        ),
    };
    Some(Mismatch {
        claim: "aud".into(),
        problem,
        fix,
        source,
    })
}

fn check_scopes(view: &TokenView, authorizer: &CustomJwtAuthorizer) -> Option<Mismatch> {
    let allowed = &authorizer.allowed_scopes;
    if allowed.is_empty() {
        return None;
    }
    let have = scopes(&view.claims);
    if have.iter().any(|scope| allowed.iter().any(|a| a == scope)) {
        return None;
    }
    // A scope the runtime advertises (advertisedScopeMapping) is the name to
    // request, not the one checked: "Each key is a scope from allowedScopes
    // that the service uses for token validation" (botocore model).
    let advertised = authorizer
        .advertised_scope_mapping
        .iter()
        .find(|(original, advertised)| {
            allowed.contains(original) && have.contains(&advertised.as_str())
        });
    let (problem, fix) = if view.kind == TokenKind::CognitoId {
        (
            format!(
                "this is a Cognito ID token: it carries no scope, and allowedScopes {} needs one",
                list(allowed)
            ),
            "send the access token instead of the ID token".to_owned(),
        )
    } else if let Some((original, advertised)) = advertised {
        (
            format!(
                "the token carries {advertised}, the name advertisedScopeMapping gives clients \
                 for {original}; the authorizer checks the token for allowedScopes {}",
                list(allowed)
            ),
            format!(
                "have the identity provider issue {original} in the token for a request of \
                 {advertised}, or add {advertised} to allowedScopes"
            ),
        )
    } else {
        (
            format!(
                "the token's scopes are [{}], allowedScopes is {} (one must match)",
                have.join(" "),
                list(allowed)
            ),
            format!(
                "request one of {} (scope=... in the client_credentials request; the app client \
                 must be allowed it), or add a scope the token has to allowedScopes",
                list(allowed)
            ),
        )
    };
    Some(Mismatch {
        claim: "scope".into(),
        problem,
        fix,
        source: AWS_JWT_AUTHORIZER_DOC,
    })
}

fn check_custom(claims: &Map<String, Value>, rule: &CustomClaim) -> Option<Mismatch> {
    let name = &rule.inbound_token_claim_name;
    let value = claims.get(name);
    if rule.is_satisfied_by(value) {
        return None;
    }
    let has = value.map_or_else(|| "no such claim".to_owned(), Value::to_string);
    Some(Mismatch {
        claim: name.clone(),
        problem: format!(
            "{name} is {has}; the customClaims rule wants {}",
            describe_rule(rule)
        ),
        fix: format!(
            "give the user the claim (e.g. a Cognito pre token generation trigger adds it to \
             the token), or change the customClaims rule on {name}"
        ),
        source: AWS_JWT_AUTHORIZER_DOC,
    })
}

/// A `customClaims` rule in words: `a string equal to "x"`.
pub fn describe_rule(rule: &CustomClaim) -> String {
    let kind = match rule.inbound_token_claim_value_type {
        ClaimValueType::String => "a string",
        ClaimValueType::StringArray => "a string array",
    };
    let values = match &rule.authorizing_claim_match_value.claim_match_value {
        ClaimMatchValue::MatchValueString(value) => format!("{value:?}"),
        ClaimMatchValue::MatchValueStringList(values) => format!("{values:?}"),
    };
    let operator = match rule.authorizing_claim_match_value.claim_match_operator {
        ClaimOperator::Equals => "equal to",
        ClaimOperator::Contains => "containing",
        ClaimOperator::ContainsAny => "containing any of",
    };
    format!("{kind} {operator} {values}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn token(header: &Value, claims: &Value) -> String {
        let seg = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.c2ln", seg(header), seg(claims))
    }

    fn at(seconds: i64) -> SystemTime {
        crate::time::system_time(seconds).expect("a test time within range")
    }

    const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";

    fn authorizer() -> CustomJwtAuthorizer {
        CustomJwtAuthorizer {
            discovery_url: format!("{ISS}{DISCOVERY_SUFFIX}"),
            allowed_clients: vec!["client1".into()],
            ..Default::default()
        }
    }

    fn id_token() -> TokenView {
        decode(&token(
            &json!({"alg": "RS256", "kid": "k"}),
            &json!({"iss": ISS, "aud": "client1", "token_use": "id", "exp": NOW + 600}),
        ))
        .unwrap()
    }

    #[test]
    fn decodes_header_claims_and_kind() {
        let view = id_token();
        assert_eq!(view.header["alg"], "RS256");
        assert_eq!(view.claims["aud"], "client1");
        assert_eq!(view.kind, TokenKind::CognitoId);
        assert_eq!(view.kind.to_string(), "Cognito ID token");
    }

    #[test]
    fn structural_errors_name_the_part_and_never_the_token() {
        let secret = "eyJzZWNyZXQiOjF9";
        let cases = [
            ("", InspectError::Empty),
            (secret, InspectError::Parts(1)),
            (
                &format!("{secret}*.{secret}.x") as &str,
                InspectError::Base64(Part::Header),
            ),
            (
                &format!("{secret}.bm90IGpzb24.x"),
                InspectError::Json {
                    part: Part::Payload,
                    reason: "expected ident at line 1 column 2".into(),
                },
            ),
            (
                &format!("{secret}.WzFd.x"),
                InspectError::NotObject(Part::Payload),
            ),
            (
                &format!("{secret}.{secret}.*"),
                InspectError::Base64(Part::Signature),
            ),
        ];
        for (text, expected) in cases {
            let error = decode(text).unwrap_err();
            assert_eq!(error, expected, "{text}");
            assert!(!error.to_string().contains(secret), "{error}");
        }
    }

    #[test]
    fn id_token_against_allowed_clients_names_the_fix() {
        let found = check(&id_token(), &authorizer(), at(NOW));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].claim, "client_id");
        assert!(found[0].fix.contains("access token"), "{}", found[0].fix);
        assert!(
            found[0].fix.contains("allowedAudience [client1]"),
            "{}",
            found[0].fix
        );
    }

    #[test]
    fn a_matching_token_passes_and_every_mismatch_is_listed() {
        let auth = CustomJwtAuthorizer {
            allowed_clients: Vec::new(),
            allowed_audience: vec!["client1".into()],
            ..authorizer()
        };
        assert_eq!(check(&id_token(), &auth, at(NOW)), []);
        let strict = CustomJwtAuthorizer {
            discovery_url: format!("{ISS}x{DISCOVERY_SUFFIX}"),
            allowed_scopes: vec!["rs/invoke".into()],
            custom_claims: vec![CustomClaim::equals("department", "eng")],
            ..auth
        };
        let claims: Vec<_> = check(&id_token(), &strict, at(NOW + 3600))
            .into_iter()
            .map(|m| m.claim)
            .collect();
        assert_eq!(claims, ["exp", "iss", "scope", "department"]);
    }

    #[test]
    fn an_advertised_scope_in_the_token_is_explained() {
        let view = decode(&token(
            &json!({"alg": "RS256", "kid": "k"}),
            &json!({"iss": ISS, "client_id": "client1", "token_use": "access",
                    "scope": "api://rs/invoke", "exp": NOW + 600}),
        ))
        .unwrap();
        let auth = CustomJwtAuthorizer {
            allowed_scopes: vec!["rs/invoke".into()],
            advertised_scope_mapping: [("rs/invoke".into(), "api://rs/invoke".into())].into(),
            ..authorizer()
        };
        let found = check(&view, &auth, at(NOW));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].claim, "scope");
        assert!(
            found[0].problem.contains("advertisedScopeMapping"),
            "{}",
            found[0].problem
        );
        assert!(found[0].fix.contains("issue rs/invoke"), "{}", found[0].fix);
    }

    #[test]
    fn times_allow_the_leeway_and_read_as_dates() {
        let leeway = i64::try_from(DEFAULT_JWT_LEEWAY.as_secs()).unwrap();
        let times_only = CustomJwtAuthorizer {
            discovery_url: format!("{ISS}{DISCOVERY_SUFFIX}"),
            ..Default::default()
        };
        assert_eq!(check(&id_token(), &times_only, at(NOW + 600 + leeway)), []);
        let late = check(&id_token(), &times_only, at(NOW + 601 + leeway));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].claim, "exp");
        assert!(late[0].problem.contains("61 s ago"), "{}", late[0].problem);
        assert_eq!(
            describe_time(NOW - 3 * 3600, NOW),
            "2023-11-14T19:13:20Z, 3 h ago"
        );
        assert_eq!(
            describe_time(NOW + 90, NOW),
            "2023-11-14T22:14:50Z, in 90 s"
        );
        assert!(describe_time(i64::MAX, NOW).starts_with("a date out of range, in "));
    }
}
