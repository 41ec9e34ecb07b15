//! A server container, started and ready.

use std::{sync::Arc, time::Duration};

use testcontainers::{
    ContainerAsync, GenericImage, ImageExt,
    core::{IntoContainerPort, WaitFor},
    runners::AsyncRunner,
};

use super::{EnvironmentError, ServerImage, cleanup};
use crate::client::{HttpRequest, McpClient};

/// The port an AgentCore MCP container listens on (AgentCore MCP protocol contract).
pub const CONTAINER_PORT: u16 = 8000;
/// The path AgentCore forwards MCP invocations to (AgentCore MCP protocol contract).
pub const MCP_PATH: &str = "/mcp";

/// The line arc-server prints once it listens (server/src/main.rs).
const REFERENCE_READY_LINE: &str = "arc-server ready";
/// How long a container may take to print its readiness line or answer HTTP.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// A running server container. Dropping it inside a tokio runtime removes
/// the container (testcontainers' drop); a process that ends without dropping
/// it (a `static`) has it removed at exit by `environment::cleanup`.
pub struct LocalServer {
    container: Arc<ContainerAsync<GenericImage>>,
    /// The runtime that started the container. Docker calls about it run
    /// there, because the Docker client's connections belong to that runtime
    /// and a test's runtime may be gone by the next call.
    runtime: tokio::runtime::Handle,
    image: ServerImage,
    /// The environment variables it was started with.
    env: Vec<(String, String)>,
    endpoint: String,
}

impl std::fmt::Debug for LocalServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServer")
            .field("id", &self.container.id())
            .field("image", &self.image.to_string())
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

impl LocalServer {
    /// Starts a container of `image` and waits until it serves HTTP.
    pub async fn start(image: &ServerImage) -> Result<Self, EnvironmentError> {
        Self::start_with_env(image, &[]).await
    }

    /// [`LocalServer::start`], with environment variables such as
    /// `ARC_STATEFUL=1` (the reference server's stateful mode).
    pub async fn start_with_env(
        image: &ServerImage,
        env: &[(String, String)],
    ) -> Result<Self, EnvironmentError> {
        let docker = super::docker().await?;
        cleanup::reap_orphans(&docker).await;
        cleanup::remove_owned_containers_at_exit();

        let failed = |reason: String| EnvironmentError::ContainerStart {
            image: image.to_string(),
            reason,
        };
        let mut request = GenericImage::new(image.name.as_str(), image.tag.as_str())
            .with_exposed_port(CONTAINER_PORT.tcp());
        if image.is_reference {
            request = request.with_wait_for(WaitFor::message_on_stdout(REFERENCE_READY_LINE));
        }
        let mut request = request.with_startup_timeout(STARTUP_TIMEOUT);
        for (key, value) in cleanup::labels() {
            request = request.with_label(key, value);
        }
        for (key, value) in env {
            request = request.with_env_var(key, value);
        }
        let container = request
            .start()
            .await
            .map_err(|error| failed(error.to_string()))?;
        let host = container
            .get_host()
            .await
            .map_err(|error| failed(error.to_string()))?;
        let port = container
            .get_host_port_ipv4(CONTAINER_PORT.tcp())
            .await
            .map_err(|error| failed(error.to_string()))?;
        let server = Self {
            endpoint: format!("http://{host}:{port}{MCP_PATH}"),
            container: Arc::new(container),
            runtime: tokio::runtime::Handle::current(),
            image: image.clone(),
            env: env.to_vec(),
        };
        if !image.is_reference {
            server.wait_for_http().await.map_err(failed)?;
        }
        Ok(server)
    }

    /// The MCP endpoint on this machine, e.g. `http://127.0.0.1:32768/mcp`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn image(&self) -> &ServerImage {
        &self.image
    }

    /// The environment variables it was started with.
    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    pub fn container_id(&self) -> &str {
        self.container.id()
    }

    /// Everything the server has printed to stdout so far.
    pub async fn stdout(&self) -> Result<String, EnvironmentError> {
        let container = Arc::clone(&self.container);
        let read = self
            .runtime
            .spawn(async move { container.stdout_to_vec().await });
        let failed = |reason: String| EnvironmentError::Docker {
            context: format!("reading the logs of container {}", self.container.id()),
            reason,
        };
        let bytes = read
            .await
            .map_err(|error| failed(error.to_string()))?
            .map_err(|error| failed(error.to_string()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A user's image has no known readiness line: wait until the port
    /// answers HTTP at all (any status; a 405 or 406 is an answer).
    async fn wait_for_http(&self) -> Result<(), String> {
        let client = McpClient::new(&self.endpoint).map_err(|error| error.to_string())?;
        let probe = HttpRequest::new(http::Method::GET);
        let deadline = tokio::time::Instant::now() + STARTUP_TIMEOUT;
        loop {
            match client.send(&probe).await {
                Ok(_) => return Ok(()),
                Err(error) if tokio::time::Instant::now() >= deadline => {
                    return Err(format!(
                        "no HTTP answer on port {CONTAINER_PORT} at {MCP_PATH} within \
                         {STARTUP_TIMEOUT:?} (last error: {error}); an AgentCore MCP server \
                         must listen on 0.0.0.0:{CONTAINER_PORT}{MCP_PATH}"
                    ));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }
}
