//! Request bodies, responses, their headers and media types; the schemas
//! they hold go to the schema comparison with their direction.

use serde_json::Value;

use crate::diff::schema::{Navigator, Node, Root};
use crate::diff::{BodyChange, ChangeKind, Direction, HeaderChange};
use crate::load::{Contract, NodeRef};
use crate::model::openapi::Operation;

use super::{Site, Walk, flag, keys, object_keys};

impl<'c> Walk<'c, '_> {
    pub(super) fn request_body(
        &mut self,
        operation: &Operation,
        base_op: &Node<'c>,
        rev_op: &Node<'c>,
    ) {
        let site = Site::new(operation, self.dir(Direction::Request));
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
            self.push_at(
                site,
                kind,
                b.as_ref().map(|b| b.0.clone()),
                r.as_ref().map(|r| r.0.clone()),
            );
        }
        if let (Some(b), Some(r)) = (b, r) {
            self.content(site, &b, &r);
        }
    }

    pub(super) fn responses(
        &mut self,
        operation: &Operation,
        base_op: &Node<'c>,
        rev_op: &Node<'c>,
    ) {
        let response = Site::new(operation, self.dir(Direction::Response));
        let (b_values, r_values) = (base_op.1.get("responses"), rev_op.1.get("responses"));
        let (b_responses, r_responses) = (base_op.0.push("responses"), rev_op.0.push("responses"));
        let base = keys(b_values);
        let revision = keys(r_values);
        for &status in &base {
            if !revision.contains(&status) {
                let kind = ChangeKind::Response { added: false };
                self.push_at(
                    response.status(status),
                    kind,
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
            let site = response.status(status);
            self.content(site, &b, &r);
            self.headers(site, &b, &r);
        }
        for &status in revision.iter().filter(|s| !base.contains(s)) {
            let kind = ChangeKind::Response { added: true };
            let r = r_responses.push(status);
            self.push_at(response.status(status), kind, None, Some(r));
        }
    }

    /// The headers of a response (`site` names its status).
    pub(super) fn headers(&mut self, site: Site<'_>, b: &Node<'c>, r: &Node<'c>) {
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
                self.push_at(site, kind, Some(bn), None);
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
                self.push_at(site, kind, Some(bn.clone()), Some(rn.clone()));
            }
            let (Some(bn), Some(rn)) = (b_header, r_header) else {
                continue;
            };
            let root = Root::Header {
                name: (*name).clone(),
            };
            let context = site.context(root, Some(is), self.policy);
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
            self.push_at(site, kind, None, Some(rn));
        }
    }

    /// Media types of a request body or a response: added, removed, or
    /// (one replacing one in a response) renamed; the schemas of those both
    /// sides have are compared.
    pub(super) fn content(&mut self, site: Site<'_>, b: &Node<'c>, r: &Node<'c>) {
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
            (removed.as_slice(), added.as_slice(), site.direction)
        {
            let kind = ChangeKind::MediaTypeRenamed {
                before: (*before).clone(),
                after: (*after).clone(),
            };
            let (bn, rn) = (b_content.push(before), r_content.push(after));
            self.push_at(site.media(after), kind, Some(bn), Some(rn));
            pairs.push((before, after));
        } else {
            for name in removed {
                let kind = ChangeKind::MediaType {
                    name: name.clone(),
                    added: false,
                };
                let bn = b_content.push(name);
                self.push_at(site.media(name), kind, Some(bn), None);
            }
            for name in added {
                let kind = ChangeKind::MediaType {
                    name: name.clone(),
                    added: true,
                };
                let rn = r_content.push(name);
                self.push_at(site.media(name), kind, None, Some(rn));
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
                    self.push_at(site.media(rm), kind, bn, rn);
                    continue;
                }
            };
            let context = site.media(rm).context(Root::Body, None, self.policy);
            self.schemas
                .compare(b_schema, r_schema, &context, &mut self.out);
        }
    }

    /// `components.schemas` removed (by name): a changelog entry for SDKs
    /// generated from them.
    pub(super) fn component_schemas(&mut self) {
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
}
