//! [`DeployedAgent`]: what a project file says of the agent that live runs,
//! `doctor` and `token inspect` address, whichever tool wrote the project:
//! the AgentCore CLI (`agentcore/agentcore.json` with its targets and
//! deployed state, [`super::agentcore_cli`]) or the deprecated starter
//! toolkit (`.bedrock_agentcore.yaml`, [`super::starter_toolkit`]).

use std::{fmt, path::PathBuf};

use crate::agentcore::{Authorizer, CustomJwtAuthorizer};

/// One agent of a project, as its files describe it.
#[derive(Debug, Clone)]
pub struct DeployedAgent {
    /// The agent's name in its project.
    pub name: String,
    /// Which file it was read from, to name its fields in messages.
    pub source: AgentSource,
    /// The runtime ARN the project records for it, as written (the toolkit
    /// writes it once the agent is launched; the CLI's deployed state has
    /// it for every deployed agent).
    pub runtime_arn: Option<String>,
    /// The region of its deployment (the toolkit's `aws.region`; the CLI's
    /// target in `aws-targets.json`).
    pub region: Option<String>,
    /// `HTTP`, `MCP`, `A2A`...: live runs need `MCP`.
    pub server_protocol: Option<String>,
    /// IAM (SigV4) or a custom JWT authorizer.
    pub authorizer: Authorizer,
    /// The headers the platform forwards to the server besides its own
    /// (`requestHeaderAllowlist`).
    pub request_header_allowlist: Vec<String>,
    /// The endpoint to invoke: `DEFAULT`, or the named endpoint chosen.
    pub qualifier: String,
    /// The server's source file, when the project points at it: where its
    /// MCP mode can be read ([`super::ServerMode`]).
    pub server_code: Option<PathBuf>,
    /// Why this project was used rather than another one found, if any.
    pub note: Option<String>,
}

/// The file an agent was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentSource {
    /// The AgentCore CLI's `agentcore.json`, its `index`-th runtime; with
    /// the deployed state and the target when the deployment was read.
    AgentCoreCli {
        spec: PathBuf,
        index: usize,
        deployment: Option<CliDeployment>,
    },
    /// The starter toolkit's `.bedrock_agentcore.yaml`.
    StarterToolkit { file: PathBuf },
}

/// Where the AgentCore CLI recorded a deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliDeployment {
    /// `agentcore/.cli/deployed-state.json`.
    pub state: PathBuf,
    /// The deployment target's name (`aws-targets.json`).
    pub target: String,
}

impl DeployedAgent {
    /// The custom JWT authorizer, unless the runtime takes SigV4.
    pub fn jwt_authorizer(&self) -> Option<&CustomJwtAuthorizer> {
        match &self.authorizer {
            Authorizer::Iam => None,
            Authorizer::CustomJwt(authorizer) => Some(authorizer),
        }
    }

    /// The field and file that gave [`Self::runtime_arn`], for a message
    /// about it.
    pub fn arn_field(&self) -> String {
        match &self.source {
            AgentSource::AgentCoreCli {
                deployment: Some(deployment),
                ..
            } => format!(
                "targets.{}.resources.runtimes.{}.runtimeArn in {}",
                deployment.target,
                self.name,
                deployment.state.display()
            ),
            AgentSource::AgentCoreCli { spec, .. } => {
                format!("the deployed state of {}", spec.display())
            }
            AgentSource::StarterToolkit { file } => {
                format!("bedrock_agentcore.agent_arn in {}", file.display())
            }
        }
    }

    /// The field and file that gave [`Self::server_protocol`], and how to
    /// change it.
    pub fn protocol_field(&self) -> String {
        match &self.source {
            AgentSource::AgentCoreCli { spec, index, .. } => format!(
                "runtimes[{index}].protocol in {}, HTTP when absent; an MCP server is made \
                 with `agentcore create --protocol MCP`",
                spec.display()
            ),
            AgentSource::StarterToolkit { file } => format!(
                "aws.protocol_configuration.server_protocol in {}; deploy it with MCP",
                file.display()
            ),
        }
    }

    /// One line on what the project says: the agent, its file, its
    /// authorizer and the headers it lets through.
    pub fn summary(&self) -> String {
        let authorizer = match &self.authorizer {
            Authorizer::Iam => "IAM (SigV4)",
            Authorizer::CustomJwt(_) => "custom JWT",
        };
        let headers = if self.request_header_allowlist.is_empty() {
            String::new()
        } else {
            format!(
                ", request header allowlist [{}]",
                self.request_header_allowlist.join(", ")
            )
        };
        format!("{self}: {authorizer} authorizer{headers}")
    }
}

/// `agent "EchoServer" in agentcore/agentcore.json, target "default"`.
impl fmt::Display for DeployedAgent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            AgentSource::AgentCoreCli {
                spec, deployment, ..
            } => {
                write!(f, "agent {:?} in {}", self.name, spec.display())?;
                match deployment {
                    Some(deployment) => write!(f, ", target {:?}", deployment.target),
                    None => Ok(()),
                }
            }
            AgentSource::StarterToolkit { file } => {
                write!(f, "agent {:?} in {}", self.name, file.display())
            }
        }
    }
}
