//! Results that break their type, each flagged at its place.

use super::*;

// --- the negative samples ------------------------------------------------------------

/// `result` with `resultType: "complete"` added in 2026-07-28.
fn typed(version: ProtocolVersion, mut result: Value) -> Value {
    put(
        &mut result,
        Rev::of(version).modern(),
        "resultType",
        json!("complete"),
    );
    result
}

#[test]
fn flags_missing_content() {
    for version in VERSIONS {
        let result = typed(version, json!({"isError": false}));
        assert_flags(
            version,
            "tools/call",
            &result,
            "at /: missing required member `content` of CallToolResult",
        );
    }
}

#[test]
fn flags_content_that_is_not_an_array() {
    for version in VERSIONS {
        let result = typed(version, json!({"content": {"type": "text", "text": "x"}}));
        assert_flags(
            version,
            "tools/call",
            &result,
            "at /content: must be an array, found an object",
        );
    }
}

#[test]
fn flags_a_text_block_without_text() {
    for version in VERSIONS {
        let result = typed(
            version,
            json!({"content": [{"type": "text", "text": "ok"}, {"type": "text"}]}),
        );
        assert_eq!(
            violations(version, "tools/call", &result),
            ["at /content/1: missing required member `text` of TextContent"],
        );
    }
}

#[test]
fn flags_an_unknown_block_type() {
    for version in VERSIONS {
        let result = typed(
            version,
            json!({"content": [{"type": "video", "data": "x"}]}),
        );
        let found = violations(version, "tools/call", &result);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("at /content/0/type: must be one of \"text\", \"image\"")
                && found[0].ends_with(", found \"video\""),
            "{found:#?}"
        );
    }
    assert_flags(
        V2024_11_05,
        "tools/call",
        &json!({"content": [{"type": "video"}]}),
        "at /content/0/type: must be one of \"text\", \"image\", \"resource\", found \"video\"",
    );
}

#[test]
fn flags_a_block_without_a_type() {
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [{"text": "x"}]}),
        "at /content/0: missing required member `type` of ContentBlock",
    );
}

#[test]
fn flags_blocks_the_version_does_not_have() {
    let audio = json!({"content": [{"type": "audio", "data": "aGk=", "mimeType": "audio/wav"}]});
    assert_flags_prefix(
        V2024_11_05,
        "tools/call",
        &audio,
        "at /content/0/type: must be one of",
    );
    assert_conforms(V2025_03_26, "tools/call", &audio);
    let link = json!({"content": [{"type": "resource_link", "uri": "file:///a", "name": "a"}]});
    assert_flags_prefix(
        V2025_03_26,
        "tools/call",
        &link,
        "at /content/0/type: must be one of",
    );
    assert_conforms(V2025_06_18, "tools/call", &link);
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [{"type": "resource_link", "uri": "file:///a"}]}),
        "at /content/0: missing required member `name` of ResourceLink",
    );
}

#[test]
fn flags_media_blocks_without_their_members() {
    assert_flags(
        V2025_03_26,
        "tools/call",
        &json!({"content": [{"type": "image", "data": "aGk="}]}),
        "at /content/0: missing required member `mimeType` of ImageContent",
    );
    assert_flags(
        V2025_03_26,
        "tools/call",
        &json!({"content": [{"type": "audio", "mimeType": "audio/wav"}]}),
        "at /content/0: missing required member `data` of AudioContent",
    );
}

#[test]
fn flags_embedded_resources_without_text_or_blob() {
    for version in VERSIONS {
        let result = typed(
            version,
            json!({"content": [{"type": "resource", "resource": {"uri": "file:///a"}}]}),
        );
        assert_eq!(
            violations(version, "tools/call", &result),
            [
                "at /content/0/resource: missing required member `text` or `blob` of TextResourceContents | BlobResourceContents"
            ],
        );
    }
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [{"type": "resource", "resource": {"blob": 5}}]}),
        "at /content/0/resource: missing required member `uri` of BlobResourceContents",
    );
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [{"type": "resource", "resource": {"uri": "a", "blob": 5}}]}),
        "at /content/0/resource/blob: must be a string, found a number",
    );
    assert_flags(
        V2025_06_18,
        "tools/call",
        &json!({"content": [{"type": "resource"}]}),
        "at /content/0: missing required member `resource` of EmbeddedResource",
    );
}

#[test]
fn resource_contents_with_both_text_and_blob_match_either() {
    for contents in [
        json!({"uri": "a", "text": "t", "blob": 5}),
        json!({"uri": "a", "text": 5, "blob": "aGk="}),
    ] {
        assert_conforms(
            V2025_06_18,
            "resources/read",
            &json!({"contents": [contents]}),
        );
    }
    assert_flags(
        V2025_06_18,
        "resources/read",
        &json!({"contents": [{"uri": "a", "text": 5}]}),
        "at /contents/0/text: must be a string, found a number",
    );
}

#[test]
fn lines_come_in_document_order() {
    let mut tools: Vec<Value> = (0..12)
        .map(|i| json!({"name": format!("t{i}"), "inputSchema": {"type": "object"}}))
        .collect();
    tools[10] = json!({"inputSchema": {"type": "object"}});
    tools[2] = json!({"name": 2, "inputSchema": {"type": "object"}});
    tools[9] = json!({"name": "t9"});
    assert_eq!(
        violations(
            V2025_06_18,
            "tools/list",
            &json!({"tools": tools, "nextCursor": 1})
        ),
        [
            "at /nextCursor: must be a string, found a number",
            "at /tools/2/name: must be a string, found a number",
            "at /tools/9: missing required member `inputSchema` of Tool",
            "at /tools/10: missing required member `name` of Tool",
        ],
    );
}

#[test]
fn flags_a_tool_without_a_name() {
    for version in VERSIONS {
        let mut result = full_example(version, "tools/list");
        result["tools"] = json!([tool_example(version), {"inputSchema": {"type": "object"}}]);
        assert_eq!(
            violations(version, "tools/list", &result),
            ["at /tools/1: missing required member `name` of Tool"],
        );
    }
}

#[test]
fn flags_an_input_schema_that_is_not_an_object_schema() {
    for version in VERSIONS {
        let mut result = full_example(version, "tools/list");
        result["tools"] = json!([
            tool_example(version),
            {"name": "t", "inputSchema": {"type": "array", "items": {}}},
        ]);
        assert_eq!(
            violations(version, "tools/list", &result),
            ["at /tools/1/inputSchema/type: must be \"object\", found \"array\""],
        );
        result["tools"] = json!([{"name": "t", "inputSchema": {"properties": {}}}]);
        assert_flags(
            version,
            "tools/list",
            &result,
            "at /tools/0/inputSchema: missing required member `type` of Tool.inputSchema",
        );
        result["tools"] = json!([{"name": "t"}]);
        assert_flags(
            version,
            "tools/list",
            &result,
            "at /tools/0: missing required member `inputSchema` of Tool",
        );
    }
    assert_flags(
        V2025_06_18,
        "tools/list",
        &json!({"tools": [{"name": "t", "inputSchema": {"type": "object", "properties": {"a": "string"}, "required": "a"}}]}),
        "at /tools/0/inputSchema/properties/a: must be a boolean or an object, found a string",
    );
    assert_flags(
        V2025_06_18,
        "tools/list",
        &json!({"tools": [{"name": "t", "inputSchema": {"type": "object", "required": "a"}}]}),
        "at /tools/0/inputSchema/required: must be an array, found a string",
    );
}

#[test]
fn output_schema_is_an_object_schema_until_2026() {
    let tool = |output: Value| json!({"tools": [{"name": "t", "inputSchema": {"type": "object"}, "outputSchema": output}]});
    for version in [V2025_06_18, V2025_11_25] {
        assert_flags(
            version,
            "tools/list",
            &tool(json!({"type": "array"})),
            "at /tools/0/outputSchema/type: must be \"object\", found \"array\"",
        );
    }
    // Before 2025-06-18 `outputSchema` is not a member of Tool: any value is an extra.
    assert_conforms(V2025_03_26, "tools/list", &tool(json!("anything")));
    let modern = |output: Value| stamp(V2026_07_28, "tools/list", tool(output));
    assert_conforms(V2026_07_28, "tools/list", &modern(json!({"type": "array"})));
    assert_conforms(
        V2026_07_28,
        "tools/list",
        &modern(json!({"$defs": {}, "oneOf": []})),
    );
    assert_conforms(V2026_07_28, "tools/list", &modern(json!(true)));
    assert_flags(
        V2026_07_28,
        "tools/list",
        &modern(json!("object")),
        "at /tools/0/outputSchema: must be a boolean or an object, found a string",
    );
}

#[test]
fn flags_is_error_as_a_string() {
    for version in VERSIONS {
        let result = typed(version, json!({"content": [], "isError": "true"}));
        assert_eq!(
            violations(version, "tools/call", &result),
            ["at /isError: must be a boolean, found a string"],
        );
    }
}

#[test]
fn structured_content_is_an_object_until_2026() {
    let result = json!({"content": [], "structuredContent": [1, 2]});
    assert_conforms(V2025_03_26, "tools/call", &result);
    for version in [V2025_06_18, V2025_11_25] {
        assert_flags(
            version,
            "tools/call",
            &result,
            "at /structuredContent: must be an object, found an array",
        );
    }
    for structured in [json!([1, 2]), json!("text"), json!(3), json!(null)] {
        let result =
            json!({"content": [], "structuredContent": structured, "resultType": "complete"});
        assert_conforms(V2026_07_28, "tools/call", &result);
    }
}

#[test]
fn flags_a_prompt_message_role_outside_the_enum() {
    for version in VERSIONS {
        let result = typed(
            version,
            json!({"messages": [{"role": "system", "content": {"type": "text", "text": "x"}}]}),
        );
        assert_eq!(
            violations(version, "prompts/get", &result),
            ["at /messages/0/role: must be one of \"user\", \"assistant\", found \"system\""],
        );
    }
    assert_flags(
        V2025_06_18,
        "prompts/get",
        &json!({"messages": [{"role": "user"}]}),
        "at /messages/0: missing required member `content` of PromptMessage",
    );
    assert_flags(
        V2025_06_18,
        "prompts/get",
        &json!({"messages": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]}),
        "at /messages/0/content: must be an object, found an array",
    );
    assert_flags(
        V2025_06_18,
        "prompts/get",
        &json!({"description": "d"}),
        "at /: missing required member `messages` of GetPromptResult",
    );
}

#[test]
fn flags_completion_values_that_are_not_strings() {
    for version in VERSIONS {
        let result = typed(
            version,
            json!({"completion": {"values": [1, "a"], "total": 2}}),
        );
        assert_eq!(
            violations(version, "completion/complete", &result),
            ["at /completion/values/0: must be a string, found a number"],
        );
    }
    assert_flags(
        V2025_06_18,
        "completion/complete",
        &json!({"completion": {"values": [], "hasMore": "no"}}),
        "at /completion/hasMore: must be a boolean, found a string",
    );
    assert_flags(
        V2025_06_18,
        "completion/complete",
        &json!({"completion": {}}),
        "at /completion: missing required member `values` of CompleteResult.completion",
    );
    assert_flags(
        V2025_06_18,
        "completion/complete",
        &json!({"values": []}),
        "at /: missing required member `completion` of CompleteResult",
    );
}

#[test]
fn flags_missing_cache_members_in_2026_cacheable_results() {
    for (method, type_name) in [
        ("tools/list", "ListToolsResult"),
        ("resources/list", "ListResourcesResult"),
        ("resources/templates/list", "ListResourceTemplatesResult"),
        ("resources/read", "ReadResourceResult"),
        ("prompts/list", "ListPromptsResult"),
        ("server/discover", "DiscoverResult"),
    ] {
        let mut result = full_example(V2026_07_28, method);
        let members = result.as_object_mut().unwrap();
        members.remove("ttlMs");
        members.remove("cacheScope");
        let found = violations(V2026_07_28, method, &result);
        assert_eq!(
            found,
            [
                format!("at /: missing required member `cacheScope` of {type_name}"),
                format!("at /: missing required member `ttlMs` of {type_name}"),
            ],
        );
    }
    // GetPromptResult, CallToolResult and CompleteResult are not cacheable.
    for method in ["prompts/get", "tools/call", "completion/complete"] {
        let result = full_example(V2026_07_28, method);
        assert!(result.get("ttlMs").is_none());
        assert_conforms(V2026_07_28, method, &result);
    }
}

#[test]
fn flags_a_cache_scope_outside_the_enum() {
    let mut result = full_example(V2026_07_28, "tools/list");
    result["cacheScope"] = json!("shared");
    assert_eq!(
        violations(V2026_07_28, "tools/list", &result),
        ["at /cacheScope: must be one of \"public\", \"private\", found \"shared\""],
    );
}

#[test]
fn flags_ttl_that_is_negative_or_fractional() {
    let mut result = full_example(V2026_07_28, "resources/list");
    result["ttlMs"] = json!(-1);
    assert_eq!(
        violations(V2026_07_28, "resources/list", &result),
        ["at /ttlMs: must be >= 0, found -1"],
    );
    result["ttlMs"] = json!(1.5);
    assert_eq!(
        violations(V2026_07_28, "resources/list", &result),
        ["at /ttlMs: must be an integer, found a number"],
    );
    result["ttlMs"] = json!("60000");
    assert_eq!(
        violations(V2026_07_28, "resources/list", &result),
        ["at /ttlMs: must be an integer, found a string"],
    );
    result["ttlMs"] = json!(0);
    assert_conforms(V2026_07_28, "resources/list", &result);
}

#[test]
fn flags_a_missing_result_type_in_2026_only() {
    for method in covered(V2026_07_28) {
        let mut result = full_example(V2026_07_28, method);
        result.as_object_mut().unwrap().remove("resultType");
        let type_name = result_type(V2026_07_28, method).unwrap();
        assert_eq!(
            violations(V2026_07_28, method, &result),
            [format!(
                "at /: missing required member `resultType` of {type_name}"
            )],
        );
    }
    assert_flags(
        V2026_07_28,
        "completion/complete",
        &json!({"completion": {"values": []}, "resultType": 1}),
        "at /resultType: must be a string, found a number",
    );
}

// --- 2026-07-28: other result types ----------------------------------------------------

#[test]
fn input_required_results_are_judged_as_such() {
    for method in ["tools/call", "resources/read", "prompts/get"] {
        assert_conforms(
            V2026_07_28,
            method,
            &json!({"resultType": "input_required", "requestState": "opaque"}),
        );
        assert_conforms(
            V2026_07_28,
            method,
            &json!({
                "resultType": "input_required",
                "inputRequests": {
                    "a": {"method": "elicitation/create", "params": {"mode": "form", "message": "m", "requestedSchema": {"type": "object", "properties": {}}}},
                    "b": {"method": "sampling/createMessage", "params": {"messages": [], "maxTokens": 10}},
                    "c": {"method": "roots/list"},
                },
            }),
        );
        assert_flags(
            V2026_07_28,
            method,
            &json!({"resultType": "input_required", "requestState": 5}),
            "at /requestState: must be a string, found a number",
        );
        assert_flags(
            V2026_07_28,
            method,
            &json!({"resultType": "input_required", "inputRequests": {"a": {"method": "ping"}}}),
            "at /inputRequests/a/method: must be one of \"sampling/createMessage\", \"roots/list\", \"elicitation/create\", found \"ping\"",
        );
        // Another result type, such as an extension's: only `Result` is checked.
        assert_conforms(
            V2026_07_28,
            method,
            &json!({"resultType": "task", "task": {}}),
        );
        assert_flags(
            V2026_07_28,
            method,
            &json!({"resultType": "task", "_meta": []}),
            "at /_meta: must be an object, found an array",
        );
    }
    assert_flags(
        V2026_07_28,
        "tools/call",
        &json!({"resultType": "complete"}),
        "at /: missing required member `content` of CallToolResult",
    );
    assert_flags(
        V2026_07_28,
        "tools/list",
        &json!({"resultType": "input_required", "requestState": "x"}),
        "at /: missing required member `tools` of ListToolsResult",
    );
}

#[test]
fn task_results_are_judged_as_such_in_2025_11_25() {
    let task = json!({"task": {
        "taskId": "t1",
        "status": "working",
        "createdAt": "2025-11-25T10:00:00Z",
        "lastUpdatedAt": "2025-11-25T10:00:00Z",
        "ttl": null,
        "pollInterval": 500,
    }});
    assert_conforms(V2025_11_25, "tools/call", &task);
    let mut bad = task.clone();
    bad["task"]["status"] = json!("running");
    assert_flags(
        V2025_11_25,
        "tools/call",
        &bad,
        "at /task/status: must be one of \"working\", \"input_required\", \"completed\", \"failed\", \"cancelled\", found \"running\"",
    );
    bad["task"].as_object_mut().unwrap().remove("ttl");
    assert_flags(
        V2025_11_25,
        "tools/call",
        &bad,
        "at /task: missing required member `ttl` of Task",
    );
    // Other versions have no tasks in the core protocol.
    assert_flags(
        V2025_06_18,
        "tools/call",
        &task,
        "at /: missing required member `content` of CallToolResult",
    );
}

// --- initialize, ping, discover --------------------------------------------------------

#[test]
fn flags_initialize_results_missing_their_members() {
    for version in [V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25] {
        let mut result = full_example(version, "initialize");
        result["serverInfo"] = json!({"name": "s"});
        result.as_object_mut().unwrap().remove("protocolVersion");
        assert_eq!(
            violations(version, "initialize", &result),
            [
                "at /: missing required member `protocolVersion` of InitializeResult",
                "at /serverInfo: missing required member `version` of Implementation",
            ],
        );
        assert_flags(
            version,
            "initialize",
            &json!({"protocolVersion": version.as_str(), "serverInfo": {"name": "s", "version": "1"}}),
            "at /: missing required member `capabilities` of InitializeResult",
        );
        assert_flags(
            version,
            "initialize",
            &json!({"protocolVersion": version.as_str(), "capabilities": {"tools": {"listChanged": "yes"}, "experimental": {"x": true}}, "serverInfo": {"name": "s", "version": "1"}}),
            "at /capabilities/tools/listChanged: must be a boolean, found a string",
        );
        assert_flags(
            version,
            "initialize",
            &json!({"protocolVersion": version.as_str(), "capabilities": {"experimental": {"x": true}}, "serverInfo": {"name": "s", "version": "1"}}),
            "at /capabilities/experimental/x: must be an object, found a boolean",
        );
    }
    // `completions` is not a capability of 2024-11-05: any value is an unknown extra there.
    assert_conforms(
        V2024_11_05,
        "initialize",
        &json!({"protocolVersion": "2024-11-05", "capabilities": {"completions": true}, "serverInfo": {"name": "s", "version": "1"}}),
    );
    assert_flags(
        V2025_03_26,
        "initialize",
        &json!({"protocolVersion": "2025-03-26", "capabilities": {"completions": true}, "serverInfo": {"name": "s", "version": "1"}}),
        "at /capabilities/completions: must be an object, found a boolean",
    );
    assert_flags(
        V2025_11_25,
        "initialize",
        &json!({"protocolVersion": "2025-11-25", "capabilities": {}, "serverInfo": {"name": "s", "version": "1", "icons": [{"src": "a", "theme": "blue"}]}}),
        "at /serverInfo/icons/0/theme: must be one of \"light\", \"dark\", found \"blue\"",
    );
}

#[test]
fn ping_answers_with_any_object() {
    for version in [V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25] {
        assert_conforms(version, "ping", &json!({}));
        assert_conforms(version, "ping", &json!({"anything": [1]}));
        assert_flags(
            version,
            "ping",
            &json!({"_meta": "x"}),
            "at /_meta: must be an object, found a string",
        );
        assert_flags(
            version,
            "ping",
            &json!([]),
            "at /: must be an object, found an array",
        );
        assert_flags(
            version,
            "ping",
            &json!(null),
            "at /: must be an object, found null",
        );
    }
}

#[test]
fn flags_discover_results_missing_their_members() {
    assert_eq!(
        violations(
            V2026_07_28,
            "server/discover",
            &json!({"resultType": "complete", "ttlMs": 0, "cacheScope": "public", "supportedVersions": "2026-07-28"}),
        ),
        [
            "at /: missing required member `capabilities` of DiscoverResult",
            "at /supportedVersions: must be an array, found a string",
        ],
    );
    let mut result = full_example(V2026_07_28, "server/discover");
    result["_meta"]["io.modelcontextprotocol/serverInfo"] = json!({"name": "s"});
    assert_eq!(
        violations(V2026_07_28, "server/discover", &result),
        [
            "at /_meta/io.modelcontextprotocol~1serverInfo: missing required member `version` of Implementation"
        ],
    );
}

// --- resources and prompts -------------------------------------------------------------

#[test]
fn flags_resources_missing_their_members() {
    for version in VERSIONS {
        let result = stamp(
            version,
            "resources/list",
            json!({"resources": [{"uri": "file:///a"}, {"name": "b", "uri": 3}]}),
        );
        assert_eq!(
            violations(version, "resources/list", &result),
            [
                "at /resources/0: missing required member `name` of Resource",
                "at /resources/1/uri: must be a string, found a number",
            ],
        );
        let result = stamp(
            version,
            "resources/templates/list",
            json!({"resourceTemplates": [{"name": "a", "uri": "file:///a"}]}),
        );
        assert_eq!(
            violations(version, "resources/templates/list", &result),
            ["at /resourceTemplates/0: missing required member `uriTemplate` of ResourceTemplate"],
        );
        let result = stamp(
            version,
            "resources/read",
            json!({"contents": [{"text": "a"}, {"uri": "a", "blob": "aGk=", "mimeType": 1}]}),
        );
        assert_eq!(
            violations(version, "resources/read", &result),
            [
                "at /contents/0: missing required member `uri` of TextResourceContents",
                "at /contents/1/mimeType: must be a string, found a number",
            ],
        );
        let result = stamp(version, "resources/read", json!({}));
        assert_eq!(
            violations(version, "resources/read", &result),
            ["at /: missing required member `contents` of ReadResourceResult"],
        );
    }
    assert_flags(
        V2025_06_18,
        "resources/list",
        &json!({"resources": [{"uri": "a", "name": "a", "annotations": {"audience": ["system"], "priority": "high"}}]}),
        "at /resources/0/annotations/audience/0: must be one of \"user\", \"assistant\", found \"system\"",
    );
    assert_flags(
        V2025_06_18,
        "resources/list",
        &json!({"resources": [{"uri": "a", "name": "a", "annotations": {"priority": "high"}}]}),
        "at /resources/0/annotations/priority: must be a number, found a string",
    );
}

#[test]
fn flags_prompts_missing_their_members() {
    for version in VERSIONS {
        let result = stamp(
            version,
            "prompts/list",
            json!({"prompts": [{"description": "d"}, {"name": "p", "arguments": [{"required": "yes"}]}]}),
        );
        assert_eq!(
            violations(version, "prompts/list", &result),
            [
                "at /prompts/0: missing required member `name` of Prompt",
                "at /prompts/1/arguments/0: missing required member `name` of PromptArgument",
                "at /prompts/1/arguments/0/required: must be a boolean, found a string",
            ],
        );
    }
}

#[test]
fn every_line_is_one_line_naming_a_place() {
    let broken = [
        (
            "tools/call",
            json!({"content": [{"type": 1}, {"type": "text", "text": 2}, 3]}),
        ),
        (
            "tools/list",
            json!({"tools": [{"name": 1, "inputSchema": []}], "nextCursor": 5}),
        ),
        ("initialize", json!({"capabilities": [], "serverInfo": {}})),
        (
            "prompts/get",
            json!({"messages": [{"role": 1, "content": {"type": "resource", "resource": []}}]}),
        ),
    ];
    for version in VERSIONS {
        for (method, result) in &broken {
            for line in violations(version, method, &stamp(version, method, result.clone())) {
                assert!(line.starts_with("at /"), "{line}");
                assert!(!line.contains('\n'), "{line}");
                assert!(!line.contains("the result"), "{line}");
            }
        }
    }
}
