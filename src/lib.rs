//! mcp-matrix: the integration test matrix for MCP servers on Amazon Bedrock
//! AgentCore Runtime.

pub mod agentcore;
pub mod arguments;
pub mod auth;
pub mod auth_matrix;
pub mod case;
pub mod case_filter;
pub mod client;
pub mod deviations;
pub mod diagnosis;
pub mod discovery;
pub mod doctor;
pub mod environment;
pub mod front_door;
pub mod live;
pub mod matrix;
pub mod message;
pub mod observation;
pub mod oracle;
pub mod outcome;
pub mod project;
pub mod protocol;
pub mod report;
pub mod sse;
pub mod surface;
pub mod target;
