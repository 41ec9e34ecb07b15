//! The project of the AgentCore CLI (`@aws/agentcore`, aws/agentcore-cli),
//! as far as live runs, `doctor` and `token inspect` need it. Its
//! `agentcore/` directory (`CONFIG_DIR`, `CONFIG_FILES` and `CLI_SYSTEM_DIR`
//! of the CLI's `src/lib/constants.ts`) holds:
//!
//! - `agentcore.json`, the project spec (`AgentCoreProjectSpecSchema`,
//!   `src/schema/schemas/agentcore-project.ts`): its `runtimes[]`
//!   (`AgentEnvSpec`, `src/schema/schemas/agent-env.ts`) define the agents,
//!   each with its `protocol` (`HTTP` when absent), its `authorizerType`
//!   (`AWS_IAM` when absent, or `CUSTOM_JWT` with
//!   `authorizerConfiguration.customJwtAuthorizer`, spelt with a lower-case
//!   "jwt" where the API spells `customJWTAuthorizer`:
//!   `src/schema/schemas/auth.ts`), its `requestHeaderAllowlist`, its named
//!   `endpoints`, and its code (`codeLocation`, relative to the directory
//!   that holds `agentcore/`, and the `entrypoint` file in it:
//!   `resolveCodeLocation` of `src/lib/packaging/helpers.ts`);
//! - `aws-targets.json`, the deployment targets, an array of
//!   `{name, account, region}` (`src/schema/schemas/aws-targets.ts`); the
//!   CLI deploys to the target named `default` unless told otherwise
//!   (`agentcore deploy --target`, `src/cli/commands/deploy/command.tsx`);
//! - `.cli/deployed-state.json`, what `agentcore deploy` made
//!   (`src/schema/schemas/deployed-state.ts`):
//!   `targets.<target>.resources.runtimes.<agent>.runtimeArn`, and
//!   `resources.runtimeEndpoints["<agent>/<endpoint>"]` for named endpoints
//!   (`parseRuntimeEndpointOutputs`, `src/cli/cloudformation/outputs.ts`).
//!   Its targets carry no region: the target's entry in `aws-targets.json`
//!   does. `DEFAULT` is never recorded; the CLI invokes it when no endpoint
//!   is named (`DEFAULT_ENDPOINT_NAME`, `src/cli/constants.ts`).
//!
//! Unknown fields are ignored, so a newer CLI's files still read.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::{Deserialize, de::DeserializeOwned, de::IgnoredAny};

use super::{AgentChoice, AgentSource, CliDeployment, DeployedAgent, Need};
use crate::agentcore::{Authorizer, CustomJwtAuthorizer, DEFAULT_QUALIFIER};

/// The project directory's name.
pub const DIR: &str = "agentcore";
/// The project spec, in [`DIR`].
pub const SPEC: &str = "agentcore.json";
/// The deployment targets, in [`DIR`].
pub const TARGETS: &str = "aws-targets.json";
/// The deployed state, in [`DIR`].
pub const STATE: &str = ".cli/deployed-state.json";

/// `agentcore.json`: only its runtimes matter here.
#[derive(Debug, Deserialize)]
struct ProjectSpec {
    #[serde(default)]
    runtimes: Vec<RuntimeSpec>,
}

/// One `runtimes[]` entry (`AgentEnvSpec`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuntimeSpec {
    name: String,
    #[serde(default)]
    entrypoint: Option<String>,
    #[serde(default)]
    code_location: Option<String>,
    #[serde(default)]
    protocol: Option<String>,
    #[serde(default)]
    authorizer_type: Option<AuthorizerType>,
    #[serde(default)]
    authorizer_configuration: Option<AuthorizerConfiguration>,
    #[serde(default)]
    request_header_allowlist: Vec<String>,
    #[serde(default)]
    endpoints: BTreeMap<String, IgnoredAny>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum AuthorizerType {
    AwsIam,
    CustomJwt,
}

/// `authorizerConfiguration`. The authorizer is kept as JSON until the
/// authorizer type says whether it must be there, so that a missing
/// `discoveryUrl` is named as such.
#[derive(Debug, Deserialize)]
struct AuthorizerConfiguration {
    #[serde(rename = "customJwtAuthorizer", default)]
    custom_jwt_authorizer: Option<serde_json::Value>,
    /// The API's spelling, which the CLI's schema refuses.
    #[serde(rename = "customJWTAuthorizer", default)]
    api_spelling: Option<IgnoredAny>,
}

/// One `aws-targets.json` entry.
#[derive(Debug, Deserialize)]
struct AwsTarget {
    name: String,
    region: String,
}

/// `.cli/deployed-state.json`.
#[derive(Debug, Deserialize)]
struct DeployedState {
    #[serde(default)]
    targets: BTreeMap<String, TargetState>,
}

#[derive(Debug, Deserialize)]
struct TargetState {
    #[serde(default)]
    resources: Option<Resources>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Resources {
    #[serde(default)]
    runtimes: BTreeMap<String, RuntimeState>,
    #[serde(default)]
    runtime_endpoints: BTreeMap<String, IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuntimeState {
    runtime_arn: String,
}

/// What to do about an endpoint `agentcore.json` declares and the deployed
/// state lacks.
const DEPLOY_DECLARED: &str =
    ", or deploy it (it is declared in agentcore.json) with `agentcore deploy`";

/// Why the project cannot be used: one line naming the file, the field and
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum CliProjectError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path} is not JSON ({reason}): correct it, or let the AgentCore CLI write it again")]
    NotJson { path: String, reason: String },
    #[error(
        "{path}: {field}: {reason}: correct it (the AgentCore CLI's schema says what it takes)"
    )]
    Field {
        path: String,
        field: String,
        reason: String,
    },
    #[error("{path} defines no runtime: add one with `agentcore add agent`")]
    NoRuntime { path: String },
    #[error(
        "{path} defines several runtimes ({known}): choose one with AGENTCORE_AGENT (or --agent)"
    )]
    ChooseAgent { path: String, known: String },
    #[error(
        "{path} has no runtime {name:?} (it has: {known}): set AGENTCORE_AGENT (or --agent) to \
         one of them"
    )]
    UnknownAgent {
        path: String,
        name: String,
        known: String,
    },
    #[error(
        "{path}: runtimes[{index}].authorizerConfiguration.customJwtAuthorizer is missing, but \
         authorizerType is CUSTOM_JWT: add it with its discoveryUrl, or set authorizerType to \
         AWS_IAM{spelling}"
    )]
    MissingJwtAuthorizer {
        path: String,
        index: usize,
        spelling: &'static str,
    },
    #[error(
        "{path}: runtimes[{index}].authorizerConfiguration.customJwtAuthorizer.discoveryUrl is \
         missing (authorizerType is CUSTOM_JWT): set it to the issuer's \
         https://.../.well-known/openid-configuration"
    )]
    MissingDiscoveryUrl { path: String, index: usize },
    #[error("{path} is missing: the project has not been deployed; run `agentcore deploy` first")]
    NotDeployed { path: String },
    #[error("{path} lists no deployment target: run `agentcore deploy` first")]
    NoTarget { path: String },
    #[error(
        "{path} lists several targets ({known}) and none is named default: choose one with \
         AGENTCORE_TARGET (or --aws-target)"
    )]
    ChooseTarget { path: String, known: String },
    #[error(
        "{path} has no target {name:?} (it has: {known}): set AGENTCORE_TARGET (or --aws-target) \
         to one of them"
    )]
    UnknownTarget {
        path: String,
        name: String,
        known: String,
    },
    #[error(
        "{path}: agent {agent:?} is not deployed to target {target:?} \
         (targets.{target}.resources.runtimes has {deployed}): run `agentcore deploy --target \
         {target}` first"
    )]
    AgentNotDeployed {
        path: String,
        agent: String,
        target: String,
        deployed: String,
    },
    #[error(
        "{path}: agent {agent:?} has no endpoint {name:?} deployed to target {target:?} (it has: \
         {known}): set AGENTCORE_QUALIFIER to one of them{}",
        if *.declared { DEPLOY_DECLARED } else { "" }
    )]
    UnknownEndpoint {
        path: String,
        agent: String,
        target: String,
        name: String,
        known: String,
        /// Whether `agentcore.json` declares the endpoint.
        declared: bool,
    },
}

/// Reads the chosen agent of the project in `dir` (the `agentcore/`
/// directory); with its deployment when `need` asks for it.
pub fn read(
    dir: &Path,
    choice: &AgentChoice,
    need: Need,
) -> Result<DeployedAgent, CliProjectError> {
    let spec_path = dir.join(SPEC);
    let spec: ProjectSpec = read_json(&spec_path)?;
    let shown = spec_path.display().to_string();
    let (index, runtime) = choose_runtime(&spec, &shown, choice.agent.as_deref())?;
    let authorizer = authorizer(runtime, index, &shown)?;
    let mut agent = DeployedAgent {
        name: runtime.name.clone(),
        source: AgentSource::AgentCoreCli {
            spec: spec_path.clone(),
            index,
            deployment: None,
        },
        runtime_arn: None,
        region: None,
        server_protocol: Some(
            runtime
                .protocol
                .clone()
                .unwrap_or_else(|| "HTTP".to_owned()),
        ),
        authorizer,
        request_header_allowlist: runtime.request_header_allowlist.clone(),
        qualifier: choice
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_QUALIFIER.to_owned()),
        server_code: server_code(dir, runtime),
        note: None,
    };
    if need == Need::Deployment {
        deployment(dir, choice, runtime, &mut agent)?;
    }
    Ok(agent)
}

/// The target, ARN, region and endpoint of `agent`, from `aws-targets.json`
/// and the deployed state.
fn deployment(
    dir: &Path,
    choice: &AgentChoice,
    runtime: &RuntimeSpec,
    agent: &mut DeployedAgent,
) -> Result<(), CliProjectError> {
    let targets_path = dir.join(TARGETS);
    if !targets_path.exists() {
        return Err(CliProjectError::NotDeployed {
            path: targets_path.display().to_string(),
        });
    }
    let targets: Vec<AwsTarget> = read_json(&targets_path)?;
    let target = choose_target(&targets, &targets_path, choice.target.as_deref())?;

    let state_path = dir.join(STATE);
    let shown = state_path.display().to_string();
    if !state_path.exists() {
        return Err(CliProjectError::NotDeployed { path: shown });
    }
    let state: DeployedState = read_json(&state_path)?;
    let resources = state
        .targets
        .get(&target.name)
        .and_then(|deployed| deployed.resources.as_ref());
    let deployed = resources.and_then(|resources| resources.runtimes.get(&agent.name));
    let Some(deployed) = deployed else {
        let names: Vec<&str> = resources
            .map(|resources| resources.runtimes.keys().map(String::as_str).collect())
            .unwrap_or_default();
        return Err(CliProjectError::AgentNotDeployed {
            path: shown,
            agent: agent.name.clone(),
            target: target.name.clone(),
            deployed: if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            },
        });
    };
    if agent.qualifier != DEFAULT_QUALIFIER {
        let prefix = format!("{}/", agent.name);
        let endpoints: Vec<&str> = resources
            .map(|resources| {
                resources
                    .runtime_endpoints
                    .keys()
                    .filter_map(|key| key.strip_prefix(&prefix))
                    .collect()
            })
            .unwrap_or_default();
        if !endpoints.contains(&agent.qualifier.as_str()) {
            return Err(CliProjectError::UnknownEndpoint {
                path: shown,
                agent: agent.name.clone(),
                target: target.name.clone(),
                name: agent.qualifier.clone(),
                known: std::iter::once(DEFAULT_QUALIFIER)
                    .chain(endpoints)
                    .collect::<Vec<_>>()
                    .join(", "),
                declared: runtime.endpoints.contains_key(&agent.qualifier),
            });
        }
    }
    agent.runtime_arn = Some(deployed.runtime_arn.clone());
    agent.region = Some(target.region.clone());
    if let AgentSource::AgentCoreCli { deployment, .. } = &mut agent.source {
        *deployment = Some(CliDeployment {
            state: state_path,
            target: target.name.clone(),
        });
    }
    Ok(())
}

/// The content of the JSON file at `path`, or an error naming the file and
/// the field.
fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, CliProjectError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| CliProjectError::Read {
        path: shown.clone(),
        reason: error.to_string(),
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let field = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            CliProjectError::Field {
                path: shown,
                field,
                reason: inner.to_string(),
            }
        } else {
            CliProjectError::NotJson {
                path: shown,
                reason: inner.to_string(),
            }
        }
    })
}

/// The chosen runtime, or the only one.
fn choose_runtime<'a>(
    spec: &'a ProjectSpec,
    path: &str,
    name: Option<&str>,
) -> Result<(usize, &'a RuntimeSpec), CliProjectError> {
    let known = || {
        spec.runtimes
            .iter()
            .map(|runtime| runtime.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (name, spec.runtimes.as_slice()) {
        (_, []) => Err(CliProjectError::NoRuntime {
            path: path.to_owned(),
        }),
        (None, [only]) => Ok((0, only)),
        (None, _) => Err(CliProjectError::ChooseAgent {
            path: path.to_owned(),
            known: known(),
        }),
        (Some(name), runtimes) => runtimes
            .iter()
            .enumerate()
            .find(|(_, runtime)| runtime.name == name)
            .ok_or_else(|| CliProjectError::UnknownAgent {
                path: path.to_owned(),
                name: name.to_owned(),
                known: known(),
            }),
    }
}

/// The chosen target, or the only one, or the one named `default`.
fn choose_target<'a>(
    targets: &'a [AwsTarget],
    path: &Path,
    name: Option<&str>,
) -> Result<&'a AwsTarget, CliProjectError> {
    let path = path.display().to_string();
    let known = || {
        targets
            .iter()
            .map(|target| target.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (name, targets) {
        (_, []) => Err(CliProjectError::NoTarget { path }),
        (Some(name), targets) => targets
            .iter()
            .find(|target| target.name == name)
            .ok_or_else(|| CliProjectError::UnknownTarget {
                path,
                name: name.to_owned(),
                known: known(),
            }),
        (None, [only]) => Ok(only),
        (None, targets) => targets
            .iter()
            .find(|target| target.name == "default")
            .ok_or_else(|| CliProjectError::ChooseTarget {
                path,
                known: known(),
            }),
    }
}

/// The runtime's authorizer: IAM unless `authorizerType` is `CUSTOM_JWT`.
fn authorizer(
    runtime: &RuntimeSpec,
    index: usize,
    path: &str,
) -> Result<Authorizer, CliProjectError> {
    if runtime.authorizer_type != Some(AuthorizerType::CustomJwt) {
        return Ok(Authorizer::Iam);
    }
    let configuration = runtime.authorizer_configuration.as_ref();
    let Some(value) = configuration.and_then(|c| c.custom_jwt_authorizer.as_ref()) else {
        return Err(CliProjectError::MissingJwtAuthorizer {
            path: path.to_owned(),
            index,
            spelling: if configuration.is_some_and(|c| c.api_spelling.is_some()) {
                " (customJWTAuthorizer is the API's spelling; the AgentCore CLI's is \
                 customJwtAuthorizer)"
            } else {
                ""
            },
        });
    };
    let has_url = value
        .get("discoveryUrl")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|url| !url.trim().is_empty());
    if !has_url {
        return Err(CliProjectError::MissingDiscoveryUrl {
            path: path.to_owned(),
            index,
        });
    }
    let authorizer: CustomJwtAuthorizer =
        serde_path_to_error::deserialize(value).map_err(|error| CliProjectError::Field {
            path: path.to_owned(),
            field: format!(
                "runtimes[{index}].authorizerConfiguration.customJwtAuthorizer.{}",
                error.path()
            ),
            reason: error.into_inner().to_string(),
        })?;
    Ok(Authorizer::CustomJwt(authorizer))
}

/// `<codeLocation>/<entrypoint file>`, relative to the directory holding
/// `agentcore/` (an entrypoint may name a function: `main.py:app`).
fn server_code(dir: &Path, runtime: &RuntimeSpec) -> Option<PathBuf> {
    let location = runtime.code_location.as_deref()?;
    let file = runtime.entrypoint.as_deref()?.split(':').next()?;
    let root = match dir.file_name() {
        Some(_) => dir.parent().map_or_else(PathBuf::new, Path::to_path_buf),
        None => dir.join(".."),
    };
    Some(root.join(location).join(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentcore::{ClaimOperator, ClaimValueType, McpMode};
    use crate::live::ServerMode;

    /// A fixture project, `tests/fixtures/agentcore-cli/<case>/agentcore`.
    fn fixture(case: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/agentcore-cli")
            .join(case)
            .join(DIR)
    }

    fn choice() -> AgentChoice {
        AgentChoice::default()
    }

    fn deployed(case: &str, choice: &AgentChoice) -> DeployedAgent {
        read(&fixture(case), choice, Need::Deployment)
            .unwrap_or_else(|error| panic!("{case}: {error}"))
    }

    /// The one-line message of reading `case` with `choice`.
    fn refusal(case: &str, choice: &AgentChoice) -> String {
        let error = read(&fixture(case), choice, Need::Deployment)
            .map(|agent| agent.name)
            .expect_err("a refusal");
        let message = error.to_string();
        assert_eq!(message.lines().count(), 1, "{message}");
        message.replace(&fixture(case).display().to_string(), "<dir>")
    }

    #[test]
    fn an_iam_runtime_gives_its_arn_region_and_default_endpoint() {
        let agent = deployed("iam", &choice());
        assert_eq!(agent.name, "EchoServer");
        assert_eq!(
            agent.runtime_arn.as_deref(),
            Some(
                "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/mcp_matrix_iam-IAMRUNTIME"
            )
        );
        assert_eq!(agent.region.as_deref(), Some("us-east-1"));
        assert_eq!(agent.server_protocol.as_deref(), Some("MCP"));
        assert!(matches!(agent.authorizer, Authorizer::Iam));
        assert_eq!(agent.qualifier, "DEFAULT");
        assert!(agent.request_header_allowlist.is_empty());
        assert_eq!(
            agent.to_string(),
            format!(
                "agent \"EchoServer\" in {}, target \"default\"",
                fixture("iam").join(SPEC).display()
            )
        );
        assert!(
            agent
                .arn_field()
                .starts_with("targets.default.resources.runtimes.EchoServer.runtimeArn in ")
        );
    }

    #[test]
    fn a_custom_jwt_runtime_gives_every_list_its_claims_and_headers() {
        let agent = deployed("jwt", &choice());
        let authorizer = agent.jwt_authorizer().expect("a JWT authorizer");
        assert_eq!(
            authorizer.discovery_url,
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_AbCdEfGhI/.well-known/openid-configuration"
        );
        assert_eq!(authorizer.allowed_clients, ["1example23456789abcdefghij"]);
        assert_eq!(authorizer.allowed_audience, ["mcp-matrix-audience"]);
        assert_eq!(authorizer.allowed_scopes, ["mcp/invoke"]);
        let [department, groups] = authorizer.custom_claims.as_slice() else {
            panic!("two custom claims: {:?}", authorizer.custom_claims);
        };
        assert_eq!(
            department,
            &crate::agentcore::CustomClaim::equals("department", "engineering")
        );
        assert_eq!(groups.inbound_token_claim_name, "groups");
        assert_eq!(
            groups.inbound_token_claim_value_type,
            ClaimValueType::StringArray
        );
        assert_eq!(
            groups.authorizing_claim_match_value.claim_match_operator,
            ClaimOperator::ContainsAny
        );
        assert_eq!(
            agent.request_header_allowlist,
            [
                "Authorization",
                "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant"
            ]
        );
        assert_eq!(agent.region.as_deref(), Some("us-west-2"));
        assert!(agent.summary().ends_with(
            "custom JWT authorizer, request header allowlist [Authorization, \
             X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant]"
        ));
    }

    #[test]
    fn agents_targets_and_endpoints_are_chosen_by_name() {
        let chosen = AgentChoice {
            agent: Some("Second".to_owned()),
            target: Some("prod".to_owned()),
            endpoint: Some("live".to_owned()),
            ..choice()
        };
        let agent = deployed("several", &chosen);
        assert_eq!(agent.name, "Second");
        assert_eq!(agent.qualifier, "live");
        assert_eq!(agent.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            agent.runtime_arn.as_deref(),
            Some(
                "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/McpMatrix_Second-PrOd000002"
            )
        );
        // Without a target: the one named default.
        let default = deployed(
            "several",
            &AgentChoice {
                agent: Some("First".to_owned()),
                ..choice()
            },
        );
        assert_eq!(default.region.as_deref(), Some("us-east-1"));
        assert_eq!(default.qualifier, "DEFAULT");
    }

    #[test]
    fn the_mode_comes_from_the_server_code_when_not_given() {
        for (case, mode) in [
            ("iam", Some(McpMode::Stateless)),
            ("stateful", Some(McpMode::Stateful)),
            ("jwt", None),
        ] {
            let agent = deployed(case, &choice());
            let found = ServerMode::resolve(None, agent.server_code.as_deref());
            assert_eq!(found.as_ref().map(|found| found.mode), mode, "{case}");
        }
        let iam = deployed("iam", &choice());
        let code = iam.server_code.as_deref().expect("a code path");
        assert!(
            code.ends_with("app/EchoServer/main.py"),
            "{}",
            code.display()
        );
        let given = ServerMode::resolve(Some(McpMode::Stateful), Some(code)).expect("given");
        assert_eq!(given.mode, McpMode::Stateful);
        let read = ServerMode::resolve(None, Some(code)).expect("read");
        assert!(
            read.to_string()
                .starts_with("stateless (stateless_http=True in "),
            "{read}"
        );
    }

    #[test]
    fn the_definition_alone_needs_no_deployment() {
        let agent = read(&fixture("not-deployed-state"), &choice(), Need::Definition)
            .expect("the definition");
        assert_eq!(agent.runtime_arn, None);
        assert_eq!(agent.region, None);
        assert_eq!(
            agent.to_string(),
            format!(
                "agent \"EchoServer\" in {}",
                fixture("not-deployed-state").join(SPEC).display()
            )
        );
    }

    #[test]
    fn bad_input_is_one_line_naming_the_file_and_field() {
        let named = |agent: &str| AgentChoice {
            agent: Some(agent.to_owned()),
            ..choice()
        };
        let target = |target: &str| AgentChoice {
            target: Some(target.to_owned()),
            ..choice()
        };
        let endpoint = |endpoint: &str| AgentChoice {
            endpoint: Some(endpoint.to_owned()),
            ..choice()
        };
        for (case, choice, expected) in [
            (
                "bad-not-json",
                choice(),
                "<dir>/agentcore.json is not JSON (expected ident at line 1 column 2): correct it, \
                 or let the AgentCore CLI write it again",
            ),
            (
                "bad-no-discovery-url",
                choice(),
                "<dir>/agentcore.json: runtimes[0].authorizerConfiguration.customJwtAuthorizer.\
                 discoveryUrl is missing (authorizerType is CUSTOM_JWT): set it to the issuer's \
                 https://.../.well-known/openid-configuration",
            ),
            (
                "bad-no-jwt-authorizer",
                choice(),
                "<dir>/agentcore.json: runtimes[0].authorizerConfiguration.customJwtAuthorizer is \
                 missing, but authorizerType is CUSTOM_JWT: add it with its discoveryUrl, or set \
                 authorizerType to AWS_IAM (customJWTAuthorizer is the API's spelling; the \
                 AgentCore CLI's is customJwtAuthorizer)",
            ),
            (
                "bad-field",
                choice(),
                "<dir>/agentcore.json: runtimes[0].authorizerType: unknown variant `OAUTH`, \
                 expected `AWS_IAM` or `CUSTOM_JWT` at line 22 column 31: correct it (the \
                 AgentCore CLI's schema says what it takes)",
            ),
            (
                "not-deployed-state",
                choice(),
                "<dir>/.cli/deployed-state.json is missing: the project has not been deployed; \
                 run `agentcore deploy` first",
            ),
            (
                "not-deployed-agent",
                choice(),
                "<dir>/.cli/deployed-state.json: agent \"EchoServer\" is not deployed to target \
                 \"default\" (targets.default.resources.runtimes has none): run `agentcore \
                 deploy --target default` first",
            ),
            (
                "several",
                choice(),
                "<dir>/agentcore.json defines several runtimes (First, Second): choose one with \
                 AGENTCORE_AGENT (or --agent)",
            ),
            (
                "iam",
                named("Nobody"),
                "<dir>/agentcore.json has no runtime \"Nobody\" (it has: EchoServer): set \
                 AGENTCORE_AGENT (or --agent) to one of them",
            ),
            (
                "iam",
                target("staging"),
                "<dir>/aws-targets.json has no target \"staging\" (it has: default): set \
                 AGENTCORE_TARGET (or --aws-target) to one of them",
            ),
            (
                "iam",
                endpoint("prod"),
                "<dir>/.cli/deployed-state.json: agent \"EchoServer\" has no endpoint \"prod\" \
                 deployed to target \"default\" (it has: DEFAULT): set AGENTCORE_QUALIFIER to one \
                 of them",
            ),
            (
                "several",
                AgentChoice {
                    agent: Some("First".to_owned()),
                    endpoint: Some("canary".to_owned()),
                    ..choice()
                },
                "<dir>/.cli/deployed-state.json: agent \"First\" has no endpoint \"canary\" \
                 deployed to target \"default\" (it has: DEFAULT): set AGENTCORE_QUALIFIER to one \
                 of them, or deploy it (it is declared in agentcore.json) with `agentcore deploy`",
            ),
            (
                "two-targets",
                choice(),
                "<dir>/aws-targets.json lists several targets (dev, prod) and none is named \
                 default: choose one with AGENTCORE_TARGET (or --aws-target)",
            ),
            (
                "no-targets",
                choice(),
                "<dir>/aws-targets.json lists no deployment target: run `agentcore deploy` first",
            ),
        ] {
            assert_eq!(refusal(case, &choice), expected, "{case}");
        }
    }

    #[test]
    fn a_missing_spec_is_a_read_error_with_its_path() {
        let error = read(Path::new("/nowhere/agentcore"), &choice(), Need::Definition)
            .map(|agent| agent.name)
            .expect_err("no file");
        assert!(
            error
                .to_string()
                .starts_with("cannot read /nowhere/agentcore/agentcore.json: "),
            "{error}"
        );
    }
}
