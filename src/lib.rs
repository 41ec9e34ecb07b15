//! mcp-matrix library (skeleton).
