//! The auth matrix through the front door: every credential against every
//! runtime configuration, each answer checked against the expected outcome
//! (status, exception, message class), snapshotted per runtime, and, for
//! every refused call, checked never to have reached the container.
//!
//! Also the three failures that cost the seed's author the most time, each
//! reproduced by a named test.

use std::{collections::BTreeSet, sync::Arc};

use aws_credential_types::Credentials;
use mcp_matrix::{
    agentcore::{DEFAULT_QUALIFIER, RuntimeArn},
    auth_matrix::{self, AuthCase, AuthOutcome, Credential, LocalCredentials, RuntimeKind},
    case::{Case, CaseVersion, Method, Variant},
    client::{Exchange, HttpRequest, McpClient},
    cognito::CognitoIdp,
    discovery,
    environment::{
        LocalServer, PythonSdk, on_shared_runtime, shared_python_peer, shared_reference_server,
    },
    front_door::{FrontDoor, FrontDoorConfig, RuntimeConfig},
    oracle::{self, Strength},
    outcome, protocol,
    surface::Surface,
    target::{Target, Vantage},
};
use rstest::rstest;
use tokio::sync::OnceCell;

const REGION: &str = "us-east-1";

/// A runtime in front of the official Python SDK 1.x (FastMCP), for the
/// seed's 406.
fn fastmcp_arn() -> RuntimeArn {
    "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_matrix_fastmcp-FASTMCP001"
        .parse()
        .expect("a valid ARN")
}

/// The local copy of AgentCore: identity provider, front door, container.
struct Local {
    idp: CognitoIdp,
    front_door: FrontDoor,
    iam: Credentials,
    server: Arc<LocalServer>,
    /// What the server behind every runtime declared: forwarded calls are
    /// judged by it.
    surface: Surface,
}

impl Local {
    fn credentials(&self) -> LocalCredentials<'_> {
        LocalCredentials {
            idp: &self.idp,
            iam: self.iam.clone(),
            region: REGION.to_owned(),
        }
    }

    fn uri(&self, arn: &RuntimeArn) -> http::Uri {
        self.front_door
            .invocation_url(arn, DEFAULT_QUALIFIER)
            .parse()
            .expect("the front door's URLs are valid")
    }

    /// The request of an auth case, with its credential.
    fn request(&self, case: &AuthCase) -> HttpRequest {
        let uri = self.uri(&case.runtime.arn());
        self.credentials()
            .apply(case, auth_matrix::request_of(case, &uri), &uri)
            .unwrap_or_else(|error| panic!("{case}: cannot build the request: {error:#}"))
    }

    async fn send(&self, arn: &RuntimeArn, request: &HttpRequest) -> Exchange {
        let uri = self.uri(arn);
        McpClient::new(&uri.to_string())
            .expect("a URL")
            .send(request)
            .await
            .unwrap_or_else(|error| panic!("no answer from the front door: {error}"))
    }
}

static LOCAL: OnceCell<Arc<Local>> = OnceCell::const_new();

/// Started on the shared runtime, so the front door and the identity
/// provider outlive the test that starts them.
async fn local() -> Arc<Local> {
    LOCAL
        .get_or_init(|| async {
            on_shared_runtime(async {
                // A container of this module's own: the test reads its request
                // log, which the other modules' requests would add to.
                let image = shared_reference_server()
                    .await
                    .unwrap_or_else(|error| panic!("no reference server: {error}"))
                    .image()
                    .clone();
                let server = Arc::new(
                    LocalServer::start(&image)
                        .await
                        .unwrap_or_else(|error| panic!("no reference server: {error}")),
                );
                let fastmcp = shared_python_peer(PythonSdk::V1)
                    .await
                    .unwrap_or_else(|error| panic!("no FastMCP peer: {error}"));
                let idp = CognitoIdp::start_default()
                    .await
                    .unwrap_or_else(|error| panic!("no identity provider: {error:#}"));
                let iam = Credentials::new(
                    "AKIDMCPMATRIXLOCAL01",
                    format!("local-secret-{}", std::process::id()),
                    None,
                    None,
                    "mcp-matrix-local",
                );
                let mut config = FrontDoorConfig::new(REGION);
                for runtime in RuntimeKind::ALL {
                    config = config.with_runtime(RuntimeConfig::new(
                        runtime.arn(),
                        runtime.authorizer(&idp.discovery_url()),
                        server.endpoint(),
                    ));
                }
                config = config.with_runtime(RuntimeConfig::new(
                    fastmcp_arn(),
                    RuntimeKind::JwtClients.authorizer(&idp.discovery_url()),
                    fastmcp.endpoint(),
                ));
                config.iam_credentials.push(iam.clone());
                let front_door = FrontDoor::start(config)
                    .await
                    .unwrap_or_else(|error| panic!("the front door did not start: {error}"));
                let direct = Target::direct(
                    "reference",
                    McpClient::new(server.endpoint()).expect("a URL"),
                );
                let surface = discovery::discover(&direct)
                    .await
                    .unwrap_or_else(|error| panic!("{error}"));
                Arc::new(Local {
                    idp,
                    front_door,
                    iam,
                    server,
                    surface,
                })
            })
            .await
        })
        .await
        .clone()
}

/// Every auth case and its answer, sent once per process.
static RUN: OnceCell<Arc<Vec<(AuthCase, Exchange)>>> = OnceCell::const_new();

async fn run() -> Arc<Vec<(AuthCase, Exchange)>> {
    RUN.get_or_init(|| async {
        let local = local().await;
        let mut results = Vec::new();
        let calls: Vec<(AuthCase, HttpRequest)> = AuthCase::all()
            .into_iter()
            .map(|case| {
                let request = local.request(&case);
                (case, request)
            })
            .collect();
        let answers = futures::future::join_all(calls.iter().map(|(case, request)| {
            let local = &local;
            async move { local.send(&case.runtime.arn(), request).await }
        }))
        .await;
        for ((case, _), answer) in calls.into_iter().zip(answers) {
            results.push((case, answer));
        }
        Arc::new(results)
    })
    .await
    .clone()
}

/// The protocol case a forwarded call is judged as.
fn probe_case(case: &AuthCase) -> Case {
    Case::new(case.version, case.method, Variant::Baseline)
}

#[rstest]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_credential_gets_the_expected_answer(
    #[values(
        RuntimeKind::JwtClients,
        RuntimeKind::JwtAudience,
        RuntimeKind::JwtScoped,
        RuntimeKind::JwtAdvertisedScopes,
        RuntimeKind::JwtCustomClaim,
        RuntimeKind::Iam
    )]
    runtime: RuntimeKind,
) {
    let run = run().await;
    let mut failures = Vec::new();
    for (case, exchange) in run.iter().filter(|(case, _)| case.runtime == runtime) {
        let id = serde_json::Value::from(case.request_id());
        let actual = outcome::summarize(exchange, std::slice::from_ref(&id));
        if let Err(problem) = auth_matrix::check(case, exchange) {
            failures.push(format!(
                "case {case}\n  expected: {:?}\n  actual:   {actual} {:?}\n  problem:  {problem}",
                case.expected(),
                auth_matrix::refusal_message(exchange)
            ));
            continue;
        }
        if case.expected() == AuthOutcome::Forwarded {
            // A forwarded call is an ordinary MCP exchange; the protocol
            // oracle judges it (the platform's own headers aside).
            let probe = probe_case(case);
            let mut forwarded = exchange.clone();
            // The oracle expects the case's own id; the auth case used its own.
            if let mcp_matrix::client::Body::EventStream(stream) = &mut forwarded.body {
                for event in &mut stream.events {
                    event.data = event.data.replace(&case.request_id(), &probe.to_string());
                }
            }
            let verdict = oracle::judge(
                &probe,
                &forwarded,
                None,
                &local().await.surface,
                Vantage::ThroughPlatform,
            );
            for finding in verdict.findings_of(Strength::Must) {
                failures.push(format!(
                    "case {case}: forwarded, but {finding}\n  actual: {actual}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[rstest]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots(
    #[values(
        RuntimeKind::JwtClients,
        RuntimeKind::JwtAudience,
        RuntimeKind::JwtScoped,
        RuntimeKind::JwtAdvertisedScopes,
        RuntimeKind::JwtCustomClaim,
        RuntimeKind::Iam
    )]
    runtime: RuntimeKind,
) {
    let run = run().await;
    let table: Vec<String> = run
        .iter()
        .filter(|(case, _)| case.runtime == runtime)
        .map(|(case, exchange)| {
            let id = serde_json::Value::from(case.request_id());
            let mut line = format!(
                "{}/{}/{}: {}",
                case.credential.slug(),
                case.version,
                case.method,
                outcome::summarize(exchange, std::slice::from_ref(&id))
            );
            if exchange.header(protocol::header::AWS_ERROR_TYPE).is_some()
                && let Some(message) = auth_matrix::refusal_message(exchange)
            {
                line.push_str(&format!(" message={:?}", redact_amz_dates(&message)));
            }
            line
        })
        .collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/front-door"),
    );
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "the front door's answers for runtime {runtime}: credential/version/method: outcome"
    ));
    settings.bind(|| insta::assert_yaml_snapshot!(format!("auth-{runtime}"), table));
}

/// `20261124T100455Z`-shaped SigV4 timestamps (which differ per run) as
/// `[amz-date]`.
fn redact_amz_dates(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let is_amz_date = |at: usize| {
        chars.len() >= at + 16
            && chars[at..at + 8].iter().all(char::is_ascii_digit)
            && chars[at + 8] == 'T'
            && chars[at + 9..at + 15].iter().all(char::is_ascii_digit)
            && chars[at + 15] == 'Z'
    };
    let mut redacted = String::new();
    let mut at = 0;
    while at < chars.len() {
        if is_amz_date(at) {
            redacted.push_str("[amz-date]");
            at += 16;
        } else {
            redacted.push(chars[at]);
            at += 1;
        }
    }
    redacted
}

/// Every JSON-RPC id in the container's request log.
async fn logged_ids(server: &LocalServer) -> BTreeSet<String> {
    let log = server
        .stdout()
        .await
        .unwrap_or_else(|error| panic!("cannot read the container log: {error}"));
    log.lines()
        .filter(|line| line.starts_with("request "))
        .filter_map(|line| {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix("id="))
                .map(|id| id.trim_matches('"').to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_calls_never_reach_the_container() {
    let run = run().await;
    let local = local().await;
    let logged = logged_ids(&local.server).await;
    let mut wrong = Vec::new();
    for (case, _) in run.iter() {
        let reached = logged.contains(&case.request_id());
        match (case.expected(), reached) {
            (AuthOutcome::Refused(_), true) => {
                wrong.push(format!("{case}: refused, yet the container logged it"))
            }
            (AuthOutcome::Forwarded, false) => wrong.push(format!(
                "{case}: forwarded, yet the container never logged it"
            )),
            _ => {}
        }
    }
    let refused = run
        .iter()
        .filter(|(case, _)| case.expected() != AuthOutcome::Forwarded)
        .count();
    assert!(refused > 0 && refused < run.len(), "both outcomes occur");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_token_is_refused() {
    let run = run().await;
    let accepted: Vec<String> = run
        .iter()
        .filter(|(case, _)| {
            matches!(
                case.credential,
                Credential::Bad(_) | Credential::BadSigV4(_)
            )
        })
        .filter(|(case, exchange)| {
            // The custom-claim token is only bad for the runtime that checks that claim.
            case.expected() != AuthOutcome::Forwarded
                && exchange.header(protocol::header::AWS_ERROR_TYPE).is_none()
        })
        .map(|(case, exchange)| format!("{case}: {}", exchange.status))
        .collect();
    assert!(
        accepted.is_empty(),
        "bad credentials got through:\n{}",
        accepted.join("\n")
    );
}

/// The 401 of `runtime` for a call without a token: its challenge's
/// parameters (`resource_metadata`, `scope`), and the metadata document the
/// challenge points at.
async fn challenge_and_metadata(
    local: &Local,
    runtime: RuntimeKind,
) -> (
    std::collections::BTreeMap<String, String>,
    serde_json::Value,
) {
    let arn = runtime.arn();
    let case = Case::new(
        CaseVersion::V2025_06_18,
        Method::ToolsList,
        Variant::Baseline,
    );
    let exchange = local.send(&arn, &case.build(&local.uri(&arn))).await;
    assert_eq!(exchange.status, 401, "{runtime}");
    let challenge = exchange.header("www-authenticate").expect("a challenge");
    let parameters = challenge
        .strip_prefix("Bearer ")
        .unwrap_or_else(|| panic!("{runtime}: not a Bearer challenge: {challenge:?}"))
        .split(", ")
        .map(|parameter| {
            let (name, value) = parameter
                .split_once('=')
                .unwrap_or_else(|| panic!("{runtime}: {parameter:?} in {challenge:?}"));
            let value = value
                .strip_prefix('"')
                .and_then(|value| value.strip_suffix('"'))
                .unwrap_or_else(|| panic!("{runtime}: {name} is not quoted in {challenge:?}"));
            (name.to_owned(), value.to_owned())
        })
        .collect::<std::collections::BTreeMap<_, _>>();
    let url = parameters
        .get("resource_metadata")
        .unwrap_or_else(|| panic!("{runtime}: no resource_metadata in {challenge:?}"));
    let response = reqwest::get(url)
        .await
        .and_then(reqwest::Response::error_for_status)
        .unwrap_or_else(|error| panic!("{url}: {error}"));
    assert_eq!(
        response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok()),
        Some("application/json"),
        "RFC 9728 §3.2: the metadata is a JSON document"
    );
    let metadata = response.json().await.expect("JSON metadata");
    (parameters, metadata)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_401_challenge_points_at_resource_metadata() {
    let local = local().await;
    let (challenge, metadata) = challenge_and_metadata(&local, RuntimeKind::JwtClients).await;
    assert_eq!(
        challenge.keys().collect::<Vec<_>>(),
        ["resource_metadata"],
        "no allowedScopes, no scope parameter"
    );
    assert_eq!(metadata["authorization_servers"][0], local.idp.issuer());
    assert_eq!(
        metadata["resource"],
        local
            .front_door
            .invocation_url(&RuntimeKind::JwtClients.arn(), DEFAULT_QUALIFIER)
    );
    assert!(
        metadata.get("scopes_supported").is_none(),
        "no allowedScopes, no scopes_supported: {metadata}"
    );
}

/// `allowedScopes` are advertised in the challenge and the metadata
/// (RFC 6750 §3 `scope`, RFC 9728 `scopes_supported`), under the names of
/// `advertisedScopeMapping` where it has one; tokens are still checked
/// against `allowedScopes` (the matrix's `m2m-token-with-advertised-scope`
/// cases).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowed_scopes_are_advertised_under_their_mapped_names() {
    let local = local().await;
    for (runtime, advertised) in [
        (RuntimeKind::JwtScoped, auth_matrix::invoke_scope()),
        (
            RuntimeKind::JwtAdvertisedScopes,
            auth_matrix::advertised_invoke_scope(),
        ),
    ] {
        let (challenge, metadata) = challenge_and_metadata(&local, runtime).await;
        assert_eq!(
            challenge.get("scope"),
            Some(&advertised),
            "{runtime}: {challenge:?}"
        );
        assert_eq!(
            metadata["scopes_supported"],
            serde_json::json!([advertised]),
            "{runtime}: {metadata}"
        );
        assert_eq!(
            metadata["resource"],
            local
                .front_door
                .invocation_url(&runtime.arn(), DEFAULT_QUALIFIER)
        );
    }
}

// The seed's three failures.

/// FastMCP behind AgentCore, called without `Accept: application/json,
/// text/event-stream`: 406, from the container (Accept missing) or from the
/// platform itself (Accept naming only JSON).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_failure_406_without_the_mcp_accept_header() {
    let local = local().await;
    let arn = fastmcp_arn();
    let uri = local.uri(&arn);
    let credentials = local.credentials();
    let token_case = AuthCase {
        runtime: RuntimeKind::JwtClients,
        credential: Credential::AccessToken,
        version: CaseVersion::V2025_06_18,
        method: Method::ToolsList,
    };
    for (variant, from) in [
        (Variant::AcceptMissing, "the FastMCP container"),
        (Variant::AcceptJsonOnly, "the platform"),
    ] {
        let request = Case::new(CaseVersion::V2025_06_18, Method::ToolsList, variant).build(&uri);
        let request = credentials
            .apply(&token_case, request, &uri)
            .expect("a signed-in request");
        let exchange = local.send(&arn, &request).await;
        assert_eq!(exchange.status, 406, "{variant}: 406 from {from}");
        let body = serde_json::to_string(&mcp_matrix::observation::Observation::of(&exchange))
            .expect("serialisable");
        assert!(
            body.contains("application/json") && body.contains("text/event-stream"),
            "{variant}: the 406 names both media types: {body}"
        );
    }
}

/// An ID token sent to a runtime whose authorizer uses `allowedClients`:
/// Cognito ID tokens carry `aud`, not `client_id`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_failure_client_id_mismatch_with_an_id_token() {
    let local = local().await;
    let case = AuthCase {
        runtime: RuntimeKind::JwtClients,
        credential: Credential::IdToken,
        version: CaseVersion::V2025_06_18,
        method: Method::ToolsList,
    };
    let request = local.request(&case);
    let exchange = local.send(&case.runtime.arn(), &request).await;
    assert_eq!(exchange.status, 401);
    assert_eq!(
        auth_matrix::refusal_message(&exchange).as_deref(),
        Some("Claim 'client_id' value mismatch with configuration.")
    );
}

/// SigV4 sent to a runtime configured for OAuth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_failure_authorization_method_mismatch() {
    let local = local().await;
    let case = AuthCase {
        runtime: RuntimeKind::JwtClients,
        credential: Credential::SigV4,
        version: CaseVersion::V2025_06_18,
        method: Method::ToolsList,
    };
    let request = local.request(&case);
    let exchange = local.send(&case.runtime.arn(), &request).await;
    assert_eq!(exchange.status, 403);
    assert_eq!(
        exchange.header(protocol::header::AWS_ERROR_TYPE),
        Some("AccessDeniedException")
    );
    assert!(
        auth_matrix::refusal_message(&exchange)
            .is_some_and(|message| message.starts_with("Authorization method mismatch")),
        "{:?}",
        auth_matrix::refusal_message(&exchange)
    );
}
