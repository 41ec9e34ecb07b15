//! The result types of each protocol version (placeholder until the type
//! check lands).

use serde_json::Value;

use crate::protocol::ProtocolVersion;

/// The schema's name for the result of `method` in `version`.
pub fn result_type(_version: ProtocolVersion, _method: &str) -> Option<&'static str> {
    None
}

/// Every way `result` breaks its type.
pub fn violations(_version: ProtocolVersion, _method: &str, _result: &Value) -> Vec<String> {
    Vec::new()
}
