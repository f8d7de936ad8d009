//! The OpenAPI walk: paths (matched by their effective URL's shape, so a
//! renamed path parameter, or a prefix moved between `servers` and
//! `paths`, is the same path), operations, parameters, request bodies,
//! responses, security and webhooks; schemas are handed to the shared
//! schema comparison with their direction.

use serde_json::Value;

use crate::diff::schema::{Context, Root, SchemaDiff};
use crate::diff::{Change, ChangeKind, DiffOptions, Direction, Sides};
use crate::load::{Contract, NodeRef};
use crate::model::date::Date;
use crate::model::openapi::Operation;

mod bodies;
mod parameters;
mod paths;
mod security;
#[cfg(test)]
mod tests;

/// Every change between two OpenAPI contracts.
pub fn diff(base: &Contract, revision: &Contract, options: &DiffOptions) -> Vec<Change> {
    let sides = Sides { base, revision };
    let mut walk = Walk::new(sides, options);
    walk.paths();
    walk.webhooks();
    let roots = (
        walk.schemas.base.node(base.root_node()),
        walk.schemas.revision.node(revision.root_node()),
    );
    if let (Some(b), Some(r)) = roots {
        walk.security(None, &b, &r);
    }
    walk.security_schemes();
    walk.component_schemas();
    let mut out = walk.out;
    out.extend(crate::diff::invalid_keywords(base, revision));
    out
}

struct Walk<'c, 'o> {
    sides: Sides<'c>,
    options: &'o DiffOptions,
    schemas: SchemaDiff<'c>,
    out: Vec<Change>,
    /// The deprecation policy of the operation being compared.
    policy: Option<Date>,
    /// Inside a callback: the provider sends the request and the client
    /// answers, so what the client reads is the request.
    flipped: bool,
}

/// Where in an operation a change is: who reads it (the direction), the
/// response's status, the media type.
#[derive(Clone, Copy)]
struct Site<'a> {
    operation: &'a Operation,
    direction: Direction,
    status: Option<&'a str>,
    media_type: Option<&'a str>,
}

impl<'a> Site<'a> {
    fn new(operation: &'a Operation, direction: Direction) -> Self {
        Self {
            operation,
            direction,
            status: None,
            media_type: None,
        }
    }

    fn status(self, status: &'a str) -> Self {
        Self {
            status: Some(status),
            ..self
        }
    }

    fn media(self, media_type: &'a str) -> Self {
        Self {
            media_type: Some(media_type),
            ..self
        }
    }

    /// The context a schema at this site is compared in.
    fn context(self, root: Root, required: Option<bool>, min_sunset: Option<Date>) -> Context {
        Context {
            operation: Some(self.operation.clone()),
            direction: Some(self.direction),
            status: self.status.map(str::to_owned),
            media_type: self.media_type.map(str::to_owned),
            root,
            required,
            min_sunset,
        }
    }
}

fn object_keys<'c>(contract: &'c Contract, node: &NodeRef) -> Vec<&'c String> {
    keys(contract.value(node))
}

/// The member names of an object (none for anything else).
fn keys(value: Option<&Value>) -> Vec<&String> {
    match value {
        Some(Value::Object(map)) => map.keys().collect(),
        _ => Vec::new(),
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn flag(value: Option<&Value>, key: &str) -> bool {
    value.and_then(|v| v.get(key)).and_then(Value::as_bool) == Some(true)
}

impl<'c, 'o> Walk<'c, 'o> {
    /// Who reads what a part of an operation carries, inside callbacks too.
    fn dir(&self, direction: Direction) -> Direction {
        match (self.flipped, direction) {
            (false, d) => d,
            (true, Direction::Request) => Direction::Response,
            (true, Direction::Response) => Direction::Request,
        }
    }

    fn push(
        &mut self,
        kind: ChangeKind,
        operation: Option<&Operation>,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) {
        self.out.push(Change {
            kind,
            operation: operation.cloned(),
            direction: None,
            status: None,
            media_type: None,
            base,
            revision,
            allowed: false,
        });
    }

    /// Pushes a change in a request or a response, at `site`.
    fn push_at(
        &mut self,
        site: Site<'_>,
        kind: ChangeKind,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) {
        self.out.push(Change {
            kind,
            operation: Some(site.operation.clone()),
            direction: Some(site.direction),
            status: site.status.map(str::to_owned),
            media_type: site.media_type.map(str::to_owned),
            base,
            revision,
            allowed: false,
        });
    }

    fn new(sides: Sides<'c>, options: &'o DiffOptions) -> Self {
        Walk {
            sides,
            options,
            schemas: SchemaDiff::new(sides),
            out: Vec::new(),
            policy: None,
            flipped: false,
        }
    }
}
