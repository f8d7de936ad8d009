//! Parameters: matched by `in` and name (a path parameter by its place),
//! added, removed, required, deprecated, and their schemas.

use serde_json::Value;

use crate::diff::schema::{Navigator, Node, Root};
use crate::diff::{ChangeKind, Direction, ParameterChange};
use crate::model::date::Date;
use crate::model::openapi::{Operation, ParameterKey, Removal, is_unstable};

use super::paths::PathEntry;
use super::{Site, Walk, flag, text};

impl<'c> Walk<'c, '_> {
    pub(super) fn parameters(
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
                self.parameter(
                    Site::new(operation, self.dir(Direction::Request)),
                    &target,
                    node,
                    rnode,
                    min_sunset,
                );
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
            self.push_at(
                Site::new(operation, self.dir(Direction::Request)),
                kind,
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
            self.push_at(
                Site::new(operation, self.dir(Direction::Request)),
                kind,
                None,
                Some(node.0.clone()),
            );
        }
    }

    /// The deprecation policy of an operation: the earliest sunset allowed.
    pub(super) fn min_sunset(&self, operation: Option<&Value>) -> Option<Date> {
        self.options
            .min_sunset(operation.and_then(|v| v.get("x-stability-level")))
    }

    /// A parameter both sides have: `required`, deprecation, its schema.
    pub(super) fn parameter(
        &mut self,
        site: Site<'_>,
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
            self.push_at(site, kind, Some(b.0.clone()), Some(r.0.clone()));
        }
        let root = Root::Parameter {
            location: key.location.clone(),
            name: key.name.clone(),
        };
        // As declared: a path parameter's default, say, is still read.
        let context = site.context(root, Some(flag(rv, "required")), min_sunset);
        let (bs, rs) = (
            self.schemas.base.member(b, "schema"),
            self.schemas.revision.member(r, "schema"),
        );
        if let (Some(bs), Some(rs)) = (bs, rs) {
            self.schemas.compare(bs, rs, &context, &mut self.out);
        }
    }
}

/// The parameters in effect for an operation: the path item's, overridden
/// by the operation's own with the same `in` and `name`.
pub(super) fn parameters_of<'c>(
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
