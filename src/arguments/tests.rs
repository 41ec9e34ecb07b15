//! Schemas as the MCP Python SDK (pydantic v2) and rmcp (schemars) really emit them.

use serde_json::{Value, json};

use super::{CompiledSchema, InputSchema, Reason};

fn synth(schema: Value) -> (InputSchema, Value) {
    let compiled = InputSchema::new(&schema).expect("schema compiles");
    let value = compiled
        .synthesize()
        .unwrap_or_else(|e| panic!("synthesis failed: {e}"));
    assert_eq!(compiled.violations(&value), Vec::<String>::new());
    (compiled, value)
}

fn tool(properties: Value, required: Value) -> Value {
    json!({"properties": properties, "required": required, "title": "toolArguments", "type": "object"})
}

/// `def get_forecast(city: str, days: int = 3)` through FastMCP.
fn get_forecast() -> Value {
    json!({
        "properties": {
            "city": {"title": "City", "type": "string"},
            "days": {"default": 3, "title": "Days", "type": "integer"}
        },
        "required": ["city"],
        "title": "get_forecastArguments",
        "type": "object"
    })
}

#[test]
fn pydantic_function_arguments_are_minimal() {
    let (schema, value) = synth(get_forecast());
    assert_eq!(value, json!({"city": "mcp-matrix"}));

    let (name, missing) = schema.without_required(&value).expect("city is required");
    assert_eq!((name.as_str(), missing), ("city", json!({})));

    let (name, wrong) = schema.with_wrong_type(&value).expect("city is typed");
    assert_eq!((name.as_str(), &wrong), ("city", &json!({"city": 12345})));
    assert!(!schema.violations(&wrong).is_empty());
}

#[test]
fn optional_int_defaulting_to_none() {
    let (schema, value) = synth(tool(
        json!({"limit": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Limit"}}),
        json!([]),
    ));
    assert_eq!(value, json!({}));
    assert_eq!(schema.without_required(&value), None);
    // Optional and absent, yet typed: a string is the wrong type for int | None.
    let (name, wrong) = schema.with_wrong_type(&value).expect("limit is typed");
    assert_eq!(
        (name.as_str(), wrong),
        ("limit", json!({"limit": "mcp-matrix: not a number"}))
    );
}

#[test]
fn required_optional_int_prefers_the_non_null_branch() {
    let (_, value) = synth(tool(
        json!({"limit": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 5}], "title": "Limit"}}),
        json!(["limit"]),
    ));
    assert_eq!(value, json!({"limit": 5}));
}

#[test]
fn nested_pydantic_model_via_defs() {
    let (schema, value) = synth(json!({
        "$defs": {
            "Address": {
                "properties": {
                    "street": {"title": "Street", "type": "string"},
                    "zip": {"title": "Zip", "type": "string", "pattern": "^\\d{5}$"},
                    "unit": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Unit"}
                },
                "required": ["street", "zip"],
                "title": "Address",
                "type": "object"
            }
        },
        "properties": {"address": {"$ref": "#/$defs/Address"}, "note": {"title": "Note", "type": "string"}},
        "required": ["address"],
        "title": "ship_parcelArguments",
        "type": "object"
    }));
    assert_eq!(
        value,
        json!({"address": {"street": "mcp-matrix", "zip": "11111"}})
    );
    let (name, wrong) = schema
        .with_wrong_type(&value)
        .expect("address is an object");
    assert_eq!(name, "address");
    assert_eq!(wrong["address"], json!("mcp-matrix: not a number"));
}

#[test]
fn enum_via_ref_with_sibling_default_and_via_all_of() {
    let defs =
        json!({"Unit": {"enum": ["celsius", "fahrenheit"], "title": "Unit", "type": "string"}});
    let (schema, value) = synth(json!({
        "$defs": defs,
        "properties": {"unit": {"$ref": "#/$defs/Unit"}, "scale": {"$ref": "#/$defs/Unit", "default": "fahrenheit"}},
        "required": ["unit", "scale"],
        "type": "object"
    }));
    // enum outranks default: the first enum value that fits.
    assert_eq!(value, json!({"unit": "celsius", "scale": "celsius"}));
    assert_eq!(
        schema.with_wrong_type(&value).map(|(n, _)| n),
        Some("unit".into())
    );

    // Older pydantic wraps a $ref with siblings in allOf.
    let (_, value) = synth(json!({
        "$defs": defs,
        "properties": {"unit": {"allOf": [{"$ref": "#/$defs/Unit"}], "default": "celsius"}},
        "required": ["unit"],
        "type": "object"
    }));
    assert_eq!(value, json!({"unit": "celsius"}));
}

#[test]
fn literal_list_constrained_numbers_pattern_and_datetime() {
    let (schema, value) = synth(tool(
        json!({
            "mode": {"enum": ["a", "b"], "title": "Mode", "type": "string"},
            "tags": {"items": {"type": "string"}, "minItems": 2, "title": "Tags", "type": "array"},
            "step": {"maximum": 100, "minimum": 10, "multipleOf": 7, "title": "Step", "type": "integer"},
            "ratio": {"exclusiveMaximum": 1, "exclusiveMinimum": 0, "title": "Ratio", "type": "number"},
            "code": {"pattern": "^[A-Z]{3}-\\d+$", "title": "Code", "type": "string"},
            "when": {"format": "date-time", "title": "When", "type": "string"}
        }),
        json!(["mode", "tags", "step", "ratio", "code", "when"]),
    ));
    assert_eq!(
        value,
        json!({
            "mode": "a",
            "tags": ["mcp-matrix", "mcp-matrix"],
            "step": 14,
            "ratio": 0.5,
            "code": "AAA-1",
            "when": "2025-01-01T12:00:00Z"
        })
    );
    let (name, wrong) = schema.with_wrong_type(&value).expect("mode is typed");
    assert_eq!((name.as_str(), &wrong["mode"]), ("mode", &json!(12345)));
    // A temporal string gets an object: pydantic would read 12345 as a timestamp.
    let when_only = tool(
        json!({"when": {"format": "date-time", "type": "string"}}),
        json!(["when"]),
    );
    let (schema, value) = synth(when_only);
    assert_eq!(
        schema
            .with_wrong_type(&value)
            .map(|(_, v)| v["when"].clone()),
        Some(json!({"mcp-matrix": "wrong type"}))
    );
}

#[test]
fn constrained_ints_and_floats() {
    let (_, value) = synth(tool(
        json!({
            "ge": {"type": "integer", "minimum": 3},
            "le": {"type": "integer", "maximum": -4},
            "gt": {"type": "integer", "exclusiveMinimum": 10},
            "mult": {"type": "integer", "multipleOf": 5},
            "neg": {"type": "integer", "minimum": -10, "maximum": -5},
            "cents": {"type": "number", "multipleOf": 0.01, "minimum": 2},
            "tenth": {"type": "number", "multipleOf": 0.1},
            "draft4": {"type": "number", "minimum": 1.5, "exclusiveMinimum": 1.5}
        }),
        json!(["ge", "le", "gt", "mult", "neg", "cents", "tenth", "draft4"]),
    ));
    assert_eq!(value["ge"], json!(3));
    assert_eq!(value["le"], json!(-4));
    assert_eq!(value["gt"], json!(11));
    assert_eq!(value["mult"], json!(5));
    assert_eq!(value["neg"], json!(-10));
    assert_eq!(value["cents"], json!(2.0));
    assert_eq!(value["tenth"], json!(1.5));
    assert_eq!(value["draft4"], json!(2.5));
}

#[test]
fn draft4_boolean_exclusive_bounds() {
    let (_, value) = synth(json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 1, "exclusiveMinimum": true},
            "x": {"type": "number", "maximum": 1, "exclusiveMaximum": true, "minimum": 0}
        },
        "required": ["n", "x"]
    }));
    assert_eq!(value, json!({"n": 2, "x": 0.0}));
}

/// rmcp's `Parameters<T>` with schemars 0.8: draft-07, `definitions`, nullable type arrays.
#[test]
fn schemars_struct_with_option_fields() {
    let (schema, value) = synth(json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "SearchRequest",
        "type": "object",
        "required": ["query", "filter"],
        "properties": {
            "query": {"type": "string"},
            "limit": {"type": ["integer", "null"], "format": "uint32", "minimum": 0.0},
            "page": {"type": ["integer", "null"], "format": "uint32", "minimum": 0.0},
            "filter": {"$ref": "#/definitions/Filter"}
        },
        "definitions": {
            "Filter": {
                "type": "object",
                "required": ["kind", "max_age"],
                "properties": {
                    "kind": {"$ref": "#/definitions/Kind"},
                    "max_age": {"type": ["integer", "null"], "format": "uint32", "minimum": 0.0},
                    "exact": {"type": "boolean"}
                }
            },
            "Kind": {"type": "string", "enum": ["file", "dir"]}
        }
    }));
    assert_eq!(
        value,
        json!({"query": "mcp-matrix", "filter": {"kind": "file", "max_age": 1}})
    );
    assert_eq!(
        schema.without_required(&value).map(|(n, _)| n),
        Some("query".into())
    );
    let (name, wrong) = schema.with_wrong_type(&value).expect("typed");
    assert_eq!((name.as_str(), &wrong["query"]), ("query", &json!(12345)));
}

#[test]
fn json_pointer_escapes_and_percent_encoding_in_refs() {
    let (_, value) = synth(json!({
        "$defs": {"a/b": {"type": "integer", "minimum": 7}, "c~d": {"const": "tilde"}, "e f": {"type": "boolean"}},
        "type": "object",
        "properties": {
            "slash": {"$ref": "#/$defs/a~1b"},
            "tilde": {"$ref": "#/$defs/c~0d"},
            "space": {"$ref": "#/$defs/e%20f"}
        },
        "required": ["slash", "tilde", "space"]
    }));
    assert_eq!(value, json!({"slash": 7, "tilde": "tilde", "space": false}));
}

#[test]
fn preferences_const_enum_examples_default() {
    let (_, value) = synth(tool(
        json!({
            "c": {"type": "string", "const": "fixed", "enum": ["fixed", "other"]},
            "e": {"enum": [3, "x"]},
            "ex": {"type": "string", "examples": ["London", "Paris"], "default": "Rome"},
            "bad_default": {"type": "integer", "minimum": 5, "default": 1},
            "good_default": {"type": "integer", "default": 42},
            "any": {},
            "yes": true,
            "nullable": {"type": ["string", "null"], "maxLength": 3},
            "nothing": {"type": "null"}
        }),
        json!([
            "c",
            "e",
            "ex",
            "bad_default",
            "good_default",
            "any",
            "yes",
            "nullable",
            "nothing"
        ]),
    ));
    assert_eq!(
        value,
        json!({"c": "fixed", "e": 3, "ex": "London", "bad_default": 5, "good_default": 42,
               "any": "mcp-matrix", "yes": "mcp-matrix", "nullable": "mcp", "nothing": null})
    );
}

#[test]
fn strings_respect_lengths_and_formats() {
    let formats = [
        "date-time",
        "date",
        "time",
        "email",
        "uri",
        "uri-reference",
        "uuid",
        "ipv4",
        "ipv6",
        "hostname",
    ];
    let properties: serde_json::Map<String, Value> = formats
        .iter()
        .map(|f| (f.to_string(), json!({"type": "string", "format": f})))
        .collect();
    let (_, value) = synth(tool(Value::Object(properties), json!(formats)));
    assert_eq!(value["email"], json!("user@example.com"));
    assert_eq!(value["uuid"], json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"));

    let (_, value) = synth(tool(
        json!({"long": {"type": "string", "minLength": 25}, "short": {"type": "string", "maxLength": 2}, "empty": {"type": "string", "maxLength": 0}}),
        json!(["long", "short", "empty"]),
    ));
    assert_eq!(
        value,
        json!({"long": "mcp-matrix-mcp-matrix-mcp", "short": "mc", "empty": ""})
    );
}

#[test]
fn arrays_tuples_and_unique_items() {
    let (_, value) = synth(tool(
        json!({
            "ids": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 3, "uniqueItems": true},
            "names": {"type": "array", "items": {"type": "string", "maxLength": 3}, "minItems": 3, "uniqueItems": true},
            "flags": {"type": "array", "items": {"type": "boolean"}, "minItems": 2, "uniqueItems": true},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "minItems": 2},
            "points": {"type": "array", "minItems": 2, "uniqueItems": true,
                       "items": {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}},
            "empty": {"type": "array", "items": {"type": "string"}}
        }),
        json!(["ids", "names", "flags", "pair", "points", "empty"]),
    ));
    assert_eq!(value["ids"], json!([1, 2, 3]));
    assert_eq!(value["names"], json!(["mcp", "x-1", "x-2"]));
    assert_eq!(value["flags"], json!([false, true]));
    assert_eq!(value["pair"], json!([1, "mcp-matrix"]));
    assert_eq!(value["points"], json!([{"x": 1}, {"x": 2}]));
    assert_eq!(value["empty"], json!([]));
}

#[test]
fn one_of_must_match_exactly_one_branch() {
    // Every string the first branch offers (at most 5 characters) matches both branches, so
    // only the second branch can give a string that matches exactly one.
    let (_, value) = synth(tool(
        json!({"v": {"oneOf": [{"type": "string", "maxLength": 5}, {"type": "string"}]}}),
        json!(["v"]),
    ));
    assert_eq!(value["v"], json!("mcp-matrix"));
    // Integer-or-number overlap: 1 is both, so oneOf must pick a non-integer.
    let (_, value) = synth(tool(
        json!({"n": {"oneOf": [{"type": "integer"}, {"type": "number"}]}}),
        json!(["n"]),
    ));
    assert_eq!(value["n"], json!(1.5));
}

#[test]
fn all_of_merges_object_branches() {
    let (_, value) = synth(json!({
        "allOf": [
            {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
            {"properties": {"b": {"type": "string"}, "a": {"minimum": 4}}, "required": ["b"]}
        ]
    }));
    assert_eq!(value, json!({"a": 4, "b": "mcp-matrix"}));
}

#[test]
fn min_properties_adds_declared_optionals() {
    let (_, value) = synth(json!({
        "type": "object", "minProperties": 2,
        "properties": {"a": {"type": "integer"}, "b": {"type": "boolean"}, "c": {"type": "string"}},
        "required": ["c"]
    }));
    assert_eq!(value, json!({"a": 1, "c": "mcp-matrix"}));
}

#[test]
fn recursive_models_terminate() {
    let (_, value) = synth(json!({
        "$defs": {"Node": {"type": "object", "required": ["name", "next"], "properties": {
            "name": {"type": "string"},
            "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]},
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
        }}},
        "$ref": "#/$defs/Node"
    }));
    assert_eq!(value["name"], json!("mcp-matrix"));

    let schema = InputSchema::new(
        &json!({"$defs": {"Loop": {"type": "object", "required": ["next"],
        "properties": {"next": {"$ref": "#/$defs/Loop"}}}}, "$ref": "#/$defs/Loop"}),
    )
    .expect("compiles");
    let error = schema.synthesize().expect_err("no finite value exists");
    assert!(matches!(error.reason, Reason::TooDeep(_)), "{error}");
}

#[test]
fn unsatisfiable_pattern_names_place_and_pattern() {
    let schema = InputSchema::new(&tool(
        json!({"code": {"type": "string", "pattern": "^x(?=y)$"}}),
        json!(["code"]),
    ))
    .expect("compiles");
    let error = schema
        .synthesize()
        .expect_err("lookahead that can never hold");
    assert_eq!(
        error.to_string(),
        "property `code`: no value this suite can produce matches pattern `^x(?=y)$`"
    );

    let nested = InputSchema::new(&tool(
        json!({"a": {"type": "object", "required": ["b"], "properties": {"b": {"type": "array", "minItems": 1,
            "items": {"type": "integer", "minimum": 5, "maximum": 4}}}}}),
        json!(["a"]),
    ))
    .expect("compiles");
    let error = nested.synthesize().expect_err("empty range");
    assert_eq!(
        error.to_string(),
        "property `a.b[0]`: no integer this suite can produce satisfies minimum/maximum/multipleOf"
    );
}

#[test]
fn schema_errors_name_the_reason() {
    let error =
        InputSchema::new(&json!({"type": "object", "properties": {"a": {"type": "strin"}}}))
            .expect_err("unknown type name");
    let text = error.to_string();
    assert!(
        text.starts_with("schema does not compile: at /properties/a/type: "),
        "{text}"
    );

    // Remote references are never fetched, so they cannot compile.
    let remote =
        InputSchema::new(&json!({"$ref": "https://example.com/schema.json"})).expect_err("offline");
    assert!(remote.why.contains("example.com"), "{remote}");
}

#[test]
fn compiled_schemas_can_be_shared_across_tasks() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<InputSchema>();
    send_sync::<CompiledSchema>();
}

#[test]
fn edge_inputs() {
    let error = InputSchema::new(
        &json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}),
    );
    assert!(error.is_err(), "a dangling $ref is a compile error");
    let (_, value) = synth(json!({"type": "object"}));
    assert_eq!(value, json!({}));
    let schema = InputSchema::new(&json!({"type": "object", "required": ["s"],
        "properties": {"s": {"type": "string", "minLength": 1_000_000_000u64}}}))
    .expect("compiles");
    assert!(matches!(
        schema.synthesize().map_err(|e| e.reason),
        Err(Reason::NoValue { kind: "string", .. })
    ));
    let schema = InputSchema::new(&json!(false)).expect("compiles");
    assert_eq!(
        schema.synthesize().map_err(|e| e.to_string()),
        Err("arguments: the schema is `false`, which no value satisfies".into())
    );
}

#[test]
fn violations_are_located() {
    let schema = InputSchema::new(&get_forecast()).expect("compiles");
    assert_eq!(
        schema.violations(&json!({"days": "x"})),
        vec![
            "at /: \"city\" is a required property".to_string(),
            "at /days: \"x\" is not of type \"integer\"".to_string()
        ]
    );
    let output = CompiledSchema::new(
        &json!({"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}}),
    )
    .expect("compiles");
    assert!(output.is_valid(&json!({"at": "2025-01-01T00:00:00Z"})));
    assert_eq!(
        output.violations(&json!({"at": "yesterday"})).len(),
        0,
        "a server's values are judged with formats as annotations"
    );
}

#[test]
fn wrong_type_needs_a_type_to_contradict() {
    let (schema, value) = synth(tool(
        json!({"anything": {}, "either": {"type": ["string", "integer"]}}),
        json!(["anything"]),
    ));
    assert_eq!(value, json!({"anything": "mcp-matrix"}));
    // `anything` is untyped; `either` allows strings and integers, so an object it is.
    let (name, wrong) = schema.with_wrong_type(&value).expect("either is typed");
    assert_eq!(
        (name.as_str(), &wrong["either"]),
        ("either", &json!({"mcp-matrix": "wrong type"}))
    );

    let (schema, value) = synth(tool(json!({"anything": {}}), json!(["anything"])));
    assert_eq!(schema.with_wrong_type(&value), None);
    assert_eq!(
        schema.without_required(&value).map(|(n, _)| n),
        Some("anything".into())
    );
}

/// A server's values are judged as JSON Schema 2020-12 judges them: `format` is an annotation,
/// so pydantic's naive datetimes conform to `"format": "date-time"`. The suite's own
/// synthesized values still honour every format.
#[test]
fn formats_are_annotations_when_judging_a_servers_values() {
    let schema = json!({
        "type": "object",
        "properties": {"at": {"type": "string", "format": "date-time"}},
        "required": ["at"],
    });
    let naive = json!({"at": "2025-01-01T12:00:00"});
    assert_eq!(
        CompiledSchema::new(&schema).unwrap().violations(&naive),
        Vec::<String>::new()
    );
    let synthesized = InputSchema::new(&schema).unwrap().synthesize().unwrap();
    let at = synthesized["at"].as_str().unwrap();
    assert!(
        at.ends_with('Z') || at.contains('+'),
        "{at} carries an offset"
    );
}
