//! The integration tests, in one test binary.
//!
//! One binary, not one per file, because its tests share what is expensive
//! to start: the reference container, the local AgentCore front doors and
//! identity provider, the Python SDK peers and their virtualenvs. Each is
//! started once per process (`mcp_matrix::environment`'s shared servers, and
//! the `OnceCell`s of the modules below), and libtest runs every test of
//! every module concurrently, so a test waiting on a container or a child
//! process leaves the cores to the others. `.cargo/config.toml` raises
//! libtest's thread count above the core count for that reason.
//!
//! - `common`: the matrix run of each target, and the assertions and
//!   snapshots every `matrix_*` module uses ([`matrix_tests!`]);
//! - `support`: the command line, AgentCore CLI projects, the fault proxy;
//! - one module per subject, named as its file.
//!
//! `tests/container_cleanup.rs` stays a binary of its own: it watches whole
//! test processes from outside.

#[macro_use]
mod common;
mod support;

mod auth_matrix;
mod cli_doctor;
mod cli_run;
mod cli_token;
mod declared_surface;
mod diagnosis;
mod faults;
mod front_door;
mod harness;
mod identity_provider;
mod live;
mod matrix_agentcore;
mod matrix_agentcore_stateful;
mod matrix_python_forecast;
mod matrix_python_paged;
mod matrix_python_sdk1;
mod matrix_python_sdk2;
mod matrix_server;
mod oracle_failures;
mod python_peers;
mod reference_server;
mod robust_parsing;
mod secrets;
mod sigv4;
mod token_inspect;
