//! Set semantics for JSON Schema: which instances a schema accepts, and
//! whether every instance of one schema is accepted by another.
//!
//! A schema denotes a set of JSON values. "The revision accepts everything
//! the base accepted" (backward compatibility) is the set inclusion
//! `base ⊆ revision`; forward compatibility is `revision ⊆ base`. The
//! checker in [`subset`] decides inclusion keyword by keyword for each JSON
//! type, normalises combinators (`allOf`, `anyOf`, `oneOf`, `not`,
//! `if`/`then`/`else`) into unions of conjunctions, and answers yes, no
//! (with a witness: an instance one side accepts and the other rejects,
//! checked by the [`validate`] module), or cannot tell. Recursive schemas
//! are compared coinductively: a pair already being compared is assumed to
//! hold, since any counterexample is a finite instance found at finite depth.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod compat;
pub mod dnf;
pub mod examples;
pub mod keywords;
pub mod merged;
pub mod named;
pub mod pattern;
pub mod subset;
pub mod validate;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use crate::load::{Contract, DocId, NodeRef, RefTarget};
use crate::model::dialect::Dialect;
use crate::model::pointer::JsonPointer;

pub use keywords::{Dynamic, Keywords};

/// Which contract a schema node belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Base,
    Revision,
}

/// A schema node of one of the two contracts: an index into the arena of
/// [`Schemas`], so that comparing, hashing and copying one costs the same
/// at any depth (a JSON pointer grows with it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaRef(u32);

/// Instances built for a conjunction of nodes: the nodes, the depth, and
/// how many were asked for.
pub type BuiltKey = (Vec<SchemaRef>, usize, usize);

/// One node of the arena.
struct Node<'c> {
    side: Side,
    doc: DocId,
    value: &'c Value,
    /// The parent and the token leading here; `None` for a document root.
    parent: Option<(u32, Rc<str>)>,
}

/// The schemas of two contracts, with each node's keywords read once.
pub struct Schemas<'c> {
    base: &'c Contract,
    revision: &'c Contract,
    nodes: RefCell<Vec<Node<'c>>>,
    children: RefCell<HashMap<(u32, Rc<str>), u32>>,
    roots: RefCell<HashMap<(Side, DocId), u32>>,
    keywords: RefCell<HashMap<SchemaRef, Rc<Keywords>>>,
    /// For each node, the nodes whose keywords (as first read) lead to it.
    parents: RefCell<HashMap<SchemaRef, Vec<SchemaRef>>>,
    /// Instances built for a conjunction of nodes (`examples`), by nodes,
    /// depth and how many were asked for.
    examples: RefCell<HashMap<BuiltKey, Rc<Vec<Value>>>>,
    /// The combinators of a conjunction of nodes, expanded (`dnf::of_all`).
    dnfs: RefCell<HashMap<Vec<SchemaRef>, Rc<dnf::Dnf>>>,
    /// Nodes whose keywords were relaxed by [`compat`], to put back.
    relaxed: RefCell<Vec<SchemaRef>>,
    pub patterns: pattern::Patterns,
    /// Schema nodes evaluated so far: what comparisons budget their work by.
    work: std::cell::Cell<u64>,
    /// A structural hash of each object and array value met by
    /// [`same_schema`](Self::same_schema), by address: equal values hash
    /// alike, so unequal ones are told apart without walking them again.
    hashes: RefCell<HashMap<usize, u64>>,
}

impl<'c> Schemas<'c> {
    pub fn new(base: &'c Contract, revision: &'c Contract) -> Self {
        Self {
            base,
            revision,
            nodes: RefCell::default(),
            children: RefCell::default(),
            roots: RefCell::default(),
            keywords: RefCell::default(),
            parents: RefCell::default(),
            examples: RefCell::default(),
            dnfs: RefCell::default(),
            relaxed: RefCell::default(),
            patterns: pattern::Patterns::default(),
            work: std::cell::Cell::new(0),
            hashes: RefCell::default(),
        }
    }

    /// One schema node evaluated against an instance.
    pub fn tick(&self) {
        self.work.set(self.work.get().saturating_add(1));
    }

    /// Schema nodes evaluated so far.
    pub fn work(&self) -> u64 {
        self.work.get()
    }

    pub fn contract(&self, side: Side) -> &'c Contract {
        match side {
            Side::Base => self.base,
            Side::Revision => self.revision,
        }
    }

    /// The root schema of one side's contract.
    pub fn root(&self, side: Side) -> SchemaRef {
        self.document_root(side, DocId(0))
    }

    fn document_root(&self, side: Side, doc: DocId) -> SchemaRef {
        if let Some(&id) = self.roots.borrow().get(&(side, doc)) {
            return SchemaRef(id);
        }
        let value = &self.contract(side).document(doc).root;
        let id = self.push(Node {
            side,
            doc,
            value,
            parent: None,
        });
        self.roots.borrow_mut().insert((side, doc), id);
        SchemaRef(id)
    }

    fn push(&self, node: Node<'c>) -> u32 {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        (nodes.len() - 1) as u32
    }

    /// The child of `at` under `token` (an object key or an array index),
    /// if the value has one.
    pub fn child(&self, at: &SchemaRef, token: &str) -> Option<SchemaRef> {
        let token: Rc<str> = Rc::from(token);
        if let Some(&id) = self.children.borrow().get(&(at.0, Rc::clone(&token))) {
            return Some(SchemaRef(id));
        }
        let (side, doc, value) = {
            let nodes = self.nodes.borrow();
            let parent = nodes.get(at.0 as usize)?;
            (
                parent.side,
                parent.doc,
                crate::model::pointer::child(parent.value, &token)?,
            )
        };
        let id = self.push(Node {
            side,
            doc,
            value,
            parent: Some((at.0, Rc::clone(&token))),
        });
        self.children.borrow_mut().insert((at.0, token), id);
        Some(SchemaRef(id))
    }

    /// The node a pointer names in one document of one side.
    pub fn intern(&self, side: Side, node: &NodeRef) -> Option<SchemaRef> {
        let mut at = self.document_root(side, node.doc);
        for token in node.pointer.tokens() {
            at = self.child(&at, &token)?;
        }
        Some(at)
    }

    pub fn side(&self, at: &SchemaRef) -> Side {
        self.nodes
            .borrow()
            .get(at.0 as usize)
            .map_or(Side::Base, |n| n.side)
    }

    /// The value of a node.
    pub fn value(&self, at: &SchemaRef) -> Option<&'c Value> {
        self.nodes.borrow().get(at.0 as usize).map(|n| n.value)
    }

    pub fn dialect(&self, at: &SchemaRef) -> Dialect {
        let nodes = self.nodes.borrow();
        nodes
            .get(at.0 as usize)
            .map_or(Dialect::Draft2020, |n| self.contract(n.side).dialect(n.doc))
    }

    /// Whether the validation vocabulary applies to a node.
    pub fn validation_vocabulary(&self, at: &SchemaRef) -> bool {
        let nodes = self.nodes.borrow();
        nodes
            .get(at.0 as usize)
            .is_none_or(|n| self.contract(n.side).validation_vocabulary(n.doc))
    }

    /// The `$ref` target of a node, if it holds one.
    pub fn reference(&self, at: &SchemaRef) -> Option<&'c RefTarget> {
        let side = self.side(at);
        self.value(at)
            .and_then(|v| self.contract(side).ref_of_value(v))
    }

    /// Where a node is, as a document and a JSON pointer (for reports).
    pub fn node_ref(&self, at: &SchemaRef) -> NodeRef {
        let nodes = self.nodes.borrow();
        let mut tokens: Vec<Rc<str>> = Vec::new();
        let mut id = at.0;
        let mut doc = DocId(0);
        while let Some(node) = nodes.get(id as usize) {
            doc = node.doc;
            match &node.parent {
                Some((parent, token)) => {
                    tokens.push(Rc::clone(token));
                    id = *parent;
                }
                None => break,
            }
        }
        let pointer = tokens
            .iter()
            .rev()
            .fold(JsonPointer::root(), |p, t| p.push(t));
        NodeRef::new(doc, pointer)
    }

    /// The keywords of a node (cached).
    pub fn keywords(&self, at: &SchemaRef) -> Rc<Keywords> {
        if let Some(k) = self.keywords.borrow().get(at) {
            return Rc::clone(k);
        }
        let k = Rc::new(keywords::read(self, at));
        self.keywords.borrow_mut().insert(at.clone(), Rc::clone(&k));
        let mut parents = self.parents.borrow_mut();
        for child in k.children() {
            parents.entry(child.clone()).or_default().push(at.clone());
        }
        k
    }

    /// Drops the keyword that rejected an instance from its node (for every
    /// reference to that node), so that the next comparison looks past it.
    /// Returns the nodes from which the relaxed one can be reached (what
    /// was learnt about them may no longer hold), or `None` when there was
    /// nothing to drop.
    pub fn relax(
        &self,
        failure: &validate::Failure,
    ) -> Option<std::collections::HashSet<SchemaRef>> {
        let current = {
            let cache = self.keywords.borrow();
            cache
                .values()
                .find(|k| k.at.as_ref() == Some(&failure.at))
                .map(Rc::clone)
        };
        let current = match current {
            Some(k) => k,
            None => Rc::new(keywords::read(self, &failure.at)),
        };
        let mut k = (*current).clone();
        if !k.relax(failure.keyword, failure.member.as_deref()) {
            return None;
        }
        // Found through the keywords as they were, before the drop.
        let stale = self.reaching(&failure.at);
        let fresh = |nodes: &[SchemaRef]| !nodes.iter().any(|n| stale.contains(n));
        self.examples
            .borrow_mut()
            .retain(|(nodes, _, _), _| fresh(nodes));
        self.dnfs.borrow_mut().retain(|nodes, _| fresh(nodes));
        let k = Rc::new(k);
        let mut cache = self.keywords.borrow_mut();
        let keys: Vec<SchemaRef> = cache
            .iter()
            .filter(|(_, v)| v.at.as_ref() == Some(&failure.at))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            cache.insert(key, Rc::clone(&k));
        }
        cache.insert(failure.at.clone(), k);
        self.relaxed.borrow_mut().push(failure.at.clone());
        Some(stale)
    }

    /// Instances built for `nodes`, if built before (and still valid).
    pub fn built(&self, key: &BuiltKey) -> Option<Rc<Vec<Value>>> {
        self.examples.borrow().get(key).map(Rc::clone)
    }

    /// The expansion of `nodes`, if made before (and still valid).
    pub fn expanded(&self, nodes: &[SchemaRef]) -> Option<Rc<dnf::Dnf>> {
        self.dnfs.borrow().get(nodes).map(Rc::clone)
    }

    /// Remembers the expansion of `nodes`.
    pub fn remember_expanded(&self, nodes: Vec<SchemaRef>, dnf: Rc<dnf::Dnf>) {
        self.dnfs.borrow_mut().insert(nodes, dnf);
    }

    /// Remembers instances built for `nodes`.
    pub fn remember_built(&self, key: BuiltKey, values: Rc<Vec<Value>>) {
        self.examples.borrow_mut().insert(key, values);
    }

    /// The nodes from which a comparison may reach `at` (`at` included),
    /// through the keywords read so far: the comparisons whose answer a
    /// relaxation of `at` may change.
    pub fn reaching(&self, at: &SchemaRef) -> std::collections::HashSet<SchemaRef> {
        // Edges a relaxation dropped stay: more is forgotten, never less.
        let parents = self.parents.borrow();
        let mut out = std::collections::HashSet::from([at.clone()]);
        let mut queue = vec![at.clone()];
        while let Some(next) = queue.pop() {
            for parent in parents.get(&next).into_iter().flatten() {
                if out.insert(parent.clone()) {
                    queue.push(parent.clone());
                }
            }
        }
        out
    }

    /// Whether some node's keywords are relaxed (its value no longer says
    /// everything about what it accepts).
    pub fn any_relaxed(&self) -> bool {
        !self.relaxed.borrow().is_empty()
    }

    /// Whether two nodes are the same schema: equal values, read in the
    /// same dialect, whose `$ref`s lead to nodes that are the same schema
    /// in turn (assumed for a pair already being compared). Structurally
    /// equal schemas accept the same instances, whatever they hold; a
    /// contract with dynamic references qualifies only for one node of
    /// one contract compared with itself (the scope could differ).
    pub fn same_schema(&self, a: &SchemaRef, b: &SchemaRef) -> bool {
        if self.any_relaxed() {
            return false;
        }
        let (ca, cb) = (self.contract(self.side(a)), self.contract(self.side(b)));
        let (Some(va), Some(vb)) = (self.value(a), self.value(b)) else {
            return false;
        };
        if std::ptr::eq(ca, cb) && std::ptr::eq(va, vb) {
            return true;
        }
        if ca.has_dynamic_refs() || cb.has_dynamic_refs() {
            return false;
        }
        // Most pairs differ: their hashes say so without a walk (a walk
        // per nesting level of a deep schema would be quadratic).
        if self.structural_hash(va) != self.structural_hash(vb) {
            return false;
        }
        let (na, nb) = (self.node_ref(a), self.node_ref(b));
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        same_values(ca, cb, &na, &nb, va, vb, &mut seen)
    }

    /// A hash of a value's content (object members in any order), each
    /// container hashed once.
    fn structural_hash(&self, v: &Value) -> u64 {
        use std::hash::{Hash, Hasher};
        let leaf = |v: &Value| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            match v {
                Value::Null => 0u8.hash(&mut h),
                Value::Bool(b) => (1u8, b).hash(&mut h),
                Value::Number(n) => (2u8, n.to_string()).hash(&mut h),
                Value::String(s) => (3u8, s).hash(&mut h),
                _ => {}
            }
            h.finish()
        };
        let address = std::ptr::from_ref(v) as usize;
        match v {
            Value::Array(_) | Value::Object(_) => {
                if let Some(&h) = self.hashes.borrow().get(&address) {
                    return h;
                }
            }
            _ => return leaf(v),
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match v {
            Value::Array(items) => {
                4u8.hash(&mut h);
                for item in items {
                    self.structural_hash(item).hash(&mut h);
                }
            }
            Value::Object(map) => {
                5u8.hash(&mut h);
                // Members in any order: a sum of the members' own hashes.
                let mut sum = 0u64;
                for (key, child) in map {
                    let mut m = std::collections::hash_map::DefaultHasher::new();
                    (key, self.structural_hash(child)).hash(&mut m);
                    sum = sum.wrapping_add(m.finish());
                }
                (map.len(), sum).hash(&mut h);
            }
            _ => {}
        }
        let out = h.finish();
        self.hashes.borrow_mut().insert(address, out);
        out
    }

    pub fn restore(&self) {
        let relaxed: Vec<SchemaRef> = self.relaxed.borrow_mut().drain(..).collect();
        if relaxed.is_empty() {
            return;
        }
        self.examples.borrow_mut().clear();
        self.dnfs.borrow_mut().clear();
        self.keywords
            .borrow_mut()
            .retain(|_, k| k.at.as_ref().is_none_or(|at| !relaxed.contains(at)));
    }
}

/// Equal values in the same dialect whose `$ref`s lead to the same schemas.
fn same_values(
    ca: &Contract,
    cb: &Contract,
    na: &NodeRef,
    nb: &NodeRef,
    va: &Value,
    vb: &Value,
    seen: &mut HashSet<(usize, usize)>,
) -> bool {
    let pair = (
        std::ptr::from_ref(va) as usize,
        std::ptr::from_ref(vb) as usize,
    );
    if !seen.insert(pair) {
        return true;
    }
    if ca.dialect(na.doc) != cb.dialect(nb.doc) || va != vb {
        return false;
    }
    let mut refs_agree = true;
    visit_refs(ca, cb, va, vb, &mut |ta, tb| {
        refs_agree &= match (ta, tb) {
            (RefTarget::Node(ta), RefTarget::Node(tb)) => match (ca.value(ta), cb.value(tb)) {
                (Some(xa), Some(xb)) => same_values(ca, cb, ta, tb, xa, xb, seen),
                _ => false,
            },
            // The same published location, never fetched, on both sides.
            (RefTarget::Remote(x), RefTarget::Remote(y)) => x == y,
            _ => false,
        };
        refs_agree
    });
    refs_agree
}

/// Calls `each` with the targets of the `$ref`s at the same places of two
/// equal values (a `$ref` on one side only is a mismatch, reported as a
/// dangling pair); stops when `each` returns false.
fn visit_refs(
    ca: &Contract,
    cb: &Contract,
    va: &Value,
    vb: &Value,
    each: &mut dyn FnMut(&RefTarget, &RefTarget) -> bool,
) -> bool {
    match (va, vb) {
        (Value::Object(ma), Value::Object(mb)) => {
            match (ca.ref_of_value(va), cb.ref_of_value(vb)) {
                (None, None) => {}
                (Some(ta), Some(tb)) => {
                    if !each(ta, tb) {
                        return false;
                    }
                }
                _ => {
                    let none = RefTarget::Dangling(String::new());
                    return each(&none, &RefTarget::Remote(String::new()));
                }
            }
            for (key, xa) in ma {
                if let Some(xb) = mb.get(key)
                    && !visit_refs(ca, cb, xa, xb, each)
                {
                    return false;
                }
            }
            true
        }
        (Value::Array(xs), Value::Array(ys)) => xs
            .iter()
            .zip(ys)
            .all(|(xa, xb)| visit_refs(ca, cb, xa, xb, each)),
        _ => true,
    }
}
