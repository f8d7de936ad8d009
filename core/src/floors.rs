//! The modules stand in floors: no module imports, directly or through
//! others, a module that imports it. This test reads every source file's
//! `crate::…` and `super::…` paths (unit tests aside) and fails on any
//! cycle between modules, at every depth of the module tree (`rules` ↔
//! `lint`, and `schema::subset` ↔ `schema::dnf` alike). A module and the
//! modules it declares inside it are one room, not a cycle.
//!
//! `cargo test --lib floors` (each crate checks its own `src/`)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `rules/lint/mod.rs` → `rules::lint`; `schema/dnf.rs` → `schema::dnf`.
fn module_of(root: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The text before the unit tests (`#[cfg(test)]` and what follows).
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at])
}

/// The module paths a file names: `crate::a::b::Item` gives `a::b`,
/// `super::x` the sibling `x` (identifiers only: items start upper case).
fn references(module: &Module, text: &str) -> Vec<Module> {
    let mut out = Vec::new();
    // The lower-case names that follow, up to the first that is not
    // followed by `::` (an item, a list, the end of the path).
    let segments = |rest: &str| -> Module {
        let mut names = Module::new();
        let mut rest = rest;
        loop {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if name.is_empty() || name == "self" {
                break;
            }
            rest = &rest[name.len()..];
            names.push(name);
            match rest.strip_prefix("::") {
                Some(next) => rest = next,
                None => break,
            }
        }
        names
    };
    for (at, _) in text.match_indices("crate::") {
        out.push(segments(&text[at + "crate::".len()..]));
    }
    // `super` of `a/b/c.rs` and of `a/b/c/mod.rs` alike is `a::b`.
    let parent: Module = module
        .iter()
        .take(module.len().saturating_sub(1))
        .cloned()
        .collect();
    for (at, _) in text.match_indices("super::") {
        if text[..at].ends_with("::") {
            continue;
        }
        let mut target = parent.clone();
        target.extend(segments(&text[at + "super::".len()..]));
        out.push(target);
    }
    out
}

fn is_prefix(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && b.iter().zip(a).all(|(x, y)| x == y)
}

/// A cycle of the graph, if there is one (depth-first search).
fn cycle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        marks: &mut BTreeMap<Module, Mark>,
        path: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut found: Vec<Module> = path[start..].to_vec();
                found.push(node.clone());
                return Some(found);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, marks, path) {
                return Some(found);
            }
        }
        path.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if let Some(found) = visit(node, edges, &mut marks, &mut Vec::new()) {
            return Some(found);
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    // Both crates run this test (the `accord` crate includes this file):
    // each checks its own sources.
    assert!(files.len() > 10, "the sources are found ({})", files.len());
    let mut named: Vec<(Module, Module)> = Vec::new();
    for file in &files {
        let module = module_of(&root, file);
        // This file's own examples are not imports.
        if module == ["floors"] {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for target in references(&module, code(&text)) {
            if !target.is_empty() {
                named.push((module.clone(), target));
            }
        }
    }
    let deepest = named.iter().map(|(m, _)| m.len()).max().unwrap_or(1);
    for depth in 1..=deepest {
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (from, to) in &named {
            let (from, to) = (
                from.iter().take(depth).cloned().collect::<Module>(),
                to.iter().take(depth).cloned().collect::<Module>(),
            );
            // A module and what it declares inside it are one room.
            if from.is_empty() || is_prefix(&from, &to) || is_prefix(&to, &from) {
                continue;
            }
            edges.entry(from).or_default().insert(to);
        }
        if let Some(found) = cycle(&edges) {
            let shown: Vec<String> = found.iter().map(|m| m.join("::")).collect();
            panic!(
                "modules import each other in a loop (at depth {depth}): {}",
                shown.join(" -> ")
            );
        }
    }
}

#[test]
fn a_loop_is_found() {
    let module = |s: &str| -> Module { s.split("::").map(str::to_owned).collect() };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    edges.entry(module("a")).or_default().insert(module("b"));
    edges.entry(module("b")).or_default().insert(module("c"));
    assert_eq!(cycle(&edges), None);
    edges.entry(module("c")).or_default().insert(module("a"));
    assert_eq!(cycle(&edges).map(|c| c.len()), Some(4));
    // `crate::` and `super::` paths, items and `self` left out.
    let refs = references(
        &module("schema::dnf"),
        "use crate::model::schema::TypeSet;\nuse crate::rules;\nuse super::merged::{Merged};\nuse super::{SchemaRef, Schemas};",
    );
    assert_eq!(
        refs,
        [
            module("model::schema"),
            module("rules"),
            module("schema::merged"),
            module("schema")
        ]
    );
}
