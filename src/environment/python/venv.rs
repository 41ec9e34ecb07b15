//! The virtualenv of each SDK: created on first use, then reused.
//!
//! A venv lives under
//! `target/python-peers/<label>-<hash of the requirements file>/` (or
//! elsewhere, see `build_directory`), created
//! with `python3 -m venv` and `pip install --no-deps -r <requirements>`. The
//! requirements files pin the whole dependency closure, so `--no-deps`
//! installs exactly what was measured. A new requirements file gets a new
//! directory; an unchanged one is reused, so only the first run pays for the
//! install. A marker file is written after pip succeeded, and a directory
//! without it is a half-built venv (an interrupted run) that is deleted and
//! built again. cargo-nextest runs test binaries as parallel processes, so
//! creation is serialised across processes by an exclusive lock on a file
//! next to the venv.

use std::{
    fs::File,
    io,
    path::{Path, PathBuf},
    process::{Command, ExitStatus, Stdio},
};

use sha2::{Digest, Sha256};

use super::{PythonSdk, process::die_with_parent, setup_error};
use crate::environment::{
    EnvironmentError, build_directory,
    build_progress::BuildProgress,
    line_tail::{for_each_line, last_lines},
};

/// The interpreter that creates the virtualenvs.
const PYTHON: &str = "python3";
/// The oldest Python the pinned SDKs support.
const MIN_PYTHON: (u32, u32) = (3, 10);
/// Lines of venv or pip output quoted in an error.
const OUTPUT_TAIL_LINES: usize = 40;
/// Written into a venv once pip has succeeded.
const COMPLETE_MARKER: &str = "mcp-matrix-complete";

fn venvs_dir() -> PathBuf {
    build_directory().join("python-peers")
}

/// `<label>-<hash>`: a changed requirements file gets a venv of its own.
fn venv_dir_name(label: &str, requirements: &[u8]) -> String {
    let digest = Sha256::digest(requirements);
    let hash: String = digest
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{label}-{hash}")
}

/// The venv of `sdk`, created (once, across processes) if missing.
pub(super) fn ensure_venv(sdk: PythonSdk) -> Result<PathBuf, EnvironmentError> {
    let requirements = sdk.requirements();
    let pins = std::fs::read(&requirements).map_err(|error| {
        setup_error(
            format!(
                "reading {} (run the tests from a checkout of mcp-matrix)",
                requirements.display()
            ),
            error,
        )
    })?;
    let root = venvs_dir();
    let name = venv_dir_name(sdk.label(), &pins);
    let venv = root.join(&name);
    let marker = venv.join(COMPLETE_MARKER);
    if marker.is_file() {
        return Ok(venv);
    }

    std::fs::create_dir_all(&root)
        .map_err(|error| setup_error(format!("creating {}", root.display()), error))?;
    let lock_path = root.join(format!("{name}.lock"));
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|error| setup_error(format!("opening {}", lock_path.display()), error))?;
    // Blocks while another test process builds this venv; released on drop.
    lock.lock()
        .map_err(|error| setup_error(format!("locking {}", lock_path.display()), error))?;
    if marker.is_file() {
        return Ok(venv); // another process built it while this one waited
    }

    eprintln!(
        "mcp-matrix: the Python virtualenv of {} goes in {}",
        sdk.label(),
        venv.display()
    );
    let progress = BuildProgress::start(
        format!("the {} virtualenv", sdk.label()),
        "first run only; pip's cache makes a rebuild quicker",
    );
    let built = build_venv(&venv, &requirements, &progress);
    progress.finish(built.is_ok());
    built?;
    std::fs::write(
        &marker,
        format!("installed from {}\n", requirements.display()),
    )
    .map_err(|error| setup_error(format!("writing {}", marker.display()), error))?;
    Ok(venv)
}

fn build_venv(
    venv: &Path,
    requirements: &Path,
    progress: &BuildProgress,
) -> Result<(), EnvironmentError> {
    check_python(progress)?;
    if venv.exists() {
        // Left by a run that was interrupted before the marker was written.
        std::fs::remove_dir_all(venv).map_err(|error| {
            setup_error(
                format!("removing the half-built venv {}", venv.display()),
                error,
            )
        })?;
    }

    let mut create = Command::new(PYTHON);
    create.args(["-m", "venv"]).arg(venv);
    let (status, output) = run_to_end(create, progress).map_err(|error| python_missing(&error))?;
    if !status.success() {
        return Err(EnvironmentError::PythonVenv {
            venv: venv.display().to_string(),
            output: last_lines(&output, OUTPUT_TAIL_LINES),
        });
    }

    let pip = venv.join("bin").join("pip");
    let mut install = Command::new(&pip);
    install
        .args(["install", "--no-deps", "--disable-pip-version-check", "-r"])
        .arg(requirements);
    let pip_failed = |output: String| EnvironmentError::PipInstall {
        requirements: requirements.display().to_string(),
        venv: venv.display().to_string(),
        output,
    };
    let (status, output) = run_to_end(install, progress)
        .map_err(|error| pip_failed(format!("{} could not be run: {error}", pip.display())))?;
    if !status.success() {
        return Err(pip_failed(last_lines(&output, OUTPUT_TAIL_LINES)));
    }
    Ok(())
}

/// Fails with an actionable message unless `python3` runs, is new enough and
/// has the modules `-m venv` needs.
fn check_python(progress: &BuildProgress) -> Result<(), EnvironmentError> {
    let (major, minor) = MIN_PYTHON;
    let probe = format!(
        "import sys, venv, ensurepip\n\
         if sys.version_info < ({major}, {minor}):\n    \
             sys.exit('Python ' + sys.version.split()[0] + ' is too old; {major}.{minor} or newer is needed')"
    );
    let mut command = Command::new(PYTHON);
    command.arg("-c").arg(probe);
    let (status, output) = run_to_end(command, progress).map_err(|error| python_missing(&error))?;
    if status.success() {
        Ok(())
    } else {
        Err(EnvironmentError::PythonMissing {
            reason: format!("it is not usable: {}", last_lines(&output, 5)),
        })
    }
}

fn python_missing(error: &io::Error) -> EnvironmentError {
    let reason = if error.kind() == io::ErrorKind::NotFound {
        format!("it is not on PATH: {error}")
    } else {
        format!("it could not be run: {error}")
    };
    EnvironmentError::PythonMissing { reason }
}

/// Runs a setup command to its end with stdout and stderr in one pipe, so
/// its output reads in the order it was written.
///
/// The calling thread waits for the command, so it outlives it: the
/// parent-death signal fires only if the whole test process dies.
fn run_to_end(mut command: Command, progress: &BuildProgress) -> io::Result<(ExitStatus, String)> {
    let (reader, writer) = io::pipe()?;
    command
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    die_with_parent(&mut command);
    let mut child = command.spawn()?;
    // The command holds the pipe's write ends; the read below ends only once
    // every write end is closed.
    drop(command);
    let mut output = String::new();
    for_each_line(reader, |line| {
        progress.output_line(&line);
        output.push_str(&line);
        output.push('\n');
    });
    let status = child.wait()?;
    Ok((status, output))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venv_names_follow_the_requirements() {
        let first = venv_dir_name("python-sdk-1", b"mcp==1.30.0\n");
        assert_eq!(first, venv_dir_name("python-sdk-1", b"mcp==1.30.0\n"));
        assert_ne!(first, venv_dir_name("python-sdk-1", b"mcp==1.31.0\n"));
        let hash = first
            .strip_prefix("python-sdk-1-")
            .expect("the label comes first");
        assert_eq!(hash.len(), 12);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn setup_commands_report_their_combined_output_and_status() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let progress = BuildProgress::start("a shell command", "a unit test");
        let (status, output) = run_to_end(command, &progress).expect("sh runs");
        progress.finish(status.success());
        assert_eq!(status.code(), Some(3));
        assert_eq!(output, "out\nerr\n");
    }
}
