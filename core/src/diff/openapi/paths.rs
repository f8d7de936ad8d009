//! Paths matched by the shape of their effective URL, their operations
//! (added, removed, deprecated), callbacks and webhooks.

use std::collections::HashMap;

use serde_json::Value;

use crate::diff::schema::{Navigator, Node};
use crate::diff::{ChangeKind, OperationChange};
use crate::load::NodeRef;
use crate::model::openapi::{METHODS, Operation, Removal, path_shape};

use super::{Walk, flag, text};

impl<'c> Walk<'c, '_> {
    pub(super) fn paths(&mut self) {
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

    pub(super) fn webhooks(&mut self) {
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
    pub(super) fn path_removed(&mut self, b: &PathEntry<'c>) {
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
    pub(super) fn path_added(&mut self, r: &PathEntry<'c>) {
        for method in self.methods(r.value) {
            let op = Operation::new(method, &r.template);
            let kind = ChangeKind::OperationAdded { new_path: true };
            self.push(kind, Some(&op), None, Some(r.item.push(method)));
        }
    }

    pub(super) fn methods(&self, item: &Value) -> Vec<&'static str> {
        METHODS
            .into_iter()
            .filter(|m| item.get(m).is_some_and(Value::is_object))
            .collect()
    }

    /// How the removal of what `value` is (an operation, a parameter)
    /// stands with its deprecation.
    pub(super) fn removal(&self, value: &Value) -> Removal {
        Removal::of(value, self.options.today)
    }

    pub(super) fn path_item(&mut self, b: &PathEntry<'c>, r: &PathEntry<'c>) {
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

    pub(super) fn operation(
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
    pub(super) fn callbacks(
        &mut self,
        operation: &Operation,
        base_op: &Node<'c>,
        rev_op: &Node<'c>,
    ) {
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
    pub(super) fn attributes(&mut self, operation: &Operation, b: &Node<'c>, r: &Node<'c>) {
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
}

/// A path of a contract: its template, the shape of its effective URL
/// path, and its (resolved) Path Item node.
pub(super) struct PathEntry<'c> {
    pub(super) template: String,
    /// The effective URL path: the server prefix, then the template.
    pub(super) url: String,
    pub(super) shape: String,
    pub(super) item: NodeRef,
    pub(super) value: &'c Value,
}

impl<'c> PathEntry<'c> {
    /// The operation at `method`, if the item has one.
    pub(super) fn operation(&self, method: &str) -> Option<Node<'c>> {
        let value = self.value.get(method)?;
        Some((self.item.push(method), value))
    }
}

pub(super) fn paths_of<'c>(nav: &Navigator<'c>, key: &str) -> Vec<PathEntry<'c>> {
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
pub(super) fn match_paths(
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

/// The `operationId`s of a path's operations, sorted.
pub(super) fn operation_ids<'c>(path: Option<&PathEntry<'c>>) -> Vec<&'c str> {
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
