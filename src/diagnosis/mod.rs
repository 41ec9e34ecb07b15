//! Diagnosis: what is wrong with a target, each cause once, with its fix.
//!
//! A person reading a report is in a hurry. Nine hundred failing cases
//! usually have three causes, and one of them explains the others: an
//! answer that cannot be read breaks every rule about what it says. So a
//! run's failing cases are grouped by [`Cause`], each [`Problem`] says how
//! many cases it covers, where, what the answers looked like, shows one
//! exchange, and says why and what to change, and the problem that explains
//! the others comes first.
//!
//! - [`Cause`]: the vocabulary, shared with `mcp-matrix doctor`: one name per
//!   cause, with its category, cause, fix and source;
//! - [`Evidence`]: a request and its answer, credentials redacted;
//! - [`diagnose`]: a run's problems and warnings.

mod cause;
mod classify;
mod evidence;
mod problem;

pub use cause::{
    AWS_JWT_AUTHORIZER_DOC, AWS_MCP_CONTRACT_DOC, AWS_RUNTIME_MCP_DOC, Category, Cause,
    MCP_TRANSPORTS,
};
pub use evidence::{Evidence, HeaderLine, Received, SentRequest, body_text};
pub use problem::{CredentialCheck, Diagnosis, Example, Problem, diagnose};
