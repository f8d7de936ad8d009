//! One document's walk: its `$ref`s, `$id`s and anchors, data values
//! (examples, enums, defaults, extensions) skipped.

use serde_json::Value;
use url::Url;

use crate::load::detect::Dialect;
use crate::model::pointer::JsonPointer;

use super::paths::without_fragment;
use super::{DocId, InvalidKeyword, NodeRef};

/// A `$ref` as found, before resolution.
pub(super) struct Found {
    pub(super) at: NodeRef,
    /// The address of the object holding the `$ref` (see `Contract::by_value`).
    pub(super) address: usize,
    pub(super) reference: String,
    /// Index into `Loader::bases`.
    pub(super) base: usize,
}
pub(super) enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

/// One document's walk: collects `$ref`s, `$id`s and anchors, skipping
/// values that are data rather than schema (examples, enums, defaults,
/// extensions), where a `$ref` key is only a key.
pub(super) struct Walker<'v, 'b> {
    pub(super) doc: DocId,
    pub(super) dialect: Dialect,
    pub(super) path: Vec<Token<'v>>,
    pub(super) found: Vec<Found>,
    pub(super) ids: Vec<(String, NodeRef)>,
    pub(super) anchors: Vec<((String, String), NodeRef)>,
    pub(super) invalid: Vec<InvalidKeyword>,
    pub(super) all_bases: &'b mut Vec<Url>,
}

/// Keywords whose values are instance data, never schemas or references.
pub(super) const DATA_KEYWORDS: &[&str] = &[
    "example",
    "enum",
    "const",
    "default",
    "value",
    "externalValue",
];

/// Keys whose object value maps user-chosen names to things; inside them a
/// name like `example` or `x-id` is a name, not a keyword.
pub(super) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
    "paths",
    "webhooks",
    "callbacks",
    "components",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "pathItems",
    "content",
    "encoding",
    "examples",
    "variables",
];

impl<'v> Walker<'v, '_> {
    pub(super) fn pointer(&self) -> JsonPointer {
        let mut p = JsonPointer::root();
        for token in &self.path {
            p = match token {
                Token::Key(k) => p.push(k),
                Token::Index(i) => p.push_index(*i),
            };
        }
        p
    }

    pub(super) fn walk(&mut self, value: &'v Value, base: usize, in_name_map: bool) {
        match value {
            Value::Object(map) => {
                let mut base = base;
                if !in_name_map {
                    base = self.note_keywords(value, map, base);
                }
                for (key, child) in map {
                    if !in_name_map {
                        if key == "$ref" {
                            continue;
                        }
                        if DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                            continue;
                        }
                        if key == "examples" && child.is_array() {
                            continue;
                        }
                    }
                    let child_is_map =
                        !in_name_map && NAME_MAPS.contains(&key.as_str()) && child.is_object();
                    self.path.push(Token::Key(key));
                    self.walk(child, base, child_is_map);
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Token::Index(i));
                    self.walk(item, base, false);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// Records `$ref`, `$id` and anchors of one object; returns the base URI
    /// index for its members.
    pub(super) fn note_keywords(
        &mut self,
        value: &'v Value,
        map: &'v serde_json::Map<String, Value>,
        base: usize,
    ) -> usize {
        let mut base = base;
        let id_keyword = self.dialect.id_keyword();
        // One pass over the keys: most objects have none of these, and
        // looking each up would hash every keyword for every object.
        let (mut id, mut anchors) = (None, [None, None]);
        let mut has_ref = false;
        for (key, v) in map {
            match key.as_str() {
                "$ref" => has_ref = true,
                "$anchor" => anchors[0] = Some(v),
                "$dynamicAnchor" => anchors[1] = Some(v),
                k if k == id_keyword => id = Some(v),
                k => {
                    if let Some(expected) = crate::model::schema::invalid_value(k, v) {
                        self.invalid.push(InvalidKeyword {
                            at: NodeRef {
                                doc: self.doc,
                                pointer: self.pointer(),
                            },
                            keyword: k.to_owned(),
                            value: v.clone(),
                            expected,
                        });
                    }
                }
            }
        }
        if id.is_none() && anchors == [None, None] && !has_ref {
            return base;
        }
        let current = self.all_bases.get(base).cloned();
        if let (Some(Value::String(id)), Some(current)) = (id, current.as_ref())
            && self.dialect != Dialect::OpenApi30
        {
            if let Some(anchor) = id.strip_prefix('#') {
                // draft-04..07 plain-name fragment ids.
                let key = (
                    without_fragment(current.clone()).to_string(),
                    anchor.to_owned(),
                );
                self.anchors
                    .push((key, NodeRef::new(self.doc, self.pointer())));
            } else if let Ok(url) = current.join(id) {
                let url = without_fragment(url);
                self.ids
                    .push((url.to_string(), NodeRef::new(self.doc, self.pointer())));
                base = self.all_bases.len();
                self.all_bases.push(url);
            }
        }
        for anchor in anchors.into_iter().flatten() {
            if let Value::String(name) = anchor
                && let Some(current) = self.all_bases.get(base)
            {
                let key = (without_fragment(current.clone()).to_string(), name.clone());
                self.anchors
                    .push((key, NodeRef::new(self.doc, self.pointer())));
            }
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            self.found.push(Found {
                at: NodeRef::new(self.doc, self.pointer()),
                address: std::ptr::from_ref(value) as usize,
                reference: reference.clone(),
                base,
            });
        }
        base
    }
}
