//! The [`crate::target::RequestAuth`] adapter: a [`crate::target::Target`]
//! that signs each request with SigV4 as it is sent.
//!
//! A signature is bound to its time: the `X-Amz-Date` it was computed with,
//! whose day is also in the credential scope (AWS General Reference,
//! *Handling dates in Signature Version 4*), and which must be within the
//! service's clock skew when the request arrives. So a request is signed at
//! sending time, and each retry anew.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use http::Uri;

use super::{SigningScope, sign};
use crate::client::HttpRequest;

/// Signs every request at sending time, for a [`crate::target::Target`]:
/// a signature covers its own time, so each retry is signed anew.
pub struct SigV4Signer {
    pub credentials: Credentials,
    pub scope: SigningScope,
}

impl std::fmt::Debug for SigV4Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Signer")
            .field("access_key_id", &self.credentials.access_key_id())
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl crate::target::RequestAuth for SigV4Signer {
    fn apply(&self, mut request: HttpRequest, uri: &Uri) -> Result<HttpRequest, String> {
        sign(
            &mut request,
            uri,
            &self.credentials,
            &self.scope,
            SystemTime::now(),
        )
        .map_err(|error| error.to_string())?;
        Ok(request)
    }
}
