//! The result types of each protocol version, checked member by member.
//!
//! A server's JSON-RPC `result` must be the type the specification's schema gives the result
//! of the request's method. This module knows those types for the methods the suite sends and
//! reports every way a result breaks one: a required member that is missing, a member of the
//! wrong JSON type, a content block whose `type` is unknown or that lacks its members, a value
//! outside an enumeration (`Role`, `cacheScope`, ...).
//!
//! The checks are derived by hand from the TypeScript source of truth, the file
//! `schema/<version>/schema.ts` of the specification repository
//! (modelcontextprotocol/modelcontextprotocol, read at commit b0f60ba of 2026-08-22), and
//! written as small JSON Schemas of our own, built by the functions below. Parts are shared across versions, and every difference between versions is
//! spelled out in code. Each function names the `schema.ts` interface it stands for.
//!
//! This is a MUST check, so where the specification leaves room it stays silent:
//! - Only presence, JSON types, enumerations and `const` tags are checked: never string formats
//!   (`uri`, `byte`, `date-time`), numeric bounds (except `ttlMs >= 0`) or array lengths (such
//!   as the limit of 100 completion values).
//! - Every object is open: members a type does not name are allowed, with any value.
//! - An optional member may be absent, and `null` in an optional member is taken as absent.
//!   TypeScript's `?:` does not allow `null`, but servers do write absent members as `null`.
//!   `null` is flagged where a member is required and as an element of an array or a value of
//!   a map.
//! - TypeScript's `number` is checked as any JSON number (`size`, `total`, `priority`, ...):
//!   the TypeScript does not say integer. `ttlMs` is checked as an integer.
//! - Inside a tool's `inputSchema` and `outputSchema`, a boolean subschema (`true`) is allowed
//!   where the TypeScript says `object`: the prose says these are JSON Schemas, and JSON Schema
//!   allows it.

mod schemas;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;

use crate::protocol::ProtocolVersion::{self, V2025_11_25};

use schemas::{Rev, schema_of};

/// The schema's name for the result of `method` in `version` (e.g. "CallToolResult"), or None
/// when the suite does not type-check that method's result.
///
/// - `initialize` and `ping` exist up to 2025-11-25; 2026-07-28 has neither (its `ClientRequest`
///   union has no `InitializeRequest` or `PingRequest`), so a 2026-07-28 answer to `initialize`
///   is to be judged by the version the server negotiated in it.
/// - `server/discover` exists only from 2026-07-28 on.
pub fn result_type(version: ProtocolVersion, method: &str) -> Option<&'static str> {
    let rev = Rev::of(version);
    Some(match method {
        "initialize" if !rev.modern() => "InitializeResult",
        "ping" if !rev.modern() => "EmptyResult",
        "tools/list" => "ListToolsResult",
        "tools/call" => "CallToolResult",
        "resources/list" => "ListResourcesResult",
        "resources/templates/list" => "ListResourceTemplatesResult",
        "resources/read" => "ReadResourceResult",
        "prompts/list" => "ListPromptsResult",
        "prompts/get" => "GetPromptResult",
        "completion/complete" => "CompleteResult",
        "server/discover" if rev.modern() => "DiscoverResult",
        _ => return None,
    })
}

/// Every way `result` breaks that type: one line each, naming the place, e.g. "at /content/0:
/// missing required member `text` of TextContent", "at /tools/1/inputSchema/type: must be
/// \"object\"". Empty when it conforms (or when result_type is None).
///
/// The lines come in document order. Where a method may answer with another result type, the
/// result itself says which, and is judged as that:
/// - 2026-07-28: `tools/call`, `resources/read` and `prompts/get` answer with
///   `CallToolResult | InputRequiredResult` (`CallToolResultResponse`; likewise
///   `ReadResourceResultResponse` and `GetPromptResultResponse`). A result whose `resultType` is
///   `"input_required"` is judged as `InputRequiredResult`, one with any other string but
///   `"complete"` (`ResultType` is open) only as a `Result`.
/// - 2025-11-25: a task-augmented `tools/call` answers with `CreateTaskResult`. A result with
///   `task` and without `content` is judged as that.
pub fn violations(version: ProtocolVersion, method: &str, result: &Value) -> Vec<String> {
    let Some(type_name) = result_type(version, method) else {
        return Vec::new();
    };
    let judged_as = alternative(version, type_name, result).unwrap_or(type_name);
    let compiled = compiled(version, judged_as);
    let mut found: Vec<(Vec<Segment>, String)> = compiled
        .validator
        .iter_errors(result)
        .map(|error| {
            let place = error
                .instance_path()
                .as_str()
                .split('/')
                .skip(1)
                .map(Segment::of)
                .collect();
            (place, describe(&compiled.schema, &error))
        })
        .collect();
    // In document order (a member before its members, item 2 before item 10), each once.
    found.sort();
    found.dedup();
    found.into_iter().map(|(_, line)| line).collect()
}

/// One step of an instance path, ordered as a person reads a document.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    Index(usize),
    Member(String),
}

impl Segment {
    fn of(token: &str) -> Self {
        token
            .parse()
            .map_or_else(|_| Self::Member(token.to_owned()), Self::Index)
    }
}

/// The other result type `result` claims to be, where the method allows one.
fn alternative(version: ProtocolVersion, type_name: &str, result: &Value) -> Option<&'static str> {
    let rev = Rev::of(version);
    if rev.modern()
        && matches!(
            type_name,
            "CallToolResult" | "ReadResourceResult" | "GetPromptResult"
        )
    {
        return match result.get("resultType").and_then(Value::as_str) {
            Some("complete") | None => None,
            Some("input_required") => Some("InputRequiredResult"),
            Some(_) => Some("Result"),
        };
    }
    if rev.is(V2025_11_25)
        && type_name == "CallToolResult"
        && result.get("task").is_some()
        && result.get("content").is_none()
    {
        return Some("CreateTaskResult");
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Compiling, caching and reporting
// ---------------------------------------------------------------------------------------------

/// A schema of ours and its validator.
struct Compiled {
    schema: Value,
    validator: Validator,
}

/// Compiled schemas by (version, type name).
type Cache = HashMap<(&'static str, &'static str), Arc<Compiled>>;

/// Every schema compiled so far: each is built on first use, once.
static COMPILED: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn compiled(version: ProtocolVersion, type_name: &'static str) -> Arc<Compiled> {
    let key = (version.as_str(), type_name);
    let mut cache = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(cache.entry(key).or_insert_with(|| {
        let schema = schema_of(Rev::of(version), type_name);
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .offline()
            .build(&schema)
            .unwrap_or_else(|e| panic!("our schema of {type_name} {version:?} is invalid: {e}"));
        Arc::new(Compiled { schema, validator })
    }))
}

/// One line for `error`: where in the result, and what is wrong there.
fn describe(schema: &Value, error: &ValidationError<'_>) -> String {
    let at = match error.instance_path().as_str() {
        "" => "/".to_owned(),
        pointer => pointer.to_owned(),
    };
    let instance = error.instance().as_ref();
    match error.kind() {
        ValidationErrorKind::Required { property } => format!(
            "at {at}: missing required member `{}` of {}",
            property.as_str().unwrap_or_default(),
            type_at(schema, error.schema_path().as_str())
        ),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(one) => article(one.as_str()),
                TypeKind::Multiple(many) => many
                    .iter()
                    .map(|one| article(one.as_str()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("at {at}: must be {expected}, found {}", kind_of(instance))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!(
                "at {at}: must be {expected_value}, found {}",
                shown(instance)
            )
        }
        ValidationErrorKind::Enum { options } => {
            let options = match options.as_ref() {
                Value::Array(options) => options
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            format!(
                "at {at}: must be one of {options}, found {}",
                shown(instance)
            )
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("at {at}: must be >= {limit}, found {}", shown(instance))
        }
        ValidationErrorKind::AnyOf { .. } => {
            let members = either_members(schema, error.schema_path().as_str());
            if members.is_empty() {
                format!("at {at}: {}", error.to_string().replace('\n', " "))
            } else {
                format!(
                    "at {at}: missing required member {} of {}",
                    members.join(" or "),
                    type_at(schema, error.schema_path().as_str())
                )
            }
        }
        _ => format!("at {at}: {}", error.to_string().replace('\n', " ")),
    }
}

/// The name of the type whose schema holds the keyword at `keyword_location`: the innermost
/// `title` on the way there.
fn type_at(schema: &Value, keyword_location: &str) -> String {
    let mut title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("the result");
    let mut node = schema;
    for token in keyword_location.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        if let Some(inner) = node.get("title").and_then(Value::as_str) {
            title = inner;
        }
    }
    title.to_owned()
}

/// For an `anyOf` whose branches each only require one member: those members, quoted.
fn either_members(schema: &Value, keyword_location: &str) -> Vec<String> {
    let Some(Value::Array(branches)) = schema.pointer(keyword_location) else {
        return Vec::new();
    };
    let mut members = Vec::new();
    for branch in branches {
        let Some(map) = branch.as_object() else {
            return Vec::new();
        };
        match map
            .get("required")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([Value::String(one)]) if map.len() == 1 => members.push(format!("`{one}`")),
            _ => return Vec::new(),
        }
    }
    members
}

fn article(json_type: &str) -> String {
    match json_type {
        "null" => "null".to_owned(),
        "integer" | "object" | "array" => format!("an {json_type}"),
        _ => format!("a {json_type}"),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A scalar as JSON (a long string cut short); an array or object by its kind.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) if text.chars().count() > 40 => {
            let cut: String = text.chars().take(40).collect();
            format!("{}…", Value::String(cut))
        }
        Value::Array(_) | Value::Object(_) => kind_of(value).to_owned(),
        scalar => scalar.to_string(),
    }
}
