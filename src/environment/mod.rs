//! Where the server under test runs.
//!
//! Locally that is a container: the reference server's image, built from
//! the arc-server package (`server/`) on first use, or the user's own image
//! named by `MCP_MATRIX_SERVER_IMAGE`. Containers are labelled so that they
//! are removed at process exit and, should a process die before that, by the
//! next run.

mod build_directory;
mod build_progress;
mod cleanup;
mod container;
mod image;
mod line_tail;
mod platform;
mod python;
mod session_containers;
mod shared;

pub use build_directory::build_directory;
pub use cleanup::containers_owned_by;
pub use container::{CONTAINER_PORT, LocalServer, MCP_PATH};
pub use image::{SERVER_IMAGE_VAR, ServerImage, resolve_server_image};
pub use platform::{LocalPlatform, PlatformAuth};
pub use python::{
    PeerOptions, PythonPeer, PythonSdk, PythonServer, shared_python_peer, start_python_peer,
};
pub use session_containers::SessionContainers;
pub use shared::{
    on_shared_runtime, shared_local_server, shared_reference_server,
    shared_stateful_reference_server,
};

/// Why a local environment could not be provided. Each variant says what to do.
#[derive(Debug, thiserror::Error)]
pub enum EnvironmentError {
    #[error(
        "Docker is not reachable ({0}). mcp-matrix runs the server under test in a container: \
         start the Docker engine, or point DOCKER_HOST at one."
    )]
    DockerUnreachable(String),
    #[error("{SERVER_IMAGE_VAR}={value:?} is not an image reference such as my-server:1.2")]
    BadImageReference { value: String },
    #[error(
        "the image {image} named by {SERVER_IMAGE_VAR} does not exist locally, and this \
         machine has no registry to pull it from; build or load it first (docker build/load)"
    )]
    UserImageMissing { image: String },
    #[error(
        "the reference server's sources are not at {path} (mcp-matrix builds its image from \
         the arc-server package, where cargo put it when mcp-matrix was built); install \
         mcp-matrix again (cargo install --force), or set {SERVER_IMAGE_VAR} to an image of \
         your server"
    )]
    ReferenceSourcesMissing { path: String },
    #[error("cannot build the image of the Rust package: {path}")]
    PackageUnreadable { path: String },
    #[error(
        "the reference server image can only be built on Linux (this build targets {target}); \
         set {SERVER_IMAGE_VAR} to an image of your server"
    )]
    UnsupportedPlatform { target: String },
    #[error("building the reference server failed:\n{0}")]
    ServerBuild(String),
    #[error("building the image {image} failed: {reason}")]
    ImageBuild { image: String, reason: String },
    #[error("the container of {image} did not start or never became ready: {reason}")]
    ContainerStart { image: String, reason: String },
    #[error("{context}: {reason}")]
    Docker { context: String, reason: String },
    #[error(
        "python3 is needed for the Python SDK peers but {reason}. The test suite requires \
         python3 on PATH, version 3.10 or newer, with its venv module: install it (Debian and \
         Ubuntu: apt-get install python3 python3-venv) and run the tests again"
    )]
    PythonMissing { reason: String },
    #[error(
        "`python3 -m venv {venv}` failed. On Debian and Ubuntu the venv module is the package \
         python3-venv. Its output ended with:\n{output}"
    )]
    PythonVenv { venv: String, output: String },
    #[error(
        "pip could not install {requirements} into {venv}. The packages come from PyPI (or the \
         index pip is configured with): check that it is reachable, then run the tests again; \
         the half-built venv is rebuilt. pip's output ended with:\n{output}"
    )]
    PipInstall {
        requirements: String,
        venv: String,
        output: String,
    },
    #[error(
        "the {label} peer ({script}) did not start: {reason}. Run the script by hand to see more. \
         Its stderr ended with:\n{stderr}"
    )]
    PeerStart {
        label: String,
        script: String,
        reason: String,
        stderr: String,
    },
    #[error("preparing the Python SDK peers failed: {context}: {reason}")]
    PythonPeerSetup { context: String, reason: String },
}

impl EnvironmentError {
    fn docker(
        context: impl Into<String>,
    ) -> impl FnOnce(testcontainers::bollard::errors::Error) -> Self {
        let context = context.into();
        move |error| Self::Docker {
            context,
            reason: error.to_string(),
        }
    }
}

/// The Docker client testcontainers is configured with (DOCKER_HOST,
/// `~/.testcontainers.properties`), checked to be reachable.
async fn docker() -> Result<testcontainers::bollard::Docker, EnvironmentError> {
    let docker = testcontainers::core::client::docker_client_instance()
        .await
        .map_err(|error| EnvironmentError::DockerUnreachable(error.to_string()))?;
    docker
        .ping()
        .await
        .map_err(|error| EnvironmentError::DockerUnreachable(error.to_string()))?;
    Ok(docker)
}
