//! No container or Python peer outlives its test process, even when a test
//! panics or the run is interrupted.
//!
//! This file has its own `main` (`harness = false`) because it must observe a
//! whole test process from outside. It starts itself again as a probe child,
//! which starts the shared server container, prints the container id, and then
//! ends the way a failing test binary ends:
//!
//! - `caught`: the panic is caught and the process calls `exit(101)`, exactly
//!   what libtest does after a test panics;
//! - `uncaught`: the panic unwinds out of `main`;
//! - `signal`: the probe starts the reference server and a Python peer, says
//!   it is ready and keeps both busy with requests from several threads,
//!   until the parent sends it SIGINT (Ctrl-C) or SIGTERM (a CI runner
//!   cancelling a job).
//!
//! The parent then asks Docker whether the container still exists; after a
//! signal it asks by the owner label for every container of the probe, and
//! checks that the peer process is gone.

use std::{
    io::{BufRead, BufReader, Read},
    process::{Child, Command, ExitStatus, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use mcp_matrix::{
    client::McpClient,
    environment::{
        PythonSdk, containers_owned_by, shared_local_server, shared_python_peer,
        shared_reference_server,
    },
    message,
    protocol::ProtocolVersion,
};

const PROBE_VAR: &str = "MCP_MATRIX_CLEANUP_PROBE";
const ID_PREFIX: &str = "probe container id: ";
const PEER_PREFIX: &str = "probe peer pid: ";
const READY_LINE: &str = "probe ready";
/// How long the signal probe may take to become ready. The first run on a
/// machine builds the Python peer's virtualenv, which takes minutes.
const PROBE_READY_TIMEOUT: Duration = Duration::from_secs(900);
/// How long the probe may take to exit after the signal: removing a
/// container takes about a second, stopping a peer under one.
const EXIT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a stopped peer may take to disappear from the process table.
const PEER_GONE_TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    match std::env::var(PROBE_VAR).as_deref() {
        Ok("caught") => probe_caught_panic(),
        Ok("uncaught") => probe_uncaught_panic(),
        Ok("signal") => probe_busy_until_signalled(),
        _ => {
            // Each check watches a probe process of its own, so the four run
            // at once; a failed check panics its thread and so the scope.
            thread::scope(|scope| {
                scope.spawn(|| check_no_container_survives("caught"));
                scope.spawn(|| check_no_container_survives("uncaught"));
                scope.spawn(|| check_nothing_survives_signal(libc::SIGINT, "SIGINT"));
                scope.spawn(|| check_nothing_survives_signal(libc::SIGTERM, "SIGTERM"));
            });
            println!("container_cleanup: ok (4 checks)");
        }
    }
}

fn start_shared_server() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let server = runtime
        .block_on(shared_local_server())
        .unwrap_or_else(|error| panic!("no server under test: {error}"));
    println!("{ID_PREFIX}{}", server.container_id());
}

fn probe_caught_panic() {
    let outcome = std::panic::catch_unwind(|| {
        start_shared_server();
        panic!("a deliberately failing test");
    });
    assert!(outcome.is_err());
    std::process::exit(101);
}

fn probe_uncaught_panic() {
    start_shared_server();
    panic!("a deliberately failing test");
}

fn check_no_container_survives(mode: &str) {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .env(PROBE_VAR, mode)
        .output()
        .expect("the probe starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(101),
        "the {mode} probe should fail like a panicking test.\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let id = stdout
        .lines()
        .find_map(|line| line.strip_prefix(ID_PREFIX))
        .unwrap_or_else(|| panic!("the {mode} probe printed no container id.\nstderr:\n{stderr}"))
        .to_owned();

    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let still_there = runtime.block_on(async {
        let docker = testcontainers::core::client::docker_client_instance()
            .await
            .expect("Docker is reachable");
        docker
            .inspect_container(
                &id,
                None::<testcontainers::bollard::query_parameters::InspectContainerOptions>,
            )
            .await
            .is_ok()
    });
    assert!(
        !still_there,
        "container {id} of the {mode} probe survived its process"
    );
}

/// Starts the shared reference server and the shared Python peer, reports
/// them, then keeps requests to both in flight from two runtimes (as tests
/// on several threads do) until a signal ends the process.
fn probe_busy_until_signalled() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let (server, peer) = runtime.block_on(async {
        let server = shared_reference_server()
            .await
            .unwrap_or_else(|error| panic!("no reference server: {error}"));
        let peer = shared_python_peer(PythonSdk::V1)
            .await
            .unwrap_or_else(|error| panic!("no Python peer: {error}"));
        (server, peer)
    });
    println!("{ID_PREFIX}{}", server.container_id());
    println!("{PEER_PREFIX}{}", peer.pid());
    println!("{READY_LINE}");

    let endpoints = [server.endpoint().to_owned(), peer.endpoint().to_owned()];
    let busy: Vec<_> = endpoints
        .into_iter()
        .map(|endpoint| thread::spawn(move || keep_busy(&endpoint)))
        .collect();
    for thread in busy {
        let _ = thread.join();
    }
    panic!("the probe's request loops ended; only a signal should end it");
}

fn keep_busy(endpoint: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let client = McpClient::new(endpoint).expect("the endpoint is a URL");
    let version = ProtocolVersion::V2025_06_18;
    let request = message::conforming_post(
        version,
        message::request(serde_json::json!("cleanup-probe"), "tools/list"),
    );
    runtime.block_on(async {
        loop {
            // Answers do not matter; being mid-request when the signal comes does.
            let _ = client.send(&request).await;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
}

/// What the signal probe reported before it was signalled.
struct Ready {
    container: String,
    peer_pid: u32,
}

fn check_nothing_survives_signal(signal: libc::c_int, name: &str) {
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .env(PROBE_VAR, "signal")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the probe starts");
    let stderr = collect_in_background(child.stderr.take().expect("piped stderr"));
    let lines = lines_in_background(child.stdout.take().expect("piped stdout"));
    let ready = match wait_until_ready(&lines) {
        Ok(ready) => ready,
        Err(reason) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the {name} probe did not become ready: {reason}.\nstderr:\n{}",
                stderr.join().unwrap_or_default()
            );
        }
    };
    let probe_pid = child.id();

    // Both exist now, so the checks below can fail.
    let owned = containers_of(probe_pid);
    assert!(
        owned.contains(&ready.container),
        "the probe's container {} is not found by its owner label (found {owned:?})",
        ready.container
    );
    assert!(
        process_exists(ready.peer_pid),
        "peer {} is not running",
        ready.peer_pid
    );

    // Midway: let requests be in flight when the signal arrives.
    thread::sleep(Duration::from_millis(300));
    let pid = libc::pid_t::try_from(probe_pid).expect("a pid fits pid_t");
    // SAFETY: kill(2) of our own child, which has not been reaped.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "sending {name}");

    let status = wait_with_timeout(&mut child, EXIT_TIMEOUT);
    let stderr = stderr.join().unwrap_or_default();
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the probe did not exit within {EXIT_TIMEOUT:?} of {name}.\nstderr:\n{stderr}");
    };
    assert_eq!(
        status.code(),
        Some(128 + signal),
        "after {name} the probe should exit with 128 + {signal}, as a shell reports a process \
         ended by that signal ({status}).\nstderr:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("{name} received")),
        "the probe should say why it is cleaning up.\nstderr:\n{stderr}"
    );

    let left = containers_of(probe_pid);
    assert!(
        left.is_empty(),
        "containers of the probe survived {name}: {left:?}.\nstderr:\n{stderr}"
    );
    let deadline = Instant::now() + PEER_GONE_TIMEOUT;
    while process_exists(ready.peer_pid) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !process_exists(ready.peer_pid),
        "the Python peer {} survived {name}.\nstderr:\n{stderr}",
        ready.peer_pid
    );
}

/// The probe's containers, asked of Docker by the owner label.
fn containers_of(pid: u32) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime
        .block_on(containers_owned_by(pid))
        .unwrap_or_else(|error| panic!("cannot list the probe's containers: {error}"))
}

fn lines_in_background(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (lines, received) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    received
}

fn collect_in_background(mut stream: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn wait_until_ready(lines: &mpsc::Receiver<String>) -> Result<Ready, String> {
    let deadline = Instant::now() + PROBE_READY_TIMEOUT;
    let (mut container, mut peer_pid) = (None, None);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines.recv_timeout(left).map_err(|error| match error {
            mpsc::RecvTimeoutError::Timeout => {
                format!("no ready line within {PROBE_READY_TIMEOUT:?}")
            }
            mpsc::RecvTimeoutError::Disconnected => "it closed its stdout".to_owned(),
        })?;
        if let Some(id) = line.strip_prefix(ID_PREFIX) {
            container = Some(id.to_owned());
        } else if let Some(pid) = line.strip_prefix(PEER_PREFIX) {
            peer_pid = pid.parse().ok();
        } else if line == READY_LINE {
            return match (container, peer_pid) {
                (Some(container), Some(peer_pid)) => Ok(Ready {
                    container,
                    peer_pid,
                }),
                _ => Err("it said ready without naming its container and peer".to_owned()),
            };
        }
    }
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// Whether `pid` names a process that has not been reaped, zombies
/// included: a peer its parent stopped properly is reaped by it.
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 performs only the existence and permission check.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
