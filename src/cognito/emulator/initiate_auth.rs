//! `InitiateAuth` with `USER_PASSWORD_AUTH`, over Cognito's AWS JSON 1.1
//! protocol.
//!
//! The request (Cognito API reference, `InitiateAuth`; the operation is
//! unsigned, `smithy.api#noAuth`):
//!
//! ```text
//! POST / HTTP/1.1
//! Content-Type: application/x-amz-json-1.1
//! X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth
//!
//! {"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"<app client id>",
//!  "AuthParameters":{"USERNAME":"...","PASSWORD":"...","SECRET_HASH":"<if the client has a secret>"}}
//! ```
//!
//! Checks run in the order Cognito's answers imply: request shape, client,
//! flow, parameters, `SECRET_HASH` (client authentication), then the
//! password. Every error is HTTP 400 with `{"__type": ..., "message": ...}`,
//! the JSON 1.1 error shape; the model gives no other status for client
//! errors. Unknown users and wrong passwords get the same
//! `NotAuthorizedException`, as pools with "prevent user existence errors"
//! (the default for new pools) answer.

use std::{collections::HashMap, sync::Arc};

use serde::Deserialize;
use serde_json::json;
use wiremock::{Request, Respond, ResponseTemplate};

use super::{pool::PoolState, tokens::TOKEN_LIFETIME_SECS};
use crate::{
    cognito::{api::AMZ_JSON, secret_hash::verify_secret_hash},
    random::uuid_v4,
};

/// The `AuthFlow` values of the Cognito API model.
const AUTH_FLOWS: [&str; 8] = [
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "USER_AUTH",
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthRequest {
    auth_flow: Option<String>,
    client_id: Option<String>,
    #[serde(default)]
    auth_parameters: HashMap<String, String>,
}

/// Answers `InitiateAuth` from the pool's users and app clients.
pub(crate) struct InitiateAuth(pub(crate) Arc<PoolState>);

impl Respond for InitiateAuth {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.authenticate(request) {
            Ok(body) => amz_json(200, &body),
            Err(error) => error.into_response(),
        }
    }
}

impl InitiateAuth {
    fn authenticate(&self, request: &Request) -> Result<serde_json::Value, AmzError> {
        let content_type = request
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if !content_type.starts_with(AMZ_JSON) {
            // [INFER] AWS's exact answer to a wrong content type is not
            // documented; the emulator says what it expected.
            return Err(AmzError::new(
                "SerializationException",
                format!("expected Content-Type: {AMZ_JSON}, got {content_type:?}"),
            ));
        }
        let body: InitiateAuthRequest = serde_json::from_slice(&request.body).map_err(|error| {
            AmzError::new(
                "SerializationException",
                format!("the request body is not an InitiateAuth request: {error}"),
            )
        })?;

        let Some(flow) = body.auth_flow else {
            return Err(AmzError::null_member("authFlow"));
        };
        if !AUTH_FLOWS.contains(&flow.as_str()) {
            return Err(AmzError::invalid_parameter(format!(
                "1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy \
                 constraint: Member must satisfy enum value set: [{}]",
                AUTH_FLOWS.join(", ")
            )));
        }
        let Some(client_id) = body.client_id else {
            return Err(AmzError::null_member("clientId"));
        };
        let pool = &self.0;
        let client = pool.config.client(&client_id).ok_or_else(|| {
            AmzError::new(
                "ResourceNotFoundException",
                format!("User pool client {client_id} does not exist."),
            )
        })?;
        if flow != "USER_PASSWORD_AUTH" {
            // The emulated app clients enable USER_PASSWORD_AUTH only
            // (`ExplicitAuthFlows: ALLOW_USER_PASSWORD_AUTH`).
            return Err(AmzError::invalid_parameter(format!(
                "{flow} flow not enabled for this client"
            )));
        }

        let parameter = |name: &str| {
            body.auth_parameters.get(name).ok_or_else(|| {
                AmzError::invalid_parameter(format!("Missing required parameter {name}"))
            })
        };
        let username = parameter("USERNAME")?;
        let password = parameter("PASSWORD")?;

        if let Some(secret) = client.secret() {
            // Message observed from Cognito: aws-amplify/amplify-android#2504.
            let hash = body.auth_parameters.get("SECRET_HASH").ok_or_else(|| {
                AmzError::not_authorized(format!(
                    "Client {client_id} is configured with secret but SECRET_HASH was not received"
                ))
            })?;
            if !verify_secret_hash(secret, username, &client_id, hash) {
                return Err(AmzError::not_authorized(format!(
                    "Unable to verify secret hash for client {client_id}"
                )));
            }
        }

        let user = pool
            .config
            .user(username)
            .filter(|user| {
                aws_lc_rs::constant_time::verify_slices_are_equal(
                    user.password.as_bytes(),
                    password.as_bytes(),
                )
                .is_ok()
            })
            .ok_or_else(|| AmzError::not_authorized("Incorrect username or password."))?;

        let sign_in = pool.tokens.sign_in(user, &client_id);
        let sign = |token: super::TokenBuilder<'_>| {
            token.sign().map_err(|error| {
                AmzError::internal(format!("the emulator could not sign a token: {error:#}"))
            })
        };
        let id_token = sign(sign_in.id_token())?;
        let access_token = sign(sign_in.access_token())?;

        Ok(json!({
            "AuthenticationResult": {
                "AccessToken": access_token,
                "ExpiresIn": TOKEN_LIFETIME_SECS,
                "IdToken": id_token,
                "RefreshToken": opaque_refresh_token(),
                "TokenType": "Bearer",
            },
            "ChallengeParameters": {},
        }))
    }
}

/// Cognito's refresh tokens are encrypted JWTs (JWE, five parts, header
/// `{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}`) that only Cognito can
/// read. The emulator returns the same shape filled with random bytes: a
/// client can store it but not use it (`REFRESH_TOKEN_AUTH` is not emulated).
fn opaque_refresh_token() -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let header = URL_SAFE_NO_PAD.encode(br#"{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}"#);
    let random = |len: usize| {
        let mut bytes = vec![0u8; len];
        rand::fill(bytes.as_mut_slice());
        URL_SAFE_NO_PAD.encode(bytes)
    };
    format!(
        "{header}.{}.{}.{}.{}",
        random(256),
        random(12),
        random(1024),
        random(16)
    )
}

/// An AWS JSON 1.1 error: `__type` names the exception.
#[derive(Debug)]
pub(crate) struct AmzError {
    status: u16,
    kind: &'static str,
    message: String,
}

impl AmzError {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            kind,
            message: message.into(),
        }
    }

    fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    fn internal(message: impl Into<String>) -> Self {
        Self {
            status: 500,
            ..Self::new("InternalErrorException", message)
        }
    }

    /// The request validation message AWS services give for a missing
    /// required member.
    fn null_member(member: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy \
             constraint: Member must not be null"
        ))
    }

    pub(crate) fn into_response(self) -> ResponseTemplate {
        amz_json(
            self.status,
            &json!({ "__type": self.kind, "message": self.message }),
        )
    }
}

/// A response in the AWS JSON 1.1 protocol.
pub(crate) fn amz_json(status: u16, body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-RequestId", uuid_v4().as_str())
        .set_body_raw(body.to_string().into_bytes(), AMZ_JSON)
}

/// Any other `POST /`: an operation the emulator does not offer.
pub(crate) struct UnknownOperation;

impl Respond for UnknownOperation {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let target = request
            .headers
            .get("x-amz-target")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("<no X-Amz-Target>");
        AmzError::new(
            "UnknownOperationException",
            format!("the Cognito emulator offers InitiateAuth only, not {target}"),
        )
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_token_looks_like_a_jwe() {
        let token = opaque_refresh_token();
        assert_eq!(token.split('.').count(), 5);
        assert_ne!(token, opaque_refresh_token());
    }

    #[test]
    fn error_body_has_the_json_1_1_shape() {
        let error = AmzError::not_authorized("Incorrect username or password.");
        assert_eq!(error.status, 400);
        assert_eq!(error.kind, "NotAuthorizedException");
    }
}
