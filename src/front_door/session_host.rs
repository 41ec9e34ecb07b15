//! [`SessionHost`]: where a stateful runtime's sessions run.
//!
//! AgentCore gives each session of a stateful MCP runtime its own microVM,
//! for up to 8 hours (`maxLifetime`), ended after an idle timeout
//! (`idleRuntimeSessionTimeout`, 900 s by default), and routes requests to it
//! by the `Mcp-Session-Id` the server issued (AWS What's New, 2026-03-10;
//! developer guide, *MCP protocol contract* and *Configure lifecycle
//! settings*). The front door does the same with a server per session that a
//! `SessionHost` starts: a container of the runtime's image, in the suite.
//! The front door sits below the layer that knows about containers, so it
//! asks for servers through this trait.

use std::{fmt, sync::Arc, time::Duration};

use futures::future::BoxFuture;

/// Starts a fresh server, with no session yet, for one session.
pub trait SessionHost: Send + Sync + 'static {
    /// Starts a server and returns it once it serves MCP. An error says in
    /// one line why it did not start.
    fn start(&self) -> BoxFuture<'static, Result<SessionServer, String>>;
}

/// One session's server. Dropping it stops the server.
pub struct SessionServer {
    /// Its MCP endpoint, e.g. `http://127.0.0.1:32771/mcp`.
    pub endpoint: String,
    /// Whatever keeps the server running (a container handle).
    pub keep_alive: Box<dyn Send + Sync>,
}

impl fmt::Debug for SessionServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionServer")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// How a stateful runtime hosts its sessions.
#[derive(Clone)]
pub struct StatefulHosting {
    pub host: Arc<dyn SessionHost>,
    /// How many sessions may have a server at once. When all are taken, a
    /// new session ends the one idle the longest; when none is idle, it
    /// waits for [`Self::wait_for_a_place`], then is throttled.
    pub max_sessions: usize,
    /// How long a new session waits for a place when every session is
    /// answering, as a request waits for a microVM, before the platform
    /// throttles it.
    pub wait_for_a_place: Duration,
    /// `idleRuntimeSessionTimeout`: a session unused for this long ends.
    pub idle_timeout: Duration,
}

/// AgentCore's default `idleRuntimeSessionTimeout` (Configure lifecycle
/// settings: 900 seconds).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(900);

/// How long a new session waits for a place, unless configured otherwise:
/// well within a client's usual 30 s per request, so that it sees the
/// throttling rather than its own timeout.
pub const DEFAULT_WAIT_FOR_A_PLACE: Duration = Duration::from_secs(20);

/// Sessions with a server at once, unless configured otherwise: enough for
/// a matrix's sessions in flight, few enough for a 2-core machine.
pub const DEFAULT_MAX_SESSIONS: usize = 8;

impl StatefulHosting {
    pub fn new(host: Arc<dyn SessionHost>) -> Self {
        Self {
            host,
            max_sessions: DEFAULT_MAX_SESSIONS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            wait_for_a_place: DEFAULT_WAIT_FOR_A_PLACE,
        }
    }
}

impl fmt::Debug for StatefulHosting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatefulHosting")
            .field("max_sessions", &self.max_sessions)
            .field("idle_timeout", &self.idle_timeout)
            .field("wait_for_a_place", &self.wait_for_a_place)
            .finish_non_exhaustive()
    }
}
