//! Where the doctor sends its probes: a plain MCP endpoint, or a runtime's
//! InvokeAgentRuntime URL on the AgentCore data plane (or the local front
//! door, which has the same paths).
//!
//! The two are told apart by the path: InvokeAgentRuntime is
//! `POST /runtimes/{agentRuntimeArn}/invocations?qualifier=...` with the ARN
//! percent-encoded (botocore model `bedrock-agentcore/2024-02-28`). Which
//! one it is decides what a refusal can mean: only the platform answers with
//! `x-amzn-errortype`, and only a server reached directly can be asked
//! whether it accepts the `Host` AgentCore forwards.

use http::Uri;

use crate::agentcore::{DEFAULT_QUALIFIER, RuntimeArn, invocation_url};

/// A probed endpoint.
#[derive(Debug, Clone)]
pub enum Endpoint {
    /// An MCP server reached directly, e.g. `http://127.0.0.1:8000/mcp`.
    Direct(Uri),
    /// A runtime behind AgentCore.
    AgentCore {
        uri: Uri,
        arn: RuntimeArn,
        qualifier: String,
    },
}

/// Why a URL cannot be probed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url:?} is not a usable URL: {reason}")]
pub struct EndpointError {
    pub url: String,
    pub reason: String,
}

impl Endpoint {
    /// Parses `url`: an `http(s)` URL with a host; an InvokeAgentRuntime
    /// path makes it an AgentCore endpoint, whose ARN must then be valid.
    pub fn parse(url: &str) -> Result<Self, EndpointError> {
        let error = |reason: String| EndpointError {
            url: url.to_owned(),
            reason,
        };
        let uri: Uri = url
            .parse()
            .map_err(|_| error("expected e.g. http://127.0.0.1:8000/mcp".to_owned()))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) {
            return Err(error("the scheme must be http or https".to_owned()));
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(error("it has no host".to_owned()));
        }
        let Some(encoded) = uri
            .path()
            .strip_prefix("/runtimes/")
            .and_then(|rest| rest.strip_suffix("/invocations"))
        else {
            return Ok(Self::Direct(uri));
        };
        let decoded = percent_encoding::percent_decode_str(encoded)
            .decode_utf8()
            .map_err(|_| error("the runtime ARN in its path is not UTF-8".to_owned()))?;
        let arn: RuntimeArn = decoded
            .parse()
            .map_err(|arn_error: crate::agentcore::ArnError| error(arn_error.to_string()))?;
        let qualifier = uri
            .query()
            .and_then(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .find(|(name, _)| name == "qualifier")
                    .map(|(_, value)| value.into_owned())
            })
            .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned());
        Ok(Self::AgentCore {
            uri,
            arn,
            qualifier,
        })
    }

    /// The invocation URL of `arn` on `qualifier` at the data plane
    /// `endpoint` (e.g. `https://bedrock-agentcore.us-east-1.amazonaws.com`).
    pub fn runtime(
        endpoint: &str,
        arn: &RuntimeArn,
        qualifier: &str,
    ) -> Result<Self, EndpointError> {
        Self::parse(&invocation_url(endpoint, arn, qualifier))
    }

    pub fn uri(&self) -> &Uri {
        match self {
            Self::Direct(uri) | Self::AgentCore { uri, .. } => uri,
        }
    }

    /// The runtime's ARN, when this is an AgentCore endpoint.
    pub fn arn(&self) -> Option<&RuntimeArn> {
        match self {
            Self::Direct(_) => None,
            Self::AgentCore { arn, .. } => Some(arn),
        }
    }

    pub fn is_agentcore(&self) -> bool {
        matches!(self, Self::AgentCore { .. })
    }

    /// What the endpoint is, for the report's first line.
    pub fn describe(&self) -> String {
        match self {
            Self::Direct(_) => "an MCP endpoint, reached directly".to_owned(),
            Self::AgentCore { arn, qualifier, .. } => {
                format!("the AgentCore runtime {arn}, endpoint {qualifier}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/my_mcp-AbCdEf1234";

    #[test]
    fn plain_urls_are_direct_and_invocation_urls_name_their_runtime() {
        let direct = Endpoint::parse("http://127.0.0.1:8000/mcp").unwrap();
        assert!(!direct.is_agentcore());
        let arn: RuntimeArn = ARN.parse().unwrap();
        let runtime = Endpoint::runtime(
            "https://bedrock-agentcore.us-east-1.amazonaws.com",
            &arn,
            "prod",
        )
        .unwrap();
        match runtime {
            Endpoint::AgentCore {
                arn: parsed,
                qualifier,
                ..
            } => {
                assert_eq!(parsed, arn);
                assert_eq!(qualifier, "prod");
            }
            Endpoint::Direct(_) => panic!("an invocation URL is an AgentCore endpoint"),
        }
    }

    #[test]
    fn unusable_urls_say_why() {
        for (url, reason) in [
            ("not a url", "expected"),
            ("ftp://example.com/mcp", "scheme"),
            (
                "http://127.0.0.1:1/runtimes/nope/invocations",
                "not an AgentCore runtime ARN",
            ),
        ] {
            let error = Endpoint::parse(url).unwrap_err();
            assert!(error.to_string().contains(reason), "{url}: {error}");
        }
    }
}
