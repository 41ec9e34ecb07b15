//! The protocol matrix against the server under test: the reference server
//! container, your image (`MCP_MATRIX_SERVER_IMAGE`), or your running server
//! (`MCP_MATRIX_TARGET_URL`).

use crate::common;

matrix_tests!(common::TargetKind::ServerUnderTest);
