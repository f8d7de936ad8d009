//! `accord diff BASE REVISION`.

use std::io::Write;
use std::path::Path;

use super::registry::{load_registered, split_subject_spec};
use crate::cli::args::DiffArgs;
use crate::cli::args::RegistryArgs;
use crate::cli::{Error, warn};
use crate::compare;
use crate::diff::DiffOptions;
use crate::findings::{Level, Outcome};
use crate::load::Contract;
use crate::registry::git;
use crate::rules;
use crate::rules::overrides::Overrides;

pub fn run(args: &DiffArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (base, revision) = load_both(&args.base, &args.revision, &args.registry)?;
    let (base, revision) = (warned(base), warned(revision));
    let options = DiffOptions {
        deprecation_days_beta: args.deprecation_days_beta,
        deprecation_days_stable: args.deprecation_days_stable,
        ..DiffOptions::default()
    };
    let findings = compare::contracts(&base, &revision, args.mode.into(), &options)
        .map_err(|e| Error::Input(e.to_string()))?;
    let findings = overrides(args)?.apply(findings);
    let (_report, outcome) = super::finish(
        findings,
        Vec::new(),
        Some((args.base.clone(), args.revision.clone())),
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

/// Loads BASE and REVISION: files (both at once), `REV:path` specs read
/// from git, or `SUBJECT@VERSION` from the registry.
fn load_both(
    base: &str,
    revision: &str,
    registry: &RegistryArgs,
) -> Result<(Contract, Contract), Error> {
    let plain = |spec: &str| git::split_spec(spec).is_none() && split_subject_spec(spec).is_none();
    if plain(base) && plain(revision) {
        let (b, r) = Contract::load_pair(Path::new(base), Path::new(revision));
        return Ok((b?, r?));
    }
    Ok((load_one(base, registry)?, load_one(revision, registry)?))
}

fn load_one(spec: &str, registry: &RegistryArgs) -> Result<Contract, Error> {
    if let Some((subject, version)) = split_subject_spec(spec) {
        return load_registered(subject, version, registry);
    }
    let Some((rev, path)) = git::split_spec(spec) else {
        return Ok(Contract::load(Path::new(spec))?);
    };
    let cwd = std::env::current_dir().map_err(|e| Error::Input(format!("`{spec}`: {e}")))?;
    let mut tree = git::GitTree::open(&cwd, rev, spec).map_err(git_error)?;
    tree.load(path, &cwd, spec).map_err(git_error)
}

fn git_error(e: git::GitError) -> Error {
    match e {
        git::GitError::Load(e) => e.into(),
        other => Error::Input(other.to_string()),
    }
}

fn warned(contract: Contract) -> Contract {
    for warning in &contract.warnings {
        warn(&warning.to_string());
    }
    contract
}
