//! One file per command; each `run` is a short script of library calls.

mod check;
mod diff;
mod explain;
mod fixtures;
mod mock;
pub(crate) mod registry;
mod replay;
mod report;
mod rules;

use std::io::Write;

use super::Error;
use super::args::Command;
use crate::findings::Outcome;

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
    }
}
