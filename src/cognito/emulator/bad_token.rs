//! Invalid tokens, one kind per check a JWT verifier must make.
//!
//! Each [`BadToken`] breaks exactly one thing about an otherwise valid token,
//! so a verifier that accepts it is missing exactly that check. Start from any
//! [`TokenBuilder`] and call [`TokenBuilder::forge`]:
//!
//! ```no_run
//! # fn demo(idp: &mcp_matrix::cognito::CognitoIdp) -> anyhow::Result<()> {
//! use mcp_matrix::cognito::{BadToken, MACHINE_CLIENT_ID};
//! let expired = idp
//!     .tokens()
//!     .m2m_access_token(MACHINE_CLIENT_ID, "mcp-matrix/invoke")
//!     .forge(&BadToken::Expired)?;
//! # Ok(()) }
//! ```
//!
//! What AgentCore answers is noted where it has been observed: "(observed)"
//! marks third-party logs of a live JWT runtime, not AWS documentation.

use anyhow::{Context, Result};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::tokens::{TokenBuilder, sign_rs256};

/// The client id [`BadToken::WrongClient`] writes: well formed, never
/// configured.
pub const WRONG_CLIENT_ID: &str = "notanallowedclient00000001";
/// The pool id [`BadToken::WrongIssuer`] puts in `iss`: same host, another
/// pool.
pub const WRONG_POOL_ID: &str = "us-east-1_WrongPool";
/// The `kid` [`BadToken::UnknownKid`] writes: shaped like Cognito's, in no
/// JWKS.
pub const UNKNOWN_KID: &str = "bm90LWEta2V5LWlkLWluLWFueS1qd2tzLWF0LWFsbA0=";

/// One way a bearer token can be invalid.
#[derive(Clone, Debug, PartialEq)]
pub enum BadToken {
    /// `Authorization: Bearer ` with nothing after it.
    ///
    /// A verifier must treat it as no token at all. AgentCore's MCP contract:
    /// "401 Unauthorized — Returned when the Authorization header is missing
    /// or empty", with `WWW-Authenticate: Bearer resource_metadata=...`.
    EmptyBearer,
    /// The valid token with its signature segment cut off: two parts, not
    /// three.
    ///
    /// A verifier must reject it before any other check: a JWS in compact
    /// serialisation has exactly three parts (RFC 7515 §7.1). Expect the
    /// same answer as [`BadToken::BadBase64`].
    Malformed,
    /// Three parts, each with a character outside the base64url alphabet.
    ///
    /// A verifier must reject it as unparseable (RFC 7515 §2: each part is
    /// base64url without padding); it must not "repair" it. AgentCore
    /// answers `Bearer not.a.token` with 403 `OAuth authorization failed:
    /// Failed to parse token` (observed).
    BadBase64,
    /// Header `{"alg":"none"}`, valid claims, empty signature (RFC 7519
    /// §6.1, the "unsecured JWT").
    ///
    /// A verifier must accept only the algorithms it expects, RS256 for
    /// Cognito (its discovery document lists
    /// `id_token_signing_alg_values_supported: ["RS256"]`); a library that
    /// honours `alg: none` accepts any forged claims.
    AlgNone,
    /// HS256, with the pool's public key (its PEM text, as a verifier would
    /// load it) as the HMAC secret: the classic RS/HS key-confusion attack.
    ///
    /// Anyone can compute this signature, because the key is public. A
    /// verifier must fix the algorithm from its configuration, never from the
    /// token's header, so the RSA public key is never used as an HMAC key.
    Hs256WithPublicKey,
    /// Signed by the pool's key, but the header names a `kid` absent from the
    /// JWKS.
    ///
    /// A verifier must look the key up by `kid` and reject when it is not
    /// found (at most after one JWKS refresh, for key rotation); it must not
    /// fall back to trying every key, or the first one.
    UnknownKid,
    /// Names the pool key's `kid`, but is signed by an unrelated key.
    ///
    /// A verifier must check the signature against the published key; the
    /// token is otherwise perfect.
    OtherKeySignature,
    /// Validly signed, then its payload swapped for one with
    /// `"cognito:groups": ["admin"]` added, keeping the old signature.
    ///
    /// A verifier must verify the signature over the header and payload it
    /// received, not merely decode the payload.
    TamperedPayload,
    /// Issued two hours ago, expired one hour ago.
    ///
    /// A verifier must enforce `exp` (RFC 7519 §4.1.4), allowing at most a
    /// small clock skew. AgentCore says `Token has expired` (observed).
    Expired,
    /// `nbf` one hour in the future.
    ///
    /// A verifier must not accept a token before its `nbf` (RFC 7519
    /// §4.1.5). Cognito never sets `nbf`, but a generic OIDC verifier such
    /// as AgentCore's must honour it when present. jsonwebtoken ignores `nbf`
    /// unless `Validation::validate_nbf` is set.
    NotYetValid,
    /// Signed by the pool's key, but `iss` names another pool on the same
    /// host ([`WRONG_POOL_ID`]).
    ///
    /// A verifier must compare `iss` exactly with the discovery document's
    /// `issuer` (OpenID Connect Discovery 1.0 §4.3); a prefix or host match
    /// would accept tokens of every pool in the region.
    WrongIssuer,
    /// `client_id` (access tokens) or `aud` (ID tokens) set to
    /// [`WRONG_CLIENT_ID`].
    ///
    /// A verifier with `allowedClients` must reject a `client_id` not in the
    /// list; with `allowedAudience`, an `aud` not in it. AgentCore answers
    /// 401 `Claim 'client_id' value mismatch with configuration.` (observed).
    WrongClient,
    /// The custom claim `name` set to `wrong_value`.
    ///
    /// A verifier with a `customClaims` rule on `name` must reject a value
    /// the rule does not match (AgentCore `authorizingClaimMatchValue`,
    /// operators `EQUALS`, `CONTAINS`, `CONTAINS_ANY`); observed answers add
    /// `Authorization denied`.
    CustomClaimMismatch { name: String, wrong_value: Value },
}

impl BadToken {
    /// Every kind, with `CustomClaimMismatch` on `custom_claim` set to
    /// `wrong_value`.
    pub fn all(custom_claim: &str, wrong_value: impl Into<Value>) -> Vec<Self> {
        vec![
            Self::EmptyBearer,
            Self::Malformed,
            Self::BadBase64,
            Self::AlgNone,
            Self::Hs256WithPublicKey,
            Self::UnknownKid,
            Self::OtherKeySignature,
            Self::TamperedPayload,
            Self::Expired,
            Self::NotYetValid,
            Self::WrongIssuer,
            Self::WrongClient,
            Self::CustomClaimMismatch {
                name: custom_claim.to_owned(),
                wrong_value: wrong_value.into(),
            },
        ]
    }

    /// A short snake_case name, for test case and snapshot names.
    pub fn name(&self) -> &'static str {
        match self {
            Self::EmptyBearer => "empty_bearer",
            Self::Malformed => "malformed",
            Self::BadBase64 => "bad_base64",
            Self::AlgNone => "alg_none",
            Self::Hs256WithPublicKey => "hs256_with_public_key",
            Self::UnknownKid => "unknown_kid",
            Self::OtherKeySignature => "other_key_signature",
            Self::TamperedPayload => "tampered_payload",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::WrongIssuer => "wrong_issuer",
            Self::WrongClient => "wrong_client",
            Self::CustomClaimMismatch { .. } => "custom_claim_mismatch",
        }
    }
}

impl TokenBuilder<'_> {
    /// This token, broken in the one way `bad` describes. Everything else
    /// about it stays valid.
    pub fn forge(&self, bad: &BadToken) -> Result<String> {
        let key = self.signing_key();
        let kid = key.kid();
        let claims = self.claims();
        let now = jsonwebtoken::get_current_timestamp();
        let with = |edit: &dyn Fn(&mut super::Claims)| {
            let mut claims = claims.clone();
            edit(&mut claims);
            sign_rs256(key, kid, &claims)
        };
        let token = match bad {
            BadToken::EmptyBearer => String::new(),
            BadToken::Malformed => {
                let token = self.sign()?;
                match token.rsplit_once('.') {
                    Some((signed_part, _signature)) => signed_part.to_owned(),
                    None => token,
                }
            }
            BadToken::BadBase64 => self
                .sign()?
                .split('.')
                .map(|part| format!("{part}*"))
                .collect::<Vec<_>>()
                .join("."),
            BadToken::AlgNone => {
                let header = json!({ "alg": "none", "kid": kid });
                format!("{}.{}.", segment(&header)?, segment(claims)?)
            }
            BadToken::Hs256WithPublicKey => {
                let mut header = Header::new(Algorithm::HS256);
                header.typ = None;
                header.kid = Some(kid.to_owned());
                let secret = EncodingKey::from_secret(key.public_key_pem().as_bytes());
                jsonwebtoken::encode(&header, claims, &secret)
                    .context("signing the HS256 key-confusion token")?
            }
            BadToken::UnknownKid => sign_rs256(key, UNKNOWN_KID, claims)?,
            BadToken::OtherKeySignature => sign_rs256(self.factory().foreign_key(), kid, claims)?,
            BadToken::TamperedPayload => {
                let token = self.sign()?;
                let mut parts = token.split('.');
                let (Some(header), Some(_payload), Some(signature)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    anyhow::bail!("a signed token without three parts");
                };
                let mut tampered = claims.clone();
                tampered.insert("cognito:groups".into(), json!(["admin"]));
                format!("{header}.{}.{signature}", segment(&tampered)?)
            }
            BadToken::Expired => with(&|claims| {
                claims.insert("iat".into(), (now - 7200).into());
                claims.insert("auth_time".into(), (now - 7200).into());
                claims.insert("exp".into(), (now - 3600).into());
            })?,
            BadToken::NotYetValid => with(&|claims| {
                claims.insert("nbf".into(), (now + 3600).into());
                claims.insert("exp".into(), (now + 7200).into());
            })?,
            BadToken::WrongIssuer => {
                let issuer = self.factory().issuer();
                let wrong = match issuer.rsplit_once('/') {
                    Some((base, _pool)) => format!("{base}/{WRONG_POOL_ID}"),
                    None => format!("{issuer}-{WRONG_POOL_ID}"),
                };
                with(&|claims| {
                    claims.insert("iss".into(), wrong.clone().into());
                })?
            }
            BadToken::WrongClient => with(&|claims| {
                let mut replaced = false;
                for name in ["client_id", "aud"] {
                    if let Some(value) = claims.get_mut(name) {
                        *value = WRONG_CLIENT_ID.into();
                        replaced = true;
                    }
                }
                if !replaced {
                    claims.insert("client_id".into(), WRONG_CLIENT_ID.into());
                }
            })?,
            BadToken::CustomClaimMismatch { name, wrong_value } => with(&|claims| {
                claims.insert(name.clone(), wrong_value.clone());
            })?,
        };
        Ok(token)
    }
}

/// One base64url JWS segment holding `value` as JSON.
fn segment(value: &impl serde::Serialize) -> Result<String> {
    let json = serde_json::to_vec(value).context("serialising a JWT segment")?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

#[cfg(test)]
mod tests {
    use super::super::tokens::test_factory;
    use super::*;
    use crate::cognito::User;

    fn forge(bad: BadToken) -> String {
        let f = test_factory();
        let user = User::new("alice", "pw", "a@example.com");
        f.access_token(&user, "client").forge(&bad).unwrap()
    }

    fn header(token: &str) -> Value {
        let first = token.split('.').next().unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(first).unwrap()).unwrap()
    }

    #[test]
    fn names_are_unique() {
        let all = BadToken::all("custom:tier", "free");
        let mut names: Vec<_> = all.iter().map(BadToken::name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }

    #[test]
    fn structural_kinds_have_their_shape() {
        assert_eq!(forge(BadToken::EmptyBearer), "");
        assert_eq!(forge(BadToken::Malformed).split('.').count(), 2);
        let bad_base64 = forge(BadToken::BadBase64);
        assert_eq!(bad_base64.split('.').count(), 3);
        assert!(
            bad_base64
                .split('.')
                .all(|part| URL_SAFE_NO_PAD.decode(part).is_err())
        );
    }

    #[test]
    fn alg_none_has_an_empty_signature() {
        let token = forge(BadToken::AlgNone);
        assert!(token.ends_with('.'));
        assert_eq!(header(&token)["alg"], "none");
    }

    #[test]
    fn header_kinds_name_the_expected_kid() {
        assert_eq!(header(&forge(BadToken::UnknownKid))["kid"], UNKNOWN_KID);
        assert_eq!(header(&forge(BadToken::Hs256WithPublicKey))["alg"], "HS256");
    }

    #[test]
    fn tampered_payload_keeps_the_signature_of_the_original() {
        let token = forge(BadToken::TamperedPayload);
        let claims: crate::cognito::Claims =
            jsonwebtoken::dangerous::insecure_decode_claims(&token).unwrap();
        assert_eq!(claims["cognito:groups"], json!(["admin"]));
    }

    #[test]
    fn wrong_client_replaces_aud_on_id_tokens() {
        let f = test_factory();
        let user = User::new("alice", "pw", "a@example.com");
        let token = f
            .id_token(&user, "client")
            .forge(&BadToken::WrongClient)
            .unwrap();
        let claims: crate::cognito::Claims =
            jsonwebtoken::dangerous::insecure_decode_claims(&token).unwrap();
        assert_eq!(claims["aud"], WRONG_CLIENT_ID);
        assert!(!claims.contains_key("client_id"));
    }
}
