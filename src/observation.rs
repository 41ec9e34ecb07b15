//! The reviewable form of an [`Exchange`]: what came back, with everything
//! that differs between runs replaced by a placeholder, so it can be compared
//! with a committed snapshot.

use serde::Serialize;
use serde_json::Value;

use crate::{
    client::{Body, Exchange},
    protocol::header,
};

/// Response headers that carry protocol meaning. Others (date, server,
/// content-length...) vary by deployment and are left out.
const KEPT_HEADERS: [&str; 8] = [
    header::SESSION_ID,
    header::PROTOCOL_VERSION,
    header::RUNTIME_SESSION_ID,
    header::AWS_ERROR_TYPE,
    "www-authenticate",
    "allow",
    "cache-control",
    "x-accel-buffering",
];

/// Headers whose values are generated per request and so are redacted.
const GENERATED_HEADERS: [&str; 2] = [header::SESSION_ID, header::RUNTIME_SESSION_ID];

/// A response as it is compared with a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: std::collections::BTreeMap<String, String>,
    pub body: ObservedBody,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservedBody {
    Empty,
    Json(Value),
    /// JSON-RPC messages of an event stream; `ended` is false when the
    /// stream was still open when reading stopped.
    EventStream {
        messages: Vec<Value>,
        /// `data` of events that are neither JSON nor empty.
        other_data: Vec<String>,
        ended: bool,
    },
    Text(String),
}

impl Observation {
    pub fn of(exchange: &Exchange) -> Self {
        let headers = KEPT_HEADERS
            .iter()
            .filter_map(|name| {
                let value = exchange.header(name)?;
                let value = if GENERATED_HEADERS.contains(name) {
                    format!("[generated: {} chars]", value.len())
                } else {
                    value.to_owned()
                };
                Some(((*name).to_owned(), value))
            })
            .collect();
        let body = match &exchange.body {
            Body::Empty => ObservedBody::Empty,
            Body::Json(value) => ObservedBody::Json(value.clone()),
            Body::Text(text) => ObservedBody::Text(text.clone()),
            Body::EventStream(stream) => {
                let mut messages = Vec::new();
                let mut other_data = Vec::new();
                for event in &stream.events {
                    match serde_json::from_str::<Value>(&event.data) {
                        Ok(value) => messages.push(value),
                        Err(_) if event.data.is_empty() => {}
                        Err(_) => other_data.push(event.data.clone()),
                    }
                }
                ObservedBody::EventStream {
                    messages,
                    other_data,
                    ended: stream.ended,
                }
            }
        };
        Self {
            status: exchange.status.as_u16(),
            content_type: exchange.content_type(),
            headers,
            body,
        }
    }
}
