//! Where mcp-matrix keeps what it builds for itself: the static builds of the
//! servers it puts into images (`static-servers/`, see `image.rs`) and the
//! Python SDKs' virtualenvs (`python-peers/`, see `python/venv.rs`).

use std::path::{Path, PathBuf};

/// The target directory of mcp-matrix's own builds: see [`target_directory`],
/// for the sources mcp-matrix was built from (the checkout, or the unpacked
/// package of an install from a registry).
pub fn build_directory() -> PathBuf {
    target_directory(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// The target directory cargo would use for the workspace at `root`:
/// `CARGO_TARGET_DIR` when it is set where mcp-matrix runs, otherwise
/// `<root>/target`. A relative `CARGO_TARGET_DIR` is taken from the current
/// directory, as cargo takes it, and made absolute, since the builds run in
/// the package's directory.
pub(crate) fn target_directory(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(directory) if !directory.is_empty() => {
            let directory = PathBuf::from(directory);
            std::path::absolute(&directory).unwrap_or(directory)
        }
        _ => root.join("target"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_is_absolute() {
        assert!(
            build_directory().is_absolute(),
            "{}",
            build_directory().display()
        );
    }
}
