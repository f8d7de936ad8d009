//! accord: contract testing and schema governance for integrations between
//! CRM and ERP systems.
//!
//! The pipeline, and the one direction its modules depend on each other:
//!
//! ```text
//! load      files → documents with source maps → contracts with $refs resolved
//!   ↓
//! model     normalised views: JSON pointers, schemas in any dialect, OpenAPI
//!   ↓
//! diff      one structural comparison → Changes (with direction as data)
//!   ↓
//! rules     judge changes → Findings (rule id, level, message, location)
//!   ↓
//! findings  Finding, Level, Report
//!   ↓
//! report    formatters (text, json) over a Report
//! ```
//!
//! Beside the engines, `registry` reads contracts from git (`REV:path`,
//! through git2 in `registry/git.rs` only); it depends on `load`.
//!
//! `cli` sits on top: the only module that reads arguments and the
//! environment, prints, or chooses an exit code. Nothing imports `cli`;
//! `report` imports only `findings` and rule metadata.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diff;
pub mod drift;
pub mod findings;
pub mod fixtures;
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
