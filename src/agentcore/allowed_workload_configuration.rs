//! [`AllowedWorkloadConfiguration`]: `allowedWorkloadConfiguration` of
//! `CustomJWTAuthorizerConfiguration` (botocore model
//! `bedrock-agentcore-control/2023-06-05`, added 2026-06-17): "The
//! configuration that restricts which workloads in the request's identity
//! chain are allowed to invoke the target, identified by their hosting
//! environments and workload identities. At launch, this is supported only
//! for AgentCore Runtime targets, and the allowed workloads are AgentCore
//! Gateways."
//!
//! The emulation reads it so that a real runtime's authorizer block parses,
//! and does not enforce it: a request's identity chain is made by AgentCore
//! Identity when a Gateway invokes the runtime, and nothing on loopback can
//! present one. The front door therefore judges such a runtime's callers by
//! their token alone. How AWS answers a direct caller (no Gateway in the
//! chain) of a runtime with this restriction is not documented; the live
//! run shows it.

use serde::Deserialize;

/// `AllowedWorkloadConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllowedWorkloadConfiguration {
    /// 1 to 10 hosting environments (AgentCore Gateways, by ARN).
    #[serde(default)]
    pub hosting_environments: Vec<HostingEnvironment>,
    /// 1 to 10 workload identity names (`[A-Za-z0-9_.-]{3,255}`).
    #[serde(default)]
    pub workload_identities: Vec<String>,
}

/// `HostingEnvironment`: "A hosting environment whose workloads are allowed
/// to invoke the target."
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostingEnvironment {
    /// The ARN of the hosting environment, e.g. a Gateway's.
    pub arn: String,
}
