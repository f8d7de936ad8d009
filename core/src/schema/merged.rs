//! The keywords of a conjunction, merged: the tightest bounds, every
//! pattern, the union of `required`. Per-property and per-item schemas stay
//! lists of nodes (their conjunction), because `additionalProperties` of
//! one member applies only to names that member does not declare.

use std::rc::Rc;

use serde_json::Value;

use super::dnf::Conj;
use super::named::Names;
use super::validate::{json_equal, type_of};
use super::{Keywords, SchemaRef, Schemas};
use crate::model::schema::{Bound, TypeSet};

pub struct Merged {
    pub atoms: Vec<Rc<Keywords>>,
    pub refs: Vec<SchemaRef>,
    pub types: TypeSet,
    pub enumeration: Option<Vec<Value>>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiples: Vec<f64>,
    pub min_length: u64,
    pub max_length: Option<u64>,
    pub patterns: Vec<String>,
    pub min_items: u64,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: u64,
    pub max_properties: Option<u64>,
    pub required: Names,
    pub opaque: Vec<String>,
}

fn tighter_min(a: Option<Bound>, b: Option<Bound>) -> Option<Bound> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if x.value > y.value || (x.value == y.value && x.exclusive) {
                x
            } else {
                y
            },
        ),
        (x, y) => x.or(y),
    }
}

fn tighter_max(a: Option<Bound>, b: Option<Bound>) -> Option<Bound> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if x.value < y.value || (x.value == y.value && x.exclusive) {
                x
            } else {
                y
            },
        ),
        (x, y) => x.or(y),
    }
}

impl Merged {
    pub fn of(schemas: &Schemas<'_>, conj: &Conj) -> Merged {
        let atoms: Vec<Rc<Keywords>> = conj.pos.iter().map(|p| schemas.keywords(p)).collect();
        let mut m = Merged {
            atoms: Vec::new(),
            refs: conj.pos.clone(),
            types: conj.types.unwrap_or(TypeSet::ANY).normalized(),
            enumeration: None,
            minimum: None,
            maximum: None,
            multiples: Vec::new(),
            min_length: 0,
            max_length: None,
            patterns: Vec::new(),
            min_items: 0,
            max_items: None,
            unique_items: false,
            min_properties: 0,
            max_properties: None,
            required: Names::default(),
            opaque: Vec::new(),
        };
        for k in &atoms {
            if let Some(t) = k.types {
                m.types = TypeSet::from_bits(m.types.bits() & t.normalized().bits());
            }
            if let Some(values) = &k.enumeration {
                m.enumeration = Some(match m.enumeration.take() {
                    None => values.clone(),
                    Some(prev) => prev
                        .into_iter()
                        .filter(|v| values.iter().any(|w| json_equal(v, w)))
                        .collect(),
                });
            }
            m.minimum = tighter_min(m.minimum, k.minimum);
            m.maximum = tighter_max(m.maximum, k.maximum);
            m.multiples.extend(k.multiple_of);
            m.min_length = m.min_length.max(k.min_length.unwrap_or(0));
            m.max_length = match (m.max_length, k.max_length) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            m.patterns.extend(k.pattern.iter().cloned());
            m.min_items = m.min_items.max(k.min_items.unwrap_or(0));
            m.max_items = match (m.max_items, k.max_items) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            m.unique_items |= k.unique_items;
            m.min_properties = m.min_properties.max(k.min_properties.unwrap_or(0));
            m.max_properties = match (m.max_properties, k.max_properties) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if m.required.is_empty() {
                m.required = k.required.clone();
            } else {
                m.required.extend(k.required.iter().cloned());
            }
            m.opaque.extend(k.opaque.iter().cloned());
        }
        if let Some(values) = m.enumeration.as_mut() {
            let types = m.types;
            values.retain(|v| super::validate::type_allows(types, type_of(v)));
        }
        m.atoms = atoms;
        m
    }

    /// Whether instances of type `t` may exist here at all (by `type` alone).
    pub fn allows_type(&self, t: TypeSet) -> bool {
        self.types.bits() & t.normalized().bits() != 0
    }

    /// The conjunction of schemas an object member `name` must satisfy, or
    /// `None` when no member constrains it. `Some(vec![])` never occurs.
    pub fn property_schemas(&self, schemas: &Schemas<'_>, name: &str) -> Option<Vec<SchemaRef>> {
        let mut out = Vec::new();
        for k in &self.atoms {
            out.extend(property_schema(schemas, k, name));
        }
        (!out.is_empty()).then_some(out)
    }

    /// The schemas an array item at `index` must satisfy.
    pub fn item_schemas(&self, index: usize) -> Option<Vec<SchemaRef>> {
        let mut out = Vec::new();
        for k in &self.atoms {
            if let Some(s) = item_schema(k, index) {
                out.push(s);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// The longest positional prefix among the members.
    pub fn prefix_len(&self) -> usize {
        self.atoms
            .iter()
            .map(|k| k.prefix_items.len())
            .max()
            .unwrap_or(0)
    }

    /// Names the members declare in `properties`.
    pub fn declared(&self) -> impl Iterator<Item = &String> {
        let atoms = &self.atoms;
        atoms.iter().enumerate().flat_map(move |(i, k)| {
            k.properties.names().filter(move |name| {
                // Each name once: where the first member declares it.
                !atoms.iter().take(i).any(|a| a.properties.contains(name))
            })
        })
    }

    /// Whether a member declares `name` in `properties`.
    pub fn declares(&self, name: &str) -> bool {
        self.atoms.iter().any(|k| k.properties.contains(name))
    }

    /// Every `patternProperties` pattern of the members.
    pub fn patterns_of_properties(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for k in &self.atoms {
            for (p, _) in &k.pattern_properties {
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
        out
    }
}

/// What one member says about object member `name`: `properties` and
/// matching `patternProperties`, else `additionalProperties` (or
/// `unevaluatedProperties`, read the same way when nothing else evaluates).
pub fn property_schema(schemas: &Schemas<'_>, k: &Keywords, name: &str) -> Vec<SchemaRef> {
    let mut out = Vec::new();
    if let Some(s) = k.properties.get(name) {
        out.push(s.clone());
    }
    for (pattern, s) in &k.pattern_properties {
        if schemas.patterns.is_match(pattern, name) == Some(true) {
            out.push(s.clone());
        }
    }
    if out.is_empty() {
        if let Some(additional) = &k.additional_properties {
            out.push(additional.clone());
        } else if let Some(unevaluated) = &k.unevaluated_properties
            && k.evaluated
                .as_ref()
                .is_none_or(|e| !e.covers(schemas, name))
            && !k.unmodelled.contains(&"unevaluatedProperties")
        {
            out.push(unevaluated.clone());
        }
    }
    out
}

/// What one member says about the array item at `index`.
pub fn item_schema(k: &Keywords, index: usize) -> Option<SchemaRef> {
    if let Some(s) = k.prefix_items.get(index) {
        return Some(s.clone());
    }
    if let Some(items) = &k.items {
        return Some(items.clone());
    }
    if let Some(unevaluated) = &k.unevaluated_items
        && k.evaluated
            .as_ref()
            .is_none_or(|e| !e.all_items && index >= e.prefix)
        && !k.unmodelled.contains(&"unevaluatedItems")
    {
        return Some(unevaluated.clone());
    }
    None
}
