//! The parts of Cognito's wire API both sides speak: the emulator serves
//! these routes and the client calls them.
//!
//! Cognito splits them between `cognito-idp.{region}.amazonaws.com` (the
//! JSON API) and the user pool's domain `{prefix}.auth.{region}.amazoncognito.com`
//! (OAuth 2.0).

/// The `X-Amz-Target` of `InitiateAuth` (user sign-in).
pub const INITIATE_AUTH_TARGET: &str = "AWSCognitoIdentityProviderService.InitiateAuth";

/// The content type of the AWS JSON 1.1 protocol, requests and responses.
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// The OAuth 2.0 token endpoint's path, on the pool's domain.
pub const TOKEN_PATH: &str = "/oauth2/token";
