//! The whole mcp-matrix run against this server's image, behind the local
//! AgentCore front door, from this crate's own `cargo test`.

use std::path::Path;

use mcp_matrix::{Matrix, PlatformAuth, environment::ServerImage};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unit_converter_passes_the_matrix() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let image = ServerImage::of_rust_package(here).await.unwrap();
    let report = Matrix::image(image.to_string())
        .behind_front_door(PlatformAuth::Bearer)
        .known_deviations(here.join("known-deviations.toml"))
        .run()
        .await
        .unwrap();
    report.assert_no_problems();
    insta::assert_yaml_snapshot!(report.tables());
}
