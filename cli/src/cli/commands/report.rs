//! `accord report merge FILE…`.

use std::io::Write;

use crate::cli::Error;
use crate::cli::args::{ReportCommand, ReportCommandArgs};
use crate::findings::{Level, Outcome, Report};
use crate::load::Document;
use crate::report::{self, Style};

pub fn run(args: &ReportCommandArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let ReportCommand::Merge(args) = &args.command;
    let mut findings = Vec::new();
    for file in &args.files {
        let document = Document::read(file)?;
        findings.extend(report::json::read(&document).map_err(|e| Error::Input(e.to_string()))?);
    }
    let report = Report::new(findings, Level::from(args.report.level));
    report::write(&report, args.report.format.into(), Style { color }, out)?;
    Ok(report.outcome(args.report.fail_on.into()))
}
