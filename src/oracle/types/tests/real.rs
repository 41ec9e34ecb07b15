//! Results real servers returned: all of them conform.

use super::*;

// --- real servers ----------------------------------------------------------------------

/// Results real servers returned: (version judged, method, where it comes from, result).
/// From mcp-matrix's committed snapshots (the reference server, AgentCore, the official
/// Python SDK 1.x and 2.x) and from probe transcripts of the Python SDK 1.30 and 2.3. An
/// `initialize` answered in a 2026-07-28 case is judged by the version it negotiated.
fn real_results() -> Vec<(ProtocolVersion, &'static str, &'static str, &'static str)> {
    vec![
        (
            V2024_11_05,
            "initialize",
            "snapshots/agentcore 2024-11-05/initialize/baseline",
            r##"{"capabilities":{"tools":{}},"instructions":"Call validate_content to check a text against content rules.","protocolVersion":"2024-11-05","serverInfo":{"name":"arc-server","version":"[version]"}}"##,
        ),
        (
            V2024_11_05,
            "initialize",
            "snapshots/python-sdk-1 2024-11-05/initialize/baseline",
            r##"{"capabilities":{"experimental":{},"prompts":{"listChanged":false},"resources":{"listChanged":false,"subscribe":false},"tools":{"listChanged":false}},"protocolVersion":"2024-11-05","serverInfo":{"name":"arc-peer-v1","version":"[version]"}}"##,
        ),
        (
            V2024_11_05,
            "initialize",
            "snapshots/python-sdk-2 2024-11-05/initialize/baseline",
            r##"{"capabilities":{"prompts":{"listChanged":false},"resources":{"listChanged":false,"subscribe":false},"tools":{"listChanged":false}},"protocolVersion":"2024-11-05","serverInfo":{"name":"arc-peer-v2","version":"[version]"}}"##,
        ),
        (
            V2025_11_25,
            "initialize",
            "raw-forecast_v1 2026-07-28 initialize initialize at 2026-07-28",
            r##"{"protocolVersion":"2025-11-25","capabilities":{"experimental":{},"prompts":{"listChanged":false},"resources":{"subscribe":false,"listChanged":false},"tools":{"listChanged":false},"completions":{}},"serverInfo":{"name":"forecast-peer-v1","version":"1.30.0"}}"##,
        ),
        (
            V2024_11_05,
            "tools/list",
            "snapshots/agentcore 2024-11-05/tools-list/baseline",
            r##"{"tools":[{"annotations":{"destructiveHint":false,"idempotentHint":true,"openWorldHint":false,"readOnlyHint":true},"description":"Checks a text against content rules (emptiness, length, forbidden terms, disclaimer) and returns every violation with its position.","inputSchema":{"$schema":"https://json-schema.org/draft/2020-12/schema","additionalProperties":false,"properties":{"content":{"description":"The text to check.","type":"string"},"forbidden_terms":{"default":null,"description":"Terms that must not occur (matched case-insensitively).","items":{"type":"string"},"type":["array","null"]},"max_length":{"default":null,"description":"Maximum number of characters allowed.","format":"uint32","minimum":0,"type":["integer","null"]},"require_disclaimer":{"default":null,"description":"Require the text to contain \"Disclaimer:\".","type":["boolean","null"]}},"required":["content"],"type":"object"},"name":"validate_content","outputSchema":{"$defs":{"Finding":{"description":"One violated rule.","properties":{"message":{"description":"A sentence a person can act on.","type":"string"},"rule":{"$ref":"#/$defs/Rule","description":"Which rule was violated."},"span":{"anyOf":[{"$ref":"#/$defs/Span"},{"type":"null"}],"description":"Where in `content` the violation is, when it has a place."}},"required":["rule","message"],"type":"object"},"Rule":{"description":"The rules, in the order they are checked.","enum":["empty_content","max_length","forbidden_term","missing_disclaimer"],"type":"string"},"Span":{"description":"A half-open character range `[start, end)` into `content`.","properties":{"end":{"format":"uint","minimum":0,"type":"integer"},"start":{"format":"uint","minimum":0,"type":"integer"}},"required":["start","end"],"type":"object"}},"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{"findings":{"description":"One entry per violated rule, in rule order.","items":{"$ref":"#/$defs/Finding"},"type":"array"},"valid":{"description":"True when no rule produced a finding.","type":"boolean"}},"required":["valid","findings"],"type":"object"},"title":"Validate content"}]}"##,
        ),
        (
            V2024_11_05,
            "tools/list",
            "snapshots/python-sdk-1 2024-11-05/tools-list/baseline",
            r##"{"tools":[{"description":"Validate text content against simple deterministic rules.","inputSchema":{"properties":{"content":{"title":"Content","type":"string"},"forbidden_terms":{"anyOf":[{"items":{"type":"string"},"type":"array"},{"type":"null"}],"default":null,"title":"Forbidden Terms"},"max_length":{"anyOf":[{"type":"integer"},{"type":"null"}],"default":null,"title":"Max Length"},"require_disclaimer":{"default":false,"title":"Require Disclaimer","type":"boolean"}},"required":["content"],"title":"validate_contentArguments","type":"object"},"name":"validate_content","outputSchema":{"$defs":{"Finding":{"properties":{"message":{"title":"Message","type":"string"},"rule":{"title":"Rule","type":"string"},"span":{"$ref":"#/$defs/Span"}},"required":["rule","message"],"title":"Finding","type":"object"},"Span":{"properties":{"end":{"title":"End","type":"integer"},"start":{"title":"Start","type":"integer"}},"required":["start","end"],"title":"Span","type":"object"}},"properties":{"findings":{"items":{"$ref":"#/$defs/Finding"},"title":"Findings","type":"array"},"valid":{"title":"Valid","type":"boolean"}},"required":["valid","findings"],"title":"ValidationResult","type":"object"}}]}"##,
        ),
        (
            V2026_07_28,
            "tools/list",
            "snapshots/agentcore 2026-07-28/tools-list/baseline",
            r##"{"cacheScope":"private","resultType":"complete","tools":[{"annotations":{"destructiveHint":false,"idempotentHint":true,"openWorldHint":false,"readOnlyHint":true},"description":"Checks a text against content rules (emptiness, length, forbidden terms, disclaimer) and returns every violation with its position.","inputSchema":{"$schema":"https://json-schema.org/draft/2020-12/schema","additionalProperties":false,"properties":{"content":{"description":"The text to check.","type":"string"},"forbidden_terms":{"default":null,"description":"Terms that must not occur (matched case-insensitively).","items":{"type":"string"},"type":["array","null"]},"max_length":{"default":null,"description":"Maximum number of characters allowed.","format":"uint32","minimum":0,"type":["integer","null"]},"require_disclaimer":{"default":null,"description":"Require the text to contain \"Disclaimer:\".","type":["boolean","null"]}},"required":["content"],"type":"object"},"name":"validate_content","outputSchema":{"$defs":{"Finding":{"description":"One violated rule.","properties":{"message":{"description":"A sentence a person can act on.","type":"string"},"rule":{"$ref":"#/$defs/Rule","description":"Which rule was violated."},"span":{"anyOf":[{"$ref":"#/$defs/Span"},{"type":"null"}],"description":"Where in `content` the violation is, when it has a place."}},"required":["rule","message"],"type":"object"},"Rule":{"description":"The rules, in the order they are checked.","enum":["empty_content","max_length","forbidden_term","missing_disclaimer"],"type":"string"},"Span":{"description":"A half-open character range `[start, end)` into `content`.","properties":{"end":{"format":"uint","minimum":0,"type":"integer"},"start":{"format":"uint","minimum":0,"type":"integer"}},"required":["start","end"],"type":"object"}},"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{"findings":{"description":"One entry per violated rule, in rule order.","items":{"$ref":"#/$defs/Finding"},"type":"array"},"valid":{"description":"True when no rule produced a finding.","type":"boolean"}},"required":["valid","findings"],"type":"object"},"title":"Validate content"}],"ttlMs":0}"##,
        ),
        (
            V2026_07_28,
            "tools/list",
            "snapshots/python-sdk-2 2026-07-28/tools-list/baseline",
            r##"{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"arc-peer-v2","version":"[version]"}},"cacheScope":"private","resultType":"complete","tools":[{"description":"Validate text content against simple deterministic rules.","inputSchema":{"properties":{"content":{"title":"Content","type":"string"},"forbidden_terms":{"anyOf":[{"items":{"type":"string"},"type":"array"},{"type":"null"}],"default":null,"title":"Forbidden Terms"},"max_length":{"anyOf":[{"type":"integer"},{"type":"null"}],"default":null,"title":"Max Length"},"require_disclaimer":{"default":false,"title":"Require Disclaimer","type":"boolean"}},"required":["content"],"title":"validate_contentArguments","type":"object"},"name":"validate_content","outputSchema":{"$defs":{"Finding":{"properties":{"message":{"title":"Message","type":"string"},"rule":{"title":"Rule","type":"string"},"span":{"$ref":"#/$defs/Span"}},"required":["rule","message"],"title":"Finding","type":"object"},"Span":{"properties":{"end":{"title":"End","type":"integer"},"start":{"title":"Start","type":"integer"}},"required":["start","end"],"title":"Span","type":"object"}},"properties":{"findings":{"items":{"$ref":"#/$defs/Finding"},"title":"Findings","type":"array"},"valid":{"title":"Valid","type":"boolean"}},"required":["valid","findings"],"title":"ValidationResult","type":"object"}}],"ttlMs":0}"##,
        ),
        (
            V2025_06_18,
            "tools/list",
            "raw-paged_v2 2025-06-18 tools/list page 3, cursor cGFnZWQtdjIvdG9vbHMvb2Zmc2V0PTQ",
            r##"{"tools":[{"annotations":{"destructiveHint":true,"idempotentHint":true,"openWorldHint":false,"readOnlyHint":false},"description":"Delete a stored note (destructive change).","inputSchema":{"properties":{"note_id":{"title":"Note Id","type":"string"}},"required":["note_id"],"type":"object","additionalProperties":false,"title":"DeleteNoteArgs"},"name":"delete_note"}]}"##,
        ),
        (
            V2026_07_28,
            "tools/list",
            "raw-paged_v2 2026-07-28 tools/list page 3, cursor cGFnZWQtdjIvdG9vbHMvb2Zmc2V0PTQ",
            r##"{"cacheScope":"private","resultType":"complete","tools":[{"annotations":{"destructiveHint":true,"idempotentHint":true,"openWorldHint":false,"readOnlyHint":false},"description":"Delete a stored note (destructive change).","inputSchema":{"type":"object","additionalProperties":false,"properties":{"note_id":{"title":"Note Id","type":"string"}},"required":["note_id"],"title":"DeleteNoteArgs"},"name":"delete_note"}],"ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"paged-peer-v2","version":"1.0.0"}}}"##,
        ),
        (
            V2026_07_28,
            "server/discover",
            "snapshots/agentcore 2026-07-28/server-discover/baseline",
            r##"{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"arc-server","version":"[version]"}},"cacheScope":"private","capabilities":{"tools":{}},"instructions":"Call validate_content to check a text against content rules.","resultType":"complete","supportedVersions":["2024-11-05","2025-03-26","2025-06-18","2025-11-25","2026-07-28"],"ttlMs":0}"##,
        ),
        (
            V2026_07_28,
            "server/discover",
            "snapshots/python-sdk-2 2026-07-28/server-discover/baseline",
            r##"{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"arc-peer-v2","version":"[version]"}},"cacheScope":"private","capabilities":{"prompts":{"listChanged":true},"resources":{"listChanged":true,"subscribe":true},"tools":{"listChanged":true}},"resultType":"complete","supportedVersions":["2026-07-28"],"ttlMs":0}"##,
        ),
        (
            V2026_07_28,
            "server/discover",
            "raw-paged_v2 2026-07-28 server/discover",
            r##"{"cacheScope":"private","capabilities":{"tools":{"listChanged":false}},"instructions":"Five small tools, listed two per page.","resultType":"complete","supportedVersions":["2026-07-28"],"ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"paged-peer-v2","version":"1.0.0"}}}"##,
        ),
        (
            V2025_06_18,
            "tools/call",
            "snapshots/agentcore 2025-06-18/tools-call/baseline",
            r##"{"content":[{"text":"{\"findings\":[{\"message\":\"content has 19 characters; the limit is 10\",\"rule\":\"max_length\",\"span\":{\"end\":19,\"start\":10}},{\"message\":\"content contains the forbidden term \\\"CHEAP\\\"\",\"rule\":\"forbidden_term\",\"span\":{\"end\":9,\"start\":4}},{\"message\":\"content must contain \\\"Disclaimer:\\\"\",\"rule\":\"missing_disclaimer\"}],\"valid\":false}","type":"text"}],"isError":false,"structuredContent":{"findings":[{"message":"content has 19 characters; the limit is 10","rule":"max_length","span":{"end":19,"start":10}},{"message":"content contains the forbidden term \"CHEAP\"","rule":"forbidden_term","span":{"end":9,"start":4}},{"message":"content must contain \"Disclaimer:\"","rule":"missing_disclaimer"}],"valid":false}}"##,
        ),
        (
            V2025_06_18,
            "tools/call",
            "snapshots/python-sdk-1 2025-06-18/tools-call/baseline",
            r##"{"content":[{"text":"{\n  \"valid\": false,\n  \"findings\": [\n    {\n      \"rule\": \"max_length\",\n      \"message\": \"content has 19 characters; the limit is 10\",\n      \"span\": {\n        \"start\": 10,\n        \"end\": 19\n      }\n    },\n    {\n      \"rule\": \"forbidden_term\",\n      \"message\": \"content contains the forbidden term \\\"CHEAP\\\"\",\n      \"span\": {\n        \"start\": 4,\n        \"end\": 9\n      }\n    },\n    {\n      \"rule\": \"missing_disclaimer\",\n      \"message\": \"content must contain \\\"Disclaimer:\\\"\"\n    }\n  ]\n}","type":"text"}],"isError":false,"structuredContent":{"findings":[{"message":"content has 19 characters; the limit is 10","rule":"max_length","span":{"end":19,"start":10}},{"message":"content contains the forbidden term \"CHEAP\"","rule":"forbidden_term","span":{"end":9,"start":4}},{"message":"content must contain \"Disclaimer:\"","rule":"missing_disclaimer"}],"valid":false}}"##,
        ),
        (
            V2026_07_28,
            "tools/call",
            "snapshots/python-sdk-2 2026-07-28/tools-call/baseline",
            r##"{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"arc-peer-v2","version":"[version]"}},"content":[{"text":"{\n  \"valid\": false,\n  \"findings\": [\n    {\n      \"rule\": \"max_length\",\n      \"message\": \"content has 19 characters; the limit is 10\",\n      \"span\": {\n        \"start\": 10,\n        \"end\": 19\n      }\n    },\n    {\n      \"rule\": \"forbidden_term\",\n      \"message\": \"content contains the forbidden term \\\"CHEAP\\\"\",\n      \"span\": {\n        \"start\": 4,\n        \"end\": 9\n      }\n    },\n    {\n      \"rule\": \"missing_disclaimer\",\n      \"message\": \"content must contain \\\"Disclaimer:\\\"\"\n    }\n  ]\n}","type":"text"}],"isError":false,"resultType":"complete","structuredContent":{"findings":[{"message":"content has 19 characters; the limit is 10","rule":"max_length","span":{"end":19,"start":10}},{"message":"content contains the forbidden term \"CHEAP\"","rule":"forbidden_term","span":{"end":9,"start":4}},{"message":"content must contain \"Disclaimer:\"","rule":"missing_disclaimer"}],"valid":false}}"##,
        ),
        (
            V2026_07_28,
            "tools/call",
            "snapshots/agentcore 2026-07-28/tools-call-invalid-arguments/baseline",
            r##"{"content":[{"text":"Invalid arguments for validate_content: invalid type: integer `5`, expected a string","type":"text"}],"isError":true,"resultType":"complete"}"##,
        ),
        (
            V2025_06_18,
            "tools/call",
            "raw-paged_v2 2025-06-18 tools/call valid, structured",
            r##"{"content":[{"text":"{\"sum\": 5}","type":"text"}],"isError":false,"structuredContent":{"sum":5}}"##,
        ),
        (
            V2026_07_28,
            "tools/call",
            "raw-paged_v2 2026-07-28 tools/call valid, structured",
            r##"{"content":[{"text":"{\"sum\": 5}","type":"text"}],"isError":false,"resultType":"complete","structuredContent":{"sum":5},"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"paged-peer-v2","version":"1.0.0"}}}"##,
        ),
        (
            V2025_06_18,
            "tools/call",
            "raw-paged_v2 2025-06-18 tools/call missing required b",
            r##"{"content":[{"text":"Invalid arguments for tool add: b: Field required","type":"text"}],"isError":true}"##,
        ),
        (
            V2025_06_18,
            "ping",
            "raw-forecast_v1 2025-06-18 ping",
            r##"{}"##,
        ),
        (
            V2025_06_18,
            "resources/list",
            "raw-forecast_v1 2025-06-18 resources/list",
            r##"{"resources":[{"name":"cities","uri":"weather://cities","description":"The cities this server has forecasts for.","mimeType":"application/json"}]}"##,
        ),
        (
            V2025_06_18,
            "resources/templates/list",
            "raw-forecast_v1 2025-06-18 resources/templates/list",
            r##"{"resourceTemplates":[{"name":"forecast","uriTemplate":"weather://forecast/{city}","description":"3-day forecast for one city, as plain text.","mimeType":"text/plain"}]}"##,
        ),
        (
            V2025_06_18,
            "resources/read",
            "raw-forecast_v1 2025-06-18 resources/read static",
            r##"{"contents":[{"uri":"weather://cities","mimeType":"application/json","text":"{\"cities\": [\"Berlin\", \"Lisbon\", \"Oslo\", \"Paris\", \"Tokyo\"]}"}]}"##,
        ),
        (
            V2025_06_18,
            "prompts/list",
            "raw-forecast_v1 2025-06-18 prompts/list",
            r##"{"prompts":[{"name":"forecast_summary","description":"Ask for a summary of a city's forecast.","arguments":[{"name":"city","required":true},{"name":"style","required":false}]}]}"##,
        ),
        (
            V2025_06_18,
            "prompts/get",
            "raw-forecast_v1 2025-06-18 prompts/get with arguments",
            r##"{"description":"Ask for a summary of a city's forecast.","messages":[{"role":"user","content":{"type":"text","text":"Summarise the weather forecast for Paris day by day, with temperatures. Use the get_forecast tool for the data."}}]}"##,
        ),
        (
            V2025_06_18,
            "completion/complete",
            "raw-forecast_v1 2025-06-18 completion/complete prompt city 'P'",
            r##"{"completion":{"values":["Paris"],"total":1,"hasMore":false}}"##,
        ),
        (
            V2025_06_18,
            "completion/complete",
            "raw-forecast_v1 2025-06-18 completion/complete unknown prompt ref",
            r##"{"completion":{"values":[]}}"##,
        ),
        (
            V2026_07_28,
            "resources/list",
            "raw-forecast_on_mcpserver_v2 2026-07-28 resources/list",
            r##"{"cacheScope":"private","resources":[{"description":"The cities this server has forecasts for.","mimeType":"application/json","name":"cities","uri":"weather://cities"}],"resultType":"complete","ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
        (
            V2026_07_28,
            "resources/templates/list",
            "raw-forecast_on_mcpserver_v2 2026-07-28 resources/templates/list",
            r##"{"cacheScope":"private","resourceTemplates":[{"description":"3-day forecast for one city, as plain text.","mimeType":"text/plain","name":"forecast","uriTemplate":"weather://forecast/{city}"}],"resultType":"complete","ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
        (
            V2026_07_28,
            "resources/read",
            "raw-forecast_on_mcpserver_v2 2026-07-28 resources/read static",
            r##"{"cacheScope":"private","contents":[{"mimeType":"application/json","text":"{\"cities\": [\"Berlin\", \"Lisbon\", \"Oslo\", \"Paris\", \"Tokyo\"]}","uri":"weather://cities"}],"resultType":"complete","ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
        (
            V2026_07_28,
            "prompts/list",
            "raw-forecast_on_mcpserver_v2 2026-07-28 prompts/list",
            r##"{"cacheScope":"private","prompts":[{"arguments":[{"name":"city","required":true},{"name":"style","required":false}],"description":"Ask for a summary of a city's forecast.","name":"forecast_summary"}],"resultType":"complete","ttlMs":0,"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
        (
            V2026_07_28,
            "prompts/get",
            "raw-forecast_on_mcpserver_v2 2026-07-28 prompts/get with arguments",
            r##"{"description":"Ask for a summary of a city's forecast.","messages":[{"content":{"text":"Summarise the weather forecast for Paris day by day, with temperatures. Use the get_forecast tool for the data.","type":"text"},"role":"user"}],"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
        (
            V2026_07_28,
            "completion/complete",
            "raw-forecast_on_mcpserver_v2 2026-07-28 completion/complete prompt city 'P'",
            r##"{"completion":{"hasMore":false,"total":1,"values":["Paris"]},"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"forecast-probe-v2","version":""}}}"##,
        ),
    ]
}

#[test]
fn real_server_results_conform() {
    for (version, method, origin, text) in real_results() {
        let result: Value = serde_json::from_str(text).expect(origin);
        let found = violations(version, method, &result);
        assert!(found.is_empty(), "{origin}: {found:#?}");
    }
}
