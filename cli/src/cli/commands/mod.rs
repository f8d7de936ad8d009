//! One file per command; each `run` is a short script of library calls.

mod baseline;
mod check;
mod diff;
mod drift;
mod explain;
mod fixtures;
mod mock;
pub(crate) mod registry;
mod replay;
mod report;
mod rules;

use std::io::Write;

use super::Error;
use super::args::{Command, ReportArgs};
use crate::baseline::Baseline;
use crate::findings::{Finding, Level, Outcome, Report};
use crate::report::Style;

pub fn run(command: Command, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    match command {
        Command::Diff(args) => diff::run(&args, color, out),
        Command::Rules(args) => rules::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Check(args) => check::run(&args, color, out),
        Command::Register(args) => registry::register(&args, color, out),
        Command::Versions(args) => registry::versions(&args, out),
        Command::Show(args) => registry::show(&args, out),
        Command::Log(args) => registry::log(&args, out),
        Command::Replay(args) => replay::run(&args, color, out),
        Command::Mock(args) => mock::run(&args),
        Command::Fixtures(args) => fixtures::run(&args, color, out),
        Command::Report(args) => report::run(&args, color, out),
        Command::Drift(args) => drift::run(&args, color, out),
        Command::Record(args) => drift::record(&args, color, out),
        Command::Baseline(args) => baseline::run(&args),
    }
}

/// What every reporting command ends with: the baseline applied
/// (`--baseline`), the report written in its format, the outcome.
pub(crate) fn finish(
    mut findings: Vec<Finding>,
    args: &ReportArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<(Report, Outcome), Error> {
    if let Some(path) = &args.baseline {
        let baseline = Baseline::read(path).map_err(|e| Error::Input(e.to_string()))?;
        let applied = baseline.apply(&mut findings, crate::time::Day::today());
        for entry in &applied.expired {
            super::warn(&format!(
                "{}: the accepted `{}` of {} expired on {}: it counts again",
                path.display(),
                entry.rule,
                entry
                    .fixture
                    .as_deref()
                    .or(entry.operation.as_deref())
                    .or(entry.subject.as_deref())
                    .unwrap_or("the run"),
                entry.expires.as_deref().unwrap_or("?")
            ));
        }
    }
    let report = Report::new(findings, Level::from(args.level));
    crate::report::write(&report, args.format.into(), Style { color }, out)?;
    let outcome = report.outcome(args.fail_on.into());
    Ok((report, outcome))
}
