//! [`ServerMode`]: the MCP mode of the agent's server, and how it is known.
//!
//! No project file has a field for it: AgentCore's control plane has none
//! (`ProtocolConfiguration` is only `serverProtocol`, botocore model
//! `bedrock-agentcore-control/2023-06-05`), nor has the AgentCore CLI's
//! `agentcore.json` (`src/schema/schemas/agent-env.ts` of aws/agentcore-cli).
//! The mode is the server's: the CLI's MCP template writes
//! `FastMCP("{{ name }}", host="0.0.0.0", stateless_http=True)`
//! (`src/assets/python/mcp/standalone/base/main.py` of aws/agentcore-cli),
//! and AgentCore's MCP protocol contract calls stateful servers
//! `stateless_http=False`. So the mode is, in this order, what the user says
//! (`--mcp-mode` or `AGENTCORE_MCP_MODE`), what the server's code sets, or
//! unknown.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use crate::agentcore::McpMode;

/// The server's MCP mode and where it was learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerMode {
    pub mode: McpMode,
    pub origin: ModeOrigin,
}

/// Where a [`ServerMode`] was learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModeOrigin {
    /// `--mcp-mode` or `AGENTCORE_MCP_MODE`.
    Given,
    /// `stateless_http=True` or `False` in this file.
    ServerCode(PathBuf),
}

/// The keyword argument of the Python SDK's FastMCP (constructor, `run`,
/// `streamable_http_app`) that chooses the mode.
const KEYWORD: &str = "stateless_http";

impl ServerMode {
    /// The mode `given` by the user, else the one the server's `code` sets
    /// (a missing or unreadable file sets none), else unknown.
    pub fn resolve(given: Option<McpMode>, code: Option<&Path>) -> Option<Self> {
        if let Some(mode) = given {
            return Some(Self {
                mode,
                origin: ModeOrigin::Given,
            });
        }
        let path = code?;
        let text = std::fs::read_to_string(path).ok()?;
        Some(Self {
            mode: Self::in_code(&text)?,
            origin: ModeOrigin::ServerCode(path.to_owned()),
        })
    }

    /// `known`, or that the mode is unknown and how to state it.
    pub fn describe(known: Option<&Self>) -> String {
        known.map_or_else(
            || "unknown (set --mcp-mode or AGENTCORE_MCP_MODE to stateless or stateful)".to_owned(),
            ToString::to_string,
        )
    }

    /// The mode Python source sets with `stateless_http=True` (stateless)
    /// or `stateless_http=False` (stateful), outside comments; none when it
    /// sets neither, or both.
    pub fn in_code(text: &str) -> Option<McpMode> {
        let mut found = None;
        for line in text.lines() {
            let code = line.split('#').next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find(KEYWORD) {
                let preceded_by_name = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                rest = &rest[at + KEYWORD.len()..];
                if preceded_by_name {
                    continue;
                }
                let Some(value) = rest.trim_start().strip_prefix('=') else {
                    continue;
                };
                let value = value.trim_start();
                let mode = if value.starts_with("True") {
                    McpMode::Stateless
                } else if value.starts_with("False") {
                    McpMode::Stateful
                } else {
                    continue;
                };
                match found {
                    Some(other) if other != mode => return None,
                    _ => found = Some(mode),
                }
            }
        }
        found
    }
}

/// `stateless (stateless_http=True in app/EchoServer/main.py)`.
impl fmt::Display for ServerMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            ModeOrigin::Given => write!(f, "{} (--mcp-mode or AGENTCORE_MCP_MODE)", self.mode),
            ModeOrigin::ServerCode(path) => write!(
                f,
                "{} ({KEYWORD}={} in {})",
                self.mode,
                match self.mode {
                    McpMode::Stateless => "True",
                    McpMode::Stateful => "False",
                },
                path.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keyword_sets_the_mode_wherever_fastmcp_takes_it() {
        for (code, mode) in [
            (
                "mcp = FastMCP(\"x\", host=\"0.0.0.0\", stateless_http=True)",
                Some(McpMode::Stateless),
            ),
            (
                "mcp.run(transport=\"streamable-http\", stateless_http = False)",
                Some(McpMode::Stateful),
            ),
            ("app = mcp.streamable_http_app()", None),
            (
                "# stateless_http=False\nFastMCP(\"x\", stateless_http=True)",
                Some(McpMode::Stateless),
            ),
            (
                "FastMCP(\"x\", stateless_http=True)\nmcp.run(stateless_http=False)",
                None,
            ),
            ("if settings.stateless_http == True:", None),
            ("FastMCP(\"x\", my_stateless_http=True)", None),
            ("FastMCP(\"x\", stateless_http=flag)", None),
        ] {
            assert_eq!(ServerMode::in_code(code), mode, "{code}");
        }
    }

    #[test]
    fn a_given_mode_comes_first_and_a_missing_file_sets_none() {
        let given = ServerMode::resolve(Some(McpMode::Stateful), Some(Path::new("/nowhere.py")))
            .expect("given");
        assert_eq!(given.origin, ModeOrigin::Given);
        assert_eq!(
            given.to_string(),
            "stateful (--mcp-mode or AGENTCORE_MCP_MODE)"
        );
        assert_eq!(
            ServerMode::resolve(None, Some(Path::new("/nowhere.py"))),
            None
        );
        assert_eq!(ServerMode::resolve(None, None), None);
    }
}
