//! AgentCore runtime ARNs.
//!
//! The control plane's `AgentRuntimeArn` pattern (botocore service model
//! `bedrock-agentcore-control/2023-06-05`) is
//! `arn:aws(-[^:]+)?:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:runtime/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}`:
//! the runtime id is the runtime's name (letters, digits, underscores; no
//! hyphens) followed by a hyphen and ten alphanumerics.

use std::{fmt, str::FromStr};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded, so `:` and `/`
/// of the ARN become `%3A` and `%2F` (botocore encodes path labels with the
/// safe set `-._~`).
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A parsed AgentCore runtime ARN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuntimeArn {
    pub partition: String,
    pub region: String,
    pub account: String,
    /// `{name}-{10 alphanumerics}`.
    pub runtime_id: String,
}

/// Why a string is not a runtime ARN, in words for a ValidationException.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not an AgentCore runtime ARN ({reason}); expected arn:aws:bedrock-agentcore:<region>:<12-digit account>:runtime/<name>-<10 characters>"
)]
pub struct ArnError {
    pub value: String,
    pub reason: &'static str,
}

impl RuntimeArn {
    /// The ARN percent-encoded once, as it appears in the invocation path.
    pub fn encoded(&self) -> String {
        percent_encoding::utf8_percent_encode(&self.to_string(), COMPONENT).to_string()
    }

    /// The runtime's name: the id without its ten-character suffix.
    pub fn name(&self) -> &str {
        self.runtime_id
            .rsplit_once('-')
            .map_or(self.runtime_id.as_str(), |(name, _)| name)
    }
}

impl fmt::Display for RuntimeArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:bedrock-agentcore:{}:{}:runtime/{}",
            self.partition, self.region, self.account, self.runtime_id
        )
    }
}

impl FromStr for RuntimeArn {
    type Err = ArnError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let error = |reason| ArnError {
            value: value.to_owned(),
            reason,
        };
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = parts[..] else {
            return Err(error("it does not have six colon-separated parts"));
        };
        if arn != "arn" {
            return Err(error("it does not start with arn:"));
        }
        let partition_ok = partition == "aws"
            || partition
                .strip_prefix("aws-")
                .is_some_and(|rest| !rest.is_empty());
        if !partition_ok {
            return Err(error("the partition is not aws or aws-*"));
        }
        if service != "bedrock-agentcore" {
            return Err(error("the service is not bedrock-agentcore"));
        }
        let region_ok = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !region_ok {
            return Err(error(
                "the region is not lowercase letters, digits and hyphens",
            ));
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error("the account is not 12 digits"));
        }
        let Some(runtime_id) = resource.strip_prefix("runtime/") else {
            return Err(error("the resource is not runtime/<id>"));
        };
        let Some((name, suffix)) = runtime_id.rsplit_once('-') else {
            return Err(error("the runtime id has no -<10 characters> suffix"));
        };
        let name_ok = (1..=48).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !name_ok {
            return Err(error(
                "the runtime name is not a letter followed by up to 47 letters, digits or underscores",
            ));
        }
        if suffix.len() != 10 || !suffix.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(error("the runtime id suffix is not 10 letters or digits"));
        }
        Ok(Self {
            partition: partition.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            runtime_id: runtime_id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str =
        "arn:aws:bedrock-agentcore:us-west-2:256215987095:runtime/mcp_server-kOjvNZ4q0I";

    #[test]
    fn parses_and_prints_a_real_runtime_arn() {
        let arn: RuntimeArn = VALID.parse().unwrap();
        assert_eq!(arn.region, "us-west-2");
        assert_eq!(arn.account, "256215987095");
        assert_eq!(arn.name(), "mcp_server");
        assert_eq!(arn.to_string(), VALID);
        assert_eq!(
            arn.encoded(),
            "arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A256215987095%3Aruntime%2Fmcp_server-kOjvNZ4q0I"
        );
    }

    #[test]
    fn rejects_what_the_service_pattern_rejects() {
        for bad in [
            "",
            "arn:aws:bedrock-agentcore:us-west-2:256215987095:runtime/mcp_server",
            "arn:aws:bedrock-agentcore:us-west-2:25621598709:runtime/mcp_server-kOjvNZ4q0I",
            "arn:aws:bedrock:us-west-2:256215987095:runtime/mcp_server-kOjvNZ4q0I",
            "arn:aws:bedrock-agentcore:us-west-2:256215987095:agent/mcp_server-kOjvNZ4q0I",
            "arn:aws:bedrock-agentcore:us-west-2:256215987095:runtime/mcp-server-kOjvNZ4q0I",
            "arn:aws:bedrock-agentcore:US-WEST-2:256215987095:runtime/mcp_server-kOjvNZ4q0I",
            "arn:aws:bedrock-agentcore:us-west-2:256215987095:runtime/1mcp-kOjvNZ4q0I",
            "my_mcp_server-kOjvNZ4q0I",
        ] {
            assert!(bad.parse::<RuntimeArn>().is_err(), "{bad:?} parsed");
        }
        assert!(
            "arn:aws-cn:bedrock-agentcore:cn-north-1:256215987095:runtime/a-kOjvNZ4q0I"
                .parse::<RuntimeArn>()
                .is_ok()
        );
    }
}
