//! The official Python SDK's MCP servers ("peers") as local test targets.
//!
//! `peers/` holds the tool of the reference server, `validate_content`, on the
//! Python SDK 1.x (`fastmcp_v1.py`) and 2.x (`mcpserver_v2.py`), each pinned
//! by a requirements file. Most servers deployed on AgentCore are written with
//! this SDK, so the suite runs them too, started by the tests themselves:
//!
//! 1. **A virtualenv per SDK**, created on first use under
//!    `target/python-peers/<label>-<hash of the requirements file>/` and
//!    reused while the requirements file is unchanged, so only the first run
//!    pays for the install (`venv.rs`).
//! 2. **One peer process per server and test process**, shared by every test
//!    in it, like the server container (see `shared`). It announces its
//!    endpoint on stdout; the last lines of its stderr are kept to explain a
//!    failure (`peer.rs`, with the lines read and kept by `line_tail.rs`).
//! 3. **No peer outlives the test process**: every peer is stopped at exit,
//!    and on Linux killed by the kernel should the test process die
//!    (`process.rs`).
//!
//! This file holds what the tests name: the servers ([`PythonSdk`],
//! [`PythonServer`]) and the entry points, [`shared_python_peer`] and
//! [`start_python_peer`], which start a peer in that order (venv, then
//! process) on a thread of their own.
//!
//! # Requirements
//!
//! `python3` on `PATH`, version 3.10 or newer (what `mcp` 1.30 and 2.3 need),
//! with its `venv` module (Debian and Ubuntu ship it separately, as
//! `python3-venv`), and access to PyPI or to the index pip is configured with.
//! Nothing is installed outside `target/` (or `CARGO_TARGET_DIR`, or the
//! user's cache for an installed copy: see `build_directory`). Deleting
//! `python-peers/` there forces a fresh install.
//!
//! `PEER_LOG_LEVEL` (`DEBUG`, `INFO`, default `WARNING`) is passed on to the
//! peers; their log is in [`PythonPeer::stderr_tail`] and in start errors.

mod peer;
mod process;
mod venv;

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    thread,
};

use tokio::sync::OnceCell;

use crate::environment::EnvironmentError;

pub use peer::{PeerOptions, PythonPeer};

/// A version of the official Python SDK (`mcp` on PyPI) with a peer script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PythonSdk {
    /// `mcp` 1.x, `FastMCP`: what most deployed servers use today.
    V1,
    /// `mcp` 2.x, `MCPServer`: the first line that speaks 2026-07-28.
    V2,
}

impl PythonSdk {
    /// Every SDK version, oldest first.
    pub const ALL: [Self; 2] = [Self::V1, Self::V2];

    /// A short name for messages, directories and snapshots.
    pub const fn label(self) -> &'static str {
        match self {
            Self::V1 => "python-sdk-1",
            Self::V2 => "python-sdk-2",
        }
    }

    /// The peer script, in `peers/`.
    pub const fn script_name(self) -> &'static str {
        match self {
            Self::V1 => "fastmcp_v1.py",
            Self::V2 => "mcpserver_v2.py",
        }
    }

    /// The requirements file that pins the SDK and its dependencies, in `peers/`.
    pub const fn requirements_name(self) -> &'static str {
        match self {
            Self::V1 => "requirements-v1.txt",
            Self::V2 => "requirements-v2.txt",
        }
    }

    /// The peer script's path in this checkout.
    pub fn script(self) -> PathBuf {
        peers_dir().join(self.script_name())
    }

    /// The requirements file's path in this checkout.
    pub fn requirements(self) -> PathBuf {
        peers_dir().join(self.requirements_name())
    }

    /// `1` or `2`, the SDK's major version.
    const fn major(self) -> usize {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }

    /// The slot of its shared peer.
    const fn index(self) -> usize {
        self.major() - 1
    }
}

impl std::fmt::Display for PythonSdk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A server of the suite's own on the official Python SDK: a script in
/// `peers/`, run in the virtualenv of its SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PythonServer {
    /// The reference server's tool, `validate_content`, on the SDK
    /// (`fastmcp_v1.py`, `mcpserver_v2.py`).
    ValidateContent(PythonSdk),
    /// A weather server (`forecast_v1.py`, SDK 1.x): another tool, without
    /// an outputSchema, a resource, a resource template, a prompt and
    /// completions.
    Forecast,
    /// A server whose tools list is paged (`paged_v2.py`, SDK 2.x).
    PagedTools,
}

impl PythonServer {
    /// Every server, in the order of their shared slots.
    pub const ALL: [Self; 4] = [
        Self::ValidateContent(PythonSdk::V1),
        Self::ValidateContent(PythonSdk::V2),
        Self::Forecast,
        Self::PagedTools,
    ];

    /// The SDK whose virtualenv runs it.
    pub const fn sdk(self) -> PythonSdk {
        match self {
            Self::ValidateContent(sdk) => sdk,
            Self::Forecast => PythonSdk::V1,
            Self::PagedTools => PythonSdk::V2,
        }
    }

    /// A short name for messages and snapshots (and, for the reference
    /// tool, the SDK's label, which `known-deviations.toml` uses).
    pub const fn label(self) -> &'static str {
        match self {
            Self::ValidateContent(sdk) => sdk.label(),
            Self::Forecast => "python-forecast",
            Self::PagedTools => "python-paged",
        }
    }

    /// The script, in `peers/`.
    pub const fn script_name(self) -> &'static str {
        match self {
            Self::ValidateContent(sdk) => sdk.script_name(),
            Self::Forecast => "forecast_v1.py",
            Self::PagedTools => "paged_v2.py",
        }
    }

    /// The script's path in this checkout.
    pub fn script(self) -> PathBuf {
        peers_dir().join(self.script_name())
    }

    /// Whether it serves `validate_content` as the reference server does.
    pub const fn serves_the_reference_tool(self) -> bool {
        matches!(self, Self::ValidateContent(_))
    }

    /// The slot of its shared peer.
    const fn index(self) -> usize {
        match self {
            Self::ValidateContent(sdk) => sdk.index(),
            Self::Forecast => 2,
            Self::PagedTools => 3,
        }
    }
}

impl From<PythonSdk> for PythonServer {
    fn from(sdk: PythonSdk) -> Self {
        Self::ValidateContent(sdk)
    }
}

impl std::fmt::Display for PythonServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

static PEERS: [OnceCell<Result<Arc<PythonPeer>, Arc<EnvironmentError>>>; PythonServer::ALL.len()] =
    [const { OnceCell::const_new() }; PythonServer::ALL.len()];

/// The process-wide peer of `server`, started on first use (after creating its
/// virtualenv, if this checkout has none yet).
///
/// A failure to start is remembered, so a missing Python fails every test
/// with the same message instead of retrying per test.
pub async fn shared_python_peer(
    server: impl Into<PythonServer>,
) -> Result<Arc<PythonPeer>, Arc<EnvironmentError>> {
    let server = server.into();
    PEERS[server.index()]
        .get_or_init(|| async move {
            start_off_runtime(server, PeerOptions::default())
                .await
                .map(Arc::new)
                .map_err(Arc::new)
        })
        .await
        .clone()
}

/// A peer of its own for the calling test, started with `options` (a
/// deployment mistake). It stops when the test process exits, like the
/// shared ones.
pub async fn start_python_peer(
    server: impl Into<PythonServer>,
    options: PeerOptions,
) -> Result<PythonPeer, EnvironmentError> {
    start_off_runtime(server.into(), options).await
}

/// Starts a peer on a thread of its own: creating a venv and waiting for the
/// peer are blocking work, and it must not depend on the runtime of the test
/// that happens to ask first, which ends with that test.
async fn start_off_runtime(
    server: PythonServer,
    options: PeerOptions,
) -> Result<PythonPeer, EnvironmentError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    thread::Builder::new()
        .name(thread_name(server, "start"))
        .spawn(move || {
            // The receiver may be gone if the asking test was cancelled.
            let _ = answer.send(start(server, &options));
        })
        .map_err(|error| setup_error("starting a thread to start the peer", error))?;
    answered.await.unwrap_or_else(|_| {
        Err(peer_start_error(
            server,
            "the thread starting it ended without an answer (it panicked; see the test output)",
            "",
        ))
    })
}

/// The venv of the server's SDK (created if missing), then the peer in it.
fn start(server: PythonServer, options: &PeerOptions) -> Result<PythonPeer, EnvironmentError> {
    let venv = venv::ensure_venv(server.sdk())?;
    PythonPeer::start(server, &venv, options)
}

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

/// `py1-stderr` and the like: Linux shows 15 characters of a thread's name.
fn thread_name(server: PythonServer, role: &str) -> String {
    format!("py{}-{role}", server.index())
}

fn setup_error(context: impl Into<String>, reason: impl std::fmt::Display) -> EnvironmentError {
    EnvironmentError::PythonPeerSetup {
        context: context.into(),
        reason: reason.to_string(),
    }
}

fn peer_start_error(server: PythonServer, reason: &str, stderr: &str) -> EnvironmentError {
    EnvironmentError::PeerStart {
        label: server.label().to_owned(),
        script: server.script().display().to_string(),
        reason: reason.to_owned(),
        stderr: if stderr.is_empty() {
            "(nothing)".to_owned()
        } else {
            stderr.to_owned()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_sdk_and_server_once_in_order() {
        assert_all_lists_every_variant!(PythonSdk::ALL, [PythonSdk::V1, PythonSdk::V2]);
        assert_all_lists_every_variant!(
            PythonServer::ALL,
            [
                PythonServer::ValidateContent(PythonSdk::V1),
                PythonServer::ValidateContent(PythonSdk::V2),
                PythonServer::Forecast,
                PythonServer::PagedTools,
            ]
        );
    }

    #[test]
    fn every_sdk_has_its_script_and_requirements() {
        for sdk in PythonSdk::ALL {
            assert!(sdk.script().is_file(), "{}", sdk.script().display());
            assert!(
                sdk.requirements().is_file(),
                "{}",
                sdk.requirements().display()
            );
        }
        assert_eq!(PythonSdk::V1.to_string(), "python-sdk-1");
        assert_eq!(PythonSdk::V2.label(), "python-sdk-2");
    }
}
