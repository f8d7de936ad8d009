//! `A ⊆ B` for numbers: types, bounds, `multipleOf`, `enum`/`const`.

use serde_json::Value;

use crate::model::schema::TypeSet;
use crate::schema::dnf::Conj;
use crate::schema::examples::{self, integer_range};
use crate::schema::merged::Merged;
use crate::schema::validate::{above_min, below_max, is_multiple};

use super::Checker;
use super::verdict::{Reason, Verdict};

impl Checker<'_, '_> {
    pub(super) fn numbers(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
        let integers_only = !m.types.contains(TypeSet::NUMBER);
        let rejects = |w: &Value| -> bool {
            let Some(x) = w.as_f64() else { return false };
            q.minimum.is_some_and(|b| !above_min(x, b))
                || q.maximum.is_some_and(|b| !below_max(x, b))
                || q.multiples.iter().any(|&s| !is_multiple(x, s))
                || (!q.types.contains(TypeSet::NUMBER) && x.fract() != 0.0)
        };
        let mut candidates: Vec<Value> = Vec::new();
        let mut push = |x: f64| {
            if let Some(n) = serde_json::Number::from_f64(x) {
                let v = if x.fract() == 0.0 && x.abs() < 9e15 {
                    Value::from(x as i64)
                } else {
                    Value::Number(n)
                };
                candidates.push(v);
            }
        };
        // Just below B's minimum, just above its maximum, and P's own ends.
        // (`next_down`/`next_up` where `± 1` is lost at large magnitudes.)
        if let Some(b) = q.minimum {
            push(b.value);
            push(b.value - 1.0);
            push(b.value.next_down());
            push((b.value - 1.0).ceil());
            push(b.value - 0.5);
            if let Some(a) = m.minimum {
                push(a.value);
                push(a.value + 0.5);
                push(a.value.ceil());
                push(a.value.floor() + 1.0);
            }
        }
        if let Some(b) = q.maximum {
            push(b.value);
            push(b.value + 1.0);
            push(b.value.next_up());
            push((b.value + 1.0).floor());
            push(b.value + 0.5);
            if let Some(a) = m.maximum {
                push(a.value);
                push(a.value - 0.5);
                push(a.value.floor());
                push(a.value.ceil() - 1.0);
            }
        }
        let (lo, hi) = integer_range(m);
        if let Some(l) = lo {
            push(l as f64);
        }
        if let Some(h) = hi {
            push(h as f64);
        }
        for &s in &q.multiples {
            push(s + 1.0);
            push(s / 2.0);
            for &a in &m.multiples {
                push(a);
                push(a * 3.0);
            }
        }
        for v in examples::of_type(self.schemas, m, TypeSet::INTEGER, 0) {
            candidates.push(v);
        }
        if !integers_only {
            for v in examples::of_type(self.schemas, m, TypeSet::NUMBER, 0) {
                candidates.push(v);
            }
        }
        let needs_check = q.minimum.is_some()
            || q.maximum.is_some()
            || !q.multiples.is_empty()
            || (!q.types.contains(TypeSet::NUMBER) && !integers_only);
        if !needs_check {
            return Verdict::Yes;
        }
        // Decide by reasoning first, so that "yes" does not depend on luck.
        let covered = {
            let min_ok = match (q.minimum, m.minimum) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(b), Some(a)) => {
                    a.value > b.value
                        || (a.value == b.value && (a.exclusive || !b.exclusive))
                        || (integers_only
                            && exact_integer(a.value)
                            && lo.is_some_and(|l| above_min(l as f64, b)))
                }
            };
            let max_ok = match (q.maximum, m.maximum) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(b), Some(a)) => {
                    a.value < b.value
                        || (a.value == b.value && (a.exclusive || !b.exclusive))
                        || (integers_only
                            && exact_integer(a.value)
                            && hi.is_some_and(|h| below_max(h as f64, b)))
                }
            };
            let multiples_ok = q.multiples.iter().all(|&s| {
                m.multiples.iter().any(|&a| is_multiple(a, s))
                    || (integers_only && is_multiple(1.0, s))
            });
            let integral_ok = q.types.contains(TypeSet::NUMBER)
                || integers_only
                || m.multiples.iter().any(|&a| is_multiple(a, 1.0));
            min_ok && max_ok && multiples_ok && integral_ok
        };
        if covered {
            return Verdict::Yes;
        }
        match self.first_member(p, candidates, rejects) {
            Some(w) => Verdict::No(Box::new(Reason::new(w))),
            None => Verdict::Unknown(
                "the numeric constraints cannot be compared exhaustively".to_owned(),
            ),
        }
    }

    /// Whether the numeric ranges of B's branches together cover P's.
    pub(super) fn numbers_covered(&mut self, m: &Merged, right: &[Conj]) -> bool {
        if m.types.bits() & !TypeSet::NUMBER.normalized().bits() != 0 || !m.multiples.is_empty() {
            return false;
        }
        // Only plain range branches (no other keywords that bite on numbers).
        let mut ranges: Vec<(
            Option<crate::model::schema::Bound>,
            Option<crate::model::schema::Bound>,
            bool,
        )> = Vec::new();
        for c in right {
            if !c.neg.is_empty() {
                continue;
            }
            let q = Merged::of(self.schemas, c);
            if !q.multiples.is_empty()
                || q.enumeration.is_some()
                || !q.allows_type(TypeSet::INTEGER)
            {
                continue;
            }
            ranges.push((q.minimum, q.maximum, q.types.contains(TypeSet::NUMBER)));
        }
        if ranges.is_empty() {
            return false;
        }
        let fractions = m.types.contains(TypeSet::NUMBER);
        // Sweep from P's lower end upwards.
        let mut at = m.minimum.map_or(f64::NEG_INFINITY, |b| b.value);
        let mut at_open = m.minimum.is_some_and(|b| b.exclusive);
        let end = m.maximum.map_or(f64::INFINITY, |b| b.value);
        for _ in 0..=ranges.len() {
            if at > end || (at == end && at_open) {
                return true;
            }
            // A branch that contains `at` and reaches furthest.
            let mut best: Option<(f64, bool)> = None;
            for (lo, hi, frac) in &ranges {
                if fractions && !frac {
                    continue;
                }
                let starts = match lo {
                    None => true,
                    Some(l) => l.value < at || (l.value == at && (!l.exclusive || at_open)),
                };
                if !starts {
                    continue;
                }
                let reach = hi.map_or((f64::INFINITY, false), |h| (h.value, !h.exclusive));
                if best.is_none_or(|b| reach.0 > b.0 || (reach.0 == b.0 && reach.1)) {
                    best = Some(reach);
                }
            }
            let Some((reach, inclusive)) = best else {
                return false;
            };
            if reach == f64::INFINITY || reach > end || (reach == end && inclusive) {
                return true;
            }
            at = reach;
            at_open = inclusive;
            if !fractions && inclusive {
                // Integers: the next one up.
                at = reach.floor() + 1.0;
                at_open = false;
            }
        }
        false
    }
}

/// Whether the integers next to `x` are exact both as `f64` and as `i64`
/// (beyond 2^53 a bound's nearest integer is a guess, and beyond 2^63 it
/// does not fit: a saturated `i64` would misplace the bound).
fn exact_integer(x: f64) -> bool {
    x.abs() < 9_007_199_254_740_992.0
}
