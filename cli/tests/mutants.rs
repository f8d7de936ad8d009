//! A bounded, seeded mutation test on stable Rust: the bundled contracts and
//! rule cases, mutated by `accord::fuzzing::Mutator` (huge numbers, `$ref`s
//! to anywhere, nesting, damage to the bytes), loaded, compared both ways
//! and linted. Fails on any panic, and on any case that runs longer than
//! `ACCORD_MUTATION_CASE_SECONDS` (10 by default; it runs on an optimised
//! build, and on a debug one only with `ACCORD_MUTATION_DEBUG`, where the
//! default bound is 600 s); an abort fails it too (the
//! process dies). Runs for `ACCORD_MUTATION_SECONDS` (10 by default; `.ci/run`
//! gives it 60) from `ACCORD_MUTATION_SEED` (fixed by default, so a failure
//! reproduces: the message gives the seed and the case, and writes the
//! case's files under `target/mutants/`).

// A test binary of its own (no harness): it reports, and ends the process
// when a case hangs (its thread cannot be stopped).
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use accord::fuzzing::{self, Mutator, SEPARATOR};
use accord::load::Document;
use serde_json::Value;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A seed document: its value and whether it was YAML.
struct Seed {
    value: Value,
    yaml: bool,
}

fn seed(path: &Path) -> Option<Seed> {
    let doc = Document::read(path).ok()?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    Some(Seed {
        value: doc.root,
        yaml,
    })
}

/// Pairs to compare: every rule case's base and revision, and each bundled
/// contract with itself.
fn seeds(root: &Path) -> Vec<(Seed, Seed)> {
    let mut pairs = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("cli/tests/cases"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        for ext in ["yaml", "json"] {
            let (b, r) = (
                dir.join(format!("base.{ext}")),
                dir.join(format!("revision.{ext}")),
            );
            if let (Some(b), Some(r)) = (seed(&b), seed(&r)) {
                pairs.push((b, r));
            }
        }
    }
    for folder in ["contracts/apis", "contracts/canonical", "contracts/events"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            if let (Some(a), Some(b)) = (seed(&file), seed(&file)) {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// One case: what it runs on and how.
#[derive(Clone, Default)]
struct Case {
    index: u64,
    kind: &'static str,
    files: Vec<(String, Vec<u8>)>,
}

fn run(case: &Case) {
    let bytes = |i: usize| case.files.get(i).map_or(&[][..], |(_, b)| b.as_slice());
    match case.kind {
        "diff" => fuzzing::diff_pair(bytes(0), bytes(1)),
        "refs" => {
            let mut joined = Vec::new();
            for (i, (_, b)) in case.files.iter().enumerate() {
                if i > 0 {
                    joined.extend_from_slice(SEPARATOR);
                }
                joined.extend_from_slice(b);
            }
            fuzzing::refs(&joined);
        }
        _ => {
            if let Some((name, b)) = case.files.first() {
                fuzzing::load(name, b);
            }
        }
    }
}

fn main() {
    // The bound per case is about an optimised build; an unoptimised one
    // is 20 to 50 times slower, and its verdict on time would be noise.
    if cfg!(debug_assertions) && std::env::var_os("ACCORD_MUTATION_DEBUG").is_none() {
        println!(
            "mutants: skipped on an unoptimised build (cargo test --release --test mutants runs it; .ci/run does, for 60 s)"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let budget = Duration::from_secs(env_u64("ACCORD_MUTATION_SECONDS", 10));
    // 10 s per case on an optimised build (what `.ci/run` gates on); an
    // unoptimised one (run with ACCORD_MUTATION_DEBUG) gets more.
    let default_case = if cfg!(debug_assertions) { 600 } else { 10 };
    let per_case = Duration::from_secs(env_u64("ACCORD_MUTATION_CASE_SECONDS", default_case));
    let seed = env_u64("ACCORD_MUTATION_SEED", 20_261_206);
    let pairs = seeds(&root);
    assert!(
        pairs.len() > 100,
        "the bundled seeds are there ({} pairs)",
        pairs.len()
    );

    let seed_pairs = pairs.len();
    let current = Arc::new(Mutex::new(Case::default()));
    let started = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let failed: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let clock = Instant::now();
    let counts = Arc::new(AtomicU64::new(0));

    let worker = {
        let (current, started, done, failed, counts) = (
            current.clone(),
            started.clone(),
            done.clone(),
            failed.clone(),
            counts.clone(),
        );
        std::thread::Builder::new()
            .stack_size(accord::load::limits::STACK_BYTES)
            .spawn(move || {
                let mut mutator = Mutator::new(seed);
                let mut index = 0u64;
                while clock.elapsed() < budget {
                    let (a, b) = &pairs[mutator.rng.below(pairs.len())];
                    let kind = match mutator.rng.below(4) {
                        0 => "load",
                        1 => "refs",
                        _ => "diff",
                    };
                    let name = |s: &Seed| if s.yaml { "api.yaml" } else { "api.json" };
                    let files = match kind {
                        "diff" => vec![
                            (name(a).to_owned(), mutator.mutate(&a.value, a.yaml)),
                            (name(b).to_owned(), mutator.mutate(&b.value, b.yaml)),
                        ],
                        "refs" => vec![
                            ("api.yaml".to_owned(), mutator.mutate(&a.value, true)),
                            ("common.json".to_owned(), mutator.mutate(&b.value, false)),
                            ("schemas/a.yaml".to_owned(), mutator.mutate(&a.value, true)),
                        ],
                        _ => vec![(
                            format!("/fuzz/{}", name(a)),
                            mutator.mutate(&a.value, a.yaml),
                        )],
                    };
                    let case = Case { index, kind, files };
                    if let Ok(mut c) = current.lock() {
                        *c = case.clone();
                    }
                    started.store(clock.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
                    let outcome = catch_unwind(AssertUnwindSafe(|| run(&case)));
                    started.store(0, Ordering::SeqCst);
                    if outcome.is_err() {
                        if let Ok(mut f) = failed.lock() {
                            *f = Some(format!("case {index} ({kind}) panicked"));
                        }
                        break;
                    }
                    index += 1;
                    counts.store(index, Ordering::SeqCst);
                }
                done.store(true, Ordering::SeqCst);
            })
            .expect("the worker starts")
    };

    // The watchdog: a case that runs too long fails the test (its thread
    // cannot be stopped, so the process ends here).
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if done.load(Ordering::SeqCst) {
            break;
        }
        let at = started.load(Ordering::SeqCst);
        if at > 0 && clock.elapsed().as_millis() as u64 + 1 - at > per_case.as_millis() as u64 {
            let case = current.lock().map(|c| c.clone()).unwrap_or_default();
            fail(
                &root,
                seed,
                &case,
                &format!("ran longer than {} s", per_case.as_secs()),
            );
        }
    }
    let _ = worker.join();
    let n = counts.load(Ordering::SeqCst);
    if let Some(why) = failed.lock().ok().and_then(|f| f.clone()) {
        let case = current.lock().map(|c| c.clone()).unwrap_or_default();
        fail(&root, seed, &case, &why);
    }
    println!(
        "mutants: {n} cases in {:.1} s from seed {seed} ({} seed pairs), no panic, none over {} s",
        clock.elapsed().as_secs_f64(),
        seed_pairs,
        per_case.as_secs()
    );
}

fn fail(root: &Path, seed: u64, case: &Case, why: &str) -> ! {
    let dir = root
        .join("target/mutants")
        .join(format!("{seed}-{}", case.index));
    let _ = std::fs::create_dir_all(&dir);
    for (i, (name, bytes)) in case.files.iter().enumerate() {
        let name = name.rsplit('/').next().unwrap_or(name);
        let file = dir.join(format!("{i}-{name}"));
        let _ = std::fs::write(file, bytes);
    }
    eprintln!(
        "mutants: {why}: seed {seed}, case {} ({}); its files are in {}",
        case.index,
        case.kind,
        dir.display()
    );
    std::process::exit(1);
}
