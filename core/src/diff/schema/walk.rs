//! The walk over pairs: each pair compared once per diff, each root a
//! breadth-first walk to its changes.

use std::rc::Rc;

use serde_json::Value;

use crate::diff::same::Sameness;
use crate::diff::{Change, ChangeKind, Sides};
use crate::load::NodeRef;
use crate::model::address::AddressMap;
use crate::schema::pattern::Patterns;

use super::compare::Comparison;
use super::navigate::{Navigator, Node};
use super::pair::{NEVER_RECEIVED, NEVER_SENT, PairDiff, Segment, join, push_segment};
use super::{Context, Delta, KeywordChange, Place, RootPair};

/// A node of a root's walk: its entry, the walk node it was reached from
/// and which of that one's children it is, whether it is required, and the
/// [`NEVER_SENT`]/[`NEVER_RECEIVED`] flags of the properties enclosing it.
pub(super) type WalkNode = (u32, Option<(usize, usize)>, Option<bool>, u8);

/// Two schema nodes compared, with their values.
pub(super) struct Pair<'c> {
    pub(super) base: NodeRef,
    pub(super) revision: NodeRef,
    pub(super) base_value: &'c Value,
    pub(super) revision_value: &'c Value,
}

/// One pair of nodes compared, reached as an `allOf` member or not.
pub(super) struct Entry<'c> {
    /// Index of the pair (whatever the flag) in [`SchemaDiff::pairs`].
    pub(super) pair: u32,
    pub(super) all_of_member: bool,
    /// The comparison, once made.
    pub(super) diff: Option<Rc<PairDiff<'c>>>,
    /// The entries of `diff.children`, in order.
    pub(super) edges: Vec<u32>,
    /// Whether a change is found here or anywhere below.
    pub(super) dirty: bool,
    /// The children (indices into `diff.children` and `edges`) that lead
    /// to a change: all a walk needs to visit.
    pub(super) dirty_children: Vec<u32>,
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
    pub(in crate::diff) base: Navigator<'c>,
    pub(in crate::diff) revision: Navigator<'c>,
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

    pub(super) fn entry(
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
    pub(super) fn discover(&mut self, root: u32) {
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
    pub(super) fn path(&self, nodes: &[WalkNode], at: usize) -> String {
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
