//! The protocol matrix against the official Python MCP SDK 2.x (`MCPServer`),
//! which also speaks 2026-07-28.

use crate::common;

matrix_tests!(common::TargetKind::Python(
    mcp_matrix::environment::PythonServer::ValidateContent(mcp_matrix::environment::PythonSdk::V2)
));
