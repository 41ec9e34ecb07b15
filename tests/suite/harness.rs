//! The public entry point, `mcp_matrix::Matrix`, as a user's own test calls
//! it (the example project, `examples/unit-converter`, runs it against an
//! image of its own).

use mcp_matrix::{Matrix, PlatformAuth, case::CaseVersion};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_server_passes_directly_and_behind_a_stateful_front_door() {
    let direct = Matrix::reference()
        .filter("version=2025-06-18 method=ping|tools-call")
        .run()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    direct.assert_no_problems();
    let table = direct.table(CaseVersion::V2025_06_18);
    assert!(
        table
            .iter()
            .any(|line| line.starts_with("tools-call[validate_content]/baseline: 200")),
        "{table:#?}"
    );
    assert_eq!(direct.run().target, "reference");

    let stateful = Matrix::reference()
        .stateful()
        .behind_front_door(PlatformAuth::Bearer)
        .project_file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/server/mcp-matrix-stateful.toml"
        ))
        .filter("version=2025-06-18 variant=baseline")
        .run()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    stateful.assert_no_problems();
    let tables = stateful.tables();
    let lines = &tables["matrix-2025-06-18"];
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("session-without-id/baseline: 400")),
        "{lines:#?}"
    );
    assert!(stateful.markdown().starts_with("# mcp-matrix: agentcore"));
}

#[tokio::test]
async fn bad_input_is_one_line_naming_what_to_fix() {
    for (matrix, expected) in [
        (
            Matrix::url("ftp://example.com/mcp"),
            "the URL \"ftp://example.com/mcp\"",
        ),
        (
            Matrix::reference().filter("verson=2025-06-18"),
            "the filter: unknown filter key",
        ),
        (
            Matrix::image("mcp-matrix-test/no-such-image:never"),
            "the image: ",
        ),
        (
            Matrix::reference().project_file("/nonexistent/mcp-matrix.toml"),
            "the project file: ",
        ),
        (
            Matrix::url("http://127.0.0.1:9/mcp").behind_front_door(PlatformAuth::Bearer),
            "behind_front_door() puts an image",
        ),
        (
            Matrix::live().stateful(),
            "stateful() configures the local front door",
        ),
        (
            Matrix::image("my-mcp:dev").stateful(),
            "stateful() without behind_front_door()",
        ),
    ] {
        let error = match matrix.run().await {
            Ok(_) => panic!("{expected}: the run went on"),
            Err(error) => error.to_string(),
        };
        assert!(error.starts_with(expected), "{error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
}
