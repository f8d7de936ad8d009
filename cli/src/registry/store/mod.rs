//! The registry's storage: a branch of the repository (default
//! `accord-registry`) whose tree holds every registered version, and an
//! annotated tag `<subject>/v<version>` per version. Written with git2
//! through objects and references only: the work tree, the index and HEAD
//! are never touched.
//!
//! ```text
//! subjects/<subject>/subject.json                  kind, mode, owner
//! subjects/<subject>/versions/<version>/meta.json  file, registered when, by whom, why
//! subjects/<subject>/versions/<version>/files/…    the contract and the files it references,
//!                                                  at their paths in the repository
//! ```
//!
//! A registration is one commit on the branch, moved under the branch's
//! lock, and then one tag: a registration that lost the race (the branch
//! moved under it) is rebuilt on the new tip, so parallel registrations
//! each land once or are refused. The tag is written only once the branch
//! holds the version, so an interruption leaves one of three states, each
//! of which a plain retry repairs: nothing referenced (the registry is as
//! it was); the branch moved without its tag (the retry finds the version
//! and tags the commit that added it); or, from a lock file a killed
//! process left, a lock older than [`STALE_LOCK`] (removed, as git does
//! not). A tag of that name that accord did not write is never overwritten.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use git2::{ErrorCode, ObjectType, Oid, Repository, Tree};
use serde::{Deserialize, Serialize};

use crate::config::SubjectKind;
use crate::git::GitTree;
use crate::load::{self, Contract};

mod deploy;
mod tree;
mod write;

pub use deploy::{Deployed, environment_name_ok};

use tree::{blob_at, subtree};

/// Why the registry cannot be read or written (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Git(String),
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error(
        "the registry branch `{branch}` stayed locked ({lock}): another registration is running, or one was killed; remove the lock file if none is running"
    )]
    Locked { branch: String, lock: String },
    #[error(
        "`{reference}` already exists and was not written by accord: it is not overwritten; rename or delete it, then register again"
    )]
    ForeignTag { reference: String },
    #[error("`{reference}`: {message}")]
    Reference { reference: String, message: String },
}

/// A lock file older than this was left by a process that died: real
/// registrations hold their locks for milliseconds.
pub const STALE_LOCK: Duration = Duration::from_secs(5);

impl From<git2::Error> for StoreError {
    fn from(e: git2::Error) -> Self {
        StoreError::Git(format!("git: {}", e.message()))
    }
}

/// `subjects/<subject>/subject.json`: what the first registration set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectRecord {
    pub kind: SubjectKind,
    pub mode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// `…/versions/<version>/meta.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionMeta {
    pub subject: String,
    pub version: String,
    /// The contract's root file, relative to the repository root.
    pub file: String,
    /// The mode it was checked under.
    pub mode: String,
    /// RFC 3339, UTC.
    pub registered_at: String,
    pub registered_by: String,
    /// Why a breaking change was forced (`--allow-breaking --reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// HEAD of the repository when it was registered, if there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_commit: Option<String>,
    /// Counts of the findings against the version before it.
    #[serde(default)]
    pub findings: crate::findings::Summary,
}

/// One registered version.
#[derive(Clone, Debug)]
pub struct StoredVersion {
    pub version: semver::Version,
    pub meta: VersionMeta,
    /// The tree of its files: equal trees, equal content.
    pub files: Oid,
}

/// The files of a contract as they are to be stored: paths relative to the
/// repository root, and their bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub root: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// What a new version is, ready to be written.
pub struct NewVersion<'a> {
    pub subject: &'a str,
    pub version: &'a semver::Version,
    pub record: &'a SubjectRecord,
    pub snapshot: &'a Snapshot,
    pub reason: Option<&'a str>,
    pub findings: crate::findings::Summary,
}

/// What happened to a write.
#[derive(Debug)]
pub enum Written {
    /// A new commit and tag.
    Landed { commit: Oid, tag: String },
    /// Another registration wrote this version first; it is this one.
    AlreadyThere,
    /// Another registration wrote this version first, with other content.
    TakenByOther,
}

pub struct Store {
    repo: Repository,
    branch: String,
    /// Where the work tree is: stored files are placed below it when read,
    /// so that relative `$ref`s resolve as they did.
    workdir: PathBuf,
    /// How long a registration waits for the branch lock, in all.
    lock_patience: Duration,
}

const FILE: i32 = 0o100_644;
const DIR: i32 = 0o040_000;

/// How long a registration waits for the branch lock by default.
pub const LOCK_PATIENCE: Duration = Duration::from_secs(30);

impl Store {
    /// The registry of the repository that holds `dir`.
    pub fn open(dir: &Path, branch: &str) -> Result<Self, StoreError> {
        let repo = Repository::discover(dir).map_err(|e| {
            StoreError::Git(format!(
                "{}: not in a git repository ({}); the registry lives in one",
                dir.display(),
                e.message()
            ))
        })?;
        let workdir = repo
            .workdir()
            .map_or_else(|| repo.path().to_path_buf(), Path::to_path_buf);
        Ok(Self {
            repo,
            branch: branch.to_owned(),
            workdir,
            lock_patience: LOCK_PATIENCE,
        })
    }

    /// Waits at most `patience` for the branch lock when writing.
    #[must_use]
    pub fn with_lock_patience(mut self, patience: Duration) -> Self {
        self.lock_patience = patience;
        self
    }

    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    pub fn branch(&self) -> &str {
        &self.branch
    }

    fn branch_ref(&self) -> String {
        format!("refs/heads/{}", self.branch)
    }

    /// The tip of the registry branch; `None` before the first registration.
    fn tip(&self) -> Result<Option<Oid>, StoreError> {
        match self.repo.refname_to_id(&self.branch_ref()) {
            Ok(oid) => Ok(Some(oid)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn tip_tree(&self) -> Result<Option<Tree<'_>>, StoreError> {
        match self.tip()? {
            Some(oid) => Ok(Some(self.repo.find_commit(oid)?.tree()?)),
            None => Ok(None),
        }
    }

    /// Every subject with a registered version, sorted.
    pub fn subjects(&self) -> Result<Vec<String>, StoreError> {
        let Some(tree) = self.tip_tree()? else {
            return Ok(Vec::new());
        };
        let Some(subjects) = subtree(&self.repo, &tree, "subjects")? else {
            return Ok(Vec::new());
        };
        Ok(subjects
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .collect())
    }

    /// What the subject's first registration set, if it has been registered.
    pub fn record(&self, subject: &str) -> Result<Option<SubjectRecord>, StoreError> {
        let Some(tree) = self.tip_tree()? else {
            return Ok(None);
        };
        let path = format!("subjects/{subject}/subject.json");
        match blob_at(&self.repo, &tree, &path)? {
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| corrupt(&path, &e)),
            None => Ok(None),
        }
    }

    /// The subject's versions, lowest first.
    pub fn versions(&self, subject: &str) -> Result<Vec<StoredVersion>, StoreError> {
        match self.tip_tree()? {
            Some(tree) => self.versions_in(&tree, subject),
            None => Ok(Vec::new()),
        }
    }

    fn versions_in(
        &self,
        tree: &Tree<'_>,
        subject: &str,
    ) -> Result<Vec<StoredVersion>, StoreError> {
        let dir = format!("subjects/{subject}/versions");
        let Some(versions) = subtree(&self.repo, tree, &dir)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in versions.iter() {
            let Ok(name) = entry.name() else { continue };
            let Ok(version) = semver::Version::parse(name) else {
                continue;
            };
            let Ok(version_tree) = self.repo.find_tree(entry.id()) else {
                continue;
            };
            let meta_path = format!("{dir}/{name}/meta.json");
            let Some(bytes) = blob_at(&self.repo, &version_tree, "meta.json")? else {
                return Err(StoreError::Git(format!(
                    "registry branch `{}`: {meta_path} is missing",
                    self.branch
                )));
            };
            let meta: VersionMeta =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(&meta_path, &e))?;
            let Some(files) = version_tree.get_name("files").map(|e| e.id()) else {
                return Err(StoreError::Git(format!(
                    "registry branch `{}`: {dir}/{name}/files is missing",
                    self.branch
                )));
            };
            out.push(StoredVersion {
                version,
                meta,
                files,
            });
        }
        out.sort_by(|a, b| a.version.cmp(&b.version));
        Ok(out)
    }

    /// The commit a version's tag names, if the tag is there.
    pub fn tagged_commit(&self, subject: &str, version: &semver::Version) -> Option<Oid> {
        let name = format!("refs/tags/{}", tag_name(subject, version));
        let reference = self.repo.find_reference(&name).ok()?;
        reference.peel_to_commit().ok().map(|c| c.id())
    }

    /// Loads a stored version as a contract, its documents named
    /// `subject@version:path`.
    pub fn load(&self, subject: &str, stored: &StoredVersion) -> Result<Contract, StoreError> {
        let repo = Repository::open(self.repo.path())?;
        let label = format!("{subject}@{}", stored.version);
        let mut tree = GitTree::from_tree(repo, stored.files, label.clone(), self.workdir.clone());
        tree.load(&stored.meta.file, &self.workdir, &label)
            .map_err(|e| match e {
                crate::git::GitError::Load(e) => StoreError::Load(e),
                other => StoreError::Git(other.to_string()),
            })
    }

    /// A stored version's root file as a document (a Pact file, stored
    /// alone), named `subject@version:path`.
    pub fn document(
        &self,
        subject: &str,
        stored: &StoredVersion,
    ) -> Result<crate::load::Document, StoreError> {
        let tree = self.repo.find_tree(stored.files)?;
        let bytes = blob_at(&self.repo, &tree, &stored.meta.file)?.ok_or_else(|| {
            StoreError::Git(format!(
                "{subject}@{}: no {}",
                stored.version, stored.meta.file
            ))
        })?;
        let mut document =
            crate::load::Document::parse(std::path::PathBuf::from(&stored.meta.file), bytes)?;
        document.label = Some(format!("{subject}@{}:{}", stored.version, stored.meta.file));
        Ok(document)
    }

    /// Whether a stored version holds exactly the files of `snapshot`
    /// (hashed, not written: reading never writes to the repository).
    pub fn same_files(&self, stored: &StoredVersion, snapshot: &Snapshot) -> bool {
        if stored.meta.file != snapshot.root {
            return false;
        }
        let Ok(tree) = self.repo.find_tree(stored.files) else {
            return false;
        };
        let mut count = 0usize;
        let walked = tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
            if entry.kind() == Some(ObjectType::Blob) {
                count += 1;
            }
            git2::TreeWalkResult::Ok
        });
        if walked.is_err() || count != snapshot.files.len() {
            return false;
        }
        snapshot.files.iter().all(|(path, bytes)| {
            let Ok(hashed) = Oid::hash_object(ObjectType::Blob, bytes) else {
                return false;
            };
            tree.get_path(Path::new(path))
                .is_ok_and(|e| e.id() == hashed)
        })
    }

    /// The registry commits that touched a subject, newest first: (commit,
    /// time, author, message).
    pub fn history(&self, subject: &str) -> Result<Vec<(Oid, i64, String, String)>, StoreError> {
        let Some(tip) = self.tip()? else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk()?;
        walk.push(tip)?;
        let path = format!("subjects/{subject}");
        let mut out = Vec::new();
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            let here = commit
                .tree()?
                .get_path(Path::new(&path))
                .ok()
                .map(|e| e.id());
            let before = match commit.parent(0) {
                Ok(parent) => parent
                    .tree()?
                    .get_path(Path::new(&path))
                    .ok()
                    .map(|e| e.id()),
                Err(_) => None,
            };
            if here.is_some() && here != before {
                let author = commit.author();
                out.push((
                    commit.id(),
                    commit.time().seconds(),
                    author.name().unwrap_or("?").to_owned(),
                    commit.message().unwrap_or_default().to_owned(),
                ));
            }
        }
        Ok(out)
    }
}

/// `account/v1.2.0`.
pub fn tag_name(subject: &str, version: &semver::Version) -> String {
    format!("{subject}/v{version}")
}

fn corrupt(path: &str, e: &serde_json::Error) -> StoreError {
    StoreError::Git(format!(
        "the registry's {path} is not what accord wrote: {e}"
    ))
}
