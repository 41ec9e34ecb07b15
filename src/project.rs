//! The project file, `mcp-matrix.toml`: what a user tells the suite about
//! their own server. It is optional, and it only adds to what discovery
//! found; the matrix runs without it.
//!
//! ```toml
//! # Call get_forecast with these arguments instead of synthesized ones,
//! # and check what it returns.
//! [tools.get_forecast]
//! arguments = { city = "Paris", days = 2 }
//! expect = { is_error = false, text_contains = "Paris" }
//!
//! # May be called even where only tools that declare themselves safe are
//! # (live and remote targets).
//! [tools.set_alert]
//! call = true
//!
//! # Never called, no cases.
//! [tools.delete_everything]
//! exclude = true
//!
//! [prompts.forecast_summary]
//! arguments = { city = "Paris" }
//! ```
//!
//! A name the target does not have, or arguments its inputSchema rejects,
//! are errors that name the file and the entry: a typo must not silently
//! turn an example off.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use serde::Deserialize;
use serde_json::Value;

use crate::{
    arguments::CompiledSchema,
    surface::{Surface, VersionSurface},
};

/// The file's name, looked for in the working directory.
pub const FILE_NAME: &str = "mcp-matrix.toml";

/// What the user says about one tool.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolSettings {
    /// The arguments of the valid call, instead of synthesized ones.
    pub arguments: Option<serde_json::Map<String, Value>>,
    /// What the call with `arguments` returns (it needs `arguments`: what
    /// synthesized arguments give is nobody's promise).
    pub expect: Option<ExpectedResult>,
    /// May be called where only tools that declare themselves safe are.
    #[serde(default)]
    pub call: bool,
    /// Never called, and no case addresses it.
    #[serde(default)]
    pub exclude: bool,
}

/// What the user says about one prompt.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptSettings {
    /// The arguments of `prompts/get`, instead of placeholder strings.
    pub arguments: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub exclude: bool,
}

/// What a tool's example call must return. Every member given must hold.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedResult {
    /// The result's `isError` (absent counts as false).
    pub is_error: Option<bool>,
    /// Members the result's `structuredContent` must contain, recursively:
    /// an object may have more members than these, an array must have these
    /// elements in this order.
    pub structured_content: Option<Value>,
    /// Text that one of the result's text content blocks contains.
    pub text_contains: Option<String>,
    /// The call reports progress: at least one `notifications/progress`
    /// with the call's `progressToken` arrives on its stream before the
    /// result.
    #[serde(default)]
    pub progress: bool,
    /// The call asks the client with `elicitation/create` on its stream
    /// before the result, where the protocol lets a server ask: in a
    /// session of 2025-06-18 or 2025-11-25 (checked of stateful targets).
    #[serde(default)]
    pub elicitation: bool,
}

impl ExpectedResult {
    /// Every way `result` (a CallToolResult) differs from what is expected.
    pub fn unmet(&self, result: &Value) -> Vec<String> {
        let mut unmet = Vec::new();
        if let Some(expected) = self.is_error {
            let actual = result
                .get("isError")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if actual != expected {
                unmet.push(format!("isError is {actual}, expected {expected}"));
            }
        }
        if let Some(expected) = &self.structured_content {
            match result.get("structuredContent") {
                None => unmet.push("the result has no structuredContent".to_owned()),
                Some(actual) => {
                    if let Some(path) = first_difference(expected, actual, String::new()) {
                        unmet.push(format!(
                            "structuredContent differs at {}",
                            if path.is_empty() { "/" } else { &path }
                        ));
                    }
                }
            }
        }
        if let Some(text) = &self.text_contains {
            let found = result
                .get("content")
                .and_then(Value::as_array)
                .is_some_and(|blocks| {
                    blocks.iter().any(|block| {
                        block
                            .get("text")
                            .and_then(Value::as_str)
                            .is_some_and(|actual| actual.contains(text.as_str()))
                    })
                });
            if !found {
                unmet.push(format!("no text content contains {text:?}"));
            }
        }
        unmet
    }
}

/// The JSON pointer of the first place where `actual` does not contain `expected`.
fn first_difference(expected: &Value, actual: &Value, path: String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            expected.iter().find_map(|(key, value)| {
                let path = format!("{path}/{key}");
                match actual.get(key) {
                    Some(actual) => first_difference(value, actual, path),
                    None => Some(path),
                }
            })
        }
        (Value::Array(expected), Value::Array(actual)) if expected.len() == actual.len() => {
            expected
                .iter()
                .zip(actual)
                .enumerate()
                .find_map(|(index, (expected, actual))| {
                    first_difference(expected, actual, format!("{path}/{index}"))
                })
        }
        (expected, actual) if expected == actual => None,
        _ => Some(path),
    }
}

/// The project file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    #[serde(default)]
    pub tools: BTreeMap<String, ToolSettings>,
    #[serde(default)]
    pub prompts: BTreeMap<String, PromptSettings>,
    /// Where it was read from, for messages.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Why the project file cannot be used. Each is one line naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: [{table}.{name}]: the target has no {kind} named {name:?}; it has: {known}")]
    UnknownItem {
        path: String,
        table: &'static str,
        kind: &'static str,
        name: String,
        known: String,
    },
    #[error("{path}: [tools.{tool}] arguments do not match the tool's inputSchema: {violations}")]
    ExampleRejected {
        path: String,
        tool: String,
        violations: String,
    },
    #[error("{path}: [{table}.{name}]: {what}")]
    Contradiction {
        path: String,
        table: &'static str,
        name: String,
        what: &'static str,
    },
    #[error(
        "{path}: [prompts.{prompt}] arguments: the prompt declares no argument named \
         {argument:?}; it declares: {known}"
    )]
    UnknownArgument {
        path: String,
        prompt: String,
        argument: String,
        known: String,
    },
}

impl ProjectFile {
    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<Self, ProjectError> {
        let text = std::fs::read_to_string(path).map_err(|error| ProjectError::Read {
            path: path.display().to_string(),
            reason: error.to_string(),
        })?;
        let mut file = Self::parse(&text, &path.display().to_string())?;
        file.path = Some(path.to_owned());
        Ok(file)
    }

    /// `mcp-matrix.toml` in `directory`, if there is one.
    pub fn find_in(directory: &Path) -> Result<Option<Self>, ProjectError> {
        let path = directory.join(FILE_NAME);
        if path.is_file() {
            Self::load(&path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Parses the text of a project file; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, ProjectError> {
        let file: Self = toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((1, 1));
            ProjectError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: error.message().trim().replace('\n', " "),
            }
        })?;
        let contradiction = |table, name: &String, what| ProjectError::Contradiction {
            path: path.to_owned(),
            table,
            name: name.clone(),
            what,
        };
        for (name, tool) in &file.tools {
            if tool.exclude && (tool.call || tool.arguments.is_some() || tool.expect.is_some()) {
                return Err(contradiction(
                    "tools",
                    name,
                    "`exclude = true` leaves the tool out, so `call`, `arguments` and `expect` \
                     would never apply",
                ));
            }
            if tool.expect.is_some() && tool.arguments.is_none() {
                return Err(contradiction(
                    "tools",
                    name,
                    "`expect` checks the call with your `arguments`; give them (what \
                     synthesized arguments return is nobody's promise)",
                ));
            }
        }
        for (name, prompt) in &file.prompts {
            if prompt.exclude && prompt.arguments.is_some() {
                return Err(contradiction(
                    "prompts",
                    name,
                    "`exclude = true` leaves the prompt out, so `arguments` would never apply",
                ));
            }
        }
        Ok(file)
    }

    fn shown_path(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(|| FILE_NAME.to_owned(), |path| path.display().to_string())
    }

    /// Checks the file against what the target declared: every tool and
    /// prompt it names exists, every example satisfies its tool's inputSchema
    /// in every version that lists the tool, and every prompt argument given
    /// is one the prompt declares.
    ///
    /// What the target itself got wrong is not the file's error: when no
    /// version's list could be read, or a tool's inputSchema is not a schema,
    /// the file cannot be checked there, and the returned notes say so (the
    /// run goes on, and reports the target's problem).
    pub fn check(&self, surface: &Surface) -> Result<Vec<String>, ProjectError> {
        let path = self.shown_path();
        let mut notes = Vec::new();
        let tools = surface.tool_names();
        let prompts = surface.prompt_names();
        let unknown = |table, kind, name: &str, known: &BTreeSet<&str>| ProjectError::UnknownItem {
            path: path.clone(),
            table,
            kind,
            name: name.to_owned(),
            known: if known.is_empty() {
                "none".to_owned()
            } else {
                known.iter().copied().collect::<Vec<_>>().join(", ")
            },
        };
        // A list is known when some version read it from its first page on.
        let read = |listing: fn(&VersionSurface) -> (u32, bool)| {
            surface.versions.values().any(|declared| {
                let (pages, refused) = listing(declared);
                pages > 0 && !refused
            })
        };
        let tools_read = read(|d| (d.tools.pages, d.tools.refused_first_page));
        let prompts_read = read(|d| (d.prompts.pages, d.prompts.refused_first_page));
        for name in self.tools.keys() {
            if tools.contains(name.as_str()) {
                continue;
            }
            if tools_read {
                return Err(unknown("tools", "tool", name, &tools));
            }
            notes.push(format!(
                "{path}: [tools.{name}] is not checked: the target's tools/list could not be read"
            ));
        }
        for (name, settings) in &self.prompts {
            if !prompts.contains(name.as_str()) {
                if prompts_read {
                    return Err(unknown("prompts", "prompt", name, &prompts));
                }
                notes.push(format!(
                    "{path}: [prompts.{name}] is not checked: the target's prompts/list could \
                     not be read"
                ));
                continue;
            }
            let declared: BTreeSet<&str> = surface
                .versions
                .values()
                .flat_map(|version| version.prompts.items.iter())
                .filter(|prompt| &prompt.name == name)
                .flat_map(|prompt| prompt.arguments.iter().map(|a| a.name.as_str()))
                .collect();
            for argument in settings.arguments.iter().flat_map(BTreeMap::keys) {
                if !declared.contains(argument.as_str()) {
                    return Err(ProjectError::UnknownArgument {
                        path: path.clone(),
                        prompt: name.clone(),
                        argument: argument.clone(),
                        known: if declared.is_empty() {
                            "none".to_owned()
                        } else {
                            declared.iter().copied().collect::<Vec<_>>().join(", ")
                        },
                    });
                }
            }
        }
        for (name, settings) in &self.tools {
            let Some(arguments) = &settings.arguments else {
                continue;
            };
            let arguments = Value::Object(arguments.clone());
            let declared = surface
                .versions
                .values()
                .flat_map(|version| version.tools.items.iter())
                .filter(|tool| &tool.name == name);
            for tool in declared {
                let schema = match CompiledSchema::new(&tool.input_schema) {
                    Ok(schema) => schema,
                    Err(error) => {
                        notes.push(format!(
                            "{path}: [tools.{name}] arguments are not checked: the tool's \
                             inputSchema is not a JSON Schema ({error})"
                        ));
                        continue;
                    }
                };
                let violations = schema.violations(&arguments);
                if !violations.is_empty() {
                    return Err(ProjectError::ExampleRejected {
                        path: path.clone(),
                        tool: name.clone(),
                        violations: violations.join("; "),
                    });
                }
            }
        }
        notes.dedup();
        Ok(notes)
    }

    pub fn tool(&self, name: &str) -> Option<&ToolSettings> {
        self.tools.get(name)
    }

    pub fn prompt(&self, name: &str) -> Option<&PromptSettings> {
        self.prompts.get(name)
    }
}

/// The 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_full_file_parses() {
        let file = ProjectFile::parse(
            r#"
[tools.get_forecast]
arguments = { city = "Paris", days = 2 }
expect = { is_error = false, text_contains = "Paris", structured_content = { city = "Paris" } }

[tools.set_alert]
call = true

[tools.delete_everything]
exclude = true

[prompts.forecast_summary]
arguments = { city = "Paris" }
"#,
            "mcp-matrix.toml",
        )
        .expect("a valid file");
        let forecast = file.tool("get_forecast").expect("get_forecast");
        assert_eq!(
            Value::Object(forecast.arguments.clone().expect("arguments")),
            json!({"city": "Paris", "days": 2})
        );
        assert!(
            file.tool("set_alert")
                .is_some_and(|tool| tool.call && !tool.exclude)
        );
        assert!(
            file.tool("delete_everything")
                .is_some_and(|tool| tool.exclude)
        );
        assert_eq!(
            file.prompt("forecast_summary")
                .and_then(|prompt| prompt.arguments.as_ref())
                .and_then(|arguments| arguments.get("city"))
                .map(String::as_str),
            Some("Paris")
        );
    }

    #[test]
    fn syntax_errors_and_unknown_keys_are_one_line_with_the_position() {
        for (text, wanted) in [
            (
                "[tools.x]\nargumnts = {}\n",
                "mcp-matrix.toml:2:1: unknown field `argumnts`",
            ),
            ("[tools.x\n", "mcp-matrix.toml:1:"),
            ("[tools.x]\ncall = \"yes\"\n", "mcp-matrix.toml:2:8:"),
        ] {
            let error = ProjectFile::parse(text, "mcp-matrix.toml")
                .expect_err("an invalid file")
                .to_string();
            assert!(error.starts_with(wanted), "{error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn contradictions_are_one_line_naming_the_entry() {
        for (text, wanted) in [
            (
                "[tools.x]\nexclude = true\ncall = true\n",
                "mcp-matrix.toml: [tools.x]: `exclude = true` leaves the tool out",
            ),
            (
                "[tools.x]\nexpect = { is_error = false }\n",
                "mcp-matrix.toml: [tools.x]: `expect` checks the call with your `arguments`",
            ),
            (
                "[prompts.p]\nexclude = true\narguments = { city = \"Paris\" }\n",
                "mcp-matrix.toml: [prompts.p]: `exclude = true` leaves the prompt out",
            ),
        ] {
            let error = ProjectFile::parse(text, "mcp-matrix.toml")
                .expect_err("a contradiction")
                .to_string();
            assert!(error.starts_with(wanted), "{error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn expectations_name_what_differs() {
        let expected = ExpectedResult {
            is_error: Some(false),
            structured_content: Some(json!({"valid": false, "findings": [{"rule": "length"}]})),
            text_contains: Some("length".to_owned()),
            ..ExpectedResult::default()
        };
        let result = json!({
            "content": [{"type": "text", "text": "too long: length 19"}],
            "structuredContent": {"valid": false, "findings": [{"rule": "length", "message": "x"}]},
        });
        assert!(
            expected.unmet(&result).is_empty(),
            "{:?}",
            expected.unmet(&result)
        );
        let wrong = json!({
            "isError": true,
            "content": [],
            "structuredContent": {"valid": true, "findings": [{"rule": "length"}]},
        });
        assert_eq!(
            expected.unmet(&wrong),
            [
                "isError is true, expected false",
                "structuredContent differs at /valid",
                "no text content contains \"length\"",
            ]
        );
    }
}
