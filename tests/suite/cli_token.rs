//! `mcp-matrix token inspect`, run as a child process with tokens minted by
//! the local Cognito identity provider and authorizers written to starter
//! toolkit files (`.bedrock_agentcore.yaml`) or AgentCore CLI projects
//! (`agentcore/agentcore.json`) in a temporary directory.
//!
//! Each case checks the exit status (0 the claims pass, 1 a mismatch, 2 bad
//! input with one line on stderr), what the explanation must name, and that
//! neither the token nor its signature is ever printed. The full output is
//! snapshotted under `snapshots/cli/`, with ports, dates, ids and keys
//! redacted.

use crate::support::cli;

use crate::support::agentcore_project;

use std::path::{Path, PathBuf};

use cli::{Outcome, output, output_with_stdin, scratch};
use mcp_matrix::{
    auth::inspect,
    auth_matrix::{invoke_scope, read_scope},
    cognito::{BadToken, CognitoIdp, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID, User},
};

/// How the token reaches the command.
enum Via {
    Argument,
    Stdin,
    Environment,
}

/// A scratch directory for `name`, holding a toolkit file whose agent has
/// `authorizer` (YAML lines under `customJWTAuthorizer:`), if any.
fn project(name: &str, authorizer: Option<&str>) -> PathBuf {
    let dir = scratch(name);
    let auth = authorizer.map_or_else(String::new, |lines| {
        format!("    authorizer_configuration:\n      customJWTAuthorizer:\n{lines}")
    });
    let yaml = format!(
        "default_agent: my_mcp_server\nagents:\n  my_mcp_server:\n    name: my_mcp_server\n    \
         aws:\n      region: us-east-1\n      protocol_configuration:\n        server_protocol: MCP\n{auth}"
    );
    std::fs::write(dir.join(".bedrock_agentcore.yaml"), yaml).expect("writing the toolkit file");
    dir
}

/// `mcp-matrix token inspect` in `dir`, given `token` the `via` way, then
/// checked for never printing it.
fn inspect_in(dir: &Path, token: &str, via: Via, extra: &[&str]) -> Outcome {
    let mut command = cli::mcp_matrix();
    command
        .current_dir(dir)
        .args(["token", "inspect"])
        // A panic would print its backtrace, which must not show the token either.
        .env("RUST_BACKTRACE", "1");
    let run = match via {
        Via::Argument => output(command.arg(token).args(extra)),
        Via::Stdin => output_with_stdin(command.arg("-").args(extra), &format!("{token}\n")),
        Via::Environment => output(command.env("AGENTCORE_BEARER_TOKEN", token).args(extra)),
    };
    assert_never_printed(token, &run);
    run
}

/// Neither the token, nor its signature, nor its signed part appears.
fn assert_never_printed(token: &str, run: &Outcome) {
    let mut secrets = vec![token.trim()];
    if let Some((signed, signature)) = token.rsplit_once('.') {
        secrets.extend([signed, signature]);
    }
    // Shorter pieces (an empty signature, say) could appear by chance.
    secrets.retain(|secret| secret.len() > 8);
    run.assert_no_secret(&secrets);
}

fn snapshot(name: &str, token: &str, dir: &Path, run: &Outcome) {
    let view = inspect::decode(token).expect("a decodable token");
    let mut text = format!(
        "exit status: {}\n{}",
        run.code.expect("an exit status"),
        run.stdout
    );
    if let Some(kid) = view.header.get("kid").and_then(|kid| kid.as_str()) {
        text = text.replace(kid, "[kid]");
    }
    text = text.replace(&dir.display().to_string(), "[dir]");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/cli"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description("mcp-matrix token inspect: exit status and stdout");
    for (pattern, replacement) in [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[uuid]",
        ),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[date]"),
        (r"\b1\d{9}\b", "[unix-time]"),
        // A second may tick between minting and printing.
        (r", now\)", ", [span] ago)"),
        (r"\b\d+ (s|min|h|days) ago", "[span] ago"),
        (r"\bin \d+ (s|min|h|days)", "in [span]"),
    ] {
        settings.add_filter(pattern, replacement);
    }
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn user(idp: &CognitoIdp) -> User {
    idp.config()
        .user(mcp_matrix::auth_matrix::USER)
        .expect("the default pool has alice")
        .clone()
}

fn clients_authorizer(idp: &CognitoIdp) -> String {
    format!(
        "        discoveryUrl: {}\n        allowedClients:\n        - {PUBLIC_CLIENT_ID}\n        - {MACHINE_CLIENT_ID}\n",
        idp.discovery_url()
    )
}

#[tokio::test]
async fn an_id_token_against_allowed_clients_names_the_access_token_fix() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .id_token(&user(&idp), PUBLIC_CLIENT_ID)
        .sign()
        .expect("signing");
    let dir = project("id-token", Some(&clients_authorizer(&idp)));
    let run = inspect_in(&dir, &token, Via::Environment, &[]);
    run.assert_code(1);
    assert_eq!(run.stderr, "");
    run.assert_says(&[
        "kind: Cognito ID token",
        "FAIL  client_id",
        "send the access token",
        &format!("allowedAudience [{PUBLIC_CLIENT_ID}]"),
    ]);
    snapshot("token-inspect-id-token-allowed-clients", &token, &dir, &run);
}

#[tokio::test]
async fn an_expired_token_says_when_it_expired() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .forge(&BadToken::Expired)
        .expect("forging");
    let dir = project("expired", Some(&clients_authorizer(&idp)));
    let run = inspect_in(&dir, &token, Via::Argument, &[]);
    run.assert_code(1);
    run.assert_says(&["FAIL  exp: the token expired", "min ago", "pass  client_id"]);
    snapshot("token-inspect-expired", &token, &dir, &run);
}

#[tokio::test]
async fn a_token_of_another_pool_names_both_issuers() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .forge(&BadToken::WrongIssuer)
        .expect("forging");
    let dir = project("wrong-issuer", Some(&clients_authorizer(&idp)));
    let run = inspect_in(&dir, &token, Via::Stdin, &[]);
    run.assert_code(1);
    run.assert_says(&[
        "FAIL  iss",
        mcp_matrix::cognito::WRONG_POOL_ID,
        idp.issuer(),
    ]);
    snapshot("token-inspect-wrong-issuer", &token, &dir, &run);
}

#[tokio::test]
async fn a_token_without_the_allowed_scope_fails_on_scope_only() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .m2m_access_token(MACHINE_CLIENT_ID, &read_scope())
        .sign()
        .expect("signing");
    let authorizer = format!(
        "        discoveryUrl: {}\n        allowedClients:\n        - {MACHINE_CLIENT_ID}\n        allowedScopes:\n        - {}\n",
        idp.discovery_url(),
        invoke_scope()
    );
    let dir = project("scope", Some(&authorizer));
    let run = inspect_in(&dir, &token, Via::Stdin, &[]);
    run.assert_code(1);
    run.assert_says(&["FAIL  scope"]);
    assert_eq!(run.stdout.matches("FAIL").count(), 1, "{}", run.stdout);
    run.assert_says(&[&invoke_scope()]);
    snapshot("token-inspect-scope", &token, &dir, &run);
}

#[tokio::test]
async fn a_good_token_passes_and_flags_override_the_file() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .sign()
        .expect("signing");
    let dir = project("good", Some(&clients_authorizer(&idp)));
    let run = inspect_in(&dir, &token, Via::Argument, &[]);
    run.assert_code(0);
    run.assert_says(&["kind: Cognito access token"]);
    assert!(!run.stdout.contains("FAIL"), "{}", run.stdout);
    snapshot("token-inspect-good", &token, &dir, &run);

    // The same token against allowedAudience given as a flag: refused on aud.
    let overridden = inspect_in(
        &dir,
        &token,
        Via::Stdin,
        &["--allowed-audience", PUBLIC_CLIENT_ID],
    );
    overridden.assert_code(1);
    overridden.assert_says(&["FAIL  aud", "send the ID token"]);
}

#[tokio::test]
async fn without_an_authorizer_it_says_nothing_was_checked() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .forge(&BadToken::Expired)
        .expect("forging");
    let empty = scratch("no-project");
    let run = inspect_in(&empty, &token, Via::Argument, &[]);
    run.assert_code(0);
    run.assert_says(&["no authorizer known"]);

    // An IAM runtime (no customJWTAuthorizer) refuses every bearer token.
    let iam = project("iam", None);
    let run = inspect_in(&iam, &token, Via::Argument, &[]);
    run.assert_code(1);
    run.assert_says(&["Authorization method mismatch"]);
}

#[tokio::test]
async fn malformed_tokens_and_unreadable_files_exit_2_with_one_line() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let dir = project("bad-input", Some(&clients_authorizer(&idp)));
    let builder = idp.tokens().access_token(&user(&idp), PUBLIC_CLIENT_ID);
    for (bad, mentions) in [
        (BadToken::Malformed, "has 2 dot-separated part(s)"),
        (BadToken::BadBase64, "not base64url"),
    ] {
        let token = builder.forge(&bad).expect("forging");
        let run = inspect_in(&dir, &token, Via::Argument, &[]);
        run.assert_refused(mentions);
    }
    let run = inspect_in(&dir, "", Via::Stdin, &[]);
    run.assert_refused("the token is empty");

    let token = builder.sign().expect("signing");
    let missing = dir.join("missing.yaml");
    let run = inspect_in(
        &dir,
        &token,
        Via::Argument,
        &["--config", &missing.display().to_string()],
    );
    run.assert_refused("cannot read");
    std::fs::write(dir.join("broken.yaml"), "agents: [").expect("writing");
    let run = inspect_in(&dir, &token, Via::Argument, &["--config", "broken.yaml"]);
    run.assert_refused("not a valid .bedrock_agentcore.yaml");

    let run = inspect_in(&dir, &token, Via::Environment, &["--agent", "nobody"]);
    run.assert_refused("has no agent \"nobody\"");
}

/// A directory of its own for `name`, holding the AgentCore CLI project
/// `case` with its Cognito discovery URL pointed at `idp`.
fn cli_project(name: &str, case: &str, idp: &CognitoIdp) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_token-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let discovery_url = idp.discovery_url();
    agentcore_project::install(
        case,
        &dir,
        &[(agentcore_project::COGNITO_DISCOVERY_URL, &discovery_url)],
    );
    dir
}

/// In a project made by the AgentCore CLI, with no `AGENTCORE_*` variable,
/// the authorizer is the agent's `customJwtAuthorizer` in
/// `agentcore/agentcore.json`; no deployment is needed for it.
#[tokio::test]
async fn an_agentcore_cli_project_gives_the_authorizer() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let dir = cli_project("agentcore-cli", "front-door-jwt", &idp);
    let access = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .sign()
        .expect("signing");
    let run = inspect_in(&dir, &access, Via::Argument, &[]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    run.assert_says(&[
        "authorizer: customJWTAuthorizer of agent \"EchoServer\" in agentcore/agentcore.json\n",
        &format!("allowedClients   [{PUBLIC_CLIENT_ID}]"),
        "pass  iss",
        "pass  client_id",
    ]);

    let id = idp
        .tokens()
        .id_token(&user(&idp), PUBLIC_CLIENT_ID)
        .sign()
        .expect("signing");
    let run = inspect_in(&dir, &id, Via::Stdin, &[]);
    run.assert_code(1);
    run.assert_says(&["FAIL  client_id", "send the access token"]);

    // The directory's project even without a deployment; --config names
    // the agentcore/ directory from elsewhere.
    let undeployed = cli_project("agentcore-cli-undeployed", "not-deployed-state", &idp);
    let run = inspect_in(&undeployed, &access, Via::Argument, &[]);
    run.assert_code(1);
    run.assert_says(&["Authorization method mismatch"]);
    let config = dir.join("agentcore");
    let run = inspect_in(
        &undeployed,
        &access,
        Via::Argument,
        &["--config", config.to_str().expect("a UTF-8 path")],
    );
    run.assert_code(0);
}

#[tokio::test]
async fn a_bad_agentcore_cli_project_exits_2_with_one_line() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let token = idp
        .tokens()
        .access_token(&user(&idp), PUBLIC_CLIENT_ID)
        .sign()
        .expect("signing");
    for (case, extra, expected) in [
        (
            "bad-not-json",
            &[][..],
            "mcp-matrix: agentcore/agentcore.json is not JSON (expected ident at line 1 column 2): \
             correct it, or let the AgentCore CLI write it again\n",
        ),
        (
            "bad-no-discovery-url",
            &[],
            "mcp-matrix: agentcore/agentcore.json: \
             runtimes[0].authorizerConfiguration.customJwtAuthorizer.discoveryUrl is missing \
             (authorizerType is CUSTOM_JWT): set it to the issuer's \
             https://.../.well-known/openid-configuration\n",
        ),
        (
            "several",
            &["--agent", "Third"],
            "mcp-matrix: agentcore/agentcore.json has no runtime \"Third\" (it has: First, \
             Second): set AGENTCORE_AGENT (or --agent) to one of them\n",
        ),
    ] {
        let dir = cli_project(&format!("agentcore-cli-{case}"), case, &idp);
        let run = inspect_in(&dir, &token, Via::Argument, extra);
        run.assert_refused("agentcore/agentcore.json");
        assert_eq!(run.stderr, expected, "{case}");
    }
}
