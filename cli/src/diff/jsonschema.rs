//! Two JSON Schemas compared under a compatibility mode: every difference
//! the engine finds in each direction becomes a [`Change`]; those the mode
//! allows are marked so (they are the changelog, not failures).

use serde_json::Value;

use super::{Change, ChangeKind, SchemaChange};
use crate::load::{Contract, NodeRef};
use crate::model::pointer::JsonPointer;
use crate::schema::compat::{self, Check, Difference};
use crate::schema::{SchemaRef, Schemas, Side};

/// Which changes a subject accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// New readers read old data: the revision accepts all the base did.
    Backward,
    /// Old readers read new data: the base accepts all the revision does.
    Forward,
    /// Both.
    Full,
}

impl Mode {
    /// Whether differences found by `check` break this mode.
    pub fn forbids(self, check: Check) -> bool {
        matches!(
            (self, check),
            (Mode::Full, _) | (Mode::Backward, Check::Backward) | (Mode::Forward, Check::Forward)
        )
    }
}

/// Every change between two JSON Schema contracts, judged under `mode`.
pub fn diff(base: &Contract, revision: &Contract, mode: Mode) -> Vec<Change> {
    let schemas = Schemas::new(base, revision);
    let mut out = Vec::new();
    for check in [Check::Backward, Check::Forward] {
        let findings = compat::differences(&schemas, check);
        let allowed = !mode.forbids(check);
        for difference in &findings.differences {
            out.push(change(&schemas, difference, allowed));
        }
        if let Some(why) = findings.undecided {
            out.push(Change {
                kind: ChangeKind::SchemaUndecided { check, why },
                operation: None,
                direction: None,
                status: None,
                media_type: None,
                base: Some(base.root_node()),
                revision: Some(revision.root_node()),
                allowed,
            });
        }
    }
    out
}

/// A difference as a change, with both sides' nodes located at the keyword.
pub fn change(schemas: &Schemas<'_>, d: &Difference, allowed: bool) -> Change {
    let at_keyword = |node: &SchemaRef| -> (NodeRef, Option<Value>) {
        let node = &holder(schemas, node, spellings(d.failure.keyword));
        let object = schemas.value(node).and_then(Value::as_object);
        let at = schemas.node_ref(node);
        let present: Vec<(&str, &Value)> = spellings(d.failure.keyword)
            .iter()
            .filter_map(|k| object.and_then(|o| o.get(*k)).map(|v| (*k, v)))
            .collect();
        match present.as_slice() {
            [] => (at.clone(), None),
            // Bounds keep their spelling: `maximum: 100` and
            // `exclusiveMaximum: 100` are different bounds.
            [(k, v)] if !matches!(d.failure.keyword, "minimum" | "maximum") => {
                (at.push(k), Some((*v).clone()))
            }
            // Several spellings at once (`minimum` and `exclusiveMinimum`):
            // show them together.
            [(first, _), ..] => {
                let shown: serde_json::Map<String, Value> = present
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).clone()))
                    .collect();
                (at.push(first), Some(Value::Object(shown)))
            }
        }
    };
    let rejecting = match (&d.failure.member, d.open_model) {
        // An open-model member: point at its declaration.
        (Some(member), true) => (
            schemas
                .node_ref(&d.failure.at)
                .push("properties")
                .push(member),
            None,
        ),
        _ => at_keyword(&d.failure.at),
    };
    let accepting = d.accepting.as_ref().map(at_keyword);
    let (base, revision) = match schemas.side(&d.failure.at) {
        Side::Revision => (accepting, Some(rejecting)),
        Side::Base => (Some(rejecting), accepting),
    };
    let path = d
        .failure
        .instance_path
        .iter()
        .fold(JsonPointer::root(), |p, s| p.push(s));
    let open_model = d.open_model;
    Change {
        kind: ChangeKind::Schema(Box::new(SchemaChange {
            check: d.check,
            keyword: d.failure.keyword,
            member: d.failure.member.clone(),
            path,
            witness: d.witness.clone(),
            before: base.as_ref().and_then(|(_, v)| v.clone()),
            after: revision.as_ref().and_then(|(_, v)| v.clone()),
            open_model,
        })),
        operation: None,
        direction: None,
        status: None,
        media_type: None,
        base: base.map(|(n, _)| n),
        revision: revision.map(|(n, _)| n),
        allowed,
    }
}

/// The node that holds the keyword: the node itself, or what its `$ref`
/// leads to (followed as the dialect reads it).
fn holder(schemas: &Schemas<'_>, node: &SchemaRef, spellings: &[&str]) -> SchemaRef {
    let mut at = schemas
        .keywords(node)
        .at
        .clone()
        .unwrap_or_else(|| node.clone());
    for _ in 0..16 {
        let has = schemas
            .value(&at)
            .and_then(Value::as_object)
            .is_some_and(|o| spellings.iter().any(|k| o.contains_key(*k)));
        if has {
            break;
        }
        match schemas.keywords(&at).reference.clone() {
            Some(next) => at = schemas.keywords(&next).at.clone().unwrap_or(next),
            None => break,
        }
    }
    at
}

/// How the keyword the engine names may be spelled in a document.
fn spellings(keyword: &'static str) -> &'static [&'static str] {
    match keyword {
        "false" => &[],
        "minimum" => &["minimum", "exclusiveMinimum"],
        "maximum" => &["maximum", "exclusiveMaximum"],
        "enum" | "const" => &["enum", "const"],
        "contains" | "minContains" | "maxContains" => &["contains", "minContains", "maxContains"],
        "items" => &["items", "additionalItems"],
        "prefixItems" => &["prefixItems", "items"],
        "dependentRequired" => &["dependentRequired", "dependencies"],
        "type" => &["type", "nullable"],
        "minLength" => &["minLength"],
        "maxLength" => &["maxLength"],
        "pattern" => &["pattern"],
        "multipleOf" => &["multipleOf"],
        "minItems" => &["minItems"],
        "maxItems" => &["maxItems"],
        "uniqueItems" => &["uniqueItems"],
        "required" => &["required"],
        "minProperties" => &["minProperties"],
        "maxProperties" => &["maxProperties"],
        "propertyNames" => &["propertyNames"],
        "additionalProperties" => &["additionalProperties"],
        "patternProperties" => &["patternProperties"],
        "unevaluatedProperties" => &["unevaluatedProperties"],
        "unevaluatedItems" => &["unevaluatedItems"],
        "anyOf" => &["anyOf"],
        "oneOf" => &["oneOf"],
        "not" => &["not"],
        // An open-model member: point at its declaration.
        "properties" => &[],
        _ => &[],
    }
}
