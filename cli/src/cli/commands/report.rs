//! `accord report merge FILE…`.

use std::io::Write;

use crate::cli::Error;
use crate::cli::args::{ReportCommand, ReportCommandArgs};
use crate::findings::Outcome;
use crate::load::Document;
use crate::report::{self};

pub fn run(args: &ReportCommandArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let ReportCommand::Merge(args) = &args.command;
    let mut findings = Vec::new();
    for file in &args.files {
        let document = Document::read(file)?;
        findings.extend(report::json::read(&document).map_err(|e| Error::Input(e.to_string()))?);
    }
    let (_report, outcome) = super::finish(findings, Vec::new(), None, &args.report, color, out)?;
    Ok(outcome)
}
