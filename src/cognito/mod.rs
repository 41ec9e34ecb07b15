//! Amazon Cognito, from both sides. Most AgentCore users point their
//! runtime's `customJWTAuthorizer` at a Cognito user pool, so the suite
//! needs one to test against locally, and a way to sign in to the real one
//! in live mode:
//!
//! | side | what | entry points |
//! | --- | --- | --- |
//! | emulator | a user pool on a local wiremock server: discovery, JWKS, `InitiateAuth`, `/oauth2/token`; tokens with Cognito's claim shapes, and tokens broken one check at a time | [`CognitoIdp`], [`TokenFactory`], [`BadToken`] |
//! | client | signing in to a pool for a bearer token: `USER_PASSWORD_AUTH` and the `client_credentials` grant | [`UserLogin`], [`ClientCredentials`] |
//! | both | the wire API's names, which token to use, the `SECRET_HASH` | [`api`], [`TokenUse`], [`secret_hash`] |
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use mcp_matrix::cognito::{CognitoIdp, MACHINE_CLIENT_ID};
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

pub mod api;
mod client;
mod emulator;
mod secret_hash;
mod token_use;

pub use client::{ClientCredentials, LoginError, UserLogin};
pub use emulator::{
    AppClient, BadToken, CONFIDENTIAL_CLIENT_ID, Claims, CognitoIdp, DEFAULT_POOL_ID,
    MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID, PoolConfig, RESOURCE_SERVER, SignIn, SigningKey,
    TOKEN_LIFETIME_SECS, TokenBuilder, TokenFactory, UNKNOWN_KID, USER_ADMIN_SCOPE, User,
    WRONG_CLIENT_ID, WRONG_POOL_ID,
};
pub use secret_hash::{secret_hash, verify_secret_hash};
pub use token_use::TokenUse;
