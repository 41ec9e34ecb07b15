//! The `mcp-matrix` binary, run as a user runs it, for the test modules of
//! its commands (`cli_run`, `cli_doctor`, `cli_token`, `live`, `secrets`):
//! a scratch directory per test, the command in one of three environments,
//! and its outcome with the assertions those tests share.
//!
//! The environments, from least to most shut off:
//!
//! - [`binary`]: this process's whole environment, for the one test that
//!   runs against what the developer configured (a real runtime);
//! - [`mcp_matrix`]: this process's environment without the variables that
//!   choose a target, a project file, an agent or a credential, so that a
//!   developer's shell does not change what a test runs, while Docker and
//!   the toolchain (which `--target local` needs) stay reachable;
//! - [`isolated`]: nothing but `PATH` and the region, in a directory that is
//!   also `HOME`, so nothing of this machine's AWS set-up (credentials,
//!   config files, instance metadata) leaks in; the test adds the variables
//!   it means the command to see.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    sync::Mutex,
};

use mcp_matrix::live::var;

/// The region of every isolated command, and of the local platforms the
/// tests start for them.
pub const REGION: &str = "us-east-1";

/// The variables of `mcp-matrix run` (clap's `env`) and of the AgentCore
/// configuration that [`mcp_matrix`] leaves out.
const CHOOSING_VARIABLES: [&str; 5] = [
    "MCP_MATRIX_TARGET_URL",
    "MCP_MATRIX_CONFIG",
    var::CONFIG,
    var::AGENT,
    var::BEARER_TOKEN,
];

/// An empty directory of the test's own, `<CARGO_TARGET_TMPDIR>/<module>-<name>`,
/// where `<module>` is the file of the calling test (`cli_run`): whatever a
/// previous run left there is removed.
///
/// Panics when a test of the same module already took `name`: two tests
/// sharing a directory would empty it under each other, as tests run
/// concurrently.
#[track_caller]
pub fn scratch(name: &str) -> PathBuf {
    static TAKEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let module = Path::new(std::panic::Location::caller().file())
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("test");
    let key = format!("{module}-{name}");
    let newly_taken = TAKEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(key.clone());
    assert!(
        newly_taken,
        "the scratch directory {name:?} is taken by another test of {module}"
    );
    let directory = Path::new(env!("CARGO_TARGET_TMPDIR")).join(key);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("a scratch directory");
    directory
}

/// The binary built for this test run, with this process's whole environment.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mcp-matrix"))
}

/// The binary with this process's environment but none of the variables
/// that choose its target, project file, agent or credential.
pub fn mcp_matrix() -> Command {
    let mut command = binary();
    for name in CHOOSING_VARIABLES {
        command.env_remove(name);
    }
    command
}

/// The binary in `directory`, which is also its `HOME`, with only `PATH`,
/// [`REGION`] and no instance metadata service (so that the AWS SDK does not
/// wait for one).
pub fn isolated(directory: &Path) -> Command {
    let mut command = binary();
    command
        .current_dir(directory)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", directory)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", REGION);
    command
}

/// How a command ended and what it printed.
pub struct Outcome {
    /// The exit status; `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` to its end, with nothing on its stdin.
pub fn output(command: &mut Command) -> Outcome {
    Outcome::from(command.output().expect("mcp-matrix starts"))
}

/// Runs `command` to its end with `stdin` written to its standard input.
pub fn output_with_stdin(command: &mut Command, stdin: &str) -> Outcome {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mcp-matrix starts");
    let mut pipe = child.stdin.take().expect("a piped stdin");
    std::io::Write::write_all(&mut pipe, stdin.as_bytes()).expect("writing to mcp-matrix's stdin");
    // Closing it is the end of the input the command waits for.
    drop(pipe);
    Outcome::from(child.wait_with_output().expect("mcp-matrix ends"))
}

impl From<Output> for Outcome {
    /// Output that is not UTF-8 fails the test: everything the binary
    /// prints is text a user or a CI log reads.
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 on stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
        }
    }
}

impl Outcome {
    /// The command exited with `code`.
    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
    }

    /// The report on stdout says each of `expected`.
    pub fn assert_says(&self, expected: &[&str]) {
        for text in expected {
            assert!(
                self.stdout.contains(text),
                "{text:?} missing in:\n{}",
                self.stdout
            );
        }
    }

    /// Neither stdout nor stderr shows any of `secrets`. The message does
    /// not quote the output, which would show the secret in the test's log.
    pub fn assert_no_secret(&self, secrets: &[&str]) {
        for secret in secrets {
            for (stream, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
                assert!(!text.contains(secret), "the {stream} shows a secret");
            }
        }
    }

    /// The command refused its input as every command does: exit status 2,
    /// nothing on stdout, one line on stderr that starts with `mcp-matrix: `
    /// and mentions `mentions`, and no panic.
    pub fn assert_refused(&self, mentions: &str) {
        let context = format!("refused with {mentions:?}");
        assert_eq!(self.code, Some(2), "{context}: {}", self.stderr);
        assert_eq!(self.stdout, "", "{context}: nothing on stdout");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "{context}: one line: {}",
            self.stderr
        );
        assert!(
            self.stderr.starts_with("mcp-matrix: ") && self.stderr.contains(mentions),
            "{context}: {}",
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{context}: {}",
            self.stderr
        );
    }
}
