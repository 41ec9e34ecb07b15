//! The image of the server under test.
//!
//! By default that is the reference server, arc-server, built as a
//! statically linked binary in a `FROM scratch` image: no base image is
//! pulled, so the suite runs on machines without a registry. Its sources are
//! those of the arc-server package this crate depends on
//! ([`arc_server::SOURCE_DIR`]): this repository's `server/` in a checkout,
//! the published package where cargo unpacked it otherwise. The tag is a hash
//! of everything the binary is built from, so an image is reused exactly as
//! long as its sources are unchanged.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use testcontainers::{GenericBuildableImage, runners::AsyncBuilder};

use super::{
    EnvironmentError,
    build_directory::{build_directory, target_directory},
    build_progress::BuildProgress,
    docker,
    line_tail::LineTail,
};

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

/// The reference server's image, built from the arc-server package when
/// missing.
pub(super) async fn reference_image() -> Result<ServerImage, EnvironmentError> {
    let sources = Path::new(arc_server::SOURCE_DIR);
    let tag = source_hash(sources)?;
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
    let binary = build_static(sources, "arc-server", &build_directory()).await?;
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

/// The files arc-server is built from, relative to its package directory
/// `sources`: its manifest and `src/`, then the lock file that pins every
/// dependency, and the manifests on the way to it. A published package holds
/// its own `Cargo.lock`; in this repository's checkout the lock file is the
/// workspace's, whose manifest also sets the edition and shared dependency
/// versions (`../Cargo.toml`).
fn source_files(sources: &Path) -> Result<Vec<PathBuf>, EnvironmentError> {
    let missing = |path: &Path, error: std::io::Error| EnvironmentError::ReferenceSourcesMissing {
        path: format!("{} ({error})", path.display()),
    };
    let manifest = sources.join("Cargo.toml");
    if !manifest.is_file() {
        return Err(EnvironmentError::ReferenceSourcesMissing {
            path: sources.display().to_string(),
        });
    }
    let mut files = vec![];
    let mut pending = vec![sources.join("src")];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory)
            .map_err(|error| missing(&directory, error))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(sources) {
                files.push(relative.to_path_buf());
            }
        }
    }
    files.sort();
    // The lock file cargo uses: a published package's own (it is a
    // workspace of its own), else its workspace root's, the first one up in
    // the layouts arc-server comes in (this repository, a registry, a git
    // checkout).
    let mut up = PathBuf::new();
    for directory in sources.ancestors() {
        if directory.join("Cargo.toml").is_file() {
            files.push(up.join("Cargo.toml"));
        }
        if directory.join("Cargo.lock").is_file() {
            files.push(up.join("Cargo.lock"));
            return Ok(files);
        }
        up.push("..");
    }
    Err(EnvironmentError::ReferenceSourcesMissing {
        path: format!("{} (no Cargo.lock here or above)", sources.display()),
    })
}

/// A hash of the reference server's sources: the image tag.
fn source_hash(sources: &Path) -> Result<String, EnvironmentError> {
    let mut hasher = Sha256::new();
    hasher.update(BUILD_TARGET.as_bytes());
    for relative in source_files(sources)? {
        let path = sources.join(&relative);
        let content =
            std::fs::read(&path).map_err(|error| EnvironmentError::ReferenceSourcesMissing {
                path: format!("{} ({error})", path.display()),
            })?;
        // Length-prefixed, so moving bytes between name and content changes the hash.
        for part in [relative.to_string_lossy().as_bytes(), &content] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    Ok(short_hex(&hasher.finalize()))
}

/// The first 8 bytes of `digest` in hex: an image tag, or a directory's mark.
fn short_hex(digest: &[u8]) -> String {
    digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Builds the binary `package` of the package in `package_directory` as a
/// statically linked release binary and returns its path.
///
/// The servers are built into `static-servers/` of `target_directory`, a
/// target directory of their own: the static `RUSTFLAGS` would otherwise
/// invalidate the workspace's own build, and the directory of the running
/// `cargo test` may be locked. They share it, so a second server reuses the
/// dependencies the first one built, and so do the checkouts and packages
/// that share a `CARGO_TARGET_DIR`.
async fn build_static(
    package_directory: &Path,
    package: &str,
    target_directory: &Path,
) -> Result<PathBuf, EnvironmentError> {
    let target_dir = target_directory.join("static-servers");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let progress = BuildProgress::start(
        format!(
            "{package} as a static binary, from {}",
            package_directory.display()
        ),
        "the first build takes a few minutes; later ones only check it",
    );
    let built = run_cargo_build(&cargo, package_directory, package, &target_dir, &progress).await;
    progress.finish(built.is_ok());
    built?;
    Ok(target_dir.join(BUILD_TARGET).join("release").join(package))
}

/// Runs the static build of `package`, showing its output lines on
/// `progress`; on failure, the error quotes the last 40 of them.
async fn run_cargo_build(
    cargo: &str,
    package_directory: &Path,
    package: &str,
    target_dir: &Path,
    progress: &BuildProgress,
) -> Result<(), EnvironmentError> {
    use tokio::io::{AsyncBufReadExt, BufReader};

    // Cargo knows a workspace member by its path inside the workspace, so two
    // checkouts sharing a target directory share the binary's build, and
    // judge it fresh by file times: one could get the other's binary. A cfg
    // naming the sources' directory, given to the binary alone (`cargo
    // rustc`), makes each directory's build its own; the dependencies, built
    // without it, stay shared.
    let directory = package_directory
        .canonicalize()
        .unwrap_or_else(|_| package_directory.to_path_buf());
    let sources = short_hex(&Sha256::digest(directory.as_os_str().as_encoded_bytes()));
    let mut child = tokio::process::Command::new(cargo)
        .current_dir(package_directory)
        .args([
            "rustc",
            "--release",
            "--locked",
            "-p",
            package,
            "--bin",
            package,
        ])
        .arg("--target")
        .arg(BUILD_TARGET)
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--", "--cfg"])
        .arg(format!("mcp_matrix_sources=\"{sources}\""))
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
            EnvironmentError::PackageUnreadable {
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
            .ok_or_else(|| EnvironmentError::PackageUnreadable {
                path: format!("{} has no [package] name", manifest.display()),
            })?;
        let dockerfile = package_directory.join("Dockerfile");
        let dockerfile_text = std::fs::read_to_string(&dockerfile).map_err(|error| {
            EnvironmentError::PackageUnreadable {
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
        let binary =
            build_static(package_directory, &package, &target_directory(&workspace)).await?;
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
    Ok(short_hex(&hasher.finalize()))
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
        _ => Err(EnvironmentError::PackageUnreadable {
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
        let sources = Path::new(arc_server::SOURCE_DIR);
        let files = source_files(sources).unwrap();
        // In this checkout the lock file and shared versions are the workspace's.
        for file in [
            "Cargo.toml",
            "src/main.rs",
            "src/lib.rs",
            "../Cargo.toml",
            "../Cargo.lock",
        ] {
            assert!(files.contains(&PathBuf::from(file)), "{file} in {files:?}");
        }
        assert!(files.iter().all(|file| !file.starts_with("../src")));
        let tag = source_hash(sources).unwrap();
        assert_eq!(tag.len(), 16);
        assert_eq!(tag, source_hash(sources).unwrap(), "the hash is stable");
    }

    #[test]
    fn a_published_package_is_hashed_with_its_own_lock_file() {
        let package = tempfile_directory("published");
        std::fs::create_dir_all(package.join("src")).unwrap();
        for file in ["Cargo.toml", "Cargo.lock", "src/main.rs"] {
            std::fs::write(package.join(file), file).unwrap();
        }
        let files = source_files(&package).unwrap();
        assert_eq!(
            files,
            ["src/main.rs", "Cargo.toml", "Cargo.lock"].map(PathBuf::from)
        );
        std::fs::remove_dir_all(&package).unwrap();
    }

    #[test]
    fn missing_sources_are_reported_with_their_path() {
        let error = source_hash(Path::new("/nonexistent/arc-server")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/arc-server"));
        assert!(error.to_string().contains("install mcp-matrix again"));
    }

    /// An empty directory of its own for one test.
    fn tempfile_directory(name: &str) -> PathBuf {
        let directory =
            std::env::temp_dir().join(format!("mcp-matrix-image-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        directory
    }
}
