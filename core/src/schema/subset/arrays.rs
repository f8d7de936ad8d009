//! `A ⊆ B` for arrays: items, prefixes, sizes, `contains`, uniqueness.

use serde_json::Value;

use crate::model::schema::TypeSet;
use crate::schema::Schemas;
use crate::schema::dnf::Conj;
use crate::schema::examples;
use crate::schema::merged::Merged;
use crate::schema::validate::validate_all;

use super::verdict::{Reason, Slot, Verdict, Witness, too_large};
use super::{Checker, self_subset_quiet};

impl Checker<'_, '_> {
    pub(super) fn arrays(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
        let a_max = max_items(self.schemas, m);
        let array_of = |this: &Self, len: u64| -> Vec<Value> {
            if examples::buildable(len).is_none() {
                return Vec::new();
            }
            let mut bumped = Merged::of(this.schemas, p);
            bumped.min_items = len;
            bumped.max_items = Some(len);
            examples::of_type(this.schemas, &bumped, TypeSet::ARRAY, 0)
        };
        let accepts = |this: &Self, w: &Value| this.member(p, w) == Some(true);
        let length = |w: &Value| w.as_array().map_or(0, Vec::len) as u64;
        let mut unknown: Option<String> = None;
        if q.min_items > m.min_items {
            let mut found = None;
            for len in m.min_items..q.min_items.min(m.min_items.saturating_add(8)) {
                found = array_of(self, len)
                    .into_iter()
                    .find(|w| accepts(self, w) && length(w) < q.min_items);
                if found.is_some() {
                    break;
                }
            }
            match found {
                Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                None => {
                    unknown = Some(
                        too_large(m.min_items, "arrays", "items").unwrap_or_else(|| {
                            "the minimum numbers of items cannot be compared".to_owned()
                        }),
                    )
                }
            }
        }
        if let Some(b_max) = q.max_items
            && a_max.is_none_or(|x| x > b_max)
        {
            match array_of(self, b_max.saturating_add(1))
                .into_iter()
                .find(|w| accepts(self, w))
            {
                Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                None => {
                    unknown = Some(
                        too_large(b_max.saturating_add(1), "arrays", "items").unwrap_or_else(
                            || "the maximum numbers of items cannot be compared".to_owned(),
                        ),
                    )
                }
            }
        }
        // Items, position by position; the last position stands for the rest.
        let positions = m.prefix_len().max(q.prefix_len()) + 1;
        for i in 0..positions {
            if a_max.is_some_and(|x| (i as u64) >= x) {
                break;
            }
            let Some(qi) = q.item_schemas(i) else {
                continue;
            };
            let ai = m.item_schemas(i).unwrap_or_default();
            match self.subset(&ai, &qi) {
                Verdict::Yes => {}
                Verdict::No(r) => {
                    let shortest = (i as u64 + 1).max(m.min_items);
                    for len in shortest..=shortest.saturating_add(3) {
                        for base in array_of(self, len) {
                            let Value::Array(mut items) = base else {
                                continue;
                            };
                            // A placeholder the validator takes on trust (the
                            // inner witness was checked at its level), unless
                            // something else here looks at items (`contains`,
                            // `uniqueItems`) or a negation would turn trust
                            // into a guess: then the real item.
                            let trust = p.neg.is_empty()
                                && m.atoms
                                    .iter()
                                    .all(|k| k.contains.is_none() && !k.unique_items);
                            if let Some(slot) = items.get_mut(i) {
                                *slot = if trust {
                                    Value::Null
                                } else {
                                    r.witness.value()
                                };
                            }
                            let w = Value::Array(items);
                            let trusted = if trust {
                                w.get(i).map(|v| std::ptr::from_ref(v) as usize)
                            } else {
                                None
                            };
                            if self.member_trusting(p, &w, trusted) == Some(true) {
                                let reason = if trust {
                                    (*r).nested(Slot::Item(i), w)
                                } else {
                                    let mut flat = (*r).nested(Slot::Item(i), Value::Null);
                                    flat.witness = Witness::Leaf(w);
                                    flat
                                };
                                return Verdict::No(Box::new(reason));
                            }
                        }
                    }
                    unknown = Some(format!(
                        "an item at position {i} may be rejected, but no array could be built to show it"
                    ));
                }
                Verdict::Unknown(why) => unknown = Some(why),
            }
        }
        if q.unique_items && !m.unique_items && a_max.is_none_or(|x| x > 1) {
            let mut found = None;
            for base in array_of(self, 2.max(m.min_items)) {
                let Value::Array(mut items) = base else {
                    continue;
                };
                if let (Some(first), Some(slot)) = (items.first().cloned(), items.get_mut(1)) {
                    *slot = first;
                }
                let w = Value::Array(items);
                if accepts(self, &w) {
                    found = Some(w);
                    break;
                }
            }
            match found {
                Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                None => {
                    unknown = Some("whether repeated items can occur cannot be decided".to_owned())
                }
            }
        }
        // `contains` (and its counts) in B.
        for qk in &q.atoms {
            let Some(contains) = &qk.contains else {
                continue;
            };
            let min = qk.min_contains.unwrap_or(1);
            // P guarantees B's count when it counts the same items (or fewer
            // of them, for a minimum only) within B's range.
            let implied = m.atoms.iter().any(|ak| {
                let Some(ac) = &ak.contains else { return false };
                let (a_min, a_max) = (ak.min_contains.unwrap_or(1), ak.max_contains);
                let narrower = self_subset_quiet(self, ac, contains);
                let min_ok = a_min >= min && narrower;
                let max_ok = match qk.max_contains {
                    None => true,
                    Some(b_max) => {
                        a_max.is_some_and(|x| x <= b_max) && self_subset_quiet(self, contains, ac)
                    }
                };
                min_ok && max_ok
            });
            if implied || (min == 0 && qk.max_contains.is_none()) {
                continue;
            }
            let mut candidates: Vec<Value> = Vec::new();
            // The shortest arrays, and those around B's count.
            let mut lengths: Vec<u64> = (0..4).map(|d| m.min_items.saturating_add(d)).collect();
            let around = m.min_items.max(min);
            lengths.extend((0..4).map(|d| around.saturating_sub(1).saturating_add(d)));
            if let Some(b_max) = qk.max_contains {
                lengths.extend((1..3).map(|d| b_max.saturating_add(d)));
            }
            lengths.sort_unstable();
            lengths.dedup();
            let unbuilt = lengths
                .iter()
                .copied()
                .filter(|&n| examples::buildable(n).is_none())
                .min();
            for len in lengths {
                candidates.extend(array_of(self, len));
            }
            let schemas = self.schemas;
            let matching = |w: &Value| -> Option<u64> {
                let items = w.as_array()?;
                let mut n = 0;
                for item in items {
                    if validate_all(schemas, std::slice::from_ref(contains), &[], item).ok()? {
                        n += 1;
                    }
                }
                Some(n)
            };
            let found = candidates.into_iter().find(|w| {
                accepts(self, w)
                    && matching(w)
                        .is_some_and(|n| n < min || qk.max_contains.is_some_and(|x| n > x))
            });
            match found {
                Some(w) => return Verdict::No(Box::new(Reason::new(w))),
                None => unknown = Some(
                    unbuilt
                        .and_then(|n| too_large(n, "arrays", "items"))
                        .unwrap_or_else(|| {
                            "whether every array still contains a matching item cannot be decided"
                                .to_owned()
                        }),
                ),
            }
        }
        match unknown {
            Some(why) => Verdict::Unknown(why),
            None => Verdict::Yes,
        }
    }
}

/// The most items an array may have: `maxItems`, or the first position
/// whose item schema is `false`.
pub fn max_items(schemas: &Schemas<'_>, m: &Merged) -> Option<u64> {
    let mut max = m.max_items;
    for i in 0..=m.prefix_len() {
        if let Some(nodes) = m.item_schemas(i)
            && nodes
                .iter()
                .any(|n| schemas.keywords(n).boolean == Some(false))
        {
            let cap = i as u64;
            max = Some(max.map_or(cap, |x| x.min(cap)));
            break;
        }
    }
    max
}
