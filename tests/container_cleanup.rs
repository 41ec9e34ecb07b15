//! No container outlives its test process, even when a test panics.
//!
//! This file has its own `main` (`harness = false`) because it must observe a
//! whole test process from outside. It starts itself again as a probe child,
//! which starts the shared server container, prints the container id, and then
//! ends the way a failing test binary ends:
//!
//! - `caught`: the panic is caught and the process calls `exit(101)`, exactly
//!   what libtest does after a test panics;
//! - `uncaught`: the panic unwinds out of `main`.
//!
//! The parent then asks Docker whether the container still exists.

use std::process::Command;

use mcp_matrix::environment::shared_local_server;

const PROBE_VAR: &str = "MCP_MATRIX_CLEANUP_PROBE";
const ID_PREFIX: &str = "probe container id: ";

fn main() {
    match std::env::var(PROBE_VAR).as_deref() {
        Ok("caught") => probe_caught_panic(),
        Ok("uncaught") => probe_uncaught_panic(),
        _ => {
            check_no_container_survives("caught");
            check_no_container_survives("uncaught");
            println!("container_cleanup: ok (2 checks)");
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
