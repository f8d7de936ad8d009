//! The structural schema comparison: what differs between two schemas,
//! keyword by keyword, node pair by node pair, safe on recursive schemas
//! and linear in their size.
//!
//! Each pair of (resolved) schema nodes is compared once per diff and the
//! result is kept: its local changes (a bound moved, a property added, a
//! `oneOf` member removed) and the child pairs to descend into (common
//! properties, items, matched `allOf`/`anyOf`/`oneOf` members, …). A root —
//! a request body, a parameter, a response header — is then a breadth-first
//! walk over pairs, each visited once, so shared components cost nothing
//! extra and cycles end. The walk's path (`lines[].sku`) names where a
//! change is; the root and the path together are its [`Place`].
//!
//! `pair` holds what comparing one pair gives, `compare` compares one
//! pair, `walk` walks the pairs of a root, `navigate` reads one side.
//!
//! Changes state facts; whether a fact breaks anyone is the rules' call,
//! made with the change's direction.

use std::rc::Rc;

use serde_json::Value;

use crate::diff::Direction;
use crate::load::NodeRef;
use crate::model::date::Date;
use crate::model::openapi::Operation;
use crate::model::schema::TypeSet;

mod compare;
mod navigate;
mod pair;
mod walk;

pub(crate) use navigate::resolve;
pub(in crate::diff) use navigate::{Navigator, Node};
pub(crate) use pair::field_path;
pub use walk::SchemaDiff;

/// What a compared schema describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A request or response body (one media type's schema).
    Body,
    /// A parameter's schema; `location` is `path`, `query`, `header` or
    /// `cookie`.
    Parameter { location: String, name: String },
    /// A response header's schema.
    Header { name: String },
}

/// Where a compared schema sits in the API.
#[derive(Clone, Debug)]
pub struct Context {
    pub operation: Option<Operation>,
    pub direction: Option<Direction>,
    pub status: Option<String>,
    pub media_type: Option<String>,
    pub root: Root,
    /// Whether the root is required (a parameter's `required`).
    pub required: Option<bool>,
    /// The operation's deprecation policy: the earliest sunset allowed.
    pub min_sunset: Option<Date>,
}

/// Where in a compared schema a change is.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub root: Root,
    /// Empty at the root; else the path to the node (`lines[].sku`,
    /// `pet/oneOf[Dog].name`).
    pub path: String,
    /// Whether the enclosing object requires this property (`None` where
    /// the node is not a property).
    pub required: Option<bool>,
    pub read_only: bool,
    pub write_only: bool,
    /// Read-only in the base, itself or a property enclosing it: clients
    /// never sent it, so no change to it breaks what they send.
    pub never_sent: bool,
    /// Write-only in the revision, itself or a property enclosing it:
    /// clients do not receive it, so no change to it breaks what they read.
    pub never_received: bool,
}

impl Place {
    pub fn is_root(&self) -> bool {
        self.path.is_empty()
    }
}

/// A structural change at a place in a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordChange {
    pub place: Place,
    pub delta: Delta,
    /// The whole schemas compared (a body's, a parameter's), in which the
    /// change is one difference among others.
    pub root: Rc<RootPair>,
}

/// The root schemas of one comparison, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RootPair {
    pub base: NodeRef,
    pub revision: NodeRef,
}

/// The declared types of a schema, `null` aside (see [`Delta::Nullable`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Types {
    /// Empty when the schema does not constrain the type.
    pub set: TypeSet,
    /// Type names JSON Schema does not know (`int`), as written.
    pub unknown: Vec<String>,
    pub format: Option<String>,
}

impl Types {
    pub fn describe(&self) -> String {
        let mut names: Vec<&str> = self.set.names();
        names.extend(self.unknown.iter().map(String::as_str));
        let names = if names.is_empty() {
            "any".to_owned()
        } else {
            names.join("|")
        };
        match &self.format {
            Some(format) => format!("{names}/{format}"),
            None => names,
        }
    }
}

/// What changed. Each variant is one fact about one keyword.
#[derive(Clone, Debug, PartialEq)]
pub enum Delta {
    /// The property at the place was added; the place tells whether it is
    /// required, read-only, write-only.
    PropertyAdded {
        has_default: bool,
    },
    PropertyRemoved,
    /// The property at the place became required (`now`) or optional.
    Required {
        now: bool,
        has_default: bool,
    },
    Type {
        before: Types,
        after: Types,
        /// The revision is an array whose items accept every value the
        /// base accepted, read as text as parameters are (the same
        /// constraints, or a type-only schema of wider types, `string`
        /// taking numbers and booleans): a scalar became a list of the same.
        items_cover: bool,
    },
    /// The types given as a list of single-type `oneOf`/`anyOf` members (or a
    /// type array) changed.
    ListOfTypes {
        before: TypeSet,
        after: TypeSet,
    },
    Nullable {
        now: bool,
    },
    /// An `enum` where there was none.
    BecameEnum,
    EnumValue {
        value: Value,
        added: bool,
    },
    /// `x-extensible-enum`: values clients should expect more of.
    ExtensibleEnumValue {
        value: Value,
        added: bool,
    },
    /// A numeric bound (`maxLength`, `minimum`, …) set, unset or moved.
    Bound {
        keyword: &'static str,
        before: Option<f64>,
        after: Option<f64>,
    },
    Pattern {
        before: Option<String>,
        after: Option<String>,
        /// The new pattern accepts every string the old one did.
        generalized: bool,
    },
    Default {
        before: Option<Value>,
        after: Option<Value>,
    },
    Const {
        before: Option<Value>,
        after: Option<Value>,
    },
    /// `contentEncoding` or `contentMediaType`.
    Content {
        keyword: &'static str,
        before: Option<String>,
        after: Option<String>,
    },
    /// A subschema keyword (`if`, `contains`, `propertyNames`, …) added or
    /// removed.
    Subschema {
        keyword: &'static str,
        added: bool,
    },
    DependentRequired {
        property: String,
        before: Option<Vec<String>>,
        after: Option<Vec<String>>,
    },
    DependentSchema {
        property: String,
        added: bool,
    },
    PatternProperty {
        pattern: String,
        added: bool,
    },
    /// An `allOf`/`anyOf`/`oneOf` member added or removed.
    Branch {
        keyword: &'static str,
        label: String,
        added: bool,
        /// The member holds annotations only (`description`, `title`, …).
        annotation_only: bool,
        /// The members of the same keyword on the other side (the
        /// revision's for a removed member, the base's for an added one):
        /// where a rule may find that one of them accepts what it did.
        others: Vec<NodeRef>,
    },
    /// The schema was moved into the members of a new `oneOf`.
    WrappedInOneOf,
    DiscriminatorAdded,
    DiscriminatorRemoved,
    DiscriminatorPropertyName {
        before: String,
        after: String,
    },
    DiscriminatorMapping {
        key: String,
        before: Option<String>,
        after: Option<String>,
    },
    ReadOnly {
        now: bool,
    },
    WriteOnly {
        now: bool,
    },
    /// `x-stability-level` (`draft`, `alpha`, `beta`, `stable`) changed.
    Stability {
        before: Option<String>,
        after: Option<String>,
    },
    /// `deprecated` switched on (`now`) or off; `sunset` is the
    /// `x-sunset` written beside it; `min_sunset` the earliest the
    /// operation's deprecation policy allows.
    Deprecated {
        now: bool,
        sunset: Option<String>,
        min_sunset: Option<Date>,
    },
}

#[cfg(test)]
mod tests {
    use crate::diff::{ChangeKind, DiffOptions, Direction};
    use crate::load::{Contract, Document, NoFiles};

    /// An API whose `POST /a` takes and returns `components.schemas.A`,
    /// with `schemas` (YAML, indented under `schemas:`).
    fn api(schemas: &str) -> Contract {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let doc = Document::parse("api.yaml".into(), yaml.into_bytes()).unwrap();
        Contract::from_root(doc, &mut NoFiles).unwrap()
    }

    /// Each keyword change: its direction, its path, and its delta's name.
    fn keyword_changes(base: &Contract, revision: &Contract) -> Vec<String> {
        let mut out: Vec<String> = crate::diff::openapi(base, revision, &DiffOptions::default())
            .into_iter()
            .filter_map(|c| match c.kind {
                ChangeKind::Keyword(k) => {
                    let delta = format!("{:?}", k.delta);
                    let name = delta
                        .split([' ', '(', '{'])
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    let side = match c.direction {
                        Some(Direction::Request) => "request",
                        Some(Direction::Response) => "response",
                        None => "-",
                    };
                    Some(format!("{side} {} {name}", k.place.path))
                }
                _ => None,
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_schema_compared_with_itself_has_no_change_even_when_it_recurses() {
        let schemas = "    A:\n      type: object\n      properties:\n        name: {type: string, maxLength: 10}\n        children: {type: array, items: {$ref: '#/components/schemas/A'}}\n        parent: {$ref: '#/components/schemas/A'}\n";
        assert_eq!(
            keyword_changes(&api(schemas), &api(schemas)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_change_below_a_cycle_is_found_once_per_direction_at_its_path() {
        let base = "    A:\n      type: object\n      properties:\n        name: {type: string, maxLength: 10}\n        children: {type: array, items: {$ref: '#/components/schemas/A'}}\n";
        let revision = base.replace("maxLength: 10", "maxLength: 5");
        let changes = keyword_changes(&api(base), &api(&revision));
        // The walk ends at the cycle: `children[].name` is the same node.
        assert_eq!(changes.len(), 2, "{changes:#?}");
        assert!(changes.iter().all(|c| c.contains(" name ")), "{changes:#?}");
        assert!(
            changes.iter().any(|c| c.starts_with("request ")),
            "{changes:#?}"
        );
        assert!(
            changes.iter().any(|c| c.starts_with("response ")),
            "{changes:#?}"
        );
    }

    #[test]
    fn paths_name_properties_items_and_members() {
        let base = "    A:\n      type: object\n      properties:\n        lines:\n          type: array\n          items:\n            oneOf:\n              - {type: object, title: Sku, properties: {sku: {type: string}}}\n              - {type: integer}\n";
        let revision = base.replace(
            "sku: {type: string}",
            "sku: {type: string, pattern: '^[A-Z]+$'}",
        );
        let changes = keyword_changes(&api(base), &api(&revision));
        assert!(!changes.is_empty());
        for change in &changes {
            assert!(change.contains(" lines[].oneOf["), "{change}");
            assert!(change.contains("].sku "), "{change}");
        }
    }

    #[test]
    fn a_shared_component_is_visited_once_per_root_at_the_first_path() {
        // `B` is reached from two properties of `A`; within one root each
        // pair is visited once, so its change is reported once per
        // direction, at the first path that reaches it.
        let base = "    A:\n      type: object\n      properties:\n        billing: {$ref: '#/components/schemas/B'}\n        shipping: {$ref: '#/components/schemas/B'}\n    B:\n      type: object\n      properties:\n        city: {type: string}\n";
        let revision = base.replace("city: {type: string}", "city: {type: integer}");
        let changes = keyword_changes(&api(base), &api(&revision));
        assert_eq!(changes.len(), 2, "{changes:#?}");
        assert!(
            changes
                .iter()
                .all(|c| c.split(' ').nth(1) == Some("billing.city")),
            "{changes:#?}"
        );
    }
}
