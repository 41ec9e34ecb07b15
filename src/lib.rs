//! mcp-matrix: the integration test matrix for MCP servers on Amazon Bedrock
//! AgentCore Runtime.

pub mod client;
pub mod environment;
pub mod message;
pub mod observation;
pub mod protocol;
pub mod sse;
