//! The local copy of an AgentCore deployment: the server container behind
//! the front door, with the emulated Cognito pool as identity provider.
//!
//! `mcp-matrix run --target local --auth …` uses it so that a user sees,
//! before deploying, what the matrix looks like through the platform with
//! the authentication they will use: SigV4 to an IAM runtime, or a bearer
//! token to a runtime with a customJWTAuthorizer whose `allowedClients`
//! names the app client (the starter toolkit's default set-up).

use std::sync::Arc;

use anyhow::Context;
use aws_credential_types::Credentials;

use crate::{
    agentcore::{DEFAULT_QUALIFIER, McpMode},
    auth::sigv4::{SigV4Signer, SigningScope},
    auth_matrix::{self, RuntimeKind},
    client::McpClient,
    cognito::{CognitoIdp, PUBLIC_CLIENT_ID, TokenUse, UserLogin},
    environment::{LocalServer, SessionContainers},
    front_door::{FrontDoor, FrontDoorConfig, RuntimeConfig, StatefulHosting},
    target::{BearerToken, RequestAuth, SendPolicy, Target},
};

/// The region of the emulated runtimes (their ARNs name it).
pub const REGION: &str = "us-east-1";

/// The access key id of the IAM identity the local front door trusts.
const ACCESS_KEY_ID: &str = "AKIDMCPMATRIXLOCAL01";

/// How calls through the local platform are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformAuth {
    /// SigV4 with the run's own IAM credentials, to the IAM runtime.
    SigV4,
    /// A Cognito access token minted by the emulated pool, to the JWT runtime.
    Bearer,
    /// A real `InitiateAuth` sign-in to the emulated pool (USER_PASSWORD_AUTH),
    /// whose access token goes to the JWT runtime.
    Cognito,
}

/// Sessions of a stateful runtime with a container at once: the matrix's
/// own sessions, one per version, and the one-request sessions of its
/// `initialize` cases, a few at a time.
const MAX_SESSIONS: usize = 12;

/// An IAM identity of this run, with a fresh secret.
fn fresh_iam() -> Credentials {
    Credentials::new(
        ACCESS_KEY_ID,
        crate::random::lower_alphanumeric(40),
        None,
        None,
        "mcp-matrix-local-platform",
    )
}

/// The running local platform. Dropping it stops the front door and the
/// identity provider; the shared server container is removed at exit.
pub struct LocalPlatform {
    pub server: Arc<LocalServer>,
    pub idp: CognitoIdp,
    pub door: FrontDoor,
    iam: Credentials,
}

impl LocalPlatform {
    /// Starts the identity provider and a front door with an IAM runtime and
    /// a JWT runtime (`allowedClients`), both forwarding to `server`.
    pub async fn start(server: Arc<LocalServer>) -> anyhow::Result<Self> {
        Self::start_with_iam(server, fresh_iam()).await
    }

    /// [`LocalPlatform::start`], trusting the IAM identity `iam` (which may
    /// carry a session token, as temporary credentials do).
    pub async fn start_with_iam(
        server: Arc<LocalServer>,
        iam: Credentials,
    ) -> anyhow::Result<Self> {
        Self::start_hosting(server, iam, McpMode::Stateless).await
    }

    /// [`LocalPlatform::start`] with runtimes in `mode`. Stateful runtimes
    /// give each session a container like `server` (same image, same
    /// environment), and send `server` the requests of no live session.
    pub async fn start_in_mode(server: Arc<LocalServer>, mode: McpMode) -> anyhow::Result<Self> {
        Self::start_hosting(server, fresh_iam(), mode).await
    }

    async fn start_hosting(
        server: Arc<LocalServer>,
        iam: Credentials,
        mode: McpMode,
    ) -> anyhow::Result<Self> {
        let idp = CognitoIdp::start_default()
            .await
            .context("the local identity provider did not start")?;
        let mut config = FrontDoorConfig::new(REGION);
        let hosting = match mode {
            McpMode::Stateless => None,
            McpMode::Stateful => {
                let mut hosting = StatefulHosting::new(Arc::new(SessionContainers::like(&server)));
                hosting.max_sessions = MAX_SESSIONS;
                Some(hosting)
            }
        };
        for runtime in [RuntimeKind::Iam, RuntimeKind::JwtClients] {
            let config_of_runtime = RuntimeConfig::new(
                runtime.arn(),
                runtime.authorizer(&idp.discovery_url()),
                server.endpoint(),
            );
            config = config.with_runtime(match &hosting {
                Some(hosting) => config_of_runtime.with_stateful(hosting.clone()),
                None => config_of_runtime,
            });
        }
        config.iam_credentials.push(iam.clone());
        let door = FrontDoor::start(config)
            .await
            .context("the local front door did not start")?;
        Ok(Self {
            server,
            idp,
            door,
            iam,
        })
    }

    /// The runtime that `auth` is meant for.
    pub fn runtime(auth: PlatformAuth) -> RuntimeKind {
        match auth {
            PlatformAuth::SigV4 => RuntimeKind::Iam,
            PlatformAuth::Bearer | PlatformAuth::Cognito => RuntimeKind::JwtClients,
        }
    }

    /// A target through the front door, authenticated with `auth`. Its label
    /// is the live run's, so that the same snapshots and known deviations
    /// apply to both.
    pub async fn target(&self, auth: PlatformAuth, policy: SendPolicy) -> anyhow::Result<Target> {
        let url = self
            .door
            .invocation_url(&Self::runtime(auth).arn(), DEFAULT_QUALIFIER);
        let client = McpClient::new(&url).context("the front door's invocation URL")?;
        let request_auth: Arc<dyn RequestAuth> = match auth {
            PlatformAuth::SigV4 => Arc::new(SigV4Signer {
                credentials: self.iam.clone(),
                scope: SigningScope::agentcore(REGION.to_owned()),
            }),
            PlatformAuth::Bearer => {
                let user = self.user()?;
                let token = self
                    .idp
                    .tokens()
                    .access_token(user, PUBLIC_CLIENT_ID)
                    .sign()?;
                Arc::new(BearerToken::new(&token).map_err(anyhow::Error::msg)?)
            }
            PlatformAuth::Cognito => {
                let user = self.user()?;
                let login = UserLogin {
                    endpoint: self.idp.uri(),
                    client_id: PUBLIC_CLIENT_ID.to_owned(),
                    client_secret: None,
                    username: user.username.clone(),
                    password: user.password.clone(),
                };
                let token = login
                    .token(&reqwest::Client::new(), TokenUse::Access)
                    .await?;
                Arc::new(BearerToken::new(&token).map_err(anyhow::Error::msg)?)
            }
        };
        Ok(Target::through_platform(
            crate::live::LABEL,
            client,
            request_auth,
            policy,
        ))
    }

    /// The front door's base URL (`AWS_ENDPOINT_URL_BEDROCK_AGENTCORE` for
    /// a live run pointed at it).
    pub fn endpoint(&self) -> &str {
        self.door.endpoint()
    }

    /// The IAM identity the front door trusts.
    pub fn iam(&self) -> &Credentials {
        &self.iam
    }

    /// The emulated pool's user that bearer tokens belong to.
    pub fn user(&self) -> anyhow::Result<&crate::cognito::User> {
        self.idp
            .config()
            .user(auth_matrix::USER)
            .with_context(|| format!("the emulated pool has no user {}", auth_matrix::USER))
    }
}
