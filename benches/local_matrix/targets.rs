//! The four endpoints the benchmark measures, assembled from the library the
//! way the matrix tests assemble them (`tests/common/mod.rs`, `tests/live.rs`):
//! the reference container directly, the same container behind the local
//! front door with a Cognito access token and with SigV4, and the Python
//! SDK 2.x peer.

use std::sync::Arc;

use anyhow::{Context, Result};
use aws_credential_types::Credentials;
use mcp_matrix::{
    agentcore::DEFAULT_QUALIFIER,
    auth::{
        CognitoIdp, PUBLIC_CLIENT_ID,
        sigv4::{SigV4Signer, SigningScope},
    },
    auth_matrix::{self, RuntimeKind},
    client::McpClient,
    environment::{PythonSdk, shared_python_peer, shared_reference_server},
    front_door::{FrontDoor, FrontDoorConfig, RuntimeConfig},
    target::{BearerToken, SendPolicy, Target},
};

const REGION: &str = "us-east-1";
/// The access key the benchmark's SigV4 caller signs with; its secret is
/// made per process and never printed.
const ACCESS_KEY_ID: &str = "AKIDMCPMATRIXBENCH01";

/// The endpoints, and what must stay alive while they are measured.
pub struct Targets {
    pub all: Vec<Target>,
    /// The front door and its identity provider (dropping them stops them).
    pub platform: (FrontDoor, CognitoIdp),
}

/// Starts (or reuses) everything and returns the targets in table order,
/// each sending at `policy`.
pub async fn assemble(policy: SendPolicy) -> Result<Targets> {
    let server = shared_reference_server()
        .await
        .map_err(|error| anyhow::anyhow!("no reference container: {error}"))?;
    let peer = shared_python_peer(PythonSdk::V2)
        .await
        .map_err(|error| anyhow::anyhow!("no Python SDK 2.x peer: {error}"))?;
    let idp = CognitoIdp::start_default()
        .await
        .context("starting the identity provider")?;

    let secret_access_key = format!("bench-secret-{:016x}", rand::random::<u64>());
    let mut config = FrontDoorConfig::new(REGION)
        .with_runtime(RuntimeConfig::new(
            RuntimeKind::JwtClients.arn(),
            RuntimeKind::JwtClients.authorizer(&idp.discovery_url()),
            server.endpoint(),
        ))
        .with_runtime(RuntimeConfig::new(
            RuntimeKind::Iam.arn(),
            RuntimeKind::Iam.authorizer(&idp.discovery_url()),
            server.endpoint(),
        ));
    config.iam_credentials.push(Credentials::new(
        ACCESS_KEY_ID,
        secret_access_key.clone(),
        None,
        None,
        "mcp-matrix-bench",
    ));
    let door = FrontDoor::start(config)
        .await
        .context("starting the front door")?;

    let user = idp
        .config()
        .user(auth_matrix::USER)
        .context("the default pool has no benchmark user")?;
    let token = idp
        .tokens()
        .access_token(user, PUBLIC_CLIENT_ID)
        .sign()
        .context("signing an access token")?;
    let bearer = BearerToken::new(&token).map_err(anyhow::Error::msg)?;
    let signer = SigV4Signer {
        credentials: Credentials::new(ACCESS_KEY_ID, secret_access_key, None, None, "bench"),
        scope: SigningScope::agentcore(REGION),
    };

    let client = |url: &str| McpClient::new(url).with_context(|| format!("the endpoint {url}"));
    let direct = |label: &str, url: &str| -> Result<Target> {
        let mut target = Target::direct(label, client(url)?);
        target.policy = policy;
        Ok(target)
    };
    let jwt_url = door.invocation_url(&RuntimeKind::JwtClients.arn(), DEFAULT_QUALIFIER);
    let iam_url = door.invocation_url(&RuntimeKind::Iam.arn(), DEFAULT_QUALIFIER);
    let all = vec![
        direct("reference container", server.endpoint())?,
        Target::through_platform(
            "front door + JWT",
            client(&jwt_url)?,
            Arc::new(bearer),
            policy,
        ),
        Target::through_platform(
            "front door + SigV4",
            client(&iam_url)?,
            Arc::new(signer),
            policy,
        ),
        direct("python-sdk-2 peer", peer.endpoint())?,
    ];
    Ok(Targets {
        all,
        platform: (door, idp),
    })
}
