//! Compatibility rules: judgments over the changes of `diff/`.

pub mod openapi;
pub mod schema;
