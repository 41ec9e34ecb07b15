//! The protocol versions a target supports.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::protocol::ProtocolVersion;

/// The protocol versions a target supports, as probed before the run (see
/// `discovery`). A case of a version the target does not support is judged
/// as a request naming an unsupported version: a server is not wrong for not
/// implementing a revision, only for answering one it does not implement as
/// if it did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Support(BTreeSet<ProtocolVersion>);

impl Support {
    pub fn new(versions: impl IntoIterator<Item = ProtocolVersion>) -> Self {
        Self(versions.into_iter().collect())
    }

    /// Every version this suite knows.
    pub fn all() -> Self {
        Self::new(ProtocolVersion::ALL)
    }

    pub fn supports(&self, version: ProtocolVersion) -> bool {
        self.0.contains(&version)
    }

    pub fn versions(&self) -> impl Iterator<Item = ProtocolVersion> + '_ {
        self.0.iter().copied()
    }
}
