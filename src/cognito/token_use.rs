//! [`TokenUse`]: which of the two tokens of a Cognito sign-in.
//!
//! The choice matters to AgentCore's `customJWTAuthorizer`: Cognito puts
//! `aud` in ID tokens only and `client_id` (with `scope`) in access tokens
//! only, so `allowedAudience` needs the ID token and `allowedClients` the
//! access token (Cognito developer guide, *Understanding the identity (ID)
//! token* and *Understanding the access token*).

/// An ID token or an access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenUse {
    /// `IdToken`: carries `aud`, for `allowedAudience`.
    Id,
    /// `AccessToken`: carries `client_id` and `scope`, for `allowedClients`
    /// and `allowedScopes`.
    Access,
}

impl TokenUse {
    /// The token's `token_use` claim, which also chooses the key that signs it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }

    /// The field of `InitiateAuth`'s `AuthenticationResult` that holds it.
    pub fn authentication_result_field(self) -> &'static str {
        match self {
            Self::Id => "IdToken",
            Self::Access => "AccessToken",
        }
    }
}
