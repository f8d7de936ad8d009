//! The command line: parse arguments, run one command, render errors once,
//! and choose the exit code (0 clean, 1 findings at or above `--fail-on`,
//! 2 unusable input). The only module that prints.

mod args;
mod commands;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;

use crate::findings::Outcome;

/// Why a command could not run. Every variant exits with 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] crate::load::Error),
    /// Bad arguments or input, with the message to show.
    #[error("{0}")]
    Input(String),
    #[error("cannot write the report: {0}")]
    Output(#[from] io::Error),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints usage errors (exit 2) and --help/--version (exit 0).
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let worker = std::thread::Builder::new()
        .stack_size(crate::load::limits::STACK_BYTES)
        .spawn(move || run(cli));
    let result = match worker.map(|handle| handle.join()) {
        Ok(Ok(result)) => result,
        _ => Err(Error::Input(
            "internal error: the command's thread failed".to_owned(),
        )),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        // A closed pipe (`accord … | head`) is not a failure (as ripgrep).
        Err(Error::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command line, writing the report to stdout.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let stdout = io::stdout();
    let color = cli.color.enabled(stdout.is_terminal());
    let mut out = stdout.lock();
    commands::run(cli.command, color, &mut out)
}

/// Tells the user something about the run (not a finding): stderr.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}

/// Says what a command did (not a finding, not the report): stderr.
pub(crate) fn note(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}
