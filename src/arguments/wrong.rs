//! Values of a JSON type a property does not allow, for [`InputSchema::with_wrong_type`].

use serde_json::{Value, json};

use super::InputSchema;
use super::synth::{self, Part};

// JSON types as bits (JSON Schema 2020-12 §6.1.1; "number" is integer or fraction).
const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const INTEGER: u8 = 4;
const FRACTION: u8 = 8;
const STRING: u8 = 16;
const ARRAY: u8 = 32;
const OBJECT: u8 = 64;
const ANY: u8 = 127;
/// How far `$ref`s are followed when working out a property's types.
const MAX_DEPTH: usize = 32;

/// `(property, wrong value)` pairs in the order to try: required properties first, then the
/// other declared ones; for each, a non-JSON non-numeric string, then `12345`, an object and an
/// array, keeping only those whose JSON type the property's schema excludes. Untyped
/// properties (any type allowed) give none.
pub(super) fn candidates(schema: &InputSchema, root: &[Part<'_>]) -> Vec<(String, Value)> {
    let mut names = synth::required(root);
    for name in root
        .iter()
        .filter_map(|p| p.schema.get("properties")?.as_object())
        .flat_map(|m| m.keys())
    {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let mut out = Vec::new();
    for name in names {
        let Ok(conj) = synth::property(schema, root, &name) else {
            continue;
        };
        let allowed = conj
            .iter()
            .fold(ANY, |acc, p| acc & allowed(schema, p.schema, 0));
        if allowed == ANY {
            continue;
        }
        let mut values = vec![
            json!("mcp-matrix: not a number"),
            json!(12345),
            json!({"mcp-matrix": "wrong type"}),
            json!(["mcp-matrix"]),
        ];
        // pydantic reads numbers as Unix timestamps or seconds for datetime/time/timedelta.
        if conj.iter().any(|p| temporal(schema, p.schema, 0)) {
            values.swap(1, 2);
        }
        out.extend(
            values
                .into_iter()
                .filter(|v| allowed & kind(v) == 0)
                .map(|v| (name.clone(), v)),
        );
    }
    out
}

/// The JSON types `s` admits: `type`, `const` and `enum` narrow it; `$ref` and `allOf`
/// intersect; `anyOf`/`oneOf` unite their branches.
fn allowed(schema: &InputSchema, s: &Value, depth: usize) -> u8 {
    let Some(o) = s.as_object() else {
        return if s == &Value::Bool(false) { 0 } else { ANY };
    };
    if depth > MAX_DEPTH {
        return ANY;
    }
    let mut acc = ANY;
    if let Some(t) = o.get("type") {
        let names: Vec<&Value> = t.as_array().map_or_else(|| vec![t], |a| a.iter().collect());
        acc &= names
            .into_iter()
            .filter_map(Value::as_str)
            .fold(0, |a, n| a | type_bits(n));
    }
    if let Some(c) = o.get("const") {
        acc &= kind(c);
    }
    if let Some(values) = o.get("enum").and_then(Value::as_array) {
        acc &= values.iter().fold(0, |a, v| a | kind(v));
    }
    if let Some((target, _)) = o
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| schema.resolve(r).ok())
    {
        acc &= allowed(schema, target, depth + 1);
    }
    for branch in o
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        acc &= allowed(schema, branch, depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = o.get(key).and_then(Value::as_array) {
            acc &= branches
                .iter()
                .fold(0, |a, b| a | allowed(schema, b, depth + 1));
        }
    }
    acc
}

/// Whether `s` (through `$ref` and composition) has a `format` that pydantic fills from numbers.
fn temporal(schema: &InputSchema, s: &Value, depth: usize) -> bool {
    let Some(o) = s.as_object().filter(|_| depth <= MAX_DEPTH) else {
        return false;
    };
    matches!(
        o.get("format").and_then(Value::as_str),
        Some("date-time" | "date" | "time" | "duration")
    ) || o
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| schema.resolve(r).ok())
        .is_some_and(|(target, _)| temporal(schema, target, depth + 1))
        || ["allOf", "anyOf", "oneOf"]
            .iter()
            .filter_map(|k| o.get(*k)?.as_array())
            .flatten()
            .any(|b| temporal(schema, b, depth + 1))
}

fn type_bits(name: &str) -> u8 {
    match name {
        "null" => NULL,
        "boolean" => BOOLEAN,
        "integer" => INTEGER,
        "number" => INTEGER | FRACTION,
        "string" => STRING,
        "array" => ARRAY,
        "object" => OBJECT,
        _ => 0,
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => INTEGER,
        Value::Number(_) => FRACTION,
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}
