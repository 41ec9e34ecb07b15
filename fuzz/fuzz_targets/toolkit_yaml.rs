//! `live::starter_toolkit::parse` on arbitrary text: no panic, and every
//! error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcp_matrix::live::{AgentChoice, starter_toolkit};

const PATH: &str = "/fuzz/.bedrock_agentcore.yaml";

fuzz_target!(|text: &str| {
    for agent in [None, Some("my_mcp_server")] {
        let choice = AgentChoice {
            agent: agent.map(str::to_owned),
            ..AgentChoice::default()
        };
        if let Err(error) = starter_toolkit::parse(text, PATH, &choice) {
            assert!(error.to_string().contains(PATH), "{error}");
        }
    }
});
