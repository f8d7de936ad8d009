//! One pair of schema nodes compared, keyword by keyword: types, enums,
//! bounds, patterns, values, flags (here) and the keywords that hold
//! schemas (`structure`).

use std::collections::HashSet;

use serde_json::Value;

use crate::diff::same::Sameness;
use crate::load::NodeRef;
use crate::model::schema::{SchemaView, TypeSet};
use crate::schema::pattern::Patterns;

use super::navigate::{
    BOUND, BOUNDS, BRANCHES, DISCRIMINATOR, ENUMS, FLAGS, ITEMS, KEYED, Navigator, PATTERN,
    PROPERTIES, SUBSCHEMA, TYPES, VALUES, all_of_types, bounds_of, flags, groups, is_annotation,
    walk,
};
use super::pair::{Child, Local, NEVER_RECEIVED, NEVER_SENT, PairDiff, Segment};
use super::{Delta, Types};

mod structure;

/// One pair of schema nodes being compared.
pub(super) struct Comparison<'a, 'c> {
    pub(super) navs: (&'a Navigator<'c>, &'a Navigator<'c>),
    pub(super) patterns: &'a Patterns,
    pub(super) same: &'a Sameness,
    pub(super) b: &'a NodeRef,
    pub(super) r: &'a NodeRef,
    pub(super) base: SchemaView<'c>,
    pub(super) revision: SchemaView<'c>,
    pub(super) all_of_member: bool,
    pub(super) out: PairDiff<'c>,
}

impl<'a, 'c> Comparison<'a, 'c> {
    pub(super) fn new(
        navs: (&'a Navigator<'c>, &'a Navigator<'c>),
        (patterns, same): (&'a Patterns, &'a Sameness),
        (b, base_value): (&'a NodeRef, &'c Value),
        (r, revision_value): (&'a NodeRef, &'c Value),
    ) -> Self {
        let base = navs.0.view(b, base_value);
        let revision = navs.1.view(r, revision_value);
        Self {
            navs,
            patterns,
            same,
            b,
            r,
            base,
            revision,
            all_of_member: false,
            out: PairDiff {
                read_only: revision.read_only(),
                write_only: revision.write_only(),
                base_read_only: base.read_only(),
                ..PairDiff::default()
            },
        }
    }

    /// A change of `keyword` at this pair, located at the keyword on each
    /// side that has it.
    pub(super) fn here(&mut self, keyword: &str, delta: Delta) {
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

    pub(super) fn run(mut self) -> PairDiff<'c> {
        // Which kinds of keyword either side has, read in one pass over
        // each object's keys: most pairs skip most checks.
        let present = groups(self.base.value) | groups(self.revision.value);
        if present & BRANCHES != 0 && self.wrapped_in_one_of() {
            self.here("oneOf", Delta::WrappedInOneOf);
            return self.out;
        }
        if present & TYPES != 0 {
            self.types();
        }
        if present & ENUMS != 0 {
            self.enums();
        }
        if present & BOUND != 0 {
            self.bounds();
        }
        if present & PATTERN != 0 {
            self.pattern();
        }
        if present & VALUES != 0 {
            self.values();
        }
        if present & FLAGS != 0 {
            self.flags();
        }
        if present & SUBSCHEMA != 0 {
            self.subschemas();
        }
        if present & KEYED != 0 {
            self.keyed();
        }
        if present & DISCRIMINATOR != 0 {
            self.discriminator();
        }
        if present & BRANCHES != 0 {
            self.branches();
        }
        // An `allOf` member's properties are compared with the whole
        // object's, where the member is reached from.
        if present & PROPERTIES != 0 && !self.all_of_member {
            self.properties();
        }
        if present & ITEMS != 0 {
            self.items();
        }
        self.out
    }

    pub(super) fn wrapped_in_one_of(&self) -> bool {
        self.base.branches("oneOf").is_empty()
            && !self.revision.branches("oneOf").is_empty()
            && (self.base.get("properties").is_some() || self.base.get("type").is_some())
            && self.revision.get("properties").is_none()
            && self.revision.get("type").is_none()
    }

    /// Types listed as single-type `oneOf`/`anyOf` members, if the schema
    /// lists them so.
    pub(super) fn type_list(
        &self,
        view: &SchemaView<'c>,
        nav: &Navigator<'c>,
        node: &NodeRef,
    ) -> Option<TypeSet> {
        for keyword in ["oneOf", "anyOf"] {
            let members = view.branches(keyword);
            if members.len() < 2 {
                continue;
            }
            let mut set = TypeSet::default();
            for (i, member) in members.iter().enumerate() {
                let (_, member) = nav.follow(node.push(keyword).push_index(i), member)?;
                let value = member.as_object()?;
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

    pub(super) fn types(&mut self) {
        let (b, r) = (self.base, self.revision);
        let same = |k: &str| b.get(k) == r.get(k);
        let lists_possible = ["oneOf", "anyOf"]
            .iter()
            .any(|k| b.get(k).is_some() || r.get(k).is_some());
        if !lists_possible && same("type") && same("format") && same("nullable") {
            return;
        }
        let lists = (
            self.type_list(&b, self.navs.0, self.b),
            self.type_list(&r, self.navs.1, self.r),
        );
        let plain = |v: &SchemaView<'_>| {
            v.types().map_or(TypeSet::default(), |t| {
                TypeSet::from_bits(t.bits() & !TypeSet::NULL.bits())
            })
        };
        if lists.0.is_some() || lists.1.is_some() {
            // Against a list, a schema without `type` allows every type.
            let every = |v: &SchemaView<'_>| v.types().unwrap_or(TypeSet::ANY);
            let before = lists.0.unwrap_or_else(|| every(&b));
            let after = lists.1.unwrap_or_else(|| every(&r));
            if before != after {
                self.here("type", Delta::ListOfTypes { before, after });
            }
        } else {
            // A schema without `type` of its own takes its `allOf`
            // members' (a schema wrapped in `allOf` keeps its type).
            let inherited = (
                all_of_types(self.navs.0, self.b, b.value, 0),
                all_of_types(self.navs.1, self.r, r.value, 0),
            );
            let or_inherited = |v: &SchemaView<'_>, from: &Option<(TypeSet, Option<String>)>| match (
                v.get("type"),
                from,
            ) {
                (None, Some((t, _))) => TypeSet::from_bits(t.bits() & !TypeSet::NULL.bits()),
                _ => plain(v),
            };
            let (before, after) = (
                or_inherited(&b, &inherited.0),
                or_inherited(&r, &inherited.1),
            );
            let multi = |t: TypeSet| t.names().len() > 1;
            let own_format =
                |v: &SchemaView<'_>| v.get("format").and_then(Value::as_str).map(str::to_owned);
            let format_of = |v: &SchemaView<'_>, from: &Option<(TypeSet, Option<String>)>| match (
                own_format(v),
                from,
            ) {
                (None, Some((_, f))) if v.get("type").is_none() => f.clone(),
                (own, _) => own,
            };
            let (base_format, revision_format) =
                (format_of(&b, &inherited.0), format_of(&r, &inherited.1));
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
                    format: base_format,
                },
                Types {
                    set: after,
                    unknown: unknown(&r),
                    format: revision_format,
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
    pub(super) fn items_cover(&self, base_types: TypeSet) -> bool {
        if self.revision.items().is_none() {
            return false;
        }
        let Some((node, value)) = self.navs.1.child(self.r, self.revision.value, "items") else {
            return false;
        };
        let Some(items) = value.as_object() else {
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
        let view = self.navs.1.view(&node, value);
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

    pub(super) fn enums(&mut self) {
        for (keyword, extensible) in [("enum", false), ("x-extensible-enum", true)] {
            // An enum of a 3.0 `nullable` schema admits `null` as well (as
            // the schema engine reads it): the same enum as a 3.1 one that
            // lists it.
            let values = |v: &SchemaView<'c>| -> Option<std::borrow::Cow<'c, [Value]>> {
                let values = v.get(keyword).and_then(Value::as_array)?;
                if !extensible && v.nullable_flag() && !values.contains(&Value::Null) {
                    let mut values = values.clone();
                    values.push(Value::Null);
                    return Some(std::borrow::Cow::Owned(values));
                }
                Some(std::borrow::Cow::Borrowed(values.as_slice()))
            };
            let (before, after) = (values(&self.base), values(&self.revision));
            let (before, after) = (before.as_deref(), after.as_deref());
            match (before, after) {
                (None, Some(_)) if !extensible => self.here(keyword, Delta::BecameEnum),
                (Some(before), Some(after)) if before != after => {
                    // Enums run to hundreds of values (currencies,
                    // countries): compare them by their JSON text, hashed.
                    let text = |values: &[Value]| -> HashSet<String> {
                        values.iter().map(Value::to_string).collect()
                    };
                    let (in_before, in_after) = (text(before), text(after));
                    let mut deltas = Vec::new();
                    for value in before.iter().filter(|v| !in_after.contains(&v.to_string())) {
                        deltas.push((value.clone(), false));
                    }
                    for value in after.iter().filter(|v| !in_before.contains(&v.to_string())) {
                        deltas.push((value.clone(), true));
                    }
                    // OpenAPI 3.0.3 says `nullable` does not reach past an
                    // `enum` without `null`; validators commonly let `null`
                    // through. Between a 3.0 side with `nullable` and a side
                    // of another dialect, `null` entering or leaving the enum
                    // is a change under one reading only: not reported.
                    let readings_differ = self.base.dialect != self.revision.dialect
                        && (self.base.nullable_flag() || self.revision.nullable_flag());
                    if readings_differ {
                        deltas.retain(|(value, _)| !value.is_null());
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

    pub(super) fn bounds(&mut self) {
        let (base, revision) = (bounds_of(&self.base), bounds_of(&self.revision));
        for (i, keyword) in BOUNDS.into_iter().enumerate() {
            let (before, after) = (
                base.get(i).copied().flatten(),
                revision.get(i).copied().flatten(),
            );
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

    pub(super) fn pattern(&mut self) {
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

    pub(super) fn values(&mut self) {
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

    pub(super) fn flags(&mut self) {
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
        let level = |v: &SchemaView<'_>| {
            v.get("x-stability-level")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        if level(&b) != level(&r) {
            self.here(
                "x-stability-level",
                Delta::Stability {
                    before: level(&b),
                    after: level(&r),
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

    /// The node at `tokens` below this pair's base node, with its value
    /// (a `$ref` there not followed).
    pub(super) fn at_base(&self, tokens: &[&str]) -> Option<(NodeRef, &'c Value)> {
        walk(self.b, self.base.value, tokens)
    }

    pub(super) fn at_revision(&self, tokens: &[&str]) -> Option<(NodeRef, &'c Value)> {
        walk(self.r, self.revision.value, tokens)
    }

    /// Compares the schemas at `tokens` on both sides, below this pair.
    pub(super) fn child_at(
        &mut self,
        segment: Segment<'c>,
        base: &[&str],
        revision: &[&str],
        required: Option<bool>,
    ) {
        let (b, r) = (self.at_base(base), self.at_revision(revision));
        self.child(segment, b, r, required);
    }

    pub(super) fn child(
        &mut self,
        segment: Segment<'c>,
        b: Option<(NodeRef, &'c Value)>,
        r: Option<(NodeRef, &'c Value)>,
        required: Option<bool>,
    ) {
        let (Some((bn, bv)), Some((rn, rv))) = (b, r) else {
            return;
        };
        let mut flags = 0;
        if matches!(segment, Segment::Property(_)) {
            if self::flags(self.navs.0, &bn, bv).read_only {
                flags |= NEVER_SENT;
            }
            if self::flags(self.navs.1, &rn, rv).write_only {
                flags |= NEVER_RECEIVED;
            }
        }
        if let (Some((base, base_value)), Some((revision, revision_value))) =
            (self.navs.0.follow(bn, bv), self.navs.1.follow(rn, rv))
        {
            let all_of_member = matches!(segment, Segment::Member("allOf", _));
            self.out.children.push(Child {
                segment,
                base,
                revision,
                base_value,
                revision_value,
                required,
                all_of_member,
                flags,
            });
        }
    }
}
