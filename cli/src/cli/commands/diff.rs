//! `accord diff BASE REVISION`.

use std::io::Write;

use super::affects::{annotate, subject_of_pair};
use super::contract::load_pair;
use super::registry::config;
use crate::cli::args::DiffArgs;
use crate::cli::{Error, note, warn};
use crate::compare;
use crate::diff::DiffOptions;
use crate::findings::{Level, Outcome};
use crate::load::Contract;
use crate::rules;
use crate::rules::overrides::Overrides;

pub fn run(args: &DiffArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (base, revision) = load_pair(&args.base, &args.revision, &args.registry)?;
    let (base, revision) = (warned(base), warned(revision));
    let options = DiffOptions {
        deprecation_days_beta: args.deprecation_days_beta,
        deprecation_days_stable: args.deprecation_days_stable,
        ..DiffOptions::default()
    };
    let findings = compare::contracts(&base, &revision, args.mode.into(), &options)
        .map_err(|e| Error::Input(e.to_string()))?;
    let mut findings = overrides(args)?.apply(findings);
    for (contract, name) in [(&base, &args.base), (&revision, &args.revision)] {
        if contract.dialect_assumed() {
            note(&format!(
                "note: {name} has no `$schema`: read as {} (--dialect or `schemas.dialect` in accord.yaml says otherwise)",
                contract.kind.describe()
            ));
        }
    }
    // Who uses what changed, where accord.yaml says whose contract it is.
    if let Ok(Some(config)) = config(&args.registry)
        && let Some(subject) = subject_of_pair(&config, &args.base, &args.revision)
    {
        annotate(&config, &subject, &mut findings);
    }
    let outcome = super::finish_pair(
        findings,
        (&args.base, &args.revision),
        [&base, &revision],
        &args.report,
        color,
        out,
    )?;
    Ok(outcome)
}

/// The team's severity levels and ignore lists, from the files named.
fn overrides(args: &DiffArgs) -> Result<Overrides, Error> {
    let mut overrides = Overrides::default();
    let input = |e: crate::rules::overrides::OverrideError| Error::Input(e.to_string());
    if let Some(file) = &args.severity_levels {
        overrides
            .read_levels(file, |id| rules::find(id).is_some())
            .map_err(input)?;
    }
    for (file, level) in [
        (&args.err_ignore, Level::Error),
        (&args.warn_ignore, Level::Warning),
    ] {
        if let Some(file) = file {
            overrides.read_ignores(file, level).map_err(input)?;
        }
    }
    Ok(overrides)
}

fn warned(contract: Contract) -> Contract {
    for warning in &contract.warnings {
        warn(&warning.to_string());
    }
    contract
}
