//! `auth::inspect::check` agrees with the front door's JWT authorizer.
//!
//! For every bearer credential of the auth matrix (good tokens of each
//! Cognito shape and every broken token, minted by the local Cognito pool)
//! and every `customJWTAuthorizer` runtime of the matrix, `check` reports a
//! mismatch exactly when the front door refuses the token for a claim reason
//! (`exp`, `nbf`, `iss`, `client_id`, `aud`, `scope`, a custom claim), and
//! names the claim the front door names. Tokens the front door refuses for
//! their form or signature have claims `check` accepts, or do not decode.

use aws_credential_types::Credentials;
use mcp_matrix::{
    agentcore::{Authorizer, DEFAULT_JWT_LEEWAY},
    auth::inspect,
    auth_matrix::{AuthCase, Credential, LocalCredentials, PROBES, RuntimeKind},
    cognito::CognitoIdp,
    front_door::{JwtAuthorizer, TokenRejection},
};

/// The claim a rejection is about, when it is about a claim.
fn claim_of(rejection: &TokenRejection) -> Option<&str> {
    match rejection {
        TokenRejection::Expired => Some("exp"),
        TokenRejection::NotYetValid => Some("nbf"),
        TokenRejection::ClaimMismatch(claim) => Some(claim),
        TokenRejection::Unparseable
        | TokenRejection::BadSignature
        | TokenRejection::Discovery(_) => None,
    }
}

#[tokio::test]
async fn check_reports_a_mismatch_exactly_when_the_front_door_refuses_a_claim() {
    let idp = CognitoIdp::start_default()
        .await
        .expect("identity provider");
    let credentials = LocalCredentials {
        idp: &idp,
        iam: Credentials::new("AKIDINSPECT", "unused", None, None, "token_inspect"),
        region: "us-east-1".to_owned(),
    };
    let (version, method) = PROBES[0];
    let mut compared = 0;
    let mut claim_refusals = 0;
    for runtime in RuntimeKind::ALL {
        let Authorizer::CustomJwt(config) = runtime.authorizer(&idp.discovery_url()) else {
            continue;
        };
        let front_door = JwtAuthorizer::new(config.clone(), DEFAULT_JWT_LEEWAY);
        for credential in Credential::all() {
            let case = AuthCase {
                runtime,
                credential,
                version,
                method,
            };
            let Some(token) = credentials.bearer(&case).expect("minting the token") else {
                continue;
            };
            let verdict = front_door.verify(&token).await;
            let refused_claim = verdict.as_ref().err().and_then(claim_of);
            match inspect::decode(&token) {
                Ok(view) => {
                    let mismatches = inspect::check(&view, &config, std::time::SystemTime::now());
                    let claims: Vec<&str> = mismatches.iter().map(|m| m.claim.as_str()).collect();
                    match refused_claim {
                        Some(claim) => {
                            claim_refusals += 1;
                            assert!(
                                claims.contains(&claim),
                                "{case}: the front door refuses claim {claim}, check reports {claims:?}"
                            );
                        }
                        None => assert!(
                            claims.is_empty(),
                            "{case}: the front door says {verdict:?}, check reports {mismatches:#?}"
                        ),
                    }
                    for mismatch in &mismatches {
                        assert!(!mismatch.problem.is_empty() && !mismatch.fix.is_empty());
                        assert!(
                            !mismatch.problem.contains(&token) && !mismatch.fix.contains(&token)
                        );
                    }
                }
                Err(error) => assert_eq!(
                    verdict,
                    Err(TokenRejection::Unparseable),
                    "{case}: inspect cannot decode it ({error}), the front door must not parse it"
                ),
            }
            compared += 1;
        }
    }
    // Five JWT runtimes, each with 6 good and 13 broken bearer tokens.
    assert_eq!(compared, 5 * 19);
    assert!(
        claim_refusals > 20,
        "only {claim_refusals} claim refusals compared"
    );
}
