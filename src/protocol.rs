//! MCP protocol revisions and the wire names shared by every version.
//!
//! Revisions up to 2025-11-25 negotiate the version once, in the `initialize`
//! handshake; from 2026-07-28 on there is no handshake and every request
//! carries its version in `params._meta` and in the `MCP-Protocol-Version`
//! header (spec 2026-07-28, basic/lifecycle).

use std::fmt;

/// A protocol revision this suite knows how to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProtocolVersion {
    V2024_11_05,
    V2025_03_26,
    V2025_06_18,
    V2025_11_25,
    V2026_07_28,
}

impl ProtocolVersion {
    /// Every revision, oldest first.
    pub const ALL: [Self; 5] = [
        Self::V2024_11_05,
        Self::V2025_03_26,
        Self::V2025_06_18,
        Self::V2025_11_25,
        Self::V2026_07_28,
    ];

    /// The revisions that start with an `initialize` handshake.
    pub const HANDSHAKE: [Self; 4] = [
        Self::V2024_11_05,
        Self::V2025_03_26,
        Self::V2025_06_18,
        Self::V2025_11_25,
    ];

    /// The version string as it appears on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2024_11_05 => "2024-11-05",
            Self::V2025_03_26 => "2025-03-26",
            Self::V2025_06_18 => "2025-06-18",
            Self::V2025_11_25 => "2025-11-25",
            Self::V2026_07_28 => "2026-07-28",
        }
    }

    /// Parses a wire version string; `None` for a revision this suite does not know.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|version| version.as_str() == text)
    }

    /// Whether a session starts with `initialize` (every revision before 2026-07-28).
    pub const fn has_initialize(self) -> bool {
        !matches!(self, Self::V2026_07_28)
    }

    /// Whether requests carry the per-request `_meta` envelope and the
    /// `Mcp-Method`/`Mcp-Name` headers (2026-07-28 on).
    pub const fn is_stateless(self) -> bool {
        !self.has_initialize()
    }
}

/// Serialized as its wire string, e.g. as a key of a snapshot's map.
impl serde::Serialize for ProtocolVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HTTP header names of the Streamable HTTP transport and of AgentCore Runtime.
pub mod header {
    /// Spec 2025-06-18 on, basic/transports, "Protocol Version Header".
    pub const PROTOCOL_VERSION: &str = "mcp-protocol-version";
    /// Spec 2025-03-26 on, basic/transports, "Session Management".
    pub const SESSION_ID: &str = "mcp-session-id";
    /// Spec 2026-07-28, basic/transports: the JSON-RPC method, mirrored in a header.
    pub const METHOD: &str = "mcp-method";
    /// Spec 2026-07-28, basic/transports: the tool, prompt or resource name.
    pub const NAME: &str = "mcp-name";
    /// AgentCore Runtime's own session id (InvokeAgentRuntime, 33-256 characters).
    pub const RUNTIME_SESSION_ID: &str = "x-amzn-bedrock-agentcore-runtime-session-id";
    /// AgentCore Runtime's end-user id (InvokeAgentRuntime).
    pub const RUNTIME_USER_ID: &str = "x-amzn-bedrock-agentcore-runtime-user-id";
    /// The AWS error type of an AgentCore error response.
    pub const AWS_ERROR_TYPE: &str = "x-amzn-errortype";
}

/// Keys of the per-request `_meta` envelope (spec 2026-07-28, basic/index, "_meta").
pub mod meta {
    pub const PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
    pub const CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
    pub const CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
    /// The token a request asks progress under (basic/utilities/progress).
    pub const PROGRESS_TOKEN: &str = "progressToken";
}

/// Media types of the Streamable HTTP transport.
pub mod media {
    pub const JSON: &str = "application/json";
    pub const EVENT_STREAM: &str = "text/event-stream";
    /// What a conforming client sends: it "MUST include an Accept header,
    /// listing both application/json and text/event-stream"
    /// (spec 2025-03-26 on, basic/transports, "Sending Messages to the Server").
    pub const ACCEPT_BOTH: &str = "application/json, text/event-stream";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_version_once_in_order() {
        assert_all_lists_every_variant!(
            ProtocolVersion::ALL,
            [
                ProtocolVersion::V2024_11_05,
                ProtocolVersion::V2025_03_26,
                ProtocolVersion::V2025_06_18,
                ProtocolVersion::V2025_11_25,
                ProtocolVersion::V2026_07_28,
            ]
        );
    }

    #[test]
    fn versions_round_trip_and_order_by_date() {
        for version in ProtocolVersion::ALL {
            assert_eq!(ProtocolVersion::parse(version.as_str()), Some(version));
        }
        assert_eq!(ProtocolVersion::parse("1999-01-01"), None);
        let mut sorted = ProtocolVersion::ALL;
        sorted.sort_by_key(|version| version.as_str());
        assert_eq!(sorted, ProtocolVersion::ALL);
    }

    #[test]
    fn only_2026_07_28_is_stateless() {
        let stateless: Vec<_> = ProtocolVersion::ALL
            .into_iter()
            .filter(|version| version.is_stateless())
            .collect();
        assert_eq!(stateless, [ProtocolVersion::V2026_07_28]);
        assert!(
            ProtocolVersion::HANDSHAKE
                .iter()
                .all(|v| v.has_initialize())
        );
    }
}
