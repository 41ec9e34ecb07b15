//! `.bedrock_agentcore.yaml`, the project file of the Bedrock AgentCore
//! starter toolkit (`agentcore configure` / `agentcore launch`), deprecated
//! in favour of the AgentCore CLI ([`super::agentcore_cli`]), as far as the
//! live run needs it: which agent, its runtime ARN, its region, its
//! authorizer and its request header allowlist. Schema:
//! `BedrockAgentCoreConfigSchema` in the toolkit's `utils/runtime/schema.py`.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use super::{AgentChoice, AgentSource, DeployedAgent};
use crate::agentcore::{Authorizer, CustomJwtAuthorizer, DEFAULT_QUALIFIER};

/// The file name the toolkit writes in the project directory.
pub const FILE_NAME: &str = ".bedrock_agentcore.yaml";

#[derive(Debug, Deserialize)]
struct Project {
    default_agent: Option<String>,
    #[serde(default)]
    agents: BTreeMap<String, Agent>,
}

#[derive(Debug, Deserialize)]
struct Agent {
    #[serde(default)]
    aws: Option<AwsSection>,
    #[serde(default)]
    bedrock_agentcore: Option<DeployedSection>,
    #[serde(default)]
    authorizer_configuration: Option<AuthorizerSection>,
    #[serde(default)]
    request_header_configuration: Option<HeaderSection>,
}

#[derive(Debug, Deserialize)]
struct AwsSection {
    region: Option<String>,
    protocol_configuration: Option<ProtocolSection>,
}

#[derive(Debug, Deserialize)]
struct ProtocolSection {
    server_protocol: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DeployedSection {
    agent_arn: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AuthorizerSection {
    #[serde(rename = "customJWTAuthorizer")]
    custom_jwt_authorizer: Option<CustomJwtAuthorizer>,
}

#[derive(Debug, Deserialize)]
struct HeaderSection {
    #[serde(rename = "requestHeaderAllowlist", default)]
    request_header_allowlist: Vec<String>,
}

/// Why the project file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ToolkitError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not a valid {FILE_NAME}: {reason}")]
    Parse { path: String, reason: String },
    #[error("{path} names no agent: set default_agent, or choose one with AGENTCORE_AGENT")]
    NoAgent { path: String },
    #[error("{path} has no agent {name:?} (it has: {known})")]
    UnknownAgent {
        path: String,
        name: String,
        known: String,
    },
}

/// Reads the chosen agent (or the default agent) from the project file at
/// `path`.
pub fn read(path: &Path, choice: &AgentChoice) -> Result<DeployedAgent, ToolkitError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| ToolkitError::Read {
        path: shown.clone(),
        reason: error.to_string(),
    })?;
    parse(&text, &shown, choice)
}

/// Reads the chosen agent from `text`, the content of the file at `path`.
/// The toolkit records no endpoints: the chosen one is taken as it is.
pub fn parse(text: &str, path: &str, choice: &AgentChoice) -> Result<DeployedAgent, ToolkitError> {
    let project: Project = serde_yaml_ng::from_str(text).map_err(|error| ToolkitError::Parse {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    let name = choice
        .agent
        .clone()
        .or(project.default_agent.clone())
        .or_else(|| {
            (project.agents.len() == 1)
                .then(|| project.agents.keys().next().cloned())
                .flatten()
        })
        .ok_or_else(|| ToolkitError::NoAgent {
            path: path.to_owned(),
        })?;
    let Some(entry) = project.agents.get(&name) else {
        return Err(ToolkitError::UnknownAgent {
            path: path.to_owned(),
            name,
            known: project
                .agents
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    Ok(DeployedAgent {
        source: AgentSource::StarterToolkit {
            file: PathBuf::from(path),
        },
        runtime_arn: entry
            .bedrock_agentcore
            .as_ref()
            .and_then(|deployed| deployed.agent_arn.clone()),
        region: entry.aws.as_ref().and_then(|aws| aws.region.clone()),
        server_protocol: entry
            .aws
            .as_ref()
            .and_then(|aws| aws.protocol_configuration.as_ref())
            .and_then(|protocol| protocol.server_protocol.clone()),
        authorizer: entry
            .authorizer_configuration
            .as_ref()
            .and_then(|auth| auth.custom_jwt_authorizer.clone())
            .map_or(Authorizer::Iam, Authorizer::CustomJwt),
        request_header_allowlist: entry
            .request_header_configuration
            .as_ref()
            .map(|headers| headers.request_header_allowlist.clone())
            .unwrap_or_default(),
        qualifier: choice
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned()),
        server_code: None,
        note: None,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
default_agent: my_mcp_server
agents:
  my_mcp_server:
    name: my_mcp_server
    entrypoint: my_mcp_server.py
    deployment_type: container
    platform: linux/arm64
    aws:
      account: '111122223333'
      region: us-east-1
      protocol_configuration:
        server_protocol: MCP
      observability:
        enabled: true
    bedrock_agentcore:
      agent_id: my_mcp_server-AbCdEf1234
      agent_arn: arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/my_mcp_server-AbCdEf1234
      agent_session_id: null
    authorizer_configuration:
      customJWTAuthorizer:
        discoveryUrl: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/openid-configuration
        allowedClients:
        - 1example23456789abcdefghij
    request_header_configuration:
      requestHeaderAllowlist:
      - Authorization
  other:
    name: other
    aws:
      region: eu-west-1
"#;

    fn choose(agent: Option<&str>) -> AgentChoice {
        AgentChoice {
            agent: agent.map(str::to_owned),
            ..AgentChoice::default()
        }
    }

    #[test]
    fn reads_the_default_agent() {
        let agent = parse(SAMPLE, "sample", &choose(None)).unwrap();
        assert_eq!(agent.name, "my_mcp_server");
        assert_eq!(
            agent.runtime_arn.as_deref(),
            Some(
                "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/my_mcp_server-AbCdEf1234"
            )
        );
        assert_eq!(agent.region.as_deref(), Some("us-east-1"));
        assert_eq!(agent.server_protocol.as_deref(), Some("MCP"));
        let authorizer = agent.jwt_authorizer().unwrap();
        assert_eq!(authorizer.allowed_clients, ["1example23456789abcdefghij"]);
        assert_eq!(agent.request_header_allowlist, ["Authorization"]);
        assert_eq!(agent.qualifier, "DEFAULT");
        assert_eq!(agent.to_string(), "agent \"my_mcp_server\" in sample");
    }

    #[test]
    fn reads_a_named_agent_and_names_unknown_ones() {
        let other = parse(SAMPLE, "sample", &choose(Some("other"))).unwrap();
        assert_eq!(other.region.as_deref(), Some("eu-west-1"));
        assert_eq!(other.runtime_arn, None);
        assert!(matches!(other.authorizer, Authorizer::Iam));
        let error = parse(SAMPLE, "sample", &choose(Some("missing"))).unwrap_err();
        assert!(
            error.to_string().contains("my_mcp_server, other"),
            "{error}"
        );
    }

    #[test]
    fn a_misspelt_authorizer_member_is_an_error_naming_it() {
        let misspelt = SAMPLE.replace("allowedClients:", "allowedClient:");
        let error = parse(&misspelt, "sample", &choose(None))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("unknown field `allowedClient`") && error.contains("`allowedClients`"),
            "{error}"
        );
    }

    #[test]
    fn invalid_yaml_is_an_error_with_the_path() {
        let error = parse("agents: [", "/x/.bedrock_agentcore.yaml", &choose(None)).unwrap_err();
        assert!(error.to_string().contains("/x/.bedrock_agentcore.yaml"));
    }
}
