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

impl From<crate::exchange::ReplayError> for Error {
    fn from(e: crate::exchange::ReplayError) -> Self {
        match e {
            crate::exchange::ReplayError::Load(e) => Self::Load(e),
            crate::exchange::ReplayError::Input(m) => Self::Input(m),
        }
    }
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
            let _ = writeln!(io::stderr(), "error: {}", scrubbed(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// `text` without any credential the process holds.
fn scrubbed(text: &str) -> String {
    crate::fixtures::redact::known().scrub(text)
}

/// A writer that scrubs every credential the process holds from what
/// passes through it, a line at a time (no credential spans a line).
struct Scrubbing<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Scrubbing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let rest = self.pending.split_off(upto);
        let lines = std::mem::replace(&mut self.pending, rest);
        let secrets = crate::fixtures::redact::known();
        self.inner.write_all(&secrets.scrub_bytes(lines))
    }
}

impl<W: Write> Write for Scrubbing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if let Some(last) = memchr::memrchr(b'\n', &self.pending) {
            self.emit(last + 1)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit(self.pending.len())?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Scrubbing<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Runs a parsed command line, writing the report to stdout.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let stdout = io::stdout();
    let color = cli.color.enabled(stdout.is_terminal());
    crate::load::confine_reads(!cli.allow_outside_repo);
    crate::load::LoadOptions::set_defaults(load_options(&cli));
    let mut out = Scrubbing::new(stdout.lock());
    let outcome = commands::run(cli.command, color, &mut out)?;
    out.flush()?;
    Ok(outcome)
}

/// How contracts are read in this run: the flags, then `accord.yaml`'s
/// `schemas:` and subjects' `dialect:` (a file that does not parse is left
/// to the command, which says why).
fn load_options(cli: &Cli) -> crate::load::LoadOptions {
    let here = std::env::current_dir().unwrap_or_default();
    let mut options = crate::config::Config::find(&here)
        .and_then(|path| crate::config::Config::read(&path).ok())
        .map(|config| config.load_options())
        .unwrap_or_default();
    if cli.dialect.is_some() {
        options.dialect = cli.dialect;
        // The flag is for this run's files: it wins over subjects' own.
        options.per_file.clear();
    }
    let mut ref_map = cli.ref_map.clone();
    ref_map.append(&mut options.ref_map);
    options.ref_map = ref_map;
    options
}

/// Tells the user something about the run (not a finding): stderr.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {}", scrubbed(message));
}

/// Says what a command did (not a finding, not the report): stderr.
pub(crate) fn note(message: &str) {
    let _ = writeln!(io::stderr(), "{}", scrubbed(message));
}
