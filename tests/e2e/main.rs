//! End-to-end tests: the real `accord` binary on real files in temporary
//! directories. One module per command area.

mod bad_input;
mod diff;
mod rules;
mod schema;
mod support;
