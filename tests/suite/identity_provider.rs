//! The Cognito emulator, exercised over HTTP the way a client and
//! AgentCore's authorizer use a real pool: discovery and JWKS, `InitiateAuth`,
//! the `client_credentials` grant, and every kind of bad token against a
//! correct verifier.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind, jwk::JwkSet};
use mcp_matrix::cognito::{
    BadToken, CONFIDENTIAL_CLIENT_ID, Claims, CognitoIdp, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID,
    TokenBuilder, USER_ADMIN_SCOPE, WRONG_CLIENT_ID,
    api::{AMZ_JSON, INITIATE_AUTH_TARGET},
    secret_hash,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn idp() -> CognitoIdp {
    CognitoIdp::start_default()
        .await
        .unwrap_or_else(|error| panic!("starting the Cognito emulator: {error:#}"))
}

fn secret_of(idp: &CognitoIdp, client_id: &str) -> String {
    idp.config()
        .client(client_id)
        .and_then(|client| client.secret())
        .unwrap_or_else(|| panic!("{client_id} has a secret"))
        .to_owned()
}

// ---------------------------------------------------------------------------
// Discovery and JWKS
// ---------------------------------------------------------------------------

#[tokio::test]
async fn discovery_and_jwks_have_cognito_shape() {
    let idp = idp().await;
    let http = Client::new();

    assert!(
        idp.discovery_url()
            .ends_with("/.well-known/openid-configuration")
    );
    let response = http.get(idp.discovery_url()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let discovery: Value = response.json().await.unwrap();

    let mut fields: Vec<&str> = discovery
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "authorization_endpoint",
            "id_token_signing_alg_values_supported",
            "issuer",
            "jwks_uri",
            "response_types_supported",
            "scopes_supported",
            "subject_types_supported",
            "token_endpoint",
            "token_endpoint_auth_methods_supported",
            "userinfo_endpoint",
        ]
    );
    assert_eq!(
        discovery["issuer"],
        format!("{}/{}", idp.uri(), idp.pool_id())
    );
    assert_eq!(discovery["issuer"], idp.issuer());
    assert_eq!(discovery["jwks_uri"], idp.jwks_uri());
    assert_eq!(discovery["token_endpoint"], idp.token_endpoint());
    assert_eq!(
        discovery["id_token_signing_alg_values_supported"],
        json!(["RS256"])
    );
    assert_eq!(discovery["subject_types_supported"], json!(["public"]));
    assert_eq!(
        discovery["response_types_supported"],
        json!(["code", "token"])
    );

    let jwks_uri = discovery["jwks_uri"].as_str().unwrap();
    let jwks: Value = http
        .get(jwks_uri)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(
        keys.len(),
        2,
        "Cognito publishes an ID token key and an access token key"
    );
    for key in keys {
        assert_eq!(key["kty"], "RSA");
        assert_eq!(key["alg"], "RS256");
        assert_eq!(key["use"], "sig");
        assert_eq!(key["e"], "AQAB");
        assert!(key["kid"].is_string() && key["n"].is_string());
        assert!(key.get("d").is_none(), "no private component is published");
    }
    let parsed: JwkSet = serde_json::from_value(jwks).unwrap();
    assert_eq!(parsed, idp.jwks());

    assert_eq!((idp.discovery_requests(), idp.jwks_requests()), (1, 1));
}

#[tokio::test]
async fn cognito_does_not_serve_oauth_authorization_server_metadata() {
    let idp = idp().await;
    let url = format!("{}/.well-known/oauth-authorization-server", idp.issuer());
    let response = Client::new().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------
// InitiateAuth
// ---------------------------------------------------------------------------

async fn initiate_auth(idp: &CognitoIdp, body: Value) -> (StatusCode, Value) {
    let response = Client::new()
        .post(format!("{}/", idp.uri()))
        .header("content-type", AMZ_JSON)
        .header("x-amz-target", INITIATE_AUTH_TARGET)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        AMZ_JSON,
        "AWS JSON 1.1 answers in its own content type"
    );
    (status, response.json().await.unwrap())
}

fn password_auth(client_id: &str, username: &str, password: &str) -> Value {
    json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": client_id,
        "AuthParameters": { "USERNAME": username, "PASSWORD": password },
    })
}

fn assert_cognito_error(answer: &(StatusCode, Value), kind: &str, message: &str) {
    assert_eq!(answer.0, StatusCode::BAD_REQUEST, "{}", answer.1);
    assert_eq!(answer.1, json!({ "__type": kind, "message": message }));
}

/// Decodes with the JWKS key the header's `kid` names, as a verifier must.
fn decode_with_jwks(token: &str, jwks: &JwkSet, validation: &Validation) -> Claims {
    let header = jsonwebtoken::decode_header(token).unwrap();
    let jwk = jwks.find(header.kid.as_deref().unwrap()).unwrap();
    let key = DecodingKey::from_jwk(jwk).unwrap();
    jsonwebtoken::decode::<Claims>(token, &key, validation)
        .unwrap()
        .claims
}

#[tokio::test]
async fn user_password_auth_returns_cognito_shaped_tokens() {
    let idp = idp().await;
    let alice = idp.config().user("alice").unwrap().clone();
    let (status, body) = initiate_auth(
        &idp,
        password_auth(PUBLIC_CLIENT_ID, "alice", &alice.password),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let result = &body["AuthenticationResult"];
    assert_eq!(result["ExpiresIn"], 3600);
    assert_eq!(result["TokenType"], "Bearer");
    assert_eq!(body["ChallengeParameters"], json!({}));
    assert_eq!(
        result["RefreshToken"].as_str().unwrap().split('.').count(),
        5
    );

    let jwks = idp.jwks();

    // The ID token: `aud` is the app client, `token_use` is `id`, no
    // `client_id`.
    let id_token = result["IdToken"].as_str().unwrap();
    let mut id_validation = Validation::new(Algorithm::RS256);
    id_validation.set_issuer(&[idp.issuer()]);
    id_validation.set_audience(&[PUBLIC_CLIENT_ID]);
    id_validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    let id = decode_with_jwks(id_token, &jwks, &id_validation);
    assert_eq!(id["aud"], PUBLIC_CLIENT_ID);
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], alice.email);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["sub"], alice.sub);
    assert!(!id.contains_key("client_id"));
    for claim in ["exp", "iat", "auth_time", "jti", "origin_jti"] {
        assert!(id.contains_key(claim), "ID token lacks {claim}");
    }

    // The access token: `client_id`, `token_use` access, `scope`, and no
    // `aud`.
    let access_token = result["AccessToken"].as_str().unwrap();
    let mut access_validation = Validation::new(Algorithm::RS256);
    access_validation.set_issuer(&[idp.issuer()]);
    access_validation.set_required_spec_claims(&["exp", "iss"]);
    let access = decode_with_jwks(access_token, &jwks, &access_validation);
    assert_eq!(access["client_id"], PUBLIC_CLIENT_ID);
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["scope"], USER_ADMIN_SCOPE);
    assert_eq!(access["username"], "alice");
    assert_eq!(access["sub"], alice.sub);
    assert!(!access.contains_key("aud"));
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_ne!(access["jti"], id["jti"]);

    // Two keys: the tokens name different kids.
    let id_kid = jsonwebtoken::decode_header(id_token).unwrap().kid;
    let access_kid = jsonwebtoken::decode_header(access_token).unwrap().kid;
    assert_ne!(id_kid, access_kid);
}

#[tokio::test]
async fn confidential_client_needs_the_right_secret_hash() {
    let idp = idp().await;
    let password = idp.config().user("alice").unwrap().password.clone();
    let secret = secret_of(&idp, CONFIDENTIAL_CLIENT_ID);

    let with_hash = |hash: &str| {
        let mut body = password_auth(CONFIDENTIAL_CLIENT_ID, "alice", &password);
        body["AuthParameters"]["SECRET_HASH"] = hash.into();
        body
    };

    let right = secret_hash(&secret, "alice", CONFIDENTIAL_CLIENT_ID);
    let (status, body) = initiate_auth(&idp, with_hash(&right)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["AuthenticationResult"]["AccessToken"].is_string());

    let missing = initiate_auth(
        &idp,
        password_auth(CONFIDENTIAL_CLIENT_ID, "alice", &password),
    )
    .await;
    assert_cognito_error(
        &missing,
        "NotAuthorizedException",
        &format!(
            "Client {CONFIDENTIAL_CLIENT_ID} is configured with secret but SECRET_HASH was not received"
        ),
    );

    // Right recipe, wrong inputs: another user's hash, and a hash with the
    // secret and message swapped.
    for wrong in [
        secret_hash(&secret, "bob", CONFIDENTIAL_CLIENT_ID),
        secret_hash(CONFIDENTIAL_CLIENT_ID, "alice", &secret),
        "not-base64!".to_owned(),
    ] {
        let answer = initiate_auth(&idp, with_hash(&wrong)).await;
        assert_cognito_error(
            &answer,
            "NotAuthorizedException",
            &format!("Unable to verify secret hash for client {CONFIDENTIAL_CLIENT_ID}"),
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let idp = idp().await;
    for (username, password) in [("alice", "wrong"), ("nobody", "whatever")] {
        let answer = initiate_auth(&idp, password_auth(PUBLIC_CLIENT_ID, username, password)).await;
        assert_cognito_error(
            &answer,
            "NotAuthorizedException",
            "Incorrect username or password.",
        );
    }
}

#[tokio::test]
async fn initiate_auth_rejects_bad_requests_like_cognito() {
    let idp = idp().await;

    let unknown_client = initiate_auth(&idp, password_auth("nosuchclient", "alice", "x")).await;
    assert_cognito_error(
        &unknown_client,
        "ResourceNotFoundException",
        "User pool client nosuchclient does not exist.",
    );

    let mut srp = password_auth(PUBLIC_CLIENT_ID, "alice", "x");
    srp["AuthFlow"] = "USER_SRP_AUTH".into();
    let answer = initiate_auth(&idp, srp).await;
    assert_cognito_error(
        &answer,
        "InvalidParameterException",
        "USER_SRP_AUTH flow not enabled for this client",
    );

    let mut bogus = password_auth(PUBLIC_CLIENT_ID, "alice", "x");
    bogus["AuthFlow"] = "PLAIN".into();
    let (status, body) = initiate_auth(&idp, bogus).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["__type"], "InvalidParameterException");

    let no_password = json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": PUBLIC_CLIENT_ID,
        "AuthParameters": { "USERNAME": "alice" },
    });
    assert_cognito_error(
        &initiate_auth(&idp, no_password).await,
        "InvalidParameterException",
        "Missing required parameter PASSWORD",
    );

    // Another operation, or a plain JSON content type.
    let other = Client::new()
        .post(format!("{}/", idp.uri()))
        .header("content-type", AMZ_JSON)
        .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::BAD_REQUEST);
    let body: Value = other.json().await.unwrap();
    assert_eq!(body["__type"], "UnknownOperationException");

    let plain_json = Client::new()
        .post(format!("{}/", idp.uri()))
        .header("content-type", "application/json")
        .header("x-amz-target", INITIATE_AUTH_TARGET)
        .body(password_auth(PUBLIC_CLIENT_ID, "alice", "x").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(plain_json.status(), StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------------------
// client_credentials
// ---------------------------------------------------------------------------

/// `client_id` and `client_secret` for HTTP Basic, when sent.
type Basic<'a> = Option<(&'a str, &'a str)>;

async fn client_credentials(
    idp: &CognitoIdp,
    basic: Basic<'_>,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = Client::new()
        .post(idp.token_endpoint())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn client_credentials_grants_allowed_scopes() {
    let idp = idp().await;
    let secret = secret_of(&idp, MACHINE_CLIENT_ID);
    let basic = Some((MACHINE_CLIENT_ID, secret.as_str()));

    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[idp.issuer()]);
    validation.set_required_spec_claims(&["exp", "iss"]);

    // No scope: every allowed scope.
    let (status, body) =
        client_credentials(&idp, basic, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    let claims = decode_with_jwks(
        body["access_token"].as_str().unwrap(),
        &idp.jwks(),
        &validation,
    );
    assert_eq!(claims["scope"], "mcp-matrix/invoke mcp-matrix/read");
    assert_eq!(claims["sub"], MACHINE_CLIENT_ID);
    assert_eq!(claims["client_id"], MACHINE_CLIENT_ID);
    assert_eq!(claims["token_use"], "access");
    assert!(!claims.contains_key("username"));
    assert!(!claims.contains_key("aud"));
    for claim in ["iss", "exp", "iat", "jti"] {
        assert!(claims.contains_key(claim), "M2M token lacks {claim}");
    }

    // One allowed scope.
    let (status, body) = client_credentials(
        &idp,
        basic,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "mcp-matrix/invoke"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let claims = decode_with_jwks(
        body["access_token"].as_str().unwrap(),
        &idp.jwks(),
        &validation,
    );
    assert_eq!(claims["scope"], "mcp-matrix/invoke");

    // client_secret_post works too.
    let (status, _) = client_credentials(
        &idp,
        None,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", MACHINE_CLIENT_ID),
            ("client_secret", &secret),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

/// A token request Cognito refuses, and the `error` it answers.
struct Refusal<'a> {
    case: &'a str,
    basic: Basic<'a>,
    form: Vec<(&'a str, &'a str)>,
    error: &'a str,
}

#[tokio::test]
async fn client_credentials_rejects_like_cognito() {
    let idp = idp().await;
    let secret = secret_of(&idp, MACHINE_CLIENT_ID);
    let confidential_secret = secret_of(&idp, CONFIDENTIAL_CLIENT_ID);
    let grant = ("grant_type", "client_credentials");

    let cases = [
        Refusal {
            case: "scope not allowed",
            basic: Some((MACHINE_CLIENT_ID, &secret)),
            form: vec![grant, ("scope", "mcp-matrix/invoke mcp-matrix/admin")],
            error: "invalid_scope",
        },
        Refusal {
            case: "wrong secret",
            basic: Some((MACHINE_CLIENT_ID, "wrong")),
            form: vec![grant],
            error: "invalid_client",
        },
        Refusal {
            case: "unknown client",
            basic: Some(("nosuchclient", &secret)),
            form: vec![grant],
            error: "invalid_client",
        },
        Refusal {
            case: "public client",
            basic: None,
            form: vec![grant, ("client_id", PUBLIC_CLIENT_ID)],
            error: "invalid_client",
        },
        Refusal {
            case: "client without client_credentials",
            basic: Some((CONFIDENTIAL_CLIENT_ID, &confidential_secret)),
            form: vec![grant],
            error: "unauthorized_client",
        },
        Refusal {
            case: "other grant",
            basic: Some((MACHINE_CLIENT_ID, &secret)),
            form: vec![("grant_type", "password")],
            error: "unsupported_grant_type",
        },
        Refusal {
            case: "no grant",
            basic: Some((MACHINE_CLIENT_ID, &secret)),
            form: vec![],
            error: "invalid_request",
        },
    ];
    for Refusal {
        case,
        basic,
        form,
        error,
    } in cases
    {
        let (status, body) = client_credentials(&idp, basic, &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {body}");
        assert_eq!(body, json!({ "error": error }), "{case}");
    }
}

// ---------------------------------------------------------------------------
// Bad tokens against a correct verifier
// ---------------------------------------------------------------------------

/// Why the reference verifier refused a token.
#[derive(Debug, PartialEq)]
enum Rejection {
    NoToken,
    Unparseable,
    AlgorithmNotAllowed(String),
    UnknownKid,
    BadSignature,
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    ClaimMismatch(String),
}

/// A reference verifier configured like AgentCore's `customJWTAuthorizer`:
/// RS256 only, keys from the JWKS by `kid`, exact `iss`, and
/// `allowedAudience` / `allowedClients` / one `customClaims` EQUALS rule.
struct Authorizer {
    issuer: String,
    jwks: JwkSet,
    allowed_audience: Vec<String>,
    allowed_clients: Vec<String>,
    custom_claim: Option<(String, Value)>,
}

impl Authorizer {
    fn verify(&self, token: &str) -> Result<Claims, Rejection> {
        if token.is_empty() {
            return Err(Rejection::NoToken);
        }
        let parts: Vec<&str> = token.split('.').collect();
        let [header, _, _] = parts.as_slice() else {
            return Err(Rejection::Unparseable);
        };
        let header: Value = URL_SAFE_NO_PAD
            .decode(header)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or(Rejection::Unparseable)?;
        let alg = header["alg"].as_str().unwrap_or_default();
        if alg != "RS256" {
            return Err(Rejection::AlgorithmNotAllowed(alg.to_owned()));
        }
        let kid = header["kid"].as_str().ok_or(Rejection::UnknownKid)?;
        let jwk = self.jwks.find(kid).ok_or(Rejection::UnknownKid)?;
        let key = DecodingKey::from_jwk(jwk).unwrap();

        let claims = jsonwebtoken::decode::<Claims>(token, &key, &self.validation())
            .map_err(|error| match error.kind() {
                ErrorKind::InvalidSignature => Rejection::BadSignature,
                ErrorKind::InvalidAlgorithm => Rejection::AlgorithmNotAllowed(alg.to_owned()),
                ErrorKind::ExpiredSignature => Rejection::Expired,
                ErrorKind::ImmatureSignature => Rejection::NotYetValid,
                ErrorKind::InvalidIssuer => Rejection::WrongIssuer,
                ErrorKind::InvalidAudience => Rejection::WrongAudience,
                ErrorKind::MissingRequiredClaim(claim) => Rejection::ClaimMismatch(claim.clone()),
                _ => Rejection::Unparseable,
            })?
            .claims;

        if !self.allowed_clients.is_empty() {
            let client = claims.get("client_id").and_then(Value::as_str);
            if !client.is_some_and(|client| self.allowed_clients.iter().any(|a| a == client)) {
                return Err(Rejection::ClaimMismatch("client_id".into()));
            }
        }
        if let Some((name, expected)) = &self.custom_claim
            && claims.get(name) != Some(expected)
        {
            return Err(Rejection::ClaimMismatch(name.clone()));
        }
        Ok(claims)
    }

    fn validation(&self) -> Validation {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        // `set_issuer` and `set_audience` check a claim only when it is
        // present: require them, or a token without them passes.
        let mut required = vec!["exp", "iss"];
        if self.allowed_audience.is_empty() {
            validation.validate_aud = false;
        } else {
            validation.set_audience(&self.allowed_audience);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        validation
    }
}

/// jsonwebtoken alone, given the key that signed the token: the checks it
/// does by itself.
fn jsonwebtoken_only(
    token: &str,
    builder: &TokenBuilder<'_>,
    validation: &Validation,
) -> Result<Claims, ErrorKind> {
    let key = builder.signing_key().decoding_key().unwrap();
    jsonwebtoken::decode::<Claims>(token, &key, validation)
        .map(|data| data.claims)
        .map_err(|error| error.into_kind())
}

const CUSTOM_CLAIM: &str = "custom:tier";

fn bad_tokens() -> Vec<BadToken> {
    BadToken::all(CUSTOM_CLAIM, "free")
}

/// What jsonwebtoken by itself says; `None` where it accepts the token and
/// only the verifier's own checks (JWKS lookup, `client_id`, custom claims)
/// catch it.
fn jsonwebtoken_verdict(bad: &BadToken, kind: &ErrorKind, id_token: bool) -> bool {
    match bad {
        BadToken::EmptyBearer | BadToken::Malformed => matches!(kind, ErrorKind::InvalidToken),
        BadToken::BadBase64 => matches!(kind, ErrorKind::Base64(_)),
        // Its header does not even parse: `none` is no jsonwebtoken algorithm.
        BadToken::AlgNone => matches!(kind, ErrorKind::Json(_)),
        BadToken::Hs256WithPublicKey => matches!(kind, ErrorKind::InvalidAlgorithm),
        BadToken::OtherKeySignature | BadToken::TamperedPayload => {
            matches!(kind, ErrorKind::InvalidSignature)
        }
        BadToken::Expired => matches!(kind, ErrorKind::ExpiredSignature),
        BadToken::NotYetValid => matches!(kind, ErrorKind::ImmatureSignature),
        BadToken::WrongIssuer => matches!(kind, ErrorKind::InvalidIssuer),
        BadToken::WrongClient if id_token => matches!(kind, ErrorKind::InvalidAudience),
        BadToken::UnknownKid | BadToken::WrongClient | BadToken::CustomClaimMismatch { .. } => {
            false
        }
    }
}

fn expected_rejection(bad: &BadToken, id_token: bool) -> Rejection {
    match bad {
        BadToken::EmptyBearer => Rejection::NoToken,
        BadToken::Malformed | BadToken::BadBase64 => Rejection::Unparseable,
        BadToken::AlgNone => Rejection::AlgorithmNotAllowed("none".into()),
        BadToken::Hs256WithPublicKey => Rejection::AlgorithmNotAllowed("HS256".into()),
        BadToken::UnknownKid => Rejection::UnknownKid,
        BadToken::OtherKeySignature | BadToken::TamperedPayload => Rejection::BadSignature,
        BadToken::Expired => Rejection::Expired,
        BadToken::NotYetValid => Rejection::NotYetValid,
        BadToken::WrongIssuer => Rejection::WrongIssuer,
        BadToken::WrongClient if id_token => Rejection::WrongAudience,
        BadToken::WrongClient => Rejection::ClaimMismatch("client_id".into()),
        BadToken::CustomClaimMismatch { name, .. } => Rejection::ClaimMismatch(name.clone()),
    }
}

fn check_every_bad_token(builder: &TokenBuilder<'_>, authorizer: &Authorizer, id_token: bool) {
    let valid = builder.sign().unwrap();
    authorizer
        .verify(&valid)
        .unwrap_or_else(|rejection| panic!("the valid token was refused: {rejection:?}"));
    let validation = authorizer.validation();
    jsonwebtoken_only(&valid, builder, &validation).unwrap();

    for bad in bad_tokens() {
        let token = builder.forge(&bad).unwrap();
        assert_eq!(
            authorizer.verify(&token),
            Err(expected_rejection(&bad, id_token)),
            "{}",
            bad.name()
        );
        match jsonwebtoken_only(&token, builder, &validation) {
            Err(kind) => assert!(
                jsonwebtoken_verdict(&bad, &kind, id_token),
                "{}: jsonwebtoken refused it for the wrong reason: {kind:?}",
                bad.name()
            ),
            Ok(_) => assert!(
                matches!(
                    bad,
                    BadToken::UnknownKid
                        | BadToken::WrongClient
                        | BadToken::CustomClaimMismatch { .. }
                ),
                "{}: jsonwebtoken accepted it",
                bad.name()
            ),
        }
    }
}

#[tokio::test]
async fn every_bad_m2m_token_is_refused_for_its_reason() {
    let idp = idp().await;
    let builder = idp
        .tokens()
        .m2m_access_token(MACHINE_CLIENT_ID, "mcp-matrix/invoke")
        .claim(CUSTOM_CLAIM, "pro");
    let authorizer = Authorizer {
        issuer: idp.issuer().to_owned(),
        jwks: idp.jwks(),
        allowed_audience: vec![],
        allowed_clients: vec![MACHINE_CLIENT_ID.into()],
        custom_claim: Some((CUSTOM_CLAIM.into(), "pro".into())),
    };
    check_every_bad_token(&builder, &authorizer, false);
}

#[tokio::test]
async fn every_bad_id_token_is_refused_for_its_reason() {
    let idp = idp().await;
    let alice = idp.config().user("alice").unwrap();
    let builder = idp
        .tokens()
        .id_token(alice, PUBLIC_CLIENT_ID)
        .claim(CUSTOM_CLAIM, "pro");
    let authorizer = Authorizer {
        issuer: idp.issuer().to_owned(),
        jwks: idp.jwks(),
        allowed_audience: vec![PUBLIC_CLIENT_ID.into()],
        allowed_clients: vec![],
        custom_claim: Some((CUSTOM_CLAIM.into(), "pro".into())),
    };
    check_every_bad_token(&builder, &authorizer, true);
}

#[tokio::test]
async fn hs256_with_the_public_key_fools_a_verifier_that_trusts_the_header() {
    let idp = idp().await;
    let builder = idp
        .tokens()
        .m2m_access_token(MACHINE_CLIENT_ID, "mcp-matrix/invoke");
    let token = builder.forge(&BadToken::Hs256WithPublicKey).unwrap();

    // The naive verifier: takes `alg` from the token and "the key" as bytes.
    let naive_key = DecodingKey::from_secret(builder.signing_key().public_key_pem().as_bytes());
    let mut naive = Validation::new(Algorithm::HS256);
    naive.set_required_spec_claims(&["exp"]);
    assert!(
        jsonwebtoken::decode::<Claims>(&token, &naive_key, &naive).is_ok(),
        "the forgery is a real HS256 signature over the public key"
    );

    // The correct one: the algorithm comes from configuration.
    let key = builder.signing_key().decoding_key().unwrap();
    let error = jsonwebtoken::decode::<Claims>(&token, &key, &Validation::new(Algorithm::RS256))
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidAlgorithm),
        "{error:?}"
    );
}

#[tokio::test]
async fn id_and_access_tokens_fail_each_others_checks() {
    // AgentCore's most reported auth failure: Cognito's ID token has `aud`
    // and no `client_id`, its access token the reverse.
    let idp = idp().await;
    let alice = idp.config().user("alice").unwrap();
    let sign_in = idp.tokens().sign_in(alice, PUBLIC_CLIENT_ID);
    let id_token = sign_in.id_token().sign().unwrap();
    let access_token = sign_in.access_token().sign().unwrap();

    let clients = Authorizer {
        issuer: idp.issuer().to_owned(),
        jwks: idp.jwks(),
        allowed_audience: vec![],
        allowed_clients: vec![PUBLIC_CLIENT_ID.into()],
        custom_claim: None,
    };
    assert!(clients.verify(&access_token).is_ok());
    // "Claim 'client_id' value mismatch with configuration."
    assert_eq!(
        clients.verify(&id_token),
        Err(Rejection::ClaimMismatch("client_id".into()))
    );

    let audience = Authorizer {
        allowed_audience: vec![PUBLIC_CLIENT_ID.into()],
        allowed_clients: vec![],
        ..clients
    };
    assert!(audience.verify(&id_token).is_ok());
    // "Claim 'aud' value mismatch with configuration"
    assert_eq!(
        audience.verify(&access_token),
        Err(Rejection::ClaimMismatch("aud".into()))
    );

    // The jsonwebtoken pitfall behind that last check: `set_audience` alone
    // accepts a token with no `aud` at all.
    let key = DecodingKey::from_jwk(
        idp.jwks()
            .find(
                &jsonwebtoken::decode_header(&access_token)
                    .unwrap()
                    .kid
                    .unwrap(),
            )
            .unwrap(),
    )
    .unwrap();
    let mut lax = Validation::new(Algorithm::RS256);
    lax.set_audience(&[PUBLIC_CLIENT_ID]);
    assert!(jsonwebtoken::decode::<Claims>(&access_token, &key, &lax).is_ok());
}

#[tokio::test]
async fn wrong_client_token_names_a_client_nobody_configured() {
    let idp = idp().await;
    let token = idp
        .tokens()
        .m2m_access_token(MACHINE_CLIENT_ID, "mcp-matrix/invoke")
        .forge(&BadToken::WrongClient)
        .unwrap();
    let claims: Claims = jsonwebtoken::dangerous::insecure_decode_claims(&token).unwrap();
    assert_eq!(claims["client_id"], WRONG_CLIENT_ID);
    assert!(idp.config().client(WRONG_CLIENT_ID).is_none());
}

#[tokio::test]
async fn debug_output_holds_no_secrets() {
    let idp = idp().await;
    let debug = format!("{idp:?}");
    for client in &idp.config().clients {
        if let Some(secret) = client.secret() {
            assert!(
                !debug.contains(secret),
                "{} secret in Debug",
                client.client_id
            );
        }
    }
    for user in &idp.config().users {
        assert!(
            !debug.contains(&user.password),
            "{} password in Debug",
            user.username
        );
    }
    assert!(debug.contains("<redacted>"));
}
