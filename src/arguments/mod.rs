//! Tool-call arguments synthesized from an MCP tool's `inputSchema`.
//!
//! MCP 2025-06-18 (server/tools) gives every tool an `inputSchema`: "a JSON Schema object
//! defining the expected parameters for the tool", and optionally an `outputSchema` that
//! `structuredContent` must conform to. The suite needs three things from such a schema: one
//! call that a correct server must accept ([`InputSchema::synthesize`]), calls that it must
//! reject ([`InputSchema::without_required`], [`InputSchema::with_wrong_type`]), and a way to
//! say what is wrong with a value ([`CompiledSchema::violations`]).
//!
//! Synthesis is deterministic and every value it returns has been accepted by the `jsonschema`
//! validator, so a server that rejects it is at fault, not the generator.

mod pattern;
mod synth;
mod wrong;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use jsonschema::{Validator, ValidatorMap};
use serde_json::Value;

/// A schema that the validator refused to compile, with the schema location and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema does not compile: at {at}: {why}")]
pub struct SchemaError {
    /// JSON pointer into the schema document (`/` for the root).
    pub at: String,
    /// The validator's own message.
    pub why: String,
}

/// Why no arguments could be produced; the display is one line naming the place and the reason,
/// e.g. "property `code`: no value this suite can produce matches pattern `^x(?=y)$`".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {reason}")]
pub struct SynthesisError {
    /// "arguments" for the root, else "property `a.b[0]`" (the instance location).
    pub place: String,
    /// What made that place impossible for this generator.
    pub reason: Reason,
}

/// The cases in which [`InputSchema::synthesize`] gives up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    /// The subschema is `false`: JSON Schema 2020-12 §4.3.2, it accepts nothing.
    #[error("the schema is `false`, which no value satisfies")]
    False,
    /// Only same-document JSON-pointer `$ref`s are followed: the suite never fetches schemas.
    #[error("`$ref` `{0}` is not a JSON pointer into this schema")]
    UnresolvedRef(String),
    /// A `$ref` cycle or nesting that never bottoms out.
    #[error("nesting deeper than {0} levels (a `$ref` cycle with no way out?)")]
    TooDeep(usize),
    /// Branching (`anyOf`/`oneOf`) explored more subschemas than the budget allows.
    #[error("more than {0} subschemas tried; the schema branches too much to synthesize")]
    TooComplex(usize),
    /// `type` keywords reached through `allOf`/`$ref` have no type in common.
    #[error("the `type` keywords combined by `allOf`/`$ref` share no type")]
    TypeConflict,
    /// `const`/`enum` has no value that the rest of the subschema accepts.
    #[error("no `const`/`enum` value satisfies the rest of the schema")]
    Enum,
    /// None of the candidate strings matched every `pattern`.
    #[error("no value this suite can produce matches pattern `{0}`")]
    Pattern(String),
    /// No candidate of this JSON type fitted the bounds (or stayed distinct for `uniqueItems`).
    #[error("no {kind} this suite can produce satisfies {keywords}")]
    NoValue {
        kind: &'static str,
        keywords: &'static str,
    },
    /// The assembled value was rejected; the message is the validator's.
    #[error("the validator rejects the synthesized value: {0}")]
    Rejected(String),
}

/// A compiled schema for checking values: a tool's `outputSchema`, an example from the
/// project file, or the core of an [`InputSchema`].
///
/// Compiled offline: remote `$ref`s are errors, never fetched (MCP 2026-07-28, server/tools:
/// implementations "MUST NOT automatically fetch" network URIs).
#[derive(Debug)]
pub struct CompiledSchema {
    validator: Validator,
}

impl CompiledSchema {
    /// Compiles `schema` to judge values as the specification does; the draft comes from
    /// `$schema`, else 2020-12 (the MCP default). `format` stays what 2020-12 makes it, an
    /// annotation: a server whose `date-time` has no offset still conforms to its schema
    /// (pydantic writes naive datetimes so).
    pub fn new(schema: &Value) -> Result<Self, SchemaError> {
        let validator = jsonschema::options()
            .offline()
            .build(schema)
            .map_err(schema_error)?;
        Ok(Self { validator })
    }

    /// Compiles `schema` with `format` asserted, for the values the suite makes itself:
    /// synthesized arguments are held to every format, so no server can refuse them for one.
    fn asserting_formats(schema: &Value) -> Result<Self, SchemaError> {
        let validator = options().build(schema).map_err(schema_error)?;
        Ok(Self { validator })
    }

    /// Every way `instance` breaks the schema, each as "at /path: message"; empty when valid.
    pub fn violations(&self, instance: &Value) -> Vec<String> {
        self.validator
            .iter_errors(instance)
            .map(|e| describe(&e))
            .collect()
    }

    /// Whether `instance` satisfies the schema.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }
}

/// A tool's `inputSchema`, compiled once.
#[derive(Debug)]
pub struct InputSchema {
    root: Value,
    compiled: CompiledSchema,
    /// A validator for every subschema, keyed by "#/json/pointer", so candidate values are
    /// checked against the exact subschema (with its `$ref`s, `pattern` regex dialect and
    /// formats) the way the whole-document validator will check them.
    parts: ValidatorMap,
}

impl InputSchema {
    /// Compiles `schema`; a schema that does not compile is an error naming why.
    pub fn new(schema: &Value) -> Result<Self, SchemaError> {
        let compiled = CompiledSchema::asserting_formats(schema)?;
        let parts = options().build_map(schema).map_err(schema_error)?;
        Ok(Self {
            root: schema.clone(),
            compiled,
            parts,
        })
    }

    /// Arguments valid against the schema, checked with the validator before they are returned.
    ///
    /// The value is minimal: only `required` properties (plus declared ones when
    /// `minProperties` asks for more), because optional parameters are where servers differ.
    pub fn synthesize(&self) -> Result<Value, SynthesisError> {
        let value = synth::Synth::new(self).root()?;
        let rejected = self
            .compiled
            .validator
            .iter_errors(&value)
            .next()
            .map(|e| describe(&e));
        match rejected {
            None => Ok(value),
            Some(message) => Err(SynthesisError {
                place: "arguments".into(),
                reason: Reason::Rejected(message),
            }),
        }
    }

    /// Every way `arguments` breaks the schema, each as "at /path: message"; empty when valid.
    pub fn violations(&self, arguments: &Value) -> Vec<String> {
        self.compiled.violations(arguments)
    }

    /// `valid` without the first top-level `required` property (in `required` order) whose
    /// removal the validator rejects; `None` when nothing is required.
    pub fn without_required(&self, valid: &Value) -> Option<(String, Value)> {
        let object = valid.as_object()?;
        let root = self.conj(&self.root, "#".into()).ok()?;
        synth::required(&root).into_iter().find_map(|name| {
            let mut broken = object.clone();
            broken.remove(&name)?;
            let broken = Value::Object(broken);
            (!self.compiled.is_valid(&broken)).then_some((name, broken))
        })
    }

    /// `valid` with one top-level property (required ones first, then the other declared ones)
    /// set to a value of a JSON type that its schema does not allow, and that the validator
    /// rejects. `None` when no property has a type to contradict (e.g. untyped properties).
    ///
    /// The wrong values are chosen so that lax servers reject them too: pydantic's lax mode
    /// turns numeric and "true"/"yes" strings into numbers and booleans, and the MCP Python SDK
    /// JSON-decodes string arguments of non-string parameters, so non-string parameters get a
    /// string that is none of those; string parameters get `12345`, which pydantic v2 does not
    /// turn into a string (or an object where the format is temporal, as pydantic reads numbers
    /// as timestamps and durations).
    pub fn with_wrong_type(&self, valid: &Value) -> Option<(String, Value)> {
        let object = valid.as_object()?;
        let root = self.conj(&self.root, "#".into()).ok()?;
        wrong::candidates(self, &root)
            .into_iter()
            .find_map(|(name, value)| {
                let mut broken = object.clone();
                broken.insert(name.clone(), value);
                let broken = Value::Object(broken);
                (!self.compiled.is_valid(&broken)).then_some((name, broken))
            })
    }
}

/// The options of the suite's own values: offline (remote `$ref`s fail instead of being
/// fetched) and asserting `format`, which 2020-12 leaves as an annotation unless asked.
fn options() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
}

fn schema_error(e: jsonschema::ValidationError<'_>) -> SchemaError {
    SchemaError {
        at: pointer_or_root(e.instance_path().as_str()),
        why: e.to_string(),
    }
}

fn describe(e: &jsonschema::ValidationError<'_>) -> String {
    format!("at {}: {e}", pointer_or_root(e.instance_path().as_str()))
}

fn pointer_or_root(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".into()
    } else {
        pointer.into()
    }
}
