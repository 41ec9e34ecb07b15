//! `mcp-matrix doctor`: a short probe sequence that names, with evidence,
//! why an MCP client cannot talk to a server on Amazon Bedrock AgentCore
//! Runtime, and what to change.
//!
//! The first failures of a deployment are few and always the same: a 406
//! for an `Accept` header without `text/event-stream`, a JWT whose
//! `client_id` or `aud` is not what the runtime's authorizer lists, SigV4
//! sent to a JWT runtime (or a bearer token to an IAM one), an expired
//! token, a server whose DNS-rebinding protection refuses the Host AgentCore
//! forwards, a server on another path or port than `0.0.0.0:8000/mcp`, a
//! missing or unsupported `MCP-Protocol-Version`, and a stateful server
//! behind a platform that needs a stateless one. Each [`Finding`] is a
//! [`Cause`] of the vocabulary `mcp-matrix run` shares (its cause, fix, and
//! the MCP specification clause or AWS document it rests on), with the
//! request sent and the answer received ([`Evidence`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use mcp_matrix::doctor::{Credentials, Endpoint, Setup, diagnose, render};
//! let setup = Setup {
//!     endpoint: Endpoint::parse("http://127.0.0.1:8000/mcp")?,
//!     headers: vec!["Accept: application/json".parse()?],
//!     credentials: Credentials::None,
//!     authorizer: None,
//!     mcp_mode: None,
//! };
//! let diagnosis = diagnose(&setup).await?;
//! print!("{}", render::text(&diagnosis));
//! # Ok(()) }
//! ```

mod endpoint;
mod explain;
mod finding;
mod header;
mod probe;
pub mod render;

pub use crate::diagnosis::{Cause, Evidence, HeaderLine, Received, SentRequest};
pub use endpoint::{Endpoint, EndpointError};
pub use finding::Finding;
pub use header::{HeaderError, HeaderOverride};
pub use probe::{Diagnosis, ProbeLine};

use crate::{
    agentcore::{CustomJwtAuthorizer, McpMode},
    client::SendError,
};

/// How the probes are authorised. Its `Debug` shows no secret.
pub enum Credentials {
    None,
    /// `Authorization: Bearer <token>`, for a runtime with a customJWTAuthorizer.
    Bearer(String),
    /// SigV4 for the data plane (`bedrock-agentcore`) in `region`.
    SigV4 {
        credentials: aws_credential_types::Credentials,
        region: String,
    },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
            Self::SigV4 {
                credentials,
                region,
            } => {
                write!(f, "SigV4({}, {region})", credentials.access_key_id())
            }
        }
    }
}

/// What to probe and how.
#[derive(Debug)]
pub struct Setup {
    pub endpoint: Endpoint,
    /// The user's headers, on top of the doctor's conforming ones.
    pub headers: Vec<HeaderOverride>,
    pub credentials: Credentials,
    /// The runtime's authorizer (from the project: the AgentCore CLI's
    /// `agentcore.json` or `.bedrock_agentcore.yaml`), to explain a refused
    /// token claim by claim.
    pub authorizer: Option<CustomJwtAuthorizer>,
    /// The server's MCP mode when known (`--mcp-mode`,
    /// `AGENTCORE_MCP_MODE`, or `stateless_http=` in its code).
    pub mcp_mode: Option<McpMode>,
}

/// Why the probes could not run (as opposed to what they found).
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error("cannot add the credentials to the request: {0}")]
    Credentials(String),
    #[error(transparent)]
    Send(#[from] SendError),
}

/// Runs the probe sequence and explains what it found.
pub async fn diagnose(setup: &Setup) -> Result<Diagnosis, DoctorError> {
    probe::run(setup).await
}
