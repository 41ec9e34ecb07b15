//! How a runtime's callers are authorized: the `authorizerConfiguration`
//! of the AgentCore control plane's `CreateAgentRuntime` (botocore model
//! `bedrock-agentcore-control/2023-06-05`), so the authorizer block of a real
//! runtime (or of a project file) deserialises into it. The local front door
//! enforces it, and `auth::inspect` reads a token against it.
//!
//! Every member of `CustomJWTAuthorizerConfiguration` in the model (as of
//! 2026-08-07) has a field here, and an unknown member is an error, not
//! ignored (`deny_unknown_fields`, as the suite's own files do): an ignored
//! member could be a check the real runtime makes and the emulation would
//! silently skip, and a misspelt one (`allowedScope`) would leave a runtime
//! open that the author meant to restrict. A member the API adds later is
//! then refused by name, with the list of known ones, until it is added here.

use std::{collections::BTreeMap, time::Duration};

use serde::Deserialize;

use super::{AllowedWorkloadConfiguration, PrivateEndpoint, PrivateEndpointOverride};

/// Clock leeway for `exp` and `nbf` of bearer tokens. AgentCore does not
/// document one; a minute is the common choice of JWT validators.
pub const DEFAULT_JWT_LEEWAY: Duration = Duration::from_secs(60);

/// A runtime takes either SigV4 (IAM) or bearer tokens, never both.
#[derive(Debug, Clone)]
pub enum Authorizer {
    /// No `authorizerConfiguration`: callers sign with SigV4.
    Iam,
    /// `authorizerConfiguration.customJWTAuthorizer`.
    CustomJwt(CustomJwtAuthorizer),
}

/// `customJWTAuthorizer`. Each non-empty list is a check the token must pass
/// (AgentCore developer guide, "Inbound JWT authorizer").
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomJwtAuthorizer {
    /// `.../.well-known/openid-configuration` of the issuer.
    pub discovery_url: String,
    /// Checked against the `aud` claim (which Cognito puts in ID tokens only).
    #[serde(default)]
    pub allowed_audience: Vec<String>,
    /// Checked against the `client_id` claim (which Cognito puts in access
    /// tokens only).
    #[serde(default)]
    pub allowed_clients: Vec<String>,
    /// At least one of these must be in the token's `scope` (or `scp`).
    #[serde(default)]
    pub allowed_scopes: Vec<String>,
    /// `advertisedScopeMapping`: for a scope of `allowedScopes`, the name
    /// clients are told to request instead. "The advertised scope appears in
    /// OAuth protected resource metadata and `WWW-Authenticate` response
    /// headers. [...] Each key is a scope from `allowedScopes` that the
    /// service uses for token validation. [...] Scopes without a mapping
    /// entry appear unchanged to clients" (botocore model,
    /// `CustomJWTAuthorizerConfiguration`, added 2026-07-08). Tokens are
    /// still checked against `allowed_scopes`; see
    /// [`CustomJwtAuthorizer::advertised_scopes`].
    #[serde(default)]
    pub advertised_scope_mapping: BTreeMap<String, String>,
    #[serde(default)]
    pub custom_claims: Vec<CustomClaim>,
    /// `allowedWorkloadConfiguration`: which workloads in the request's
    /// identity chain (at launch, AgentCore Gateways) may invoke the runtime.
    /// Read, not enforced: see [`AllowedWorkloadConfiguration`]. Boxed, as
    /// `private_endpoint` is: rarely set, they would otherwise make every
    /// authorizer (and [`Authorizer`]) twice as large.
    #[serde(default)]
    pub allowed_workload_configuration: Option<Box<AllowedWorkloadConfiguration>>,
    /// `privateEndpoint`: how AgentCore reaches a private identity provider.
    /// Read, not used: see [`PrivateEndpoint`].
    #[serde(default)]
    pub private_endpoint: Option<Box<PrivateEndpoint>>,
    /// `privateEndpointOverrides`: a private endpoint per domain of the
    /// identity provider. Read, not used, like `private_endpoint`.
    #[serde(default)]
    pub private_endpoint_overrides: Vec<PrivateEndpointOverride>,
}

impl CustomJwtAuthorizer {
    /// The scopes clients are told about (`scopes_supported` of the
    /// protected resource metadata, `scope` of the 401's challenge): each of
    /// `allowedScopes` in order, replaced by its `advertisedScopeMapping`
    /// entry if it has one, each name once. Mapping keys that are not in
    /// `allowedScopes` advertise nothing (the model calls each key "a scope
    /// from `allowedScopes`").
    pub fn advertised_scopes(&self) -> Vec<&str> {
        let mut advertised: Vec<&str> = Vec::new();
        for allowed in &self.allowed_scopes {
            let name = self
                .advertised_scope_mapping
                .get(allowed)
                .unwrap_or(allowed)
                .as_str();
            if !advertised.contains(&name) {
                advertised.push(name);
            }
        }
        advertised
    }
}

/// One `customClaims` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomClaim {
    pub inbound_token_claim_name: String,
    pub inbound_token_claim_value_type: ClaimValueType,
    pub authorizing_claim_match_value: ClaimMatch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClaimValueType {
    String,
    StringArray,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClaimMatch {
    pub claim_match_operator: ClaimOperator,
    pub claim_match_value: ClaimMatchValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClaimOperator {
    /// The (string) claim equals the value.
    Equals,
    /// The (array) claim contains the value.
    Contains,
    /// The (array) claim contains any of the values.
    ContainsAny,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClaimMatchValue {
    MatchValueString(String),
    MatchValueStringList(Vec<String>),
}

impl CustomClaim {
    /// `name` must equal `value` (a string claim).
    pub fn equals(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            inbound_token_claim_name: name.into(),
            inbound_token_claim_value_type: ClaimValueType::String,
            authorizing_claim_match_value: ClaimMatch {
                claim_match_operator: ClaimOperator::Equals,
                claim_match_value: ClaimMatchValue::MatchValueString(value.into()),
            },
        }
    }

    /// Whether `claim` (the token's value, if any) satisfies this entry.
    pub fn is_satisfied_by(&self, claim: Option<&serde_json::Value>) -> bool {
        let Some(claim) = claim else {
            return false;
        };
        let strings = |value: &serde_json::Value| -> Vec<String> {
            match value {
                serde_json::Value::String(text) => vec![text.clone()],
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let have = strings(claim);
        let wanted: Vec<String> = match &self.authorizing_claim_match_value.claim_match_value {
            ClaimMatchValue::MatchValueString(value) => vec![value.clone()],
            ClaimMatchValue::MatchValueStringList(values) => values.clone(),
        };
        let type_ok = match self.inbound_token_claim_value_type {
            ClaimValueType::String => claim.is_string(),
            ClaimValueType::StringArray => claim.is_array(),
        };
        type_ok
            && match self.authorizing_claim_match_value.claim_match_operator {
                ClaimOperator::Equals => have.len() == 1 && wanted.first() == have.first(),
                ClaimOperator::Contains => wanted.first().is_some_and(|w| have.contains(w)),
                ClaimOperator::ContainsAny => wanted.iter().any(|w| have.contains(w)),
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deserialises_the_control_plane_shape() {
        let authorizer: CustomJwtAuthorizer = serde_json::from_value(json!({
            "discoveryUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X/.well-known/openid-configuration",
            "allowedClients": ["abc"],
            "customClaims": [{
                "inboundTokenClaimName": "department",
                "inboundTokenClaimValueType": "STRING",
                "authorizingClaimMatchValue": {
                    "claimMatchOperator": "EQUALS",
                    "claimMatchValue": { "matchValueString": "engineering" }
                }
            }]
        }))
        .unwrap();
        assert_eq!(authorizer.allowed_clients, ["abc"]);
        assert_eq!(
            authorizer.custom_claims,
            [CustomClaim::equals("department", "engineering")]
        );
    }

    /// Every member of `CustomJWTAuthorizerConfiguration` in the botocore
    /// model of 2026-08-07, as `GetAgentRuntime` returns them.
    #[test]
    fn deserialises_every_member_of_the_current_api() {
        let authorizer: CustomJwtAuthorizer = serde_json::from_value(json!({
            "discoveryUrl": "https://login.example.com/tenant/v2.0/.well-known/openid-configuration",
            "allowedAudience": ["api://mcp"],
            "allowedClients": ["abc"],
            "allowedScopes": ["invoke", "read"],
            "advertisedScopeMapping": { "invoke": "api://mcp/invoke" },
            "customClaims": [{
                "inboundTokenClaimName": "groups",
                "inboundTokenClaimValueType": "STRING_ARRAY",
                "authorizingClaimMatchValue": {
                    "claimMatchOperator": "CONTAINS_ANY",
                    "claimMatchValue": { "matchValueStringList": ["a", "b"] }
                }
            }],
            "privateEndpoint": {
                "selfManagedLatticeResource": {
                    "resourceConfigurationIdentifier": "rcfg-0123456789abcdef0"
                }
            },
            "privateEndpointOverrides": [{
                "domain": "login.example.com",
                "privateEndpoint": {
                    "managedVpcResource": {
                        "vpcIdentifier": "vpc-01234567",
                        "subnetIds": ["subnet-01234567"],
                        "endpointIpAddressType": "IPV4",
                        "securityGroupIds": ["sg-01234567"],
                        "tags": { "team": "mcp" },
                        "routingDomain": "idp.internal.example.com"
                    }
                }
            }],
            "allowedWorkloadConfiguration": {
                "hostingEnvironments": [{
                    "arn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/gw-0123456789"
                }],
                "workloadIdentities": ["my-gateway-identity"]
            }
        }))
        .unwrap();
        assert_eq!(authorizer.advertised_scopes(), ["api://mcp/invoke", "read"]);
        assert_eq!(
            authorizer.private_endpoint,
            Some(Box::new(PrivateEndpoint::SelfManagedLatticeResource(
                crate::agentcore::SelfManagedLatticeResource {
                    resource_configuration_identifier: "rcfg-0123456789abcdef0".into()
                }
            )))
        );
        assert_eq!(authorizer.private_endpoint_overrides.len(), 1);
        let workloads = authorizer.allowed_workload_configuration.unwrap();
        assert_eq!(workloads.workload_identities, ["my-gateway-identity"]);
        assert_eq!(workloads.hosting_environments.len(), 1);
    }

    #[test]
    fn unknown_members_are_refused_by_name() {
        let discovery = "https://issuer.example/.well-known/openid-configuration";
        for (block, unknown) in [
            (
                json!({"discoveryUrl": discovery, "allowedScope": ["x"]}),
                "allowedScope",
            ),
            (
                json!({"discoveryUrl": discovery, "customClaims": [{
                    "inboundTokenClaimName": "d",
                    "inboundTokenClaimValueType": "STRING",
                    "authorizingClaimMatchValue": {
                        "claimMatchOperator": "EQUALS",
                        "claimMatchValue": { "matchValueString": "e" },
                        "caseSensitive": true
                    }
                }]}),
                "caseSensitive",
            ),
            (
                json!({"discoveryUrl": discovery,
                       "allowedWorkloadConfiguration": {"workloadIdentity": ["w"]}}),
                "workloadIdentity",
            ),
            (
                json!({"discoveryUrl": discovery,
                       "privateEndpoint": {"latticeResource": {}}}),
                "latticeResource",
            ),
        ] {
            let error = serde_json::from_value::<CustomJwtAuthorizer>(block)
                .unwrap_err()
                .to_string();
            assert!(error.contains(&format!("`{unknown}`")), "{error}");
        }
    }

    #[test]
    fn advertised_scopes_map_allowed_scopes_once_each() {
        let authorizer = CustomJwtAuthorizer {
            allowed_scopes: vec!["a".into(), "b".into(), "c".into()],
            advertised_scope_mapping: [
                ("a".into(), "x".into()),
                ("b".into(), "x".into()),
                ("not-allowed".into(), "y".into()),
            ]
            .into(),
            ..Default::default()
        };
        assert_eq!(authorizer.advertised_scopes(), ["x", "c"]);
        assert!(
            CustomJwtAuthorizer::default()
                .advertised_scopes()
                .is_empty()
        );
    }

    #[test]
    fn claim_operators() {
        let equals = CustomClaim::equals("d", "eng");
        assert!(equals.is_satisfied_by(Some(&json!("eng"))));
        assert!(!equals.is_satisfied_by(Some(&json!("sales"))));
        assert!(!equals.is_satisfied_by(Some(&json!(["eng"]))));
        assert!(!equals.is_satisfied_by(None));

        let contains_any = CustomClaim {
            inbound_token_claim_name: "groups".into(),
            inbound_token_claim_value_type: ClaimValueType::StringArray,
            authorizing_claim_match_value: ClaimMatch {
                claim_match_operator: ClaimOperator::ContainsAny,
                claim_match_value: ClaimMatchValue::MatchValueStringList(vec![
                    "a".into(),
                    "b".into(),
                ]),
            },
        };
        assert!(contains_any.is_satisfied_by(Some(&json!(["x", "b"]))));
        assert!(!contains_any.is_satisfied_by(Some(&json!(["x"]))));
    }
}
