//! The inbound JWT authorizer of a runtime (`customJWTAuthorizer`).
//!
//! "The authorizer will use the configured discovery URL to fetch the public
//! keys and authorization server endpoint to perform the JWT validation"
//! (AgentCore developer guide, "Inbound JWT authorizer"). The checks, in the
//! order applied here: the token parses; its algorithm is RS256 (the only one
//! Cognito's discovery document lists); its `kid` is in the JWKS; the
//! signature verifies; `exp` and `nbf` hold (with leeway); `iss` is the
//! discovery document's issuer; then `client_id` in `allowedClients`, `aud`
//! in `allowedAudience`, a scope in `allowedScopes`, and each custom claim.
//! Which HTTP status and message each failure gets is listed, with its
//! source, in the fidelity table of the README.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind, jwk::JwkSet};
use serde_json::Value;
use tokio::sync::Mutex;

use crate::agentcore::AwsError;
use crate::agentcore::{CustomJwtAuthorizer, claims};

/// How long fetched keys are trusted before an unknown `kid` may refetch them.
const JWKS_REFRESH_INTERVAL: Duration = Duration::from_secs(60);

/// Why a token was refused. Each maps to the answer AgentCore gives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    #[error("the token does not parse")]
    Unparseable,
    #[error("the token's signature, algorithm or key is not valid")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("claim '{0}' does not match the authorizer configuration")]
    ClaimMismatch(String),
    #[error("the issuer's discovery document or keys could not be fetched: {0}")]
    Discovery(String),
}

impl TokenRejection {
    /// The data plane's answer to this rejection.
    pub fn to_aws_error(&self) -> AwsError {
        match self {
            // Observed live: `HTTP 403 {"message":"OAuth authorization
            // failed: Failed to parse token"}`.
            Self::Unparseable => {
                AwsError::access_denied("OAuth authorization failed: Failed to parse token")
            }
            Self::BadSignature => AwsError::unauthorized("Invalid token signature"),
            // Observed live: "Token has expired".
            Self::Expired => AwsError::unauthorized("Token has expired"),
            Self::NotYetValid => AwsError::unauthorized("Token is not yet valid"),
            // Observed live: "Claim 'client_id' value mismatch with configuration."
            Self::ClaimMismatch(claim) => AwsError::unauthorized(format!(
                "Claim '{claim}' value mismatch with configuration."
            )),
            Self::Discovery(_) => AwsError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                "OAuth authorization failed: the discovery URL or its keys could not be fetched",
            ),
        }
    }
}

/// The issuer's keys, decoded once per fetch. jsonwebtoken: a
/// `DecodingKey` "can be re-used so make sure you only initialize it once if
/// you can for better performance"; building it from the JWK on every
/// request cost each bearer call an RSA key import.
#[derive(Debug)]
struct Keys {
    issuer: String,
    jwks_uri: String,
    /// By `kid`; `None` for a key the JWKS lists but that is not a usable
    /// public key (a token naming it has a bad signature, not an unknown kid).
    decoding: HashMap<String, Option<DecodingKey>>,
    fetched: Instant,
}

impl Keys {
    fn new(issuer: String, jwks_uri: String, jwks: &JwkSet) -> Self {
        // The first key of a repeated `kid` counts, as `JwkSet::find` has it.
        let mut decoding = HashMap::new();
        for jwk in &jwks.keys {
            if let Some(kid) = &jwk.common.key_id {
                decoding
                    .entry(kid.clone())
                    .or_insert_with(|| DecodingKey::from_jwk(jwk).ok());
            }
        }
        Self {
            issuer,
            jwks_uri,
            decoding,
            fetched: Instant::now(),
        }
    }
}

/// Verifies bearer tokens for one runtime. Discovery and keys are fetched on
/// first use and cached; an unknown `kid` refetches the keys, at most once a
/// minute, as a key rotation would need.
#[derive(Debug)]
pub struct JwtAuthorizer {
    config: CustomJwtAuthorizer,
    http: reqwest::Client,
    leeway: Duration,
    /// Shared, not cloned, per verification; the lock is held only to
    /// look the cache up or to refresh it.
    keys: Mutex<Option<Arc<Keys>>>,
}

impl JwtAuthorizer {
    pub fn new(config: CustomJwtAuthorizer, leeway: Duration) -> Self {
        Self {
            config,
            http: reqwest::Client::new(),
            leeway,
            keys: Mutex::new(None),
        }
    }

    pub fn config(&self) -> &CustomJwtAuthorizer {
        &self.config
    }

    async fn fetch_json(&self, url: &str) -> Result<Value, TokenRejection> {
        let failed = |error: String| TokenRejection::Discovery(format!("{url}: {error}"));
        self.http
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| failed(error.to_string()))?
            .json()
            .await
            .map_err(|error| failed(error.to_string()))
    }

    async fn fetch_keys(&self, known: Option<&Keys>) -> Result<Keys, TokenRejection> {
        let (issuer, jwks_uri) = match known {
            Some(keys) => (keys.issuer.clone(), keys.jwks_uri.clone()),
            None => {
                let discovery = self.fetch_json(&self.config.discovery_url).await?;
                let field = |name: &str| {
                    discovery
                        .get(name)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            TokenRejection::Discovery(format!(
                                "the discovery document has no {name}"
                            ))
                        })
                };
                (field("issuer")?, field("jwks_uri")?)
            }
        };
        let jwks: JwkSet = serde_json::from_value(self.fetch_json(&jwks_uri).await?)
            .map_err(|error| TokenRejection::Discovery(format!("{jwks_uri}: {error}")))?;
        Ok(Keys::new(issuer, jwks_uri, &jwks))
    }

    /// The issuer named by the discovery document.
    pub async fn issuer(&self) -> Result<String, TokenRejection> {
        Ok(self.keys_for(None).await?.issuer.clone())
    }

    /// The keys, refetched when `kid` is unknown and the cache is old enough.
    async fn keys_for(&self, kid: Option<&str>) -> Result<Arc<Keys>, TokenRejection> {
        let mut cache = self.keys.lock().await;
        let stale = match (&*cache, kid) {
            (None, _) => true,
            (Some(keys), Some(kid)) => {
                !keys.decoding.contains_key(kid) && keys.fetched.elapsed() >= JWKS_REFRESH_INTERVAL
            }
            (Some(_), None) => false,
        };
        if stale {
            *cache = Some(Arc::new(self.fetch_keys(cache.as_deref()).await?));
        }
        cache
            .clone()
            .ok_or_else(|| TokenRejection::Discovery("no keys".to_owned()))
    }

    /// Verifies `token` and returns its claims.
    pub async fn verify(
        &self,
        token: &str,
    ) -> Result<serde_json::Map<String, Value>, TokenRejection> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenRejection::Unparseable)?;
        if header.alg != Algorithm::RS256 {
            return Err(TokenRejection::BadSignature);
        }
        let kid = header.kid.ok_or(TokenRejection::BadSignature)?;
        let keys = self.keys_for(Some(&kid)).await?;
        let key = keys
            .decoding
            .get(&kid)
            .and_then(Option::as_ref)
            .ok_or(TokenRejection::BadSignature)?;

        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = self.leeway.as_secs();
        validation.validate_exp = true;
        validation.validate_nbf = true;
        // Audience and client are checked below against the authorizer's
        // own lists, with AgentCore's messages.
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "iss"]);
        validation.set_issuer(&[keys.issuer.as_str()]);

        let claims =
            jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, key, &validation)
                .map_err(|error| match error.kind() {
                    ErrorKind::ExpiredSignature => TokenRejection::Expired,
                    ErrorKind::ImmatureSignature => TokenRejection::NotYetValid,
                    ErrorKind::InvalidIssuer => TokenRejection::ClaimMismatch("iss".to_owned()),
                    ErrorKind::MissingRequiredClaim(claim) => {
                        TokenRejection::ClaimMismatch(claim.clone())
                    }
                    ErrorKind::Base64(_)
                    | ErrorKind::Json(_)
                    | ErrorKind::Utf8(_)
                    | ErrorKind::InvalidToken => TokenRejection::Unparseable,
                    _ => TokenRejection::BadSignature,
                })?
                .claims;
        self.check_claims(&claims)?;
        Ok(claims)
    }

    /// The authorizer's checks, in its order; each non-empty list must hold
    /// one of the token's values (any one allowed scope suffices).
    fn check_claims(&self, token: &claims::Claims) -> Result<(), TokenRejection> {
        let mismatch = |claim: &str| Err(TokenRejection::ClaimMismatch(claim.to_owned()));
        let admits = |allowed: &[String], values: &[&str]| {
            allowed.is_empty()
                || values
                    .iter()
                    .any(|value| allowed.iter().any(|a| a == value))
        };
        let config = &self.config;
        let client: Vec<&str> = claims::client_id(token).into_iter().collect();
        if !admits(&config.allowed_clients, &client) {
            return mismatch("client_id");
        }
        if !admits(&config.allowed_audience, &claims::audiences(token)) {
            return mismatch("aud");
        }
        if !admits(&config.allowed_scopes, &claims::scopes(token)) {
            return mismatch("scope");
        }
        for custom in &config.custom_claims {
            if !custom.is_satisfied_by(token.get(&custom.inbound_token_claim_name)) {
                return mismatch(&custom.inbound_token_claim_name);
            }
        }
        Ok(())
    }
}
