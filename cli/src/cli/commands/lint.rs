//! `accord lint [PATH…]`.

use std::io::Write;

use super::registry::config;
use crate::cli::Error;
use crate::cli::args::LintArgs;
use crate::config::LintSettings;
use crate::findings::Outcome;
use crate::load::Contract;

pub fn run(args: &LintArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = config(&args.registry)?;
    let (findings, checked) = if args.paths.is_empty() {
        let Some(config) = &config else {
            return Err(Error::Input(
                "lint needs contract files, or accord.yaml to name them".to_owned(),
            ));
        };
        let findings = crate::lint::all(config)?;
        let checked = config.subjects.iter().map(|s| s.name.clone()).collect();
        (findings, checked)
    } else {
        let default = LintSettings::default();
        let settings = config.as_ref().map_or(&default, |c| &c.lint);
        let canonical = config
            .as_ref()
            .map(crate::lint::canonical)
            .unwrap_or_default();
        let mut findings = Vec::new();
        let mut checked = Vec::new();
        for path in &args.paths {
            let contract = Contract::load(path)?;
            // A file of accord.yaml lints as its subject (its exceptions apply).
            let wanted = std::fs::canonicalize(path).ok();
            let subject = config.as_ref().and_then(|c| {
                c.subjects
                    .iter()
                    .find(|s| std::fs::canonicalize(c.resolve(&s.file)).ok() == wanted)
            });
            let context = crate::lint::Context {
                subject: subject.map(|s| s.name.as_str()),
                kind: subject.map(|s| s.kind),
                settings,
                canonical: &canonical,
            };
            let mut found = crate::lint::contract(context, &contract);
            for f in &mut found {
                f.owner = subject.and_then(|s| s.owner.clone());
            }
            findings.extend(found);
            checked.push(contract.root().display_path());
        }
        (findings, checked)
    };
    let (_, outcome) = super::finish(findings, checked, None, &args.report, color, out)?;
    Ok(outcome)
}
