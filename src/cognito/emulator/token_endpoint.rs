//! `POST /oauth2/token` for the `client_credentials` grant: machine-to-machine
//! access tokens.
//!
//! Cognito developer guide, *The token issuer endpoint*: the endpoint
//! "issues JSON web tokens (JWTs) to applications that want to complete
//! authorization-code and client-credentials grant flows". The client
//! authenticates with HTTP Basic (`client_secret_basic`) or with form fields
//! (`client_secret_post`), both advertised in the discovery document:
//!
//! ```text
//! POST /oauth2/token
//! Content-Type: application/x-www-form-urlencoded
//! Authorization: Basic base64(client_id:client_secret)
//!
//! grant_type=client_credentials&scope=mcp-matrix/invoke
//! ```
//!
//! Success is `{"access_token", "expires_in": 3600, "token_type": "Bearer"}`:
//! no ID token and no refresh token. Errors are HTTP 400 with
//! `{"error": "<RFC 6749 §5.2 code>"}`, as the Cognito page documents; RFC
//! 6749 would allow 401 for `invalid_client`, Cognito answers 400.
//!
//! Only `client_credentials` is emulated: the authorization-code grant needs
//! the hosted UI, which this emulator does not have.

use std::sync::Arc;

use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::json;
use wiremock::{Request, Respond, ResponseTemplate};

use super::{config::AppClient, pool::PoolState, tokens::TOKEN_LIFETIME_SECS};

/// Answers the token endpoint from the pool's app clients.
pub(crate) struct TokenEndpoint(pub(crate) Arc<PoolState>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.grant(request) {
            Ok(body) => oauth_json(200, &body),
            Err(error) => oauth_json(error.status(), &json!({ "error": error.code() })),
        }
    }
}

/// The RFC 6749 §5.2 error codes the endpoint answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OAuthError {
    InvalidRequest,
    InvalidClient,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    /// Not an OAuth error: the emulator failed to sign (HTTP 500).
    ServerError,
}

impl OAuthError {
    fn code(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::ServerError => "server_error",
        }
    }

    fn status(self) -> u16 {
        match self {
            Self::ServerError => 500,
            _ => 400,
        }
    }
}

impl TokenEndpoint {
    fn grant(&self, request: &Request) -> Result<serde_json::Value, OAuthError> {
        let form: Vec<(String, String)> = form_urlencoded::parse(&request.body)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let field = |name: &str| {
            form.iter()
                .find(|(field, _)| field == name)
                .map(|(_, value)| value.as_str())
        };

        let grant_type = field("grant_type").ok_or(OAuthError::InvalidRequest)?;
        let client = self.authenticate(request, &field)?;
        if grant_type != "client_credentials" {
            return Err(OAuthError::UnsupportedGrantType);
        }
        // Cognito requires `AllowedOAuthFlows: client_credentials` and at
        // least one custom scope; the emulator reads "has scopes" as both.
        if client.scopes.is_empty() {
            return Err(OAuthError::UnauthorizedClient);
        }

        let requested: Vec<&str> = field("scope")
            .unwrap_or_default()
            .split(' ')
            .filter(|scope| !scope.is_empty())
            .collect();
        let granted = if requested.is_empty() {
            // No `scope`: Cognito grants every scope the client is allowed.
            client.scopes.join(" ")
        } else if requested
            .iter()
            .all(|scope| client.scopes.iter().any(|allowed| allowed == scope))
        {
            requested.join(" ")
        } else {
            return Err(OAuthError::InvalidScope);
        };

        let access_token = self
            .0
            .tokens
            .m2m_access_token(&client.client_id, &granted)
            .sign()
            .map_err(|_| OAuthError::ServerError)?;
        Ok(json!({
            "access_token": access_token,
            "expires_in": TOKEN_LIFETIME_SECS,
            "token_type": "Bearer",
        }))
    }

    /// The confidential client the request authenticates as: HTTP Basic
    /// first, else `client_id` and `client_secret` form fields.
    fn authenticate<'f>(
        &self,
        request: &Request,
        field: &dyn Fn(&str) -> Option<&'f str>,
    ) -> Result<&AppClient, OAuthError> {
        let basic = request
            .headers
            .get(http::header::AUTHORIZATION)
            .map(|value| basic_credentials(value.as_bytes()).ok_or(OAuthError::InvalidClient))
            .transpose()?;
        let (client_id, secret) = match basic {
            Some(credentials) => credentials,
            None => (
                field("client_id")
                    .ok_or(OAuthError::InvalidClient)?
                    .to_owned(),
                field("client_secret")
                    .ok_or(OAuthError::InvalidClient)?
                    .to_owned(),
            ),
        };
        let client = self
            .0
            .config
            .client(&client_id)
            .ok_or(OAuthError::InvalidClient)?;
        // A public client cannot use client_credentials: it has nothing to
        // authenticate with.
        let expected = client.secret().ok_or(OAuthError::InvalidClient)?;
        aws_lc_rs::constant_time::verify_slices_are_equal(expected.as_bytes(), secret.as_bytes())
            .map_err(|_| OAuthError::InvalidClient)?;
        Ok(client)
    }
}

/// `client_id:client_secret` from `Authorization: Basic <base64>`.
fn basic_credentials(header: &[u8]) -> Option<(String, String)> {
    let header = std::str::from_utf8(header).ok()?;
    let (scheme, encoded) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn oauth_json(status: u16, body: &serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("cache-control", "no-store")
        .set_body_raw(
            body.to_string().into_bytes(),
            "application/json;charset=UTF-8",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_parse() {
        let header = format!("Basic {}", STANDARD.encode("id:se:cret"));
        assert_eq!(
            basic_credentials(header.as_bytes()),
            Some(("id".into(), "se:cret".into()))
        );
        assert_eq!(basic_credentials(b"Bearer abc"), None);
        assert_eq!(basic_credentials(b"Basic !!!"), None);
        let no_colon = format!("Basic {}", STANDARD.encode("idonly"));
        assert_eq!(basic_credentials(no_colon.as_bytes()), None);
    }
}
