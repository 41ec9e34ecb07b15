//! [`HeaderAllowlist`]: which of a caller's request headers AgentCore passes
//! to the runtime's container, `requestHeaderConfiguration
//! .requestHeaderAllowlist` of `CreateAgentRuntime`, validated as the
//! service validates it.
//!
//! Sources: the botocore model `bedrock-agentcore-control/2023-06-05`
//! (`RequestHeaderAllowlist`: 1 to 20 `HeaderName`s, each
//! `[A-Za-z][A-Za-z0-9_-]{0,255}`) and the developer guide, *Pass custom
//! headers to Amazon Bedrock AgentCore Runtime* (`runtime-header-allowlist`):
//! no `x-amz-*`; no `x-amzn-*` except `X-Amzn-Bedrock-AgentCore-Runtime-Custom-*`;
//! none of its restricted headers; `Authorization` only on a runtime with a
//! `customJWTAuthorizer`; names are case-insensitive and none may repeat;
//! each value at most 4KB.

use axum::http::HeaderName;

use super::Authorizer;

/// The prefix of the headers AgentCore first allowed ("continue to be
/// supported for backward compatibility"), the only `x-amzn-*` ones that
/// may be allowlisted.
pub const CUSTOM_HEADER_PREFIX: &str = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-";

/// "Up to 20 headers can be configured per runtime" (and the model's `max`).
pub const MAX_ALLOWLISTED_HEADERS: usize = 20;

/// "Header value is not greater than 4KB in size"; read as 4096 bytes.
pub const MAX_HEADER_VALUE_BYTES: usize = 4096;

/// The guide's restricted headers, by its category. The HTTP/2
/// pseudo-headers it also lists (`:method`, ...) are not header names by
/// the model's pattern, so they fail that check first.
const RESTRICTED: &[(&str, &[&str])] = &[
    (
        "Authentication & Authorization",
        &["Proxy-Authorization", "WWW-Authenticate"],
    ),
    (
        "Content Negotiation",
        &[
            "Accept",
            "Accept-Charset",
            "Accept-Encoding",
            "Accept-Language",
            "Content-Type",
            "Content-Length",
            "Content-Encoding",
            "Content-Language",
            "Content-Location",
            "Content-Range",
        ],
    ),
    (
        "Caching",
        &[
            "Cache-Control",
            "ETag",
            "Expires",
            "If-Match",
            "If-Modified-Since",
            "If-None-Match",
            "If-Range",
            "If-Unmodified-Since",
            "Last-Modified",
            "Pragma",
            "Vary",
        ],
    ),
    (
        "Connection Management",
        &["Connection", "Keep-Alive", "Proxy-Connection", "Upgrade"],
    ),
    (
        "Request Context",
        &["Host", "User-Agent", "Referer", "From"],
    ),
    (
        "Range / Transfer",
        &[
            "Range",
            "Accept-Ranges",
            "Transfer-Encoding",
            "TE",
            "Trailer",
        ],
    ),
    (
        "Server Information",
        &["Server", "Date", "Location", "Retry-After"],
    ),
    ("Cookies", &["Set-Cookie", "Cookie"]),
    (
        "Security",
        &[
            "Content-Security-Policy",
            "Content-Security-Policy-Report-Only",
            "Strict-Transport-Security",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "X-XSS-Protection",
            "Referrer-Policy",
            "Permissions-Policy",
            "Cross-Origin-Embedder-Policy",
            "Cross-Origin-Opener-Policy",
            "Cross-Origin-Resource-Policy",
        ],
    ),
    (
        "CORS",
        &[
            "Access-Control-Allow-Origin",
            "Access-Control-Allow-Methods",
            "Access-Control-Allow-Headers",
            "Access-Control-Allow-Credentials",
            "Access-Control-Expose-Headers",
            "Access-Control-Max-Age",
            "Access-Control-Request-Method",
            "Access-Control-Request-Headers",
            "Origin",
        ],
    ),
    (
        "Client Hints",
        &[
            "Accept-CH",
            "Accept-CH-Lifetime",
            "DPR",
            "Width",
            "Viewport-Width",
            "Downlink",
            "ECT",
            "RTT",
            "Save-Data",
        ],
    ),
    (
        "Experimental / Proposed",
        &[
            "Clear-Site-Data",
            "Feature-Policy",
            "Expect-CT",
            "Public-Key-Pins",
            "Public-Key-Pins-Report-Only",
        ],
    ),
    (
        "Proxy",
        &[
            "Via",
            "Forwarded",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "X-Forwarded-Proto",
            "X-Real-IP",
            "X-Requested-With",
            "X-CSRF-Token",
        ],
    ),
    (
        "IP Spoofing / URL Manipulation",
        &[
            "True-Client-IP",
            "X-Client-IP",
            "X-Cluster-Client-IP",
            "X-Originating-IP",
            "X-Source-IP",
            "X-Original-URL",
            "X-Original-Host",
            "X-Rewrite-URL",
        ],
    ),
    (
        "CDN / Proxy",
        &[
            "CF-Ray",
            "CF-Connecting-IP",
            "X-Amz-Cf-Id",
            "X-Cache",
            "X-Served-By",
        ],
    ),
    ("Server Push", &["Link"]),
    (
        "WebSocket",
        &[
            "Sec-WebSocket-Key",
            "Sec-WebSocket-Accept",
            "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Extensions",
        ],
    ),
];

/// Why an allowlist would be refused by `CreateAgentRuntime`: one rule of
/// the guide or the model each, naming the header and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderAllowlistError {
    #[error(
        "requestHeaderAllowlist is empty: list 1 to {MAX_ALLOWLISTED_HEADERS} header names, or \
         leave requestHeaderConfiguration out"
    )]
    Empty,
    #[error(
        "requestHeaderAllowlist lists {0} headers; AgentCore allows at most \
         {MAX_ALLOWLISTED_HEADERS} per runtime"
    )]
    TooMany(usize),
    #[error(
        "{0:?} is not a header name AgentCore accepts: a letter, then at most 255 letters, \
         digits, '-' or '_'"
    )]
    InvalidName(String),
    #[error("{name} cannot be allowlisted: AgentCore restricts it ({category} headers)")]
    Restricted {
        name: String,
        category: &'static str,
    },
    #[error("{0} cannot be allowlisted: x-amz-* headers are reserved for AWS request signing")]
    AmzPrefix(String),
    #[error(
        "{0} cannot be allowlisted: x-amzn-* headers are reserved, except those starting with \
         {CUSTOM_HEADER_PREFIX}"
    )]
    AmznPrefix(String),
    #[error(
        "Authorization can be allowlisted only on a runtime with a customJWTAuthorizer; this \
         runtime takes SigV4 (IAM)"
    )]
    AuthorizationWithoutJwt,
    #[error("{again} repeats {first}: header names are case-insensitive, list each once")]
    Duplicate { first: String, again: String },
}

/// A validated `requestHeaderAllowlist`: 1 to 20 distinct header names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderAllowlist {
    /// Lower-cased, as HTTP compares them.
    names: Vec<HeaderName>,
}

impl HeaderAllowlist {
    /// Validates `names` for a runtime with `authorizer`; the first broken
    /// rule is the error.
    pub fn new<I>(names: I, authorizer: &Authorizer) -> Result<Self, HeaderAllowlistError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let given: Vec<String> = names
            .into_iter()
            .map(|name| name.as_ref().to_owned())
            .collect();
        if given.is_empty() {
            return Err(HeaderAllowlistError::Empty);
        }
        if given.len() > MAX_ALLOWLISTED_HEADERS {
            return Err(HeaderAllowlistError::TooMany(given.len()));
        }
        let mut names: Vec<HeaderName> = Vec::with_capacity(given.len());
        for (index, name) in given.iter().enumerate() {
            let header = check_name(name, authorizer)?;
            if let Some(first) = names.iter().position(|known| *known == header) {
                return Err(HeaderAllowlistError::Duplicate {
                    first: given[first].clone(),
                    again: given[index].clone(),
                });
            }
            names.push(header);
        }
        Ok(Self { names })
    }

    /// The allowlisted names, lower-cased, in the order given.
    pub fn names(&self) -> &[HeaderName] {
        &self.names
    }
}

/// One name against every rule that concerns a single name.
fn check_name(name: &str, authorizer: &Authorizer) -> Result<HeaderName, HeaderAllowlistError> {
    let mut chars = name.chars();
    let pattern = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 256;
    if !pattern {
        return Err(HeaderAllowlistError::InvalidName(name.to_owned()));
    }
    if let Some((category, _)) = RESTRICTED
        .iter()
        .find(|(_, names)| names.iter().any(|r| r.eq_ignore_ascii_case(name)))
    {
        return Err(HeaderAllowlistError::Restricted {
            name: name.to_owned(),
            category,
        });
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("x-amz-") {
        return Err(HeaderAllowlistError::AmzPrefix(name.to_owned()));
    }
    if lower.starts_with("x-amzn-")
        && !lower.starts_with(&CUSTOM_HEADER_PREFIX.to_ascii_lowercase())
    {
        return Err(HeaderAllowlistError::AmznPrefix(name.to_owned()));
    }
    if lower == "authorization" && matches!(authorizer, Authorizer::Iam) {
        return Err(HeaderAllowlistError::AuthorizationWithoutJwt);
    }
    // Letters, digits, '-' and '_' are all token characters (RFC 9110
    // §5.6.2), so the checked name is a header name.
    HeaderName::from_bytes(lower.as_bytes())
        .map_err(|_| HeaderAllowlistError::InvalidName(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentcore::CustomJwtAuthorizer;

    fn jwt() -> Authorizer {
        Authorizer::CustomJwt(CustomJwtAuthorizer::default())
    }

    fn error(names: &[&str], authorizer: &Authorizer) -> String {
        HeaderAllowlist::new(names, authorizer)
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn accepts_custom_headers_the_legacy_prefix_and_authorization_on_jwt_runtimes() {
        let allowlist = HeaderAllowlist::new(
            [
                "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant",
                "x-amzn-bedrock-agentcore-runtime-custom-userid",
                "X-Custom-Signature",
                "X_Api_Key",
                "Authorization",
                "Mcp-Session-Id",
            ],
            &jwt(),
        )
        .expect("valid");
        assert_eq!(
            allowlist.names()[0],
            "x-amzn-bedrock-agentcore-runtime-custom-tenant"
        );
        assert_eq!(allowlist.names().len(), 6);
        let twenty: Vec<String> = (0..20).map(|i| format!("X-Header-{i}")).collect();
        assert!(HeaderAllowlist::new(&twenty, &Authorizer::Iam).is_ok());
        assert!(HeaderAllowlist::new([&"A".repeat(256)], &Authorizer::Iam).is_ok());
    }

    #[test]
    fn the_list_has_1_to_20_names() {
        let none: [&str; 0] = [];
        assert!(error(&none, &jwt()).contains("is empty"));
        let many: Vec<String> = (0..21).map(|i| format!("X-Header-{i}")).collect();
        let error = HeaderAllowlist::new(&many, &jwt()).unwrap_err();
        assert_eq!(error, HeaderAllowlistError::TooMany(21));
        assert!(error.to_string().contains("at most 20"));
    }

    #[test]
    fn names_follow_the_model_pattern() {
        for bad in [
            "",
            "1-Header",
            "-Header",
            "X-Custom-*",
            "X Header",
            ":path",
            "X.Header",
            &"A".repeat(257),
        ] {
            assert!(
                matches!(
                    HeaderAllowlist::new([bad], &jwt()),
                    Err(HeaderAllowlistError::InvalidName(_))
                ),
                "{bad:?}"
            );
        }
        assert!(error(&["X-Custom-*"], &jwt()).contains("a letter, then"));
    }

    #[test]
    fn amz_and_amzn_prefixes_are_reserved_but_the_custom_prefix() {
        assert!(error(&["X-Amz-Date"], &jwt()).contains("reserved for AWS request signing"));
        assert!(error(&["x-amz-security-token"], &jwt()).contains("x-amz-*"));
        assert!(
            error(&["X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"], &jwt())
                .contains("except those starting with X-Amzn-Bedrock-AgentCore-Runtime-Custom-")
        );
        assert!(error(&["X-Amzn-Trace-Id"], &jwt()).contains("x-amzn-*"));
        // The prefix alone (nothing after it) still has the prefix.
        assert!(
            HeaderAllowlist::new([CUSTOM_HEADER_PREFIX.trim_end_matches('-')], &jwt()).is_err()
        );
    }

    #[test]
    fn restricted_headers_name_their_category() {
        for (name, category) in [
            ("Cookie", "Cookies"),
            ("content-type", "Content Negotiation"),
            ("X-Forwarded-For", "Proxy"),
            ("Host", "Request Context"),
            ("WWW-Authenticate", "Authentication & Authorization"),
            ("Sec-WebSocket-Key", "WebSocket"),
            ("X-Amz-Cf-Id", "CDN / Proxy"),
        ] {
            assert_eq!(
                HeaderAllowlist::new([name], &jwt()),
                Err(HeaderAllowlistError::Restricted {
                    name: name.to_owned(),
                    category
                })
            );
        }
        assert_eq!(
            error(&["Cookie"], &jwt()),
            "Cookie cannot be allowlisted: AgentCore restricts it (Cookies headers)"
        );
    }

    #[test]
    fn authorization_needs_a_jwt_authorizer() {
        assert_eq!(
            HeaderAllowlist::new(["authorization"], &Authorizer::Iam),
            Err(HeaderAllowlistError::AuthorizationWithoutJwt)
        );
        assert!(error(&["Authorization"], &Authorizer::Iam).contains("customJWTAuthorizer"));
    }

    #[test]
    fn duplicates_are_found_case_insensitively() {
        assert_eq!(
            HeaderAllowlist::new(["X-Tenant", "X-Api-Key", "x-tenant"], &jwt()),
            Err(HeaderAllowlistError::Duplicate {
                first: "X-Tenant".to_owned(),
                again: "x-tenant".to_owned()
            })
        );
        assert!(error(&["X-Tenant", "X-TENANT"], &jwt()).contains("case-insensitive"));
    }
}
