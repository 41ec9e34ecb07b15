//! The four endpoints the benchmark measures, assembled from the library the
//! way the matrix tests assemble them (`tests/suite/common.rs`): the reference
//! container directly, the same container behind the local platform
//! (`LocalPlatform`: front door and Cognito pool) with a Cognito access
//! token and with SigV4, and the Python SDK 2.x peer.

use anyhow::{Context, Result};
use mcp_matrix::{
    client::McpClient,
    environment::{
        LocalPlatform, PlatformAuth, PythonSdk, shared_python_peer, shared_reference_server,
    },
    target::{SendPolicy, Target},
};

/// The endpoints, and what must stay alive while they are measured.
pub struct Targets {
    pub all: Vec<Target>,
    /// The front door and its identity provider (dropping it stops them).
    pub platform: LocalPlatform,
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
    let platform = LocalPlatform::start(server.clone()).await?;

    let direct = |label: &str, url: &str| -> Result<Target> {
        let client = McpClient::new(url).with_context(|| format!("the endpoint {url}"))?;
        let mut target = Target::direct(label, client);
        target.policy = policy;
        Ok(target)
    };
    let through = async |label: &str, auth: PlatformAuth| -> Result<Target> {
        let mut target = platform.target(auth, policy).await?;
        target.label = label.to_owned();
        Ok(target)
    };
    let all = vec![
        direct("reference container", server.endpoint())?,
        through("front door + JWT", PlatformAuth::Bearer).await?,
        through("front door + SigV4", PlatformAuth::SigV4).await?,
        direct("python-sdk-2 peer", peer.endpoint())?,
    ];
    Ok(Targets { all, platform })
}
