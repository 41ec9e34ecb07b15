//! [`Matrix`]: the matrix in your own `cargo test`.
//!
//! Say which server to test and how it is reached; [`Matrix::run`]
//! discovers what it offers, runs every case, judges each answer, and
//! returns a [`MatrixReport`] to assert on and to snapshot in your own
//! repository:
//!
//! ```no_run
//! use mcp_matrix::{Matrix, PlatformAuth};
//!
//! # async fn test() -> Result<(), mcp_matrix::HarnessError> {
//! // Your image (`docker build -t my-mcp:dev .` beforehand), behind the
//! // local AgentCore front door, called with a Cognito access token.
//! let report = Matrix::image("my-mcp:dev")
//!     .behind_front_door(PlatformAuth::Bearer)
//!     .run()
//!     .await?;
//! report.assert_no_problems();
//! insta::assert_yaml_snapshot!(report.tables());
//! # Ok(())
//! # }
//! ```
//!
//! The same works for a server already running ([`Matrix::url`]), for the
//! deployed runtime ([`Matrix::live`], configured as `mcp-matrix run --target
//! live` is) and for the suite's own reference server ([`Matrix::reference`]).
//! Everything underneath (cases, oracle, front door, environments) stays
//! available in the other modules.

use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    agentcore::McpMode,
    case::{CallPolicy, CaseVersion},
    case_filter::CaseFilter,
    client::McpClient,
    deviations::KnownDeviations,
    diagnosis::{Diagnosis, Problem, diagnose},
    environment::{
        LocalPlatform, LocalServer, PlatformAuth, ServerImage, shared_reference_server,
        shared_stateful_reference_server,
    },
    live::{self, AgentChoice},
    matrix::{self, MatrixRun, RunOptions},
    project::ProjectFile,
    report,
    target::{SendPolicy, Target},
};

/// Why a [`Matrix`] could not run: one line that says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HarnessError(String);

impl HarnessError {
    fn of(context: &str, error: impl std::fmt::Display) -> Self {
        Self(format!("{context}: {error}"))
    }
}

/// The server a [`Matrix`] tests.
#[derive(Debug, Clone)]
enum Server {
    Reference,
    Image(String),
    Url(String),
    Live,
}

/// A run of the matrix to be made: the server, how it is reached, and
/// what the run is told. Built with the methods below, run with
/// [`Matrix::run`].
#[derive(Debug, Clone)]
#[must_use = "a Matrix does nothing until it is run"]
pub struct Matrix {
    server: Server,
    front_door: Option<PlatformAuth>,
    mode: McpMode,
    project_file: Option<PathBuf>,
    filter: Option<String>,
    known_deviations: Option<PathBuf>,
    label: Option<String>,
}

impl Matrix {
    fn of(server: Server) -> Self {
        Self {
            server,
            front_door: None,
            mode: McpMode::Stateless,
            project_file: None,
            filter: None,
            known_deviations: None,
            label: None,
        }
    }

    /// An image the local Docker engine has (`name:tag`), started in a
    /// container for the run; it must listen on 0.0.0.0:8000/mcp, as an
    /// AgentCore MCP server does.
    pub fn image(reference: impl Into<String>) -> Self {
        Self::of(Server::Image(reference.into()))
    }

    /// A server already running, such as `http://127.0.0.1:8000/mcp`.
    /// Only its tools that declare themselves safe are called unless it is
    /// on this machine.
    pub fn url(url: impl Into<String>) -> Self {
        Self::of(Server::Url(url.into()))
    }

    /// The deployed runtime, configured by the environment or the AgentCore
    /// CLI's project in the working directory (README, "Live mode"). Only
    /// tools that declare themselves safe are called.
    pub fn live() -> Self {
        Self::of(Server::Live)
    }

    /// The suite's reference server (built into an image on first use).
    pub fn reference() -> Self {
        Self::of(Server::Reference)
    }

    /// Puts an image behind the local AgentCore front door and its identity
    /// provider, called with `auth`: SigV4 to an IAM runtime, or a Cognito
    /// token to a runtime with a `customJWTAuthorizer`.
    pub fn behind_front_door(mut self, auth: PlatformAuth) -> Self {
        self.front_door = Some(auth);
        self
    }

    /// The runtime is stateful: behind the front door, a container per
    /// session, routed by the `Mcp-Session-Id` the server issues. The
    /// reference server is then run with its sessions (also without a front
    /// door); an image keeps sessions or not by itself, so for an image this
    /// needs [`Matrix::behind_front_door`].
    pub fn stateful(mut self) -> Self {
        self.mode = McpMode::Stateful;
        self
    }

    /// The project file (`mcp-matrix.toml`): example arguments, expected
    /// results, tools to leave out or allow. Unlike `mcp-matrix run`, the
    /// harness reads none unless it is named here.
    pub fn project_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.project_file = Some(path.into());
        self
    }

    /// Runs only the cases `expression` selects, as `run --filter` does
    /// (`version=2025-06-18 method=tools-*`).
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.filter = Some(expression.into());
        self
    }

    /// Your own known-deviations file, instead of the suite's.
    pub fn known_deviations(mut self, path: impl Into<PathBuf>) -> Self {
        self.known_deviations = Some(path.into());
        self
    }

    /// The target's name in reports and in the known-deviations file
    /// (for example `python-sdk-1`, to take that SDK's deviations).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Starts what the run needs, runs every case, and stops it again.
    pub async fn run(self) -> Result<MatrixReport, HarnessError> {
        self.check_combination()?;
        let filter = self
            .filter
            .as_deref()
            .map(CaseFilter::parse)
            .transpose()
            .map_err(|error| HarnessError::of("the filter", error))?;
        let project = match &self.project_file {
            Some(path) => ProjectFile::load(path)
                .map_err(|error| HarnessError::of("the project file", error))?,
            None => ProjectFile::default(),
        };
        let deviations = match &self.known_deviations {
            Some(path) => KnownDeviations::load(path),
            None => KnownDeviations::of_repository(),
        }
        .map_err(|error| HarnessError::of("the known deviations", error))?;
        let reached = self.reach().await?;
        let mut target = reached.target;
        if let Some(label) = &self.label {
            target.label = label.clone();
        }
        let options = RunOptions {
            project,
            call_tools: reached.call_tools,
            filter,
        };
        let run = matrix::run(&target, &options)
            .await
            .map_err(|error| HarnessError::of("the run", error))?;
        let diagnosis = diagnose(&run, &deviations, &[]);
        Ok(MatrixReport {
            run,
            deviations,
            diagnosis,
        })
    }

    /// Refuses options that would be silently ignored.
    fn check_combination(&self) -> Result<(), HarnessError> {
        let reached_as_it_is = matches!(self.server, Server::Url(_) | Server::Live);
        if reached_as_it_is && self.front_door.is_some() {
            return Err(HarnessError(
                "behind_front_door() puts an image or the reference server behind the local \
                 front door; a URL or the live runtime is reached as it is"
                    .to_owned(),
            ));
        }
        if reached_as_it_is && self.mode == McpMode::Stateful {
            return Err(HarnessError(
                "stateful() configures the local front door; a URL or the live runtime keeps \
                 sessions or not by itself, and the run finds out which"
                    .to_owned(),
            ));
        }
        if matches!(self.server, Server::Image(_))
            && self.mode == McpMode::Stateful
            && self.front_door.is_none()
        {
            return Err(HarnessError(
                "stateful() without behind_front_door(): an image keeps sessions or not by \
                 itself; stateful() makes the front door a stateful runtime"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// The target, and what keeps it running.
    async fn reach(&self) -> Result<Reached, HarnessError> {
        let server: Arc<LocalServer> = match &self.server {
            Server::Url(url) => {
                let parsed: http::Uri = url
                    .parse()
                    .map_err(|error| HarnessError::of(&format!("the URL {url:?}"), error))?;
                let client = McpClient::new(url)
                    .map_err(|error| HarnessError::of(&format!("the URL {url:?}"), error))?;
                return Ok(Reached {
                    target: Target::direct("url", client),
                    call_tools: CallPolicy::default_for_url(&parsed),
                    _keep: Vec::new(),
                });
            }
            Server::Live => {
                let target = live_target().await?;
                return Ok(Reached {
                    target,
                    call_tools: CallPolicy::Safe,
                    _keep: Vec::new(),
                });
            }
            Server::Reference => match self.mode {
                McpMode::Stateless => shared_reference_server().await,
                McpMode::Stateful => shared_stateful_reference_server().await,
            }
            .map_err(|error| HarnessError::of("the reference server", error))?,
            Server::Image(reference) => {
                let image = ServerImage::existing(reference)
                    .await
                    .map_err(|error| HarnessError::of("the image", error))?;
                Arc::new(
                    LocalServer::start(&image)
                        .await
                        .map_err(|error| HarnessError::of("the image", error))?,
                )
            }
        };
        let Some(auth) = self.front_door else {
            let client = McpClient::new(server.endpoint())
                .map_err(|error| HarnessError::of("the container", error))?;
            let label = if server.image().is_reference {
                "reference"
            } else {
                "image"
            };
            return Ok(Reached {
                target: Target::direct(label, client),
                call_tools: CallPolicy::All,
                _keep: vec![Box::new(server)],
            });
        };
        let platform = LocalPlatform::start_in_mode(server, self.mode)
            .await
            .map_err(|error| HarnessError::of("the local front door", format!("{error:#}")))?;
        let target = platform
            .target(auth, SendPolicy::LOCAL)
            .await
            .map_err(|error| HarnessError::of("the local front door", format!("{error:#}")))?;
        Ok(Reached {
            target,
            call_tools: CallPolicy::All,
            _keep: vec![Box::new(platform)],
        })
    }
}

/// A target, and the servers it needs kept running.
struct Reached {
    target: Target,
    call_tools: CallPolicy,
    _keep: Vec<Box<dyn Send + Sync>>,
}

/// The deployed runtime, as `mcp-matrix run --target live` reaches it.
async fn live_target() -> Result<Target, HarnessError> {
    let live_error = |error: &dyn std::fmt::Display| HarnessError::of("the live runtime", error);
    let choice = AgentChoice::from_env().map_err(|error| live_error(&error))?;
    let settings = live::settings(&choice)
        .await
        .map_err(|error| live_error(&error))?;
    let identity = live::identity(&settings)
        .await
        .map_err(|error| live_error(&error))?;
    let target = live::connect(&settings, &identity, SendPolicy::LIVE)
        .map_err(|error| live_error(&error))?;
    live::preflight(&target)
        .await
        .map_err(|error| live_error(&error))?;
    Ok(target)
}

/// What a [`Matrix`] run found: the problems (each cause once, with its
/// fix), and every case's outcome.
#[derive(Debug)]
pub struct MatrixReport {
    run: MatrixRun,
    deviations: KnownDeviations,
    diagnosis: Diagnosis,
}

impl MatrixReport {
    /// The run's problems, the one that explains others first: failing
    /// cases grouped by cause (MUST violations, unanswered cases).
    pub fn problems(&self) -> &[Problem] {
        &self.diagnosis.problems
    }

    /// Fails the calling test with the report's problems, causes first,
    /// when there is any.
    #[track_caller]
    pub fn assert_no_problems(&self) {
        assert!(
            self.diagnosis.problems.is_empty(),
            "{} problem(s) in the matrix of {}:\n\n{}",
            self.diagnosis.problems.len(),
            self.run.target,
            self.markdown()
        );
    }

    /// One protocol version's outcome table: a line per case,
    /// `method/variant: outcome`, then `!!` and its findings.
    pub fn table(&self, version: CaseVersion) -> Vec<String> {
        self.run.table(version, &self.deviations)
    }

    /// Every version's table, keyed `matrix-<version>`: what to snapshot.
    pub fn tables(&self) -> BTreeMap<String, Vec<String>> {
        CaseVersion::ALL
            .into_iter()
            .map(|version| (format!("matrix-{version}"), self.table(version)))
            .collect()
    }

    /// The Markdown report (problems first), as `run --format markdown`.
    pub fn markdown(&self) -> String {
        report::markdown(&self.run, &self.deviations, &self.diagnosis)
    }

    /// The whole run: surface, cases, answers and verdicts.
    pub fn run(&self) -> &MatrixRun {
        &self.run
    }
}
