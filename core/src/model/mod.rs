//! Normalised views over loaded documents: JSON pointers, schemas read the
//! same in every dialect, OpenAPI paths and operations, dates.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod address;
pub mod date;
pub mod dialect;
pub mod mode;
pub mod openapi;
pub mod pointer;
pub mod schema;
pub mod spec;
pub mod target;
