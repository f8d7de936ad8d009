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

#[test]
fn identifiers_count_only_in_schema_positions() {
    // An `$id` inside an unknown keyword (or inside `enum` data) names
    // nothing: the `$ref` finds the real one.
    let contract = load(
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {
              "fake": {"not": {"array_of_schemas": [
                {"$id": "https://example.com/it.json", "type": "null"}]}},
              "real": {"$id": "https://example.com/it.json", "type": "string"}
            },
            "$ref": "https://example.com/it.json"}"##,
        &[],
    )
    .unwrap();
    assert_eq!(targets(&contract), vec![" -> /r/root.json#/$defs/real"]);
}

#[test]
fn before_2019_a_ref_hides_the_id_beside_it() {
    let contract = load(
        r##"{"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "http://example.com/root.json",
            "definitions": {
              "A": {"$id": "#foo", "type": "integer"},
              "base_foo": {"type": "string"}
            },
            "allOf": [{"$id": "http://example.com/other/", "$ref": "#/definitions/base_foo"}]}"##,
        &[],
    )
    .unwrap();
    assert_eq!(
        targets(&contract),
        vec!["/allOf/0 -> /r/root.json#/definitions/base_foo"]
    );
}

#[test]
fn published_locations_read_from_a_mapped_folder() {
    use super::{LoadOptions, RefMapping};
    let mapping = RefMapping::parse("https://schemas.example.com/=/r/common").unwrap();
    assert_eq!(
        mapping.local("https://schemas.example.com/crm/address.json"),
        Some(PathBuf::from("/r/common/crm/address.json"))
    );
    assert_eq!(mapping.local("https://schemas.example.com/a?b=c"), None);
    assert_eq!(mapping.local("https://other.example.com/a.json"), None);
    assert!(RefMapping::parse("no-equals").is_err());
    assert!(RefMapping::parse("file:///etc/=x").is_err());

    let files: HashMap<PathBuf, &'static str> = [
        (
            PathBuf::from("/r/common/crm/address.json"),
            r#"{"type": "object", "properties": {"city": {"$ref": "city.json"}}}"#,
        ),
        (
            PathBuf::from("/r/common/crm/city.json"),
            r#"{"type": "string"}"#,
        ),
    ]
    .into_iter()
    .collect();
    let doc = Document::parse(
        "/r/root.json".into(),
        br#"{"$ref": "https://schemas.example.com/crm/address.json"}"#.to_vec(),
    )
    .unwrap();
    let options = LoadOptions {
        dialect: None,
        ref_map: vec![mapping],
        ..LoadOptions::default()
    };
    let contract = Contract::from_root_opts(doc, &options, &mut Memory(files)).unwrap();
    assert_eq!(
        targets(&contract),
        vec![
            " -> /r/common/crm/address.json#",
            "/properties/city -> /r/common/crm/city.json#"
        ]
    );
    assert!(contract.warnings.is_empty(), "{:?}", contract.warnings);
}

#[test]
fn a_ref_at_the_root_survives_more_documents_loading() {
    // The root object's own `$ref` (a sibling of other keywords in
    // 2020-12) is found by the address of its value, which must be taken
    // once every document is loaded.
    let contract = load(
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "a.json", "type": "object"}"#,
        &[
            (
                "a.json",
                r#"{"allOf": [{"$ref": "b.json"}, {"$ref": "c.json"}, {"$ref": "d.json"}]}"#,
            ),
            ("b.json", r#"{"type": "object"}"#),
            ("c.json", r#"{"$ref": "e.json"}"#),
            ("d.json", r#"{"required": ["id"]}"#),
            ("e.json", r#"{"minProperties": 1}"#),
        ],
    )
    .unwrap();
    assert!(matches!(
        contract.ref_of_value(&contract.root().root),
        Some(RefTarget::Node(_))
    ));
}
