//! The HTTP request of a case: the conforming request of its version and
//! message, then the one header its variant changes.

use http::{HeaderName, HeaderValue, Uri, header};
use serde_json::{Value, json};

use super::{Case, Method, Variant, mismatched_version};
use crate::{client::HttpRequest, message, protocol};

impl Case {
    /// The conforming `MCP-Protocol-Version` value. A handshake `initialize`
    /// states the version it offers (the header names the version the
    /// client speaks); every other request states the case's version.
    fn protocol_version_value(&self) -> &'static str {
        match self.initialize_offer() {
            Some(offer) if !self.version.is_modern_style() => offer,
            _ => self.version.wire(),
        }
    }

    /// `params` of the case's request: its subject's, or the suite's own
    /// for the methods that address something the target does not have.
    fn params(&self) -> Option<Value> {
        if let Some(subject) = &self.subject {
            return Some(subject.params().clone());
        }
        Some(match self.method {
            Method::ToolsCallUnknownTool => {
                json!({ "name": Method::UNKNOWN_TOOL, "arguments": {} })
            }
            Method::ResourcesReadUnknown => json!({ "uri": Method::UNKNOWN_RESOURCE }),
            Method::PromptsGetUnknown => json!({ "name": Method::UNKNOWN_PROMPT }),
            _ => return None,
        })
    }

    /// The JSON-RPC message of the case, before the 2026-07-28 envelope.
    fn message(&self) -> Option<Value> {
        let id = self.request_id().unwrap_or(Value::Null);
        if let Some(offer) = self.initialize_offer() {
            return Some(message::initialize(id, offer));
        }
        match self.method {
            Method::Initialized => Some(message::initialized()),
            Method::ClientResponse => {
                Some(json!({ "jsonrpc": "2.0", "id": self.to_string(), "result": {} }))
            }
            _ => {
                let mut message = message::request(id.clone(), self.rpc_method()?);
                if let Some(params) = self.params() {
                    message["params"] = params;
                }
                // A valid call asks for progress, as clients that show it
                // do (basic/utilities/progress): the token is the case id.
                if self.method == Method::ToolsCall
                    && let Some(params) = message["params"].as_object_mut()
                {
                    params.insert(
                        "_meta".to_owned(),
                        json!({ protocol::meta::PROGRESS_TOKEN: id }),
                    );
                }
                Some(message)
            }
        }
    }

    fn envelope(&self, message: Value) -> Value {
        if self.version.is_modern_style() {
            message::with_envelope(message, self.version.wire())
        } else {
            message
        }
    }

    /// The body of the case's request.
    fn body(&self) -> Vec<u8> {
        match self.method {
            // Cut off in the middle, so no parser can accept it.
            Method::NotJson => br#"{"jsonrpc": "2.0", "id": 1, "method": "#.to_vec(),
            Method::NotJsonRpc => br#"{"hello": "world"}"#.to_vec(),
            Method::Batch => {
                let requests: Vec<Value> = self
                    .batch_ids()
                    .into_iter()
                    .map(|id| self.envelope(message::request(id, "tools/list")))
                    .collect();
                Value::Array(requests).to_string().into_bytes()
            }
            Method::ClientResponse => self
                .message()
                .map(|m| m.to_string())
                .unwrap_or_default()
                .into_bytes(),
            _ => self
                .message()
                .map(|message| self.envelope(message).to_string().into_bytes())
                .unwrap_or_default(),
        }
    }

    /// The HTTP request of the case, addressed to `endpoint` (whose
    /// authority the local Host and Origin variants use).
    pub fn build(&self, endpoint: &Uri) -> HttpRequest {
        let request = HttpRequest::new(self.method.http_method());
        let version = self.protocol_version_value();
        let request = match self.method {
            Method::GetStream => message::with_protocol_version(
                request.with_header(
                    header::ACCEPT,
                    HeaderValue::from_static(protocol::media::EVENT_STREAM),
                ),
                version,
            ),
            Method::Delete => message::with_protocol_version(request, version),
            _ => {
                let mirrored = self
                    .message()
                    .filter(|_| self.version.is_modern_style() && self.method.has_rpc_method());
                message::with_post_headers(
                    request.with_body(self.body()),
                    version,
                    mirrored.as_ref(),
                )
            }
        };
        self.apply_variant(request, endpoint)
    }

    fn apply_variant(&self, request: HttpRequest, endpoint: &Uri) -> HttpRequest {
        let port = endpoint
            .port_u16()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        let set = |request: HttpRequest, name: HeaderName, value: &str| {
            request.with_header(name, header_value(value))
        };
        match self.variant {
            Variant::Baseline => request,
            Variant::AcceptJsonOnly => set(request, header::ACCEPT, protocol::media::JSON),
            Variant::AcceptSseOnly => set(request, header::ACCEPT, protocol::media::EVENT_STREAM),
            Variant::AcceptAny => set(request, header::ACCEPT, "*/*"),
            Variant::AcceptMissing => request.without_header(&header::ACCEPT),
            Variant::AcceptQValues => set(request, header::ACCEPT, Variant::ACCEPT_Q_VALUES),
            Variant::ContentTypeCharset => set(
                request,
                header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            ),
            Variant::ContentTypeTextPlain => set(request, header::CONTENT_TYPE, "text/plain"),
            Variant::ContentTypeMissing => request.without_header(&header::CONTENT_TYPE),
            Variant::ProtocolVersionMissing => request.without_header(&protocol_version_header()),
            Variant::ProtocolVersionMismatched => set(
                request,
                protocol_version_header(),
                mismatched_version(self.version),
            ),
            Variant::ProtocolVersionMalformed => set(
                request,
                protocol_version_header(),
                Variant::MALFORMED_VERSION,
            ),
            Variant::PlatformSessionId => set(
                request,
                HeaderName::from_static(protocol::header::SESSION_ID),
                Variant::PLATFORM_SESSION_ID,
            ),
            Variant::RuntimeSessionId => set(
                request,
                HeaderName::from_static(protocol::header::RUNTIME_SESSION_ID),
                Variant::RUNTIME_SESSION_ID,
            ),
            Variant::HostLocal => set(request, header::HOST, &format!("localhost{port}")),
            Variant::HostForeign => set(request, header::HOST, Variant::FOREIGN_HOST),
            Variant::OriginLocal => {
                set(request, header::ORIGIN, &format!("http://localhost{port}"))
            }
            Variant::OriginForeign => set(request, header::ORIGIN, Variant::FOREIGN_ORIGIN),
            Variant::McpMethodMissing => request.without_header(&mcp_method_header()),
            Variant::McpMethodMismatched => {
                let other = if self.rpc_method() == Some("tools/list") {
                    "prompts/list"
                } else {
                    "tools/list"
                };
                set(request, mcp_method_header(), other)
            }
            Variant::McpNameMissing => request.without_header(&mcp_name_header()),
            Variant::McpNameMismatched => set(request, mcp_name_header(), "another_tool"),
        }
    }
}

fn protocol_version_header() -> HeaderName {
    HeaderName::from_static(protocol::header::PROTOCOL_VERSION)
}

fn mcp_method_header() -> HeaderName {
    HeaderName::from_static(protocol::header::METHOD)
}

fn mcp_name_header() -> HeaderName {
    HeaderName::from_static(protocol::header::NAME)
}

/// Every header value a variant sets is printable ASCII chosen by the suite
/// (its constants and a port number), never a name the target declared:
/// those reach headers only through `message::with_post_headers`, which
/// encodes what a header cannot carry plainly.
fn header_value(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).expect("the suite's own header values are printable ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Addressed, ArgumentsSource, CaseVersion, Subject, ToolCall};

    fn endpoint() -> Uri {
        "http://127.0.0.1:4321/mcp".parse().unwrap()
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request
            .header(&HeaderName::from_bytes(name.as_bytes()).unwrap())
            .map(|value| value.to_str().unwrap())
    }

    fn tool_case(variant: Variant) -> Case {
        let subject = Subject::new(
            "get_forecast".to_owned(),
            json!({ "name": "get_forecast", "arguments": { "city": "mcp-matrix" } }),
            true,
            Addressed::Tool(ToolCall {
                name: "get_forecast".to_owned(),
                output_schema: None,
                expected: None,
                arguments: ArgumentsSource::Synthesized,
            }),
        );
        Case::of_subject(
            CaseVersion::V2026_07_28,
            Method::ToolsCall,
            subject,
            variant,
        )
    }

    #[test]
    fn modern_requests_mirror_the_body_in_headers_and_meta() {
        let case = tool_case(Variant::Baseline);
        let request = case.build(&endpoint());
        assert_eq!(header(&request, "mcp-method"), Some("tools/call"));
        assert_eq!(header(&request, "mcp-name"), Some("get_forecast"));
        assert_eq!(header(&request, "mcp-protocol-version"), Some("2026-07-28"));
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["id"], json!(case.to_string()));
        assert_eq!(body["id"], "2026-07-28/tools-call[get_forecast]/baseline");
        assert_eq!(body["params"]["arguments"]["city"], "mcp-matrix");
        assert_eq!(
            body["params"]["_meta"][protocol::meta::PROTOCOL_VERSION],
            "2026-07-28"
        );
    }

    #[test]
    fn each_variant_changes_exactly_its_header() {
        let base = tool_case(Variant::Baseline).build(&endpoint());
        for variant in Variant::ALL.into_iter().skip(1) {
            let varied = tool_case(variant).build(&endpoint());
            // The progress token of a call is its id.
            let without_id = |body: &[u8]| {
                let mut value: Value = serde_json::from_slice(body).unwrap();
                let id = value.as_object_mut().unwrap().remove("id");
                let meta = &mut value["params"]["_meta"];
                assert_eq!(meta[protocol::meta::PROGRESS_TOKEN], id.unwrap());
                meta.as_object_mut()
                    .unwrap()
                    .remove(protocol::meta::PROGRESS_TOKEN);
                value
            };
            assert_eq!(
                without_id(&varied.body),
                without_id(&base.body),
                "{variant} must not touch the body beyond its id and progress token"
            );
            let differing: Vec<&HeaderName> = base
                .headers
                .iter()
                .chain(varied.headers.iter())
                .map(|(name, _)| name)
                .filter(|name| base.header(name) != varied.header(name))
                .collect();
            assert!(!differing.is_empty(), "{variant} changed nothing");
            assert!(
                differing.iter().all(|name| *name == differing[0]),
                "{variant} changed {differing:?}"
            );
        }
    }

    #[test]
    fn unknown_items_and_lists_address_what_no_target_has() {
        let body = |method| {
            let request =
                Case::new(CaseVersion::V2026_07_28, method, Variant::Baseline).build(&endpoint());
            (
                serde_json::from_slice::<Value>(&request.body).unwrap(),
                header(&request, "mcp-name").map(str::to_owned),
            )
        };
        let (read, name) = body(Method::ResourcesReadUnknown);
        assert_eq!(read["method"], "resources/read");
        assert_eq!(read["params"]["uri"], Method::UNKNOWN_RESOURCE);
        assert_eq!(name.as_deref(), Some(Method::UNKNOWN_RESOURCE));
        let (get, _) = body(Method::PromptsGetUnknown);
        assert_eq!(get["params"]["name"], Method::UNKNOWN_PROMPT);
        let (list, name) = body(Method::ResourceTemplatesList);
        assert_eq!(list["method"], "resources/templates/list");
        assert!(name.is_none(), "lists carry no Mcp-Name");
    }

    #[test]
    fn local_host_and_origin_use_the_endpoint_port() {
        let request = Case::new(CaseVersion::V2025_06_18, Method::Ping, Variant::OriginLocal)
            .build(&endpoint());
        assert_eq!(header(&request, "origin"), Some("http://localhost:4321"));
        let request = Case::new(CaseVersion::V2025_06_18, Method::Ping, Variant::HostLocal)
            .build(&endpoint());
        assert_eq!(header(&request, "host"), Some("localhost:4321"));
    }

    #[test]
    fn get_and_delete_have_no_body() {
        for method in [Method::GetStream, Method::Delete] {
            let request =
                Case::new(CaseVersion::V2025_06_18, method, Variant::Baseline).build(&endpoint());
            assert!(request.body.is_empty());
            assert!(header(&request, "content-type").is_none());
        }
    }

    #[test]
    fn batch_and_not_json_bodies() {
        let batch = Case::new(CaseVersion::V2025_03_26, Method::Batch, Variant::Baseline)
            .build(&endpoint());
        let body: Value = serde_json::from_slice(&batch.body).unwrap();
        assert_eq!(body.as_array().map(Vec::len), Some(2));
        let not_json = Case::new(CaseVersion::V2025_03_26, Method::NotJson, Variant::Baseline)
            .build(&endpoint());
        assert!(serde_json::from_slice::<Value>(&not_json.body).is_err());
    }
}
