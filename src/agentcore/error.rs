//! Errors as the AgentCore data plane answers them.
//!
//! The service speaks restJson1: the HTTP status gives the class, the
//! `x-amzn-ErrorType` header names the exception, and the body is
//! `{"message": "..."}` (InvokeAgentRuntime API reference, "Errors"; the
//! HTTP protocol contract). For MCP runtimes some authentication errors
//! come back JSON-RPC shaped instead, with code -32001 (observed from live
//! runtimes; see the fidelity table in the README).

use axum::{
    body::Body,
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::protocol::header;

/// How the body of an error is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorBody {
    /// `{"message": ...}`.
    Aws,
    /// `{"jsonrpc":"2.0","error":{"code":-32001,"message":...}}`, without an id.
    JsonRpc { code: i64 },
}

/// One error answer of the data plane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub status: StatusCode,
    /// The exception name, e.g. `AccessDeniedException`.
    pub error_type: &'static str,
    pub message: String,
    pub body: ErrorBody,
    /// Extra headers, e.g. `WWW-Authenticate` on a 401.
    pub headers: Vec<(&'static str, String)>,
}

impl AwsError {
    pub fn new(status: StatusCode, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type,
            message: message.into(),
            body: ErrorBody::Aws,
            headers: Vec::new(),
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationException", message)
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "AccessDeniedException", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
    }

    pub fn runtime_client_error(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FAILED_DEPENDENCY, "RuntimeClientError", message)
    }

    /// A 401 of an MCP runtime's JWT authorizer: JSON-RPC shaped, -32001.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            body: ErrorBody::JsonRpc { code: -32001 },
            ..Self::new(StatusCode::UNAUTHORIZED, "UnauthorizedException", message)
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let body = match self.body {
            ErrorBody::Aws => json!({ "message": self.message }),
            ErrorBody::JsonRpc { code } => json!({
                "jsonrpc": "2.0",
                "error": { "code": code, "message": self.message },
            }),
        };
        let mut response = (self.status, Body::from(body.to_string())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            header::AWS_ERROR_TYPE,
            HeaderValue::from_static(self.error_type),
        );
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}
