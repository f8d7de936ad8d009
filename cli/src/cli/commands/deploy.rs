//! `accord record-deployment` and `accord can-i-deploy`: which registered
//! versions run where, and whether a provider version satisfies every
//! consumer version that runs in an environment.

use std::io::Write;

use super::registry::{config, find_version, store, store_error};
use crate::cli::args::{CanIDeployArgs, MatrixFormatArg, RecordDeploymentArgs};
use crate::cli::{Error, note};
use crate::config::SubjectKind;
use crate::findings::{Finding, Outcome};
use crate::model::spec::{Wanted, parse_version};
use crate::registry::store::environment_name_ok;
use crate::usage::{Pact, Provider, verify_pact};

fn environment(name: &str) -> Result<(), Error> {
    if environment_name_ok(name) {
        Ok(())
    } else {
        Err(Error::Input(format!(
            "`{name}` is not an environment name: letters, digits, `-` and `_`"
        )))
    }
}

/// `accord record-deployment --subject S --version V --env ENV`.
pub fn record(args: &RecordDeploymentArgs) -> Result<Outcome, Error> {
    environment(&args.env)?;
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let version = parse_version(&args.version).map_err(|e| Error::Input(e.to_string()))?;
    // Only a registered version can be recorded as deployed.
    find_version(&store, &args.subject, &Wanted::Exact(version.clone()))?;
    let commit = store
        .record_deployment(&args.env, &args.subject, &version)
        .map_err(store_error)?;
    let short: String = commit.to_string().chars().take(10).collect();
    note(&format!(
        "recorded {} {version} as deployed to {} on `{}` as {short}",
        args.subject,
        args.env,
        store.branch()
    ));
    Ok(Outcome::Clean)
}

/// One consumer version against the provider version.
struct Row {
    consumer: String,
    version: String,
    findings: Vec<Finding>,
}

/// `accord can-i-deploy --subject S --version V [--to ENV]`.
pub fn can_i_deploy(args: &CanIDeployArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(env) = &args.to {
        environment(env)?;
    }
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let version = parse_version(&args.version).map_err(|e| Error::Input(e.to_string()))?;
    let stored = find_version(&store, &args.subject, &Wanted::Exact(version.clone()))?;
    let contract = store.load(&args.subject, &stored).map_err(store_error)?;
    // The names a Pact gives this provider: its systems', and its own.
    let mut names: Vec<String> = config
        .as_ref()
        .map(|c| {
            c.systems_of(&args.subject)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    names.push(args.subject.clone());
    // The consumer versions to satisfy.
    let mut wanted: Vec<(String, semver::Version)> = Vec::new();
    let consumer = |subject: &str| {
        store
            .record(subject)
            .ok()
            .flatten()
            .is_some_and(|r| r.kind == SubjectKind::Consumer)
    };
    match &args.to {
        Some(env) => {
            for (subject, deployed) in store.deployments(env).map_err(store_error)? {
                if consumer(&subject)
                    && let Ok(v) = semver::Version::parse(&deployed.version)
                {
                    wanted.push((subject, v));
                }
            }
        }
        None => {
            for subject in store.subjects().map_err(store_error)? {
                if consumer(&subject)
                    && let Some(latest) = store.versions(&subject).map_err(store_error)?.pop()
                {
                    wanted.push((subject, latest.version));
                }
            }
        }
    }
    let owner = config
        .as_ref()
        .and_then(|c| c.subject(&args.subject))
        .and_then(|s| s.owner.clone());
    let provider = Provider {
        subject: &args.subject,
        owner: owner.as_deref(),
        contract: &contract,
    };
    let mut rows = Vec::new();
    for (subject, v) in wanted {
        let stored = find_version(&store, &subject, &Wanted::Exact(v.clone()))?;
        let document = store.document(&subject, &stored).map_err(store_error)?;
        let pact = Pact::from_document(document).map_err(|e| Error::Input(e.to_string()))?;
        // A consumer of another provider is not this deployment's concern.
        if pact.provider.as_ref().is_some_and(|p| !names.contains(p)) {
            continue;
        }
        rows.push(Row {
            findings: verify_pact(&provider, &subject, &pact),
            consumer: subject,
            version: v.to_string(),
        });
    }
    write_matrix(args, &version, &rows, out)?;
    let blocked = rows.iter().filter(|r| !r.findings.is_empty()).count();
    note(&format!(
        "{} {version} {} {}: {} consumer versions checked, {blocked} not satisfied",
        args.subject,
        if blocked == 0 {
            "can be deployed"
        } else {
            "cannot be deployed"
        },
        args.to.as_deref().map_or_else(
            || "(against every consumer's latest version)".to_owned(),
            |e| format!("to {e}")
        ),
        rows.len()
    ));
    Ok(if blocked == 0 {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn write_matrix(
    args: &CanIDeployArgs,
    version: &semver::Version,
    rows: &[Row],
    out: &mut dyn Write,
) -> Result<(), Error> {
    let env = args.to.as_deref().unwrap_or("latest");
    let reasons = |r: &Row| -> Vec<String> {
        r.findings
            .iter()
            .map(|f| {
                let at = f
                    .location
                    .as_ref()
                    .map(|l| format!("{}:{}: ", l.file, l.line))
                    .unwrap_or_default();
                format!("{at}{} [{}]", f.message, f.rule)
            })
            .collect()
    };
    match args.format {
        MatrixFormatArg::Json => {
            let matrix: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "consumer": r.consumer,
                        "version": r.version,
                        "ok": r.findings.is_empty(),
                        "findings": r.findings,
                    })
                })
                .collect();
            let json = serde_json::json!({
                "provider": args.subject,
                "version": version.to_string(),
                "environment": args.to,
                "deployable": rows.iter().all(|r| r.findings.is_empty()),
                "matrix": matrix,
            });
            let text =
                serde_json::to_string_pretty(&json).map_err(|e| Error::Input(e.to_string()))?;
            writeln!(out, "{text}")?;
        }
        MatrixFormatArg::Markdown => {
            writeln!(
                out,
                "## can-i-deploy: `{}` {version} to {env}\n\n| consumer | version | ok | why not |\n|---|---|---|---|",
                args.subject
            )?;
            for r in rows {
                let why = reasons(r).join("<br>").replace('|', "\\|");
                let ok = if r.findings.is_empty() { "✅" } else { "❌" };
                writeln!(out, "| {} | {} | {ok} | {why} |", r.consumer, r.version)?;
            }
        }
        MatrixFormatArg::Text => {
            writeln!(out, "{} {version} → {env}", args.subject)?;
            if rows.is_empty() {
                writeln!(out, "  no consumer version to satisfy")?;
            }
            for r in rows {
                let verdict = if r.findings.is_empty() { "yes" } else { "no " };
                writeln!(out, "  {verdict} {} {}", r.consumer, r.version)?;
                for why in reasons(r) {
                    writeln!(out, "        {why}")?;
                }
            }
        }
    }
    Ok(())
}
