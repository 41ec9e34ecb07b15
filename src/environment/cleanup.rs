//! Making sure no container outlives the run that started it.
//!
//! testcontainers removes a container when its handle is dropped inside a
//! tokio runtime. A container shared by all tests of a binary lives in a
//! `static`, which is never dropped, and a process can be killed before any
//! drop. So every container carries two labels, the marker of this suite and
//! its owner (host name and process id), and
//!
//! - at exit (`atexit`, which runs when the test harness calls `exit`, also
//!   after failed tests), the process removes the containers it owns;
//! - on SIGINT (Ctrl-C) and SIGTERM (what CI runners and `timeout` send), the
//!   process exits in order instead of dying, so the exit handlers run: see
//!   [`exit_on_signals`];
//! - at start, a process removes containers whose owner on this host no
//!   longer runs: the leftovers of a run that was killed (SIGKILL cannot be
//!   caught).
//!
//! Containers owned by a live process are never touched, so test binaries
//! running in parallel (cargo-nextest) leave each other's containers alone.
//! The suite creates no Docker networks (testcontainers puts its containers
//! on the default bridge), so containers are all there is to remove.

use std::{
    collections::HashMap,
    sync::{Once, mpsc},
    thread,
    time::Duration,
};

use tokio::signal::unix::{SignalKind, signal};

use testcontainers::bollard::{
    Docker,
    query_parameters::{ListContainersOptions, RemoveContainerOptions},
};

/// Present on every container this suite starts.
const MANAGED_LABEL: &str = "dev.mcp-matrix.managed";
/// `host/pid` of the process that started the container.
const OWNER_LABEL: &str = "dev.mcp-matrix.owner";

/// The labels for a container started by this process.
pub(super) fn labels() -> [(&'static str, String); 2] {
    [
        (MANAGED_LABEL, "true".to_owned()),
        (OWNER_LABEL, owner(std::process::id())),
    ]
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "unknown-host".to_owned())
        .trim()
        .to_owned()
}

fn owner(pid: u32) -> String {
    format!("{}/{pid}", host_name())
}

/// Whether a process with this id runs on this host.
fn process_is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 performs only the existence and permission check.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The owner of an orphan: a process of this host that no longer runs.
fn is_orphan(owner_label: &str, this_host: &str) -> bool {
    let Some((host, pid)) = owner_label.rsplit_once('/') else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    host == this_host && !process_is_alive(pid)
}

/// The containers of this suite, running or not, with their labels;
/// `extra_filter` (a `key=value` label) narrows them down.
async fn list_managed_containers(
    docker: &Docker,
    extra_filter: Option<String>,
) -> Result<Vec<(String, HashMap<String, String>)>, testcontainers::bollard::errors::Error> {
    let mut labels = vec![format!("{MANAGED_LABEL}=true")];
    labels.extend(extra_filter);
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([("label".to_owned(), labels)])),
        ..Default::default()
    };
    let containers = docker.list_containers(Some(options)).await?;
    Ok(containers
        .into_iter()
        .filter_map(|c| Some((c.id?, c.labels.unwrap_or_default())))
        .collect())
}

/// [`list_managed_containers`] for cleanup, which must go on (and say why
/// it removed nothing) when Docker fails.
async fn managed_containers(
    docker: &Docker,
    extra_filter: Option<String>,
) -> Vec<(String, HashMap<String, String>)> {
    list_managed_containers(docker, extra_filter)
        .await
        .unwrap_or_else(|error| {
            eprintln!("mcp-matrix: cannot list containers for cleanup: {error}");
            Vec::new()
        })
}

/// The ids of the containers, running or stopped, that the process `pid` of
/// this host started, found by their owner label. For tests that check that
/// a process left nothing behind.
pub async fn containers_owned_by(pid: u32) -> Result<Vec<String>, super::EnvironmentError> {
    let docker = super::docker().await?;
    let filter = format!("{OWNER_LABEL}={}", owner(pid));
    let containers = list_managed_containers(&docker, Some(filter))
        .await
        .map_err(super::EnvironmentError::docker(format!(
            "listing the containers of process {pid}"
        )))?;
    Ok(containers.into_iter().map(|(id, _)| id).collect())
}

async fn remove(docker: &Docker, id: &str) {
    let options = RemoveContainerOptions {
        force: true,
        v: true,
        ..Default::default()
    };
    match docker.remove_container(id, Some(options)).await {
        // Already gone, or going: removed since it was listed (a session's
        // container ends on its own), which is what was wanted.
        Err(testcontainers::bollard::errors::Error::DockerResponseServerError {
            status_code: 404 | 409,
            ..
        })
        | Ok(()) => {}
        Err(error) => eprintln!("mcp-matrix: cannot remove container {id}: {error}"),
    }
}

/// Removes the containers of runs on this host that ended without cleaning up.
pub(super) async fn reap_orphans(docker: &Docker) {
    let this_host = host_name();
    for (id, labels) in managed_containers(docker, None).await {
        if labels
            .get(OWNER_LABEL)
            .is_some_and(|owner| is_orphan(owner, &this_host))
        {
            remove(docker, &id).await;
        }
    }
}

/// Registers, once per process, the removal of its containers at exit, and
/// makes SIGINT and SIGTERM an exit.
pub(super) fn remove_owned_containers_at_exit() {
    exit_on_signals();
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // SAFETY: registering a plain `extern "C" fn()` with no arguments.
        let status = unsafe { libc::atexit(remove_owned_containers) };
        if status != 0 {
            eprintln!(
                "mcp-matrix: cannot register container cleanup at exit; \
                 leftover containers will be removed by the next run"
            );
        }
    });
}

extern "C" fn remove_owned_containers() {
    // A fresh thread and runtime: `exit` may run on a thread that is inside a
    // runtime, where blocking on another one would panic.
    let cleanup = std::thread::spawn(|| {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            let Ok(docker) = Docker::connect_with_defaults() else {
                return;
            };
            let filter = format!("{OWNER_LABEL}={}", owner(std::process::id()));
            for (id, _) in managed_containers(&docker, Some(filter)).await {
                remove(&docker, &id).await;
            }
        });
    });
    let _ = cleanup.join();
}

/// How long the exit handlers get after a signal before the process ends
/// anyway. Removing a container takes about a second; a Docker engine that
/// does not answer must not keep a cancelled run alive (CI runners follow
/// SIGTERM with SIGKILL after a grace period of their own, often 10 s).
const SIGNAL_EXIT_GRACE: Duration = Duration::from_secs(20);

/// Turns SIGINT and SIGTERM into `exit(128 + signal)`, once per process, so
/// that the exit handlers (this module's container removal, the Python
/// peers' stop) run. Their default action ends the process at once, and a
/// process that ends that way runs no exit handler: its containers would
/// live on until the next run reaps them, its peers until the kernel's
/// parent-death signal.
///
/// The signals are caught by tokio's process-wide handler (a self-pipe, so
/// delivery to whichever thread the kernel picks is fine, with any number of
/// test threads and runtimes) and awaited on a thread of their own; that
/// thread starts the exit on yet another thread, so it can still act on a
/// second signal, or on [`SIGNAL_EXIT_GRACE`] passing, with `_exit`, which
/// skips the handlers. The status 128 + n is the shell's convention for
/// "ended by signal n" (130 for Ctrl-C, 143 for SIGTERM), so callers see a
/// failed run, as they would without the handler.
///
/// Returns once the handler is in place: a signal that arrives after the
/// first container or peer has started is never missed.
pub(super) fn exit_on_signals() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let (ready, installed) = mpsc::channel();
        let spawned = thread::Builder::new()
            .name("mcp-matrix-signals".to_owned())
            .spawn(move || watch_signals(&ready));
        let outcome = match spawned {
            Ok(_) => installed
                .recv()
                .unwrap_or_else(|_| Err("the signal thread ended early".to_owned())),
            Err(error) => Err(format!("no thread for it: {error}")),
        };
        if let Err(reason) = outcome {
            eprintln!(
                "mcp-matrix: cannot catch SIGINT and SIGTERM ({reason}); if this run is \
                 interrupted, the next run removes its containers"
            );
        }
    });
}

/// Waits for SIGINT and SIGTERM for as long as the process lives; reports
/// on `ready` whether both are caught.
fn watch_signals(ready: &mpsc::Sender<Result<(), String>>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = ready.send(Err(format!("no runtime for it: {error}")));
            return;
        }
    };
    runtime.block_on(async {
        let (mut interrupt, mut terminate) = match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(interrupt), Ok(terminate)) => (interrupt, terminate),
            (Err(error), _) | (_, Err(error)) => {
                let _ = ready.send(Err(error.to_string()));
                return;
            }
        };
        let _ = ready.send(Ok(()));
        let first = tokio::select! {
            _ = interrupt.recv() => libc::SIGINT,
            _ = terminate.recv() => libc::SIGTERM,
        };
        eprintln!(
            "mcp-matrix: {} received; removing this process's containers and stopping its \
             Python peers before exiting (send it again to exit at once)",
            signal_name(first)
        );
        let status = 128 + first;
        if thread::Builder::new()
            .name("mcp-matrix-exit".to_owned())
            .spawn(move || std::process::exit(status))
            .is_err()
        {
            std::process::exit(status);
        }
        let reason = tokio::select! {
            _ = interrupt.recv() => "a second signal arrived",
            _ = terminate.recv() => "a second signal arrived",
            () = tokio::time::sleep(SIGNAL_EXIT_GRACE) => "the cleanup took too long",
        };
        eprintln!(
            "mcp-matrix: exiting without finishing the cleanup ({reason}); the next run \
             removes the containers left behind"
        );
        // SAFETY: `_exit` ends the process without running any handler,
        // which is the point: the handlers are what did not finish.
        unsafe { libc::_exit(status) }
    });
}

fn signal_name(signal: libc::c_int) -> &'static str {
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dead_owners_on_this_host_are_orphans() {
        let host = host_name();
        let alive = owner(std::process::id());
        assert!(!is_orphan(&alive, &host));
        // pid_max on Linux is at most 2^22, so this pid cannot exist.
        assert!(is_orphan(&format!("{host}/{}", 1u32 << 30), &host));
        assert!(!is_orphan(&format!("other-host/{}", 1u32 << 30), &host));
        assert!(!is_orphan("garbage", &host));
    }
}
