//! How a runtime's callers are authorized: the `authorizerConfiguration`
//! of the AgentCore control plane's `CreateAgentRuntime` (botocore model
//! `bedrock-agentcore-control/2023-06-05`), so the authorizer block of a real
//! runtime (or of a project file) deserialises into it. The local front door
//! enforces it, and `auth::inspect` reads a token against it.

use std::time::Duration;

use serde::Deserialize;

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
#[serde(rename_all = "camelCase")]
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
    #[serde(default)]
    pub custom_claims: Vec<CustomClaim>,
}

/// One `customClaims` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
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
