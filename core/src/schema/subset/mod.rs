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

use serde_json::Value;

use crate::model::schema::TypeSet;
use crate::schema::dnf::{self, Conj, Dnf};
use crate::schema::examples::{self, integer_range};
use crate::schema::merged::Merged;
use crate::schema::validate::{json_equal, type_allows, type_of, validate_all};
use crate::schema::{SchemaRef, Schemas};

mod arrays;
mod complement;
mod numbers;
mod objects;
mod strings;
mod verdict;

pub use arrays::max_items;
pub use objects::max_properties;
pub use verdict::{Hint, Reason, Slot, Verdict, Witness};

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
        // A schema against an identical one (a file diffed with itself, an
        // unchanged component): a proof without expanding anything.
        if let ([x], [y]) = (a, b)
            && self.schemas.same_schema(x, y)
        {
            return Verdict::Yes;
        }
        if b.iter().all(|n| {
            let k = self.schemas.keywords(n);
            k.accepts_everything()
        }) {
            return Verdict::Yes;
        }
        let da = dnf::of_all(self.schemas, a);
        let db = dnf::of_all(self.schemas, b);
        // A keyword only the validator runs (what `unevaluatedProperties`
        // leaves depends on which branch matched; a dynamic reference on
        // the scope): decided only for finitely many instances of A.
        if let Some(keyword) = self.unmodelled(&da).or_else(|| self.unmodelled(&db))
            && !da
                .conjs
                .iter()
                .all(|c| Merged::of(self.schemas, c).enumeration.is_some())
        {
            // Instances still tell a difference: each is validated, and the
            // validator runs every keyword exactly.
            if let Some(w) = self.validated_witness(a, b, &da) {
                return Verdict::No(Box::new(Reason::new(w)));
            }
            let why = if keyword.starts_with("unevaluated") {
                "what it applies to depends on which alternatives match"
            } else {
                "its target depends on the dynamic scope"
            };
            return Verdict::Unknown(format!(
                "`{keyword}` cannot be compared ({why}); instances are validated against it"
            ));
        }
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

    /// An instance of A that B rejects among those built for A's
    /// conjunctions, each confirmed by validating it against both.
    fn validated_witness(&self, a: &[SchemaRef], b: &[SchemaRef], da: &Dnf) -> Option<Value> {
        for conj in &da.conjs {
            for w in examples::candidates(self.schemas, conj, 0) {
                if self.exhausted() {
                    return None;
                }
                if self.confirm(a, b, &w) == Some(true) {
                    return Some(w);
                }
            }
        }
        None
    }

    /// A keyword of the expansion's nodes (or of the negated schemas' own
    /// expansions) that comparisons cannot read.
    fn unmodelled(&self, d: &Dnf) -> Option<&'static str> {
        let first = |c: &dnf::Conj| {
            c.pos
                .iter()
                .chain(&c.neg)
                .find_map(|n| self.schemas.keywords(n).unmodelled.first().copied())
        };
        d.conjs.iter().find_map(|c| {
            first(c).or_else(|| {
                c.neg.iter().find_map(|n| {
                    let inner = dnf::of_all(self.schemas, std::slice::from_ref(n));
                    inner.conjs.iter().find_map(first)
                })
            })
        })
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

#[cfg(test)]
mod tests;
