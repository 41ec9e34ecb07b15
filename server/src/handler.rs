//! The MCP surface of arc-server: server metadata and the `validate_content` tool,
//! plus, in stateful mode only, the session tools of [`crate::session_tools`].
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

use crate::{
    session_tools::{self, CONFIRM_ACTION, COUNT_DOWN},
    validation::{ValidateContentInput, ValidationReport, validate},
};

/// The one tool this server offers in its default, stateless mode.
pub const TOOL_NAME: &str = "validate_content";

/// The first version in which invalid tool input is a tool execution error.
const INPUT_ERRORS_IN_RESULT_SINCE: ProtocolVersion = ProtocolVersion::V_2025_11_25;

const INSTRUCTIONS: &str = "Call validate_content to check a text against content rules.";
const STATEFUL_INSTRUCTIONS: &str = "Call validate_content to check a text against content rules. \
     count_down reports progress while it counts; confirm_action asks the user to confirm an \
     action through elicitation.";

/// How the transport serves this handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One POST, one exchange: the AgentCore contract and the default.
    Stateless,
    /// rmcp's session mode (`ARC_STATEFUL=1`): adds the tools that need a
    /// session to talk back to the client (progress, elicitation).
    Stateful,
}

#[derive(Debug, Clone)]
pub struct ArcServer {
    tool: Arc<Tool>,
    /// Tools offered only in stateful mode; empty when stateless.
    session_tools: Arc<[Tool]>,
}

impl Default for ArcServer {
    /// The stateless server, exactly as AgentCore runs it.
    fn default() -> Self {
        Self::new(Mode::Stateless)
    }
}

impl ArcServer {
    pub fn new(mode: Mode) -> Self {
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
        let session_tools = match mode {
            Mode::Stateless => Vec::new(),
            Mode::Stateful => session_tools::tools(),
        };
        Self {
            tool: Arc::new(tool),
            session_tools: session_tools.into(),
        }
    }

    fn is_stateful(&self) -> bool {
        !self.session_tools.is_empty()
    }

    fn session_tool(&self, name: &str) -> Option<&Tool> {
        self.session_tools.iter().find(|tool| tool.name == name)
    }
}

impl ServerHandler for ArcServer {
    fn get_info(&self) -> ServerConfig {
        let instructions = if self.is_stateful() {
            STATEFUL_INSTRUCTIONS
        } else {
            INSTRUCTIONS
        };
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("arc-server", env!("CARGO_PKG_VERSION")))
            .with_instructions(instructions)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let mut tools = vec![(*self.tool).clone()];
        tools.extend(self.session_tools.iter().cloned());
        Ok(ListToolsResult::with_all_items(tools))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        if name == TOOL_NAME {
            return Some((*self.tool).clone());
        }
        self.session_tool(name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if request.name != TOOL_NAME {
            let name = request.name.clone();
            return match self.session_tool(&name) {
                Some(_) if name == COUNT_DOWN => session_tools::count_down(request, context).await,
                Some(_) if name == CONFIRM_ACTION => {
                    session_tools::confirm_action(request, context).await
                }
                _ => Err(ErrorData::invalid_params(
                    format!("Unknown tool: {name}"),
                    None,
                )),
            };
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
pub(crate) fn input_errors_in_result(version: Option<ProtocolVersion>) -> bool {
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

    #[test]
    fn session_tools_exist_only_in_stateful_mode() {
        let stateless = ArcServer::default();
        assert!(stateless.get_tool(COUNT_DOWN).is_none());
        assert!(stateless.get_tool(CONFIRM_ACTION).is_none());
        assert!(stateless.get_tool(TOOL_NAME).is_some());
        assert_eq!(
            stateless.get_info().instructions.as_deref(),
            Some(INSTRUCTIONS)
        );

        let stateful = ArcServer::new(Mode::Stateful);
        assert!(stateful.get_tool(COUNT_DOWN).is_some());
        assert!(stateful.get_tool(CONFIRM_ACTION).is_some());
        assert!(stateful.get_tool(TOOL_NAME).is_some());
    }
}
