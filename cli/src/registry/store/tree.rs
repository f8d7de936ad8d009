//! Trees of the registry branch read and built: a subject's folder, a
//! blob at a path, files put into a tree in memory.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{ErrorCode, FileMode, ObjectType, Oid, Repository, Tree};

use super::{DIR, FILE, StoreError};

/// The tree at `path` below `tree`, if there is one.
pub(super) fn subtree<'r>(
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
pub(super) fn blob_at(
    repo: &Repository,
    tree: &Tree<'_>,
    path: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
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
pub(super) fn put(
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
pub(super) struct Dir {
    pub(super) files: BTreeMap<String, Oid>,
    pub(super) dirs: BTreeMap<String, Dir>,
}

impl Dir {
    pub(super) fn insert(&mut self, parts: &[&str], blob: Oid) {
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

    pub(super) fn write(&self, repo: &Repository) -> Result<Oid, StoreError> {
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
