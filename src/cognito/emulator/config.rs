//! Who exists in the emulated user pool: users and app clients.
//!
//! [`PoolConfig::default`] gives a pool that covers the cases AgentCore users
//! meet: a public app client (no secret), a confidential one (with a secret,
//! so `InitiateAuth` needs `SECRET_HASH`), and a machine client for the
//! `client_credentials` grant with custom resource-server scopes.
//!
//! Passwords and client secrets are test fixtures, yet `Debug` still redacts
//! them, so they never end up in a failure message or a snapshot.

use std::fmt;

use crate::random::{lower_alphanumeric, uuid_v4};

/// The default pool id. Real ids are `{region}_{9 alphanumerics}`.
pub const DEFAULT_POOL_ID: &str = "us-east-1_MCPmatrix";
/// A public app client: no secret, user sign-in only.
pub const PUBLIC_CLIENT_ID: &str = "mcpmatrixpublicclient00001";
/// A confidential app client: has a secret, so `InitiateAuth` needs
/// `SECRET_HASH`.
pub const CONFIDENTIAL_CLIENT_ID: &str = "mcpmatrixconfidential00001";
/// A machine-to-machine app client: has a secret and custom scopes, for the
/// `client_credentials` grant.
pub const MACHINE_CLIENT_ID: &str = "mcpmatrixmachineclient0001";
/// The resource server whose scopes the machine client may request.
pub const RESOURCE_SERVER: &str = "mcp-matrix";
/// The scope Cognito puts in access tokens from `InitiateAuth`: the user may
/// call Cognito's own user APIs with it, nothing else.
pub const USER_ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// The user pool's configuration.
#[derive(Clone, Debug)]
pub struct PoolConfig {
    pool_id: String,
    pub users: Vec<User>,
    pub clients: Vec<AppClient>,
}

impl PoolConfig {
    /// An empty pool: no users, no app clients.
    pub fn new(pool_id: impl Into<String>) -> Self {
        Self {
            pool_id: pool_id.into(),
            users: Vec::new(),
            clients: Vec::new(),
        }
    }

    pub fn with_user(mut self, user: User) -> Self {
        self.users.push(user);
        self
    }

    pub fn with_client(mut self, client: AppClient) -> Self {
        self.clients.push(client);
        self
    }

    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// The region, which a Cognito pool id starts with
    /// (`us-east-1_AbCdEfGhI`).
    pub fn region(&self) -> Option<&str> {
        self.pool_id
            .split_once('_')
            .map(|(region, _)| region)
            .filter(|region| !region.is_empty())
    }

    pub fn user(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|user| user.username == username)
    }

    pub fn client(&self, client_id: &str) -> Option<&AppClient> {
        self.clients
            .iter()
            .find(|client| client.client_id == client_id)
    }

    /// Checks the pool id has Cognito's shape, `[\w-]+_[0-9a-zA-Z]+` (the
    /// `UserPoolId` pattern in the Cognito API model), and ids are unique.
    pub(crate) fn validate(&self) -> anyhow::Result<()> {
        let well_formed = self.pool_id.split_once('_').is_some_and(|(region, id)| {
            !region.is_empty()
                && region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !well_formed {
            anyhow::bail!(
                "pool id {:?} is not shaped like a Cognito pool id (region_Id, e.g. {DEFAULT_POOL_ID})",
                self.pool_id
            );
        }
        for (i, client) in self.clients.iter().enumerate() {
            if self.clients[..i]
                .iter()
                .any(|other| other.client_id == client.client_id)
            {
                anyhow::bail!("app client {:?} is configured twice", client.client_id);
            }
        }
        for (i, user) in self.users.iter().enumerate() {
            if self.users[..i]
                .iter()
                .any(|other| other.username == user.username)
            {
                anyhow::bail!("user {:?} is configured twice", user.username);
            }
        }
        Ok(())
    }
}

impl Default for PoolConfig {
    /// [`DEFAULT_POOL_ID`] with users `alice` and `bob` and three app
    /// clients: [`PUBLIC_CLIENT_ID`], [`CONFIDENTIAL_CLIENT_ID`] (fresh random
    /// secret) and [`MACHINE_CLIENT_ID`] (fresh random secret, scopes
    /// `mcp-matrix/invoke` and `mcp-matrix/read`).
    fn default() -> Self {
        Self::new(DEFAULT_POOL_ID)
            .with_user(User::new("alice", "Alice-Passw0rd!", "alice@example.com"))
            .with_user(User::new("bob", "Bob-Passw0rd!", "bob@example.com"))
            .with_client(AppClient::new(PUBLIC_CLIENT_ID))
            .with_client(AppClient::new(CONFIDENTIAL_CLIENT_ID).with_generated_secret())
            .with_client(
                AppClient::new(MACHINE_CLIENT_ID)
                    .with_generated_secret()
                    .with_scopes([
                        format!("{RESOURCE_SERVER}/invoke"),
                        format!("{RESOURCE_SERVER}/read"),
                    ]),
            )
    }
}

/// A confirmed user with a permanent password (so sign-in returns tokens, not
/// a `NEW_PASSWORD_REQUIRED` challenge).
#[derive(Clone)]
pub struct User {
    pub username: String,
    pub password: String,
    pub email: String,
    /// The user's immutable id, a UUID in Cognito; the tokens' `sub`.
    pub sub: String,
}

impl User {
    /// A user with a fresh random `sub`.
    pub fn new(
        username: impl Into<String>,
        password: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
            email: email.into(),
            sub: uuid_v4(),
        }
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("sub", &self.sub)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// An app client. Its id is the `aud` of ID tokens and the `client_id` of
/// access tokens.
#[derive(Clone)]
pub struct AppClient {
    pub client_id: String,
    /// With a secret, `InitiateAuth` needs `SECRET_HASH` and `/oauth2/token`
    /// needs client authentication.
    pub secret: Option<String>,
    /// Custom scopes the client may get through `client_credentials`
    /// (`AllowedOAuthScopes`). Empty means the grant is not enabled.
    pub scopes: Vec<String>,
}

impl AppClient {
    /// A public client: no secret, no `client_credentials`.
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            secret: None,
            scopes: Vec::new(),
        }
    }

    pub fn with_secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// A fresh random secret of 52 lowercase alphanumerics, the length
    /// Cognito generates.
    pub fn with_generated_secret(self) -> Self {
        self.with_secret(lower_alphanumeric(52))
    }

    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The client secret; `None` for a public client.
    pub fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }
}

impl fmt::Debug for AppClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppClient")
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("scopes", &self.scopes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pool_is_valid_and_has_the_three_clients() {
        let config = PoolConfig::default();
        config.validate().unwrap();
        assert_eq!(config.region(), Some("us-east-1"));
        assert!(config.client(PUBLIC_CLIENT_ID).unwrap().secret().is_none());
        assert!(
            config
                .client(CONFIDENTIAL_CLIENT_ID)
                .unwrap()
                .secret()
                .is_some()
        );
        let machine = config.client(MACHINE_CLIENT_ID).unwrap();
        assert_eq!(machine.scopes, ["mcp-matrix/invoke", "mcp-matrix/read"]);
        for id in [PUBLIC_CLIENT_ID, CONFIDENTIAL_CLIENT_ID, MACHINE_CLIENT_ID] {
            assert_eq!(id.len(), 26, "Cognito client ids are 26 characters");
        }
    }

    #[test]
    fn debug_redacts_passwords_and_secrets() {
        let config = PoolConfig::default();
        let debug = format!("{config:?}");
        assert!(!debug.contains("Alice-Passw0rd!"));
        let secret = config.client(MACHINE_CLIENT_ID).unwrap().secret().unwrap();
        assert!(!debug.contains(secret));
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn malformed_pool_ids_and_duplicates_are_rejected() {
        assert!(PoolConfig::new("nounderscore").validate().is_err());
        assert!(PoolConfig::new("us-east-1_").validate().is_err());
        assert!(PoolConfig::new("us-east-1_a/b").validate().is_err());
        let twice = PoolConfig::new(DEFAULT_POOL_ID)
            .with_client(AppClient::new("a"))
            .with_client(AppClient::new("a"));
        assert!(twice.validate().is_err());
    }
}
