//! The server capabilities a target declared.

use serde::Serialize;
use serde_json::Value;

/// Which optional server features a target declared: `capabilities` of its
/// `InitializeResult` (spec 2024-11-05 on, basic/lifecycle, "Capability
/// Negotiation") or of its `DiscoverResult` (2026-07-28). A feature is
/// declared when its key is present with any value but `null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    pub tools: bool,
    pub resources: bool,
    pub prompts: bool,
    /// `completions` (2025-03-26 on): `completion/complete` is served.
    pub completions: bool,
    pub logging: bool,
}

impl Capabilities {
    /// Reads the `capabilities` object of an initialize or discover result.
    pub fn of(capabilities: &Value) -> Self {
        let declared = |key: &str| capabilities.get(key).is_some_and(|value| !value.is_null());
        Self {
            tools: declared("tools"),
            resources: declared("resources"),
            prompts: declared("prompts"),
            completions: declared("completions"),
            logging: declared("logging"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_key_declares_its_feature_unless_null() {
        let capabilities = Capabilities::of(&json!({
            "tools": {"listChanged": false},
            "prompts": {},
            "experimental": {},
        }));
        assert!(capabilities.tools && capabilities.prompts);
        assert!(!capabilities.resources && !capabilities.completions && !capabilities.logging);
        assert_eq!(Capabilities::of(&json!(null)), Capabilities::default());
    }
}
