//! The OpenAPI walk: paths (matched by their effective URL's shape, so a
//! renamed path parameter, or a prefix moved between `servers` and
//! `paths`, is the same path), operations, parameters, request bodies,
//! responses, security and webhooks; schemas are handed to the shared
//! schema comparison with their direction.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::schema::{Context, Navigator, Node, Root, SchemaDiff, resolve};
use super::{
    BodyChange, Change, ChangeKind, DiffOptions, Direction, HeaderChange, OperationChange,
    ParameterChange, SchemeChange, Sides,
};
use crate::load::{Contract, NodeRef};
use crate::model::date::Date;
use crate::model::openapi::{METHODS, Operation, ParameterKey, Removal, is_unstable, path_shape};

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
    out.extend(super::invalid_keywords(base, revision));
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

/// A path of a contract: its template, the shape of its effective URL
/// path, and its (resolved) Path Item node.
struct PathEntry<'c> {
    template: String,
    /// The effective URL path: the server prefix, then the template.
    url: String,
    shape: String,
    item: NodeRef,
    value: &'c Value,
}

impl<'c> PathEntry<'c> {
    /// The operation at `method`, if the item has one.
    fn operation(&self, method: &str) -> Option<Node<'c>> {
        let value = self.value.get(method)?;
        Some((self.item.push(method), value))
    }
}

fn paths_of<'c>(nav: &Navigator<'c>, key: &str) -> Vec<PathEntry<'c>> {
    let contract = nav.contract;
    let paths = contract.root_node().push(key);
    let Some(Value::Object(map)) = contract.root().root.get(key) else {
        return Vec::new();
    };
    let prefix = if key == "paths" {
        crate::model::openapi::server_prefix(&contract.root().root)
    } else {
        String::new()
    };
    map.iter()
        .filter(|(template, _)| key != "paths" || template.starts_with('/'))
        .filter_map(|(template, value)| {
            let (item, value) = nav.follow(paths.push(template), value)?;
            let url = format!("{prefix}{template}");
            Some(PathEntry {
                template: template.clone(),
                shape: path_shape(&url),
                url,
                item,
                value,
            })
        })
        .collect()
}

/// Which path of the base is which of the revision's: the same effective
/// URL path (the server prefix moved into `paths` or out of it keeps every
/// URL), else the same shape with its path parameters renamed — only where
/// that is unambiguous: one unmatched path of the shape on each side, or
/// among several, the one whose operations have the same `operationId`s.
/// Templated paths of one shape with different parameter names
/// (`/journals/{id}`, `/journals/{number}`) are different paths: matching
/// them by shape alone would compare one with the other. Returns, for each
/// of the base's paths, its revision's (an index into `revision`), then the
/// revision's paths that are new, in document order.
fn match_paths(
    base: &[PathEntry<'_>],
    revision: &[PathEntry<'_>],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let by_url: HashMap<&str, usize> = revision
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    let mut partners: Vec<Option<usize>> = base
        .iter()
        .map(|b| by_url.get(b.url.as_str()).copied())
        .collect();
    let mut taken = vec![false; revision.len()];
    for r in partners.iter().flatten() {
        if let Some(t) = taken.get_mut(*r) {
            *t = true;
        }
    }
    // The paths left on each side, by shape.
    let mut left: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, b) in base.iter().enumerate() {
        if partners.get(i).is_some_and(Option::is_none) {
            left.entry(b.shape.as_str()).or_default().0.push(i);
        }
    }
    for (r, p) in revision.iter().enumerate() {
        if taken.get(r) == Some(&false) {
            left.entry(p.shape.as_str()).or_default().1.push(r);
        }
    }
    let mut pair = |b: usize, r: usize| {
        if let (Some(slot), Some(t)) = (partners.get_mut(b), taken.get_mut(r)) {
            *slot = Some(r);
            *t = true;
        }
    };
    for (mut b, mut r) in left.into_values() {
        if b.len() > 1 || r.len() > 1 {
            // Several of one shape: those whose operations keep their ids
            // (and no other path of the shape has those ids) are one path.
            let ids_b: Vec<Vec<&str>> = b.iter().map(|&i| operation_ids(base.get(i))).collect();
            let ids_r: Vec<Vec<&str>> = r.iter().map(|&j| operation_ids(revision.get(j))).collect();
            let unique = |list: &[Vec<&str>], ids: &Vec<&str>| {
                !ids.is_empty() && list.iter().filter(|x| *x == ids).count() == 1
            };
            let mut matched = Vec::new();
            for (x, ids) in ids_b.iter().enumerate() {
                if !unique(&ids_b, ids) || !unique(&ids_r, ids) {
                    continue;
                }
                if let Some(y) = ids_r.iter().position(|other| other == ids) {
                    matched.push((x, y));
                }
            }
            for &(x, y) in &matched {
                if let (Some(&i), Some(&j)) = (b.get(x), r.get(y)) {
                    pair(i, j);
                }
            }
            let (xs, ys): (Vec<usize>, Vec<usize>) = matched.into_iter().unzip();
            b = b
                .into_iter()
                .enumerate()
                .filter(|(x, _)| !xs.contains(x))
                .map(|(_, i)| i)
                .collect();
            r = r
                .into_iter()
                .enumerate()
                .filter(|(y, _)| !ys.contains(y))
                .map(|(_, j)| j)
                .collect();
        }
        if let ([b], [r]) = (b.as_slice(), r.as_slice()) {
            pair(*b, *r);
        }
    }
    let added = (0..revision.len())
        .filter(|&r| taken.get(r) == Some(&false))
        .collect();
    (partners, added)
}

/// Who may call an operation: the requirements that apply to it (its own
/// `security`, else the document's), and whether a call without
/// credentials is one of the alternatives.
struct Access {
    requirements: Vec<String>,
    anonymous: bool,
}

impl Access {
    /// `None` where the document says nothing about security anywhere (a
    /// spec that does not describe its authentication is not an API open
    /// to all).
    fn of(contract: &Contract, operation: &Value) -> Option<Access> {
        let root = &contract.root().root;
        let applied = operation.get("security").or_else(|| root.get("security"));
        let list: Vec<&serde_json::Map<String, Value>> = applied
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .collect();
        if list.is_empty() && applied.is_none() && !declares_security(root) {
            return None;
        }
        Some(Access {
            anonymous: list.is_empty() || list.iter().any(|r| r.is_empty()),
            requirements: list
                .iter()
                .filter(|r| !r.is_empty())
                .map(|r| r.keys().cloned().collect::<Vec<_>>().join(" AND "))
                .collect(),
        })
    }
}

/// Whether a document requires credentials anywhere: globally or on one of
/// its operations.
fn declares_security(root: &Value) -> bool {
    let required = |v: Option<&Value>| {
        v.and_then(Value::as_array).is_some_and(|list| {
            list.iter()
                .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
        })
    };
    if required(root.get("security")) {
        return true;
    }
    let Some(Value::Object(paths)) = root.get("paths") else {
        return false;
    };
    paths.values().any(|item| {
        METHODS
            .iter()
            .any(|m| required(item.get(*m).and_then(|op| op.get("security"))))
    })
}

/// The `operationId`s of a path's operations, sorted.
fn operation_ids<'c>(path: Option<&PathEntry<'c>>) -> Vec<&'c str> {
    let Some(Value::Object(item)) = path.map(|p| p.value) else {
        return Vec::new();
    };
    let mut ids: Vec<&str> = METHODS
        .iter()
        .filter_map(|m| item.get(*m)?.get("operationId")?.as_str())
        .collect();
    ids.sort_unstable();
    ids
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

    /// Pushes a change in a request or a response.
    #[allow(clippy::too_many_arguments)]
    fn push_in(
        &mut self,
        kind: ChangeKind,
        operation: &Operation,
        direction: Direction,
        status: Option<&str>,
        media_type: Option<&str>,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) {
        self.out.push(Change {
            kind,
            operation: Some(operation.clone()),
            direction: Some(direction),
            status: status.map(str::to_owned),
            media_type: media_type.map(str::to_owned),
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

    fn paths(&mut self) {
        let base = paths_of(&self.schemas.base, "paths");
        let revision = paths_of(&self.schemas.revision, "paths");
        let (partners, added) = match_paths(&base, &revision);
        for (b, partner) in base.iter().zip(partners) {
            match partner.and_then(|r| revision.get(r)) {
                Some(r) => self.path_item(b, r),
                None => self.path_removed(b),
            }
        }
        for r in added.iter().filter_map(|&i| revision.get(i)) {
            self.path_added(r);
        }
    }

    fn webhooks(&mut self) {
        let base = paths_of(&self.schemas.base, "webhooks");
        let revision = paths_of(&self.schemas.revision, "webhooks");
        for b in &base {
            if !revision.iter().any(|r| r.template == b.template) {
                let kind = ChangeKind::Webhook {
                    name: b.template.clone(),
                    added: false,
                };
                self.push(kind, None, Some(b.item.clone()), None);
            }
        }
        for r in &revision {
            if !base.iter().any(|b| b.template == r.template) {
                let kind = ChangeKind::Webhook {
                    name: r.template.clone(),
                    added: true,
                };
                self.push(kind, None, None, Some(r.item.clone()));
            }
        }
        let common: Vec<(&PathEntry, &PathEntry)> = base
            .iter()
            .filter_map(|b| Some((b, revision.iter().find(|r| r.template == b.template)?)))
            .collect();
        for (b, r) in common {
            self.path_item(b, r);
        }
    }

    /// Every operation of a path the revision no longer has.
    fn path_removed(&mut self, b: &PathEntry<'c>) {
        for method in self.methods(b.value) {
            let Some((node, value)) = b.operation(method) else {
                continue;
            };
            let removal = self.removal(value);
            let kind = ChangeKind::OperationRemoved {
                path_removed: true,
                removal,
            };
            let op = Operation::new(method, &b.template);
            self.push(kind, Some(&op), Some(node), None);
        }
    }

    /// Every operation of a path the base did not have.
    fn path_added(&mut self, r: &PathEntry<'c>) {
        for method in self.methods(r.value) {
            let op = Operation::new(method, &r.template);
            let kind = ChangeKind::OperationAdded { new_path: true };
            self.push(kind, Some(&op), None, Some(r.item.push(method)));
        }
    }

    fn methods(&self, item: &Value) -> Vec<&'static str> {
        METHODS
            .into_iter()
            .filter(|m| item.get(m).is_some_and(Value::is_object))
            .collect()
    }

    /// How the removal of what `value` is (an operation, a parameter)
    /// stands with its deprecation.
    fn removal(&self, value: &Value) -> Removal {
        Removal::of(value, self.options.today)
    }

    fn path_item(&mut self, b: &PathEntry<'c>, r: &PathEntry<'c>) {
        let base_methods = self.methods(b.value);
        let revision_methods = self.methods(r.value);
        for method in &base_methods {
            let Some(base_op) = b.operation(method) else {
                continue;
            };
            if let Some(rev_op) = r
                .operation(method)
                .filter(|_| revision_methods.contains(method))
            {
                let operation = Operation::new(method, &b.template);
                self.operation(&operation, b, r, &base_op, &rev_op);
            } else {
                let removal = self.removal(base_op.1);
                let kind = ChangeKind::OperationRemoved {
                    path_removed: false,
                    removal,
                };
                let op = Operation::new(method, &b.template);
                self.push(kind, Some(&op), Some(base_op.0), None);
            }
        }
        for method in &revision_methods {
            if !base_methods.contains(method) {
                let op = Operation::new(method, &b.template);
                let kind = ChangeKind::OperationAdded { new_path: false };
                self.push(kind, Some(&op), None, Some(r.item.push(method)));
            }
        }
    }

    fn operation(
        &mut self,
        operation: &Operation,
        b: &PathEntry<'c>,
        r: &PathEntry<'c>,
        base_op: &Node<'c>,
        rev_op: &Node<'c>,
    ) {
        self.policy = self.min_sunset(Some(rev_op.1));
        self.attributes(operation, base_op, rev_op);
        self.security(Some(operation), base_op, rev_op);
        self.anonymous_access(operation, base_op, rev_op);
        self.parameters(operation, b, r, base_op, rev_op);
        self.request_body(operation, base_op, rev_op);
        self.responses(operation, base_op, rev_op);
        self.callbacks(operation, base_op, rev_op);
    }

    /// `callbacks`: requests the provider sends to the client. A callback
    /// (or one of its URL expressions) added or removed is a change; the
    /// operations of those both sides have are compared with directions
    /// turned round.
    fn callbacks(&mut self, operation: &Operation, base_op: &Node<'c>, rev_op: &Node<'c>) {
        let expressions = |nav: &Navigator<'c>, op: &Node<'c>| -> Vec<(String, String, Node<'c>)> {
            let mut out = Vec::new();
            let Some(Value::Object(callbacks)) = op.1.get("callbacks") else {
                return out;
            };
            let at = op.0.push("callbacks");
            for (name, value) in callbacks {
                let Some((callback, value)) = nav.follow(at.push(name), value) else {
                    continue;
                };
                let Value::Object(items) = value else {
                    continue;
                };
                for (expression, item) in items {
                    let node = (callback.push(expression), item);
                    out.push((name.clone(), expression.clone(), node));
                }
            }
            out
        };
        let base = expressions(&self.schemas.base, base_op);
        let revision = expressions(&self.schemas.revision, rev_op);
        let named = |list: &[(String, String, Node<'c>)], name: &str| {
            list.iter().any(|(n, _, _)| n == name)
        };
        for (name, expression, node) in &base {
            if revision
                .iter()
                .any(|(n, e, _)| n == name && e == expression)
            {
                continue;
            }
            let kind = ChangeKind::Callback {
                name: name.clone(),
                expression: named(&revision, name).then(|| expression.clone()),
                added: false,
            };
            self.push(kind, Some(operation), Some(node.0.clone()), None);
        }
        for (name, expression, node) in &revision {
            if base.iter().any(|(n, e, _)| n == name && e == expression) {
                continue;
            }
            let kind = ChangeKind::Callback {
                name: name.clone(),
                expression: named(&base, name).then(|| expression.clone()),
                added: true,
            };
            self.push(kind, Some(operation), None, Some(node.0.clone()));
        }
        if self.flipped {
            // Callbacks of callbacks: compared at the first level only.
            return;
        }
        for (name, expression, b_node) in &base {
            let Some((_, _, r_node)) = revision
                .iter()
                .find(|(n, e, _)| n == name && e == expression)
            else {
                continue;
            };
            let (Some((b_item, bv)), Some((r_item, rv))) = (
                self.schemas.base.follow(b_node.0.clone(), b_node.1),
                self.schemas.revision.follow(r_node.0.clone(), r_node.1),
            ) else {
                continue;
            };
            let template = format!("{expression} (callback `{name}` of {operation})");
            let entry = |item: NodeRef, value| PathEntry {
                template: template.clone(),
                url: template.clone(),
                shape: template.clone(),
                item,
                value,
            };
            let (b, r) = (entry(b_item, bv), entry(r_item, rv));
            let policy = self.policy;
            self.flipped = true;
            self.path_item(&b, &r);
            self.flipped = false;
            self.policy = policy;
        }
    }

    /// Deprecation, sunset, stability, `operationId` and tags.
    fn attributes(&mut self, operation: &Operation, b: &Node<'c>, r: &Node<'c>) {
        let (bv, rv) = (Some(b.1), Some(r.1));
        let get = |v: Option<&Value>, k: &str| v.and_then(|v| v.get(k)).cloned();
        let mut changes = Vec::new();
        let (was, is) = (flag(bv, "deprecated"), flag(rv, "deprecated"));
        let (sb, sr) = (
            text(get(bv, "x-sunset").as_ref()),
            text(get(rv, "x-sunset").as_ref()),
        );
        let min_sunset = self.min_sunset(rv);
        if was != is {
            changes.push(OperationChange::Deprecated {
                now: is,
                sunset: sr,
                min_sunset,
            });
        } else if is && sb != sr {
            changes.push(OperationChange::Sunset {
                before: sb,
                after: sr,
                min_sunset,
            });
        }
        let (stb, str_) = (get(bv, "x-stability-level"), get(rv, "x-stability-level"));
        let valid = |v: &Option<Value>| {
            v.as_ref()
                .is_none_or(|v| matches!(v.as_str(), Some("draft" | "alpha" | "beta" | "stable")))
        };
        if stb != str_ || !valid(&stb) || !valid(&str_) {
            changes.push(OperationChange::Stability {
                before: stb,
                after: str_,
            });
        }
        let id = |v: Option<&Value>| {
            v.and_then(|v| v.get("operationId"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        if id(bv) != id(rv) {
            changes.push(OperationChange::OperationId {
                before: id(bv),
                after: id(rv),
            });
        }
        let tags = |v: Option<&Value>| -> Vec<String> {
            v.and_then(|v| v.get("tags"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (tb, tr) = (tags(bv), tags(rv));
        for name in tb.iter().filter(|t| !tr.contains(t)) {
            changes.push(OperationChange::Tag {
                name: name.clone(),
                added: false,
            });
        }
        for name in tr.iter().filter(|t| !tb.contains(t)) {
            changes.push(OperationChange::Tag {
                name: name.clone(),
                added: true,
            });
        }
        for change in changes {
            self.push(
                ChangeKind::Operation(change),
                Some(operation),
                Some(b.0.clone()),
                Some(r.0.clone()),
            );
        }
    }

    /// `security` requirements of an operation, or the global ones when
    /// `operation` is `None`. A requirement is named by its schemes
    /// (`oauth AND apiKey`); its scopes are compared scheme by scheme.
    fn security(&mut self, operation: Option<&Operation>, b: &Node<'c>, r: &Node<'c>) {
        let (bs, rs) = (b.1.get("security"), r.1.get("security"));
        if bs == rs {
            return;
        }
        let requirements =
            |list: Option<&Value>| -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
                list.and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object)
                    .map(|req| {
                        let schemes: BTreeMap<String, Vec<String>> = req
                            .iter()
                            .map(|(name, scopes)| {
                                let scopes = scopes
                                    .as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect();
                                (name.clone(), scopes)
                            })
                            .collect();
                        let key = schemes.keys().cloned().collect::<Vec<_>>().join(" AND ");
                        (key, schemes)
                    })
                    .collect()
            };
        let (base, revision) = (requirements(bs), requirements(rs));
        let (bn, rn) = (b.0.push("security"), r.0.push("security"));
        for (key, schemes) in &base {
            match revision.get(key) {
                None => {
                    let kind = ChangeKind::Security {
                        scheme: key.clone(),
                        scopes: schemes.values().flatten().cloned().collect(),
                        added: false,
                    };
                    self.push(kind, operation, Some(bn.clone()), None);
                }
                Some(other) => {
                    for (scheme, scopes) in schemes {
                        let after = other.get(scheme).cloned().unwrap_or_default();
                        for scope in scopes.iter().filter(|s| !after.contains(s)) {
                            let kind = ChangeKind::SecurityScope {
                                scheme: scheme.clone(),
                                scope: scope.clone(),
                                added: false,
                            };
                            self.push(kind, operation, Some(bn.clone()), Some(rn.clone()));
                        }
                        for scope in after.iter().filter(|s| !scopes.contains(s)) {
                            let kind = ChangeKind::SecurityScope {
                                scheme: scheme.clone(),
                                scope: scope.clone(),
                                added: true,
                            };
                            self.push(kind, operation, Some(bn.clone()), Some(rn.clone()));
                        }
                    }
                }
            }
        }
        for (key, schemes) in &revision {
            if !base.contains_key(key) {
                let kind = ChangeKind::Security {
                    scheme: key.clone(),
                    scopes: schemes.values().flatten().cloned().collect(),
                    added: true,
                };
                self.push(kind, operation, None, Some(rn.clone()));
            }
        }
    }

    /// An operation callable without credentials in the base that requires
    /// them in the revision: every anonymous client breaks. The operation's
    /// own `security`, else the document's, is what applies.
    fn anonymous_access(&mut self, operation: &Operation, b: &Node<'c>, r: &Node<'c>) {
        let (Some(before), Some(after)) = (
            Access::of(self.sides.base, b.1),
            Access::of(self.sides.revision, r.1),
        ) else {
            return;
        };
        if !before.anonymous || after.anonymous {
            return;
        }
        let node = match r.1.get("security") {
            Some(_) => r.0.push("security"),
            None => self.sides.revision.root_node().push("security"),
        };
        let kind = ChangeKind::AnonymousAccessRemoved {
            requirements: after.requirements,
        };
        self.push(kind, Some(operation), None, Some(node));
    }

    /// `components.schemas` removed (by name): a changelog entry for SDKs
    /// generated from them.
    fn component_schemas(&mut self) {
        let at = |c: &Contract| c.root_node().push("components").push("schemas");
        let (bs, rs) = (at(self.sides.base), at(self.sides.revision));
        let revision: Vec<&String> = object_keys(self.sides.revision, &rs);
        let removed: Vec<String> = object_keys(self.sides.base, &bs)
            .into_iter()
            .filter(|name| !revision.contains(name))
            .cloned()
            .collect();
        for name in removed {
            let node = bs.push(&name);
            self.push(
                ChangeKind::ComponentSchemaRemoved { name },
                None,
                Some(node),
                None,
            );
        }
    }

    /// `components.securitySchemes`.
    fn security_schemes(&mut self) {
        let at = |c: &Contract| c.root_node().push("components").push("securitySchemes");
        let (bs, rs) = (at(self.sides.base), at(self.sides.revision));
        let names: Vec<String> = object_keys(self.sides.base, &bs)
            .into_iter()
            .cloned()
            .collect();
        let mut changes: Vec<(String, SchemeChange, Option<NodeRef>, Option<NodeRef>)> = Vec::new();
        for name in &names {
            let b = resolve(self.sides.base, &bs.push(name));
            let r = self
                .sides
                .revision
                .value(&rs.push(name))
                .and_then(|_| resolve(self.sides.revision, &rs.push(name)));
            let (Some(b), Some(r)) = (b, r) else {
                changes.push((
                    name.clone(),
                    SchemeChange::Removed,
                    Some(bs.push(name)),
                    None,
                ));
                continue;
            };
            let (Some(bv), Some(rv)) = (self.sides.base.value(&b), self.sides.revision.value(&r))
            else {
                continue;
            };
            let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
            if s(bv, "type") != s(rv, "type") {
                let change = SchemeChange::Type {
                    before: s(bv, "type").unwrap_or_default(),
                    after: s(rv, "type").unwrap_or_default(),
                };
                changes.push((name.clone(), change, Some(b.clone()), Some(r.clone())));
            }
            let flows = |v: &Value| {
                v.get("flows")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            };
            let (fb, fr) = (flows(bv), flows(rv));
            for (flow, bflow) in &fb {
                let Some(rflow) = fr.get(flow) else {
                    continue;
                };
                for (key, token) in [("authorizationUrl", false), ("tokenUrl", true)] {
                    if s(bflow, key) != s(rflow, key) {
                        let change = SchemeChange::Url {
                            flow: flow.clone(),
                            token,
                            before: s(bflow, key),
                            after: s(rflow, key),
                        };
                        changes.push((name.clone(), change, Some(b.clone()), Some(r.clone())));
                    }
                }
                let scopes = |v: &Value| {
                    v.get("scopes")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default()
                };
                let (sb, sr) = (scopes(bflow), scopes(rflow));
                for (scope, description) in &sb {
                    let change = match sr.get(scope) {
                        None => SchemeChange::Scope {
                            flow: flow.clone(),
                            scope: scope.clone(),
                            added: false,
                        },
                        Some(d) if d != description => SchemeChange::ScopeChanged {
                            flow: flow.clone(),
                            scope: scope.clone(),
                        },
                        Some(_) => continue,
                    };
                    changes.push((name.clone(), change, Some(b.clone()), Some(r.clone())));
                }
                for scope in sr.keys().filter(|k| !sb.contains_key(*k)) {
                    let change = SchemeChange::Scope {
                        flow: flow.clone(),
                        scope: scope.clone(),
                        added: true,
                    };
                    changes.push((name.clone(), change, Some(b.clone()), Some(r.clone())));
                }
            }
        }
        for name in object_keys(self.sides.revision, &rs) {
            if !names.contains(name) {
                changes.push((name.clone(), SchemeChange::Added, None, Some(rs.push(name))));
            }
        }
        for (name, change, b, r) in changes {
            self.push(ChangeKind::SecurityScheme { name, change }, None, b, r);
        }
    }

    fn parameters(
        &mut self,
        operation: &Operation,
        b: &PathEntry<'c>,
        r: &PathEntry<'c>,
        base_op: &Node<'c>,
        rev_op: &Node<'c>,
    ) {
        let base = parameters_of(&self.schemas.base, b, base_op);
        let revision = parameters_of(&self.schemas.revision, r, rev_op);
        // Path parameters are matched by position: `{id}` renamed `{accountId}`
        // in the same place is the same parameter.
        let path_names = |template: &str| -> Vec<String> {
            template
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                .collect()
        };
        let (base_path, rev_path) = (path_names(&b.template), path_names(&r.template));
        let renamed = |key: &ParameterKey| -> ParameterKey {
            if key.location != "path" {
                return key.clone();
            }
            match base_path
                .iter()
                .position(|n| *n == key.name)
                .and_then(|i| rev_path.get(i))
            {
                Some(name) => ParameterKey {
                    location: key.location.clone(),
                    name: name.clone(),
                },
                None => key.clone(),
            }
        };
        for (key, node, _) in &base {
            let target = renamed(key);
            if let Some((_, rnode, _)) = revision.iter().find(|(k, _, _)| *k == target) {
                let min_sunset = self.min_sunset(Some(rev_op.1));
                self.parameter(operation, &target, node, rnode, min_sunset);
                continue;
            }
            let removal = if is_unstable(base_op.1) {
                Removal::Unstable
            } else {
                self.removal(node.1)
            };
            let kind = ChangeKind::ParameterRemoved {
                location: key.location.clone(),
                name: key.name.clone(),
                removal,
            };
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Request),
                None,
                None,
                Some(node.0.clone()),
                None,
            );
        }
        for (key, node, path_level) in &revision {
            if base.iter().any(|(k, _, _)| renamed(k) == *key) {
                continue;
            }
            let required = flag(Some(node.1), "required");
            let kind = ChangeKind::ParameterAdded {
                location: key.location.clone(),
                name: key.name.clone(),
                required,
                path_level: *path_level,
            };
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Request),
                None,
                None,
                None,
                Some(node.0.clone()),
            );
        }
    }

    /// The deprecation policy of an operation: the earliest sunset allowed.
    fn min_sunset(&self, operation: Option<&Value>) -> Option<Date> {
        self.options
            .min_sunset(operation.and_then(|v| v.get("x-stability-level")))
    }

    /// A parameter both sides have: `required`, deprecation, its schema.
    fn parameter(
        &mut self,
        operation: &Operation,
        key: &ParameterKey,
        b: &Node<'c>,
        r: &Node<'c>,
        min_sunset: Option<Date>,
    ) {
        let (bv, rv) = (Some(b.1), Some(r.1));
        let mut changes = Vec::new();
        // Path parameters are required whatever they say.
        let required = |v: Option<&Value>| key.location == "path" || flag(v, "required");
        if required(bv) != required(rv) {
            changes.push(ParameterChange::Required { now: required(rv) });
        }
        let (was, is) = (flag(bv, "deprecated"), flag(rv, "deprecated"));
        let sunset = |v: Option<&Value>| text(v.and_then(|v| v.get("x-sunset")));
        if was != is {
            changes.push(ParameterChange::Deprecated {
                now: is,
                sunset: sunset(rv),
                min_sunset,
            });
        } else if is && sunset(bv) != sunset(rv) {
            changes.push(ParameterChange::Sunset {
                before: sunset(bv),
                after: sunset(rv),
                min_sunset,
            });
        }
        for change in changes {
            let kind = ChangeKind::Parameter {
                location: key.location.clone(),
                name: key.name.clone(),
                change,
            };
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Request),
                None,
                None,
                Some(b.0.clone()),
                Some(r.0.clone()),
            );
        }
        let context = Context {
            operation: Some(operation.clone()),
            direction: Some(self.dir(Direction::Request)),
            status: None,
            media_type: None,
            root: Root::Parameter {
                location: key.location.clone(),
                name: key.name.clone(),
            },
            // As declared: a path parameter's default, say, is still read.
            required: Some(flag(rv, "required")),
            min_sunset,
        };
        let (bs, rs) = (
            self.schemas.base.member(b, "schema"),
            self.schemas.revision.member(r, "schema"),
        );
        if let (Some(bs), Some(rs)) = (bs, rs) {
            self.schemas.compare(bs, rs, &context, &mut self.out);
        }
    }

    fn request_body(&mut self, operation: &Operation, base_op: &Node<'c>, rev_op: &Node<'c>) {
        let (b, r) = (
            self.schemas
                .base
                .child(&base_op.0, base_op.1, "requestBody"),
            self.schemas
                .revision
                .child(&rev_op.0, rev_op.1, "requestBody"),
        );
        let change = match (&b, &r) {
            (None, Some(r)) => Some(BodyChange::Added {
                required: flag(Some(r.1), "required"),
            }),
            (Some(_), None) => Some(BodyChange::Removed),
            (Some(bn), Some(rn)) => {
                let (was, is) = (flag(Some(bn.1), "required"), flag(Some(rn.1), "required"));
                (was != is).then_some(BodyChange::Required { now: is })
            }
            (None, None) => None,
        };
        if let Some(change) = change {
            let kind = ChangeKind::RequestBody(change);
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Request),
                None,
                None,
                b.as_ref().map(|b| b.0.clone()),
                r.as_ref().map(|r| r.0.clone()),
            );
        }
        if let (Some(b), Some(r)) = (b, r) {
            self.content(operation, self.dir(Direction::Request), None, &b, &r);
        }
    }

    fn responses(&mut self, operation: &Operation, base_op: &Node<'c>, rev_op: &Node<'c>) {
        let (b_values, r_values) = (base_op.1.get("responses"), rev_op.1.get("responses"));
        let (b_responses, r_responses) = (base_op.0.push("responses"), rev_op.0.push("responses"));
        let base = keys(b_values);
        let revision = keys(r_values);
        for &status in &base {
            if !revision.contains(&status) {
                let kind = ChangeKind::Response { added: false };
                self.push_in(
                    kind,
                    operation,
                    self.dir(Direction::Response),
                    Some(status),
                    None,
                    Some(b_responses.push(status)),
                    None,
                );
                continue;
            }
            let (Some(b), Some(r)) = (
                b_values.and_then(|v| self.schemas.base.child(&b_responses, v, status)),
                r_values.and_then(|v| self.schemas.revision.child(&r_responses, v, status)),
            ) else {
                continue;
            };
            self.content(
                operation,
                self.dir(Direction::Response),
                Some(status),
                &b,
                &r,
            );
            self.headers(operation, status, &b, &r);
        }
        for &status in revision.iter().filter(|s| !base.contains(s)) {
            let kind = ChangeKind::Response { added: true };
            let r = r_responses.push(status);
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Response),
                Some(status),
                None,
                None,
                Some(r),
            );
        }
    }

    fn headers(&mut self, operation: &Operation, status: &str, b: &Node<'c>, r: &Node<'c>) {
        let (bh, rh) = (b.1.get("headers"), r.1.get("headers"));
        let (b_at, r_at) = (b.0.push("headers"), r.0.push("headers"));
        // Header names compare case-insensitively.
        let names = |headers: Option<&'c Value>| -> Vec<(String, &'c String)> {
            keys(headers)
                .into_iter()
                .map(|k| (k.to_ascii_lowercase(), k))
                .collect()
        };
        let (base, revision) = (names(bh), names(rh));
        // A header (followed), by its name as written.
        let header = |nav: &Navigator<'c>, at: &NodeRef, headers: Option<&'c Value>, name: &str| {
            nav.child(at, headers?, name)
        };
        let required =
            |h: &Option<Node<'c>>| h.as_ref().is_some_and(|h| flag(Some(h.1), "required"));
        for (lower, name) in &base {
            let bn = b_at.push(name);
            let b_header = header(&self.schemas.base, &b_at, bh, name);
            let Some((_, rname)) = revision.iter().find(|(l, _)| l == lower) else {
                let kind = ChangeKind::ResponseHeader {
                    name: (*name).clone(),
                    change: HeaderChange::Removed {
                        required: required(&b_header),
                    },
                };
                self.push_in(
                    kind,
                    operation,
                    self.dir(Direction::Response),
                    Some(status),
                    None,
                    Some(bn),
                    None,
                );
                continue;
            };
            let rn = r_at.push(rname);
            let r_header = header(&self.schemas.revision, &r_at, rh, rname);
            let (was, is) = (required(&b_header), required(&r_header));
            if was != is {
                let kind = ChangeKind::ResponseHeader {
                    name: (*name).clone(),
                    change: HeaderChange::Required { now: is },
                };
                self.push_in(
                    kind,
                    operation,
                    self.dir(Direction::Response),
                    Some(status),
                    None,
                    Some(bn.clone()),
                    Some(rn.clone()),
                );
            }
            let (Some(bn), Some(rn)) = (b_header, r_header) else {
                continue;
            };
            let context = Context {
                operation: Some(operation.clone()),
                direction: Some(self.dir(Direction::Response)),
                status: Some(status.to_owned()),
                media_type: None,
                root: Root::Header {
                    name: (*name).clone(),
                },
                required: Some(is),
                min_sunset: self.policy,
            };
            let (bs, rs) = (
                self.schemas.base.member(&bn, "schema"),
                self.schemas.revision.member(&rn, "schema"),
            );
            if let (Some(bs), Some(rs)) = (bs, rs) {
                self.schemas.compare(bs, rs, &context, &mut self.out);
            }
        }
        for (lower, name) in &revision {
            if base.iter().any(|(l, _)| l == lower) {
                continue;
            }
            let rn = r_at.push(name);
            let r_header = header(&self.schemas.revision, &r_at, rh, name);
            let kind = ChangeKind::ResponseHeader {
                name: (*name).clone(),
                change: HeaderChange::Added {
                    required: required(&r_header),
                },
            };
            self.push_in(
                kind,
                operation,
                self.dir(Direction::Response),
                Some(status),
                None,
                None,
                Some(rn),
            );
        }
    }

    /// Media types of a request body or a response: added, removed, or
    /// (one replacing one in a response) renamed; the schemas of those both
    /// sides have are compared.
    fn content(
        &mut self,
        operation: &Operation,
        direction: Direction,
        status: Option<&str>,
        b: &Node<'c>,
        r: &Node<'c>,
    ) {
        let (b_values, r_values) = (b.1.get("content"), r.1.get("content"));
        let (b_content, r_content) = (b.0.push("content"), r.0.push("content"));
        let base = keys(b_values);
        let revision = keys(r_values);
        let removed: Vec<&String> = base
            .iter()
            .copied()
            .filter(|m| !revision.contains(m))
            .collect();
        let added: Vec<&String> = revision
            .iter()
            .copied()
            .filter(|m| !base.contains(m))
            .collect();
        let mut pairs: Vec<(&String, &String)> = base
            .iter()
            .filter(|m| revision.contains(m))
            .map(|m| (*m, *m))
            .collect();
        if let ([before], [after], Direction::Response) =
            (removed.as_slice(), added.as_slice(), direction)
        {
            let kind = ChangeKind::MediaTypeRenamed {
                before: (*before).clone(),
                after: (*after).clone(),
            };
            let (bn, rn) = (b_content.push(before), r_content.push(after));
            self.push_in(
                kind,
                operation,
                direction,
                status,
                Some(after),
                Some(bn),
                Some(rn),
            );
            pairs.push((before, after));
        } else {
            for name in removed {
                let kind = ChangeKind::MediaType {
                    name: name.clone(),
                    added: false,
                };
                let bn = b_content.push(name);
                self.push_in(
                    kind,
                    operation,
                    direction,
                    status,
                    Some(name),
                    Some(bn),
                    None,
                );
            }
            for name in added {
                let kind = ChangeKind::MediaType {
                    name: name.clone(),
                    added: true,
                };
                let rn = r_content.push(name);
                self.push_in(
                    kind,
                    operation,
                    direction,
                    status,
                    Some(name),
                    None,
                    Some(rn),
                );
            }
        }
        for (bm, rm) in pairs {
            let schema = |at: &NodeRef, values: Option<&'c Value>, name: &str| {
                let value = values?.get(name)?.get("schema")?;
                Some((at.push_all(&[name, "schema"]), value))
            };
            let (b_schema, r_schema) = (
                schema(&b_content, b_values, bm),
                schema(&r_content, r_values, rm),
            );
            let (b_schema, r_schema) = match (b_schema, r_schema) {
                (Some(b), Some(r)) => (b, r),
                (None, None) => continue,
                (b, r) => {
                    let kind = ChangeKind::MediaTypeSchema {
                        name: rm.clone(),
                        added: r.is_some(),
                    };
                    let (bn, rn) = (b.map(|b| b.0), r.map(|r| r.0));
                    self.push_in(kind, operation, direction, status, Some(rm), bn, rn);
                    continue;
                }
            };
            let context = Context {
                operation: Some(operation.clone()),
                direction: Some(direction),
                status: status.map(str::to_owned),
                media_type: Some(rm.clone()),
                root: Root::Body,
                required: None,
                min_sunset: self.policy,
            };
            self.schemas
                .compare(b_schema, r_schema, &context, &mut self.out);
        }
    }
}

/// The parameters in effect for an operation: the path item's, overridden
/// by the operation's own with the same `in` and `name`.
fn parameters_of<'c>(
    nav: &Navigator<'c>,
    item: &PathEntry<'c>,
    op: &Node<'c>,
) -> Vec<(ParameterKey, Node<'c>, bool)> {
    let mut out: Vec<(ParameterKey, Node<'c>, bool)> = Vec::new();
    for (owner, path_level) in [((&item.item, item.value), true), ((&op.0, op.1), false)] {
        let Some(Value::Array(list)) = owner.1.get("parameters") else {
            continue;
        };
        let at = owner.0.push("parameters");
        for (i, value) in list.iter().enumerate() {
            let Some(node) = nav.follow(at.push_index(i), value) else {
                continue;
            };
            let Some(key) = ParameterKey::of(node.1) else {
                continue;
            };
            // OpenAPI ignores these header parameters: content negotiation
            // and security schemes say what they carry.
            if key.location == "header"
                && matches!(
                    key.name.as_str(),
                    "accept" | "content-type" | "authorization"
                )
            {
                continue;
            }
            match out.iter_mut().find(|(k, _, _)| *k == key) {
                Some(slot) => {
                    slot.1 = node;
                    slot.2 = path_level;
                }
                None => out.push((key, node, path_level)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Document, NoFiles};

    fn contract(yaml: &str) -> Contract {
        let doc = Document::parse("api.yaml".into(), yaml.as_bytes().to_vec()).unwrap();
        Contract::from_root(doc, &mut NoFiles).unwrap()
    }

    #[test]
    fn server_prefixes_read_the_path_of_every_server() {
        let c = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example/v1/'}, {url: '/v1'}]\npaths: {}\n",
        );
        assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "/v1");
        let c = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example/v1'}, {url: 'https://b.example/v2'}]\npaths: {}\n",
        );
        assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "");
        let c = contract("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "");
    }

    #[test]
    fn a_prefix_moved_from_servers_into_paths_is_no_change() {
        let base = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example/v1'}]\npaths:\n  /accounts/{id}:\n    get: {responses: {'200': {description: ok}}}\n",
        );
        let revision = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example'}]\npaths:\n  /v1/accounts/{accountId}:\n    get: {responses: {'200': {description: ok}}}\n",
        );
        let changes = diff(&base, &revision, &DiffOptions::default());
        assert_eq!(changes, Vec::new());
    }

    /// Two operations `GET` at `paths` (templates with the parameter's
    /// schema), in that order.
    fn journals(paths: &[(&str, &str)]) -> Contract {
        let mut yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n".to_owned();
        for (template, schema) in paths {
            let name = template
                .rsplit('{')
                .next()
                .and_then(|n| n.strip_suffix('}'))
                .unwrap();
            yaml += &format!(
                "  {template}:\n    get:\n      parameters: [{{name: {name}, in: path, required: true, schema: {schema}}}]\n      responses: {{'200': {{description: ok}}}}\n"
            );
        }
        contract(&yaml)
    }

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let op = c.operation.as_ref().map(ToString::to_string);
                format!("{} {:?}", op.unwrap_or_default(), c.kind)
            })
            .collect()
    }

    #[test]
    fn paths_of_one_shape_are_matched_by_their_names_in_any_order() {
        let uuid = "{type: string, format: uuid}";
        let number = "{type: integer}";
        let base = journals(&[("/journals/{id}", uuid), ("/journals/{number}", number)]);
        let same = journals(&[("/journals/{id}", uuid), ("/journals/{number}", number)]);
        let reordered = journals(&[("/journals/{number}", number), ("/journals/{id}", uuid)]);
        for revision in [&same, &reordered] {
            let changes = diff(&base, revision, &DiffOptions::default());
            assert_eq!(summary(&changes), Vec::<String>::new());
        }
    }

    #[test]
    fn a_parameter_rename_is_a_rename_only_where_it_is_unambiguous() {
        let s = "{type: string}";
        // One path of the shape on each side: renamed.
        let base = journals(&[("/journals/{id}", s)]);
        let revision = journals(&[("/journals/{journalId}", s)]);
        let changes = diff(&base, &revision, &DiffOptions::default());
        assert_eq!(summary(&changes), Vec::<String>::new());
        // The paths matched by name settle first; one left on each side is
        // the rename.
        let base = journals(&[("/journals/{id}", s), ("/journals/{number}", s)]);
        let revision = journals(&[("/journals/{number}", s), ("/journals/{journalId}", s)]);
        let changes = diff(&base, &revision, &DiffOptions::default());
        assert_eq!(summary(&changes), Vec::<String>::new());
        // Two left on one side: which is which cannot be told; removed and
        // added.
        let base = journals(&[("/journals/{id}", s), ("/journals/{number}", s)]);
        let revision = journals(&[("/journals/{journalId}", s)]);
        let changes = summary(&diff(&base, &revision, &DiffOptions::default()));
        assert_eq!(changes.len(), 3, "{changes:#?}");
        assert!(changes[0].starts_with("GET /journals/{id} OperationRemoved"));
        assert!(changes[1].starts_with("GET /journals/{number} OperationRemoved"));
        assert!(changes[2].starts_with("GET /journals/{journalId} OperationAdded"));
    }

    #[test]
    fn paths_of_one_shape_renamed_together_keep_their_operations_by_id() {
        let yaml = |a: &str, b: &str| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /journals/{{{a}}}:\n    get:\n      operationId: getJournal\n      parameters: [{{name: {a}, in: path, required: true, schema: {{type: string, format: uuid}}}}]\n      responses: {{'200': {{description: ok}}}}\n  /journals/{{{b}}}:\n    get:\n      operationId: getJournalByNumber\n      parameters: [{{name: {b}, in: path, required: true, schema: {{type: integer}}}}]\n      responses: {{'200': {{description: ok}}}}\n"
            )
        };
        let base = contract(&yaml("id", "number"));
        // Both renamed: two paths of the shape on each side, told apart by
        // their operations' ids.
        let revision = contract(&yaml("journalId", "journalNumber"));
        let changes = diff(&base, &revision, &DiffOptions::default());
        assert_eq!(summary(&changes), Vec::<String>::new());
    }

    fn member_contract(members: &str, components: &str) -> Contract {
        contract(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              oneOf: {members}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas: {components}\n"
        ))
    }

    #[test]
    fn a_union_member_renamed_inlined_or_reordered_is_the_same_member() {
        let base = member_contract(
            "[{$ref: '#/components/schemas/Card'}, {$ref: '#/components/schemas/Bank'}]",
            "{Card: {type: object, required: [number], properties: {number: {type: string}}}, Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
        );
        let renamed = member_contract(
            "[{$ref: '#/components/schemas/Bank2'}, {$ref: '#/components/schemas/PaymentCard'}]",
            "{PaymentCard: {type: object, required: [number], properties: {number: {type: string, description: The PAN.}}}, Bank2: {type: object, required: [iban], properties: {iban: {type: string}}}}",
        );
        let inlined = member_contract(
            "[{type: object, required: [number], properties: {number: {type: string}}}, {$ref: '#/components/schemas/Bank'}]",
            "{Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
        );
        for revision in [&renamed, &inlined] {
            // The components renamed or gone are listed (SDKs lose the
            // type names); the body is unchanged.
            let changes: Vec<String> = summary(&diff(&base, revision, &DiffOptions::default()))
                .into_iter()
                .filter(|c| !c.contains("ComponentSchemaRemoved"))
                .collect();
            assert_eq!(changes, Vec::<String>::new());
        }
        // Renamed and changed: not the same member any more.
        let changed = member_contract(
            "[{$ref: '#/components/schemas/PaymentCard'}, {$ref: '#/components/schemas/Bank'}]",
            "{PaymentCard: {type: object, required: [number], properties: {number: {type: integer}}}, Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
        );
        let changes = summary(&diff(&base, &changed, &DiffOptions::default()));
        assert!(
            changes
                .iter()
                .any(|c| c.contains("Branch") && c.contains("Card")),
            "{changes:#?}"
        );
    }

    #[test]
    fn anonymous_access_is_known_only_where_the_document_describes_security() {
        let spec = |global: &str, op: &str| {
            contract(&format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{global}paths:\n  /a:\n    get: {{{op}responses: {{'200': {{description: ok}}}}}}\n  /b:\n    get: {{security: [{{key: []}}], responses: {{'200': {{description: ok}}}}}}\n"
            ))
        };
        let removed = |base: &Contract, revision: &Contract| {
            diff(base, revision, &DiffOptions::default())
                .iter()
                .filter(|c| matches!(c.kind, ChangeKind::AnonymousAccessRemoved { .. }))
                .count()
        };
        // `/a` had no requirement while `/b` had one: it was open.
        let open = spec("", "");
        let secured = spec("", "security: [{key: []}], ");
        assert_eq!(removed(&open, &secured), 1);
        assert_eq!(removed(&secured, &open), 0);
        // A document that says nothing about security says nothing about
        // who may call it.
        let silent = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n",
        );
        let global = contract(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{key: []}]\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n",
        );
        assert_eq!(removed(&silent, &global), 0);
    }
}
