//! What the suite knows about the Amazon Bedrock AgentCore data plane, shared
//! by the local emulation of it (the front door) and the live client: runtime
//! ARNs, the invocation URL, the shape of its errors, a runtime's authorizer,
//! its request header allowlist and its MCP mode.

mod allowed_workload_configuration;
mod arn;
mod authorizer;
pub mod claims;
mod error;
mod header_allowlist;
mod mcp_mode;
mod private_endpoint;

pub use allowed_workload_configuration::{AllowedWorkloadConfiguration, HostingEnvironment};
pub use arn::{ArnError, RuntimeArn};
pub use authorizer::{
    Authorizer, ClaimMatch, ClaimMatchValue, ClaimOperator, ClaimValueType, CustomClaim,
    CustomJwtAuthorizer, DEFAULT_JWT_LEEWAY,
};
pub use error::{AwsError, ErrorBody, platform_advice};
pub use header_allowlist::{
    CUSTOM_HEADER_PREFIX, HeaderAllowlist, HeaderAllowlistError, MAX_ALLOWLISTED_HEADERS,
    MAX_HEADER_VALUE_BYTES,
};
pub use mcp_mode::{McpMode, UnknownMcpMode};
pub use private_endpoint::{
    ManagedVpcResource, PrivateEndpoint, PrivateEndpointOverride, SelfManagedLatticeResource,
};

/// The SigV4 signing name of the data plane (botocore service model,
/// `bedrock-agentcore/2024-02-28`, `metadata.signingName`).
pub const SIGNING_NAME: &str = "bedrock-agentcore";

/// The endpoint name a runtime is invoked on unless told otherwise
/// (InvokeAgentRuntime, `qualifier`).
pub const DEFAULT_QUALIFIER: &str = "DEFAULT";

/// The public data plane endpoint of a region.
pub fn regional_endpoint(region: &str) -> String {
    format!("https://bedrock-agentcore.{region}.amazonaws.com")
}

/// The path and query of InvokeAgentRuntime for `arn` on `qualifier`:
/// `POST /runtimes/{agentRuntimeArn}/invocations?qualifier=...`, with the
/// ARN percent-encoded once, as the AWS SDKs and the MCP guide do
/// (`urllib.parse.quote(arn, safe="")`).
pub fn invocation_path(arn: &RuntimeArn, qualifier: &str) -> String {
    format!(
        "/runtimes/{}/invocations?qualifier={}",
        arn.encoded(),
        percent_encoding::utf8_percent_encode(qualifier, arn::COMPONENT)
    )
}

/// The path and query of the runtime's OAuth protected resource metadata,
/// where a JWT runtime's `WWW-Authenticate` points:
/// `/runtimes/{ARN}/invocations/.well-known/oauth-protected-resource?qualifier=...`
/// (AgentCore MCP protocol contract).
pub fn protected_resource_path(arn: &RuntimeArn, qualifier: &str) -> String {
    invocation_path(arn, qualifier).replacen(
        "/invocations?",
        "/invocations/.well-known/oauth-protected-resource?",
        1,
    )
}

/// The full invocation URL on `endpoint` (e.g. [`regional_endpoint`]).
pub fn invocation_url(endpoint: &str, arn: &RuntimeArn, qualifier: &str) -> String {
    format!(
        "{}{}",
        endpoint.trim_end_matches('/'),
        invocation_path(arn, qualifier)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invocation_url_encodes_the_arn_once() {
        let arn: RuntimeArn =
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/my_mcp-AbCdEf1234"
                .parse()
                .unwrap();
        assert_eq!(
            invocation_url(&regional_endpoint("us-east-1"), &arn, DEFAULT_QUALIFIER),
            "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/\
             arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmy_mcp-AbCdEf1234\
             /invocations?qualifier=DEFAULT"
        );
        assert_eq!(
            protected_resource_path(&arn, DEFAULT_QUALIFIER),
            format!(
                "/runtimes/{}/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT",
                arn.encoded()
            )
        );
    }
}
