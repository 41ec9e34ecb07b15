//! A running peer: how it is started and how it says it is ready.
//!
//! A peer listens on a free loopback port (`0` on its command line) and
//! announces its endpoint in a single stdout line,
//! `arc-peer ready on http://127.0.0.1:<port>/mcp`. Its stdout and stderr are
//! read until they close, so the peer never blocks on a full pipe; the last
//! lines of stderr are kept to explain a failure. [`PeerOptions`] starts it
//! in one of the deployment mistakes a test wants to show.

use std::{
    io,
    path::Path,
    process::{Command, Stdio},
    sync::{Arc, mpsc},
    thread,
    time::Duration,
};

use super::{
    PythonSdk, PythonServer, peer_start_error, peers_dir,
    process::{
        describe, die_with_parent, register, spawn_on_long_lived_thread, stop, stop_peers_at_exit,
    },
    setup_error, thread_name,
};
use crate::environment::{
    EnvironmentError,
    line_tail::{LineTail, for_each_line},
};

/// What a peer prints, followed by its endpoint, once its socket listens.
const READINESS_PREFIX: &str = "arc-peer ready on ";
/// How long a peer may take to print its readiness line. It takes 0.5–1 s
/// on an idle machine; a loaded CI machine can be much slower.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the stderr of a peer that failed to start is still read, so the
/// error carries its last words.
const STDERR_SETTLE: Duration = Duration::from_secs(2);
/// Lines of a peer's stderr kept for diagnostics.
const STDERR_LINES_KEPT: usize = 200;

/// A running peer. It stops when the test process exits.
#[derive(Debug)]
pub struct PythonPeer {
    server: PythonServer,
    endpoint: String,
    pid: u32,
    stderr: Arc<LineTail>,
}

impl PythonPeer {
    /// Starts `server` with the interpreter of `venv` and waits for its
    /// readiness line.
    pub(super) fn start(
        server: PythonServer,
        venv: &Path,
        options: &PeerOptions,
    ) -> Result<Self, EnvironmentError> {
        let script = server.script();
        if !script.is_file() {
            return Err(setup_error(
                format!("the peer script {} is missing", script.display()),
                "run the tests from a checkout of mcp-matrix",
            ));
        }

        let mut command = Command::new(venv.join("bin").join("python"));
        command
            .arg(&script)
            .arg("0") // any free port; the readiness line names it
            .current_dir(peers_dir())
            // The peers read these; an exported value must not change what is tested.
            .env_remove("PORT")
            .env_remove("PEER_JSON_RESPONSE")
            .envs(options.environment())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        die_with_parent(&mut command);
        let mut child = spawn_on_long_lived_thread(command).map_err(|error| {
            peer_start_error(server, &format!("it could not be run: {error}"), "")
        })?;
        let pid = child.id();
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        stop_peers_at_exit();
        register(child);

        let stderr_tail = Arc::new(LineTail::new(STDERR_LINES_KEPT));
        let (stderr_closed_tx, stderr_closed) = mpsc::channel();
        let (readiness_tx, readiness) = mpsc::channel();
        let drains = [
            stderr.map(|stderr| {
                let tail = Arc::clone(&stderr_tail);
                spawn_drain(server, "stderr", move || {
                    for_each_line(stderr, |line| tail.push(line));
                    let _ = stderr_closed_tx.send(());
                })
            }),
            stdout.map(|stdout| {
                let tail = Arc::clone(&stderr_tail);
                spawn_drain(server, "stdout", move || {
                    let mut announced = false;
                    for_each_line(stdout, |line| match parse_readiness_line(&line) {
                        Some(endpoint) if !announced => {
                            announced = true;
                            let _ = readiness_tx.send(endpoint.to_owned());
                        }
                        // Nothing else should come: keep it where it will be seen.
                        _ => tail.push(format!("[stdout] {line}")),
                    });
                })
            }),
        ];
        for drain in drains {
            match drain {
                Some(Ok(())) => {}
                Some(Err(error)) => {
                    stop(pid);
                    return Err(setup_error(
                        "starting a thread to read the peer's output",
                        error,
                    ));
                }
                None => {
                    stop(pid);
                    return Err(peer_start_error(server, "its output was not captured", ""));
                }
            }
        }

        let failure = match readiness.recv_timeout(READY_TIMEOUT) {
            Ok(endpoint) => {
                return Ok(Self {
                    server,
                    endpoint,
                    pid,
                    stderr: stderr_tail,
                });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let status = stop(pid);
                format!(
                    "it printed no readiness line within {READY_TIMEOUT:?} and was stopped ({})",
                    describe(status)
                )
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = stop(pid);
                format!(
                    "it closed its stdout without a readiness line ({})",
                    describe(status)
                )
            }
        };
        // Its last stderr lines usually say why; let them arrive.
        let _ = stderr_closed.recv_timeout(STDERR_SETTLE);
        Err(peer_start_error(server, &failure, &stderr_tail.render()))
    }

    /// The MCP endpoint, `http://127.0.0.1:<port>/mcp`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The server's label, such as `python-sdk-1` or `python-forecast`.
    pub fn label(&self) -> &'static str {
        self.server.label()
    }

    /// The server it runs.
    pub fn server(&self) -> PythonServer {
        self.server
    }

    /// The SDK it runs on.
    pub fn sdk(&self) -> PythonSdk {
        self.server.sdk()
    }

    /// The process id of the peer.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The last lines the peer wrote to stderr (its log), oldest first. Worth
    /// printing when one of its answers is unexpected.
    pub fn stderr_tail(&self) -> Vec<String> {
        self.stderr.lines()
    }
}

/// How a peer started with
/// [`start_python_peer`](crate::environment::start_python_peer) departs from the shape AWS
/// documents for AgentCore (host 0.0.0.0, stateless HTTP, path `/mcp`): one
/// deployment mistake each, so a test can show what it looks like to a
/// client. `Default` is the documented shape, the shared peers' own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerOptions {
    /// The SDK is told host 127.0.0.1, which turns on its DNS-rebinding
    /// protection: a request whose Host is not loopback gets 421 (the
    /// Python SDK's `TransportSecuritySettings`).
    pub dns_rebinding_protection: bool,
    /// `stateless_http=False`: `initialize` opens a session
    /// (`Mcp-Session-Id`) that later requests must carry.
    pub stateful: bool,
    /// Serve MCP at this path instead of `/mcp`.
    pub path: Option<String>,
}

impl PeerOptions {
    /// The environment variables the peer scripts read (see `peers/arc_peer.py`).
    fn environment(&self) -> Vec<(&'static str, String)> {
        let flag = |on: bool| if on { "1" } else { "" }.to_owned();
        vec![
            ("PEER_DNS_REBINDING", flag(self.dns_rebinding_protection)),
            ("PEER_STATEFUL", flag(self.stateful)),
            ("PEER_PATH", self.path.clone().unwrap_or_default()),
        ]
    }
}

/// The endpoint announced by a readiness line, if `line` is one.
fn parse_readiness_line(line: &str) -> Option<&str> {
    let endpoint = line.trim_end().strip_prefix(READINESS_PREFIX)?;
    let is_url = endpoint.starts_with("http://") && !endpoint.contains(char::is_whitespace);
    is_url.then_some(endpoint)
}

/// Reads one of the peer's streams on a thread of its own.
fn spawn_drain(
    server: PythonServer,
    stream: &str,
    drain: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    thread::Builder::new()
        .name(thread_name(server, stream))
        .spawn(drain)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readiness_lines_give_their_endpoint() {
        assert_eq!(
            parse_readiness_line("arc-peer ready on http://127.0.0.1:40123/mcp"),
            Some("http://127.0.0.1:40123/mcp")
        );
        assert_eq!(
            parse_readiness_line("arc-peer ready on http://127.0.0.1:1/mcp\r"),
            Some("http://127.0.0.1:1/mcp")
        );
        assert_eq!(parse_readiness_line("INFO: started"), None);
        assert_eq!(parse_readiness_line("arc-peer ready on "), None);
        assert_eq!(parse_readiness_line("arc-peer ready on ftp://x/mcp"), None);
        assert_eq!(
            parse_readiness_line("  arc-peer ready on http://x/mcp"),
            None
        );
    }
}
