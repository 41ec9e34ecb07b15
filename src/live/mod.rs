//! Live mode: the matrix against a deployed AgentCore runtime.
//!
//! Configuration follows AWS conventions first, the environment before the
//! project files. The runtime comes from `AGENTCORE_RUNTIME_ARN`, or from the
//! project: the AgentCore CLI's `agentcore/` directory (`agentcore.json`,
//! `aws-targets.json` and `.cli/deployed-state.json`, [`agentcore_cli`]) or
//! the deprecated starter toolkit's `.bedrock_agentcore.yaml`
//! ([`starter_toolkit`]), in the working directory or at `AGENTCORE_CONFIG`
//! ([`AgentProject`]); the region and SigV4 credentials from the AWS SDK's
//! default chains (environment, profile and SSO, web identity, container,
//! IMDS); a bearer token from `AGENTCORE_BEARER_TOKEN` or a Cognito sign-in;
//! the server's MCP mode from `AGENTCORE_MCP_MODE` or its code
//! ([`ServerMode`]). Endpoints can be overridden with the AWS SDK's
//! variables, `AWS_ENDPOINT_URL_BEDROCK_AGENTCORE` and
//! `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, which is how the suite's own
//! tests run this whole path against the local front door and identity
//! provider.

mod agent_choice;
mod agent_project;
pub mod agentcore_cli;
pub mod comparison;
mod deployed_agent;
pub mod probes;
mod server_mode;
pub mod starter_toolkit;

use std::sync::Arc;

use aws_config::BehaviorVersion;
use aws_credential_types::provider::ProvideCredentials;

use crate::cognito::{ClientCredentials, LoginError, TokenUse, UserLogin};
use crate::{
    agentcore::{DEFAULT_QUALIFIER, RuntimeArn, invocation_url, regional_endpoint},
    auth::sigv4::{SigV4Signer, SigningScope},
    client::McpClient,
    target::{BearerToken, RequestAuth, SendPolicy, Target},
};
pub use agent_choice::{AgentChoice, BadModeVariable, Need};
pub use agent_project::{AgentProject, ProjectError, load};
pub use deployed_agent::{AgentSource, CliDeployment, DeployedAgent};
pub use server_mode::{ModeOrigin, ServerMode};

/// The environment variables of live mode.
pub mod var {
    pub const RUNTIME_ARN: &str = "AGENTCORE_RUNTIME_ARN";
    pub const QUALIFIER: &str = "AGENTCORE_QUALIFIER";
    pub const CONFIG: &str = "AGENTCORE_CONFIG";
    pub const AGENT: &str = "AGENTCORE_AGENT";
    /// The AgentCore CLI's deployment target (`aws-targets.json`).
    pub const TARGET: &str = "AGENTCORE_TARGET";
    /// `stateless` or `stateful`: the server's MCP mode, which no project
    /// file records.
    pub const MCP_MODE: &str = "AGENTCORE_MCP_MODE";
    pub const BEARER_TOKEN: &str = "AGENTCORE_BEARER_TOKEN";
    pub const TOKEN_USE: &str = "AGENTCORE_TOKEN_USE";
    pub const COGNITO_USER_POOL_ID: &str = "AGENTCORE_COGNITO_USER_POOL_ID";
    pub const COGNITO_CLIENT_ID: &str = "AGENTCORE_COGNITO_CLIENT_ID";
    pub const COGNITO_CLIENT_SECRET: &str = "AGENTCORE_COGNITO_CLIENT_SECRET";
    pub const COGNITO_USERNAME: &str = "AGENTCORE_COGNITO_USERNAME";
    pub const COGNITO_PASSWORD: &str = "AGENTCORE_COGNITO_PASSWORD";
    pub const COGNITO_TOKEN_URL: &str = "AGENTCORE_COGNITO_TOKEN_URL";
    pub const COGNITO_SCOPE: &str = "AGENTCORE_COGNITO_SCOPE";
    /// The AWS SDK's endpoint overrides (service ids `bedrock-agentcore`,
    /// `cognito-identity-provider`) and the global one.
    pub const ENDPOINT_AGENTCORE: &str = "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE";
    pub const ENDPOINT_COGNITO: &str = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";
    pub const ENDPOINT_GLOBAL: &str = "AWS_ENDPOINT_URL";
}

/// What live mode needs and how to provide it, for "not configured" answers.
pub const HOW_TO_CONFIGURE: &str = "\
live mode needs a deployed runtime and credentials:
  runtime:  AGENTCORE_RUNTIME_ARN=arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>
            (or run where the AgentCore CLI's agentcore/ project is, after `agentcore deploy`, or
             the deprecated starter toolkit's .bedrock_agentcore.yaml, or set AGENTCORE_CONFIG;
             AGENTCORE_AGENT picks the agent, AGENTCORE_TARGET the CLI's deployment target,
             AGENTCORE_QUALIFIER the endpoint, default DEFAULT)
  MCP mode: AGENTCORE_MCP_MODE=stateless|stateful (default: stateless_http= in the server's code)
  SigV4 (IAM runtimes): AWS credentials from the default chain, e.g. AWS_ACCESS_KEY_ID and
            AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, or a web identity (GitHub OIDC); AWS_REGION
  bearer (customJWTAuthorizer runtimes), one of:
            AGENTCORE_BEARER_TOKEN=<token>
            AGENTCORE_COGNITO_USER_POOL_ID, AGENTCORE_COGNITO_CLIENT_ID, AGENTCORE_COGNITO_USERNAME,
              AGENTCORE_COGNITO_PASSWORD (+ AGENTCORE_COGNITO_CLIENT_SECRET if the client has one;
              AGENTCORE_TOKEN_USE=id to send the ID token instead of the access token)
            AGENTCORE_COGNITO_TOKEN_URL, AGENTCORE_COGNITO_CLIENT_ID, AGENTCORE_COGNITO_CLIENT_SECRET
              (+ AGENTCORE_COGNITO_SCOPE) for a client_credentials token";

/// Why live mode cannot run, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("live mode is not configured: {reason}\n\n{HOW_TO_CONFIGURE}")]
    NotConfigured { reason: String },
    #[error("{origin}: {error}")]
    BadArn {
        origin: String,
        error: crate::agentcore::ArnError,
    },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Mode(#[from] BadModeVariable),
    #[error("the {agent} speaks {protocol}, not MCP ({field})")]
    NotMcp {
        agent: String,
        protocol: String,
        field: String,
    },
    #[error(
        "the runtime {arn} is in {arn_region}, but the AWS region is {region}: a runtime is \
         invoked in its own region; set AWS_REGION={arn_region} or use the runtime's ARN in \
         {region}"
    )]
    RegionMismatch {
        arn: String,
        arn_region: String,
        region: String,
    },
    #[error("cannot get AWS credentials for SigV4: {0}")]
    Credentials(String),
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error("{0} is not a usable URL")]
    BadEndpoint(String),
    #[error("the runtime refused the first request: {status} {error_type}: {message}\n  {advice}")]
    Refused {
        status: u16,
        error_type: String,
        message: String,
        advice: String,
    },
    #[error("the first request to {url} got no answer: {reason}")]
    Unreachable { url: String, reason: String },
}

/// How live calls are authorised.
pub enum LiveAuth {
    SigV4,
    Bearer(BearerSource),
}

/// Where the bearer token comes from.
pub enum BearerSource {
    Token(String),
    UserLogin(UserLogin, TokenUse),
    ClientCredentials(ClientCredentials),
}

impl std::fmt::Debug for LiveAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SigV4 => f.write_str("SigV4"),
            Self::Bearer(BearerSource::Token(_)) => f.write_str("Bearer(AGENTCORE_BEARER_TOKEN)"),
            Self::Bearer(BearerSource::UserLogin(login, token_use)) => {
                write!(f, "Bearer({login:?}, {token_use:?})")
            }
            Self::Bearer(BearerSource::ClientCredentials(grant)) => write!(f, "Bearer({grant:?})"),
        }
    }
}

/// The resolved live configuration. Its `Debug` shows no secret.
#[derive(Debug)]
pub struct LiveSettings {
    pub arn: RuntimeArn,
    pub qualifier: String,
    pub region: String,
    /// The data plane endpoint, e.g. `https://bedrock-agentcore.us-east-1.amazonaws.com`.
    pub endpoint: String,
    pub auth: LiveAuth,
    /// The agent, when a project file describes it.
    pub agent: Option<DeployedAgent>,
    /// The server's MCP mode, when known.
    pub mcp_mode: Option<ServerMode>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn endpoint_override(service_variable: &str) -> Option<String> {
    env(service_variable).or_else(|| env(var::ENDPOINT_GLOBAL))
}

/// The chosen agent of the project, which must speak MCP.
fn project_agent(choice: &AgentChoice, need: Need) -> Result<Option<DeployedAgent>, LiveError> {
    let Some(agent) = load(choice, need)? else {
        return Ok(None);
    };
    if let Some(protocol) = agent
        .server_protocol
        .as_deref()
        .filter(|protocol| !protocol.eq_ignore_ascii_case("MCP"))
    {
        return Err(LiveError::NotMcp {
            agent: agent.to_string(),
            protocol: protocol.to_owned(),
            field: agent.protocol_field(),
        });
    }
    Ok(Some(agent))
}

/// Which Cognito token to send: `AGENTCORE_TOKEN_USE`, else the ID token
/// when the authorizer checks only `aud`, else the access token.
fn token_use(agent: Option<&DeployedAgent>) -> Result<TokenUse, LiveError> {
    match env(var::TOKEN_USE).as_deref() {
        Some("id") => return Ok(TokenUse::Id),
        Some("access") => return Ok(TokenUse::Access),
        Some(other) => {
            return Err(LiveError::NotConfigured {
                reason: format!("{}={other:?} must be `access` or `id`", var::TOKEN_USE),
            });
        }
        None => {}
    }
    let audience_only = agent
        .and_then(DeployedAgent::jwt_authorizer)
        .is_some_and(|authorizer| {
            !authorizer.allowed_audience.is_empty() && authorizer.allowed_clients.is_empty()
        });
    Ok(if audience_only {
        TokenUse::Id
    } else {
        TokenUse::Access
    })
}

fn bearer_source(
    agent: Option<&DeployedAgent>,
    region: &str,
) -> Result<Option<BearerSource>, LiveError> {
    if let Some(token) = env(var::BEARER_TOKEN) {
        return Ok(Some(BearerSource::Token(token)));
    }
    if let (Some(token_url), Some(client_id), Some(client_secret)) = (
        env(var::COGNITO_TOKEN_URL),
        env(var::COGNITO_CLIENT_ID),
        env(var::COGNITO_CLIENT_SECRET),
    ) {
        return Ok(Some(BearerSource::ClientCredentials(ClientCredentials {
            token_url,
            client_id,
            client_secret,
            scope: env(var::COGNITO_SCOPE),
        })));
    }
    let login = (
        env(var::COGNITO_USER_POOL_ID),
        env(var::COGNITO_CLIENT_ID),
        env(var::COGNITO_USERNAME),
        env(var::COGNITO_PASSWORD),
    );
    match login {
        (Some(pool), Some(client_id), Some(username), Some(password)) => {
            // Pool ids are `<region>_<id>`.
            let pool_region = pool.split_once('_').map_or(region, |(region, _)| region);
            let endpoint = endpoint_override(var::ENDPOINT_COGNITO)
                .unwrap_or_else(|| format!("https://cognito-idp.{pool_region}.amazonaws.com/"));
            Ok(Some(BearerSource::UserLogin(
                UserLogin {
                    endpoint,
                    client_id,
                    client_secret: env(var::COGNITO_CLIENT_SECRET),
                    username,
                    password,
                },
                token_use(agent)?,
            )))
        }
        (None, None, None, None) => Ok(None),
        _ => Err(LiveError::NotConfigured {
            reason: format!(
                "a Cognito sign-in needs all of {}, {}, {} and {}",
                var::COGNITO_USER_POOL_ID,
                var::COGNITO_CLIENT_ID,
                var::COGNITO_USERNAME,
                var::COGNITO_PASSWORD
            ),
        }),
    }
}

/// Resolves the live configuration from the environment, the project
/// `choice` names (or the working directory holds) and the AWS SDK's
/// chains. Nothing is sent yet.
pub async fn settings(choice: &AgentChoice) -> Result<LiveSettings, LiveError> {
    let arn_variable = env(var::RUNTIME_ARN);
    let need = match arn_variable {
        Some(_) => Need::Definition,
        None => Need::Deployment,
    };
    let agent = project_agent(choice, need)?;
    let (arn_text, origin) = match (
        arn_variable,
        agent.as_ref().and_then(|agent| agent.runtime_arn.clone()),
    ) {
        (Some(arn), _) => (arn, var::RUNTIME_ARN.to_owned()),
        (None, Some(arn)) => (
            arn,
            agent
                .as_ref()
                .map(DeployedAgent::arn_field)
                .unwrap_or_default(),
        ),
        (None, None) => {
            return Err(LiveError::NotConfigured {
                reason: format!(
                    "no runtime: {} is not set and no project ({}/{} or {}) names one",
                    var::RUNTIME_ARN,
                    agentcore_cli::DIR,
                    agentcore_cli::SPEC,
                    starter_toolkit::FILE_NAME
                ),
            });
        }
    };
    let arn: RuntimeArn = arn_text
        .parse()
        .map_err(|error| LiveError::BadArn { origin, error })?;

    let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let region = sdk
        .region()
        .map(ToString::to_string)
        .or_else(|| agent.as_ref().and_then(|agent| agent.region.clone()))
        .unwrap_or_else(|| arn.region.clone());
    if region != arn.region {
        return Err(LiveError::RegionMismatch {
            arn: arn.to_string(),
            arn_region: arn.region.clone(),
            region,
        });
    }
    let endpoint =
        endpoint_override(var::ENDPOINT_AGENTCORE).unwrap_or_else(|| regional_endpoint(&region));
    let auth = match bearer_source(agent.as_ref(), &region)? {
        Some(source) => LiveAuth::Bearer(source),
        None => match agent
            .as_ref()
            .filter(|agent| agent.jwt_authorizer().is_some())
        {
            Some(agent) => {
                return Err(LiveError::NotConfigured {
                    reason: format!(
                        "the runtime has a custom JWT authorizer (per the {agent}), so it takes \
                         bearer tokens, and none is configured"
                    ),
                });
            }
            None => LiveAuth::SigV4,
        },
    };
    let qualifier = match &agent {
        Some(agent) => agent.qualifier.clone(),
        None => choice
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned()),
    };
    let mcp_mode = ServerMode::resolve(
        choice.mode,
        agent
            .as_ref()
            .and_then(|agent| agent.server_code.as_deref()),
    );
    Ok(LiveSettings {
        arn,
        qualifier,
        region,
        endpoint,
        auth,
        agent,
        mcp_mode,
    })
}

/// The label live runs share with the local run through the front door, so
/// both are compared with the same snapshots and deviations.
pub const LABEL: &str = "agentcore";

/// The caller's credentials, obtained. Its `Debug` shows no secret.
pub enum Identity {
    SigV4(aws_credential_types::Credentials),
    Bearer(String),
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SigV4(credentials) => write!(f, "SigV4({})", credentials.access_key_id()),
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
        }
    }
}

/// Obtains the credentials: the AWS chain's for SigV4, or a bearer token
/// (signing in to Cognito if so configured).
pub async fn identity(settings: &LiveSettings) -> Result<Identity, LiveError> {
    match &settings.auth {
        LiveAuth::SigV4 => {
            let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
            let provider = sdk
                .credentials_provider()
                .ok_or_else(|| LiveError::NotConfigured {
                    reason: "no AWS credentials provider is configured".to_owned(),
                })?;
            let credentials =
                provider
                    .provide_credentials()
                    .await
                    .map_err(|error| LiveError::NotConfigured {
                        reason: format!("no AWS credentials for SigV4: {error}"),
                    })?;
            Ok(Identity::SigV4(credentials))
        }
        LiveAuth::Bearer(source) => {
            let http = reqwest::Client::new();
            Ok(Identity::Bearer(match source {
                BearerSource::Token(token) => token.clone(),
                BearerSource::UserLogin(login, token_use) => login.token(&http, *token_use).await?,
                BearerSource::ClientCredentials(grant) => grant.token(&http).await?,
            }))
        }
    }
}

/// The target for `identity` at the configured runtime.
pub fn connect(
    settings: &LiveSettings,
    identity: &Identity,
    policy: SendPolicy,
) -> Result<Target, LiveError> {
    let url = invocation_url(&settings.endpoint, &settings.arn, &settings.qualifier);
    let client = McpClient::new(&url).map_err(|_| LiveError::BadEndpoint(url.clone()))?;
    let auth: Arc<dyn RequestAuth> = match identity {
        Identity::SigV4(credentials) => Arc::new(SigV4Signer {
            credentials: credentials.clone(),
            scope: SigningScope::agentcore(settings.region.clone()),
        }),
        Identity::Bearer(token) => {
            Arc::new(BearerToken::new(token).map_err(|reason| LiveError::NotConfigured { reason })?)
        }
    };
    Ok(Target::through_platform(LABEL, client, auth, policy))
}

/// Sends one conforming request and turns a refusal by the platform into
/// an error that says what to change (wrong ARN, region, method...).
pub async fn preflight(target: &Target) -> Result<(), LiveError> {
    let case = crate::case::Case::new(
        crate::case::CaseVersion::V2025_11_25,
        crate::case::Method::Initialize,
        crate::case::Variant::Baseline,
    );
    let exchange = target
        .send(&case.build(target.client.endpoint()))
        .await
        .map_err(|error| LiveError::Unreachable {
            url: target.client.endpoint().to_string(),
            reason: error.to_string(),
        })?;
    let Some(error_type) = exchange.header(crate::protocol::header::AWS_ERROR_TYPE) else {
        return Ok(());
    };
    let error_type = error_type
        .split(':')
        .next()
        .unwrap_or(error_type)
        .to_owned();
    let message = crate::auth_matrix::refusal_message(&exchange).unwrap_or_default();
    let advice = crate::agentcore::platform_advice(&error_type, &message).to_owned();
    Err(LiveError::Refused {
        status: exchange.status.as_u16(),
        error_type,
        message,
        advice,
    })
}
