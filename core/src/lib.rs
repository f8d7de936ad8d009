//! accord's engines: everything that reads, compares and judges contracts
//! and fixtures, and renders reports, without a network, git or an async
//! runtime. The `accord` crate (`cli/`) builds the command line, the
//! registry over git, the live client, replay, drift and the mock on it.
//!
//! The modules stand in floors, each importing only from the floors below
//! it (`cargo test -p accord-core --lib floors` fails on any import cycle):
//!
//! ```text
//! fuzzing                       entry points shared by cargo-fuzz and the mutation test
//! usage                         who uses what: the fixtures' evidence by
//!                               operation and element
//! lint, report, tenants         governance rules; formatters over a Report;
//!                               overlays and mappings
//! config, baseline              accord.yaml; accepted findings
//! compare, fixtures             diff + rules of two contracts; recorded
//!                               exchanges (read, validated, redacted)
//! rules      judge changes and each family's issues → Findings
//! diff       one structural comparison → Changes
//! schema     JSON Schema semantics: validation, inclusion, witnesses
//! load, findings, time          documents with source maps, contracts with
//!                               $refs resolved; Finding, Level, Report
//! model, shard                  JSON pointers, dialects, compatibility
//!                               modes, schema views, OpenAPI operations,
//!                               contract arguments, dates; sharding
//! ```
//!
//! Each family's issue type (lint, drift, fixture, tenant) lives with its
//! rules in `rules/`; the engine that finds the issues imports it.

pub mod baseline;
pub mod compare;
pub mod config;
pub mod diff;
pub mod findings;
pub mod fixtures;
#[cfg(test)]
mod floors;
pub mod fuzzing;
pub mod lint;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod schema;
pub mod shard;
pub mod tenants;
pub mod time;
pub mod usage;
