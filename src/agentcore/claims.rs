//! How AgentCore's inbound JWT authorizer reads the claims it checks, read
//! one way for the front door (which enforces the checks) and for
//! `auth::inspect` (which explains them).
//!
//! `allowedClients` is checked against `client_id`, `allowedAudience`
//! against `aud` and `allowedScopes` against the token's scopes (AgentCore
//! developer guide, *Configure inbound JWT authorizer*).

use serde_json::{Map, Value};

/// A token's payload.
pub type Claims = Map<String, Value>;

/// The `client_id` claim, which Cognito puts in access tokens only.
pub fn client_id(claims: &Claims) -> Option<&str> {
    claims.get("client_id").and_then(Value::as_str)
}

/// The `aud` claim: a string or an array of strings (RFC 7519 §4.1.3).
pub fn audiences(claims: &Claims) -> Vec<&str> {
    match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The token's scopes: `scope`, space-separated (RFC 8693 §4.2), else
/// `scp`, as an array or space-separated.
pub fn scopes(claims: &Claims) -> Vec<&str> {
    match (claims.get("scope"), claims.get("scp")) {
        (Some(Value::String(scope)), _) => scope.split_whitespace().collect(),
        (_, Some(Value::Array(scp))) => scp.iter().filter_map(Value::as_str).collect(),
        (_, Some(Value::String(scp))) => scp.split_whitespace().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(value: Value) -> Claims {
        match value {
            Value::Object(map) => map,
            other => panic!("claims are an object, not {other}"),
        }
    }

    #[test]
    fn aud_is_a_string_or_an_array() {
        assert_eq!(audiences(&claims(json!({"aud": "a"}))), ["a"]);
        assert_eq!(
            audiences(&claims(json!({"aud": ["a", 1, "b"]}))),
            ["a", "b"]
        );
        assert!(audiences(&claims(json!({"aud": 7}))).is_empty());
        assert!(audiences(&claims(json!({}))).is_empty());
    }

    #[test]
    fn scope_comes_before_scp() {
        let both = claims(json!({"scope": "x/read  x/write", "scp": ["other"]}));
        assert_eq!(scopes(&both), ["x/read", "x/write"]);
        assert_eq!(scopes(&claims(json!({"scp": ["a", "b"]}))), ["a", "b"]);
        assert_eq!(scopes(&claims(json!({"scp": "a b"}))), ["a", "b"]);
        assert!(scopes(&claims(json!({"scope": 3}))).is_empty());
    }

    #[test]
    fn client_id_must_be_a_string() {
        assert_eq!(client_id(&claims(json!({"client_id": "c"}))), Some("c"));
        assert_eq!(client_id(&claims(json!({"client_id": ["c"]}))), None);
    }
}
