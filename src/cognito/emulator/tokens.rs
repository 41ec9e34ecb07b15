//! Cognito-shaped JWTs: the ID token, the user access token and the
//! machine-to-machine access token, each as an editable claim set.
//!
//! The shapes matter because AgentCore's authorizer checks different claims
//! for different settings (AgentCore developer guide, *Inbound JWT
//! authorizer*): `allowedAudience` reads `aud`, `allowedClients` reads
//! `client_id`. Cognito puts them in different tokens:
//!
//! | claim | ID token | access token | M2M access token |
//! | --- | --- | --- | --- |
//! | `token_use` | `"id"` | `"access"` | `"access"` |
//! | `aud` | app client id | — | — |
//! | `client_id` | — | app client id | app client id |
//! | `scope` | — | `aws.cognito.signin.user.admin` | requested custom scopes |
//! | `cognito:username` / `username` | `cognito:username` | `username` | — |
//! | `sub` | user's UUID | user's UUID | app client id |
//!
//! "Amazon Cognito renders the same value in the access token `client_id`
//! claim as the ID token `aud` claim" (Cognito developer guide, *Using the
//! access token*). So an ID token sent to a runtime with `allowedClients`
//! fails with `Claim 'client_id' value mismatch with configuration.`, and an
//! access token sent to one with `allowedAudience` fails on `aud`: the most
//! common AgentCore auth failure.
//!
//! Every builder starts from a valid token; change any claim before signing
//! with [`TokenBuilder::claim`], [`TokenBuilder::without_claim`] or
//! [`TokenBuilder::claims_mut`], or break it on purpose with
//! [`TokenBuilder::forge`](super::BadToken).

use anyhow::{Context, Result};
use jsonwebtoken::{Algorithm, Header, jwk::JwkSet};
use serde_json::{Map, Value};

use super::{
    config::{USER_ADMIN_SCOPE, User},
    keys::SigningKey,
};
use crate::{cognito::TokenUse, random::uuid_v4};

/// A token's payload: edit it freely before signing.
pub type Claims = Map<String, Value>;

/// Lifetime of every token, and the `ExpiresIn`/`expires_in` Cognito
/// returns by default: one hour.
pub const TOKEN_LIFETIME_SECS: u64 = 3600;

/// Issues tokens for one user pool.
///
/// Like Cognito it signs ID tokens and access tokens with two different
/// keys, both published in the JWKS. A third key, never published, signs
/// the "valid signature from the wrong key" forgeries.
#[derive(Debug)]
pub struct TokenFactory {
    issuer: String,
    id_key: SigningKey,
    access_key: SigningKey,
    foreign_key: SigningKey,
}

impl TokenFactory {
    /// A factory with fresh keys. `issuer` is the `iss` of every token:
    /// `https://cognito-idp.{region}.amazonaws.com/{poolId}` for a real pool.
    pub fn generate(issuer: impl Into<String>) -> Result<Self> {
        Ok(Self {
            issuer: issuer.into(),
            id_key: SigningKey::generate().context("generating the ID token key")?,
            access_key: SigningKey::generate().context("generating the access token key")?,
            foreign_key: SigningKey::generate().context("generating the unpublished key")?,
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The key that signs tokens of this use.
    pub fn key_for(&self, token_use: TokenUse) -> &SigningKey {
        match token_use {
            TokenUse::Id => &self.id_key,
            TokenUse::Access => &self.access_key,
        }
    }

    /// A key unrelated to the pool, absent from the JWKS.
    pub fn foreign_key(&self) -> &SigningKey {
        &self.foreign_key
    }

    /// The pool's JWKS: the ID token key and the access token key.
    pub fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: vec![
                self.id_key.public_jwk().clone(),
                self.access_key.public_jwk().clone(),
            ],
        }
    }

    /// One sign-in of `user` through app client `client_id`: its ID and
    /// access tokens share `auth_time`, `origin_jti` and `event_id`, as the
    /// two tokens of one Cognito authentication do.
    pub fn sign_in(&self, user: &User, client_id: &str) -> SignIn<'_> {
        SignIn {
            factory: self,
            username: user.username.clone(),
            sub: user.sub.clone(),
            email: user.email.clone(),
            client_id: client_id.to_owned(),
            auth_time: jsonwebtoken::get_current_timestamp(),
            origin_jti: uuid_v4(),
            event_id: uuid_v4(),
        }
    }

    /// An ID token of a fresh sign-in.
    pub fn id_token(&self, user: &User, client_id: &str) -> TokenBuilder<'_> {
        self.sign_in(user, client_id).id_token()
    }

    /// An access token of a fresh sign-in.
    pub fn access_token(&self, user: &User, client_id: &str) -> TokenBuilder<'_> {
        self.sign_in(user, client_id).access_token()
    }

    /// A `client_credentials` access token: `sub` is the client id, `scope`
    /// the space-separated granted scopes, and there is no `username`.
    pub fn m2m_access_token(&self, client_id: &str, scope: &str) -> TokenBuilder<'_> {
        let now = jsonwebtoken::get_current_timestamp();
        let mut claims = Claims::new();
        claims.insert("sub".into(), client_id.into());
        claims.insert("token_use".into(), TokenUse::Access.as_str().into());
        claims.insert("scope".into(), scope.into());
        claims.insert("auth_time".into(), now.into());
        claims.insert("iss".into(), self.issuer.clone().into());
        claims.insert("exp".into(), (now + TOKEN_LIFETIME_SECS).into());
        claims.insert("iat".into(), now.into());
        claims.insert("version".into(), 2.into());
        claims.insert("jti".into(), uuid_v4().into());
        claims.insert("client_id".into(), client_id.into());
        TokenBuilder::new(self, TokenUse::Access, claims)
    }
}

/// One authentication of a user: the source of a matching ID and access
/// token pair.
#[derive(Debug, Clone)]
pub struct SignIn<'a> {
    factory: &'a TokenFactory,
    username: String,
    sub: String,
    email: String,
    client_id: String,
    auth_time: u64,
    origin_jti: String,
    event_id: String,
}

impl<'a> SignIn<'a> {
    /// The ID token: `aud` is the app client id; no `client_id`, no `scope`.
    pub fn id_token(&self) -> TokenBuilder<'a> {
        let mut claims = self.common(TokenUse::Id);
        claims.insert("aud".into(), self.client_id.clone().into());
        claims.insert("cognito:username".into(), self.username.clone().into());
        claims.insert("email".into(), self.email.clone().into());
        claims.insert("email_verified".into(), true.into());
        TokenBuilder::new(self.factory, TokenUse::Id, claims)
    }

    /// The access token: `client_id` and `scope`, and no `aud`.
    pub fn access_token(&self) -> TokenBuilder<'a> {
        let mut claims = self.common(TokenUse::Access);
        claims.insert("client_id".into(), self.client_id.clone().into());
        claims.insert("scope".into(), USER_ADMIN_SCOPE.into());
        claims.insert("username".into(), self.username.clone().into());
        claims.insert("version".into(), 2.into());
        TokenBuilder::new(self.factory, TokenUse::Access, claims)
    }

    fn common(&self, token_use: TokenUse) -> Claims {
        let now = jsonwebtoken::get_current_timestamp();
        let mut claims = Claims::new();
        claims.insert("sub".into(), self.sub.clone().into());
        claims.insert("iss".into(), self.factory.issuer.clone().into());
        claims.insert("origin_jti".into(), self.origin_jti.clone().into());
        claims.insert("event_id".into(), self.event_id.clone().into());
        claims.insert("token_use".into(), token_use.as_str().into());
        claims.insert("auth_time".into(), self.auth_time.into());
        claims.insert("exp".into(), (now + TOKEN_LIFETIME_SECS).into());
        claims.insert("iat".into(), now.into());
        claims.insert("jti".into(), uuid_v4().into());
        claims
    }
}

/// A valid, not yet signed token. Edit its claims, then [`sign`](Self::sign)
/// it, or [`forge`](Self::forge) an invalid variant of it.
#[derive(Debug, Clone)]
pub struct TokenBuilder<'a> {
    factory: &'a TokenFactory,
    token_use: TokenUse,
    claims: Claims,
}

impl<'a> TokenBuilder<'a> {
    fn new(factory: &'a TokenFactory, token_use: TokenUse, claims: Claims) -> Self {
        Self {
            factory,
            token_use,
            claims,
        }
    }

    /// Sets (or replaces) a claim.
    pub fn claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.claims.insert(name.into(), value.into());
        self
    }

    /// Removes a claim.
    pub fn without_claim(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    pub fn claims_mut(&mut self) -> &mut Claims {
        &mut self.claims
    }

    pub fn token_use(&self) -> TokenUse {
        self.token_use
    }

    pub(crate) fn factory(&self) -> &'a TokenFactory {
        self.factory
    }

    /// The key this token is signed with, chosen by its use.
    pub fn signing_key(&self) -> &'a SigningKey {
        self.factory.key_for(self.token_use)
    }

    /// The compact JWS, RS256, with the header Cognito writes:
    /// `{"kid": ..., "alg": "RS256"}` and no `typ`.
    pub fn sign(&self) -> Result<String> {
        sign_rs256(self.signing_key(), self.signing_key().kid(), &self.claims)
    }
}

/// Signs `claims` with `key`, naming `kid` in the header (which need not be
/// `key`'s own: forgeries lie about it).
pub(crate) fn sign_rs256(key: &SigningKey, kid: &str, claims: &Claims) -> Result<String> {
    let mut header = Header::new(Algorithm::RS256);
    header.typ = None;
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, key.encoding_key()).context("signing an RS256 token")
}

/// One factory for the unit tests of the emulator: its three RSA keys take
/// a while to make.
#[cfg(test)]
pub(crate) fn test_factory() -> &'static TokenFactory {
    static FACTORY: std::sync::LazyLock<TokenFactory> = std::sync::LazyLock::new(|| {
        TokenFactory::generate("http://127.0.0.1:1/us-east-1_Test").unwrap()
    });
    &FACTORY
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        User::new("alice", "pw", "alice@example.com")
    }

    #[test]
    fn id_token_has_aud_and_no_client_id() {
        let f = test_factory();
        let claims = f.id_token(&user(), "client").claims().clone();
        assert_eq!(claims["aud"], "client");
        assert_eq!(claims["token_use"], "id");
        assert_eq!(claims["cognito:username"], "alice");
        assert_eq!(claims["email_verified"], true);
        assert!(!claims.contains_key("client_id"));
        assert!(!claims.contains_key("scope"));
    }

    #[test]
    fn access_token_has_client_id_and_no_aud() {
        let f = test_factory();
        let claims = f.access_token(&user(), "client").claims().clone();
        assert_eq!(claims["client_id"], "client");
        assert_eq!(claims["token_use"], "access");
        assert_eq!(claims["scope"], USER_ADMIN_SCOPE);
        assert_eq!(claims["username"], "alice");
        assert!(!claims.contains_key("aud"));
    }

    #[test]
    fn m2m_token_has_client_as_subject_and_no_username() {
        let f = test_factory();
        let claims = f.m2m_access_token("m2m", "rs/a rs/b").claims().clone();
        assert_eq!(claims["sub"], "m2m");
        assert_eq!(claims["client_id"], "m2m");
        assert_eq!(claims["scope"], "rs/a rs/b");
        assert!(!claims.contains_key("username"));
        assert!(!claims.contains_key("aud"));
    }

    #[test]
    fn one_sign_in_shares_origin_jti_but_not_jti() {
        let f = test_factory();
        let sign_in = f.sign_in(&user(), "client");
        let (id, access) = (sign_in.id_token(), sign_in.access_token());
        assert_eq!(id.claims()["origin_jti"], access.claims()["origin_jti"]);
        assert_eq!(id.claims()["auth_time"], access.claims()["auth_time"]);
        assert_ne!(id.claims()["jti"], access.claims()["jti"]);
    }

    #[test]
    fn id_and_access_tokens_use_different_published_keys() {
        let f = test_factory();
        let id = jsonwebtoken::decode_header(f.id_token(&user(), "c").sign().unwrap()).unwrap();
        let access =
            jsonwebtoken::decode_header(f.access_token(&user(), "c").sign().unwrap()).unwrap();
        assert_ne!(id.kid, access.kid);
        assert_eq!(id.typ, None);
        let jwks = f.jwks();
        assert!(jwks.find(id.kid.as_deref().unwrap()).is_some());
        assert!(jwks.find(access.kid.as_deref().unwrap()).is_some());
        assert!(jwks.find(f.foreign_key().kid()).is_none());
    }

    #[test]
    fn overrides_apply_before_signing() {
        let f = test_factory();
        let token = f
            .access_token(&user(), "client")
            .claim("scope", "rs/extra")
            .without_claim("username")
            .sign()
            .unwrap();
        let claims: Claims = jsonwebtoken::dangerous::insecure_decode_claims(&token).unwrap();
        assert_eq!(claims["scope"], "rs/extra");
        assert!(!claims.contains_key("username"));
    }
}
