//! Whether two schemas, one of each side, say the same thing once `$ref`s
//! are followed: the same keywords with the same values, annotations
//! (`description`, `title`, examples) aside, subschemas compared the same
//! way. A component renamed, a leaf `$ref` inlined or an inline schema
//! moved into the components is the same schema; so is a recursive one
//! (pairs met again are taken as the same, a bisimulation).
//!
//! This is what lets the comparison recognise an `allOf`/`anyOf`/`oneOf`
//! member whatever its `$ref` is called, instead of reporting it removed
//! and another added.

use std::cell::RefCell;

use serde_json::Value;

use crate::load::{Contract, DocId, NodeRef, RefTarget};
use crate::model::address::{AddressMap, address};
use crate::model::pointer::JsonPointer;

/// How a pair of values is compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum As {
    /// Schemas: annotations aside, `$ref`s followed.
    Schema,
    /// A map of names to schemas (`properties`, `$defs`).
    Schemas,
    /// A `discriminator` object.
    Discriminator,
    /// A discriminator's `mapping`: names to `$ref` strings or schema names.
    Mapping,
    /// An extension's value (`x-…`): data, but a `$ref` in it (Stripe's
    /// `x-expansionResources`) stands for its target.
    Extension,
}

/// Keywords that describe a schema without constraining it.
fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description" | "title" | "summary" | "example" | "examples" | "$comment" | "externalDocs"
    )
}

/// Keywords whose value is a map of names to schemas.
fn holds_schemas(keyword: &str) -> bool {
    matches!(
        keyword,
        "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions"
    )
}

/// Keywords whose value is a schema or a list of schemas.
fn holds_schema(keyword: &str) -> bool {
    matches!(
        keyword,
        "items"
            | "additionalItems"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "prefixItems"
    )
}

/// Keywords whose value is a list in which order does not matter.
fn is_set(keyword: &str) -> bool {
    matches!(keyword, "required" | "enum" | "type")
}

type Side<'c> = (DocId, &'c Value);

/// Remembers, for pairs of values (by address), whether they are the same.
#[derive(Default)]
pub(super) struct Sameness {
    memo: RefCell<AddressMap<(usize, usize, u8), bool>>,
}

impl Sameness {
    /// Whether the schema `b` of `base` and `r` of `revision` are the same.
    pub(super) fn same<'c>(
        &self,
        contracts: (&'c Contract, &'c Contract),
        b: (DocId, &'c Value),
        r: (DocId, &'c Value),
    ) -> bool {
        let (Some(b), Some(r)) = (deref(contracts.0, b), deref(contracts.1, r)) else {
            return false;
        };
        let top = (address(b.1), address(r.1), As::Schema as u8);
        if let Some(&known) = self.memo.borrow().get(&top) {
            return known;
        }
        // Pairs met on this walk: taken as the same when met again (they
        // are being compared, or were found the same).
        let mut seen: AddressMap<(usize, usize, u8), ()> = AddressMap::default();
        let mut stack: Vec<(Side<'c>, Side<'c>, As)> = vec![(b, r, As::Schema)];
        let mut same = true;
        while let Some((b, r, how)) = stack.pop() {
            let (b, r) = if how == As::Schema {
                match (deref(contracts.0, b), deref(contracts.1, r)) {
                    (Some(b), Some(r)) => (b, r),
                    _ => {
                        same = false;
                        break;
                    }
                }
            } else {
                (b, r)
            };
            let key = (address(b.1), address(r.1), how as u8);
            match self.memo.borrow().get(&key) {
                Some(true) => continue,
                Some(false) => {
                    same = false;
                    break;
                }
                None => {}
            }
            if seen.insert(key, ()).is_some() {
                continue;
            }
            if !self.step(contracts, b, r, how, &mut stack) {
                same = false;
                break;
            }
        }
        let mut memo = self.memo.borrow_mut();
        if same {
            // Every pair met is the same: together they are a bisimulation.
            for (key, ()) in seen {
                memo.insert(key, true);
            }
        } else {
            memo.insert(top, false);
        }
        same
    }

    /// Compares one pair's own content, pushing the pairs below it.
    fn step<'c>(
        &self,
        contracts: (&'c Contract, &'c Contract),
        b: Side<'c>,
        r: Side<'c>,
        how: As,
        stack: &mut Vec<(Side<'c>, Side<'c>, As)>,
    ) -> bool {
        if how == As::Schema && contracts.0.dialect(b.0) != contracts.1.dialect(r.0) {
            // The same text may mean other things in other dialects.
            return false;
        }
        // A `$ref` in an extension: the loader may not have followed it
        // (extensions are not schemas); a local one is looked up here.
        let extension_target = |contract: &'c Contract, (doc, value): Side<'c>| {
            let reference = value.get("$ref")?;
            target(contract, value).or_else(|| mapped(contract, doc, reference))
        };
        if how == As::Extension
            && let (Some(bt), Some(rt)) = (
                extension_target(contracts.0, b),
                extension_target(contracts.1, r),
            )
        {
            stack.push((bt, rt, As::Schema));
            return true;
        }
        match (b.1, r.1) {
            (Value::Object(bm), Value::Object(rm)) => {
                let counted = |m: &serde_json::Map<String, Value>| {
                    m.keys()
                        .filter(|k| how != As::Schema || !is_annotation(k))
                        .count()
                };
                if counted(bm) != counted(rm) {
                    return false;
                }
                for (key, bv) in bm {
                    if how == As::Schema && is_annotation(key) {
                        continue;
                    }
                    let Some(rv) = crate::model::pointer::member(rm, key) else {
                        return false;
                    };
                    let (bs, rs) = ((b.0, bv), (r.0, rv));
                    match how {
                        As::Schema if key == "$ref" => {
                            // A `$ref` beside other keywords (2019-09 and
                            // later): its target is compared.
                            let (Some(bt), Some(rt)) =
                                (target(contracts.0, b.1), target(contracts.1, r.1))
                            else {
                                return bv == rv;
                            };
                            stack.push((bt, rt, As::Schema));
                        }
                        As::Schema if is_set(key) => {
                            if !same_set(bv, rv) {
                                return false;
                            }
                        }
                        As::Schema if holds_schemas(key) => stack.push((bs, rs, As::Schemas)),
                        As::Schema if holds_schema(key) => match (bv, rv) {
                            (Value::Array(bl), Value::Array(rl)) => {
                                if bl.len() != rl.len() {
                                    return false;
                                }
                                let alternatives =
                                    matches!(key.as_str(), "allOf" | "anyOf" | "oneOf");
                                if alternatives && bl.len() > 1 {
                                    let Some(pairs) = members(contracts, (b.0, bl), (r.0, rl))
                                    else {
                                        return false;
                                    };
                                    for (x, y) in pairs {
                                        stack.push((x, y, As::Schema));
                                    }
                                } else {
                                    for (x, y) in bl.iter().zip(rl) {
                                        stack.push(((b.0, x), (r.0, y), As::Schema));
                                    }
                                }
                            }
                            _ => stack.push((bs, rs, As::Schema)),
                        },
                        As::Schema if key == "discriminator" => {
                            stack.push((bs, rs, As::Discriminator));
                        }
                        As::Schema if key.starts_with("x-") => {
                            stack.push((bs, rs, As::Extension));
                        }
                        As::Extension => stack.push((bs, rs, As::Extension)),
                        As::Schemas => stack.push((bs, rs, As::Schema)),
                        As::Discriminator if key == "mapping" => {
                            stack.push((bs, rs, As::Mapping));
                        }
                        As::Mapping => {
                            match (mapped(contracts.0, b.0, bv), mapped(contracts.1, r.0, rv)) {
                                (Some(bt), Some(rt)) => stack.push((bt, rt, As::Schema)),
                                _ => {
                                    if bv != rv {
                                        return false;
                                    }
                                }
                            }
                        }
                        // Data (`const`, `default`, `format`, extensions):
                        // the same value.
                        _ => {
                            if bv != rv {
                                return false;
                            }
                        }
                    }
                }
                true
            }
            (Value::Array(bl), Value::Array(rl)) if how == As::Schema || how == As::Extension => {
                // draft-04's `items` as a list of schemas; a list in an
                // extension.
                if bl.len() != rl.len() {
                    return false;
                }
                for (x, y) in bl.iter().zip(rl) {
                    stack.push(((b.0, x), (r.0, y), how));
                }
                true
            }
            (bv, rv) => bv == rv,
        }
    }
}

/// Which member of an `allOf`/`anyOf`/`oneOf` to compare with which: their
/// order means nothing. Members are paired in order where their
/// fingerprints agree in order, else by fingerprint (ties in order); a
/// wrong guess only makes the pair differ, never two schemas the same.
/// `None` when the fingerprints differ as multisets.
#[allow(clippy::type_complexity)]
fn members<'c>(
    contracts: (&'c Contract, &'c Contract),
    (bd, bl): (DocId, &'c [Value]),
    (rd, rl): (DocId, &'c [Value]),
) -> Option<Vec<(Side<'c>, Side<'c>)>> {
    let prints = |contract: &'c Contract, doc: DocId, list: &'c [Value]| -> Vec<u64> {
        list.iter()
            .map(|v| fingerprint(contract, (doc, v), FINGERPRINT_DEPTH))
            .collect()
    };
    let (bp, rp) = (prints(contracts.0, bd, bl), prints(contracts.1, rd, rl));
    if bp == rp {
        return Some(bl.iter().zip(rl).map(|(x, y)| ((bd, x), (rd, y))).collect());
    }
    let sorted = |prints: &[u64]| -> Vec<usize> {
        let mut order: Vec<usize> = (0..prints.len()).collect();
        order.sort_by_key(|&i| prints.get(i).copied());
        order
    };
    let (bo, ro) = (sorted(&bp), sorted(&rp));
    let mut pairs = Vec::with_capacity(bl.len());
    for (&i, &j) in bo.iter().zip(&ro) {
        if bp.get(i) != rp.get(j) {
            return None;
        }
        pairs.push(((bd, bl.get(i)?), (rd, rl.get(j)?)));
    }
    Some(pairs)
}

/// How deep a fingerprint looks into a schema.
const FINGERPRINT_DEPTH: u32 = 3;

/// A hash of what a schema says, to a depth, whatever the order of its
/// members and of its lists that mean sets, `$ref`s followed and
/// annotations aside: equal schemas have equal fingerprints.
fn fingerprint(contract: &Contract, side: Side<'_>, depth: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::model::address::WordHasher::default();
    let Some((doc, value)) = deref(contract, side) else {
        return 0;
    };
    match value {
        Value::Object(map) => {
            7u8.hash(&mut h);
            let mut keys: Vec<&String> = map.keys().filter(|k| !is_annotation(k)).collect();
            keys.sort_unstable();
            for key in keys {
                key.hash(&mut h);
                if depth == 0 {
                    continue;
                }
                let Some(v) = map.get(key) else { continue };
                let child = match v {
                    Value::Array(items) => {
                        let mut prints: Vec<u64> = items
                            .iter()
                            .map(|x| fingerprint(contract, (doc, x), depth - 1))
                            .collect();
                        if key != "prefixItems" && key != "items" {
                            prints.sort_unstable();
                        }
                        let mut a = crate::model::address::WordHasher::default();
                        prints.hash(&mut a);
                        a.finish()
                    }
                    Value::Object(_) if holds_schemas(key) => {
                        let mut names: Vec<(&String, u64)> = v
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(n, x)| (n, fingerprint(contract, (doc, x), depth - 1)))
                            .collect();
                        names.sort_unstable();
                        let mut a = crate::model::address::WordHasher::default();
                        names.hash(&mut a);
                        a.finish()
                    }
                    other => fingerprint(contract, (doc, other), depth - 1),
                };
                child.hash(&mut h);
            }
        }
        Value::Array(items) => {
            8u8.hash(&mut h);
            items.len().hash(&mut h);
        }
        scalar => scalar.to_string().hash(&mut h),
    }
    h.finish()
}

/// `value`'s `$ref` followed, where the dialect lets it stand for the
/// whole object: always in OpenAPI 3.0 and before 2019-09 (siblings are
/// ignored), and where nothing but annotations stands beside it later.
fn deref<'c>(contract: &'c Contract, (doc, value): Side<'c>) -> Option<Side<'c>> {
    let (mut doc, mut value) = (doc, value);
    for _ in 0..contract.longest_chain() {
        let Some(map) = value.as_object() else {
            return Some((doc, value));
        };
        if !map.contains_key("$ref") {
            return Some((doc, value));
        }
        let alone = map.keys().all(|k| k == "$ref" || is_annotation(k));
        if !alone && contract.dialect(doc).ref_has_siblings() {
            return Some((doc, value));
        }
        (doc, value) = target(contract, value)?;
    }
    None
}

/// Where the `$ref` of the object `value` leads.
fn target<'c>(contract: &'c Contract, value: &'c Value) -> Option<Side<'c>> {
    match contract.ref_of_value(value)? {
        RefTarget::Node(at) => Some((at.doc, contract.value(at)?)),
        RefTarget::Remote(_) | RefTarget::Dangling(_) => None,
    }
}

/// A discriminator mapping's value: a `$ref` within the document, or a
/// schema name of `components.schemas`.
fn mapped<'c>(contract: &'c Contract, doc: DocId, value: &'c Value) -> Option<Side<'c>> {
    let text = value.as_str()?;
    let pointer = match text.strip_prefix('#') {
        Some(fragment) => JsonPointer::from_fragment(fragment)?,
        None if !text.contains('/') && !text.contains('#') => {
            JsonPointer::root().push_all(&["components", "schemas", text])
        }
        None => return None,
    };
    let at = NodeRef::new(doc, pointer);
    Some((doc, contract.value(&at)?))
}

/// The same members, in any order.
fn same_set(b: &Value, r: &Value) -> bool {
    match (b, r) {
        (Value::Array(bl), Value::Array(rl)) => {
            bl == rl
                || bl.len() == rl.len()
                    && bl.iter().all(|x| rl.contains(x))
                    && rl.iter().all(|y| bl.contains(y))
        }
        _ => b == r,
    }
}
