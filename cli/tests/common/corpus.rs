//! Where the shared real-spec corpus is: ACCORD_CORPUS, else
//! ../shared/corpus/real-specs beside the repository. Shared by the corpus
//! test and the benchmarks.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ACCORD_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-specs")
        });
    dir.join("manifest.json").is_file().then_some(dir)
}

/// ../shared/conformance (or ACCORD_CONFORMANCE), if present.
#[allow(dead_code)]
pub fn conformance_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ACCORD_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"));
    dir.is_dir().then_some(dir)
}
