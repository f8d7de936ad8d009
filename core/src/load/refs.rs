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

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;
use url::Url;

use super::detect::{ContractKind, Dialect, declared_dialect, detect};
use super::limits::MAX_REFERENCED_FILES;
use super::{Document, Error, Position, Warning};
use crate::model::address::AddressMap;
use crate::model::pointer::JsonPointer;

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

/// Where referenced files come from: the file system, or a git tree.
pub trait Files {
    /// The document at `path`; `Ok(None)` when there is no such file.
    fn read(&mut self, path: &Path) -> Result<Option<Document>, Error>;
    /// The JSON and YAML files of a directory, where schemas named by `$id`
    /// (`urn:components`) may be found.
    fn schema_files(&mut self, dir: &Path) -> Vec<PathBuf>;

    /// Whether the file at `path` might name one of `needles` (a cheap
    /// look at its bytes before it is parsed); `true` when it cannot tell.
    fn mentions(&mut self, _path: &Path, _needles: &[String]) -> bool {
        true
    }
}

/// The file system: referenced files are read only inside `within` (the
/// repository, or the contract's folder outside one), unless the user
/// allowed reading anywhere.
pub struct FileSystem {
    within: Option<PathBuf>,
}

/// Whether `$ref`s are kept to the repository, for the whole process. The
/// command line turns this on (unless `--allow-outside-repo`); a program
/// using the library decides for itself.
static CONFINED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Keeps `$ref`s to files inside the repository (see [`FileSystem::around`]).
pub fn confine_reads(confined: bool) {
    CONFINED.store(confined, std::sync::atomic::Ordering::SeqCst);
}

impl FileSystem {
    /// Files anywhere.
    pub fn anywhere() -> Self {
        Self { within: None }
    }

    /// Files under the repository that holds `root` (the folder with
    /// `.git`); outside a repository, under the current folder when `root`
    /// is in it, else under `root`'s own folder. Anywhere unless reads are
    /// confined ([`confine_reads`]).
    pub fn around(root: &Path) -> Self {
        if !CONFINED.load(std::sync::atomic::Ordering::SeqCst) {
            return Self::anywhere();
        }
        let folder = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        let here = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok());
        let within =
            folder.map(
                |folder| match folder.ancestors().find(|dir| dir.join(".git").exists()) {
                    Some(repository) => repository.to_path_buf(),
                    None => match here {
                        Some(here) if folder.starts_with(&here) => here,
                        _ => folder.clone(),
                    },
                },
            );
        Self { within }
    }
}

impl Files for FileSystem {
    fn read(&mut self, path: &Path) -> Result<Option<Document>, Error> {
        if !path.exists() {
            return Ok(None);
        }
        if let Some(within) = &self.within {
            let inside = std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(within));
            if !inside {
                return Err(Error::Outside {
                    path: path.display().to_string(),
                    root: within.display().to_string(),
                });
            }
        }
        Document::read(path).map(Some)
    }

    fn mentions(&mut self, path: &Path, needles: &[String]) -> bool {
        let regular = std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() <= super::limits::MAX_FILE_BYTES);
        if !regular {
            return false;
        }
        match std::fs::read(path) {
            Ok(bytes) => needles
                .iter()
                .any(|n| memchr::memmem::find(&bytes, n.as_bytes()).is_some()),
            Err(_) => false,
        }
    }

    fn schema_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|e| matches!(e.to_str(), Some("json" | "yaml" | "yml")))
            })
            .collect();
        files.sort();
        files
    }
}

/// No files beyond the root (a contract held in memory).
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&mut self, _: &Path) -> Result<Option<Document>, Error> {
        Ok(None)
    }

    fn schema_files(&mut self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
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

type Resolution = (
    HashMap<NodeRef, RefTarget>,
    AddressMap<usize, RefTarget>,
    Vec<Warning>,
);

/// A `$ref` as found, before resolution.
struct Found {
    at: NodeRef,
    /// The address of the object holding the `$ref` (see `Contract::by_value`).
    address: usize,
    reference: String,
    /// Index into `Loader::bases`.
    base: usize,
}

#[derive(Default)]
struct Loader {
    documents: Vec<Loaded>,
    /// File URL (no fragment) → document.
    by_file: HashMap<String, DocId>,
    /// `$id` URL (no fragment) → the node it names.
    by_id: HashMap<String, NodeRef>,
    /// (resource URL, anchor name) → node.
    anchors: HashMap<(String, String), NodeRef>,
    found: Vec<Found>,
    bases: Vec<Url>,
    invalid: Vec<InvalidKeyword>,
}

impl Loader {
    fn add(&mut self, doc: Document, dialect: impl Fn(&Value) -> Dialect) -> DocId {
        let id = DocId(self.documents.len());
        let url = file_url(&doc.path);
        let dialect = dialect(&doc.root);
        self.by_file.insert(url.as_str().to_owned(), id);
        self.documents.push(Loaded { doc, dialect, url });
        id
    }

    /// Walks every document (loading referenced files as they turn up),
    /// collecting `$ref`s, `$id`s and anchors.
    fn discover(&mut self, files: &mut dyn Files) -> Result<(), Error> {
        let mut scanned: HashSet<PathBuf> = HashSet::new();
        let mut queue: VecDeque<DocId> = VecDeque::from([DocId(0)]);
        while let Some(id) = queue.pop_front() {
            let first_found = self.found.len();
            self.walk_document(id);
            let Some(loaded) = self.documents.get(id.0) else {
                continue;
            };
            let (doc_url, dialect) = (loaded.url.clone(), loaded.dialect);
            let mut wanted: Vec<(Url, PathBuf, NodeRef)> = Vec::new();
            for found in self.found.get(first_found..).unwrap_or_default() {
                let Some((uri, _)) = split_fragment(&found.reference) else {
                    continue;
                };
                if uri.is_empty() {
                    continue;
                }
                let base = self.bases.get(found.base).unwrap_or(&doc_url);
                for candidate in [base.join(uri).ok(), doc_url.join(uri).ok()]
                    .into_iter()
                    .flatten()
                {
                    let candidate = without_fragment(candidate);
                    if candidate.scheme() != "file"
                        || self.by_file.contains_key(candidate.as_str())
                        || self.by_id.contains_key(candidate.as_str())
                    {
                        continue;
                    }
                    if let Ok(path) = candidate.to_file_path() {
                        wanted.push((candidate, path, found.at.clone()));
                    }
                }
            }
            for (url, path, from) in wanted {
                if self.by_file.contains_key(url.as_str()) {
                    continue;
                }
                if self.documents.len() >= MAX_REFERENCED_FILES {
                    return Err(self.error_at_doc(
                        id,
                        format!("the contract references more than {MAX_REFERENCED_FILES} files"),
                    ));
                }
                let read = files.read(&path).map_err(|e| match e {
                    Error::Outside { path, root } => {
                        let at = self.position(&from.push("$ref"));
                        Error::Ref {
                            path: self.path(from.doc),
                            line: at.line,
                            column: at.column,
                            message: format!(
                                "`$ref` leads outside {root}: {path} is not read \
                                 (accord reads only files inside the repository; \
                                 --allow-outside-repo reads it)"
                            ),
                        }
                    }
                    other => other,
                })?;
                if let Some(mut doc) = read {
                    doc.path = display_path(&path);
                    let new = self.add(doc, declared_dialect_or(dialect));
                    queue.push_back(new);
                }
            }
            // References by a name no loaded document has yet (`urn:…`, an
            // `https://` `$id`): look for it among the schemas beside the
            // referring file, once per directory.
            // Only a neighbour whose text holds a name (or its last
            // segment) is parsed: an unrelated 20 MB file beside the
            // contract is searched, not read as a document.
            let needles = if queue.is_empty() {
                self.unknown_needles()
            } else {
                Vec::new()
            };
            if !needles.is_empty() {
                for dir in self.directories() {
                    if !scanned.insert(dir.clone()) {
                        continue;
                    }
                    for path in files.schema_files(&dir) {
                        let url = file_url(&path);
                        if self.by_file.contains_key(url.as_str()) {
                            continue;
                        }
                        if !files.mentions(&path, &needles) {
                            continue;
                        }
                        // A neighbour that does not parse is not ours to judge.
                        let Ok(Some(mut doc)) = files.read(&path) else {
                            continue;
                        };
                        if doc
                            .root
                            .get("$id")
                            .or_else(|| doc.root.get("id"))
                            .and_then(Value::as_str)
                            .is_none()
                        {
                            continue;
                        }
                        doc.path = display_path(&path);
                        let new = self.add(
                            doc,
                            declared_dialect_or(dialect_of_dir(&self.documents, &dir)),
                        );
                        queue.push_back(new);
                    }
                }
            }
        }
        Ok(())
    }

    /// The names references use that no loaded document is (none: every
    /// reference is resolved), each with its last path segment: what a
    /// neighbour that is one of them must contain.
    fn unknown_needles(&self) -> Vec<String> {
        let mut needles: Vec<String> = Vec::new();
        for found in &self.found {
            let Some((uri, _)) = split_fragment(&found.reference) else {
                continue;
            };
            let Some(url) = self
                .bases
                .get(found.base)
                .and_then(|base| base.join(uri).ok())
                .map(without_fragment)
            else {
                continue;
            };
            if uri.is_empty()
                || url.scheme() == "file"
                || self.by_id.contains_key(url.as_str())
                || self.by_file.contains_key(url.as_str())
            {
                continue;
            }
            let last = url
                .path_segments()
                .and_then(|mut s| s.rfind(|s| !s.is_empty()).map(str::to_owned));
            for needle in [Some(url.as_str().to_owned()), last].into_iter().flatten() {
                if !needle.is_empty() && !needles.contains(&needle) {
                    needles.push(needle);
                }
            }
        }
        needles
    }

    /// The directories of the loaded documents.
    fn directories(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for loaded in &self.documents {
            if let Ok(path) = loaded.url.to_file_path()
                && let Some(dir) = path.parent()
                && !dirs.iter().any(|d| d == dir)
            {
                dirs.push(dir.to_path_buf());
            }
        }
        dirs
    }

    fn walk_document(&mut self, id: DocId) {
        let Some(loaded) = self.documents.get(id.0) else {
            return;
        };
        let base = self.bases.len();
        self.bases.push(loaded.url.clone());
        let mut walker = Walker {
            doc: id,
            dialect: loaded.dialect,
            path: Vec::new(),
            found: Vec::new(),
            ids: Vec::new(),
            anchors: Vec::new(),
            invalid: Vec::new(),
            all_bases: &mut self.bases,
        };
        walker.walk(&loaded.doc.root, base, false);
        let Walker {
            found,
            ids,
            anchors,
            invalid,
            ..
        } = walker;
        self.found.extend(found);
        self.invalid.extend(invalid);
        for (url, node) in ids {
            self.by_id.entry(url).or_insert(node);
        }
        for (key, node) in anchors {
            self.anchors.entry(key).or_insert(node);
        }
    }

    /// Every `$ref`'s target, by node and by the address of its object.
    fn resolve(&self) -> Result<Resolution, Error> {
        let mut refs = HashMap::with_capacity(self.found.len());
        let mut by_value =
            AddressMap::with_capacity_and_hasher(self.found.len(), Default::default());
        let mut warnings = Vec::new();
        let mut warned: HashSet<&str> = HashSet::new();
        for found in &self.found {
            let target = self.resolve_one(found)?;
            let message = match &target {
                RefTarget::Remote(uri) => {
                    format!(
                        "remote `$ref` `{uri}` was not fetched; it is compared as an opaque reference"
                    )
                }
                RefTarget::Dangling(uri) => {
                    format!(
                        "`$ref` `{uri}` resolves to nothing; it is compared as an opaque reference"
                    )
                }
                RefTarget::Node(_) => String::new(),
            };
            if !message.is_empty() && warned.insert(found.reference.as_str()) {
                let position = self.position(&found.at.push("$ref"));
                warnings.push(Warning {
                    path: self.path(found.at.doc),
                    line: position.line,
                    column: position.column,
                    message,
                });
            }
            by_value.insert(found.address, target.clone());
            refs.insert(found.at.clone(), target);
        }
        Ok((refs, by_value, warnings))
    }

    fn resolve_one(&self, found: &Found) -> Result<RefTarget, Error> {
        let fail = |message: String| {
            let position = self.position(&found.at.push("$ref"));
            Error::Ref {
                path: self.path(found.at.doc),
                line: position.line,
                column: position.column,
                message,
            }
        };
        let reference = found.reference.as_str();
        let Some((uri, fragment)) = split_fragment(reference) else {
            return Err(fail(format!(
                "`$ref` `{reference}` is not a valid reference"
            )));
        };
        let base = self
            .bases
            .get(found.base)
            .ok_or_else(|| fail("internal: missing base".to_owned()))?;
        let doc_url = self
            .documents
            .get(found.at.doc.0)
            .map(|d| &d.url)
            .unwrap_or(base);
        let absolute = if uri.is_empty() {
            Some(without_fragment(base.clone()))
        } else {
            base.join(uri).ok().map(without_fragment)
        };
        let Some(absolute) = absolute else {
            return Err(fail(format!(
                "`$ref` `{reference}` is not a valid reference"
            )));
        };
        let resource = self.lookup_resource(&absolute).or_else(|| {
            // An `$id`-named base with an unknown relative name: the file
            // next to the referring one.
            (!uri.is_empty())
                .then(|| doc_url.join(uri).ok().map(without_fragment))
                .flatten()
                .and_then(|file| self.lookup_resource(&file).map(|node| (node, file)))
                .map(|(node, _)| node)
        });
        let resource = match resource {
            Some(node) => node,
            None if matches!(absolute.scheme(), "http" | "https") => {
                return Ok(RefTarget::Remote(reference.to_owned()));
            }
            None if absolute.scheme() == "file" => {
                let path = absolute
                    .to_file_path()
                    .map(|p| display_path(&p).display().to_string());
                let shown = path.unwrap_or_else(|_| absolute.to_string());
                return Err(fail(format!(
                    "`$ref` `{reference}` points to a file that does not exist: {shown}"
                )));
            }
            None => {
                return Err(fail(format!(
                    "`$ref` `{reference}` cannot be resolved: it names no file and no known `$id`"
                )));
            }
        };
        let target = if fragment.is_empty() {
            resource
        } else if fragment.starts_with('/') {
            let Some(pointer) = JsonPointer::from_fragment(fragment) else {
                return Err(fail(format!(
                    "`$ref` `{reference}` has an invalid JSON pointer"
                )));
            };
            NodeRef::new(
                resource.doc,
                JsonPointer::parse(&format!("{}{}", resource.pointer, pointer)).unwrap_or(pointer),
            )
        } else {
            let key = (absolute.as_str().to_owned(), fragment.to_owned());
            match self.anchors.get(&key) {
                Some(node) => node.clone(),
                None => {
                    return Err(fail(format!(
                        "`$ref` `{reference}` names an anchor `{fragment}` that does not exist"
                    )));
                }
            }
        };
        let exists = self
            .documents
            .get(target.doc.0)
            .is_some_and(|d| target.pointer.lookup(&d.doc.root).is_some());
        if !exists {
            return Ok(RefTarget::Dangling(reference.to_owned()));
        }
        Ok(RefTarget::Node(target))
    }

    fn lookup_resource(&self, url: &Url) -> Option<NodeRef> {
        if let Some(node) = self.by_id.get(url.as_str()) {
            return Some(node.clone());
        }
        self.by_file
            .get(url.as_str())
            .map(|&doc| NodeRef::new(doc, JsonPointer::root()))
    }

    fn position(&self, node: &NodeRef) -> Position {
        self.documents
            .get(node.doc.0)
            .map_or(Position { line: 1, column: 1 }, |d| {
                d.doc.position(&node.pointer)
            })
    }

    fn path(&self, doc: DocId) -> String {
        self.documents
            .get(doc.0)
            .map(|d| d.doc.display_path())
            .unwrap_or_default()
    }

    fn error_at_doc(&self, doc: DocId, message: String) -> Error {
        Error::Ref {
            path: self.path(doc),
            line: 1,
            column: 1,
            message,
        }
    }
}

enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

/// One document's walk: collects `$ref`s, `$id`s and anchors, skipping
/// values that are data rather than schema (examples, enums, defaults,
/// extensions), where a `$ref` key is only a key.
struct Walker<'v, 'b> {
    doc: DocId,
    dialect: Dialect,
    path: Vec<Token<'v>>,
    found: Vec<Found>,
    ids: Vec<(String, NodeRef)>,
    anchors: Vec<((String, String), NodeRef)>,
    invalid: Vec<InvalidKeyword>,
    all_bases: &'b mut Vec<Url>,
}

/// Keywords whose values are instance data, never schemas or references.
const DATA_KEYWORDS: &[&str] = &[
    "example",
    "enum",
    "const",
    "default",
    "value",
    "externalValue",
];

/// Keys whose object value maps user-chosen names to things; inside them a
/// name like `example` or `x-id` is a name, not a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
    "paths",
    "webhooks",
    "callbacks",
    "components",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "pathItems",
    "content",
    "encoding",
    "examples",
    "variables",
];

impl<'v> Walker<'v, '_> {
    fn pointer(&self) -> JsonPointer {
        let mut p = JsonPointer::root();
        for token in &self.path {
            p = match token {
                Token::Key(k) => p.push(k),
                Token::Index(i) => p.push_index(*i),
            };
        }
        p
    }

    fn walk(&mut self, value: &'v Value, base: usize, in_name_map: bool) {
        match value {
            Value::Object(map) => {
                let mut base = base;
                if !in_name_map {
                    base = self.note_keywords(value, map, base);
                }
                for (key, child) in map {
                    if !in_name_map {
                        if key == "$ref" {
                            continue;
                        }
                        if DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                            continue;
                        }
                        if key == "examples" && child.is_array() {
                            continue;
                        }
                    }
                    let child_is_map =
                        !in_name_map && NAME_MAPS.contains(&key.as_str()) && child.is_object();
                    self.path.push(Token::Key(key));
                    self.walk(child, base, child_is_map);
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Token::Index(i));
                    self.walk(item, base, false);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// Records `$ref`, `$id` and anchors of one object; returns the base URI
    /// index for its members.
    fn note_keywords(
        &mut self,
        value: &'v Value,
        map: &'v serde_json::Map<String, Value>,
        base: usize,
    ) -> usize {
        let mut base = base;
        let id_keyword = self.dialect.id_keyword();
        // One pass over the keys: most objects have none of these, and
        // looking each up would hash every keyword for every object.
        let (mut id, mut anchors) = (None, [None, None]);
        let mut has_ref = false;
        for (key, v) in map {
            match key.as_str() {
                "$ref" => has_ref = true,
                "$anchor" => anchors[0] = Some(v),
                "$dynamicAnchor" => anchors[1] = Some(v),
                k if k == id_keyword => id = Some(v),
                k => {
                    if let Some(expected) = crate::model::schema::invalid_value(k, v) {
                        self.invalid.push(InvalidKeyword {
                            at: NodeRef {
                                doc: self.doc,
                                pointer: self.pointer(),
                            },
                            keyword: k.to_owned(),
                            value: v.clone(),
                            expected,
                        });
                    }
                }
            }
        }
        if id.is_none() && anchors == [None, None] && !has_ref {
            return base;
        }
        let current = self.all_bases.get(base).cloned();
        if let (Some(Value::String(id)), Some(current)) = (id, current.as_ref())
            && self.dialect != Dialect::OpenApi30
        {
            if let Some(anchor) = id.strip_prefix('#') {
                // draft-04..07 plain-name fragment ids.
                let key = (
                    without_fragment(current.clone()).to_string(),
                    anchor.to_owned(),
                );
                self.anchors
                    .push((key, NodeRef::new(self.doc, self.pointer())));
            } else if let Ok(url) = current.join(id) {
                let url = without_fragment(url);
                self.ids
                    .push((url.to_string(), NodeRef::new(self.doc, self.pointer())));
                base = self.all_bases.len();
                self.all_bases.push(url);
            }
        }
        for anchor in anchors.into_iter().flatten() {
            if let Value::String(name) = anchor
                && let Some(current) = self.all_bases.get(base)
            {
                let key = (without_fragment(current.clone()).to_string(), name.clone());
                self.anchors
                    .push((key, NodeRef::new(self.doc, self.pointer())));
            }
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            self.found.push(Found {
                at: NodeRef::new(self.doc, self.pointer()),
                address: std::ptr::from_ref(value) as usize,
                reference: reference.clone(),
                base,
            });
        }
        base
    }
}

/// `(uri, fragment)` of a reference; the fragment without its `#`.
fn split_fragment(reference: &str) -> Option<(&str, &str)> {
    Some(match reference.split_once('#') {
        Some((uri, fragment)) => (uri, fragment),
        None => (reference, ""),
    })
}

fn without_fragment(mut url: Url) -> Url {
    url.set_fragment(None);
    url
}

fn file_url(path: &Path) -> Url {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let normal = normalize(&absolute);
    Url::from_file_path(&normal).unwrap_or_else(|()| {
        // Only relative paths fail here, and `absolute` made this one absolute.
        Url::parse("file:///").unwrap_or_else(|_| unreachable!("a constant URL parses"))
    })
}

/// The path relative to the working directory when it lies below it.
fn display_path(path: &Path) -> PathBuf {
    let normal = normalize(path);
    match std::env::current_dir() {
        Ok(cwd) => normal
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(normal),
        Err(_) => normal,
    }
}

/// Removes `.` and `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The dialect of the first loaded document in `dir` (what its neighbours
/// inherit when they do not declare one).
fn dialect_of_dir(documents: &[Loaded], dir: &Path) -> Dialect {
    documents
        .iter()
        .find(|d| {
            d.url
                .to_file_path()
                .ok()
                .is_some_and(|p| p.parent() == Some(dir))
        })
        .or(documents.first())
        .map_or(Dialect::Draft2020, |d| d.dialect)
}
