//! What the target declared, in a few lines: the first thing a report
//! says, so a reader sees which of their tools, resources and prompts the
//! matrix exercised before reading how it went.

use crate::surface::{Surface, VersionSurface};

/// The protocol versions the target supports, comma-separated.
pub fn supported_versions(surface: &Surface) -> String {
    let versions: Vec<String> = surface
        .support
        .versions()
        .map(|version| version.to_string())
        .collect();
    versions.join(", ")
}

/// One line per group of versions that declared the same surface.
pub fn summary(surface: &Surface) -> Vec<String> {
    surface
        .grouped()
        .into_iter()
        .map(|(versions, declared)| {
            let versions: Vec<&str> = versions.iter().map(|version| version.as_str()).collect();
            format!("{}: {}", versions.join(", "), describe(declared))
        })
        .collect()
}

fn describe(declared: &VersionSurface) -> String {
    let capabilities = declared.capabilities;
    let named = |count: usize, one: &str, names: Vec<&str>| {
        let noun = if count == 1 {
            one.to_owned()
        } else {
            format!("{one}s")
        };
        if names.is_empty() {
            format!("{count} {noun}")
        } else {
            format!("{count} {noun} ({})", names.join(", "))
        }
    };
    let mut parts = Vec::new();
    if capabilities.tools {
        let tools = &declared.tools.items;
        parts.push(named(
            tools.len(),
            "tool",
            tools.iter().map(|tool| tool.name.as_str()).collect(),
        ));
    }
    if capabilities.resources {
        parts.push(named(
            declared.resources.items.len(),
            "resource",
            Vec::new(),
        ));
        parts.push(named(
            declared.resource_templates.items.len(),
            "resource template",
            Vec::new(),
        ));
    }
    if capabilities.prompts {
        let prompts = &declared.prompts.items;
        parts.push(named(
            prompts.len(),
            "prompt",
            prompts.iter().map(|prompt| prompt.name.as_str()).collect(),
        ));
    }
    if capabilities.completions {
        parts.push("completions".to_owned());
    }
    let paged: Vec<String> = [
        ("tools", declared.tools.pages),
        ("resources", declared.resources.pages),
        ("templates", declared.resource_templates.pages),
        ("prompts", declared.prompts.pages),
    ]
    .into_iter()
    .filter(|(_, pages)| *pages > 1)
    .map(|(list, pages)| format!("{list} in {pages} pages"))
    .collect();
    if !paged.is_empty() {
        parts.push(paged.join(", "));
    }
    if parts.is_empty() {
        "no tools, resources or prompts declared".to_owned()
    } else {
        parts.join("; ")
    }
}
