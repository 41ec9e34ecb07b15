//! Where mcp-matrix keeps what it builds for itself: the static builds of the
//! servers it puts into images (`static-servers/`, see `image.rs`) and the
//! Python SDKs' virtualenvs (`python-peers/`, see `python/venv.rs`).

use std::path::{Path, PathBuf};

/// The directory of mcp-matrix's own builds:
///
/// - `CARGO_TARGET_DIR`, when it is set where mcp-matrix runs;
/// - for a copy installed with `cargo install mcp-matrix` or `--git`, whose
///   sources are in cargo's home (`~/.cargo/registry/src/`,
///   `~/.cargo/git/checkouts/`), the user's cache directory,
///   `$XDG_CACHE_HOME/mcp-matrix` or `~/.cache/mcp-matrix`: cargo's home
///   holds sources, which its cache cleaning removes, not builds;
/// - otherwise `target/` of the checkout mcp-matrix was built in.
pub fn build_directory() -> PathBuf {
    let home = variable("HOME");
    let cargo_home = variable("CARGO_HOME").or_else(|| Some(home.as_ref()?.join(".cargo")));
    let cache_home = variable("XDG_CACHE_HOME").or_else(|| Some(home?.join(".cache")));
    choose(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        variable("CARGO_TARGET_DIR"),
        cargo_home.as_deref(),
        cache_home.as_deref(),
    )
}

/// The target directory cargo would use for the workspace at `root`:
/// `CARGO_TARGET_DIR` when it is set where mcp-matrix runs, otherwise
/// `<root>/target`.
pub(crate) fn target_directory(root: &Path) -> PathBuf {
    variable("CARGO_TARGET_DIR").unwrap_or_else(|| root.join("target"))
}

fn choose(
    sources: &Path,
    target: Option<PathBuf>,
    cargo_home: Option<&Path>,
    cache_home: Option<&Path>,
) -> PathBuf {
    match (target, cargo_home, cache_home) {
        (Some(target), _, _) => target,
        (None, Some(cargo_home), Some(cache_home)) if sources.starts_with(cargo_home) => {
            cache_home.join("mcp-matrix")
        }
        _ => sources.join("target"),
    }
}

/// A directory named by an environment variable, when set and not empty. A
/// relative one is taken from the current directory, as cargo takes
/// `CARGO_TARGET_DIR`, and made absolute, since the builds run elsewhere.
fn variable(name: &str) -> Option<PathBuf> {
    let directory = PathBuf::from(std::env::var_os(name).filter(|value| !value.is_empty())?);
    Some(std::path::absolute(&directory).unwrap_or(directory))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO_HOME: &str = "/home/user/.cargo";
    const CACHE_HOME: &str = "/home/user/.cache";

    fn chosen(sources: &str, target: Option<&str>) -> PathBuf {
        choose(
            Path::new(sources),
            target.map(PathBuf::from),
            Some(Path::new(CARGO_HOME)),
            Some(Path::new(CACHE_HOME)),
        )
    }

    #[test]
    fn a_checkout_builds_into_its_target_directory() {
        assert_eq!(
            chosen("/home/user/src/mcp-matrix", None),
            Path::new("/home/user/src/mcp-matrix/target")
        );
    }

    #[test]
    fn an_installed_copy_builds_into_the_users_cache() {
        for sources in [
            "/home/user/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/mcp-matrix-0.1.0",
            "/home/user/.cargo/git/checkouts/mcp-matrix-6f1e0b5a3c2d/abe6361",
        ] {
            assert_eq!(
                chosen(sources, None),
                Path::new("/home/user/.cache/mcp-matrix")
            );
        }
    }

    #[test]
    fn cargo_target_dir_comes_first() {
        for sources in [
            "/home/user/src/mcp-matrix",
            "/home/user/.cargo/registry/src/x",
        ] {
            assert_eq!(chosen(sources, Some("/tmp/t")), Path::new("/tmp/t"));
        }
    }

    #[test]
    fn the_directory_is_absolute() {
        assert!(
            build_directory().is_absolute(),
            "{}",
            build_directory().display()
        );
    }
}
