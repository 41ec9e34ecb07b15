//! One server container per process, shared by every test in it.
//!
//! Each `#[tokio::test]` runs on a runtime of its own that ends with the
//! test, so the shared container is created and driven on a dedicated runtime
//! that lives as long as the process. The container is removed at exit (see
//! `cleanup`). A failure to start is remembered, so a broken environment
//! fails every test with the same message instead of retrying per test.

use std::sync::{Arc, LazyLock};

use tokio::sync::OnceCell;

use super::{EnvironmentError, LocalServer, resolve_server_image};

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("mcp-matrix-environment")
        .enable_all()
        .build()
        .expect("a tokio runtime for the shared environment")
});

static SERVER: OnceCell<Result<Arc<LocalServer>, Arc<EnvironmentError>>> = OnceCell::const_new();

/// The process-wide server container, started on first use.
pub async fn shared_local_server() -> Result<Arc<LocalServer>, Arc<EnvironmentError>> {
    SERVER
        .get_or_init(|| async {
            let started = RUNTIME.spawn(async {
                let image = resolve_server_image().await?;
                LocalServer::start(&image).await
            });
            match started.await {
                Ok(result) => result.map(Arc::new).map_err(Arc::new),
                Err(join_error) => Err(Arc::new(EnvironmentError::ContainerStart {
                    image: "server under test".to_owned(),
                    reason: join_error.to_string(),
                })),
            }
        })
        .await
        .clone()
}
