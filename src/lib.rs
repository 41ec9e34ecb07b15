//! mcp-matrix: the integration test matrix for MCP servers on Amazon Bedrock
//! AgentCore Runtime.
//!
//! To test your own server from your own `cargo test`, start at [`Matrix`]:
//!
//! ```no_run
//! # async fn test() -> Result<(), mcp_matrix::HarnessError> {
//! mcp_matrix::Matrix::image("my-mcp:dev").run().await?.assert_no_problems();
//! # Ok(())
//! # }
//! ```
//!
//! It discovers what a target server offers, plans the cases (protocol
//! version x method x the item addressed x one header variant), sends each
//! with exactly the chosen headers, judges every answer against the
//! specification of its version and what the target declared, and groups
//! the failures by cause, each with its fix.
//!
//! # The layers
//!
//! Modules form layers. A module uses modules of its own layer or of the
//! layers above it in this table, never of a layer below it; CI checks
//! that no two modules use each other (`scripts/module-cycles`) and that
//! every use follows this table (`scripts/module-cycles --layers`).
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | vocabulary | [`protocol`], [`sse`], `random`, [`time`], [`surface`], [`arguments`], [`project`], [`agentcore`] | protocol versions and wire names; SSE framing; random ids; seconds since the epoch; what a target declared; arguments from a JSON Schema; the project file; the AgentCore data plane's names |
//! | transport | [`client`], [`message`], [`server_requests`], [`observation`], [`outcome`], [`target`] | one request with exactly the chosen headers, and its answer; the messages; the client's answers to a server's requests; the redacted and one-line forms of an answer; how requests reach a target |
//! | model | [`case`], [`case_filter`], [`deviations`] | the cases and the plan of a target; naming and choosing cases; reviewed deviations |
//! | judgement | [`oracle`] | what each answer must be, with the clause of each rule |
//! | run | [`discovery`], [`sessions`], [`matrix`], [`diagnosis`] | asking a target what it offers; the sessions of a stateful target; running its cases; grouping failures by cause |
//! | platform emulation | [`auth`], [`cognito`], [`front_door`], [`auth_matrix`] | SigV4 and bearer tokens; Cognito, emulated and as a client; a local AgentCore front door; runtimes x credentials |
//! | live | [`live`] | the deployed runtime: configuration, sign-in, probes |
//! | environments | [`environment`] | the server image and container, the Python peers, the local platform |
//! | doctor | [`doctor`] | `mcp-matrix doctor`: what stands between a client and a deployment |
//! | report | [`report`] | every format of a run's results, problems first |
//! | harness | [`harness`] | [`Matrix`]: the matrix in your own `cargo test` |
//!
//! The command line (`src/bin/mcp-matrix/`) sits above them all.

/// Checks, in a unit test, that the `ALL` array `$all` of an enum holds
/// every variant once, in the order of the patterns, one per variant.
///
/// The `match` it expands to has no `_` arm, so a variant added to the enum
/// fails to compile the test until it is listed here, and then fails the
/// test until `ALL` holds it in the same place. A pattern listed twice is an
/// unreachable pattern, which is denied. `ALL` cannot hold more values than
/// there are patterns: as the patterns cover every variant, an extra value
/// would be a second place of some pattern's variant.
#[cfg(test)]
macro_rules! assert_all_lists_every_variant {
    ($all:expr, [$($variant:pat),+ $(,)?]) => {{
        let all = $all;
        for value in &all {
            #[deny(unreachable_patterns)]
            let () = match value {
                $($variant => (),)+
            };
        }
        // A pattern's place is its place in the list.
        let listed = [$(stringify!($variant)),+];
        $(
            let variant = stringify!($variant);
            let place = listed
                .iter()
                .position(|name| *name == variant)
                .expect("a listed pattern");
            let held_at: Vec<usize> = (0..all.len())
                .filter(|&index| matches!(&all[index], $variant))
                .collect();
            assert_eq!(
                held_at,
                [place],
                "ALL holds {variant} at {held_at:?}, not once at {place}"
            );
        )+
    }};
}

pub mod agentcore;
pub mod arguments;
pub mod auth;
pub mod auth_matrix;
pub mod case;
pub mod case_filter;
pub mod client;
pub mod cognito;
pub mod deviations;
pub mod diagnosis;
pub mod discovery;
pub mod doctor;
pub mod environment;
pub mod front_door;
pub mod harness;
pub mod live;
pub mod matrix;
pub mod message;
pub mod observation;
pub mod oracle;
pub mod outcome;
pub mod project;
pub mod protocol;
pub(crate) mod random;
pub mod report;
pub mod server_requests;
pub mod sessions;
pub mod sse;
pub mod surface;
pub mod target;
pub mod time;

pub use environment::PlatformAuth;
pub use harness::{HarnessError, Matrix, MatrixReport};
