//! arc-server: the reference MCP server of mcp-matrix.
//!
//! It stands in for a user's server deployed on Amazon Bedrock AgentCore
//! Runtime and follows that platform's MCP contract: stateless Streamable HTTP
//! on `0.0.0.0:8000`, path `/mcp`
//! (AWS docs, "Deploy MCP servers in AgentCore Runtime", protocol contract).
//! It is built with the official Rust SDK, rmcp, so its protocol behaviour is
//! the SDK's, not ours.
//!
//! # Environment
//!
//! - `ARC_SERVER_ADDRESS`: the `IP:port` to listen on (default `0.0.0.0:8000`;
//!   port `0` picks a free port, and the ready line shows the one bound).
//! - `ARC_STATEFUL`: `1` (or `true`) switches rmcp's Streamable HTTP service to
//!   its session mode, the one AgentCore has hosted since 2026-03 as a
//!   stateful MCP runtime (a microVM per session): `initialize` answers with
//!   an `Mcp-Session-Id`, every later request must carry it (rmcp answers a
//!   missing one with 400 and an unknown or ended one with 404), `GET` opens
//!   the server-to-client SSE stream and `DELETE` ends the session. This mode
//!   adds two tools that need the session, `count_down` (progress
//!   notifications) and `confirm_action` (elicitation); see `session_tools`.
//!   Requests that negotiate protocol 2026-07-28, which has no sessions, are
//!   still served statelessly by rmcp. Unset, empty, `0` or `false`: stateless,
//!   the default, with `validate_content` only.

mod handler;
mod request_log;
mod session_tools;
mod validation;

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use axum::{Router, middleware};
use rmcp::transport::streamable_http_server::{
    StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
};

use crate::handler::{ArcServer, Mode};

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
    let mode = mode_from_env(std::env::var("ARC_STATEFUL").ok().as_deref())?;

    let config = StreamableHttpServerConfig::default()
        // Stateless, as AgentCore requires: every POST is served on its own,
        // and a platform-generated `Mcp-Session-Id` is accepted, not looked up.
        // Stateful only when asked for: rmcp's own session mode, sessions
        // kept in memory by the `LocalSessionManager` below.
        .with_legacy_session_mode(mode == Mode::Stateful)
        // AgentCore forwards requests with its own Host header (the data plane
        // endpoint), not a loopback name, so rmcp's DNS-rebinding protection,
        // which accepts only loopback hosts by default, would reject every
        // invocation. The platform's authorizer is the trust boundary here.
        .disable_allowed_hosts();
    let service = StreamableHttpService::new(
        move || Ok(ArcServer::new(mode)),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let app = Router::new()
        .nest_service(MCP_PATH, service)
        .layer(middleware::from_fn(request_log::log_request));

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    // The bound address, so that port 0 shows the port picked.
    let address = listener.local_addr().unwrap_or(address);
    let note = match mode {
        Mode::Stateless => "",
        Mode::Stateful => " (stateful: rmcp sessions)",
    };
    println!("{READY_LINE}: listening on http://{address}{MCP_PATH}{note}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped with an error")
}

/// Reads `ARC_STATEFUL`. Anything but the documented values is refused, so a
/// typo cannot silently start the other mode.
fn mode_from_env(value: Option<&str>) -> anyhow::Result<Mode> {
    match value.map(str::trim) {
        None | Some("" | "0") => Ok(Mode::Stateless),
        Some("1") => Ok(Mode::Stateful),
        Some(other) if other.eq_ignore_ascii_case("false") => Ok(Mode::Stateless),
        Some(other) if other.eq_ignore_ascii_case("true") => Ok(Mode::Stateful),
        Some(other) => {
            anyhow::bail!(
                "ARC_STATEFUL must be 1 or true (stateful), 0 or false (stateless), not {other:?}"
            )
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arc_stateful_selects_the_mode() {
        for value in [None, Some(""), Some("0"), Some("false"), Some("FALSE")] {
            assert_eq!(mode_from_env(value).unwrap(), Mode::Stateless, "{value:?}");
        }
        for value in [Some("1"), Some("true"), Some(" True ")] {
            assert_eq!(mode_from_env(value).unwrap(), Mode::Stateful, "{value:?}");
        }
        assert!(mode_from_env(Some("yes")).is_err());
    }
}
