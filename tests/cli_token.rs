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

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
};

#[path = "support/agentcore_project.rs"]
mod agentcore_project;

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

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The report on stdout says each of `expected`.
    fn assert_says(&self, expected: &[&str]) {
        for text in expected {
            assert!(
                self.stdout.contains(text),
                "{text:?} missing in:\n{}",
                self.stdout
            );
        }
    }
}

/// A directory of its own for `name`, holding a toolkit file whose agent has
/// `authorizer` (YAML lines under `customJWTAuthorizer:`), if any.
fn project(name: &str, authorizer: Option<&str>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_token-{name}"));
    std::fs::create_dir_all(&dir).expect("creating the project directory");
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

fn inspect_in(dir: &Path, token: &str, via: Via, extra: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mcp-matrix"));
    command
        .current_dir(dir)
        .args(["token", "inspect"])
        .env_remove("AGENTCORE_CONFIG")
        .env_remove("AGENTCORE_AGENT")
        .env_remove("AGENTCORE_BEARER_TOKEN")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match via {
        Via::Argument => {
            command.arg(token);
        }
        Via::Stdin => {
            command.arg("-");
        }
        Via::Environment => {
            command.env("AGENTCORE_BEARER_TOKEN", token);
        }
    }
    command.args(extra);
    let mut child = command.spawn().expect("running mcp-matrix");
    let mut stdin = child.stdin.take().expect("a piped stdin");
    if matches!(via, Via::Stdin) {
        stdin
            .write_all(format!("{token}\n").as_bytes())
            .expect("writing the token to stdin");
    }
    drop(stdin);
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("waiting for mcp-matrix");
    let run = Run {
        status: status.code().expect("an exit code"),
        stdout: String::from_utf8(stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(stderr).expect("UTF-8 stderr"),
    };
    assert_never_printed(token, &run);
    run
}

/// Neither the token, nor its signature, nor its signed part appears.
fn assert_never_printed(token: &str, run: &Run) {
    let mut secrets = vec![token.trim()];
    if let Some((signed, signature)) = token.rsplit_once('.') {
        secrets.extend([signed, signature]);
    }
    for secret in secrets.into_iter().filter(|s| s.len() > 8) {
        for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(!text.contains(secret), "{name} shows the token: {text}");
        }
    }
}

/// One line on stderr, nothing on stdout, no panic.
fn assert_refused_input(run: &Run, mentions: &str) {
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("mcp-matrix: "), "{}", run.stderr);
    assert!(run.stderr.contains(mentions), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

fn snapshot(name: &str, token: &str, dir: &Path, run: &Run) {
    let view = inspect::decode(token).expect("a decodable token");
    let mut text = format!("exit status: {}\n{}", run.status, run.stdout);
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
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(overridden.status, 1, "{}", overridden.stdout);
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
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_token-no-project");
    std::fs::create_dir_all(&empty).expect("creating a directory");
    let run = inspect_in(&empty, &token, Via::Argument, &[]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    run.assert_says(&["no authorizer known"]);

    // An IAM runtime (no customJWTAuthorizer) refuses every bearer token.
    let iam = project("iam", None);
    let run = inspect_in(&iam, &token, Via::Argument, &[]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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
        assert_refused_input(&run, mentions);
    }
    let run = inspect_in(&dir, "", Via::Stdin, &[]);
    assert_refused_input(&run, "the token is empty");

    let token = builder.sign().expect("signing");
    let missing = dir.join("missing.yaml");
    let run = inspect_in(
        &dir,
        &token,
        Via::Argument,
        &["--config", &missing.display().to_string()],
    );
    assert_refused_input(&run, "cannot read");
    std::fs::write(dir.join("broken.yaml"), "agents: [").expect("writing");
    let run = inspect_in(&dir, &token, Via::Argument, &["--config", "broken.yaml"]);
    assert_refused_input(&run, "not a valid .bedrock_agentcore.yaml");

    let run = inspect_in(&dir, &token, Via::Environment, &["--agent", "nobody"]);
    assert_refused_input(&run, "has no agent \"nobody\"");
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
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
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
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    run.assert_says(&["FAIL  client_id", "send the access token"]);

    // The directory's project even without a deployment; --config names
    // the agentcore/ directory from elsewhere.
    let undeployed = cli_project("agentcore-cli-undeployed", "not-deployed-state", &idp);
    let run = inspect_in(&undeployed, &access, Via::Argument, &[]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    run.assert_says(&["Authorization method mismatch"]);
    let config = dir.join("agentcore");
    let run = inspect_in(
        &undeployed,
        &access,
        Via::Argument,
        &["--config", config.to_str().expect("a UTF-8 path")],
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
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
        assert_refused_input(&run, "agentcore/agentcore.json");
        assert_eq!(run.stderr, expected, "{case}");
    }
}
