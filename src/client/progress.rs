//! How far a response body got: the bytes received, and whether an event
//! stream stopped in the middle of an event.
//!
//! Both are needed only when something went wrong. A body that stalls is
//! reported with the bytes it had sent, which tells "never sent a body" from
//! "stopped halfway". An event stream whose last event never got its
//! terminating blank line is a truncated answer: the HTML Living Standard
//! ("Server-sent events", "Event stream interpretation") has a parser
//! discard such an event silently when the stream ends, so without this
//! record a truncated JSON-RPC response would look like a response that
//! carries no message at all.

/// What a response body has delivered so far.
#[derive(Debug, Default)]
pub(super) struct BodyProgress {
    bytes: usize,
    block: SseBlock,
}

impl BodyProgress {
    /// Records the next chunk of the body.
    pub(super) fn observe(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len();
        for &byte in chunk {
            self.block.push(byte);
        }
    }

    /// The number of body bytes received.
    pub(super) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Whether the body, read as an event stream, ends inside an event: a
    /// `data` field has been seen, complete or not, that no blank line has
    /// dispatched yet.
    pub(super) fn inside_event(&self) -> bool {
        self.block.has_data || self.block.line_is_data()
    }
}

/// The SSE line and block being read: just enough of the standard's line
/// splitting (`\r\n`, `\n` or `\r` end a line; a blank line ends a block)
/// to know whether a `data` field waits for dispatch.
#[derive(Debug, Default)]
struct SseBlock {
    /// The first bytes of the current line, enough to recognise `data`.
    line_start: [u8; 5],
    line_len: usize,
    /// The previous byte was `\r`, so a `\n` now ends no further line.
    after_cr: bool,
    /// The current block has a `data` line.
    has_data: bool,
}

impl SseBlock {
    fn push(&mut self, byte: u8) {
        match byte {
            b'\n' if self.after_cr => self.after_cr = false,
            b'\r' | b'\n' => {
                if self.line_len == 0 {
                    self.has_data = false; // a blank line dispatches the block
                } else if self.line_is_data() {
                    self.has_data = true;
                }
                self.line_len = 0;
                self.after_cr = byte == b'\r';
            }
            _ => {
                self.after_cr = false;
                if let Some(slot) = self.line_start.get_mut(self.line_len) {
                    *slot = byte;
                }
                self.line_len += 1;
            }
        }
    }

    /// Whether the current line is a `data` field: `data` alone, or `data`
    /// followed by a colon.
    fn line_is_data(&self) -> bool {
        let start = &self.line_start[..self.line_len.min(self.line_start.len())];
        start == b"data" && self.line_len == 4 || start == b"data:"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside_event(chunks: &[&str]) -> bool {
        let mut progress = BodyProgress::default();
        for chunk in chunks {
            progress.observe(chunk.as_bytes());
        }
        progress.inside_event()
    }

    #[test]
    fn complete_events_in_any_line_ending_are_not_truncated() {
        assert!(!inside_event(&["data: {\"a\":1}\n\n"]));
        assert!(!inside_event(&["data: 1\r\n\r\n", "data: 2\r\r"]));
        assert!(!inside_event(&["event: message\r\ndata: {}\r", "\n\r\n"]));
        assert!(!inside_event(&[""]));
    }

    #[test]
    fn an_event_without_its_blank_line_is_truncated() {
        assert!(inside_event(&["data: {\"jsonrpc\":\"2.0\",\"id\":"]));
        assert!(inside_event(&["data: 1\n\ndata: {\"a\":1}\n"]));
        assert!(inside_event(&["dat", "a"]));
        assert!(inside_event(&["data: 1\r\n", "data: 2"]));
    }

    #[test]
    fn fields_that_carry_no_data_do_not_count() {
        assert!(!inside_event(&[": keep-alive\n"]));
        assert!(!inside_event(&["retry: 3000\n"]));
        assert!(!inside_event(&["id: 7\nevent: message\n"]));
        assert!(!inside_event(&["database: x\n"]));
    }

    #[test]
    fn bytes_are_counted() {
        let mut progress = BodyProgress::default();
        progress.observe(b"abc");
        progress.observe(b"de");
        assert_eq!(progress.bytes(), 5);
    }
}
