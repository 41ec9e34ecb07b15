//! `--header 'Name: value'`: the user's own request, replayed.
//!
//! A failing client is most often one header away from a working one
//! (`Accept: application/json` alone gives a 406), so the doctor sends its
//! conforming requests with the user's headers on top. As with curl's `-H`,
//! `'Name:'` with no value removes the header, so a request *without*
//! `Accept` can be replayed too.

use std::str::FromStr;

use http::{HeaderName, HeaderValue};

/// One `--header`: set `name` to `value`, or remove it when `value` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderOverride {
    pub name: HeaderName,
    pub value: Option<HeaderValue>,
}

/// Why a `--header` is not usable. Never quotes a value, which may be a
/// credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error(
        "--header must be 'Name: value' (or 'Name:' to send no such header); this one has no colon"
    )]
    NoColon,
    #[error("--header {0:?}: that is not an HTTP header name")]
    BadName(String),
    #[error("--header {0:?}: the value has characters an HTTP header cannot carry")]
    BadValue(String),
}

impl FromStr for HeaderOverride {
    type Err = HeaderError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, value) = text.split_once(':').ok_or(HeaderError::NoColon)?;
        let name = name.trim();
        let name: HeaderName = name
            .parse()
            .map_err(|_| HeaderError::BadName(name.to_owned()))?;
        let value = value.trim();
        let value = if value.is_empty() {
            None
        } else {
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| HeaderError::BadValue(name.to_string()))?;
            value.set_sensitive(name == http::header::AUTHORIZATION);
            Some(value)
        };
        Ok(Self { name, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_set_or_remove() {
        let accept: HeaderOverride = "Accept: application/json".parse().unwrap();
        assert_eq!(accept.name, http::header::ACCEPT);
        assert_eq!(accept.value.unwrap(), "application/json");
        let removed: HeaderOverride = "accept:".parse().unwrap();
        assert_eq!(removed.value, None);
    }

    #[test]
    fn malformed_headers_do_not_echo_their_value() {
        let error = "Authorization Bearer secret"
            .parse::<HeaderOverride>()
            .unwrap_err();
        assert_eq!(error, HeaderError::NoColon);
        assert!(!error.to_string().contains("secret"));
        assert!(matches!(
            "bad name: x".parse::<HeaderOverride>(),
            Err(HeaderError::BadName(_))
        ));
        let error = "Authorization: secret\u{7f}"
            .parse::<HeaderOverride>()
            .unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
    }
}
