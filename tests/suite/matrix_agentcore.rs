//! The protocol matrix through the local AgentCore front door, in front of
//! the reference server: what a client sees of a runtime. The live run
//! (`tests/live.rs`, `mcp-matrix live`) is compared with these snapshots.

use crate::common;

matrix_tests!(common::TargetKind::AgentCore);
