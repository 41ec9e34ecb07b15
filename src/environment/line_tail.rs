//! The lines of a child's output, and the last of them kept for diagnostics.
//!
//! A peer's stdout and stderr are read line by line until they close, so the
//! peer never blocks on a full pipe; only the last lines of its stderr are
//! kept ([`LineTail`]), enough to explain a failure without growing for as
//! long as the peer runs. The output of venv and pip is quoted the same way,
//! by its last lines ([`last_lines`]).

use std::{
    collections::VecDeque,
    io::{self, BufRead, BufReader, Read},
    sync::{Mutex, PoisonError},
};

/// Calls `each` with every line of `reader` (without its line ending, invalid
/// UTF-8 replaced) until the stream ends or fails.
pub(super) fn for_each_line(reader: impl Read, mut each: impl FnMut(String)) {
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => {
                while line
                    .last()
                    .is_some_and(|byte| matches!(byte, b'\n' | b'\r'))
                {
                    line.pop();
                }
                each(String::from_utf8_lossy(&line).into_owned());
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The last lines of a stream, at most a fixed number.
#[derive(Debug)]
pub(super) struct LineTail {
    capacity: usize,
    lines: Mutex<VecDeque<String>>,
}

impl LineTail {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            lines: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    pub(super) fn push(&self, line: String) {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.len() == self.capacity {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    pub(super) fn lines(&self) -> Vec<String> {
        let lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        lines.iter().cloned().collect()
    }

    pub(super) fn render(&self) -> String {
        let lines = self.lines();
        if lines.is_empty() {
            "(nothing)".to_owned()
        } else {
            lines.join("\n")
        }
    }
}

/// The last `count` lines of `text`.
pub(super) fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_keep_the_last_lines() {
        assert_eq!(last_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(last_lines("a", 5), "a");
        assert_eq!(last_lines("", 5), "");

        let tail = LineTail::new(2);
        assert_eq!(tail.render(), "(nothing)");
        for line in ["one", "two", "three"] {
            tail.push(line.to_owned());
        }
        assert_eq!(tail.lines(), ["two", "three"]);
    }

    #[test]
    fn lines_are_split_without_their_endings() {
        let mut lines = Vec::new();
        for_each_line(&b"one\r\ntwo\n\xffthree"[..], |line| lines.push(line));
        assert_eq!(lines, ["one", "two", "\u{fffd}three"]);
    }
}
