//! accord: contract testing and schema governance for integrations between
//! CRM and ERP systems.
//!
//! The modules stand in floors, each importing only from the floors below
//! it (`cargo test --lib floors` fails on any import cycle, at any depth):
//!
//! ```text
//! cli        arguments, printing, exit codes; nothing imports it
//! check, drift, mock            the gate; live answers; the mock server
//! replay, fuzzing               fixtures against contracts; fuzz harnesses
//! lint, registry, tenants,      governance rules; versions on a git branch
//! live, report                  (git2 in registry/ only); overlays,
//!                               mappings; requests to sandboxes; formatters
//! config, baseline              accord.yaml; accepted findings
//! compare, fixtures             diff + rules of two contracts; recorded
//!                               exchanges (read, validated, redacted)
//! rules      judge changes and each family's issues → Findings
//! diff       one structural comparison → Changes; compatibility modes
//! schema     JSON Schema semantics: validation, inclusion, witnesses
//! load, findings, time          documents with source maps, contracts with
//!                               $refs resolved; Finding, Level, Report
//! model, shard, init            JSON pointers, dialects, schema views,
//!                               OpenAPI operations, dates; sharding
//! ```
//!
//! Each family's issue type (lint, drift, fixture, tenant) lives with its
//! rules in `rules/`; the engines that find the issues import it.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diff;
pub mod drift;
pub mod findings;
pub mod fixtures;
#[cfg(test)]
mod floors;
pub mod fuzzing;
pub mod init;
pub mod lint;
pub mod live;
pub mod load;
pub mod mock;
pub mod model;
pub mod registry;
pub mod replay;
pub mod report;
pub mod rules;
pub mod schema;
pub mod shard;
pub mod tenants;
pub mod time;
