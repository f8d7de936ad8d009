//! JSON Schema compatibility against six peers' own test suites
//! (../shared/conformance/jsonschema-compat*): accord's backward (and, where
//! a corpus has them, forward) verdicts against the sound verdicts — each
//! corpus label, corrected where the cross-check's hard cases prove it wrong
//! with witness instances, leaving out the cases that depend on whether
//! `format` asserts. Also against Confluent's raw labels.
//!
//! Fails below the floor (above the best peer checker, 90.7%, and 95% of
//! Confluent's raw labels), and when the misses differ from those listed,
//! with reasons, in tests/conformance/jsonschema-misses.md. Skipped, with
//! the reason printed, without ../shared. A plain `main` (harness = false).

#![allow(clippy::print_stdout)]

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/soundness.rs"]
mod soundness;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use accord::load::{Contract, Document};
use accord::model::dialect::Dialect;
use accord::schema::subset::{Checker, Verdict};
use accord::schema::{Schemas, Side};
use serde_json::Value;

const CORPORA: [(&str, &str, Dialect); 6] = [
    ("confluent", "jsonschema-compat", Dialect::Draft7),
    ("apicurio", "jsonschema-compat-apicurio", Dialect::Draft7),
    ("atlassian", "jsonschema-compat-atlassian", Dialect::Draft7),
    ("karapace", "jsonschema-compat-karapace", Dialect::Draft7),
    ("sentry", "jsonschema-compat-sentry", Dialect::Draft7),
    (
        "jsoncompat",
        "jsonschema-compat-jsoncompat",
        Dialect::Draft2020,
    ),
];

/// The best peer's agreement with the sound verdicts (npm json-schema-diff).
const BEST_PEER: f64 = 0.9072;
const CONFLUENT_FLOOR: f64 = 0.95;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Compatible,
    Incompatible,
    CannotTell,
}

impl Outcome {
    /// What the exit code says: "cannot tell" is a warning, not a failure.
    fn compatible(self) -> bool {
        self != Outcome::Incompatible
    }
}

fn contract(name: &str, schema: &Value, dialect: Dialect) -> Contract {
    let bytes = serde_json::to_vec(schema).expect("serialises");
    let doc = Document::parse(PathBuf::from(name), bytes).expect("parses");
    Contract::from_root_with(doc, Some(dialect), &mut accord::load::NoFiles).expect("loads")
}

fn outcome(verdict: &Verdict) -> Outcome {
    match verdict {
        Verdict::Yes => Outcome::Compatible,
        Verdict::No(_) => Outcome::Incompatible,
        Verdict::Unknown(_) => Outcome::CannotTell,
    }
}

/// What accord answered about one case, both ways.
struct Judged {
    backward: Outcome,
    forward: Outcome,
    note: String,
    /// The witnesses of "incompatible" answers (backward, forward).
    witnesses: [Option<Value>; 2],
}

/// Backward (original ⊆ update) and forward (update ⊆ original).
fn judge(original: &Value, update: &Value, dialect: Dialect) -> Judged {
    let a = contract("original.json", original, dialect);
    let b = contract("update.json", update, dialect);
    let schemas = Schemas::new(&a, &b);
    let (root_a, root_b) = (schemas.root(Side::Base), schemas.root(Side::Revision));
    let backward =
        Checker::new(&schemas).subset(std::slice::from_ref(&root_a), std::slice::from_ref(&root_b));
    let forward =
        Checker::new(&schemas).subset(std::slice::from_ref(&root_b), std::slice::from_ref(&root_a));
    let note = match (&backward, &forward) {
        (Verdict::Unknown(w), _) | (_, Verdict::Unknown(w)) => w.clone(),
        (Verdict::No(r), _) => format!("witness {}", r.witness.value()),
        _ => String::new(),
    };
    let witness = |v: &Verdict| match v {
        Verdict::No(r) => Some(r.witness.value()),
        _ => None,
    };
    Judged {
        backward: outcome(&backward),
        forward: outcome(&forward),
        note,
        witnesses: [witness(&backward), witness(&forward)],
    }
}

/// Item 1 of the soundness bar, with the `jsonschema` crate as the judge:
/// every "incompatible" witness is accepted by one side and rejected by
/// the other; no "compatible" answer is contradicted by an instance built
/// around the two schemas or by a witness of any other case. Returns the
/// contradictions and how many instances were tried.
fn soundness(judged: &[(String, Value, Value, Dialect, Judged)]) -> (Vec<String>, usize) {
    let neighbours: Vec<Value> = judged
        .iter()
        .flat_map(|(.., j)| j.witnesses.iter().flatten().cloned())
        .collect();
    let mut wrong = Vec::new();
    let mut tried = 0usize;
    for (name, original, update, dialect, j) in judged {
        let (Some(a), Some(b)) = (
            soundness::independent(*dialect, original, None),
            soundness::independent(*dialect, update, None),
        ) else {
            continue;
        };
        let own = soundness::instances(&[original, update]);
        for (outcome, witness, (base, revision), way) in [
            (j.backward, &j.witnesses[0], (&a, &b), "backward"),
            (j.forward, &j.witnesses[1], (&b, &a), "forward"),
        ] {
            match outcome {
                Outcome::Incompatible => {
                    if let Some(w) = witness {
                        tried += 1;
                        if !base.is_valid(w) || revision.is_valid(w) {
                            wrong.push(format!("{name} {way}: witness {w} does not separate"));
                        }
                    }
                }
                Outcome::Compatible => {
                    tried += own.len() + neighbours.len();
                    if let Some(v) =
                        soundness::counterexample(base, revision, own.iter().chain(&neighbours))
                    {
                        wrong.push(format!("{name} {way}: \"compatible\", but {v} is not"));
                    }
                }
                Outcome::CannotTell => {}
            }
        }
    }
    (wrong, tried)
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(
        &std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Case keys listed in the misses document (`| corpus | id | …`).
fn documented_misses(path: &Path) -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| corpus") && !l.starts_with("|--"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let id = cells.get(2)?.trim_matches('`');
            Some((
                (*cells.get(1)?).to_owned(),
                id.to_owned(),
                (*cells.get(3)?).to_owned(),
            ))
        })
        .collect()
}

fn main() {
    let Some(dir) = corpus::conformance_dir() else {
        println!(
            "conformance: skipped, ../shared/conformance is absent (set ACCORD_CONFORMANCE to run it)"
        );
        return;
    };
    let hard: Vec<Value> = read(&dir.join("jsonschema-compat-crosscheck/hard-cases.json"))
        .as_array()
        .cloned()
        .unwrap_or_default();
    let hard: HashMap<(String, String), Value> = hard
        .into_iter()
        .filter_map(|h| {
            Some((
                (
                    h["corpus"].as_str()?.to_owned(),
                    h["id"].as_str()?.to_owned(),
                ),
                h,
            ))
        })
        .collect();
    let only = std::env::var("ACCORD_CASE").ok();

    // (corpus) → [agree, total] for sound backward, forward; raw labels.
    let mut sound: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    let mut sound_fwd: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    let mut raw: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    let mut cannot_tell = 0usize;
    let mut misses: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut miss_lines: Vec<String> = Vec::new();
    let mut all_judged = Vec::new();
    for (corpus, folder, dialect) in CORPORA {
        let cases = read(&dir.join(folder).join("cases.json"));
        for case in cases["cases"].as_array().into_iter().flatten() {
            let id = case["id"].as_str().unwrap_or_default().to_owned();
            if only.as_ref().is_some_and(|o| *o != id) {
                continue;
            }
            let judged = judge(&case["original_schema"], &case["update_schema"], dialect);
            let (backward, forward, note) = (judged.backward, judged.forward, judged.note.clone());
            all_judged.push((
                format!("{corpus} {id}"),
                case["original_schema"].clone(),
                case["update_schema"].clone(),
                dialect,
                judged,
            ));
            if backward == Outcome::CannotTell {
                cannot_tell += 1;
                if std::env::var_os("ACCORD_CONFORMANCE_VERBOSE").is_some() {
                    println!("  cannot tell: {corpus} {id}: {note}");
                }
            }
            let label = case["compatible"].as_bool();
            let hard_case = hard.get(&(corpus.to_owned(), id.clone()));
            let expected = match hard_case {
                Some(h) => h["sound_backward"].as_bool(),
                None => label,
            };
            if let Some(label) = label {
                let slot = raw.entry(corpus).or_default();
                slot[1] += 1;
                if backward.compatible() == label {
                    slot[0] += 1;
                }
            }
            if let Some(expected) = expected {
                let slot = sound.entry(corpus).or_default();
                slot[1] += 1;
                if backward.compatible() == expected {
                    slot[0] += 1;
                } else {
                    misses.insert((corpus.to_owned(), id.clone(), "backward".to_owned()));
                    miss_lines.push(format!(
                        "{corpus} {id} backward: expected {expected}, accord {backward:?} {note}"
                    ));
                }
            }
            let forward_label = case["compatible_forward"].as_bool();
            let forward_expected = match hard_case {
                Some(h) if !h["sound_forward"].is_null() => h["sound_forward"].as_bool(),
                Some(h) if h["sound_backward"].is_null() => None,
                _ => forward_label,
            };
            if let Some(expected) = forward_expected {
                let slot = sound_fwd.entry(corpus).or_default();
                slot[1] += 1;
                if forward.compatible() == expected {
                    slot[0] += 1;
                } else {
                    misses.insert((corpus.to_owned(), id.clone(), "forward".to_owned()));
                    miss_lines.push(format!(
                        "{corpus} {id} forward: expected {expected}, accord {forward:?} {note}"
                    ));
                }
            }
        }
    }
    let total =
        |m: &BTreeMap<&str, [usize; 2]>| m.values().fold([0, 0], |a, b| [a[0] + b[0], a[1] + b[1]]);
    let pct = |x: [usize; 2]| {
        if x[1] == 0 {
            0.0
        } else {
            x[0] as f64 / x[1] as f64
        }
    };
    println!("conformance: JSON Schema compatibility, accord against the sound verdicts");
    println!(
        "{:<12} {:>16} {:>16} {:>18}",
        "corpus", "backward", "forward", "raw label (bwd)"
    );
    for (corpus, _, _) in CORPORA {
        let cell = |m: &BTreeMap<&str, [usize; 2]>| {
            m.get(corpus).map_or("-".to_owned(), |x| {
                format!("{}/{} {:.1}%", x[0], x[1], 100.0 * pct(*x))
            })
        };
        println!(
            "{:<12} {:>16} {:>16} {:>18}",
            corpus,
            cell(&sound),
            cell(&sound_fwd),
            cell(&raw)
        );
    }
    let (all, fwd, all_raw) = (total(&sound), total(&sound_fwd), total(&raw));
    println!(
        "{:<12} {:>16} {:>16} {:>18}",
        "all",
        format!("{}/{} {:.1}%", all[0], all[1], 100.0 * pct(all)),
        format!("{}/{} {:.1}%", fwd[0], fwd[1], 100.0 * pct(fwd)),
        format!("{}/{} {:.1}%", all_raw[0], all_raw[1], 100.0 * pct(all_raw))
    );
    println!(
        "cannot tell (backward): {cannot_tell}; best peer on the sound verdicts: {:.1}%",
        100.0 * BEST_PEER
    );
    if std::env::var_os("ACCORD_CONFORMANCE_VERBOSE").is_some() || only.is_some() {
        for line in &miss_lines {
            println!("  miss: {line}");
        }
    }
    if only.is_some() {
        return;
    }
    let confluent = raw.get("confluent").copied().unwrap_or([0, 1]);
    let mut failed = Vec::new();
    if pct(all) <= BEST_PEER {
        failed.push(format!(
            "sound agreement {:.1}% is not above the best peer's {:.1}%",
            100.0 * pct(all),
            100.0 * BEST_PEER
        ));
    }
    if pct(confluent) < CONFLUENT_FLOOR {
        failed.push(format!(
            "Confluent raw agreement {:.1}% is below {:.0}%",
            100.0 * pct(confluent),
            100.0 * CONFLUENT_FLOOR
        ));
    }
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/jsonschema-misses.md");
    let documented = documented_misses(&doc);
    let new: Vec<_> = misses.difference(&documented).collect();
    let fixed: Vec<_> = documented.difference(&misses).collect();
    for (c, id, dir) in &new {
        failed.push(format!(
            "miss not listed in {}: {c} {id} ({dir})",
            doc.display()
        ));
    }
    for (c, id, dir) in &fixed {
        failed.push(format!(
            "listed miss now agrees (remove it from the list): {c} {id} ({dir})"
        ));
    }
    let (unsound, tried) = soundness(&all_judged);
    println!(
        "soundness: {tried} instance checks with the jsonschema crate over {} cases (both ways), {} contradictions",
        all_judged.len(),
        unsound.len()
    );
    for line in &unsound {
        failed.push(format!("unsound: {line}"));
    }
    if !failed.is_empty() {
        for line in &miss_lines {
            println!("  miss: {line}");
        }
        for f in &failed {
            println!("conformance: FAIL: {f}");
        }
        std::process::exit(1);
    }
    println!(
        "conformance: every miss is listed with its reason in tests/conformance/jsonschema-misses.md"
    );
}
