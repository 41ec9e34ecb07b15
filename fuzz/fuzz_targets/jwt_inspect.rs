//! `auth::inspect::decode` and `check` on arbitrary text: no panic, and an
//! error never quotes the token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcp_matrix::{agentcore::CustomJwtAuthorizer, auth::inspect};

fuzz_target!(|text: &str| {
    match inspect::decode(text) {
        Ok(view) => {
            let authorizer = CustomJwtAuthorizer {
                discovery_url: "https://issuer.example/p/.well-known/openid-configuration".into(),
                allowed_audience: vec!["a".into()],
                allowed_clients: vec!["c".into()],
                allowed_scopes: vec!["s".into()],
                ..Default::default()
            };
            for mismatch in inspect::check(&view, &authorizer, std::time::SystemTime::now()) {
                assert!(!mismatch.problem.is_empty() && !mismatch.fix.is_empty());
            }
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            // The messages are fixed sentences (a token may well be a piece
            // of one); only the JSON parser's reason could quote the input.
            if let inspect::InspectError::Json { reason, .. } = &error {
                if text.trim().len() > 16 {
                    assert!(!reason.contains(text.trim()), "{reason}");
                }
            }
        }
    }
});
