//! Random schemas in draft-04, draft-07 and 2020-12 dress: consistent bounds, enums, nested
//! objects and arrays, `$defs`/`definitions` refs with JSON-pointer escapes (bare, in `allOf`,
//! or in `anyOf` with null), nullable type arrays. Synthesis must produce a value the validator
//! accepts, or fail only on a pattern no candidate can match; the broken variants must be
//! rejected.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{InputSchema, Reason};

#[derive(Clone, Copy, Debug)]
enum Draft {
    Four,
    Seven,
    Latest,
}

const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "^[A-Z]{3}-\\d+$",
    "^\\d{4}-\\d{2}-\\d{2}$",
    "^(foo|bar)_\\w{2,}$",
    "^#[0-9a-fA-F]{6}$",
    "^\\+?[1-9]\\d{1,14}$",
    "[0-9]",
];
/// Patterns nothing matches: the one documented way synthesis may fail.
const UNSATISFIABLE: &[&str] = &["^x(?=y)$", "^a\\bb$"];
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "email",
    "uri",
    "uuid",
    "ipv4",
    "ipv6",
    "hostname",
];
const NAMES: &[&str] = &["city", "days", "with space", "x/y", "t~l", "n"];
/// Definition names and how a `$ref` spells them (RFC 6901 escapes, percent-encoding).
const DEFS: &[(&str, &str)] = &[
    ("Model", "Model"),
    ("a/b", "a~1b"),
    ("c~d", "c~0d"),
    ("e f", "e%20f"),
];

fn string() -> BoxedStrategy<Value> {
    prop_oneof![
        (0usize..6, proptest::option::of(0usize..10)).prop_map(|(min, extra)| {
            let mut s = json!({"type": "string", "minLength": min});
            if let Some(extra) = extra {
                s["maxLength"] = json!(min + extra);
            }
            s
        }),
        prop::sample::select(FORMATS).prop_map(|f| json!({"type": "string", "format": f})),
        prop::sample::select(PATTERNS).prop_map(|p| json!({"type": "string", "pattern": p})),
        prop::sample::select(UNSATISFIABLE).prop_map(|p| json!({"type": "string", "pattern": p})),
    ]
    .boxed()
}

/// Bounds that always leave a multiple of `multipleOf` in range: `hi = lo + width + step`.
fn numeric(draft: Draft, integer: bool) -> BoxedStrategy<Value> {
    let steps: &'static [f64] = if integer {
        &[1.0, 2.0, 3.0, 5.0]
    } else {
        &[0.25, 0.5, 2.5]
    };
    (
        -200i32..200,
        0i32..200,
        proptest::option::of(prop::sample::select(steps)),
        0u8..4,
    )
        .prop_map(move |(lo, width, step, shape)| {
            let scale = if integer { 1.0 } else { 0.25 };
            let (lo, hi) = (
                f64::from(lo) * scale,
                f64::from(lo + width) * scale + step.unwrap_or(0.0),
            );
            let num = |x: f64| if integer { json!(x as i64) } else { json!(x) };
            let mut s = json!({"type": if integer { "integer" } else { "number" }});
            match (shape, draft) {
                (0, _) => (s["minimum"], s["maximum"]) = (num(lo), num(hi)),
                (1, Draft::Four) => {
                    (s["minimum"], s["maximum"]) = (num(lo - 1.0), num(hi + 1.0));
                    (s["exclusiveMinimum"], s["exclusiveMaximum"]) = (json!(true), json!(true));
                }
                (1, _) => {
                    (s["exclusiveMinimum"], s["exclusiveMaximum"]) = (num(lo - 1.0), num(hi + 1.0))
                }
                (2, _) => s["minimum"] = num(lo),
                _ => s["maximum"] = num(hi),
            }
            if let Some(step) = step {
                s["multipleOf"] = num(step);
            }
            s
        })
        .boxed()
}

fn leaf(draft: Draft) -> BoxedStrategy<Value> {
    prop_oneof![
        string(),
        numeric(draft, true),
        numeric(draft, false),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        Just(json!({})),
        prop::sample::subsequence(vec![json!("a"), json!("b"), json!(3)], 1..3)
            .prop_map(|values| json!({"enum": values})),
    ]
    .boxed()
}

fn object(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        prop::collection::btree_map(prop::sample::select(NAMES), (inner, any::<bool>()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(props, closed)| {
            let required: Vec<&str> = props
                .iter()
                .filter(|(_, (_, r))| *r)
                .map(|(n, _)| *n)
                .collect();
            let properties: Map<String, Value> = props
                .iter()
                .map(|(n, (s, _))| (n.to_string(), s.clone()))
                .collect();
            let mut s = json!({"type": "object", "properties": properties});
            // Draft-04's meta-schema wants a non-empty `required`.
            if !required.is_empty() {
                s["required"] = json!(required);
            }
            if closed {
                s["additionalProperties"] = json!(false);
            }
            s
        })
        .boxed()
}

fn schema(draft: Draft) -> BoxedStrategy<Value> {
    leaf(draft)
        .prop_recursive(3, 24, 4, move |inner| {
            let unique_items = prop_oneof![Just(json!({"type": "string"})), Just(json!({"type": "integer", "minimum": 0}))];
            prop_oneof![
                object(inner.clone()),
                (inner.clone(), 0usize..3, proptest::option::of(0usize..3)).prop_map(|(items, min, extra)| {
                    let mut s = json!({"type": "array", "items": items, "minItems": min});
                    if let Some(extra) = extra {
                        s["maxItems"] = json!(min + extra);
                    }
                    s
                }),
                (unique_items, 0usize..5).prop_map(|(items, min)| json!({"type": "array", "items": items, "minItems": min, "uniqueItems": true})),
                inner.clone().prop_map(|s| json!({"anyOf": [s, {"type": "null"}]})),
                inner.prop_map(|mut s| {
                    if let Some(t) = s.get("type").and_then(Value::as_str).filter(|t| *t != "null") {
                        s["type"] = json!([t, "null"]);
                    }
                    s
                }),
            ]
        })
        .boxed()
}

/// A tool `inputSchema`: an object whose properties are inline schemas or refs (bare or in an
/// `anyOf` with null) into the draft's definitions container.
fn input_schema() -> impl Strategy<Value = Value> {
    prop_oneof![Just(Draft::Four), Just(Draft::Seven), Just(Draft::Latest)].prop_flat_map(|draft| {
        let property = prop_oneof![
            2 => schema(draft).prop_map(Ok),
            1 => (0..DEFS.len(), 0u8..3).prop_map(Err),
        ];
        (
            prop::collection::vec(schema(draft), DEFS.len()),
            prop::collection::btree_map(
                prop::sample::select(NAMES),
                (property, any::<bool>()),
                0..5,
            ),
        )
            .prop_map(move |(defs, props)| {
                let container = if matches!(draft, Draft::Latest) {
                    "$defs"
                } else {
                    "definitions"
                };
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (name, (property, is_required)) in props {
                    let value = match property {
                        Ok(inline) => inline,
                        Err((i, shape)) => {
                            let reference = json!({"$ref": format!("#/{container}/{}", DEFS[i].1)});
                            match shape {
                                0 => reference,
                                1 => json!({"anyOf": [reference, {"type": "null"}]}),
                                _ => json!({"allOf": [reference], "description": "older pydantic"}),
                            }
                        }
                    };
                    properties.insert(name.to_string(), value);
                    if is_required {
                        required.push(name);
                    }
                }
                let definitions: Map<String, Value> =
                    DEFS.iter().map(|(n, _)| n.to_string()).zip(defs).collect();
                let mut root =
                    json!({"type": "object", "properties": properties, container: definitions});
                if !required.is_empty() {
                    root["required"] = json!(required);
                }
                match draft {
                    Draft::Four => {
                        root["$schema"] = json!("http://json-schema.org/draft-04/schema#")
                    }
                    Draft::Seven => {
                        root["$schema"] = json!("http://json-schema.org/draft-07/schema#")
                    }
                    Draft::Latest => {}
                }
                root
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn synthesized_arguments_validate(root in input_schema()) {
        let schema = InputSchema::new(&root).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let value = match schema.synthesize() {
            Ok(value) => value,
            Err(e) => {
                let documented = matches!(&e.reason, Reason::Pattern(p) if UNSATISFIABLE.iter().any(|u| p.contains(u)));
                prop_assert!(documented, "undocumented failure: {}", e);
                return Ok(());
            }
        };
        prop_assert_eq!(schema.violations(&value), Vec::<String>::new());

        // Minimal: exactly the required properties.
        let required: Vec<&str> = root["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let mut keys: Vec<&str> = value.as_object().into_iter().flat_map(|o| o.keys()).map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = required.clone();
        expected.sort_unstable();
        prop_assert_eq!(keys, expected);

        match schema.without_required(&value) {
            Some((name, broken)) => {
                prop_assert_eq!(name.as_str(), required[0]);
                prop_assert!(!schema.violations(&broken).is_empty());
            }
            None => prop_assert!(required.is_empty()),
        }

        let typed_required = required.iter().any(|n| root["properties"][*n].get("type").is_some());
        match schema.with_wrong_type(&value) {
            Some((name, broken)) => {
                prop_assert!(root["properties"].get(&name).is_some());
                prop_assert!(!schema.violations(&broken).is_empty());
            }
            None => prop_assert!(!typed_required, "a typed required property had no wrong type"),
        }
    }
}
