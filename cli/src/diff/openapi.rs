//! The OpenAPI walk: paths (matched by shape, so a renamed path parameter
//! is the same path), operations, parameters, request bodies and responses;
//! schemas are handed to the shared schema comparison with their direction.

use std::collections::HashMap;

use serde_json::Value;

use super::schema::{Context, SchemaDiff, resolve};
use super::{Change, ChangeKind, DiffOptions, Direction, Sides};
use crate::load::{Contract, NodeRef};
use crate::model::openapi::{METHODS, Operation, ParameterKey, Removal, path_shape};

/// Every change between two OpenAPI contracts.
pub fn diff(base: &Contract, revision: &Contract, options: &DiffOptions) -> Vec<Change> {
    let sides = Sides { base, revision };
    let mut walk = Walk {
        sides,
        options,
        schemas: SchemaDiff::new(sides),
        out: Vec::new(),
    };
    walk.paths();
    walk.out
}

struct Walk<'c, 'o> {
    sides: Sides<'c>,
    options: &'o DiffOptions,
    schemas: SchemaDiff<'c>,
    out: Vec<Change>,
}

/// A path of a contract: its template and its (resolved) Path Item node.
struct PathEntry {
    template: String,
    item: NodeRef,
}

fn paths_of(contract: &Contract) -> Vec<PathEntry> {
    let paths = contract.root_node().push("paths");
    let Some(Value::Object(map)) = contract.value(&paths) else {
        return Vec::new();
    };
    map.keys()
        .filter(|template| template.starts_with('/'))
        .filter_map(|template| {
            let item = resolve(contract, &paths.push(template))?;
            Some(PathEntry {
                template: template.clone(),
                item,
            })
        })
        .collect()
}

fn object_keys<'c>(contract: &'c Contract, node: &NodeRef) -> Vec<&'c String> {
    match contract.value(node) {
        Some(Value::Object(map)) => map.keys().collect(),
        _ => Vec::new(),
    }
}

impl Walk<'_, '_> {
    fn paths(&mut self) {
        let base = paths_of(self.sides.base);
        let revision = paths_of(self.sides.revision);
        let by_shape: HashMap<String, &PathEntry> = revision
            .iter()
            .map(|p| (path_shape(&p.template), p))
            .collect();
        let base_shapes: HashMap<String, &PathEntry> =
            base.iter().map(|p| (path_shape(&p.template), p)).collect();
        for b in &base {
            match by_shape.get(&path_shape(&b.template)) {
                Some(r) => self.path_item(b, r),
                None => {
                    for method in self.methods(self.sides.base, &b.item) {
                        let node = b.item.push(method);
                        let removal = self.removal(self.sides.base, &node);
                        self.push(Change {
                            kind: ChangeKind::OperationRemoved {
                                path_removed: true,
                                removal,
                            },
                            operation: Some(Operation::new(method, &b.template)),
                            direction: None,
                            status: None,
                            media_type: None,
                            base: Some(node),
                            revision: None,
                            allowed: false,
                        });
                    }
                }
            }
        }
        for r in &revision {
            if base_shapes.contains_key(&path_shape(&r.template)) {
                continue;
            }
            for method in self.methods(self.sides.revision, &r.item) {
                self.push(Change {
                    kind: ChangeKind::OperationAdded { new_path: true },
                    operation: Some(Operation::new(method, &r.template)),
                    direction: None,
                    status: None,
                    media_type: None,
                    base: None,
                    revision: Some(r.item.push(method)),
                    allowed: false,
                });
            }
        }
    }

    fn methods(&self, contract: &Contract, item: &NodeRef) -> Vec<&'static str> {
        METHODS
            .into_iter()
            .filter(|m| contract.value(&item.push(m)).is_some_and(Value::is_object))
            .collect()
    }

    fn removal(&self, contract: &Contract, node: &NodeRef) -> Removal {
        contract
            .value(node)
            .map_or(Removal::WithoutDeprecation, |v| {
                Removal::of(v, self.options.today)
            })
    }

    fn push(&mut self, change: Change) {
        self.out.push(change);
    }

    fn path_item(&mut self, b: &PathEntry, r: &PathEntry) {
        let base_methods = self.methods(self.sides.base, &b.item);
        let revision_methods = self.methods(self.sides.revision, &r.item);
        for method in &base_methods {
            let base_op = b.item.push(method);
            if revision_methods.contains(method) {
                let operation = Operation::new(method, &r.template);
                self.operation(&operation, b, r, &base_op, &r.item.push(method));
            } else {
                let removal = self.removal(self.sides.base, &base_op);
                self.push(Change {
                    kind: ChangeKind::OperationRemoved {
                        path_removed: false,
                        removal,
                    },
                    operation: Some(Operation::new(method, &b.template)),
                    direction: None,
                    status: None,
                    media_type: None,
                    base: Some(base_op),
                    revision: None,
                    allowed: false,
                });
            }
        }
        for method in &revision_methods {
            if !base_methods.contains(method) {
                self.push(Change {
                    kind: ChangeKind::OperationAdded { new_path: false },
                    operation: Some(Operation::new(method, &r.template)),
                    direction: None,
                    status: None,
                    media_type: None,
                    base: None,
                    revision: Some(r.item.push(method)),
                    allowed: false,
                });
            }
        }
    }

    fn operation(
        &mut self,
        operation: &Operation,
        b: &PathEntry,
        r: &PathEntry,
        base_op: &NodeRef,
        rev_op: &NodeRef,
    ) {
        self.parameters(operation, b, r, base_op, rev_op);
        self.request_body(operation, base_op, rev_op);
        self.responses(operation, base_op, rev_op);
    }

    fn parameters(
        &mut self,
        operation: &Operation,
        b: &PathEntry,
        r: &PathEntry,
        base_op: &NodeRef,
        rev_op: &NodeRef,
    ) {
        let base = parameters_of(self.sides.base, &b.item, base_op);
        let revision = parameters_of(self.sides.revision, &r.item, rev_op);
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
        for (key, node) in &base {
            if revision.iter().any(|(k, _)| *k == renamed(key)) {
                continue;
            }
            let removal = self.removal(self.sides.base, node);
            self.push(Change {
                kind: ChangeKind::ParameterRemoved {
                    location: key.location.clone(),
                    name: key.name.clone(),
                    removal,
                },
                operation: Some(operation.clone()),
                direction: Some(Direction::Request),
                status: None,
                media_type: None,
                base: Some(node.clone()),
                revision: None,
                allowed: false,
            });
        }
        for (key, node) in &revision {
            if base.iter().any(|(k, _)| renamed(k) == *key) {
                continue;
            }
            let required = self
                .sides
                .revision
                .value(node)
                .and_then(|v| v.get("required"))
                .and_then(Value::as_bool);
            self.push(Change {
                kind: ChangeKind::ParameterAdded {
                    location: key.location.clone(),
                    name: key.name.clone(),
                    required: required == Some(true),
                },
                operation: Some(operation.clone()),
                direction: Some(Direction::Request),
                status: None,
                media_type: None,
                base: None,
                revision: Some(node.clone()),
                allowed: false,
            });
        }
    }

    fn request_body(&mut self, operation: &Operation, base_op: &NodeRef, rev_op: &NodeRef) {
        let (Some(b), Some(r)) = (
            resolve(self.sides.base, &base_op.push("requestBody")),
            resolve(self.sides.revision, &rev_op.push("requestBody")),
        ) else {
            return;
        };
        self.content(operation, Direction::Request, None, &b, &r);
    }

    fn responses(&mut self, operation: &Operation, base_op: &NodeRef, rev_op: &NodeRef) {
        let (b_responses, r_responses) = (base_op.push("responses"), rev_op.push("responses"));
        let statuses: Vec<String> = object_keys(self.sides.base, &b_responses)
            .into_iter()
            .cloned()
            .collect();
        for status in statuses {
            let Some(b) = resolve(self.sides.base, &b_responses.push(&status)) else {
                continue;
            };
            let Some(r) = resolve(self.sides.revision, &r_responses.push(&status)) else {
                continue;
            };
            self.content(operation, Direction::Response, Some(&status), &b, &r);
        }
    }

    /// Compares the schemas of the media types both sides declare.
    fn content(
        &mut self,
        operation: &Operation,
        direction: Direction,
        status: Option<&str>,
        b: &NodeRef,
        r: &NodeRef,
    ) {
        let (b_content, r_content) = (b.push("content"), r.push("content"));
        let media_types: Vec<String> = object_keys(self.sides.base, &b_content)
            .into_iter()
            .cloned()
            .collect();
        for media_type in media_types {
            let b_schema = b_content.push(&media_type).push("schema");
            let r_schema = r_content.push(&media_type).push("schema");
            if self.sides.base.value(&b_schema).is_none()
                || self.sides.revision.value(&r_schema).is_none()
            {
                continue;
            }
            let context = Context {
                operation: Some(operation.clone()),
                direction: Some(direction),
                status: status.map(str::to_owned),
                media_type: Some(media_type.clone()),
            };
            self.schemas
                .compare(&b_schema, &r_schema, &context, &mut self.out);
        }
    }
}

/// The parameters in effect for an operation: the path item's, overridden
/// by the operation's own with the same `in` and `name`.
fn parameters_of(
    contract: &Contract,
    item: &NodeRef,
    op: &NodeRef,
) -> Vec<(ParameterKey, NodeRef)> {
    let mut out: Vec<(ParameterKey, NodeRef)> = Vec::new();
    for list in [item.push("parameters"), op.push("parameters")] {
        let count = contract
            .value(&list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in 0..count {
            let Some(node) = resolve(contract, &list.push_index(i)) else {
                continue;
            };
            let Some(key) = contract.value(&node).and_then(ParameterKey::of) else {
                continue;
            };
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = node,
                None => out.push((key, node)),
            }
        }
    }
    out
}
