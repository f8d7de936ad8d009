//! Contracts read from git without a checkout: `REV:path` names a file as
//! it is at a revision (a branch, a tag, a commit, `HEAD~1`), as
//! `git show` does; the gate's merge base; where the current directory
//! sits in its repository. Every read of a git tree goes through here (the
//! registry's store writes its branch with git2 too, and reads the trees
//! of registered versions with [`GitTree`]).

use std::path::{Component, Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use crate::load::{self, Contract, Document, Files, normalize};

/// Why a `REV:path` cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("`{spec}`: {reason}")]
    Open { spec: String, reason: String },
    #[error("`{spec}`: no file `{path}` at `{rev}`")]
    Missing {
        spec: String,
        rev: String,
        path: String,
    },
    #[error(transparent)]
    Load(#[from] load::Error),
}

/// The tree of one revision of a repository.
pub struct GitTree {
    repo: Repository,
    tree: Oid,
    rev: String,
    /// Where the work tree is (or would be): blobs are placed below it, so
    /// that relative `$ref`s resolve as they would in a checkout.
    root: PathBuf,
}

impl GitTree {
    /// The tree of `rev` in the repository that holds `dir`.
    pub fn open(dir: &Path, rev: &str, spec: &str) -> Result<Self, GitError> {
        let open = |reason: String| GitError::Open {
            spec: spec.to_owned(),
            reason,
        };
        let repo = Repository::discover(dir)
            .map_err(|e| open(format!("not in a git repository ({})", e.message())))?;
        let tree = repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_tree())
            .map_err(|e| open(format!("no revision `{rev}` ({})", e.message())))?
            .id();
        let root = repo
            .workdir()
            .map_or_else(|| repo.path().to_path_buf(), Path::to_path_buf);
        Ok(Self {
            repo,
            tree,
            rev: rev.to_owned(),
            root,
        })
    }

    /// A tree already found (a registered version's files), its documents
    /// labelled `label:path` and placed below `root`.
    pub fn from_tree(repo: Repository, tree: Oid, label: String, root: PathBuf) -> Self {
        Self {
            repo,
            tree,
            rev: label,
            root,
        }
    }

    /// The path below the repository root that `path` names: relative to
    /// the root, or to `cwd` when it starts with `./` or `../` (as in
    /// `git show`).
    fn in_repo(&self, path: &str, cwd: &Path) -> PathBuf {
        let given = Path::new(path);
        let relative_to_cwd = matches!(
            given.components().next(),
            Some(Component::CurDir | Component::ParentDir)
        );
        if relative_to_cwd {
            let absolute = normalize(&cwd.join(given));
            if let Ok(inside) = absolute.strip_prefix(normalize(&self.root)) {
                return inside.to_path_buf();
            }
        }
        normalize(given)
    }

    /// The blob at `relative` (below the repository root), if there is one.
    fn blob(&self, relative: &Path) -> Option<Vec<u8>> {
        let tree = self.repo.find_tree(self.tree).ok()?;
        let entry = tree.get_path(relative).ok()?;
        if entry.kind() != Some(ObjectType::Blob) {
            return None;
        }
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }

    fn label(&self, relative: &Path) -> String {
        format!("{}:{}", self.rev, relative.display())
    }

    /// Parses the blob at `relative` as a document placed in the work tree.
    fn document(&self, relative: &Path) -> Result<Option<Document>, load::Error> {
        let Some(bytes) = self.blob(relative) else {
            return Ok(None);
        };
        if bytes.len() as u64 > load::limits::MAX_FILE_BYTES {
            return Err(load::Error::TooLarge {
                path: self.label(relative),
                limit: load::limits::MAX_FILE_BYTES,
            });
        }
        // Parsed under its label, so that its errors name it so.
        let mut doc = Document::parse(PathBuf::from(self.label(relative)), bytes)?;
        doc.path = self.root.join(relative);
        doc.label = Some(self.label(relative));
        Ok(Some(doc))
    }

    /// Loads the contract at `path` (see [`in_repo`](Self::in_repo)), with
    /// the files it references read from the same tree.
    pub fn load(&mut self, path: &str, cwd: &Path, spec: &str) -> Result<Contract, GitError> {
        let relative = self.in_repo(path, cwd);
        let Some(root) = self.document(&relative)? else {
            return Err(GitError::Missing {
                spec: spec.to_owned(),
                rev: self.rev.clone(),
                path: relative.display().to_string(),
            });
        };
        Ok(Contract::from_root(root, self)?)
    }
}

impl Files for GitTree {
    fn read(&mut self, path: &Path) -> Result<Option<Document>, load::Error> {
        match normalize(path).strip_prefix(normalize(&self.root)) {
            Ok(relative) => self.document(relative),
            Err(_) => Ok(None),
        }
    }

    fn schema_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let Ok(relative) = normalize(dir)
            .strip_prefix(normalize(&self.root))
            .map(Path::to_path_buf)
        else {
            return Vec::new();
        };
        let Ok(tree) = self.repo.find_tree(self.tree) else {
            return Vec::new();
        };
        let listing = if relative.as_os_str().is_empty() {
            Some(tree)
        } else {
            tree.get_path(&relative)
                .ok()
                .and_then(|entry| self.repo.find_tree(entry.id()).ok())
        };
        let mut files: Vec<PathBuf> = listing
            .iter()
            .flat_map(|t| t.iter())
            .filter(|entry| entry.kind() == Some(ObjectType::Blob))
            .filter_map(|entry| entry.name().ok().map(str::to_owned))
            .filter(|name| {
                Path::new(name)
                    .extension()
                    .is_some_and(|e| matches!(e.to_str(), Some("json" | "yaml" | "yml")))
            })
            .map(|name| self.root.join(&relative).join(name))
            .collect();
        files.sort();
        files
    }
}

/// Where the gate's base contracts are read from: the merge base of a
/// revision and HEAD.
pub struct MergeBase {
    repo: PathBuf,
    tree: Oid,
    /// The short commit id: documents read there are `3f2a1c9e00:path`.
    pub label: String,
    /// `3f2a1c9e00 (the merge base of main and HEAD)`.
    pub described: String,
}

impl MergeBase {
    /// The merge base of `rev` and HEAD in the repository that holds
    /// `dir`; the error says why there is none (a shallow clone included).
    pub fn find(dir: &Path, rev: &str) -> Result<Self, String> {
        let repo = Repository::discover(dir)
            .map_err(|e| format!("--base {rev}: not in a git repository ({})", e.message()))?;
        let head = repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|e| format!("--base {rev}: no HEAD commit ({})", e.message()))?;
        let other = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| {
                format!(
                    "--base {rev}: no such revision in this clone ({}){}",
                    e.message(),
                    shallow_hint(&repo)
                )
            })?;
        let base = repo.merge_base(head.id(), other.id()).map_err(|_| {
            format!(
                "--base {rev}: HEAD and {rev} have no merge base in this clone{}",
                shallow_hint(&repo)
            )
        })?;
        let tree = repo
            .find_commit(base)
            .and_then(|c| c.tree())
            .map_err(|e| format!("--base {rev}: {}", e.message()))?
            .id();
        let short: String = base.to_string().chars().take(10).collect();
        Ok(Self {
            repo: repo.path().to_path_buf(),
            tree,
            label: short.clone(),
            described: format!("{short} (the merge base of {rev} and HEAD)"),
        })
    }

    /// The base's tree, its documents placed below `root` (the work tree).
    pub fn tree(&self, root: PathBuf) -> Result<GitTree, String> {
        let repo = Repository::open(&self.repo).map_err(|e| format!("git: {}", e.message()))?;
        Ok(GitTree::from_tree(
            repo,
            self.tree,
            self.label.clone(),
            root,
        ))
    }
}

fn shallow_hint(repo: &Repository) -> &'static str {
    if repo.is_shallow() {
        ": this is a shallow clone, so the history the merge base is in was not fetched; fetch it (`git fetch --unshallow`, or `fetch-depth: 0` on actions/checkout)"
    } else {
        ""
    }
}

/// Where `dir` is below the root of its repository, as a prefix
/// (`services/crm/`; empty at the root); `None` outside a repository.
pub fn prefix_in_repository(dir: &Path) -> Option<String> {
    let repo = Repository::discover(dir).ok()?;
    let root = repo.workdir()?.canonicalize().ok()?;
    let here = dir.canonicalize().ok()?;
    let rel = here
        .strip_prefix(&root)
        .ok()?
        .to_string_lossy()
        .into_owned();
    Some(if rel.is_empty() {
        String::new()
    } else {
        format!("{}/", rel.replace('\\', "/"))
    })
}

/// The bytes of `path` (from the repository's root) at `rev`, in the
/// repository that holds `dir`.
pub fn read_at(dir: &Path, rev: &str, path: &str) -> Option<Vec<u8>> {
    GitTree::open(dir, rev, path).ok()?.blob(Path::new(path))
}
