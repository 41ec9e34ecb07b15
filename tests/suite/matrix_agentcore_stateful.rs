//! The protocol matrix through a stateful runtime of the local AgentCore
//! front door, in front of the reference server in its stateful mode: each
//! session its own container, routed by the id the server issued. Every
//! version's cases are asked within a session; the session cases (a request
//! without the id, after DELETE, with an id never issued) are asked of this
//! target only.

use crate::common;

matrix_tests!(common::TargetKind::AgentCoreStateful);
