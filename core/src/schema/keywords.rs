//! One schema node's keywords, read once, in one vocabulary whatever the
//! dialect: draft-04's boolean `exclusiveMinimum`, OpenAPI 3.0's `nullable`,
//! draft-07's `items` arrays and `dependencies`, 2020-12's `prefixItems` and
//! `dependentSchemas` all land in the same fields. Subschemas stay
//! references to nodes, so recursive schemas are read lazily.

use serde_json::Value;

use super::named::{Named, Names};
use super::{SchemaRef, Schemas};
use crate::load::{NodeRef, RefKind, RefTarget};
use crate::model::dialect::Dialect;
use crate::model::pointer::JsonPointer;
use crate::model::schema::{Bound, SchemaView, TypeSet};

/// The keywords of one schema node that constrain instances.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// The node these keywords were read from (after following a `$ref`
    /// whose siblings the dialect ignores).
    pub at: Option<SchemaRef>,
    /// `true` or `false` as a whole schema.
    pub boolean: Option<bool>,
    /// `None` when `type` is absent.
    pub types: Option<TypeSet>,
    /// `enum`, with `const` read as a one-value enum.
    pub enumeration: Option<Vec<Value>>,
    /// A large `enum` of strings only, as a set: membership in one lookup
    /// (a 100,000-value enum compared value by value was quadratic).
    pub enum_strings: Option<std::sync::Arc<std::collections::HashSet<String>>>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    /// Positional item schemas (`prefixItems`, or an `items` array).
    pub prefix_items: Vec<SchemaRef>,
    /// The schema of items past the prefix (`items`, or `additionalItems`).
    pub items: Option<SchemaRef>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub contains: Option<SchemaRef>,
    pub min_contains: Option<u64>,
    pub max_contains: Option<u64>,
    /// The items `contains` matches count as evaluated for
    /// `unevaluatedItems` (2020-12; not 2019-09).
    pub contains_evaluates: bool,
    pub properties: Named<SchemaRef>,
    pub pattern_properties: Vec<(String, SchemaRef)>,
    pub additional_properties: Option<SchemaRef>,
    pub required: Names,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub property_names: Option<SchemaRef>,
    pub dependent_required: Vec<(String, Vec<String>)>,
    pub dependent_schemas: Vec<(String, SchemaRef)>,
    pub unevaluated_properties: Option<SchemaRef>,
    pub unevaluated_items: Option<SchemaRef>,
    pub all_of: Vec<SchemaRef>,
    pub any_of: Vec<SchemaRef>,
    pub one_of: Vec<SchemaRef>,
    pub not: Option<SchemaRef>,
    pub if_then_else: Option<(SchemaRef, Option<SchemaRef>, Option<SchemaRef>)>,
    /// A `$ref` that applies beside its siblings (2019-09 and later).
    pub reference: Option<SchemaRef>,
    /// A remote or dangling `$ref`, as written: only comparable as text.
    pub opaque: Option<String>,
    /// Keywords accord does not model and that constrain instances.
    pub unmodelled: Vec<&'static str>,
    /// A `$dynamicRef` or `$recursiveRef` whose target depends on the
    /// dynamic scope (one that cannot was read as a `$ref`): the validator
    /// follows it; comparisons cannot tell.
    pub dynamic: Option<Dynamic>,
    /// The schema resource this node belongs to, when the contract has
    /// dynamic references (what the validator's dynamic scope is made of).
    pub resource: Option<std::rc::Rc<str>>,
    /// What the node's `allOf` members and `$ref` evaluate, for its
    /// `unevaluatedProperties`/`unevaluatedItems` (`None` without them).
    pub evaluated: Option<std::rc::Rc<Evaluated>>,
}

/// What in-place applicators evaluate when that does not depend on the
/// instance (only `allOf` and `$ref` lead there, never `anyOf`, `oneOf`,
/// `if` or `dependentSchemas`): the member names, patterns and item
/// prefix that `unevaluated*` then leaves alone.
#[derive(Clone, Debug, Default)]
pub struct Evaluated {
    pub names: Vec<String>,
    pub patterns: Vec<String>,
    /// Every member (an `additionalProperties` or an inner
    /// `unevaluatedProperties` evaluates them all).
    pub all_names: bool,
    pub prefix: usize,
    pub all_items: bool,
}

impl Evaluated {
    /// Whether member `name` is evaluated by the applicators.
    pub fn covers(&self, schemas: &Schemas<'_>, name: &str) -> bool {
        self.all_names
            || self.names.iter().any(|n| n == name)
            || self
                .patterns
                .iter()
                .any(|p| schemas.patterns.is_match(p, name) == Some(true))
    }
}

/// A reference resolved in the dynamic scope.
#[derive(Clone, Debug)]
pub struct Dynamic {
    pub kind: RefKind,
    /// Where it leads when no outer resource says otherwise.
    pub initial: SchemaRef,
    /// The `$dynamicAnchor` name looked for (`$dynamicRef`).
    pub anchor: Option<String>,
}

impl Keywords {
    /// Whether the node constrains nothing (`true`, `{}`, annotations only).
    pub fn accepts_everything(&self) -> bool {
        self.boolean == Some(true) || (self.boolean.is_none() && self.is_unconstrained())
    }

    /// Whether the node's own keywords (combinators aside) constrain nothing.
    pub fn locally_unconstrained(&self) -> bool {
        self.boolean.is_none() && self.own_keywords_unconstrained()
    }

    fn is_unconstrained(&self) -> bool {
        self.own_keywords_unconstrained()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && self.not.is_none()
            && self.if_then_else.is_none()
            && self.reference.is_none()
    }

    /// Every keyword but the combinators (and `$ref`) constrains nothing.
    fn own_keywords_unconstrained(&self) -> bool {
        self.types.is_none()
            && self.enumeration.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.multiple_of.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.prefix_items.is_empty()
            && self.items.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
            && self.contains.is_none()
            && self.properties.is_empty()
            && self.pattern_properties.is_empty()
            && self.additional_properties.is_none()
            && self.required.is_empty()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.property_names.is_none()
            && self.dependent_required.is_empty()
            && self.dependent_schemas.is_empty()
            && self.unevaluated_properties.is_none()
            && self.unevaluated_items.is_none()
            && self.opaque.is_none()
            && self.unmodelled.is_empty()
    }

    /// Drops one keyword (or one member of `required`/`dependentRequired`).
    /// Returns false when the keyword was not there.
    pub fn relax(&mut self, keyword: &str, member: Option<&str>) -> bool {
        fn take<T>(slot: &mut Option<T>) -> bool {
            slot.take().is_some()
        }
        match keyword {
            "false" => self.boolean.replace(true) == Some(false),
            "type" => take(&mut self.types),
            "enum" | "const" => take(&mut self.enumeration),
            "minimum" => take(&mut self.minimum),
            "maximum" => take(&mut self.maximum),
            "multipleOf" => take(&mut self.multiple_of),
            "minLength" => take(&mut self.min_length),
            "maxLength" => take(&mut self.max_length),
            "pattern" => take(&mut self.pattern),
            "minItems" => take(&mut self.min_items),
            "maxItems" => take(&mut self.max_items),
            "uniqueItems" => std::mem::take(&mut self.unique_items),
            "contains" | "minContains" | "maxContains" => {
                self.min_contains = None;
                self.max_contains = None;
                take(&mut self.contains)
            }
            "items" => take(&mut self.items),
            "prefixItems" => !std::mem::take(&mut self.prefix_items).is_empty(),
            "unevaluatedItems" => take(&mut self.unevaluated_items),
            "minProperties" => take(&mut self.min_properties),
            "maxProperties" => take(&mut self.max_properties),
            "required" => {
                let before = self.required.len();
                self.required.retain(|r| Some(r) != member);
                self.required.len() != before
            }
            "dependentRequired" => {
                let before = self.dependent_required.len();
                self.dependent_required
                    .retain(|(t, _)| Some(t.as_str()) != member);
                self.dependent_required.len() != before
            }
            "propertyNames" => take(&mut self.property_names),
            "properties" => {
                let before = self.properties.len();
                self.properties.retain(|name, _| Some(name) != member);
                self.properties.len() != before
            }
            "additionalProperties" => take(&mut self.additional_properties),
            "patternProperties" => !std::mem::take(&mut self.pattern_properties).is_empty(),
            "unevaluatedProperties" => take(&mut self.unevaluated_properties),
            "anyOf" => !std::mem::take(&mut self.any_of).is_empty(),
            "oneOf" => !std::mem::take(&mut self.one_of).is_empty(),
            "not" => take(&mut self.not),
            _ => false,
        }
    }

    /// Every node these keywords lead to: what a comparison starting here
    /// may read next (the node `$ref` led to included).
    pub fn children(&self) -> impl Iterator<Item = &SchemaRef> {
        let (cond, then, otherwise) = match &self.if_then_else {
            Some((c, t, e)) => (Some(c), t.as_ref(), e.as_ref()),
            None => (None, None, None),
        };
        let singles = [
            self.at.as_ref(),
            self.items.as_ref(),
            self.contains.as_ref(),
            self.additional_properties.as_ref(),
            self.property_names.as_ref(),
            self.unevaluated_properties.as_ref(),
            self.unevaluated_items.as_ref(),
            self.not.as_ref(),
            self.reference.as_ref(),
            self.dynamic.as_ref().map(|d| &d.initial),
            cond,
            then,
            otherwise,
        ];
        singles
            .into_iter()
            .flatten()
            .chain(&self.prefix_items)
            .chain(self.properties.iter().map(|(_, s)| s))
            .chain(self.pattern_properties.iter().map(|(_, s)| s))
            .chain(self.dependent_schemas.iter().map(|(_, s)| s))
            .chain(&self.all_of)
            .chain(&self.any_of)
            .chain(&self.one_of)
    }

    /// Whether the node has combinators (read through `dnf`).
    pub fn has_combinators(&self) -> bool {
        !self.all_of.is_empty()
            || !self.any_of.is_empty()
            || !self.one_of.is_empty()
            || self.not.is_some()
            || self.if_then_else.is_some()
            || self.reference.is_some()
    }
}

/// Reads the keywords of the node at `at`, following `$ref`s as its
/// dialect says.
pub fn read(schemas: &Schemas<'_>, at: &SchemaRef) -> Keywords {
    let mut node = at.clone();
    let side = schemas.side(at);
    // Draft-04 to -07 and OpenAPI 3.0 ignore keywords beside `$ref`: follow
    // such references to the node whose keywords count.
    for _ in 0..schemas.contract(side).longest_chain() {
        if schemas.dialect(&node).ref_has_siblings() {
            break;
        }
        match schemas.reference(&node) {
            Some(RefTarget::Node(target)) => match schemas.intern(side, target) {
                Some(next) => node = next,
                None => break,
            },
            Some(RefTarget::Remote(text) | RefTarget::Dangling(text)) => {
                return Keywords {
                    at: Some(at.clone()),
                    opaque: Some(text.clone()),
                    ..Keywords::default()
                };
            }
            None => break,
        }
    }
    let here = node.clone();
    let Some(value) = schemas.value(&node) else {
        return Keywords {
            at: Some(here),
            boolean: Some(true),
            ..Keywords::default()
        };
    };
    let dialect = schemas.dialect(&node);
    let mut k = Keywords {
        at: Some(here.clone()),
        ..Keywords::default()
    };
    let map = match value {
        Value::Bool(b) => {
            k.boolean = Some(*b);
            return k;
        }
        Value::Object(map) => map,
        // Not a schema; read as "anything" (the loader accepted the file).
        _ => return k,
    };
    let child = |path: &[&str]| -> Option<SchemaRef> {
        let mut n = node.clone();
        for p in path {
            n = schemas.child(&n, p)?;
        }
        Some(n)
    };
    let indexed =
        |keyword: &str, i: usize| -> Option<SchemaRef> { child(&[keyword, &i.to_string()]) };
    let view = SchemaView::new(value, dialect);
    let count = |keyword: &str| {
        map.get(keyword)
            .and_then(Value::as_f64)
            .filter(|n| *n >= 0.0)
            .map(|n| n.floor() as u64)
    };

    k.types = view.types();
    let mut enumeration = map.get("enum").and_then(Value::as_array).cloned();
    if let Some(c) = map
        .get("const")
        .filter(|_| dialect != Dialect::Draft4 && dialect != Dialect::OpenApi30)
    {
        enumeration = Some(match enumeration {
            Some(values) => values
                .into_iter()
                .filter(|v| super::validate::json_equal(v, c))
                .collect(),
            None => vec![c.clone()],
        });
    }
    // OpenAPI 3.0: `nullable: true` beside an enum admits null too.
    if let Some(values) = enumeration.as_mut()
        && view.nullable_flag()
        && !values.iter().any(Value::is_null)
    {
        values.push(Value::Null);
    }
    k.enum_strings = enumeration.as_ref().and_then(|values| {
        (values.len() > 16)
            .then(|| {
                values
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<std::collections::HashSet<String>>>()
            })
            .flatten()
            .map(std::sync::Arc::new)
    });
    k.enumeration = enumeration;
    k.minimum = view.minimum();
    k.maximum = view.maximum();
    k.multiple_of = map
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|m| *m > 0.0);
    k.min_length = count("minLength");
    k.max_length = count("maxLength");
    k.pattern = map
        .get("pattern")
        .and_then(Value::as_str)
        .map(str::to_owned);
    k.format = map.get("format").and_then(Value::as_str).map(str::to_owned);

    // Arrays.
    if dialect.tuple_items_as_array() {
        match map.get("items") {
            Some(Value::Array(items)) => {
                k.prefix_items = (0..items.len())
                    .filter_map(|i| indexed("items", i))
                    .collect();
                if map.contains_key("additionalItems") {
                    k.items = child(&["additionalItems"]);
                }
            }
            Some(_) => k.items = child(&["items"]),
            None => {}
        }
    } else {
        if let Some(Value::Array(prefix)) = map.get("prefixItems") {
            k.prefix_items = (0..prefix.len())
                .filter_map(|i| indexed("prefixItems", i))
                .collect();
        }
        if map.contains_key("items") {
            k.items = child(&["items"]);
        }
    }
    k.min_items = count("minItems");
    k.max_items = count("maxItems");
    k.unique_items = view.flag("uniqueItems");
    if map.contains_key("contains") && dialect != Dialect::Draft4 && dialect != Dialect::OpenApi30 {
        k.contains = child(&["contains"]);
        if matches!(dialect, Dialect::Draft2019 | Dialect::Draft2020) {
            k.min_contains = count("minContains");
            k.max_contains = count("maxContains");
        }
        k.contains_evaluates = dialect == Dialect::Draft2020;
    }
    if map.contains_key("unevaluatedItems") {
        k.unevaluated_items = child(&["unevaluatedItems"]);
    }

    // Objects.
    if let Some(Value::Object(props)) = map.get("properties") {
        k.properties = props
            .keys()
            .filter_map(|name| Some((name.clone(), child(&["properties", name])?)))
            .collect();
    }
    if let Some(Value::Object(props)) = map.get("patternProperties") {
        k.pattern_properties = props
            .keys()
            .filter_map(|p| Some((p.clone(), child(&["patternProperties", p])?)))
            .collect();
    }
    if map.contains_key("additionalProperties") {
        k.additional_properties = child(&["additionalProperties"]);
    }
    if map.contains_key("unevaluatedProperties") {
        k.unevaluated_properties = child(&["unevaluatedProperties"]);
    }
    k.required = view.required().map(str::to_owned).collect();
    k.min_properties = count("minProperties");
    k.max_properties = count("maxProperties");
    if map.contains_key("propertyNames") {
        k.property_names = child(&["propertyNames"]);
    }
    let mut dependencies = |keyword: &str, arrays: bool, schemas: bool| {
        if let Some(Value::Object(deps)) = map.get(keyword) {
            for (name, dep) in deps {
                match dep {
                    Value::Array(names) if arrays => k.dependent_required.push((
                        name.clone(),
                        names
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )),
                    Value::Object(_) | Value::Bool(_) if schemas => {
                        if let Some(schema) = child(&[keyword, name]) {
                            k.dependent_schemas.push((name.clone(), schema));
                        }
                    }
                    _ => {}
                }
            }
        }
    };
    dependencies("dependencies", true, true);
    dependencies("dependentRequired", true, false);
    dependencies("dependentSchemas", false, true);

    // Combinators.
    let list = |keyword: &str| -> Vec<SchemaRef> {
        let n = map
            .get(keyword)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..n).filter_map(|i| indexed(keyword, i)).collect()
    };
    k.all_of = list("allOf");
    k.any_of = list("anyOf");
    k.one_of = list("oneOf");
    if map.contains_key("not") {
        k.not = child(&["not"]);
    }
    if map.contains_key("if")
        && !matches!(
            dialect,
            Dialect::Draft4 | Dialect::Draft6 | Dialect::OpenApi30
        )
    {
        // `if` alone constrains nothing, but what it evaluates counts for
        // `unevaluatedProperties` and `unevaluatedItems`.
        let then = child(&["then"]);
        let otherwise = child(&["else"]);
        if let Some(condition) = child(&["if"]) {
            k.if_then_else = Some((condition, then, otherwise));
        }
    }
    if dialect.ref_has_siblings() {
        match schemas.reference(&node) {
            Some(RefTarget::Node(target)) => k.reference = schemas.intern(side, target),
            Some(RefTarget::Remote(text) | RefTarget::Dangling(text)) => {
                k.opaque = Some(text.clone())
            }
            None => {}
        }
    }

    read_dynamic(schemas, &here, map, &mut k);
    read_evaluated(schemas, &mut k);
    if !schemas.validation_vocabulary(&here) {
        k.without_validation();
    }
    k
}

impl Keywords {
    /// Drops the keywords of the validation vocabulary (a meta-schema
    /// without it makes them annotations); applicators stay.
    fn without_validation(&mut self) {
        let applicators = Keywords {
            at: self.at.take(),
            boolean: self.boolean,
            prefix_items: std::mem::take(&mut self.prefix_items),
            items: self.items.take(),
            contains: self.contains.take(),
            contains_evaluates: self.contains_evaluates,
            properties: std::mem::take(&mut self.properties),
            pattern_properties: std::mem::take(&mut self.pattern_properties),
            additional_properties: self.additional_properties.take(),
            property_names: self.property_names.take(),
            dependent_schemas: std::mem::take(&mut self.dependent_schemas),
            unevaluated_properties: self.unevaluated_properties.take(),
            unevaluated_items: self.unevaluated_items.take(),
            all_of: std::mem::take(&mut self.all_of),
            any_of: std::mem::take(&mut self.any_of),
            one_of: std::mem::take(&mut self.one_of),
            not: self.not.take(),
            if_then_else: self.if_then_else.take(),
            reference: self.reference.take(),
            opaque: self.opaque.take(),
            unmodelled: std::mem::take(&mut self.unmodelled),
            dynamic: self.dynamic.take(),
            resource: self.resource.take(),
            ..Keywords::default()
        };
        *self = applicators;
    }
}

/// `unevaluatedProperties` and `unevaluatedItems` beside applicators: what
/// those evaluate, read from the members' values (not their keywords: a
/// member may lead back here); where that depends on the instance the
/// keyword is left to the validator (comparisons cannot tell).
fn read_evaluated(schemas: &Schemas<'_>, k: &mut Keywords) {
    let properties = k.unevaluated_properties.is_some() && k.additional_properties.is_none();
    let items = k.unevaluated_items.is_some() && k.items.is_none();
    if !properties && !items {
        return;
    }
    let dynamic_here = k.any_of.len() + k.one_of.len() > 0
        || k.if_then_else.is_some()
        || (properties && !k.dependent_schemas.is_empty())
        || (items && k.contains.is_some() && k.contains_evaluates)
        || k.dynamic.is_some();
    let mut evaluated = Evaluated::default();
    let mut seen = std::collections::HashSet::new();
    let members: Vec<SchemaRef> = k.all_of.iter().chain(&k.reference).cloned().collect();
    let fixed = !dynamic_here
        && members
            .iter()
            .all(|m| evaluated_by(schemas, m, &mut evaluated, &mut seen, 0));
    if fixed {
        k.evaluated = Some(std::rc::Rc::new(evaluated));
    } else {
        if properties {
            k.unmodelled.push("unevaluatedProperties");
        }
        if items {
            k.unmodelled.push("unevaluatedItems");
        }
    }
}

/// Adds what `node` evaluates in place; false when that depends on the
/// instance.
fn evaluated_by(
    schemas: &Schemas<'_>,
    node: &SchemaRef,
    out: &mut Evaluated,
    seen: &mut std::collections::HashSet<SchemaRef>,
    depth: usize,
) -> bool {
    if !seen.insert(node.clone()) {
        return true;
    }
    if depth > 256 {
        return false;
    }
    let Some(value) = schemas.value(node) else {
        return true;
    };
    let Value::Object(map) = value else {
        return true;
    };
    let dialect = schemas.dialect(node);
    if [
        "anyOf",
        "oneOf",
        "if",
        "dependentSchemas",
        "$dynamicRef",
        "$recursiveRef",
    ]
    .iter()
    .any(|key| map.contains_key(*key))
        || map
            .get("dependencies")
            .and_then(Value::as_object)
            .is_some_and(|d| d.values().any(|v| !v.is_array()))
        || (dialect == Dialect::Draft2020 && map.contains_key("contains"))
        // A member in an older dialect whose `$ref` hides its siblings: its
        // own `properties` evaluate nothing there; not read statically.
        || (!dialect.ref_has_siblings() && map.contains_key("$ref"))
    {
        return false;
    }
    if let Some(Value::Object(props)) = map.get("properties") {
        out.names.extend(props.keys().cloned());
    }
    if let Some(Value::Object(patterns)) = map.get("patternProperties") {
        out.patterns.extend(patterns.keys().cloned());
    }
    out.all_names |=
        map.contains_key("additionalProperties") || map.contains_key("unevaluatedProperties");
    match (dialect.tuple_items_as_array(), map.get("items")) {
        (true, Some(Value::Array(prefix))) => {
            out.prefix = out.prefix.max(prefix.len());
            out.all_items |= map.contains_key("additionalItems");
        }
        (_, Some(_)) => out.all_items = true,
        _ => {}
    }
    if let Some(Value::Array(prefix)) = map.get("prefixItems") {
        out.prefix = out.prefix.max(prefix.len());
    }
    out.all_items |= map.contains_key("unevaluatedItems");
    let mut next: Vec<SchemaRef> = Vec::new();
    if let Some(Value::Array(all)) = map.get("allOf") {
        next.extend((0..all.len()).filter_map(|i| {
            schemas
                .child(node, "allOf")
                .and_then(|a| schemas.child(&a, &i.to_string()))
        }));
    }
    match schemas.reference(node) {
        Some(RefTarget::Node(target)) => {
            if let Some(t) = schemas.intern(schemas.side(node), target) {
                next.push(t);
            }
        }
        Some(_) => return false,
        None => {}
    }
    next.iter()
        .all(|n| evaluated_by(schemas, n, out, seen, depth + 1))
}

/// `$dynamicRef` and `$recursiveRef`: a plain `$ref` where the dynamic
/// scope cannot change the target (no other resource declares the anchor),
/// else a [`Dynamic`] reference.
fn read_dynamic(
    schemas: &Schemas<'_>,
    here: &SchemaRef,
    map: &serde_json::Map<String, Value>,
    k: &mut Keywords,
) {
    let side = schemas.side(here);
    let contract = schemas.contract(side);
    if !contract.has_dynamic_refs() {
        return;
    }
    let node = schemas.node_ref(here);
    k.resource = Some(std::rc::Rc::from(contract.resource_of(&node)));
    let Some((kind, target)) = contract.dynamic_ref(&node) else {
        return;
    };
    let keyword = match kind {
        RefKind::Recursive => "$recursiveRef",
        _ => "$dynamicRef",
    };
    let initial = match target {
        RefTarget::Node(target) => match schemas.intern(side, target) {
            Some(initial) => initial,
            None => return,
        },
        RefTarget::Remote(text) | RefTarget::Dangling(text) => {
            k.opaque = Some(text.clone());
            return;
        }
    };
    let initial_value = schemas.value(&initial);
    let dynamic = match kind {
        RefKind::Recursive => {
            // Dynamic only when the target says `$recursiveAnchor: true`
            // and some other resource does too.
            let anchored = |v: Option<&Value>| {
                v.and_then(|v| v.get("$recursiveAnchor")) == Some(&Value::Bool(true))
            };
            let initial_node = schemas.node_ref(&initial);
            let roots = contract
                .documents()
                .map(|(doc, _)| NodeRef::new(doc, JsonPointer::root()));
            let others = roots
                .chain(contract.resource_nodes().cloned())
                .any(|r| r != initial_node && anchored(contract.value(&r)));
            (anchored(initial_value) && others).then_some(None)
        }
        _ => {
            let name = map
                .get("$dynamicRef")
                .and_then(Value::as_str)
                .and_then(|r| r.split_once('#'))
                .map(|(_, f)| f)
                .filter(|f| !f.is_empty() && !f.starts_with('/'));
            let bookended = name.is_some_and(|name| {
                initial_value
                    .and_then(|v| v.get("$dynamicAnchor"))
                    .and_then(Value::as_str)
                    == Some(name)
            });
            match name {
                Some(name) if bookended => {
                    let initial_node = schemas.node_ref(&initial);
                    contract
                        .dynamic_anchors_named(name)
                        .any(|n| *n != initial_node)
                        .then(|| Some(name.to_owned()))
                }
                _ => None,
            }
        }
    };
    match dynamic {
        Some(anchor) => {
            k.unmodelled.push(keyword);
            k.dynamic = Some(Dynamic {
                kind: *kind,
                initial,
                anchor,
            });
        }
        None if k.reference.is_none() => k.reference = Some(initial),
        None => k.all_of.push(initial),
    }
}
