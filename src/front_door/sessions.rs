//! [`SessionTable`]: the sessions of one stateful runtime, and where each
//! request goes.
//!
//! | request | goes to | `Mcp-Session-Id` returned |
//! | --- | --- | --- |
//! | `initialize` without `Mcp-Session-Id` | a new session's own server | the one the server issued (else one the platform made up) |
//! | a live session's `Mcp-Session-Id` | that session's server | the same |
//! | an id no live session has (never issued, or expired) | a server that holds no session | the same |
//! | anything else without an id | a server that holds no session | one the platform made up |
//!
//! "AgentCore uses the `Mcp-Session-Id` header to route requests to the same
//! microVM instance" and "always returns an `Mcp-Session-Id` header to
//! clients" (developer guide, *MCP protocol contract*). What it does with an
//! id it does not know is not documented; reports of users (an expired
//! session's id reaching a fresh microVM, whose server answers that it does
//! not know the session) suggest it starts a fresh microVM, and a server that
//! holds no session answers the same as a fresh one. The README's fidelity
//! table marks these rows INFER.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard},
    time::Instant,
};

use axum::http::StatusCode;
use tokio::sync::Notify;

use super::session_host::{SessionServer, StatefulHosting};
use crate::agentcore::AwsError;

/// The sessions of one stateful runtime.
pub(super) struct SessionTable {
    hosting: StatefulHosting,
    state: Arc<Mutex<TableState>>,
    /// Told whenever a session stops answering or a place frees up.
    freed: Arc<Notify>,
}

#[derive(Default)]
struct TableState {
    sessions: HashMap<String, Arc<Session>>,
    /// Servers being started for sessions not yet registered.
    starting: usize,
}

/// A place held for a session whose server is starting, until the session
/// is registered or given up (its server failed, or the request that
/// opened it went away): dropping it frees the place.
pub(super) struct Place {
    table: Arc<Mutex<TableState>>,
    freed: Arc<Notify>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut state = lock(&self.table);
        state.starting = state.starting.saturating_sub(1);
        drop(state);
        self.freed.notify_waiters();
    }
}

/// One session and its server.
pub(super) struct Session {
    server: SessionServer,
    use_state: Mutex<UseState>,
    freed: Arc<Notify>,
}

struct UseState {
    last_used: Instant,
    in_flight: usize,
}

/// Where one request of a stateful runtime goes.
pub(super) enum Route {
    /// A live session's server, marked in use before the table's lock was
    /// let go, so that no new session can end it in between.
    Session(InUse),
    /// A new session: its server is started, and the id it issues is
    /// registered with [`SessionTable::register`].
    NewSession(Arc<Session>, Place),
    /// The runtime's server that holds no session.
    Sessionless,
}

/// Keeps a session in use while an answer from its server is streamed;
/// dropping it marks the session used now.
pub(super) struct InUse(Arc<Session>);

impl InUse {
    /// The session's server's MCP endpoint.
    pub(super) fn endpoint(&self) -> &str {
        self.0.endpoint()
    }
}

impl Drop for InUse {
    fn drop(&mut self) {
        let mut state = lock(&self.0.use_state);
        state.in_flight = state.in_flight.saturating_sub(1);
        state.last_used = Instant::now();
        if state.in_flight == 0 {
            self.0.freed.notify_waiters();
        }
    }
}

impl Session {
    pub(super) fn endpoint(&self) -> &str {
        &self.server.endpoint
    }

    /// Marks the session in use until the returned guard is dropped.
    pub(super) fn in_use(self: &Arc<Self>) -> InUse {
        let mut state = lock(&self.use_state);
        state.in_flight += 1;
        state.last_used = Instant::now();
        InUse(Arc::clone(self))
    }

    fn idle_since(&self) -> Option<Instant> {
        let state = lock(&self.use_state);
        (state.in_flight == 0).then_some(state.last_used)
    }
}

/// A poisoned lock only means another request panicked while holding it;
/// the table itself is still consistent (every change is one statement).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SessionTable {
    pub(super) fn new(hosting: StatefulHosting) -> Self {
        Self {
            hosting,
            state: Arc::new(Mutex::new(TableState::default())),
            freed: Arc::new(Notify::new()),
        }
    }

    /// Where a request with session id `id` (if any) goes; `initialize`
    /// tells whether it is an `initialize` request. A new session's server
    /// is started here.
    pub(super) async fn route(
        &self,
        id: Option<&str>,
        initialize: bool,
    ) -> Result<Route, AwsError> {
        self.end_idle_sessions();
        if let Some(id) = id {
            return Ok(match lock(&self.state).sessions.get(id) {
                Some(session) => Route::Session(session.in_use()),
                None => Route::Sessionless,
            });
        }
        if !initialize {
            return Ok(Route::Sessionless);
        }
        let place = self.reserve().await?;
        let server = self.hosting.host.start().await.map_err(|reason| {
            // Observed live for a container that fails: 424 RuntimeClientError.
            AwsError::runtime_client_error(format!(
                "Received error from runtime: the new session's server did not start: {reason}"
            ))
        })?;
        Ok(Route::NewSession(
            Arc::new(Session {
                server,
                use_state: Mutex::new(UseState {
                    last_used: Instant::now(),
                    in_flight: 0,
                }),
                freed: Arc::clone(&self.freed),
            }),
            place,
        ))
    }

    /// Files `session` under `id`, the id its server issued (or the
    /// platform made up).
    /// `place` is given back once the session holds it.
    pub(super) fn register(&self, id: String, session: Arc<Session>, place: Place) {
        // A session the id named before (a server that issued an id twice)
        // ends outside the lock.
        let replaced = lock(&self.state).sessions.insert(id, session);
        drop(place);
        drop(replaced);
    }

    /// Makes room for one more session's server: when all are taken, the
    /// session idle the longest ends; when none is idle, the new session
    /// waits for one to be, as a microVM waits to start, and after
    /// [`StatefulHosting::wait_for_a_place`] it is throttled (InvokeAgentRuntime's
    /// ThrottlingException; the limit's exact form is not documented).
    async fn reserve(&self) -> Result<Place, AwsError> {
        let deadline = tokio::time::Instant::now() + self.hosting.wait_for_a_place;
        loop {
            // Registered before looking, so that a place freed in between
            // is not missed.
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            match self.reserve_ending_the_idlest() {
                // Ended outside the lock: stopping a server takes a while.
                Some(ended) => {
                    drop(ended);
                    return Ok(Place {
                        table: Arc::clone(&self.state),
                        freed: Arc::clone(&self.freed),
                    });
                }
                None => {
                    if tokio::time::timeout_at(deadline, freed).await.is_err() {
                        return Err(AwsError::new(
                            StatusCode::TOO_MANY_REQUESTS,
                            "ThrottlingException",
                            format!(
                                "Rate exceeded: all {} sessions of this runtime have been \
                                 answering requests for {:.1} s",
                                self.hosting.max_sessions,
                                self.hosting.wait_for_a_place.as_secs_f64()
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// A place for one more session, and the session ended to make it, if
    /// any; `None` when every place is taken by a session answering.
    fn reserve_ending_the_idlest(&self) -> Option<Option<Arc<Session>>> {
        let mut state = lock(&self.state);
        let mut ended = None;
        if state.sessions.len() + state.starting >= self.hosting.max_sessions {
            let idlest = state
                .sessions
                .iter()
                .filter_map(|(id, session)| session.idle_since().map(|since| (since, id.clone())))
                .min();
            let (_, id) = idlest?;
            ended = state.sessions.remove(&id);
        }
        state.starting += 1;
        Some(ended)
    }

    /// Ends the sessions idle for the idle timeout, stopping their servers
    /// (once no answer of theirs is still streaming).
    pub(super) fn end_idle_sessions(&self) {
        let timeout = self.hosting.idle_timeout;
        let ended: Vec<Arc<Session>> = {
            let mut state = lock(&self.state);
            let expired: Vec<String> = state
                .sessions
                .iter()
                .filter(|(_, session)| {
                    session
                        .idle_since()
                        .is_some_and(|since| since.elapsed() >= timeout)
                })
                .map(|(id, _)| id.clone())
                .collect();
            expired
                .iter()
                .filter_map(|id| state.sessions.remove(id))
                .collect()
        };
        // Servers stop outside the lock: dropping one removes a container.
        drop(ended);
    }

    /// How often idle sessions are looked for.
    pub(super) fn sweep_interval(&self) -> std::time::Duration {
        (self.hosting.idle_timeout / 4).clamp(
            std::time::Duration::from_millis(100),
            std::time::Duration::from_secs(60),
        )
    }

    /// How many sessions have a server now.
    #[cfg(test)]
    fn live_sessions(&self) -> usize {
        lock(&self.state).sessions.len()
    }
}

#[cfg(test)]
mod tests {
    use std::{
        sync::atomic::{AtomicUsize, Ordering},
        time::Duration,
    };

    use futures::future::BoxFuture;

    use super::*;
    use crate::front_door::SessionHost;

    /// Hands out numbered endpoints and counts the servers still running.
    struct CountingHost {
        started: AtomicUsize,
        running: Arc<AtomicUsize>,
    }

    struct Running(Arc<AtomicUsize>);

    impl Drop for Running {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }

    impl SessionHost for CountingHost {
        fn start(&self) -> BoxFuture<'static, Result<SessionServer, String>> {
            let number = self.started.fetch_add(1, Ordering::SeqCst);
            self.running.fetch_add(1, Ordering::SeqCst);
            let running = Running(Arc::clone(&self.running));
            Box::pin(async move {
                Ok(SessionServer {
                    endpoint: format!("http://server-{number}/mcp"),
                    keep_alive: Box::new(running),
                })
            })
        }
    }

    fn table(max_sessions: usize, idle_timeout: Duration) -> (SessionTable, Arc<AtomicUsize>) {
        let running = Arc::new(AtomicUsize::new(0));
        let host = CountingHost {
            started: AtomicUsize::new(0),
            running: Arc::clone(&running),
        };
        let mut hosting = StatefulHosting::new(Arc::new(host));
        hosting.max_sessions = max_sessions;
        hosting.idle_timeout = idle_timeout;
        hosting.wait_for_a_place = Duration::from_millis(100);
        (SessionTable::new(hosting), running)
    }

    async fn open(table: &SessionTable, id: &str) -> Arc<Session> {
        match table.route(None, true).await {
            Ok(Route::NewSession(session, place)) => {
                table.register(id.to_owned(), Arc::clone(&session), place);
                session
            }
            _ => panic!("initialize without an id opens a session"),
        }
    }

    #[tokio::test]
    async fn each_session_has_its_own_server_and_is_routed_by_its_id() {
        let (table, running) = table(4, DEFAULT_IDLE);
        let first = open(&table, "a").await;
        let second = open(&table, "b").await;
        assert_ne!(first.endpoint(), second.endpoint());
        assert_eq!(running.load(Ordering::SeqCst), 2);
        match table.route(Some("b"), false).await {
            Ok(Route::Session(in_use)) => assert_eq!(in_use.endpoint(), second.endpoint()),
            _ => panic!("a live session's id routes to its server"),
        }
        assert!(matches!(
            table.route(Some("never-issued"), false).await,
            Ok(Route::Sessionless)
        ));
        assert!(matches!(
            table.route(None, false).await,
            Ok(Route::Sessionless)
        ));
    }

    const DEFAULT_IDLE: Duration = Duration::from_secs(900);

    #[tokio::test]
    async fn idle_sessions_end_and_their_servers_stop() {
        let (table, running) = table(4, Duration::from_millis(50));
        drop(open(&table, "a").await);
        let busy = open(&table, "b").await;
        let in_use = busy.in_use();
        tokio::time::sleep(Duration::from_millis(80)).await;
        table.end_idle_sessions();
        assert_eq!(table.live_sessions(), 1, "the busy session stays");
        assert!(matches!(
            table.route(Some("a"), false).await,
            Ok(Route::Sessionless)
        ));
        drop(in_use);
        drop(busy);
        tokio::time::sleep(Duration::from_millis(80)).await;
        table.end_idle_sessions();
        assert_eq!(table.live_sessions(), 0);
        assert_eq!(running.load(Ordering::SeqCst), 0, "every server stopped");
    }

    #[tokio::test]
    async fn a_full_table_ends_the_idlest_session_or_throttles() {
        let (table, running) = table(2, DEFAULT_IDLE);
        drop(open(&table, "oldest").await);
        tokio::time::sleep(Duration::from_millis(5)).await;
        let newer = open(&table, "newer").await;
        drop(open(&table, "third").await);
        assert_eq!(running.load(Ordering::SeqCst), 2);
        assert!(matches!(
            table.route(Some("oldest"), false).await,
            Ok(Route::Sessionless)
        ));
        let _busy = (newer.in_use(), open_busy(&table).await);
        let refused = match table.route(None, true).await {
            Err(error) => error,
            Ok(_) => panic!("no session is idle"),
        };
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    }

    #[tokio::test]
    async fn a_new_session_waits_for_a_session_to_stop_answering() {
        let (table, running) = table(1, DEFAULT_IDLE);
        let busy = open_busy(&table).await;
        let table = Arc::new(table);
        let waiting = tokio::spawn({
            let table = Arc::clone(&table);
            async move { table.route(None, true).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "every place is answering");
        drop(busy);
        let route = waiting.await.expect("the waiting request runs");
        assert!(matches!(route, Ok(Route::NewSession(..))));
        assert_eq!(
            running.load(Ordering::SeqCst),
            1,
            "the idle session ended for it"
        );
    }

    #[tokio::test]
    async fn a_session_given_up_before_it_is_registered_frees_its_place() {
        let (table, _running) = table(1, DEFAULT_IDLE);
        let given_up = table.route(None, true).await;
        assert!(matches!(given_up, Ok(Route::NewSession(..))));
        drop(given_up);
        assert!(
            matches!(table.route(None, true).await, Ok(Route::NewSession(..))),
            "the place is free again"
        );
    }

    /// Fills the free place with a session in use.
    async fn open_busy(table: &SessionTable) -> InUse {
        let session = open(table, "busy").await;
        session.in_use()
    }
}
