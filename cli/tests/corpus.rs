//! Robustness on the real-spec corpus (../shared/corpus/real-specs): every
//! document loads with its source map and `$ref`s resolved, and every pair
//! of neighbouring versions diffs. Skipped, with the reason printed, where
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
}
