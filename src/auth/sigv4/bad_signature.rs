//! Bad signatures, for the verifier's negative tests: each [`BadSignature`]
//! signs an otherwise valid request with exactly one thing wrong, and names
//! the answer an AWS front door gives it.
//!
//! Each variant breaks one thing the signature covers (AWS General
//! Reference, *Signature Version 4 signing process*): the secret key the
//! signing key derives from, the credential scope's region or service, the
//! time (outside the clock skew AWS allows; IAM User Guide, *Troubleshoot
//! signed requests for AWS APIs*), the payload, or the access key id. The
//! answers are those of the verifier's table in the [module
//! documentation](super).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use http::Uri;

use super::{DEFAULT_MAX_SKEW, SigningError, SigningScope, error_type, sign};
use crate::client::HttpRequest;

/// One way a SigV4 signature can be wrong, each breaking exactly one thing
/// about an otherwise valid request. [`BadSignature::sign`] produces it; a
/// verifier that accepts it is missing exactly that check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadSignature {
    /// Signed with the right access key id but another secret key.
    ///
    /// The verifier must answer 403 `InvalidSignatureException`, "The request
    /// signature we calculated does not match the signature you provided..."
    /// ([`SIGNATURE_MISMATCH`](super::SIGNATURE_MISMATCH)): only the
    /// recomputed signature can tell.
    WrongSecret,
    /// Scoped to another region (`us-west-2`, or `us-east-1` when that is the
    /// expected one): a client configured for the wrong region.
    ///
    /// 403 `InvalidSignatureException`, "Credential should be scoped to a
    /// valid region, not 'us-west-2'. ".
    WrongRegion,
    /// Scoped to the signing name `bedrock` (Bedrock's model runtime), the
    /// likely slip when signing for AgentCore by hand.
    ///
    /// 403 `InvalidSignatureException`, "Credential should be scoped to
    /// correct service: 'bedrock-agentcore'. ".
    WrongService,
    /// Signed [`DEFAULT_MAX_SKEW`] plus one minute before `now`: a request
    /// replayed, or a client with a slow clock.
    ///
    /// 403 `InvalidSignatureException`, `Signature expired: {date} is now
    /// earlier than {now - 5 min} ({now} - 5 min.)`, against a verifier
    /// allowing the default skew.
    StaleDate,
    /// Signed, then its body changed (a trailing newline appended, which
    /// leaves the JSON meaning the same): the signature covers the payload.
    ///
    /// 403 `InvalidSignatureException` with
    /// [`SIGNATURE_MISMATCH`](super::SIGNATURE_MISMATCH): the body's
    /// hash no longer matches `x-amz-content-sha256` nor the signature.
    BodyChangedAfterSigning,
    /// Signed correctly with an access key id the verifier does not know
    /// ([`UNKNOWN_ACCESS_KEY_ID`]).
    ///
    /// 403 `UnrecognizedClientException`, "The security token included in
    /// the request is invalid.".
    UnknownAccessKey,
}

/// The access key id [`BadSignature::UnknownAccessKey`] signs with: shaped
/// like a real one (AKIA, 20 characters), in no key store.
pub const UNKNOWN_ACCESS_KEY_ID: &str = "AKIAUNKNOWNEXAMPLE00";

impl BadSignature {
    pub const ALL: [BadSignature; 6] = [
        Self::WrongSecret,
        Self::WrongRegion,
        Self::WrongService,
        Self::StaleDate,
        Self::BodyChangedAfterSigning,
        Self::UnknownAccessKey,
    ];

    /// The `x-amzn-ErrorType` a verifier must answer with (always 403).
    pub fn expected_error_type(self) -> &'static str {
        match self {
            Self::UnknownAccessKey => error_type::UNRECOGNIZED_CLIENT,
            _ => error_type::INVALID_SIGNATURE,
        }
    }

    /// Signs `request` for `uri` the bad way, with a verifier's `scope` and
    /// clock `now` as reference: as [`sign()`] would with `credentials`, except
    /// for the one thing this variant breaks.
    pub fn sign(
        self,
        request: &mut HttpRequest,
        uri: &Uri,
        credentials: &Credentials,
        scope: &SigningScope,
        now: SystemTime,
    ) -> Result<(), SigningError> {
        match self {
            Self::WrongSecret => {
                let wrong = Credentials::new(
                    credentials.access_key_id(),
                    "wrong/secret/KEYwJalrXUtnFEMI/K7MDENG+bPxRfiCY",
                    credentials.session_token().map(str::to_owned),
                    None,
                    "bad-signature",
                );
                sign(request, uri, &wrong, scope, now)
            }
            Self::WrongRegion => {
                let region = if scope.region == "us-west-2" {
                    "us-east-1"
                } else {
                    "us-west-2"
                };
                let wrong = SigningScope::new(region, scope.service.clone());
                sign(request, uri, credentials, &wrong, now)
            }
            Self::WrongService => {
                let service = if scope.service == "bedrock" {
                    crate::agentcore::SIGNING_NAME
                } else {
                    "bedrock"
                };
                let wrong = SigningScope::new(scope.region.clone(), service);
                sign(request, uri, credentials, &wrong, now)
            }
            Self::StaleDate => {
                let stale = now
                    .checked_sub(DEFAULT_MAX_SKEW + Duration::from_secs(60))
                    .unwrap_or(UNIX_EPOCH);
                sign(request, uri, credentials, scope, stale)
            }
            Self::BodyChangedAfterSigning => {
                sign(request, uri, credentials, scope, now)?;
                let mut body = request.body.to_vec();
                body.push(b'\n');
                request.body = body.into();
                Ok(())
            }
            Self::UnknownAccessKey => {
                let unknown = Credentials::new(
                    UNKNOWN_ACCESS_KEY_ID,
                    credentials.secret_access_key(),
                    None,
                    None,
                    "bad-signature",
                );
                sign(request, uri, &unknown, scope, now)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_bad_signature_once_in_order() {
        assert_all_lists_every_variant!(
            BadSignature::ALL,
            [
                BadSignature::WrongSecret,
                BadSignature::WrongRegion,
                BadSignature::WrongService,
                BadSignature::StaleDate,
                BadSignature::BodyChangedAfterSigning,
                BadSignature::UnknownAccessKey,
            ]
        );
    }
}
