//! `accord impact BASE REVISION`: a vendor's new version against the one
//! the organisation uses — only the changes that reach what its fixtures,
//! tenant mappings and consumers use, grouped by whom, everything else
//! counted.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use super::affects::subject_of_pair;
use super::contract::load_pair;
use super::registry::config;
use crate::cli::args::ImpactArgs;
use crate::cli::{Error, note};
use crate::compare;
use crate::diff::DiffOptions;
use crate::findings::{Counts, Finding, Level, Outcome};
use crate::model::mode::Mode;
use crate::report::affects::counts_text;
use crate::usage::Usage;

pub fn run(args: &ImpactArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (usage, systems) = usage(args)?;
    let (base, revision) = load_pair(&args.base, &args.revision, &args.registry)?;
    let mut findings =
        compare::contracts(&base, &revision, Mode::Backward, &DiffOptions::default())
            .map_err(|e| Error::Input(e.to_string()))?;
    let systems: Vec<&str> = systems.iter().map(String::as_str).collect();
    usage.annotate(&mut findings, &systems);
    if findings.iter().all(|f| f.affects.is_none()) && !findings.is_empty() {
        return Err(Error::Input(format!(
            "nothing is known of the use of {}: the fixtures record none of its operations",
            systems.join(", ")
        )));
    }
    // Each finding's change (a finding without one is a change of its own).
    let keys: Vec<String> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| f.change.clone().unwrap_or_else(|| format!("#{i}")))
        .collect();
    let all = by_change(keys.iter().zip(&findings));
    let reached = by_change(keys.iter().zip(&findings).filter(|(_, f)| reaches(f)));
    let left: HashMap<&str, Level> = all
        .iter()
        .filter(|(k, _)| !reached.contains_key(*k))
        .map(|(k, l)| (*k, *l))
        .collect();
    let (reached, left, total) = (counts(&reached), counts(&left), all.len());
    let reaching: Vec<Finding> = findings.into_iter().filter(reaches).collect();
    let outcome = super::finish_pair(
        reaching,
        (&args.base, &args.revision),
        [&base, &revision],
        &args.report,
        color,
        out,
    )?;
    note(&format!(
        "{} of {} changes reach what you use{}; the other {} reach nothing your fixtures, mappings or consumers show{}",
        reached.total(),
        total,
        match counts_text(&reached).as_str() {
            "" => String::new(),
            text => format!(" ({text})"),
        },
        left.total(),
        match counts_text(&left).as_str() {
            "" => String::new(),
            text => format!(" ({text})"),
        },
    ));
    Ok(outcome)
}

fn reaches(f: &Finding) -> bool {
    f.affects.as_ref().is_some_and(|a| !a.is_empty())
}

/// Each change once, at the highest level of its places.
fn by_change<'f>(
    findings: impl Iterator<Item = (&'f String, &'f Finding)>,
) -> HashMap<&'f str, Level> {
    let mut out: HashMap<&str, Level> = HashMap::new();
    for (key, f) in findings {
        let level = out.entry(key.as_str()).or_insert(f.level);
        *level = (*level).max(f.level);
    }
    out
}

fn counts(changes: &HashMap<&str, Level>) -> Counts {
    let mut counts = Counts::default();
    for level in changes.values() {
        match level {
            Level::Error => counts.error += 1,
            Level::Warning => counts.warning += 1,
            Level::Info => counts.info += 1,
        }
    }
    counts
}

/// What is known of use, and of which systems: the fixtures named, or the
/// repository's usage of the systems whose contract the revision is.
fn usage(args: &ImpactArgs) -> Result<(Usage, Vec<String>), Error> {
    if let Some(dir) = &args.fixtures {
        let all = crate::fixtures::read_all(dir).map_err(|e| Error::Input(e.to_string()))?;
        let systems: BTreeSet<String> = match &args.system {
            Some(system) => BTreeSet::from([system.clone()]),
            None => all.iter().map(|(f, _)| f.system.clone()).collect(),
        };
        let usage = Usage::from_fixtures(
            all.iter()
                .filter(|(f, _)| systems.contains(&f.system))
                .map(|(f, d)| (f, d)),
        );
        return Ok((usage, systems.into_iter().collect()));
    }
    let config = config(&args.registry)?.ok_or_else(unknown)?;
    let subject = subject_of_pair(&config, &args.base, &args.revision).ok_or_else(unknown)?;
    let systems: Vec<String> = match &args.system {
        Some(system) => vec![system.clone()],
        None => config
            .systems_of(&subject)
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    if systems.is_empty() {
        return Err(unknown());
    }
    let usage = Usage::of_repository(&config).map_err(|e| Error::Input(e.to_string()))?;
    Ok((usage, systems))
}

fn unknown() -> Error {
    Error::Input(
        "impact needs to know what you use: give --fixtures DIR (and --system), or run it in a registry whose accord.yaml names the contract as a system's"
            .to_owned(),
    )
}
