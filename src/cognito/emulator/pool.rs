//! [`PoolState`]: what the emulator's responders share.
//!
//! The discovery, `InitiateAuth` and token endpoint responders each hold an
//! `Arc` of it; it lives apart from [`CognitoIdp`](super::CognitoIdp), which
//! starts them, so that they do not depend on one another.

use super::{config::PoolConfig, tokens::TokenFactory};

/// Who exists in the pool, and how its tokens are signed.
#[derive(Debug)]
pub(crate) struct PoolState {
    pub(crate) config: PoolConfig,
    pub(crate) tokens: TokenFactory,
}
