//! [`McpMode`]: whether an MCP runtime's server keeps sessions.
//!
//! Since 2026-03 AgentCore Runtime hosts stateful MCP servers as well as
//! stateless ones (AWS What's New, 2026-03-10, "Amazon Bedrock AgentCore
//! Runtime now supports stateful MCP servers"; developer guide, *MCP protocol
//! contract*). The control plane has no field for it
//! (`ProtocolConfiguration` is only `serverProtocol`): the mode is the
//! server's, e.g. FastMCP's `stateless_http=True` or `False`, and the
//! platform follows it.
//!
//! - **Stateless**: the platform adds an `Mcp-Session-Id` of its own to
//!   requests without one, and the server must accept it without looking it
//!   up; any microVM may serve any request.
//! - **Stateful**: the server issues `Mcp-Session-Id` on `initialize` and the
//!   client sends it back; the platform routes by it to that session's own
//!   microVM (for up to 8 hours, `maxLifetime`, with an idle timeout,
//!   `idleRuntimeSessionTimeout`, 15 minutes by default), where elicitation,
//!   sampling and progress notifications work.

use std::{fmt, str::FromStr};

/// A runtime's MCP mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum McpMode {
    #[default]
    Stateless,
    Stateful,
}

impl McpMode {
    pub const ALL: [Self; 2] = [Self::Stateless, Self::Stateful];

    /// `stateless` or `stateful`, as flags, files and reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stateless => "stateless",
            Self::Stateful => "stateful",
        }
    }
}

impl fmt::Display for McpMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A mode name that is neither `stateless` nor `stateful`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an MCP mode: use stateless or stateful")]
pub struct UnknownMcpMode(pub String);

impl FromStr for McpMode {
    type Err = UnknownMcpMode;

    fn from_str(text: &str) -> Result<Self, UnknownMcpMode> {
        Self::ALL
            .into_iter()
            .find(|mode| mode.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownMcpMode(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mode and the one after it, by an exhaustive match: a new mode
    /// does not compile until it is placed here, and then fails the test
    /// until it is in `ALL` too.
    fn after(mode: McpMode) -> Option<McpMode> {
        match mode {
            McpMode::Stateless => Some(McpMode::Stateful),
            McpMode::Stateful => None,
        }
    }

    #[test]
    fn all_lists_every_mode() {
        let every: Vec<McpMode> =
            std::iter::successors(Some(McpMode::Stateless), |mode| after(*mode)).collect();
        assert_eq!(every, McpMode::ALL);
    }

    #[test]
    fn every_mode_reads_back_from_its_name() {
        for mode in McpMode::ALL {
            assert_eq!(mode.name().parse::<McpMode>(), Ok(mode));
        }
        assert_eq!(" Stateful ".parse::<McpMode>(), Ok(McpMode::Stateful));
        let error = "sessions".parse::<McpMode>().expect_err("no such mode");
        assert!(
            error.to_string().contains("stateless or stateful"),
            "{error}"
        );
    }
}
