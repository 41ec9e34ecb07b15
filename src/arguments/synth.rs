//! The generator: walks the schema, proposes candidates in order of preference, and keeps the
//! first one the validator accepts for the subschemas in play.

use serde_json::{Map, Number, Value};

use super::{InputSchema, Reason, SynthesisError, pattern};

/// Longest chain of `$ref`/`allOf` hops followed before calling it a cycle.
const MAX_REF_CHAIN: usize = 32;
/// Deepest instance nesting produced; a required recursive `$ref` stops here.
const MAX_NESTING: usize = 24;
/// Subschemas visited per synthesis, so `anyOf` fan-out cannot go exponential.
const MAX_STEPS: usize = 20_000;
/// Longest string (and most properties) built; larger `minLength`/`minProperties` fail.
const MAX_LEN: usize = 1 << 16;
/// Keywords that imply a type when `type` is absent.
const IMPLIED: [(&str, &[&str]); 3] = [
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "patternProperties",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
];
/// The value for unconstrained places (`{}` or `true`), and the base of every string.
pub(super) const FALLBACK: &str = "mcp-matrix";
/// The keywords that make a choice between branches (JSON Schema 2020-12 §10.2.1.2-3).
const BRANCHING: [&str; 2] = ["anyOf", "oneOf"];

/// One subschema that the value at the current place must satisfy.
///
/// A place is governed by a conjunction of these: the subschema itself plus what its `$ref` and
/// `allOf` lead to. Keeping each with its JSON pointer (rather than merging them into one
/// object) lets every candidate be checked by the compiled validator of each part.
#[derive(Clone)]
pub(super) struct Part<'s> {
    pub schema: &'s Value,
    pub ptr: String,
    /// Which of [`BRANCHING`] this part has already been split on.
    branched: [bool; 2],
}

impl InputSchema {
    /// The conjunction governing `schema` at `ptr`: the part itself, its `$ref` target and
    /// `allOf` branches, recursively.
    pub(super) fn conj<'s>(
        &'s self,
        schema: &'s Value,
        ptr: String,
    ) -> Result<Vec<Part<'s>>, Reason> {
        let mut out = Vec::new();
        self.expand(schema, ptr, 0, &mut out)?;
        Ok(out)
    }

    fn expand<'s>(
        &'s self,
        schema: &'s Value,
        ptr: String,
        chain: usize,
        out: &mut Vec<Part<'s>>,
    ) -> Result<(), Reason> {
        if chain > MAX_REF_CHAIN {
            return Err(Reason::TooDeep(MAX_REF_CHAIN));
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let (target, target_ptr) = self.resolve(reference)?;
            self.expand(target, target_ptr, chain + 1, out)?;
        }
        for (i, branch) in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.expand(branch, format!("{ptr}/allOf/{i}"), chain + 1, out)?;
        }
        out.push(Part {
            schema,
            ptr,
            branched: [false; 2],
        });
        Ok(())
    }

    /// Resolves a same-document `$ref` such as `#/$defs/Model` or `#/definitions/a~1b`
    /// (RFC 6901 escapes, after undoing the URI percent-encoding that `$ref` is written in).
    pub(super) fn resolve(&self, reference: &str) -> Result<(&Value, String), Reason> {
        let unresolved = || Reason::UnresolvedRef(reference.into());
        let pointer = percent_decode(reference.strip_prefix('#').ok_or_else(unresolved)?);
        let target = self.root.pointer(&pointer).ok_or_else(unresolved)?;
        Ok((target, format!("#{pointer}")))
    }

    /// Whether the validator of every part accepts `value`.
    fn accepts(&self, conj: &[Part<'_>], value: &Value) -> bool {
        conj.iter()
            .all(|p| self.parts.get(&p.ptr).is_none_or(|v| v.is_valid(value)))
    }

    /// The first validator message for `value` among the parts, for [`Reason::Rejected`].
    fn rejection(&self, conj: &[Part<'_>], value: &Value) -> Reason {
        let message = conj
            .iter()
            .filter_map(|p| self.parts.get(&p.ptr))
            .find_map(|v| v.iter_errors(value).next().map(|e| super::describe(&e)));
        Reason::Rejected(message.unwrap_or_else(|| "no message".into()))
    }
}

/// `required` names of all parts, in order, without repeats (JSON Schema 2020-12 §10.3.2.1 is
/// per-part; a conjunction requires the union).
pub(super) fn required(conj: &[Part<'_>]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in conj
        .iter()
        .filter_map(|p| p.schema.get("required")?.as_array())
        .flatten()
        .filter_map(Value::as_str)
    {
        if !names.iter().any(|n| n == name) {
            names.push(name.into());
        }
    }
    names
}

/// A property's conjunction: each part's `properties[name]`, or its `additionalProperties`
/// when it declares no such property and has no `patternProperties` that might claim it.
pub(super) fn property<'s>(
    schema: &'s InputSchema,
    conj: &[Part<'s>],
    name: &str,
) -> Result<Vec<Part<'s>>, Reason> {
    let mut out = Vec::new();
    for p in conj {
        if let Some(sub) = p.schema.get("properties").and_then(|ps| ps.get(name)) {
            schema.expand(
                sub,
                format!("{}/properties/{}", p.ptr, escape(name)),
                0,
                &mut out,
            )?;
        } else if let Some(sub) = p
            .schema
            .get("additionalProperties")
            .filter(|_| p.schema.get("patternProperties").is_none())
        {
            schema.expand(sub, format!("{}/additionalProperties", p.ptr), 0, &mut out)?;
        }
    }
    Ok(out)
}

/// One step into the instance, for error places.
enum Seg {
    Key(String),
    Index(usize),
}

pub(super) struct Synth<'a> {
    schema: &'a InputSchema,
    path: Vec<Seg>,
    /// Pointers of the subschemas that enclosing objects and arrays are being built from, to
    /// spot a branch that would recurse into one of them.
    enclosing: Vec<String>,
    steps: usize,
}

impl<'a> Synth<'a> {
    pub(super) fn new(schema: &'a InputSchema) -> Self {
        Self {
            schema,
            path: Vec::new(),
            enclosing: Vec::new(),
            steps: 0,
        }
    }

    pub(super) fn root(mut self) -> Result<Value, SynthesisError> {
        let conj = self
            .schema
            .conj(&self.schema.root, "#".into())
            .map_err(|r| self.fail(r))?;
        self.value(conj, &[])
    }

    fn fail(&self, reason: Reason) -> SynthesisError {
        let mut place = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if place.is_empty() => place.push_str(k),
                Seg::Key(k) => place.push_str(&format!(".{k}")),
                Seg::Index(i) => place.push_str(&format!("[{i}]")),
            }
        }
        let place = if self.path.is_empty() {
            "arguments".into()
        } else {
            format!("property `{place}`")
        };
        SynthesisError { place, reason }
    }

    /// A value accepted by every part of `conj` and not equal to any of `avoid` (the earlier
    /// items of a `uniqueItems` array). Preference: `const`, `enum`, `examples`, `default`, then
    /// `anyOf`/`oneOf` branches, then the types `type` allows.
    fn value(&mut self, conj: Vec<Part<'a>>, avoid: &[Value]) -> Result<Value, SynthesisError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.fail(Reason::TooComplex(MAX_STEPS)));
        }
        if self.path.len() > MAX_NESTING || conj.len() > MAX_REF_CHAIN {
            return Err(self.fail(Reason::TooDeep(MAX_NESTING)));
        }
        if conj.iter().any(|p| p.schema == &Value::Bool(false)) {
            return Err(self.fail(Reason::False));
        }
        let keyword = |k: &str| conj.iter().find_map(|p| p.schema.get(k));
        let fixed: Option<Vec<Value>> = match (keyword("const"), keyword("enum")) {
            (Some(c), _) => Some(vec![c.clone()]),
            (None, Some(Value::Array(values))) => Some(values.clone()),
            _ => None,
        };
        if let Some(fixed) = fixed {
            return self
                .first_accepted(&conj, avoid, fixed)
                .ok_or_else(|| self.fail(Reason::Enum));
        }
        let mut hints: Vec<Value> = keyword("examples")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        hints.extend(keyword("default").cloned());
        if let Some(v) = self.first_accepted(&conj, avoid, hints) {
            return Ok(v);
        }
        if let Some(result) = self.branch(&conj, avoid) {
            return result;
        }
        let mut first_error = None;
        for ty in types(&conj).map_err(|r| self.fail(r))? {
            let attempt = match ty {
                "string" => self.string(&conj, avoid),
                "object" | "array" => {
                    let depth = self.enclosing.len();
                    self.enclosing.extend(conj.iter().map(|p| p.ptr.clone()));
                    let built = if ty == "object" {
                        self.object(&conj, avoid)
                    } else {
                        self.array(&conj)
                    };
                    self.enclosing.truncate(depth);
                    built.and_then(|v| match self.schema.accepts(&conj, &v) {
                        true => Ok(v),
                        false => Err(self.fail(self.schema.rejection(&conj, &v))),
                    })
                }
                _ => self.scalar(ty, &conj, avoid),
            };
            match attempt {
                Ok(v) => return Ok(v),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| self.fail(Reason::TypeConflict)))
    }

    /// `null`, booleans (`false` first: flags are usually opt-in, and `false` is the harmless
    /// choice for `confirm`/`force`/`overwrite`), integers and numbers.
    fn scalar(
        &self,
        ty: &'static str,
        conj: &[Part<'_>],
        avoid: &[Value],
    ) -> Result<Value, SynthesisError> {
        let (candidates, keywords) = match ty {
            "null" => (vec![Value::Null], "the schema"),
            "boolean" => (vec![false.into(), true.into()], "the schema"),
            _ => (
                numbers(conj, ty == "integer", avoid.len() + 2),
                "minimum/maximum/multipleOf",
            ),
        };
        self.first_accepted(conj, avoid, candidates)
            .ok_or_else(|| self.fail(Reason::NoValue { kind: ty, keywords }))
    }

    fn first_accepted(
        &self,
        conj: &[Part<'_>],
        avoid: &[Value],
        candidates: Vec<Value>,
    ) -> Option<Value> {
        candidates
            .into_iter()
            .find(|c| !avoid.contains(c) && self.schema.accepts(conj, c))
    }

    /// Splits on the first unsplit `anyOf`/`oneOf`, trying branches in order with non-null
    /// branches first (an `Optional[int]` parameter should get an int), but a branch that
    /// `$ref`s back into an enclosing model last (`next: Optional[Node]` ends the chain with
    /// `null` at once). `oneOf`'s "exactly one" is enforced by the owning part's validator,
    /// which stays in the conjunction.
    fn branch(
        &mut self,
        conj: &[Part<'a>],
        avoid: &[Value],
    ) -> Option<Result<Value, SynthesisError>> {
        let (owner, k, branches) = conj.iter().enumerate().find_map(|(i, p)| {
            BRANCHING.iter().enumerate().find_map(|(k, key)| {
                let branches = p.schema.get(*key)?.as_array()?;
                (!p.branched[k]).then_some((i, k, branches))
            })
        })?;
        let mut order: Vec<usize> = (0..branches.len()).collect();
        order.sort_by_key(|&j| (self.recurses(&branches[j]), self.is_null_only(&branches[j])));
        let mut first_error = None;
        for j in order {
            let mut next = conj.to_vec();
            next[owner].branched[k] = true;
            let ptr = format!("{}/{}/{j}", conj[owner].ptr, BRANCHING[k]);
            let attempt = match self.schema.expand(&branches[j], ptr, 0, &mut next) {
                Ok(()) => self.value(next, avoid),
                Err(reason) => Err(self.fail(reason)),
            };
            match attempt {
                Ok(v) => return Some(Ok(v)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map(Err)
    }

    fn recurses(&self, schema: &Value) -> bool {
        let target = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.schema.resolve(r).ok());
        target.is_some_and(|(_, ptr)| self.enclosing.contains(&ptr))
    }

    fn is_null_only(&self, schema: &Value) -> bool {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self.schema.resolve(r).map_or(schema, |(target, _)| target),
            None => schema,
        };
        schema.get("type") == Some(&Value::from("null"))
            || schema.get("const") == Some(&Value::Null)
    }

    /// Strings: a sample of the `format`, strings built from each `pattern`, "mcp-matrix"
    /// padded or cut to the length bounds, then (for patterns) a list of common shapes.
    fn string(&self, conj: &[Part<'_>], avoid: &[Value]) -> Result<Value, SynthesisError> {
        let min = bound(conj, "minLength", f64::max).map_or(0, |n| (n as usize).min(MAX_LEN));
        let max = bound(conj, "maxLength", f64::min).map(|n| n as usize);
        let format = conj.iter().find_map(|p| p.schema.get("format")?.as_str());
        let patterns: Vec<&str> = conj
            .iter()
            .filter_map(|p| p.schema.get("pattern")?.as_str())
            .collect();
        let mut candidates = Vec::new();
        for k in 0..avoid.len() + 3 {
            candidates.extend(format.and_then(|f| pattern::format_sample(f, k)));
            for p in &patterns {
                candidates.extend(
                    [1, min.max(1), 0]
                        .into_iter()
                        .filter_map(|repeat| pattern::example(p, repeat, k)),
                );
            }
            let base = if k == 0 {
                FALLBACK.to_string()
            } else {
                format!("{FALLBACK}-{k}")
            };
            candidates.push(fit(&base, min, max, k > 0));
        }
        if !patterns.is_empty() {
            candidates.extend(pattern::COMMON.iter().map(|s| fit(s, min, max, false)));
        }
        // Last resort, e.g. for a `oneOf` where every longer string matches two branches.
        candidates.push(fit("", min, max, false));
        let candidates = candidates.into_iter().map(Value::String).collect();
        self.first_accepted(conj, avoid, candidates).ok_or_else(|| {
            self.fail(if patterns.is_empty() {
                Reason::NoValue {
                    kind: "string",
                    keywords: "minLength/maxLength/format",
                }
            } else {
                Reason::Pattern(patterns.join("` and `"))
            })
        })
    }

    /// Objects: the `required` properties, topped up from `properties` to `minProperties`.
    /// Only the first property steers clear of `avoid`, which is enough to make it distinct.
    fn object(&mut self, conj: &[Part<'a>], avoid: &[Value]) -> Result<Value, SynthesisError> {
        let mut names = required(conj);
        let wanted =
            bound(conj, "minProperties", f64::max).map_or(0, |n| (n as usize).min(MAX_LEN));
        let declared = conj
            .iter()
            .filter_map(|p| p.schema.get("properties")?.as_object())
            .flat_map(Map::keys);
        let invented = (0..wanted).map(|i| format!("{FALLBACK}-{i}"));
        for name in declared.cloned().chain(invented) {
            if names.len() >= wanted {
                break;
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut object = Map::new();
        for (i, name) in names.into_iter().enumerate() {
            let avoid_here: Vec<Value> = if i == 0 {
                avoid.iter().filter_map(|a| a.get(&name).cloned()).collect()
            } else {
                Vec::new()
            };
            self.path.push(Seg::Key(name.clone()));
            let value = property(self.schema, conj, &name)
                .map_err(|r| self.fail(r))
                .and_then(|sub| self.value(sub, &avoid_here));
            self.path.pop();
            object.insert(name, value?);
        }
        Ok(Value::Object(object))
    }

    /// Arrays: `minItems` items, each from `prefixItems`/`items` (or draft-4..2019-09 tuple
    /// `items` + `additionalItems`); with `uniqueItems` each item avoids the ones before it.
    fn array(&mut self, conj: &[Part<'a>]) -> Result<Value, SynthesisError> {
        let count = bound(conj, "minItems", f64::max).map_or(0, |n| n as usize);
        let unique = conj
            .iter()
            .any(|p| p.schema.get("uniqueItems") == Some(&Value::Bool(true)));
        let mut items = Vec::new();
        for i in 0..count {
            self.path.push(Seg::Index(i));
            let mut sub = Vec::new();
            let expanded = conj
                .iter()
                .filter_map(|p| item_schema(p, i))
                .try_for_each(|(s, ptr)| self.schema.expand(s, ptr, 0, &mut sub));
            let avoid = if unique { items.clone() } else { Vec::new() };
            let item = expanded
                .map_err(|r| self.fail(r))
                .and_then(|()| self.value(sub, &avoid));
            self.path.pop();
            items.push(item?);
        }
        Ok(Value::Array(items))
    }
}

fn item_schema<'s>(p: &Part<'s>, i: usize) -> Option<(&'s Value, String)> {
    if let Some(prefix) = p.schema.get("prefixItems").and_then(Value::as_array) {
        if let Some(s) = prefix.get(i) {
            return Some((s, format!("{}/prefixItems/{i}", p.ptr)));
        }
        return p
            .schema
            .get("items")
            .map(|s| (s, format!("{}/items", p.ptr)));
    }
    match p.schema.get("items")? {
        Value::Array(tuple) => match tuple.get(i) {
            Some(s) => Some((s, format!("{}/items/{i}", p.ptr))),
            None => p
                .schema
                .get("additionalItems")
                .map(|s| (s, format!("{}/additionalItems", p.ptr))),
        },
        s => Some((s, format!("{}/items", p.ptr))),
    }
}

/// The types to try, in the first `type` keyword's order with `null` last; intersected across
/// parts (`integer` survives an intersection with `number`). Without any `type`, the kind of
/// keywords present decides, and an unconstrained place gets a string.
fn types(conj: &[Part<'_>]) -> Result<Vec<&'static str>, Reason> {
    const ALL: [&str; 7] = [
        "string", "integer", "number", "boolean", "object", "array", "null",
    ];
    let mut allowed: Option<Vec<&'static str>> = None;
    for t in conj.iter().filter_map(|p| p.schema.get("type")) {
        let listed: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            _ => t
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
        };
        let previous = allowed.take().unwrap_or_else(|| {
            listed
                .iter()
                .filter_map(|l| ALL.into_iter().find(|a| a == l))
                .collect()
        });
        let mut next: Vec<&'static str> = Vec::new();
        for ty in previous {
            let kept = match ty {
                _ if listed.contains(&ty) => Some(ty),
                "integer" if listed.contains(&"number") => Some("integer"),
                "number" if listed.contains(&"integer") => Some("integer"),
                _ => None,
            };
            next.extend(kept.filter(|k| !next.contains(k)));
        }
        allowed = Some(next);
    }
    match allowed {
        Some(list) if list.is_empty() => Err(Reason::TypeConflict),
        Some(mut list) => {
            list.sort_by_key(|t| *t == "null");
            Ok(list)
        }
        None => {
            let has = |keys: &[&str]| {
                conj.iter()
                    .any(|p| keys.iter().any(|k| p.schema.get(k).is_some()))
            };
            Ok(vec![
                IMPLIED
                    .iter()
                    .find(|(_, keys)| has(keys))
                    .map_or("string", |(ty, _)| ty),
            ])
        }
    }
}

/// The tightest numeric keyword across parts (`f64::max` for lower bounds, `f64::min` for upper).
fn bound(conj: &[Part<'_>], key: &str, pick: fn(f64, f64) -> f64) -> Option<f64> {
    conj.iter()
        .filter_map(|p| p.schema.get(key)?.as_f64())
        .reduce(pick)
}

/// Numeric candidates: 1 (integers) or 1.5 (numbers) first, then values at and around the
/// bounds and the nearest multiples of `multipleOf`, so "the smallest allowed" wins when the
/// preferred value is out of range. Exclusivity (draft-4 booleans or draft-6+ numbers) is left
/// to the validator, which sees every candidate.
fn numbers(conj: &[Part<'_>], integer: bool, extra: usize) -> Vec<Value> {
    let preferred = if integer { 1.0 } else { 1.5 };
    let lo = [
        bound(conj, "minimum", f64::max),
        bound(conj, "exclusiveMinimum", f64::max),
    ]
    .into_iter()
    .flatten()
    .reduce(f64::max);
    let hi = [
        bound(conj, "maximum", f64::min),
        bound(conj, "exclusiveMaximum", f64::min),
    ]
    .into_iter()
    .flatten()
    .reduce(f64::min);
    let steps: Vec<f64> = conj
        .iter()
        .filter_map(|p| p.schema.get("multipleOf")?.as_f64())
        .filter(|m| *m > 0.0)
        .collect();
    let mut xs = vec![preferred];
    for b in lo.into_iter().chain(hi) {
        xs.extend([b, b + 1.0, b - 1.0, b + 0.5, b - 0.5]);
    }
    if let (Some(l), Some(h)) = (lo, hi) {
        xs.push((l + h) / 2.0);
    }
    for m in &steps {
        for base in [preferred].into_iter().chain(lo).chain(hi) {
            let k = (base / m).ceil();
            xs.extend([k * m, (k - 1.0) * m, (k + 1.0) * m]);
        }
    }
    for i in 1..=extra {
        let i = i as f64;
        xs.extend([
            preferred + i,
            lo.unwrap_or(preferred) + i,
            hi.unwrap_or(preferred) - i,
        ]);
        xs.extend(steps.first().map(|m| ((preferred / m).ceil() + i) * m));
    }
    let mut out: Vec<Value> = Vec::new();
    for x in xs {
        let tidy = (x * 1e9).round() / 1e9;
        let forms = if integer {
            vec![x.ceil(), x.floor()]
        } else {
            vec![tidy, x]
        };
        for f in forms {
            let v = if integer && f.abs() < 9e15 {
                Some(Value::from(f as i64))
            } else {
                Number::from_f64(f).map(Value::Number)
            };
            if let Some(v) = v.filter(|v| !out.contains(v)) {
                out.push(v);
            }
        }
    }
    out
}

/// `s` padded (with "-mcp-matrix" repeated) to `min` characters and cut to `max`, keeping the
/// tail when the tail is what makes it distinct ("mcp-matrix-2" in a 3-char field is "x-2").
fn fit(s: &str, min: usize, max: Option<usize>, keep_tail: bool) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let filler: Vec<char> = format!("-{FALLBACK}").chars().collect();
    let mut i = 0;
    while chars.len() < min {
        chars.push(filler[i % filler.len()]);
        i += 1;
    }
    if let Some(max) = max.filter(|m| chars.len() > *m) {
        chars = if keep_tail {
            chars.split_off(chars.len() - max)
        } else {
            chars[..max].to_vec()
        };
    }
    chars.into_iter().collect()
}

/// RFC 6901 escaping of one reference token, as the validator map spells its keys.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `$ref` is a URI reference, so its fragment may be percent-encoded (RFC 3986 §2.1).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
