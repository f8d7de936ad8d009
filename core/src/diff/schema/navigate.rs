//! Reading one side of a diff: `$ref`s followed by address, the shape of
//! a node (its `allOf` types and flags), the keyword groups a node has.

use std::cell::RefCell;

use serde_json::Value;

use crate::load::{Contract, NodeRef, RefTarget, Resolved};
use crate::model::address::{AddressMap, WordHasher};
use crate::model::schema::{SchemaView, TypeSet};

/// Follows `$ref`s to a schema node; `None` for remote or missing ones.
pub(crate) fn resolve(contract: &Contract, node: &NodeRef) -> Option<NodeRef> {
    match contract.resolve(node)? {
        Resolved::Node(at, _) => Some(at.clone()),
        Resolved::Opaque(_) => None,
    }
}

/// The node at `tokens` below `node` (whose value is `value`), with its
/// value.
pub(super) fn walk<'c>(
    node: &NodeRef,
    value: &'c Value,
    tokens: &[&str],
) -> Option<(NodeRef, &'c Value)> {
    let (mut node, mut value) = (node.clone(), value);
    for token in tokens {
        value = crate::model::pointer::child(value, token)?;
        node = node.push(token);
    }
    Some((node, value))
}

/// A node of a contract with its value: who holds both never looks a
/// pointer up again.
pub(in crate::diff) type Node<'c> = (NodeRef, &'c Value);

/// Reads one side of a diff by value: a `$ref` is followed by the address
/// of the object holding it (no pointer walk), and its target is looked up
/// once.
pub(in crate::diff) struct Navigator<'c> {
    pub(in crate::diff) contract: &'c Contract,
    targets: RefCell<AddressMap<usize, Option<(NodeRef, &'c Value)>>>,
}

impl<'c> Navigator<'c> {
    pub(super) fn new(contract: &'c Contract) -> Self {
        Self {
            contract,
            targets: RefCell::default(),
        }
    }

    /// The node at `at`, looked up (the one pointer walk, for a root).
    pub(in crate::diff) fn node(&self, at: NodeRef) -> Option<Node<'c>> {
        let value = self.contract.value(&at)?;
        Some((at, value))
    }

    /// The member `token` of a node as written (a `$ref` not followed).
    pub(in crate::diff) fn member(
        &self,
        (node, value): &Node<'c>,
        token: &str,
    ) -> Option<Node<'c>> {
        let child = crate::model::pointer::child(value, token)?;
        Some((node.push(token), child))
    }

    /// Where `$ref`s from `node` (whose value is `value`) lead, with the
    /// value there; `None` for a remote or dangling reference.
    pub(in crate::diff) fn follow(
        &self,
        node: NodeRef,
        value: &'c Value,
    ) -> Option<(NodeRef, &'c Value)> {
        let (mut node, mut value) = (node, value);
        for _ in 0..self.contract.longest_chain() {
            let Some(target) = self.contract.ref_of_value(value) else {
                return Some((node, value));
            };
            let key = std::ptr::from_ref(value) as usize;
            let known = self.targets.borrow().get(&key).cloned();
            let next = match known {
                Some(next) => next,
                None => {
                    let next = match target {
                        RefTarget::Node(at) => self.contract.value(at).map(|v| (at.clone(), v)),
                        RefTarget::Remote(_) | RefTarget::Dangling(_) => None,
                    };
                    self.targets.borrow_mut().insert(key, next.clone());
                    next
                }
            };
            (node, value) = next?;
        }
        None
    }

    /// The member `token` of a node (a subschema, a request body, a
    /// response), its `$ref`s followed.
    pub(in crate::diff) fn child(
        &self,
        node: &NodeRef,
        value: &'c Value,
        token: &str,
    ) -> Option<(NodeRef, &'c Value)> {
        let child = crate::model::pointer::child(value, token)?;
        self.follow(node.push(token), child)
    }

    pub(super) fn view(&self, node: &NodeRef, value: &'c Value) -> SchemaView<'c> {
        SchemaView::new(value, self.contract.dialect(node.doc))
    }
}

/// The properties of a schema, with those of its `allOf` members, and the
/// names its `required` lists mention (also through `allOf`): a property
/// moved into an `allOf` member is the same property.
#[derive(Default)]
pub(super) struct Shape<'c> {
    /// The objects the properties are declared in: the schema and its
    /// `allOf` members.
    pub(super) owners: Vec<(NodeRef, &'c Value)>,
    /// Name, owner (index into `owners`) and value as declared (a `$ref` is
    /// not followed): the first declaration of each name.
    pub(super) properties: Vec<(&'c str, usize, &'c Value)>,
    /// Name → index into `properties`.
    pub(super) names: AddressMap<&'c str, usize>,
    /// Later declarations of names declared already (in another `allOf`
    /// member): each constrains the property too.
    pub(super) again: Vec<(&'c str, usize, &'c Value)>,
    pub(super) required:
        std::collections::HashSet<&'c str, std::hash::BuildHasherDefault<WordHasher>>,
}

impl<'c> Shape<'c> {
    /// The node of the property at `index` of `properties`.
    pub(super) fn node(&self, index: usize) -> Option<NodeRef> {
        let (name, owner, _) = self.properties.get(index)?;
        Some(self.owners.get(*owner)?.0.push_all(&["properties", name]))
    }

    pub(super) fn declared_again(&self, name: &str) -> bool {
        self.again.iter().any(|(n, _, _)| *n == name)
    }

    /// Every declaration of `name`: its node, its value as declared, and
    /// the value of the object declaring it.
    pub(super) fn declarations(&self, name: &str) -> Vec<(NodeRef, &'c Value, &'c Value)> {
        let first = self.names.get(name).and_then(|&i| self.properties.get(i));
        first
            .into_iter()
            .chain(self.again.iter().filter(|(n, _, _)| *n == name))
            .filter_map(|&(n, owner, declared)| {
                let (node, value) = self.owners.get(owner)?;
                Some((node.push_all(&["properties", n]), declared, *value))
            })
            .collect()
    }
}

pub(super) fn shape<'c>(nav: &Navigator<'c>, node: &NodeRef, value: &'c Value) -> Shape<'c> {
    let mut shape = Shape::default();
    // The objects visited: a schema and its `allOf` members, a handful.
    let mut visited = Vec::new();
    collect(nav, node.clone(), value, &mut shape, &mut visited);
    shape
}

pub(super) fn collect<'c>(
    nav: &Navigator<'c>,
    node: NodeRef,
    value: &'c Value,
    shape: &mut Shape<'c>,
    visited: &mut Vec<usize>,
) {
    let Some((node, value)) = nav.follow(node, value) else {
        return;
    };
    let address = std::ptr::from_ref(value) as usize;
    if visited.contains(&address) {
        return;
    }
    visited.push(address);
    let view = nav.view(&node, value);
    if let Some(properties) = view.get("properties").and_then(Value::as_object) {
        let owner = shape.owners.len();
        shape.owners.push((node.clone(), value));
        for (name, declared) in properties {
            if shape.names.contains_key(name.as_str()) {
                shape.again.push((name, owner, declared));
            } else {
                shape.names.insert(name, shape.properties.len());
                shape.properties.push((name, owner, declared));
            }
        }
    }
    shape.required.extend(view.required());
    for (i, member) in view.branches("allOf").iter().enumerate() {
        collect(
            nav,
            node.push("allOf").push_index(i),
            member,
            shape,
            visited,
        );
    }
}

/// The types (and `format`) a schema without `type` takes from its `allOf`
/// members: what they all allow. `None` where no member says.
pub(super) fn all_of_types<'c>(
    nav: &Navigator<'c>,
    node: &NodeRef,
    value: &'c Value,
    depth: u32,
) -> Option<(TypeSet, Option<String>)> {
    let view = nav.view(node, value);
    let members = view.branches("allOf");
    if members.is_empty() || depth > 8 {
        return None;
    }
    let mut out: Option<(TypeSet, Option<String>)> = None;
    for (i, member) in members.iter().enumerate() {
        let Some((at, member)) = nav.follow(node.push("allOf").push_index(i), member) else {
            continue;
        };
        let member_view = nav.view(&at, member);
        let found = match member_view.types() {
            Some(t) => Some((
                t,
                member_view
                    .get("format")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            )),
            None if member_view.get("type").is_none() => all_of_types(nav, &at, member, depth + 1),
            None => None,
        };
        if let Some((t, f)) = found {
            out = Some(match out {
                Some((all, format)) => (TypeSet::from_bits(all.bits() & t.bits()), format.or(f)),
                None => (t, f),
            });
        }
    }
    out
}

/// Flags of a property, read from its declaration and from what it refers to.
pub(super) struct Flags {
    pub(super) read_only: bool,
    pub(super) write_only: bool,
    pub(super) has_default: bool,
}

pub(super) fn flags<'c>(nav: &Navigator<'c>, node: &NodeRef, declared: &'c Value) -> Flags {
    let resolved = nav.follow(node.clone(), declared).map(|(_, v)| v);
    // OpenAPI 3.0 ignores keywords beside a `$ref`; later dialects apply them.
    let siblings = (declared.get("$ref").is_none()
        || nav.contract.dialect(node.doc) != crate::model::dialect::Dialect::OpenApi30)
        .then_some(declared);
    let read = |keyword: &str| -> bool {
        let on = |v: &Value| {
            v.get(keyword)
                .is_some_and(|x| x.as_bool() == Some(true) || keyword == "default")
        };
        siblings.is_some_and(on) || resolved.is_some_and(on)
    };
    Flags {
        read_only: read("readOnly"),
        write_only: read("writeOnly"),
        has_default: read("default"),
    }
}

/// Numeric bounds, with the name rules use for them.
pub(super) const BOUNDS: [&str; 12] = [
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
];

/// Keywords holding one subschema, compared when both sides have them.
pub(super) const SUBSCHEMAS: [&str; 9] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// A schema's numeric bounds, in the order of [`BOUNDS`], as 2020-12
/// spells them: in OpenAPI 3.0 and draft-04, `maximum: 5,
/// exclusiveMaximum: true` is `exclusiveMaximum: 5`, so a migration from
/// one spelling to the other changes no bound. Read in one pass over the
/// object's keys.
pub(super) fn bounds_of(view: &SchemaView<'_>) -> [Option<f64>; 12] {
    let mut out = [None; 12];
    let Some(map) = view.value.as_object() else {
        return out;
    };
    let (mut exclusive_max, mut exclusive_min) = (false, false);
    for (key, value) in map {
        if let Some(i) = BOUNDS.iter().position(|b| b == key) {
            match value {
                Value::Bool(flag) if key == "exclusiveMaximum" => exclusive_max = *flag,
                Value::Bool(flag) if key == "exclusiveMinimum" => exclusive_min = *flag,
                value => {
                    if let Some(slot) = out.get_mut(i) {
                        *slot = value.as_f64();
                    }
                }
            }
        }
    }
    if view.dialect.boolean_exclusive_bounds() {
        let [maximum, minimum, exclusive_maximum, exclusive_minimum, ..] = &mut out;
        *exclusive_maximum = if exclusive_max { maximum.take() } else { None };
        *exclusive_minimum = if exclusive_min { minimum.take() } else { None };
    }
    out
}

pub(super) const TYPES: u16 = 1;
pub(super) const ENUMS: u16 = 1 << 1;
pub(super) const BOUND: u16 = 1 << 2;
pub(super) const PATTERN: u16 = 1 << 3;
pub(super) const VALUES: u16 = 1 << 4;
pub(super) const FLAGS: u16 = 1 << 5;
pub(super) const SUBSCHEMA: u16 = 1 << 6;
pub(super) const KEYED: u16 = 1 << 7;
pub(super) const DISCRIMINATOR: u16 = 1 << 8;
pub(super) const BRANCHES: u16 = 1 << 9;
pub(super) const PROPERTIES: u16 = 1 << 10;
pub(super) const ITEMS: u16 = 1 << 11;

/// The kinds of keyword a schema object has, as bits.
pub(super) fn groups(value: &Value) -> u16 {
    let Some(map) = value.as_object() else {
        return 0;
    };
    map.keys().fold(0, |bits, key| {
        bits | match key.as_str() {
            "type" | "nullable" | "format" => TYPES,
            "enum" | "x-extensible-enum" => ENUMS,
            k if BOUNDS.contains(&k) => BOUND,
            "pattern" => PATTERN,
            "default" | "const" | "contentEncoding" | "contentMediaType" => VALUES,
            "readOnly" | "writeOnly" | "deprecated" | "x-sunset" | "x-stability-level" => FLAGS,
            "prefixItems" | "additionalProperties" => SUBSCHEMA,
            k if SUBSCHEMAS.contains(&k) => SUBSCHEMA,
            "dependentRequired" | "dependentSchemas" | "patternProperties" => KEYED,
            "discriminator" => DISCRIMINATOR,
            // Members may list types, and `allOf` members hold properties.
            "oneOf" | "anyOf" => BRANCHES | TYPES,
            "allOf" => BRANCHES | PROPERTIES,
            "properties" | "required" => PROPERTIES,
            // `items` holds tuple positions in older drafts.
            "items" | "additionalItems" => ITEMS | SUBSCHEMA,
            _ => 0,
        }
    })
}

/// Keywords that only annotate: a member holding nothing else constrains
/// nothing.
pub(super) fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description"
            | "title"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$comment"
            | "externalDocs"
            | "xml"
    ) || keyword.starts_with("x-")
}
