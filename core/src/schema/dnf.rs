//! Combinators into a union of conjunctions (disjunctive normal form).
//!
//! A schema is its own keywords *and* its `allOf` members *and* one of its
//! `anyOf` branches *and* exactly one `oneOf` branch *and* not its `not`,
//! and so on. Expanding that gives a union of [`Conj`]s: each holds the
//! nodes whose own keywords all apply (`pos`, combinators already expanded)
//! and whole schemas that must not match (`neg`). `oneOf` expands to
//! "this branch and none of the others", `if`/`then`/`else` to
//! `(if ∧ then) ∨ (¬if ∧ else)`.

use std::collections::HashSet;
use std::rc::Rc;

use super::{SchemaRef, Schemas};
use crate::model::schema::TypeSet;

/// One conjunction: the own keywords of every `pos` node hold, no `neg`
/// schema matches, and the instance has one of `types` (when set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Conj {
    pub pos: Vec<SchemaRef>,
    pub neg: Vec<SchemaRef>,
    pub types: Option<TypeSet>,
}

impl Conj {
    fn and(&self, other: &Conj) -> Conj {
        // Each list once, in order (a set: one pass, not a search per node;
        // a `oneOf` of 2,000 branches negates 1,999 in every conjunction).
        fn union(a: &[SchemaRef], b: &[SchemaRef]) -> Vec<SchemaRef> {
            if b.is_empty() {
                return a.to_vec();
            }
            if a.is_empty() {
                return b.to_vec();
            }
            let mut seen: HashSet<&SchemaRef> = a.iter().collect();
            let mut out = a.to_vec();
            out.extend(b.iter().filter(|n| seen.insert(*n)).cloned());
            out
        }
        let pos = union(&self.pos, &other.pos);
        let neg = union(&self.neg, &other.neg);
        let types = match (self.types, other.types) {
            (Some(a), Some(b)) => Some(a.intersect(b)),
            (a, b) => a.or(b),
        };
        Conj { pos, neg, types }
    }

    /// Restricted to the types in `mask`.
    #[must_use]
    pub fn with_types(&self, mask: TypeSet) -> Conj {
        let types = match self.types {
            Some(t) => t.intersect(mask),
            None => mask,
        };
        Conj {
            types: Some(types),
            ..self.clone()
        }
    }
}

/// A union of conjunctions; `exact` is false when expansion had to stop
/// (too many branches, or combinators that refer back to themselves).
#[derive(Clone, Debug)]
pub struct Dnf {
    pub conjs: Vec<Conj>,
    pub exact: bool,
}

/// More conjunctions than this and the expansion is cut short.
const MAX_CONJUNCTIONS: usize = 256;

impl Dnf {
    fn unit() -> Dnf {
        Dnf {
            conjs: vec![Conj::default()],
            exact: true,
        }
    }

    fn and(self, other: Dnf) -> Dnf {
        let exact = self.exact && other.exact;
        let mut conjs = Vec::new();
        for a in &self.conjs {
            for b in &other.conjs {
                if conjs.len() >= MAX_CONJUNCTIONS {
                    return Dnf {
                        conjs,
                        exact: false,
                    };
                }
                conjs.push(a.and(b));
            }
        }
        Dnf { conjs, exact }
    }

    fn or(mut self, other: Dnf) -> Dnf {
        self.exact &= other.exact;
        for c in other.conjs {
            if self.conjs.len() >= MAX_CONJUNCTIONS {
                self.exact = false;
                break;
            }
            if !self.conjs.contains(&c) {
                self.conjs.push(c);
            }
        }
        self
    }

    fn empty() -> Dnf {
        Dnf {
            conjs: Vec::new(),
            exact: true,
        }
    }
}

/// The DNF of the conjunction of `nodes`.
pub fn of_all(schemas: &Schemas<'_>, nodes: &[SchemaRef]) -> Rc<Dnf> {
    if let Some(known) = schemas.expanded(nodes) {
        return known;
    }
    let dnf = Rc::new(expand_all(schemas, nodes));
    schemas.remember_expanded(nodes.to_vec(), Rc::clone(&dnf));
    dnf
}

fn expand_all(schemas: &Schemas<'_>, nodes: &[SchemaRef]) -> Dnf {
    let mut out = Dnf::unit();
    let mut stack = HashSet::new();
    for node in nodes {
        out = out.and(expand(schemas, node, &mut stack));
    }
    simplify(schemas, out)
}

fn expand(schemas: &Schemas<'_>, node: &SchemaRef, stack: &mut HashSet<SchemaRef>) -> Dnf {
    let k = schemas.keywords(node);
    if k.boolean == Some(false) {
        return Dnf::empty();
    }
    // An atom: this node's own keywords (the node as read, after any `$ref`
    // it stands for).
    let atom = k.at.clone().unwrap_or_else(|| node.clone());
    let mut out = Dnf {
        conjs: vec![Conj {
            pos: vec![atom.clone()],
            neg: Vec::new(),
            types: None,
        }],
        exact: true,
    };
    if !k.has_combinators() {
        return out;
    }
    if !stack.insert(atom.clone()) {
        // A combinator that leads back to itself without consuming the
        // instance (`allOf: [{$ref: '#/$defs/Name'}, …]` inside `Name`): the
        // inner occurrence is read as holding, the greatest fixed point —
        // the reading the validator gives it too.
        return Dnf::unit();
    }
    for sub in k.all_of.iter().chain(k.reference.iter()) {
        out = out.and(expand(schemas, sub, stack));
    }
    if !k.any_of.is_empty() {
        let mut union = Dnf::empty();
        for sub in &k.any_of {
            union = union.or(expand(schemas, sub, stack));
        }
        out = out.and(union);
    }
    if !k.one_of.is_empty() {
        let mut union = Dnf::empty();
        for (i, sub) in k.one_of.iter().enumerate() {
            if union.conjs.len() >= MAX_CONJUNCTIONS {
                union.exact = false;
                break;
            }
            let mut branch = expand(schemas, sub, stack);
            for c in &mut branch.conjs {
                // Each other branch negated once (a set: a linear pass,
                // not a search per branch).
                let mut seen: HashSet<SchemaRef> = c.neg.iter().cloned().collect();
                for (j, o) in k.one_of.iter().enumerate() {
                    if j != i && seen.insert(o.clone()) {
                        c.neg.push(o.clone());
                    }
                }
            }
            union = union.or(branch);
        }
        out = out.and(union);
    }
    if let Some(not) = &k.not {
        out = out.and(Dnf {
            conjs: vec![Conj {
                pos: Vec::new(),
                neg: vec![not.clone()],
                types: None,
            }],
            exact: true,
        });
    }
    if let Some((cond, then, otherwise)) = &k.if_then_else
        && (then.is_some() || otherwise.is_some())
    {
        let mut yes = expand(schemas, cond, stack);
        if let Some(then) = then {
            yes = yes.and(expand(schemas, then, stack));
        }
        let mut no = Dnf {
            conjs: vec![Conj {
                pos: Vec::new(),
                neg: vec![cond.clone()],
                types: None,
            }],
            exact: true,
        };
        if let Some(otherwise) = otherwise {
            no = no.and(expand(schemas, otherwise, stack));
        }
        out = out.and(yes.or(no));
    }
    stack.remove(&atom);
    out
}

/// Drops atoms that constrain nothing and conjunctions that cannot hold
/// (a `false` atom, or no type left).
fn simplify(schemas: &Schemas<'_>, dnf: Dnf) -> Dnf {
    let mut conjs = Vec::new();
    for mut c in dnf.conjs {
        let mut impossible = false;
        c.pos.retain(|p| {
            let k = schemas.keywords(p);
            if k.boolean == Some(false) {
                impossible = true;
            }
            // Combinators were expanded into this conjunction: a node
            // whose own keywords constrain nothing adds nothing.
            !(k.accepts_everything() || k.boolean == Some(true) || k.locally_unconstrained())
        });
        // `not: {}` matches nothing.
        if c.neg.iter().any(|n| {
            schemas.keywords(n).accepts_everything() && !schemas.keywords(n).has_combinators()
        }) {
            impossible = true;
        }
        c.neg.retain(|n| schemas.keywords(n).boolean != Some(false));
        if c.types.is_some_and(TypeSet::is_empty) {
            impossible = true;
        }
        if !impossible && !conjs.contains(&c) {
            conjs.push(c);
        }
    }
    Dnf {
        conjs,
        exact: dnf.exact,
    }
}
