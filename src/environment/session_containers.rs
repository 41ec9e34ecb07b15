//! [`SessionContainers`]: a container per session of a stateful runtime,
//! as AgentCore gives each session its own microVM.
//!
//! The front door asks for a server whenever a session opens
//! ([`SessionHost`]); starting a container takes about half a second, so a
//! few are kept started ahead of need, the way a warm pool would, and the
//! next one starts while the last is handed out.
//!
//! Containers are started and removed on the environment's own runtime:
//! removing one blocks the thread that drops it until Docker answers, which
//! must not be a thread of the front door that is answering requests.

use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::Mutex;

use super::{LocalServer, ServerImage, shared::environment_runtime};
use crate::front_door::{SessionHost, SessionServer};

/// Containers started ahead of need.
const WARM: usize = 2;

/// Starts containers of one image, with one environment, for sessions.
pub struct SessionContainers {
    image: ServerImage,
    env: Vec<(String, String)>,
    warm: Arc<Mutex<Vec<LocalServer>>>,
    /// The environment's runtime, where containers start and are removed.
    runtime: tokio::runtime::Handle,
}

impl SessionContainers {
    /// Containers like `server`: the same image and environment.
    pub fn like(server: &LocalServer) -> Self {
        Self {
            image: server.image().clone(),
            env: server.env().to_vec(),
            warm: Arc::new(Mutex::new(Vec::new())),
            runtime: environment_runtime(),
        }
    }

    /// Starts one container for later, if fewer than [`WARM`] are waiting.
    fn warm_up(&self) {
        let (image, env, warm) = (self.image.clone(), self.env.clone(), Arc::clone(&self.warm));
        self.runtime.spawn(async move {
            if warm.lock().await.len() >= WARM {
                return;
            }
            // A container that fails to start here is started again, with
            // its error, when a session needs it.
            if let Ok(server) = LocalServer::start_with_env(&image, &env).await {
                warm.lock().await.push(server);
            }
        });
    }
}

impl SessionHost for SessionContainers {
    fn start(&self) -> BoxFuture<'static, Result<SessionServer, String>> {
        let (image, env, warm) = (self.image.clone(), self.env.clone(), Arc::clone(&self.warm));
        self.warm_up();
        let started = self.runtime.spawn(async move {
            let ready = warm.lock().await.pop();
            let server = match ready {
                Some(server) => server,
                None => LocalServer::start_with_env(&image, &env)
                    .await
                    .map_err(|error| error.to_string())?,
            };
            Ok(SessionServer {
                endpoint: server.endpoint().to_owned(),
                keep_alive: Box::new(RemovedOnEnvironmentRuntime(Some(server))),
            })
        });
        Box::pin(async move {
            started
                .await
                .map_err(|error| format!("starting the session's container: {error}"))?
        })
    }
}

/// A session's container, removed on the environment's runtime when the
/// session ends.
struct RemovedOnEnvironmentRuntime(Option<LocalServer>);

impl Drop for RemovedOnEnvironmentRuntime {
    fn drop(&mut self) {
        if let Some(server) = self.0.take() {
            environment_runtime().spawn(async move { drop(server) });
        }
    }
}

impl Drop for SessionContainers {
    /// The warm containers are removed on the environment's runtime too.
    fn drop(&mut self) {
        let warm = Arc::clone(&self.warm);
        environment_runtime().spawn(async move { warm.lock().await.clear() });
    }
}
