//! Security requirements, anonymous access and security schemes.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diff::schema::{Node, resolve};
use crate::diff::{ChangeKind, SchemeChange};
use crate::load::{Contract, NodeRef};
use crate::model::openapi::{METHODS, Operation};

use super::{Walk, object_keys};

impl<'c> Walk<'c, '_> {
    /// `security` requirements of an operation, or the global ones when
    /// `operation` is `None`. A requirement is named by its schemes
    /// (`oauth AND apiKey`); its scopes are compared scheme by scheme.
    pub(super) fn security(&mut self, operation: Option<&Operation>, b: &Node<'c>, r: &Node<'c>) {
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
    pub(super) fn anonymous_access(&mut self, operation: &Operation, b: &Node<'c>, r: &Node<'c>) {
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

    /// `components.securitySchemes`.
    pub(super) fn security_schemes(&mut self) {
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
}

/// Who may call an operation: the requirements that apply to it (its own
/// `security`, else the document's), and whether a call without
/// credentials is one of the alternatives.
pub(super) struct Access {
    pub(super) requirements: Vec<String>,
    pub(super) anonymous: bool,
}

impl Access {
    /// `None` where the document says nothing about security anywhere (a
    /// spec that does not describe its authentication is not an API open
    /// to all).
    pub(super) fn of(contract: &Contract, operation: &Value) -> Option<Access> {
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
pub(super) fn declares_security(root: &Value) -> bool {
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
