//! arc-server: the reference MCP server of mcp-matrix.
//!
//! It stands in for a user's server deployed on Amazon Bedrock AgentCore
//! Runtime and follows that platform's MCP contract: stateless Streamable HTTP
//! on `0.0.0.0:8000`, path `/mcp`
//! (AWS docs, "Deploy MCP servers in AgentCore Runtime", protocol contract).
//! It is built with the official Rust SDK, rmcp, so its protocol behaviour is
//! the SDK's, not ours.

mod handler;
mod request_log;
mod validation;

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use axum::{Router, middleware};
use rmcp::transport::streamable_http_server::{
    StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
};

use crate::handler::ArcServer;

/// Where AgentCore Runtime expects an MCP container to listen.
const DEFAULT_ADDRESS: &str = "0.0.0.0:8000";
/// The path AgentCore Runtime forwards MCP invocations to.
const MCP_PATH: &str = "/mcp";
/// The line a test harness waits for before sending requests.
pub const READY_LINE: &str = "arc-server ready";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let address: SocketAddr = std::env::var("ARC_SERVER_ADDRESS")
        .unwrap_or_else(|_| DEFAULT_ADDRESS.to_owned())
        .parse()
        .context("ARC_SERVER_ADDRESS must be an IP:port such as 0.0.0.0:8000")?;

    let config = StreamableHttpServerConfig::default()
        // Stateless, as AgentCore requires: every POST is served on its own,
        // and a platform-generated `Mcp-Session-Id` is accepted, not looked up.
        .with_legacy_session_mode(false)
        // AgentCore forwards requests with its own Host header (the data plane
        // endpoint), not a loopback name, so rmcp's DNS-rebinding protection,
        // which accepts only loopback hosts by default, would reject every
        // invocation. The platform's authorizer is the trust boundary here.
        .disable_allowed_hosts();
    let service = StreamableHttpService::new(
        || Ok(ArcServer::default()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let app = Router::new()
        .nest_service(MCP_PATH, service)
        .layer(middleware::from_fn(request_log::log_request));

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    println!("{READY_LINE}: listening on http://{address}{MCP_PATH}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped with an error")
}

/// Resolves on SIGTERM or SIGINT. As PID 1 in a `FROM scratch` container the
/// process has no default signal handlers, so without this `docker stop`
/// would wait for its timeout and then kill.
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        // Without handlers the process can still be killed; keep serving.
        return std::future::pending().await;
    };
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
    }
    println!("arc-server stopping");
}
