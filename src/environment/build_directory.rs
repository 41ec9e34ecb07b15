//! Where mcp-matrix keeps what it builds for itself: the reference server's
//! static build (`arc-server-image/`, see `image.rs`) and the Python SDKs'
//! virtualenvs (`python-peers/`, see `python/venv.rs`).

use std::path::{Path, PathBuf};

/// `CARGO_TARGET_DIR` when it is set where mcp-matrix runs (as cargo itself
/// would use it), otherwise the `target/` directory beside the sources
/// mcp-matrix was built from: the checkout, or the unpacked package of an
/// install from a registry.
pub fn build_directory() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(directory) if !directory.is_empty() => PathBuf::from(directory),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
    }
}
