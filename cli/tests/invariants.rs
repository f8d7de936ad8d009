//! Invariants over real documents: every OpenAPI document, rewritten
//! without changing its meaning, diffs against itself with no finding at
//! any level (but the components a rename removes, listed at info); and
//! every planted breaking edit is found as an error at the operation
//! edited.
//!
//! Runs on the bundled contracts always, and on every document of
//! ../shared/corpus/real-specs where it is present (set ACCORD_CORPUS to
//! point elsewhere). Seeded and deterministic; prints counts per rewrite
//! and per vendor, and fails listing every miss with its document and
//! pointer. A plain `main` (`harness = false`) so that `cargo test` shows
//! what it did.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/rewrite/mod.rs"]
mod rewrite;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use accord::compare;
use accord::diff::{DiffOptions, Mode};
use accord::findings::{Finding, Level};
use accord::load::Contract;
use accord::model::date::Date;
use rewrite::{Break, Counts, Planted, Rewrite, Rng};

/// Rounds of planted breaks per document (each round plants one of each
/// kind, at different operations).
const ROUNDS: u64 = 3;

struct Doc {
    /// `vendor` for the corpus, `bundled` for the repository's contracts.
    group: String,
    /// As printed: relative to the corpus or the repository.
    name: String,
    path: PathBuf,
}

#[derive(Default)]
struct Tally {
    /// Rewrite → group → documents rewritten and compared.
    rewrites: Counts,
    /// Rewrite → documents it does not apply to.
    skipped: BTreeMap<String, usize>,
    /// Break → group → planted / found.
    planted: Counts,
    found: Counts,
    misses: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (mine, theirs) in [
            (&mut self.rewrites, other.rewrites),
            (&mut self.planted, other.planted),
            (&mut self.found, other.found),
        ] {
            for (row, groups) in theirs {
                for (group, n) in groups {
                    *mine
                        .entry(row.clone())
                        .or_default()
                        .entry(group)
                        .or_default() += n;
                }
            }
        }
        for (name, n) in other.skipped {
            *self.skipped.entry(name).or_default() += n;
        }
        self.misses.extend(other.misses);
    }
}

fn main() {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let mut docs = bundled(scratch.path());
    match corpus::corpus_dir() {
        Some(dir) => docs.extend(real_specs(&dir)),
        None => println!(
            "invariants: ../shared/corpus/real-specs is absent: the bundled contracts only (set ACCORD_CORPUS to run the corpus)"
        ),
    }
    let options = DiffOptions {
        today: Date::parse("2026-06-01").expect("a date"),
        ..DiffOptions::default()
    };
    // Documents are independent: checked on every core, each worker with
    // its own tally, merged after.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut tally = Tally::default();
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(doc) = docs.get(n) else { break };
                        check_document(doc, n, scratch.path(), &options, &mut tally);
                    }
                    tally
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker finished"))
            .collect()
    });
    let mut tally = Tally::default();
    for t in tallies {
        tally.merge(t);
    }
    tally.misses.sort();
    report(&tally, docs.len());
    assert!(
        tally.misses.is_empty(),
        "{} invariant(s) broken:\n{}",
        tally.misses.len(),
        tally.misses.join("\n")
    );
}

/// The repository's OpenAPI contracts, copied with the folder they refer
/// into, so that rewrites sit beside them and their `$ref`s still resolve.
fn bundled(scratch: &Path) -> Vec<Doc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let copy = scratch.join("bundled");
    copy_dir(&root.join("contracts"), &copy.join("contracts"));
    let mut docs: Vec<Doc> = std::fs::read_dir(copy.join("contracts/apis"))
        .expect("contracts/apis")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|path| Doc {
            group: "bundled".to_owned(),
            name: format!(
                "contracts/apis/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            path,
        })
        .collect();
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a scratch folder");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}

fn real_specs(dir: &Path) -> Vec<Doc> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    let mut docs = Vec::new();
    for api in manifest.as_array().expect("a list of APIs") {
        let vendor = api["vendor"].as_str().expect("a vendor");
        for version in api["versions"].as_array().expect("versions") {
            let file = version["file"].as_str().expect("a file");
            docs.push(Doc {
                group: vendor.to_owned(),
                name: file.to_owned(),
                path: dir.join(file),
            });
        }
    }
    docs
}

/// A stable number for a name (FNV-1a), so that each document has its
/// own seed whatever order documents come in.
fn seed(name: &str, salt: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn write(value: &serde_json::Value, yaml: bool, to: &Path) {
    let text = if yaml {
        accord::fixtures::yaml_out::to_yaml(value)
    } else {
        serde_json::to_string_pretty(value).expect("serialises")
    };
    std::fs::write(to, text).expect("written");
}

fn findings(base: &Contract, revision: &Contract, options: &DiffOptions) -> Vec<Finding> {
    compare::contracts(base, revision, Mode::Backward, options).expect("two OpenAPI documents")
}

fn check_document(doc: &Doc, n: usize, scratch: &Path, options: &DiffOptions, tally: &mut Tally) {
    let base = Contract::load(&doc.path).unwrap_or_else(|e| panic!("{}: {e}", doc.name));
    let value = base.root().root.clone();
    let yaml = is_yaml(&doc.path);
    // Rewrites sit beside the original (the bundled contracts refer to
    // their neighbours), or in a folder of their own.
    let dir = if doc.group == "bundled" {
        doc.path.parent().unwrap().to_path_buf()
    } else {
        let dir = scratch.join(format!("doc{n}"));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    };
    let stem = doc.path.file_stem().unwrap().to_string_lossy().into_owned();
    for (index, rewrite) in Rewrite::ALL.into_iter().enumerate() {
        let mut rng = Rng::new(seed(&doc.name, index as u64));
        let Some(rewritten) = rewrite.apply(&value, &mut rng) else {
            *tally.skipped.entry(rewrite.name().to_owned()).or_default() += 1;
            continue;
        };
        let as_yaml = if rewrite == Rewrite::OtherFormat {
            !yaml
        } else {
            yaml
        };
        let ext = if as_yaml { "yaml" } else { "json" };
        let path = dir.join(format!("{stem}.rewrite{index}.{ext}"));
        if rewrite == Rewrite::Identity {
            std::fs::copy(&doc.path, &path).expect("copied");
        } else {
            write(&rewritten, as_yaml, &path);
        }
        let revision = Contract::load(&path).unwrap_or_else(|e| {
            panic!(
                "{} ({}): the rewrite does not load: {e}",
                doc.name,
                rewrite.name()
            )
        });
        // Nothing at any level: the one change a rewrite makes that users
        // may care about is a component's name (SDKs name their types
        // after it), listed at info when it is renamed.
        let expected = |f: &Finding| {
            rewrite == Rewrite::ComponentsRenamed
                && f.rule == "api-schema-removed"
                && f.level == Level::Info
        };
        for f in findings(&base, &revision, options) {
            if !expected(&f) {
                tally.misses.push(format!(
                    "{} ({}): {} {} at {} [{}] {}",
                    doc.name,
                    rewrite.name(),
                    f.level,
                    f.operation.as_deref().unwrap_or("-"),
                    f.location
                        .as_ref()
                        .map(|l| l.pointer.to_string())
                        .unwrap_or_default(),
                    f.rule,
                    f.message
                ));
            }
        }
        *tally
            .rewrites
            .entry(rewrite.name().to_owned())
            .or_default()
            .entry(doc.group.clone())
            .or_default() += 1;
        std::fs::remove_file(&path).ok();
    }
    for round in 0..ROUNDS {
        let mut rng = Rng::new(seed(&doc.name, 100 + round));
        let mut revised = value.clone();
        let mut used = BTreeSet::new();
        let planted: Vec<Planted> = Break::ALL
            .into_iter()
            .filter_map(|kind| rewrite::plant(kind, &value, &mut revised, &mut used, &mut rng))
            .collect();
        if planted.is_empty() {
            continue;
        }
        let path = dir.join(format!(
            "{stem}.planted{round}.{}",
            if yaml { "yaml" } else { "json" }
        ));
        write(&revised, yaml, &path);
        let revision = Contract::load(&path)
            .unwrap_or_else(|e| panic!("{} (planted): does not load: {e}", doc.name));
        let found = findings(&base, &revision, options);
        for p in planted {
            let name = p.kind.name().to_owned();
            *tally
                .planted
                .entry(name.clone())
                .or_default()
                .entry(doc.group.clone())
                .or_default() += 1;
            let hit = found
                .iter()
                .any(|f| f.level == Level::Error && f.operation.as_deref() == Some(&p.operation));
            if hit {
                *tally
                    .found
                    .entry(name)
                    .or_default()
                    .entry(doc.group.clone())
                    .or_default() += 1;
            } else {
                let near: Vec<String> = found
                    .iter()
                    .filter(|f| f.operation.as_deref() == Some(&p.operation))
                    .map(|f| format!("{} [{}]", f.level, f.rule))
                    .collect();
                tally.misses.push(format!(
                    "{} (planted, round {round}): {} at {}: {} — not found as an error (there: {})",
                    doc.name,
                    p.kind.name(),
                    p.operation,
                    p.what,
                    if near.is_empty() {
                        "nothing".to_owned()
                    } else {
                        near.join(", ")
                    }
                ));
            }
        }
        std::fs::remove_file(&path).ok();
    }
}

fn report(tally: &Tally, documents: usize) {
    let groups: BTreeSet<&String> = tally
        .rewrites
        .values()
        .chain(tally.planted.values())
        .flat_map(|g| g.keys())
        .collect();
    let header: Vec<String> = groups.iter().map(|g| format!("{g:>9}")).collect();
    println!("invariants: {documents} documents");
    println!(
        "  {:<34} {} {:>7} {:>8}",
        "meaning-preserving rewrite",
        header.join(""),
        "total",
        "n/a"
    );
    for rewrite in Rewrite::ALL {
        let row = tally.rewrites.get(rewrite.name());
        let cells: Vec<String> = groups
            .iter()
            .map(|g| format!("{:>9}", row.and_then(|r| r.get(*g)).copied().unwrap_or(0)))
            .collect();
        let total: usize = row.map(|r| r.values().sum()).unwrap_or(0);
        let skipped = tally.skipped.get(rewrite.name()).copied().unwrap_or(0);
        println!(
            "  {:<34} {} {total:>7} {skipped:>8}",
            rewrite.name(),
            cells.join("")
        );
    }
    println!(
        "  {:<34} {} {:>7}",
        "planted break (found/planted)",
        header.join(""),
        "total"
    );
    for kind in Break::ALL {
        let planted = tally.planted.get(kind.name());
        let found = tally.found.get(kind.name());
        let cell = |g: &String| {
            let p = planted.and_then(|r| r.get(g)).copied().unwrap_or(0);
            let f = found.and_then(|r| r.get(g)).copied().unwrap_or(0);
            format!("{:>9}", format!("{f}/{p}"))
        };
        let cells: Vec<String> = groups.iter().map(|g| cell(g)).collect();
        let p: usize = planted.map(|r| r.values().sum()).unwrap_or(0);
        let f: usize = found.map(|r| r.values().sum()).unwrap_or(0);
        println!(
            "  {:<34} {} {:>7}",
            kind.name(),
            cells.join(""),
            format!("{f}/{p}")
        );
    }
    println!("invariants: {} miss(es)", tally.misses.len());
}
