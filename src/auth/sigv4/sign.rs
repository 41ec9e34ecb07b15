//! Signing: SigV4 the way botocore signs, with the [`aws_sigv4`] crate's
//! algorithm, and the settings and Host rules the verifier shares.
//!
//! The canonical request encodes the path twice and normalises it ("Normalize
//! URI paths according to RFC 3986 ... each path segment must be URI-encoded
//! twice", AWS General Reference, *Create a canonical request for Signature
//! Version 4*); every header present is signed except [`UNSIGNED_HEADERS`];
//! the body's SHA-256 goes in `x-amz-content-sha256`; a session token goes in
//! `x-amz-security-token`, signed ("Add the X-Amz-Security-Token header ...
//! include it in the canonical request", AWS General Reference, *Signature
//! Version 4 signing process: temporary security credentials*). The choices
//! and why are in the [module documentation](super).

use std::borrow::Cow;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, Uri};

use super::{
    SigningScope, UNSIGNED_HEADERS, X_AMZ_CONTENT_SHA256, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN,
};
use crate::client::HttpRequest;

/// Why a request could not be signed. Never quotes a secret.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(
        "cannot sign a request to {uri}: the URI has no host, so the Host header the HTTP client \
         will send is unknown; use an absolute URI or set a Host header"
    )]
    NoHost { uri: String },
    #[error(
        "cannot sign header {name}: its value is not visible ASCII, so SigV4 has no canonical form \
         for it"
    )]
    HeaderNotText { name: HeaderName },
    #[error("the signer's output for {header} is not a valid header value")]
    BadSignerOutput { header: String },
    #[error("invalid signing parameters for {region}/{service}: {reason}")]
    Params {
        region: String,
        service: String,
        reason: String,
    },
    #[error("aws-sigv4 could not sign the request to {path}")]
    Signer {
        path: String,
        #[source]
        source: aws_sigv4::http_request::SigningError,
    },
}

/// Signs `request`, to be sent to `uri`, with SigV4 the way botocore does.
///
/// Adds `x-amz-date`, `x-amz-content-sha256` (hex SHA-256 of the body),
/// `x-amz-security-token` when `credentials` carry a session token, and
/// `authorization`; earlier values of these are replaced, so signing twice
/// is harmless. Every other header present is signed except
/// [`UNSIGNED_HEADERS`], so headers added after this call are not covered.
///
/// `host` is signed but not added: the HTTP client derives Host from `uri`
/// (hyper omits the default port of the scheme), and the value signed is
/// computed the same way ([`wire_headers`]). A `host` header already in the
/// request is what will be sent, so that is what is signed.
pub fn sign(
    request: &mut HttpRequest,
    uri: &Uri,
    credentials: &Credentials,
    scope: &SigningScope,
    time: SystemTime,
) -> Result<(), SigningError> {
    let replaced = [
        AUTHORIZATION.as_str(),
        X_AMZ_DATE,
        X_AMZ_CONTENT_SHA256,
        X_AMZ_SECURITY_TOKEN,
    ];
    request
        .headers
        .retain(|(name, _)| !replaced.contains(&name.as_str()));

    let host = match request.header(&HOST) {
        Some(_) => None,
        None => Some(wire_host(uri).ok_or_else(|| SigningError::NoHost {
            uri: uri.to_string(),
        })?),
    };
    let mut signed: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let text = value
            .to_str()
            .map_err(|_| SigningError::HeaderNotText { name: name.clone() })?;
        signed.push((name.as_str(), text));
    }
    if let Some(host) = &host {
        signed.push((HOST.as_str(), host));
    }

    let excluded = UNSIGNED_HEADERS
        .iter()
        .chain(&[AUTHORIZATION.as_str()])
        .map(|name| Cow::Borrowed(*name))
        .collect();
    let settings = settings(PayloadChecksumKind::XAmzSha256, excluded);
    let path = path_and_query(uri);
    let signable = SignableRequest::new(
        request.method.as_str(),
        path,
        signed.into_iter(),
        SignableBody::Bytes(&request.body),
    )
    .map_err(|source| SigningError::Signer {
        path: path.to_owned(),
        source,
    })?;
    let (instructions, _signature) =
        run_signer(signable, credentials, scope, time, settings, path)?;

    let (headers, _params) = instructions.into_parts();
    for header in headers {
        let name = HeaderName::from_bytes(header.name().as_bytes()).map_err(|_| {
            SigningError::BadSignerOutput {
                header: header.name().to_owned(),
            }
        })?;
        let mut value =
            HeaderValue::from_str(header.value()).map_err(|_| SigningError::BadSignerOutput {
                header: header.name().to_owned(),
            })?;
        value.set_sensitive(header.sensitive());
        request.headers.push((name, value));
    }
    Ok(())
}

/// The headers a server receives for `request` sent to `uri` by
/// [`crate::client::McpClient`]: the request's own, plus the `host` hyper adds
/// when the request has none. (hyper also adds `content-length`, which
/// nothing signs.)
pub fn wire_headers(request: &HttpRequest, uri: &Uri) -> Result<HeaderMap, SigningError> {
    let mut headers = HeaderMap::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        headers.append(name.clone(), value.clone());
    }
    if !headers.contains_key(HOST) {
        let host = wire_host(uri).ok_or_else(|| SigningError::NoHost {
            uri: uri.to_string(),
        })?;
        let value = HeaderValue::from_str(&host).map_err(|_| SigningError::NoHost {
            uri: uri.to_string(),
        })?;
        headers.insert(HOST, value);
    }
    Ok(headers)
}

/// The Host header hyper's client sends for `uri`: the host, with the port
/// only when it is not the scheme's default (hyper-util's
/// `get_non_default_port`). Userinfo is never part of it.
fn wire_host(uri: &Uri) -> Option<String> {
    let host = uri.host()?;
    let secure = matches!(uri.scheme_str(), Some("https" | "wss"));
    match uri.port_u16() {
        Some(443) if secure => Some(host.to_owned()),
        Some(80) if !secure => Some(host.to_owned()),
        Some(port) => Some(format!("{host}:{port}")),
        None => Some(host.to_owned()),
    }
}

/// The path and query as sent: already percent-encoded once.
pub(super) fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query()
        .map(|pq| pq.as_str())
        .filter(|pq| pq.starts_with('/'))
        .unwrap_or("/")
}

/// The aws-sigv4 settings both ends use: botocore's double path encoding and
/// normalisation, the signature in headers, the session token signed;
/// `excluded` headers are left out of the canonical request.
pub(super) fn settings(
    payload_checksum_kind: PayloadChecksumKind,
    excluded: Vec<Cow<'static, str>>,
) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Double;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Enabled;
    settings.payload_checksum_kind = payload_checksum_kind;
    settings.signature_location = SignatureLocation::Headers;
    settings.session_token_mode = SessionTokenMode::Include;
    settings.excluded_headers = Some(excluded);
    settings
}

/// Runs aws-sigv4 over `signable` at `time`: the headers to add and the
/// signature. `path` only names the request in an error.
pub(super) fn run_signer(
    signable: SignableRequest<'_>,
    credentials: &Credentials,
    scope: &SigningScope,
    time: SystemTime,
    settings: SigningSettings,
    path: &str,
) -> Result<(aws_sigv4::http_request::SigningInstructions, String), SigningError> {
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| SigningError::Params {
            region: scope.region.clone(),
            service: scope.service.clone(),
            reason: error.to_string(),
        })?
        .into();
    let output = aws_sigv4::http_request::sign(signable, &params).map_err(|source| {
        SigningError::Signer {
            path: path.to_owned(),
            source,
        }
    })?;
    Ok(output.into_parts())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_host_omits_only_the_schemes_default_port() {
        for (uri, host) in [
            ("https://a.example/x", "a.example"),
            ("https://a.example:443/x", "a.example"),
            ("https://a.example:80/x", "a.example:80"),
            ("http://a.example:80/x", "a.example"),
            ("http://a.example:443/x", "a.example:443"),
            ("http://127.0.0.1:8000/mcp", "127.0.0.1:8000"),
            ("http://user:pw@a.example:8000/mcp", "a.example:8000"),
            ("http://[::1]:8000/mcp", "[::1]:8000"),
        ] {
            let uri: Uri = uri.parse().unwrap();
            assert_eq!(wire_host(&uri).as_deref(), Some(host), "{uri}");
        }
        assert_eq!(wire_host(&"/relative".parse().unwrap()), None);
    }
}
