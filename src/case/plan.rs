//! The cases of one target, shaped by what it declared.
//!
//! Every method that addresses nothing of the target's own (initialize,
//! ping, the four lists, an unknown tool, malformed bodies ...) is asked in
//! every version. The per-item methods are asked of what discovery found:
//! each tool is called with valid arguments (the project file's example, or
//! arguments synthesized from its inputSchema and checked against it),
//! without a required property, and with a property of the wrong type; each
//! listed resource is read (a bounded sample); each prompt is got with and
//! without a required argument; completion is asked when declared, and the
//! second page of every paged list.
//!
//! Calls have side effects, so which tools are called is a [`CallPolicy`].
//! Whatever the plan leaves out, it says so in a note.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

use serde_json::{Value, json};

use super::{Addressed, ArgumentsSource, Case, CaseVersion, Method, Subject, ToolCall, Variant};
use crate::{
    arguments::{CompiledSchema, InputSchema},
    project::{ProjectError, ProjectFile},
    protocol::ProtocolVersion,
    surface::{ListKind, ListingProblem, Prompt, SessionMode, Surface, Tool, VersionSurface},
};

/// The most listed resources a version reads; the rest are counted in a note.
pub const MAX_RESOURCE_READS: usize = 10;

/// The value of a prompt argument the project file gives none for.
const PLACEHOLDER_ARGUMENT: &str = "mcp-matrix";

/// Which tools a run may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallPolicy {
    /// Only tools that declare `readOnlyHint: true` or `destructiveHint:
    /// false`, and those the project file allows: the default against a
    /// deployed or remote server.
    #[default]
    Safe,
    /// Every tool: the default against a server this run started.
    All,
    /// No tool.
    None,
}

impl CallPolicy {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::All => "all",
            Self::None => "none",
        }
    }

    /// The default for a server at `url`, reached without credentials: one on
    /// this machine (a loopback address or `localhost`) is the user's own
    /// development copy, whose every tool may be called; anything else may
    /// be shared, deployed, or in production.
    pub fn default_for_url(url: &http::Uri) -> Self {
        let on_this_machine = match url.host() {
            Some("localhost") => true,
            Some(host) => host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|address| address.is_loopback()),
            None => false,
        };
        if on_this_machine {
            Self::All
        } else {
            Self::Safe
        }
    }

    /// Why a tool that is not called is left out, or `None` when it is called.
    fn refuses(self, tool: &Tool, allowed_by_file: bool) -> Option<String> {
        match self {
            Self::All => None,
            Self::Safe if tool.annotations.declares_safe() || allowed_by_file => None,
            Self::Safe => Some(format!(
                "not called: tool `{name}` declares neither readOnlyHint: true nor \
                 destructiveHint: false, and this run calls only such tools (--call-tools safe, \
                 the default for live and remote targets). Allow it with --call-tools all, or \
                 with `[tools.{name}] call = true` in mcp-matrix.toml",
                name = tool.name
            )),
            Self::None => Some(format!(
                "not called: tool `{}`: --call-tools none",
                tool.name
            )),
        }
    }
}

/// The cases of a target, and what was left out and why.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub cases: Vec<Case>,
    /// One line per thing left out or worth knowing, each once.
    pub notes: Vec<String>,
}

impl Plan {
    /// The cases for `surface`, after checking `project` against it.
    pub fn new(
        surface: &Surface,
        project: &ProjectFile,
        policy: CallPolicy,
    ) -> Result<Self, ProjectError> {
        let mut notes: BTreeSet<String> = project.check(surface)?.into_iter().collect();
        for (version, declared) in &surface.versions {
            for (list, problem) in declared.problems() {
                if let ListingProblem::TooManyPages { limit } = problem {
                    notes.insert(format!(
                        "cut short: {list} of {version} still had a nextCursor after {limit} \
                         pages; items after those are not tested"
                    ));
                }
            }
        }
        let mut planner = Planner {
            project,
            policy,
            labels: Labels::of(surface),
            notes,
            inputs: HashMap::new(),
            outputs: HashMap::new(),
        };
        let fallback = VersionSurface::default();
        let mut cases = Vec::new();
        for version in CaseVersion::ALL {
            let declared = surface.for_version(version.known()).unwrap_or(&fallback);
            let mut subjects = planner.subjects(declared);
            for method in Method::ALL {
                if method.takes_subject() {
                    for subject in subjects.remove(&method).unwrap_or_default() {
                        let variants = if subject.is_representative() {
                            variants(version, method)
                        } else {
                            vec![Variant::Baseline]
                        };
                        cases.extend(variants.into_iter().map(|variant| {
                            Case::of_subject(version, method, subject.clone(), variant)
                        }));
                    }
                } else if asked_without_subject(version, method, declared, surface.session) {
                    cases.extend(
                        variants(version, method)
                            .into_iter()
                            .map(|variant| Case::new(version, method, variant)),
                    );
                }
            }
        }
        Ok(Self {
            cases,
            notes: planner.notes.into_iter().collect(),
        })
    }
}

/// Every variant that applies to `method` in `version`, baseline first.
fn variants(version: CaseVersion, method: Method) -> Vec<Variant> {
    Variant::ALL
        .into_iter()
        .filter(|variant| variant.applies_to(version, method))
        .collect()
}

/// Whether a method without a subject is asked of a target that declared
/// `declared`: reading an unknown resource or getting an unknown prompt
/// only where resources or prompts are declared; the session cases only of
/// a stateful target, in the versions whose Streamable HTTP transport has
/// sessions (2025-03-26 on; 2026-07-28 has none); everything else always
/// (a list of an undeclared capability is judged as such).
fn asked_without_subject(
    version: CaseVersion,
    method: Method,
    declared: &VersionSurface,
    session: SessionMode,
) -> bool {
    match method {
        Method::ResourcesReadUnknown => declared.capabilities.resources,
        Method::PromptsGetUnknown => declared.capabilities.prompts,
        _ if method.is_about_sessions() => {
            session == SessionMode::Stateful
                && version.known().is_some_and(|known| {
                    known.has_initialize() && known >= ProtocolVersion::V2025_03_26
                })
        }
        _ => true,
    }
}

struct Planner<'a> {
    project: &'a ProjectFile,
    policy: CallPolicy,
    labels: Labels,
    notes: BTreeSet<String>,
    /// Compiled input and output schemas by their text: every version lists
    /// the same tools.
    inputs: HashMap<String, Result<Arc<InputSchema>, String>>,
    outputs: HashMap<String, Result<Arc<CompiledSchema>, String>>,
}

/// One subject of a method, before the representative is chosen.
struct Entry {
    label: String,
    params: Value,
    addressed: Addressed,
    /// Whether it may get every header variant (see [`Found`]).
    may_represent: bool,
}

/// The subjects of one method in the order found. The first that may
/// represent the method gets every header variant; the others only the
/// conforming request.
#[derive(Default)]
struct Found(Vec<Entry>);

impl Found {
    fn push(&mut self, label: &str, params: Value, addressed: Addressed) {
        self.push_entry(label, params, addressed, true);
    }

    fn push_entry(
        &mut self,
        label: &str,
        params: Value,
        addressed: Addressed,
        may_represent: bool,
    ) {
        self.0.push(Entry {
            label: label.to_owned(),
            params,
            addressed,
            may_represent,
        });
    }

    fn into_subjects(self) -> Vec<Subject> {
        let representative = self.0.iter().position(|entry| entry.may_represent);
        self.0
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                Subject::new(
                    entry.label,
                    entry.params,
                    Some(index) == representative,
                    entry.addressed,
                )
            })
            .collect()
    }
}

/// The label of every item of the target, fixed once for the whole plan: an
/// item keeps its label in every method and version, so ids, filters and
/// known deviations always name the same item.
#[derive(Default)]
struct Labels {
    tools: BTreeMap<String, String>,
    resources: BTreeMap<String, String>,
    templates: BTreeMap<String, String>,
    prompts: BTreeMap<String, String>,
}

impl Labels {
    fn of(surface: &Surface) -> Self {
        let mut labels = Self::default();
        let declared = || surface.versions.values();
        assign(
            &mut labels.tools,
            declared().flat_map(|d| {
                d.tools
                    .items
                    .iter()
                    .map(|t| (t.name.clone(), t.name.clone()))
            }),
        );
        assign(
            &mut labels.resources,
            declared().flat_map(|d| {
                d.resources
                    .items
                    .iter()
                    .map(|r| (r.uri.clone(), r.name.clone()))
            }),
        );
        assign(
            &mut labels.templates,
            declared().flat_map(|d| {
                d.resource_templates
                    .items
                    .iter()
                    .map(|t| (t.uri_template.clone(), t.name.clone()))
            }),
        );
        assign(
            &mut labels.prompts,
            declared().flat_map(|d| {
                d.prompts
                    .items
                    .iter()
                    .map(|p| (p.name.clone(), p.name.clone()))
            }),
        );
        labels
    }
}

/// Labels `(key, name)` pairs in the order of their keys: `label_of(name)`,
/// with `~2`, `~3` ... for names that would otherwise share a label.
fn assign(labels: &mut BTreeMap<String, String>, items: impl Iterator<Item = (String, String)>) {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (key, name) in items {
        names.entry(key).or_insert(name);
    }
    let mut taken = BTreeSet::new();
    for (key, name) in names {
        let base = label_of(&name);
        let mut label = base.clone();
        let mut copy = 1;
        while !taken.insert(label.clone()) {
            copy += 1;
            label = format!("{base}~{copy}");
        }
        labels.insert(key, label);
    }
}

impl Planner<'_> {
    fn input_schema(&mut self, schema: &Value) -> Result<Arc<InputSchema>, String> {
        self.inputs
            .entry(schema.to_string())
            .or_insert_with(|| {
                InputSchema::new(schema)
                    .map(Arc::new)
                    .map_err(|error| error.to_string())
            })
            .clone()
    }

    fn output_schema(&mut self, schema: &Value) -> Result<Arc<CompiledSchema>, String> {
        self.outputs
            .entry(schema.to_string())
            .or_insert_with(|| {
                CompiledSchema::new(schema)
                    .map(Arc::new)
                    .map_err(|error| error.to_string())
            })
            .clone()
    }

    fn subjects(&mut self, declared: &VersionSurface) -> BTreeMap<Method, Vec<Subject>> {
        let mut found: BTreeMap<Method, Found> = BTreeMap::new();
        for tool in &declared.tools.items {
            self.tool(tool, &mut found);
        }
        self.resources(declared, &mut found);
        for prompt in &declared.prompts.items {
            self.prompt(prompt, &mut found);
        }
        if declared.capabilities.completions {
            self.completions(declared, &mut found);
        }
        for kind in ListKind::ALL {
            if let Some(cursor) = declared.next_page_cursor(kind) {
                for (method, cursor) in [
                    (Method::ListNextPage, cursor),
                    (Method::ListInvalidCursor, Method::INVALID_CURSOR),
                ] {
                    found.entry(method).or_default().push(
                        kind.label(),
                        json!({ "cursor": cursor }),
                        Addressed::List(kind),
                    );
                }
            }
        }
        found
            .into_iter()
            .map(|(method, found)| (method, found.into_subjects()))
            .collect()
    }

    fn tool(&mut self, tool: &Tool, found: &mut BTreeMap<Method, Found>) {
        let settings = self.project.tool(&tool.name).cloned().unwrap_or_default();
        if settings.exclude {
            self.notes.insert(format!(
                "left out: tool `{}`: mcp-matrix.toml excludes it",
                tool.name
            ));
            return;
        }
        if let Some(reason) = self.policy.refuses(tool, settings.call) {
            self.notes.insert(reason);
            return;
        }
        let input = match self.input_schema(&tool.input_schema) {
            Ok(input) => input,
            Err(reason) => {
                self.notes.insert(format!(
                    "not called: tool `{}`: its inputSchema is not a JSON Schema this suite can \
                     use ({reason})",
                    tool.name
                ));
                return;
            }
        };
        let output_schema = match &tool.output_schema {
            None => None,
            Some(schema) => match self.output_schema(schema) {
                Ok(schema) => Some(schema),
                Err(reason) => {
                    self.notes.insert(format!(
                        "tool `{}`: its outputSchema is not a JSON Schema this suite can use \
                         ({reason}); structuredContent is not checked against it",
                        tool.name
                    ));
                    None
                }
            },
        };
        let valid = match &settings.arguments {
            Some(example) => Some((Value::Object(example.clone()), ArgumentsSource::Example)),
            None => match input.synthesize() {
                Ok(arguments) => Some((arguments, ArgumentsSource::Synthesized)),
                Err(reason) => {
                    self.notes.insert(format!(
                        "tool `{name}`: no valid arguments could be synthesized from its \
                         inputSchema ({reason}), so its valid call is not sent; give an example \
                         in mcp-matrix.toml: `[tools.{name}] arguments = {{ ... }}`",
                        name = tool.name
                    ));
                    None
                }
            },
        };
        let label = self.labels.tools[&tool.name].clone();
        // Under the safe policy a tool that may write (destructiveHint:
        // false, or allowed by the project file) is called with the
        // conforming request only: the header variants go to a read-only one.
        let read_only = tool.annotations.read_only == Some(true);
        let may_represent = self.policy != CallPolicy::Safe || read_only;
        if !may_represent {
            self.notes.insert(format!(
                "tool `{}` is not read-only, so it is called with the conforming request only, \
                 without header variants (--call-tools safe)",
                tool.name
            ));
        }
        let call = |arguments: &Value| json!({ "name": tool.name, "arguments": arguments });
        let broken = || {
            Addressed::Tool(ToolCall {
                name: tool.name.clone(),
                output_schema: None,
                expected: None,
                arguments: ArgumentsSource::Broken,
            })
        };
        let base = match &valid {
            Some((arguments, source)) => {
                found.entry(Method::ToolsCall).or_default().push_entry(
                    &label,
                    call(arguments),
                    Addressed::Tool(ToolCall {
                        name: tool.name.clone(),
                        output_schema,
                        expected: settings.expect.clone(),
                        arguments: *source,
                    }),
                    may_represent,
                );
                arguments.clone()
            }
            None => json!({}),
        };
        if let Some((_, arguments)) = input.without_required(&base) {
            found
                .entry(Method::ToolsCallMissingArgument)
                .or_default()
                .push_entry(&label, call(&arguments), broken(), may_represent);
        }
        if let Some((_, arguments)) = input.with_wrong_type(&base) {
            found
                .entry(Method::ToolsCallInvalidArguments)
                .or_default()
                .push_entry(&label, call(&arguments), broken(), may_represent);
        }
    }

    fn resources(&mut self, declared: &VersionSurface, found: &mut BTreeMap<Method, Found>) {
        let listed = &declared.resources.items;
        if listed.len() > MAX_RESOURCE_READS {
            self.notes.insert(format!(
                "sampled: {} resources are listed; the first {MAX_RESOURCE_READS} are read",
                listed.len()
            ));
        }
        for resource in listed.iter().take(MAX_RESOURCE_READS) {
            found.entry(Method::ResourcesRead).or_default().push(
                &self.labels.resources[&resource.uri],
                json!({ "uri": resource.uri }),
                Addressed::Resource {
                    uri: resource.uri.clone(),
                },
            );
        }
    }

    fn prompt(&mut self, prompt: &Prompt, found: &mut BTreeMap<Method, Found>) {
        let settings = self
            .project
            .prompt(&prompt.name)
            .cloned()
            .unwrap_or_default();
        if settings.exclude {
            self.notes.insert(format!(
                "left out: prompt `{}`: mcp-matrix.toml excludes it",
                prompt.name
            ));
            return;
        }
        let mut arguments: BTreeMap<String, String> = prompt
            .arguments
            .iter()
            .filter(|argument| argument.required)
            .map(|argument| (argument.name.clone(), PLACEHOLDER_ARGUMENT.to_owned()))
            .collect();
        arguments.extend(settings.arguments.unwrap_or_default());
        let get = |arguments: &BTreeMap<String, String>| {
            if arguments.is_empty() {
                json!({ "name": prompt.name })
            } else {
                json!({ "name": prompt.name, "arguments": arguments })
            }
        };
        let addressed = || Addressed::Prompt {
            name: prompt.name.clone(),
        };
        let label = &self.labels.prompts[&prompt.name];
        found
            .entry(Method::PromptsGet)
            .or_default()
            .push(label, get(&arguments), addressed());
        if let Some(required) = prompt.first_required() {
            let mut missing = arguments;
            missing.remove(&required.name);
            found
                .entry(Method::PromptsGetMissingArgument)
                .or_default()
                .push(label, get(&missing), addressed());
        }
    }

    /// `completion/complete` for the first prompt argument and the first
    /// template variable (spec 2025-03-26 on, server/utilities/completion).
    fn completions(&mut self, declared: &VersionSurface, found: &mut BTreeMap<Method, Found>) {
        let prompt = declared
            .prompts
            .items
            .iter()
            .filter(|prompt| !self.project.prompt(&prompt.name).is_some_and(|p| p.exclude))
            .find_map(|prompt| Some((prompt, prompt.arguments.first()?)));
        if let Some((prompt, argument)) = prompt {
            found.entry(Method::CompletionComplete).or_default().push(
                &format!(
                    "prompt.{}.{}",
                    self.labels.prompts[&prompt.name],
                    label_of(&argument.name)
                ),
                json!({
                    "ref": { "type": "ref/prompt", "name": prompt.name },
                    "argument": { "name": argument.name, "value": "" },
                }),
                Addressed::Completion,
            );
        }
        let template = declared
            .resource_templates
            .items
            .iter()
            .find_map(|template| Some((template, template.variables().into_iter().next()?)));
        if let Some((template, variable)) = template {
            found.entry(Method::CompletionComplete).or_default().push(
                &format!(
                    "template.{}.{}",
                    self.labels.templates[&template.uri_template],
                    label_of(&variable)
                ),
                json!({
                    "ref": { "type": "ref/resource", "uri": template.uri_template },
                    "argument": { "name": variable, "value": "" },
                }),
                Addressed::Completion,
            );
        }
    }
}

/// A name as case ids carry it: characters that would break an id
/// (`/`, brackets, spaces, controls) become `_`.
fn label_of(name: &str) -> String {
    let label: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "_-.:@+~".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if label.is_empty() {
        "_".to_owned()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        protocol::ProtocolVersion,
        surface::{Capabilities, Listing, Resource, Support, ToolAnnotations},
    };

    fn tool(name: &str, annotations: ToolAnnotations) -> Tool {
        Tool {
            name: name.to_owned(),
            input_schema: json!({
                "type": "object",
                "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                "required": ["city"],
            }),
            output_schema: None,
            annotations,
        }
    }

    fn surface(tools: Vec<Tool>) -> Surface {
        let declared = VersionSurface {
            capabilities: Capabilities {
                tools: true,
                resources: true,
                ..Capabilities::default()
            },
            tools: Listing {
                items: tools,
                pages: 1,
                ..Listing::default()
            },
            resources: Listing {
                items: (0..12)
                    .map(|index| Resource {
                        uri: format!("test://r/{index}"),
                        name: format!("r/{index}"),
                        mime_type: None,
                    })
                    .collect(),
                pages: 1,
                ..Listing::default()
            },
            ..VersionSurface::default()
        };
        Surface {
            support: Support::new([ProtocolVersion::V2025_06_18]),
            versions: [(ProtocolVersion::V2025_06_18, declared)].into(),
            ..Surface::default()
        }
    }

    fn ids(plan: &Plan, method: Method) -> Vec<String> {
        plan.cases
            .iter()
            .filter(|case| case.version == CaseVersion::V2025_06_18 && case.method == method)
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_tool_gets_its_calls_and_only_the_first_every_variant() {
        let safe = ToolAnnotations {
            read_only: Some(true),
            ..ToolAnnotations::default()
        };
        let plan = Plan::new(
            &surface(vec![tool("get_forecast", safe), tool("get/alerts", safe)]),
            &ProjectFile::default(),
            CallPolicy::All,
        )
        .expect("a plan");
        let calls = ids(&plan, Method::ToolsCall);
        assert!(calls.contains(&"2025-06-18/tools-call[get_forecast]/baseline".to_owned()));
        assert!(calls.contains(&"2025-06-18/tools-call[get_forecast]/accept-missing".to_owned()));
        assert!(calls.contains(&"2025-06-18/tools-call[get_alerts]/baseline".to_owned()));
        assert!(!calls.contains(&"2025-06-18/tools-call[get_alerts]/accept-missing".to_owned()));
        assert_eq!(
            ids(&plan, Method::ToolsCallMissingArgument).len(),
            variants(CaseVersion::V2025_06_18, Method::ToolsCallMissingArgument).len() + 1
        );
        assert!(!ids(&plan, Method::ToolsCallInvalidArguments).is_empty());
        let unique: BTreeSet<String> = plan.cases.iter().map(ToString::to_string).collect();
        assert_eq!(unique.len(), plan.cases.len(), "case ids are unique");
    }

    #[test]
    fn the_safe_policy_calls_only_tools_that_declare_themselves_safe_and_says_so() {
        let plan = Plan::new(
            &surface(vec![
                tool(
                    "get_forecast",
                    ToolAnnotations {
                        destructive: Some(false),
                        ..ToolAnnotations::default()
                    },
                ),
                tool("set_alert", ToolAnnotations::default()),
            ]),
            &ProjectFile::default(),
            CallPolicy::Safe,
        )
        .expect("a plan");
        let calls = ids(&plan, Method::ToolsCall).join(" ");
        assert!(
            calls.contains("get_forecast") && !calls.contains("set_alert"),
            "{calls}"
        );
        assert!(
            plan.notes
                .iter()
                .any(|note| note.contains("`set_alert`") && note.contains("call = true")),
            "{:?}",
            plan.notes
        );
        let allowed = ProjectFile::parse("[tools.set_alert]\ncall = true\n", "p").expect("a file");
        let plan = Plan::new(
            &surface(vec![tool("set_alert", ToolAnnotations::default())]),
            &allowed,
            CallPolicy::Safe,
        )
        .expect("a plan");
        assert!(!ids(&plan, Method::ToolsCall).is_empty());
    }

    #[test]
    fn servers_on_this_machine_may_have_every_tool_called() {
        for (url, policy) in [
            ("http://127.0.0.1:8000/mcp", CallPolicy::All),
            ("http://localhost:8000/mcp", CallPolicy::All),
            ("http://[::1]:8000/mcp", CallPolicy::All),
            ("http://10.0.0.5:8000/mcp", CallPolicy::Safe),
            ("https://mcp.example.com/mcp", CallPolicy::Safe),
        ] {
            let url: http::Uri = url.parse().expect("a URL");
            assert_eq!(CallPolicy::default_for_url(&url), policy, "{url}");
        }
    }

    #[test]
    fn resources_are_sampled_and_the_sample_is_noted() {
        let plan = Plan::new(
            &surface(Vec::new()),
            &ProjectFile::default(),
            CallPolicy::All,
        )
        .expect("a plan");
        let reads: BTreeSet<String> = plan
            .cases
            .iter()
            .filter(|case| {
                case.method == Method::ResourcesRead && case.version == CaseVersion::V2025_06_18
            })
            .filter_map(|case| case.subject.as_ref().map(|s| s.label().to_owned()))
            .collect();
        assert_eq!(reads.len(), MAX_RESOURCE_READS);
        assert!(reads.contains("r_0"), "{reads:?}");
        assert!(plan.notes.iter().any(|note| note.contains("12 resources")));
    }

    #[test]
    fn a_project_file_naming_an_unknown_tool_is_refused() {
        let file = ProjectFile::parse("[tools.no_such]\ncall = true\n", "mcp-matrix.toml")
            .expect("a file");
        let error = Plan::new(
            &surface(vec![tool("get_forecast", ToolAnnotations::default())]),
            &file,
            CallPolicy::All,
        )
        .expect_err("an unknown tool");
        assert_eq!(
            error.to_string(),
            "mcp-matrix.toml: [tools.no_such]: the target has no tool named \"no_such\"; it has: get_forecast"
        );
    }

    #[test]
    fn without_a_surface_the_plan_asks_only_what_needs_none() {
        let plan = Plan::new(
            &Surface::default(),
            &ProjectFile::default(),
            CallPolicy::All,
        )
        .expect("a plan");
        assert!(plan.cases.iter().all(|case| case.subject.is_none()));
        assert!(plan.cases.len() > 1000, "{}", plan.cases.len());
    }
}
