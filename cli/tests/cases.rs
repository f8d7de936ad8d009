//! Per-rule cases: `cases/<rule>/base.*` → `revision.*`, judged by that
//! rule alone, rendered as users see it (the text report, every level,
//! and the JSON pointer of each finding, which the text does not show),
//! and compared with the accepted snapshot kept in the same folder.
//! OpenAPI cases are YAML; a rule with one id per place (`max-length`) has
//! one case that makes every one of its ids fire. JSON Schema cases are
//! JSON and are rendered under each of the three modes (backward, forward,
//! full).
//!
//! Each case is a test of its own, named by its folder:
//! `cargo test --test cases -- --list`, and one alone with
//! `cargo test --test cases -- any-of --exact`.

use std::path::{Path, PathBuf};

use accord::diff::Mode;
use accord::diff::{self, DiffOptions, Sides};
use accord::findings::{Level, Report};
use accord::load::Contract;
use accord::model::date::Date;
use accord::report::{self, Format, Style};
use accord::rules::{self, Family, Rule};
use libtest_mimic::{Arguments, Failed, Trial};

#[path = "common/project.rs"]
mod project;
#[path = "common/repo.rs"]
mod repo;

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/cases")
        .expect("tests/cases exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn all_rules() -> impl Iterator<Item = &'static Rule<accord::diff::Change>> {
    rules::compat::openapi::RULES
        .iter()
        .chain(rules::compat::schema::RULES)
        .copied()
}

fn rule(name: &str) -> &'static Rule<accord::diff::Change> {
    all_rules()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} names no rule"))
}

/// The text report, then each finding's rule and JSON pointer as the JSON
/// report gives them (the one thing it adds to the text for a case).
fn render(findings: Vec<accord::findings::Finding>) -> String {
    let report = Report::new(findings, Level::Info);
    let mut out = Vec::new();
    report::write(&report, Format::Text, &Style::default(), &mut out).expect("renders");
    let mut text = String::from_utf8(out).expect("utf-8");
    let mut json = Vec::new();
    report::write(&report, Format::Json, &Style::default(), &mut json).expect("renders");
    let json: serde_json::Value = serde_json::from_slice(&json).expect("the JSON report parses");
    let listed = json["findings"].as_array().expect("findings");
    assert_eq!(
        listed.len(),
        report.findings.len(),
        "the JSON lists every finding"
    );
    if !listed.is_empty() {
        text.push_str("pointers:\n");
        for finding in listed {
            let rule = finding["rule"].as_str().expect("rule");
            let pointer = match finding["location"]["pointer"].as_str() {
                Some("") => "(the root)",
                Some(pointer) => pointer,
                None => "(none)",
            };
            text.push_str(&format!("  {rule} {pointer}\n"));
        }
    }
    text
}

/// The governance rules: a case is `contract.yaml` (with `lint.json`
/// settings where the rule needs a convention), or `accord.yaml`.
fn lint_names() -> Vec<&'static str> {
    rules::lint::RULES.iter().map(|r| r.name).collect()
}

fn run_lint(dir: &Path, id: &str) -> String {
    let findings = if dir.join("accord.yaml").exists() {
        let config = accord::config::Config::read(&dir.join("accord.yaml")).expect("accord.yaml");
        accord::lint::all(&config).expect("the registry loads")
    } else {
        let contract = Contract::load(&dir.join("contract.yaml")).expect("contract loads");
        let settings: serde_json::Value = std::fs::read(dir.join("lint.json"))
            .map(|b| serde_json::from_slice(&b).expect("lint.json is JSON"))
            .unwrap_or_default();
        let settings = accord::config::LintSettings {
            idempotency_key: settings["idempotency_key"].as_str().map(str::to_owned),
            correlation_id: settings["correlation_id"].as_str().map(str::to_owned),
            rate_limited: settings["rate_limited"].as_bool().unwrap_or(false),
            tenant: serde_json::from_value(settings["tenant"].clone()).ok(),
            api_version: serde_json::from_value(settings["api_version"].clone()).ok(),
            property_case: settings["property_case"].as_str().map(str::to_owned),
            ..Default::default()
        };
        accord::lint::contract(accord::lint::Context::alone(&settings), &contract)
    };
    // The case's rule alone: the contract is governed but for it.
    let (mine, others): (Vec<_>, Vec<_>) = findings.into_iter().partition(|f| f.rule == id);
    assert!(
        others.is_empty(),
        "{}: other rules fire: {others:#?}",
        dir.display()
    );
    render(mine)
}

/// Runs one case with the rule its folder names; returns the text report.
fn run(dir: &Path) -> String {
    let id = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    if lint_names().contains(&id) {
        return run_lint(dir, id);
    }
    let rule = rule(id);
    match rule.family() {
        Family::OpenApi => {
            let base = Contract::load(&dir.join("base.yaml")).expect("base loads");
            let revision = Contract::load(&dir.join("revision.yaml")).expect("revision loads");
            // A fixed day, so that sunset dates judge the same every year;
            // `options.json` sets a deprecation policy.
            let policy: serde_json::Value = std::fs::read(dir.join("options.json"))
                .map(|b| serde_json::from_slice(&b).expect("options.json is JSON"))
                .unwrap_or_default();
            let days = |key: &str| policy[key].as_u64().map_or(0, |d| d as u32);
            let options = DiffOptions {
                today: Date::parse("2026-06-01").expect("date"),
                deprecation_days_beta: days("deprecation_days_beta"),
                deprecation_days_stable: days("deprecation_days_stable"),
            };
            let changes = diff::openapi(&base, &revision, &options);
            render(rules::judge(
                &[rule],
                &changes,
                Sides {
                    base: &base,
                    revision: &revision,
                },
            ))
        }
        Family::Schema => {
            let base = Contract::load(&dir.join("base.json")).expect("base loads");
            let revision = Contract::load(&dir.join("revision.json")).expect("revision loads");
            let sides = Sides {
                base: &base,
                revision: &revision,
            };
            let mut text = String::new();
            for (name, mode) in [
                ("backward", Mode::Backward),
                ("forward", Mode::Forward),
                ("full", Mode::Full),
            ] {
                let changes = diff::jsonschema(&base, &revision, mode);
                text += &format!(
                    "--- mode {name}\n{}",
                    render(rules::judge(&[rule], &changes, sides))
                );
            }
            text
        }
        other => panic!("{other:?} rules are judged by end-to-end tests, not cases"),
    }
}

fn every_rule_has_a_case_and_every_case_a_rule() -> Result<(), Failed> {
    let dirs: Vec<String> = case_dirs()
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(str::to_owned))
        .collect();
    let names: Vec<&str> = all_rules()
        .map(|r| r.name)
        .chain(lint_names())
        .chain(project_rules().map(|(name, _)| name))
        .collect();
    let mut wrong = Vec::new();
    for name in &names {
        if !dirs.iter().any(|d| d == name) {
            wrong.push(format!("rule {name} has no tests/cases/{name}/"));
        }
    }
    // Every id of every family belongs to a rule with a case: a family
    // the lists above forget fails here.
    let covered: Vec<&str> = all_rules()
        .flat_map(|r| r.ids.iter().map(|m| m.id))
        .chain(lint_names())
        .chain(project_rules().flat_map(|(_, ids)| ids))
        .collect();
    for meta in rules::all() {
        if !covered.contains(&meta.id) {
            wrong.push(format!(
                "{} ({}) has no case",
                meta.id,
                meta.family.as_str()
            ));
        }
    }
    for dir in &dirs {
        if !names.contains(&dir.as_str()) {
            wrong.push(format!("tests/cases/{dir}/ names no rule"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n").into())
    }
}

/// The rules judged over a whole project, by name, with their ids.
fn project_rules() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    fn named<I>(
        rules: &'static [&'static Rule<I>],
    ) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
        rules
            .iter()
            .map(|r| (r.name, r.ids.iter().map(|m| m.id).collect()))
    }
    named(rules::fixture::RULES)
        .chain(named(rules::consumer::RULES))
        .chain(named(rules::drift::RULES))
        .chain(named(rules::tenant::RULES))
        .chain(named(rules::registry::RULES))
}

/// A project case (`case.yaml`, see `common/project.rs`): every id of its
/// rule fires, nothing else does but what it lets (`also`), and the
/// report is the accepted snapshot.
fn project_case(dir: &Path, ids: &[&str]) -> Result<(), Failed> {
    let case = project::Case::read(dir)?;
    let (fired, text) = case.run(dir)?;
    let mut wrong = Vec::new();
    for id in ids {
        if !fired.iter().any(|f| f == id) {
            wrong.push(format!("{id} never fires"));
        }
    }
    for rule in &fired {
        if !ids.contains(&rule.as_str()) && !case.also().contains(rule) {
            wrong.push(format!(
                "{rule} fires too (list it under `also` if it must)"
            ));
        }
    }
    if !wrong.is_empty() {
        return Err(format!("{}: {}\n{text}", dir.display(), wrong.join("; ")).into());
    }
    insta::with_settings!({
        snapshot_path => std::fs::canonicalize(dir).expect("case dir"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("case", text);
    });
    Ok(())
}

/// One case: its rule fires (at every id, in every mode), its look-alikes
/// stay quiet (which the reviewed snapshot pins).
fn rule_case(dir: &Path) -> Result<(), Failed> {
    let text = run(dir);
    let mut silent = Vec::new();
    let empty = text.starts_with("no findings") || text.contains("\nno findings\n");
    if empty {
        silent.push("the rule found nothing (in some mode)".to_owned());
    }
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    let ids: Vec<&str> = if lint_names().contains(&name) {
        vec![name]
    } else {
        rule(name).ids.iter().map(|m| m.id).collect()
    };
    for id in ids {
        if !text.contains(&format!("[{id}]")) {
            silent.push(format!("{id} never fires"));
        }
    }
    insta::with_settings!({
        snapshot_path => std::fs::canonicalize(dir).expect("case dir"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("case", text);
    });
    if silent.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", dir.display(), silent.join("; ")).into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = vec![Trial::test(
        "every_rule_has_a_case_and_every_case_a_rule",
        every_rule_has_a_case_and_every_case_a_rule,
    )];
    for dir in case_dirs() {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_owned();
        match project_rules().find(|(rule, _)| *rule == name) {
            Some((_, ids)) => trials.push(Trial::test(name, move || project_case(&dir, &ids))),
            None => trials.push(Trial::test(name, move || rule_case(&dir))),
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
