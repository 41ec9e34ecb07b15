//! The SSE reader on arbitrary bytes, delivered in chunks whose lengths the
//! first byte chooses: it must not panic, and a split stream must parse as
//! the whole one does.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use mcp_matrix::sse::{self, EventStream, ReadWindow, SseError};

fn read(pieces: Vec<Bytes>) -> Result<EventStream, SseError> {
    let chunks = pieces
        .into_iter()
        .map(Ok::<_, std::convert::Infallible>)
        .collect::<Vec<_>>();
    futures::executor::block_on(sse::read_events(
        futures::stream::iter(chunks),
        ReadWindow::ToEnd,
        1 << 20,
    ))
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, body)) = data.split_first() else {
        return;
    };
    let step = usize::from(step.max(1));
    let whole = read(vec![Bytes::copy_from_slice(body)]);
    let split = read(body.chunks(step).map(Bytes::copy_from_slice).collect());
    match (whole, split) {
        (Ok(whole), Ok(split)) => assert_eq!(whole, split),
        (Err(whole), Err(split)) => {
            assert!(!whole.to_string().is_empty() && !split.to_string().is_empty());
        }
        (whole, split) => panic!("split changes the outcome: {whole:?} vs {split:?}"),
    }
});
