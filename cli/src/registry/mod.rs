//! The contract registry: contracts read from git at any revision
//! (`REV:path`), and registered versions kept on a registry branch with
//! their compatibility modes and semver policy.

pub mod git;
pub mod register;
pub mod store;
