//! `mcp-matrix token inspect`: explains a JWT against the runtime's
//! `customJWTAuthorizer`, without printing the token or its signature.
//!
//! The authorizer comes from the project: the AgentCore CLI's
//! `agentcore/agentcore.json` or the deprecated starter toolkit's
//! `.bedrock_agentcore.yaml` (`--config`, `AGENTCORE_CONFIG`, or the current
//! directory, the CLI's first), and flags override its fields. The checks are [`mcp_matrix::auth::inspect::check`],
//! the claim checks of AgentCore's inbound JWT authorizer (AgentCore
//! developer guide, "Configure inbound JWT authorizer"). Exit codes: 0 when
//! the claims would pass (or no authorizer is known, which is said), 1 on a
//! mismatch, 2 when the input cannot be read.

use std::{io::Read, path::PathBuf, process::ExitCode, time::SystemTime};

use mcp_matrix::{
    agentcore::{Authorizer, CustomJwtAuthorizer},
    auth::inspect::{self, Mismatch, TokenView},
    live::{self, AgentChoice, Need, agentcore_cli, starter_toolkit, var},
};
use serde_json::Value;

use crate::fail;

const EXAMPLES: &str = "\
Examples:
  # the token from AGENTCORE_BEARER_TOKEN, the authorizer from the project in this
  # directory: the AgentCore CLI's agentcore/agentcore.json (or .bedrock_agentcore.yaml)
  mcp-matrix token inspect

  # from stdin (keeps the token out of the process list and shell history)
  pbpaste | mcp-matrix token inspect -

  # against an authorizer given on the command line
  mcp-matrix token inspect - \\
    --discovery-url https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration \\
    --allowed-client 1example23456789abcdefghij

  # one agent of a project elsewhere
  mcp-matrix token inspect - --config ../my-project/agentcore --agent EchoServer

Exit status: 0 the authorizer would accept the token's claims (or no authorizer is known),
1 a claim would be refused, 2 the token or the configuration cannot be read.
The signature is never verified, and neither the token nor its signature is printed.";

#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Decode a JWT's header and claims (never printing the token) and check
    /// it against the runtime's customJWTAuthorizer.
    #[command(after_help = EXAMPLES)]
    Inspect(InspectArgs),
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The JWT, or `-` to read it from stdin. Default: $AGENTCORE_BEARER_TOKEN.
    token: Option<String>,
    /// The project: the AgentCore CLI's agentcore/ directory or its
    /// agentcore.json, or the deprecated starter toolkit's
    /// .bedrock_agentcore.yaml. Default: ./agentcore/agentcore.json, or
    /// ./.bedrock_agentcore.yaml, when it exists.
    #[arg(long, value_name = "PATH", env = var::CONFIG)]
    config: Option<PathBuf>,
    /// The agent of the project. Default: its only one (the toolkit's
    /// default_agent).
    #[arg(long, env = var::AGENT)]
    agent: Option<String>,
    /// The authorizer's discoveryUrl
    /// (`{issuer}/.well-known/openid-configuration`).
    #[arg(long, value_name = "URL")]
    discovery_url: Option<String>,
    /// An allowedClients entry (repeatable); replaces the file's list.
    #[arg(long = "allowed-client", value_name = "ID")]
    allowed_clients: Vec<String>,
    /// An allowedAudience entry (repeatable); replaces the file's list.
    #[arg(long = "allowed-audience", value_name = "A")]
    allowed_audience: Vec<String>,
    /// An allowedScopes entry (repeatable); replaces the file's list.
    #[arg(long = "allowed-scope", value_name = "S")]
    allowed_scopes: Vec<String>,
}

pub async fn main(command: TokenCommand) -> ExitCode {
    match command {
        TokenCommand::Inspect(args) => inspect_command(&args),
    }
}

fn inspect_command(args: &InspectArgs) -> ExitCode {
    let view = match read_token(args.token.as_deref()).and_then(|token| {
        inspect::decode(&token).map_err(|error| format!("malformed token: {error}"))
    }) {
        Ok(view) => view,
        Err(message) => return fail(message),
    };
    let authorizer = match authorizer(args) {
        Ok((authorizer, note)) => {
            if let Some(note) = note {
                eprintln!("mcp-matrix: note: {note}");
            }
            authorizer
        }
        Err(message) => return fail(message),
    };
    let now = SystemTime::now();
    print_view(&view, now);
    let (origin, authorizer) = match authorizer {
        Known::Jwt(origin, authorizer) => (origin, authorizer),
        Known::Iam(origin) => {
            println!(
                "\nauthorizer: {origin} has no customJWTAuthorizer: the runtime takes SigV4 \
                 (IAM) and refuses every bearer token with \"Authorization method mismatch\".\n\
                 fix: sign the request with SigV4, or configure a customJWTAuthorizer \
                 (source: {})",
                inspect::AWS_JWT_AUTHORIZER_DOC
            );
            return ExitCode::from(1);
        }
        Known::Nothing => {
            println!(
                "\nno authorizer known: nothing checked. Pass --config PATH (the AgentCore \
                 CLI's {}/{}, or the starter toolkit's {}) or --discovery-url with \
                 --allowed-client/--allowed-audience/--allowed-scope.",
                agentcore_cli::DIR,
                agentcore_cli::SPEC,
                starter_toolkit::FILE_NAME
            );
            return ExitCode::SUCCESS;
        }
    };
    let mismatches = inspect::check(&view, &authorizer, now);
    print_checks(&origin, &authorizer, &view, &mismatches);
    if mismatches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The token text: the argument, stdin for `-`, or the environment.
fn read_token(argument: Option<&str>) -> Result<String, String> {
    match argument {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| format!("cannot read the token from stdin: {error}"))?;
            Ok(text)
        }
        Some(token) => Ok(token.to_owned()),
        None => std::env::var(var::BEARER_TOKEN).map_err(|_| {
            format!(
                "no token: pass it as an argument, `-` to read stdin, or set {}",
                var::BEARER_TOKEN
            )
        }),
    }
}

/// What is known of the runtime's authorizer.
enum Known {
    /// A `customJWTAuthorizer`, and where it came from.
    Jwt(String, CustomJwtAuthorizer),
    /// A project's agent without one: an IAM (SigV4) runtime.
    Iam(String),
    /// Neither a project file nor flags.
    Nothing,
}

/// The authorizer to check against, and the note of the project lookup.
fn authorizer(args: &InspectArgs) -> Result<(Known, Option<String>), String> {
    let choice = AgentChoice {
        config: args.config.clone(),
        agent: args.agent.clone(),
        ..AgentChoice::default()
    };
    let agent = live::load(&choice, Need::Definition).map_err(|error| error.to_string())?;
    let note = agent.as_ref().and_then(|agent| agent.note.clone());
    let from_file = match agent {
        Some(agent) => {
            let origin = agent.to_string();
            match agent.authorizer {
                Authorizer::CustomJwt(authorizer) => Some((origin, authorizer)),
                Authorizer::Iam if no_overrides(args) => return Ok((Known::Iam(origin), note)),
                Authorizer::Iam => None,
            }
        }
        None => None,
    };
    if no_overrides(args) {
        let known = from_file.map_or(Known::Nothing, |(origin, authorizer)| {
            Known::Jwt(origin, authorizer)
        });
        return Ok((known, note));
    }
    let (origin, mut authorizer) = match from_file {
        Some((origin, authorizer)) => (format!("{origin}, with flags"), authorizer),
        None => ("flags".to_owned(), CustomJwtAuthorizer::default()),
    };
    if let Some(url) = &args.discovery_url {
        authorizer.discovery_url.clone_from(url);
    }
    if authorizer.discovery_url.is_empty() {
        return Err(
            "the authorizer needs a discovery URL: pass --discovery-url URL or --config PATH"
                .to_owned(),
        );
    }
    for (flag, list) in [
        (&args.allowed_clients, &mut authorizer.allowed_clients),
        (&args.allowed_audience, &mut authorizer.allowed_audience),
        (&args.allowed_scopes, &mut authorizer.allowed_scopes),
    ] {
        if !flag.is_empty() {
            list.clone_from(flag);
        }
    }
    Ok((Known::Jwt(origin, authorizer), note))
}

fn no_overrides(args: &InspectArgs) -> bool {
    args.discovery_url.is_none()
        && args.allowed_clients.is_empty()
        && args.allowed_audience.is_empty()
        && args.allowed_scopes.is_empty()
}

/// Claims that hold a NumericDate, shown with their date.
const TIME_CLAIMS: [&str; 4] = ["exp", "nbf", "iat", "auth_time"];

fn print_view(view: &TokenView, now: SystemTime) {
    let now = mcp_matrix::time::unix_seconds(now);
    println!("header");
    for name in ["alg", "kid", "typ"] {
        let value = view
            .header
            .get(name)
            .map_or_else(|| "(none)".to_owned(), show);
        println!("  {name:<4} {value}");
    }
    println!("\nclaims");
    let width = view.claims.keys().map(String::len).max().unwrap_or(0);
    for (name, value) in &view.claims {
        let date = match inspect::numeric_date(&view.claims, name) {
            Some(Ok(seconds)) if TIME_CLAIMS.contains(&name.as_str()) => {
                format!("  ({})", inspect::describe_time(seconds, now))
            }
            _ => String::new(),
        };
        println!("  {name:<width$}  {}{date}", show(value));
    }
    println!("\nkind: {}", view.kind);
    println!("signature: not verified (token inspect checks claims only)");
}

/// A claim value: strings without quotes, everything else as JSON.
fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn print_checks(
    origin: &str,
    authorizer: &CustomJwtAuthorizer,
    view: &TokenView,
    mismatches: &[Mismatch],
) {
    println!("\nauthorizer: customJWTAuthorizer of {origin}");
    println!("  discoveryUrl     {}", authorizer.discovery_url);
    for (name, list) in [
        ("allowedClients", &authorizer.allowed_clients),
        ("allowedAudience", &authorizer.allowed_audience),
        ("allowedScopes", &authorizer.allowed_scopes),
    ] {
        if !list.is_empty() {
            println!("  {name:<16} [{}]", list.join(", "));
        }
    }
    for rule in &authorizer.custom_claims {
        println!(
            "  customClaims     {}: {}",
            rule.inbound_token_claim_name,
            inspect::describe_rule(rule)
        );
    }
    println!("\nchecks");
    let applied = applied_checks(authorizer, view);
    for claim in &applied {
        if !mismatches.iter().any(|m| &m.claim == claim) {
            println!("  pass  {claim}");
        }
        mismatches
            .iter()
            .filter(|m| &m.claim == claim)
            .for_each(print_mismatch);
    }
    mismatches
        .iter()
        .filter(|m| !applied.contains(&m.claim))
        .for_each(print_mismatch);
    match mismatches.len() {
        0 => println!(
            "\nresult: the authorizer would accept these claims (the signature was not verified)"
        ),
        n => println!("\nresult: the authorizer would refuse this token ({n} mismatch(es))"),
    }
}

fn print_mismatch(mismatch: &Mismatch) {
    println!("  FAIL  {}: {}", mismatch.claim, mismatch.problem);
    println!("        fix: {}", mismatch.fix);
    println!("        source: {}", mismatch.source);
}

/// The claims the authorizer checks, in its order.
fn applied_checks(authorizer: &CustomJwtAuthorizer, view: &TokenView) -> Vec<String> {
    let mut claims = vec!["exp".to_owned()];
    if view.claims.contains_key("nbf") {
        claims.push("nbf".to_owned());
    }
    claims.push("iss".to_owned());
    for (claim, list) in [
        ("client_id", &authorizer.allowed_clients),
        ("aud", &authorizer.allowed_audience),
        ("scope", &authorizer.allowed_scopes),
    ] {
        if !list.is_empty() {
            claims.push(claim.to_owned());
        }
    }
    for rule in &authorizer.custom_claims {
        if !claims.contains(&rule.inbound_token_claim_name) {
            claims.push(rule.inbound_token_claim_name.clone());
        }
    }
    claims
}
