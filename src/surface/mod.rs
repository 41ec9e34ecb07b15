//! What a target offers, as it declared it.
//!
//! Per protocol version the target supports: the capabilities it declared
//! (in its `InitializeResult`, or in the `DiscoverResult` of 2026-07-28) and
//! every tool, resource, resource template and prompt its list methods
//! return, page after page. The matrix shapes its cases from this, and the
//! oracle judges answers by it: a tool's result is held to the
//! `outputSchema` that tool declared, never to another server's.
//!
//! The surface is data. `discovery` fills it by asking the target; it is
//! snapshotted per target, so a change in what a server offers shows up in
//! review like any other change.

mod capabilities;
mod listing;
mod prompt;
mod resource;
mod support;
mod tool;

use std::collections::BTreeMap;

use serde::Serialize;

pub use capabilities::Capabilities;
pub use listing::{ListKind, Listing, ListingProblem};
pub use prompt::{Prompt, PromptArgument};
pub use resource::{Resource, ResourceTemplate};
pub use support::Support;
pub use tool::{Tool, ToolAnnotations};

use crate::protocol::ProtocolVersion;

/// What a target declared in one protocol version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VersionSurface {
    pub capabilities: Capabilities,
    pub tools: Listing<Tool>,
    pub resources: Listing<Resource>,
    pub resource_templates: Listing<ResourceTemplate>,
    pub prompts: Listing<Prompt>,
}

impl VersionSurface {
    /// The listing problems of this version, with the list each concerns.
    pub fn problems(&self) -> impl Iterator<Item = (ListKind, &ListingProblem)> {
        [
            (ListKind::Tools, self.tools.problem.as_ref()),
            (ListKind::Resources, self.resources.problem.as_ref()),
            (
                ListKind::ResourceTemplates,
                self.resource_templates.problem.as_ref(),
            ),
            (ListKind::Prompts, self.prompts.problem.as_ref()),
        ]
        .into_iter()
        .filter_map(|(kind, problem)| problem.map(|problem| (kind, problem)))
    }

    /// How many pages of a list discovery read (0: not asked, the
    /// capability is not declared).
    pub fn pages(&self, kind: ListKind) -> u32 {
        match kind {
            ListKind::Tools => self.tools.pages,
            ListKind::Resources => self.resources.pages,
            ListKind::ResourceTemplates => self.resource_templates.pages,
            ListKind::Prompts => self.prompts.pages,
        }
    }

    /// The cursor of the second page of a list, when the list is paged.
    pub fn next_page_cursor(&self, kind: ListKind) -> Option<&str> {
        match kind {
            ListKind::Tools => self.tools.next_page_cursor.as_deref(),
            ListKind::Resources => self.resources.next_page_cursor.as_deref(),
            ListKind::ResourceTemplates => self.resource_templates.next_page_cursor.as_deref(),
            ListKind::Prompts => self.prompts.next_page_cursor.as_deref(),
        }
    }
}

/// How a target keeps (or does not keep) state between requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionMode {
    /// Every request stands alone: what a stateless AgentCore runtime needs.
    #[default]
    Stateless,
    /// The lists were only served with the `Mcp-Session-Id` that
    /// `initialize` issued (spec 2025-03-26 on, basic/transports, "Session
    /// Management").
    Stateful,
}

/// Everything a target declared, per supported protocol version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Surface {
    /// The versions the target supports.
    pub support: Support,
    pub session: SessionMode,
    pub versions: BTreeMap<ProtocolVersion, VersionSurface>,
}

impl Surface {
    /// What the target declared in `version`, if it supports it.
    pub fn of(&self, version: ProtocolVersion) -> Option<&VersionSurface> {
        self.versions.get(&version)
    }

    /// The surface cases of versions the target does not support are built
    /// from: that of its newest supported version. Such cases are judged as
    /// requests naming an unsupported version, so what they address matters
    /// only for their shape.
    pub fn newest(&self) -> Option<&VersionSurface> {
        self.versions.values().next_back()
    }

    /// What cases of `version` are built from and judged by: what the
    /// target declared in it, or, for a version it does not support (or
    /// `None`, the suite's unsupported one), in its newest.
    pub fn for_version(&self, version: Option<ProtocolVersion>) -> Option<&VersionSurface> {
        version
            .and_then(|version| self.of(version))
            .or_else(|| self.newest())
    }

    /// The versions that declared the same surface, together, oldest first:
    /// most servers declare one surface in every version they speak.
    pub fn grouped(&self) -> Vec<(Vec<ProtocolVersion>, &VersionSurface)> {
        let mut groups: Vec<(Vec<ProtocolVersion>, &VersionSurface)> = Vec::new();
        for (version, declared) in &self.versions {
            match groups.iter_mut().find(|(_, other)| *other == declared) {
                Some((versions, _)) => versions.push(*version),
                None => groups.push((vec![*version], declared)),
            }
        }
        groups
    }

    /// The names of every tool listed in any version.
    pub fn tool_names(&self) -> std::collections::BTreeSet<&str> {
        self.versions
            .values()
            .flat_map(|surface| surface.tools.items.iter().map(|tool| tool.name.as_str()))
            .collect()
    }

    /// The names of every prompt listed in any version.
    pub fn prompt_names(&self) -> std::collections::BTreeSet<&str> {
        self.versions
            .values()
            .flat_map(|surface| {
                surface
                    .prompts
                    .items
                    .iter()
                    .map(|prompt| prompt.name.as_str())
            })
            .collect()
    }
}
