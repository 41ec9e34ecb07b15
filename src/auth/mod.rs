//! How a caller proves who it is to an AgentCore runtime, which takes
//! either SigV4 or a bearer token, never both (AgentCore developer guide,
//! *Authenticate and authorize with Inbound Auth and Outbound Auth*).
//!
//! - [`sigv4`] signs requests the way botocore does, and verifies them the
//!   way AWS's front door does.
//! - [`inspect`] reads a bearer token against a runtime's
//!   `customJWTAuthorizer` and names every check it would fail, with the fix.
//!
//! Where tokens come from (a Cognito user pool, real or emulated) is
//! [`crate::cognito`]'s business.

pub mod inspect;
pub mod sigv4;
