//! The contract registry: registered versions kept on a registry branch
//! with their compatibility modes and semver policy.

pub mod register;
pub mod store;
