//! One structural diff of two contracts: a list of [`Change`]s, each with
//! its context (operation, direction, status, media type) and the nodes it
//! concerns in the base and the revision. Changes state facts ("property
//! `email` was removed; it was required"); rules in `rules/` judge them.
//!
//! Direction is data: the same schema comparison serves request bodies
//! (read by the provider) and responses (read by clients), and rules decide
//! what each direction makes of a change.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod jsonschema;
mod openapi;
pub mod schema;

use serde_json::Value;

use crate::load::{Contract, NodeRef};
use crate::model::date::Date;
use crate::model::openapi::{Operation, Removal};
pub use crate::schema::compat::Check;

pub use jsonschema::{Mode, diff as jsonschema};
pub use openapi::diff as openapi;

/// Who reads the data a change concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Sent by clients, read by the provider: narrowing it breaks clients.
    Request,
    /// Sent by the provider, read by clients: widening it breaks them.
    Response,
}

/// One difference between base and revision.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub operation: Option<Operation>,
    pub direction: Option<Direction>,
    /// The response status (`200`, `4XX`, `default`), for response changes.
    pub status: Option<String>,
    pub media_type: Option<String>,
    /// The node in the base contract, when the change has one there.
    pub base: Option<NodeRef>,
    /// The node in the revision, when the change has one there.
    pub revision: Option<NodeRef>,
    /// The compatibility mode allows this change: it is reported at `info`,
    /// as a changelog entry, whatever its rule's level.
    pub allowed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    /// An operation that the base did not have. `new_path` when its whole
    /// path is new.
    OperationAdded { new_path: bool },
    /// An operation the revision no longer has. `path_removed` when its whole
    /// path is gone.
    OperationRemoved {
        path_removed: bool,
        removal: Removal,
    },
    ParameterAdded {
        location: String,
        name: String,
        required: bool,
    },
    ParameterRemoved {
        location: String,
        name: String,
        removal: Removal,
    },
    /// A property at `property` (a dotted path, `[]` for array items).
    PropertyAdded {
        property: String,
        required: bool,
        read_only: bool,
        write_only: bool,
        has_default: bool,
    },
    PropertyRemoved {
        property: String,
        required: bool,
        read_only: bool,
        write_only: bool,
    },
    /// Instances one side accepts and the other rejects (JSON Schema).
    Schema(Box<SchemaChange>),
    /// The schemas could not be compared under `check`.
    SchemaUndecided { check: Check, why: String },
    /// A `format` annotation changed at `path` (an instance path). Formats
    /// do not assert by default, so this changes no verdict.
    FormatChanged {
        path: crate::model::pointer::JsonPointer,
        before: Option<String>,
        after: Option<String>,
    },
}

/// A difference between two schemas, as the engine found it: under `check`,
/// the stricter side's `keyword` rejects `witness`, which the other accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaChange {
    pub check: Check,
    pub keyword: &'static str,
    /// The member concerned (`required`, `dependentRequired`,
    /// `additionalProperties`).
    pub member: Option<String>,
    /// Where in the instance, as a JSON pointer (`/lines/0/sku`).
    pub path: crate::model::pointer::JsonPointer,
    pub witness: Value,
    /// The keyword's value in the base and in the revision, where present.
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// The revision declares a property the base left open to any value
    /// (backward), or leaves open one the base declared (forward).
    pub open_model: bool,
}

/// Settings that change what the diff reports.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// The day against which sunset dates are judged.
    pub today: Date,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            today: Date::today(),
        }
    }
}

/// The contracts a change's nodes belong to.
#[derive(Clone, Copy)]
pub struct Sides<'c> {
    pub base: &'c Contract,
    pub revision: &'c Contract,
}
