//! `accord register`, `versions`, `show`, `log`, and what they share with
//! `diff` and `check`: finding the configuration and the registry.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::args::{
    ListFormatArg, LogArgs, RegisterArgs, RegistryArgs, ShowArgs, VersionsArgs,
};
use crate::cli::{Error, note, warn};
use crate::config::{Config, DEFAULT_BRANCH};
use crate::diff::DiffOptions;
use crate::findings::{Level, Outcome, Report};
use crate::model::mode::CompatMode;
use crate::model::spec::{ContractSpec, Wanted};
use crate::registry::register::{self, Outcome as Registered, Request, parse_version};
use crate::registry::store::{Store, StoredVersion, tag_name};
use crate::report::{self, Format};

/// The configuration named by `--config`, or found from the current
/// directory; `None` when there is none.
pub fn config(args: &RegistryArgs) -> Result<Option<Config>, Error> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => Config::find(&cwd()?),
    };
    let Some(path) = path else { return Ok(None) };
    let config = Config::read(&path).map_err(|e| Error::Input(e.to_string()))?;
    for key in &config.unknown_keys {
        warn(&format!(
            "{}: unknown section `{key}` (ignored)",
            config.document.display_path()
        ));
    }
    Ok(Some(config))
}

pub fn cwd() -> Result<PathBuf, Error> {
    std::env::current_dir().map_err(|e| Error::Input(format!("the current directory: {e}")))
}

/// The registry of the repository around the configuration (or the
/// current directory).
pub fn store(args: &RegistryArgs, config: Option<&Config>) -> Result<Store, Error> {
    let branch = args
        .branch
        .clone()
        .or_else(|| config.map(|c| c.branch.clone()))
        .unwrap_or_else(|| DEFAULT_BRANCH.to_owned());
    let dir = match config {
        Some(c) if !c.dir.as_os_str().is_empty() => c.dir.clone(),
        _ => cwd()?,
    };
    Store::open(&dir, &branch).map_err(store_error)
}

pub fn store_error(e: crate::registry::store::StoreError) -> Error {
    match e {
        crate::registry::store::StoreError::Load(e) => e.into(),
        other => Error::Input(other.to_string()),
    }
}

/// The stored version `version` (or the highest) of `subject`.
pub fn find_version(
    store: &Store,
    subject: &str,
    version: &Wanted,
) -> Result<StoredVersion, Error> {
    let versions = store.versions(subject).map_err(store_error)?;
    if versions.is_empty() {
        return Err(Error::Input(format!(
            "`{subject}` has no registered version on the registry branch `{}`",
            store.branch()
        )));
    }
    let found = match version {
        Wanted::Latest => versions.last().cloned(),
        Wanted::Exact(wanted) => versions.iter().find(|v| &v.version == wanted).cloned(),
    };
    found.ok_or_else(|| {
        let known: Vec<String> = versions.iter().map(|v| v.version.to_string()).collect();
        Error::Input(format!(
            "`{subject}@{version}` is not registered (versions: {})",
            known.join(", ")
        ))
    })
}

pub fn register(args: &RegisterArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?
        .with_lock_patience(std::time::Duration::from_secs(args.lock_timeout));
    let mode = args.mode.as_deref().and_then(CompatMode::parse);
    let options = DiffOptions::default();
    let request = Request {
        subject: &args.subject,
        version: &args.version,
        file: &args.file,
        config: config.as_ref().and_then(|c| c.subject(&args.subject)),
        mode,
        allow_breaking: args.reason.as_deref().filter(|_| args.allow_breaking),
        options: &options,
    };
    let mut outcome = register::register(&store, &request).map_err(|e| match e {
        register::RegisterError::Load(e) => Error::Load(e),
        other => Error::Input(other.to_string()),
    })?;
    if let Some(config) = &config
        && let Registered::Registered { findings, .. } | Registered::Refused { findings } =
            &mut outcome
    {
        super::affects::annotate(config, &args.subject, findings);
    }
    let format: Format = args.format.into();
    let show = |findings: Vec<crate::findings::Finding>, out: &mut dyn Write| {
        let report = Report::new(findings, Level::from(args.level));
        report::write(&report, format, &super::style(color, format), out)
    };
    let version = parse_version(&args.version).map_err(|e| Error::Input(e.to_string()))?;
    match outcome {
        Registered::Registered {
            tag,
            commit,
            mode,
            first,
            findings,
        } => {
            show(findings, out)?;
            let short = commit.to_string().chars().take(10).collect::<String>();
            note(&format!(
                "registered {} {version}{} (mode {mode}) on `{}` as {short}, tag {tag}",
                args.subject,
                if first { ", its first version" } else { "" },
                store.branch()
            ));
            Ok(Outcome::Clean)
        }
        Registered::Unchanged { tag_restored } => {
            show(Vec::new(), out)?;
            note(&format!(
                "{} {version} is registered already with this content: nothing to do",
                args.subject
            ));
            if let Some(tag) = tag_restored {
                note(&format!("its missing tag {tag} was restored"));
            }
            Ok(Outcome::Clean)
        }
        Registered::Refused { findings } => {
            show(findings, out)?;
            note(&format!(
                "refused: {} {version} is not registered. Fix the findings above, bump the version as they say, or land it anyway with --allow-breaking --reason \"…\"",
                args.subject
            ));
            Ok(Outcome::Findings)
        }
    }
}

pub fn versions(args: &VersionsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let versions = store.versions(&args.subject).map_err(store_error)?;
    if versions.is_empty() {
        return Err(Error::Input(format!(
            "`{}` has no registered version on the registry branch `{}`",
            args.subject,
            store.branch()
        )));
    }
    match args.format {
        ListFormatArg::Json => {
            let rows: Vec<serde_json::Value> = versions
                .iter()
                .map(|v| {
                    serde_json::json!({
                        "version": v.version.to_string(),
                        "tag": tag_name(&args.subject, &v.version),
                        "commit": store.tagged_commit(&args.subject, &v.version).map(|c| c.to_string()),
                        "file": v.meta.file,
                        "mode": v.meta.mode,
                        "registered_at": v.meta.registered_at,
                        "registered_by": v.meta.registered_by,
                        "reason": v.meta.reason,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormatArg::Text => {
            for v in &versions {
                let mut line = format!(
                    "{:<12} {}  {}  {}",
                    v.version.to_string(),
                    v.meta.registered_at,
                    v.meta.file,
                    v.meta.registered_by
                );
                if let Some(reason) = &v.meta.reason {
                    line.push_str(&format!("  (breaking change allowed: {reason})"));
                }
                writeln!(out, "{}", line.trim_end())?;
            }
        }
    }
    Ok(Outcome::Clean)
}

pub fn show(args: &ShowArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (subject, version) = match ContractSpec::parse(&args.spec) {
        ContractSpec::Registered { subject, version } => (subject, version),
        _ => {
            let expected = format!(
                "`{}`: expected SUBJECT@VERSION (`account@1.2.0`, `account@latest`)",
                args.spec
            );
            // Say what is wrong with the version, when that is what is wrong.
            let why = match args.spec.rsplit_once('@') {
                Some((_, version)) if version != "latest" => {
                    crate::model::spec::parse_version(version).err()
                }
                _ => None,
            };
            return Err(Error::Input(why.unwrap_or(expected)));
        }
    };
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let stored = find_version(&store, &subject, &version)?;
    let contract = store.load(&subject, &stored).map_err(store_error)?;
    out.write_all(contract.root().text.as_bytes())?;
    if !contract.root().text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(Outcome::Clean)
}

pub fn log(args: &LogArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let history = store.history(&args.subject).map_err(store_error)?;
    if history.is_empty() {
        return Err(Error::Input(format!(
            "`{}` has no registered version on the registry branch `{}`",
            args.subject,
            store.branch()
        )));
    }
    for (commit, seconds, author, message) in history {
        let date = crate::model::date::Date::from_days(seconds.div_euclid(86_400));
        writeln!(out, "commit {commit}")?;
        writeln!(out, "Author: {author}")?;
        writeln!(out, "Date:   {date}")?;
        writeln!(out)?;
        for line in message.trim_end().lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(Outcome::Clean)
}
