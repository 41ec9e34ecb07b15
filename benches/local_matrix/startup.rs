//! What a test run pays before its first request: building the reference
//! server's image, and starting a container until it is ready.
//!
//! "Cold" here means: the image tag `mcp-matrix/arc-server:<source hash>` is
//! absent (the benchmark removes it first), so the harness runs
//! `cargo build --release -p arc-server` for the static target (an
//! up-to-date check when `target/static-servers` already holds the binary,
//! a full compile otherwise; the report says which) and then a Docker build
//! `FROM scratch` that copies the binary in. Docker's build cache is not
//! pruned, and when another tag (sources that built the same binary) or a
//! container still holds the image, removing the tag only untags it and its
//! layer stays, so Docker's build reuses it; the report says which happened.
//! "Warm" is the same call with the image present: hashing the server's
//! sources and one image inspection.

use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use mcp_matrix::environment::{
    LocalServer, SERVER_IMAGE_VAR, ServerImage, build_directory, resolve_server_image,
};
use testcontainers::bollard::query_parameters::RemoveImageOptionsBuilder;

/// How many containers are started to time start-to-ready.
const STARTS: usize = 3;

/// The target triple the reference binary is built for (see build.rs).
const BUILD_TARGET: &str = env!("MCP_MATRIX_BUILD_TARGET");

/// The timings of image and container preparation.
pub struct Startup {
    pub image: ServerImage,
    pub cold_build: Duration,
    /// Whether the static binary existed before the cold build (so cargo
    /// only checked it was up to date).
    pub binary_was_compiled: bool,
    /// Whether removing the tag deleted the image's layers too (false when
    /// another tag, e.g. of other server sources that built the same binary,
    /// or a container still held the image, so only the tag went).
    pub layers_deleted: bool,
    pub warm_build: Duration,
    /// Median start-to-ready of [`STARTS`] containers.
    pub start_to_ready: Duration,
}

fn static_binary() -> PathBuf {
    build_directory()
        .join("static-servers")
        .join(BUILD_TARGET)
        .join("release/arc-server")
}

/// Removes our image tag, then times building it again (cold) and asking for
/// it once more (warm), then times container starts.
pub async fn measure() -> Result<Startup> {
    let image = resolve_server_image()
        .await
        .context("resolving the reference server image")?;
    if !image.is_reference {
        bail!(
            "{SERVER_IMAGE_VAR} is set, so the suite builds no image; unset it to time the \
             reference server's image build"
        );
    }
    let docker = testcontainers::core::client::docker_client_instance()
        .await
        .context("connecting to Docker")?;
    let removed = docker
        .remove_image(
            &image.to_string(),
            Some(RemoveImageOptionsBuilder::default().force(true).build()),
            None,
        )
        .await
        .with_context(|| format!("removing the tag {image} before the cold build"))?;
    let layers_deleted = removed.iter().any(|item| item.deleted.is_some());

    let binary_was_compiled = static_binary().is_file();
    let started = Instant::now();
    let rebuilt = resolve_server_image()
        .await
        .context("the cold image build")?;
    let cold_build = started.elapsed();
    if rebuilt != image {
        bail!("the cold build produced {rebuilt}, expected {image}");
    }

    let started = Instant::now();
    resolve_server_image()
        .await
        .context("the warm image lookup")?;
    let warm_build = started.elapsed();

    let mut starts = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let started = Instant::now();
        let server = LocalServer::start(&image)
            .await
            .context("starting a reference container")?;
        starts.push(started.elapsed());
        drop(server);
    }
    starts.sort();
    Ok(Startup {
        image,
        cold_build,
        binary_was_compiled,
        layers_deleted,
        warm_build,
        start_to_ready: starts[STARTS / 2],
    })
}

impl Startup {
    pub fn print(&self) {
        println!("image {}:", self.image);
        println!(
            "  cold build   {:7.2} s  (tag removed{}; static binary {}; Docker build FROM scratch)",
            self.cold_build.as_secs_f64(),
            if self.layers_deleted {
                " with its layers"
            } else {
                "; its layers stayed: another tag or a container holds the image"
            },
            if self.binary_was_compiled {
                "already compiled, cargo only checked it"
            } else {
                "compiled from source"
            }
        );
        println!(
            "  warm build   {:7.3} s  (image present: source hash + image inspect)",
            self.warm_build.as_secs_f64()
        );
        println!(
            "  start-ready  {:7.3} s  (median of {STARTS}: create, start, readiness line, port lookup)",
            self.start_to_ready.as_secs_f64()
        );
    }
}
