//! `A ⊆ B`: does schema B accept every instance schema A accepts?
//!
//! Both sides are expanded into unions of conjunctions ([`dnf`]); each
//! conjunction of A must fit B. A conjunction's negations move to the right
//! (`P ∧ ¬N ⊆ B` is `P ⊆ B ∪ N`); then either one conjunction of B covers it
//! keyword by keyword, or it is split by JSON type, or a witness is sought
//! among its instances. Keyword comparisons recurse into properties and
//! items. Every "no" carries a witness (an instance of A that B rejects)
//! and is re-checked with the validator at every level; what cannot be
//! shown either way is "cannot tell".

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::dnf::{self, Conj, Dnf};
use super::examples::{self, integer_range};
use super::merged::Merged;
use super::named::Names;
use super::validate::{
    above_min, below_max, is_multiple, json_equal, type_allows, type_of, validate_all,
};
use super::{SchemaRef, Schemas};
use crate::model::schema::TypeSet;

/// What the comparison found out along the way, kept with a witness so that
/// findings can say more than "this instance is rejected".
#[derive(Clone, Debug, PartialEq)]
pub enum Hint {
    /// B declares a property that A left open (any value was allowed).
    PropertyAddedToOpenModel(String),
    /// B requires a property A did not.
    Required(String),
    /// A's values may each fit one of B's branches, but this one fits none.
    Branches,
}

/// Where an inner witness sits in an outer one.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Member(String),
    Item(usize),
}

/// An instance A accepts and B rejects. Witnesses found deep inside are
/// wrapped level by level on the way out; each level keeps only its own
/// shell (with a placeholder where the inner witness goes), so that a
/// difference 1,000 levels down costs linear time and memory, and the whole
/// instance is put together once, by [`value`](Witness::value).
#[derive(Clone, Debug, PartialEq)]
pub enum Witness {
    Leaf(Value),
    Nested {
        outer: Value,
        slot: Slot,
        inner: Rc<Witness>,
    },
}

impl Witness {
    /// The instance, assembled.
    pub fn value(&self) -> Value {
        // Collect the shells outermost first, then fill them innermost first.
        let mut shells: Vec<(&Value, &Slot)> = Vec::new();
        let mut at = self;
        let leaf = loop {
            match at {
                Witness::Leaf(v) => break v.clone(),
                Witness::Nested { outer, slot, inner } => {
                    shells.push((outer, slot));
                    at = inner;
                }
            }
        };
        shells.into_iter().rev().fold(leaf, |inner, (outer, slot)| {
            let mut outer = outer.clone();
            match (slot, &mut outer) {
                (Slot::Member(name), Value::Object(map)) => {
                    map.insert(name.clone(), inner);
                }
                (Slot::Item(i), Value::Array(items)) => {
                    if let Some(item) = items.get_mut(*i) {
                        *item = inner;
                    }
                }
                _ => {}
            }
            outer
        })
    }
}

/// Why A is not a subset of B: an instance A accepts and B rejects.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub witness: Witness,
    /// Hints with the instance path (outermost first) where they apply.
    pub hints: Vec<(Vec<String>, Hint)>,
}

impl Reason {
    fn new(witness: Value) -> Self {
        Self {
            witness: Witness::Leaf(witness),
            hints: Vec::new(),
        }
    }

    fn hint(mut self, hint: Hint) -> Self {
        self.hints.push((Vec::new(), hint));
        self
    }

    /// The same reason one level up: `outer` (an instance of this level's
    /// schema, with a placeholder at `slot`) holds the inner witness.
    fn nested(mut self, slot: Slot, outer: Value) -> Self {
        let segment = match &slot {
            Slot::Member(name) => name.clone(),
            Slot::Item(i) => i.to_string(),
        };
        for (path, _) in &mut self.hints {
            path.insert(0, segment.clone());
        }
        self.witness = Witness::Nested {
            outer,
            slot,
            inner: Rc::new(self.witness),
        };
        self
    }
}

/// Why no witness of `n` `unit` was built, when `n` is beyond what the
/// generator builds: the answer is then "cannot tell", with the size.
fn too_large(n: u64, kind: &str, unit: &str) -> Option<String> {
    examples::buildable(n).is_none().then(|| {
        format!(
            "only {kind} of {n} {unit} or more might tell the two apart; \
             witnesses are built up to {} {unit}",
            examples::MAX_SIZE
        )
    })
}

/// The answer to `A ⊆ B`.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Yes,
    No(Box<Reason>),
    /// Cannot tell, and why.
    Unknown(String),
}

impl Verdict {
    pub fn is_yes(&self) -> bool {
        matches!(self, Verdict::Yes)
    }
}

type Key = (Vec<SchemaRef>, Vec<SchemaRef>);

/// Most comparisons one check may make before it answers "cannot tell".
const MAX_STEPS: usize = 20_000;

/// Most schema nodes one comparison may evaluate (instances checked
/// against schemas, however they are nested) before it answers "cannot
/// tell": what keeps a `oneOf` of thousands of branches, whose expansion
/// is quadratic or worse, from running for minutes: about half a second,
/// 80 times what the largest comparison of the corpora and peer suites
/// takes (48k).
pub const MAX_WORK: u64 = 4_000_000;

const TOO_LARGE: &str = "the schemas are too large to compare exhaustively";

/// A subset checker over two contracts' schemas; remembers what it proved.
pub struct Checker<'s, 'c> {
    pub schemas: &'s Schemas<'c>,
    stack: Vec<Key>,
    on_stack: HashSet<Key>,
    /// The lowest stack index whose pair was assumed to hold (coinduction).
    assumed: usize,
    memo: HashMap<Key, Verdict>,
    steps: usize,
    /// The work count (`Schemas::work`) at which the check gives up.
    until: u64,
}

fn key(nodes: &[SchemaRef]) -> Vec<SchemaRef> {
    let mut k = nodes.to_vec();
    k.sort();
    k.dedup();
    k
}

impl<'s, 'c> Checker<'s, 'c> {
    pub fn new(schemas: &'s Schemas<'c>) -> Self {
        Self::until(schemas, schemas.work().saturating_add(MAX_WORK))
    }

    /// A checker that gives up once the schemas' work count reaches `until`
    /// (a budget shared by several checks).
    pub fn until(schemas: &'s Schemas<'c>, until: u64) -> Self {
        Self {
            schemas,
            stack: Vec::new(),
            on_stack: HashSet::new(),
            assumed: usize::MAX,
            memo: HashMap::new(),
            steps: 0,
            until,
        }
    }

    /// Forgets what was proved about pairs that involve any of `stale` (the
    /// nodes from which a relaxed one can be reached), keeping the rest for
    /// the next check: each further difference costs what it changes.
    pub fn forget(&mut self, stale: &HashSet<SchemaRef>) {
        self.memo
            .retain(|(a, b), _| !a.iter().chain(b).any(|n| stale.contains(n)));
        self.steps = 0;
    }

    /// Whether the work budget is spent.
    fn exhausted(&self) -> bool {
        self.schemas.work() > self.until
    }

    /// Whether every instance valid under all of `a` is valid under all of `b`.
    pub fn subset(&mut self, a: &[SchemaRef], b: &[SchemaRef]) -> Verdict {
        let k = (key(a), key(b));
        if let Some(v) = self.memo.get(&k) {
            return v.clone();
        }
        if self.on_stack.contains(&k) {
            let depth = self.stack.iter().position(|s| *s == k).unwrap_or(0);
            self.assumed = self.assumed.min(depth);
            return Verdict::Yes;
        }
        self.steps += 1;
        if self.steps > MAX_STEPS || self.exhausted() {
            return Verdict::Unknown(TOO_LARGE.to_owned());
        }
        let depth = self.stack.len();
        self.stack.push(k.clone());
        self.on_stack.insert(k.clone());
        let verdict = self.subset_inner(a, b);
        self.stack.pop();
        self.on_stack.remove(&k);
        // A "yes" that leaned on an assumption about an enclosing pair is
        // only as good as that pair's answer: do not remember it.
        let leaned = self.assumed < depth;
        if self.assumed >= depth {
            self.assumed = usize::MAX;
        }
        if !(leaned && verdict.is_yes()) {
            self.memo.insert(k, verdict.clone());
        }
        verdict
    }

    fn subset_inner(&mut self, a: &[SchemaRef], b: &[SchemaRef]) -> Verdict {
        if b.iter().all(|n| {
            let k = self.schemas.keywords(n);
            k.accepts_everything()
        }) {
            return Verdict::Yes;
        }
        let da = dnf::of_all(self.schemas, a);
        let db = dnf::of_all(self.schemas, b);
        if let Some(w) = self.probe(a, b, &da) {
            return Verdict::No(Box::new(Reason::new(w).hint(Hint::Branches)));
        }
        let mut unknown: Option<String> = None;
        for conj in &da.conjs {
            match self.conj_subset(b, conj, &db) {
                Verdict::Yes => {}
                // Checked once, at the top: inner levels build the witness
                // from shells that were each checked against their level.
                Verdict::No(reason) if self.stack.len() > 1 => return Verdict::No(reason),
                Verdict::No(reason) => match self.confirm(a, b, &reason.witness.value()) {
                    Some(true) => return Verdict::No(reason),
                    Some(false) => {
                        unknown.get_or_insert_with(|| {
                            "a difference was found, but no instance could be built to show it"
                                .to_owned()
                        });
                    }
                    // The validator cannot run some keyword: trust the comparison.
                    None => return Verdict::No(reason),
                },
                Verdict::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
            }
        }
        if let Some(why) = unknown {
            return Verdict::Unknown(why);
        }
        if !da.exact || !db.exact {
            return Verdict::Unknown("the combinators are too deep to expand".to_owned());
        }
        Verdict::Yes
    }

    /// Among alternatives, an instance of A that B rejects, found by
    /// trying examples before proving anything (one validation of each
    /// side per example): a proof that goes branch by branch can spend the
    /// whole budget on the first branches while the difference is in the
    /// last. Tried in turn: the examples of A's branches that B does not
    /// list as written (a `oneOf` of 2,000 branches with 10 added: the
    /// 10), those of every conjunction of A's expansion, and the first few
    /// of those joined with an example of each branch only B lists (where
    /// `oneOf` stops being exclusive).
    fn probe(&self, a: &[SchemaRef], b: &[SchemaRef], da: &Dnf) -> Option<Value> {
        const JOINED: usize = 8;
        if da.conjs.len() < 2 {
            return None;
        }
        let schemas = self.schemas;
        let branches = |nodes: &[SchemaRef]| -> Vec<SchemaRef> {
            nodes
                .iter()
                .flat_map(|n| {
                    let k = schemas.keywords(n);
                    k.any_of
                        .iter()
                        .chain(&k.one_of)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let text = |n: &SchemaRef| schemas.value(n).map(Value::to_string);
        let (a_branches, b_branches) = (branches(a), branches(b));
        let a_listed: HashSet<String> = a_branches.iter().filter_map(text).collect();
        let b_listed: HashSet<String> = b_branches.iter().filter_map(text).collect();
        let only = |branches: Vec<SchemaRef>, listed: &HashSet<String>| -> Vec<Conj> {
            branches
                .into_iter()
                .filter(|n| text(n).is_some_and(|t| !listed.contains(&t)))
                .map(|n| Conj {
                    pos: vec![n],
                    neg: Vec::new(),
                    types: None,
                })
                .collect()
        };
        let only_a = only(a_branches, &b_listed);
        let only_b = only(b_branches, &a_listed);
        let mut in_a: Vec<Value> = Vec::new();
        for conj in only_a.iter().chain(&da.conjs) {
            for w in examples::candidates(schemas, conj, 0) {
                if self.exhausted() {
                    return None;
                }
                let Ok(true) = validate_all(schemas, a, &[], &w) else {
                    continue;
                };
                if validate_all(schemas, b, &[], &w) == Ok(false) {
                    return Some(w);
                }
                if in_a.len() < JOINED {
                    in_a.push(w);
                }
            }
        }
        for conj in &only_b {
            for extra in examples::candidates(schemas, conj, 0) {
                for w in in_a.iter().filter_map(|w| join(w, &extra)) {
                    if self.exhausted() {
                        return None;
                    }
                    if self.confirm(a, b, &w) == Some(true) {
                        return Some(w);
                    }
                }
            }
        }
        None
    }

    /// `Some(true)` when `w` is valid under `a` and invalid under `b`.
    fn confirm(&self, a: &[SchemaRef], b: &[SchemaRef], w: &Value) -> Option<bool> {
        let in_a = validate_all(self.schemas, a, &[], w).ok()?;
        let in_b = validate_all(self.schemas, b, &[], w).ok()?;
        Some(in_a && !in_b)
    }

    /// Whether `w` is an instance of the conjunction.
    fn member(&self, conj: &Conj, w: &Value) -> Option<bool> {
        if let Some(t) = conj.types
            && !type_allows(t, type_of(w))
        {
            return Some(false);
        }
        validate_all(self.schemas, &conj.pos, &conj.neg, w).ok()
    }

    /// Like [`member`](Self::member), taking the value at address `trusted`
    /// (a placeholder for an inner witness) as valid wherever it appears.
    fn member_trusting(&self, conj: &Conj, w: &Value, trusted: Option<usize>) -> Option<bool> {
        if let Some(t) = conj.types
            && !type_allows(t, type_of(w))
        {
            return Some(false);
        }
        super::validate::validate_all_trusting(self.schemas, &conj.pos, &conj.neg, w, trusted).ok()
    }

    /// Whether `w` is an instance of B (a union of conjunctions).
    fn member_of(&self, b: &[Conj], w: &Value) -> Option<bool> {
        let mut any_unknown = false;
        for c in b {
            match self.member(c, w) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => any_unknown = true,
            }
        }
        if any_unknown { None } else { Some(false) }
    }

    /// `Some(true)` when `w` is outside B and outside every negation of P:
    /// outside the union of conjunctions `conj_subset` compares P with,
    /// decided by validating B itself (linear in B's size, where checking
    /// each conjunction of a `oneOf` of n branches is quadratic).
    fn outside(&self, b: &[SchemaRef], p: &Conj, w: &Value) -> Option<bool> {
        if validate_all(self.schemas, b, &[], w).ok()? {
            return Some(false);
        }
        for n in &p.neg {
            if validate_all(self.schemas, std::slice::from_ref(n), &[], w).ok()? {
                return Some(false);
            }
        }
        Some(true)
    }

    /// `P ⊆ B` for one conjunction `P` of A.
    fn conj_subset(&mut self, b: &[SchemaRef], p: &Conj, db: &Dnf) -> Verdict {
        let m = Merged::of(self.schemas, p);
        if self.surely_empty(&m) || self.contradictory(p) {
            return Verdict::Yes;
        }
        if let Some(text) = m.opaque.first() {
            return self.opaque(text, b);
        }
        // A finite set: check each value.
        if let Some(values) = &m.enumeration {
            for v in values {
                match self.member(p, v) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        return Verdict::Unknown(format!(
                            "cannot tell whether {v} is allowed (a pattern or keyword cannot be run)"
                        ));
                    }
                }
                match validate_all(self.schemas, b, &[], v) {
                    Ok(true) => {}
                    Ok(false) => return Verdict::No(Box::new(Reason::new(v.clone()))),
                    Err(e) => return Verdict::Unknown(format!("cannot validate against {}", e.0)),
                }
            }
            return Verdict::Yes;
        }
        // Negations of P move to the right.
        let mut right: Vec<Conj> = db.conjs.clone();
        for n in &p.neg {
            right.extend(
                dnf::of_all(self.schemas, std::slice::from_ref(n))
                    .conjs
                    .iter()
                    .cloned(),
            );
        }
        if right.is_empty() {
            return self.witness_for(p, &[]);
        }
        let mut first_no: Option<Box<Reason>> = None;
        let mut branch_reasons: Vec<Box<Reason>> = Vec::new();
        let mut unknown: Option<String> = None;
        for c in &right {
            if self.exhausted() {
                return Verdict::Unknown(TOO_LARGE.to_owned());
            }
            match self.covers(&m, p, c) {
                Verdict::Yes => return Verdict::Yes,
                Verdict::No(r) => {
                    branch_reasons.push(r.clone());
                    first_no.get_or_insert(r);
                }
                Verdict::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
            }
        }
        if right.len() == 1 {
            if let Some(r) = &first_no {
                // Negations of P were not used on this path; the witness
                // must still avoid them.
                if p.neg.is_empty() || self.member(p, &r.witness.value()) == Some(true) {
                    return Verdict::No(r.clone());
                }
            }
            if let Some(why) = unknown {
                return Verdict::Unknown(why);
            }
        }
        // Split by type: each type of P may be covered by a different branch.
        let types = split_types(m.types);
        if types.len() > 1 {
            let mut all = true;
            for t in &types {
                let part = p.with_types(*t);
                let pm = Merged::of(self.schemas, &part);
                if pm.types.is_empty() {
                    continue;
                }
                let covered = right.iter().any(|c| self.covers(&pm, &part, c).is_yes());
                if !covered {
                    all = false;
                    break;
                }
            }
            if all {
                return Verdict::Yes;
            }
        }
        // Numbers: B's branches may cover P's range together.
        if self.numbers_covered(&m, &right) {
            return Verdict::Yes;
        }
        // Look for an instance of P that no branch of B accepts.
        // (Assembled only here: on a single branch the reason is returned
        // as it is, so deep witnesses stay shells.)
        let branch_witnesses: Vec<Value> =
            branch_reasons.iter().map(|r| r.witness.value()).collect();
        let mut candidates: Vec<Value> = branch_witnesses.clone();
        // What one branch rejects in one place and another elsewhere may be
        // rejected by both together: join arrays and merge objects, pair by
        // pair among the first few, and all of them at once (a linear
        // number of candidates, however many branches B has).
        const PAIRED: usize = 8;
        for (i, x) in branch_witnesses.iter().take(PAIRED).enumerate() {
            for y in branch_witnesses.iter().take(PAIRED).skip(i + 1) {
                candidates.extend(join(x, y));
            }
        }
        if branch_witnesses.len() > 2 {
            let mut all = branch_witnesses.iter();
            if let Some(first) = all.next() {
                let folded = all.try_fold(first.clone(), |acc, w| join(&acc, w));
                candidates.extend(folded);
            }
        }
        candidates.extend(examples::candidates(self.schemas, p, 0));
        for w in candidates {
            if self.exhausted() {
                return Verdict::Unknown(TOO_LARGE.to_owned());
            }
            if self.member(p, &w) == Some(true) && self.outside(b, p, &w) == Some(true) {
                return Verdict::No(Box::new(Reason::new(w).hint(Hint::Branches)));
            }
        }
        if let Some(r) = first_no
            && right.len() == 1
        {
            return Verdict::No(r);
        }
        if let Some(v) = self.complement(p, &right) {
            return v;
        }
        Verdict::Unknown(unknown.unwrap_or_else(|| {
            "the alternatives (anyOf/oneOf/not/if) cannot be compared exhaustively".to_owned()
        }))
    }

    /// An opaque (remote or dangling) `$ref` on the A side: B must hold the
    /// same reference, or accept everything.
    fn opaque(&self, text: &str, b: &[SchemaRef]) -> Verdict {
        let same = b.iter().all(|n| {
            let k = self.schemas.keywords(n);
            k.opaque.as_deref() == Some(text) || k.accepts_everything()
        });
        if same {
            Verdict::Yes
        } else {
            Verdict::Unknown(format!(
                "`{text}` is not resolved, so what it accepts is unknown"
            ))
        }
    }

    /// An instance of `p` outside `right`, or "yes" if `p` is empty.
    fn witness_for(&self, p: &Conj, right: &[Conj]) -> Verdict {
        for w in examples::candidates(self.schemas, p, 0) {
            if self.member(p, &w) == Some(true)
                && (right.is_empty() || self.member_of(right, &w) == Some(false))
            {
                return Verdict::No(Box::new(Reason::new(w)));
            }
        }
        if self.surely_empty(&Merged::of(self.schemas, p)) {
            return Verdict::Yes;
        }
        Verdict::Unknown("no instance could be built to show whether the schemas differ".to_owned())
    }

    /// Whether the keywords alone leave no instance of any allowed type.
    fn surely_empty(&self, m: &Merged) -> bool {
        if m.types.is_empty() || m.enumeration.as_ref().is_some_and(Vec::is_empty) {
            return true;
        }
        let reals = match (m.minimum, m.maximum) {
            (Some(l), Some(h)) => {
                l.value > h.value || (l.value == h.value && (l.exclusive || h.exclusive))
            }
            _ => false,
        };
        let integers = reals || {
            let (lo, hi) = integer_range(m);
            lo.zip(hi).is_some_and(|(l, h)| l > h)
        };
        let schemas = self.schemas;
        let is_false = |nodes: Option<Vec<SchemaRef>>| {
            nodes.is_some_and(|n| n.iter().any(|n| schemas.keywords(n).boolean == Some(false)))
        };
        // A required member that may not appear (or whose schemas cannot
        // both hold, as two different `const`s) empties the objects.
        let forbidden_required = m.required.iter().any(|r| {
            let nodes = m.property_schemas(schemas, r);
            is_false(nodes.clone())
                || nodes.is_some_and(|nodes| {
                    dnf::of_all(schemas, &nodes).conjs.iter().all(|c| {
                        let inner = Merged::of(schemas, c);
                        inner.types.is_empty()
                            || inner.enumeration.as_ref().is_some_and(Vec::is_empty)
                    })
                })
        });
        let objects = forbidden_required
            || max_properties(schemas, m)
                .is_some_and(|x| x < m.min_properties.max(m.required.len() as u64));
        let arrays = max_items(schemas, m).is_some_and(|x| x < m.min_items);
        let per_type = [
            (TypeSet::NULL, false),
            (TypeSet::BOOLEAN, false),
            (TypeSet::INTEGER, integers),
            (TypeSet::NUMBER, reals),
            (
                TypeSet::STRING,
                m.max_length.is_some_and(|x| x < m.min_length),
            ),
            (TypeSet::ARRAY, arrays),
            (TypeSet::OBJECT, objects),
        ];
        per_type.iter().all(|(t, contradictory)| {
            let allowed = if *t == TypeSet::NUMBER {
                m.types.contains(TypeSet::NUMBER)
            } else {
                m.allows_type(*t)
            };
            !allowed || *contradictory
        })
    }

    /// Whether the numeric ranges of B's branches together cover P's.
    fn numbers_covered(&mut self, m: &Merged, right: &[Conj]) -> bool {
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

    /// `P ⊆ c` for one conjunction `c` of B, keyword by keyword.
    fn covers(&mut self, m: &Merged, p: &Conj, c: &Conj) -> Verdict {
        let q = Merged::of(self.schemas, c);
        // Types P allows that c does not.
        let lost = TypeSet::from_bits(m.types.bits() & !q.types.bits());
        if !lost.is_empty() {
            for t in split_types(lost) {
                let part = p.with_types(t);
                let pm = Merged::of(self.schemas, &part);
                let want = if t == TypeSet::NUMBER {
                    TypeSet::NUMBER
                } else {
                    t
                };
                for w in examples::of_type(self.schemas, &pm, want, 0) {
                    if self.member(p, &w) == Some(true) && !type_allows(q.types, type_of(&w)) {
                        return Verdict::No(Box::new(Reason::new(w)));
                    }
                }
            }
        }
        if let Some(text) = q.opaque.first() {
            let same = m.opaque.iter().any(|o| o == text);
            if !same {
                return Verdict::Unknown(format!(
                    "`{text}` is not resolved, so what it accepts is unknown"
                ));
            }
        }
        if let Some(values) = &q.enumeration {
            // P is not finite here (that was handled): find an instance of P
            // outside the enumeration.
            for w in examples::candidates(self.schemas, p, 0) {
                if self.member(p, &w) == Some(true) && !values.iter().any(|v| json_equal(v, &w)) {
                    return Verdict::No(Box::new(Reason::new(w)));
                }
            }
            return Verdict::Unknown(
                "whether every instance is among the enumerated values cannot be decided"
                    .to_owned(),
            );
        }
        let shared = TypeSet::from_bits(m.types.bits() & q.types.bits());
        if shared.bits() & TypeSet::NUMBER.normalized().bits() != 0 {
            let v = self.numbers(m, p, &q);
            if !v.is_yes() {
                return v;
            }
        }
        if shared.contains(TypeSet::STRING) {
            let v = self.strings(m, p, &q);
            if !v.is_yes() {
                return v;
            }
        }
        if shared.contains(TypeSet::ARRAY) {
            let v = self.arrays(m, p, &q);
            if !v.is_yes() {
                return v;
            }
        }
        if shared.contains(TypeSet::OBJECT) {
            let v = self.objects(m, p, &q);
            if !v.is_yes() {
                return v;
            }
        }
        // c's negations: P must not meet any of them.
        for n in &c.neg {
            let v = self.disjoint(p, n);
            if !v.is_yes() {
                return v;
            }
        }
        Verdict::Yes
    }

    /// `P ∩ N = ∅`?  "no" carries an instance of both.
    fn disjoint(&mut self, p: &Conj, n: &SchemaRef) -> Verdict {
        let dn = dnf::of_all(self.schemas, std::slice::from_ref(n));
        let mut unknown = None;
        for nc in &dn.conjs {
            let joint = Conj {
                pos: p.pos.iter().chain(&nc.pos).cloned().collect(),
                neg: p.neg.iter().chain(&nc.neg).cloned().collect(),
                types: match (p.types, nc.types) {
                    (Some(a), Some(b)) => Some(a.intersect(b)),
                    (a, b) => a.or(b),
                },
            };
            // P ∧ N ∧ ¬R = ∅  ⇔  P ∧ N ⊆ R.
            let jm = Merged::of(self.schemas, &joint);
            if jm.types.is_empty() || self.surely_empty(&jm) {
                continue;
            }
            let v = if joint.neg.is_empty() {
                self.witness_for(&joint, &[])
            } else {
                let positive = Conj {
                    pos: joint.pos.clone(),
                    neg: Vec::new(),
                    types: joint.types,
                };
                let found = examples::candidates(self.schemas, &positive, 0)
                    .into_iter()
                    .find(|w| self.member(&joint, w) == Some(true));
                match found {
                    Some(w) => Verdict::No(Box::new(Reason::new(w))),
                    // Empty when its positive part lies inside the one
                    // schema it must avoid.
                    None if joint.neg.len() == 1 && joint.types.is_none() => {
                        match self.subset(&joint.pos, &joint.neg) {
                            Verdict::Yes => Verdict::Yes,
                            _ => Verdict::Unknown(
                                "whether the branches overlap cannot be decided".to_owned(),
                            ),
                        }
                    }
                    None => Verdict::Unknown(
                        "whether the branches overlap cannot be decided".to_owned(),
                    ),
                }
            };
            match v {
                Verdict::Yes => {}
                Verdict::No(r) => return Verdict::No(r),
                Verdict::Unknown(w) => unknown = Some(w),
            }
        }
        match unknown {
            Some(why) => Verdict::Unknown(why),
            None => Verdict::Yes,
        }
    }

    fn first_member(
        &self,
        p: &Conj,
        candidates: impl IntoIterator<Item = Value>,
        rejects: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        candidates
            .into_iter()
            .find(|w| rejects(w) && self.member(p, w) == Some(true))
    }

    fn numbers(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
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
                        || (integers_only && lo.is_some_and(|l| above_min(l as f64, b)))
                }
            };
            let max_ok = match (q.maximum, m.maximum) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(b), Some(a)) => {
                    a.value < b.value
                        || (a.value == b.value && (a.exclusive || !b.exclusive))
                        || (integers_only && hi.is_some_and(|h| below_max(h as f64, b)))
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

    fn strings(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
        let patterns = &self.schemas.patterns;
        // B's patterns that P's do not already imply (one of P's patterns
        // matches only strings the other matches, decided on their DFAs);
        // where that fails, the walk's string is a candidate witness.
        let mut from_automata: Vec<String> = Vec::new();
        let new_patterns: Vec<&String> = q
            .patterns
            .iter()
            .filter(|qp| {
                if m.patterns.contains(qp) || patterns.is_universal(qp) {
                    return false;
                }
                let mut implied = false;
                for pa in &m.patterns {
                    match patterns.includes(pa, qp) {
                        Some(Ok(())) => implied = true,
                        Some(Err(w)) => from_automata.push(w),
                        None => {}
                    }
                }
                !implied
            })
            .collect();
        let length_ok = q.min_length <= m.min_length
            && match (q.max_length, m.max_length) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(b), Some(a)) => a <= b,
            };
        if length_ok && new_patterns.is_empty() {
            return Verdict::Yes;
        }
        let rejects = |w: &Value| -> bool {
            let Some(s) = w.as_str() else { return false };
            let n = s.chars().count() as u64;
            n < q.min_length
                || q.max_length.is_some_and(|x| n > x)
                || q.patterns
                    .iter()
                    .any(|qp| patterns.is_match(qp, s) == Some(false))
        };
        let mut candidates: Vec<Value> = Vec::new();
        // The lengths that tell the two apart; those too long to build are
        // named in the answer instead.
        let wanted: Vec<u64> = [
            Some(m.min_length),
            q.min_length.checked_sub(1),
            q.max_length.map(|x| x.saturating_add(1)),
            m.max_length,
        ]
        .into_iter()
        .flatten()
        .filter(|&n| n >= m.min_length && m.max_length.is_none_or(|x| n <= x))
        .collect();
        let lengths: Vec<usize> = wanted
            .iter()
            .filter_map(|&n| examples::buildable(n))
            .collect();
        let too_long = wanted
            .iter()
            .copied()
            .filter(|&n| examples::buildable(n).is_none())
            .min();
        let sources: Vec<String> = m
            .patterns
            .first()
            .map(|p| self.schemas.patterns.samples(p))
            .unwrap_or_else(|| vec![String::new()]);
        for sample in &sources {
            candidates.push(Value::String(sample.clone()));
            for &n in &lengths {
                let have = sample.chars().count();
                if n >= have {
                    for fill in ["a", "0", "-", " "] {
                        candidates
                            .push(Value::String(format!("{sample}{}", fill.repeat(n - have))));
                    }
                }
            }
        }
        candidates.extend(from_automata.iter().cloned().map(Value::String));
        for probe in [
            "",
            "a",
            "0",
            "A",
            " ",
            "-",
            "é",
            "\n",
            "aZ0-_ .",
            "null",
            "true",
            "2024-01-31",
            "x@example.com",
        ] {
            candidates.push(Value::String(probe.to_owned()));
        }
        for v in examples::of_type(self.schemas, m, TypeSet::STRING, 0) {
            candidates.push(v);
        }
        match self.first_member(p, candidates, rejects) {
            Some(w) => Verdict::No(Box::new(Reason::new(w))),
            None if !new_patterns.is_empty() => Verdict::Unknown(format!(
                "the strings matching `{}` cannot be compared with the other schema's",
                new_patterns
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("`, `")
            )),
            None => Verdict::Unknown(
                too_long
                    .and_then(|n| too_large(n, "strings", "characters"))
                    .unwrap_or_else(|| {
                        "the string constraints cannot be compared exhaustively".to_owned()
                    }),
            ),
        }
    }

    fn arrays(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
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

    fn objects(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
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
        for (name, mentioned) in names
            .iter()
            .map(|n| (n, true))
            .chain(others.iter().map(|n| (n, false)))
        {
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
                Verdict::Unknown(why) if mentioned => unknown = Some(why),
                Verdict::Unknown(_) => {}
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

/// Two instances as one: arrays joined, objects merged (the first one's
/// members win); `None` for other values.
fn join(x: &Value, y: &Value) -> Option<Value> {
    match (x, y) {
        (Value::Array(a), Value::Array(b)) => {
            Some(Value::Array(a.iter().chain(b).cloned().collect()))
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut merged = a.clone();
            for (k, v) in b {
                merged.entry(k.clone()).or_insert_with(|| v.clone());
            }
            Some(Value::Object(merged))
        }
        _ => None,
    }
}

/// Whether `a ⊆ b` holds, without reporting (used to compare `contains`).
fn self_subset_quiet(checker: &Checker<'_, '_>, a: &SchemaRef, b: &SchemaRef) -> bool {
    let mut inner = Checker::new(checker.schemas);
    inner
        .subset(std::slice::from_ref(a), std::slice::from_ref(b))
        .is_yes()
}

/// One type set per JSON type (integers and other numbers apart).
pub fn split_types(t: TypeSet) -> Vec<TypeSet> {
    let t = t.normalized();
    let mut out = Vec::new();
    for one in [
        TypeSet::NULL,
        TypeSet::BOOLEAN,
        TypeSet::OBJECT,
        TypeSet::ARRAY,
        TypeSet::STRING,
        TypeSet::INTEGER,
    ] {
        if t.contains(one) {
            out.push(one);
        }
    }
    if t.contains(TypeSet::NUMBER) {
        out.push(TypeSet::NUMBER);
    }
    out
}

/// Whether no member of the conjunction allows names beyond those it
/// declares (`additionalProperties: false`, no patterns).
fn closed(schemas: &Schemas<'_>, m: &Merged) -> bool {
    m.atoms.iter().any(|k| {
        k.pattern_properties.is_empty()
            && k.additional_properties
                .as_ref()
                .is_some_and(|a| schemas.keywords(a).boolean == Some(false))
    })
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

impl Checker<'_, '_> {
    /// Whether a conjunction requires and forbids the same node (`X ∧ ¬X`).
    fn contradictory(&self, c: &Conj) -> bool {
        c.neg.iter().any(|n| {
            let k = self.schemas.keywords(n);
            let atom = k.at.clone().unwrap_or_else(|| n.clone());
            !k.has_combinators() && c.pos.contains(&atom)
        })
    }

    /// Like [`contradictory`](Self::contradictory), also when the forbidden
    /// schema is another node that accepts everything a required one does
    /// (`X ∧ ¬X'` with `X ⊆ X'`, as between two versions of a schema).
    fn contradictory_deep(&mut self, c: &Conj) -> bool {
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
    fn complement(&mut self, p: &Conj, right: &[Conj]) -> Option<Verdict> {
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
