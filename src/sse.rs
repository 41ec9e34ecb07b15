//! Reading a `text/event-stream` body into events.
//!
//! Streamable HTTP servers answer a POST either with one JSON document or with
//! an SSE stream whose `data` fields are JSON-RPC messages (spec 2025-03-26 on,
//! basic/transports, "Sending Messages to the Server"). The framing follows the
//! HTML Living Standard, "Server-sent events": lines end in `\r\n`, `\n` or
//! `\r`; consecutive `data:` lines join with `\n`; lines starting with `:` are
//! comments; a block without any `data:` line is not dispatched, while
//! `data:` with nothing after it dispatches an event with empty data: the
//! "priming" event a server may send first to hand out a resumption id
//! (spec 2025-11-25, basic/transports, "Resumability and Redelivery").
//! Parsing is delegated to `eventsource-stream`, which implements that
//! standard.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use bytes::Bytes;
use eventsource_stream::{EventStreamError, Eventsource};
use futures::{Stream, StreamExt};

/// One dispatched server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The event type; `message` when the server named none.
    pub event: String,
    /// The last event id seen on the stream, if any.
    pub id: Option<String>,
    /// The data lines of the event, joined with `\n`.
    pub data: String,
}

/// The events read from one response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventStream {
    pub events: Vec<SseEvent>,
    /// False when reading stopped while the server kept the stream open
    /// (a GET stream, or a response still running when the read window ended).
    pub ended: bool,
}

/// How long to keep reading a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadWindow {
    /// Read until the server closes the stream.
    ToEnd,
    /// Read until the server closes the stream or no byte arrives for this
    /// long; for streams that are meant to stay open, such as GET.
    UntilIdle(Duration),
}

/// Why an event stream could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SseError {
    #[error("the event stream broke off: {0}")]
    Transport(String),
    #[error("the event stream is not valid UTF-8 or not valid SSE framing: {0}")]
    Framing(String),
    #[error("the event stream exceeded {limit} bytes")]
    TooLarge { limit: usize },
}

/// What can go wrong with one chunk of the body before SSE parsing sees it.
#[derive(Debug)]
enum ChunkError {
    Transport(String),
    TooLarge,
}

impl std::fmt::Display for ChunkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(error) => f.write_str(error),
            Self::TooLarge => f.write_str("body too large"),
        }
    }
}

/// Reads events from a byte stream until it ends or the window closes.
pub async fn read_events<S, E>(
    body: S,
    window: ReadWindow,
    limit: usize,
) -> Result<EventStream, SseError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    read_events_observed(body, window, limit, |_| {}).await
}

/// [`read_events`], telling `on_event` of each event as it is dispatched,
/// while the stream goes on: a server may send a request on a POST's stream
/// and wait for the client's answer before it sends the response that ends
/// the stream (spec 2025-06-18 on, basic/transports, "Sending Messages to
/// the Server").
pub async fn read_events_observed<S, E>(
    body: S,
    window: ReadWindow,
    limit: usize,
    mut on_event: impl FnMut(&SseEvent),
) -> Result<EventStream, SseError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut received = 0usize;
    let ends_in_cr = Arc::new(AtomicBool::new(false));
    let last_byte = Arc::clone(&ends_in_cr);
    let counted = body.map(move |chunk| {
        let chunk = chunk.map_err(|error| ChunkError::Transport(error.to_string()))?;
        received += chunk.len();
        if received > limit {
            return Err(ChunkError::TooLarge);
        }
        if let Some(&last) = chunk.last() {
            last_byte.store(last == b'\r', Ordering::Relaxed);
        }
        Ok(chunk)
    });
    // A `\r` that ends the body is a whole line ending (nothing can follow
    // it to make `\r\n`), but the parser keeps it pending; completing it to
    // `\r\n` dispatches the last event of a CR-framed stream, as the
    // standard's end-of-stream rule requires.
    let completion = futures::stream::once(async move {
        ends_in_cr
            .load(Ordering::Relaxed)
            .then(|| Ok(Bytes::from_static(b"\n")))
    })
    .filter_map(std::future::ready);
    let mut events = std::pin::pin!(counted.chain(completion).eventsource());
    let mut stream = EventStream::default();
    loop {
        let next = match window {
            ReadWindow::ToEnd => events.next().await,
            ReadWindow::UntilIdle(idle) => match tokio::time::timeout(idle, events.next()).await {
                Ok(next) => next,
                Err(_) => return Ok(stream),
            },
        };
        match next {
            None => {
                stream.ended = true;
                return Ok(stream);
            }
            Some(Ok(event)) => {
                let event = SseEvent {
                    event: event.event,
                    id: (!event.id.is_empty()).then_some(event.id),
                    data: event.data,
                };
                on_event(&event);
                stream.events.push(event);
            }
            Some(Err(EventStreamError::Transport(ChunkError::TooLarge))) => {
                return Err(SseError::TooLarge { limit });
            }
            Some(Err(EventStreamError::Transport(ChunkError::Transport(error)))) => {
                return Err(SseError::Transport(error));
            }
            Some(Err(error)) => return Err(SseError::Framing(error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse_chunks(chunks: &[&str]) -> EventStream {
        let owned: Vec<Result<Bytes, std::convert::Infallible>> = chunks
            .iter()
            .map(|chunk| Ok(Bytes::copy_from_slice(chunk.as_bytes())))
            .collect();
        read_events(futures::stream::iter(owned), ReadWindow::ToEnd, 1 << 20)
            .await
            .expect("valid stream")
    }

    fn data(stream: &EventStream) -> Vec<&str> {
        stream.events.iter().map(|e| e.data.as_str()).collect()
    }

    #[tokio::test]
    async fn lf_and_crlf_framing_give_the_same_events() {
        let lf = parse_chunks(&["event: message\ndata: {\"a\":1}\n\n"]).await;
        let crlf = parse_chunks(&["event: message\r\ndata: {\"a\":1}\r\n\r\n"]).await;
        assert_eq!(lf, crlf);
        assert_eq!(data(&lf), [r#"{"a":1}"#]);
        assert!(lf.ended);
    }

    #[tokio::test]
    async fn multi_line_data_joins_with_newline() {
        let stream = parse_chunks(&["data: {\"a\":\ndata: 1}\n\n"]).await;
        assert_eq!(data(&stream), ["{\"a\":\n1}"]);
        let value: serde_json::Value = serde_json::from_str(&stream.events[0].data).unwrap();
        assert_eq!(value["a"], 1);
    }

    #[tokio::test]
    async fn comments_are_skipped_and_priming_events_have_empty_data() {
        let stream = parse_chunks(&[
            ": keep-alive\n\n",
            "retry: 3000\n\n",
            "id: 0\nretry: 3000\ndata:\n\n",
            "id: 1\ndata: {}\n\n",
        ])
        .await;
        assert_eq!(data(&stream), ["", "{}"]);
        assert_eq!(stream.events[0].id.as_deref(), Some("0"));
        assert_eq!(stream.events[1].id.as_deref(), Some("1"));
        assert_eq!(stream.events[1].event, "message");
    }

    #[tokio::test]
    async fn events_split_across_chunks_are_reassembled() {
        let stream = parse_chunks(&["da", "ta: {\"b\"", ":2}\r", "\n\r\n", "data: 3\n\n"]).await;
        assert_eq!(data(&stream), [r#"{"b":2}"#, "3"]);
    }

    #[tokio::test]
    async fn a_cr_framed_stream_dispatches_its_last_event() {
        let stream = parse_chunks(&["data: 1\r\rdata: 2\r", "\r"]).await;
        assert_eq!(data(&stream), ["1", "2"]);
    }

    #[tokio::test]
    async fn an_unterminated_last_event_is_discarded() {
        let stream = parse_chunks(&["data: 1\n\ndata: 2\n"]).await;
        assert_eq!(data(&stream), ["1"]);
    }

    #[tokio::test]
    async fn an_open_stream_stops_at_the_idle_window() {
        let (sender, receiver) = futures::channel::mpsc::unbounded::<Result<Bytes, String>>();
        sender
            .unbounded_send(Ok(Bytes::from_static(b"data: 1\n\n")))
            .unwrap();
        let stream = read_events(
            receiver,
            ReadWindow::UntilIdle(Duration::from_millis(50)),
            1 << 20,
        )
        .await
        .unwrap();
        assert_eq!(data(&stream), ["1"]);
        assert!(!stream.ended, "the sender is still alive");
        drop(sender);
    }

    #[tokio::test]
    async fn a_stream_over_the_limit_is_an_error() {
        let chunks: Vec<Result<Bytes, String>> = vec![Ok(Bytes::from(vec![b'x'; 64]))];
        let error = read_events(futures::stream::iter(chunks), ReadWindow::ToEnd, 16)
            .await
            .unwrap_err();
        assert!(matches!(error, SseError::TooLarge { limit: 16 }));
    }
}
