//! File paths and URLs: fragments split off, paths normalised and shown
//! relative to the working directory.

use std::path::{Component, Path, PathBuf};

use url::Url;

/// `(uri, fragment)` of a reference; the fragment without its `#`.
pub(super) fn split_fragment(reference: &str) -> Option<(&str, &str)> {
    Some(match reference.split_once('#') {
        Some((uri, fragment)) => (uri, fragment),
        None => (reference, ""),
    })
}

pub(super) fn without_fragment(mut url: Url) -> Url {
    url.set_fragment(None);
    url
}

pub(super) fn file_url(path: &Path) -> Url {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let normal = normalize(&absolute);
    Url::from_file_path(&normal).unwrap_or_else(|()| {
        // Only relative paths fail here, and `absolute` made this one absolute.
        Url::parse("file:///").unwrap_or_else(|_| unreachable!("a constant URL parses"))
    })
}

/// The path relative to the working directory when it lies below it.
pub(super) fn display_path(path: &Path) -> PathBuf {
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
