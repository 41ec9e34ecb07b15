//! The Cognito user pool emulator: [`CognitoIdp`] serves a pool on a local
//! wiremock server, [`TokenFactory`] mints tokens with Cognito's claim
//! shapes (ID, access, machine-to-machine), and [`BadToken`] breaks them one
//! authorizer check at a time.
//!
//! | file | concept |
//! | --- | --- |
//! | `idp.rs` | the server and its routes |
//! | `pool.rs` | what the route responders share |
//! | `config.rs` | the pool's users and app clients |
//! | `initiate_auth.rs`, `token_endpoint.rs` | the two sign-in routes |
//! | `keys.rs`, `tokens.rs` | signing keys and tokens |
//! | `bad_token.rs` | tokens that fail one check each |

mod bad_token;
mod config;
mod idp;
mod initiate_auth;
mod keys;
mod pool;
mod token_endpoint;
mod tokens;

pub use bad_token::{BadToken, UNKNOWN_KID, WRONG_CLIENT_ID, WRONG_POOL_ID};
pub use config::{
    AppClient, CONFIDENTIAL_CLIENT_ID, DEFAULT_POOL_ID, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID,
    PoolConfig, RESOURCE_SERVER, USER_ADMIN_SCOPE, User,
};
pub use idp::CognitoIdp;
pub use keys::SigningKey;
pub use tokens::{Claims, SignIn, TOKEN_LIFETIME_SECS, TokenBuilder, TokenFactory};
