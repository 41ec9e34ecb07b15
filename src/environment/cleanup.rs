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
//! - at start, a process removes containers whose owner on this host no
//!   longer runs: the leftovers of a run that was killed.
//!
//! Containers owned by a live process are never touched, so test binaries
//! running in parallel (cargo-nextest) leave each other's containers alone.

use std::{collections::HashMap, sync::Once};

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

async fn managed_containers(
    docker: &Docker,
    extra_filter: Option<String>,
) -> Vec<(String, HashMap<String, String>)> {
    let mut labels = vec![format!("{MANAGED_LABEL}=true")];
    labels.extend(extra_filter);
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([("label".to_owned(), labels)])),
        ..Default::default()
    };
    match docker.list_containers(Some(options)).await {
        Ok(containers) => containers
            .into_iter()
            .filter_map(|c| Some((c.id?, c.labels.unwrap_or_default())))
            .collect(),
        Err(error) => {
            eprintln!("mcp-matrix: cannot list containers for cleanup: {error}");
            Vec::new()
        }
    }
}

async fn remove(docker: &Docker, id: &str) {
    let options = RemoveContainerOptions {
        force: true,
        v: true,
        ..Default::default()
    };
    if let Err(error) = docker.remove_container(id, Some(options)).await {
        eprintln!("mcp-matrix: cannot remove container {id}: {error}");
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

/// Registers, once per process, the removal of its containers at exit.
pub(super) fn remove_owned_containers_at_exit() {
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
