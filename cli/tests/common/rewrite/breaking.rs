//! Planted edits that break clients, each at one operation.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::walk::{METHODS, is_ref, local_target};
use super::{Rng, push};

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
pub(super) struct Op {
    pub(super) template: String,
    pub(super) method: &'static str,
    pub(super) pointer: String,
}

pub(super) fn operations(doc: &Value) -> Vec<Op> {
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
pub(super) fn resolve<'v>(doc: &'v Value, mut value: &'v Value) -> Option<&'v Value> {
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
pub(super) fn own(out: &mut Value, original: &Value, pointer: &str) -> Option<()> {
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
pub(super) fn success_schema(doc: &Value, op: &Op) -> Option<(String, Value)> {
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
pub(super) fn media_schema(body: &Value) -> Option<(&str, &Value)> {
    let content = body.get("content")?.as_object()?;
    let (media, value) = content
        .iter()
        .find(|(m, _)| m.as_str() == "application/json")
        .or_else(|| content.iter().next())?;
    Some((media.as_str(), value.get("schema")?))
}

pub(super) fn request_schema(doc: &Value, op: &Op) -> Option<(String, Value)> {
    let operation = doc.pointer(&op.pointer)?;
    let body = resolve(doc, operation.get("requestBody")?)?;
    let (media, schema) = media_schema(body)?;
    let pointer = push(&push(&push(&op.pointer, "requestBody"), "content"), media);
    Some((push(&pointer, "schema"), resolve(doc, schema)?.clone()))
}

pub(super) fn is_deprecated(doc: &Value, op: &Op) -> bool {
    doc.pointer(&op.pointer)
        .and_then(|o| o.get("deprecated"))
        .and_then(Value::as_bool)
        == Some(true)
}

pub(super) fn flag(doc: &Value, schema: &Value, key: &str) -> bool {
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

pub(super) fn plant_at(
    kind: Break,
    doc: &Value,
    out: &mut Value,
    op: &Op,
    rng: &mut Rng,
) -> Option<String> {
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
