//! SigV4 for AgentCore's data plane: `sign()` agrees with botocore byte for
//! byte, `Verifier::verify()` accepts what botocore and `sign()` produce, and
//! rejects each kind of bad signature with the error AWS services answer.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use mcp_matrix::auth::sigv4::{
    self, BadSignature, DEFAULT_MAX_SKEW, SIGNATURE_MISMATCH, SigV4Rejection, SigningScope,
    UNKNOWN_ACCESS_KEY_ID, VerifiedCaller, Verifier, error_type,
};
use mcp_matrix::client::HttpRequest;

// ---------------------------------------------------------------------------
// The botocore vector
// ---------------------------------------------------------------------------
//
// Produced with botocore 1.44.5 (pip install botocore, in a throwaway venv;
// the script is not committed). It built
//
//     AWSRequest(method="POST", url=INVOCATIONS_URL, data=BODY, headers={
//         "Content-Type": "application/json",
//         "Accept": "application/json, text/event-stream",
//         "MCP-Protocol-Version": "2025-06-18",
//         "Mcp-Session-Id": SESSION_ID,
//         "User-Agent": "mcp-matrix/0.1.0",
//         "X-Amz-Content-SHA256": sha256(BODY).hexdigest(),
//     })
//
// and signed it with `botocore.auth.SigV4Auth(Credentials(ACCESS_KEY_ID,
// SECRET_KEY, token), "bedrock-agentcore", "us-east-1").add_auth(request)`,
// with `botocore.auth.get_current_datetime` patched to return
// 2026-01-15T09:30:00 (naive UTC), once without a session token and once
// with SESSION_TOKEN. X-Amz-Content-SHA256 was set by hand because plain
// SigV4Auth (unlike S3's signer) does not add it; botocore then uses its
// value as the payload hash. botocore's canonical request was:
//
//     POST
//     /runtimes/arn%253Aaws%253Abedrock-agentcore%253Aus-east-1%253A123456789012%253Aruntime%252Fmy_mcp-AbCdEf1234/invocations
//     qualifier=DEFAULT
//     accept:application/json, text/event-stream
//     content-type:application/json
//     host:bedrock-agentcore.us-east-1.amazonaws.com
//     mcp-protocol-version:2025-06-18
//     mcp-session-id:9f3c2a1e-5b7d-4c8e-a6f0-1d2e3f4a5b6c
//     x-amz-content-sha256:17b0e4fe8898d0f7b668dd1437d3078266e8d170bc490ebbb012e2bbbcd7b913
//     x-amz-date:20260115T093000Z
//     (x-amz-security-token:SESSION_TOKEN, in the second vector)
//
//     accept;content-type;host;mcp-protocol-version;mcp-session-id;x-amz-content-sha256;x-amz-date
//     17b0e4fe8898d0f7b668dd1437d3078266e8d170bc490ebbb012e2bbbcd7b913
//
// User-Agent is present but unsigned (botocore's SIGNED_HEADERS_BLACKLIST).
// The secret key is the placeholder from the AWS documentation.

const INVOCATIONS_URL: &str = "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/\
    arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmy_mcp-AbCdEf1234\
    /invocations?qualifier=DEFAULT";
const BODY: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"#;
const BODY_SHA256: &str = "17b0e4fe8898d0f7b668dd1437d3078266e8d170bc490ebbb012e2bbbcd7b913";
const SESSION_ID: &str = "9f3c2a1e-5b7d-4c8e-a6f0-1d2e3f4a5b6c";
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str =
    "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQEXAMPLE=";
/// 2026-01-15T09:30:00Z.
const SIGNED_AT_SECS: u64 = 1_768_469_400;
const BOTOCORE_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
    Credential=AKIDEXAMPLE/20260115/us-east-1/bedrock-agentcore/aws4_request, \
    SignedHeaders=accept;content-type;host;mcp-protocol-version;mcp-session-id;x-amz-content-sha256;x-amz-date, \
    Signature=359ffd4bbae4f78194cd75b10e438a8707e80ee7d74f57d843f0152d61513a0f";
const BOTOCORE_AUTHORIZATION_WITH_TOKEN: &str = "AWS4-HMAC-SHA256 \
    Credential=AKIDEXAMPLE/20260115/us-east-1/bedrock-agentcore/aws4_request, \
    SignedHeaders=accept;content-type;host;mcp-protocol-version;mcp-session-id;x-amz-content-sha256;x-amz-date;x-amz-security-token, \
    Signature=ac5c7bfbf039ccfaeb9dae23ad6dd30a229121058b80adae8b8f25518fc8ef7a";

fn signed_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(SIGNED_AT_SECS)
}

fn uri() -> Uri {
    INVOCATIONS_URL.parse().unwrap()
}

fn scope() -> SigningScope {
    SigningScope::agentcore("us-east-1")
}

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_KEY, None, None, "test")
}

fn temporary_credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY_ID,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    )
}

fn h(name: &'static str, value: &str) -> (HeaderName, HeaderValue) {
    (
        HeaderName::from_static(name),
        HeaderValue::from_str(value).unwrap(),
    )
}

/// The request of the vector, before signing.
fn mcp_request() -> HttpRequest {
    let mut request = HttpRequest::new(Method::POST).with_body(BODY);
    request.headers = vec![
        h("content-type", "application/json"),
        h("accept", "application/json, text/event-stream"),
        h("mcp-protocol-version", "2025-06-18"),
        h("mcp-session-id", SESSION_ID),
        h("user-agent", "mcp-matrix/0.1.0"),
    ];
    request
}

fn header_text<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    let name = HeaderName::from_bytes(name.as_bytes()).unwrap();
    request.header(&name).map(|value| value.to_str().unwrap())
}

/// `Verifier::verify` as a server sees `request` sent by the client to `uri`.
fn verify_at(
    request: &HttpRequest,
    credentials: &Credentials,
    now: SystemTime,
) -> Result<VerifiedCaller, SigV4Rejection> {
    let uri = uri();
    let headers = sigv4::wire_headers(request, &uri).unwrap();
    let received: Uri = uri.path_and_query().unwrap().as_str().parse().unwrap();
    let known = credentials.clone();
    Verifier::new(scope(), move |akid: &str| {
        (akid == known.access_key_id()).then(|| known.clone())
    })
    .at(now)
    .with_max_skew(DEFAULT_MAX_SKEW)
    .verify(&request.method, &received, &headers, &request.body)
}

fn signed(credentials: &Credentials) -> HttpRequest {
    let mut request = mcp_request();
    sigv4::sign(&mut request, &uri(), credentials, &scope(), signed_at()).unwrap();
    request
}

fn assert_rejected(
    result: Result<VerifiedCaller, SigV4Rejection>,
    error_type: &str,
    message_start: &str,
) -> SigV4Rejection {
    let rejection = result.expect_err("the verifier accepted a bad request");
    assert_eq!(rejection.status, StatusCode::FORBIDDEN, "{rejection}");
    assert_eq!(rejection.error_type, error_type, "{rejection}");
    assert!(
        rejection.message.starts_with(message_start),
        "expected a message starting with {message_start:?}, got {:?}",
        rejection.message
    );
    rejection
}

#[test]
fn sign_matches_botocore() {
    let request = signed(&credentials());
    assert_eq!(
        header_text(&request, "authorization"),
        Some(BOTOCORE_AUTHORIZATION)
    );
    assert_eq!(
        header_text(&request, "x-amz-date"),
        Some("20260115T093000Z")
    );
    assert_eq!(
        header_text(&request, "x-amz-content-sha256"),
        Some(BODY_SHA256)
    );
    assert_eq!(header_text(&request, "x-amz-security-token"), None);
    // The HTTP client adds Host from the URI; sign() does not.
    assert_eq!(header_text(&request, "host"), None);
}

#[test]
fn sign_matches_botocore_with_a_session_token() {
    let request = signed(&temporary_credentials());
    assert_eq!(
        header_text(&request, "authorization"),
        Some(BOTOCORE_AUTHORIZATION_WITH_TOKEN)
    );
    assert_eq!(
        header_text(&request, "x-amz-security-token"),
        Some(SESSION_TOKEN)
    );
}

/// The request exactly as botocore sent it, headers in its order.
fn botocore_request(authorization: &str, token: Option<&str>) -> HttpRequest {
    let mut request = mcp_request();
    request.headers.push(h("x-amz-content-sha256", BODY_SHA256));
    request.headers.push(h("x-amz-date", "20260115T093000Z"));
    if let Some(token) = token {
        request.headers.push(h("x-amz-security-token", token));
    }
    request.headers.push(h("authorization", authorization));
    request
}

#[test]
fn verify_accepts_botocore() {
    let now = signed_at() + Duration::from_secs(42);
    let request = botocore_request(BOTOCORE_AUTHORIZATION, None);
    let caller = verify_at(&request, &credentials(), now).unwrap();
    assert_eq!(
        caller,
        VerifiedCaller {
            access_key_id: ACCESS_KEY_ID.to_owned(),
            region: "us-east-1".to_owned(),
        }
    );

    let request = botocore_request(BOTOCORE_AUTHORIZATION_WITH_TOKEN, Some(SESSION_TOKEN));
    verify_at(&request, &temporary_credentials(), now).unwrap();
}

#[test]
fn verify_accepts_the_authorization_header_without_spaces() {
    let compact = BOTOCORE_AUTHORIZATION.replace(", ", ",");
    let request = botocore_request(&compact, None);
    verify_at(&request, &credentials(), signed_at()).unwrap();
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

#[test]
fn sign_then_verify_accepts() {
    let now = SystemTime::now();
    let mut request = mcp_request();
    sigv4::sign(&mut request, &uri(), &credentials(), &scope(), now).unwrap();
    verify_at(&request, &credentials(), now).unwrap();
}

#[test]
fn signing_twice_replaces_the_first_signature() {
    let mut request = signed(&temporary_credentials());
    sigv4::sign(
        &mut request,
        &uri(),
        &temporary_credentials(),
        &scope(),
        signed_at(),
    )
    .unwrap();
    assert_eq!(
        header_text(&request, "authorization"),
        Some(BOTOCORE_AUTHORIZATION_WITH_TOKEN)
    );
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        let count = request
            .headers
            .iter()
            .filter(|(existing, _)| existing == name)
            .count();
        assert_eq!(count, 1, "{name}");
    }
}

#[test]
fn session_token_round_trip() {
    let request = signed(&temporary_credentials());
    verify_at(&request, &temporary_credentials(), signed_at()).unwrap();

    // The store knows the key with another token: the token is checked.
    let other_token = Credentials::new(
        ACCESS_KEY_ID,
        SECRET_KEY,
        Some("another-session-token".to_owned()),
        None,
        "test",
    );
    let rejection = assert_rejected(
        verify_at(&request, &other_token, signed_at()),
        error_type::UNRECOGNIZED_CLIENT,
        "The security token included in the request is invalid",
    );
    assert!(!rejection.message.contains(SESSION_TOKEN));

    // Temporary credentials used without their token.
    assert_rejected(
        verify_at(
            &signed(&credentials()),
            &temporary_credentials(),
            signed_at(),
        ),
        error_type::UNRECOGNIZED_CLIENT,
        "The security token included in the request is invalid",
    );
}

#[test]
fn expired_temporary_credentials_are_refused() {
    let expired = Credentials::new(
        ACCESS_KEY_ID,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        Some(signed_at() - Duration::from_secs(1)),
        "test",
    );
    assert_rejected(
        verify_at(&signed(&temporary_credentials()), &expired, signed_at()),
        error_type::EXPIRED_TOKEN,
        "The security token included in the request is expired",
    );
}

#[test]
fn a_host_set_by_the_request_is_the_one_signed() {
    let mut request = mcp_request().with_header(
        header::HOST,
        HeaderValue::from_static("bedrock-agentcore.us-east-1.amazonaws.com"),
    );
    sigv4::sign(&mut request, &uri(), &credentials(), &scope(), signed_at()).unwrap();
    // Same host as the URI's, so the same signature as botocore's.
    assert_eq!(
        header_text(&request, "authorization"),
        Some(BOTOCORE_AUTHORIZATION)
    );

    let mut elsewhere =
        mcp_request().with_header(header::HOST, HeaderValue::from_static("proxy.example:8443"));
    sigv4::sign(
        &mut elsewhere,
        &uri(),
        &credentials(),
        &scope(),
        signed_at(),
    )
    .unwrap();
    assert_ne!(
        header_text(&elsewhere, "authorization"),
        Some(BOTOCORE_AUTHORIZATION)
    );
    verify_at(&elsewhere, &credentials(), signed_at()).unwrap();
}

#[test]
fn a_non_default_port_is_part_of_the_signed_host() {
    let local: Uri = "http://127.0.0.1:8080/runtimes/x/invocations"
        .parse()
        .unwrap();
    let mut request = mcp_request();
    sigv4::sign(&mut request, &local, &credentials(), &scope(), signed_at()).unwrap();
    let headers = sigv4::wire_headers(&request, &local).unwrap();
    assert_eq!(headers[header::HOST], "127.0.0.1:8080");
    let known = credentials();
    Verifier::new(scope(), move |_: &str| Some(known.clone()))
        .at(signed_at())
        .with_max_skew(DEFAULT_MAX_SKEW)
        .verify(
            &request.method,
            &"/runtimes/x/invocations".parse().unwrap(),
            &headers,
            &request.body,
        )
        .unwrap();
}

#[test]
fn headers_added_after_signing_are_ignored() {
    let mut request = signed(&credentials());
    request
        .headers
        .retain(|(name, _)| name != header::USER_AGENT);
    request.headers.push(h("user-agent", "a-proxy/2.0"));
    request.headers.push(h(
        "x-amzn-trace-id",
        "Root=1-00000000-000000000000000000000000",
    ));
    request.headers.push(h("x-forwarded-for", "203.0.113.7"));
    verify_at(&request, &credentials(), signed_at()).unwrap();
}

#[test]
fn a_signed_header_removed_fails() {
    let request = signed(&credentials()).without_header(&HeaderName::from_static("mcp-session-id"));
    let rejection = assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INVALID_SIGNATURE,
        SIGNATURE_MISMATCH,
    );
    assert!(
        rejection.message.contains("'mcp-session-id'"),
        "{rejection}"
    );
}

#[test]
fn a_signed_header_changed_fails() {
    let request = signed(&credentials()).with_header(
        HeaderName::from_static("mcp-session-id"),
        HeaderValue::from_static("another-session"),
    );
    assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INVALID_SIGNATURE,
        SIGNATURE_MISMATCH,
    );
}

// ---------------------------------------------------------------------------
// Bad signatures
// ---------------------------------------------------------------------------

#[test]
fn every_bad_signature_is_rejected_with_its_error() {
    let now = signed_at();
    for bad in BadSignature::ALL {
        let mut request = mcp_request();
        bad.sign(&mut request, &uri(), &credentials(), &scope(), now)
            .unwrap();
        let rejection =
            verify_at(&request, &credentials(), now).expect_err(&format!("{bad:?} was accepted"));
        assert_eq!(rejection.status, StatusCode::FORBIDDEN, "{bad:?}");
        assert_eq!(rejection.error_type, bad.expected_error_type(), "{bad:?}");
        let expected_message = match bad {
            BadSignature::WrongSecret | BadSignature::BodyChangedAfterSigning => {
                SIGNATURE_MISMATCH.to_owned()
            }
            BadSignature::WrongRegion => {
                "Credential should be scoped to a valid region, not 'us-west-2'. ".to_owned()
            }
            BadSignature::WrongService => {
                "Credential should be scoped to correct service: 'bedrock-agentcore'. ".to_owned()
            }
            BadSignature::StaleDate => "Signature expired: 20260115T092400Z is now earlier than \
                20260115T092500Z (20260115T093000Z - 5 min.)"
                .to_owned(),
            BadSignature::UnknownAccessKey => {
                "The security token included in the request is invalid.".to_owned()
            }
        };
        assert!(
            rejection.message.starts_with(&expected_message),
            "{bad:?}: {:?}",
            rejection.message
        );
        assert!(!rejection.message.contains(SECRET_KEY), "{bad:?}");
    }
}

#[test]
fn the_unknown_access_key_is_named_in_the_credential() {
    let mut request = mcp_request();
    BadSignature::UnknownAccessKey
        .sign(&mut request, &uri(), &credentials(), &scope(), signed_at())
        .unwrap();
    let authorization = header_text(&request, "authorization").unwrap();
    assert!(authorization.contains(&format!("Credential={UNKNOWN_ACCESS_KEY_ID}/")));
}

#[test]
fn skew_is_refused_in_both_directions() {
    let request = signed(&credentials());
    let minutes = |m: u64| Duration::from_secs(m * 60);

    // The verifier's clock is 4 minutes either side: accepted.
    verify_at(&request, &credentials(), signed_at() + minutes(4)).unwrap();
    verify_at(&request, &credentials(), signed_at() - minutes(4)).unwrap();
    // Exactly 5 minutes is still within.
    verify_at(&request, &credentials(), signed_at() + minutes(5)).unwrap();

    assert_rejected(
        verify_at(&request, &credentials(), signed_at() + minutes(6)),
        error_type::INVALID_SIGNATURE,
        "Signature expired: 20260115T093000Z is now earlier than 20260115T093100Z \
         (20260115T093600Z - 5 min.)",
    );
    assert_rejected(
        verify_at(&request, &credentials(), signed_at() - minutes(6)),
        error_type::INVALID_SIGNATURE,
        "Signature not yet current: 20260115T093000Z is still later than 20260115T092900Z \
         (20260115T092400Z + 5 min.)",
    );
}

#[test]
fn the_allowed_skew_is_the_callers() {
    let request = signed(&credentials());
    let headers = sigv4::wire_headers(&request, &uri()).unwrap();
    let known = credentials();
    let result = Verifier::new(scope(), move |_: &str| Some(known.clone()))
        .at(signed_at() + Duration::from_secs(16 * 60))
        .with_max_skew(Duration::from_secs(15 * 60))
        .verify(&request.method, &uri(), &headers, &request.body);
    assert_rejected(
        result,
        error_type::INVALID_SIGNATURE,
        "Signature expired: 20260115T093000Z is now earlier than 20260115T093100Z \
         (20260115T094600Z - 15 min.)",
    );
}

// ---------------------------------------------------------------------------
// Malformed and incomplete authorisation
// ---------------------------------------------------------------------------

fn with_authorization(value: &str) -> HttpRequest {
    signed(&credentials()).with_header(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap())
}

#[test]
fn an_unsigned_request_is_missing_its_token() {
    let request = mcp_request();
    let rejection = assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::MISSING_AUTHENTICATION_TOKEN,
        "Missing Authentication Token",
    );
    assert_eq!(
        rejection.json_body(),
        r#"{"message":"Missing Authentication Token"}"#
    );
}

#[test]
fn a_bearer_token_is_an_incomplete_signature_and_is_not_echoed() {
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";
    let rejection = assert_rejected(
        verify_at(
            &with_authorization(&format!("Bearer {token}")),
            &credentials(),
            signed_at(),
        ),
        error_type::INCOMPLETE_SIGNATURE,
        "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with \
         SHA-256 and encoded with Base64): '",
    );
    assert!(!rejection.message.contains(token));
}

#[test]
fn missing_parts_are_listed_together() {
    let request = with_authorization("AWS4-HMAC-SHA256 SignedHeaders=host")
        .without_header(&HeaderName::from_static("x-amz-date"));
    assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "Authorization header requires 'Credential' parameter. Authorization header requires \
         'Signature' parameter. Authorization header requires existence of either a \
         'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host",
    );
}

#[test]
fn a_space_inside_the_credential_is_a_part_without_equal_sign() {
    let broken = BOTOCORE_AUTHORIZATION.replace("AKIDEXAMPLE/", "AKIDEXAMPLE /");
    assert_rejected(
        verify_at(&with_authorization(&broken), &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "'/20260115/us-east-1/bedrock-agentcore/aws4_request' not a valid key=value pair \
         (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 ",
    );
}

#[test]
fn a_date_not_in_basic_format_is_incomplete() {
    let request = signed(&credentials()).with_header(
        HeaderName::from_static("x-amz-date"),
        HeaderValue::from_static("2026-01-15T09:30:00Z"),
    );
    assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "Date must be in ISO-8601 'basic format'. Got '2026-01-15T09:30:00Z'.",
    );
}

#[test]
fn host_must_be_signed() {
    let unsigned_host = BOTOCORE_AUTHORIZATION.replace(";host;", ";");
    assert_rejected(
        verify_at(
            &with_authorization(&unsigned_host),
            &credentials(),
            signed_at(),
        ),
        error_type::INVALID_SIGNATURE,
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
}

#[test]
fn only_hmac_sha256_is_supported() {
    let other = BOTOCORE_AUTHORIZATION.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256");
    assert_rejected(
        verify_at(&with_authorization(&other), &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    );
}

#[test]
fn the_credential_has_five_parts() {
    let short = BOTOCORE_AUTHORIZATION.replace("/bedrock-agentcore/", "/");
    assert_rejected(
        verify_at(&with_authorization(&short), &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "Credential must have exactly 5 slash-delimited elements, e.g. \
         keyid/date/region/service/term, got 'AKIDEXAMPLE/20260115/us-east-1/aws4_request'",
    );
}

#[test]
fn every_wrong_part_of_the_scope_is_reported_at_once() {
    let wrong = BOTOCORE_AUTHORIZATION.replace(
        "20260115/us-east-1/bedrock-agentcore/aws4_request",
        "20260114/eu-west-1/bedrock/aws5_request",
    );
    let rejection = assert_rejected(
        verify_at(&with_authorization(&wrong), &credentials(), signed_at()),
        error_type::INVALID_SIGNATURE,
        "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    );
    assert_eq!(
        rejection.message,
        "Credential should be scoped to a valid region, not 'eu-west-1'. \
         Credential should be scoped to correct service: 'bedrock-agentcore'. \
         Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. \
         Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
         HTTP: '20260114' != '20260115', from '20260115T093000Z'."
    );
}

#[test]
fn a_body_hash_header_that_lies_fails() {
    let request = signed(&credentials()).with_header(
        HeaderName::from_static("x-amz-content-sha256"),
        HeaderValue::from_static(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    );
    let rejection = assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INVALID_SIGNATURE,
        SIGNATURE_MISMATCH,
    );
    assert!(rejection.message.contains("x-amz-content-sha256"));
}

#[test]
fn a_tampered_path_or_query_fails() {
    let request = signed(&credentials());
    let headers = sigv4::wire_headers(&request, &uri()).unwrap();
    let known = credentials();
    let verifier = Verifier::new(scope(), move |_: &str| Some(known.clone()))
        .at(signed_at())
        .with_max_skew(DEFAULT_MAX_SKEW);
    for tampered in [
        "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fother-AbCdEf1234/invocations?qualifier=DEFAULT",
        "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fmy_mcp-AbCdEf1234/invocations?qualifier=PROD",
    ] {
        let result = verifier.verify(
            &Method::POST,
            &tampered.parse().unwrap(),
            &headers,
            &request.body,
        );
        assert_rejected(result, error_type::INVALID_SIGNATURE, SIGNATURE_MISMATCH);
    }
}

// ---------------------------------------------------------------------------
// Nothing secret in output
// ---------------------------------------------------------------------------

#[test]
fn no_secret_in_debug_output() {
    let request = signed(&temporary_credentials());
    let shown = format!("{request:?} {:?}", temporary_credentials());
    assert!(!shown.contains(SECRET_KEY), "{shown}");
    assert!(!shown.contains(SESSION_TOKEN), "{shown}");

    let error = sigv4::sign(
        &mut mcp_request(),
        &"/relative".parse().unwrap(),
        &temporary_credentials(),
        &scope(),
        signed_at(),
    )
    .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("no host"), "{shown}");
    assert!(!shown.contains(SECRET_KEY) && !shown.contains(SESSION_TOKEN));
}

#[test]
fn hostile_signed_header_names_are_a_mismatch_not_a_panic() {
    for names in [
        "host;bad@name;x-amz-date",
        "host;:authority;x-amz-date",
        "Host;x-amz-date",
        "host;;;x-amz-date;x-amz-date",
    ] {
        let authorization = BOTOCORE_AUTHORIZATION.replace(
            "accept;content-type;host;mcp-protocol-version;mcp-session-id;x-amz-content-sha256;x-amz-date",
            names,
        );
        let request = with_authorization(&authorization);
        assert_rejected(
            verify_at(&request, &credentials(), signed_at()),
            error_type::INVALID_SIGNATURE,
            SIGNATURE_MISMATCH,
        );
    }
}

#[test]
fn an_authorization_that_is_not_text_is_not_sigv4() {
    let authorization = BOTOCORE_AUTHORIZATION.replace(";host;", ";h\u{f4}te;");
    let request = signed(&credentials()).with_header(
        header::AUTHORIZATION,
        HeaderValue::from_bytes(authorization.as_bytes()).unwrap(),
    );
    assert_rejected(
        verify_at(&request, &credentials(), signed_at()),
        error_type::INCOMPLETE_SIGNATURE,
        "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with",
    );
}
