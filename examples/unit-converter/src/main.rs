//! unit-converter: an example MCP server that is not mcp-matrix's reference
//! server. It converts temperatures (a tool that returns text and declares no
//! outputSchema) and publishes its units (a resource), stateless Streamable
//! HTTP on `0.0.0.0:8000/mcp` as AgentCore Runtime expects. Its own
//! `tests/matrix.rs` runs mcp-matrix against its image.

use std::sync::Arc;

use anyhow::Context;
use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{
        CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
        JsonObject, ListResourcesResult, ListToolsResult, PaginatedRequestParams, ProtocolVersion,
        ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
        ResourceContents, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
    },
    service::RequestContext,
    transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    },
};
use schemars::JsonSchema;
use serde::Deserialize;

const TOOL: &str = "convert_temperature";
const UNITS_URI: &str = "units://temperature";

/// Arguments of `convert_temperature`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ConvertInput {
    /// The temperature to convert.
    value: f64,
    /// The unit `value` is in; the result is in the other one.
    from: Unit,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Unit {
    Celsius,
    Fahrenheit,
}

fn convert(input: &ConvertInput) -> String {
    match input.from {
        Unit::Celsius => format!("{:.1} °F", input.value * 9.0 / 5.0 + 32.0),
        Unit::Fahrenheit => format!("{:.1} °C", (input.value - 32.0) * 5.0 / 9.0),
    }
}

#[derive(Clone)]
struct UnitConverter {
    tool: Arc<Tool>,
}

impl UnitConverter {
    fn new() -> Self {
        let tool = Tool::new(
            TOOL,
            "Converts a temperature between Celsius and Fahrenheit.",
            JsonObject::new(),
        )
        .with_input_schema::<ConvertInput>()
        .with_annotations(ToolAnnotations::new().read_only(true).open_world(false));
        Self {
            tool: Arc::new(tool),
        }
    }
}

/// Invalid arguments are a protocol error (-32602) up to 2025-06-18 and a
/// tool execution error from 2025-11-25 on (spec, server/tools, "Error
/// Handling"); a request without a version counts as 2025-03-26.
fn input_errors_in_result(version: Option<ProtocolVersion>) -> bool {
    version.is_some_and(|version| version >= ProtocolVersion::V_2025_11_25)
}

impl ServerHandler for UnitConverter {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new(
            "unit-converter",
            env!("CARGO_PKG_VERSION"),
        ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(vec![(*self.tool).clone()]))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        (name == TOOL).then(|| (*self.tool).clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if request.name != TOOL {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            ));
        }
        let arguments = serde_json::Value::Object(request.arguments.unwrap_or_default());
        match serde_json::from_value::<ConvertInput>(arguments) {
            Ok(input) => {
                Ok(CallToolResult::success(vec![ContentBlock::text(convert(&input))]).into())
            }
            Err(error) => {
                let message = format!("Invalid arguments for {TOOL}: {error}");
                if input_errors_in_result(context.protocol_version()) {
                    Ok(CallToolResult::error(vec![ContentBlock::text(message)]).into())
                } else {
                    Err(ErrorData::invalid_params(message, None))
                }
            }
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let mut units = Resource::new(UNITS_URI, "temperature-units");
        units.mime_type = Some("text/plain".to_owned());
        Ok(ListResourcesResult::with_all_items(vec![units]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        if request.uri == UNITS_URI {
            return Ok(ReadResourceResult::new(vec![ResourceContents::text(
                "celsius\nfahrenheit\n",
                UNITS_URI,
            )])
            .into());
        }
        let message = format!("Resource not found: {}", request.uri);
        // -32002 until 2025-11-25; 2026-07-28 answers -32602 (spec,
        // server/resources, "Error Handling").
        if context.protocol_version() >= Some(ProtocolVersion::V_2026_07_28) {
            Err(ErrorData::invalid_params(message, None))
        } else {
            Err(ErrorData::resource_not_found(message, None))
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = StreamableHttpServerConfig::default()
        // Stateless, and reached through AgentCore's Host: see arc-server.
        .with_legacy_session_mode(false)
        .disable_allowed_hosts();
    let service = StreamableHttpService::new(
        || Ok(UnitConverter::new()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let app = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8000")
        .await
        .context("cannot listen on 0.0.0.0:8000")?;
    println!("unit-converter listening on http://0.0.0.0:8000/mcp");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            use tokio::signal::unix::{SignalKind, signal};
            if let Ok(mut terminate) = signal(SignalKind::terminate()) {
                terminate.recv().await;
            } else {
                std::future::pending::<()>().await;
            }
        })
        .await
        .context("server stopped with an error")
}
