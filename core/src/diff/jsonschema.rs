//! Two JSON Schemas compared under a compatibility mode: every difference
//! the engine finds in each direction becomes a [`Change`]; those the mode
//! allows are marked so (they are the changelog, not failures).

use serde_json::Value;

use super::{Change, ChangeKind, SchemaChange};
use crate::load::{Contract, NodeRef};
use crate::model::mode::Mode;
use crate::model::pointer::JsonPointer;
use crate::schema::compat::{self, Check, Difference};
use crate::schema::{SchemaRef, Schemas, Side};

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
    out.extend(formats(&schemas));
    out.extend(super::invalid_keywords(base, revision));
    out
}

/// `format` annotations that differ between the two schemas, found by
/// walking both side by side (properties by name, items by position,
/// `additionalProperties`, and combinator members by position).
fn formats(schemas: &Schemas<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut queue = std::collections::VecDeque::from([(
        schemas.root(Side::Base),
        schemas.root(Side::Revision),
        JsonPointer::root(),
    )]);
    while let Some((b, r, path)) = queue.pop_front() {
        let (kb, kr) = (schemas.keywords(&b), schemas.keywords(&r));
        let (Some(bn), Some(rn)) = (kb.at.clone(), kr.at.clone()) else {
            continue;
        };
        if !seen.insert((bn.clone(), rn.clone())) || seen.len() > 100_000 {
            continue;
        }
        if kb.format != kr.format {
            let at = |n: &SchemaRef, has: bool| {
                let node = schemas.node_ref(n);
                if has { node.push("format") } else { node }
            };
            out.push(Change {
                kind: ChangeKind::FormatChanged {
                    path: path.clone(),
                    before: kb.format.clone(),
                    after: kr.format.clone(),
                },
                operation: None,
                direction: None,
                status: None,
                media_type: None,
                base: Some(at(&bn, kb.format.is_some())),
                revision: Some(at(&rn, kr.format.is_some())),
                allowed: false,
            });
        }
        for (name, bs) in &kb.properties {
            if let Some(rs) = kr.properties.get(name) {
                queue.push_back((bs.clone(), rs.clone(), path.push(name)));
            }
        }
        let pairs = [
            (kb.items.clone(), kr.items.clone()),
            (
                kb.additional_properties.clone(),
                kr.additional_properties.clone(),
            ),
        ];
        for (i, (bs, rs)) in pairs.into_iter().enumerate() {
            if let (Some(bs), Some(rs)) = (bs, rs) {
                queue.push_back((
                    bs,
                    rs,
                    if i == 0 {
                        path.push("0")
                    } else {
                        path.push("*")
                    },
                ));
            }
        }
        for (i, (bs, rs)) in kb.prefix_items.iter().zip(&kr.prefix_items).enumerate() {
            queue.push_back((bs.clone(), rs.clone(), path.push_index(i)));
        }
        for (bl, rl) in [
            (&kb.all_of, &kr.all_of),
            (&kb.any_of, &kr.any_of),
            (&kb.one_of, &kr.one_of),
        ] {
            for (bs, rs) in bl.iter().zip(rl) {
                queue.push_back((bs.clone(), rs.clone(), path.clone()));
            }
        }
        if let (Some(bs), Some(rs)) = (kb.reference.clone(), kr.reference.clone()) {
            queue.push_back((bs, rs, path.clone()));
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
    for _ in 0..schemas.contract(schemas.side(node)).longest_chain() {
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
