//! `mcp-matrix doctor`: a short probe sequence that names the cause and the
//! fix of the common deployment failures (see [`mcp_matrix::doctor`]).
//!
//! Exit status: 0 nothing found, 1 findings, 2 the probes could not run.

use std::{path::PathBuf, process::ExitCode};

use mcp_matrix::{
    agentcore::{DEFAULT_QUALIFIER, McpMode, RuntimeArn, regional_endpoint},
    doctor::{self, Credentials, Endpoint, HeaderOverride, Setup, render},
    live::{
        self, AgentChoice, DeployedAgent, LiveAuth, LiveSettings, Need, ServerMode, agentcore_cli,
        starter_toolkit, var,
    },
};

use crate::fail;

const EXAMPLES: &str = "\
Examples:
  # a server you run locally (FastMCP, rmcp...), before deploying it
  mcp-matrix doctor --url http://127.0.0.1:8000/mcp

  # replay your own failing request: only application/json in Accept, or no Accept at all
  mcp-matrix doctor --url http://127.0.0.1:8000/mcp --header 'Accept: application/json'
  mcp-matrix doctor --url http://127.0.0.1:8000/mcp --header 'Accept:'

  # in an AgentCore CLI project after `agentcore deploy`: the runtime, its endpoint and its
  # authorizer come from agentcore/ (the deprecated starter toolkit's .bedrock_agentcore.yaml too)
  mcp-matrix doctor --token-file token.jwt

  # a deployed runtime with a customJWTAuthorizer; the project gives the authorizer
  AGENTCORE_BEARER_TOKEN=... mcp-matrix doctor --arn arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/my_mcp-AbCdEf1234

  # an IAM runtime, signed with the AWS default credential chain
  mcp-matrix doctor --arn arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/my_mcp-AbCdEf1234 --sigv4

  # an invocation URL as your client uses it, the token from a file
  mcp-matrix doctor --token-file token.jwt \\
    --url 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3A...%2Fmy_mcp-AbCdEf1234/invocations?qualifier=DEFAULT'

Exit status: 0 no problem found, 1 problems found (each with the request sent, the answer
received, the cause, the fix and its source), 2 the probes could not run.
Tokens, keys and signatures are never printed.";

/// Diagnose a server or runtime: probes it and names, with evidence and the
/// fix, what stands between it and a working MCP client.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
#[command(group(clap::ArgGroup::new("target").args(["url", "arn"])))]
pub struct DoctorArgs {
    /// An MCP endpoint (http://127.0.0.1:8000/mcp) or an AgentCore invocation
    /// URL (.../runtimes/<ARN, percent-encoded>/invocations?qualifier=...).
    #[arg(long)]
    url: Option<String>,
    /// A runtime ARN: the invocation URL is built like live mode's (region of
    /// the ARN, AWS_ENDPOINT_URL_BEDROCK_AGENTCORE, AGENTCORE_QUALIFIER).
    /// Default: $AGENTCORE_RUNTIME_ARN, or the agent's ARN in the project
    /// (the AgentCore CLI's deployed state, or .bedrock_agentcore.yaml).
    #[arg(long)]
    arn: Option<String>,
    /// A bearer token for a runtime with a customJWTAuthorizer. Default:
    /// $AGENTCORE_BEARER_TOKEN. Prefer --token-file: a command line is visible
    /// to other processes.
    #[arg(long, conflicts_with_all = ["token_file", "sigv4"])]
    token: Option<Secret>,
    /// Read the bearer token from this file.
    #[arg(long, conflicts_with = "sigv4")]
    token_file: Option<PathBuf>,
    /// Sign with SigV4 (AWS default credential chain), for an IAM runtime.
    #[arg(long)]
    sigv4: bool,
    /// The project, for the runtime and its authorizer: the AgentCore CLI's
    /// agentcore/ directory or its agentcore.json, or the deprecated starter
    /// toolkit's .bedrock_agentcore.yaml. Default: $AGENTCORE_CONFIG, or
    /// ./agentcore/agentcore.json, or ./.bedrock_agentcore.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// The project's agent. Default: $AGENTCORE_AGENT, or its only one (the
    /// toolkit's default_agent).
    #[arg(long)]
    agent: Option<String>,
    /// The AgentCore CLI's deployment target (aws-targets.json). Default:
    /// $AGENTCORE_TARGET, or the only one, or `default`.
    #[arg(long, value_name = "NAME")]
    aws_target: Option<String>,
    /// The server's MCP mode. Default: $AGENTCORE_MCP_MODE, or what its code
    /// sets (`stateless_http=` in the AgentCore CLI project's entrypoint).
    #[arg(long, value_name = "stateless|stateful")]
    mcp_mode: Option<McpMode>,
    /// A header of your own request, 'Name: value' (repeatable); 'Name:'
    /// sends no such header.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// How to print the diagnosis.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A command-line secret; its `Debug` hides it.
#[derive(Clone)]
struct Secret(String);

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(text.to_owned()))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

pub async fn main(args: DoctorArgs) -> ExitCode {
    let setup = match setup(&args).await {
        Ok(setup) => setup,
        Err(message) => return fail(message),
    };
    let diagnosis = match doctor::diagnose(&setup).await {
        Ok(diagnosis) => diagnosis,
        Err(error) => return fail(error),
    };
    match args.format {
        Format::Text => print!("{}", render::text(&diagnosis)),
        Format::Json => println!("{}", render::json(&diagnosis)),
    }
    if diagnosis.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn setup(args: &DoctorArgs) -> Result<Setup, String> {
    let headers = args
        .headers
        .iter()
        .map(|header| header.parse::<HeaderOverride>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| error.to_string())?;
    let mut choice = AgentChoice::from_env().map_err(|error| error.to_string())?;
    choice.config = args.config.clone().or(choice.config);
    choice.agent = args.agent.clone().or(choice.agent);
    choice.target = args.aws_target.clone().or(choice.target);
    choice.mode = args.mcp_mode.or(choice.mode);
    let given = args.url.is_some() || args.arn.is_some() || env(var::RUNTIME_ARN).is_some();
    let need = if given {
        Need::Definition
    } else {
        Need::Deployment
    };
    let agent = live::load(&choice, need).map_err(|error| error.to_string())?;
    let (arn, origin) = match (&args.arn, env(var::RUNTIME_ARN), &agent) {
        (Some(arn), _, _) => (Some(arn.clone()), "--arn".to_owned()),
        (None, Some(arn), _) => (Some(arn), var::RUNTIME_ARN.to_owned()),
        (None, None, Some(agent)) => (agent.runtime_arn.clone(), agent.arn_field()),
        (None, None, None) => (None, String::new()),
    };
    let endpoint = match (&args.url, &arn) {
        (Some(url), _) => Endpoint::parse(url).map_err(|error| error.to_string())?,
        (None, Some(arn)) => {
            let arn: RuntimeArn = arn.parse().map_err(|error| format!("{origin}: {error}"))?;
            let data_plane = env(var::ENDPOINT_AGENTCORE)
                .or_else(|| env(var::ENDPOINT_GLOBAL))
                .unwrap_or_else(|| regional_endpoint(&arn.region));
            let qualifier = agent.as_ref().map_or_else(
                || {
                    choice
                        .endpoint
                        .clone()
                        .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned())
                },
                |agent| agent.qualifier.clone(),
            );
            Endpoint::runtime(&data_plane, &arn, &qualifier).map_err(|error| error.to_string())?
        }
        (None, None) => {
            return Err(format!(
                "give --url or --arn (or set {}, or run where {}/{} or {} names the agent's ARN)",
                var::RUNTIME_ARN,
                agentcore_cli::DIR,
                agentcore_cli::SPEC,
                starter_toolkit::FILE_NAME
            ));
        }
    };
    let mcp_mode = ServerMode::resolve(
        choice.mode,
        agent
            .as_ref()
            .and_then(|agent| agent.server_code.as_deref()),
    );
    if let Some(agent) = &agent {
        if let Some(note) = &agent.note {
            eprintln!("mcp-matrix: note: {note}");
        }
        eprintln!("mcp-matrix: project: {}", agent.summary());
    }
    if agent.is_some() || mcp_mode.is_some() {
        eprintln!(
            "mcp-matrix: MCP mode: {}",
            ServerMode::describe(mcp_mode.as_ref())
        );
    }
    let credentials = credentials(args, &endpoint).await?;
    Ok(Setup {
        endpoint,
        headers,
        credentials,
        authorizer: agent
            .as_ref()
            .and_then(DeployedAgent::jwt_authorizer)
            .cloned(),
        mcp_mode: mcp_mode.map(|known| known.mode),
    })
}

async fn credentials(args: &DoctorArgs, endpoint: &Endpoint) -> Result<Credentials, String> {
    if args.sigv4 {
        let Some(arn) = endpoint.arn() else {
            return Err(
                "--sigv4 signs for an AgentCore runtime: give --arn or an invocation URL"
                    .to_owned(),
            );
        };
        // The AWS chain, as live mode gets it; a runtime is signed for in
        // its own region.
        let settings = LiveSettings {
            arn: arn.clone(),
            qualifier: DEFAULT_QUALIFIER.to_owned(),
            region: arn.region.clone(),
            endpoint: String::new(),
            auth: LiveAuth::SigV4,
            agent: None,
            mcp_mode: None,
        };
        return match live::identity(&settings).await {
            Ok(live::Identity::SigV4(credentials)) => Ok(Credentials::SigV4 {
                credentials,
                region: arn.region.clone(),
            }),
            Ok(live::Identity::Bearer(_)) => Err("--sigv4 found no AWS credentials".to_owned()),
            Err(error) => Err(error
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()),
        };
    }
    if let Some(Secret(token)) = &args.token {
        return Ok(Credentials::Bearer(token.trim().to_owned()));
    }
    if let Some(path) = &args.token_file {
        let token = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read the token file {}: {error}", path.display()))?;
        return Ok(Credentials::Bearer(token.trim().to_owned()));
    }
    Ok(env(var::BEARER_TOKEN).map_or(Credentials::None, Credentials::Bearer))
}
