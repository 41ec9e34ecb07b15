//! How a runtime behind the front door is configured: the same shapes as the
//! AgentCore control plane's `CreateAgentRuntime` (botocore model
//! `bedrock-agentcore-control/2023-06-05`), so the authorizer block of a real
//! runtime (or of `.bedrock_agentcore.yaml`) deserialises into it.

use std::time::Duration;

use super::session_host::StatefulHosting;
use crate::agentcore::{
    Authorizer, DEFAULT_QUALIFIER, HeaderAllowlist, HeaderAllowlistError, McpMode, RuntimeArn,
};

/// InvokeAgentRuntime's payload limit: "Body blob, max 100000000 bytes"
/// (botocore model, `InvokeAgentRuntimeRequest.payload`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 100_000_000;

/// How far SigV4 request times may differ from the server's clock (the
/// five minutes AWS services allow).
pub const DEFAULT_SIGV4_SKEW: Duration = Duration::from_secs(5 * 60);

/// One runtime the front door serves.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    pub arn: RuntimeArn,
    /// Endpoint names it can be invoked on (`DEFAULT` always exists).
    pub qualifiers: Vec<String>,
    pub authorizer: Authorizer,
    /// The container's MCP endpoint, e.g. `http://127.0.0.1:32768/mcp`. In
    /// a stateful runtime, the server for requests that belong to no live
    /// session: one that holds no session answers them as a fresh microVM
    /// would.
    pub upstream: String,
    /// Set for a stateful MCP runtime: each session gets its own server,
    /// and requests are routed by `Mcp-Session-Id`. Unset: stateless, one
    /// server for every request.
    pub stateful: Option<StatefulHosting>,
    /// Request headers passed to the container beyond the MCP and session
    /// headers (`requestHeaderConfiguration.requestHeaderAllowlist`), e.g.
    /// `Authorization`; none without one. Set it with
    /// [`RuntimeConfig::with_request_header_allowlist`], which validates it
    /// against this runtime's authorizer.
    pub request_header_allowlist: Option<HeaderAllowlist>,
}

impl RuntimeConfig {
    pub fn new(arn: RuntimeArn, authorizer: Authorizer, upstream: impl Into<String>) -> Self {
        Self {
            arn,
            qualifiers: vec![DEFAULT_QUALIFIER.to_owned()],
            authorizer,
            upstream: upstream.into(),
            stateful: None,
            request_header_allowlist: None,
        }
    }

    /// The same runtime, stateful: its sessions run on servers `hosting`
    /// starts.
    pub fn with_stateful(mut self, hosting: StatefulHosting) -> Self {
        self.stateful = Some(hosting);
        self
    }

    pub fn mcp_mode(&self) -> McpMode {
        match self.stateful {
            Some(_) => McpMode::Stateful,
            None => McpMode::Stateless,
        }
    }

    /// The runtime with `requestHeaderConfiguration.requestHeaderAllowlist`
    /// set to `names`, or why `CreateAgentRuntime` would refuse that list
    /// for this runtime (see [`HeaderAllowlist::new`]).
    pub fn with_request_header_allowlist<I>(
        mut self,
        names: I,
    ) -> Result<Self, HeaderAllowlistError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.request_header_allowlist = Some(HeaderAllowlist::new(names, &self.authorizer)?);
        Ok(self)
    }
}
