//! One server container per process, shared by every test in it.
//!
//! Each `#[tokio::test]` runs on a runtime of its own that ends with the
//! test, so the shared container is created and driven on a dedicated runtime
//! that lives as long as the process. The container is removed at exit (see
//! `cleanup`). A failure to start is remembered, so a broken environment
//! fails every test with the same message instead of retrying per test.

use std::sync::{Arc, LazyLock};

use tokio::sync::OnceCell;

use super::{EnvironmentError, LocalServer, image::reference_image, resolve_server_image};

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("mcp-matrix-environment")
        .enable_all()
        .build()
        .expect("a tokio runtime for the shared environment")
});

/// The runtime the process-wide environment lives on: containers started
/// there are driven (and removed) by it, whichever test asks.
pub(super) fn environment_runtime() -> tokio::runtime::Handle {
    RUNTIME.handle().clone()
}

static SERVER: OnceCell<Result<Arc<LocalServer>, Arc<EnvironmentError>>> = OnceCell::const_new();
static REFERENCE: OnceCell<Result<Arc<LocalServer>, Arc<EnvironmentError>>> = OnceCell::const_new();
static STATEFUL_REFERENCE: OnceCell<Result<Arc<LocalServer>, Arc<EnvironmentError>>> =
    OnceCell::const_new();

/// Which server a shared container runs.
#[derive(Clone, Copy)]
enum Shared {
    /// The reference server, or `MCP_MATRIX_SERVER_IMAGE`.
    UnderTest,
    Reference,
    /// The reference server in its stateful mode (`ARC_STATEFUL=1`).
    StatefulReference,
}

async fn start_shared(
    cell: &'static OnceCell<Result<Arc<LocalServer>, Arc<EnvironmentError>>>,
    which: Shared,
) -> Result<Arc<LocalServer>, Arc<EnvironmentError>> {
    cell.get_or_init(|| async move {
        let started = RUNTIME.spawn(async move {
            match which {
                Shared::UnderTest => LocalServer::start(&resolve_server_image().await?).await,
                Shared::Reference => LocalServer::start(&reference_image().await?).await,
                Shared::StatefulReference => {
                    let env = [("ARC_STATEFUL".to_owned(), "1".to_owned())];
                    LocalServer::start_with_env(&reference_image().await?, &env).await
                }
            }
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

/// The process-wide container of the server under test (the reference
/// server, or `MCP_MATRIX_SERVER_IMAGE`), started on first use.
pub async fn shared_local_server() -> Result<Arc<LocalServer>, Arc<EnvironmentError>> {
    start_shared(&SERVER, Shared::UnderTest).await
}

/// The process-wide container of the reference server, whatever
/// `MCP_MATRIX_SERVER_IMAGE` says: for tests that read its request log.
pub async fn shared_reference_server() -> Result<Arc<LocalServer>, Arc<EnvironmentError>> {
    start_shared(&REFERENCE, Shared::Reference).await
}

/// The process-wide container of the reference server in its stateful mode
/// (`ARC_STATEFUL=1`, rmcp sessions), the server of a stateful runtime.
pub async fn shared_stateful_reference_server() -> Result<Arc<LocalServer>, Arc<EnvironmentError>> {
    start_shared(&STATEFUL_REFERENCE, Shared::StatefulReference).await
}

/// Runs `future` on the process-wide environment runtime and waits for it.
/// Servers started by such a future (a front door, say) keep running after
/// the calling test's own runtime has ended.
pub async fn on_shared_runtime<F>(future: F) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match RUNTIME.spawn(future).await {
        Ok(output) => output,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
