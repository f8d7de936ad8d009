//! Rewrites of an OpenAPI document, for the invariant test: rewrites that
//! keep its meaning (a diff against the original must find nothing at
//! warning or above) and planted edits that break clients (a diff must
//! find an error at the operation edited). Each works on the document as a
//! JSON value and is deterministic for a seed.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value, json};

/// A small deterministic generator (splitmix64): the same seed, the same
/// choices, on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The meaning-preserving rewrites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rewrite {
    /// The file itself, byte for byte.
    Identity,
    /// Every object's members in another (seeded) order, and the lists
    /// whose order means nothing (`required`, `enum`, `type`, `allOf`,
    /// `anyOf`, `oneOf`, `parameters`, `security`, `tags`) too.
    Reordered,
    /// JSON written as YAML, YAML as JSON.
    OtherFormat,
    /// Every component schema renamed, every `$ref` to it rewritten.
    ComponentsRenamed,
    /// Every `$ref` to a component schema without `$ref`s inside replaced
    /// by a copy of it.
    LeafRefsInlined,
    /// Every inline schema (bodies, parameters, responses, properties,
    /// items, members) moved into `components.schemas`, a `$ref` in its
    /// place.
    InlineExtracted,
    /// Every path parameter renamed, in the templates and the parameters.
    PathParametersRenamed,
    /// OpenAPI 3.0 → 3.1: `nullable` → a `null` type (and `null` added to
    /// an enum beside it), boolean → numeric exclusive bounds, `example` →
    /// `examples`, `$ref` siblings (which 3.0 ignores) dropped.
    MigratedTo31,
    /// The same, an enum left as written: 3.0.3's reading of `nullable`
    /// beside an enum, where the other keeps what validators do.
    MigratedTo31EnumsAsWritten,
}

impl Rewrite {
    pub const ALL: [Rewrite; 9] = [
        Rewrite::Identity,
        Rewrite::Reordered,
        Rewrite::OtherFormat,
        Rewrite::ComponentsRenamed,
        Rewrite::LeafRefsInlined,
        Rewrite::InlineExtracted,
        Rewrite::PathParametersRenamed,
        Rewrite::MigratedTo31,
        Rewrite::MigratedTo31EnumsAsWritten,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rewrite::Identity => "identity",
            Rewrite::Reordered => "members reordered",
            Rewrite::OtherFormat => "JSON <-> YAML",
            Rewrite::ComponentsRenamed => "component schemas renamed",
            Rewrite::LeafRefsInlined => "leaf $refs inlined",
            Rewrite::InlineExtracted => "inline schemas extracted",
            Rewrite::PathParametersRenamed => "path parameters renamed",
            Rewrite::MigratedTo31 => "3.0 -> 3.1 migration",
            Rewrite::MigratedTo31EnumsAsWritten => "3.0 -> 3.1, enums as written",
        }
    }

    /// The rewritten document, or `None` where the rewrite does not apply
    /// (nothing to rename, a 3.1 document to migrate) — the identity and
    /// the two that only change how the document is written always apply.
    pub fn apply(self, doc: &Value, rng: &mut Rng) -> Option<Value> {
        match self {
            Rewrite::Identity | Rewrite::OtherFormat => Some(doc.clone()),
            Rewrite::Reordered => Some(lists_reordered(reordered(doc, rng), rng)),
            Rewrite::ComponentsRenamed => components_renamed(doc),
            Rewrite::LeafRefsInlined => leaf_refs_inlined(doc),
            Rewrite::InlineExtracted => inline_extracted(doc),
            Rewrite::PathParametersRenamed => path_parameters_renamed(doc),
            Rewrite::MigratedTo31 => migrated_to_31(doc, true),
            Rewrite::MigratedTo31EnumsAsWritten => migrated_to_31(doc, false),
        }
    }
}

// ---------------------------------------------------------------------
// JSON pointers and walking

pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// Where a schema sits, and whether it is a member of a `oneOf`/`anyOf`
/// whose schema has a discriminator.
#[derive(Clone, Debug)]
pub struct SchemaAt {
    pub pointer: String,
    pub under_discriminator: bool,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every schema position of an OpenAPI document, parents before their
/// subschemas. Objects that are `$ref`s to non-schemas (a parameter, a
/// response) are not followed: their targets are walked where they are.
pub fn schemas(doc: &Value) -> Vec<SchemaAt> {
    let mut out = Vec::new();
    let w = &mut out;
    if let Some(Value::Object(components)) = doc.get("components") {
        let at = "/components";
        each(components.get("schemas"), &push(at, "schemas"), |p, v| {
            schema(v, p, false, w)
        });
        each(
            components.get("parameters"),
            &push(at, "parameters"),
            |p, v| parameter(v, p, w),
        );
        each(components.get("headers"), &push(at, "headers"), |p, v| {
            parameter(v, p, w)
        });
        each(
            components.get("requestBodies"),
            &push(at, "requestBodies"),
            |p, v| content(v, p, w),
        );
        each(
            components.get("responses"),
            &push(at, "responses"),
            |p, v| response(v, p, w),
        );
        each(
            components.get("callbacks"),
            &push(at, "callbacks"),
            |p, v| each(Some(v), p, |p, v| path_item(v, p, w)),
        );
        each(
            components.get("pathItems"),
            &push(at, "pathItems"),
            |p, v| path_item(v, p, w),
        );
    }
    each(doc.get("paths"), "/paths", |p, v| path_item(v, p, w));
    each(doc.get("webhooks"), "/webhooks", |p, v| path_item(v, p, w));
    out
}

fn each(value: Option<&Value>, at: &str, mut f: impl FnMut(&str, &Value)) {
    if let Some(Value::Object(map)) = value {
        for (key, value) in map {
            f(&push(at, key), value);
        }
    }
}

fn is_ref(value: &Value) -> bool {
    value.get("$ref").is_some()
}

fn path_item(item: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(item) {
        return;
    }
    parameters(item, at, out);
    for method in METHODS {
        if let Some(op) = item.get(method).filter(|v| v.is_object()) {
            let at = push(at, method);
            parameters(op, &at, out);
            if let Some(body) = op.get("requestBody") {
                content(body, &push(&at, "requestBody"), out);
            }
            each(op.get("responses"), &push(&at, "responses"), |p, v| {
                response(v, p, out)
            });
            each(op.get("callbacks"), &push(&at, "callbacks"), |p, v| {
                each(Some(v), p, |p, v| path_item(v, p, out))
            });
        }
    }
}

fn parameters(owner: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if let Some(Value::Array(list)) = owner.get("parameters") {
        let at = push(at, "parameters");
        for (i, p) in list.iter().enumerate() {
            parameter(p, &push(&at, &i.to_string()), out);
        }
    }
}

/// A parameter or a header.
fn parameter(p: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(p) {
        return;
    }
    if let Some(s) = p.get("schema") {
        schema(s, &push(at, "schema"), false, out);
    }
    content(p, at, out);
}

/// The `content` of a request body, a response, a parameter or a header.
fn content(owner: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(owner) {
        return;
    }
    each(owner.get("content"), &push(at, "content"), |p, media| {
        if let Some(s) = media.get("schema") {
            schema(s, &push(p, "schema"), false, out);
        }
    });
}

fn response(r: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(r) {
        return;
    }
    content(r, at, out);
    each(r.get("headers"), &push(at, "headers"), |p, v| {
        parameter(v, p, out)
    });
}

/// Keywords whose value is a schema, a list of schemas, or a map of them.
const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

fn schema(s: &Value, at: &str, under_discriminator: bool, out: &mut Vec<SchemaAt>) {
    let Value::Object(map) = s else {
        return;
    };
    out.push(SchemaAt {
        pointer: at.to_owned(),
        under_discriminator,
    });
    let discriminated = map.contains_key("discriminator");
    for key in ONE {
        if let Some(v) = map.get(*key) {
            schema(v, &push(at, key), false, out);
        }
    }
    for key in LIST {
        if let Some(Value::Array(items)) = map.get(*key) {
            let list = push(at, key);
            let flagged = discriminated && (*key == "oneOf" || *key == "anyOf");
            for (i, v) in items.iter().enumerate() {
                schema(v, &push(&list, &i.to_string()), flagged, out);
            }
        }
    }
    for key in MAP {
        each(map.get(*key), &push(at, key), |p, v| {
            schema(v, p, false, out)
        });
    }
}

/// The local target of a `$ref` (`#/components/schemas/A`), as a pointer.
pub fn local_target(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `$ref` string in the document, with the pointer of the object
/// that holds it.
fn refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.to_owned(), r.clone()));
            }
            for (k, v) in map {
                refs(v, &push(at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &push(at, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn has_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// The names of component schemas a discriminator may pick by name (no
/// mapping needed): members of a discriminated `oneOf`/`anyOf`, and
/// schemas that extend a discriminated schema through `allOf`. Renaming or
/// inlining them would change which payloads they take.
fn named_by_discriminators(doc: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let prefix = "/components/schemas/";
    let component = |r: &str| -> Option<String> {
        let target = local_target(r)?;
        let rest = target.strip_prefix(prefix)?;
        (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
    };
    let mut discriminated = BTreeSet::new();
    for at in schemas(doc) {
        let Some(s) = doc.pointer(&at.pointer) else {
            continue;
        };
        if s.get("discriminator").is_none() {
            continue;
        }
        if let Some(name) = at.pointer.strip_prefix(prefix).filter(|n| !n.contains('/')) {
            discriminated.insert(name.replace("~1", "/").replace("~0", "~"));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = s.get(key) {
                for item in items {
                    if let Some(name) = item.get("$ref").and_then(Value::as_str).and_then(component)
                    {
                        names.insert(name);
                    }
                }
            }
        }
    }
    if let Some(Value::Object(all)) = doc.pointer("/components/schemas") {
        for (name, s) in all {
            if let Some(Value::Array(members)) = s.get("allOf") {
                let extends = members.iter().any(|m| {
                    m.get("$ref")
                        .and_then(Value::as_str)
                        .and_then(component)
                        .is_some_and(|n| discriminated.contains(&n))
                });
                if extends {
                    names.insert(name.clone());
                }
            }
        }
    }
    names.extend(discriminated);
    names
}

// ---------------------------------------------------------------------
// The rewrites

fn reordered(value: &Value, rng: &mut Rng) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            rng.shuffle(&mut entries);
            // Never the original order where there is another.
            if entries.len() > 1 && entries.iter().map(|e| e.0).eq(map.keys()) {
                entries.reverse();
            }
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), reordered(v, rng)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| reordered(v, rng)).collect()),
        other => other.clone(),
    }
}

/// The lists whose order carries no meaning, shuffled: in every schema,
/// and the parameters, security requirements and tags of every path item
/// and operation.
fn lists_reordered(mut doc: Value, rng: &mut Rng) -> Value {
    let mut lists: Vec<String> = Vec::new();
    for at in schemas(&doc) {
        for key in ["required", "enum", "type", "allOf", "anyOf", "oneOf"] {
            lists.push(push(&at.pointer, key));
        }
    }
    for op in operations(&doc) {
        let item = push("/paths", &op.template);
        for key in ["parameters", "security", "tags"] {
            lists.push(push(&op.pointer, key));
            lists.push(push(&item, key));
        }
    }
    lists.push("/security".to_owned());
    lists.sort();
    lists.dedup();
    for pointer in lists {
        if let Some(Value::Array(items)) = doc.pointer_mut(&pointer) {
            rng.shuffle(items);
        }
    }
    doc
}

const RENAMED: &str = "Renamed";

fn components_renamed(doc: &Value) -> Option<Value> {
    let names: Vec<String> = doc
        .pointer("/components/schemas")?
        .as_object()?
        .keys()
        .cloned()
        .collect();
    let keep = named_by_discriminators(doc);
    let renamed: HashSet<&String> = names.iter().filter(|n| !keep.contains(*n)).collect();
    if renamed.is_empty() {
        return None;
    }
    let mut out = doc.clone();
    // The components themselves, in their order.
    let schemas = out.pointer_mut("/components/schemas")?.as_object_mut()?;
    let old = std::mem::take(schemas);
    for (name, value) in old {
        let name = if renamed.contains(&name) {
            format!("{name}{RENAMED}")
        } else {
            name
        };
        schemas.insert(name, value);
    }
    // Every `$ref` (and discriminator mapping) to one of them.
    let rename_ref = |r: &str| -> Option<String> {
        let rest = r.strip_prefix("#/components/schemas/")?;
        let (encoded, tail) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let name = percent_decode(encoded)
            .replace("~1", "/")
            .replace("~0", "~");
        renamed
            .contains(&name)
            .then(|| format!("#/components/schemas/{encoded}{RENAMED}{tail}"))
    };
    fn visit(value: &mut Value, f: &dyn Fn(&str) -> Option<String>, bare: &dyn Fn(&str) -> bool) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get_mut("$ref")
                    && let Some(new) = f(r)
                {
                    *r = new;
                }
                if let Some(Value::Object(mapping)) = map
                    .get_mut("discriminator")
                    .and_then(|d| d.get_mut("mapping"))
                {
                    for target in mapping.values_mut() {
                        if let Value::String(t) = target {
                            if let Some(new) = f(t) {
                                *t = new;
                            } else if bare(t) {
                                *t = format!("{t}{RENAMED}");
                            }
                        }
                    }
                }
                for v in map.values_mut() {
                    visit(v, f, bare);
                }
            }
            Value::Array(items) => {
                for v in items {
                    visit(v, f, bare);
                }
            }
            _ => {}
        }
    }
    let bare = |t: &str| !t.contains('/') && !t.contains('#') && renamed.contains(&t.to_owned());
    visit(&mut out, &rename_ref, &bare);
    Some(out)
}

fn leaf_refs_inlined(doc: &Value) -> Option<Value> {
    let keep = named_by_discriminators(doc);
    let components = doc.pointer("/components/schemas")?.as_object()?;
    let mut out = doc.clone();
    let mut count = 0;
    // Deepest first, so that the pointers of what is left stay valid.
    let mut at = schemas(doc);
    at.reverse();
    for s in at {
        if s.under_discriminator {
            continue;
        }
        let Some(Value::Object(map)) = doc.pointer(&s.pointer) else {
            continue;
        };
        if map.len() != 1 {
            continue;
        }
        let Some(Value::String(r)) = map.get("$ref") else {
            continue;
        };
        let Some(rest) = r.strip_prefix("#/components/schemas/") else {
            continue;
        };
        let name = percent_decode(rest).replace("~1", "/").replace("~0", "~");
        if rest.contains('/') || keep.contains(&name) {
            continue;
        }
        let Some(target) = components.get(&name) else {
            continue;
        };
        if has_ref(target) || target.get("discriminator").is_some() || !target.is_object() {
            continue;
        }
        if let Some(slot) = out.pointer_mut(&s.pointer) {
            *slot = target.clone();
            count += 1;
        }
    }
    (count > 0).then_some(out)
}

fn inline_extracted(doc: &Value) -> Option<Value> {
    let mut targets: Vec<String> = Vec::new();
    let mut all = Vec::new();
    refs(doc, "", &mut all);
    for (_, r) in &all {
        if let Some(t) = local_target(r) {
            targets.push(t);
        }
    }
    let pointed_into = |pointer: &str| {
        targets
            .iter()
            .any(|t| t == pointer || t.starts_with(&format!("{pointer}/")))
    };
    let mut out = doc.clone();
    let mut extracted: Vec<(String, Value)> = Vec::new();
    // Deepest first: an extracted schema holds `$ref`s to its extracted
    // subschemas.
    let mut at = schemas(doc);
    at.reverse();
    for s in at {
        if s.pointer.starts_with("/components/schemas/") && s.pointer.matches('/').count() == 3
            || s.under_discriminator
        {
            continue;
        }
        let Some(value) = doc.pointer(&s.pointer) else {
            continue;
        };
        // Every inline schema that says something: objects, arrays,
        // scalars, unions (not `$ref`s, not booleans, not the empty one).
        let extractable = value.as_object().is_some_and(|m| !m.is_empty())
            && value.get("$ref").is_none()
            && value.get("discriminator").is_none();
        if !extractable || pointed_into(&s.pointer) {
            continue;
        }
        let name = format!("Extracted{}", extracted.len());
        let Some(slot) = out.pointer_mut(&s.pointer) else {
            continue;
        };
        let moved = std::mem::replace(
            slot,
            json!({"$ref": format!("#/components/schemas/{name}")}),
        );
        extracted.push((name, moved));
    }
    if extracted.is_empty() {
        return None;
    }
    let root = out.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    for (name, value) in extracted {
        if schemas.contains_key(&name) {
            return None;
        }
        schemas.insert(name, value);
    }
    Some(out)
}

fn renamed_parameter(name: &str) -> String {
    format!("{name}_renamed")
}

/// `/a/{id}/b` with every `{…}` renamed.
fn rename_template(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&renamed_parameter(&rest[open + 1..open + close]));
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn path_parameters_renamed(doc: &Value) -> Option<Value> {
    let paths = doc.get("paths")?.as_object()?;
    if !paths.keys().any(|k| k.contains('{')) {
        return None;
    }
    let mut out = doc.clone();
    // Templates; a `$ref` into a path item names it by its template.
    let old = std::mem::take(out.get_mut("paths")?.as_object_mut()?);
    let new: Map<String, Value> = old
        .into_iter()
        .map(|(k, v)| (rename_template(&k), v))
        .collect();
    *out.get_mut("paths")? = Value::Object(new);
    fn visit(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map.get("in").and_then(Value::as_str) == Some("path")
                    && let Some(Value::String(name)) = map.get_mut("name")
                {
                    *name = renamed_parameter(name);
                }
                if let Some(Value::String(r)) = map.get_mut("$ref")
                    && let Some(rest) = r.strip_prefix("#/paths/")
                {
                    let (head, tail) = match rest.find('/') {
                        Some(i) => (&rest[..i], &rest[i..]),
                        None => (rest, ""),
                    };
                    *r = format!("#/paths/{}{tail}", rename_template(head));
                }
                for v in map.values_mut() {
                    visit(v);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(visit),
            _ => {}
        }
    }
    visit(&mut out);
    Some(out)
}

fn migrated_to_31(doc: &Value, null_in_enums: bool) -> Option<Value> {
    let version = doc.get("openapi")?.as_str()?;
    if !version.starts_with("3.0") {
        return None;
    }
    let mut out = doc.clone();
    *out.get_mut("openapi")? = json!("3.1.0");
    for s in schemas(doc) {
        let Some(Value::Object(map)) = out.pointer_mut(&s.pointer) else {
            continue;
        };
        if map.contains_key("$ref") {
            // OpenAPI 3.0 ignores what stands beside a `$ref`.
            map.retain(|k, _| k == "$ref" || k == "description" || k == "title");
            continue;
        }
        if let Some(example) = map.remove("example") {
            map.insert("examples".to_owned(), json!([example]));
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            match map.get(exclusive) {
                Some(Value::Bool(true)) => {
                    match map.remove(bound) {
                        Some(n) => map.insert(exclusive.to_owned(), n),
                        None => map.remove(exclusive),
                    };
                }
                Some(Value::Bool(false)) => {
                    map.remove(exclusive);
                }
                _ => {}
            }
        }
        // `nullable` takes effect beside a `type` only (3.0.3).
        if map.remove("nullable") == Some(Value::Bool(true))
            && let Some(Value::String(t)) = map.get("type").cloned()
        {
            map.insert("type".to_owned(), json!([t, "null"]));
            if let Some(Value::Array(values)) = map.get_mut("enum")
                && null_in_enums
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------
// Planted breaks

/// An edit that breaks clients of one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Break {
    ResponseRequiredPropertyRemoved,
    RequiredQueryParameterAdded,
    OperationRemoved,
    ResponsePropertyTypeChanged,
    RequestEnumValueRemoved,
    RequestPropertyMadeRequired,
}

impl Break {
    pub const ALL: [Break; 6] = [
        Break::ResponseRequiredPropertyRemoved,
        Break::RequiredQueryParameterAdded,
        Break::OperationRemoved,
        Break::ResponsePropertyTypeChanged,
        Break::RequestEnumValueRemoved,
        Break::RequestPropertyMadeRequired,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Break::ResponseRequiredPropertyRemoved => "required response property removed",
            Break::RequiredQueryParameterAdded => "required query parameter added",
            Break::OperationRemoved => "operation removed",
            Break::ResponsePropertyTypeChanged => "response property type changed",
            Break::RequestEnumValueRemoved => "request enum value removed",
            Break::RequestPropertyMadeRequired => "request property made required",
        }
    }
}

/// A planted break: the operation (`GET /a/{id}`) and what was done.
#[derive(Clone, Debug)]
pub struct Planted {
    pub kind: Break,
    pub operation: String,
    pub what: String,
}

/// An operation of the document: its path template, method, pointer.
struct Op {
    template: String,
    method: &'static str,
    pointer: String,
}

fn operations(doc: &Value) -> Vec<Op> {
    let mut out = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (template, item) in paths {
            if !template.starts_with('/') || is_ref(item) {
                continue;
            }
            for method in METHODS {
                if item.get(method).is_some_and(Value::is_object) {
                    out.push(Op {
                        template: template.clone(),
                        method,
                        pointer: push(&push("/paths", template), method),
                    });
                }
            }
        }
    }
    out
}

/// A `$ref`'s target in `doc`, following chains; the value itself if it is
/// not a `$ref`.
fn resolve<'v>(doc: &'v Value, mut value: &'v Value) -> Option<&'v Value> {
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => value = doc.pointer(&local_target(r)?)?,
            None => return Some(value),
        }
    }
    None
}

/// Makes the value at `pointer` in `out` the operation's own: every `$ref`
/// on the way from the operation (and at the end) replaced by a copy of
/// its target, so that an edit there changes this operation only. Returns
/// the pointer, now to an inline value.
fn own(out: &mut Value, original: &Value, pointer: &str) -> Option<()> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut at = String::new();
    for i in 0..=tokens.len() {
        if i > 0 {
            at.push('/');
            at.push_str(tokens[i - 1]);
        }
        let current = out.pointer(&at)?.clone();
        if current.get("$ref").is_some() {
            let target = resolve(original, &current)?.clone();
            *out.pointer_mut(&at)? = target;
        }
    }
    Some(())
}

/// The JSON schema of an operation's success response, as a pointer
/// reached through resolved `$ref`s (written as the path it would have
/// once owned), with its resolved value.
fn success_schema(doc: &Value, op: &Op) -> Option<(String, Value)> {
    let operation = doc.pointer(&op.pointer)?;
    let responses = operation.get("responses")?.as_object()?;
    let (status, response) = responses
        .iter()
        .find(|(s, _)| s.starts_with('2') && s.len() == 3)?;
    let response = resolve(doc, response)?;
    let (media, schema) = media_schema(response)?;
    let pointer = push(
        &push(
            &push(&push(&push(&op.pointer, "responses"), status), "content"),
            media,
        ),
        "schema",
    );
    Some((pointer, resolve(doc, schema)?.clone()))
}

/// The schema of a body's JSON media type, else of its first one.
fn media_schema(body: &Value) -> Option<(&str, &Value)> {
    let content = body.get("content")?.as_object()?;
    let (media, value) = content
        .iter()
        .find(|(m, _)| m.as_str() == "application/json")
        .or_else(|| content.iter().next())?;
    Some((media.as_str(), value.get("schema")?))
}

fn request_schema(doc: &Value, op: &Op) -> Option<(String, Value)> {
    let operation = doc.pointer(&op.pointer)?;
    let body = resolve(doc, operation.get("requestBody")?)?;
    let (media, schema) = media_schema(body)?;
    let pointer = push(&push(&push(&op.pointer, "requestBody"), "content"), media);
    Some((push(&pointer, "schema"), resolve(doc, schema)?.clone()))
}

fn is_deprecated(doc: &Value, op: &Op) -> bool {
    doc.pointer(&op.pointer)
        .and_then(|o| o.get("deprecated"))
        .and_then(Value::as_bool)
        == Some(true)
}

fn flag(doc: &Value, schema: &Value, key: &str) -> bool {
    resolve(doc, schema)
        .and_then(|s| s.get(key))
        .and_then(Value::as_bool)
        == Some(true)
        || schema.get(key).and_then(Value::as_bool) == Some(true)
}

/// Plants one break of `kind` in `out` at an operation not in `used`,
/// chosen with `rng`; `None` where the document has no place for it.
pub fn plant(
    kind: Break,
    original: &Value,
    out: &mut Value,
    used: &mut BTreeSet<String>,
    rng: &mut Rng,
) -> Option<Planted> {
    let mut ops = operations(original);
    rng.shuffle(&mut ops);
    for op in ops {
        let name = format!("{} {}", op.method.to_ascii_uppercase(), op.template);
        if used.contains(&name) || used.contains(&op.template) || is_deprecated(original, &op) {
            continue;
        }
        if let Some(what) = plant_at(kind, original, out, &op, rng) {
            used.insert(name.clone());
            if kind == Break::OperationRemoved {
                used.insert(op.template.clone());
            }
            return Some(Planted {
                kind,
                operation: name,
                what,
            });
        }
    }
    None
}

fn plant_at(kind: Break, doc: &Value, out: &mut Value, op: &Op, rng: &mut Rng) -> Option<String> {
    match kind {
        Break::OperationRemoved => {
            let item = push("/paths", &op.template);
            out.pointer_mut(&item)?.as_object_mut()?.remove(op.method)?;
            Some(format!("{} removed", op.method))
        }
        Break::RequiredQueryParameterAdded => {
            own(out, doc, &op.pointer)?;
            let operation = out.pointer_mut(&op.pointer)?.as_object_mut()?;
            let list = operation
                .entry("parameters")
                .or_insert_with(|| json!([]))
                .as_array_mut()?;
            list.push(json!({
                "name": "accord_planted",
                "in": "query",
                "required": true,
                "schema": {"type": "string"}
            }));
            Some("query parameter `accord_planted` added, required".to_owned())
        }
        Break::ResponseRequiredPropertyRemoved | Break::ResponsePropertyTypeChanged => {
            let (pointer, schema) = success_schema(doc, op)?;
            let properties = schema.get("properties")?.as_object()?;
            if schema.get("type").and_then(Value::as_str) != Some("object")
                || schema.get("allOf").is_some()
                || schema.get("oneOf").is_some()
                || schema.get("anyOf").is_some()
            {
                return None;
            }
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let candidates: Vec<&String> = properties
                .iter()
                .filter(|(name, p)| {
                    let p = resolve(doc, p);
                    match kind {
                        Break::ResponseRequiredPropertyRemoved => {
                            required.contains(&name.as_str())
                                && !p.is_some_and(|p| flag(doc, p, "writeOnly"))
                        }
                        _ => p.is_some_and(|p| {
                            p.get("type").and_then(Value::as_str) == Some("string")
                                && !flag(doc, p, "writeOnly")
                                && p.get("enum").is_none()
                        }),
                    }
                })
                .map(|(n, _)| n)
                .collect();
            if candidates.is_empty() {
                return None;
            }
            let property = candidates[rng.below(candidates.len())].clone();
            own(out, doc, &pointer)?;
            let schema = out.pointer_mut(&pointer)?.as_object_mut()?;
            if kind == Break::ResponseRequiredPropertyRemoved {
                schema
                    .get_mut("properties")?
                    .as_object_mut()?
                    .remove(&property)?;
                if let Some(Value::Array(r)) = schema.get_mut("required") {
                    r.retain(|v| v.as_str() != Some(&property));
                }
                Some(format!(
                    "required `{property}` removed from the success response"
                ))
            } else {
                let p = schema
                    .get_mut("properties")?
                    .as_object_mut()?
                    .get_mut(&property)?;
                let mut resolved = resolve(doc, p)?.clone();
                resolved.as_object_mut()?.retain(|k, _| {
                    !matches!(k.as_str(), "format" | "pattern" | "maxLength" | "minLength")
                });
                resolved["type"] = json!("integer");
                *p = resolved;
                Some(format!("response property `{property}`: string → integer"))
            }
        }
        Break::RequestEnumValueRemoved => {
            // A query parameter's enum, else a request body property's.
            let operation = doc.pointer(&op.pointer)?;
            if let Some(Value::Array(params)) = operation.get("parameters") {
                for (i, p) in params.iter().enumerate() {
                    let Some(p) = resolve(doc, p) else { continue };
                    let Some(schema) = p.get("schema").and_then(|s| resolve(doc, s)) else {
                        continue;
                    };
                    let Some(Value::Array(values)) = schema.get("enum") else {
                        continue;
                    };
                    if values.len() < 2 || p.get("in").and_then(Value::as_str) == Some("header") {
                        continue;
                    }
                    let pointer = push(
                        &push(&push(&op.pointer, "parameters"), &i.to_string()),
                        "schema",
                    );
                    own(out, doc, &pointer)?;
                    let values = out.pointer_mut(&pointer)?.get_mut("enum")?.as_array_mut()?;
                    let removed = values.remove(rng.below(values.len()));
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
                    return Some(format!(
                        "{removed} removed from the enum of parameter `{name}`"
                    ));
                }
            }
            let (pointer, schema) = request_schema(doc, op)?;
            let properties = schema.get("properties")?.as_object()?;
            for (name, p) in properties {
                let Some(resolved) = resolve(doc, p) else {
                    continue;
                };
                if flag(doc, p, "readOnly") {
                    continue;
                }
                let Some(Value::Array(values)) = resolved.get("enum") else {
                    continue;
                };
                if values.len() < 2 {
                    continue;
                }
                let at = push(&push(&pointer, "properties"), name);
                own(out, doc, &at)?;
                let values = out.pointer_mut(&at)?.get_mut("enum")?.as_array_mut()?;
                let removed = values.remove(rng.below(values.len()));
                return Some(format!(
                    "{removed} removed from the enum of request property `{name}`"
                ));
            }
            None
        }
        Break::RequestPropertyMadeRequired => {
            let (pointer, schema) = request_schema(doc, op)?;
            if schema.get("allOf").is_some()
                || schema.get("oneOf").is_some()
                || schema.get("anyOf").is_some()
            {
                return None;
            }
            let properties = schema.get("properties")?.as_object()?;
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let candidates: Vec<&String> = properties
                .iter()
                .filter(|(n, p)| {
                    !required.contains(&n.as_str())
                        && !flag(doc, p, "readOnly")
                        && resolve(doc, p).is_some_and(|r| r.get("default").is_none())
                        && p.get("default").is_none()
                })
                .map(|(n, _)| n)
                .collect();
            if candidates.is_empty() {
                return None;
            }
            let property = candidates[rng.below(candidates.len())].clone();
            own(out, doc, &pointer)?;
            let schema = out.pointer_mut(&pointer)?.as_object_mut()?;
            let list = schema
                .entry("required")
                .or_insert_with(|| json!([]))
                .as_array_mut()?;
            list.push(json!(property));
            Some(format!("request property `{property}` made required"))
        }
    }
}

/// Counts by a key, for the printed tables.
pub type Counts = BTreeMap<String, BTreeMap<String, usize>>;
