//! Live mode, end to end, through the `mcp-matrix run --target live` command.
//!
//! The first tests run the whole live code path (configuration from the
//! environment, an AgentCore CLI project or `.bedrock_agentcore.yaml`, the
//! AWS credential chain, SigV4,
//! Cognito sign-in, the InvokeAgentRuntime URL, pacing, the report) against
//! the local front door and identity provider, by pointing the AWS SDK's
//! endpoint variables at them. Their outcome tables must equal the
//! snapshots of the local run through the front door (`snapshots/agentcore/`).
//!
//! `live_runtime` does the same against the real runtime. It needs
//! credentials, so it is ignored unless asked for (`--ignored`), and fails
//! with what to set when asked for without them.

use crate::{common::first_problem_id, support::fault_proxy};

use crate::support::cli;

use crate::support::agentcore_project;

use std::{path::Path, process::Command, sync::Arc};

use aws_credential_types::Credentials;
use cli::{Outcome, REGION, scratch};
use mcp_matrix::{
    agentcore::{Authorizer, CustomJwtAuthorizer, McpMode, RuntimeArn},
    auth_matrix::{self, RuntimeKind},
    case::CaseVersion,
    cognito::{CONFIDENTIAL_CLIENT_ID, CognitoIdp, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID},
    environment::{
        LocalPlatform, LocalServer, PlatformAuth, SERVER_IMAGE_VAR, ServerImage, on_shared_runtime,
        shared_reference_server,
    },
    front_door::{FrontDoor, FrontDoorConfig, RuntimeConfig},
    live::var,
};
use testcontainers::{GenericBuildableImage, runners::AsyncBuilder};
use tokio::sync::OnceCell;

const ACCESS_KEY_ID: &str = "AKIDMCPMATRIXLIVE001";

fn jwt_arn() -> RuntimeArn {
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_matrix_live-LIVEJWT001"
        .parse()
        .expect("a valid ARN")
}

struct Platform {
    door: FrontDoor,
    idp: CognitoIdp,
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
                let idp = CognitoIdp::start_default()
                    .await
                    .unwrap_or_else(|error| panic!("no identity provider: {error:#}"));
                let secret_access_key = format!("live-path-secret-{}", std::process::id());
                let mut config = FrontDoorConfig::new(REGION)
                    .with_runtime(RuntimeConfig::new(
                        RuntimeKind::Iam.arn(),
                        Authorizer::Iam,
                        server.endpoint(),
                    ))
                    .with_runtime(RuntimeConfig::new(
                        jwt_arn(),
                        Authorizer::CustomJwt(CustomJwtAuthorizer {
                            discovery_url: idp.discovery_url(),
                            allowed_clients: vec![
                                PUBLIC_CLIENT_ID.to_owned(),
                                CONFIDENTIAL_CLIENT_ID.to_owned(),
                                MACHINE_CLIENT_ID.to_owned(),
                            ],
                            ..Default::default()
                        }),
                        server.endpoint(),
                    ));
                config.iam_credentials.push(Credentials::new(
                    ACCESS_KEY_ID,
                    secret_access_key.clone(),
                    None,
                    None,
                    "mcp-matrix-live-test",
                ));
                let door = FrontDoor::start(config)
                    .await
                    .unwrap_or_else(|error| panic!("the front door did not start: {error}"));
                Arc::new(Platform {
                    door,
                    idp,
                    secret_access_key,
                })
            })
        })
        .await
        .clone()
}

/// `mcp-matrix run --target live`, isolated from this machine's environment
/// but for `variables`, in `directory`, where it writes its tables and
/// report. The local front door has no quota, so the pace that protects a
/// live runtime is raised to local speed.
fn live_command(directory: &Path, variables: &[(&str, String)]) -> Command {
    let mut command = cli::isolated(directory);
    command
        .args(["run", "--target", "live"])
        .args(["--concurrency", "16", "--rate", "5000"])
        .arg("--tables")
        .arg(directory.join("tables.json"))
        .arg("--report")
        .arg(directory.join("report.md"))
        .envs(variables.iter().cloned());
    command
}

/// What a live run printed, and the report and tables it wrote.
struct LiveRun {
    outcome: Outcome,
    report: String,
    tables: Option<serde_json::Value>,
}

fn run(mut command: Command, directory: &Path) -> LiveRun {
    LiveRun {
        outcome: cli::output(&mut command),
        report: std::fs::read_to_string(directory.join("report.md")).unwrap_or_default(),
        tables: std::fs::read_to_string(directory.join("tables.json"))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok()),
    }
}

/// The tables equal the local run's snapshots; a difference names the case.
fn assert_tables_match_local_snapshots(tables: &serde_json::Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/agentcore"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for version in CaseVersion::ALL {
        let name = format!("matrix-{version}");
        let lines = tables
            .get(&name)
            .unwrap_or_else(|| panic!("the tables have no {name}"))
            .clone();
        settings.set_description(format!(
            "agentcore answers to protocol version {version}: one line per case, \
             `method/variant: outcome`, then `!!` and the findings"
        ));
        settings.bind(|| insta::assert_yaml_snapshot!(name, lines));
    }
}

/// The live run's refused-credential probes were sent and answered as the
/// front door answers them.
fn assert_probes_as_expected(report: &str, credentials: &[&str]) {
    assert!(report.contains("## Refused credentials"), "{report}");
    assert!(!report.contains("DIFFERS"), "{report}");
    for credential in credentials {
        assert!(
            report.contains(&format!("- `{credential}`: as expected")),
            "{credential} in {report}"
        );
    }
}

/// Neither the output nor the report shows any of `secrets`.
fn assert_no_secret(run: &LiveRun, secrets: &[&str]) {
    run.outcome.assert_no_secret(secrets);
    for secret in secrets {
        assert!(!run.report.contains(secret), "the report shows a secret");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sigv4_live_path_matches_the_local_snapshots() {
    let platform = platform().await;
    let directory = scratch("sigv4");
    let live = run(
        live_command(
            &directory,
            &[
                (var::RUNTIME_ARN, RuntimeKind::Iam.arn().to_string()),
                (var::ENDPOINT_AGENTCORE, platform.door.endpoint().to_owned()),
                ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
                ("AWS_SECRET_ACCESS_KEY", platform.secret_access_key.clone()),
            ],
        ),
        &directory,
    );
    live.outcome.assert_code(0);
    assert!(live.report.contains("# mcp-matrix: agentcore"));
    assert!(
        live.outcome.stderr.contains("SigV4"),
        "{}",
        live.outcome.stderr
    );
    assert_probes_as_expected(&live.report, &["bad-sigv4-wrong-secret", "access-token"]);
    assert_no_secret(&live, &[&platform.secret_access_key]);
    assert_tables_match_local_snapshots(&live.tables.expect("tables"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cognito_sign_in_path_reads_the_toolkit_file() {
    let platform = platform().await;
    let directory = scratch("cognito");
    let client = platform
        .idp
        .config()
        .client(CONFIDENTIAL_CLIENT_ID)
        .expect("the confidential client");
    let secret = client.secret().expect("a client secret").to_owned();
    let user = platform
        .idp
        .config()
        .user(auth_matrix::USER)
        .expect("the pool's user")
        .clone();
    std::fs::write(
        directory.join(".bedrock_agentcore.yaml"),
        format!(
            "default_agent: arc\n\
             agents:\n  arc:\n    name: arc\n    aws:\n      region: {REGION}\n      \
             protocol_configuration:\n        server_protocol: MCP\n    bedrock_agentcore:\n      \
             agent_arn: {}\n    authorizer_configuration:\n      customJWTAuthorizer:\n        \
             discoveryUrl: {}\n        allowedClients:\n        - {CONFIDENTIAL_CLIENT_ID}\n",
            jwt_arn(),
            platform.idp.discovery_url()
        ),
    )
    .expect("a project file");
    let live = run(
        live_command(
            &directory,
            &[
                (var::ENDPOINT_AGENTCORE, platform.door.endpoint().to_owned()),
                (var::ENDPOINT_COGNITO, format!("{}/", platform.idp.uri())),
                (var::COGNITO_USER_POOL_ID, platform.idp.pool_id().to_owned()),
                (var::COGNITO_CLIENT_ID, CONFIDENTIAL_CLIENT_ID.to_owned()),
                (var::COGNITO_CLIENT_SECRET, secret.clone()),
                (var::COGNITO_USERNAME, user.username.clone()),
                (var::COGNITO_PASSWORD, user.password.clone()),
            ],
        ),
        &directory,
    );
    live.outcome.assert_code(0);
    assert!(
        live.outcome.stderr.contains(&jwt_arn().to_string()),
        "the ARN came from the file"
    );
    assert_no_secret(&live, &[&secret, &user.password]);
    assert_tables_match_local_snapshots(&live.tables.expect("tables"));
}

/// A project made by the AgentCore CLI configures the live run with no
/// `AGENTCORE_*` variable: the ARN from its deployed state, the region from
/// its target, the IAM authorizer from `agentcore.json`, the MCP mode from
/// the server's code. Only the endpoint override (the real endpoint is not
/// reachable here) and the AWS credentials are in the environment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agentcore_cli_project_configures_the_live_run() {
    let platform = platform().await;
    let directory = scratch("agentcore-cli");
    agentcore_project::install("iam", &directory, &[]);
    let mut command = live_command(
        &directory,
        &[
            (var::ENDPOINT_AGENTCORE, platform.door.endpoint().to_owned()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
            ("AWS_SECRET_ACCESS_KEY", platform.secret_access_key.clone()),
        ],
    );
    command.args([
        "--filter",
        "version=2025-11-25 method=initialize|tools-list",
    ]);
    let outcome = run(command, &directory);
    outcome.outcome.assert_code(0);
    for expected in [
        format!(
            "mcp-matrix: live run against {} (",
            RuntimeKind::Iam.arn()
        ),
        ", qualifier DEFAULT, SigV4)".to_owned(),
        "mcp-matrix: project: agent \"EchoServer\" in agentcore/agentcore.json, target \"default\": \
         IAM (SigV4) authorizer"
            .to_owned(),
        "mcp-matrix: MCP mode: stateless (stateless_http=True in app/EchoServer/main.py)".to_owned(),
    ] {
        assert!(
            outcome.outcome.stderr.contains(&expected),
            "{expected:?} missing in:\n{}",
            outcome.outcome.stderr
        );
    }
    assert_probes_as_expected(&outcome.report, &["bad-sigv4-wrong-secret", "access-token"]);
    assert_no_secret(&outcome, &[&platform.secret_access_key]);
}

/// A project the live run cannot use is one line on stderr naming the file
/// and the field, and exit status 2, before anything is sent.
#[test]
fn a_bad_agentcore_cli_project_is_one_line_and_exit_2() {
    for (case, expected) in [
        (
            "bad-not-json",
            "mcp-matrix: agentcore/agentcore.json is not JSON (expected ident at line 1 column 2): \
             correct it, or let the AgentCore CLI write it again\n",
        ),
        (
            "bad-no-discovery-url",
            "mcp-matrix: agentcore/agentcore.json: \
             runtimes[0].authorizerConfiguration.customJwtAuthorizer.discoveryUrl is missing \
             (authorizerType is CUSTOM_JWT): set it to the issuer's \
             https://.../.well-known/openid-configuration\n",
        ),
        (
            "not-deployed-state",
            "mcp-matrix: agentcore/.cli/deployed-state.json is missing: the project has not been \
             deployed; run `agentcore deploy` first\n",
        ),
        (
            "not-deployed-agent",
            "mcp-matrix: agentcore/.cli/deployed-state.json: agent \"EchoServer\" is not deployed \
             to target \"default\" (targets.default.resources.runtimes has none): run `agentcore \
             deploy --target default` first\n",
        ),
        (
            "several",
            "mcp-matrix: agentcore/agentcore.json defines several runtimes (First, Second): choose \
             one with AGENTCORE_AGENT (or --agent)\n",
        ),
        (
            "not-mcp",
            "mcp-matrix: the agent \"EchoServer\" in agentcore/agentcore.json, target \"default\" \
             speaks HTTP, not MCP (runtimes[0].protocol in agentcore/agentcore.json, HTTP when \
             absent; an MCP server is made with `agentcore create --protocol MCP`)\n",
        ),
    ] {
        let directory = scratch(&format!("agentcore-cli-{case}"));
        agentcore_project::install(case, &directory, &[]);
        let outcome = run(live_command(&directory, &[]), &directory).outcome;
        outcome.assert_refused(expected.trim_start_matches("mcp-matrix: ").trim_end());
        assert_eq!(outcome.stderr, expected, "{case}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_credentials_path_gets_a_machine_token() {
    let platform = platform().await;
    let directory = scratch("m2m");
    let secret = platform
        .idp
        .config()
        .client(MACHINE_CLIENT_ID)
        .and_then(|client| client.secret())
        .expect("the machine client's secret")
        .to_owned();
    let live = run(
        live_command(
            &directory,
            &[
                (var::RUNTIME_ARN, jwt_arn().to_string()),
                (var::ENDPOINT_AGENTCORE, platform.door.endpoint().to_owned()),
                (var::COGNITO_TOKEN_URL, platform.idp.token_endpoint()),
                (var::COGNITO_CLIENT_ID, MACHINE_CLIENT_ID.to_owned()),
                (var::COGNITO_CLIENT_SECRET, secret.clone()),
                (var::COGNITO_SCOPE, auth_matrix::invoke_scope()),
            ],
        ),
        &directory,
    );
    live.outcome.assert_code(0);
    assert_no_secret(&live, &[&secret]);
    assert_tables_match_local_snapshots(&live.tables.expect("tables"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_arn_is_named_with_what_to_check() {
    let platform = platform().await;
    let directory = scratch("wrong-arn");
    let wrong = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/not_deployed-XXXXXXXXXX";
    let live = run(
        live_command(
            &directory,
            &[
                (var::RUNTIME_ARN, wrong.to_owned()),
                (var::ENDPOINT_AGENTCORE, platform.door.endpoint().to_owned()),
                ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
                ("AWS_SECRET_ACCESS_KEY", platform.secret_access_key.clone()),
            ],
        ),
        &directory,
    );
    live.outcome.assert_code(2);
    for expected in [
        "ResourceNotFoundException",
        wrong,
        "AGENTCORE_RUNTIME_ARN",
        "region",
    ] {
        assert!(
            live.outcome.stderr.contains(expected),
            "{expected:?} missing in:\n{}",
            live.outcome.stderr
        );
    }
}

#[test]
fn without_configuration_live_says_what_to_set() {
    let directory = scratch("unconfigured");
    let live = run(live_command(&directory, &[]), &directory);
    live.outcome.assert_code(2);
    for expected in [
        "not configured",
        var::RUNTIME_ARN,
        "AWS_ACCESS_KEY_ID",
        var::BEARER_TOKEN,
        var::COGNITO_USERNAME,
    ] {
        assert!(
            live.outcome.stderr.contains(expected),
            "{expected:?} missing in:\n{}",
            live.outcome.stderr
        );
    }
}

/// The real runtime. Run with `cargo test --test live -- --ignored`; the
/// report goes to `target/mcp-matrix/live-report.md`.
#[test]
#[ignore = "needs a deployed runtime: set AGENTCORE_RUNTIME_ARN (or run in a deployed AgentCore CLI project, or with .bedrock_agentcore.yaml) \
            and AWS credentials (SigV4) or AGENTCORE_BEARER_TOKEN / AGENTCORE_COGNITO_* (JWT), then \
            run with --ignored"]
fn live_runtime() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mcp-matrix");
    std::fs::create_dir_all(&directory).expect("an output directory");
    let tables = directory.join("live-tables.json");
    let report = directory.join("live-report.md");
    // The developer's own configuration: the whole environment. The same
    // image (MCP_MATRIX_SERVER_IMAGE, else the reference server) runs
    // behind the local front door, configured as the runtime, and every
    // difference fails the run.
    let outcome = cli::output(
        cli::binary()
            .args(["run", "--target", "live", "--compare-local"])
            .arg("--tables")
            .arg(&tables)
            .arg("--report")
            .arg(&report),
    );
    assert!(
        outcome.code != Some(2),
        "the live run could not start:\n{}",
        outcome.stderr
    );
    let tables: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&tables).expect("the live run wrote its tables"),
    )
    .expect("JSON tables");
    // The reference server on a stateless runtime is also held to the
    // committed snapshots of its local run.
    let reference_stateless = std::env::var_os(SERVER_IMAGE_VAR).is_none()
        && std::env::var(var::MCP_MODE).map_or(true, |mode| mode.trim() != "stateful");
    if reference_stateless {
        assert_tables_match_local_snapshots(&tables);
    }
    assert_eq!(
        outcome.code,
        Some(0),
        "MUST violations on the live runtime, or differences from its local twin; see {}",
        report.display()
    );
}

/// A gateway that lets every credential through (no token, a malformed one,
/// `alg: none`, a tampered payload, SigV4 to a JWT runtime) is a security
/// problem: the first of every format, and the run fails, however well the
/// server behind it answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_lets_in_any_credential_is_the_first_problem() {
    let server = on_shared_runtime(async {
        shared_reference_server()
            .await
            .unwrap_or_else(|error| panic!("no reference server: {error}"))
            .endpoint()
            .to_owned()
    })
    .await;
    let gateway = fault_proxy::FaultProxy::start(&server, fault_proxy::Fault::AcceptsAnyCredential)
        .await
        .unwrap_or_else(|error| panic!("the gateway did not start: {error}"));
    let endpoint = gateway.url().trim_end_matches("/mcp").to_owned();
    // Any token shaped like a JWT: the gateway checks nothing.
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtY3AtbWF0cml4In0.c2lnbmF0dXJl";
    for format in ["table", "json", "junit", "markdown"] {
        let directory = scratch(&format!("gateway-{format}"));
        let mut command = live_command(
            &directory,
            &[
                (var::RUNTIME_ARN, jwt_arn().to_string()),
                (var::ENDPOINT_AGENTCORE, endpoint.clone()),
                (var::BEARER_TOKEN, token.to_owned()),
            ],
        );
        command.args([
            "--format",
            format,
            "--filter",
            "version=2025-06-18 method=ping",
        ]);
        let live = run(command, &directory);
        assert_eq!(
            live.outcome.code,
            Some(1),
            "{format}: {}",
            live.outcome.stderr
        );
        assert!(
            live.outcome.stderr.contains("SECURITY: the runtime let in"),
            "{format}: {}",
            live.outcome.stderr
        );
        let first = first_problem_id(format, &live.outcome.stdout);
        assert_eq!(
            first.as_deref(),
            Some("credential-accepted"),
            "{format}: the first problem of\n{}",
            live.outcome.stdout
        );
        assert!(
            live.report.contains("### 1. `credential-accepted`"),
            "{format}: the Markdown report leads with it too"
        );
        assert_no_secret(&live, &[token]);
    }
}

/// A user's own image (here the reference server turned stateful by its
/// Dockerfile, so not the reference image): built from the reference image.
async fn stateful_user_image() -> ServerImage {
    let reference = shared_reference_server()
        .await
        .unwrap_or_else(|error| panic!("no reference server: {error}"))
        .image()
        .clone();
    let image = ServerImage {
        name: "mcp-matrix-test/stateful-user-server".to_owned(),
        tag: reference.tag.clone(),
        is_reference: false,
    };
    // The handle only repeats the name and tag `image` has.
    let _built = GenericBuildableImage::new(&image.name, &image.tag)
        .with_dockerfile_string(format!("FROM {reference}\nENV ARC_STATEFUL=1\n"))
        .build_image()
        .await
        .unwrap_or_else(|error| panic!("the user image did not build: {error}"));
    image
}

/// The nightly job of a user's own server: the live run of their image (a
/// stateful runtime, here the front door in front of it, reached through the
/// endpoint overrides) is compared with a local run of the same image behind
/// the local front door, configured alike. The same image agrees on every
/// case; another image in its place (the stateless reference server, as if
/// the deployment ran another build) differs, and each difference is put on
/// the deployment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_run_of_a_users_image_is_compared_with_its_local_run() {
    let platform = on_shared_runtime(async {
        let image = stateful_user_image().await;
        let server = LocalServer::start(&image)
            .await
            .unwrap_or_else(|error| panic!("the user image did not start: {error}"));
        LocalPlatform::start_in_mode(Arc::new(server), McpMode::Stateful)
            .await
            .unwrap_or_else(|error| panic!("no stateful front door: {error:#}"))
    })
    .await;
    let image = stateful_user_image().await;
    let credentials = platform.iam();
    let variables = |image: &ServerImage| {
        let mut variables = vec![
            (
                var::RUNTIME_ARN,
                LocalPlatform::runtime(PlatformAuth::SigV4)
                    .arn()
                    .to_string(),
            ),
            (var::ENDPOINT_AGENTCORE, platform.endpoint().to_owned()),
            ("AWS_ACCESS_KEY_ID", credentials.access_key_id().to_owned()),
            (
                "AWS_SECRET_ACCESS_KEY",
                credentials.secret_access_key().to_owned(),
            ),
        ];
        variables.push((SERVER_IMAGE_VAR, image.to_string()));
        variables
    };
    let compared = |name: &str, image: &ServerImage| {
        let directory = scratch(name);
        let mut command = live_command(&directory, &variables(image));
        command.args([
            "--compare-local",
            "--filter",
            "version=2025-06-18 variant=baseline",
        ]);
        run(command, &directory)
    };

    let same = compared("compare-same-image", &image);
    same.outcome.assert_code(0);
    assert!(
        same.outcome
            .stderr
            .contains("live and local agree on every case")
            && same.outcome.stderr.contains(&image.to_string()),
        "{}",
        same.outcome.stderr
    );
    assert!(same.report.contains("## Live and local"), "{}", same.report);

    let reference = shared_reference_server()
        .await
        .unwrap_or_else(|error| panic!("no reference server: {error}"))
        .image()
        .clone();
    let other = compared("compare-other-image", &reference);
    other.outcome.assert_code(1);
    assert!(
        other.outcome.stderr.contains("live and local differ in"),
        "{}",
        other.outcome.stderr
    );
    let session_case = "- 2025-06-18/session-without-id/baseline: live `400 none text(Bad Request: \
                        Session ID is required) session-id`, local `(not asked";
    assert!(
        other.report.contains(session_case),
        "the stateful live server's session case is named:\n{}",
        other.report
    );
    assert!(
        other
            .report
            .contains("case(s): the server answered these differently")
            && !other.report.contains("AgentCore answered these itself"),
        "{}",
        other.report
    );
}
