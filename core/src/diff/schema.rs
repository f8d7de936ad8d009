//! The structural schema comparison: what differs between two schemas,
//! keyword by keyword, node pair by node pair, safe on recursive schemas
//! and linear in their size.
//!
//! Each pair of (resolved) schema nodes is compared once per diff and the
//! result is kept: its local changes (a bound moved, a property added, a
//! `oneOf` member removed) and the child pairs to descend into (common
//! properties, items, matched `allOf`/`anyOf`/`oneOf` members, …). A root —
//! a request body, a parameter, a response header — is then a breadth-first
//! walk over pairs, each visited once, so shared components cost nothing
//! extra and cycles end. The walk's path (`lines[].sku`) names where a
//! change is; the root and the path together are its [`Place`].
//!
//! Changes state facts; whether a fact breaks anyone is the rules' call,
//! made with the change's direction.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use serde_json::Value;

use super::same::Sameness;
use super::{Change, ChangeKind, Direction, Sides};
use crate::load::{Contract, NodeRef, RefTarget, Resolved};
use crate::model::address::{AddressMap, WordHasher};
use crate::model::date::Date;
use crate::model::openapi::Operation;
use crate::model::schema::{SchemaView, TypeSet};
use crate::schema::pattern::Patterns;

/// What a compared schema describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A request or response body (one media type's schema).
    Body,
    /// A parameter's schema; `location` is `path`, `query`, `header` or
    /// `cookie`.
    Parameter { location: String, name: String },
    /// A response header's schema.
    Header { name: String },
}

/// Where a compared schema sits in the API.
#[derive(Clone, Debug)]
pub struct Context {
    pub operation: Option<Operation>,
    pub direction: Option<Direction>,
    pub status: Option<String>,
    pub media_type: Option<String>,
    pub root: Root,
    /// Whether the root is required (a parameter's `required`).
    pub required: Option<bool>,
    /// The operation's deprecation policy: the earliest sunset allowed.
    pub min_sunset: Option<Date>,
}

/// Where in a compared schema a change is.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub root: Root,
    /// Empty at the root; else the path to the node (`lines[].sku`,
    /// `pet/oneOf[Dog].name`).
    pub path: String,
    /// Whether the enclosing object requires this property (`None` where
    /// the node is not a property).
    pub required: Option<bool>,
    pub read_only: bool,
    pub write_only: bool,
    /// Read-only in the base, itself or a property enclosing it: clients
    /// never sent it, so no change to it breaks what they send.
    pub never_sent: bool,
    /// Write-only in the revision, itself or a property enclosing it:
    /// clients do not receive it, so no change to it breaks what they read.
    pub never_received: bool,
}

impl Place {
    pub fn is_root(&self) -> bool {
        self.path.is_empty()
    }
}

/// A structural change at a place in a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordChange {
    pub place: Place,
    pub delta: Delta,
    /// The whole schemas compared (a body's, a parameter's), in which the
    /// change is one difference among others.
    pub root: Rc<RootPair>,
}

/// The root schemas of one comparison, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RootPair {
    pub base: NodeRef,
    pub revision: NodeRef,
}

/// The declared types of a schema, `null` aside (see [`Delta::Nullable`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Types {
    /// Empty when the schema does not constrain the type.
    pub set: TypeSet,
    /// Type names JSON Schema does not know (`int`), as written.
    pub unknown: Vec<String>,
    pub format: Option<String>,
}

impl Types {
    pub fn describe(&self) -> String {
        let mut names: Vec<&str> = self.set.names();
        names.extend(self.unknown.iter().map(String::as_str));
        let names = if names.is_empty() {
            "any".to_owned()
        } else {
            names.join("|")
        };
        match &self.format {
            Some(format) => format!("{names}/{format}"),
            None => names,
        }
    }
}

/// What changed. Each variant is one fact about one keyword.
#[derive(Clone, Debug, PartialEq)]
pub enum Delta {
    /// The property at the place was added; the place tells whether it is
    /// required, read-only, write-only.
    PropertyAdded {
        has_default: bool,
    },
    PropertyRemoved,
    /// The property at the place became required (`now`) or optional.
    Required {
        now: bool,
        has_default: bool,
    },
    Type {
        before: Types,
        after: Types,
        /// The revision is an array whose items accept every value the
        /// base accepted, read as text as parameters are (the same
        /// constraints, or a type-only schema of wider types, `string`
        /// taking numbers and booleans): a scalar became a list of the same.
        items_cover: bool,
    },
    /// The types given as a list of single-type `oneOf`/`anyOf` members (or a
    /// type array) changed.
    ListOfTypes {
        before: TypeSet,
        after: TypeSet,
    },
    Nullable {
        now: bool,
    },
    /// An `enum` where there was none.
    BecameEnum,
    EnumValue {
        value: Value,
        added: bool,
    },
    /// `x-extensible-enum`: values clients should expect more of.
    ExtensibleEnumValue {
        value: Value,
        added: bool,
    },
    /// A numeric bound (`maxLength`, `minimum`, …) set, unset or moved.
    Bound {
        keyword: &'static str,
        before: Option<f64>,
        after: Option<f64>,
    },
    Pattern {
        before: Option<String>,
        after: Option<String>,
        /// The new pattern accepts every string the old one did.
        generalized: bool,
    },
    Default {
        before: Option<Value>,
        after: Option<Value>,
    },
    Const {
        before: Option<Value>,
        after: Option<Value>,
    },
    /// `contentEncoding` or `contentMediaType`.
    Content {
        keyword: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    /// A subschema keyword (`if`, `contains`, `propertyNames`, …) added or
    /// removed.
    Subschema {
        keyword: &'static str,
        added: bool,
    },
    DependentRequired {
        property: String,
        before: Option<Vec<String>>,
        after: Option<Vec<String>>,
    },
    DependentSchema {
        property: String,
        added: bool,
    },
    PatternProperty {
        pattern: String,
        added: bool,
    },
    /// An `allOf`/`anyOf`/`oneOf` member added or removed.
    Branch {
        keyword: &'static str,
        label: String,
        added: bool,
        /// The member holds annotations only (`description`, `title`, …).
        annotation_only: bool,
        /// The members of the same keyword on the other side (the
        /// revision's for a removed member, the base's for an added one):
        /// where a rule may find that one of them accepts what it did.
        others: Vec<NodeRef>,
    },
    /// The schema was moved into the members of a new `oneOf`.
    WrappedInOneOf,
    DiscriminatorAdded,
    DiscriminatorRemoved,
    DiscriminatorPropertyName {
        before: String,
        after: String,
    },
    DiscriminatorMapping {
        key: String,
        before: Option<String>,
        after: Option<String>,
    },
    ReadOnly {
        now: bool,
    },
    WriteOnly {
        now: bool,
    },
    /// `x-stability-level` (`draft`, `alpha`, `beta`, `stable`) changed.
    Stability {
        before: Option<String>,
        after: Option<String>,
    },
    /// `deprecated` switched on (`now`) or off; `sunset` is the
    /// `x-sunset` written beside it; `min_sunset` the earliest the
    /// operation's deprecation policy allows.
    Deprecated {
        now: bool,
        sunset: Option<String>,
        min_sunset: Option<Date>,
    },
}

/// A change of the pair itself, or of one of its properties.
#[derive(Debug)]
struct Local {
    /// The property concerned, for property-level facts.
    property: Option<PropertyFacts>,
    delta: Delta,
    base: Option<NodeRef>,
    revision: Option<NodeRef>,
}

#[derive(Debug, Clone)]
struct PropertyFacts {
    name: String,
    required: bool,
    read_only: bool,
    write_only: bool,
}

/// How a child node is reached from its parent. Names are borrowed from
/// the documents: a walk over thousands of properties allocates none.
#[derive(Debug, Clone)]
enum Segment<'c> {
    Property(&'c str),
    Items,
    AdditionalProperties,
    Keyword(&'static str),
    Member(&'static str, String),
    Keyed(&'static str, &'c str),
}

#[derive(Debug)]
struct Child<'c> {
    segment: Segment<'c>,
    /// The nodes, until they move into the child's pair (the root node
    /// after).
    base: NodeRef,
    revision: NodeRef,
    base_value: &'c Value,
    revision_value: &'c Value,
    /// For properties: whether the revision requires it.
    required: Option<bool>,
    all_of_member: bool,
    /// For properties: [`NEVER_SENT`]/[`NEVER_RECEIVED`] as declared (a
    /// `$ref`'s siblings included).
    flags: u8,
}

#[derive(Debug, Default)]
struct PairDiff<'c> {
    local: Vec<Local>,
    children: Vec<Child<'c>>,
    /// The revision's `readOnly` and `writeOnly`.
    read_only: bool,
    write_only: bool,
    base_read_only: bool,
}

impl PairDiff<'_> {
    /// The [`NEVER_SENT`]/[`NEVER_RECEIVED`] flags of the pair itself.
    fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.base_read_only {
            flags |= NEVER_SENT;
        }
        if self.write_only {
            flags |= NEVER_RECEIVED;
        }
        flags
    }
}

/// A node of a root's walk: its entry, the walk node it was reached from
/// and which of that one's children it is, whether it is required, and the
/// [`NEVER_SENT`]/[`NEVER_RECEIVED`] flags of the properties enclosing it.
type WalkNode = (u32, Option<(usize, usize)>, Option<bool>, u8);

/// Inside a property read-only in the base.
const NEVER_SENT: u8 = 1;
/// Inside a property write-only in the revision.
const NEVER_RECEIVED: u8 = 2;

/// Two schema nodes compared, with their values.
struct Pair<'c> {
    base: NodeRef,
    revision: NodeRef,
    base_value: &'c Value,
    revision_value: &'c Value,
}

/// One pair of nodes compared, reached as an `allOf` member or not.
struct Entry<'c> {
    /// Index of the pair (whatever the flag) in [`SchemaDiff::pairs`].
    pair: u32,
    all_of_member: bool,
    /// The comparison, once made.
    diff: Option<Rc<PairDiff<'c>>>,
    /// The entries of `diff.children`, in order.
    edges: Vec<u32>,
    /// Whether a change is found here or anywhere below.
    dirty: bool,
    /// The children (indices into `diff.children` and `edges`) that lead
    /// to a change: all a walk needs to visit.
    dirty_children: Vec<u32>,
}

/// Compares schemas of two contracts, remembering every pair it has seen.
///
/// Pairs are numbered as they are met. A root's walk first compares every
/// pair it reaches that no earlier root reached; then marks which of them
/// lead to a change (a pair met before keeps its mark: all it reaches was
/// met with it); then walks only those, building paths as it goes. A
/// 4 MB spec whose responses all reach the same hundred schemas costs each
/// pair one comparison, and each root a walk to its changes.
pub struct SchemaDiff<'c> {
    /// How each side is read; the OpenAPI walk reads through them too, so
    /// that a `$ref` target is looked up once per diff.
    pub(super) base: Navigator<'c>,
    pub(super) revision: Navigator<'c>,
    patterns: Patterns,
    same: Sameness,
    pairs: Vec<Pair<'c>>,
    /// By the addresses of the two values.
    pair_ids: AddressMap<(usize, usize), u32>,
    entries: Vec<Entry<'c>>,
    entry_ids: AddressMap<(u32, bool), u32>,
    /// The root walk that last visited each pair, and the flags it was
    /// visited with.
    visited: Vec<u32>,
    visited_flags: Vec<u8>,
    walks: u32,
    /// The nodes of the current walk, kept between walks for their
    /// allocation.
    walk_nodes: Vec<WalkNode>,
    /// The same for [`SchemaDiff::discover`]'s stack.
    walk_stack: Vec<u32>,
}

impl<'c> SchemaDiff<'c> {
    pub fn new(sides: Sides<'c>) -> Self {
        Self {
            base: Navigator::new(sides.base),
            revision: Navigator::new(sides.revision),
            patterns: Patterns::default(),
            same: Sameness::default(),
            pairs: Vec::new(),
            pair_ids: AddressMap::default(),
            entries: Vec::new(),
            entry_ids: AddressMap::default(),
            visited: Vec::new(),
            visited_flags: Vec::new(),
            walks: 0,
            walk_nodes: Vec::new(),
            walk_stack: Vec::new(),
        }
    }

    fn entry(
        &mut self,
        (b, base_value): (NodeRef, &'c Value),
        (r, revision_value): (NodeRef, &'c Value),
        all_of_member: bool,
    ) -> u32 {
        let key = (
            std::ptr::from_ref(base_value) as usize,
            std::ptr::from_ref(revision_value) as usize,
        );
        let pair = match self.pair_ids.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.pairs.len() as u32;
                self.pairs.push(Pair {
                    base: b,
                    revision: r,
                    base_value,
                    revision_value,
                });
                self.pair_ids.insert(key, id);
                self.visited.push(0);
                self.visited_flags.push(0);
                id
            }
        };
        if let Some(&id) = self.entry_ids.get(&(pair, all_of_member)) {
            return id;
        }
        let id = self.entries.len() as u32;
        self.entries.push(Entry {
            pair,
            all_of_member,
            diff: None,
            edges: Vec::new(),
            dirty: false,
            dirty_children: Vec::new(),
        });
        self.entry_ids.insert((pair, all_of_member), id);
        id
    }

    /// Compares every pair reachable from `root` not compared yet, and
    /// marks which of them lead to a change.
    fn discover(&mut self, root: u32) {
        let mut fresh: Vec<u32> = Vec::new();
        let mut stack = std::mem::take(&mut self.walk_stack);
        stack.clear();
        stack.push(root);
        while let Some(id) = stack.pop() {
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            if entry.diff.is_some() {
                continue;
            }
            let (pair, all_of_member) = (entry.pair, entry.all_of_member);
            let Some(pair) = self.pairs.get(pair as usize) else {
                continue;
            };
            let mut comparison = Comparison::new(
                (&self.base, &self.revision),
                (&self.patterns, &self.same),
                (&pair.base, pair.base_value),
                (&pair.revision, pair.revision_value),
            );
            comparison.all_of_member = all_of_member;
            let mut diff = comparison.run();
            // The children's nodes move into their pairs (a pair met
            // before already has them).
            let edges: Vec<u32> = diff
                .children
                .iter_mut()
                .map(|c| {
                    self.entry(
                        (std::mem::take(&mut c.base), c.base_value),
                        (std::mem::take(&mut c.revision), c.revision_value),
                        c.all_of_member,
                    )
                })
                .collect();
            let diff = Rc::new(diff);
            stack.extend(edges.iter().copied());
            if let Some(entry) = self.entries.get_mut(id as usize) {
                entry.dirty = !diff.local.is_empty();
                entry.diff = Some(diff);
                entry.edges = edges;
            }
            fresh.push(id);
        }
        // Entries met before keep their marks; fresh ones are dirty if they
        // lead to a dirty entry, found by walking edges backwards (the
        // edges as (child, parent), sorted).
        let mut parents: Vec<(u32, u32)> = Vec::new();
        for &id in &fresh {
            if let Some(entry) = self.entries.get(id as usize) {
                parents.extend(entry.edges.iter().map(|&child| (child, id)));
            }
        }
        parents.sort_unstable();
        // Reuses the stack's allocation: it is empty now.
        let mut queue = stack;
        for &id in &fresh {
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            let mut dirty = entry.dirty;
            for &child in &entry.edges {
                dirty |= self
                    .entries
                    .get(child as usize)
                    .is_some_and(|c| c.dirty && c.diff.is_some());
            }
            if dirty {
                queue.push(id);
            }
        }
        while let Some(id) = queue.pop() {
            if let Some(entry) = self.entries.get_mut(id as usize) {
                entry.dirty = true;
            }
            let start = parents.partition_point(|&(child, _)| child < id);
            let end = parents.partition_point(|&(child, _)| child <= id);
            for &(_, parent) in parents.get(start..end).unwrap_or_default() {
                if self.entries.get(parent as usize).is_some_and(|p| !p.dirty) {
                    if let Some(p) = self.entries.get_mut(parent as usize) {
                        p.dirty = true;
                    }
                    queue.push(parent);
                }
            }
        }
        // Marks are final now: keep, for each dirty entry, its dirty children.
        for &id in &fresh {
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            if !entry.dirty {
                continue;
            }
            let dirty_children: Vec<u32> = entry
                .edges
                .iter()
                .enumerate()
                .filter(|&(_, &child)| self.entries.get(child as usize).is_some_and(|c| c.dirty))
                .map(|(index, _)| index as u32)
                .collect();
            if let Some(entry) = self.entries.get_mut(id as usize) {
                entry.dirty_children = dirty_children;
            }
        }
        self.walk_stack = queue;
    }

    /// Appends the changes between the schema `base` and the schema
    /// `revision` (both may be `$ref`s) to `out`, in `context`.
    pub fn compare(
        &mut self,
        base: Node<'c>,
        revision: Node<'c>,
        context: &Context,
        out: &mut Vec<Change>,
    ) {
        let (Some((b, bv)), Some((r, rv))) = (
            self.base.follow(base.0, base.1),
            self.revision.follow(revision.0, revision.1),
        ) else {
            return;
        };
        let start = self.entry((b.clone(), bv), (r.clone(), rv), false);
        self.discover(start);
        if !self.entries.get(start as usize).is_some_and(|e| e.dirty) {
            return;
        }
        self.walks += 1;
        let walk = self.walks;
        let root = Rc::new(RootPair {
            base: b,
            revision: r,
        });
        // The walk's nodes, in breadth-first order: the entry, and how it
        // was reached (the walk node before it and which of its children);
        // paths are spelled only for nodes that have something to report.
        let mut nodes = std::mem::take(&mut self.walk_nodes);
        nodes.clear();
        nodes.push((start, None, context.required, 0));
        if let Some(v) = self
            .entries
            .get(start as usize)
            .and_then(|e| self.visited.get_mut(e.pair as usize))
        {
            *v = walk;
        }
        let mut next_node = 0;
        while let Some(&(id, _, required, inherited)) = nodes.get(next_node) {
            let this = next_node;
            next_node += 1;
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            let Some(pair) = entry.diff.clone() else {
                continue;
            };
            let flags = inherited | pair.flags();
            if !pair.local.is_empty() {
                let path = self.path(&nodes, this);
                for local in &pair.local {
                    let place = match &local.property {
                        Some(p) => Place {
                            root: context.root.clone(),
                            path: join(&path, &Segment::Property(&p.name)),
                            required: Some(p.required),
                            read_only: p.read_only,
                            write_only: p.write_only,
                            never_sent: flags & NEVER_SENT != 0 || p.read_only,
                            never_received: flags & NEVER_RECEIVED != 0 || p.write_only,
                        },
                        None => Place {
                            root: context.root.clone(),
                            path: path.clone(),
                            required,
                            read_only: pair.read_only,
                            write_only: pair.write_only,
                            never_sent: flags & NEVER_SENT != 0,
                            never_received: flags & NEVER_RECEIVED != 0,
                        },
                    };
                    let mut delta = local.delta.clone();
                    if let Delta::Deprecated { min_sunset, .. } = &mut delta {
                        *min_sunset = context.min_sunset;
                    }
                    out.push(Change {
                        kind: ChangeKind::Keyword(Box::new(KeywordChange {
                            place,
                            delta,
                            root: Rc::clone(&root),
                        })),
                        operation: context.operation.clone(),
                        direction: context.direction,
                        status: context.status.clone(),
                        media_type: context.media_type.clone(),
                        base: local.base.clone(),
                        revision: local.revision.clone(),
                        allowed: false,
                    });
                }
            }
            for &index in &entry.dirty_children {
                let index = index as usize;
                let (Some(child), Some(&next)) = (pair.children.get(index), entry.edges.get(index))
                else {
                    continue;
                };
                let Some(next_entry) = self.entries.get(next as usize) else {
                    continue;
                };
                let (Some(seen), Some(seen_flags)) = (
                    self.visited.get_mut(next_entry.pair as usize),
                    self.visited_flags.get_mut(next_entry.pair as usize),
                ) else {
                    continue;
                };
                let child_flags = flags | child.flags;
                // A pair met again through properties that are not
                // read-only (write-only) is walked again: what a client
                // sends (reads) through that path is judged on its own.
                if *seen != walk {
                    *seen = walk;
                    *seen_flags = child_flags;
                    nodes.push((next, Some((this, index)), child.required, child_flags));
                } else if *seen_flags & !child_flags != 0 {
                    *seen_flags &= child_flags;
                    nodes.push((next, Some((this, index)), child.required, child_flags));
                }
            }
        }
        self.walk_nodes = nodes;
    }

    /// The path of a walk node: the segments by which it was reached.
    fn path(&self, nodes: &[WalkNode], at: usize) -> String {
        let mut segments: Vec<&Segment<'_>> = Vec::new();
        let mut at = at;
        while let Some(&(_, Some((parent, index)), _, _)) = nodes.get(at) {
            let segment = nodes
                .get(parent)
                .and_then(|(id, _, _, _)| self.entries.get(*id as usize))
                .and_then(|e| e.diff.as_ref())
                .and_then(|d| d.children.get(index))
                .map(|c| &c.segment);
            if let Some(segment) = segment {
                segments.push(segment);
            }
            at = parent;
        }
        let mut path = String::new();
        for segment in segments.into_iter().rev() {
            push_segment(&mut path, segment);
        }
        path
    }
}

fn join(path: &str, segment: &Segment<'_>) -> String {
    let mut joined = path.to_owned();
    push_segment(&mut joined, segment);
    joined
}

/// Appends a segment to a path in place (`a.b`, `a[]`, `a.allOf[1]`).
fn push_segment(path: &mut String, segment: &Segment<'_>) {
    let sep = |path: &mut String| {
        if !path.is_empty() {
            path.push('.');
        }
    };
    match segment {
        Segment::Property(name) => {
            sep(path);
            path.push_str(name);
        }
        Segment::Items => path.push_str("[]"),
        Segment::AdditionalProperties => {
            sep(path);
            path.push_str("additionalProperties");
        }
        Segment::Keyword(keyword) => {
            sep(path);
            path.push_str(keyword);
        }
        Segment::Member(keyword, label) => {
            sep(path);
            path.push_str(keyword);
            path.push('[');
            path.push_str(label);
            path.push(']');
        }
        Segment::Keyed(keyword, key) => {
            sep(path);
            path.push_str(keyword);
            path.push('[');
            path.push_str(key);
            path.push(']');
        }
    }
}

/// Follows `$ref`s to a schema node; `None` for remote or missing ones.
pub(crate) fn resolve(contract: &Contract, node: &NodeRef) -> Option<NodeRef> {
    match contract.resolve(node)? {
        Resolved::Node(at, _) => Some(at.clone()),
        Resolved::Opaque(_) => None,
    }
}

/// The node at `tokens` below `node` (whose value is `value`), with its
/// value.
fn walk<'c>(node: &NodeRef, value: &'c Value, tokens: &[&str]) -> Option<(NodeRef, &'c Value)> {
    let (mut node, mut value) = (node.clone(), value);
    for token in tokens {
        value = crate::model::pointer::child(value, token)?;
        node = node.push(token);
    }
    Some((node, value))
}

/// A node of a contract with its value: who holds both never looks a
/// pointer up again.
pub(super) type Node<'c> = (NodeRef, &'c Value);

/// Reads one side of a diff by value: a `$ref` is followed by the address
/// of the object holding it (no pointer walk), and its target is looked up
/// once.
pub(super) struct Navigator<'c> {
    pub(super) contract: &'c Contract,
    targets: RefCell<AddressMap<usize, Option<(NodeRef, &'c Value)>>>,
}

impl<'c> Navigator<'c> {
    fn new(contract: &'c Contract) -> Self {
        Self {
            contract,
            targets: RefCell::default(),
        }
    }

    /// The node at `at`, looked up (the one pointer walk, for a root).
    pub(super) fn node(&self, at: NodeRef) -> Option<Node<'c>> {
        let value = self.contract.value(&at)?;
        Some((at, value))
    }

    /// The member `token` of a node as written (a `$ref` not followed).
    pub(super) fn member(&self, (node, value): &Node<'c>, token: &str) -> Option<Node<'c>> {
        let child = crate::model::pointer::child(value, token)?;
        Some((node.push(token), child))
    }

    /// Where `$ref`s from `node` (whose value is `value`) lead, with the
    /// value there; `None` for a remote or dangling reference.
    pub(super) fn follow(&self, node: NodeRef, value: &'c Value) -> Option<(NodeRef, &'c Value)> {
        let (mut node, mut value) = (node, value);
        for _ in 0..self.contract.longest_chain() {
            let Some(target) = self.contract.ref_of_value(value) else {
                return Some((node, value));
            };
            let key = std::ptr::from_ref(value) as usize;
            let known = self.targets.borrow().get(&key).cloned();
            let next = match known {
                Some(next) => next,
                None => {
                    let next = match target {
                        RefTarget::Node(at) => self.contract.value(at).map(|v| (at.clone(), v)),
                        RefTarget::Remote(_) | RefTarget::Dangling(_) => None,
                    };
                    self.targets.borrow_mut().insert(key, next.clone());
                    next
                }
            };
            (node, value) = next?;
        }
        None
    }

    /// The member `token` of a node (a subschema, a request body, a
    /// response), its `$ref`s followed.
    pub(super) fn child(
        &self,
        node: &NodeRef,
        value: &'c Value,
        token: &str,
    ) -> Option<(NodeRef, &'c Value)> {
        let child = crate::model::pointer::child(value, token)?;
        self.follow(node.push(token), child)
    }

    fn view(&self, node: &NodeRef, value: &'c Value) -> SchemaView<'c> {
        SchemaView::new(value, self.contract.dialect(node.doc))
    }
}

/// The properties of a schema, with those of its `allOf` members, and the
/// names its `required` lists mention (also through `allOf`): a property
/// moved into an `allOf` member is the same property.
#[derive(Default)]
struct Shape<'c> {
    /// The objects the properties are declared in: the schema and its
    /// `allOf` members.
    owners: Vec<(NodeRef, &'c Value)>,
    /// Name, owner (index into `owners`) and value as declared (a `$ref` is
    /// not followed): the first declaration of each name.
    properties: Vec<(&'c str, usize, &'c Value)>,
    /// Name → index into `properties`.
    names: AddressMap<&'c str, usize>,
    /// Later declarations of names declared already (in another `allOf`
    /// member): each constrains the property too.
    again: Vec<(&'c str, usize, &'c Value)>,
    required: std::collections::HashSet<&'c str, std::hash::BuildHasherDefault<WordHasher>>,
}

impl<'c> Shape<'c> {
    /// The node of the property at `index` of `properties`.
    fn node(&self, index: usize) -> Option<NodeRef> {
        let (name, owner, _) = self.properties.get(index)?;
        Some(self.owners.get(*owner)?.0.push_all(&["properties", name]))
    }

    fn declared_again(&self, name: &str) -> bool {
        self.again.iter().any(|(n, _, _)| *n == name)
    }

    /// Every declaration of `name`: its node, its value as declared, and
    /// the value of the object declaring it.
    fn declarations(&self, name: &str) -> Vec<(NodeRef, &'c Value, &'c Value)> {
        let first = self.names.get(name).and_then(|&i| self.properties.get(i));
        first
            .into_iter()
            .chain(self.again.iter().filter(|(n, _, _)| *n == name))
            .filter_map(|&(n, owner, declared)| {
                let (node, value) = self.owners.get(owner)?;
                Some((node.push_all(&["properties", n]), declared, *value))
            })
            .collect()
    }
}

fn shape<'c>(nav: &Navigator<'c>, node: &NodeRef, value: &'c Value) -> Shape<'c> {
    let mut shape = Shape::default();
    // The objects visited: a schema and its `allOf` members, a handful.
    let mut visited = Vec::new();
    collect(nav, node.clone(), value, &mut shape, &mut visited);
    shape
}

fn collect<'c>(
    nav: &Navigator<'c>,
    node: NodeRef,
    value: &'c Value,
    shape: &mut Shape<'c>,
    visited: &mut Vec<usize>,
) {
    let Some((node, value)) = nav.follow(node, value) else {
        return;
    };
    let address = std::ptr::from_ref(value) as usize;
    if visited.contains(&address) {
        return;
    }
    visited.push(address);
    let view = nav.view(&node, value);
    if let Some(properties) = view.get("properties").and_then(Value::as_object) {
        let owner = shape.owners.len();
        shape.owners.push((node.clone(), value));
        for (name, declared) in properties {
            if shape.names.contains_key(name.as_str()) {
                shape.again.push((name, owner, declared));
            } else {
                shape.names.insert(name, shape.properties.len());
                shape.properties.push((name, owner, declared));
            }
        }
    }
    shape.required.extend(view.required());
    for (i, member) in view.branches("allOf").iter().enumerate() {
        collect(
            nav,
            node.push("allOf").push_index(i),
            member,
            shape,
            visited,
        );
    }
}

/// The types (and `format`) a schema without `type` takes from its `allOf`
/// members: what they all allow. `None` where no member says.
fn all_of_types<'c>(
    nav: &Navigator<'c>,
    node: &NodeRef,
    value: &'c Value,
    depth: u32,
) -> Option<(TypeSet, Option<String>)> {
    let view = nav.view(node, value);
    let members = view.branches("allOf");
    if members.is_empty() || depth > 8 {
        return None;
    }
    let mut out: Option<(TypeSet, Option<String>)> = None;
    for (i, member) in members.iter().enumerate() {
        let Some((at, member)) = nav.follow(node.push("allOf").push_index(i), member) else {
            continue;
        };
        let member_view = nav.view(&at, member);
        let found = match member_view.types() {
            Some(t) => Some((
                t,
                member_view
                    .get("format")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            )),
            None if member_view.get("type").is_none() => all_of_types(nav, &at, member, depth + 1),
            None => None,
        };
        if let Some((t, f)) = found {
            out = Some(match out {
                Some((all, format)) => (TypeSet::from_bits(all.bits() & t.bits()), format.or(f)),
                None => (t, f),
            });
        }
    }
    out
}

/// Flags of a property, read from its declaration and from what it refers to.
struct Flags {
    read_only: bool,
    write_only: bool,
    has_default: bool,
}

fn flags<'c>(nav: &Navigator<'c>, node: &NodeRef, declared: &'c Value) -> Flags {
    let resolved = nav.follow(node.clone(), declared).map(|(_, v)| v);
    // OpenAPI 3.0 ignores keywords beside a `$ref`; later dialects apply them.
    let siblings = (declared.get("$ref").is_none()
        || nav.contract.dialect(node.doc) != crate::model::dialect::Dialect::OpenApi30)
        .then_some(declared);
    let read = |keyword: &str| -> bool {
        let on = |v: &Value| {
            v.get(keyword)
                .is_some_and(|x| x.as_bool() == Some(true) || keyword == "default")
        };
        siblings.is_some_and(on) || resolved.is_some_and(on)
    };
    Flags {
        read_only: read("readOnly"),
        write_only: read("writeOnly"),
        has_default: read("default"),
    }
}

/// Numeric bounds, with the name rules use for them.
const BOUNDS: [&str; 12] = [
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
];

/// Keywords holding one subschema, compared when both sides have them.
const SUBSCHEMAS: [&str; 9] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// A schema's numeric bounds, in the order of [`BOUNDS`], as 2020-12
/// spells them: in OpenAPI 3.0 and draft-04, `maximum: 5,
/// exclusiveMaximum: true` is `exclusiveMaximum: 5`, so a migration from
/// one spelling to the other changes no bound. Read in one pass over the
/// object's keys.
fn bounds_of(view: &SchemaView<'_>) -> [Option<f64>; 12] {
    let mut out = [None; 12];
    let Some(map) = view.value.as_object() else {
        return out;
    };
    let (mut exclusive_max, mut exclusive_min) = (false, false);
    for (key, value) in map {
        if let Some(i) = BOUNDS.iter().position(|b| b == key) {
            match value {
                Value::Bool(flag) if key == "exclusiveMaximum" => exclusive_max = *flag,
                Value::Bool(flag) if key == "exclusiveMinimum" => exclusive_min = *flag,
                value => {
                    if let Some(slot) = out.get_mut(i) {
                        *slot = value.as_f64();
                    }
                }
            }
        }
    }
    if view.dialect.boolean_exclusive_bounds() {
        let [maximum, minimum, exclusive_maximum, exclusive_minimum, ..] = &mut out;
        *exclusive_maximum = if exclusive_max { maximum.take() } else { None };
        *exclusive_minimum = if exclusive_min { minimum.take() } else { None };
    }
    out
}

const TYPES: u16 = 1;
const ENUMS: u16 = 1 << 1;
const BOUND: u16 = 1 << 2;
const PATTERN: u16 = 1 << 3;
const VALUES: u16 = 1 << 4;
const FLAGS: u16 = 1 << 5;
const SUBSCHEMA: u16 = 1 << 6;
const KEYED: u16 = 1 << 7;
const DISCRIMINATOR: u16 = 1 << 8;
const BRANCHES: u16 = 1 << 9;
const PROPERTIES: u16 = 1 << 10;
const ITEMS: u16 = 1 << 11;

/// The kinds of keyword a schema object has, as bits.
fn groups(value: &Value) -> u16 {
    let Some(map) = value.as_object() else {
        return 0;
    };
    map.keys().fold(0, |bits, key| {
        bits | match key.as_str() {
            "type" | "nullable" | "format" => TYPES,
            "enum" | "x-extensible-enum" => ENUMS,
            k if BOUNDS.contains(&k) => BOUND,
            "pattern" => PATTERN,
            "default" | "const" | "contentEncoding" | "contentMediaType" => VALUES,
            "readOnly" | "writeOnly" | "deprecated" | "x-sunset" | "x-stability-level" => FLAGS,
            "prefixItems" | "additionalProperties" => SUBSCHEMA,
            k if SUBSCHEMAS.contains(&k) => SUBSCHEMA,
            "dependentRequired" | "dependentSchemas" | "patternProperties" => KEYED,
            "discriminator" => DISCRIMINATOR,
            // Members may list types, and `allOf` members hold properties.
            "oneOf" | "anyOf" => BRANCHES | TYPES,
            "allOf" => BRANCHES | PROPERTIES,
            "properties" | "required" => PROPERTIES,
            // `items` holds tuple positions in older drafts.
            "items" | "additionalItems" => ITEMS | SUBSCHEMA,
            _ => 0,
        }
    })
}

/// Keywords that only annotate: a member holding nothing else constrains
/// nothing.
fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description"
            | "title"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$comment"
            | "externalDocs"
            | "xml"
    ) || keyword.starts_with("x-")
}

/// One pair of schema nodes being compared.
struct Comparison<'a, 'c> {
    navs: (&'a Navigator<'c>, &'a Navigator<'c>),
    patterns: &'a Patterns,
    same: &'a Sameness,
    b: &'a NodeRef,
    r: &'a NodeRef,
    base: SchemaView<'c>,
    revision: SchemaView<'c>,
    all_of_member: bool,
    out: PairDiff<'c>,
}

impl<'a, 'c> Comparison<'a, 'c> {
    fn new(
        navs: (&'a Navigator<'c>, &'a Navigator<'c>),
        (patterns, same): (&'a Patterns, &'a Sameness),
        (b, base_value): (&'a NodeRef, &'c Value),
        (r, revision_value): (&'a NodeRef, &'c Value),
    ) -> Self {
        let base = navs.0.view(b, base_value);
        let revision = navs.1.view(r, revision_value);
        Self {
            navs,
            patterns,
            same,
            b,
            r,
            base,
            revision,
            all_of_member: false,
            out: PairDiff {
                read_only: revision.read_only(),
                write_only: revision.write_only(),
                base_read_only: base.read_only(),
                ..PairDiff::default()
            },
        }
    }

    /// A change of `keyword` at this pair, located at the keyword on each
    /// side that has it.
    fn here(&mut self, keyword: &str, delta: Delta) {
        let base = self.base.get(keyword).map(|_| self.b.push(keyword));
        let revision = self.revision.get(keyword).map(|_| self.r.push(keyword));
        let (base, revision) = match (base, revision) {
            (None, None) => (Some(self.b.clone()), Some(self.r.clone())),
            sides => sides,
        };
        self.out.local.push(Local {
            property: None,
            delta,
            base,
            revision,
        });
    }

    fn run(mut self) -> PairDiff<'c> {
        // Which kinds of keyword either side has, read in one pass over
        // each object's keys: most pairs skip most checks.
        let present = groups(self.base.value) | groups(self.revision.value);
        if present & BRANCHES != 0 && self.wrapped_in_one_of() {
            self.here("oneOf", Delta::WrappedInOneOf);
            return self.out;
        }
        if present & TYPES != 0 {
            self.types();
        }
        if present & ENUMS != 0 {
            self.enums();
        }
        if present & BOUND != 0 {
            self.bounds();
        }
        if present & PATTERN != 0 {
            self.pattern();
        }
        if present & VALUES != 0 {
            self.values();
        }
        if present & FLAGS != 0 {
            self.flags();
        }
        if present & SUBSCHEMA != 0 {
            self.subschemas();
        }
        if present & KEYED != 0 {
            self.keyed();
        }
        if present & DISCRIMINATOR != 0 {
            self.discriminator();
        }
        if present & BRANCHES != 0 {
            self.branches();
        }
        // An `allOf` member's properties are compared with the whole
        // object's, where the member is reached from.
        if present & PROPERTIES != 0 && !self.all_of_member {
            self.properties();
        }
        if present & ITEMS != 0 {
            self.items();
        }
        self.out
    }

    fn wrapped_in_one_of(&self) -> bool {
        self.base.branches("oneOf").is_empty()
            && !self.revision.branches("oneOf").is_empty()
            && (self.base.get("properties").is_some() || self.base.get("type").is_some())
            && self.revision.get("properties").is_none()
            && self.revision.get("type").is_none()
    }

    /// Types listed as single-type `oneOf`/`anyOf` members, if the schema
    /// lists them so.
    fn type_list(
        &self,
        view: &SchemaView<'c>,
        nav: &Navigator<'c>,
        node: &NodeRef,
    ) -> Option<TypeSet> {
        for keyword in ["oneOf", "anyOf"] {
            let members = view.branches(keyword);
            if members.len() < 2 {
                continue;
            }
            let mut set = TypeSet::default();
            for (i, member) in members.iter().enumerate() {
                let (_, member) = nav.follow(node.push(keyword).push_index(i), member)?;
                let value = member.as_object()?;
                let name = value.get("type")?.as_str()?;
                if value.keys().any(|k| k != "type" && !is_annotation(k)) {
                    return None;
                }
                set = set.union(TypeSet::from_name(name)?);
            }
            return Some(set);
        }
        None
    }

    fn types(&mut self) {
        let (b, r) = (self.base, self.revision);
        let same = |k: &str| b.get(k) == r.get(k);
        let lists_possible = ["oneOf", "anyOf"]
            .iter()
            .any(|k| b.get(k).is_some() || r.get(k).is_some());
        if !lists_possible && same("type") && same("format") && same("nullable") {
            return;
        }
        let lists = (
            self.type_list(&b, self.navs.0, self.b),
            self.type_list(&r, self.navs.1, self.r),
        );
        let plain = |v: &SchemaView<'_>| {
            v.types().map_or(TypeSet::default(), |t| {
                TypeSet::from_bits(t.bits() & !TypeSet::NULL.bits())
            })
        };
        if lists.0.is_some() || lists.1.is_some() {
            // Against a list, a schema without `type` allows every type.
            let every = |v: &SchemaView<'_>| v.types().unwrap_or(TypeSet::ANY);
            let before = lists.0.unwrap_or_else(|| every(&b));
            let after = lists.1.unwrap_or_else(|| every(&r));
            if before != after {
                self.here("type", Delta::ListOfTypes { before, after });
            }
        } else {
            // A schema without `type` of its own takes its `allOf`
            // members' (a schema wrapped in `allOf` keeps its type).
            let inherited = (
                all_of_types(self.navs.0, self.b, b.value, 0),
                all_of_types(self.navs.1, self.r, r.value, 0),
            );
            let or_inherited = |v: &SchemaView<'_>, from: &Option<(TypeSet, Option<String>)>| match (
                v.get("type"),
                from,
            ) {
                (None, Some((t, _))) => TypeSet::from_bits(t.bits() & !TypeSet::NULL.bits()),
                _ => plain(v),
            };
            let (before, after) = (
                or_inherited(&b, &inherited.0),
                or_inherited(&r, &inherited.1),
            );
            let multi = |t: TypeSet| t.names().len() > 1;
            let own_format =
                |v: &SchemaView<'_>| v.get("format").and_then(Value::as_str).map(str::to_owned);
            let format_of = |v: &SchemaView<'_>, from: &Option<(TypeSet, Option<String>)>| match (
                own_format(v),
                from,
            ) {
                (None, Some((_, f))) if v.get("type").is_none() => f.clone(),
                (own, _) => own,
            };
            let (base_format, revision_format) =
                (format_of(&b, &inherited.0), format_of(&r, &inherited.1));
            let unknown = |v: &SchemaView<'_>| -> Vec<String> {
                let names: Vec<&Value> = match v.get("type") {
                    Some(Value::Array(a)) => a.iter().collect(),
                    Some(other) => vec![other],
                    None => Vec::new(),
                };
                names
                    .into_iter()
                    .filter_map(Value::as_str)
                    .filter(|n| TypeSet::from_name(n).is_none())
                    .map(str::to_owned)
                    .collect()
            };
            let (bt, rt) = (
                Types {
                    set: before,
                    unknown: unknown(&b),
                    format: base_format,
                },
                Types {
                    set: after,
                    unknown: unknown(&r),
                    format: revision_format,
                },
            );
            if bt != rt {
                // A list of types growing or shrinking, in 3.1's type arrays.
                let listed = (multi(before) || multi(after))
                    && !before.is_empty()
                    && !after.is_empty()
                    && bt.format == rt.format
                    && (before.contains(after) || after.contains(before));
                if listed
                    && b.get("type").is_some_and(Value::is_array)
                    && r.get("type").is_some_and(Value::is_array)
                {
                    self.here("type", Delta::ListOfTypes { before, after });
                } else {
                    let items_cover = self.items_cover(before);
                    self.here(
                        "type",
                        Delta::Type {
                            before: bt,
                            after: rt,
                            items_cover,
                        },
                    );
                }
            }
        }
        if b.nullable() != r.nullable() {
            let keyword = if r.get("nullable").is_some() || b.get("nullable").is_some() {
                "nullable"
            } else {
                "type"
            };
            self.here(keyword, Delta::Nullable { now: r.nullable() });
        }
    }

    /// Whether the revision's array items accept every value the base
    /// schema did: they constrain the same (annotations aside), or only the
    /// type, with `base_types` among theirs.
    fn items_cover(&self, base_types: TypeSet) -> bool {
        if self.revision.items().is_none() {
            return false;
        }
        let Some((node, value)) = self.navs.1.child(self.r, self.revision.value, "items") else {
            return false;
        };
        let Some(items) = value.as_object() else {
            return false;
        };
        let constraints = |m: &serde_json::Map<String, Value>| -> Vec<(String, Value)> {
            m.iter()
                .filter(|(k, _)| !is_annotation(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        if let Some(base) = self.base.value.as_object()
            && constraints(base) == constraints(items)
        {
            return true;
        }
        let view = self.navs.1.view(&node, value);
        let only_type = items.keys().all(|k| k == "type" || is_annotation(k));
        let types = view.types().unwrap_or_default();
        let mut types = types;
        if types.contains(TypeSet::NUMBER) {
            types = types.union(TypeSet::INTEGER);
        }
        if types.contains(TypeSet::STRING) {
            types = types
                .union(TypeSet::INTEGER)
                .union(TypeSet::NUMBER)
                .union(TypeSet::BOOLEAN);
        }
        only_type && !base_types.is_empty() && types.contains(base_types)
    }

    fn enums(&mut self) {
        for (keyword, extensible) in [("enum", false), ("x-extensible-enum", true)] {
            // An enum of a 3.0 `nullable` schema admits `null` as well (as
            // the schema engine reads it): the same enum as a 3.1 one that
            // lists it.
            let values = |v: &SchemaView<'c>| -> Option<std::borrow::Cow<'c, [Value]>> {
                let values = v.get(keyword).and_then(Value::as_array)?;
                if !extensible && v.nullable_flag() && !values.contains(&Value::Null) {
                    let mut values = values.clone();
                    values.push(Value::Null);
                    return Some(std::borrow::Cow::Owned(values));
                }
                Some(std::borrow::Cow::Borrowed(values.as_slice()))
            };
            let (before, after) = (values(&self.base), values(&self.revision));
            let (before, after) = (before.as_deref(), after.as_deref());
            match (before, after) {
                (None, Some(_)) if !extensible => self.here(keyword, Delta::BecameEnum),
                (Some(before), Some(after)) if before != after => {
                    // Enums run to hundreds of values (currencies,
                    // countries): compare them by their JSON text, hashed.
                    let text = |values: &[Value]| -> HashSet<String> {
                        values.iter().map(Value::to_string).collect()
                    };
                    let (in_before, in_after) = (text(before), text(after));
                    let mut deltas = Vec::new();
                    for value in before.iter().filter(|v| !in_after.contains(&v.to_string())) {
                        deltas.push((value.clone(), false));
                    }
                    for value in after.iter().filter(|v| !in_before.contains(&v.to_string())) {
                        deltas.push((value.clone(), true));
                    }
                    // OpenAPI 3.0.3 says `nullable` does not reach past an
                    // `enum` without `null`; validators commonly let `null`
                    // through. Between a 3.0 side with `nullable` and a side
                    // of another dialect, `null` entering or leaving the enum
                    // is a change under one reading only: not reported.
                    let readings_differ = self.base.dialect != self.revision.dialect
                        && (self.base.nullable_flag() || self.revision.nullable_flag());
                    if readings_differ {
                        deltas.retain(|(value, _)| !value.is_null());
                    }
                    for (value, added) in deltas {
                        let delta = if extensible {
                            Delta::ExtensibleEnumValue { value, added }
                        } else {
                            Delta::EnumValue { value, added }
                        };
                        self.here(keyword, delta);
                    }
                }
                _ => {}
            }
        }
    }

    fn bounds(&mut self) {
        let (base, revision) = (bounds_of(&self.base), bounds_of(&self.revision));
        for (i, keyword) in BOUNDS.into_iter().enumerate() {
            let (before, after) = (
                base.get(i).copied().flatten(),
                revision.get(i).copied().flatten(),
            );
            if before != after {
                self.here(
                    keyword,
                    Delta::Bound {
                        keyword,
                        before,
                        after,
                    },
                );
            }
        }
    }

    fn pattern(&mut self) {
        // An empty pattern matches everything: it is no pattern.
        let read = |v: &SchemaView<'_>| {
            v.get("pattern")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        };
        let (before, after) = (read(&self.base), read(&self.revision));
        if before == after {
            return;
        }
        let generalized = match (&before, &after) {
            (Some(b), Some(a)) => self.patterns.includes(b, a) == Some(Ok(())),
            _ => false,
        };
        self.here(
            "pattern",
            Delta::Pattern {
                before,
                after,
                generalized,
            },
        );
    }

    fn values(&mut self) {
        let (b, r) = (self.base, self.revision);
        let differ = |k: &str| b.get(k) != r.get(k);
        if differ("default") {
            self.here(
                "default",
                Delta::Default {
                    before: b.get("default").cloned(),
                    after: r.get("default").cloned(),
                },
            );
        }
        if differ("const") {
            self.here(
                "const",
                Delta::Const {
                    before: b.get("const").cloned(),
                    after: r.get("const").cloned(),
                },
            );
        }
        for keyword in ["contentEncoding", "contentMediaType"] {
            if differ(keyword) {
                let text =
                    |v: &SchemaView<'_>| v.get(keyword).and_then(Value::as_str).map(str::to_owned);
                self.here(
                    keyword,
                    Delta::Content {
                        keyword,
                        before: text(&b),
                        after: text(&r),
                    },
                );
            }
        }
    }

    fn flags(&mut self) {
        let (b, r) = (self.base, self.revision);
        if b.read_only() != r.read_only() {
            self.here("readOnly", Delta::ReadOnly { now: r.read_only() });
        }
        if b.write_only() != r.write_only() {
            self.here(
                "writeOnly",
                Delta::WriteOnly {
                    now: r.write_only(),
                },
            );
        }
        let level = |v: &SchemaView<'_>| {
            v.get("x-stability-level")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        if level(&b) != level(&r) {
            self.here(
                "x-stability-level",
                Delta::Stability {
                    before: level(&b),
                    after: level(&r),
                },
            );
        }
        if b.flag("deprecated") != r.flag("deprecated") {
            let sunset = r.get("x-sunset").and_then(Value::as_str).map(str::to_owned);
            self.here(
                "deprecated",
                Delta::Deprecated {
                    now: r.flag("deprecated"),
                    sunset,
                    min_sunset: None,
                },
            );
        }
    }

    /// The node at `tokens` below this pair's base node, with its value
    /// (a `$ref` there not followed).
    fn at_base(&self, tokens: &[&str]) -> Option<(NodeRef, &'c Value)> {
        walk(self.b, self.base.value, tokens)
    }

    fn at_revision(&self, tokens: &[&str]) -> Option<(NodeRef, &'c Value)> {
        walk(self.r, self.revision.value, tokens)
    }

    /// Compares the schemas at `tokens` on both sides, below this pair.
    fn child_at(
        &mut self,
        segment: Segment<'c>,
        base: &[&str],
        revision: &[&str],
        required: Option<bool>,
    ) {
        let (b, r) = (self.at_base(base), self.at_revision(revision));
        self.child(segment, b, r, required);
    }

    fn child(
        &mut self,
        segment: Segment<'c>,
        b: Option<(NodeRef, &'c Value)>,
        r: Option<(NodeRef, &'c Value)>,
        required: Option<bool>,
    ) {
        let (Some((bn, bv)), Some((rn, rv))) = (b, r) else {
            return;
        };
        let mut flags = 0;
        if matches!(segment, Segment::Property(_)) {
            if self::flags(self.navs.0, &bn, bv).read_only {
                flags |= NEVER_SENT;
            }
            if self::flags(self.navs.1, &rn, rv).write_only {
                flags |= NEVER_RECEIVED;
            }
        }
        if let (Some((base, base_value)), Some((revision, revision_value))) =
            (self.navs.0.follow(bn, bv), self.navs.1.follow(rn, rv))
        {
            let all_of_member = matches!(segment, Segment::Member("allOf", _));
            self.out.children.push(Child {
                segment,
                base,
                revision,
                base_value,
                revision_value,
                required,
                all_of_member,
                flags,
            });
        }
    }

    fn subschemas(&mut self) {
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
    fn keyed(&mut self) {
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

    fn discriminator(&mut self) {
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
    fn branches(&mut self) {
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

    fn properties(&mut self) {
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
    fn declaration_pairs(
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

    fn items(&mut self) {
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
