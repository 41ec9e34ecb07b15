//! AgentCore CLI projects for the command-line tests: a case of
//! `tests/fixtures/agentcore-cli/` (see its README) copied into a scratch
//! directory, where the command then runs as in a project made by the CLI.

use std::path::Path;

/// Copies the fixture `case` into `into`, replacing each `(from, to)` in
/// the text of its files (to point a discovery URL at the local identity
/// provider).
pub fn install(case: &str, into: &Path, replacements: &[(&str, &str)]) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/agentcore-cli")
        .join(case);
    assert!(source.is_dir(), "no fixture {}", source.display());
    copy(&source, into, replacements);
}

fn copy(from: &Path, to: &Path, replacements: &[(&str, &str)]) {
    std::fs::create_dir_all(to).expect("a fixture directory");
    for entry in std::fs::read_dir(from).expect("a fixture directory") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target, replacements);
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).expect("a fixture file");
        for (from, to) in replacements {
            text = text.replace(from, to);
        }
        std::fs::write(&target, text).expect("a copied fixture file");
    }
}

/// The Cognito discovery URL of the `front-door-jwt` fixture, which the
/// tests replace with the local identity provider's.
pub const COGNITO_DISCOVERY_URL: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_MCPmatrix/.well-known/openid-configuration";
