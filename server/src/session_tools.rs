//! Tools offered only in stateful mode (`ARC_STATEFUL=1`): they talk back to
//! the client while a call is in flight, which needs rmcp's session mode.
//!
//! - `count_down` sends `notifications/progress` for each step when the call
//!   carried `_meta.progressToken` (spec 2025-06-18, basic/utilities/progress).
//!   rmcp routes a progress notification to the SSE response of the request
//!   whose token it carries.
//! - `confirm_action` asks the user through `elicitation/create`
//!   (spec 2025-06-18, client/elicitation). rmcp sends a request issued from
//!   inside a handler on the SSE response of the originating POST (SEP-2260)
//!   and resolves it when the client POSTs its JSON-RPC response with the
//!   session id.
//!
//! Invalid arguments follow the same version rule as `validate_content`
//! (see [`crate::handler`]): a protocol error before 2025-11-25, a tool
//! execution error from then on.

use std::time::Duration;

use rmcp::{
    ErrorData, RoleServer,
    model::{
        CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ElicitRequestParams,
        ElicitationAction, ElicitationSchema, JsonObject, ProgressNotificationParam,
        ProtocolVersion, Tool, ToolAnnotations,
    },
    service::{ElicitationMode, RequestContext},
};
use schemars::JsonSchema;
use serde::{Deserialize, de::DeserializeOwned};

use crate::handler::input_errors_in_result;

pub const COUNT_DOWN: &str = "count_down";
pub const CONFIRM_ACTION: &str = "confirm_action";

/// Bounds of `count_down`'s `steps`.
const MIN_STEPS: u32 = 1;
const MAX_STEPS: u32 = 10;
/// The pause between two steps of `count_down`.
const STEP_PAUSE: Duration = Duration::from_millis(20);

/// The first version with `elicitation/create` (spec 2025-06-18, client/elicitation).
const ELICITATION_SINCE: ProtocolVersion = ProtocolVersion::V_2025_06_18;
/// The first version without server-to-client requests: it asks for input
/// with an `InputRequiredResult` instead (SEP-2322), and rmcp refuses to send
/// `elicitation/create` under it.
const NO_SERVER_REQUESTS_SINCE: ProtocolVersion = ProtocolVersion::V_2026_07_28;

/// Arguments of `count_down`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountDownInput {
    /// How many steps to count (1 to 10); one progress notification per step.
    #[schemars(range(min = 1, max = 10))]
    pub steps: u32,
}

/// Arguments of `confirm_action`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmActionInput {
    /// The action the user is asked to confirm.
    pub action: String,
}

/// The tools of stateful mode, in the order `tools/list` shows them.
pub fn tools() -> Vec<Tool> {
    let read_only = || {
        ToolAnnotations::new()
            .read_only(true)
            .destructive(false)
            .open_world(false)
    };
    vec![
        Tool::new(
            COUNT_DOWN,
            "Counts the given number of steps, sending a progress notification for each \
             step when the call carries a progress token, then says how many it counted.",
            JsonObject::new(),
        )
        .with_input_schema::<CountDownInput>()
        .with_title("Count down")
        .with_annotations(read_only().idempotent(true)),
        Tool::new(
            CONFIRM_ACTION,
            "Asks the user, through elicitation, to confirm an action and reports the answer. \
             Needs protocol 2025-06-18 or later and a client with the elicitation capability.",
            JsonObject::new(),
        )
        .with_input_schema::<ConfirmActionInput>()
        .with_title("Confirm action")
        .with_annotations(read_only().idempotent(false)),
    ]
}

pub async fn count_down(
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    let input = match parse::<CountDownInput>(COUNT_DOWN, request) {
        Ok(input) if (MIN_STEPS..=MAX_STEPS).contains(&input.steps) => input,
        Ok(input) => {
            let message = format!(
                "Invalid arguments for {COUNT_DOWN}: steps must be between \
                 {MIN_STEPS} and {MAX_STEPS}, got {}",
                input.steps
            );
            return invalid_arguments(message, &context);
        }
        Err(message) => return invalid_arguments(message, &context),
    };
    let steps = input.steps;
    let token = context.meta.get_progress_token();
    for step in 1..=steps {
        if step > 1 {
            tokio::select! {
                () = tokio::time::sleep(STEP_PAUSE) => {}
                () = context.ct.cancelled() => {
                    return Err(ErrorData::internal_error(
                        format!("{COUNT_DOWN} was cancelled at step {step}"),
                        None,
                    ));
                }
            }
        }
        if let Some(token) = &token {
            let progress = ProgressNotificationParam::new(token.clone(), f64::from(step))
                .with_total(f64::from(steps))
                .with_message(format!("step {step} of {steps}"));
            context
                .peer
                .notify_progress(progress)
                .await
                .map_err(|error| {
                    ErrorData::internal_error(
                        format!("cannot send progress for step {step}: {error}"),
                        None,
                    )
                })?;
        }
    }
    Ok(CallToolResult::success(vec![ContentBlock::text(format!(
        "done after {steps} steps"
    ))])
    .into())
}

pub async fn confirm_action(
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    let input = match parse::<ConfirmActionInput>(CONFIRM_ACTION, request) {
        Ok(input) => input,
        Err(message) => return invalid_arguments(message, &context),
    };
    if let Err(reason) = elicitation_unavailable(&context) {
        return Ok(tool_error(format!(
            "{CONFIRM_ACTION} cannot ask the user: {reason}"
        )));
    }

    let params = ElicitRequestParams::FormElicitationParams {
        meta: None,
        message: format!("Do you confirm this action: {}?", input.action),
        requested_schema: confirmation_schema(),
    };
    let answer = tokio::select! {
        answer = context.peer.create_elicitation(params) => answer,
        () = context.ct.cancelled() => {
            return Err(ErrorData::internal_error(
                format!("{CONFIRM_ACTION} was cancelled while waiting for the user"),
                None,
            ));
        }
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => {
            return Ok(tool_error(format!(
                "{CONFIRM_ACTION}: the elicitation failed: {error}"
            )));
        }
    };
    let action = input.action;
    let text = match answer.action {
        ElicitationAction::Accept => {
            match answer
                .content
                .as_ref()
                .and_then(|content| content.get("confirm"))
                .and_then(serde_json::Value::as_bool)
            {
                Some(true) => format!("confirmed: {action}"),
                Some(false) => format!("declined: {action}"),
                None => {
                    return Ok(tool_error(format!(
                        "{CONFIRM_ACTION}: the client accepted without a boolean \"confirm\""
                    )));
                }
            }
        }
        ElicitationAction::Decline => format!("declined: {action}"),
        ElicitationAction::Cancel => "cancelled".to_owned(),
        other => {
            return Ok(tool_error(format!(
                "{CONFIRM_ACTION}: the client answered with an unknown action {other:?}"
            )));
        }
    };
    Ok(CallToolResult::success(vec![ContentBlock::text(text)]).into())
}

/// The form `confirm_action` asks for: one required boolean, `confirm`.
fn confirmation_schema() -> ElicitationSchema {
    ElicitationSchema::builder()
        .required_bool_property("confirm", |schema| {
            schema
                .title("Confirm")
                .description("Whether the action should go ahead")
        })
        .build_unchecked()
}

/// Why this request cannot elicit, if it cannot. A request without a version
/// counts as 2025-03-26, as in [`input_errors_in_result`].
fn elicitation_unavailable(context: &RequestContext<RoleServer>) -> Result<(), String> {
    let version = context
        .protocol_version()
        .unwrap_or(ProtocolVersion::V_2025_03_26);
    if version < ELICITATION_SINCE {
        return Err(format!(
            "elicitation arrived in protocol {ELICITATION_SINCE}; this session uses {version}"
        ));
    }
    if version >= NO_SERVER_REQUESTS_SINCE {
        return Err(format!(
            "protocol {version} has no server-to-client requests, so no elicitation/create"
        ));
    }
    if !context
        .peer
        .supported_elicitation_modes()
        .contains(&ElicitationMode::Form)
    {
        return Err(
            "the client did not declare the elicitation capability (form mode) in initialize"
                .to_owned(),
        );
    }
    Ok(())
}

fn parse<T: DeserializeOwned>(tool: &str, request: CallToolRequestParams) -> Result<T, String> {
    let arguments = serde_json::Value::Object(request.arguments.unwrap_or_default());
    serde_json::from_value(arguments)
        .map_err(|error| format!("Invalid arguments for {tool}: {error}"))
}

/// Invalid input as the request's protocol version wants it reported.
fn invalid_arguments(
    message: String,
    context: &RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    if input_errors_in_result(context.protocol_version()) {
        Ok(tool_error(message))
    } else {
        Err(ErrorData::invalid_params(message, None))
    }
}

fn tool_error(message: String) -> CallToolResponse {
    CallToolResult::error(vec![ContentBlock::text(message)]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_down_declares_its_range() {
        let tool = &tools()[0];
        let schema = serde_json::Value::Object((*tool.input_schema).clone());
        let steps = &schema["properties"]["steps"];
        assert_eq!(steps["type"], "integer");
        assert_eq!(steps["minimum"], 1);
        assert_eq!(steps["maximum"], 10);
        assert_eq!(schema["required"], serde_json::json!(["steps"]));
    }

    #[test]
    fn both_tools_are_read_only() {
        for tool in tools() {
            let annotations = tool.annotations.expect("annotations");
            assert_eq!(annotations.read_only_hint, Some(true), "{}", tool.name);
        }
    }

    #[test]
    fn the_confirmation_form_has_one_required_boolean() {
        let schema = serde_json::to_value(confirmation_schema()).unwrap();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"]["confirm"]["type"], "boolean");
        assert_eq!(schema["required"], serde_json::json!(["confirm"]));
        assert_eq!(schema["properties"].as_object().unwrap().len(), 1);
    }
}
