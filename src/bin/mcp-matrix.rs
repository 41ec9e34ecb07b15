//! The mcp-matrix command line.

use clap::Parser;

/// Runs the MCP conformance matrix (protocol versions x auth modes x headers x
/// methods) against an MCP server hosted on Amazon Bedrock AgentCore Runtime,
/// or against a local copy of it, and explains each failure.
#[derive(Debug, Parser)]
#[command(name = "mcp-matrix", version, about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
    eprintln!("mcp-matrix: no command given; see --help. The test suite runs with `cargo test`.");
    std::process::exit(2);
}
