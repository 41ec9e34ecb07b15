//! Helpers the test modules share: the command line as a user runs it, the
//! AgentCore CLI project fixtures, and the proxy that breaks one thing about
//! a conformant server.

pub mod agentcore_project;
pub mod cli;
pub mod fault_proxy;
