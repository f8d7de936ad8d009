//! Contradictions (a conjunction no instance satisfies) and what remains
//! of a conjunction once the right side's conjunctions are taken away.

use crate::schema::dnf::{self, Conj};
use crate::schema::examples;
use crate::schema::merged::Merged;

use super::Checker;
use super::verdict::{Hint, Reason, Verdict};

impl Checker<'_, '_> {
    /// Whether a conjunction requires and forbids the same node (`X ∧ ¬X`).
    pub(super) fn contradictory(&self, c: &Conj) -> bool {
        c.neg.iter().any(|n| {
            let k = self.schemas.keywords(n);
            let atom = k.at.clone().unwrap_or_else(|| n.clone());
            !k.has_combinators() && c.pos.contains(&atom)
        })
    }

    /// Like [`contradictory`](Self::contradictory), also when the forbidden
    /// schema is another node that accepts everything a required one does
    /// (`X ∧ ¬X'` with `X ⊆ X'`, as between two versions of a schema).
    pub(super) fn contradictory_deep(&mut self, c: &Conj) -> bool {
        if self.contradictory(c) {
            return true;
        }
        if c.pos.len() * c.neg.len() > 16 {
            return false;
        }
        for n in &c.neg {
            for q in &c.pos {
                if !self.schemas.keywords(q).has_combinators()
                    && self
                        .subset(std::slice::from_ref(q), std::slice::from_ref(n))
                        .is_yes()
                {
                    return true;
                }
            }
        }
        false
    }

    /// The last resort for `P ⊆ c₁ ∪ … ∪ cₙ`: `P ∧ ¬c₁ ∧ … ∧ ¬cₙ` must be
    /// empty. Negating a conjunction is a union of negated nodes, so this
    /// needs every `cᵢ` made of whole nodes (no expanded combinators).
    /// `None` when it does not apply or cannot decide.
    pub(super) fn complement(&mut self, p: &Conj, right: &[Conj]) -> Option<Verdict> {
        const MAX: usize = 512;
        if right.iter().any(|c| c.types.is_some()) {
            return None;
        }
        let mut rest: Vec<Conj> = vec![p.clone()];
        for c in right {
            let mut alternatives: Vec<Conj> = Vec::new();
            for q in &c.pos {
                if self.schemas.keywords(q).has_combinators() {
                    return None;
                }
                alternatives.push(Conj {
                    pos: Vec::new(),
                    neg: vec![q.clone()],
                    types: None,
                });
            }
            for n in &c.neg {
                alternatives.extend(
                    dnf::of_all(self.schemas, std::slice::from_ref(n))
                        .conjs
                        .iter()
                        .cloned(),
                );
            }
            let mut next = Vec::new();
            for r in &rest {
                for a in &alternatives {
                    let joint = Conj {
                        pos: r.pos.iter().chain(&a.pos).cloned().collect(),
                        neg: r.neg.iter().chain(&a.neg).cloned().collect(),
                        types: match (r.types, a.types) {
                            (Some(x), Some(y)) => Some(x.intersect(y)),
                            (x, y) => x.or(y),
                        },
                    };
                    if self.contradictory_deep(&joint)
                        || self.surely_empty(&Merged::of(self.schemas, &joint))
                    {
                        continue;
                    }
                    next.push(joint);
                    if next.len() > MAX {
                        return None;
                    }
                }
            }
            rest = next;
        }
        // What is left may be empty after all; an instance settles it.
        for conj in &rest {
            let positive = Conj {
                pos: conj.pos.clone(),
                neg: Vec::new(),
                types: conj.types,
            };
            let found = examples::candidates(self.schemas, &positive, 0)
                .into_iter()
                .find(|w| self.member(conj, w) == Some(true));
            if let Some(w) = found {
                return Some(Verdict::No(Box::new(Reason::new(w).hint(Hint::Branches))));
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(Verdict::Yes)
    }
}
