//! The schema comparison: what differs between two schemas, node pair by
//! node pair, safe on recursive schemas and linear in their size.
//!
//! Each pair of (resolved) schema nodes is compared once per diff and the
//! result is kept: its local changes (properties added or removed) and the
//! child pairs to descend into (common properties, array items). A root —
//! a request body, a response, a parameter — is then a breadth-first walk
//! over pairs, each visited once, so shared components cost nothing extra
//! and cycles end. The walk's path (`lines[].sku`) names where a change is.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use serde_json::Value;

use super::{Change, ChangeKind, Direction, Sides};
use crate::load::{Contract, NodeRef, Resolved};
use crate::model::openapi::Operation;
use crate::model::schema::SchemaView;

/// Where a compared schema sits in the API.
#[derive(Clone, Debug)]
pub struct Context {
    pub operation: Option<Operation>,
    pub direction: Option<Direction>,
    pub status: Option<String>,
    pub media_type: Option<String>,
}

#[derive(Debug)]
enum Local {
    PropertyAdded {
        name: String,
        node: NodeRef,
        required: bool,
        read_only: bool,
        write_only: bool,
        has_default: bool,
    },
    PropertyRemoved {
        name: String,
        node: NodeRef,
        required: bool,
        read_only: bool,
        write_only: bool,
    },
}

#[derive(Debug)]
enum Segment {
    Property(String),
    Items,
}

#[derive(Debug, Default)]
struct PairDiff {
    local: Vec<Local>,
    children: Vec<(Segment, NodeRef, NodeRef)>,
}

type Pair = (NodeRef, NodeRef);

/// Compares schemas of two contracts, remembering every pair it has seen.
pub struct SchemaDiff<'c> {
    sides: Sides<'c>,
    memo: HashMap<Pair, Rc<PairDiff>>,
}

impl<'c> SchemaDiff<'c> {
    pub fn new(sides: Sides<'c>) -> Self {
        Self {
            sides,
            memo: HashMap::new(),
        }
    }

    /// Appends the changes between the schema at `base` and the one at
    /// `revision` (both may be `$ref`s) to `out`, in `context`.
    pub fn compare(
        &mut self,
        base: &NodeRef,
        revision: &NodeRef,
        context: &Context,
        out: &mut Vec<Change>,
    ) {
        let (Some(b), Some(r)) = (
            resolve(self.sides.base, base),
            resolve(self.sides.revision, revision),
        ) else {
            return;
        };
        let mut seen: HashSet<Pair> = HashSet::new();
        let mut queue: VecDeque<(NodeRef, NodeRef, String)> = VecDeque::new();
        seen.insert((b.clone(), r.clone()));
        queue.push_back((b, r, String::new()));
        while let Some((b, r, path)) = queue.pop_front() {
            let pair = self.pair(&b, &r);
            for local in &pair.local {
                out.push(emit(local, &path, context));
            }
            for (segment, cb, cr) in &pair.children {
                let key = (cb.clone(), cr.clone());
                if seen.insert(key) {
                    queue.push_back((cb.clone(), cr.clone(), join(&path, segment)));
                }
            }
        }
    }

    fn pair(&mut self, b: &NodeRef, r: &NodeRef) -> Rc<PairDiff> {
        let key = (b.clone(), r.clone());
        if let Some(done) = self.memo.get(&key) {
            return Rc::clone(done);
        }
        let diff = Rc::new(compare_pair(self.sides, b, r));
        self.memo.insert(key, Rc::clone(&diff));
        diff
    }
}

fn join(path: &str, segment: &Segment) -> String {
    match segment {
        Segment::Property(name) if path.is_empty() => name.clone(),
        Segment::Property(name) => format!("{path}.{name}"),
        Segment::Items => format!("{path}[]"),
    }
}

fn emit(local: &Local, path: &str, context: &Context) -> Change {
    let property = |name: &str| join(path, &Segment::Property(name.to_owned()));
    let (kind, base, revision) = match local {
        Local::PropertyAdded {
            name,
            node,
            required,
            read_only,
            write_only,
            has_default,
        } => (
            ChangeKind::PropertyAdded {
                property: property(name),
                required: *required,
                read_only: *read_only,
                write_only: *write_only,
                has_default: *has_default,
            },
            None,
            Some(node.clone()),
        ),
        Local::PropertyRemoved {
            name,
            node,
            required,
            read_only,
            write_only,
        } => (
            ChangeKind::PropertyRemoved {
                property: property(name),
                required: *required,
                read_only: *read_only,
                write_only: *write_only,
            },
            Some(node.clone()),
            None,
        ),
    };
    Change {
        kind,
        operation: context.operation.clone(),
        direction: context.direction,
        status: context.status.clone(),
        media_type: context.media_type.clone(),
        base,
        revision,
        allowed: false,
    }
}

/// Follows `$ref`s to a schema node; `None` for remote or missing ones.
pub(crate) fn resolve(contract: &Contract, node: &NodeRef) -> Option<NodeRef> {
    match contract.resolve(node)? {
        Resolved::Node(at, _) => Some(at.clone()),
        Resolved::Opaque(_) => None,
    }
}

/// The properties of a schema, with those of its `allOf` members, and the
/// names its `required` lists mention (also through `allOf`).
#[derive(Default)]
struct Shape {
    properties: Vec<(String, NodeRef)>,
    /// Name → index into `properties`.
    names: HashMap<String, usize>,
    required: HashSet<String>,
}

fn shape(contract: &Contract, node: &NodeRef) -> Shape {
    let mut shape = Shape::default();
    let mut visited = HashSet::new();
    collect(contract, node, &mut shape, &mut visited);
    shape
}

fn collect(contract: &Contract, node: &NodeRef, shape: &mut Shape, visited: &mut HashSet<NodeRef>) {
    let Some(node) = resolve(contract, node) else {
        return;
    };
    if !visited.insert(node.clone()) {
        return;
    }
    let Some(value) = contract.value(&node) else {
        return;
    };
    let view = SchemaView::new(value, contract.dialect(node.doc));
    for (name, _) in view.properties() {
        if !shape.names.contains_key(name) {
            shape.names.insert(name.to_owned(), shape.properties.len());
            shape
                .properties
                .push((name.to_owned(), node.push("properties").push(name)));
        }
    }
    shape.required.extend(view.required().map(str::to_owned));
    for i in 0..view.branches("allOf").len() {
        collect(contract, &node.push("allOf").push_index(i), shape, visited);
    }
}

/// Flags of a property, read from its declaration and from what it refers to.
struct Flags {
    read_only: bool,
    write_only: bool,
    has_default: bool,
}

fn flags(contract: &Contract, node: &NodeRef) -> Flags {
    let declared = contract.value(node);
    let resolved = resolve(contract, node).and_then(|n| contract.value(&n).map(|v| (n.doc, v)));
    // OpenAPI 3.0 ignores keywords beside a `$ref`; later dialects apply them.
    let siblings = declared.filter(|v| {
        v.get("$ref").is_none() || contract.dialect(node.doc) != crate::load::Dialect::OpenApi30
    });
    let read = |keyword: &str| -> bool {
        let on = |v: &Value| {
            v.get(keyword)
                .is_some_and(|x| x.as_bool() == Some(true) || keyword == "default")
        };
        siblings.is_some_and(on) || resolved.is_some_and(|(_, v)| on(v))
    };
    Flags {
        read_only: read("readOnly"),
        write_only: read("writeOnly"),
        has_default: read("default"),
    }
}

fn compare_pair(sides: Sides<'_>, b: &NodeRef, r: &NodeRef) -> PairDiff {
    let mut diff = PairDiff::default();
    let base = shape(sides.base, b);
    let revision = shape(sides.revision, r);
    for (name, node) in &base.properties {
        if revision.names.contains_key(name) {
            continue;
        }
        let f = flags(sides.base, node);
        diff.local.push(Local::PropertyRemoved {
            name: name.clone(),
            node: node.clone(),
            required: base.required.contains(name),
            read_only: f.read_only,
            write_only: f.write_only,
        });
    }
    for (name, node) in &revision.properties {
        if base.names.contains_key(name) {
            continue;
        }
        let f = flags(sides.revision, node);
        diff.local.push(Local::PropertyAdded {
            name: name.clone(),
            node: node.clone(),
            required: revision.required.contains(name),
            read_only: f.read_only,
            write_only: f.write_only,
            has_default: f.has_default,
        });
    }
    for (name, bnode) in &base.properties {
        let Some((_, rnode)) = revision
            .names
            .get(name)
            .and_then(|&i| revision.properties.get(i))
        else {
            continue;
        };
        if let (Some(cb), Some(cr)) = (resolve(sides.base, bnode), resolve(sides.revision, rnode)) {
            diff.children
                .push((Segment::Property(name.clone()), cb, cr));
        }
    }
    let items = |contract: &Contract, node: &NodeRef| -> Option<NodeRef> {
        let value = contract.value(node)?;
        let view = SchemaView::new(value, contract.dialect(node.doc));
        view.items()?;
        let keyword = if matches!(view.get("items"), Some(Value::Array(_))) {
            "additionalItems"
        } else {
            "items"
        };
        resolve(contract, &node.push(keyword))
    };
    if let (Some(ib), Some(ir)) = (items(sides.base, b), items(sides.revision, r)) {
        diff.children.push((Segment::Items, ib, ir));
    }
    diff
}
