//! The MCP surface of arc-server: server metadata and the `validate_content` tool.
//!
//! Tools are listed and dispatched by hand rather than through rmcp's
//! `#[tool]` router because the answer to invalid arguments depends on the
//! protocol version of the request, which the router does not consider:
//!
//! - up to 2025-06-18, "Invalid arguments" is a *protocol error*
//!   (spec 2025-06-18, server/tools, "Error Handling"), so the server answers
//!   JSON-RPC error -32602;
//! - from 2025-11-25 on, "Input validation errors" are *tool execution errors*
//!   reported in the result with `isError: true` so a model can correct itself
//!   (spec 2025-11-25 and 2026-07-28, server/tools, "Error Handling").
//!
//! An unknown tool name stays a protocol error (-32602) in every version.

use std::sync::Arc;

use rmcp::{
    ErrorData, RoleServer, ServerHandler,
    model::{
        CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
        JsonObject, ListToolsResult, PaginatedRequestParams, ProtocolVersion, ServerCapabilities,
        ServerConfig, Tool, ToolAnnotations,
    },
    service::RequestContext,
};

use crate::validation::{ValidateContentInput, ValidationReport, validate};

/// The one tool this server offers.
pub const TOOL_NAME: &str = "validate_content";

/// The first version in which invalid tool input is a tool execution error.
const INPUT_ERRORS_IN_RESULT_SINCE: ProtocolVersion = ProtocolVersion::V_2025_11_25;

#[derive(Debug, Clone)]
pub struct ArcServer {
    tool: Arc<Tool>,
}

impl Default for ArcServer {
    fn default() -> Self {
        let tool = Tool::new(
            TOOL_NAME,
            "Checks a text against content rules (emptiness, length, forbidden terms, \
             disclaimer) and returns every violation with its position.",
            JsonObject::new(),
        )
        .with_input_schema::<ValidateContentInput>()
        .with_output_schema::<ValidationReport>()
        .with_title("Validate content")
        .with_annotations(
            ToolAnnotations::new()
                .read_only(true)
                .destructive(false)
                .idempotent(true)
                .open_world(false),
        );
        Self {
            tool: Arc::new(tool),
        }
    }
}

impl ServerHandler for ArcServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("arc-server", env!("CARGO_PKG_VERSION")))
            .with_instructions("Call validate_content to check a text against content rules.")
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(vec![(*self.tool).clone()]))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        (name == TOOL_NAME).then(|| (*self.tool).clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if request.name != TOOL_NAME {
            return Err(ErrorData::invalid_params(
                format!("Unknown tool: {}", request.name),
                None,
            ));
        }
        let arguments = serde_json::Value::Object(request.arguments.unwrap_or_default());
        let outcome = serde_json::from_value::<ValidateContentInput>(arguments)
            .map_err(|error| format!("Invalid arguments for {TOOL_NAME}: {error}"))
            .and_then(|input| {
                validate(&input)
                    .map_err(|error| format!("Invalid arguments for {TOOL_NAME}: {error}"))
            });
        match outcome {
            Ok(report) => {
                let value = serde_json::to_value(report)
                    .map_err(|error| ErrorData::internal_error(error.to_string(), None))?;
                Ok(CallToolResult::structured(value).into())
            }
            Err(message) if input_errors_in_result(context.protocol_version()) => {
                Ok(CallToolResult::error(vec![ContentBlock::text(message)]).into())
            }
            Err(message) => Err(ErrorData::invalid_params(message, None)),
        }
    }
}

/// Whether the request's protocol version reports invalid input in the tool
/// result. A request without any version is treated as 2025-03-26, the
/// transport's default for a missing `MCP-Protocol-Version` header
/// (spec 2025-06-18, basic/transports, "Protocol Version Header").
fn input_errors_in_result(version: Option<ProtocolVersion>) -> bool {
    version.is_some_and(|version| version >= INPUT_ERRORS_IN_RESULT_SINCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_move_into_the_result_from_2025_11_25() {
        assert!(!input_errors_in_result(None));
        assert!(!input_errors_in_result(Some(ProtocolVersion::V_2024_11_05)));
        assert!(!input_errors_in_result(Some(ProtocolVersion::V_2025_06_18)));
        assert!(input_errors_in_result(Some(ProtocolVersion::V_2025_11_25)));
        assert!(input_errors_in_result(Some(ProtocolVersion::V_2026_07_28)));
    }

    #[test]
    fn the_tool_declares_both_schemas() {
        let tool = ArcServer::default().tool;
        let input = serde_json::Value::Object((*tool.input_schema).clone());
        assert_eq!(input["required"], serde_json::json!(["content"]));
        assert_eq!(input["additionalProperties"], serde_json::json!(false));
        let output = tool.output_schema.as_ref().expect("output schema");
        assert!(output["properties"]["findings"].is_object());
    }
}
