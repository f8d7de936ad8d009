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
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use serde_json::Value;
use url::Url;

use crate::load::detect::{ContractKind, Dialect, declared_dialect, detect};
use crate::load::{Document, Error, Position, Warning};
use crate::model::address::AddressMap;
use crate::model::pointer::JsonPointer;

mod files;
mod loader;
mod metaschemas;
mod paths;
mod walker;

pub use walker::RefKind;

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

/// How a contract is read beyond what its files say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The dialect of a JSON Schema without `$schema` (2020-12 when unset).
    pub dialect: Option<Dialect>,
    /// Published schema locations served from local folders: a `$ref` to a
    /// URL that starts with the prefix reads the file at the rest of the
    /// URL below the folder. Nothing is ever fetched.
    pub ref_map: Vec<RefMapping>,
    /// Files whose `$schema`-less schemas are read in another dialect (a
    /// subject's `dialect:` in `accord.yaml`), by absolute path; a version
    /// read from git counts as its work-tree file.
    pub per_file: Vec<(PathBuf, Dialect)>,
}

/// One URL prefix and the local folder that holds its copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefMapping {
    pub prefix: String,
    pub folder: PathBuf,
}

impl RefMapping {
    /// `PREFIX=DIR`, as `--ref-map` takes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (prefix, folder) = text.split_once('=').ok_or_else(|| {
            format!(
                "`{text}` is not PREFIX=DIR (e.g. https://schemas.example.com/=contracts/common)"
            )
        })?;
        let parsed =
            url::Url::parse(prefix).map_err(|e| format!("`{prefix}` is not a URL prefix: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https" | "urn") {
            return Err(format!(
                "`{prefix}` is not an http(s) or urn prefix: only published locations are mapped"
            ));
        }
        if folder.is_empty() {
            return Err(format!("`{text}` names no folder after `=`"));
        }
        Ok(Self {
            prefix: prefix.to_owned(),
            folder: PathBuf::from(folder),
        })
    }

    /// The local file for `url`, when the mapping covers it. The rest of
    /// the URL is kept below the folder: no `..`, no query.
    pub fn local(&self, url: &str) -> Option<PathBuf> {
        let rest = url.strip_prefix(&self.prefix)?;
        if rest.contains('?') || rest.split('/').any(|s| s == ".." || s == ".") {
            return None;
        }
        let mut path = self.folder.clone();
        for segment in rest.split('/').filter(|s| !s.is_empty()) {
            path.push(percent_decoded(segment)?);
        }
        Some(path)
    }
}

fn percent_decoded(segment: &str) -> Option<String> {
    let decoded =
        url::form_urlencoded::parse(format!("s={}", segment.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())?;
    (!decoded.contains(['/', '\\']) && decoded != ".." && decoded != ".").then_some(decoded)
}

static DEFAULTS: RwLock<Option<LoadOptions>> = RwLock::new(None);

impl LoadOptions {
    /// What [`Contract::load`] uses: the command line sets these once from
    /// its flags and `accord.yaml` (as [`confine_reads`] does); a program
    /// using the library passes its own to [`Contract::load_with`].
    pub fn set_defaults(options: LoadOptions) {
        if let Ok(mut slot) = DEFAULTS.write() {
            *slot = Some(options);
        }
    }

    pub fn defaults() -> LoadOptions {
        DEFAULTS
            .read()
            .ok()
            .and_then(|slot| slot.clone())
            .unwrap_or_default()
    }

    /// The dialect for a root document at `path`: its file's own setting,
    /// else the general one.
    pub fn dialect_for(&self, path: &Path) -> Option<Dialect> {
        if !self.per_file.is_empty() {
            let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.into()));
            if let Some((_, d)) = self.per_file.iter().find(|(p, _)| *p == absolute) {
                return Some(*d);
            }
        }
        self.dialect
    }

    /// These options with another dialect for `$schema`-less schemas.
    #[must_use]
    pub fn with_dialect(mut self, dialect: Option<Dialect>) -> Self {
        if dialect.is_some() {
            self.dialect = dialect;
        }
        self
    }
}

struct Loaded {
    doc: Document,
    dialect: Dialect,
    url: Url,
    /// The validation vocabulary applies (a custom meta-schema can leave
    /// it out: `type`, `minimum` and the like are then annotations).
    validation: bool,
}

/// The URI of the validation vocabulary in 2019-09 and 2020-12.
const VALIDATION_VOCABULARIES: [&str; 2] = [
    "https://json-schema.org/draft/2019-09/vocab/validation",
    "https://json-schema.org/draft/2020-12/vocab/validation",
];

/// A custom meta-schema named by `$schema` and read from a mapped folder:
/// the dialect it builds on and whether it keeps the validation
/// vocabulary. `None` when it cannot be read or requires a vocabulary
/// accord does not know.
fn custom_metaschema(
    root: &Value,
    options: &LoadOptions,
    files: &mut dyn Files,
) -> Option<(Dialect, bool)> {
    let uri = root.get("$schema")?.as_str()?;
    let url = paths::without_fragment(Url::parse(uri).ok()?);
    let path = options.ref_map.iter().find_map(|m| m.local(url.as_str()))?;
    let meta = files.read(&path).ok()??;
    let dialect = declared_dialect(&meta.root)?;
    let Some(vocabularies) = meta.root.get("$vocabulary").and_then(Value::as_object) else {
        return Some((dialect, true));
    };
    let known = |v: &str| {
        v.starts_with("https://json-schema.org/draft/2019-09/vocab/")
            || v.starts_with("https://json-schema.org/draft/2020-12/vocab/")
    };
    if vocabularies
        .iter()
        .any(|(v, required)| required == &Value::Bool(true) && !known(v))
    {
        return None;
    }
    let validation = vocabularies
        .keys()
        .any(|v| VALIDATION_VOCABULARIES.contains(&v.as_str()));
    Some((dialect, validation))
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
    /// `$dynamicRef` and `$recursiveRef`, each with its initial target.
    dynamic: HashMap<NodeRef, (RefKind, RefTarget)>,
    /// Nodes with an `$id`, and the resource URL each names.
    resources: HashMap<NodeRef, String>,
    by_resource: HashMap<String, NodeRef>,
    /// (resource URL, name) → the node with that `$dynamicAnchor`.
    dynamic_anchors: HashMap<(String, String), NodeRef>,
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
    /// Loads a contract from the file system, with the process's
    /// [`LoadOptions::defaults`].
    pub fn load(path: &Path) -> Result<Self, Error> {
        Self::load_with(path, &LoadOptions::defaults())
    }

    /// Loads a contract from the file system.
    pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Self, Error> {
        let root = Document::read(path)?;
        Self::from_root_opts(root, options, &mut FileSystem::around(path))
    }

    /// Loads two contracts at once, the second on a thread of its own: a
    /// diff of two 4 MB specs waits for the slower load, not for both.
    pub fn load_pair(base: &Path, revision: &Path) -> (Result<Self, Error>, Result<Self, Error>) {
        let options = LoadOptions::defaults();
        std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .stack_size(super::limits::STACK_BYTES)
                .spawn_scoped(scope, || Self::load_with(revision, &options));
            let base = Self::load_with(base, &options);
            let revision = match other {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: load it here.
                Err(_) => Self::load_with(revision, &options),
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
        let options = LoadOptions::defaults().with_dialect(default_dialect);
        Self::build(root, &options, default_dialect.is_some(), files)
    }

    /// Builds a contract from a root the caller knows to be a JSON Schema,
    /// with `options` (without `$schema` it is read in `options.dialect`).
    pub fn schema_from_root(
        root: Document,
        options: &LoadOptions,
        files: &mut dyn Files,
    ) -> Result<Self, Error> {
        let options = LoadOptions {
            dialect: Some(options.dialect.unwrap_or(Dialect::Draft2020)),
            ..options.clone()
        };
        Self::build(root, &options, true, files)
    }

    /// Builds a contract from its root document with `options` (a JSON
    /// Schema without `$schema` is read in `options.dialect`).
    pub fn from_root_opts(
        root: Document,
        options: &LoadOptions,
        files: &mut dyn Files,
    ) -> Result<Self, Error> {
        Self::build(root, options, false, files)
    }

    /// `known_schema`: the caller knows the root is a JSON Schema, whatever
    /// keywords it has.
    fn build(
        root: Document,
        options: &LoadOptions,
        known_schema: bool,
        files: &mut dyn Files,
    ) -> Result<Self, Error> {
        let wanted = options.dialect_for(&root.path);
        let (mut kind, validation) = match detect(&root, wanted.filter(|_| known_schema)) {
            Ok(kind) => (kind, true),
            Err(e) => match custom_metaschema(&root.root, options, files) {
                Some((dialect, validation)) => (ContractKind::JsonSchema { dialect }, validation),
                None => return Err(e),
            },
        };
        if let (ContractKind::JsonSchema { dialect }, Some(wanted)) = (&mut kind, wanted)
            && declared_dialect(&root.root).is_none()
        {
            *dialect = wanted;
        }
        let mut loader = Loader {
            ref_map: options.ref_map.clone(),
            ..Loader::default()
        };
        let root_dialect = kind.dialect();
        loader.add(root, None, move |v| {
            declared_dialect(v).unwrap_or(root_dialect)
        });
        if let Some(first) = loader.documents.first_mut() {
            first.validation = validation;
        }
        loader.discover(files)?;
        let loader::Resolution {
            refs,
            by_value,
            dynamic,
            mut warnings,
        } = loader.resolve()?;
        for loaded in &loader.documents {
            warnings.extend(loaded.doc.warnings.iter().cloned());
        }
        let resources = loader
            .by_id
            .iter()
            .map(|(url, node)| (node.clone(), url.clone()))
            .collect();
        let contract = Contract {
            kind,
            documents: loader.documents,
            refs,
            by_value,
            dynamic,
            resources,
            by_resource: loader.by_id,
            dynamic_anchors: loader.dynamic_anchors,
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

    /// Whether the root is a JSON Schema without `$schema` (its dialect was
    /// assumed: the default, `--dialect` or `accord.yaml`).
    pub fn dialect_assumed(&self) -> bool {
        matches!(self.kind, ContractKind::JsonSchema { .. })
            && self.root().root.is_object()
            && declared_dialect(&self.root().root).is_none()
    }

    /// Whether the validation vocabulary applies in a document.
    pub fn validation_vocabulary(&self, id: DocId) -> bool {
        self.documents.get(id.0).is_none_or(|d| d.validation)
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

    /// The `$dynamicRef` or `$recursiveRef` of the object at `node`, with
    /// where it leads before the dynamic scope is consulted.
    pub fn dynamic_ref(&self, node: &NodeRef) -> Option<&(RefKind, RefTarget)> {
        self.dynamic.get(node)
    }

    /// Whether any schema uses `$dynamicRef` or `$recursiveRef`.
    pub fn has_dynamic_refs(&self) -> bool {
        !self.dynamic.is_empty()
    }

    /// The schema resource `node` belongs to: the nearest enclosing `$id`,
    /// else its document.
    pub fn resource_of(&self, node: &NodeRef) -> String {
        let mut pointer = Some(node.pointer.clone());
        while let Some(p) = pointer {
            if let Some(url) = self.resources.get(&NodeRef::new(node.doc, p.clone())) {
                return url.clone();
            }
            pointer = p.parent();
        }
        self.documents
            .get(node.doc.0)
            .map(|d| d.url.to_string())
            .unwrap_or_default()
    }

    /// Every node with an `$id`.
    pub fn resource_nodes(&self) -> impl Iterator<Item = &NodeRef> {
        self.resources.keys()
    }

    /// The root node of a schema resource, by URL.
    pub fn resource_root(&self, url: &str) -> Option<NodeRef> {
        if let Some(node) = self.by_resource.get(url) {
            return Some(node.clone());
        }
        self.documents
            .iter()
            .position(|d| d.url.as_str() == url)
            .map(|i| NodeRef::new(DocId(i), JsonPointer::root()))
    }

    /// The node of resource `url` with `$dynamicAnchor: name`.
    pub fn dynamic_anchor(&self, url: &str, name: &str) -> Option<&NodeRef> {
        self.dynamic_anchors.get(&(url.to_owned(), name.to_owned()))
    }

    /// Every node with `$dynamicAnchor: name`, in any resource.
    pub fn dynamic_anchors_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a NodeRef> {
        self.dynamic_anchors
            .iter()
            .filter(move |((_, n), _)| n == name)
            .map(|(_, node)| node)
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
