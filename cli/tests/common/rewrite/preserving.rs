//! Rewrites that keep a document's meaning: members reordered, components
//! renamed, leaf `$ref`s inlined, inline schemas extracted, path parameters
//! renamed, a 3.0 → 3.1 migration.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::breaking::operations;
use super::walk::{has_ref, local_target, named_by_discriminators, percent_decode, refs, schemas};
use super::{Rng, push};

pub(super) fn reordered(value: &Value, rng: &mut Rng) -> Value {
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
pub(super) fn lists_reordered(mut doc: Value, rng: &mut Rng) -> Value {
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

pub(super) const RENAMED: &str = "Renamed";

pub(super) fn components_renamed(doc: &Value) -> Option<Value> {
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
    pub(super) fn visit(
        value: &mut Value,
        f: &dyn Fn(&str) -> Option<String>,
        bare: &dyn Fn(&str) -> bool,
    ) {
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

pub(super) fn leaf_refs_inlined(doc: &Value) -> Option<Value> {
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

pub(super) fn inline_extracted(doc: &Value) -> Option<Value> {
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

pub(super) fn renamed_parameter(name: &str) -> String {
    format!("{name}_renamed")
}

/// `/a/{id}/b` with every `{…}` renamed.
pub(super) fn rename_template(template: &str) -> String {
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

pub(super) fn path_parameters_renamed(doc: &Value) -> Option<Value> {
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
    pub(super) fn visit(value: &mut Value) {
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

pub(super) fn migrated_to_31(doc: &Value, null_in_enums: bool) -> Option<Value> {
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
