//! Registering a version: its files written as a tree, committed on the
//! registry branch under a lock, tagged; a tag a crash left behind is
//! cleared or restored.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use git2::{ErrorCode, ObjectType, Oid, Signature, Tree};
use serde::Serialize;

use crate::model::date::Date;

use super::tree::{Dir, put};
use super::{
    DIR, FILE, NewVersion, STALE_LOCK, Snapshot, Store, StoreError, VersionMeta, Written, tag_name,
};

impl Store {
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
            let message = format!("accord register {} {}", new.subject, new.version);
            match self.publish(tip, commit, &signature, &message)? {
                true => {
                    self.tag_version(&tag, commit, &signature, &tag_message(new))?;
                    return Ok(Written::Landed { commit, tag });
                }
                false if started.elapsed() > self.lock_patience => {
                    return Err(self.locked());
                }
                false => std::thread::sleep(backoff(attempt)),
            }
        }
    }

    /// The branch stayed locked longer than the patience allows.
    pub(super) fn locked(&self) -> StoreError {
        StoreError::Locked {
            branch: self.branch.clone(),
            lock: self
                .repo
                .path()
                .join(format!("{}.lock", self.branch_ref()))
                .display()
                .to_string(),
        }
    }

    /// Builds the commit of a new version on `tip` (not yet on any branch).
    pub(super) fn commit_version(
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
            registered_by: who(signature),
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
        self.commit_on(tip, tree, &commit_message(new), signature)
    }

    /// A commit of `tree` whose parent is `tip` (on no branch yet).
    pub(super) fn commit_on(
        &self,
        tip: Option<Oid>,
        tree: Oid,
        message: &str,
        signature: &Signature<'_>,
    ) -> Result<Oid, StoreError> {
        let tree = self.repo.find_tree(tree)?;
        let parents = match tip {
            Some(oid) => vec![self.repo.find_commit(oid)?],
            None => Vec::new(),
        };
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        Ok(self
            .repo
            .commit(None, signature, signature, message, &tree, &parents)?)
    }

    /// Moves the branch from `tip` to `commit` under the branch's lock.
    /// `false`: the branch is locked or moved; build again on the new tip.
    pub(super) fn publish(
        &self,
        tip: Option<Oid>,
        commit: Oid,
        signature: &Signature<'_>,
        message: &str,
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
        tx.set_target(&branch_ref, commit, Some(signature), message)
            .map_err(named)?;
        tx.commit().map_err(named)?;
        Ok(true)
    }

    /// Tags `commit` (a version the branch holds) as `tag`, an annotated
    /// tag accord can recognise as its own.
    pub(super) fn tag_version(
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
    pub(super) fn tag_target(&self, reference: &str) -> Option<Oid> {
        let found = self.repo.find_reference(reference).ok()?;
        found.peel_to_commit().ok().map(|c| c.id())
    }

    /// Whether `commit` is one accord wrote: a commit of a registry tree
    /// (`subjects/` at its root), on the registry branch or left beside it.
    pub(super) fn is_registry_commit(&self, commit: Oid) -> bool {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .is_ok_and(|t| t.get_name("subjects").is_some())
    }

    /// Whether `commit` is on the registry branch.
    pub(super) fn on_branch(&self, commit: Oid) -> Result<bool, StoreError> {
        Ok(match self.tip()? {
            Some(tip) => tip == commit || self.repo.graph_descendant_of(tip, commit)?,
            None => false,
        })
    }

    /// Removes a tag of this name that an interrupted registration left on
    /// a commit the branch never took; refuses one accord did not write.
    pub(super) fn clear_orphan_tag(&self, tag: &str) -> Result<(), StoreError> {
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
    pub(super) fn clear_stale_lock(&self, reference: &str) -> Result<(), StoreError> {
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
    pub(super) fn adding_commit(
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

    /// The committer: the repository's configured identity, else accord.
    pub(super) fn signature(&self) -> Result<Signature<'static>, StoreError> {
        match self.repo.signature() {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Ok(Signature::now("accord", "accord@localhost")?),
        }
    }
}

pub(super) fn commit_message(new: &NewVersion<'_>) -> String {
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

pub(super) fn tag_message(new: &NewVersion<'_>) -> String {
    match new.reason {
        Some(reason) => format!(
            "{} {}\n\nbreaking change allowed: {reason}\n",
            new.subject, new.version
        ),
        None => format!("{} {}\n", new.subject, new.version),
    }
}

/// `Name <email>` of a signature.
pub(super) fn who(signature: &Signature<'_>) -> String {
    format!(
        "{} <{}>",
        signature.name().unwrap_or("?"),
        signature.email().unwrap_or("?")
    )
}

pub(super) fn pretty<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| StoreError::Git(format!("cannot write registry metadata: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Jittered, growing pause between attempts (5 ms … 200 ms).
pub(super) fn backoff(attempt: u32) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let base = 5u64.saturating_mul(1u64 << attempt.min(5));
    Duration::from_millis(base.min(200) + u64::from(nanos % 20))
}

pub(super) fn rfc3339(seconds: i64) -> String {
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
