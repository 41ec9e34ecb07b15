//! The auth matrix: who may invoke which runtime, and what AgentCore answers
//! everyone else.
//!
//! Six runtimes stand for the authorizer configurations users deploy (five
//! `customJWTAuthorizer`s and one IAM runtime); each is called with every
//! kind of credential: none, each Cognito token shape, each broken token,
//! SigV4 right and wrong. The expected answer of each pair is stated here
//! as data, independently of the front door that emulates AgentCore, so the
//! same table judges the local emulation and the live runtime.

use std::fmt;

use crate::{
    agentcore::RuntimeArn,
    agentcore::{Authorizer, CustomClaim, CustomJwtAuthorizer},
    case::{CaseVersion, Method},
    cognito::{BadToken, MACHINE_CLIENT_ID, PUBLIC_CLIENT_ID, RESOURCE_SERVER},
};

/// The custom claim the claim-checking runtime requires, and its value.
pub const CUSTOM_CLAIM: (&str, &str) = ("department", "engineering");
/// The scope the scoped runtime requires.
pub fn invoke_scope() -> String {
    format!("{RESOURCE_SERVER}/invoke")
}
/// A scope the machine client may get that the scoped runtime does not accept.
pub fn read_scope() -> String {
    format!("{RESOURCE_SERVER}/read")
}
/// The name the advertised-scopes runtime tells clients to request for
/// [`invoke_scope`] (`advertisedScopeMapping`), shaped like an Entra ID
/// application scope, whose tokens carry a shorter name than the one
/// requested.
pub fn advertised_invoke_scope() -> String {
    format!("api://{RESOURCE_SERVER}/invoke")
}

/// A runtime configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuntimeKind {
    /// `allowedClients`: the public app client and the machine client.
    JwtClients,
    /// `allowedAudience`: the public app client (ID tokens).
    JwtAudience,
    /// `allowedClients` (machine client) and `allowedScopes` (`mcp-matrix/invoke`).
    JwtScoped,
    /// As [`RuntimeKind::JwtScoped`], with `advertisedScopeMapping`
    /// advertising `mcp-matrix/invoke` as [`advertised_invoke_scope`].
    JwtAdvertisedScopes,
    /// `allowedClients` (public client) and a custom claim.
    JwtCustomClaim,
    /// No authorizer: SigV4.
    Iam,
}

impl RuntimeKind {
    pub const ALL: [Self; 6] = [
        Self::JwtClients,
        Self::JwtAudience,
        Self::JwtScoped,
        Self::JwtAdvertisedScopes,
        Self::JwtCustomClaim,
        Self::Iam,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::JwtClients => "jwt-allowed-clients",
            Self::JwtAudience => "jwt-allowed-audience",
            Self::JwtScoped => "jwt-allowed-scopes",
            Self::JwtAdvertisedScopes => "jwt-advertised-scopes",
            Self::JwtCustomClaim => "jwt-custom-claim",
            Self::Iam => "iam",
        }
    }

    /// The runtime's ARN in the local emulation (region us-east-1).
    pub fn arn(self) -> RuntimeArn {
        let id = match self {
            Self::JwtClients => "mcp_matrix_clients-CLIENTS001",
            Self::JwtAudience => "mcp_matrix_audience-AUDIENCE01",
            Self::JwtScoped => "mcp_matrix_scoped-SCOPED0001",
            Self::JwtAdvertisedScopes => "mcp_matrix_advertised-ADVERTISED",
            Self::JwtCustomClaim => "mcp_matrix_claims-CLAIMS0001",
            Self::Iam => "mcp_matrix_iam-IAMRUNTIME",
        };
        format!("arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/{id}")
            .parse()
            .expect("the suite's runtime ARNs are valid")
    }

    /// The authorizer of the runtime, for an issuer at `discovery_url`.
    pub fn authorizer(self, discovery_url: &str) -> Authorizer {
        let jwt = |authorizer: CustomJwtAuthorizer| {
            Authorizer::CustomJwt(CustomJwtAuthorizer {
                discovery_url: discovery_url.to_owned(),
                ..authorizer
            })
        };
        match self {
            Self::JwtClients => jwt(CustomJwtAuthorizer {
                allowed_clients: vec![PUBLIC_CLIENT_ID.to_owned(), MACHINE_CLIENT_ID.to_owned()],
                ..Default::default()
            }),
            Self::JwtAudience => jwt(CustomJwtAuthorizer {
                allowed_audience: vec![PUBLIC_CLIENT_ID.to_owned()],
                ..Default::default()
            }),
            Self::JwtScoped => jwt(CustomJwtAuthorizer {
                allowed_clients: vec![MACHINE_CLIENT_ID.to_owned()],
                allowed_scopes: vec![invoke_scope()],
                ..Default::default()
            }),
            Self::JwtAdvertisedScopes => jwt(CustomJwtAuthorizer {
                allowed_clients: vec![MACHINE_CLIENT_ID.to_owned()],
                allowed_scopes: vec![invoke_scope()],
                advertised_scope_mapping: [(invoke_scope(), advertised_invoke_scope())].into(),
                ..Default::default()
            }),
            Self::JwtCustomClaim => jwt(CustomJwtAuthorizer {
                allowed_clients: vec![PUBLIC_CLIENT_ID.to_owned()],
                custom_claims: vec![CustomClaim::equals(CUSTOM_CLAIM.0, CUSTOM_CLAIM.1)],
                ..Default::default()
            }),
            Self::Iam => Authorizer::Iam,
        }
    }
}

impl fmt::Display for RuntimeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// What the caller presents.
#[derive(Debug, Clone, PartialEq)]
pub enum Credential {
    None,
    /// A Cognito user's access token from the public app client
    /// (`client_id`, `token_use=access`, no `aud`).
    AccessToken,
    /// The same user's ID token (`aud`, `token_use=id`, no `client_id`).
    IdToken,
    /// A `client_credentials` token of the machine client with the invoke scope.
    M2mWithScope,
    /// The same, with only the read scope.
    M2mWithoutScope,
    /// The same, with only [`advertised_invoke_scope`]: the name a runtime
    /// advertises, not the one it validates.
    M2mWithAdvertisedScope,
    /// The user's access token carrying the custom claim the claim runtime wants.
    AccessTokenWithClaim,
    /// A broken token, derived from the token the runtime accepts.
    Bad(BadToken),
    /// A correct SigV4 signature with the runtime's IAM credentials.
    SigV4,
    /// A SigV4 signature broken one way.
    BadSigV4(crate::auth::sigv4::BadSignature),
}

impl Credential {
    /// Every credential of the matrix.
    pub fn all() -> Vec<Self> {
        let mut all = vec![
            Self::None,
            Self::AccessToken,
            Self::IdToken,
            Self::M2mWithScope,
            Self::M2mWithoutScope,
            Self::M2mWithAdvertisedScope,
            Self::AccessTokenWithClaim,
        ];
        all.extend(
            BadToken::all(CUSTOM_CLAIM.0, "sales")
                .into_iter()
                .map(Self::Bad),
        );
        all.push(Self::SigV4);
        all.extend(
            crate::auth::sigv4::BadSignature::ALL
                .into_iter()
                .map(Self::BadSigV4),
        );
        all
    }

    pub fn slug(&self) -> String {
        match self {
            Self::None => "none".to_owned(),
            Self::AccessToken => "access-token".to_owned(),
            Self::IdToken => "id-token".to_owned(),
            Self::M2mWithScope => "m2m-token-with-scope".to_owned(),
            Self::M2mWithoutScope => "m2m-token-without-scope".to_owned(),
            Self::M2mWithAdvertisedScope => "m2m-token-with-advertised-scope".to_owned(),
            Self::AccessTokenWithClaim => "access-token-with-claim".to_owned(),
            Self::Bad(bad) => format!("bad-token-{}", bad.name().replace('_', "-")),
            Self::SigV4 => "sigv4".to_owned(),
            Self::BadSigV4(bad) => format!("bad-sigv4-{}", bad_signature_slug(*bad)),
        }
    }
}

fn bad_signature_slug(bad: crate::auth::sigv4::BadSignature) -> &'static str {
    use crate::auth::sigv4::BadSignature as B;
    match bad {
        B::WrongSecret => "wrong-secret",
        B::WrongRegion => "wrong-region",
        B::WrongService => "wrong-service",
        B::StaleDate => "stale-date",
        B::BodyChangedAfterSigning => "body-changed-after-signing",
        B::UnknownAccessKey => "unknown-access-key",
    }
}

/// The (version, method) pairs each credential is tried with. The
/// 2026-07-28 `tools/call` (whose `Mcp-Name` the front door forwards) names
/// a tool no server has: a live run sends these to the user's own runtime,
/// where a call that gets through must change nothing.
pub const PROBES: [(CaseVersion, Method); 3] = [
    (CaseVersion::V2025_06_18, Method::ToolsList),
    (CaseVersion::V2025_11_25, Method::Initialize),
    (CaseVersion::V2026_07_28, Method::ToolsCallUnknownTool),
];

/// One call of the auth matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthCase {
    pub runtime: RuntimeKind,
    pub credential: Credential,
    pub version: CaseVersion,
    pub method: Method,
}

impl AuthCase {
    pub fn all() -> Vec<Self> {
        let mut all = Vec::new();
        for runtime in RuntimeKind::ALL {
            for credential in Credential::all() {
                for (version, method) in PROBES {
                    all.push(Self {
                        runtime,
                        credential: credential.clone(),
                        version,
                        method,
                    });
                }
            }
        }
        all
    }

    /// The JSON-RPC id of the call: unique, so the container's log tells
    /// which calls reached it.
    pub fn request_id(&self) -> String {
        format!("auth/{self}")
    }

    pub fn expected(&self) -> AuthOutcome {
        expected(self.runtime, &self.credential)
    }
}

impl fmt::Display for AuthCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.runtime,
            self.credential.slug(),
            self.version,
            self.method
        )
    }
}

/// What AgentCore does with a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthOutcome {
    /// The call reaches the container; the answer is the server's.
    Forwarded,
    /// The platform refuses it; the container never sees it.
    Refused(Refusal),
}

/// How the platform refuses a call: status, exception, and a message class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub error_type: &'static str,
    /// A text the message contains.
    pub message: &'static str,
    /// Whether `WWW-Authenticate: Bearer resource_metadata=...` is sent.
    pub challenge: bool,
}

const fn refusal(status: u16, error_type: &'static str, message: &'static str) -> AuthOutcome {
    AuthOutcome::Refused(Refusal {
        status,
        error_type,
        message,
        challenge: false,
    })
}

/// "401 Unauthorized - Returned when the Authorization header is missing or
/// empty", with the resource metadata (AgentCore MCP protocol contract).
const MISSING_TOKEN: AuthOutcome = AuthOutcome::Refused(Refusal {
    status: 401,
    error_type: "UnauthorizedException",
    message: "Missing Authentication Token",
    challenge: true,
});
const METHOD_MISMATCH: AuthOutcome = refusal(
    403,
    "AccessDeniedException",
    "Authorization method mismatch",
);
const UNPARSEABLE: AuthOutcome = refusal(403, "AccessDeniedException", "Failed to parse token");
const BAD_SIGNATURE: AuthOutcome = refusal(401, "UnauthorizedException", "Invalid token signature");

const fn claim_mismatch(message: &'static str) -> AuthOutcome {
    refusal(401, "UnauthorizedException", message)
}

/// The outcome of presenting `credential` to `runtime`.
pub fn expected(runtime: RuntimeKind, credential: &Credential) -> AuthOutcome {
    use Credential as C;
    use RuntimeKind as R;
    let client_id = claim_mismatch("Claim 'client_id' value mismatch with configuration.");
    let audience = claim_mismatch("Claim 'aud' value mismatch with configuration.");
    let scope = claim_mismatch("Claim 'scope' value mismatch with configuration.");
    let custom = claim_mismatch("Claim 'department' value mismatch with configuration.");
    match (runtime, credential) {
        (R::Iam, C::None) => refusal(403, "AccessDeniedException", "Missing Authentication Token"),
        (R::Iam, C::SigV4) => AuthOutcome::Forwarded,
        (R::Iam, C::BadSigV4(bad)) => bad_signature(*bad),
        // Any bearer token on an IAM runtime, and any signature on a JWT one.
        (R::Iam, _) | (_, C::SigV4 | C::BadSigV4(_)) => METHOD_MISMATCH,

        (_, C::None | C::Bad(BadToken::EmptyBearer)) => MISSING_TOKEN,
        (_, C::Bad(BadToken::Malformed | BadToken::BadBase64 | BadToken::AlgNone)) => UNPARSEABLE,
        (
            _,
            C::Bad(
                BadToken::Hs256WithPublicKey
                | BadToken::UnknownKid
                | BadToken::OtherKeySignature
                | BadToken::TamperedPayload,
            ),
        ) => BAD_SIGNATURE,
        (_, C::Bad(BadToken::Expired)) => claim_mismatch("Token has expired"),
        (_, C::Bad(BadToken::NotYetValid)) => claim_mismatch("Token is not yet valid"),
        (_, C::Bad(BadToken::WrongIssuer)) => {
            claim_mismatch("Claim 'iss' value mismatch with configuration.")
        }
        // The broken tokens start from the token each runtime accepts; a
        // wrong client is an unknown `aud` for the audience runtime.
        (R::JwtAudience, C::Bad(BadToken::WrongClient)) => audience,
        (_, C::Bad(BadToken::WrongClient)) => client_id,
        (R::JwtCustomClaim, C::Bad(BadToken::CustomClaimMismatch { .. })) => custom,
        // No runtime but the claim runtime checks that claim.
        (_, C::Bad(BadToken::CustomClaimMismatch { .. })) => AuthOutcome::Forwarded,

        (
            R::JwtClients,
            C::AccessToken
            | C::AccessTokenWithClaim
            | C::M2mWithScope
            | C::M2mWithoutScope
            | C::M2mWithAdvertisedScope,
        ) => AuthOutcome::Forwarded,
        // The seed's failure: an ID token has `aud`, not `client_id`.
        (R::JwtClients | R::JwtScoped | R::JwtAdvertisedScopes | R::JwtCustomClaim, C::IdToken) => {
            client_id
        }
        (R::JwtAudience, C::IdToken) => AuthOutcome::Forwarded,
        // Access tokens have `client_id`, not `aud`.
        (R::JwtAudience, _) => audience,
        (R::JwtScoped | R::JwtAdvertisedScopes, C::M2mWithScope) => AuthOutcome::Forwarded,
        // `advertisedScopeMapping` renames what clients are told, not what
        // is checked: "Each key is a scope from allowedScopes that the
        // service uses for token validation" (botocore model).
        (R::JwtScoped | R::JwtAdvertisedScopes, C::M2mWithoutScope | C::M2mWithAdvertisedScope) => {
            scope
        }
        (R::JwtScoped | R::JwtAdvertisedScopes, _) => client_id,
        (R::JwtCustomClaim, C::AccessTokenWithClaim) => AuthOutcome::Forwarded,
        (R::JwtCustomClaim, C::AccessToken) => custom,
        (R::JwtCustomClaim, C::M2mWithScope | C::M2mWithoutScope | C::M2mWithAdvertisedScope) => {
            client_id
        }
    }
}

/// What AWS answers a broken SigV4 signature (InvalidSignatureException and
/// friends, as AWS services answer them).
fn bad_signature(bad: crate::auth::sigv4::BadSignature) -> AuthOutcome {
    use crate::auth::sigv4::BadSignature as B;
    match bad {
        B::WrongSecret | B::BodyChangedAfterSigning => refusal(
            403,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided",
        ),
        B::WrongRegion => refusal(
            403,
            "InvalidSignatureException",
            "Credential should be scoped to a valid region",
        ),
        B::WrongService => refusal(
            403,
            "InvalidSignatureException",
            "Credential should be scoped to correct service",
        ),
        B::StaleDate => refusal(403, "InvalidSignatureException", "Signature expired"),
        B::UnknownAccessKey => refusal(
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid",
        ),
    }
}

/// Credentials made locally: tokens minted by the emulated Cognito pool (so
/// every broken kind can be forged) and SigV4 with test IAM credentials.
pub struct LocalCredentials<'a> {
    pub idp: &'a crate::cognito::CognitoIdp,
    pub iam: aws_credential_types::Credentials,
    pub region: String,
}

/// The user every user token belongs to (one of the emulated pool's users).
pub const USER: &str = "alice";

impl LocalCredentials<'_> {
    fn user(&self) -> anyhow::Result<&crate::cognito::User> {
        self.idp
            .config()
            .user(USER)
            .ok_or_else(|| anyhow::anyhow!("the identity provider has no user {USER}"))
    }

    /// The token `runtime` accepts; broken tokens start from it.
    fn accepted_token(
        &self,
        runtime: RuntimeKind,
    ) -> anyhow::Result<crate::cognito::TokenBuilder<'_>> {
        let tokens = self.idp.tokens();
        let user = self.user()?;
        Ok(match runtime {
            RuntimeKind::JwtAudience => tokens.id_token(user, PUBLIC_CLIENT_ID),
            RuntimeKind::JwtScoped | RuntimeKind::JwtAdvertisedScopes => {
                tokens.m2m_access_token(MACHINE_CLIENT_ID, &invoke_scope())
            }
            RuntimeKind::JwtCustomClaim => tokens
                .access_token(user, PUBLIC_CLIENT_ID)
                .claim(CUSTOM_CLAIM.0, CUSTOM_CLAIM.1),
            RuntimeKind::JwtClients | RuntimeKind::Iam => {
                tokens.access_token(user, PUBLIC_CLIENT_ID)
            }
        })
    }

    /// The bearer token `case` sends, if its credential is one.
    pub fn bearer(&self, case: &AuthCase) -> anyhow::Result<Option<String>> {
        let tokens = self.idp.tokens();
        let user = self.user()?;
        let token = match &case.credential {
            Credential::AccessToken => tokens.access_token(user, PUBLIC_CLIENT_ID).sign()?,
            Credential::IdToken => tokens.id_token(user, PUBLIC_CLIENT_ID).sign()?,
            Credential::M2mWithScope => tokens
                .m2m_access_token(MACHINE_CLIENT_ID, &invoke_scope())
                .sign()?,
            Credential::M2mWithoutScope => tokens
                .m2m_access_token(MACHINE_CLIENT_ID, &read_scope())
                .sign()?,
            Credential::M2mWithAdvertisedScope => tokens
                .m2m_access_token(MACHINE_CLIENT_ID, &advertised_invoke_scope())
                .sign()?,
            Credential::AccessTokenWithClaim => tokens
                .access_token(user, PUBLIC_CLIENT_ID)
                .claim(CUSTOM_CLAIM.0, CUSTOM_CLAIM.1)
                .sign()?,
            Credential::Bad(bad) => self.accepted_token(case.runtime)?.forge(bad)?,
            Credential::None | Credential::SigV4 | Credential::BadSigV4(_) => return Ok(None),
        };
        Ok(Some(token))
    }

    /// `request` to `uri`, with the case's credential applied.
    pub fn apply(
        &self,
        case: &AuthCase,
        mut request: crate::client::HttpRequest,
        uri: &http::Uri,
    ) -> anyhow::Result<crate::client::HttpRequest> {
        use crate::auth::sigv4;
        let scope = sigv4::SigningScope::agentcore(self.region.clone());
        match &case.credential {
            Credential::SigV4 => {
                sigv4::sign(
                    &mut request,
                    uri,
                    &self.iam,
                    &scope,
                    std::time::SystemTime::now(),
                )?;
            }
            Credential::BadSigV4(bad) => {
                bad.sign(
                    &mut request,
                    uri,
                    &self.iam,
                    &scope,
                    std::time::SystemTime::now(),
                )?;
            }
            _ => {
                if let Some(token) = self.bearer(case)? {
                    request = request.with_header(
                        http::header::AUTHORIZATION,
                        http::HeaderValue::from_str(&format!("Bearer {token}"))?,
                    );
                }
            }
        }
        Ok(request)
    }
}

/// The request of `case` to the invocation `uri`: the conforming request of
/// its probe, with the auth case's own JSON-RPC id, before credentials.
pub fn request_of(case: &AuthCase, uri: &http::Uri) -> crate::client::HttpRequest {
    let probe = crate::case::Case::new(case.version, case.method, crate::case::Variant::Baseline);
    let mut request = probe.build(uri);
    if let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(&request.body)
        && let Some(object) = body.as_object_mut()
    {
        object.insert("id".to_owned(), serde_json::Value::from(case.request_id()));
        request.body = body.to_string().into();
    }
    request
}

/// The message of a refusal: `message` of an AWS error body, or the
/// JSON-RPC error's message.
pub fn refusal_message(exchange: &crate::client::Exchange) -> Option<String> {
    let crate::client::Body::Json(body) = &exchange.body else {
        return None;
    };
    body.get("message")
        .or_else(|| body.get("error").and_then(|error| error.get("message")))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// How an answer differs from the expected outcome, if it does.
pub fn check(case: &AuthCase, exchange: &crate::client::Exchange) -> Result<(), String> {
    match case.expected() {
        AuthOutcome::Refused(refusal) => {
            let mut problems = Vec::new();
            if exchange.status.as_u16() != refusal.status {
                problems.push(format!(
                    "status {} (expected {})",
                    exchange.status, refusal.status
                ));
            }
            let error_type = exchange
                .header(crate::protocol::header::AWS_ERROR_TYPE)
                .unwrap_or_default();
            if !error_type.starts_with(refusal.error_type) {
                problems.push(format!(
                    "x-amzn-ErrorType {error_type:?} (expected {})",
                    refusal.error_type
                ));
            }
            let message = refusal_message(exchange).unwrap_or_default();
            if !message.contains(refusal.message) {
                problems.push(format!(
                    "message {message:?} (expected one containing {:?})",
                    refusal.message
                ));
            }
            let challenge = exchange
                .header("www-authenticate")
                .is_some_and(|value| value.starts_with("Bearer resource_metadata=\""));
            if challenge != refusal.challenge {
                problems.push(format!(
                    "WWW-Authenticate {} (expected {})",
                    if challenge { "sent" } else { "absent" },
                    if refusal.challenge {
                        "Bearer resource_metadata=\"...\""
                    } else {
                        "none"
                    }
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        }
        AuthOutcome::Forwarded => {
            if exchange
                .header(crate::protocol::header::AWS_ERROR_TYPE)
                .is_some()
            {
                return Err(format!(
                    "refused by the platform ({} {:?}) instead of forwarded",
                    exchange.status,
                    refusal_message(exchange).unwrap_or_default()
                ));
            }
            for name in [
                crate::protocol::header::SESSION_ID,
                crate::protocol::header::RUNTIME_SESSION_ID,
            ] {
                if exchange.header(name).is_none() {
                    return Err(format!("the platform did not return {name}"));
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_runtime_once_in_order() {
        assert_all_lists_every_variant!(
            RuntimeKind::ALL,
            [
                RuntimeKind::JwtClients,
                RuntimeKind::JwtAudience,
                RuntimeKind::JwtScoped,
                RuntimeKind::JwtAdvertisedScopes,
                RuntimeKind::JwtCustomClaim,
                RuntimeKind::Iam,
            ]
        );
    }
}
