//! What a per-item case addresses.

use std::{fmt, sync::Arc};

use serde_json::Value;

use crate::{arguments::CompiledSchema, project::ExpectedResult, surface::ListKind};

/// A tool, resource, prompt, completion reference or list that a case
/// addresses, with the request parameters that address it and what the
/// target declared about it.
///
/// Two subjects are the same when their labels are: a plan gives every item
/// of a method its own label, and the label is what case ids, filters and
/// known deviations name.
#[derive(Clone)]
pub struct Subject(Arc<SubjectData>);

struct SubjectData {
    label: String,
    params: Value,
    representative: bool,
    addressed: Addressed,
}

/// What kind of item a subject is, and what judges answers about it.
#[derive(Debug)]
pub enum Addressed {
    Tool(ToolCall),
    Resource {
        uri: String,
    },
    Prompt {
        name: String,
    },
    /// A `completion/complete` reference: a prompt argument or a template variable.
    Completion,
    List(ListKind),
}

/// Where a tool call's arguments came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentsSource {
    /// Synthesized from the tool's inputSchema and checked against it.
    Synthesized,
    /// The example in `mcp-matrix.toml`.
    Example,
    /// Made invalid on purpose (a case of invalid arguments).
    Broken,
}

/// A call of a listed tool.
#[derive(Debug)]
pub struct ToolCall {
    pub name: String,
    /// The tool's `outputSchema`, compiled: from 2025-06-18 on, a result
    /// that is not an error MUST carry structuredContent that conforms to it
    /// (spec 2025-06-18 on, server/tools, "Output Schema").
    pub output_schema: Option<Arc<CompiledSchema>>,
    /// What `mcp-matrix.toml` says the example call returns.
    pub expected: Option<ExpectedResult>,
    pub arguments: ArgumentsSource,
}

impl Subject {
    pub fn new(label: String, params: Value, representative: bool, addressed: Addressed) -> Self {
        Self(Arc::new(SubjectData {
            label,
            params,
            representative,
            addressed,
        }))
    }

    /// The name in case ids: `tools-call[get_forecast]`.
    pub fn label(&self) -> &str {
        &self.0.label
    }

    /// `params` of the case's request.
    pub fn params(&self) -> &Value {
        &self.0.params
    }

    /// Whether the subject gets every header variant (the first item of its
    /// method), or only the baseline.
    pub fn is_representative(&self) -> bool {
        self.0.representative
    }

    pub fn addressed(&self) -> &Addressed {
        &self.0.addressed
    }

    /// How messages name it: "tool `get_forecast`".
    pub fn describe(&self) -> String {
        match self.addressed() {
            Addressed::Tool(call) => format!("tool `{}`", call.name),
            Addressed::Resource { uri } => format!("resource `{uri}`"),
            Addressed::Prompt { name } => format!("prompt `{name}`"),
            Addressed::Completion => format!("completion reference `{}`", self.label()),
            Addressed::List(kind) => format!("{kind}"),
        }
    }
}

impl fmt::Debug for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Subject({})", self.label())
    }
}

impl PartialEq for Subject {
    fn eq(&self, other: &Self) -> bool {
        self.label() == other.label()
    }
}

impl Eq for Subject {}

impl PartialOrd for Subject {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Subject {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.label().cmp(other.label())
    }
}

impl std::hash::Hash for Subject {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.label().hash(state);
    }
}
