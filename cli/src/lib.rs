//! accord: contract testing and schema governance for integrations between
//! CRM and ERP systems.
//!
//! Two crates. `accord-core` (`core/`) holds the engines: loading, JSON
//! Schema and OpenAPI comparison, rules, fixtures, reports, lint, tenants,
//! configuration; its modules are re-exported here under their own names
//! (`accord::diff`, `accord::load`, …). This crate adds what needs the
//! outside world, each module importing only from those below it and from
//! the engines (`cargo test -p accord --lib floors`):
//!
//! ```text
//! cli        arguments, printing, exit codes; nothing imports it
//! check, drift, mock            the gate; live answers; the mock server
//! selection                     the systems and fixtures a run takes
//! replay                        fixtures against contracts and wiremock
//! exchange                      what replay, drift and mock share: systems,
//!                               fixtures read, requests sent again
//! live, registry                requests to sandboxes (reqwest, rustls);
//!                               versions on a git branch (git2)
//! git                           git trees at a revision, the merge base (git2)
//! init                          `accord init` and its templates
//! ```

pub use accord_core::{
    baseline, compare, config, diff, findings, fixtures, fuzzing, lint, load, model, report, rules,
    schema, shard, tenants, time, usage,
};

pub mod check;
pub mod cli;
pub mod drift;
pub mod exchange;
pub mod git;
pub mod init;
pub mod live;
pub mod mock;
pub mod registry;
pub mod replay;
pub mod selection;

#[cfg(test)]
#[path = "../../core/src/floors.rs"]
mod floors;
