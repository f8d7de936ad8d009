//! `A ⊆ B` for objects: properties (named, patterned, additional),
//! `required`, sizes, dependencies, property names.

use serde_json::{Map, Value};

use crate::model::schema::TypeSet;
use crate::schema::dnf::Conj;
use crate::schema::examples;
use crate::schema::merged::Merged;
use crate::schema::named::Names;
use crate::schema::validate::validate_all;
use crate::schema::{SchemaRef, Schemas};

use super::Checker;
use super::verdict::{Hint, Reason, Slot, Verdict, Witness, too_large};

impl Checker<'_, '_> {
    pub(super) fn objects(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
        let schemas = self.schemas;
        let is_false = |nodes: &Option<Vec<SchemaRef>>| {
            nodes
                .as_ref()
                .is_some_and(|n| n.iter().any(|n| schemas.keywords(n).boolean == Some(false)))
        };
        let value_for = |name: &str| -> Value {
            m.property_schemas(schemas, name)
                .and_then(|n| examples::example(schemas, &n, 1))
                .unwrap_or(Value::from(0))
        };
        // Objects of P with `extra` members set and `drop` ones removed,
        // completed with what P's `dependentRequired` asks for.
        let object_with =
            |extra: &[(String, Value)], drop: &[&str], count: Option<u64>| -> Vec<Value> {
                let mut bumped = Merged::of(schemas, p);
                if let Some(n) = count {
                    bumped.min_properties = n;
                }
                // Members about to be set need no example of their own (a
                // deep one could not be built).
                bumped
                    .required
                    .retain(|r| !extra.iter().any(|(k, _)| k == r));
                let mut bases: Vec<Value> = examples::of_type(schemas, &bumped, TypeSet::OBJECT, 0);
                if bases.is_empty() && !extra.is_empty() {
                    bases.push(Value::Object(Map::new()));
                }
                let mut out = Vec::new();
                for base in bases {
                    let Value::Object(mut map) = base else {
                        continue;
                    };
                    for d in drop {
                        map.remove(*d);
                    }
                    for (k, v) in extra {
                        map.insert(k.clone(), v.clone());
                    }
                    for k in &m.atoms {
                        for (trigger, deps) in &k.dependent_required {
                            if map.contains_key(trigger) {
                                for d in deps {
                                    if !map.contains_key(d) && !drop.contains(&d.as_str()) {
                                        map.insert(d.clone(), value_for(d));
                                    }
                                }
                            }
                        }
                    }
                    out.push(Value::Object(map));
                }
                out
            };
        let accepts = |this: &Self, w: &Value| this.member(p, w) == Some(true);
        let mut unknown: Option<String> = None;

        // Members: the names either side mentions, then names that only
        // patterns or `additionalProperties` speak for.
        let mut names = Names::default();
        let mut mention = |n: &String| {
            if !names.contains(n) {
                names.insert(n.clone());
            }
        };
        for side in [m, q] {
            for n in side.declared().chain(&side.required) {
                mention(n);
            }
            for k in &side.atoms {
                for (t, deps) in &k.dependent_required {
                    mention(t);
                    deps.iter().for_each(&mut mention);
                }
                for (t, _) in &k.dependent_schemas {
                    mention(t);
                }
            }
        }
        let mut others = Names::default();
        for pattern in m
            .patterns_of_properties()
            .iter()
            .chain(q.patterns_of_properties().iter())
        {
            for sample in self.schemas.patterns.samples(pattern) {
                if !names.contains(&sample) {
                    others.insert(sample);
                }
            }
        }
        for fresh in ["accord_unlisted", "Z9"] {
            others.insert(fresh.to_owned());
        }
        for name in names.iter().chain(others.iter()) {
            let Some(qs) = q.property_schemas(self.schemas, name) else {
                continue;
            };
            let a_nodes = m.property_schemas(self.schemas, name);
            if is_false(&a_nodes) {
                continue;
            }
            let ai = a_nodes.clone().unwrap_or_default();
            match self.subset(&ai, &qs) {
                Verdict::Yes => {}
                Verdict::No(r) => {
                    // A placeholder the validator takes on trust (the inner
                    // witness was checked at its level), unless a negation
                    // would turn trust into a guess: then the real value.
                    let trust = p.neg.is_empty();
                    let placeholder = if trust {
                        Value::Null
                    } else {
                        r.witness.value()
                    };
                    let member = [(name.clone(), placeholder)];
                    let found = object_with(&member, &[], None).into_iter().find(|w| {
                        let trusted = if trust {
                            w.get(name.as_str()).map(|v| std::ptr::from_ref(v) as usize)
                        } else {
                            None
                        };
                        self.member_trusting(p, w, trusted) == Some(true)
                    });
                    match found {
                        Some(w) => {
                            let declared_in_b = q.declares(name);
                            let mut reason = if trust {
                                (*r).nested(Slot::Member(name.clone()), w)
                            } else {
                                let mut flat = (*r).nested(Slot::Member(name.clone()), Value::Null);
                                flat.witness = Witness::Leaf(w);
                                flat
                            };
                            if a_nodes.is_none() && declared_in_b {
                                reason.hints.insert(
                                    0,
                                    (Vec::new(), Hint::PropertyAddedToOpenModel(name.clone())),
                                );
                            }
                            return Verdict::No(Box::new(reason));
                        }
                        None => {
                            unknown = Some(format!(
                                "member `{name}` may be rejected, but no object could be built to show it"
                            ));
                        }
                    }
                }
                // A name no schema mentions stands for every such name: an
                // open question about it is as open as about a listed one.
                Verdict::Unknown(why) => unknown = Some(why),
            }
        }
        for r in &q.required {
            // (If P forbids `r`, every instance of P lacks it: any will do.)
            if m.required.contains(r) {
                continue;
            }
            match object_with(&[], &[r.as_str()], None)
                .into_iter()
                .find(|w| accepts(self, w))
            {
                Some(w) => {
                    return Verdict::No(Box::new(Reason::new(w).hint(Hint::Required(r.clone()))));
                }
                None => unknown = Some(format!("whether every object has `{r}` cannot be decided")),
            }
        }
        let size = |w: &Value| w.as_object().map_or(0, Map::len) as u64;
        let a_min = m.min_properties.max(m.required.len() as u64);
        if q.min_properties > a_min {
            match object_with(&[], &[], None)
                .into_iter()
                .find(|w| accepts(self, w) && size(w) < q.min_properties)
            {
                Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                None => {
                    unknown = Some("the minimum numbers of members cannot be compared".to_owned())
                }
            }
        }
        if let Some(b_max) = q.max_properties
            && max_properties(self.schemas, m).is_none_or(|a| a > b_max)
        {
            let wanted = b_max.saturating_add(1);
            let built = match too_large(wanted, "objects", "members") {
                Some(why) => Err(why),
                None => Ok(object_with(&[], &[], Some(wanted))),
            };
            match built.map(|objects| {
                objects
                    .into_iter()
                    .find(|w| accepts(self, w) && size(w) > b_max)
            }) {
                Ok(Some(w)) => return Verdict::No(Box::new(Reason::new(w))),
                Ok(None) => {
                    unknown = Some("the maximum numbers of members cannot be compared".to_owned())
                }
                Err(why) => unknown = Some(why),
            }
        }
        for qk in &q.atoms {
            if let Some(names_schema) = &qk.property_names {
                let a_names: Vec<SchemaRef> = m
                    .atoms
                    .iter()
                    .filter_map(|k| k.property_names.clone())
                    .collect();
                // Names P may use: those it mentions, samples, and names its
                // own `propertyNames` allows that B's does not.
                let mut candidates: Vec<String> = names.iter().chain(&others).cloned().collect();
                if let Verdict::No(r) = self.subset(&a_names, std::slice::from_ref(names_schema))
                    && let Value::String(name) = r.witness.value()
                {
                    candidates.insert(0, name);
                }
                let bad = candidates.into_iter().find_map(|n| {
                    let v = Value::String(n.clone());
                    let allowed_by_a = validate_all(schemas, &a_names, &[], &v) == Ok(true);
                    let rejected_by_b =
                        validate_all(schemas, std::slice::from_ref(names_schema), &[], &v)
                            == Ok(false);
                    if !(allowed_by_a && rejected_by_b) {
                        return None;
                    }
                    let value = value_for(&n);
                    object_with(&[(n, value)], &[], None)
                        .into_iter()
                        .find(|w| accepts(self, w))
                });
                match bad {
                    Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                    None => {
                        if !self
                            .subset(&a_names, std::slice::from_ref(names_schema))
                            .is_yes()
                            && !closed(schemas, m)
                        {
                            unknown =
                                Some("the allowed member names cannot be compared".to_owned());
                        }
                    }
                }
            }
            for (trigger, deps) in &qk.dependent_required {
                for d in deps {
                    let implied = m.required.contains(d)
                        || m.atoms.iter().any(|ak| {
                            ak.dependent_required
                                .iter()
                                .any(|(t, ds)| t == trigger && ds.contains(d))
                        })
                        || is_false(&m.property_schemas(self.schemas, trigger));
                    if implied {
                        continue;
                    }
                    let member = [(trigger.clone(), value_for(trigger))];
                    match object_with(&member, &[d.as_str()], None)
                        .into_iter()
                        .find(|w| accepts(self, w))
                    {
                        Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                        None => {
                            unknown = Some(format!(
                                "whether `{trigger}` still comes with `{d}` cannot be decided"
                            ))
                        }
                    }
                }
            }
            for (trigger, schema) in &qk.dependent_schemas {
                if is_false(&m.property_schemas(self.schemas, trigger)) {
                    continue;
                }
                let mut a_side: Vec<SchemaRef> = p.pos.clone();
                for ak in &m.atoms {
                    for (t, s) in &ak.dependent_schemas {
                        if t == trigger {
                            a_side.push(s.clone());
                        }
                    }
                }
                // Objects of P with the trigger: none at all is a "yes".
                let with_trigger = Conj {
                    pos: a_side.clone(),
                    neg: Vec::new(),
                    types: Some(TypeSet::OBJECT),
                };
                if self.surely_empty(&Merged::of(self.schemas, &with_trigger)) {
                    continue;
                }
                match self.subset(&a_side, std::slice::from_ref(schema)) {
                    Verdict::Yes => {}
                    Verdict::No(r) => {
                        let member = [(trigger.clone(), value_for(trigger))];
                        let mut candidates = vec![r.witness.value()];
                        if let Value::Object(mut map) = r.witness.value() {
                            if let Some((k, v)) = member.first() {
                                map.entry(k.clone()).or_insert(v.clone());
                            }
                            candidates.push(Value::Object(map));
                        }
                        candidates.extend(object_with(&member, &[], None));
                        let found = candidates.into_iter().find(|w| {
                            w.get(trigger.as_str()).is_some()
                                && accepts(self, w)
                                && validate_all(schemas, std::slice::from_ref(schema), &[], w)
                                    == Ok(false)
                        });
                        match found {
                            Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                            None => {
                                unknown = Some(format!(
                                    "whether objects with `{trigger}` still satisfy its dependent schema cannot be decided"
                                ));
                            }
                        }
                    }
                    Verdict::Unknown(why) => unknown = Some(why),
                }
            }
        }
        match unknown {
            Some(why) => Verdict::Unknown(why),
            None => Verdict::Yes,
        }
    }
}

/// Whether no member of the conjunction allows names beyond those it
/// declares (`additionalProperties: false`, no patterns).
pub(super) fn closed(schemas: &Schemas<'_>, m: &Merged) -> bool {
    m.atoms.iter().any(|k| {
        k.pattern_properties.is_empty()
            && k.additional_properties
                .as_ref()
                .is_some_and(|a| schemas.keywords(a).boolean == Some(false))
    })
}

/// The most members an object may have: `maxProperties`, or, for a closed
/// member, the number of names it declares and allows.
pub fn max_properties(schemas: &Schemas<'_>, m: &Merged) -> Option<u64> {
    let mut max = m.max_properties;
    for k in &m.atoms {
        let closed = k.pattern_properties.is_empty()
            && k.additional_properties
                .as_ref()
                .is_some_and(|a| schemas.keywords(a).boolean == Some(false));
        if closed {
            let allowed = k
                .properties
                .iter()
                .filter(|(name, _)| {
                    m.property_schemas(schemas, name).is_none_or(|n| {
                        n.iter().all(|n| schemas.keywords(n).boolean != Some(false))
                    })
                })
                .count() as u64;
            max = Some(max.map_or(allowed, |x| x.min(allowed)));
        }
    }
    max
}
