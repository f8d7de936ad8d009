//! The `accord` binary: everything happens in `accord::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    accord::cli::main()
}
