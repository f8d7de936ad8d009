//! The documentation stands on its own and stays true: every link in the
//! README and `docs/` leads somewhere in the repository, and the rule
//! index is what `accord rules` says today.

use std::path::{Path, PathBuf};

use crate::support::{Scratch, repo_root};

/// README.md, CONTRIBUTING.md and every page of docs/.
fn pages() -> Vec<PathBuf> {
    let root = repo_root();
    let mut pages = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// The targets of `[text](target)` links in markdown.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, punctuation
/// dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(page: &Path) -> Vec<String> {
    std::fs::read_to_string(page)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn every_link_leads_somewhere_in_the_repository() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("page");
        for link in links(&text) {
            checked += 1;
            let shown = format!(
                "{}: ({link})",
                page.strip_prefix(repo_root()).unwrap_or(&page).display()
            );
            if link.contains("://") || link.starts_with("mailto:") {
                broken.push(format!(
                    "{shown}: the docs link nothing outside the repository"
                ));
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("a folder").join(file)
            };
            if !target.exists() {
                broken.push(format!("{shown}: no such file"));
            } else if !fragment.is_empty() && !anchors(&target).iter().any(|a| a == fragment) {
                broken.push(format!("{shown}: no such heading"));
            }
        }
    }
    assert!(checked > 15, "links are found ({checked})");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_a_front_door() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    let lines = readme.lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; details go to docs/"
    );
    assert!(readme.contains("cargo install"), "it says how to install");
    assert!(readme.contains("\ncargo test"), "it gives the test command");
}

/// docs/rules.md as `accord rules --format json` describes the rules.
fn rules_page(rules: &serde_json::Value) -> String {
    let mut out = String::from(
        "# Rules\n\nEvery rule accord applies, by family, with its default level (`accord.yaml` or\n`--level` change what is shown and what fails). `accord explain RULE`\nprints a rule's whole documentation. This page is generated from the rules\nthemselves: `ACCORD_UPDATE_DOCS=1 cargo test --test e2e docs::` rewrites it.\n",
    );
    let rules = rules.as_array().expect("a list of rules");
    let mut families: Vec<&str> = rules.iter().filter_map(|r| r["family"].as_str()).collect();
    families.sort_unstable();
    families.dedup();
    for family in families {
        let mut ids: Vec<&serde_json::Value> =
            rules.iter().filter(|r| r["family"] == family).collect();
        ids.sort_by_key(|r| r["id"].as_str().unwrap_or_default().to_owned());
        out += &format!(
            "\n## {family} ({} rules)\n\n| rule | level | what it flags |\n|---|---|---|\n",
            ids.len()
        );
        for r in ids {
            let summary = r["summary"]
                .as_str()
                .unwrap_or_default()
                .replace('|', "\\|")
                .replace('\n', " ");
            out += &format!(
                "| `{}` | {} | {} |\n",
                r["id"].as_str().unwrap_or_default(),
                r["level"].as_str().unwrap_or_default(),
                summary
            );
        }
    }
    out
}

#[test]
fn the_rule_index_is_what_the_rules_say() {
    let s = Scratch::new();
    let run = s.run(&["rules", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let rules: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let expected = rules_page(&rules);
    let path = repo_root().join("docs/rules.md");
    if std::env::var_os("ACCORD_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("docs/rules.md written");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: ACCORD_UPDATE_DOCS=1 cargo test --test e2e docs:: rewrites it"
    );
}
