//! A second look at OpenAPI findings that a client might not see. The
//! structural diff reports how a contract is written; before a finding
//! keeps its level, these ask whether any client can tell:
//!
//! - a property read-only in a request (clients never send it) or
//!   write-only in a response (they never receive it);
//! - an `anyOf`/`oneOf` member merged into another that accepts what it
//!   did, or an enum value moved out of one member into a new one that
//!   accepts what the old one did with it;
//! - a `default` that is the document's own `info.version` on both sides;
//! - a rewrite of a schema (its members, types, properties, `required`)
//!   that the schema engine proves changes no value, over the whole body,
//!   parameter or response it sits in.
//!
//! A constraint edited in place (a bound, a pattern, an enum) is a
//! deliberate edit: it keeps its level even where the engine finds it
//! changes nothing (a `maximum` on a string), since the spec then says
//! something other than what its author meant. A proof over a schema that
//! accepts nothing at all proves nothing and is not used.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use crate::diff::{Change, ChangeKind, Delta, Direction, KeywordChange, RootPair, Sides};
use crate::findings::Level;
use crate::load::{Contract, Document, NoFiles, NodeRef};
use crate::schema::examples;
use crate::schema::subset::Checker;
use crate::schema::{Schemas, Side};

/// What the second look needs across findings: the engine over both
/// contracts, the proofs already made, the unions each root restructured.
pub(super) struct SecondLook<'c> {
    changes: &'c [Change],
    sides: Sides<'c>,
    schemas: Schemas<'c>,
    versions: (Option<Value>, Option<Value>),
    proven: HashMap<(Rc<RootPair>, Direction), bool>,
    /// How many narrowed copies of the base [`SecondLook::moved`] made.
    narrowed: std::cell::Cell<usize>,
}

/// The most enum values [`SecondLook::moved`] looks into per diff (each
/// reads a copy of the base document).
const MAX_NARROWED: usize = 16;

impl<'c> SecondLook<'c> {
    pub(super) fn new(changes: &'c [Change], sides: Sides<'c>) -> Self {
        let version = |c: &Contract| {
            c.root()
                .root
                .get("info")
                .and_then(|i| i.get("version"))
                .cloned()
        };
        Self {
            changes,
            sides,
            schemas: Schemas::new(sides.base, sides.revision),
            versions: (version(sides.base), version(sides.revision)),
            proven: HashMap::new(),
            narrowed: std::cell::Cell::new(0),
        }
    }

    /// The level a finding of `change` should have, and why, where no
    /// client can see what its rule saw.
    pub(super) fn unseen_by_clients(&mut self, change: &Change) -> Option<(Level, String)> {
        let (ChangeKind::Keyword(k), Some(direction)) = (&change.kind, change.direction) else {
            return None;
        };
        if let Some(note) = unseen(k, direction) {
            return Some((Level::Info, note.to_owned()));
        }
        if let Some(found) = merged(&self.schemas, change, k, direction) {
            return Some(found);
        }
        if let Some(found) = self.moved(change, k, direction) {
            return Some(found);
        }
        if follows_the_version(&k.delta, &self.versions) {
            return Some((
                Level::Info,
                " (it is the document's own `info.version` on both sides: the spec describes itself)"
                    .to_owned(),
            ));
        }
        if !is_shape(&k.delta) {
            return None;
        }
        let schemas = &self.schemas;
        let compatible = *self
            .proven
            .entry((Rc::clone(&k.root), direction))
            .or_insert_with(|| accepts_the_same(schemas, &k.root, direction));
        compatible.then(|| {
            let note = match direction {
                Direction::Request => {
                    " (no client is affected: the new schema accepts every value the old one did)"
                }
                Direction::Response => {
                    " (no client is affected: every value the new schema allows, the old one did)"
                }
            };
            (Level::Info, note.to_owned())
        })
    }

    /// A request enum value removed from a property of an `anyOf`/`oneOf`
    /// member, where a member the revision added to the same union accepts
    /// every instance the old member accepted with that value: the value
    /// moved (Adyen moving `ebanking_FI` out of a catch-all member into its
    /// own). Proved by the engine on the old member with its enum narrowed
    /// to the one value. Under `oneOf` a value may now match more than one
    /// member: a warning, not an error.
    fn moved(
        &self,
        change: &Change,
        k: &KeywordChange,
        direction: Direction,
    ) -> Option<(Level, String)> {
        let Delta::EnumValue {
            value,
            added: false,
        } = &k.delta
        else {
            return None;
        };
        if direction != Direction::Request {
            return None;
        }
        // The enum of a property of the member: `…/properties/NAME/enum`.
        let at = change.base.as_ref()?;
        let tokens: Vec<String> = at.pointer.tokens().map(|t| t.into_owned()).collect();
        let [.., properties, _, last] = tokens.as_slice() else {
            return None;
        };
        if properties != "properties" || last != "enum" {
            return None;
        }
        let member = NodeRef::new(at.doc, at.pointer.parent()?.parent()?.parent()?);
        // The members the revision added to unions of the same root.
        let added: Vec<(&NodeRef, &'static str)> = self
            .changes
            .iter()
            .filter_map(|c| match &c.kind {
                ChangeKind::Keyword(other) if Rc::ptr_eq(&other.root, &k.root) => {
                    match &other.delta {
                        Delta::Branch {
                            keyword: keyword @ ("anyOf" | "oneOf"),
                            added: true,
                            ..
                        } => Some((c.revision.as_ref()?, *keyword)),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect();
        if added.is_empty() || !(k.place.path.contains("oneOf[") || k.place.path.contains("anyOf["))
        {
            return None;
        }
        // The base with that enum narrowed to the one value: a copy of the
        // document per proof, so their number is bounded.
        if self.sides.base.documents().count() != 1 || self.narrowed.get() >= MAX_NARROWED {
            return None;
        }
        self.narrowed.set(self.narrowed.get() + 1);
        // The instances concerned: those that carry the property, with that
        // value.
        let mut root = self.sides.base.root().root.clone();
        *root.pointer_mut(at.pointer.as_str())? = Value::Array(vec![value.clone()]);
        let property = tokens.get(tokens.len().checked_sub(2)?)?.clone();
        let object = root.pointer_mut(member.pointer.as_str())?.as_object_mut()?;
        match object
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(required) => required.push(Value::String(property)),
            _ => return None,
        }
        let text = serde_json::to_vec(&root).ok()?;
        let document = Document::parse(self.sides.base.root().path.clone(), text).ok()?;
        let narrowed = Contract::from_root(document, &mut NoFiles).ok()?;
        let schemas = Schemas::new(&narrowed, self.sides.revision);
        let m = schemas.intern(Side::Base, &member)?;
        examples::example(&schemas, std::slice::from_ref(&m), 0)?;
        for (candidate, keyword) in added {
            let Some(y) = schemas.intern(Side::Revision, candidate) else {
                continue;
            };
            if Checker::new(&schemas)
                .subset(std::slice::from_ref(&m), std::slice::from_ref(&y))
                .is_yes()
            {
                let label = member_label(schemas.value(&y), candidate);
                let mut note = format!(
                    " (moved: `{label}`, new in the revision, accepts every value the old member accepted with it"
                );
                let level = if keyword == "oneOf" {
                    note.push_str("; under `oneOf` a value may now match more than one member");
                    Level::Warning
                } else {
                    Level::Info
                };
                note.push(')');
                return Some((level, note));
            }
        }
        None
    }
}

/// Why no client can see a change, if none can: clients never send a
/// property that was read-only (OpenAPI: it is in responses only), nor
/// receive one that is write-only. Whether the flag itself changed is a
/// change of its own, judged by its rule.
fn unseen(k: &KeywordChange, direction: Direction) -> Option<&'static str> {
    if matches!(k.delta, Delta::ReadOnly { .. } | Delta::WriteOnly { .. }) {
        return None;
    }
    match direction {
        Direction::Request if k.place.never_sent => {
            Some(" (read-only: clients do not send it, so no request is affected)")
        }
        Direction::Response if k.place.never_received => {
            Some(" (write-only: clients do not receive it, so no response they read is affected)")
        }
        _ => None,
    }
}

/// An `anyOf`/`oneOf` member removed from a request, or added to a
/// response, that no client can tell apart:
///
/// - under `oneOf`, a member whose every value another member of its own
///   side accepts too: no value was (or is) valid through it alone, since
///   `oneOf` rejects a value two members accept;
/// - a member whose every value a member of the other side accepts
///   (members merged: the revision's for a removed request member, the
///   base's for an added response member). Under `anyOf` no value changes
///   side (info); under `oneOf` a value may now match more than one member,
///   which the union rejects, so it stays a warning.
fn merged(
    schemas: &Schemas<'_>,
    change: &Change,
    k: &KeywordChange,
    direction: Direction,
) -> Option<(Level, String)> {
    let Delta::Branch {
        keyword,
        added,
        others,
        ..
    } = &k.delta
    else {
        return None;
    };
    let (member, member_side, other_side) = match (direction, added) {
        (Direction::Request, false) => (change.base.as_ref()?, Side::Base, Side::Revision),
        (Direction::Response, true) => (change.revision.as_ref()?, Side::Revision, Side::Base),
        _ => return None,
    };
    let one_of = match *keyword {
        "anyOf" => false,
        "oneOf" => true,
        _ => return None,
    };
    let m = schemas.intern(member_side, member)?;
    examples::example(schemas, std::slice::from_ref(&m), 0)?;
    let within = |candidates: &[NodeRef], side: Side| {
        candidates.iter().find_map(|other| {
            let o = schemas.intern(side, other)?;
            Checker::new(schemas)
                .subset(std::slice::from_ref(&m), std::slice::from_ref(&o))
                .is_yes()
                .then(|| member_label(schemas.value(&o), other))
        })
    };
    if one_of {
        let siblings = siblings(schemas, member_side, member);
        if let Some(label) = within(&siblings, member_side) {
            let what = if *added {
                "it allows matches"
            } else {
                "it accepted matched"
            };
            return Some((
                Level::Info,
                format!(
                    " (every value {what} `{label}` as well, so under `oneOf` none was valid through it alone)"
                ),
            ));
        }
    }
    let label = within(others, other_side)?;
    let what = if *added {
        "it allows, the base's"
    } else {
        "it accepted, the revision's"
    };
    let mut note = format!(" (merged: every value {what} `{label}` does");
    let level = if one_of {
        note.push_str("; under `oneOf` a value may now match more than one member");
        Level::Warning
    } else {
        Level::Info
    };
    note.push(')');
    Some((level, note))
}

/// The other members of the union `member` belongs to (`…/oneOf/2`).
fn siblings(schemas: &Schemas<'_>, side: Side, member: &NodeRef) -> Vec<NodeRef> {
    let Some(list) = member.pointer.parent() else {
        return Vec::new();
    };
    let list = NodeRef::new(member.doc, list);
    let count = schemas
        .contract(side)
        .value(&list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..count)
        .map(|i| list.push_index(i))
        .filter(|n| n != member)
        .collect()
}

/// How a union member is named in messages: its `$ref`'s last token, its
/// `title`, or its position.
fn member_label(value: Option<&Value>, node: &NodeRef) -> String {
    let reference = value
        .and_then(|v| v.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next());
    let title = value.and_then(|v| v.get("title")).and_then(Value::as_str);
    match (reference, title) {
        (Some(r), _) => r.to_owned(),
        (None, Some(t)) => t.to_owned(),
        (None, None) => format!("#{}", node.pointer.last().unwrap_or_default()),
    }
}

/// A `default` that was the base's `info.version` and is the revision's
/// (an API-version header defaulting to the version the document
/// describes): the document moved to a new version, and says so.
fn follows_the_version(delta: &Delta, (base, revision): &(Option<Value>, Option<Value>)) -> bool {
    let Delta::Default {
        before: Some(before),
        after: Some(after),
    } = delta
    else {
        return false;
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (base, revision) {
        (Some(b), Some(r)) => text(before) == text(b) && text(after) == text(r) && b != r,
        _ => false,
    }
}

/// Whether a delta is about how a schema is written, rather than a
/// constraint edited in place.
/// A removed property is not one: the schema may still accept it, but the
/// provider no longer reads it (or clients no longer get it). Nor are a
/// changed `format` or `contentSchema`: the engine reads them as
/// annotations, as JSON Schema does, but API servers commonly enforce them.
fn is_shape(delta: &Delta) -> bool {
    match delta {
        Delta::Type { before, after, .. } => {
            let enforced =
                |t: &crate::diff::Types| t.format.as_deref().is_some_and(is_known_format);
            before.format == after.format || !(enforced(before) || enforced(after))
        }
        Delta::Subschema { keyword, .. } => *keyword != "contentSchema",
        Delta::Branch { .. }
        | Delta::ListOfTypes { .. }
        | Delta::Nullable { .. }
        | Delta::PropertyAdded { .. }
        | Delta::Required { .. }
        | Delta::WrappedInOneOf => true,
        _ => false,
    }
}

/// Formats of JSON Schema and of the OpenAPI format registry, which
/// validators check; others (`payer_v1`) are names only.
fn is_known_format(format: &str) -> bool {
    matches!(
        format,
        "date-time"
            | "date"
            | "time"
            | "duration"
            | "email"
            | "idn-email"
            | "hostname"
            | "idn-hostname"
            | "ipv4"
            | "ipv6"
            | "uri"
            | "uri-reference"
            | "iri"
            | "iri-reference"
            | "uuid"
            | "uri-template"
            | "json-pointer"
            | "relative-json-pointer"
            | "regex"
            | "int32"
            | "int64"
            | "float"
            | "double"
            | "byte"
            | "binary"
            | "decimal"
    )
}

/// Whether the schema engine proves the change invisible to clients: for a
/// request, the revision accepts every value the base did; for a response,
/// the base accepted every value the revision allows.
pub(super) fn accepts_the_same(
    schemas: &Schemas<'_>,
    root: &RootPair,
    direction: Direction,
) -> bool {
    let (Some(base), Some(revision)) = (
        schemas.intern(Side::Base, &root.base),
        schemas.intern(Side::Revision, &root.revision),
    ) else {
        return false;
    };
    let (narrow, wide) = match direction {
        Direction::Request => (base, revision),
        Direction::Response => (revision, base),
    };
    // Some value must fit the narrower side, or the inclusion is vacuous.
    examples::example(schemas, std::slice::from_ref(&narrow), 0).is_some()
        && Checker::new(schemas).subset(&[narrow], &[wide]).is_yes()
}
