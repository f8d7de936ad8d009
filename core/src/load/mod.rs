//! Files → documents with source maps → contracts with resolved `$ref`s.
//!
//! Every later stage reads [`Contract`]s: the root document, every document
//! its `$ref`s reach, and a table from each `$ref` to its target. Nothing in
//! the loader touches the network: a remote `$ref` stays an opaque reference
//! and is reported as a [`Warning`].

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod detect;
mod json;
pub mod limits;
mod refs;
pub mod source_map;
mod yaml;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use detect::{ContractKind, Dialect, OpenApiVersion};
pub use refs::normalize;
pub use refs::{
    Contract, DocId, FileSystem, Files, LoadOptions, NoFiles, NodeRef, RefKind, RefMapping,
    RefTarget, Resolved, confine_reads,
};
pub use source_map::{Position, SourceMap};

use crate::model::pointer::JsonPointer;

/// Why a file could not be used. Every variant names the file, and the
/// position where there is one; `Display` is the one-line message users see.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read the file: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: the file is larger than {limit} bytes")]
    TooLarge { path: String, limit: u64 },
    #[error("{path}:{line}:{column}: the file is not valid UTF-8 (byte 0x{byte:02x})")]
    NotUtf8 {
        path: String,
        line: u32,
        column: u32,
        byte: u8,
    },
    #[error("{path}:{line}:{column}: invalid {format}: {message}")]
    Syntax {
        path: String,
        line: u32,
        column: u32,
        format: Format,
        message: String,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Unsupported {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Ref {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
    #[error(
        "{path}: outside {root}; accord reads only files inside the repository (--allow-outside-repo reads it)"
    )]
    Outside { path: String, root: String },
}

/// A file that parses but is not what it should be (a configuration, a
/// tenant, a fixture, a HAR file): where, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct Invalid {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Every JSON and YAML file (`.json`, `.yaml`, `.yml`) below `dir`, sorted,
/// leaving out the folders `skip` names.
pub fn files_below(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    fn collect(dir: &Path, skip: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !skip(&path) {
                    collect(&path, skip, out);
                }
            } else if path
                .extension()
                .is_some_and(|e| matches!(e.to_str(), Some("json" | "yaml" | "yml")))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    collect(dir, skip, &mut out);
    out.sort();
    out
}

/// A file accord reads and writes back (a fixture, a baseline) that cannot
/// be used (exit 2): unreadable, not what it should be, or not writable.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Load(#[from] Error),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("{path}: cannot write: {reason}")]
    Write { path: String, reason: String },
}

/// Something the loader wants the user to know that does not stop it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        })
    }
}

/// One parsed file: its text, its value, and where each node came from.
#[derive(Debug)]
pub struct Document {
    /// The path as users should see it (relative where the user gave it so).
    pub path: PathBuf,
    /// How users name a document that is not a file: `main:api.yaml` for a
    /// blob read from git (whose `path` places it in the work tree, so that
    /// relative `$ref`s resolve as they would there).
    pub label: Option<String>,
    pub text: String,
    pub root: Value,
    pub source_map: SourceMap,
    pub format: Format,
    /// What the parser accepted but wants known (JSON duplicate keys).
    pub warnings: Vec<Warning>,
}

impl Document {
    /// Reads and parses a file.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let display = path.display().to_string();
        let read_error = |e: std::io::Error| Error::Read {
            path: display.clone(),
            reason: io_reason(&e),
        };
        // A FIFO or a device would block or never end: regular files only.
        let meta = std::fs::metadata(path).map_err(read_error)?;
        if !meta.is_file() {
            return Err(Error::Read {
                path: display,
                reason: "not a regular file".to_owned(),
            });
        }
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut bytes = Vec::new();
        file.take(limits::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > limits::MAX_FILE_BYTES {
            return Err(Error::TooLarge {
                path: display,
                limit: limits::MAX_FILE_BYTES,
            });
        }
        Self::parse(path.to_path_buf(), bytes)
    }

    /// Parses bytes that came from `path` (a file, or a git blob named so).
    pub fn parse(path: PathBuf, bytes: Vec<u8>) -> Result<Self, Error> {
        let display = path.display().to_string();
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
                let map = SourceMap::new(Vec::new(), &prefix);
                let at = map.position(&prefix, valid);
                let byte = bytes.get(valid).copied().unwrap_or(0);
                return Err(Error::NotUtf8 {
                    path: display,
                    line: at.line,
                    column: at.column,
                    byte,
                });
            }
        };
        let text = match text.strip_prefix('\u{feff}') {
            Some(stripped) => stripped.to_owned(),
            None => text,
        };
        let format = guess_format(&path, &text);
        let mut duplicates = Vec::new();
        let (root, nodes) = match format {
            Format::Json => match json::parse(&text) {
                Ok(parsed) => {
                    duplicates = parsed.duplicates;
                    (parsed.value, parsed.nodes)
                }
                Err(e) => {
                    let at = SourceMap::new(Vec::new(), &text).position(&text, e.offset);
                    return Err(Error::Syntax {
                        path: display,
                        line: at.line,
                        column: at.column,
                        format,
                        message: e.message,
                    });
                }
            },
            Format::Yaml => match yaml::parse(&text) {
                Ok(parsed) => (parsed.value, parsed.nodes),
                Err(e) => {
                    return Err(Error::Syntax {
                        path: display,
                        line: e.line.max(1) as u32,
                        column: e.column.max(1) as u32,
                        format,
                        message: e.message,
                    });
                }
            },
        };
        let source_map = SourceMap::new(nodes, &text);
        let warnings = duplicates
            .into_iter()
            .map(|(offset, name)| {
                let at = source_map.position(&text, offset);
                Warning {
                    path: display.clone(),
                    line: at.line,
                    column: at.column,
                    message: format!("duplicate key `{name}`: the last one is used"),
                }
            })
            .collect();
        Ok(Self {
            path,
            label: None,
            text,
            root,
            source_map,
            format,
            warnings,
        })
    }

    /// The value at `pointer`, if any.
    pub fn get(&self, pointer: &JsonPointer) -> Option<&Value> {
        pointer.lookup(&self.root)
    }

    /// What is wrong at `pointer` (or its nearest existing ancestor).
    pub fn invalid(&self, pointer: &JsonPointer, message: impl Into<String>) -> Invalid {
        let at = self.position(pointer);
        Invalid {
            path: self.display_path(),
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    /// Where `pointer` is in the file (the nearest existing ancestor when it
    /// names nothing).
    pub fn position(&self, pointer: &JsonPointer) -> Position {
        self.source_map
            .locate_nearest(&self.text, &self.root, pointer)
    }

    pub fn display_path(&self) -> String {
        match &self.label {
            Some(label) => label.clone(),
            None => self.path.display().to_string(),
        }
    }
}

fn guess_format(path: &Path, text: &str) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => Format::Yaml,
        _ if text.trim_start().starts_with(['{', '[']) => Format::Json,
        _ => Format::Yaml,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> Result<Document, Error> {
        Document::parse(PathBuf::from(name), text.as_bytes().to_vec())
    }

    fn pos(d: &Document, p: &str) -> (u32, u32) {
        let at = d
            .source_map
            .locate(&d.text, &d.root, &JsonPointer::parse(p).unwrap())
            .unwrap();
        (at.line, at.column)
    }

    #[test]
    fn the_same_pointer_locates_in_json_and_yaml() {
        let y = doc("a.yaml", "openapi: 3.0.3\npaths:\n  /accounts:\n    get:\n      responses:\n        '200':\n          description: ok\n").unwrap();
        assert_eq!(
            pos(&y, "/paths/~1accounts/get/responses/200/description"),
            (7, 11)
        );
        assert_eq!(pos(&y, "/paths/~1accounts"), (3, 3));
        let j = doc(
            "a.json",
            "{\n  \"paths\": {\n    \"/accounts\": {\"get\": {}}\n  }\n}",
        )
        .unwrap();
        assert_eq!(pos(&j, "/paths/~1accounts/get"), (3, 19));
        assert_eq!(pos(&j, ""), (1, 1));
    }

    #[test]
    fn errors_name_file_and_position() {
        let d = doc("dup.json", "{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap();
        assert_eq!(
            d.warnings[0].to_string(),
            "dup.json:3:3: duplicate key `a`: the last one is used"
        );
        let e = doc("bad.json", "{\n  \"a\": 1,\n  \"a\" 2\n}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.json:3:7: invalid JSON: expected `:` after an object key"
        );
        let e = Document::parse(PathBuf::from("x.yaml"), b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.yaml:2:4: the file is not valid UTF-8 (byte 0xff)"
        );
        let e = Document::read(Path::new("/nonexistent/accord.yaml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "/nonexistent/accord.yaml: cannot read the file: no such file"
        );
    }

    #[test]
    fn format_follows_extension_then_content() {
        assert!(doc("spec", "{\"a\": 1}").is_ok_and(|d| d.format == Format::Json));
        assert!(doc("spec", "a: 1").is_ok_and(|d| d.format == Format::Yaml));
        // JSON content in a .yaml file is still YAML (a superset).
        assert!(doc("spec.yaml", "{\"a\": 1}").is_ok_and(|d| d.format == Format::Yaml));
        assert!(doc("spec.json", "\u{feff}{}").is_ok());
    }
}
