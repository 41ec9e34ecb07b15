//! The parsers of untrusted input never panic, and every error they return
//! says what was wrong: the SSE reader (server bodies), the JWT inspector
//! (tokens users paste) and the starter toolkit file reader (user files).
//!
//! Arbitrary input checks the "never panics" half; structured generators
//! check the parsers still give the right answer: an SSE stream split into
//! arbitrary chunks parses as the unsplit stream does (the HTML standard's
//! event-stream parser is defined on the byte stream, not on its chunks),
//! and a token built from arbitrary JSON objects decodes to those objects.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use bytes::Bytes;
use mcp_matrix::{
    agentcore::{CustomClaim, CustomJwtAuthorizer},
    auth::inspect::{self, InspectError, Part},
    live::{AgentChoice, starter_toolkit},
    sse::{self, EventStream, ReadWindow, SseError},
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Reads `body`, delivered in `chunks` (lengths; the rest comes last).
fn read_sse(body: &[u8], cuts: &[usize]) -> Result<EventStream, SseError> {
    let mut pieces = Vec::new();
    let mut rest = body;
    for &cut in cuts {
        let (piece, tail) = rest.split_at(cut.min(rest.len()));
        pieces.push(Ok::<_, std::convert::Infallible>(Bytes::copy_from_slice(
            piece,
        )));
        rest = tail;
    }
    pieces.push(Ok(Bytes::copy_from_slice(rest)));
    futures::executor::block_on(sse::read_events(
        futures::stream::iter(pieces),
        ReadWindow::ToEnd,
        1 << 20,
    ))
}

/// A field value: no line breaks, no leading space (which SSE strips).
fn field_value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9{}\":,\\[\\]_.-][a-zA-Z0-9 {}\":,\\[\\]_.-]{0,20}"
}

#[derive(Debug, Clone)]
struct Event {
    name: Option<String>,
    id: Option<String>,
    data: Vec<String>,
    comment: bool,
}

fn event() -> impl Strategy<Value = Event> {
    (
        proptest::option::of("[a-z]{1,8}"),
        proptest::option::of("[0-9a-z]{1,8}"),
        proptest::collection::vec(field_value(), 1..4),
        any::<bool>(),
    )
        .prop_map(|(name, id, data, comment)| Event {
            name,
            id,
            data,
            comment,
        })
}

fn serialise(events: &[Event], eol: &str) -> String {
    let mut text = String::new();
    for event in events {
        if event.comment {
            text.push_str(&format!(": keep-alive{eol}"));
        }
        if let Some(name) = &event.name {
            text.push_str(&format!("event: {name}{eol}"));
        }
        if let Some(id) = &event.id {
            text.push_str(&format!("id: {id}{eol}"));
        }
        for line in &event.data {
            text.push_str(&format!("data: {line}{eol}"));
        }
        text.push_str(eol);
    }
    text
}

fn segment(object: &Map<String, Value>) -> String {
    URL_SAFE_NO_PAD.encode(Value::Object(object.clone()).to_string())
}

/// Arbitrary JSON, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Quarters are exact in decimal: serde_json's default float parser
        // does not round-trip every f64.
        any::<i32>().prop_map(|i| Value::from(f64::from(i) / 4.0)),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_:]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Claim sets that mix the names the authorizer reads with arbitrary values.
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    let name = prop_oneof![
        Just("exp".to_owned()),
        Just("nbf".to_owned()),
        Just("iss".to_owned()),
        Just("aud".to_owned()),
        Just("client_id".to_owned()),
        Just("scope".to_owned()),
        Just("scp".to_owned()),
        Just("token_use".to_owned()),
        Just("department".to_owned()),
        "[a-z]{1,6}",
    ];
    proptest::collection::btree_map(name, json(), 0..8).prop_map(|map| map.into_iter().collect())
}

fn authorizer() -> CustomJwtAuthorizer {
    CustomJwtAuthorizer {
        discovery_url: "https://issuer.example/pool/.well-known/openid-configuration".into(),
        allowed_audience: vec!["a".into()],
        allowed_clients: vec!["c".into()],
        allowed_scopes: vec!["s".into()],
        custom_claims: vec![CustomClaim::equals("department", "eng")],
        ..Default::default()
    }
}

const TOOLKIT_SHAPE: &str = "
default_agent: NAME
agents:
  NAME:
    aws:
      region: REGION
    authorizer_configuration:
      customJWTAuthorizer:
        discoveryUrl: https://issuer.example/pool/.well-known/openid-configuration
        allowedClients:
        - CLIENT
";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sse_never_panics_and_errors_say_why(
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..512),
            // Text, with line breaks and colons, that may split a
            // character between chunks.
            "(\\PC|[\r\n:])*".prop_map(String::into_bytes),
        ],
        cuts in proptest::collection::vec(0usize..64, 0..8),
    ) {
        // The grammar of an event stream has a reading of every text (any
        // line is a field, a comment or an empty line), and the body comes
        // whole from memory, under the size limit: the only error is that
        // it is not UTF-8, wherever the chunks are cut.
        let utf8 = std::str::from_utf8(&body).is_ok();
        match read_sse(&body, &cuts) {
            Ok(_) => prop_assert!(utf8, "a body that is not UTF-8 was read"),
            Err(SseError::Framing(reason)) => {
                prop_assert!(!utf8, "a UTF-8 body was refused: {}", reason);
                // The reason is std's `FromUtf8Error`, which names the encoding.
                prop_assert!(reason.contains("utf-8"), "{}", reason);
            }
            Err(error) => prop_assert!(false, "neither transport nor size can fail here: {}", error),
        }
    }

    #[test]
    fn sse_split_anywhere_parses_as_unsplit(
        events in proptest::collection::vec(event(), 0..6),
        eol in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        cuts in proptest::collection::vec(0usize..40, 0..10),
    ) {
        let body = serialise(&events, eol);
        let whole = read_sse(body.as_bytes(), &[]).expect("a valid stream");
        let split = read_sse(body.as_bytes(), &cuts).expect("a valid stream");
        prop_assert_eq!(&split, &whole);
        let data: Vec<String> = events.iter().map(|e| e.data.join("\n")).collect();
        let parsed: Vec<String> = whole.events.iter().map(|e| e.data.clone()).collect();
        prop_assert_eq!(parsed, data);
        for (parsed, event) in whole.events.iter().zip(&events) {
            let name = event.name.as_deref().unwrap_or("message");
            prop_assert_eq!(parsed.event.as_str(), name);
        }
    }

    #[test]
    fn decode_never_panics_and_never_quotes_the_token(text in "\\PC{0,200}") {
        match inspect::decode(&text) {
            Ok(_) => prop_assert_eq!(text.trim().matches('.').count(), 2),
            Err(error) => {
                let message = error.to_string();
                prop_assert!(
                    ["empty", "part", "header", "payload", "signature"]
                        .iter()
                        .any(|word| message.contains(word)),
                    "{}", message
                );
                // The messages are fixed sentences; only the JSON parser's
                // reason could quote the input.
                if let inspect::InspectError::Json { reason, .. } = &error
                    && text.trim().len() > 16
                {
                    prop_assert!(!reason.contains(text.trim()), "{}", reason);
                }
            }
        }
    }

    #[test]
    fn decode_of_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let chunks: Vec<&[u8]> = bytes.chunks(40).collect();
        let parts: Vec<String> = chunks.iter().map(|chunk| URL_SAFE_NO_PAD.encode(chunk)).collect();
        let is_object = |chunk: &[u8]| matches!(serde_json::from_slice(chunk), Ok(Value::Object(_)));
        // Every part is base64url, so what can be wrong is the number of
        // parts, or a part that does not decode to a JSON object; the error
        // says which, and names the part.
        match inspect::decode(&parts.join(".")) {
            Ok(_) => prop_assert!(chunks.len() == 3 && is_object(chunks[0]) && is_object(chunks[1])),
            Err(error) => {
                let message = error.to_string();
                match chunks.len() {
                    0 => prop_assert_eq!(error, InspectError::Empty),
                    3 => {
                        let part = if is_object(chunks[0]) { Part::Payload } else { Part::Header };
                        prop_assert!(
                            matches!(
                                error,
                                InspectError::Json { part: wrong, .. } | InspectError::NotObject(wrong)
                                    if wrong == part
                            ),
                            "{:?}", error
                        );
                        prop_assert!(message.contains(&part.to_string()), "{}", message);
                    }
                    count => {
                        prop_assert_eq!(&error, &InspectError::Parts(count));
                        prop_assert!(message.contains(&format!("has {count} dot-separated part(s)")), "{}", message);
                    }
                }
            }
        }
    }

    #[test]
    fn decode_returns_the_objects_it_was_given(
        header in proptest::collection::btree_map("[a-z]{1,4}", json(), 0..4),
        claims in claims(),
        signature in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let header: Map<String, Value> = header.into_iter().collect();
        let token = format!(
            "{}.{}.{}",
            segment(&header),
            segment(&claims),
            URL_SAFE_NO_PAD.encode(signature)
        );
        let view = inspect::decode(&token).expect("a well-formed token");
        prop_assert_eq!(view.header, header);
        prop_assert_eq!(view.claims, claims);
    }

    #[test]
    fn check_never_panics_and_names_each_problem(claims in claims(), now in any::<u64>()) {
        let view = inspect::decode(&format!("e30.{}.", segment(&claims))).expect("a token");
        let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(now >> 20);
        for mismatch in inspect::check(&view, &authorizer(), now) {
            prop_assert!(!mismatch.claim.is_empty());
            prop_assert!(mismatch.problem.contains(&mismatch.claim), "{:?}", mismatch);
            prop_assert!(!mismatch.fix.is_empty() && !mismatch.source.is_empty());
        }
    }

    #[test]
    fn toolkit_never_panics_and_errors_name_the_file(text in "\\PC{0,300}", agent in proptest::option::of("\\PC{0,10}")) {
        let choice = AgentChoice { agent, ..AgentChoice::default() };
        if let Err(error) = starter_toolkit::parse(&text, "/p/.bedrock_agentcore.yaml", &choice) {
            prop_assert!(error.to_string().contains("/p/.bedrock_agentcore.yaml"), "{}", error);
        }
    }

    #[test]
    fn toolkit_reads_what_it_was_given(
        name in "[a-z][a-z0-9_]{0,12}",
        region in "[a-z]{2}-[a-z]{4,9}-[1-9]",
        client in "[a-z0-9]{26}",
    ) {
        let text = TOOLKIT_SHAPE
            .replace("NAME", &name)
            .replace("REGION", &region)
            .replace("CLIENT", &client);
        let agent = starter_toolkit::parse(&text, "p", &AgentChoice::default()).expect("a valid file");
        let authorizer = agent.jwt_authorizer().expect("an authorizer").clone();
        prop_assert_eq!(agent.name, name);
        prop_assert_eq!(agent.region, Some(region));
        prop_assert_eq!(authorizer.allowed_clients, vec![client]);
    }
}
