//! Conforming examples of every covered result, in every version; the
//! negative samples are in `negative`, real servers' results in `real`.

mod negative;
mod real;

use serde_json::json;

use super::*;
use crate::protocol::ProtocolVersion::{V2024_11_05, V2025_03_26, V2025_06_18, V2026_07_28};

const VERSIONS: [ProtocolVersion; 5] = [
    V2024_11_05,
    V2025_03_26,
    V2025_06_18,
    V2025_11_25,
    V2026_07_28,
];

/// Every method this module type-checks in some version.
const METHODS: [&str; 11] = [
    "initialize",
    "ping",
    "tools/list",
    "tools/call",
    "resources/list",
    "resources/templates/list",
    "resources/read",
    "prompts/list",
    "prompts/get",
    "completion/complete",
    "server/discover",
];

/// Adds `key: value` to the object `target` when `defined`.
fn put(target: &mut Value, defined: bool, key: &str, value: Value) {
    if defined {
        target
            .as_object_mut()
            .expect("an object")
            .insert(key.to_owned(), value);
    }
}

/// The members 2026-07-28 adds to every result of `method` (`resultType`, and `ttlMs` and
/// `cacheScope` for a cacheable one).
fn stamp(version: ProtocolVersion, method: &str, mut result: Value) -> Value {
    let rev = Rev::of(version);
    put(&mut result, rev.modern(), "resultType", json!("complete"));
    let cacheable = matches!(
        method,
        "tools/list"
            | "resources/list"
            | "resources/templates/list"
            | "resources/read"
            | "prompts/list"
            | "server/discover"
    );
    put(
        &mut result,
        rev.modern() && cacheable,
        "ttlMs",
        json!(60000),
    );
    put(
        &mut result,
        rev.modern() && cacheable,
        "cacheScope",
        json!("public"),
    );
    result
}

fn annotations_example(version: ProtocolVersion) -> Value {
    let mut annotations = json!({"audience": ["user", "assistant"], "priority": 0.5});
    put(
        &mut annotations,
        Rev::of(version).since(V2025_06_18),
        "lastModified",
        json!("2025-01-12T15:00:58Z"),
    );
    annotations
}

fn icons_example() -> Value {
    json!([{"src": "https://example.com/icon.png", "mimeType": "image/png", "sizes": ["48x48"], "theme": "dark"}])
}

/// A `Resource` (or the members of a `ResourceLink`) using every member `version` defines.
fn resource_example(version: ProtocolVersion) -> Value {
    let rev = Rev::of(version);
    let mut resource = json!({
        "uri": "file:///notes/a.txt",
        "name": "a.txt",
        "description": "A note",
        "mimeType": "text/plain",
        "size": 12,
        "annotations": annotations_example(version),
    });
    put(
        &mut resource,
        rev.since(V2025_06_18),
        "title",
        json!("Note A"),
    );
    put(
        &mut resource,
        rev.since(V2025_06_18),
        "_meta",
        json!({"k": 1}),
    );
    put(
        &mut resource,
        rev.since(V2025_11_25),
        "icons",
        icons_example(),
    );
    resource
}

/// One content block of every kind `version` defines.
fn content_examples(version: ProtocolVersion) -> Vec<Value> {
    let rev = Rev::of(version);
    let mut text =
        json!({"type": "text", "text": "hello", "annotations": annotations_example(version)});
    put(&mut text, rev.since(V2025_06_18), "_meta", json!({}));
    let mut blocks = vec![
        text,
        json!({"type": "image", "data": "aGk=", "mimeType": "image/png"}),
        json!({"type": "resource", "resource": {"uri": "file:///a.txt", "mimeType": "text/plain", "text": "hi"}}),
        json!({"type": "resource", "resource": {"uri": "file:///a.bin", "blob": "aGk="}}),
    ];
    if rev.since(V2025_03_26) {
        blocks.push(json!({"type": "audio", "data": "aGk=", "mimeType": "audio/wav"}));
    }
    if rev.since(V2025_06_18) {
        let mut link = resource_example(version);
        put(&mut link, true, "type", json!("resource_link"));
        blocks.push(link);
    }
    blocks
}

fn tool_example(version: ProtocolVersion) -> Value {
    let rev = Rev::of(version);
    let mut input = json!({
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": true},
        "required": ["a"],
    });
    put(
        &mut input,
        rev.since(V2025_11_25),
        "$schema",
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    let mut tool = json!({"name": "add", "description": "Adds.", "inputSchema": input});
    put(
        &mut tool,
        rev.since(V2025_03_26),
        "annotations",
        json!({"title": "Add", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}),
    );
    put(&mut tool, rev.since(V2025_06_18), "title", json!("Add"));
    put(
        &mut tool,
        rev.since(V2025_06_18),
        "_meta",
        json!({"k": "v"}),
    );
    let output = if rev.modern() {
        json!({"type": "array", "items": {"type": "integer"}})
    } else {
        json!({"type": "object", "properties": {"sum": {"type": "integer"}}, "required": ["sum"]})
    };
    put(&mut tool, rev.since(V2025_06_18), "outputSchema", output);
    put(&mut tool, rev.since(V2025_11_25), "icons", icons_example());
    put(
        &mut tool,
        rev.is(V2025_11_25),
        "execution",
        json!({"taskSupport": "optional"}),
    );
    tool
}

fn implementation_example(version: ProtocolVersion) -> Value {
    let rev = Rev::of(version);
    let mut implementation = json!({"name": "example-server", "version": "1.0.0"});
    put(
        &mut implementation,
        rev.since(V2025_06_18),
        "title",
        json!("Example"),
    );
    put(
        &mut implementation,
        rev.since(V2025_11_25),
        "icons",
        icons_example(),
    );
    put(
        &mut implementation,
        rev.since(V2025_11_25),
        "description",
        json!("An example."),
    );
    put(
        &mut implementation,
        rev.since(V2025_11_25),
        "websiteUrl",
        json!("https://example.com"),
    );
    implementation
}

fn capabilities_example(version: ProtocolVersion) -> Value {
    let rev = Rev::of(version);
    let mut capabilities = json!({
        "experimental": {"x": {}},
        "logging": {},
        "prompts": {"listChanged": true},
        "resources": {"subscribe": true, "listChanged": false},
        "tools": {"listChanged": true},
    });
    put(
        &mut capabilities,
        rev.since(V2025_03_26),
        "completions",
        json!({}),
    );
    put(
        &mut capabilities,
        rev.is(V2025_11_25),
        "tasks",
        json!({"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}}),
    );
    put(
        &mut capabilities,
        rev.modern(),
        "extensions",
        json!({"io.modelcontextprotocol/tasks": {}}),
    );
    capabilities
}

/// A conforming result of `method` in `version` that uses every member the version defines.
fn full_example(version: ProtocolVersion, method: &str) -> Value {
    let rev = Rev::of(version);
    let result = match method {
        "initialize" => json!({
            "protocolVersion": version.as_str(),
            "capabilities": capabilities_example(version),
            "serverInfo": implementation_example(version),
            "instructions": "Use the tools.",
            "_meta": {},
        }),
        "ping" => json!({}),
        "tools/list" => json!({"tools": [tool_example(version)], "nextCursor": "c2"}),
        "tools/call" => {
            let mut call = json!({"content": content_examples(version), "isError": false});
            let structured = if rev.modern() {
                json!([1, 2])
            } else {
                json!({"sum": 3})
            };
            put(
                &mut call,
                rev.since(V2025_06_18),
                "structuredContent",
                structured,
            );
            call
        }
        "resources/list" => {
            json!({"resources": [resource_example(version)], "nextCursor": "c2"})
        }
        "resources/templates/list" => {
            let mut template = json!({
                "uriTemplate": "file:///notes/{name}",
                "name": "note",
                "description": "A note by name",
                "mimeType": "text/plain",
                "annotations": annotations_example(version),
            });
            put(
                &mut template,
                rev.since(V2025_06_18),
                "title",
                json!("Note"),
            );
            put(&mut template, rev.since(V2025_06_18), "_meta", json!({}));
            put(
                &mut template,
                rev.since(V2025_11_25),
                "icons",
                icons_example(),
            );
            json!({"resourceTemplates": [template]})
        }
        "resources/read" => json!({"contents": [
            {"uri": "file:///a.txt", "mimeType": "text/plain", "text": "hi"},
            {"uri": "file:///a.bin", "blob": "aGk="},
        ]}),
        "prompts/list" => {
            let mut argument = json!({"name": "city", "description": "A city", "required": true});
            put(
                &mut argument,
                rev.since(V2025_06_18),
                "title",
                json!("City"),
            );
            let mut prompt =
                json!({"name": "forecast", "description": "Forecast", "arguments": [argument]});
            put(
                &mut prompt,
                rev.since(V2025_06_18),
                "title",
                json!("Forecast"),
            );
            put(&mut prompt, rev.since(V2025_06_18), "_meta", json!({}));
            put(
                &mut prompt,
                rev.since(V2025_11_25),
                "icons",
                icons_example(),
            );
            json!({"prompts": [prompt]})
        }
        "prompts/get" => {
            let messages: Vec<Value> = content_examples(version)
                .into_iter()
                .enumerate()
                .map(|(i, content)| {
                    let role = if i % 2 == 0 { "user" } else { "assistant" };
                    json!({"role": role, "content": content})
                })
                .collect();
            json!({"description": "Forecast", "messages": messages})
        }
        "completion/complete" => {
            json!({"completion": {"values": ["Paris", "Prague"], "total": 2, "hasMore": false}})
        }
        "server/discover" => json!({
            "supportedVersions": ["2025-11-25", "2026-07-28"],
            "capabilities": capabilities_example(version),
            "instructions": "Use the tools.",
            "_meta": {"io.modelcontextprotocol/serverInfo": implementation_example(version)},
        }),
        other => panic!("no example of {other}"),
    };
    stamp(version, method, result)
}

/// A conforming result of `method` in `version` with only the members the type requires.
fn minimal_example(version: ProtocolVersion, method: &str) -> Value {
    let result = match method {
        "initialize" => json!({
            "protocolVersion": version.as_str(),
            "capabilities": {},
            "serverInfo": {"name": "s", "version": "1"},
        }),
        "ping" => json!({}),
        "tools/list" => {
            json!({"tools": [{"name": "t", "inputSchema": {"type": "object"}}]})
        }
        "tools/call" => json!({"content": []}),
        "resources/list" => json!({"resources": [{"uri": "file:///a", "name": "a"}]}),
        "resources/templates/list" => {
            json!({"resourceTemplates": [{"uriTemplate": "file:///{a}", "name": "a"}]})
        }
        "resources/read" => json!({"contents": []}),
        "prompts/list" => json!({"prompts": [{"name": "p"}]}),
        "prompts/get" => {
            json!({"messages": [{"role": "assistant", "content": {"type": "text", "text": ""}}]})
        }
        "completion/complete" => json!({"completion": {"values": []}}),
        "server/discover" => json!({"supportedVersions": [], "capabilities": {}}),
        other => panic!("no example of {other}"),
    };
    stamp(version, method, result)
}

/// The methods `version` type-checks.
fn covered(version: ProtocolVersion) -> Vec<&'static str> {
    METHODS
        .into_iter()
        .filter(|method| result_type(version, method).is_some())
        .collect()
}

fn assert_conforms(version: ProtocolVersion, method: &str, result: &Value) {
    let found = violations(version, method, result);
    assert!(
        found.is_empty(),
        "{} {method}: expected no violations of {result}, got {found:#?}",
        version.as_str()
    );
}

/// Asserts that `result` breaks its type with exactly the line `expected` among others.
fn assert_flags(version: ProtocolVersion, method: &str, result: &Value, expected: &str) {
    let found = violations(version, method, result);
    assert!(
        found.iter().any(|line| line == expected),
        "{} {method}: expected {expected:?} among {found:#?}",
        version.as_str()
    );
}

/// Asserts that some line about `result` starts with `prefix`.
fn assert_flags_prefix(version: ProtocolVersion, method: &str, result: &Value, prefix: &str) {
    let found = violations(version, method, result);
    assert!(
        found.iter().any(|line| line.starts_with(prefix)),
        "{} {method}: expected a line starting {prefix:?} among {found:#?}",
        version.as_str()
    );
}

// --- result_type ---------------------------------------------------------------------

#[test]
fn names_the_result_type_of_each_method() {
    for version in VERSIONS {
        assert_eq!(result_type(version, "tools/list"), Some("ListToolsResult"));
        assert_eq!(result_type(version, "tools/call"), Some("CallToolResult"));
        assert_eq!(
            result_type(version, "resources/list"),
            Some("ListResourcesResult")
        );
        assert_eq!(
            result_type(version, "resources/templates/list"),
            Some("ListResourceTemplatesResult")
        );
        assert_eq!(
            result_type(version, "resources/read"),
            Some("ReadResourceResult")
        );
        assert_eq!(
            result_type(version, "prompts/list"),
            Some("ListPromptsResult")
        );
        assert_eq!(result_type(version, "prompts/get"), Some("GetPromptResult"));
        assert_eq!(
            result_type(version, "completion/complete"),
            Some("CompleteResult")
        );
        assert_eq!(result_type(version, "no/such_method"), None);
        assert_eq!(result_type(version, "notifications/initialized"), None);
    }
    for version in [V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25] {
        assert_eq!(result_type(version, "initialize"), Some("InitializeResult"));
        assert_eq!(result_type(version, "ping"), Some("EmptyResult"));
        assert_eq!(result_type(version, "server/discover"), None);
    }
    assert_eq!(result_type(V2026_07_28, "initialize"), None);
    assert_eq!(result_type(V2026_07_28, "ping"), None);
    assert_eq!(
        result_type(V2026_07_28, "server/discover"),
        Some("DiscoverResult")
    );
}

#[test]
fn methods_without_a_type_have_no_violations() {
    let junk = json!("not even an object");
    assert!(violations(V2026_07_28, "initialize", &junk).is_empty());
    assert!(violations(V2026_07_28, "ping", &junk).is_empty());
    assert!(violations(V2025_06_18, "server/discover", &junk).is_empty());
    assert!(violations(V2025_06_18, "no/such_method", &junk).is_empty());
}

// --- conforming examples -------------------------------------------------------------

#[test]
fn full_examples_conform_in_every_version() {
    for version in VERSIONS {
        for method in covered(version) {
            assert_conforms(version, method, &full_example(version, method));
        }
    }
}

#[test]
fn minimal_examples_conform_in_every_version() {
    for version in VERSIONS {
        for method in covered(version) {
            assert_conforms(version, method, &minimal_example(version, method));
        }
    }
}

#[test]
fn unknown_members_are_allowed_everywhere() {
    for version in VERSIONS {
        for method in covered(version) {
            let mut result = full_example(version, method);
            add_everywhere(&mut result);
            assert_conforms(version, method, &result);
        }
    }
}

/// Adds an unknown member to every object inside `value` except the maps of schemas.
fn add_everywhere(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if key != "properties" && key != "experimental" && key != "extensions" {
                    add_everywhere(member);
                }
            }
            map.insert("x-unknown".to_owned(), json!({"any": [1, "thing"]}));
        }
        Value::Array(items) => items.iter_mut().for_each(add_everywhere),
        _ => {}
    }
}

#[test]
fn null_is_tolerated_in_optional_members() {
    assert_conforms(
        V2025_06_18,
        "tools/list",
        &json!({"tools": [{"name": "t", "title": null, "description": null, "inputSchema": {"type": "object", "properties": null, "required": null}, "outputSchema": null, "annotations": null, "_meta": null}], "nextCursor": null, "_meta": null}),
    );
    assert_conforms(
        V2025_11_25,
        "tools/call",
        &json!({"content": [{"type": "text", "text": "x", "annotations": null}], "isError": null, "structuredContent": null}),
    );
    assert_conforms(
        V2026_07_28,
        "resources/list",
        &json!({"resources": [{"uri": "a", "name": "a", "size": null, "mimeType": null}], "resultType": "complete", "ttlMs": 0, "cacheScope": "private", "nextCursor": null}),
    );
}

#[test]
fn null_is_flagged_where_a_member_is_required_or_an_element() {
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": null}),
        "at /content: must be an array, found null",
    );
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [null]}),
        "at /content/0: must be an object, found null",
    );
    assert_flags(
        V2025_06_18,
        "completion/complete",
        &json!({"completion": {"values": [null]}}),
        "at /completion/values/0: must be a string, found null",
    );
    assert_flags(
        V2025_06_18,
        "tools/list",
        &json!({"tools": [{"name": null, "inputSchema": {"type": "object"}}]}),
        "at /tools/0/name: must be a string, found null",
    );
}
