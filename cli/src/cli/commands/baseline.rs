//! `accord baseline update REPORT.json…`.

use crate::baseline::Baseline;
use crate::cli::args::{BaselineCommand, BaselineCommandArgs};
use crate::cli::{Error, note};
use crate::findings::Outcome;
use crate::load::Document;
use crate::model::date::Date;

pub fn run(args: &BaselineCommandArgs) -> Result<Outcome, Error> {
    let BaselineCommand::Update(args) = &args.command;
    let mut findings = Vec::new();
    for file in &args.reports {
        let document = Document::read(file)?;
        findings
            .extend(crate::report::json::read(&document).map_err(|e| Error::Input(e.to_string()))?);
    }
    let today = Date::today();
    let expires = match (&args.expires, args.expires_in) {
        (Some(text), _) => Some(
            Date::parse(text)
                .ok_or_else(|| Error::Input(format!("--expires {text}: not a day (YYYY-MM-DD)")))?,
        ),
        (None, Some(days)) => Some(today.plus_days(i64::from(days))),
        (None, None) => None,
    };
    let previous = if args.baseline.exists() {
        Some(Baseline::read(&args.baseline).map_err(|e| Error::Input(e.to_string()))?)
    } else {
        None
    };
    let (baseline, updated) = Baseline::update(
        previous.as_ref(),
        &findings,
        today,
        expires,
        args.reason.as_deref(),
    );
    baseline
        .write(&args.baseline)
        .map_err(|e| Error::Input(e.to_string()))?;
    note(&format!(
        "{}: {} accepted findings ({} new, {} kept, {} fixed and dropped)",
        args.baseline.display(),
        baseline.entries.len(),
        updated.added,
        updated.kept,
        updated.dropped
    ));
    Ok(Outcome::Clean)
}
