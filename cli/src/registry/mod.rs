//! The contract registry beside the engines: for now, contracts read from
//! a git repository at any revision (`REV:path`).

pub mod git;
