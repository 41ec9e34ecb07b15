//! The protocol matrix against the official Python MCP SDK 1.x (FastMCP,
//! `stateless_http=True`): the server shape AgentCore's documentation uses.

use crate::common;

matrix_tests!(common::TargetKind::Python(
    mcp_matrix::environment::PythonServer::ValidateContent(mcp_matrix::environment::PythonSdk::V1)
));
