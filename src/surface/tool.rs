//! A tool, as the target lists it.

use serde::Serialize;
use serde_json::Value;

/// The behaviour hints of a tool (spec 2025-03-26 on, server/tools, "Tool
/// annotations"). Absent hints take the specification's defaults:
/// `readOnlyHint` false and `destructiveHint` true.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ToolAnnotations {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destructive: Option<bool>,
}

impl ToolAnnotations {
    fn of(annotations: Option<&Value>) -> Self {
        let hint = |key: &str| {
            annotations
                .and_then(|a| a.get(key))
                .and_then(Value::as_bool)
        };
        Self {
            read_only: hint("readOnlyHint"),
            destructive: hint("destructiveHint"),
        }
    }

    /// Whether the tool says it changes nothing, or nothing irreversibly:
    /// `readOnlyHint: true`, or `destructiveHint: false`. Hints are only
    /// hints (the specification says so), which is why a live run calls no
    /// other tool unless told to.
    pub fn declares_safe(self) -> bool {
        self.read_only == Some(true) || self.destructive == Some(false)
    }
}

/// A tool of the target: its name, the schema of its arguments and, when it
/// declared one, the schema of its structured result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    pub name: String,
    #[serde(rename = "inputSchema")]
    pub input_schema: Value,
    /// `outputSchema` (spec 2025-06-18 on, server/tools, "Output Schema").
    #[serde(rename = "outputSchema", skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<Value>,
    #[serde(skip_serializing_if = "is_default")]
    pub annotations: ToolAnnotations,
}

fn is_default(annotations: &ToolAnnotations) -> bool {
    *annotations == ToolAnnotations::default()
}

impl Tool {
    /// Reads one entry of a `tools/list` result; `None` without a string
    /// `name` (the list case's type check reports such an entry).
    pub fn from_listing(entry: &Value) -> Option<Self> {
        Some(Self {
            name: entry.get("name")?.as_str()?.to_owned(),
            input_schema: entry.get("inputSchema").cloned().unwrap_or(Value::Null),
            output_schema: entry.get("outputSchema").filter(|s| !s.is_null()).cloned(),
            annotations: ToolAnnotations::of(entry.get("annotations")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_listed_tool_with_the_specifications_defaults() {
        let tool = Tool::from_listing(&json!({
            "name": "get_forecast",
            "inputSchema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }))
        .expect("a tool");
        assert_eq!(tool.name, "get_forecast");
        assert!(tool.output_schema.is_none());
        assert!(
            !tool.annotations.declares_safe(),
            "destructiveHint defaults to true"
        );
        assert!(Tool::from_listing(&json!({"inputSchema": {}})).is_none());
    }

    #[test]
    fn read_only_or_not_destructive_is_safe() {
        let safe = |annotations: Value| {
            Tool::from_listing(&json!({"name": "t", "inputSchema": {}, "annotations": annotations}))
                .is_some_and(|tool| tool.annotations.declares_safe())
        };
        assert!(safe(json!({"readOnlyHint": true})));
        assert!(safe(json!({"destructiveHint": false})));
        assert!(!safe(
            json!({"readOnlyHint": false, "destructiveHint": true})
        ));
        assert!(!safe(json!({"idempotentHint": true})));
    }
}
