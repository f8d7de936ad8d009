//! Robustness on the real corpora (../shared/corpus): every OpenAPI
//! document of real-specs loads with its source map and `$ref`s resolved
//! and every pair of neighbouring versions diffs; every JSON Schema set of
//! real-schemas (OCDS, BODS; single files and multi-file sets) compares with
//! its next version in every mode. Skipped, with the reason printed, where
//! the corpus is absent (a fresh machine without ../shared). A plain `main`
//! (`harness = false`) so that `cargo test` shows what it did.

#![allow(clippy::print_stdout)]

#[path = "common/corpus.rs"]
mod corpus;

use accord::diff::{self, DiffOptions, Sides};
use accord::load::Contract;
use accord::rules::{self, compat::openapi::RULES};

fn main() {
    let Some(dir) = corpus::corpus_dir() else {
        println!(
            "corpus: skipped, ../shared/corpus/real-specs is absent (set ACCORD_CORPUS to run it)"
        );
        return;
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    let (mut documents, mut pairs) = (0, 0);
    for api in manifest.as_array().expect("a list of APIs") {
        let files: Vec<&str> = api["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter_map(|v| v["file"].as_str())
            .collect();
        let contracts: Vec<Contract> = files
            .iter()
            .map(|f| Contract::load(&dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
            .collect();
        for (file, contract) in files.iter().zip(&contracts) {
            let root = contract.root();
            assert!(
                root.source_map.len() > 1000,
                "{file}: a real spec has many nodes"
            );
            // Every node's pointer locates inside the file.
            let lines = root.text.lines().count() as u32;
            for (node, _) in contract.refs().take(200) {
                let at = contract.position(node);
                assert!(
                    at.line >= 1 && at.line <= lines.max(1),
                    "{file}: {} at line {}",
                    node.pointer,
                    at.line
                );
            }
            documents += 1;
        }
        for pair in contracts.windows(2) {
            let [base, revision] = pair else { continue };
            let changes = diff::openapi(base, revision, &DiffOptions::default());
            let all: Vec<_> = RULES.to_vec();
            let findings = rules::judge(&all, &changes, Sides { base, revision });
            for finding in &findings {
                let location = finding
                    .location
                    .as_ref()
                    .expect("every OpenAPI finding has a place");
                assert!(location.line > 0);
            }
            pairs += 1;
        }
    }
    println!(
        "corpus: {documents} real documents loaded with source maps, {pairs} neighbouring pairs diffed"
    );
    assert_eq!((documents, pairs), (47, 32));
    schemas(&dir.join("../real-schemas"));
}

/// The JSON Schema corpus: neighbouring versions compared in every mode.
fn schemas(dir: &std::path::Path) {
    use accord::diff::Mode;
    let Ok(bytes) = std::fs::read(dir.join("manifest.json")) else {
        println!("corpus: real-schemas is absent, skipped");
        return;
    };
    let manifest: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    let mut pairs = 0;
    for set in manifest.as_array().expect("a list") {
        let roots: Vec<std::path::PathBuf> = set["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter_map(|v| {
                let file = v["file"].as_str()?;
                if !file.ends_with('/') {
                    return Some(dir.join(file));
                }
                // A multi-file set: its package or statement file is the root.
                ["bods-package.json", "statement.json"]
                    .iter()
                    .map(|r| dir.join(file).join(r))
                    .find(|p| p.is_file())
            })
            .collect();
        let contracts: Vec<Contract> = roots
            .iter()
            .map(|r| Contract::load(r).unwrap_or_else(|e| panic!("{}: {e}", r.display())))
            .collect();
        for pair in contracts.windows(2) {
            let [base, revision] = pair else { continue };
            for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
                let changes = diff::jsonschema(base, revision, mode);
                let findings = rules::judge(
                    rules::compat::schema::RULES,
                    &changes,
                    Sides { base, revision },
                );
                assert!(
                    findings
                        .iter()
                        .all(|f| f.location.as_ref().is_some_and(|l| l.line > 0))
                );
            }
            pairs += 1;
        }
    }
    println!("corpus: {pairs} neighbouring JSON Schema versions compared in all three modes");
    assert_eq!(pairs, 5);
}
