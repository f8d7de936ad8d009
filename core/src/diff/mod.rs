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
mod same;
pub mod schema;
mod target;

use serde_json::Value;

use crate::load::{Contract, NodeRef};
use crate::model::date::Date;
use crate::model::openapi::{Operation, Removal};
pub use crate::schema::compat::Check;

pub use crate::model::mode::Mode;
pub use jsonschema::diff as jsonschema;
pub use openapi::diff as openapi;
pub use schema::{Delta, KeywordChange, Place, Root, RootPair, Types};

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
        /// Declared on the path item, for all of its operations.
        path_level: bool,
    },
    ParameterRemoved {
        location: String,
        name: String,
        removal: Removal,
    },
    /// An attribute of an operation (or, without one, of the whole API)
    /// changed.
    Operation(OperationChange),
    /// A parameter both sides have changed (its schema aside: see
    /// [`ChangeKind::Keyword`]).
    Parameter {
        location: String,
        name: String,
        change: ParameterChange,
    },
    /// The request body was added, removed, or its `required` changed.
    RequestBody(BodyChange),
    /// A media type of a request body or a response (`change.status`) was
    /// added or removed.
    MediaType { name: String, added: bool },
    /// The one media type of a response was replaced by another.
    MediaTypeRenamed { before: String, after: String },
    /// A media type both sides have gained or lost its schema.
    MediaTypeSchema { name: String, added: bool },
    /// A response status (`change.status`) was added or removed.
    Response { added: bool },
    /// A header of a response (`change.status`) changed.
    ResponseHeader { name: String, change: HeaderChange },
    /// A security requirement (scheme and scopes, per operation or, without
    /// an operation, global) added or removed.
    Security {
        scheme: String,
        scopes: Vec<String>,
        added: bool,
    },
    /// An operation that could be called without credentials (`security:
    /// []`, an empty requirement among its alternatives, or none at all in
    /// a document that secures its other operations) now requires one of
    /// `requirements` (each a set of schemes, `a AND b`).
    AnonymousAccessRemoved { requirements: Vec<String> },
    /// A scope of a security requirement both sides have.
    SecurityScope {
        scheme: String,
        scope: String,
        added: bool,
    },
    /// A security scheme of `components.securitySchemes` changed.
    SecurityScheme { name: String, change: SchemeChange },
    /// A schema of `components.schemas` removed.
    ComponentSchemaRemoved { name: String },
    /// A webhook (OpenAPI 3.1) added or removed.
    Webhook { name: String, added: bool },
    /// A callback of `change.operation` added or removed; `expression` is
    /// set when the callback stays and one of its URL expressions changes.
    Callback {
        name: String,
        expression: Option<String>,
        added: bool,
    },
    /// A keyword-level change inside a schema (OpenAPI).
    Keyword(Box<KeywordChange>),
    /// Instances one side accepts and the other rejects (JSON Schema).
    Schema(Box<SchemaChange>),
    /// The schemas could not be compared under `check`.
    SchemaUndecided { check: Check, why: String },
    /// A schema keyword of the revision (`change.revision`, the keyword's
    /// node) holds a value the specification does not allow, and the base
    /// does not hold it there.
    InvalidKeyword {
        keyword: String,
        value: Value,
        expected: &'static str,
    },
    /// A `format` annotation changed at `path` (an instance path). Formats
    /// do not assert by default, so this changes no verdict.
    FormatChanged {
        path: crate::model::pointer::JsonPointer,
        before: Option<String>,
        after: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum OperationChange {
    /// `deprecated` switched on (`now`) or off; `sunset` is the revision's
    /// `x-sunset`, as written; `min_sunset` the earliest sunset the
    /// deprecation policy allows (none without a policy).
    Deprecated {
        now: bool,
        sunset: Option<String>,
        min_sunset: Option<Date>,
    },
    /// The `x-sunset` of an operation deprecated on both sides changed.
    Sunset {
        before: Option<String>,
        after: Option<String>,
        min_sunset: Option<Date>,
    },
    /// `x-stability-level` (`draft`, `alpha`, `beta`, `stable`), as written.
    Stability {
        before: Option<Value>,
        after: Option<Value>,
    },
    OperationId {
        before: Option<String>,
        after: Option<String>,
    },
    Tag {
        name: String,
        added: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParameterChange {
    Required {
        now: bool,
    },
    Deprecated {
        now: bool,
        sunset: Option<String>,
        min_sunset: Option<Date>,
    },
    /// The `x-sunset` of a parameter deprecated on both sides changed.
    Sunset {
        before: Option<String>,
        after: Option<String>,
        min_sunset: Option<Date>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodyChange {
    Added { required: bool },
    Removed,
    Required { now: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub enum HeaderChange {
    Added { required: bool },
    Removed { required: bool },
    Required { now: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemeChange {
    Added,
    Removed,
    Type {
        before: String,
        after: String,
    },
    /// An OAuth flow's `authorizationUrl` (`token: false`) or `tokenUrl`.
    Url {
        flow: String,
        token: bool,
        before: Option<String>,
        after: Option<String>,
    },
    Scope {
        flow: String,
        scope: String,
        added: bool,
    },
    /// A scope's description changed.
    ScopeChanged {
        flow: String,
        scope: String,
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

/// The invalid keyword values of the revision that the base does not have
/// at the same place: one change each.
pub fn invalid_keywords(base: &Contract, revision: &Contract) -> Vec<Change> {
    let known: std::collections::HashSet<(String, &str, &Value)> = base
        .invalid
        .iter()
        .map(|k| (k.at.pointer.to_string(), k.keyword.as_str(), &k.value))
        .collect();
    revision
        .invalid
        .iter()
        .filter(|k| !known.contains(&(k.at.pointer.to_string(), k.keyword.as_str(), &k.value)))
        .map(|k| Change {
            kind: ChangeKind::InvalidKeyword {
                keyword: k.keyword.clone(),
                value: k.value.clone(),
                expected: k.expected,
            },
            operation: None,
            direction: None,
            status: None,
            media_type: None,
            base: None,
            revision: Some(k.at.push(&k.keyword)),
            allowed: false,
        })
        .collect()
}

/// Settings that change what the diff reports.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// The day against which sunset dates are judged.
    pub today: Date,
    /// The deprecation policy: how many days a deprecated `beta` (or
    /// `stable`, or unlabelled) operation, parameter or property must live
    /// before its sunset. 0: no policy (oasdiff's
    /// `--deprecation-days-beta` and `--deprecation-days-stable`).
    pub deprecation_days_beta: u32,
    pub deprecation_days_stable: u32,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            today: Date::today(),
            deprecation_days_beta: 0,
            deprecation_days_stable: 0,
        }
    }
}

impl DiffOptions {
    /// The earliest sunset date the policy allows for something deprecated
    /// today in an operation of this `x-stability-level`; `None` where no
    /// policy applies (`draft`, `alpha`, an unknown level, 0 days).
    pub fn min_sunset(&self, stability: Option<&Value>) -> Option<Date> {
        let days = match stability.map(|v| v.as_str()) {
            None | Some(Some("stable")) => self.deprecation_days_stable,
            Some(Some("beta")) => self.deprecation_days_beta,
            _ => 0,
        };
        (days > 0).then(|| self.today.plus_days(i64::from(days)))
    }
}

/// The contracts a change's nodes belong to.
#[derive(Clone, Copy)]
pub struct Sides<'c> {
    pub base: &'c Contract,
    pub revision: &'c Contract,
}
