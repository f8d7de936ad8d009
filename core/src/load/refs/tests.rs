//! The `$ref` walker and resolver on small documents held in memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Contract, Files, RefTarget};
use crate::load::{Document, Error};

/// Documents in memory, by absolute path.
struct Memory(HashMap<PathBuf, &'static str>);

impl Files for Memory {
    fn read(&mut self, path: &Path) -> Result<Option<Document>, Error> {
        match self.0.get(path) {
            Some(text) => Document::parse(path.to_path_buf(), text.as_bytes().to_vec()).map(Some),
            None => Ok(None),
        }
    }

    fn schema_files(&mut self, _: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
}

fn load(root: &'static str, others: &[(&str, &'static str)]) -> Result<Contract, Error> {
    let files = others
        .iter()
        .map(|(name, text)| (Path::new("/r").join(name), *text))
        .collect();
    let doc = Document::parse("/r/root.json".into(), root.as_bytes().to_vec())?;
    Contract::from_root(doc, &mut Memory(files))
}

fn targets(contract: &Contract) -> Vec<String> {
    let mut out: Vec<String> = contract
        .refs()
        .map(|(at, target)| {
            let to = match target {
                RefTarget::Node(node) => format!(
                    "{}#{}",
                    contract.document(node.doc).path.display(),
                    node.pointer
                ),
                RefTarget::Remote(url) => format!("remote {url}"),
                RefTarget::Dangling(text) => format!("dangling {text}"),
            };
            format!("{} -> {to}", at.pointer)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn refs_in_data_are_data() {
    // Inside `example`, `enum`, `default` and extensions a `$ref` key is a
    // key: nothing is resolved there, and its absence is no error.
    let contract = load(
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "example": {"$ref": "missing.json"},
            "enum": [{"$ref": "#/nowhere"}],
            "default": {"$ref": "#/nowhere"},
            "x-note": {"$ref": "gone.json"},
            "properties": {"example": {"$ref": "#/$defs/a"}},
            "$defs": {"a": {"type": "string"}}}"##,
        &[],
    )
    .unwrap();
    // Under `properties`, `example` is a property's name: its `$ref` is one.
    assert_eq!(
        targets(&contract),
        ["/properties/example -> /r/root.json#/$defs/a"]
    );
}

#[test]
fn relative_refs_resolve_across_files_and_by_id() {
    let contract = load(
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "properties": {"a": {"$ref": "common.json#/$defs/money"},
                           "b": {"$ref": "https://example.com/s/common.json#/$defs/money"}}}"##,
        &[(
            "common.json",
            r##"{"$id": "https://example.com/s/common.json", "$defs": {"money": {"type": "string"}}}"##,
        )],
    )
    .unwrap();
    assert_eq!(
        targets(&contract),
        [
            "/properties/a -> /r/common.json#/$defs/money",
            "/properties/b -> /r/common.json#/$defs/money"
        ]
    );
}

#[test]
fn remote_refs_are_never_fetched() {
    let contract = load(
        r##"{"properties": {"a": {"$ref": "https://elsewhere.example/s.json"}}}"##,
        &[],
    )
    .unwrap();
    assert_eq!(
        targets(&contract),
        ["/properties/a -> remote https://elsewhere.example/s.json"]
    );
    assert!(!contract.warnings.is_empty());
}

#[test]
fn recursion_is_normal_but_a_chain_to_itself_is_an_error() {
    let tree = r##"{"$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}, "$ref": "#/$defs/node"}"##;
    assert!(load(tree, &[]).is_ok());
    let chain = r##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##;
    let error = load(chain, &[]).unwrap_err().to_string();
    assert!(error.contains("root.json"), "{error}");
}

#[test]
fn a_missing_file_is_an_error_naming_the_reference() {
    let error = load(r##"{"$ref": "nowhere.json"}"##, &[])
        .unwrap_err()
        .to_string();
    assert!(error.contains("nowhere.json"), "{error}");
}
