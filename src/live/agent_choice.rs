//! [`AgentChoice`]: which project, which of its agents, deployed where, and
//! what the user says of its MCP mode; from flags, else from the
//! environment ([`super::var`]).

use std::path::PathBuf;

use super::var;
use crate::agentcore::{McpMode, UnknownMcpMode};

/// The user's choice of project and agent. `None` leaves it to the project:
/// its only agent (or the toolkit's `default_agent`), its only target (or
/// the one named `default`, as `agentcore deploy` does), the `DEFAULT`
/// endpoint, the mode its server code sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentChoice {
    /// The project: the AgentCore CLI's `agentcore/` directory, its
    /// `agentcore.json`, or a starter toolkit's `.bedrock_agentcore.yaml`.
    pub config: Option<PathBuf>,
    /// The agent (the CLI's `runtimes[].name`, the toolkit's agent key).
    pub agent: Option<String>,
    /// The AgentCore CLI's deployment target (`aws-targets.json`).
    pub target: Option<String>,
    /// The runtime endpoint to invoke, the `qualifier`.
    pub endpoint: Option<String>,
    /// The server's MCP mode, as the user states it.
    pub mode: Option<McpMode>,
}

/// How much of a project the caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The agent's definition only (authorizer, headers, server code): the
    /// runtime is given otherwise (a URL or an ARN), or not needed.
    Definition,
    /// The definition and where it is deployed: ARN, region, endpoint.
    Deployment,
}

/// `AGENTCORE_MCP_MODE` names no mode.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {error}")]
pub struct BadModeVariable {
    variable: &'static str,
    error: UnknownMcpMode,
}

impl AgentChoice {
    /// The choice the environment makes: `AGENTCORE_CONFIG`,
    /// `AGENTCORE_AGENT`, `AGENTCORE_TARGET`, `AGENTCORE_QUALIFIER`,
    /// `AGENTCORE_MCP_MODE`.
    pub fn from_env() -> Result<Self, BadModeVariable> {
        Ok(Self {
            config: super::env(var::CONFIG).map(PathBuf::from),
            agent: super::env(var::AGENT),
            target: super::env(var::TARGET),
            endpoint: super::env(var::QUALIFIER),
            mode: super::env(var::MCP_MODE)
                .map(|text| text.parse())
                .transpose()
                .map_err(|error| BadModeVariable {
                    variable: var::MCP_MODE,
                    error,
                })?,
        })
    }
}
