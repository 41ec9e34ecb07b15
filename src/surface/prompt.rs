//! Prompts, as the target lists them.

use serde::Serialize;
use serde_json::Value;

/// One argument of a prompt (spec 2024-11-05 on, server/prompts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PromptArgument {
    pub name: String,
    pub required: bool,
}

/// A prompt of the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<PromptArgument>,
}

impl Prompt {
    /// Reads one entry of a `prompts/list` result; `None` without a string `name`.
    pub fn from_listing(entry: &Value) -> Option<Self> {
        let arguments = entry
            .get("arguments")
            .and_then(Value::as_array)
            .map(|arguments| {
                arguments
                    .iter()
                    .filter_map(|argument| {
                        Some(PromptArgument {
                            name: argument.get("name")?.as_str()?.to_owned(),
                            required: argument.get("required") == Some(&Value::Bool(true)),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            name: entry.get("name")?.as_str()?.to_owned(),
            arguments,
        })
    }

    /// The first required argument, which a case leaves out.
    pub fn first_required(&self) -> Option<&PromptArgument> {
        self.arguments.iter().find(|argument| argument.required)
    }
}
