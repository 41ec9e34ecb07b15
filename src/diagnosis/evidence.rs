//! The evidence of a finding: the request that was sent and what came back,
//! in a form that can be printed and stored.
//!
//! Credentials never appear: `Authorization` keeps only its scheme (`Bearer`
//! or `AWS4-HMAC-SHA256`) and `X-Amz-Security-Token` is replaced. Of the
//! answer, the headers that explain a refusal are kept (`Content-Type`, the
//! AWS error type, `WWW-Authenticate`, `Mcp-Session-Id`) and the body is cut
//! to a readable length.

use http::{HeaderName, Uri};
use serde::Serialize;

use crate::{
    client::{Body, Exchange, HttpRequest},
    observation::{Observation, ObservedBody},
};

/// How much of a response body the evidence keeps.
const BODY_CHARS: usize = 400;

/// A request and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub request: SentRequest,
    pub response: Received,
}

/// One header, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderLine {
    pub name: String,
    pub value: String,
}

/// A request as it was sent, credentials redacted.
#[derive(Debug, Clone, Serialize)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    /// The JSON-RPC method of the body, e.g. `initialize`.
    pub rpc: String,
    pub headers: Vec<HeaderLine>,
}

/// What came back.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Received {
    Answer {
        status: u16,
        reason: String,
        headers: Vec<HeaderLine>,
        body: String,
    },
    NoAnswer {
        reason: String,
    },
}

impl SentRequest {
    pub fn of(request: &HttpRequest, uri: &Uri) -> Self {
        let rpc = serde_json::from_slice::<serde_json::Value>(&request.body)
            .ok()
            .and_then(|body| crate::message::method_of(&body).map(str::to_owned))
            .unwrap_or_default();
        Self {
            method: request.method.to_string(),
            url: uri.to_string(),
            rpc,
            headers: request
                .headers
                .iter()
                .map(|(name, value)| HeaderLine {
                    name: name.to_string(),
                    value: redacted(name, value.to_str().unwrap_or("(not text)")),
                })
                .collect(),
        }
    }

    /// The value of a header as shown, if it was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|line| line.name.eq_ignore_ascii_case(name))
            .map(|line| line.value.as_str())
    }
}

/// A header value with its secret part removed.
fn redacted(name: &HeaderName, value: &str) -> String {
    if name == http::header::AUTHORIZATION {
        let scheme = value.split_whitespace().next().unwrap_or_default();
        return format!("{scheme} [redacted]").trim_start().to_owned();
    }
    if name.as_str() == "x-amz-security-token" {
        return "[redacted]".to_owned();
    }
    value.to_owned()
}

/// The response headers that explain a refusal.
const KEPT_HEADERS: [&str; 5] = [
    "content-type",
    crate::protocol::header::AWS_ERROR_TYPE,
    "www-authenticate",
    crate::protocol::header::SESSION_ID,
    "allow",
];

impl Received {
    pub fn of(exchange: &Exchange) -> Self {
        let headers = KEPT_HEADERS
            .iter()
            .filter_map(|name| {
                exchange.header(name).map(|value| HeaderLine {
                    name: (*name).to_owned(),
                    value: value.to_owned(),
                })
            })
            .collect();
        Self::Answer {
            status: exchange.status.as_u16(),
            reason: exchange
                .status
                .canonical_reason()
                .unwrap_or_default()
                .to_owned(),
            headers,
            body: shortened(&body_text(&exchange.body)),
        }
    }
}

impl Received {
    /// An answer as the matrix kept it (its [`Observation`], whose generated
    /// header values are already replaced).
    pub fn of_observation(observation: &Observation) -> Self {
        let mut headers: Vec<HeaderLine> = observation
            .content_type
            .iter()
            .map(|value| HeaderLine {
                name: "content-type".to_owned(),
                value: value.clone(),
            })
            .collect();
        headers.extend(
            KEPT_HEADERS
                .iter()
                .filter_map(|name| {
                    Some(HeaderLine {
                        name: (*name).to_owned(),
                        value: observation.headers.get(*name)?.clone(),
                    })
                })
                .filter(|line| line.name != "content-type"),
        );
        let body = match &observation.body {
            ObservedBody::Empty => String::new(),
            ObservedBody::Json(value) => value.to_string(),
            ObservedBody::EventStream {
                messages,
                other_data,
                ..
            } => messages
                .iter()
                .map(ToString::to_string)
                .chain(other_data.iter().cloned())
                .collect::<Vec<_>>()
                .join("\n"),
            ObservedBody::Text(text) => text.trim().to_owned(),
        };
        Self::Answer {
            status: observation.status,
            reason: http::StatusCode::from_u16(observation.status)
                .ok()
                .and_then(|status| status.canonical_reason())
                .unwrap_or_default()
                .to_owned(),
            headers,
            body: shortened(&body),
        }
    }
}

/// The body as text: JSON compact, an event stream as its events' data.
pub fn body_text(body: &Body) -> String {
    match body {
        Body::Empty => String::new(),
        Body::Json(value) => value.to_string(),
        Body::EventStream(stream) => stream
            .events
            .iter()
            .map(|event| event.data.as_str())
            .filter(|data| !data.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        Body::Text(text) => text.trim().to_owned(),
    }
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(BODY_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderValue, Method};

    #[test]
    fn credentials_are_redacted() {
        let request = HttpRequest::new(Method::POST)
            .with_header(
                http::header::AUTHORIZATION,
                HeaderValue::from_static("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
            )
            .with_header(
                HeaderName::from_static("x-amz-security-token"),
                HeaderValue::from_static("FwoGZXIvYXdzEJr"),
            );
        let sent = SentRequest::of(&request, &"http://h/mcp".parse().unwrap());
        assert_eq!(sent.header("authorization"), Some("Bearer [redacted]"));
        assert_eq!(sent.header("x-amz-security-token"), Some("[redacted]"));
        let shown = serde_json::to_string(&sent).unwrap();
        assert!(!shown.contains("eyJ") && !shown.contains("FwoG"), "{shown}");
    }

    #[test]
    fn long_bodies_are_cut() {
        let long = "x".repeat(BODY_CHARS + 10);
        assert_eq!(shortened(&long).len(), BODY_CHARS + 3);
        assert_eq!(shortened("short"), "short");
    }
}
