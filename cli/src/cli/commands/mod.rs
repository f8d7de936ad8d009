//! One file per command; each `run` is a short script of library calls.

mod diff;
mod explain;
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
    }
}
