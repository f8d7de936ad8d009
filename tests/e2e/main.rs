//! End-to-end tests: the real `accord` binary on real files in temporary
//! directories. One module per command area.

// Tests print why they skip a part (no `git` binary), as the project asks.
#![allow(clippy::print_stderr)]

mod affects;
mod bad_input;
mod check;
mod consumers;
mod deploy;
mod diff;
mod docs;
mod drift;
mod formats;
mod har;
mod init;
mod lint;
mod mock;
mod registry;
mod replay;
#[path = "../../cli/tests/common/repo.rs"]
mod repo;
mod rules;
mod sandbox;
mod schema;
mod support;
