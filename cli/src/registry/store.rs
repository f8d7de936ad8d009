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
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use git2::{ErrorCode, FileMode, ObjectType, Oid, Repository, Signature, Tree};
use serde::{Deserialize, Serialize};

use crate::config::SubjectKind;
use crate::git::GitTree;
use crate::load::{self, Contract};
use crate::model::date::Date;

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

    /// The files tree `snapshot` would be stored as (written to the object
    /// database; its id says whether two snapshots are the same).
    pub fn files_tree(&self, snapshot: &Snapshot) -> Result<Oid, StoreError> {
        let mut root = Dir::default();
        for (path, bytes) in &snapshot.files {
            let blob = self.repo.blob(bytes)?;
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            root.insert(&parts, blob);
        }
        root.write(&self.repo)
    }

    /// Writes a new version: a commit on the registry branch and its tag,
    /// retried on a moved branch until it lands or finds the version
    /// already written by someone else.
    pub fn write(&self, new: &NewVersion<'_>) -> Result<Written, StoreError> {
        let files = self.files_tree(new.snapshot)?;
        let signature = self.signature()?;
        let started = std::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let tip = self.tip()?;
            let tip_tree = match tip {
                Some(oid) => Some(self.repo.find_commit(oid)?.tree()?),
                None => None,
            };
            // Someone may have registered this version since it was checked.
            if let Some(tree) = &tip_tree {
                let existing = self.versions_in(tree, new.subject)?;
                if let Some(there) = existing.iter().find(|v| &v.version == new.version) {
                    return Ok(
                        if there.files == files && there.meta.file == new.snapshot.root {
                            Written::AlreadyThere
                        } else {
                            Written::TakenByOther
                        },
                    );
                }
            }
            let tag = tag_name(new.subject, new.version);
            // A tag of this name left by an earlier, interrupted run points
            // at a commit the branch never took: accord's own is removed,
            // anyone else's refused.
            self.clear_orphan_tag(&tag)?;
            let commit = self.commit_version(new, files, tip, tip_tree.as_ref(), &signature)?;
            match self.publish(tip, commit, &signature, new)? {
                true => {
                    self.tag_version(&tag, commit, &signature, &tag_message(new))?;
                    return Ok(Written::Landed { commit, tag });
                }
                false if started.elapsed() > self.lock_patience => {
                    return Err(StoreError::Locked {
                        branch: self.branch.clone(),
                        lock: self
                            .repo
                            .path()
                            .join(format!("{}.lock", self.branch_ref()))
                            .display()
                            .to_string(),
                    });
                }
                false => std::thread::sleep(backoff(attempt)),
            }
        }
    }

    /// Builds the commit of a new version on `tip` (not yet on any branch).
    fn commit_version(
        &self,
        new: &NewVersion<'_>,
        files: Oid,
        tip: Option<Oid>,
        tip_tree: Option<&Tree<'_>>,
        signature: &Signature<'_>,
    ) -> Result<Oid, StoreError> {
        let meta = VersionMeta {
            subject: new.subject.to_owned(),
            version: new.version.to_string(),
            file: new.snapshot.root.clone(),
            mode: new.record.mode.clone(),
            registered_at: rfc3339(signature.when().seconds()),
            registered_by: format!(
                "{} <{}>",
                signature.name().unwrap_or("?"),
                signature.email().unwrap_or("?")
            ),
            reason: new.reason.map(str::to_owned),
            source_commit: self
                .repo
                .head()
                .ok()
                .and_then(|h| h.target())
                .map(|o| o.to_string()),
            findings: new.findings,
        };
        let meta_blob = self.repo.blob(&pretty(&meta)?)?;
        let record_blob = self.repo.blob(&pretty(new.record)?)?;
        let mut version_dir = self.repo.treebuilder(None)?;
        version_dir.insert("meta.json", meta_blob, FILE)?;
        version_dir.insert("files", files, DIR)?;
        let version_tree = version_dir.write()?;
        let version = new.version.to_string();
        let subject = new.subject;
        let tree = put(
            &self.repo,
            tip_tree,
            &["subjects", subject, "versions", &version],
            version_tree,
            DIR,
        )?;
        let tree = put(
            &self.repo,
            Some(&self.repo.find_tree(tree)?),
            &["subjects", subject, "subject.json"],
            record_blob,
            FILE,
        )?;
        let tree = self.repo.find_tree(tree)?;
        let parents = match tip {
            Some(oid) => vec![self.repo.find_commit(oid)?],
            None => Vec::new(),
        };
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        Ok(self.repo.commit(
            None,
            signature,
            signature,
            &commit_message(new),
            &tree,
            &parents,
        )?)
    }

    /// Moves the branch from `tip` to `commit` under the branch's lock.
    /// `false`: the branch is locked or moved; build again on the new tip.
    fn publish(
        &self,
        tip: Option<Oid>,
        commit: Oid,
        signature: &Signature<'_>,
        new: &NewVersion<'_>,
    ) -> Result<bool, StoreError> {
        let branch_ref = self.branch_ref();
        self.clear_stale_lock(&branch_ref)?;
        let named = |e: git2::Error| StoreError::Reference {
            reference: branch_ref.clone(),
            message: e.message().to_owned(),
        };
        let mut tx = self.repo.transaction().map_err(named)?;
        match tx.lock_ref(&branch_ref) {
            Ok(()) => {}
            Err(e) if matches!(e.code(), ErrorCode::Locked | ErrorCode::Exists) => {
                return Ok(false);
            }
            Err(e) => return Err(named(e)),
        }
        if self.tip()? != tip {
            return Ok(false);
        }
        let message = format!("accord register {} {}", new.subject, new.version);
        tx.set_target(&branch_ref, commit, Some(signature), &message)
            .map_err(named)?;
        tx.commit().map_err(named)?;
        Ok(true)
    }

    /// Tags `commit` (a version the branch holds) as `tag`, an annotated
    /// tag accord can recognise as its own.
    fn tag_version(
        &self,
        tag: &str,
        commit: Oid,
        signature: &Signature<'_>,
        message: &str,
    ) -> Result<(), StoreError> {
        let reference = format!("refs/tags/{tag}");
        self.clear_stale_lock(&reference)?;
        let named = |e: git2::Error| StoreError::Reference {
            reference: reference.clone(),
            message: e.message().to_owned(),
        };
        let target = self
            .repo
            .find_object(commit, Some(ObjectType::Commit))
            .map_err(named)?;
        match self.repo.tag(tag, &target, signature, message, false) {
            Ok(_) => Ok(()),
            Err(e) if e.code() == ErrorCode::Exists => match self.tag_target(&reference) {
                Some(there) if there == commit => Ok(()),
                Some(there) if self.is_registry_commit(there) => Err(StoreError::Reference {
                    reference,
                    message: "already names another registry commit".to_owned(),
                }),
                _ => Err(StoreError::ForeignTag { reference }),
            },
            Err(e) => Err(named(e)),
        }
    }

    /// The commit a tag reference names (through an annotated tag).
    fn tag_target(&self, reference: &str) -> Option<Oid> {
        let found = self.repo.find_reference(reference).ok()?;
        found.peel_to_commit().ok().map(|c| c.id())
    }

    /// Whether `commit` is one accord wrote: a commit of a registry tree
    /// (`subjects/` at its root), on the registry branch or left beside it.
    fn is_registry_commit(&self, commit: Oid) -> bool {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .is_ok_and(|t| t.get_name("subjects").is_some())
    }

    /// Whether `commit` is on the registry branch.
    fn on_branch(&self, commit: Oid) -> Result<bool, StoreError> {
        Ok(match self.tip()? {
            Some(tip) => tip == commit || self.repo.graph_descendant_of(tip, commit)?,
            None => false,
        })
    }

    /// Removes a tag of this name that an interrupted registration left on
    /// a commit the branch never took; refuses one accord did not write.
    fn clear_orphan_tag(&self, tag: &str) -> Result<(), StoreError> {
        let reference = format!("refs/tags/{tag}");
        self.clear_stale_lock(&reference)?;
        let Some(there) = self.tag_target(&reference) else {
            if self.repo.find_reference(&reference).is_ok() {
                return Err(StoreError::ForeignTag { reference });
            }
            return Ok(());
        };
        if !self.is_registry_commit(there) {
            return Err(StoreError::ForeignTag { reference });
        }
        if self.on_branch(there)? {
            return Ok(());
        }
        self.repo
            .find_reference(&reference)
            .and_then(|mut r| r.delete())
            .map_err(|e| StoreError::Reference {
                reference: reference.clone(),
                message: e.message().to_owned(),
            })
    }

    /// Removes `<ref>.lock` when it is older than [`STALE_LOCK`]: left by
    /// a process that was killed holding it.
    fn clear_stale_lock(&self, reference: &str) -> Result<(), StoreError> {
        let lock = self.repo.path().join(format!("{reference}.lock"));
        let age = std::fs::metadata(&lock)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if age.is_some_and(|a| a > STALE_LOCK) {
            std::fs::remove_file(&lock).or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Ok(()),
                _ => Err(StoreError::Reference {
                    reference: reference.to_owned(),
                    message: format!("cannot remove the stale lock {}: {e}", lock.display()),
                }),
            })?;
        }
        Ok(())
    }

    /// Tags the version when its tag is missing (an interruption between
    /// the branch and the tag, or a tag deleted by hand): the commit that
    /// added the version to the branch.
    pub fn restore_tag(
        &self,
        subject: &str,
        version: &semver::Version,
    ) -> Result<Option<String>, StoreError> {
        if self.tagged_commit(subject, version).is_some() {
            return Ok(None);
        }
        let tag = tag_name(subject, version);
        self.clear_orphan_tag(&tag)?;
        let Some(commit) = self.adding_commit(subject, version)? else {
            return Ok(None);
        };
        let signature = self.signature()?;
        self.tag_version(&tag, commit, &signature, &format!("{subject} {version}\n"))?;
        Ok(Some(tag))
    }

    /// The commit of the registry branch that added `subject`'s `version`.
    fn adding_commit(
        &self,
        subject: &str,
        version: &semver::Version,
    ) -> Result<Option<Oid>, StoreError> {
        let path = format!("subjects/{subject}/versions/{version}");
        let has = |commit: &git2::Commit<'_>| {
            commit
                .tree()
                .is_ok_and(|t| t.get_path(Path::new(&path)).is_ok())
        };
        let mut at = match self.tip()? {
            Some(tip) => self.repo.find_commit(tip)?,
            None => return Ok(None),
        };
        if !has(&at) {
            return Ok(None);
        }
        loop {
            let parent = match at.parent(0) {
                Ok(parent) if has(&parent) => parent,
                _ => return Ok(Some(at.id())),
            };
            at = parent;
        }
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

    /// The committer: the repository's configured identity, else accord.
    fn signature(&self) -> Result<Signature<'static>, StoreError> {
        match self.repo.signature() {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Ok(Signature::now("accord", "accord@localhost")?),
        }
    }
}

/// `account/v1.2.0`.
pub fn tag_name(subject: &str, version: &semver::Version) -> String {
    format!("{subject}/v{version}")
}

fn commit_message(new: &NewVersion<'_>) -> String {
    let mut message = format!(
        "register {} {}\n\nkind: {}\nmode: {}\nfile: {}\nfindings: {} error, {} warning, {} info\n",
        new.subject,
        new.version,
        new.record.kind,
        new.record.mode,
        new.snapshot.root,
        new.findings.error,
        new.findings.warning,
        new.findings.info
    );
    if let Some(reason) = new.reason {
        message.push_str(&format!("breaking change allowed: {reason}\n"));
    }
    message
}

fn tag_message(new: &NewVersion<'_>) -> String {
    match new.reason {
        Some(reason) => format!(
            "{} {}\n\nbreaking change allowed: {reason}\n",
            new.subject, new.version
        ),
        None => format!("{} {}\n", new.subject, new.version),
    }
}

fn pretty<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| StoreError::Git(format!("cannot write registry metadata: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn corrupt(path: &str, e: &serde_json::Error) -> StoreError {
    StoreError::Git(format!(
        "the registry's {path} is not what accord wrote: {e}"
    ))
}

/// Jittered, growing pause between attempts (5 ms … 200 ms).
fn backoff(attempt: u32) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let base = 5u64.saturating_mul(1u64 << attempt.min(5));
    Duration::from_millis(base.min(200) + u64::from(nanos % 20))
}

fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_days(days),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The tree at `path` below `tree`, if there is one.
fn subtree<'r>(
    repo: &'r Repository,
    tree: &Tree<'_>,
    path: &str,
) -> Result<Option<Tree<'r>>, StoreError> {
    match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => {
            Ok(Some(repo.find_tree(entry.id())?))
        }
        Ok(_) => Ok(None),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The blob at `path` below `tree`, if there is one.
fn blob_at(repo: &Repository, tree: &Tree<'_>, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
    match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Blob) => {
            Ok(Some(repo.find_blob(entry.id())?.content().to_vec()))
        }
        Ok(_) => Ok(None),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `tree` with `leaf` placed at `path` (trees on the way created or
/// rewritten); returns the new tree's id.
fn put(
    repo: &Repository,
    tree: Option<&Tree<'_>>,
    path: &[&str],
    leaf: Oid,
    mode: i32,
) -> Result<Oid, StoreError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(leaf);
    };
    let mut builder = repo.treebuilder(tree)?;
    if rest.is_empty() {
        builder.insert(first, leaf, mode)?;
    } else {
        let child = match tree.and_then(|t| t.get_name(first)) {
            Some(entry) if entry.kind() == Some(ObjectType::Tree) => {
                Some(repo.find_tree(entry.id())?)
            }
            _ => None,
        };
        let child = put(repo, child.as_ref(), rest, leaf, mode)?;
        builder.insert(first, child, i32::from(FileMode::Tree))?;
    }
    Ok(builder.write()?)
}

/// A directory being built from paths.
#[derive(Default)]
struct Dir {
    files: BTreeMap<String, Oid>,
    dirs: BTreeMap<String, Dir>,
}

impl Dir {
    fn insert(&mut self, parts: &[&str], blob: Oid) {
        match parts {
            [] => {}
            [name] => {
                self.files.insert((*name).to_owned(), blob);
            }
            [first, rest @ ..] => self
                .dirs
                .entry((*first).to_owned())
                .or_default()
                .insert(rest, blob),
        }
    }

    fn write(&self, repo: &Repository) -> Result<Oid, StoreError> {
        let mut builder = repo.treebuilder(None)?;
        for (name, blob) in &self.files {
            builder.insert(name, *blob, FILE)?;
        }
        for (name, dir) in &self.dirs {
            builder.insert(name, dir.write(repo)?, DIR)?;
        }
        Ok(builder.write()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_329_415), "2025-11-28T11:30:15Z");
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        assert!(backoff(1) >= Duration::from_millis(10));
        assert!(backoff(30) <= Duration::from_millis(220));
    }
}
