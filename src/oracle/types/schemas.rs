//! The result types themselves: small JSON Schemas of our own, derived from
//! `schema/<version>/schema.ts`, with every difference between versions in
//! code. Each function names the interface it stands for.

use serde_json::{Map, Value, json};

use crate::protocol::ProtocolVersion::{self, V2025_03_26, V2025_06_18, V2025_11_25};

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

/// A protocol version, ordered, for "since" tests.
#[derive(Clone, Copy)]
pub(super) struct Rev(u8);

impl Rev {
    pub(super) const fn of(version: ProtocolVersion) -> Self {
        Self(match version {
            ProtocolVersion::V2024_11_05 => 0,
            ProtocolVersion::V2025_03_26 => 1,
            ProtocolVersion::V2025_06_18 => 2,
            ProtocolVersion::V2025_11_25 => 3,
            ProtocolVersion::V2026_07_28 => 4,
        })
    }

    /// Whether this is `version` or a later one.
    pub(super) const fn since(self, version: ProtocolVersion) -> bool {
        self.0 >= Self::of(version).0
    }

    pub(super) const fn is(self, version: ProtocolVersion) -> bool {
        self.0 == Self::of(version).0
    }

    /// 2026-07-28 on: `resultType` on every result, cacheable results, no `initialize`.
    pub(super) const fn modern(self) -> bool {
        self.since(ProtocolVersion::V2026_07_28)
    }
}

// ---------------------------------------------------------------------------------------------
// Schema building blocks
// ---------------------------------------------------------------------------------------------

/// An object type under construction: its members, required or optional.
struct Obj {
    title: &'static str,
    properties: Map<String, Value>,
    required: Vec<&'static str>,
    extra: Map<String, Value>,
}

impl Obj {
    pub(super) fn new(title: &'static str) -> Self {
        Self {
            title,
            properties: Map::new(),
            required: Vec::new(),
            extra: Map::new(),
        }
    }

    /// A member the type requires (TypeScript `name: T`).
    fn req(mut self, name: &'static str, schema: Value) -> Self {
        self.required.push(name);
        self.properties.insert(name.to_owned(), schema);
        self
    }

    /// An optional member (TypeScript `name?: T`): absent, `null` (tolerated), or a `T`.
    fn opt(mut self, name: &'static str, schema: Value) -> Self {
        let schema = json!({"if": {"type": "null"}, "else": schema});
        self.properties.insert(name.to_owned(), schema);
        self
    }

    /// An optional member that exists only when `defined` (in some versions).
    fn opt_if(self, defined: bool, name: &'static str, schema: impl FnOnce() -> Value) -> Self {
        if defined {
            self.opt(name, schema())
        } else {
            self
        }
    }

    /// Another keyword for the object's schema.
    fn with(mut self, keyword: &str, value: Value) -> Self {
        self.extra.insert(keyword.to_owned(), value);
        self
    }

    fn build(self) -> Value {
        let mut schema = Map::new();
        schema.insert("title".to_owned(), json!(self.title));
        schema.insert("type".to_owned(), json!("object"));
        if !self.required.is_empty() {
            schema.insert("required".to_owned(), json!(self.required));
        }
        schema.insert("properties".to_owned(), Value::Object(self.properties));
        schema.extend(self.extra);
        Value::Object(schema)
    }
}

fn string() -> Value {
    json!({"type": "string"})
}

fn boolean() -> Value {
    json!({"type": "boolean"})
}

/// TypeScript `number`, as any JSON number.
fn number() -> Value {
    json!({"type": "number"})
}

/// TypeScript `object` (or `JSONObject`): any JSON object.
fn object() -> Value {
    json!({"type": "object"})
}

fn array_of(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// TypeScript `{ [key: string]: T }`.
fn map_of(values: Value) -> Value {
    json!({"type": "object", "additionalProperties": values})
}

fn one_of(values: &[&str]) -> Value {
    json!({ "enum": values })
}

fn tag(value: &str) -> Value {
    json!({ "const": value })
}

/// A union told apart by its `type` member: each `(tag, schema)` applies where `type` is `tag`,
/// and any other `type` is reported.
fn tagged_union(title: &'static str, kinds: Vec<(&'static str, Value)>) -> Value {
    let tags: Vec<&str> = kinds.iter().map(|(tag, _)| *tag).collect();
    let branches: Vec<Value> = kinds
        .into_iter()
        .map(|(tag, schema)| {
            json!({
                "if": {"required": ["type"], "properties": {"type": {"const": tag}}},
                "then": schema,
            })
        })
        .collect();
    json!({
        "title": title,
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": tags}},
        "allOf": branches,
    })
}

/// `_meta?: { [key: string]: unknown }` (2025-06-18 on for the types that have it; `MetaObject`
/// in 2026-07-28, the same shape).
fn meta() -> Value {
    object()
}

/// `Role`: `"user" | "assistant"` (every version).
fn role() -> Value {
    one_of(&["user", "assistant"])
}

// ---------------------------------------------------------------------------------------------
// Common types
// ---------------------------------------------------------------------------------------------

/// `Result` (every version): `_meta?` is an object; 2026-07-28 adds the required
/// `resultType: ResultType` (`"complete" | "input_required" | string`) and types `_meta` as
/// `ResultMetaObject`.
fn result(rev: Rev, title: &'static str) -> Obj {
    let result = Obj::new(title).opt("_meta", result_meta(rev));
    if rev.modern() {
        result.req("resultType", string())
    } else {
        result
    }
}

/// `ResultMetaObject` (2026-07-28): `"io.modelcontextprotocol/serverInfo"?: Implementation`;
/// before, `Result._meta` is any object.
fn result_meta(rev: Rev) -> Value {
    if rev.modern() {
        Obj::new("ResultMetaObject")
            .opt("io.modelcontextprotocol/serverInfo", implementation(rev))
            .build()
    } else {
        meta()
    }
}

/// `PaginatedResult` (every version): `nextCursor?: Cursor` (a string).
fn paginated(result: Obj) -> Obj {
    result.opt("nextCursor", string())
}

/// `CacheableResult` (2026-07-28): `ttlMs: number` (`@minimum 0`, an integer) and
/// `cacheScope: "public" | "private"`; nothing before.
fn cacheable(rev: Rev, result: Obj) -> Obj {
    if rev.modern() {
        result
            .req("ttlMs", json!({"type": "integer", "minimum": 0}))
            .req("cacheScope", one_of(&["public", "private"]))
    } else {
        result
    }
}

/// `Icon` (2025-11-25 on): `src`, `mimeType?`, `sizes?: string[]`, `theme?: "light" | "dark"`.
fn icons() -> Value {
    array_of(
        Obj::new("Icon")
            .req("src", string())
            .opt("mimeType", string())
            .opt("sizes", array_of(string()))
            .opt("theme", one_of(&["light", "dark"]))
            .build(),
    )
}

/// `Implementation`: `name`, `version` (every version); `title?` (`BaseMetadata`, 2025-06-18
/// on); `icons?` (`Icons`), `description?`, `websiteUrl?` (2025-11-25 on).
fn implementation(rev: Rev) -> Value {
    Obj::new("Implementation")
        .req("name", string())
        .req("version", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt_if(rev.since(V2025_11_25), "icons", icons)
        .opt_if(rev.since(V2025_11_25), "description", string)
        .opt_if(rev.since(V2025_11_25), "websiteUrl", string)
        .build()
}

/// `ServerCapabilities`: `experimental?: { [key: string]: object }`, `logging?: object`,
/// `prompts?: { listChanged? }`, `resources?: { subscribe?, listChanged? }`,
/// `tools?: { listChanged? }` (every version); `completions?: object` (2025-03-26 on);
/// `tasks?` (2025-11-25 only); `extensions?: { [key: string]: JSONObject }` (2026-07-28).
fn server_capabilities(rev: Rev) -> Value {
    let list_changed = |title| Obj::new(title).opt("listChanged", boolean()).build();
    Obj::new("ServerCapabilities")
        .opt("experimental", map_of(object()))
        .opt("logging", object())
        .opt_if(rev.since(V2025_03_26), "completions", object)
        .opt("prompts", list_changed("ServerCapabilities.prompts"))
        .opt(
            "resources",
            Obj::new("ServerCapabilities.resources")
                .opt("subscribe", boolean())
                .opt("listChanged", boolean())
                .build(),
        )
        .opt("tools", list_changed("ServerCapabilities.tools"))
        .opt_if(rev.is(V2025_11_25), "tasks", || {
            Obj::new("ServerCapabilities.tasks")
                .opt("list", object())
                .opt("cancel", object())
                .opt(
                    "requests",
                    Obj::new("ServerCapabilities.tasks.requests")
                        .opt(
                            "tools",
                            Obj::new("ServerCapabilities.tasks.requests.tools")
                                .opt("call", object())
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
        .opt_if(rev.modern(), "extensions", || map_of(object()))
        .build()
}

/// `Annotations` (2025-03-26 on; in 2024-11-05 the same members inline in
/// `Annotated.annotations`): `audience?: Role[]`, `priority?: number`; `lastModified?: string`
/// (2025-06-18 on).
fn annotations(rev: Rev) -> Value {
    let title = if rev.since(V2025_03_26) {
        "Annotations"
    } else {
        "Annotated.annotations"
    };
    Obj::new(title)
        .opt("audience", array_of(role()))
        .opt("priority", number())
        .opt_if(rev.since(V2025_06_18), "lastModified", string)
        .build()
}

// ---------------------------------------------------------------------------------------------
// Resources and content
// ---------------------------------------------------------------------------------------------

/// The members of `Resource`: `uri`, `name`, `description?`, `mimeType?`, `size?: number`,
/// `annotations?` (every version; `Annotated` in 2024-11-05); `title?` (`BaseMetadata`) and
/// `_meta?` (2025-06-18 on); `icons?` (2025-11-25 on).
fn resource_members(rev: Rev, resource: Obj) -> Obj {
    resource
        .req("uri", string())
        .req("name", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt("description", string())
        .opt("mimeType", string())
        .opt("annotations", annotations(rev))
        .opt("size", number())
        .opt_if(rev.since(V2025_11_25), "icons", icons)
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
}

/// `Resource`.
fn resource(rev: Rev) -> Value {
    resource_members(rev, Obj::new("Resource")).build()
}

/// `ResourceTemplate`: `uriTemplate`, `name`, `description?`, `mimeType?`, `annotations?`
/// (every version); `title?`, `_meta?` (2025-06-18 on); `icons?` (2025-11-25 on).
fn resource_template(rev: Rev) -> Value {
    Obj::new("ResourceTemplate")
        .req("uriTemplate", string())
        .req("name", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt("description", string())
        .opt("mimeType", string())
        .opt("annotations", annotations(rev))
        .opt_if(rev.since(V2025_11_25), "icons", icons)
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

/// `TextResourceContents | BlobResourceContents`, the items of `ReadResourceResult.contents`
/// and `EmbeddedResource.resource` (every version). `ResourceContents` gives both `uri` and
/// `mimeType?` (and `_meta?` from 2025-06-18); `TextResourceContents` adds `text`,
/// `BlobResourceContents` adds `blob`.
///
/// Told apart by their members, as the union is: an item with a string `text` is judged as
/// text contents; else one with `blob` as blob contents; else one with `text` (not a string) as
/// text contents; an item with neither is reported as such.
fn resource_contents(rev: Rev) -> Value {
    let contents = |title, member| {
        Obj::new(title)
            .req("uri", string())
            .opt("mimeType", string())
            .opt_if(rev.since(V2025_06_18), "_meta", meta)
            .req(member, string())
            .build()
    };
    let text = contents("TextResourceContents", "text");
    Obj::new("TextResourceContents | BlobResourceContents")
        .with(
            "anyOf",
            json!([{"required": ["text"]}, {"required": ["blob"]}]),
        )
        .with(
            "if",
            json!({"required": ["text"], "properties": {"text": {"type": "string"}}}),
        )
        .with("then", text.clone())
        .with(
            "else",
            json!({
                "if": {"required": ["blob"]},
                "then": contents("BlobResourceContents", "blob"),
                "else": {"if": {"required": ["text"]}, "then": text},
            }),
        )
        .build()
}

/// `TextContent`: `type: "text"`, `text`, `annotations?` (every version; `Annotated` in
/// 2024-11-05); `_meta?` (2025-06-18 on).
fn text_content(rev: Rev) -> Value {
    Obj::new("TextContent")
        .req("type", tag("text"))
        .req("text", string())
        .opt("annotations", annotations(rev))
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

/// `ImageContent` (every version) and `AudioContent` (2025-03-26 on): `type`, `data` (base64),
/// `mimeType`, `annotations?`; `_meta?` (2025-06-18 on).
fn media_content(rev: Rev, title: &'static str, kind: &str) -> Value {
    Obj::new(title)
        .req("type", tag(kind))
        .req("data", string())
        .req("mimeType", string())
        .opt("annotations", annotations(rev))
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

/// `EmbeddedResource`: `type: "resource"`, `resource`, `annotations?` (every version);
/// `_meta?` (2025-06-18 on).
fn embedded_resource(rev: Rev) -> Value {
    Obj::new("EmbeddedResource")
        .req("type", tag("resource"))
        .req("resource", resource_contents(rev))
        .opt("annotations", annotations(rev))
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

/// `ResourceLink extends Resource` with `type: "resource_link"` (2025-06-18 on).
fn resource_link(rev: Rev) -> Value {
    resource_members(rev, Obj::new("ResourceLink"))
        .req("type", tag("resource_link"))
        .build()
}

/// A content block of `CallToolResult.content` and `PromptMessage.content`:
/// `TextContent | ImageContent | EmbeddedResource` (2024-11-05), with `AudioContent`
/// (2025-03-26), and `ContentBlock`, which adds `ResourceLink` (2025-06-18 on).
fn content_block(rev: Rev) -> Value {
    let mut kinds = vec![
        ("text", text_content(rev)),
        ("image", media_content(rev, "ImageContent", "image")),
    ];
    if rev.since(V2025_03_26) {
        kinds.push(("audio", media_content(rev, "AudioContent", "audio")));
    }
    if rev.since(V2025_06_18) {
        kinds.push(("resource_link", resource_link(rev)));
    }
    kinds.push(("resource", embedded_resource(rev)));
    let title = if rev.since(V2025_06_18) {
        "ContentBlock"
    } else if rev.since(V2025_03_26) {
        "TextContent | ImageContent | AudioContent | EmbeddedResource"
    } else {
        "TextContent | ImageContent | EmbeddedResource"
    };
    tagged_union(title, kinds)
}

// ---------------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------------

/// A JSON Schema inside a tool definition where TypeScript says `object`: an object, or a
/// boolean schema (valid JSON Schema, tolerated).
fn subschema() -> Value {
    json!({"type": ["object", "boolean"]})
}

/// `Tool.inputSchema`: `type: "object"` (every version); up to 2025-11-25 also
/// `properties?: { [key: string]: object }` and `required?: string[]`; `$schema?: string`
/// (2025-11-25 on). In 2026-07-28 any other member is any JSON value.
fn input_schema(rev: Rev) -> Value {
    let schema = Obj::new("Tool.inputSchema")
        .req("type", tag("object"))
        .opt_if(rev.since(V2025_11_25), "$schema", string);
    if rev.modern() {
        schema.build()
    } else {
        schema
            .opt("properties", map_of(subschema()))
            .opt("required", array_of(string()))
            .build()
    }
}

/// `Tool.outputSchema` (2025-06-18 on): in 2025-06-18 and 2025-11-25 shaped like
/// `inputSchema` (`type: "object"`, `properties?`, `required?`; `$schema?` in 2025-11-25); in
/// 2026-07-28 `{ $schema?: string; [key: string]: unknown }`, "any valid JSON Schema 2020-12",
/// so a boolean schema is tolerated too.
fn output_schema(rev: Rev) -> Value {
    if rev.modern() {
        json!({
            "title": "Tool.outputSchema",
            "type": ["object", "boolean"],
            "properties": {"$schema": {"if": {"type": "null"}, "else": string()}},
        })
    } else {
        Obj::new("Tool.outputSchema")
            .req("type", tag("object"))
            .opt_if(rev.since(V2025_11_25), "$schema", string)
            .opt("properties", map_of(subschema()))
            .opt("required", array_of(string()))
            .build()
    }
}

/// `ToolAnnotations` (2025-03-26 on): `title?`, and the hints `readOnlyHint?`,
/// `destructiveHint?`, `idempotentHint?`, `openWorldHint?` (booleans).
fn tool_annotations() -> Value {
    Obj::new("ToolAnnotations")
        .opt("title", string())
        .opt("readOnlyHint", boolean())
        .opt("destructiveHint", boolean())
        .opt("idempotentHint", boolean())
        .opt("openWorldHint", boolean())
        .build()
}

/// `Tool`: `name`, `description?`, `inputSchema` (every version); `annotations?` (2025-03-26
/// on); `title?`, `outputSchema?`, `_meta?` (2025-06-18 on); `icons?` (2025-11-25 on);
/// `execution?: ToolExecution` (`taskSupport?: "forbidden" | "optional" | "required"`,
/// 2025-11-25 only).
fn tool(rev: Rev) -> Value {
    Obj::new("Tool")
        .req("name", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt("description", string())
        .req("inputSchema", input_schema(rev))
        .opt_if(rev.since(V2025_06_18), "outputSchema", || {
            output_schema(rev)
        })
        .opt_if(rev.since(V2025_03_26), "annotations", tool_annotations)
        .opt_if(rev.since(V2025_11_25), "icons", icons)
        .opt_if(rev.is(V2025_11_25), "execution", || {
            Obj::new("ToolExecution")
                .opt(
                    "taskSupport",
                    one_of(&["forbidden", "optional", "required"]),
                )
                .build()
        })
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

// ---------------------------------------------------------------------------------------------
// Prompts
// ---------------------------------------------------------------------------------------------

/// `Prompt`: `name`, `description?`, `arguments?: PromptArgument[]` (every version); `title?`,
/// `_meta?` (2025-06-18 on); `icons?` (2025-11-25 on). `PromptArgument`: `name`,
/// `description?`, `required?: boolean`; `title?` (2025-06-18 on).
fn prompt(rev: Rev) -> Value {
    let argument = Obj::new("PromptArgument")
        .req("name", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt("description", string())
        .opt("required", boolean())
        .build();
    Obj::new("Prompt")
        .req("name", string())
        .opt_if(rev.since(V2025_06_18), "title", string)
        .opt("description", string())
        .opt("arguments", array_of(argument))
        .opt_if(rev.since(V2025_11_25), "icons", icons)
        .opt_if(rev.since(V2025_06_18), "_meta", meta)
        .build()
}

/// `PromptMessage`: `role: Role`, `content` (one content block, see [`content_block`]).
fn prompt_message(rev: Rev) -> Value {
    Obj::new("PromptMessage")
        .req("role", role())
        .req("content", content_block(rev))
        .build()
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// Our schema of the type `type_name` in `rev`.
pub(super) fn schema_of(rev: Rev, type_name: &str) -> Value {
    match type_name {
        "InitializeResult" => initialize_result(rev),
        "EmptyResult" => result(rev, "EmptyResult").build(),
        "ListToolsResult" => list_tools_result(rev),
        "CallToolResult" => call_tool_result(rev),
        "ListResourcesResult" => list_resources_result(rev),
        "ListResourceTemplatesResult" => list_resource_templates_result(rev),
        "ReadResourceResult" => read_resource_result(rev),
        "ListPromptsResult" => list_prompts_result(rev),
        "GetPromptResult" => get_prompt_result(rev),
        "CompleteResult" => complete_result(rev),
        "DiscoverResult" => discover_result(rev),
        "InputRequiredResult" => input_required_result(rev),
        "CreateTaskResult" => create_task_result(rev),
        // Any other `resultType`: only what every `Result` has.
        "Result" => result(rev, "Result").build(),
        other => unreachable!("no schema for {other}"),
    }
}

/// `InitializeResult` (2024-11-05 to 2025-11-25): `protocolVersion`, `capabilities:
/// ServerCapabilities`, `serverInfo: Implementation`, `instructions?`.
fn initialize_result(rev: Rev) -> Value {
    result(rev, "InitializeResult")
        .req("protocolVersion", string())
        .req("capabilities", server_capabilities(rev))
        .req("serverInfo", implementation(rev))
        .opt("instructions", string())
        .build()
}

/// `ListToolsResult extends PaginatedResult` (and `CacheableResult` in 2026-07-28):
/// `tools: Tool[]`.
fn list_tools_result(rev: Rev) -> Value {
    cacheable(rev, paginated(result(rev, "ListToolsResult")))
        .req("tools", array_of(tool(rev)))
        .build()
}

/// `CallToolResult`: `content` (an array of content blocks) and `isError?: boolean` (every
/// version); `structuredContent?`: `{ [key: string]: unknown }` (2025-06-18, 2025-11-25), or
/// `unknown`, any JSON value (2026-07-28).
fn call_tool_result(rev: Rev) -> Value {
    result(rev, "CallToolResult")
        .req("content", array_of(content_block(rev)))
        .opt("isError", boolean())
        .opt_if(
            rev.since(V2025_06_18) && !rev.modern(),
            "structuredContent",
            object,
        )
        .build()
}

/// `ListResourcesResult extends PaginatedResult` (and `CacheableResult` in 2026-07-28):
/// `resources: Resource[]`.
fn list_resources_result(rev: Rev) -> Value {
    cacheable(rev, paginated(result(rev, "ListResourcesResult")))
        .req("resources", array_of(resource(rev)))
        .build()
}

/// `ListResourceTemplatesResult extends PaginatedResult` (and `CacheableResult` in
/// 2026-07-28): `resourceTemplates: ResourceTemplate[]`.
fn list_resource_templates_result(rev: Rev) -> Value {
    cacheable(rev, paginated(result(rev, "ListResourceTemplatesResult")))
        .req("resourceTemplates", array_of(resource_template(rev)))
        .build()
}

/// `ReadResourceResult` (`extends CacheableResult` in 2026-07-28):
/// `contents: (TextResourceContents | BlobResourceContents)[]`.
fn read_resource_result(rev: Rev) -> Value {
    cacheable(rev, result(rev, "ReadResourceResult"))
        .req("contents", array_of(resource_contents(rev)))
        .build()
}

/// `ListPromptsResult extends PaginatedResult` (and `CacheableResult` in 2026-07-28):
/// `prompts: Prompt[]`.
fn list_prompts_result(rev: Rev) -> Value {
    cacheable(rev, paginated(result(rev, "ListPromptsResult")))
        .req("prompts", array_of(prompt(rev)))
        .build()
}

/// `GetPromptResult`: `description?`, `messages: PromptMessage[]`.
fn get_prompt_result(rev: Rev) -> Value {
    result(rev, "GetPromptResult")
        .opt("description", string())
        .req("messages", array_of(prompt_message(rev)))
        .build()
}

/// `CompleteResult`: `completion: { values: string[]; total?: number; hasMore?: boolean }`.
fn complete_result(rev: Rev) -> Value {
    result(rev, "CompleteResult")
        .req(
            "completion",
            Obj::new("CompleteResult.completion")
                .req("values", array_of(string()))
                .opt("total", number())
                .opt("hasMore", boolean())
                .build(),
        )
        .build()
}

/// `DiscoverResult extends CacheableResult` (2026-07-28): `supportedVersions: string[]`,
/// `capabilities: ServerCapabilities`, `instructions?`.
fn discover_result(rev: Rev) -> Value {
    cacheable(rev, result(rev, "DiscoverResult"))
        .req("supportedVersions", array_of(string()))
        .req("capabilities", server_capabilities(rev))
        .opt("instructions", string())
        .build()
}

/// `InputRequiredResult` (2026-07-28): `inputRequests?: InputRequests`, a map whose values are
/// `InputRequest`s, i.e. `CreateMessageRequest | ListRootsRequest | ElicitRequest` (only their
/// `method` is checked, which must name one of the three), and `requestState?: string`. Its
/// "at least one of `inputRequests` or `requestState`" is prose, not a type, and not checked.
fn input_required_result(rev: Rev) -> Value {
    let input_request = Obj::new("InputRequest")
        .req(
            "method",
            one_of(&["sampling/createMessage", "roots/list", "elicitation/create"]),
        )
        .build();
    result(rev, "InputRequiredResult")
        .opt("inputRequests", map_of(input_request))
        .opt("requestState", string())
        .build()
}

/// `CreateTaskResult` (2025-11-25): `task: Task`, where `Task` has `taskId`, `status:
/// TaskStatus`, `statusMessage?`, `createdAt`, `lastUpdatedAt`, `ttl: number | null` and
/// `pollInterval?: number`.
fn create_task_result(rev: Rev) -> Value {
    let task = Obj::new("Task")
        .req("taskId", string())
        .req(
            "status",
            one_of(&[
                "working",
                "input_required",
                "completed",
                "failed",
                "cancelled",
            ]),
        )
        .opt("statusMessage", string())
        .req("createdAt", string())
        .req("lastUpdatedAt", string())
        .req("ttl", json!({"type": ["number", "null"]}))
        .opt("pollInterval", number())
        .build();
    result(rev, "CreateTaskResult").req("task", task).build()
}
