//! Secrets never leak. The whole matrix and the command line run with known
//! secret values (a bearer token, a Cognito password, an AWS secret key and
//! session token), and none of them may appear in what a user or a CI log
//! sees: standard output and error, the reports in every format, the
//! outcome tables that snapshots are made of, the committed snapshots, and
//! the messages of errors and panics.

use crate::support::cli;

use std::{path::Path, process::Command, sync::Arc};

use aws_credential_types::Credentials;
use cli::scratch;
use mcp_matrix::{
    auth::sigv4::SigV4Signer,
    auth_matrix::RuntimeKind,
    case::{CallPolicy, Case, CaseVersion},
    cognito::{PUBLIC_CLIENT_ID, TokenUse, UserLogin},
    deviations::KnownDeviations,
    environment::{LocalPlatform, PlatformAuth, on_shared_runtime, shared_reference_server},
    live::{self, var},
    matrix::{self, MatrixRun, RunOptions},
    report,
    target::{BearerToken, SendPolicy},
};
use tokio::sync::OnceCell;

const ACCESS_KEY_ID: &str = "AKIDMCPMATRIXSECRETS";
const SECRET_ACCESS_KEY: &str = "mcpmatrixCanarySecretAccessKey0000000001";
const SESSION_TOKEN: &str = "mcpmatrixCanarySessionToken00000000000000000000000000000001";

struct Secrets {
    platform: LocalPlatform,
    /// An access token the JWT runtime accepts.
    token: String,
    password: String,
}

impl Secrets {
    /// Every secret, and the parts of the token that would betray it: its
    /// signature and its claims segment.
    fn values(&self) -> Vec<(&'static str, String)> {
        let mut parts = self.token.rsplitn(3, '.');
        let signature = parts.next().unwrap_or_default().to_owned();
        let claims = parts.next().unwrap_or_default().to_owned();
        vec![
            ("the bearer token", self.token.clone()),
            ("the token's signature", signature),
            ("the token's claims segment", claims),
            ("the Cognito password", self.password.clone()),
            ("the AWS secret access key", SECRET_ACCESS_KEY.to_owned()),
            ("the AWS session token", SESSION_TOKEN.to_owned()),
        ]
    }

    fn assert_absent(&self, what: &str, text: &str) {
        for (name, value) in self.values() {
            assert!(
                !value.is_empty() && !text.contains(&value),
                "{what} shows {name}"
            );
        }
    }
}

static SECRETS: OnceCell<Arc<Secrets>> = OnceCell::const_new();

async fn secrets() -> Arc<Secrets> {
    SECRETS
        .get_or_init(|| {
            on_shared_runtime(async {
                let iam = Credentials::new(
                    ACCESS_KEY_ID,
                    SECRET_ACCESS_KEY,
                    Some(SESSION_TOKEN.to_owned()),
                    None,
                    "mcp-matrix-secrets-test",
                );
                let server = shared_reference_server()
                    .await
                    .unwrap_or_else(|error| panic!("no reference server: {error}"));
                let platform = LocalPlatform::start_with_iam(server, iam)
                    .await
                    .unwrap_or_else(|error| panic!("no local platform: {error:#}"));
                let user = platform.user().expect("the pool's user").clone();
                let token = platform
                    .idp
                    .tokens()
                    .access_token(&user, PUBLIC_CLIENT_ID)
                    .sign()
                    .expect("a signed token");
                Arc::new(Secrets {
                    platform,
                    token,
                    password: user.password,
                })
            })
        })
        .await
        .clone()
}

/// Everything a run can be rendered into.
fn renderings(run: &MatrixRun, deviations: &KnownDeviations) -> Vec<(String, String)> {
    let all = |_: &Case| true;
    let diagnosis = mcp_matrix::diagnosis::diagnose(run, deviations, &[]);
    let mut texts = vec![
        (
            "the table".to_owned(),
            report::table::render(run, deviations, &diagnosis, true),
        ),
        (
            "the Markdown report".to_owned(),
            report::markdown(run, deviations, &diagnosis),
        ),
        (
            "the JSON report".to_owned(),
            report::json::document(run, deviations, &diagnosis).to_string(),
        ),
        (
            "the JUnit report".to_owned(),
            report::junit::document(run, deviations, &diagnosis),
        ),
        ("the diagnosis's Debug".to_owned(), format!("{diagnosis:?}")),
        (
            "the failures".to_owned(),
            report::failures(run, deviations, all).join("\n"),
        ),
        (
            "the warnings".to_owned(),
            report::warnings(run, deviations, all).join("\n"),
        ),
        ("the run's Debug".to_owned(), format!("{run:?}")),
    ];
    for version in CaseVersion::ALL {
        texts.push((
            format!("the {version} outcome table (snapshot)"),
            run.table(version, deviations).join("\n"),
        ));
    }
    texts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_matrix_through_the_platform_shows_no_secret() {
    let secrets = secrets().await;
    let deviations = KnownDeviations::of_repository().expect("the repository's deviations");
    let sigv4 = secrets
        .platform
        .target(PlatformAuth::SigV4, SendPolicy::LOCAL)
        .await
        .expect("a SigV4 target");
    let mut bearer = secrets
        .platform
        .target(PlatformAuth::Bearer, SendPolicy::LOCAL)
        .await
        .expect("a bearer target");
    bearer.auth = Some(Arc::new(
        BearerToken::new(&secrets.token).expect("a header-safe token"),
    ));
    for target in [sigv4, bearer] {
        secrets.assert_absent("the target's Debug", &format!("{target:?}"));
        let options = RunOptions {
            call_tools: CallPolicy::All,
            ..RunOptions::default()
        };
        let run = matrix::run(&target, &options)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(
            report::failures(&run, &deviations, |_| true).is_empty(),
            "the run through the platform passes (so its answers were authorised)"
        );
        for (what, text) in renderings(&run, &deviations) {
            secrets.assert_absent(&what, &text);
        }
    }
}

/// Environment variables of a child process.
type Variables = Vec<(&'static str, String)>;

/// A command isolated from this machine's environment but for `variables`,
/// which hold the secrets.
fn isolated(directory: &Path, variables: &[(&str, String)]) -> Command {
    let mut command = cli::isolated(directory);
    command.envs(variables.iter().cloned());
    command
}

/// Runs `command`, then checks its output and every file it wrote.
fn assert_command_shows_no_secret(
    secrets: &Secrets,
    what: &str,
    mut command: Command,
    directory: &Path,
    exit_codes: &[i32],
) {
    let outcome = cli::output(&mut command);
    assert!(
        outcome.code.is_some_and(|code| exit_codes.contains(&code)),
        "{what} exited with {:?}, not one of {exit_codes:?}: {}",
        outcome.code,
        outcome.stderr
    );
    secrets.assert_absent(&format!("{what}: stdout"), &outcome.stdout);
    secrets.assert_absent(&format!("{what}: stderr"), &outcome.stderr);
    for entry in std::fs::read_dir(directory).expect("the scratch directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            secrets.assert_absent(&format!("{what}: {}", path.display()), &text);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_shows_no_secret_in_any_format() {
    let secrets = secrets().await;
    let door = secrets.platform.door.endpoint().to_owned();
    let jwt_runtime = (var::RUNTIME_ARN, RuntimeKind::JwtClients.arn().to_string());
    let runs: [(&str, Vec<(&str, String)>); 3] = [
        (
            "sigv4",
            vec![
                (var::RUNTIME_ARN, RuntimeKind::Iam.arn().to_string()),
                (var::ENDPOINT_AGENTCORE, door.clone()),
                ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
                ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_owned()),
                ("AWS_SESSION_TOKEN", SESSION_TOKEN.to_owned()),
            ],
        ),
        (
            "bearer",
            vec![
                jwt_runtime.clone(),
                (var::ENDPOINT_AGENTCORE, door.clone()),
                (var::BEARER_TOKEN, secrets.token.clone()),
            ],
        ),
        (
            "cognito",
            vec![
                jwt_runtime.clone(),
                (var::ENDPOINT_AGENTCORE, door.clone()),
                (var::ENDPOINT_COGNITO, secrets.platform.idp.uri()),
                (
                    var::COGNITO_USER_POOL_ID,
                    secrets.platform.idp.pool_id().to_owned(),
                ),
                (var::COGNITO_CLIENT_ID, PUBLIC_CLIENT_ID.to_owned()),
                (
                    var::COGNITO_USERNAME,
                    mcp_matrix::auth_matrix::USER.to_owned(),
                ),
                (var::COGNITO_PASSWORD, secrets.password.clone()),
            ],
        ),
    ];
    // One run per authentication writes every format: the table on stdout,
    // the JSON, JUnit and Markdown reports and the tables to files. The
    // three runs go at once.
    std::thread::scope(|scope| {
        for (auth, variables) in &runs {
            let secrets = &secrets;
            scope.spawn(move || {
                let directory = scratch(auth);
                let mut command = isolated(&directory, variables);
                command
                    .args([
                        "run",
                        "--target",
                        "live",
                        "--rate",
                        "5000",
                        "--concurrency",
                        "16",
                    ])
                    .args(["--filter", "method=initialize|tools-call|not-json"])
                    .args(["--format", "table", "--json"])
                    .arg(directory.join("report.json"))
                    .arg("--junit")
                    .arg(directory.join("report.xml"))
                    .arg("--report")
                    .arg(directory.join("report.md"))
                    .arg("--tables")
                    .arg(directory.join("tables.json"));
                assert_command_shows_no_secret(
                    secrets,
                    &format!("run --target live ({auth}, every format)"),
                    command,
                    &directory,
                    &[0],
                );
                for report in ["report.json", "report.xml", "report.md", "tables.json"] {
                    let written = std::fs::metadata(directory.join(report)).map(|file| file.len());
                    assert!(
                        written.is_ok_and(|length| length > 0),
                        "run --target live ({auth}) wrote no {report}"
                    );
                }
            });
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_shows_no_secret() {
    let secrets = secrets().await;
    let jwt = secrets.platform.door.invocation_url(
        &RuntimeKind::JwtClients.arn(),
        mcp_matrix::agentcore::DEFAULT_QUALIFIER,
    );
    let iam_arn = RuntimeKind::Iam.arn().to_string();
    let door = secrets.platform.door.endpoint().to_owned();
    let sigv4 = vec![
        (var::ENDPOINT_AGENTCORE, door),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_owned()),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN.to_owned()),
    ];
    let bearer = vec![
        (
            var::ENDPOINT_AGENTCORE,
            secrets.platform.door.endpoint().to_owned(),
        ),
        (var::BEARER_TOKEN, secrets.token.clone()),
    ];
    // A good call, and a refused one of each kind: SigV4 and the bearer
    // token each sent to the runtime of the other kind.
    let calls: [(&str, Vec<&str>, &Variables); 4] = [
        ("bearer", vec!["--url", &jwt], &bearer),
        ("sigv4", vec!["--arn", &iam_arn, "--sigv4"], &sigv4),
        ("bearer to IAM", vec!["--arn", &iam_arn], &bearer),
        ("sigv4 to JWT", vec!["--url", &jwt, "--sigv4"], &sigv4),
    ];
    for (what, args, variables) in calls {
        for format in ["text", "json"] {
            let directory = scratch(&format!("doctor-{}-{format}", what.replace(' ', "-")));
            let mut command = isolated(&directory, variables);
            command.arg("doctor").args(&args).args(["--format", format]);
            assert_command_shows_no_secret(
                &secrets,
                &format!("doctor ({what}, {format})"),
                command,
                &directory,
                &[0, 1],
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_inspect_shows_no_secret() {
    let secrets = secrets().await;
    let discovery = secrets.platform.idp.discovery_url();
    // Passing, and failing on a claim (the access token has no `aud`).
    let checks: [(&[&str], i32); 2] = [
        (&["--allowed-client", PUBLIC_CLIENT_ID], 0),
        (&["--allowed-audience", PUBLIC_CLIENT_ID], 1),
    ];
    for (authorizer, code) in checks {
        let directory = scratch(&format!("token-inspect-{code}"));
        let mut command = isolated(&directory, &[(var::BEARER_TOKEN, secrets.token.clone())]);
        command
            .args(["token", "inspect", "--discovery-url", &discovery])
            .args(authorizer);
        assert_command_shows_no_secret(
            &secrets,
            &format!("token inspect {authorizer:?}"),
            command,
            &directory,
            &[code],
        );
    }
}

/// What a panic in the harness would print: errors and credentials are
/// formatted with `Debug` by `expect` and `{:?}`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_debug_output_and_panic_messages_show_no_secret() {
    let secrets = secrets().await;
    let wrong_password = UserLogin {
        endpoint: secrets.platform.idp.uri(),
        client_id: PUBLIC_CLIENT_ID.to_owned(),
        client_secret: None,
        username: mcp_matrix::auth_matrix::USER.to_owned(),
        password: format!("{}-but-wrong", secrets.password),
    };
    secrets.assert_absent("a UserLogin's Debug", &format!("{wrong_password:?}"));
    let refused = wrong_password
        .token(&reqwest::Client::new(), TokenUse::Access)
        .await;
    let panic = std::panic::catch_unwind(|| {
        refused.expect("the sign-in with a wrong password is refused");
    })
    .expect_err("a refused sign-in panics on expect");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("the sign-in"), "{message}");
    secrets.assert_absent("the panic message of a refused sign-in", &message);

    let identity = live::Identity::Bearer(secrets.token.clone());
    secrets.assert_absent("an Identity's Debug", &format!("{identity:?}"));
    let signer = SigV4Signer {
        credentials: secrets.platform.iam().clone(),
        scope: mcp_matrix::auth::sigv4::SigningScope::agentcore("us-east-1".to_owned()),
    };
    secrets.assert_absent("a SigV4Signer's Debug", &format!("{signer:?}"));
    let bad = BearerToken::new(&format!("{}\n", secrets.token))
        .expect_err("a token with a line break is not header-safe");
    secrets.assert_absent("the error of a malformed token", &bad);
}

/// The committed snapshots hold no token, no SigV4 signature and none of
/// the test suites' secrets.
#[test]
fn no_snapshot_holds_a_credential() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let mut stack = vec![root];
    let mut files = 0;
    while let Some(directory) = stack.pop() {
        for entry in std::fs::read_dir(&directory).expect("the snapshots directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("a text snapshot");
            for (what, marker) in [
                ("a JWT", "eyJ"),
                ("a SigV4 signature", "Signature="),
                ("an AWS secret key", "SecretAccessKey"),
                ("a bearer credential", "Bearer ey"),
                ("a Cognito password", "PASSWORD\":"),
            ] {
                assert!(!text.contains(marker), "{} holds {what}", path.display());
            }
        }
    }
    assert!(files > 50, "the snapshots were found ({files} files)");
}
