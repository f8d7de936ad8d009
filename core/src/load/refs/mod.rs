//! Contracts: a root document plus every document its `$ref`s reach, with
//! each `$ref` resolved once, at load time.
//!
//! Resolution follows RFC 3986 and JSON Schema: a reference is resolved
//! against the base URI of where it stands (the file, or the nearest `$id`),
//! then looked up among the loaded documents' file URLs, `$id`s and anchors.
//! Schemas whose `$id` is an `https://` name are common (the canonical
//! schemas here use them); when such a name is not known, a relative
//! reference falls back to the file next to the referring one. A reference
//! that is still `http(s)://` is never fetched: it stays an opaque
//! [`RefTarget::Remote`] and the contract carries a warning.
//!
//! Recursive schemas (a `$ref` to an ancestor) are normal. A chain of
//! `$ref`s that only leads back to itself is an error, as is a `$ref` to a
//! file that does not exist (the contract is incomplete). A `$ref` to a
//! place that does not exist in a file that does is a warning: real vendor
//! specs ship with a few (Square 2025-05-21 has one), and the rest of the
//! document is still worth comparing; such a reference stays opaque.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use url::Url;

use crate::load::detect::{ContractKind, Dialect, declared_dialect, detect};
use crate::load::{Document, Error, Position, Warning};
use crate::model::address::AddressMap;
use crate::model::pointer::JsonPointer;

mod files;
mod loader;
mod paths;
mod walker;

pub use files::{FileSystem, Files, NoFiles, confine_reads};
use loader::Loader;
pub use paths::normalize;

/// Index of a document within its contract; the root is `DocId(0)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub usize);

/// A node of one of a contract's documents (by default, the root of the
/// root document).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeRef {
    pub doc: DocId,
    pub pointer: JsonPointer,
}

impl NodeRef {
    pub fn new(doc: DocId, pointer: JsonPointer) -> Self {
        Self { doc, pointer }
    }

    #[must_use]
    pub fn push(&self, token: &str) -> Self {
        Self {
            doc: self.doc,
            pointer: self.pointer.push(token),
        }
    }

    /// A descendant: `tokens` below this node, outermost first.
    #[must_use]
    pub fn push_all(&self, tokens: &[&str]) -> Self {
        Self {
            doc: self.doc,
            pointer: self.pointer.push_all(tokens),
        }
    }

    #[must_use]
    pub fn push_index(&self, index: usize) -> Self {
        Self {
            doc: self.doc,
            pointer: self.pointer.push_index(index),
        }
    }
}

/// Where a `$ref` leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefTarget {
    Node(NodeRef),
    /// An `http(s)://` reference that was not fetched, as written.
    Remote(String),
    /// A reference to a place that does not exist, as written.
    Dangling(String),
}

/// A node after following its `$ref` chain.
#[derive(Clone, Copy, Debug)]
pub enum Resolved<'c> {
    Node(&'c NodeRef, &'c Value),
    /// A remote or dangling reference, as written: comparable only as text.
    Opaque(&'c str),
}

struct Loaded {
    doc: Document,
    dialect: Dialect,
    url: Url,
}

/// A loaded contract: documents, resolved references, warnings.
pub struct Contract {
    pub kind: ContractKind,
    documents: Vec<Loaded>,
    refs: HashMap<NodeRef, RefTarget>,
    /// The same references, keyed by the address of the object holding the
    /// `$ref` (values do not move once loaded): an O(1) lookup for walkers
    /// that hold values rather than pointers.
    by_value: AddressMap<usize, RefTarget>,
    pub warnings: Vec<Warning>,
    /// Schema keywords whose values are not valid (`minLength: -1`,
    /// `multipleOf: 0`), in document order.
    pub invalid: Vec<InvalidKeyword>,
}

/// A schema keyword with a value the specification does not allow.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidKeyword {
    /// The schema object that holds the keyword.
    pub at: NodeRef,
    pub keyword: String,
    pub value: Value,
    /// What the value must be.
    pub expected: &'static str,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract")
            .field("kind", &self.kind)
            .field(
                "documents",
                &self
                    .documents
                    .iter()
                    .map(|d| d.doc.display_path())
                    .collect::<Vec<_>>(),
            )
            .field("refs", &self.refs.len())
            .finish()
    }
}

impl Contract {
    /// Loads a contract from the file system.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let root = Document::read(path)?;
        Self::from_root(root, &mut FileSystem::around(path))
    }

    /// Loads two contracts at once, the second on a thread of its own: a
    /// diff of two 4 MB specs waits for the slower load, not for both.
    pub fn load_pair(base: &Path, revision: &Path) -> (Result<Self, Error>, Result<Self, Error>) {
        std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .stack_size(super::limits::STACK_BYTES)
                .spawn_scoped(scope, || Self::load(revision));
            let base = Self::load(base);
            let revision = match other {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: load it here.
                Err(_) => Self::load(revision),
            };
            (base, revision)
        })
    }

    /// Builds a contract from its root document, reading referenced files
    /// from `files` (the file system, or a git tree).
    pub fn from_root(root: Document, files: &mut dyn Files) -> Result<Self, Error> {
        Self::from_root_with(root, None, files)
    }

    /// Like [`from_root`](Self::from_root), for a root the caller knows to be
    /// a JSON Schema: without `$schema` it is read as `default_dialect`.
    pub fn from_root_with(
        root: Document,
        default_dialect: Option<Dialect>,
        files: &mut dyn Files,
    ) -> Result<Self, Error> {
        let kind = detect(&root, default_dialect)?;
        let mut loader = Loader::default();
        loader.add(root, declared_dialect_or(kind.dialect()));
        loader.discover(files)?;
        let (refs, by_value, mut warnings) = loader.resolve()?;
        for loaded in &loader.documents {
            warnings.extend(loaded.doc.warnings.iter().cloned());
        }
        let contract = Contract {
            kind,
            documents: loader.documents,
            refs,
            by_value,
            warnings,
            invalid: loader.invalid,
        };
        contract.check_chains()?;
        Ok(contract)
    }

    pub fn root(&self) -> &Document {
        self.document(DocId(0))
    }

    pub fn root_node(&self) -> NodeRef {
        NodeRef::new(DocId(0), JsonPointer::root())
    }

    /// # Panics
    /// Never for a `DocId` that came from this contract.
    #[allow(clippy::indexing_slicing)]
    pub fn document(&self, id: DocId) -> &Document {
        &self.documents[id.0].doc
    }

    pub fn documents(&self) -> impl Iterator<Item = (DocId, &Document)> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (DocId(i), &d.doc))
    }

    /// The schema dialect of a document (its own `$schema`, else inherited
    /// from the document that first referenced it).
    pub fn dialect(&self, id: DocId) -> Dialect {
        self.documents
            .get(id.0)
            .map_or(Dialect::Draft2020, |d| d.dialect)
    }

    pub fn value(&self, node: &NodeRef) -> Option<&Value> {
        self.documents
            .get(node.doc.0)
            .and_then(|d| node.pointer.lookup(&d.doc.root))
    }

    /// The target of the `$ref` in `value` (a value of this contract).
    pub fn ref_of_value(&self, value: &Value) -> Option<&RefTarget> {
        self.by_value.get(&(std::ptr::from_ref(value) as usize))
    }

    /// The target of the `$ref` in the object at `node`, if it has one.
    pub fn ref_target(&self, node: &NodeRef) -> Option<&RefTarget> {
        self.refs.get(node)
    }

    /// The most `$ref`s a chain can pass through: chains were checked for
    /// cycles at load time, so none is longer than the number of `$ref`s.
    /// Every walk along a chain is bounded by this, never by a constant
    /// (a constant would silently cut a long, legitimate chain short).
    pub fn longest_chain(&self) -> usize {
        self.refs.len() + 1
    }

    /// Follows `$ref`s from `node` until a node without one (or a remote
    /// reference). Chains were checked at load time, so this terminates.
    pub fn resolve<'c>(&'c self, node: &'c NodeRef) -> Option<Resolved<'c>> {
        let mut at = node;
        for _ in 0..self.longest_chain() {
            match self.refs.get(at) {
                Some(RefTarget::Node(next)) => at = next,
                Some(RefTarget::Remote(uri) | RefTarget::Dangling(uri)) => {
                    return Some(Resolved::Opaque(uri));
                }
                None => return self.value(at).map(|v| Resolved::Node(at, v)),
            }
        }
        None
    }

    /// The node and value behind `node`'s `$ref`s; `None` for a remote or
    /// dangling reference.
    pub fn dereference(&self, node: &NodeRef) -> Option<(NodeRef, &Value)> {
        let found = match self.refs.get(node) {
            None => return self.value(node).map(|v| (node.clone(), v)),
            Some(RefTarget::Node(next)) => self.resolve(next)?,
            Some(RefTarget::Remote(_) | RefTarget::Dangling(_)) => return None,
        };
        match found {
            Resolved::Node(at, value) => Some((at.clone(), value)),
            Resolved::Opaque(_) => None,
        }
    }

    /// The 1-based position of a node in its file.
    pub fn position(&self, node: &NodeRef) -> Position {
        self.documents
            .get(node.doc.0)
            .map_or(Position { line: 1, column: 1 }, |d| {
                d.doc.position(&node.pointer)
            })
    }

    /// Every `$ref` and its target.
    pub fn refs(&self) -> impl Iterator<Item = (&NodeRef, &RefTarget)> {
        self.refs.iter()
    }

    fn check_chains(&self) -> Result<(), Error> {
        let mut good: HashSet<&NodeRef> = HashSet::new();
        let mut starts: Vec<&NodeRef> = self.refs.keys().collect();
        starts.sort();
        for start in starts {
            let mut chain: Vec<&NodeRef> = Vec::new();
            let mut at = start;
            loop {
                if good.contains(at) {
                    break;
                }
                if chain.contains(&at) {
                    let names: Vec<String> = chain
                        .iter()
                        .skip_while(|n| **n != at)
                        .chain(std::iter::once(&at))
                        .map(|n| format!("`{}`", self.describe(n)))
                        .collect();
                    let position = self.position(&at.push("$ref"));
                    return Err(Error::Ref {
                        path: self.document(at.doc).display_path(),
                        line: position.line,
                        column: position.column,
                        message: format!(
                            "`$ref` cycle {} never reaches a schema",
                            names.join(" → ")
                        ),
                    });
                }
                chain.push(at);
                match self.refs.get(at) {
                    Some(RefTarget::Node(next)) => at = next,
                    _ => break,
                }
            }
            good.extend(chain);
        }
        Ok(())
    }

    /// `#/pointer` within the root document, `file#/pointer` elsewhere.
    fn describe(&self, node: &NodeRef) -> String {
        if node.doc == DocId(0) {
            format!("#{}", node.pointer)
        } else {
            format!(
                "{}#{}",
                self.document(node.doc).display_path(),
                node.pointer
            )
        }
    }
}

fn declared_dialect_or(default: Dialect) -> impl Fn(&Value) -> Dialect {
    move |root| declared_dialect(root).unwrap_or(default)
}

#[cfg(test)]
mod tests;
