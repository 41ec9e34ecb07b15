//! Refused credentials, live: the calls of the auth matrix that can be made
//! without the identity provider's keys, sent to the real runtime and
//! compared with the answers the local front door gives (`auth_matrix`).
//! A difference means the fidelity table is wrong for that row.
//!
//! For a runtime with a `customJWTAuthorizer`: no token, an empty bearer, the
//! real token cut short (malformed), with bad base64, re-headed `alg: none`,
//! with its payload changed (tampered), and SigV4 instead of a token. For an
//! IAM runtime: no signature, a bearer token instead, and signatures with the
//! right key id but a wrong secret, region, service or time. None of these
//! can pass, so none reaches the server.

use std::time::SystemTime;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use http::{HeaderValue, header::AUTHORIZATION};
use serde_json::Value;

use super::{Identity, LiveSettings};
use crate::{
    auth::sigv4::{self, BadSignature, SigningScope},
    auth_matrix::{self, AuthCase, AuthOutcome, Credential, RuntimeKind},
    case::{CaseVersion, Method},
    client::{Exchange, HttpRequest},
    cognito::BadToken,
    diagnosis::{CredentialCheck, Evidence, Received, SentRequest},
    outcome,
    target::Target,
};

/// One refused-credential call and its judgement.
#[derive(Debug, Clone)]
pub struct Probe {
    pub case: AuthCase,
    /// The HTTP status, 0 without an answer.
    pub status: u16,
    /// The normalised outcome line (no credential in it).
    pub outcome: String,
    /// `None` when the answer is the expected one.
    pub problem: Option<String>,
    /// The request (credentials redacted) and the answer.
    pub evidence: Evidence,
}

impl Probe {
    /// The probe as the diagnosis weighs it: a refused credential answered
    /// 2xx is a security problem, another difference a fidelity one.
    pub fn check(&self) -> CredentialCheck {
        CredentialCheck {
            call: format!(
                "{}/{}/{}",
                self.case.credential.slug(),
                self.case.version,
                self.case.method
            ),
            must_be_refused: matches!(self.case.expected(), AuthOutcome::Refused(_)),
            status: self.status,
            outcome: self.outcome.clone(),
            difference: self.problem.clone(),
            evidence: Some(self.evidence.clone()),
        }
    }
}

/// A token changed the way `bad` describes, from a real token, without any
/// key: only the breaks that need none are possible live.
fn broken(token: &str, bad: &BadToken) -> Option<String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, _signature] = parts[..] else {
        return None;
    };
    let reencode = |part: &str, edit: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut json: serde_json::Map<String, Value> =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()?;
        edit(&mut json);
        Some(URL_SAFE_NO_PAD.encode(serde_json::to_vec(&json).ok()?))
    };
    match bad {
        BadToken::EmptyBearer => Some(String::new()),
        BadToken::Malformed => Some(format!("{header}.{payload}")),
        BadToken::BadBase64 => Some(
            parts
                .iter()
                .map(|part| format!("{part}*"))
                .collect::<Vec<_>>()
                .join("."),
        ),
        BadToken::AlgNone => {
            let none = reencode(header, &|json| {
                json.insert("alg".into(), "none".into());
            })?;
            Some(format!("{none}.{payload}."))
        }
        BadToken::TamperedPayload => {
            let tampered = reencode(payload, &|json| {
                json.insert("cognito:groups".into(), serde_json::json!(["admin"]));
            })?;
            Some(format!("{header}.{tampered}.{}", parts[2]))
        }
        _ => None,
    }
}

/// The credentials probed for a runtime taking `identity`'s kind.
fn credentials(identity: &Identity) -> (RuntimeKind, Vec<Credential>) {
    match identity {
        Identity::Bearer(_) => {
            let mut all = vec![Credential::None];
            all.extend(
                [
                    BadToken::EmptyBearer,
                    BadToken::Malformed,
                    BadToken::BadBase64,
                    BadToken::AlgNone,
                    BadToken::TamperedPayload,
                ]
                .into_iter()
                .map(Credential::Bad),
            );
            all.push(Credential::SigV4);
            // Any JWT runtime answers these alike, whatever its lists.
            (RuntimeKind::JwtClients, all)
        }
        Identity::SigV4(_) => {
            let mut all = vec![Credential::None, Credential::AccessToken];
            all.extend(
                [
                    BadSignature::WrongSecret,
                    BadSignature::WrongRegion,
                    BadSignature::WrongService,
                    BadSignature::StaleDate,
                ]
                .into_iter()
                .map(Credential::BadSigV4),
            );
            (RuntimeKind::Iam, all)
        }
    }
}

/// Stand-in credentials where the probe needs some of the other kind:
/// the platform refuses the method before it looks at them.
fn stand_in_credentials() -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(
        "AKIAMCPMATRIXPROBE00",
        "not-a-secret-only-a-probe",
        None,
        None,
        "mcp-matrix-probe",
    )
}

fn request(
    settings: &LiveSettings,
    identity: &Identity,
    case: &AuthCase,
    uri: &http::Uri,
) -> Option<HttpRequest> {
    let base = auth_matrix::request_of(case, uri);
    let scope = SigningScope::agentcore(settings.region.clone());
    let bearer = |token: &str| {
        HeaderValue::from_str(&format!("Bearer {token}"))
            .ok()
            .map(|value| base.clone().with_header(AUTHORIZATION, value))
    };
    match (&case.credential, identity) {
        (Credential::None, _) => Some(base),
        (Credential::Bad(bad), Identity::Bearer(token)) => bearer(&broken(token, bad)?),
        (Credential::SigV4, _) => {
            let mut signed = base;
            sigv4::sign(
                &mut signed,
                uri,
                &stand_in_credentials(),
                &scope,
                SystemTime::now(),
            )
            .ok()?;
            Some(signed)
        }
        (Credential::AccessToken, _) => bearer("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"),
        (Credential::BadSigV4(bad), Identity::SigV4(credentials)) => {
            let mut signed = base;
            bad.sign(&mut signed, uri, credentials, &scope, SystemTime::now())
                .ok()?;
            Some(signed)
        }
        _ => None,
    }
}

fn judge(case: AuthCase, request: &HttpRequest, uri: &http::Uri, exchange: &Exchange) -> Probe {
    let id = Value::from(case.request_id());
    let mut line = outcome::summarize(exchange, std::slice::from_ref(&id));
    if let Some(message) = auth_matrix::refusal_message(exchange) {
        line.push_str(&format!(" message={message:?}"));
    }
    let problem = match case.expected() {
        AuthOutcome::Forwarded => Some("expected to be forwarded".to_owned()),
        AuthOutcome::Refused(_) => auth_matrix::check(&case, exchange).err(),
    };
    Probe {
        case,
        status: exchange.status.as_u16(),
        outcome: line,
        problem,
        evidence: Evidence {
            request: SentRequest::of(request, uri),
            response: Received::of(exchange),
        },
    }
}

/// Sends every probe for the runtime's kind (through `target`'s client and
/// pacing, but with the probe's own credentials) and judges the answers.
pub async fn run(settings: &LiveSettings, identity: &Identity, target: &Target) -> Vec<Probe> {
    let (runtime, all) = credentials(identity);
    let uri = target.client.endpoint().clone();
    let mut probes = Vec::new();
    for credential in all {
        let case = AuthCase {
            runtime,
            credential,
            version: CaseVersion::V2025_06_18,
            method: Method::ToolsList,
        };
        let Some(request) = request(settings, identity, &case, &uri) else {
            continue;
        };
        let probe = match target.client.send(&request).await {
            Ok(exchange) => judge(case, &request, &uri, &exchange),
            Err(error) => Probe {
                case,
                status: 0,
                outcome: "no answer".to_owned(),
                problem: Some(error.to_string()),
                evidence: Evidence {
                    request: SentRequest::of(&request, &uri),
                    response: Received::NoAnswer {
                        reason: error.to_string(),
                    },
                },
            },
        };
        probes.push(probe);
    }
    probes
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhIn0.c2ln";

    #[test]
    fn keyless_breaks_of_a_real_token() {
        assert_eq!(broken(TOKEN, &BadToken::EmptyBearer).unwrap(), "");
        assert_eq!(
            broken(TOKEN, &BadToken::Malformed)
                .unwrap()
                .split('.')
                .count(),
            2
        );
        assert!(broken(TOKEN, &BadToken::BadBase64).unwrap().contains('*'));
        let none = broken(TOKEN, &BadToken::AlgNone).unwrap();
        let header = none.split('.').next().unwrap();
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
        assert_eq!(header["alg"], "none");
        assert!(none.ends_with('.'));
        let tampered = broken(TOKEN, &BadToken::TamperedPayload).unwrap();
        assert_eq!(
            tampered.split('.').nth(2),
            Some("c2ln"),
            "the signature is kept"
        );
        assert_ne!(tampered.split('.').nth(1), TOKEN.split('.').nth(1));
        assert_eq!(
            broken(TOKEN, &BadToken::Expired),
            None,
            "needs the issuer's key"
        );
    }
}
