//! Resources and resource templates, as the target lists them.

use serde::Serialize;
use serde_json::Value;

/// A resource of the target (spec 2024-11-05 on, server/resources).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub uri: String,
    pub name: String,
    #[serde(rename = "mimeType", skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

impl Resource {
    /// Reads one entry of a `resources/list` result; `None` without a
    /// string `uri`. A missing `name` (required) falls back to the URI; the
    /// list case's type check reports it.
    pub fn from_listing(entry: &Value) -> Option<Self> {
        let uri = entry.get("uri")?.as_str()?.to_owned();
        Some(Self {
            name: string(entry, "name").unwrap_or_else(|| uri.clone()),
            mime_type: string(entry, "mimeType"),
            uri,
        })
    }
}

/// A resource template (spec 2024-11-05 on, server/resources, "Resource
/// Templates"): an RFC 6570 URI template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceTemplate {
    #[serde(rename = "uriTemplate")]
    pub uri_template: String,
    pub name: String,
}

impl ResourceTemplate {
    pub fn from_listing(entry: &Value) -> Option<Self> {
        let uri_template = entry.get("uriTemplate")?.as_str()?.to_owned();
        Some(Self {
            name: string(entry, "name").unwrap_or_else(|| uri_template.clone()),
            uri_template,
        })
    }

    /// The names of the template's variables, in order: `{city}` and the
    /// operator forms `{+path}`, `{?q,lang}` of RFC 6570, without modifiers.
    pub fn variables(&self) -> Vec<String> {
        let mut variables = Vec::new();
        let mut rest = self.uri_template.as_str();
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else {
                break;
            };
            let expression = &rest[start + 1..start + length];
            let expression = expression.trim_start_matches(['+', '#', '.', '/', ';', '?', '&']);
            for name in expression.split(',') {
                let name = name.trim_end_matches('*');
                let name = name.split(':').next().unwrap_or(name);
                if !name.is_empty() && !variables.iter().any(|known| known == name) {
                    variables.push(name.to_owned());
                }
            }
            rest = &rest[start + length + 1..];
        }
        variables
    }
}

fn string(entry: &Value, key: &str) -> Option<String> {
    entry.get(key).and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_variables_in_every_rfc_6570_form() {
        let template = |uri: &str| ResourceTemplate {
            uri_template: uri.to_owned(),
            name: "t".to_owned(),
        };
        assert_eq!(template("weather://forecast/{city}").variables(), ["city"]);
        assert_eq!(
            template("file:///{+path}{?q,lang}{/seg*}{x:3}{city}").variables(),
            ["path", "q", "lang", "seg", "x", "city"]
        );
        assert!(template("plain://no/variables").variables().is_empty());
        assert!(template("broken://{unclosed").variables().is_empty());
    }

    #[test]
    fn a_resource_needs_a_uri() {
        let resource =
            Resource::from_listing(&json!({"uri": "weather://cities", "name": "cities"}))
                .expect("a resource");
        assert_eq!(resource.name, "cities");
        assert!(Resource::from_listing(&json!({"name": "x"})).is_none());
    }
}
