//! The protocol matrix against a weather server on the official Python SDK
//! 1.x (`peers/forecast_v1.py`) whose surface is not the reference server's:
//! a tool without an outputSchema, one without safety annotations, a
//! resource, a resource template, a prompt and completions. Nothing about it
//! is configured: every case comes from what discovery found.

use crate::common;

matrix_tests!(common::TargetKind::Python(
    mcp_matrix::environment::PythonServer::Forecast
));
