//! `accord fixtures import-har FILE --system S --tenant T [--out DIR]`.

use std::io::Write;

use super::registry::config;
use crate::cli::args::{FixturesArgs, FixturesCommand, ImportHarArgs};
use crate::cli::{Error, note};
use crate::exchange::{self, Recorded, Systems};
use crate::findings::Outcome;
use crate::fixtures::operations::Table;
use crate::fixtures::validate::Issue;
use crate::fixtures::{Fixture, har};
use crate::load::Document;

pub fn run(args: &FixturesArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    match &args.command {
        FixturesCommand::ImportHar(args) => import_har(args, color, out),
    }
}

fn import_har(args: &ImportHarArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(config) = config(&args.registry)? else {
        return Err(Error::Input(
            "import-har needs accord.yaml (its systems name the contracts to template paths on)"
                .to_owned(),
        ));
    };
    let systems = Systems::load(&config)?;
    let Some((subject, contract)) = systems.contracts.get(&args.system) else {
        return Err(Error::Input(format!(
            "`{}` is not a system of accord.yaml",
            args.system
        )));
    };
    let table = Table::of(contract);
    let document = Document::read(&args.file)?;
    let entries = har::entries(&document, &args.system, &args.tenant, &table)
        .map_err(|e| Error::Input(e.to_string()))?;
    let dir = args.out.clone().unwrap_or_else(|| {
        config
            .resolve(std::path::Path::new("fixtures"))
            .join(&args.system)
            .join(&args.tenant)
    });
    let redaction = config.redaction_for(&args.system);
    let count = entries.len();
    let imported =
        har::import(entries, &dir, &redaction).map_err(|e| Error::Input(e.to_string()))?;
    // Fixtures that match no operation are imported (they are evidence)
    // and reported.
    let owner = config.subject(subject).and_then(|s| s.owner.clone());
    let mut findings = Vec::new();
    for fixture in imported.written.iter().filter(|f| f.operation.is_none()) {
        let Err(miss) = table.find(&fixture.request.method, &fixture.request.path) else {
            continue;
        };
        let (read, document) =
            Fixture::read(&fixture.file).map_err(|e| Error::Input(e.to_string()))?;
        let recorded = Recorded {
            fixture: read,
            document,
        };
        let issue = Issue::Unmatched {
            request: format!("{} {}", fixture.request.method, fixture.request.path),
            miss,
        };
        findings.extend(exchange::finding(
            &recorded,
            Some(subject),
            None,
            &issue,
            owner.clone(),
        ));
    }
    let (report, outcome) = super::finish(findings, Vec::new(), None, &args.report, color, out)?;
    note(&format!(
        "imported {} of {count} entries into {} ({} recorded there already; {} match no operation)",
        imported.written.len(),
        dir.display(),
        imported.duplicates,
        report.findings.len()
    ));
    Ok(outcome)
}
