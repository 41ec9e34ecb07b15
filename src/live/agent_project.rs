//! [`AgentProject`]: which project file describes the agent. The AgentCore
//! CLI's `agentcore/agentcore.json` ([`super::agentcore_cli`]) or the
//! deprecated starter toolkit's `.bedrock_agentcore.yaml`
//! ([`super::starter_toolkit`]), named by `--config` or `AGENTCORE_CONFIG`,
//! else found in the working directory, the CLI's first.

use std::path::{Path, PathBuf};

use super::{
    AgentChoice, DeployedAgent, Need,
    agentcore_cli::{self, CliProjectError},
    starter_toolkit::{self, ToolkitError},
};

/// A project, by the tool that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentProject {
    /// The AgentCore CLI's `agentcore/` directory.
    AgentCoreCli(PathBuf),
    /// The starter toolkit's `.bedrock_agentcore.yaml`.
    StarterToolkit(PathBuf),
}

/// Why the project cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// Boxed: its messages carry the most context.
    #[error(transparent)]
    AgentCoreCli(Box<CliProjectError>),
    #[error(transparent)]
    StarterToolkit(#[from] ToolkitError),
    #[error(
        "{dir} holds no AgentCore project: give the agentcore/ directory, its agentcore.json, or \
         a .bedrock_agentcore.yaml"
    )]
    NoProjectIn { dir: String },
}

impl From<CliProjectError> for ProjectError {
    fn from(error: CliProjectError) -> Self {
        Self::AgentCoreCli(Box::new(error))
    }
}

impl AgentProject {
    /// The project `explicit` names, else the one in `base` (the AgentCore
    /// CLI's when both are there, with a note saying so); none without
    /// either. A directory may be the `agentcore/` directory or the one
    /// holding it; a file named `*.json` is the CLI's project spec, any
    /// other file a toolkit file.
    pub fn locate(
        base: &Path,
        explicit: Option<&Path>,
    ) -> Result<Option<(Self, Option<String>)>, ProjectError> {
        if let Some(path) = explicit {
            return Self::named(path).map(|project| Some((project, None)));
        }
        let cli = base.join(agentcore_cli::DIR);
        let toolkit = base.join(starter_toolkit::FILE_NAME);
        let found = match (cli.join(agentcore_cli::SPEC).is_file(), toolkit.is_file()) {
            (true, true) => Some((
                Self::AgentCoreCli(cli.clone()),
                Some(format!(
                    "both {} and {} are here: using the AgentCore CLI's project (the starter \
                     toolkit is deprecated); set AGENTCORE_CONFIG={} to use the toolkit's",
                    cli.join(agentcore_cli::SPEC).display(),
                    toolkit.display(),
                    toolkit.display()
                )),
            )),
            (true, false) => Some((Self::AgentCoreCli(cli), None)),
            (false, true) => Some((Self::StarterToolkit(toolkit), None)),
            (false, false) => None,
        };
        Ok(found)
    }

    fn named(path: &Path) -> Result<Self, ProjectError> {
        if path.is_dir() {
            if path.join(agentcore_cli::SPEC).is_file() {
                return Ok(Self::AgentCoreCli(path.to_owned()));
            }
            let inner = path.join(agentcore_cli::DIR);
            if inner.join(agentcore_cli::SPEC).is_file() {
                return Ok(Self::AgentCoreCli(inner));
            }
            let toolkit = path.join(starter_toolkit::FILE_NAME);
            if toolkit.is_file() {
                return Ok(Self::StarterToolkit(toolkit));
            }
            return Err(ProjectError::NoProjectIn {
                dir: path.display().to_string(),
            });
        }
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
            return Ok(Self::AgentCoreCli(dir));
        }
        Ok(Self::StarterToolkit(path.to_owned()))
    }

    /// The chosen agent of this project.
    pub fn read(&self, choice: &AgentChoice, need: Need) -> Result<DeployedAgent, ProjectError> {
        Ok(match self {
            Self::AgentCoreCli(dir) => agentcore_cli::read(dir, choice, need)?,
            Self::StarterToolkit(file) => starter_toolkit::read(file, choice)?,
        })
    }
}

/// The chosen agent of the project `choice` names or the working directory
/// holds, if any, with the note of [`AgentProject::locate`].
pub fn load(choice: &AgentChoice, need: Need) -> Result<Option<DeployedAgent>, ProjectError> {
    let Some((project, note)) = AgentProject::locate(Path::new(""), choice.config.as_deref())?
    else {
        return Ok(None);
    };
    let mut agent = project.read(choice, need)?;
    agent.note = note;
    Ok(Some(agent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(case: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/agentcore-cli")
            .join(case)
    }

    #[test]
    fn the_cli_project_comes_first_with_a_note() {
        let base = fixture("both");
        let (project, note) = AgentProject::locate(&base, None)
            .expect("readable")
            .expect("a project");
        assert_eq!(project, AgentProject::AgentCoreCli(base.join("agentcore")));
        let note = note.expect("a note");
        assert!(note.contains("the starter toolkit is deprecated"), "{note}");
        assert!(note.contains("AGENTCORE_CONFIG="), "{note}");
    }

    #[test]
    fn a_config_path_may_be_the_directory_its_parent_or_the_spec() {
        let root = fixture("iam");
        let cli = AgentProject::AgentCoreCli(root.join("agentcore"));
        for path in [
            root.clone(),
            root.join("agentcore"),
            root.join("agentcore/agentcore.json"),
        ] {
            let (project, note) = AgentProject::locate(Path::new("/nowhere"), Some(&path))
                .expect("readable")
                .expect("a project");
            assert_eq!(project, cli, "{}", path.display());
            assert_eq!(note, None);
        }
        let toolkit = fixture("both").join(".bedrock_agentcore.yaml");
        assert_eq!(
            AgentProject::locate(Path::new("/nowhere"), Some(&toolkit))
                .expect("readable")
                .map(|(project, _)| project),
            Some(AgentProject::StarterToolkit(toolkit))
        );
        let error = AgentProject::locate(Path::new("/nowhere"), Some(&fixture("")))
            .expect_err("no project there");
        assert!(
            error.to_string().contains("holds no AgentCore project"),
            "{error}"
        );
        assert_eq!(
            AgentProject::locate(&root.join("app"), None).expect("nothing"),
            None
        );
    }

    #[test]
    fn the_toolkit_file_is_read_when_named() {
        let toolkit = AgentProject::StarterToolkit(fixture("both").join(".bedrock_agentcore.yaml"));
        let agent = toolkit
            .read(&AgentChoice::default(), Need::Deployment)
            .expect("a toolkit agent");
        assert_eq!(agent.name, "legacy");
    }
}
