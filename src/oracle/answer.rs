//! The shapes an acceptable answer can take, and how an exchange is
//! matched against them.

use std::fmt;

use serde_json::Value;

use crate::{
    client::{Body, Exchange},
    surface::ListKind,
};

/// A set of HTTP status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statuses {
    Only(&'static [u16]),
    /// 400-499.
    ClientError,
    /// 200-299.
    Success,
    /// 200, or 400-499: where the specification leaves the status of a
    /// JSON-RPC error open (every handshake revision).
    OkOrClientError,
}

impl Statuses {
    pub fn contains(self, status: u16) -> bool {
        match self {
            Self::Only(list) => list.contains(&status),
            Self::ClientError => (400..500).contains(&status),
            Self::Success => (200..300).contains(&status),
            Self::OkOrClientError => status == 200 || (400..500).contains(&status),
        }
    }
}

impl fmt::Display for Statuses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Only(list) => {
                let list: Vec<String> = list.iter().map(u16::to_string).collect();
                f.write_str(&list.join("|"))
            }
            Self::ClientError => f.write_str("4xx"),
            Self::Success => f.write_str("2xx"),
            Self::OkOrClientError => f.write_str("200|4xx"),
        }
    }
}

/// What a successful result must look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultShape {
    Any,
    /// `{}` (a ping answer); `_meta` and `resultType` are allowed.
    Empty,
    /// An `InitializeResult` whose `protocolVersion` relates to `offered` as told.
    Initialize {
        offered: &'static str,
        version: Offer,
    },
    /// A page of a list: its items member is an array; `modern` adds the
    /// 2026-07-28 cache fields. What each item holds is the type check's
    /// (`oracle::types`).
    List {
        kind: ListKind,
        modern: bool,
    },
    /// A `CallToolResult`: `content` is an array (`isError` may be either).
    ToolResult,
    /// A tool result with `isError: true`.
    ToolError,
    /// A `ReadResourceResult`: `contents` is an array; `modern` adds the cache fields.
    ReadResource {
        modern: bool,
    },
    /// A `GetPromptResult`: `messages` is an array.
    GetPrompt,
    /// A `CompleteResult`: `completion.values` is an array.
    Complete,
    /// A `DiscoverResult` listing `version`.
    Discover {
        version: &'static str,
    },
}

/// How the version in an `InitializeResult` must relate to the offered one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// The same version.
    Echo,
    /// Another version (a counter-offer).
    Other,
    /// Any version.
    Any,
}

/// One acceptable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 200, JSON or an event stream, with a JSON-RPC result for the request.
    Result(ResultShape),
    /// A JSON-RPC error with one of `codes` (any code when empty), at one of `statuses`.
    Error {
        codes: &'static [i64],
        statuses: Statuses,
    },
    /// 202 Accepted and no body.
    Accepted,
    /// An HTTP status from the set, whatever the body.
    Status(Statuses),
    /// 200 and `text/event-stream`: an open server-to-client stream.
    EventStream,
    /// 200 with one response (result or error) for each of the batch's requests.
    Batch,
    /// 200 with any JSON-RPC response for the request.
    AnyResponse,
}

impl Answer {
    pub const fn error(codes: &'static [i64], statuses: Statuses) -> Self {
        Self::Error { codes, statuses }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Result(shape) => write!(f, "200 with result {}", shape_label(shape)),
            Self::Error { codes, statuses } => {
                let codes: Vec<String> = codes.iter().map(i64::to_string).collect();
                let codes = if codes.is_empty() {
                    "any code".to_owned()
                } else {
                    codes.join("|")
                };
                write!(f, "{statuses} with JSON-RPC error {codes}")
            }
            Self::Accepted => f.write_str("202 with no body"),
            Self::Status(statuses) => write!(f, "HTTP {statuses}"),
            Self::EventStream => f.write_str("200 text/event-stream"),
            Self::Batch => f.write_str("200 with a response per batched request"),
            Self::AnyResponse => f.write_str("200 with a JSON-RPC response"),
        }
    }
}

fn shape_label(shape: &ResultShape) -> String {
    match shape {
        ResultShape::Any => "of any shape".to_owned(),
        ResultShape::Empty => "{}".to_owned(),
        ResultShape::Initialize { offered, version } => match version {
            Offer::Echo => format!("InitializeResult with protocolVersion {offered}"),
            Offer::Other => format!("InitializeResult offering a version other than {offered}"),
            Offer::Any => "InitializeResult".to_owned(),
        },
        ResultShape::List { kind, modern } => {
            let name = match kind {
                ListKind::Tools => "ListToolsResult",
                ListKind::Resources => "ListResourcesResult",
                ListKind::ResourceTemplates => "ListResourceTemplatesResult",
                ListKind::Prompts => "ListPromptsResult",
            };
            if *modern {
                format!("{name} with ttlMs and cacheScope")
            } else {
                name.to_owned()
            }
        }
        ResultShape::ToolResult => "CallToolResult".to_owned(),
        ResultShape::ToolError => "CallToolResult with isError: true".to_owned(),
        ResultShape::ReadResource { modern: false } => "ReadResourceResult".to_owned(),
        ResultShape::ReadResource { modern: true } => {
            "ReadResourceResult with ttlMs and cacheScope".to_owned()
        }
        ResultShape::GetPrompt => "GetPromptResult".to_owned(),
        ResultShape::Complete => "CompleteResult".to_owned(),
        ResultShape::Discover { version } => {
            format!("DiscoverResult listing {version} with ttlMs and cacheScope")
        }
    }
}

/// The JSON-RPC responses (objects with `result` or `error`) in a body.
pub fn responses(exchange: &Exchange) -> Vec<Value> {
    exchange
        .messages()
        .into_iter()
        .filter(|message| message.get("result").is_some() || message.get("error").is_some())
        .collect()
}

fn is_rpc_media(exchange: &Exchange) -> bool {
    matches!(
        exchange.content_type().as_deref(),
        Some("application/json" | "text/event-stream")
    )
}

/// Whether `exchange` is this answer to a request with `request_id` (and
/// `batch_ids`, for batches).
pub fn matches(
    answer: &Answer,
    exchange: &Exchange,
    request_id: Option<&Value>,
    batch_ids: &[Value],
) -> bool {
    let status = exchange.status.as_u16();
    let for_request = |message: &Value| match request_id {
        Some(id) => message.get("id") == Some(id),
        None => true,
    };
    match answer {
        Answer::Result(shape) => {
            status == 200
                && is_rpc_media(exchange)
                && responses(exchange).iter().any(|response| {
                    for_request(response)
                        && response.get("error").is_none()
                        && response
                            .get("result")
                            .is_some_and(|result| shape_matches(shape, result))
                })
        }
        Answer::Error { codes, statuses } => {
            statuses.contains(status)
                && responses(exchange).iter().any(|response| {
                    response
                        .get("error")
                        .and_then(|error| error.get("code"))
                        .and_then(Value::as_i64)
                        .is_some_and(|code| codes.is_empty() || codes.contains(&code))
                })
        }
        Answer::Accepted => status == 202 && exchange.body == Body::Empty,
        Answer::Status(statuses) => statuses.contains(status),
        Answer::EventStream => {
            status == 200 && exchange.content_type().as_deref() == Some("text/event-stream")
        }
        Answer::Batch => {
            let responses = responses(exchange);
            status == 200
                && is_rpc_media(exchange)
                && batch_ids.iter().all(|id| {
                    responses
                        .iter()
                        .any(|response| response.get("id") == Some(id))
                })
        }
        Answer::AnyResponse => {
            status == 200 && is_rpc_media(exchange) && responses(exchange).iter().any(for_request)
        }
    }
}

fn object_has(value: &Value, key: &str, check: impl Fn(&Value) -> bool) -> bool {
    value.get(key).is_some_and(check)
}

fn has_cache_fields(result: &Value) -> bool {
    object_has(result, "ttlMs", |ttl| ttl.as_u64().is_some())
        && object_has(result, "cacheScope", |scope| {
            matches!(scope.as_str(), Some("public" | "private"))
        })
}

fn shape_matches(shape: &ResultShape, result: &Value) -> bool {
    let Some(object) = result.as_object() else {
        return false;
    };
    match shape {
        ResultShape::Any => true,
        ResultShape::Empty => object
            .keys()
            .all(|key| key == "_meta" || key == "resultType"),
        ResultShape::Initialize { offered, version } => {
            let returned = result.get("protocolVersion").and_then(Value::as_str);
            let version_ok = match (version, returned) {
                (_, None) => false,
                (Offer::Echo, Some(returned)) => returned == *offered,
                (Offer::Other, Some(returned)) => returned != *offered,
                (Offer::Any, Some(_)) => true,
            };
            version_ok
                && object_has(result, "capabilities", Value::is_object)
                && object_has(result, "serverInfo", |info| {
                    info.get("name").is_some_and(Value::is_string)
                        && info.get("version").is_some_and(Value::is_string)
                })
        }
        ResultShape::List { kind, modern } => {
            object_has(result, kind.items_key(), Value::is_array)
                && (!modern || has_cache_fields(result))
        }
        ResultShape::ToolResult => object_has(result, "content", Value::is_array),
        ResultShape::ToolError => result.get("isError") == Some(&Value::Bool(true)),
        ResultShape::ReadResource { modern } => {
            object_has(result, "contents", Value::is_array) && (!modern || has_cache_fields(result))
        }
        ResultShape::GetPrompt => object_has(result, "messages", Value::is_array),
        ResultShape::Complete => result
            .get("completion")
            .is_some_and(|completion| object_has(completion, "values", Value::is_array)),
        ResultShape::Discover { version } => {
            object_has(result, "supportedVersions", |versions| {
                versions
                    .as_array()
                    .is_some_and(|versions| versions.iter().any(|v| v == version))
            }) && object_has(result, "capabilities", Value::is_object)
                && has_cache_fields(result)
        }
    }
}
