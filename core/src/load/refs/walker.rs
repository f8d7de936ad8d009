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
    pub(super) reference: String,
    /// Index into `Loader::bases`.
    pub(super) base: usize,
    /// Found inside a keyword the dialect does not define, where `$ref` is
    /// not a reference: only a `$ref` to such a place reads it, and a
    /// target that cannot be found leaves it opaque instead of failing.
    pub(super) soft: bool,
    /// `$ref`, or one of the references resolved in the dynamic scope.
    pub(super) kind: RefKind,
}

/// Which keyword a reference was found under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Ref,
    /// `$dynamicRef` (2020-12).
    Dynamic,
    /// `$recursiveRef` (2019-09).
    Recursive,
}

/// What the values being walked are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Anything (an OpenAPI document, a fragment file): every object may
    /// hold a `$ref`, `$id` or anchor.
    Generic,
    /// An object whose keys are user-chosen names (see [`is_name_map`]).
    GenericNames,
    /// A schema: only its applicators lead to schemas.
    Schema,
    /// An object mapping names to schemas (`properties`, `$defs`).
    SchemaMap,
    /// An array of schemas (`allOf`, `prefixItems`).
    SchemaList,
    /// Inside a keyword the dialect does not define (or one whose value
    /// holds no schema): data, where `$id` and anchors name nothing.
    Opaque,
}

/// Keywords whose value is one schema.
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
];

/// Keywords whose value is an array of schemas.
const SCHEMA_LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];

/// Keywords whose value maps names to schemas (`dependencies` also holds
/// arrays of names, which hold no schema).
const SCHEMA_MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];

/// Whether the object under `key` maps user-chosen names to things.
fn is_name_map(key: &str) -> bool {
    SCHEMA_MAP.contains(&key) || OPENAPI_NAME_MAPS.contains(&key)
}

/// How to walk the value under `key` of a schema.
fn schema_child(key: &str, child: &Value) -> Mode {
    match child {
        Value::Array(_) if SCHEMA_LIST.contains(&key) => Mode::SchemaList,
        Value::Object(_) | Value::Bool(_) if SCHEMA_ONE.contains(&key) => Mode::Schema,
        Value::Object(_) if SCHEMA_MAP.contains(&key) => Mode::SchemaMap,
        _ => Mode::Opaque,
    }
}

/// Whether a document's root is a JSON Schema (walked by its keywords)
/// rather than an OpenAPI document or a fragment of one.
pub(super) fn is_schema_document(root: &Value) -> bool {
    match root {
        Value::Bool(_) => true,
        Value::Object(map) => {
            !["openapi", "swagger", "asyncapi", "paths", "components"]
                .iter()
                .any(|k| map.contains_key(*k))
                && (map.contains_key("$schema")
                    || map.keys().any(|k| {
                        SCHEMA_ONE.contains(&k.as_str())
                            || SCHEMA_LIST.contains(&k.as_str())
                            || SCHEMA_MAP.contains(&k.as_str())
                            || matches!(k.as_str(), "type" | "$ref" | "$id" | "enum" | "const")
                    }))
        }
        _ => false,
    }
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
    /// `$dynamicAnchor`s, by resource URL and name.
    pub(super) dynamic_anchors: Vec<((String, String), NodeRef)>,
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

/// Keys of OpenAPI objects whose object value maps user-chosen names to
/// things (beside a schema's [`SCHEMA_MAP`] keywords); inside them a name
/// like `example` or `x-id` is a name, not a keyword.
const OPENAPI_NAME_MAPS: &[&str] = &[
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

    pub(super) fn walk(&mut self, value: &'v Value, base: usize, mode: Mode) {
        match value {
            Value::Object(map) => {
                let mut base = base;
                let names = matches!(mode, Mode::GenericNames | Mode::SchemaMap);
                if !names {
                    base = self.note_keywords(map, base, mode);
                }
                for (key, child) in map {
                    let schema_like = matches!(mode, Mode::Generic | Mode::Schema);
                    if schema_like {
                        if matches!(key.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef") {
                            continue;
                        }
                        if DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-") {
                            continue;
                        }
                        if key == "examples" && child.is_array() {
                            continue;
                        }
                    }
                    let next = match mode {
                        Mode::Generic if key == "schema" && child.is_object() => Mode::Schema,
                        Mode::Generic if is_name_map(key) && child.is_object() => {
                            Mode::GenericNames
                        }
                        Mode::Generic | Mode::GenericNames => Mode::Generic,
                        Mode::Schema => schema_child(key, child),
                        Mode::SchemaMap => Mode::Schema,
                        Mode::SchemaList | Mode::Opaque => Mode::Opaque,
                    };
                    self.path.push(Token::Key(key));
                    self.walk(child, base, next);
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                let next = match mode {
                    Mode::SchemaList => Mode::Schema,
                    Mode::Opaque => Mode::Opaque,
                    _ => Mode::Generic,
                };
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Token::Index(i));
                    self.walk(item, base, next);
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
        map: &'v serde_json::Map<String, Value>,
        base: usize,
        mode: Mode,
    ) -> usize {
        let mut base = base;
        let opaque = mode == Mode::Opaque;
        let id_keyword = self.dialect.id_keyword();
        // One pass over the keys: most objects have none of these, and
        // looking each up would hash every keyword for every object.
        let (mut id, mut anchors) = (None, [None, None]);
        let mut has_ref = false;
        let mut dynamic = false;
        for (key, v) in map {
            match key.as_str() {
                "$ref" => has_ref = true,
                "$dynamicRef" | "$recursiveRef" => dynamic = true,
                "$anchor" => anchors[0] = Some(v),
                "$dynamicAnchor" => anchors[1] = Some(v),
                k if k == id_keyword => id = Some(v),
                _ if opaque => {}
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
        if id.is_none() && anchors == [None, None] && !has_ref && !dynamic {
            return base;
        }
        // Data names nothing; and before 2019-09 a `$ref` replaces its
        // object, `$id` and anchors beside it included.
        if opaque || (has_ref && !self.dialect.ref_has_siblings()) {
            id = None;
            anchors = [None, None];
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
        for (i, anchor) in anchors.into_iter().enumerate() {
            if let Some(Value::String(name)) = anchor
                && let Some(current) = self.all_bases.get(base)
            {
                let key = (without_fragment(current.clone()).to_string(), name.clone());
                let node = NodeRef::new(self.doc, self.pointer());
                if i == 1 {
                    self.dynamic_anchors.push((key.clone(), node.clone()));
                }
                self.anchors.push((key, node));
            }
        }
        for (keyword, kind) in [
            ("$dynamicRef", RefKind::Dynamic),
            ("$recursiveRef", RefKind::Recursive),
        ] {
            if let Some(Value::String(reference)) = map.get(keyword)
                && !opaque
            {
                self.found.push(Found {
                    at: NodeRef::new(self.doc, self.pointer()),
                    reference: reference.clone(),
                    base,
                    soft: true,
                    kind,
                });
            }
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            self.found.push(Found {
                at: NodeRef::new(self.doc, self.pointer()),
                reference: reference.clone(),
                base,
                soft: opaque,
                kind: RefKind::Ref,
            });
        }
        base
    }
}
