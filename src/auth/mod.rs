//! A Cognito-shaped identity provider and token factory, for a local
//! emulation of AgentCore's inbound JWT authorizer.
//!
//! AgentCore Runtime validates bearer tokens with a `customJWTAuthorizer`:
//! a `discoveryUrl` (where it finds the issuer and the JWKS) plus
//! `allowedAudience`, `allowedClients`, `allowedScopes` and `customClaims`
//! (AgentCore developer guide, *Inbound JWT authorizer*). Most users point it
//! at a Cognito user pool. This module stands in for that pool:
//!
//! - [`CognitoIdp`] serves discovery, JWKS, `InitiateAuth` and the
//!   `client_credentials` token endpoint on a local wiremock server.
//! - [`TokenFactory`] mints tokens with Cognito's claim shapes (ID, access,
//!   machine-to-machine), and [`BadToken`] breaks them one check at a time.
//! - [`secret_hash`] computes the `SECRET_HASH` confidential clients send.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use mcp_matrix::auth::{CognitoIdp, MACHINE_CLIENT_ID};
//! let idp = CognitoIdp::start_default().await?;
//! let discovery_url = idp.discovery_url(); // configure the authorizer with this
//! let token = idp
//!     .tokens()
//!     .m2m_access_token(MACHINE_CLIENT_ID, "mcp-matrix/invoke")
//!     .sign()?;
//! # Ok(()) }
//! ```
//!
//! Keys are generated at run time; nothing secret is committed, logged, or
//! shown by `Debug`.

mod bad_token;
mod config;
mod idp;
mod initiate_auth;
pub mod inspect;
mod keys;
pub(crate) mod random;
mod secret_hash;
pub mod sigv4;
mod token_endpoint;
mod tokens;

pub use bad_token::{BadToken, UNKNOWN_KID, WRONG_CLIENT_ID, WRONG_POOL_ID};
pub use config::{
    AppClient, CONFIDENTIAL_CLIENT_ID, DEFAULT_POOL_ID, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID,
    PoolConfig, RESOURCE_SERVER, USER_ADMIN_SCOPE, User,
};
pub use idp::CognitoIdp;
pub use initiate_auth::{AMZ_JSON, INITIATE_AUTH_TARGET};
pub use keys::SigningKey;
pub use secret_hash::{secret_hash, verify_secret_hash};
pub use token_endpoint::TOKEN_PATH;
pub use tokens::{Claims, SignIn, TOKEN_LIFETIME_SECS, TokenBuilder, TokenFactory, TokenUse};
