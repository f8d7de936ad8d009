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
//! Changes state facts; whether a fact breaks anyone is the rules' call,
//! made with the change's direction.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use serde_json::Value;

use super::{Change, ChangeKind, Direction, Sides};
use crate::load::{Contract, NodeRef, Resolved};
use crate::model::date::Date;
use crate::model::openapi::Operation;
use crate::model::schema::{SchemaView, TypeSet};
use crate::schema::pattern::Patterns;

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
    /// `deprecated` switched on (`now`) or off; `sunset` is the
    /// `x-sunset` written beside it; `min_sunset` the earliest the
    /// operation's deprecation policy allows.
    Deprecated {
        now: bool,
        sunset: Option<String>,
        min_sunset: Option<Date>,
    },
}

/// A change of the pair itself, or of one of its properties.
#[derive(Debug)]
struct Local {
    /// The property concerned, for property-level facts.
    property: Option<PropertyFacts>,
    delta: Delta,
    base: Option<NodeRef>,
    revision: Option<NodeRef>,
}

#[derive(Debug, Clone)]
struct PropertyFacts {
    name: String,
    required: bool,
    read_only: bool,
    write_only: bool,
}

#[derive(Debug, Clone)]
enum Segment {
    Property(String),
    Items,
    AdditionalProperties,
    Keyword(&'static str),
    Member(&'static str, String),
    Keyed(&'static str, String),
}

#[derive(Debug)]
struct Child {
    segment: Segment,
    base: NodeRef,
    revision: NodeRef,
    /// For properties: whether the revision requires it.
    required: Option<bool>,
    all_of_member: bool,
}

#[derive(Debug, Default)]
struct PairDiff {
    local: Vec<Local>,
    children: Vec<Child>,
    read_only: bool,
    write_only: bool,
}

type Pair = (NodeRef, NodeRef);

/// A pair, and whether it is reached as `allOf` members.
type PairKey = (NodeRef, NodeRef, bool);

/// Compares schemas of two contracts, remembering every pair it has seen.
pub struct SchemaDiff<'c> {
    sides: Sides<'c>,
    memo: HashMap<PairKey, Rc<PairDiff>>,
    patterns: Patterns,
}

impl<'c> SchemaDiff<'c> {
    pub fn new(sides: Sides<'c>) -> Self {
        Self {
            sides,
            memo: HashMap::new(),
            patterns: Patterns::default(),
        }
    }

    /// Appends the changes between the schema at `base` and the one at
    /// `revision` (both may be `$ref`s) to `out`, in `context`.
    pub fn compare(
        &mut self,
        base: &NodeRef,
        revision: &NodeRef,
        context: &Context,
        out: &mut Vec<Change>,
    ) {
        let (Some(b), Some(r)) = (
            resolve(self.sides.base, base),
            resolve(self.sides.revision, revision),
        ) else {
            return;
        };
        let mut seen: HashSet<Pair> = HashSet::new();
        let mut queue: VecDeque<(NodeRef, NodeRef, String, Option<bool>, bool)> = VecDeque::new();
        seen.insert((b.clone(), r.clone()));
        queue.push_back((b, r, String::new(), context.required, false));
        while let Some((b, r, path, required, all_of_member)) = queue.pop_front() {
            let pair = self.pair(&b, &r, all_of_member);
            for local in &pair.local {
                let place = match &local.property {
                    Some(p) => Place {
                        root: context.root.clone(),
                        path: join(&path, &Segment::Property(p.name.clone())),
                        required: Some(p.required),
                        read_only: p.read_only,
                        write_only: p.write_only,
                    },
                    None => Place {
                        root: context.root.clone(),
                        path: path.clone(),
                        required,
                        read_only: pair.read_only,
                        write_only: pair.write_only,
                    },
                };
                let mut delta = local.delta.clone();
                if let Delta::Deprecated { min_sunset, .. } = &mut delta {
                    *min_sunset = context.min_sunset;
                }
                out.push(Change {
                    kind: ChangeKind::Keyword(Box::new(KeywordChange { place, delta })),
                    operation: context.operation.clone(),
                    direction: context.direction,
                    status: context.status.clone(),
                    media_type: context.media_type.clone(),
                    base: local.base.clone(),
                    revision: local.revision.clone(),
                    allowed: false,
                });
            }
            for child in &pair.children {
                let key = (child.base.clone(), child.revision.clone());
                if seen.insert(key) {
                    queue.push_back((
                        child.base.clone(),
                        child.revision.clone(),
                        join(&path, &child.segment),
                        child.required,
                        child.all_of_member,
                    ));
                }
            }
        }
    }

    fn pair(&mut self, b: &NodeRef, r: &NodeRef, all_of_member: bool) -> Rc<PairDiff> {
        let key = (b.clone(), r.clone(), all_of_member);
        if let Some(done) = self.memo.get(&key) {
            return Rc::clone(done);
        }
        let mut comparison = Comparison::new(self.sides, &self.patterns, b, r);
        comparison.all_of_member = all_of_member;
        let diff = Rc::new(comparison.run());
        self.memo.insert(key, Rc::clone(&diff));
        diff
    }
}

fn join(path: &str, segment: &Segment) -> String {
    let sep = if path.is_empty() { "" } else { "." };
    match segment {
        Segment::Property(name) => format!("{path}{sep}{name}"),
        Segment::Items => format!("{path}[]"),
        Segment::AdditionalProperties => format!("{path}{sep}additionalProperties"),
        Segment::Keyword(keyword) => format!("{path}{sep}{keyword}"),
        Segment::Member(keyword, label) => format!("{path}{sep}{keyword}[{label}]"),
        Segment::Keyed(keyword, key) => format!("{path}{sep}{keyword}[{key}]"),
    }
}

/// Follows `$ref`s to a schema node; `None` for remote or missing ones.
pub(crate) fn resolve(contract: &Contract, node: &NodeRef) -> Option<NodeRef> {
    match contract.resolve(node)? {
        Resolved::Node(at, _) => Some(at.clone()),
        Resolved::Opaque(_) => None,
    }
}

/// The properties of a schema, with those of its `allOf` members, and the
/// names its `required` lists mention (also through `allOf`): a property
/// moved into an `allOf` member is the same property.
#[derive(Default)]
struct Shape {
    properties: Vec<(String, NodeRef)>,
    /// Name → index into `properties`.
    names: HashMap<String, usize>,
    required: HashSet<String>,
}

fn shape(contract: &Contract, node: &NodeRef) -> Shape {
    let mut shape = Shape::default();
    let mut visited = HashSet::new();
    collect(contract, node, &mut shape, &mut visited);
    shape
}

fn collect(contract: &Contract, node: &NodeRef, shape: &mut Shape, visited: &mut HashSet<NodeRef>) {
    let Some(node) = resolve(contract, node) else {
        return;
    };
    if !visited.insert(node.clone()) {
        return;
    }
    let Some(value) = contract.value(&node) else {
        return;
    };
    let view = SchemaView::new(value, contract.dialect(node.doc));
    for (name, _) in view.properties() {
        if !shape.names.contains_key(name) {
            shape.names.insert(name.to_owned(), shape.properties.len());
            shape
                .properties
                .push((name.to_owned(), node.push("properties").push(name)));
        }
    }
    shape.required.extend(view.required().map(str::to_owned));
    for i in 0..view.branches("allOf").len() {
        collect(contract, &node.push("allOf").push_index(i), shape, visited);
    }
}

/// Flags of a property, read from its declaration and from what it refers to.
struct Flags {
    read_only: bool,
    write_only: bool,
    has_default: bool,
}

fn flags(contract: &Contract, node: &NodeRef) -> Flags {
    let declared = contract.value(node);
    let resolved = resolve(contract, node).and_then(|n| contract.value(&n).map(|v| (n.doc, v)));
    // OpenAPI 3.0 ignores keywords beside a `$ref`; later dialects apply them.
    let siblings = declared.filter(|v| {
        v.get("$ref").is_none() || contract.dialect(node.doc) != crate::load::Dialect::OpenApi30
    });
    let read = |keyword: &str| -> bool {
        let on = |v: &Value| {
            v.get(keyword)
                .is_some_and(|x| x.as_bool() == Some(true) || keyword == "default")
        };
        siblings.is_some_and(on) || resolved.is_some_and(|(_, v)| on(v))
    };
    Flags {
        read_only: read("readOnly"),
        write_only: read("writeOnly"),
        has_default: read("default"),
    }
}

/// Numeric bounds, with the name rules use for them.
const BOUNDS: [&str; 12] = [
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
];

/// Keywords holding one subschema, compared when both sides have them.
const SUBSCHEMAS: [&str; 9] = [
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Keywords that only annotate: a member holding nothing else constrains
/// nothing.
fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description"
            | "title"
            | "example"
            | "examples"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "$comment"
            | "externalDocs"
            | "xml"
    ) || keyword.starts_with("x-")
}

/// One pair of schema nodes being compared.
struct Comparison<'a, 'c> {
    sides: Sides<'c>,
    patterns: &'a Patterns,
    b: &'a NodeRef,
    r: &'a NodeRef,
    base: SchemaView<'c>,
    revision: SchemaView<'c>,
    all_of_member: bool,
    out: PairDiff,
}

const EMPTY: Value = Value::Null;

impl<'a, 'c> Comparison<'a, 'c> {
    fn new(sides: Sides<'c>, patterns: &'a Patterns, b: &'a NodeRef, r: &'a NodeRef) -> Self {
        let view = |contract: &'c Contract, node: &NodeRef| {
            SchemaView::new(
                contract.value(node).unwrap_or(&EMPTY),
                contract.dialect(node.doc),
            )
        };
        let base = view(sides.base, b);
        let revision = view(sides.revision, r);
        Self {
            sides,
            patterns,
            b,
            r,
            base,
            revision,
            all_of_member: false,
            out: PairDiff {
                read_only: revision.read_only(),
                write_only: revision.write_only(),
                ..PairDiff::default()
            },
        }
    }

    /// A change of `keyword` at this pair, located at the keyword on each
    /// side that has it.
    fn here(&mut self, keyword: &str, delta: Delta) {
        let base = self.base.get(keyword).map(|_| self.b.push(keyword));
        let revision = self.revision.get(keyword).map(|_| self.r.push(keyword));
        let (base, revision) = match (base, revision) {
            (None, None) => (Some(self.b.clone()), Some(self.r.clone())),
            sides => sides,
        };
        self.out.local.push(Local {
            property: None,
            delta,
            base,
            revision,
        });
    }

    fn run(mut self) -> PairDiff {
        if self.wrapped_in_one_of() {
            self.here("oneOf", Delta::WrappedInOneOf);
            return self.out;
        }
        self.types();
        self.enums();
        self.bounds();
        self.pattern();
        self.values();
        self.flags();
        self.subschemas();
        self.keyed();
        self.discriminator();
        self.branches();
        // An `allOf` member's properties are compared with the whole
        // object's, where the member is reached from.
        if !self.all_of_member {
            self.properties();
        }
        self.items();
        self.out
    }

    fn wrapped_in_one_of(&self) -> bool {
        self.base.branches("oneOf").is_empty()
            && !self.revision.branches("oneOf").is_empty()
            && (self.base.get("properties").is_some() || self.base.get("type").is_some())
            && self.revision.get("properties").is_none()
            && self.revision.get("type").is_none()
    }

    /// Types listed as single-type `oneOf`/`anyOf` members, if the schema
    /// lists them so.
    fn type_list(
        &self,
        view: &SchemaView<'_>,
        contract: &Contract,
        node: &NodeRef,
    ) -> Option<TypeSet> {
        for keyword in ["oneOf", "anyOf"] {
            let members = view.branches(keyword);
            if members.len() < 2 {
                continue;
            }
            let mut set = TypeSet::default();
            for i in 0..members.len() {
                let member = resolve(contract, &node.push(keyword).push_index(i))?;
                let value = contract.value(&member)?.as_object()?;
                let name = value.get("type")?.as_str()?;
                if value.keys().any(|k| k != "type" && !is_annotation(k)) {
                    return None;
                }
                set = set.union(TypeSet::from_name(name)?);
            }
            return Some(set);
        }
        None
    }

    fn types(&mut self) {
        let (b, r) = (self.base, self.revision);
        let lists = (
            self.type_list(&b, self.sides.base, self.b),
            self.type_list(&r, self.sides.revision, self.r),
        );
        let plain = |v: &SchemaView<'_>| {
            v.types().map_or(TypeSet::default(), |t| {
                TypeSet::from_bits(t.bits() & !TypeSet::NULL.bits())
            })
        };
        if lists.0.is_some() || lists.1.is_some() {
            let before = lists.0.unwrap_or_else(|| plain(&b));
            let after = lists.1.unwrap_or_else(|| plain(&r));
            if before != after {
                self.here("type", Delta::ListOfTypes { before, after });
            }
        } else {
            let (before, after) = (plain(&b), plain(&r));
            let multi = |t: TypeSet| t.names().len() > 1;
            let format =
                |v: &SchemaView<'_>| v.get("format").and_then(Value::as_str).map(str::to_owned);
            let unknown = |v: &SchemaView<'_>| -> Vec<String> {
                let names: Vec<&Value> = match v.get("type") {
                    Some(Value::Array(a)) => a.iter().collect(),
                    Some(other) => vec![other],
                    None => Vec::new(),
                };
                names
                    .into_iter()
                    .filter_map(Value::as_str)
                    .filter(|n| TypeSet::from_name(n).is_none())
                    .map(str::to_owned)
                    .collect()
            };
            let (bt, rt) = (
                Types {
                    set: before,
                    unknown: unknown(&b),
                    format: format(&b),
                },
                Types {
                    set: after,
                    unknown: unknown(&r),
                    format: format(&r),
                },
            );
            if bt != rt {
                // A list of types growing or shrinking, in 3.1's type arrays.
                let listed = (multi(before) || multi(after))
                    && !before.is_empty()
                    && !after.is_empty()
                    && bt.format == rt.format
                    && (before.contains(after) || after.contains(before));
                if listed
                    && b.get("type").is_some_and(Value::is_array)
                    && r.get("type").is_some_and(Value::is_array)
                {
                    self.here("type", Delta::ListOfTypes { before, after });
                } else {
                    let items_cover = self.items_cover(before);
                    self.here(
                        "type",
                        Delta::Type {
                            before: bt,
                            after: rt,
                            items_cover,
                        },
                    );
                }
            }
        }
        if b.nullable() != r.nullable() {
            let keyword = if r.get("nullable").is_some() || b.get("nullable").is_some() {
                "nullable"
            } else {
                "type"
            };
            self.here(keyword, Delta::Nullable { now: r.nullable() });
        }
    }

    /// Whether the revision's array items accept every value the base
    /// schema did: they constrain the same (annotations aside), or only the
    /// type, with `base_types` among theirs.
    fn items_cover(&self, base_types: TypeSet) -> bool {
        let Some(node) = self
            .revision
            .items()
            .and(resolve(self.sides.revision, &self.r.push("items")))
        else {
            return false;
        };
        let Some(items) = self.sides.revision.value(&node).and_then(Value::as_object) else {
            return false;
        };
        let constraints = |m: &serde_json::Map<String, Value>| -> Vec<(String, Value)> {
            m.iter()
                .filter(|(k, _)| !is_annotation(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        if let Some(base) = self.base.value.as_object()
            && constraints(base) == constraints(items)
        {
            return true;
        }
        let view = SchemaView::new(
            self.sides.revision.value(&node).unwrap_or(&EMPTY),
            self.sides.revision.dialect(node.doc),
        );
        let only_type = items.keys().all(|k| k == "type" || is_annotation(k));
        let types = view.types().unwrap_or_default();
        let mut types = types;
        if types.contains(TypeSet::NUMBER) {
            types = types.union(TypeSet::INTEGER);
        }
        if types.contains(TypeSet::STRING) {
            types = types
                .union(TypeSet::INTEGER)
                .union(TypeSet::NUMBER)
                .union(TypeSet::BOOLEAN);
        }
        only_type && !base_types.is_empty() && types.contains(base_types)
    }

    fn enums(&mut self) {
        for (keyword, extensible) in [("enum", false), ("x-extensible-enum", true)] {
            let values = |v: &SchemaView<'c>| v.get(keyword).and_then(Value::as_array);
            let (before, after) = (values(&self.base), values(&self.revision));
            match (before, after) {
                (None, Some(_)) if !extensible => self.here(keyword, Delta::BecameEnum),
                (Some(before), Some(after)) => {
                    let mut deltas = Vec::new();
                    for value in before.iter().filter(|v| !after.contains(v)) {
                        deltas.push((value.clone(), false));
                    }
                    for value in after.iter().filter(|v| !before.contains(v)) {
                        deltas.push((value.clone(), true));
                    }
                    for (value, added) in deltas {
                        let delta = if extensible {
                            Delta::ExtensibleEnumValue { value, added }
                        } else {
                            Delta::EnumValue { value, added }
                        };
                        self.here(keyword, delta);
                    }
                }
                _ => {}
            }
        }
    }

    fn bounds(&mut self) {
        for keyword in BOUNDS {
            let read = |v: &SchemaView<'_>| v.get(keyword).and_then(Value::as_f64);
            let (before, after) = (read(&self.base), read(&self.revision));
            if before != after {
                self.here(
                    keyword,
                    Delta::Bound {
                        keyword,
                        before,
                        after,
                    },
                );
            }
        }
    }

    fn pattern(&mut self) {
        // An empty pattern matches everything: it is no pattern.
        let read = |v: &SchemaView<'_>| {
            v.get("pattern")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        };
        let (before, after) = (read(&self.base), read(&self.revision));
        if before == after {
            return;
        }
        let generalized = match (&before, &after) {
            (Some(b), Some(a)) => self.patterns.includes(b, a) == Some(Ok(())),
            _ => false,
        };
        self.here(
            "pattern",
            Delta::Pattern {
                before,
                after,
                generalized,
            },
        );
    }

    fn values(&mut self) {
        let (b, r) = (self.base, self.revision);
        let differ = |k: &str| b.get(k) != r.get(k);
        if differ("default") {
            self.here(
                "default",
                Delta::Default {
                    before: b.get("default").cloned(),
                    after: r.get("default").cloned(),
                },
            );
        }
        if differ("const") {
            self.here(
                "const",
                Delta::Const {
                    before: b.get("const").cloned(),
                    after: r.get("const").cloned(),
                },
            );
        }
        for keyword in ["contentEncoding", "contentMediaType"] {
            if differ(keyword) {
                let text =
                    |v: &SchemaView<'_>| v.get(keyword).and_then(Value::as_str).map(str::to_owned);
                self.here(
                    keyword,
                    Delta::Content {
                        keyword,
                        before: text(&b),
                        after: text(&r),
                    },
                );
            }
        }
    }

    fn flags(&mut self) {
        let (b, r) = (self.base, self.revision);
        if b.read_only() != r.read_only() {
            self.here("readOnly", Delta::ReadOnly { now: r.read_only() });
        }
        if b.write_only() != r.write_only() {
            self.here(
                "writeOnly",
                Delta::WriteOnly {
                    now: r.write_only(),
                },
            );
        }
        if b.flag("deprecated") != r.flag("deprecated") {
            let sunset = r.get("x-sunset").and_then(Value::as_str).map(str::to_owned);
            self.here(
                "deprecated",
                Delta::Deprecated {
                    now: r.flag("deprecated"),
                    sunset,
                    min_sunset: None,
                },
            );
        }
    }

    fn child(&mut self, segment: Segment, b: &NodeRef, r: &NodeRef, required: Option<bool>) {
        if let (Some(base), Some(revision)) =
            (resolve(self.sides.base, b), resolve(self.sides.revision, r))
        {
            let all_of_member = matches!(segment, Segment::Member("allOf", _));
            self.out.children.push(Child {
                segment,
                base,
                revision,
                required,
                all_of_member,
            });
        }
    }

    fn subschemas(&mut self) {
        for keyword in SUBSCHEMAS {
            match (self.base.get(keyword), self.revision.get(keyword)) {
                (None, Some(_)) => self.here(
                    keyword,
                    Delta::Subschema {
                        keyword,
                        added: true,
                    },
                ),
                (Some(_), None) => self.here(
                    keyword,
                    Delta::Subschema {
                        keyword,
                        added: false,
                    },
                ),
                (Some(_), Some(_)) => {
                    let (b, r) = (self.b.push(keyword), self.r.push(keyword));
                    self.child(Segment::Keyword(keyword), &b, &r, None);
                }
                (None, None) => {}
            }
        }
        // Tuple positions: `prefixItems` (2020-12) or an `items` array.
        let tuple = |v: &SchemaView<'_>| -> Option<(&'static str, usize)> {
            if let Some(Value::Array(a)) = v.get("prefixItems") {
                return Some(("prefixItems", a.len()));
            }
            match v.get("items") {
                Some(Value::Array(a)) => Some(("items", a.len())),
                _ => None,
            }
        };
        match (tuple(&self.base), tuple(&self.revision)) {
            (None, Some((k, _))) => self.here(
                k,
                Delta::Subschema {
                    keyword: "prefixItems",
                    added: true,
                },
            ),
            (Some((k, _)), None) => self.here(
                k,
                Delta::Subschema {
                    keyword: "prefixItems",
                    added: false,
                },
            ),
            (Some((kb, nb)), Some((kr, nr))) => {
                for i in 0..nb.min(nr) {
                    let (b, r) = (self.b.push(kb).push_index(i), self.r.push(kr).push_index(i));
                    self.child(Segment::Member("prefixItems", i.to_string()), &b, &r, None);
                }
            }
            (None, None) => {}
        }
        if let (Some(b), Some(r)) = (
            self.base.get("additionalProperties"),
            self.revision.get("additionalProperties"),
        ) && b.is_object()
            && r.is_object()
        {
            let (b, r) = (
                self.b.push("additionalProperties"),
                self.r.push("additionalProperties"),
            );
            self.child(Segment::AdditionalProperties, &b, &r, None);
        }
    }

    /// `dependentRequired`, `dependentSchemas` and `patternProperties`: maps
    /// from a name to a list or a subschema.
    fn keyed(&mut self) {
        let map = |v: &SchemaView<'c>, k: &str| v.get(k).and_then(Value::as_object);
        let strings = |v: &Value| -> Option<Vec<String>> {
            Some(
                v.as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            )
        };
        if let (b, r) = (
            map(&self.base, "dependentRequired"),
            map(&self.revision, "dependentRequired"),
        ) && (b.is_some() || r.is_some())
        {
            let empty = serde_json::Map::new();
            let (b, r) = (b.unwrap_or(&empty), r.unwrap_or(&empty));
            let mut deltas = Vec::new();
            for (property, before) in b {
                let after = r.get(property);
                if after != Some(before) {
                    deltas.push(Delta::DependentRequired {
                        property: property.clone(),
                        before: strings(before),
                        after: after.and_then(strings),
                    });
                }
            }
            for (property, after) in r.iter().filter(|(p, _)| !b.contains_key(*p)) {
                deltas.push(Delta::DependentRequired {
                    property: property.clone(),
                    before: None,
                    after: strings(after),
                });
            }
            for delta in deltas {
                self.here("dependentRequired", delta);
            }
        }
        for keyword in ["dependentSchemas", "patternProperties"] {
            let (b, r) = (map(&self.base, keyword), map(&self.revision, keyword));
            if b.is_none() && r.is_none() {
                continue;
            }
            let empty = serde_json::Map::new();
            let (b, r) = (b.unwrap_or(&empty), r.unwrap_or(&empty));
            let mut deltas = Vec::new();
            let mut common = Vec::new();
            for key in b.keys() {
                if r.contains_key(key) {
                    common.push(key.clone());
                } else {
                    deltas.push((key.clone(), false));
                }
            }
            deltas.extend(
                r.keys()
                    .filter(|k| !b.contains_key(*k))
                    .map(|k| (k.clone(), true)),
            );
            for (key, added) in deltas {
                let delta = if keyword == "dependentSchemas" {
                    Delta::DependentSchema {
                        property: key,
                        added,
                    }
                } else {
                    Delta::PatternProperty {
                        pattern: key,
                        added,
                    }
                };
                self.here(keyword, delta);
            }
            for key in common {
                let (nb, nr) = (
                    self.b.push(keyword).push(&key),
                    self.r.push(keyword).push(&key),
                );
                self.child(Segment::Keyed(keyword, key), &nb, &nr, None);
            }
        }
    }

    fn discriminator(&mut self) {
        let (b, r) = (
            self.base.get("discriminator"),
            self.revision.get("discriminator"),
        );
        match (b, r) {
            (None, Some(_)) => self.here("discriminator", Delta::DiscriminatorAdded),
            (Some(_), None) => self.here("discriminator", Delta::DiscriminatorRemoved),
            (Some(b), Some(r)) if b != r => {
                let name = |v: &Value| {
                    v.get("propertyName")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                if name(b) != name(r) {
                    self.here(
                        "discriminator",
                        Delta::DiscriminatorPropertyName {
                            before: name(b),
                            after: name(r),
                        },
                    );
                }
                let empty = serde_json::Map::new();
                let mapping = |v: &'c Value| v.get("mapping").and_then(Value::as_object);
                let (mb, mr) = (mapping(b).unwrap_or(&empty), mapping(r).unwrap_or(&empty));
                let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
                let mut deltas = Vec::new();
                for (key, before) in mb {
                    if mr.get(key) != Some(before) {
                        deltas.push(Delta::DiscriminatorMapping {
                            key: key.clone(),
                            before: text(Some(before)),
                            after: text(mr.get(key)),
                        });
                    }
                }
                for (key, after) in mr.iter().filter(|(k, _)| !mb.contains_key(*k)) {
                    deltas.push(Delta::DiscriminatorMapping {
                        key: key.clone(),
                        before: None,
                        after: text(Some(after)),
                    });
                }
                for delta in deltas {
                    self.here("discriminator", delta);
                }
            }
            _ => {}
        }
    }

    /// `allOf`/`anyOf`/`oneOf` members, matched by the `$ref` they name,
    /// then by equal content, then (inline members) by position; matched
    /// members are compared, the rest are added or removed.
    fn branches(&mut self) {
        let typed_list = (
            self.type_list(&self.base, self.sides.base, self.b)
                .is_some(),
            self.type_list(&self.revision, self.sides.revision, self.r)
                .is_some(),
        );
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let (bm, rm) = (self.base.branches(keyword), self.revision.branches(keyword));
            if bm.is_empty() && rm.is_empty() {
                continue;
            }
            // Members that only spell out a list of types were compared as types.
            if keyword != "allOf" && (typed_list.0 || typed_list.1) {
                continue;
            }
            let mut matched: Vec<(usize, usize)> = Vec::new();
            let mut free_b: Vec<usize> = (0..bm.len()).collect();
            let mut free_r: Vec<usize> = (0..rm.len()).collect();
            let reference = |v: &Value| v.get("$ref").and_then(Value::as_str).map(str::to_owned);
            // By `$ref`, then by equal value.
            for by_ref in [true, false] {
                free_b.retain(|&i| {
                    let found = free_r.iter().position(|&j| match (bm.get(i), rm.get(j)) {
                        (Some(x), Some(y)) if by_ref => {
                            reference(x).is_some() && reference(x) == reference(y)
                        }
                        (Some(x), Some(y)) => reference(x).is_none() && x == y,
                        _ => false,
                    });
                    match found {
                        Some(k) => {
                            matched.push((i, free_r.remove(k)));
                            false
                        }
                        None => true,
                    }
                });
            }
            // Inline members left on both sides: by position.
            let inline_b: Vec<usize> = free_b
                .iter()
                .copied()
                .filter(|&i| bm.get(i).and_then(reference).is_none())
                .collect();
            let inline_r: Vec<usize> = free_r
                .iter()
                .copied()
                .filter(|&j| rm.get(j).and_then(reference).is_none())
                .collect();
            for (&i, &j) in inline_b.iter().zip(&inline_r) {
                matched.push((i, j));
                free_b.retain(|&x| x != i);
                free_r.retain(|&x| x != j);
            }
            let label = |v: Option<&Value>, i: usize| -> String {
                match v {
                    Some(v) => match (reference(v), v.get("title").and_then(Value::as_str)) {
                        (Some(r), _) => r.rsplit('/').next().unwrap_or(&r).to_owned(),
                        (None, Some(title)) => title.to_owned(),
                        (None, None) => format!("#{i}"),
                    },
                    None => format!("#{i}"),
                }
            };
            let annotation_only = |contract: &Contract, node: &NodeRef| -> bool {
                resolve(contract, node)
                    .and_then(|n| contract.value(&n))
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.keys().all(|k| is_annotation(k)))
            };
            for i in free_b {
                let node = self.b.push(keyword).push_index(i);
                let delta = Delta::Branch {
                    keyword,
                    label: label(bm.get(i), i),
                    added: false,
                    annotation_only: annotation_only(self.sides.base, &node),
                };
                self.out.local.push(Local {
                    property: None,
                    delta,
                    base: Some(node),
                    revision: None,
                });
            }
            for j in free_r {
                let node = self.r.push(keyword).push_index(j);
                let delta = Delta::Branch {
                    keyword,
                    label: label(rm.get(j), j),
                    added: true,
                    annotation_only: annotation_only(self.sides.revision, &node),
                };
                self.out.local.push(Local {
                    property: None,
                    delta,
                    base: None,
                    revision: Some(node),
                });
            }
            matched.sort_unstable();
            for (i, j) in matched {
                let (nb, nr) = (
                    self.b.push(keyword).push_index(i),
                    self.r.push(keyword).push_index(j),
                );
                // `allOf` members' properties were compared with the whole
                // object's; their other keywords still are, member by member.
                self.child(
                    Segment::Member(keyword, label(rm.get(j), j)),
                    &nb,
                    &nr,
                    None,
                );
            }
        }
    }

    fn properties(&mut self) {
        let (b, r) = (self.b, self.r);
        let base = shape(self.sides.base, b);
        let revision = shape(self.sides.revision, r);
        for (name, node) in &base.properties {
            if revision.names.contains_key(name) {
                continue;
            }
            let f = flags(self.sides.base, node);
            self.out.local.push(Local {
                property: Some(PropertyFacts {
                    name: name.clone(),
                    required: base.required.contains(name),
                    read_only: f.read_only,
                    write_only: f.write_only,
                }),
                delta: Delta::PropertyRemoved,
                base: Some(node.clone()),
                revision: None,
            });
        }
        for (name, node) in &revision.properties {
            if base.names.contains_key(name) {
                continue;
            }
            let f = flags(self.sides.revision, node);
            self.out.local.push(Local {
                property: Some(PropertyFacts {
                    name: name.clone(),
                    required: revision.required.contains(name),
                    read_only: f.read_only,
                    write_only: f.write_only,
                }),
                delta: Delta::PropertyAdded {
                    has_default: f.has_default,
                },
                base: None,
                revision: Some(node.clone()),
            });
        }
        for (name, bnode) in &base.properties {
            let Some((_, rnode)) = revision
                .names
                .get(name)
                .and_then(|&i| revision.properties.get(i))
            else {
                continue;
            };
            let (was, is) = (
                base.required.contains(name),
                revision.required.contains(name),
            );
            if was != is {
                let f = flags(self.sides.revision, rnode);
                let at = |side: &NodeRef, contract: &Contract, v: &SchemaView<'_>| {
                    v.get("required")
                        .map(|_| side.push("required"))
                        .or_else(|| {
                            let _ = contract;
                            Some(side.clone())
                        })
                };
                let (lb, lr) = (
                    at(b, self.sides.base, &self.base),
                    at(r, self.sides.revision, &self.revision),
                );
                self.out.local.push(Local {
                    property: Some(PropertyFacts {
                        name: name.clone(),
                        required: is,
                        read_only: f.read_only,
                        write_only: f.write_only,
                    }),
                    delta: Delta::Required {
                        now: is,
                        has_default: f.has_default,
                    },
                    base: lb,
                    revision: lr,
                });
            }
            self.child(Segment::Property(name.clone()), bnode, rnode, Some(is));
        }
    }

    fn items(&mut self) {
        let items = |contract: &Contract, node: &NodeRef| -> Option<NodeRef> {
            let value = contract.value(node)?;
            let view = SchemaView::new(value, contract.dialect(node.doc));
            view.items()?;
            let keyword = if matches!(view.get("items"), Some(Value::Array(_))) {
                "additionalItems"
            } else {
                "items"
            };
            Some(node.push(keyword))
        };
        if let (Some(ib), Some(ir)) = (
            items(self.sides.base, self.b),
            items(self.sides.revision, self.r),
        ) {
            self.child(Segment::Items, &ib, &ir, None);
        }
    }
}
