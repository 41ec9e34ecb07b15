//! The image of the server under test.
//!
//! By default that is the reference server, arc-server, built from this
//! repository's `server/` as a statically linked binary in a `FROM scratch`
//! image: no base image is pulled, so the suite runs on machines without a
//! registry. The tag is a hash of everything the binary is built from, so an
//! image is reused exactly as long as its sources are unchanged.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use testcontainers::{GenericBuildableImage, runners::AsyncBuilder};

use super::{EnvironmentError, build_progress::BuildProgress, docker, line_tail::LineTail};

/// Names the user's own image (`name:tag`) to test instead of the reference server.
pub const SERVER_IMAGE_VAR: &str = "MCP_MATRIX_SERVER_IMAGE";

/// Repository name of the reference server's image.
const REFERENCE_IMAGE_NAME: &str = "mcp-matrix/arc-server";

/// The target triple this crate was built for (see build.rs).
const BUILD_TARGET: &str = env!("MCP_MATRIX_BUILD_TARGET");

/// An image that exists in the local Docker engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerImage {
    pub name: String,
    pub tag: String,
    /// True for the reference server, whose readiness line is known.
    pub is_reference: bool,
}

impl std::fmt::Display for ServerImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, self.tag)
    }
}

/// The image to test: the user's, when `MCP_MATRIX_SERVER_IMAGE` is set
/// (never built), otherwise the reference server's (built when missing).
pub async fn resolve_server_image() -> Result<ServerImage, EnvironmentError> {
    match std::env::var(SERVER_IMAGE_VAR) {
        Ok(value) if !value.trim().is_empty() => user_image(value.trim()).await,
        _ => reference_image().await,
    }
}

impl ServerImage {
    /// An image the local Docker engine has, such as `my-mcp:dev` (the tag
    /// defaults to `latest`): the user's own server, never built here.
    pub async fn existing(reference: &str) -> Result<Self, EnvironmentError> {
        user_image(reference.trim()).await
    }
}

async fn user_image(reference: &str) -> Result<ServerImage, EnvironmentError> {
    let bad = || EnvironmentError::BadImageReference {
        value: reference.to_owned(),
    };
    // The tag is after the last ':' unless that ':' belongs to a registry port.
    let (name, tag) = match reference.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (reference, "latest"),
    };
    if name.is_empty() || tag.is_empty() || reference.contains(char::is_whitespace) {
        return Err(bad());
    }
    let image = ServerImage {
        name: name.to_owned(),
        tag: tag.to_owned(),
        is_reference: false,
    };
    if !image_exists(&image.to_string()).await? {
        return Err(EnvironmentError::UserImageMissing {
            image: image.to_string(),
        });
    }
    Ok(image)
}

/// The reference server's image, built from `server/` when missing.
pub(super) async fn reference_image() -> Result<ServerImage, EnvironmentError> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tag = source_hash(workspace)?;
    let image = ServerImage {
        name: REFERENCE_IMAGE_NAME.to_owned(),
        tag,
        is_reference: true,
    };
    if image_exists(&image.to_string()).await? {
        return Ok(image);
    }
    if !BUILD_TARGET.contains("-linux-") {
        return Err(EnvironmentError::UnsupportedPlatform {
            target: BUILD_TARGET.to_owned(),
        });
    }
    let binary = build_static(workspace, "arc-server").await?;
    build_image(
        &image,
        "FROM scratch\n\
         COPY arc-server /arc-server\n\
         EXPOSE 8000\n\
         ENTRYPOINT [\"/arc-server\"]\n",
        binary,
        "arc-server",
    )
    .await?;
    Ok(image)
}

/// Builds `image` from `dockerfile`, with `binary` in its context as
/// `name`.
async fn build_image(
    image: &ServerImage,
    dockerfile: &str,
    binary: PathBuf,
    name: &str,
) -> Result<(), EnvironmentError> {
    // The returned handle only repeats name and tag, which `image` already has.
    let _built = GenericBuildableImage::new(&image.name, &image.tag)
        .with_dockerfile_string(dockerfile)
        .with_file(binary, name)
        .build_image()
        .await
        .map_err(|error| EnvironmentError::ImageBuild {
            image: image.to_string(),
            reason: error.to_string(),
        })?;
    Ok(())
}

async fn image_exists(reference: &str) -> Result<bool, EnvironmentError> {
    use testcontainers::bollard::errors::Error;
    match docker().await?.inspect_image(reference).await {
        Ok(_) => Ok(true),
        Err(Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(false),
        Err(error) => Err(EnvironmentError::docker(format!(
            "inspecting image {reference}"
        ))(error)),
    }
}

/// The files arc-server is built from, relative to the workspace root.
/// `Cargo.lock` pins every dependency; the workspace manifest sets shared
/// dependency versions and the edition.
fn source_files(workspace: &Path) -> Result<Vec<PathBuf>, EnvironmentError> {
    let server = workspace.join("server");
    if !server.join("Cargo.toml").is_file() {
        return Err(EnvironmentError::SourcesMissing {
            path: server.display().to_string(),
        });
    }
    let mut files = vec![
        PathBuf::from("Cargo.toml"),
        PathBuf::from("Cargo.lock"),
        PathBuf::from("server/Cargo.toml"),
    ];
    let mut pending = vec![server.join("src")];
    while let Some(directory) = pending.pop() {
        let entries =
            std::fs::read_dir(&directory).map_err(|error| EnvironmentError::SourcesMissing {
                path: format!("{} ({error})", directory.display()),
            })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(workspace) {
                files.push(relative.to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A hash of the reference server's sources: the image tag.
fn source_hash(workspace: &Path) -> Result<String, EnvironmentError> {
    let mut hasher = Sha256::new();
    hasher.update(BUILD_TARGET.as_bytes());
    for relative in source_files(workspace)? {
        let content = std::fs::read(workspace.join(&relative)).map_err(|error| {
            EnvironmentError::SourcesMissing {
                path: format!("{} ({error})", workspace.join(&relative).display()),
            }
        })?;
        // Length-prefixed, so moving bytes between name and content changes the hash.
        for part in [relative.to_string_lossy().as_bytes(), &content] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    let digest = hasher.finalize();
    Ok(digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Builds `package` of `workspace` as a statically linked release binary
/// and returns its path.
///
/// The servers have a target directory of their own, shared between them
/// (so a second server reuses the dependencies the first one built): the
/// static `RUSTFLAGS` would otherwise invalidate the workspace's own build,
/// and the directory of the running `cargo test` may be locked.
async fn build_static(workspace: &Path, package: &str) -> Result<PathBuf, EnvironmentError> {
    let target_dir = workspace.join("target").join("arc-server-image");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let progress = BuildProgress::start(
        format!("{package} as a static binary"),
        "the first build takes a few minutes; later ones only check it",
    );
    let built = run_cargo_build(&cargo, workspace, package, &target_dir, &progress).await;
    progress.finish(built.is_ok());
    built?;
    Ok(target_dir.join(BUILD_TARGET).join("release").join(package))
}

/// Runs the static build of `package`, showing its output lines on
/// `progress`; on failure, the error quotes the last 40 of them.
async fn run_cargo_build(
    cargo: &str,
    workspace: &Path,
    package: &str,
    target_dir: &Path,
    progress: &BuildProgress,
) -> Result<(), EnvironmentError> {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let mut child = tokio::process::Command::new(cargo)
        .current_dir(workspace)
        .args(["build", "--release", "--locked", "-p", package, "--target"])
        .arg(BUILD_TARGET)
        .arg("--target-dir")
        .arg(target_dir)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("RUSTFLAGS", "-C target-feature=+crt-static")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| EnvironmentError::ServerBuild(format!("cannot run {cargo}: {error}")))?;
    let tail = LineTail::new(40);
    if let Some(stderr) = child.stderr.take() {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            progress.output_line(&line);
            tail.push(line);
        }
    }
    let status = child
        .wait()
        .await
        .map_err(|error| EnvironmentError::ServerBuild(format!("waiting for {cargo}: {error}")))?;
    if !status.success() {
        return Err(EnvironmentError::ServerBuild(tail.lines().join("\n")));
    }
    Ok(())
}

impl ServerImage {
    /// The image of a Rust MCP server of your workspace: the package in
    /// `package_directory` (its binary named as the package), built as a
    /// statically linked release binary and put into the image its
    /// `Dockerfile` describes, next to its `Cargo.toml` (`FROM scratch`,
    /// `COPY <package> /<package>`). The binary is built every time (an
    /// incremental build when nothing changed), and the image only when its
    /// tag, a hash of the binary and the Dockerfile, is missing.
    pub async fn of_rust_package(package_directory: &Path) -> Result<Self, EnvironmentError> {
        let manifest = package_directory.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|error| {
            EnvironmentError::SourcesMissing {
                path: format!("{} ({error})", manifest.display()),
            }
        })?;
        let package = text
            .parse::<toml::Table>()
            .ok()
            .and_then(|table| {
                table
                    .get("package")?
                    .get("name")?
                    .as_str()
                    .map(str::to_owned)
            })
            .ok_or_else(|| EnvironmentError::SourcesMissing {
                path: format!("{} ([package] name)", manifest.display()),
            })?;
        let dockerfile = package_directory.join("Dockerfile");
        let dockerfile_text = std::fs::read_to_string(&dockerfile).map_err(|error| {
            EnvironmentError::SourcesMissing {
                path: format!("{} ({error})", dockerfile.display()),
            }
        })?;
        if !BUILD_TARGET.contains("-linux-") {
            return Err(EnvironmentError::UnsupportedPlatform {
                target: BUILD_TARGET.to_owned(),
            });
        }
        let workspace = workspace_of(package_directory).await?;
        // Always built (cargo's own check makes that quick when nothing
        // changed), so that whatever the binary is made of counts: path
        // dependencies, build scripts and cargo configuration included.
        let binary = build_static(&workspace, &package).await?;
        let image = ServerImage {
            name: format!("mcp-matrix/{package}"),
            tag: image_tag(&binary, &dockerfile_text)?,
            is_reference: false,
        };
        if image_exists(&image.to_string()).await? {
            return Ok(image);
        }
        build_image(&image, &dockerfile_text, binary, &package).await?;
        Ok(image)
    }
}

/// The tag of an image made of `binary` and `dockerfile`: a hash of both.
fn image_tag(binary: &Path, dockerfile: &str) -> Result<String, EnvironmentError> {
    let content = std::fs::read(binary).map_err(|error| {
        EnvironmentError::ServerBuild(format!(
            "cannot read the built server {}: {error}",
            binary.display()
        ))
    })?;
    let mut hasher = Sha256::new();
    for part in [BUILD_TARGET.as_bytes(), dockerfile.as_bytes(), &content] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    Ok(hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// The root of the Cargo workspace `directory` belongs to
/// (`cargo locate-project --workspace`).
async fn workspace_of(directory: &Path) -> Result<PathBuf, EnvironmentError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = tokio::process::Command::new(&cargo)
        .current_dir(directory)
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .await
        .map_err(|error| EnvironmentError::ServerBuild(format!("cannot run {cargo}: {error}")))?;
    let manifest = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    match Path::new(&manifest).parent() {
        Some(root) if output.status.success() => Ok(root.to_path_buf()),
        _ => Err(EnvironmentError::SourcesMissing {
            path: format!(
                "{} (no Cargo workspace: {})",
                directory.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_hash_covers_the_server_and_the_lock_file() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = source_files(workspace).unwrap();
        assert!(files.contains(&PathBuf::from("Cargo.lock")));
        assert!(files.contains(&PathBuf::from("server/src/main.rs")));
        assert!(files.iter().all(|file| !file.starts_with("src")));
        let tag = source_hash(workspace).unwrap();
        assert_eq!(tag.len(), 16);
        assert_eq!(tag, source_hash(workspace).unwrap(), "the hash is stable");
    }

    #[test]
    fn missing_sources_are_reported_with_their_path() {
        let error = source_hash(Path::new("/nonexistent/mcp-matrix")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/mcp-matrix/server"));
    }
}
