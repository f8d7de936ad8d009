//! `accord register`: a new version of a subject, checked against the
//! versions before it under the subject's compatibility mode and the semver
//! policy, then written to the registry branch.

use std::path::{Path, PathBuf};

use git2::Oid;

use super::store::{
    NewVersion, Snapshot, Store, StoreError, StoredVersion, SubjectRecord, Written,
};
use crate::compare;
use crate::config::{Subject, SubjectKind, subject_name_ok};
use crate::diff::{DiffOptions, Mode};
use crate::findings::{Finding, Level, Location, Summary};
use crate::load::{self, Contract, DocId, RefTarget};
use crate::model::mode::CompatMode;
use crate::model::pointer::JsonPointer;
use crate::rules;
use crate::rules::registry::{Bump, Size};

/// Why a registration could not even be judged (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Load(#[from] load::Error),
}

/// What to register.
pub struct Request<'a> {
    pub subject: &'a str,
    pub version: &'a str,
    pub file: &'a Path,
    /// The subject's entry in `accord.yaml`, if it has one.
    pub config: Option<&'a Subject>,
    /// `--mode`: the mode of a subject registered for the first time.
    pub mode: Option<CompatMode>,
    /// `--allow-breaking --reason`: lands what the checks refuse, saying why.
    pub allow_breaking: Option<&'a str>,
    pub options: &'a DiffOptions,
}

/// What came of it.
#[derive(Debug)]
pub enum Outcome {
    /// A new commit and tag on the registry branch.
    Registered {
        tag: String,
        commit: Oid,
        mode: CompatMode,
        first: bool,
        findings: Vec<Finding>,
    },
    /// This version is registered with this content already.
    Unchanged { tag_restored: Option<String> },
    /// The mode or the semver policy forbids it.
    Refused { findings: Vec<Finding> },
}

pub fn register(store: &Store, request: &Request<'_>) -> Result<Outcome, RegisterError> {
    let subject = request.subject;
    if !subject_name_ok(subject) {
        return Err(RegisterError::Input(format!(
            "`{subject}` is not a subject name: letters, digits, `.`, `_` and `-` (it names a git tag)"
        )));
    }
    let version = parse_version(request.version)?;
    // A Pact file is a consumer's expectations: stored as it is, one file,
    // never compared as a schema.
    let document = load::Document::read(request.file)?;
    let (contract, pact) = if crate::usage::looks_like_pact(&document.root) {
        let pact = crate::usage::Pact::from_document(document)
            .map_err(|e| RegisterError::Input(e.to_string()))?;
        (None, Some(pact))
    } else {
        (Some(Contract::load(request.file)?), None)
    };
    let record = store.record(subject)?;
    let kind = request
        .config
        .map(|c| c.kind)
        .or(record.as_ref().map(|r| r.kind))
        .unwrap_or_else(|| match &contract {
            None => SubjectKind::Consumer,
            Some(c) => SubjectKind::of(&c.kind),
        });
    let fits = match &contract {
        None => kind == SubjectKind::Consumer,
        Some(c) => kind != SubjectKind::Consumer && kind.admits(&c.kind),
    };
    if !fits {
        return Err(RegisterError::Input(format!(
            "{}: `{subject}` is a {kind} subject but the file is {}",
            request.file.display(),
            match &contract {
                None => "a Pact file".to_owned(),
                Some(c) => c.kind.describe(),
            }
        )));
    }
    let mode = resolve_mode(subject, kind, request, record.as_ref())?;
    let owner = request.config.and_then(|c| c.owner.clone());
    let snapshot = match (&contract, &pact) {
        (Some(contract), _) => snapshot(contract, store.workdir())?,
        (None, Some(pact)) => one_file(request.file, &pact.document, store.workdir())?,
        (None, None) => return Err(RegisterError::Input("nothing to register".to_owned())),
    };
    let files = store.files_tree(&snapshot)?;

    let versions = store.versions(subject)?;
    if let Some(there) = versions.iter().find(|v| v.version == version) {
        return if there.files == files && there.meta.file == snapshot.root {
            Ok(Outcome::Unchanged {
                tag_restored: store.restore_tag(subject, &version)?,
            })
        } else {
            Err(different_content(
                subject,
                &version,
                &there.meta.file,
                &snapshot.root,
            ))
        };
    }

    let earlier: Vec<&StoredVersion> = versions.iter().filter(|v| v.version < version).collect();
    let mut findings = Vec::new();
    let mut refusing = Vec::new();
    if let (Some(previous), Some(contract)) = (earlier.last(), &contract) {
        let (judged, blocking) = judge(
            store,
            subject,
            contract,
            &version,
            &earlier,
            previous,
            mode,
            request.options,
        )?;
        findings = judged;
        refusing = blocking;
    }
    for finding in findings.iter_mut().chain(refusing.iter_mut()) {
        finding.subject = Some(subject.to_owned());
        finding.owner.clone_from(&owner);
    }
    if !refusing.is_empty() {
        match request.allow_breaking {
            None => {
                refusing.extend(findings);
                return Ok(Outcome::Refused { findings: refusing });
            }
            Some(reason) => {
                for finding in &mut refusing {
                    finding.level = Level::Warning;
                    finding.message = format!("{} (allowed: {reason})", finding.message);
                }
            }
        }
    }
    findings.extend(refusing);

    let record = record.unwrap_or(SubjectRecord {
        kind,
        mode: mode.name().to_owned(),
        owner: owner.clone(),
    });
    let new = NewVersion {
        subject,
        version: &version,
        record: &record,
        snapshot: &snapshot,
        reason: request.allow_breaking,
        findings: Summary::of(&findings),
    };
    match store.write(&new)? {
        Written::Landed { commit, tag } => Ok(Outcome::Registered {
            tag,
            commit,
            mode,
            first: versions.is_empty(),
            findings,
        }),
        Written::AlreadyThere => Ok(Outcome::Unchanged { tag_restored: None }),
        Written::TakenByOther => {
            let root = store
                .versions(subject)?
                .into_iter()
                .find(|v| v.version == version)
                .map(|v| v.meta.file)
                .unwrap_or_default();
            Err(different_content(subject, &version, &root, &snapshot.root))
        }
    }
}

/// The new version against the ones before it. Returns the findings to
/// report and, apart, those that refuse it: breaking findings the mode
/// forbids, and semver findings.
#[allow(clippy::too_many_arguments)]
fn judge(
    store: &Store,
    subject: &str,
    contract: &Contract,
    version: &semver::Version,
    earlier: &[&StoredVersion],
    previous: &StoredVersion,
    mode: CompatMode,
    options: &DiffOptions,
) -> Result<(Vec<Finding>, Vec<Finding>), RegisterError> {
    // What the change is, for semver: judged under the mode's direction
    // (backward when the mode is `none`).
    let direction = mode.direction.unwrap_or(Mode::Backward);
    let base = store.load(subject, previous)?;
    let against_previous = compare::contracts(&base, contract, direction, options)
        .map_err(|e| RegisterError::Input(e.to_string()))?;
    let size = if compare::breaks(&against_previous) {
        Size::Breaking
    } else if against_previous.is_empty() {
        Size::Unchanged
    } else {
        Size::Addition
    };
    let bump = Bump {
        previous: previous.version.clone(),
        version: version.clone(),
        size,
    };
    let mut report = Vec::new();
    let mut refusing = Vec::new();
    let root = Location {
        file: contract.root().display_path(),
        pointer: JsonPointer::root(),
        line: 1,
        column: 1,
    };
    for rule in rules::registry::RULES {
        if let Some(mut finding) = rules::judge_one(&[rule], &bump) {
            finding.location = Some(root.clone());
            refusing.push(finding);
        }
    }
    // The compatibility mode: against the version before, or every one.
    let targets: Vec<&StoredVersion> = match (mode.direction, mode.transitive) {
        (None, _) => Vec::new(),
        (Some(_), false) => vec![previous],
        (Some(_), true) => earlier.to_vec(),
    };
    for target in targets {
        let findings = if target.version == previous.version {
            against_previous.clone()
        } else {
            let base = store.load(subject, target)?;
            compare::contracts(&base, contract, direction, options)
                .map_err(|e| RegisterError::Input(e.to_string()))?
                .into_iter()
                .filter(|f| f.level == Level::Error)
                .map(|mut f| {
                    f.message = format!("against {subject}@{}: {}", target.version, f.message);
                    f
                })
                .collect()
        };
        for mut finding in findings {
            if finding.level < Level::Error {
                report.push(finding);
            } else if line(version) > line(&target.version) {
                // A new major line may break the lines before it: said, not refused.
                finding.level = Level::Warning;
                finding.message = format!(
                    "{} (allowed: {version} starts a new major version)",
                    finding.message
                );
                report.push(finding);
            } else {
                refusing.push(finding);
            }
        }
    }
    if mode.direction.is_none() {
        report.extend(against_previous);
    }
    Ok((report, refusing))
}

/// The release line of a version: its major part, or below 1.0.0 its minor.
fn line(version: &semver::Version) -> (u64, u64) {
    if version.major == 0 {
        (0, version.minor)
    } else {
        (version.major, 0)
    }
}

fn resolve_mode(
    subject: &str,
    kind: SubjectKind,
    request: &Request<'_>,
    record: Option<&SubjectRecord>,
) -> Result<CompatMode, RegisterError> {
    let configured = request.config.and_then(|c| c.mode);
    let stored = record.and_then(|r| CompatMode::parse(&r.mode));
    match (request.mode, configured, stored) {
        (Some(asked), Some(set), _) if asked != set => Err(RegisterError::Input(format!(
            "accord.yaml sets the mode of `{subject}` to `{set}`; `--mode {asked}` would contradict it"
        ))),
        (Some(asked), None, Some(set)) if asked != set => Err(RegisterError::Input(format!(
            "`{subject}` was first registered with mode `{set}`; set `mode: {asked}` for it in accord.yaml to change it"
        ))),
        (asked, configured, stored) => Ok(configured
            .or(stored)
            .or(asked)
            .unwrap_or_else(|| kind.default_mode())),
    }
}

pub fn parse_version(text: &str) -> Result<semver::Version, RegisterError> {
    crate::model::spec::parse_version(text).map_err(RegisterError::Input)
}

fn different_content(
    subject: &str,
    version: &semver::Version,
    stored: &str,
    given: &str,
) -> RegisterError {
    let what = if stored == given {
        format!("with other content in {given} or the files it references")
    } else {
        format!("from {stored}, not {given}")
    };
    RegisterError::Input(format!(
        "{subject}@{version} is registered already, {what}: a registered version never changes; register a new version"
    ))
}

/// The documents the contract is made of (its root and every file its
/// `$ref`s reach), at their paths in the repository.
pub fn snapshot(contract: &Contract, workdir: &Path) -> Result<Snapshot, RegisterError> {
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let mut wanted: Vec<DocId> = vec![DocId(0)];
    let mut at = 0;
    while let Some(&doc) = wanted.get(at) {
        at += 1;
        for (from, target) in contract.refs() {
            if from.doc != doc {
                continue;
            }
            if let RefTarget::Node(to) = target
                && !wanted.contains(&to.doc)
            {
                wanted.push(to.doc);
            }
        }
    }
    let mut snapshot = Snapshot::default();
    for (index, doc) in wanted.into_iter().enumerate() {
        let document = contract.document(doc);
        let relative = in_repository(&document.path, &workdir)?;
        if index == 0 {
            snapshot.root.clone_from(&relative);
        }
        snapshot
            .files
            .insert(relative, document.text.as_bytes().to_vec());
    }
    Ok(snapshot)
}

/// The snapshot of a file stored alone (a Pact file).
fn one_file(
    path: &Path,
    document: &load::Document,
    workdir: &Path,
) -> Result<Snapshot, RegisterError> {
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let root = in_repository(path, &workdir)?;
    let mut snapshot = Snapshot {
        root: root.clone(),
        ..Snapshot::default()
    };
    snapshot
        .files
        .insert(root, document.text.as_bytes().to_vec());
    Ok(snapshot)
}

pub fn in_repository(path: &Path, workdir: &Path) -> Result<String, RegisterError> {
    let absolute: PathBuf = std::fs::canonicalize(path)
        .map_err(|e| RegisterError::Input(format!("{}: {e}", path.display())))?;
    let relative = absolute.strip_prefix(workdir).map_err(|_| {
        RegisterError::Input(format!(
            "{} is outside the repository at {}: a registered contract and the files it references must be in it",
            path.display(),
            workdir.display()
        ))
    })?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}
