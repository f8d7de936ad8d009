//! Per-rule cases: `cases/<rule-id>/base.*` → `revision.*`, judged by that
//! rule alone, rendered as users see it (text, every level), and compared
//! with the accepted snapshot kept in the same folder. OpenAPI cases are
//! YAML; JSON Schema cases are JSON and are rendered under each of the
//! three modes (backward, forward, full).

use std::path::{Path, PathBuf};

use accord::diff::Mode;
use accord::diff::{self, DiffOptions, Sides};
use accord::findings::{Level, Report};
use accord::load::Contract;
use accord::model::date::Date;
use accord::report::{self, Format, Style};
use accord::rules::{self, Family, Rule};

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/cases")
        .expect("tests/cases exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn rule(id: &str) -> &'static Rule<accord::diff::Change> {
    rules::compat::openapi::RULES
        .iter()
        .chain(rules::compat::schema::RULES)
        .copied()
        .find(|r| r.meta.id == id)
        .unwrap_or_else(|| panic!("{id} names no rule"))
}

fn render(findings: Vec<accord::findings::Finding>) -> String {
    let report = Report::new(findings, Level::Info);
    let mut out = Vec::new();
    report::write(&report, Format::Text, Style::default(), &mut out).expect("renders");
    String::from_utf8(out).expect("utf-8")
}

/// Runs one case with the rule its folder names; returns the text report.
fn run(dir: &Path) -> String {
    let id = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    let rule = rule(id);
    match rule.meta.family {
        Family::OpenApi => {
            let base = Contract::load(&dir.join("base.yaml")).expect("base loads");
            let revision = Contract::load(&dir.join("revision.yaml")).expect("revision loads");
            // A fixed day, so that sunset dates judge the same every year.
            let options = DiffOptions {
                today: Date::parse("2026-06-01").expect("date"),
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
    }
}

#[test]
fn every_rule_has_a_case_and_every_case_a_rule() {
    let dirs: Vec<String> = case_dirs()
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(str::to_owned))
        .collect();
    for rule in rules::all() {
        assert!(
            dirs.iter().any(|d| d == rule.id),
            "rule {} has no tests/cases/{0}/",
            rule.id
        );
    }
    for dir in &dirs {
        assert!(
            rules::find(dir).is_some(),
            "tests/cases/{dir}/ names no rule"
        );
    }
}

#[test]
fn rule_cases() {
    for dir in case_dirs() {
        let text = run(&dir);
        // Each case has something to flag; its look-alikes must stay quiet,
        // which the reviewed snapshot pins.
        // (Every mode of a JSON Schema case reports the change, at its
        // level for that mode.)
        let empty = text.starts_with("no findings") || text.contains("\nno findings\n");
        assert!(
            !empty,
            "{}: the rule found nothing (in some mode)",
            dir.display()
        );
        insta::with_settings!({
            snapshot_path => std::fs::canonicalize(&dir).expect("case dir"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("case", text);
        });
    }
}
