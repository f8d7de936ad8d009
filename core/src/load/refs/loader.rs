//! The loader: documents added as their `$ref`s reach them, then every
//! `$ref` resolved against its base URI (the file, or the nearest `$id`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::Value;
use url::Url;

use crate::load::detect::Dialect;
use crate::load::limits::MAX_REFERENCED_FILES;
use crate::load::{Document, Error, Position, Warning};
use crate::model::address::AddressMap;
use crate::model::pointer::JsonPointer;

use super::files::Files;
use super::paths::{display_path, file_url, split_fragment, without_fragment};
use super::walker::{Found, Mode, RefKind, Walker};
use super::{DocId, InvalidKeyword, Loaded, NodeRef, RefMapping, RefTarget, declared_dialect_or};

pub(super) struct Resolution {
    pub(super) refs: HashMap<NodeRef, RefTarget>,
    pub(super) by_value: AddressMap<usize, RefTarget>,
    /// `$dynamicRef` and `$recursiveRef`: where each leads before the
    /// dynamic scope is looked at.
    pub(super) dynamic: HashMap<NodeRef, (RefKind, RefTarget)>,
    pub(super) warnings: Vec<Warning>,
}
#[derive(Default)]
pub(super) struct Loader {
    pub(super) documents: Vec<Loaded>,
    /// File URL (no fragment) → document.
    pub(super) by_file: HashMap<String, DocId>,
    /// `$id` URL (no fragment) → the node it names.
    pub(super) by_id: HashMap<String, NodeRef>,
    /// (resource URL, anchor name) → node.
    pub(super) anchors: HashMap<(String, String), NodeRef>,
    /// (resource URL, name) → the node with that `$dynamicAnchor`.
    pub(super) dynamic_anchors: HashMap<(String, String), NodeRef>,
    pub(super) found: Vec<Found>,
    pub(super) bases: Vec<Url>,
    pub(super) invalid: Vec<InvalidKeyword>,
    /// Published locations served from local folders.
    pub(super) ref_map: Vec<RefMapping>,
}

impl Loader {
    /// Adds a document known by `url` (its file's URL when `None`).
    pub(super) fn add(
        &mut self,
        doc: Document,
        url: Option<Url>,
        dialect: impl Fn(&Value) -> Dialect,
    ) -> DocId {
        let id = DocId(self.documents.len());
        let url = url.unwrap_or_else(|| file_url(&doc.path));
        let dialect = dialect(&doc.root);
        self.by_file.insert(url.as_str().to_owned(), id);
        self.documents.push(Loaded {
            doc,
            dialect,
            url,
            validation: true,
        });
        id
    }

    /// Walks every document (loading referenced files as they turn up),
    /// collecting `$ref`s, `$id`s and anchors.
    pub(super) fn discover(&mut self, files: &mut dyn Files) -> Result<(), Error> {
        let mut scanned: HashSet<PathBuf> = HashSet::new();
        let mut queue: VecDeque<DocId> = VecDeque::from([DocId(0)]);
        while let Some(id) = queue.pop_front() {
            let first_found = self.found.len();
            self.walk_document(id);
            let Some(loaded) = self.documents.get(id.0) else {
                continue;
            };
            let (doc_url, dialect) = (loaded.url.clone(), loaded.dialect);
            // (the URL the document is known by, its file, the referrer,
            // whether the URL is a mapped published location)
            let mut wanted: Vec<(Url, PathBuf, NodeRef, bool)> = Vec::new();
            let mut bundled: Vec<(Url, &'static str)> = Vec::new();
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
                    if self.by_file.contains_key(candidate.as_str())
                        || self.by_id.contains_key(candidate.as_str())
                    {
                        continue;
                    }
                    if candidate.scheme() == "file" {
                        if let Ok(path) = candidate.to_file_path() {
                            wanted.push((candidate, path, found.at.clone(), false));
                        }
                    } else if let Some(path) = self.mapped(&candidate) {
                        wanted.push((candidate, path, found.at.clone(), true));
                    } else if let Some(text) = super::metaschemas::bundled(&candidate) {
                        bundled.push((candidate, text));
                    }
                }
            }
            for (url, text) in bundled {
                if self.by_file.contains_key(url.as_str()) || self.by_id.contains_key(url.as_str())
                {
                    continue;
                }
                let path = PathBuf::from(format!("<{}>", url.as_str()));
                let doc = Document::parse(path, text.as_bytes().to_vec())?;
                let new = self.add(doc, Some(url), declared_dialect_or(dialect));
                queue.push_back(new);
            }
            for (url, path, from, mapped) in wanted {
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
                    let new = self.add(doc, mapped.then_some(url), declared_dialect_or(dialect));
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
                            None,
                            declared_dialect_or(dialect_of_dir(&self.documents, &dir)),
                        );
                        queue.push_back(new);
                    }
                }
            }
        }
        Ok(())
    }

    /// Where a reference mapping says the copy of `found`'s target is.
    fn mapped_copy(&self, found: &Found) -> Option<PathBuf> {
        let (uri, _) = split_fragment(&found.reference)?;
        let url = self.bases.get(found.base)?.join(uri).ok()?;
        self.mapped(&without_fragment(url))
    }

    /// The local copy of a published location, by the first mapping
    /// whose prefix it starts with.
    fn mapped(&self, url: &Url) -> Option<PathBuf> {
        self.ref_map.iter().find_map(|m| m.local(url.as_str()))
    }

    /// The names references use that no loaded document is (none: every
    /// reference is resolved), each with its last path segment: what a
    /// neighbour that is one of them must contain.
    pub(super) fn unknown_needles(&self) -> Vec<String> {
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
    pub(super) fn directories(&self) -> Vec<PathBuf> {
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

    pub(super) fn walk_document(&mut self, id: DocId) {
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
            dynamic_anchors: Vec::new(),
            invalid: Vec::new(),
            all_bases: &mut self.bases,
        };
        let mode = if super::walker::is_schema_document(&loaded.doc.root) {
            Mode::Schema
        } else {
            Mode::Generic
        };
        walker.walk(&loaded.doc.root, base, mode);
        let Walker {
            found,
            ids,
            anchors,
            dynamic_anchors,
            invalid,
            ..
        } = walker;
        for (key, node) in dynamic_anchors {
            self.dynamic_anchors.entry(key).or_insert(node);
        }
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
    pub(super) fn resolve(&self) -> Result<Resolution, Error> {
        let mut refs = HashMap::with_capacity(self.found.len());
        let mut by_value =
            AddressMap::with_capacity_and_hasher(self.found.len(), Default::default());
        let mut warnings = Vec::new();
        let mut dynamic = HashMap::new();
        let mut warned: HashSet<&str> = HashSet::new();
        for found in &self.found {
            let target = match self.resolve_one(found) {
                Ok(target) => target,
                Err(_) if found.soft => RefTarget::Dangling(found.reference.clone()),
                Err(e) => return Err(e),
            };
            if found.kind != RefKind::Ref {
                dynamic.insert(found.at.clone(), (found.kind, target));
                continue;
            }
            let message = match &target {
                RefTarget::Remote(uri) => match self.mapped_copy(found) {
                    Some(path) => format!(
                        "`$ref` `{uri}` has no local copy at {} (the reference mapping's folder); it is compared as an opaque reference",
                        display_path(&path).display()
                    ),
                    None => format!(
                        "remote `$ref` `{uri}` was not fetched; it is compared as an opaque reference"
                    ),
                },
                RefTarget::Dangling(uri) => {
                    format!(
                        "`$ref` `{uri}` resolves to nothing; it is compared as an opaque reference"
                    )
                }
                RefTarget::Node(_) => String::new(),
            };
            if !message.is_empty() && !found.soft && warned.insert(found.reference.as_str()) {
                let position = self.position(&found.at.push("$ref"));
                warnings.push(Warning {
                    path: self.path(found.at.doc),
                    line: position.line,
                    column: position.column,
                    message,
                });
            }
            // The address now that every document is loaded: a root value
            // moves when the list of documents grows.
            if let Some(value) = self
                .documents
                .get(found.at.doc.0)
                .and_then(|d| found.at.pointer.lookup(&d.doc.root))
            {
                by_value.insert(std::ptr::from_ref(value) as usize, target.clone());
            }
            refs.insert(found.at.clone(), target);
        }
        Ok(Resolution {
            refs,
            by_value,
            dynamic,
            warnings,
        })
    }

    pub(super) fn resolve_one(&self, found: &Found) -> Result<RefTarget, Error> {
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

    pub(super) fn lookup_resource(&self, url: &Url) -> Option<NodeRef> {
        if let Some(node) = self.by_id.get(url.as_str()) {
            return Some(node.clone());
        }
        self.by_file
            .get(url.as_str())
            .map(|&doc| NodeRef::new(doc, JsonPointer::root()))
    }

    pub(super) fn position(&self, node: &NodeRef) -> Position {
        self.documents
            .get(node.doc.0)
            .map_or(Position { line: 1, column: 1 }, |d| {
                d.doc.position(&node.pointer)
            })
    }

    pub(super) fn path(&self, doc: DocId) -> String {
        self.documents
            .get(doc.0)
            .map(|d| d.doc.display_path())
            .unwrap_or_default()
    }

    pub(super) fn error_at_doc(&self, doc: DocId, message: String) -> Error {
        Error::Ref {
            path: self.path(doc),
            line: 1,
            column: 1,
            message,
        }
    }
}
/// The dialect of the first loaded document in `dir` (what its neighbours
/// inherit when they do not declare one).
pub(super) fn dialect_of_dir(documents: &[Loaded], dir: &Path) -> Dialect {
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
