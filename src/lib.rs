//! mcp-matrix: the integration test matrix for MCP servers on Amazon Bedrock
//! AgentCore Runtime.

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
pub mod sse;
pub mod surface;
pub mod target;
