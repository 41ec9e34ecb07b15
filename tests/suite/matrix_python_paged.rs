//! The protocol matrix against a server on the official Python SDK 2.x
//! whose tools list is paged (`peers/paged_v2.py`): discovery follows every
//! `nextCursor`, and the second page and an invalid cursor are cases.

use crate::common;

matrix_tests!(common::TargetKind::Python(
    mcp_matrix::environment::PythonServer::PagedTools
));
