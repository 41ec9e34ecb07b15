//! Signing in to Cognito for a bearer token, the way AgentCore users do.
//!
//! Two flows: `InitiateAuth` with `USER_PASSWORD_AUTH` (the cognito-idp JSON
//! API, `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth`,
//! with `SECRET_HASH` when the app client has a secret), and the OAuth
//! `client_credentials` grant on the user pool domain's `/oauth2/token`
//! (machine-to-machine). Nothing here prints a password, secret or token.

use serde_json::{Value, json};

use super::{
    TokenUse,
    api::{AMZ_JSON, INITIATE_AUTH_TARGET},
    secret_hash,
};

/// A user-password sign-in.
pub struct UserLogin {
    /// `https://cognito-idp.<region>.amazonaws.com/` or an override.
    pub endpoint: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for UserLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserLogin")
            .field("endpoint", &self.endpoint)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// A `client_credentials` grant.
pub struct ClientCredentials {
    /// `https://<domain>.auth.<region>.amazoncognito.com/oauth2/token`.
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub scope: Option<String>,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("scope", &self.scope)
            .finish()
    }
}

/// Why no token was had. Messages name the Cognito error, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("cannot reach Cognito at {endpoint}: {reason}")]
    Unreachable { endpoint: String, reason: String },
    #[error(
        "Cognito refused the sign-in of {username} with client {client_id}: {kind}: {message}{hint}"
    )]
    Refused {
        username: String,
        client_id: String,
        kind: String,
        message: String,
        hint: &'static str,
    },
    #[error("the token endpoint {endpoint} refused client {client_id}: {error}")]
    TokenRefused {
        endpoint: String,
        client_id: String,
        error: String,
    },
    #[error(
        "Cognito answered without {field}; the sign-in may need a challenge (e.g. a new password) that this suite cannot answer"
    )]
    NoToken { field: &'static str },
}

fn hint_for(kind: &str) -> &'static str {
    match kind {
        "NotAuthorizedException" => {
            " (a wrong password, or a client with a secret: set AGENTCORE_COGNITO_CLIENT_SECRET)"
        }
        "InvalidParameterException" => {
            " (enable USER_PASSWORD_AUTH on the app client: ALLOW_USER_PASSWORD_AUTH)"
        }
        "ResourceNotFoundException" => " (check AGENTCORE_COGNITO_CLIENT_ID and the pool's region)",
        "UserNotFoundException" => " (check AGENTCORE_COGNITO_USERNAME)",
        _ => "",
    }
}

impl UserLogin {
    /// Signs in and returns the chosen token.
    pub async fn token(
        &self,
        http: &reqwest::Client,
        token_use: TokenUse,
    ) -> Result<String, LoginError> {
        let mut parameters = json!({ "USERNAME": self.username, "PASSWORD": self.password });
        if let Some(secret) = &self.client_secret {
            parameters["SECRET_HASH"] = json!(secret_hash(secret, &self.username, &self.client_id));
        }
        let body = json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": self.client_id,
            "AuthParameters": parameters,
        });
        let unreachable = |reason: String| LoginError::Unreachable {
            endpoint: self.endpoint.clone(),
            reason,
        };
        let response = http
            .post(&self.endpoint)
            .header("x-amz-target", INITIATE_AUTH_TARGET)
            .header("content-type", AMZ_JSON)
            .body(body.to_string())
            .send()
            .await
            .map_err(|error| unreachable(error.without_url().to_string()))?;
        let status = response.status();
        let answer: Value = response
            .json()
            .await
            .map_err(|error| unreachable(format!("{status}: {}", error.without_url())))?;
        if !status.is_success() {
            let kind = answer
                .get("__type")
                .and_then(Value::as_str)
                .map(|kind| kind.rsplit('#').next().unwrap_or(kind).to_owned())
                .unwrap_or_else(|| status.to_string());
            return Err(LoginError::Refused {
                username: self.username.clone(),
                client_id: self.client_id.clone(),
                hint: hint_for(&kind),
                kind,
                message: answer
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        let field = token_use.authentication_result_field();
        answer
            .get("AuthenticationResult")
            .and_then(|result| result.get(field))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(LoginError::NoToken { field })
    }
}

impl ClientCredentials {
    /// Gets an access token with the `client_credentials` grant.
    pub async fn token(&self, http: &reqwest::Client) -> Result<String, LoginError> {
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if let Some(scope) = &self.scope {
            form.push(("scope", scope.clone()));
        }
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let response = http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|error| LoginError::Unreachable {
                endpoint: self.token_url.clone(),
                reason: error.without_url().to_string(),
            })?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(LoginError::TokenRefused {
                endpoint: self.token_url.clone(),
                client_id: self.client_id.clone(),
                error: answer
                    .get("error")
                    .and_then(Value::as_str)
                    .map_or_else(|| status.to_string(), str::to_owned),
            });
        }
        answer
            .get("access_token")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(LoginError::NoToken {
                field: "access_token",
            })
    }
}
