//! `accord check`, the pre-merge gate: every governed contract against its
//! version at the merge base of a revision and HEAD (or, without one,
//! against its registered versions), under its subject's mode; then every
//! tenant's overlays and mappings against the current contracts.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::compare;
use crate::config::{Config, Subject, SubjectKind};
use crate::diff::DiffOptions;
use crate::exchange;
use crate::findings::{Finding, Level, Location};
use crate::git::{GitError, MergeBase};
use crate::load::{self, Contract};
use crate::model::mode::CompatMode;
use crate::registry::register::snapshot;
use crate::registry::store::{Store, StoredVersion};
use crate::replay;
use crate::tenants::{self, Tenant, absolute};
use crate::usage::{self, Usage};

fn replay_error(e: exchange::ReplayError) -> CheckError {
    match e {
        exchange::ReplayError::Load(e) => CheckError::Load(e),
        exchange::ReplayError::Input(m) => CheckError::Input(m),
    }
}

/// Why the gate could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error("{0}")]
    Input(String),
}

/// What the gate compares against.
pub enum Against<'a> {
    /// The merge base of this revision and HEAD.
    MergeBase(&'a str),
    /// The registered versions.
    Registry(&'a Store),
}

/// One contract the gate looked at, and what came of it.
#[derive(Debug)]
pub struct Checked {
    pub subject: String,
    pub outcome: &'static str,
}

#[derive(Debug, Default)]
pub struct CheckRun {
    pub findings: Vec<Finding>,
    pub checked: Vec<Checked>,
    pub tenants: usize,
    /// Fixtures validated against the changed contracts.
    pub fixtures: usize,
    /// What the base was, for the summary (`merge base 3f2a1c9 of main`).
    pub base: String,
    /// Consumer interactions verified against the changed contracts.
    pub interactions: usize,
    /// Breaking changes lowered because no known consumer uses them
    /// (`gate: {unused_breaking: …}`).
    pub let_through: usize,
}

/// The subjects the gate governs: `accord.yaml`'s, or without one every
/// OpenAPI and JSON Schema file under `contracts/` (tenant files aside).
pub fn subjects(
    config: Option<&Config>,
    root: &Path,
) -> Result<Vec<(Subject, PathBuf)>, CheckError> {
    if let Some(config) = config {
        return Ok(config
            .subjects
            .iter()
            .map(|s| (s.clone(), config.resolve(&s.file)))
            .collect());
    }
    let tenants = |dir: &Path| dir.file_name().is_some_and(|n| n == "tenants");
    let files = crate::load::files_below(&root.join("contracts"), &tenants);
    let mut out = Vec::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    for file in files {
        // Shown as users name them: relative to where they are.
        let file = file
            .strip_prefix(&cwd)
            .map_or(file.clone(), Path::to_path_buf);
        let contract = Contract::load(&file)?;
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((
            Subject {
                name,
                kind: SubjectKind::of(&contract.kind),
                file: file.clone(),
                owner: None,
                mode: None,
                gate: None,
                dialect: None,
            },
            file,
        ));
    }
    Ok(out)
}

/// Runs the gate. `root`: the repository's work tree.
pub fn run(
    config: Option<&Config>,
    root: &Path,
    against: &Against<'_>,
    options: &DiffOptions,
) -> Result<CheckRun, CheckError> {
    let mut run = CheckRun::default();
    let merge_base = match against {
        Against::MergeBase(rev) => Some(MergeBase::find(root, rev).map_err(CheckError::Input)?),
        Against::Registry(store) => {
            run.base = format!("the registered versions on `{}`", store.branch());
            None
        }
    };
    if let Some(base) = &merge_base {
        run.base.clone_from(&base.described);
    }
    let subjects = subjects(config, root)?;
    let canonical = config.map(crate::lint::canonical).unwrap_or_default();
    let mut current: BTreeMap<String, Contract> = BTreeMap::new();
    for (subject, file) in &subjects {
        let contract = Contract::load(file)?;
        if !subject.kind.admits(&contract.kind) {
            return Err(CheckError::Input(format!(
                "{}: `{}` is a {} subject but the file is {}",
                file.display(),
                subject.name,
                subject.kind,
                contract.kind.describe()
            )));
        }
        let (outcome, mut findings) = match (&merge_base, against) {
            (Some(base), _) => against_merge_base(base, root, subject, file, &contract, options)?,
            (None, Against::Registry(store)) => {
                against_registry(store, subject, &contract, options)?
            }
            (None, Against::MergeBase(_)) => ("not compared", Vec::new()),
        };
        // Governance lint on what changed (and what is new).
        if outcome != "unchanged" {
            let default = crate::config::LintSettings::default();
            let context = crate::lint::Context {
                subject: Some(&subject.name),
                kind: Some(subject.kind),
                settings: config.map_or(&default, |c| &c.lint),
                canonical: &canonical,
            };
            findings.extend(crate::lint::contract(context, &contract));
        }
        for finding in &mut findings {
            finding.subject = Some(subject.name.clone());
            finding.owner.clone_from(&subject.owner);
        }
        run.findings.extend(findings);
        run.checked.push(Checked {
            subject: subject.name.clone(),
            outcome,
        });
        current.insert(subject.name.clone(), contract);
    }
    if let Some(config) = config {
        run.findings.extend(crate::lint::registry(config));
        // Recorded reality against every contract that changed.
        let changed: BTreeSet<String> = run
            .checked
            .iter()
            .filter(|c| c.outcome == "compared")
            .map(|c| c.subject.clone())
            .collect();
        let systems: BTreeSet<String> = config
            .systems
            .iter()
            .filter(|s| changed.contains(&s.contract))
            .map(|s| s.name.clone())
            .collect();
        let fixtures_dir = config.resolve(Path::new("fixtures"));
        if !systems.is_empty() {
            let recorded = if fixtures_dir.is_dir() {
                exchange::read_fixtures(&fixtures_dir).map_err(replay_error)?
            } else {
                Vec::new()
            };
            // Who uses what changed (the fixtures' tenants, the tenants'
            // mappings, the declared consumers), before the fixtures' own
            // findings join.
            let mut usage =
                Usage::from_fixtures(recorded.iter().map(|r| (&r.fixture, &r.document)));
            usage
                .add_mappings(config)
                .and_then(|()| usage.add_consumers(config))
                .map_err(|e| CheckError::Input(e.to_string()))?;
            run.let_through = affects(config, &usage, &mut run.findings);
            // The consumers' expectations against the changed contracts.
            let verified = crate::usage::verify_consumers(config, Some(&systems))
                .map_err(|e| CheckError::Input(e.to_string()))?;
            run.findings.extend(verified.findings);
            run.interactions = verified.checked.len();
            if !recorded.is_empty() {
                let loaded = exchange::Systems::load(config).map_err(replay_error)?;
                run.findings
                    .extend(replay::validate(config, &loaded, &recorded, Some(&systems)));
            }
            run.fixtures = recorded
                .iter()
                .filter(|r| systems.contains(&r.fixture.system))
                .count();
        }
        let contracts = tenants::Contracts {
            config,
            by_subject: &current,
        };
        for entry in &config.tenants {
            let tenant = Tenant::read(&entry.name, &config.resolve(&entry.file))
                .map_err(|e| CheckError::Input(e.to_string()))?;
            run.findings.extend(
                tenants::check(&tenant, &contracts)
                    .map_err(|e| CheckError::Input(e.to_string()))?,
            );
            run.tenants += 1;
        }
    }
    Ok(run)
}

/// Says on each finding of a system's contract who uses what it changes,
/// then lets through, where the subject's `gate` says so, the breaking
/// changes nobody is known to use. Returns how many were.
fn affects(config: &Config, usage: &Usage, findings: &mut [Finding]) -> usize {
    let mut let_through = 0;
    for finding in findings {
        let Some(subject) = finding.subject.clone() else {
            continue;
        };
        usage.annotate(std::slice::from_mut(finding), &config.systems_of(&subject));
        if let Some(level) = config.gate_for(&subject).unused_breaking
            && usage::let_through(finding, level)
        {
            let_through += 1;
        }
    }
    let_through
}

/// The mode a subject is checked under.
fn mode_of(subject: &Subject, store: Option<&Store>) -> CompatMode {
    subject
        .mode
        .or_else(|| {
            store
                .and_then(|s| s.record(&subject.name).ok().flatten())
                .and_then(|r| CompatMode::parse(&r.mode))
        })
        .unwrap_or_else(|| subject.kind.default_mode())
}

fn against_merge_base(
    base: &MergeBase,
    root: &Path,
    subject: &Subject,
    file: &Path,
    contract: &Contract,
    options: &DiffOptions,
) -> Result<(&'static str, Vec<Finding>), CheckError> {
    let mode = mode_of(subject, None);
    let Some(direction) = mode.direction else {
        return Ok(("mode none: not compared", Vec::new()));
    };
    let workdir = absolute(root);
    let relative = match absolute(file).strip_prefix(&workdir) {
        Ok(r) => r.to_path_buf(),
        Err(_) => return Ok(("outside the repository: not compared", Vec::new())),
    };
    let mut git = base.tree(workdir.clone()).map_err(CheckError::Input)?;
    let relative_text = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let base = match git.load(&relative_text, &workdir, &relative_text) {
        Ok(contract) => contract,
        Err(GitError::Missing { .. }) => return Ok(("new", Vec::new())),
        Err(GitError::Load(e)) => return Err(e.into()),
        Err(other) => return Err(CheckError::Input(other.to_string())),
    };
    if same_documents(&base, contract) {
        return Ok(("unchanged", Vec::new()));
    }
    let findings = compare::contracts(&base, contract, direction, options)
        .map_err(|e| CheckError::Input(e.to_string()))?;
    Ok(("compared", relocate(findings, &base, contract)))
}

/// Whether two loads of a contract are made of the same files, byte for
/// byte (a base read from git, a revision from the work tree).
fn same_documents(base: &Contract, revision: &Contract) -> bool {
    let texts = |c: &Contract| -> BTreeMap<PathBuf, String> {
        c.documents()
            .map(|(_, d)| (absolute(&d.path), d.text.clone()))
            .collect()
    };
    texts(base) == texts(revision)
}

fn against_registry(
    store: &Store,
    subject: &Subject,
    contract: &Contract,
    options: &DiffOptions,
) -> Result<(&'static str, Vec<Finding>), CheckError> {
    let versions = store
        .versions(&subject.name)
        .map_err(|e| CheckError::Input(e.to_string()))?;
    let Some(latest) = versions.last() else {
        return Ok(("not registered", Vec::new()));
    };
    let snapshot =
        snapshot(contract, store.workdir()).map_err(|e| CheckError::Input(e.to_string()))?;
    if store.same_files(latest, &snapshot) {
        return Ok(("unchanged", Vec::new()));
    }
    let mode = mode_of(subject, Some(store));
    let Some(direction) = mode.direction else {
        return Ok(("mode none: not compared", Vec::new()));
    };
    let load = |v: &StoredVersion| {
        store
            .load(&subject.name, v)
            .map_err(|e| CheckError::Input(e.to_string()))
    };
    let base = load(latest)?;
    let mut findings = compare::contracts(&base, contract, direction, options)
        .map_err(|e| CheckError::Input(e.to_string()))?;
    findings = relocate(findings, &base, contract);
    if mode.transitive {
        let line = |v: &semver::Version| {
            if v.major == 0 {
                (0, v.minor)
            } else {
                (v.major, 0)
            }
        };
        for earlier in versions.iter().rev().skip(1) {
            if line(&earlier.version) != line(&latest.version) {
                break;
            }
            let base = load(earlier)?;
            let found = compare::contracts(&base, contract, direction, options)
                .map_err(|e| CheckError::Input(e.to_string()))?;
            findings.extend(
                relocate(found, &base, contract)
                    .into_iter()
                    .filter(|f| f.level == Level::Error)
                    .map(|mut f| {
                        f.message = format!(
                            "against {}@{}: {}",
                            subject.name, earlier.version, f.message
                        );
                        f
                    }),
            );
        }
    }
    Ok(("compared", findings))
}

/// Findings placed in the base (a removal) are placed again in the
/// revision's file, at the nearest node that is still there: the line a
/// reviewer sees in the pull request.
fn relocate(findings: Vec<Finding>, base: &Contract, revision: &Contract) -> Vec<Finding> {
    let mut by_label: BTreeMap<String, &load::Document> = BTreeMap::new();
    for (_, base_doc) in base.documents() {
        let wanted = absolute(&base_doc.path);
        if let Some((_, doc)) = revision
            .documents()
            .find(|(_, d)| absolute(&d.path) == wanted)
        {
            by_label.insert(base_doc.display_path(), doc);
        }
    }
    findings
        .into_iter()
        .map(|mut f| {
            if let Some(location) = &f.location
                && let Some(doc) = by_label.get(&location.file)
            {
                f.location = Some(Location::at(doc, location.pointer.clone()));
            }
            f
        })
        .collect()
}
