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

/// What to do about a refusal of the AgentCore data plane, from its
/// exception name and message.
pub fn platform_advice(error_type: &str, message: &str) -> &'static str {
    if message.contains("Claim 'client_id'") {
        return "allowedClients checks the token's client_id claim, which Cognito puts only in \
                access tokens: send AuthenticationResult.AccessToken, or configure \
                allowedAudience to accept ID tokens";
    }
    if message.contains("Claim 'aud'") {
        return "allowedAudience checks the token's aud claim, which Cognito puts only in ID \
                tokens: send AuthenticationResult.IdToken (AGENTCORE_TOKEN_USE=id), or configure \
                allowedClients for access tokens";
    }
    if message.contains("Claim 'scope'") {
        return "the token has none of the runtime's allowedScopes: request one of them \
                (client_credentials scope=...)";
    }
    if message.contains("Claim '") {
        return "a claim of the token does not match the runtime's customJWTAuthorizer; compare \
                the decoded token with the authorizer configuration";
    }
    if message.starts_with("Authorization method mismatch") {
        return "a runtime with a customJWTAuthorizer takes only bearer tokens (not SigV4 or the \
                AWS SDK); one without takes only SigV4. Use the method the runtime is configured for";
    }
    if message.contains("Failed to parse token") {
        return "the Authorization header does not carry a JWT: send `Bearer <token>` with the raw \
                token, without quotes or a second `Bearer`";
    }
    if message.contains("expired") && error_type != "InvalidSignatureException" {
        return "the token has expired: sign in again for a fresh one";
    }
    match error_type {
        "ResourceNotFoundException" => {
            "no runtime at this ARN and qualifier in this region: check AGENTCORE_RUNTIME_ARN \
             (copied whole), the region (it must be the ARN's), and AGENTCORE_QUALIFIER; a new \
             runtime's DEFAULT endpoint can take a few minutes to appear"
        }
        "UnauthorizedException" => {
            "send a bearer token issued by the runtime's discoveryUrl issuer"
        }
        "AccessDeniedException" => {
            "the caller may not invoke this runtime: check the IAM policy \
             (bedrock-agentcore:InvokeAgentRuntime on the runtime ARN) or the authorizer"
        }
        "InvalidSignatureException" | "IncompleteSignatureException" => {
            "the SigV4 signature is wrong: sign for the runtime's region with the service name \
             bedrock-agentcore, percent-encode the ARN once in the path, sign the exact body you \
             send, and check the clock"
        }
        "UnrecognizedClientException" | "ExpiredTokenException" => {
            "the AWS credentials are unknown or expired: refresh them (aws sso login, or new \
             temporary credentials)"
        }
        "ValidationException" => {
            "the request breaks an InvokeAgentRuntime constraint (ARN format, runtime session id \
             of 33-256 characters, payload size); the message names it"
        }
        "ThrottlingException" | "ServiceQuotaExceededException" => {
            "too many requests: slow down; the live run already retries with backoff"
        }
        "RuntimeClientError" => {
            "the runtime's container did not answer: check its CloudWatch logs (it must listen on \
             0.0.0.0:8000/mcp and start within the initialization time)"
        }
        "McpRequestUnacceptableException" => "send Accept: application/json, text/event-stream",
        _ => "see the message; the README's fidelity table lists the answers the suite knows",
    }
}
