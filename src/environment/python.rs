//! The official Python SDK's MCP servers ("peers") as local test targets.
//!
//! `peers/` holds the tool of the reference server, `validate_content`, on the
//! Python SDK 1.x (`fastmcp_v1.py`) and 2.x (`mcpserver_v2.py`), each pinned
//! by a requirements file. Most servers deployed on AgentCore are written with
//! this SDK, so the suite runs them too, started by the tests themselves:
//!
//! 1. **A virtualenv per SDK**, created on first use under
//!    `target/python-peers/<label>-<hash of the requirements file>/` with
//!    `python3 -m venv` and `pip install --no-deps -r <requirements>`. The
//!    requirements files pin the whole dependency closure, so `--no-deps`
//!    installs exactly what was measured. A new requirements file gets a new
//!    directory; an unchanged one is reused, so only the first run pays for
//!    the install. A marker file is written after pip succeeded, and a
//!    directory without it is a half-built venv (an interrupted run) that is
//!    deleted and built again. cargo-nextest runs test binaries as parallel
//!    processes, so creation is serialised across processes by an exclusive
//!    lock on a file next to the venv.
//! 2. **One peer process per SDK and test process**, shared by every test in
//!    it, like the server container (see `shared`). It listens on a free
//!    loopback port (`0` on its command line) and announces its endpoint in
//!    a single stdout line, `arc-peer ready on http://127.0.0.1:<port>/mcp`.
//!    Its stdout and stderr are read until they close, so the peer never
//!    blocks on a full pipe; the last lines of stderr are kept to explain a
//!    failure.
//! 3. **No peer outlives the test process.** At exit (`atexit`, which also
//!    runs after failed tests) every peer gets SIGTERM, and SIGKILL if it has
//!    not exited after a short grace period. A process that is killed runs no
//!    exit handlers, so on Linux every child also asks the kernel, with
//!    `PR_SET_PDEATHSIG`, to be sent SIGKILL when its parent dies.
//!
//! # Requirements
//!
//! `python3` on `PATH`, version 3.10 or newer (what `mcp` 1.30 and 2.3 need),
//! with its `venv` module (Debian and Ubuntu ship it separately, as
//! `python3-venv`), and access to PyPI or to the index pip is configured with.
//! Nothing is installed outside `target/`. Deleting `target/python-peers/`
//! forces a fresh install.
//!
//! `PEER_LOG_LEVEL` (`DEBUG`, `INFO`, default `WARNING`) is passed on to the
//! peers; their log is in [`PythonPeer::stderr_tail`] and in start errors.

use std::{
    collections::VecDeque,
    fs::File,
    io::{self, BufRead, BufReader, Read},
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Stdio},
    sync::{Arc, LazyLock, Mutex, Once, PoisonError, mpsc},
    thread,
    time::{Duration, Instant},
};

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::EnvironmentError;

/// The interpreter that creates the virtualenvs.
const PYTHON: &str = "python3";
/// The oldest Python the pinned SDKs support.
const MIN_PYTHON: (u32, u32) = (3, 10);
/// What a peer prints, followed by its endpoint, once its socket listens.
const READINESS_PREFIX: &str = "arc-peer ready on ";
/// How long a peer may take to print its readiness line. It takes 0.5–1 s
/// on an idle machine; a loaded CI machine can be much slower.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a peer gets to exit after SIGTERM before it is killed. The peers
/// shut down in 0.2–0.7 s, also with a stream open.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// How long the stderr of a peer that failed to start is still read, so the
/// error carries its last words.
const STDERR_SETTLE: Duration = Duration::from_secs(2);
/// Lines of a peer's stderr kept for diagnostics.
const STDERR_LINES_KEPT: usize = 200;
/// Lines of venv or pip output quoted in an error.
const OUTPUT_TAIL_LINES: usize = 40;
/// Written into a venv once pip has succeeded.
const COMPLETE_MARKER: &str = "mcp-matrix-complete";

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

/// A running peer. It stops when the test process exits.
#[derive(Debug)]
pub struct PythonPeer {
    server: PythonServer,
    endpoint: String,
    pid: u32,
    stderr: Arc<LineTail>,
}

impl PythonPeer {
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

/// How a peer started with [`start_python_peer`] departs from the shape AWS
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

fn start(server: PythonServer, options: &PeerOptions) -> Result<PythonPeer, EnvironmentError> {
    let venv = ensure_venv(server.sdk())?;
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
    let mut child = spawn_on_long_lived_thread(command)
        .map_err(|error| peer_start_error(server, &format!("it could not be run: {error}"), ""))?;
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
            return Ok(PythonPeer {
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

/// The endpoint announced by a readiness line, if `line` is one.
fn parse_readiness_line(line: &str) -> Option<&str> {
    let endpoint = line.trim_end().strip_prefix(READINESS_PREFIX)?;
    let is_url = endpoint.starts_with("http://") && !endpoint.contains(char::is_whitespace);
    is_url.then_some(endpoint)
}

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

fn venvs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("python-peers")
}

/// `<label>-<hash>`: a changed requirements file gets a venv of its own.
fn venv_dir_name(label: &str, requirements: &[u8]) -> String {
    let digest = Sha256::digest(requirements);
    let hash: String = digest
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{label}-{hash}")
}

/// The venv of `sdk`, created (once, across processes) if missing.
fn ensure_venv(sdk: PythonSdk) -> Result<PathBuf, EnvironmentError> {
    let requirements = sdk.requirements();
    let pins = std::fs::read(&requirements).map_err(|error| {
        setup_error(
            format!(
                "reading {} (run the tests from a checkout of mcp-matrix)",
                requirements.display()
            ),
            error,
        )
    })?;
    let root = venvs_dir();
    let name = venv_dir_name(sdk.label(), &pins);
    let venv = root.join(&name);
    let marker = venv.join(COMPLETE_MARKER);
    if marker.is_file() {
        return Ok(venv);
    }

    std::fs::create_dir_all(&root)
        .map_err(|error| setup_error(format!("creating {}", root.display()), error))?;
    let lock_path = root.join(format!("{name}.lock"));
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|error| setup_error(format!("opening {}", lock_path.display()), error))?;
    // Blocks while another test process builds this venv; released on drop.
    lock.lock()
        .map_err(|error| setup_error(format!("locking {}", lock_path.display()), error))?;
    if marker.is_file() {
        return Ok(venv); // another process built it while this one waited
    }

    eprintln!(
        "mcp-matrix: creating the Python virtualenv of {} in {} (first run only)",
        sdk.label(),
        venv.display()
    );
    build_venv(&venv, &requirements)?;
    std::fs::write(
        &marker,
        format!("installed from {}\n", requirements.display()),
    )
    .map_err(|error| setup_error(format!("writing {}", marker.display()), error))?;
    Ok(venv)
}

fn build_venv(venv: &Path, requirements: &Path) -> Result<(), EnvironmentError> {
    check_python()?;
    if venv.exists() {
        // Left by a run that was interrupted before the marker was written.
        std::fs::remove_dir_all(venv).map_err(|error| {
            setup_error(
                format!("removing the half-built venv {}", venv.display()),
                error,
            )
        })?;
    }

    let mut create = Command::new(PYTHON);
    create.args(["-m", "venv"]).arg(venv);
    let (status, output) = run_to_end(create).map_err(|error| python_missing(&error))?;
    if !status.success() {
        return Err(EnvironmentError::PythonVenv {
            venv: venv.display().to_string(),
            output: last_lines(&output, OUTPUT_TAIL_LINES),
        });
    }

    let pip = venv.join("bin").join("pip");
    let mut install = Command::new(&pip);
    install
        .args(["install", "--no-deps", "--disable-pip-version-check", "-r"])
        .arg(requirements);
    let pip_failed = |output: String| EnvironmentError::PipInstall {
        requirements: requirements.display().to_string(),
        venv: venv.display().to_string(),
        output,
    };
    let (status, output) = run_to_end(install)
        .map_err(|error| pip_failed(format!("{} could not be run: {error}", pip.display())))?;
    if !status.success() {
        return Err(pip_failed(last_lines(&output, OUTPUT_TAIL_LINES)));
    }
    Ok(())
}

/// Fails with an actionable message unless `python3` runs, is new enough and
/// has the modules `-m venv` needs.
fn check_python() -> Result<(), EnvironmentError> {
    let (major, minor) = MIN_PYTHON;
    let probe = format!(
        "import sys, venv, ensurepip\n\
         if sys.version_info < ({major}, {minor}):\n    \
             sys.exit('Python ' + sys.version.split()[0] + ' is too old; {major}.{minor} or newer is needed')"
    );
    let mut command = Command::new(PYTHON);
    command.arg("-c").arg(probe);
    let (status, output) = run_to_end(command).map_err(|error| python_missing(&error))?;
    if status.success() {
        Ok(())
    } else {
        Err(EnvironmentError::PythonMissing {
            reason: format!("it is not usable: {}", last_lines(&output, 5)),
        })
    }
}

fn python_missing(error: &io::Error) -> EnvironmentError {
    let reason = if error.kind() == io::ErrorKind::NotFound {
        format!("it is not on PATH: {error}")
    } else {
        format!("it could not be run: {error}")
    };
    EnvironmentError::PythonMissing { reason }
}

/// Runs a setup command to its end with stdout and stderr in one pipe, so
/// its output reads in the order it was written.
///
/// The calling thread waits for the command, so it outlives it: the
/// parent-death signal fires only if the whole test process dies.
fn run_to_end(mut command: Command) -> io::Result<(ExitStatus, String)> {
    let (mut reader, writer) = io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    die_with_parent(&mut command);
    let mut child = command.spawn()?;
    // The command holds the pipe's write ends; the read below ends only once
    // every write end is closed.
    drop(command);
    let mut bytes = Vec::new();
    let read = reader.read_to_end(&mut bytes);
    let status = child.wait()?;
    read?;
    Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

/// The last `count` lines of `text`.
fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// Asks the kernel to SIGKILL the child when its parent dies, so a peer does
/// not outlive a test process that is killed (which runs no exit handlers).
///
/// "Parent" here is the *thread* that spawned the child, not the process:
/// `PR_SET_PDEATHSIG` fires when that thread exits. A peer spawned from a
/// test's thread or a runtime's blocking thread would be killed as soon as
/// that thread ends. So peers are spawned by a thread that lives as long as
/// the process ([`spawn_on_long_lived_thread`]), and setup commands by the
/// thread that waits for them.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;

    let parent = std::process::id();
    // SAFETY: the hook runs in the child between fork and exec, where only
    // async-signal-safe calls are allowed: it makes two system calls and
    // allocates nothing (`last_os_error` and `from_raw_os_error` only wrap
    // an errno).
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            ) == -1
            {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the request was made; then
            // nothing would ever send the signal.
            if libc::getppid() as u32 != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Elsewhere there is no parent-death signal; the exit handler still stops
/// the peers when the test process exits normally.
#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

type SpawnRequest = (Command, mpsc::Sender<io::Result<Child>>);

/// The thread that spawns every peer. It waits for requests for as long as
/// the process lives (the sender is never dropped), which is what makes the
/// parent-death signal of its children mean "the test process died".
static SPAWNER: LazyLock<Result<mpsc::Sender<SpawnRequest>, String>> = LazyLock::new(|| {
    let (requests, incoming) = mpsc::channel::<SpawnRequest>();
    thread::Builder::new()
        .name("py-peer-spawner".to_owned())
        .spawn(move || {
            for (mut command, reply) in incoming {
                let _ = reply.send(command.spawn());
            }
        })
        .map(|_| requests)
        .map_err(|error| error.to_string())
});

fn spawn_on_long_lived_thread(command: Command) -> io::Result<Child> {
    let spawner = SPAWNER
        .as_ref()
        .map_err(|error| io::Error::other(format!("no thread to spawn it from: {error}")))?;
    let (reply, answer) = mpsc::channel();
    spawner
        .send((command, reply))
        .map_err(|_| io::Error::other("the spawning thread has ended"))?;
    answer
        .recv()
        .map_err(|_| io::Error::other("the spawning thread did not answer"))?
}

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

/// `py1-stderr` and the like: Linux shows 15 characters of a thread's name.
fn thread_name(server: PythonServer, role: &str) -> String {
    format!("py{}-{role}", server.index())
}

/// Calls `each` with every line of `reader` (without its line ending, invalid
/// UTF-8 replaced) until the stream ends or fails.
fn for_each_line(reader: impl Read, mut each: impl FnMut(String)) {
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => {
                while line
                    .last()
                    .is_some_and(|byte| matches!(byte, b'\n' | b'\r'))
                {
                    line.pop();
                }
                each(String::from_utf8_lossy(&line).into_owned());
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The last lines of a stream, at most a fixed number.
#[derive(Debug)]
struct LineTail {
    capacity: usize,
    lines: Mutex<VecDeque<String>>,
}

impl LineTail {
    fn new(capacity: usize) -> Self {
        Self {
            capacity,
            lines: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    fn push(&self, line: String) {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.len() == self.capacity {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    fn lines(&self) -> Vec<String> {
        let lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        lines.iter().cloned().collect()
    }

    fn render(&self) -> String {
        let lines = self.lines();
        if lines.is_empty() {
            "(nothing)".to_owned()
        } else {
            lines.join("\n")
        }
    }
}

/// The peers of this process that may still run. A child stays here until
/// it is stopped, so its pid is not reaped, and cannot be reused by another
/// process, before the exit handler has signalled it.
static RUNNING: Mutex<Vec<Child>> = Mutex::new(Vec::new());

fn register(child: Child) {
    RUNNING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(child);
}

/// Stops the registered peer `pid` and returns how it ended.
fn stop(pid: u32) -> Option<ExitStatus> {
    let child = {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        let index = running.iter().position(|child| child.id() == pid)?;
        running.swap_remove(index)
    };
    terminate(vec![child]).into_iter().next().flatten()
}

/// SIGTERM to each child still running, SIGKILL to those that have not
/// exited after [`STOP_GRACE`]; every child is reaped.
fn terminate(mut children: Vec<Child>) -> Vec<Option<ExitStatus>> {
    let mut statuses: Vec<Option<ExitStatus>> = children
        .iter_mut()
        .map(|child| child.try_wait().ok().flatten())
        .collect();
    for (child, status) in children.iter().zip(&statuses) {
        if status.is_none()
            && let Ok(pid) = libc::pid_t::try_from(child.id())
        {
            // SAFETY: plain kill(2) of our own, not yet reaped, child.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
    let deadline = Instant::now() + STOP_GRACE;
    while statuses.iter().any(Option::is_none) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
        for (child, status) in children.iter_mut().zip(statuses.iter_mut()) {
            if status.is_none() {
                *status = child.try_wait().ok().flatten();
            }
        }
    }
    for (child, status) in children.iter_mut().zip(statuses.iter_mut()) {
        if status.is_none() {
            let _ = child.kill();
            *status = child.wait().ok();
        }
    }
    statuses
}

fn describe(status: Option<ExitStatus>) -> String {
    status.map_or_else(
        || "exit status unknown".to_owned(),
        |status| status.to_string(),
    )
}

/// Registers, once per process, the stopping of its peers at exit, and
/// makes SIGINT and SIGTERM an exit (see `cleanup::exit_on_signals`).
fn stop_peers_at_exit() {
    super::cleanup::exit_on_signals();
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // SAFETY: registering a plain `extern "C" fn()` with no arguments.
        let status = unsafe { libc::atexit(stop_all_peers) };
        if status != 0 {
            eprintln!(
                "mcp-matrix: cannot register stopping the Python peers at exit; \
                 on Linux they are killed when this process ends anyway"
            );
        }
    });
}

extern "C" fn stop_all_peers() {
    let children = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(PoisonError::into_inner));
    terminate(children);
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

    #[test]
    fn venv_names_follow_the_requirements() {
        let first = venv_dir_name("python-sdk-1", b"mcp==1.30.0\n");
        assert_eq!(first, venv_dir_name("python-sdk-1", b"mcp==1.30.0\n"));
        assert_ne!(first, venv_dir_name("python-sdk-1", b"mcp==1.31.0\n"));
        let hash = first
            .strip_prefix("python-sdk-1-")
            .expect("the label comes first");
        assert_eq!(hash.len(), 12);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
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

    #[test]
    fn tails_keep_the_last_lines() {
        assert_eq!(last_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(last_lines("a", 5), "a");
        assert_eq!(last_lines("", 5), "");

        let tail = LineTail::new(2);
        assert_eq!(tail.render(), "(nothing)");
        for line in ["one", "two", "three"] {
            tail.push(line.to_owned());
        }
        assert_eq!(tail.lines(), ["two", "three"]);
    }

    #[test]
    fn lines_are_split_without_their_endings() {
        let mut lines = Vec::new();
        for_each_line(&b"one\r\ntwo\n\xffthree"[..], |line| lines.push(line));
        assert_eq!(lines, ["one", "two", "\u{fffd}three"]);
    }

    #[test]
    fn setup_commands_report_their_combined_output_and_status() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let (status, output) = run_to_end(command).expect("sh runs");
        assert_eq!(status.code(), Some(3));
        assert_eq!(output, "out\nerr\n");
    }
}
