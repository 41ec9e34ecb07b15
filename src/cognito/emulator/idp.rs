//! [`CognitoIdp`]: a Cognito user pool on a local wiremock server.
//!
//! Routes, all on one server (real Cognito splits them between
//! `cognito-idp.{region}.amazonaws.com` and the pool's domain
//! `{prefix}.auth.{region}.amazoncognito.com`):
//!
//! | route | what |
//! | --- | --- |
//! | `GET /{poolId}/.well-known/openid-configuration` | discovery document, the `discoveryUrl` AgentCore's authorizer is configured with |
//! | `GET /{poolId}/.well-known/jwks.json` | the public keys |
//! | `POST /` + `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth` | user sign-in ([`initiate_auth`](super::initiate_auth)) |
//! | `POST /oauth2/token` | `client_credentials` ([`token_endpoint`](super::token_endpoint)) |
//!
//! The issuer is `{server uri}/{poolId}`, the same shape as
//! `https://cognito-idp.{region}.amazonaws.com/{poolId}`, so AgentCore's
//! `discoveryUrl` pattern `.+/\.well-known/openid-configuration` holds.
//! Point the AWS SDKs here with `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`.
//!
//! The server records no requests (they carry passwords and client secrets);
//! it counts discovery and JWKS fetches instead, which is what a test of a
//! verifier's key caching needs.

use std::{
    fmt,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use anyhow::{Context, Result};
use jsonwebtoken::jwk::JwkSet;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, Request, Respond, ResponseTemplate,
    matchers::{header, method, path},
};

use super::{
    config::PoolConfig,
    initiate_auth::{InitiateAuth, UnknownOperation},
    pool::PoolState,
    token_endpoint::TokenEndpoint,
    tokens::TokenFactory,
};
use crate::cognito::api::{INITIATE_AUTH_TARGET, TOKEN_PATH};

/// A running Cognito user pool emulation. The server stops when this is
/// dropped.
pub struct CognitoIdp {
    server: MockServer,
    state: Arc<PoolState>,
    discovery_requests: Arc<AtomicUsize>,
    jwks_requests: Arc<AtomicUsize>,
}

impl CognitoIdp {
    /// Starts a pool with fresh keys on a free local port.
    pub async fn start(config: PoolConfig) -> Result<Self> {
        config.validate()?;
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let issuer = format!("{}/{}", server.uri(), config.pool_id());
        let tokens = TokenFactory::generate(issuer).context("creating the pool's signing keys")?;
        let state = Arc::new(PoolState { config, tokens });

        let idp = Self {
            server,
            state,
            discovery_requests: Arc::default(),
            jwks_requests: Arc::default(),
        };
        idp.mount().await.context("serialising the JWKS")?;
        Ok(idp)
    }

    /// Starts [`PoolConfig::default`]: users `alice` and `bob`, a public, a
    /// confidential and a machine app client.
    pub async fn start_default() -> Result<Self> {
        Self::start(PoolConfig::default()).await
    }

    async fn mount(&self) -> Result<()> {
        let pool_id = self.state.config.pool_id();
        Mock::given(method("GET"))
            .and(path(format!("/{pool_id}/.well-known/openid-configuration")))
            .respond_with(CountedJson {
                body: self.discovery_document(),
                count: Arc::clone(&self.discovery_requests),
            })
            .mount(&self.server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/{pool_id}/.well-known/jwks.json")))
            .respond_with(CountedJson {
                body: serde_json::to_value(self.jwks())?,
                count: Arc::clone(&self.jwks_requests),
            })
            .mount(&self.server)
            .await;
        Mock::given(method("POST"))
            .and(path("/"))
            .and(header("x-amz-target", INITIATE_AUTH_TARGET))
            .respond_with(InitiateAuth(Arc::clone(&self.state)))
            .mount(&self.server)
            .await;
        Mock::given(method("POST"))
            .and(path("/"))
            .respond_with(UnknownOperation)
            .with_priority(10)
            .mount(&self.server)
            .await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(TokenEndpoint(Arc::clone(&self.state)))
            .mount(&self.server)
            .await;
        Ok(())
    }

    /// The server's base URI, `http://127.0.0.1:{port}`: the Cognito API
    /// endpoint and the pool's domain at once.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn pool_id(&self) -> &str {
        self.state.config.pool_id()
    }

    /// `{uri}/{poolId}`: the `iss` of every token.
    pub fn issuer(&self) -> &str {
        self.state.tokens.issuer()
    }

    /// The URL to configure as AgentCore's `discoveryUrl`.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer())
    }

    pub fn jwks_uri(&self) -> String {
        format!("{}/.well-known/jwks.json", self.issuer())
    }

    pub fn token_endpoint(&self) -> String {
        format!("{}{TOKEN_PATH}", self.uri())
    }

    pub fn config(&self) -> &PoolConfig {
        &self.state.config
    }

    /// The pool's token factory: valid tokens and forgeries, signed with the
    /// keys the JWKS publishes.
    pub fn tokens(&self) -> &TokenFactory {
        &self.state.tokens
    }

    /// The published keys.
    pub fn jwks(&self) -> JwkSet {
        self.state.tokens.jwks()
    }

    /// How many times the discovery document was fetched.
    pub fn discovery_requests(&self) -> usize {
        self.discovery_requests.load(Ordering::Relaxed)
    }

    /// How many times the JWKS was fetched.
    pub fn jwks_requests(&self) -> usize {
        self.jwks_requests.load(Ordering::Relaxed)
    }

    /// The wiremock server, to mount extra mocks (say, a JWKS outage) in
    /// front of the emulated routes.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The discovery document, with the fields and values Cognito serves.
    /// `authorization_endpoint`, `userinfo_endpoint` and the hosted UI are
    /// listed but not emulated.
    pub fn discovery_document(&self) -> Value {
        let base = self.uri();
        let issuer = self.issuer();
        json!({
            "authorization_endpoint": format!("{base}/oauth2/authorize"),
            "id_token_signing_alg_values_supported": ["RS256"],
            "issuer": issuer,
            "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "subject_types_supported": ["public"],
            "token_endpoint": format!("{base}{TOKEN_PATH}"),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        })
    }
}

impl fmt::Debug for CognitoIdp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CognitoIdp")
            .field("uri", &self.server.uri())
            .field("config", &self.state.config)
            .field("tokens", &self.state.tokens)
            .finish()
    }
}

/// A fixed JSON body that counts how often it was served.
struct CountedJson {
    body: Value,
    count: Arc<AtomicUsize>,
}

impl Respond for CountedJson {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.count.fetch_add(1, Ordering::Relaxed);
        ResponseTemplate::new(200).set_body_json(&self.body)
    }
}
