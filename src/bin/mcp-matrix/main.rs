//! The mcp-matrix command line.
//!
//! - `mcp-matrix run` runs the protocol matrix against a local copy, a URL
//!   or the live runtime, and exits with 1 on a MUST violation;
//! - `mcp-matrix doctor` runs a short probe sequence and names the cause
//!   and the fix of the common deployment failures;
//! - `mcp-matrix token inspect` explains a JWT against the runtime's
//!   authorizer without printing the token.
//!
//! Every command exits with 2, after one line on stderr, when it cannot
//! run (bad flag, unreadable file, unreachable target).

mod doctor;
mod run;
mod token;

use std::process::ExitCode;

use clap::{Parser, Subcommand, error::ErrorKind};

const EXAMPLES: &str = "\
Examples:
  mcp-matrix run                                    # the matrix against the reference container
  mcp-matrix run --target http://127.0.0.1:8000/mcp # ... against your server
  mcp-matrix doctor --url http://127.0.0.1:8000/mcp --header 'Accept: application/json'
  mcp-matrix token inspect - < token.jwt            # why the runtime refuses this token

Each command's --help has more examples.";

/// Runs the MCP conformance matrix (protocol versions x auth x headers x
/// methods) against an MCP server, directly or through Amazon Bedrock
/// AgentCore Runtime, and explains each failure.
#[derive(Debug, Parser)]
#[command(name = "mcp-matrix", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Run(run::RunArgs),
    Doctor(doctor::DoctorArgs),
    #[command(subcommand)]
    Token(token::TokenCommand),
}

/// Prints one line on stderr and returns the exit code of a command that
/// could not run.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("mcp-matrix: {message}");
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version, and the help shown when no command is given.
        Err(error)
            if !error.use_stderr()
                || error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            error.exit()
        }
        // clap's usage errors span several lines; keep the one that says
        // what is wrong.
        Err(error) => {
            let text = error.render().to_string();
            let line = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            return fail(format!("{line} (see --help)"));
        }
    };
    match cli.command {
        Command::Run(args) => run::main(args).await,
        Command::Doctor(args) => doctor::main(args).await,
        Command::Token(command) => token::main(command).await,
    }
}
