//! Where a contract's documents come from: the file system (kept to the
//! repository unless asked otherwise), memory, or nowhere.

use std::path::{Path, PathBuf};

use crate::load::{Document, Error};

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
            .is_ok_and(|m| m.is_file() && m.len() <= crate::load::limits::MAX_FILE_BYTES);
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
