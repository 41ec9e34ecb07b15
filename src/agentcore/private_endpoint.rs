//! [`PrivateEndpoint`]: how AgentCore reaches an identity provider that is
//! not on the internet, through VPC Lattice: `privateEndpoint` and
//! `privateEndpointOverrides` of `CustomJWTAuthorizerConfiguration`
//! (botocore model `bedrock-agentcore-control/2023-06-05`, shapes
//! `PrivateEndpoint`, `SelfManagedLatticeResource`, `ManagedVpcResource`,
//! `PrivateEndpointOverride`; the same shapes as a Gateway target's).
//!
//! The emulation reads them so that a real runtime's authorizer block
//! parses, and does nothing with them: the front door fetches the discovery
//! document and the keys from `discoveryUrl` directly, on loopback, where
//! there is no VPC to reach into. Whether a private identity provider is
//! reachable from AgentCore is for the live run to find out.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `PrivateEndpoint`, a union: exactly one of its members (any other key is
/// an unknown variant).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PrivateEndpoint {
    /// A VPC Lattice resource configuration the account manages itself.
    SelfManagedLatticeResource(SelfManagedLatticeResource),
    /// A VPC Lattice resource AgentCore creates and manages.
    ManagedVpcResource(ManagedVpcResource),
}

/// `SelfManagedLatticeResource`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SelfManagedLatticeResource {
    /// The ARN or id (`rcfg-...`) of the VPC Lattice resource configuration.
    pub resource_configuration_identifier: String,
}

/// `ManagedVpcResource`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedVpcResource {
    /// `vpc-...`.
    pub vpc_identifier: String,
    /// `subnet-...` ids where the resource gateway is placed.
    pub subnet_ids: Vec<String>,
    /// `IPV4` or `IPV6`.
    pub endpoint_ip_address_type: String,
    /// `sg-...` ids, at most 5; the VPC's default group when absent.
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// An intermediate domain to route through instead of the target's.
    #[serde(default)]
    pub routing_domain: Option<String>,
}

/// `PrivateEndpointOverride`: the private endpoint of one domain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrivateEndpointOverride {
    pub domain: String,
    pub private_endpoint: PrivateEndpoint,
}
