//! `mcp-matrix doctor`, run as a user runs it: the built binary as a child
//! process, pointed at local servers that each have one deployment problem
//! (the official Python SDK peer with an option switched on, the local
//! AgentCore front door with a wrong credential), and at the reference
//! server, which has none. Each test checks the exit status and the named
//! problem, and snapshots the redacted report (`snapshots/cli-doctor/`).

use crate::{common::python_peer, support::cli};

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use aws_credential_types::Credentials;
use cli::{Outcome, REGION, scratch};
use mcp_matrix::{
    agentcore::{DEFAULT_QUALIFIER, RuntimeArn},
    auth_matrix::{self, RuntimeKind},
    cognito::{BadToken, PUBLIC_CLIENT_ID, TokenBuilder},
    environment::{
        LocalPlatform, PeerOptions, PythonPeer, PythonSdk, on_shared_runtime,
        shared_reference_server, start_python_peer,
    },
};
use tokio::sync::OnceCell;

use crate::support::agentcore_project;
const ACCESS_KEY_ID: &str = "AKIDMCPMATRIXDOCTOR1";

/// The local AgentCore (`LocalPlatform`: a JWT runtime with `allowedClients`
/// and an IAM runtime in front of the reference server, with the emulated
/// Cognito pool), and the secret key of the IAM identity it trusts.
struct Platform {
    local: LocalPlatform,
    secret_access_key: String,
}

static PLATFORM: OnceCell<Arc<Platform>> = OnceCell::const_new();

async fn platform() -> Arc<Platform> {
    PLATFORM
        .get_or_init(|| {
            on_shared_runtime(async {
                let server = shared_reference_server()
                    .await
                    .unwrap_or_else(|error| panic!("no reference server: {error}"));
                let secret_access_key = format!("doctor-secret-{}", std::process::id());
                let iam = Credentials::new(
                    ACCESS_KEY_ID,
                    secret_access_key.clone(),
                    None,
                    None,
                    "mcp-matrix-doctor-test",
                );
                let local = LocalPlatform::start_with_iam(server, iam)
                    .await
                    .unwrap_or_else(|error| panic!("no local platform: {error:#}"));
                Arc::new(Platform {
                    local,
                    secret_access_key,
                })
            })
        })
        .await
        .clone()
}

impl Platform {
    fn url(&self, runtime: RuntimeKind) -> String {
        self.local
            .door
            .invocation_url(&runtime.arn(), DEFAULT_QUALIFIER)
    }

    fn user(&self) -> &mcp_matrix::cognito::User {
        self.local
            .idp
            .config()
            .user(auth_matrix::USER)
            .expect("the pool's user")
    }

    /// An ID token of the pool's user, for the public app client.
    fn id_token(&self) -> String {
        self.local
            .idp
            .tokens()
            .id_token(self.user(), PUBLIC_CLIENT_ID)
            .sign()
            .expect("an ID token")
    }

    /// An access token of the pool's user, for the public app client.
    fn access_token(&self) -> TokenBuilder<'_> {
        self.local
            .idp
            .tokens()
            .access_token(self.user(), PUBLIC_CLIENT_ID)
    }

    /// The starter toolkit's project file of a JWT runtime, in `directory`.
    fn write_toolkit_file(&self, directory: &Path, arn: &RuntimeArn) -> PathBuf {
        let path = directory.join(".bedrock_agentcore.yaml");
        std::fs::write(
            &path,
            format!(
                "default_agent: arc\n\
                 agents:\n  arc:\n    name: arc\n    aws:\n      region: {REGION}\n      \
                 protocol_configuration:\n        server_protocol: MCP\n    bedrock_agentcore:\n      \
                 agent_arn: {arn}\n    authorizer_configuration:\n      customJWTAuthorizer:\n        \
                 discoveryUrl: {}\n        allowedClients:\n        - {PUBLIC_CLIENT_ID}\n",
                self.local.idp.discovery_url()
            ),
        )
        .expect("a project file");
        path
    }
}

/// `mcp-matrix doctor ARGS` in `directory`, isolated from this machine's
/// environment but for `variables`.
fn doctor(directory: &Path, args: &[&str], variables: &[(&str, &str)]) -> Outcome {
    cli::output(
        cli::isolated(directory)
            .arg("doctor")
            .args(args)
            .envs(variables.iter().copied()),
    )
}

/// The report with what varies between runs replaced: ports, session ids,
/// times, signatures' dates.
fn assert_report_snapshot(name: &str, outcome: &Outcome) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/cli-doctor"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("mcp-matrix doctor, {name}: the report on stdout"));
    for (pattern, replacement) in [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (r"localhost:\d+", "localhost:[port]"),
        (r", \d+ (s|min|h|days) ago", ", [age] ago"),
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[uuid]",
        ),
        (r"\b[0-9a-f]{64}\b", "[sha256]"),
        (r"\b[0-9a-f]{32}\b", "[session-id]"),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[time]"),
        (r"\b\d{8}T\d{6}Z\b", "[amz-date]"),
    ] {
        settings.add_filter(pattern, replacement);
    }
    settings.bind(|| insta::assert_snapshot!(name, outcome.stdout));
}

async fn peer_with(options: PeerOptions) -> PythonPeer {
    start_python_peer(PythonSdk::V1, options)
        .await
        .unwrap_or_else(|error| panic!("no Python SDK 1.x peer: {error}"))
}

// --- 406: Accept ---------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_with_json_only_names_the_406() {
    let peer = python_peer(PythonSdk::V1).await;
    let directory = scratch("accept-json-only");
    let outcome = doctor(
        &directory,
        &[
            "--url",
            peer.endpoint(),
            "--header",
            "Accept: application/json",
        ],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "[1] accept-header: 406 Not Acceptable: the request had Accept: application/json",
        "Client must accept both application/json and text/event-stream",
        "Accept: application/json, text/event-stream",
        "Sending Messages to the Server",
    ]);
    // Corrected, the rest of the sequence passes: one problem only.
    assert!(
        outcome.stdout.contains("1 problem found"),
        "{}",
        outcome.stdout
    );
    assert_report_snapshot("python-sdk-1-accept-json-only", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_accept_names_the_406() {
    let peer = python_peer(PythonSdk::V1).await;
    let directory = scratch("accept-missing");
    let outcome = doctor(
        &directory,
        &["--url", peer.endpoint(), "--header", "Accept:"],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "accept-header: 406 Not Acceptable: the request had no Accept header",
        "Client must accept both application/json and text/event-stream",
    ]);
    assert!(
        !outcome.stdout.contains("accept: "),
        "the evidence shows the request without Accept:\n{}",
        outcome.stdout
    );
    assert_report_snapshot("python-sdk-1-accept-missing", &outcome);
}

// --- no problem ----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_server_has_no_problem() {
    let server = shared_reference_server()
        .await
        .unwrap_or_else(|error| panic!("no reference server: {error}"));
    let directory = scratch("reference");
    let outcome = doctor(&directory, &["--url", server.endpoint()], &[]);
    outcome.assert_code(0);
    outcome.assert_says(&[
        "No problem found",
        "initialize with the Host AgentCore forwards: 200",
    ]);
    assert_report_snapshot("reference-no-problem", &outcome);

    let json = doctor(
        &directory,
        &["--url", server.endpoint(), "--format", "json"],
        &[],
    );
    json.assert_code(0);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(document["verdict"], "no-problem-found");
    assert_eq!(document["findings"], serde_json::json!([]));
}

// --- the front door: tokens and methods ----------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_token_for_allowed_clients_names_the_client_id_mismatch() {
    let platform = platform().await;
    let directory = scratch("id-token");
    let token = platform.id_token();
    std::fs::write(directory.join("token.jwt"), &token).expect("a token file");
    let config = platform.write_toolkit_file(&directory, &RuntimeKind::JwtClients.arn());
    let url = platform.url(RuntimeKind::JwtClients);
    let outcome = doctor(
        &directory,
        &[
            "--url",
            &url,
            "--token-file",
            "token.jwt",
            "--config",
            config.to_str().expect("a UTF-8 path"),
        ],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "claim-mismatch",
        "Claim 'client_id' value mismatch with configuration.",
        "this is a Cognito ID token: it has no client_id",
        "send the access token",
        "allowedAudience",
        "inbound-jwt-authorizer",
    ]);
    outcome.assert_no_secret(&[&token]);
    assert_report_snapshot("front-door-id-token", &outcome);
}

/// As a starter-toolkit user runs it: in the project directory, with no
/// flag; the ARN and the authorizer come from `.bedrock_agentcore.yaml`,
/// the token from the environment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_project_file_gives_the_runtime_and_its_authorizer() {
    let platform = platform().await;
    let directory = scratch("project-file");
    let token = platform.id_token();
    platform.write_toolkit_file(&directory, &RuntimeKind::JwtClients.arn());
    let outcome = doctor(
        &directory,
        &[],
        &[
            (
                "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
                platform.local.door.endpoint(),
            ),
            ("AGENTCORE_BEARER_TOKEN", &token),
        ],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "mcp_matrix_clients-CLIENTS001",
        "claim-mismatch",
        "this is a Cognito ID token: it has no client_id",
    ]);
    outcome.assert_no_secret(&[&token]);
}

/// As an AgentCore CLI user runs it: in the project directory after
/// `agentcore deploy`, with no `AGENTCORE_*` variable; the ARN comes from
/// `agentcore/.cli/deployed-state.json`, the authorizer from
/// `agentcore/agentcore.json`, the MCP mode from the server's code, the
/// token from a file. The endpoint override stands for the real endpoint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agentcore_cli_project_gives_the_runtime_and_its_authorizer() {
    let platform = platform().await;
    let directory = scratch("agentcore-cli-project");
    let discovery_url = platform.local.idp.discovery_url();
    agentcore_project::install(
        "front-door-jwt",
        &directory,
        &[(agentcore_project::COGNITO_DISCOVERY_URL, &discovery_url)],
    );
    let token = platform.id_token();
    std::fs::write(directory.join("token.jwt"), &token).expect("a token file");
    let outcome = doctor(
        &directory,
        &["--token-file", "token.jwt"],
        &[(
            "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
            platform.local.door.endpoint(),
        )],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "mcp_matrix_clients-CLIENTS001",
        "endpoint DEFAULT",
        "claim-mismatch",
        "this is a Cognito ID token: it has no client_id",
    ]);
    assert_eq!(
        outcome.stderr,
        "mcp-matrix: project: agent \"EchoServer\" in agentcore/agentcore.json, target \
         \"default\": custom JWT authorizer, request header allowlist [Authorization]\n\
         mcp-matrix: MCP mode: stateless (stateless_http=True in app/EchoServer/main.py)\n"
    );
    outcome.assert_no_secret(&[&token]);
}

/// With both kinds of project in the directory, the AgentCore CLI's is
/// used, and a note says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agentcore_cli_project_comes_before_the_toolkit_file() {
    let platform = platform().await;
    let directory = scratch("both-projects");
    agentcore_project::install("both", &directory, &[]);
    let outcome = doctor(
        &directory,
        &["--sigv4", "--mcp-mode", "stateless"],
        &[
            (
                "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
                platform.local.door.endpoint(),
            ),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", &platform.secret_access_key),
        ],
    );
    outcome.assert_code(0);
    outcome.assert_says(&["mcp_matrix_iam-IAMRUNTIME", "No problem found"]);
    for expected in [
        "mcp-matrix: note: both agentcore/agentcore.json and .bedrock_agentcore.yaml are here: \
         using the AgentCore CLI's project (the starter toolkit is deprecated); set \
         AGENTCORE_CONFIG=.bedrock_agentcore.yaml to use the toolkit's\n",
        "mcp-matrix: MCP mode: stateless (--mcp-mode or AGENTCORE_MCP_MODE)\n",
    ] {
        assert!(
            outcome.stderr.contains(expected),
            "{expected:?} missing in:\n{}",
            outcome.stderr
        );
    }
    outcome.assert_no_secret(&[&platform.secret_access_key]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_named() {
    let platform = platform().await;
    let directory = scratch("expired");
    let token = platform
        .access_token()
        .forge(&BadToken::Expired)
        .expect("an expired token");
    let url = platform.url(RuntimeKind::JwtClients);
    let outcome = doctor(
        &directory,
        &["--url", &url],
        &[("AGENTCORE_BEARER_TOKEN", &token)],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "expired-token",
        "Token has expired",
        "the token's exp:",
        "get a new token",
    ]);
    outcome.assert_no_secret(&[&token]);
    assert_report_snapshot("front-door-expired-token", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigv4_to_a_jwt_runtime_is_an_authorization_method_mismatch() {
    let platform = platform().await;
    let directory = scratch("sigv4-to-jwt");
    let url = platform.url(RuntimeKind::JwtClients);
    let outcome = doctor(
        &directory,
        &["--url", &url, "--sigv4"],
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", &platform.secret_access_key),
        ],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "authorization-method",
        "Authorization method mismatch",
        "signed with SigV4, but this runtime has a customJWTAuthorizer",
        "AWS4-HMAC-SHA256 [redacted]",
    ]);
    outcome.assert_no_secret(&[&platform.secret_access_key]);
    assert_report_snapshot("front-door-sigv4-to-jwt", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bearer_token_to_an_iam_runtime_is_an_authorization_method_mismatch() {
    let platform = platform().await;
    let directory = scratch("bearer-to-iam");
    let token = platform.access_token().sign().expect("an access token");
    std::fs::write(directory.join("token.jwt"), &token).expect("a token file");
    let url = platform.url(RuntimeKind::Iam);
    let outcome = doctor(
        &directory,
        &["--url", &url, "--token-file", "token.jwt"],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "authorization-method",
        "Authorization method mismatch",
        "carried a bearer token, but this runtime has no customJWTAuthorizer",
        "--sigv4",
    ]);
    outcome.assert_no_secret(&[&token]);
    assert_report_snapshot("front-door-bearer-to-iam", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_access_token_through_the_front_door_has_no_problem() {
    let platform = platform().await;
    let directory = scratch("good-token");
    let token = platform.access_token().sign().expect("an access token");
    // The URL is built from the ARN, as for a deployed runtime, with the
    // AWS SDK's endpoint override pointing at the front door.
    let arn = RuntimeKind::JwtClients.arn().to_string();
    let outcome = doctor(
        &directory,
        &["--arn", &arn],
        &[
            ("AGENTCORE_BEARER_TOKEN", &token),
            (
                "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
                platform.local.door.endpoint(),
            ),
        ],
    );
    outcome.assert_code(0);
    outcome.assert_says(&["No problem found", "the AgentCore runtime"]);
    outcome.assert_no_secret(&[&token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credentials_for_a_jwt_runtime_are_named() {
    let platform = platform().await;
    let directory = scratch("no-credentials");
    let url = platform.url(RuntimeKind::JwtClients);
    let outcome = doctor(&directory, &["--url", &url], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&[
        "missing-credentials",
        "Missing Authentication Token",
        "www-authenticate: Bearer resource_metadata=",
        "--token",
    ]);
}

#[test]
fn an_agentcore_endpoint_without_answer_cannot_run() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let directory = scratch("no-data-plane");
    let arn = RuntimeKind::Iam.arn().to_string();
    let outcome = doctor(
        &directory,
        &["--arn", &arn],
        &[(
            "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
            &format!("http://127.0.0.1:{port}"),
        )],
    );
    outcome.assert_refused("no answer from");
}

// --- the server's own deployment problems ---------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dns_rebinding_protection_is_named() {
    let peer = peer_with(PeerOptions {
        dns_rebinding_protection: true,
        ..PeerOptions::default()
    })
    .await;
    let directory = scratch("host-check");
    let outcome = doctor(&directory, &["--url", peer.endpoint()], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&[
        "host-check: 421: the server's DNS-rebinding protection refused Host \"bedrock-agentcore.us-east-1.amazonaws.com\"",
        "Invalid Host header",
        "host=\"0.0.0.0\"",
        "disable_allowed_hosts",
    ]);
    assert_report_snapshot("python-sdk-1-host-check", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_on_another_path_is_named() {
    let peer = peer_with(PeerOptions {
        path: Some("/api".to_owned()),
        ..PeerOptions::default()
    })
    .await;
    let directory = scratch("wrong-path");
    // Where AgentCore will send its requests: nothing there.
    let at_mcp = peer.endpoint().replace("/api", "/mcp");
    let outcome = doctor(&directory, &["--url", &at_mcp], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&[
        "wrong-path: nothing serves MCP at /mcp: 404",
        "0.0.0.0:8000/mcp",
    ]);
    assert_report_snapshot("python-sdk-1-wrong-path", &outcome);

    // Where it does serve: it works here, not behind AgentCore.
    let outcome = doctor(&directory, &["--url", peer.endpoint()], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&[
        "wrong-path: the server serves MCP at /api, but AgentCore forwards to /mcp",
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_where_nothing_listens_is_named() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let directory = scratch("wrong-port");
    let url = format!("http://127.0.0.1:{port}/mcp");
    let outcome = doctor(&directory, &["--url", &url], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&["wrong-port: nothing answers at 127.0.0.1:", "0.0.0.0:8000"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stateful_server_is_named() {
    let peer = peer_with(PeerOptions {
        stateful: true,
        ..PeerOptions::default()
    })
    .await;
    let directory = scratch("stateful");
    let outcome = doctor(&directory, &["--url", peer.endpoint()], &[]);
    outcome.assert_code(1);
    outcome.assert_says(&[
        "stateful-server: the server is stateful: initialize answered with Mcp-Session-Id",
        "stateless_http=True",
        "Protocol implementation requirements",
    ]);
    assert_report_snapshot("python-sdk-1-stateful", &outcome);
}

/// What is judged is the match of the server's mode with the runtime's: a
/// stateful server on a runtime said to be stateful is asked within the
/// session it opened, and has no problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stateful_server_on_a_stateful_runtime_has_no_problem() {
    let peer = peer_with(PeerOptions {
        stateful: true,
        ..PeerOptions::default()
    })
    .await;
    let directory = scratch("stateful-runtime");
    let outcome = doctor(
        &directory,
        &["--url", peer.endpoint(), "--mcp-mode", "stateful"],
        &[],
    );
    outcome.assert_code(0);
    outcome.assert_says(&[
        "No problem found",
        "tools/list within the session initialize opened (a stateful runtime): 200",
    ]);
    // The same server, the runtime stateless by the environment: the
    // mismatch, with both ways out.
    let stateless = doctor(
        &directory,
        &["--url", peer.endpoint()],
        &[("AGENTCORE_MCP_MODE", "stateless")],
    );
    stateless.assert_code(1);
    stateless.assert_says(&[
        "stateful-server",
        "the runtime is stateless (so the configuration says)",
        "stateless_http=True",
        "--mcp-mode stateful",
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stateless_server_on_a_stateful_runtime_is_named() {
    let server = shared_reference_server()
        .await
        .unwrap_or_else(|error| panic!("no reference server: {error}"));
    let directory = scratch("stateless-on-stateful");
    let outcome = doctor(
        &directory,
        &["--url", server.endpoint(), "--mcp-mode", "stateful"],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "stateless-server: the runtime is stateful (so the configuration says), but the server \
         served tools/list without an Mcp-Session-Id",
        "stateless_http=False",
        "--mcp-mode stateless",
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsupported_protocol_version_is_named() {
    let peer = python_peer(PythonSdk::V1).await;
    let directory = scratch("version-unsupported");
    let outcome = doctor(
        &directory,
        &[
            "--url",
            peer.endpoint(),
            "--header",
            "MCP-Protocol-Version: 2099-01-01",
        ],
        &[],
    );
    outcome.assert_code(1);
    outcome.assert_says(&[
        "protocol-version: the server refused tools/list, sent with MCP-Protocol-Version: 2099-01-01",
        "Unsupported protocol version",
        "Protocol Version Header",
    ]);
    assert!(
        outcome.stdout.contains("1 problem found"),
        "{}",
        outcome.stdout
    );
    assert_report_snapshot("python-sdk-1-version-unsupported", &outcome);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_protocol_version_is_named() {
    let peer = python_peer(PythonSdk::V1).await;
    let directory = scratch("version-missing");
    let outcome = doctor(
        &directory,
        &[
            "--url",
            peer.endpoint(),
            "--header",
            "MCP-Protocol-Version:",
            "--format",
            "json",
        ],
        &[],
    );
    outcome.assert_code(1);
    let document: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("JSON on stdout");
    assert_eq!(document["verdict"], "problems-found");
    let findings = document["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{:#}", document);
    assert_eq!(findings[0]["id"], "protocol-version");
    let summary = findings[0]["summary"].as_str().unwrap_or_default();
    assert!(
        summary.contains("without MCP-Protocol-Version"),
        "{summary}"
    );
}

// --- bad input -----------------------------------------------------------

/// A project made by the AgentCore CLI that cannot be used: one line naming
/// the file and the field, and what to do; exit status 2.
#[test]
fn a_bad_agentcore_cli_project_is_one_line_and_exit_2() {
    let cases = [
        (
            "bad-not-json",
            &[][..],
            "agentcore/agentcore.json is not JSON (expected ident at line 1 column 2): correct it, \
             or let the AgentCore CLI write it again",
        ),
        (
            "bad-no-discovery-url",
            &[],
            "agentcore/agentcore.json: runtimes[0].authorizerConfiguration.customJwtAuthorizer.\
             discoveryUrl is missing (authorizerType is CUSTOM_JWT): set it to the issuer's \
             https://.../.well-known/openid-configuration",
        ),
        (
            "bad-no-jwt-authorizer",
            &[],
            "agentcore/agentcore.json: runtimes[0].authorizerConfiguration.customJwtAuthorizer is \
             missing, but authorizerType is CUSTOM_JWT: add it with its discoveryUrl, or set \
             authorizerType to AWS_IAM (customJWTAuthorizer is the API's spelling; the AgentCore \
             CLI's is customJwtAuthorizer)",
        ),
        (
            "bad-field",
            &[],
            "agentcore/agentcore.json: runtimes[0].authorizerType: unknown variant `OAUTH`, \
             expected `AWS_IAM` or `CUSTOM_JWT` at line 22 column 31: correct it (the AgentCore \
             CLI's schema says what it takes)",
        ),
        (
            "not-deployed-state",
            &[],
            "agentcore/.cli/deployed-state.json is missing: the project has not been deployed; run \
             `agentcore deploy` first",
        ),
        (
            "not-deployed-agent",
            &[],
            "agentcore/.cli/deployed-state.json: agent \"EchoServer\" is not deployed to target \
             \"default\" (targets.default.resources.runtimes has none): run `agentcore deploy \
             --target default` first",
        ),
        (
            "no-targets",
            &[],
            "agentcore/aws-targets.json lists no deployment target: run `agentcore deploy` first",
        ),
        (
            "several",
            &[],
            "agentcore/agentcore.json defines several runtimes (First, Second): choose one with \
             AGENTCORE_AGENT (or --agent)",
        ),
        (
            "iam",
            &["--agent", "Nobody"],
            "agentcore/agentcore.json has no runtime \"Nobody\" (it has: EchoServer): set \
             AGENTCORE_AGENT (or --agent) to one of them",
        ),
        (
            "two-targets",
            &[],
            "agentcore/aws-targets.json lists several targets (dev, prod) and none is named \
             default: choose one with AGENTCORE_TARGET (or --aws-target)",
        ),
        (
            "iam",
            &["--aws-target", "staging"],
            "agentcore/aws-targets.json has no target \"staging\" (it has: default): set \
             AGENTCORE_TARGET (or --aws-target) to one of them",
        ),
        (
            "several",
            &["--agent", "First", "--aws-target", "prod"],
            "agentcore/.cli/deployed-state.json: agent \"First\" is not deployed to target \
             \"prod\" (targets.prod.resources.runtimes has Second): run `agentcore deploy \
             --target prod` first",
        ),
        (
            "iam",
            &["--mcp-mode", "sessions"],
            "invalid value 'sessions' for '--mcp-mode <stateless|stateful>': \"sessions\" is not \
             an MCP mode: use stateless or stateful (see --help)",
        ),
    ];
    // A project per row: several rows use the same fixture.
    for (row, (case, args, expected)) in cases.into_iter().enumerate() {
        let directory = scratch(&format!("agentcore-cli-{row}-{case}"));
        agentcore_project::install(case, &directory, &[]);
        let outcome = doctor(&directory, args, &[]);
        assert_eq!(outcome.code, Some(2), "{case} {args:?}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{case} {args:?}");
        assert_eq!(
            outcome.stderr,
            format!("mcp-matrix: {expected}\n"),
            "{case} {args:?}"
        );
    }
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let directory = scratch("bad-input");
    for (args, expected) in [
        (vec!["--url", "not a url"], "is not a usable URL"),
        (vec!["--url", "ftp://example.com/mcp"], "http or https"),
        (
            vec![
                "--url",
                "http://127.0.0.1:1/mcp",
                "--header",
                "Accept application/json",
            ],
            "'Name: value'",
        ),
        (
            vec!["--url", "http://127.0.0.1:1/mcp", "--header", "Bad Name: x"],
            "not an HTTP header name",
        ),
        (vec!["--arn", "arn:aws:nope"], "--arn"),
        (
            vec!["--url", "http://127.0.0.1:1/mcp", "--sigv4"],
            "--sigv4 signs for an AgentCore runtime",
        ),
        (
            vec![
                "--url",
                "http://127.0.0.1:1/mcp",
                "--token-file",
                "missing.jwt",
            ],
            "cannot read the token file",
        ),
    ] {
        doctor(&directory, &args, &[]).assert_refused(expected);
    }
}
