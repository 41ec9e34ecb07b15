//! [`BuildProgress`]: what a first run shows while it builds what later runs
//! reuse, the reference server's static binary and image and the Python
//! virtualenvs.
//!
//! Those builds take minutes on a new machine, and their own output is read
//! (to quote it in an error), not shown. So each build says when it starts
//! and how long it took, and on a terminal a line per build ticks the time
//! and shows the build's latest line of output (cargo's `Compiling ...`,
//! pip's `Collecting ...`). Builds that run at once each get their line.
//! Where stderr is not a terminal (CI logs), only the start and end lines
//! are written.

use std::{
    io::IsTerminal,
    sync::LazyLock,
    time::{Duration, Instant},
};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// The lines of the builds under way, drawn together on stderr.
static BUILDS: LazyLock<MultiProgress> = LazyLock::new(MultiProgress::new);

/// One build's progress, from its start line to its end line.
pub(super) struct BuildProgress {
    what: String,
    started: Instant,
    /// Hidden when stderr is not a terminal.
    line: ProgressBar,
}

impl BuildProgress {
    /// Says that `what` is being built, and why it takes a while.
    pub(super) fn start(what: impl Into<String>, why: &str) -> Self {
        let what = what.into();
        eprintln!("mcp-matrix: building {what} ({why})");
        let line = if std::io::stderr().is_terminal() {
            let line = BUILDS.add(ProgressBar::new_spinner());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {elapsed:>4} {prefix} {wide_msg}")
            {
                line.set_style(style);
            }
            line.set_prefix(what.clone());
            line.enable_steady_tick(Duration::from_millis(200));
            line
        } else {
            ProgressBar::hidden()
        };
        Self {
            what,
            started: Instant::now(),
            line,
        }
    }

    /// Shows the build's latest line of output.
    pub(super) fn output_line(&self, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.line.set_message(text.to_owned());
        }
    }

    /// Says how long the build took, or that it failed (its error follows
    /// from the caller).
    pub(super) fn finish(self, succeeded: bool) {
        self.line.finish_and_clear();
        BUILDS.remove(&self.line);
        let seconds = self.started.elapsed().as_secs_f64();
        if succeeded {
            eprintln!("mcp-matrix: built {} in {seconds:.0} s", self.what);
        } else {
            eprintln!(
                "mcp-matrix: building {} failed after {seconds:.0} s",
                self.what
            );
        }
    }
}
