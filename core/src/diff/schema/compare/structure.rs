//! The keywords that hold schemas: subschemas, keyed maps, the
//! discriminator, `allOf`/`anyOf`/`oneOf` branches, properties, items.

use serde_json::Value;

use crate::diff::schema::Delta;
use crate::diff::schema::navigate::{Navigator, SUBSCHEMAS, flags, is_annotation, shape};
use crate::diff::schema::pair::{Local, PropertyFacts, Segment};
use crate::load::NodeRef;
use crate::model::schema::SchemaView;

use super::Comparison;

impl<'a, 'c> Comparison<'a, 'c> {
    pub(super) fn subschemas(&mut self) {
        for keyword in SUBSCHEMAS {
            match (self.base.get(keyword), self.revision.get(keyword)) {
                (None, Some(_)) => self.here(
                    keyword,
                    Delta::Subschema {
                        keyword,
                        added: true,
                    },
                ),
                (Some(_), None) => self.here(
                    keyword,
                    Delta::Subschema {
                        keyword,
                        added: false,
                    },
                ),
                (Some(_), Some(_)) => {
                    self.child_at(Segment::Keyword(keyword), &[keyword], &[keyword], None);
                }
                (None, None) => {}
            }
        }
        // Tuple positions: `prefixItems` (2020-12) or an `items` array.
        let tuple = |v: &SchemaView<'_>| -> Option<(&'static str, usize)> {
            if let Some(Value::Array(a)) = v.get("prefixItems") {
                return Some(("prefixItems", a.len()));
            }
            match v.get("items") {
                Some(Value::Array(a)) => Some(("items", a.len())),
                _ => None,
            }
        };
        match (tuple(&self.base), tuple(&self.revision)) {
            (None, Some((k, _))) => self.here(
                k,
                Delta::Subschema {
                    keyword: "prefixItems",
                    added: true,
                },
            ),
            (Some((k, _)), None) => self.here(
                k,
                Delta::Subschema {
                    keyword: "prefixItems",
                    added: false,
                },
            ),
            (Some((kb, nb)), Some((kr, nr))) => {
                for i in 0..nb.min(nr) {
                    let index = i.to_string();
                    let segment = Segment::Member("prefixItems", index.clone());
                    self.child_at(segment, &[kb, &index], &[kr, &index], None);
                }
            }
            (None, None) => {}
        }
        if let (Some(b), Some(r)) = (
            self.base.get("additionalProperties"),
            self.revision.get("additionalProperties"),
        ) && b.is_object()
            && r.is_object()
        {
            let at = ["additionalProperties"];
            self.child_at(Segment::AdditionalProperties, &at, &at, None);
        }
    }

    /// `dependentRequired`, `dependentSchemas` and `patternProperties`: maps
    /// from a name to a list or a subschema.
    pub(super) fn keyed(&mut self) {
        let map = |v: &SchemaView<'c>, k: &str| v.get(k).and_then(Value::as_object);
        let strings = |v: &Value| -> Option<Vec<String>> {
            Some(
                v.as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            )
        };
        if let (b, r) = (
            map(&self.base, "dependentRequired"),
            map(&self.revision, "dependentRequired"),
        ) && (b.is_some() || r.is_some())
        {
            let empty = serde_json::Map::new();
            let (b, r) = (b.unwrap_or(&empty), r.unwrap_or(&empty));
            let mut deltas = Vec::new();
            for (property, before) in b {
                let after = r.get(property);
                if after != Some(before) {
                    deltas.push(Delta::DependentRequired {
                        property: property.clone(),
                        before: strings(before),
                        after: after.and_then(strings),
                    });
                }
            }
            for (property, after) in r.iter().filter(|(p, _)| !b.contains_key(*p)) {
                deltas.push(Delta::DependentRequired {
                    property: property.clone(),
                    before: None,
                    after: strings(after),
                });
            }
            for delta in deltas {
                self.here("dependentRequired", delta);
            }
        }
        for keyword in ["dependentSchemas", "patternProperties"] {
            let (b, r) = (map(&self.base, keyword), map(&self.revision, keyword));
            if b.is_none() && r.is_none() {
                continue;
            }
            let empty = serde_json::Map::new();
            let (b, r) = (b.unwrap_or(&empty), r.unwrap_or(&empty));
            let mut deltas = Vec::new();
            for key in b.keys().filter(|k| !r.contains_key(*k)) {
                deltas.push((key.clone(), false));
            }
            deltas.extend(
                r.keys()
                    .filter(|k| !b.contains_key(*k))
                    .map(|k| (k.clone(), true)),
            );
            for (key, added) in deltas {
                let delta = if keyword == "dependentSchemas" {
                    Delta::DependentSchema {
                        property: key,
                        added,
                    }
                } else {
                    Delta::PatternProperty {
                        pattern: key,
                        added,
                    }
                };
                self.here(keyword, delta);
            }
            let common: Vec<&'c str> =
                match (map(&self.base, keyword), map(&self.revision, keyword)) {
                    (Some(b), Some(r)) => b
                        .keys()
                        .filter(|k| r.contains_key(*k))
                        .map(String::as_str)
                        .collect(),
                    _ => Vec::new(),
                };
            for key in common {
                let at = [keyword, key];
                self.child_at(Segment::Keyed(keyword, key), &at, &at, None);
            }
        }
    }

    pub(super) fn discriminator(&mut self) {
        let (b, r) = (
            self.base.get("discriminator"),
            self.revision.get("discriminator"),
        );
        match (b, r) {
            (None, Some(_)) => self.here("discriminator", Delta::DiscriminatorAdded),
            (Some(_), None) => self.here("discriminator", Delta::DiscriminatorRemoved),
            (Some(b), Some(r)) if b != r => {
                let name = |v: &Value| {
                    v.get("propertyName")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                if name(b) != name(r) {
                    self.here(
                        "discriminator",
                        Delta::DiscriminatorPropertyName {
                            before: name(b),
                            after: name(r),
                        },
                    );
                }
                let empty = serde_json::Map::new();
                let mapping = |v: &'c Value| v.get("mapping").and_then(Value::as_object);
                let (mb, mr) = (mapping(b).unwrap_or(&empty), mapping(r).unwrap_or(&empty));
                let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
                let mut deltas = Vec::new();
                for (key, before) in mb {
                    if mr.get(key) != Some(before) {
                        deltas.push(Delta::DiscriminatorMapping {
                            key: key.clone(),
                            before: text(Some(before)),
                            after: text(mr.get(key)),
                        });
                    }
                }
                for (key, after) in mr.iter().filter(|(k, _)| !mb.contains_key(*k)) {
                    deltas.push(Delta::DiscriminatorMapping {
                        key: key.clone(),
                        before: None,
                        after: text(Some(after)),
                    });
                }
                for delta in deltas {
                    self.here("discriminator", delta);
                }
            }
            _ => {}
        }
    }

    /// `allOf`/`anyOf`/`oneOf` members, matched by the `$ref` they name,
    /// then by equal content, then (inline members) by position; matched
    /// members are compared, the rest are added or removed.
    pub(super) fn branches(&mut self) {
        let typed_list = (
            self.type_list(&self.base, self.navs.0, self.b).is_some(),
            self.type_list(&self.revision, self.navs.1, self.r)
                .is_some(),
        );
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let (bm, rm) = (self.base.branches(keyword), self.revision.branches(keyword));
            if bm.is_empty() && rm.is_empty() {
                continue;
            }
            // Members that only spell out a list of types were compared as types.
            if keyword != "allOf" && (typed_list.0 || typed_list.1) {
                continue;
            }
            let mut matched: Vec<(usize, usize)> = Vec::new();
            let mut free_b: Vec<usize> = (0..bm.len()).collect();
            let mut free_r: Vec<usize> = (0..rm.len()).collect();
            let reference = |v: &Value| v.get("$ref").and_then(Value::as_str).map(str::to_owned);
            let contracts = (self.navs.0.contract, self.navs.1.contract);
            // By `$ref`, then by what they say (a `$ref` renamed, a member
            // inlined or moved into the components is the same member).
            for by_ref in [true, false] {
                free_b.retain(|&i| {
                    let found = free_r.iter().position(|&j| match (bm.get(i), rm.get(j)) {
                        (Some(x), Some(y)) if by_ref => {
                            reference(x).is_some() && reference(x) == reference(y)
                        }
                        (Some(x), Some(y)) => {
                            self.same.same(contracts, (self.b.doc, x), (self.r.doc, y))
                        }
                        _ => false,
                    });
                    match found {
                        Some(k) => {
                            matched.push((i, free_r.remove(k)));
                            false
                        }
                        None => true,
                    }
                });
            }
            // Then by `title`, where one member on each side has it.
            fn title(v: Option<&Value>) -> Option<&str> {
                v.and_then(|v| v.get("title")).and_then(Value::as_str)
            }
            let titled = |list: &[usize], members: &[Value], t: &str| {
                list.iter()
                    .filter(|&&i| title(members.get(i)) == Some(t))
                    .count()
                    == 1
            };
            let mut by_title = Vec::new();
            for &i in &free_b {
                let Some(t) = title(bm.get(i)) else { continue };
                if !titled(&free_b, bm, t) || !titled(&free_r, rm, t) {
                    continue;
                }
                if let Some(&j) = free_r.iter().find(|&&j| title(rm.get(j)) == Some(t)) {
                    by_title.push((i, j));
                }
            }
            for (i, j) in by_title {
                matched.push((i, j));
                free_b.retain(|&x| x != i);
                free_r.retain(|&x| x != j);
            }
            // Inline members left on both sides: by position.
            let inline_b: Vec<usize> = free_b
                .iter()
                .copied()
                .filter(|&i| bm.get(i).and_then(reference).is_none())
                .collect();
            let inline_r: Vec<usize> = free_r
                .iter()
                .copied()
                .filter(|&j| rm.get(j).and_then(reference).is_none())
                .collect();
            for (&i, &j) in inline_b.iter().zip(&inline_r) {
                matched.push((i, j));
                free_b.retain(|&x| x != i);
                free_r.retain(|&x| x != j);
            }
            let label = |v: Option<&Value>, i: usize| -> String {
                match v {
                    Some(v) => match (reference(v), v.get("title").and_then(Value::as_str)) {
                        (Some(r), _) => r.rsplit('/').next().unwrap_or(&r).to_owned(),
                        (None, Some(title)) => title.to_owned(),
                        (None, None) => format!("#{i}"),
                    },
                    None => format!("#{i}"),
                }
            };
            if keyword == "allOf" {
                // The schema moved into an `allOf` of the revision (or out
                // of one of the base's) is the same schema, written
                // differently: what else the revision says beside it is
                // compared as usual.
                let (base_value, revision_value) = (self.base.value, self.revision.value);
                free_r.retain(|&j| {
                    !rm.get(j).is_some_and(|m| {
                        self.same
                            .same(contracts, (self.b.doc, base_value), (self.r.doc, m))
                    })
                });
                free_b.retain(|&i| {
                    !bm.get(i).is_some_and(|m| {
                        self.same
                            .same(contracts, (self.b.doc, m), (self.r.doc, revision_value))
                    })
                });
            }
            let annotation_only =
                |nav: &Navigator<'c>, node: &NodeRef, member: Option<&'c Value>| -> bool {
                    member
                        .and_then(|m| nav.follow(node.clone(), m))
                        .and_then(|(_, v)| v.as_object())
                        .is_some_and(|m| m.keys().all(|k| is_annotation(k)))
                };
            for i in free_b {
                let node = self.b.push(keyword).push_index(i);
                let delta = Delta::Branch {
                    keyword,
                    label: label(bm.get(i), i),
                    added: false,
                    annotation_only: annotation_only(self.navs.0, &node, bm.get(i)),
                    others: (0..rm.len())
                        .map(|j| self.r.push(keyword).push_index(j))
                        .collect(),
                };
                self.out.local.push(Local {
                    property: None,
                    delta,
                    base: Some(node),
                    revision: None,
                });
            }
            for j in free_r {
                let node = self.r.push(keyword).push_index(j);
                let delta = Delta::Branch {
                    keyword,
                    label: label(rm.get(j), j),
                    added: true,
                    annotation_only: annotation_only(self.navs.1, &node, rm.get(j)),
                    others: (0..bm.len())
                        .map(|i| self.b.push(keyword).push_index(i))
                        .collect(),
                };
                self.out.local.push(Local {
                    property: None,
                    delta,
                    base: None,
                    revision: Some(node),
                });
            }
            matched.sort_unstable();
            for (i, j) in matched {
                // `allOf` members' properties were compared with the whole
                // object's; their other keywords still are, member by member.
                let (bi, rj) = (i.to_string(), j.to_string());
                let segment = Segment::Member(keyword, label(rm.get(j), j));
                self.child_at(segment, &[keyword, &bi], &[keyword, &rj], None);
            }
        }
    }

    pub(super) fn properties(&mut self) {
        let (b, r) = (self.b, self.r);
        let base = shape(self.navs.0, b, self.base.value);
        let revision = shape(self.navs.1, r, self.revision.value);
        for (index, &(name, _, declared)) in base.properties.iter().enumerate() {
            if revision.names.contains_key(name) {
                continue;
            }
            let Some(node) = base.node(index) else {
                continue;
            };
            let f = flags(self.navs.0, &node, declared);
            self.out.local.push(Local {
                property: Some(PropertyFacts {
                    name: name.to_owned(),
                    required: base.required.contains(name),
                    read_only: f.read_only,
                    write_only: f.write_only,
                }),
                delta: Delta::PropertyRemoved,
                base: Some(node),
                revision: None,
            });
        }
        for (index, &(name, _, declared)) in revision.properties.iter().enumerate() {
            if base.names.contains_key(name) {
                continue;
            }
            let Some(node) = revision.node(index) else {
                continue;
            };
            let f = flags(self.navs.1, &node, declared);
            self.out.local.push(Local {
                property: Some(PropertyFacts {
                    name: name.to_owned(),
                    required: revision.required.contains(name),
                    read_only: f.read_only,
                    write_only: f.write_only,
                }),
                delta: Delta::PropertyAdded {
                    has_default: f.has_default,
                },
                base: None,
                revision: Some(node),
            });
        }
        for (bi, &(name, _, bvalue)) in base.properties.iter().enumerate() {
            let Some(&ri) = revision.names.get(name) else {
                continue;
            };
            let (Some(&(_, _, rvalue)), Some(bnode), Some(rnode)) = (
                revision.properties.get(ri),
                base.node(bi),
                revision.node(ri),
            ) else {
                continue;
            };
            let (was, is) = (
                base.required.contains(name),
                revision.required.contains(name),
            );
            if was != is {
                let f = flags(self.navs.1, &rnode, rvalue);
                let at = |side: &NodeRef, v: &SchemaView<'_>| {
                    Some(
                        v.get("required")
                            .map_or_else(|| side.clone(), |_| side.push("required")),
                    )
                };
                let (lb, lr) = (at(b, &self.base), at(r, &self.revision));
                self.out.local.push(Local {
                    property: Some(PropertyFacts {
                        name: name.to_owned(),
                        required: is,
                        read_only: f.read_only,
                        write_only: f.write_only,
                    }),
                    delta: Delta::Required {
                        now: is,
                        has_default: f.has_default,
                    },
                    base: lb,
                    revision: lr,
                });
            }
            if base.declared_again(name) || revision.declared_again(name) {
                // Declared in several `allOf` members: each declaration is
                // compared with its counterpart, whatever the members' order.
                let pairs =
                    self.declaration_pairs(&base.declarations(name), &revision.declarations(name));
                for ((bn, bv), (rn, rv)) in pairs {
                    self.child(
                        Segment::Property(name),
                        Some((bn, bv)),
                        Some((rn, rv)),
                        Some(is),
                    );
                }
                continue;
            }
            self.child(
                Segment::Property(name),
                Some((bnode, bvalue)),
                Some((rnode, rvalue)),
                Some(is),
            );
        }
    }

    /// Which declaration of a property (in several `allOf` members) to
    /// compare with which: those that say the same need no comparison;
    /// the others pair by their members' `title` where it is unique on
    /// both sides, then in order.
    #[allow(clippy::type_complexity)]
    pub(super) fn declaration_pairs(
        &self,
        base: &[(NodeRef, &'c Value, &'c Value)],
        revision: &[(NodeRef, &'c Value, &'c Value)],
    ) -> Vec<((NodeRef, &'c Value), (NodeRef, &'c Value))> {
        let contracts = (self.navs.0.contract, self.navs.1.contract);
        let mut free_b: Vec<usize> = (0..base.len()).collect();
        let mut free_r: Vec<usize> = (0..revision.len()).collect();
        free_b.retain(|&i| {
            let Some((bn, bv, _)) = base.get(i) else {
                return false;
            };
            let found = free_r.iter().position(|&j| {
                revision.get(j).is_some_and(|(rn, rv, _)| {
                    self.same.same(contracts, (bn.doc, bv), (rn.doc, rv))
                })
            });
            match found {
                Some(k) => {
                    free_r.remove(k);
                    false
                }
                None => true,
            }
        });
        let title = |owner: &Value| {
            owner
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let unique = |list: &[(NodeRef, &'c Value, &'c Value)], free: &[usize], t: &str| {
            free.iter()
                .filter(|&&i| list.get(i).and_then(|d| title(d.2)).as_deref() == Some(t))
                .count()
                == 1
        };
        let mut pairs = Vec::new();
        let mut by_title = Vec::new();
        for &i in &free_b {
            let Some(t) = base.get(i).and_then(|d| title(d.2)) else {
                continue;
            };
            if !unique(base, &free_b, &t) || !unique(revision, &free_r, &t) {
                continue;
            }
            if let Some(&j) = free_r
                .iter()
                .find(|&&j| revision.get(j).and_then(|d| title(d.2)).as_deref() == Some(t.as_str()))
            {
                by_title.push((i, j));
            }
        }
        for &(i, j) in &by_title {
            free_b.retain(|&x| x != i);
            free_r.retain(|&x| x != j);
        }
        let in_order = free_b.iter().copied().zip(free_r.iter().copied());
        for (i, j) in by_title.into_iter().chain(in_order) {
            if let (Some((bn, bv, _)), Some((rn, rv, _))) = (base.get(i), revision.get(j)) {
                pairs.push(((bn.clone(), *bv), (rn.clone(), *rv)));
            }
        }
        pairs
    }

    pub(super) fn items(&mut self) {
        let items = |view: &SchemaView<'_>| -> Option<&'static str> {
            view.items()?;
            Some(if matches!(view.get("items"), Some(Value::Array(_))) {
                "additionalItems"
            } else {
                "items"
            })
        };
        if let (Some(kb), Some(kr)) = (items(&self.base), items(&self.revision)) {
            self.child_at(Segment::Items, &[kb], &[kr], None);
        }
    }
}
