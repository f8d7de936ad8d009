//! A read-only view of one schema object that answers in one vocabulary
//! whatever dialect it was written in: OpenAPI 3.0's `nullable` and boolean
//! `exclusiveMinimum`, draft-04's `id`, 2020-12's numeric bounds and type
//! arrays all read the same through it.

use serde_json::{Map, Value};

use crate::model::dialect::Dialect;

/// The JSON types a schema admits, as a bit set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TypeSet(u8);

impl TypeSet {
    /// The set with `integer` added where `number` is (`number` includes
    /// the integers).
    #[must_use]
    pub fn normalized(self) -> TypeSet {
        if self.contains(TypeSet::NUMBER) {
            self.union(TypeSet::INTEGER)
        } else {
            self
        }
    }

    /// The types in both sets (`number` ∩ `integer` = `integer`).
    #[must_use]
    pub fn intersect(self, other: TypeSet) -> TypeSet {
        TypeSet::from_bits(self.normalized().bits() & other.normalized().bits())
    }

    pub const NULL: TypeSet = TypeSet(1);
    pub const BOOLEAN: TypeSet = TypeSet(1 << 1);
    pub const OBJECT: TypeSet = TypeSet(1 << 2);
    pub const ARRAY: TypeSet = TypeSet(1 << 3);
    pub const NUMBER: TypeSet = TypeSet(1 << 4);
    pub const INTEGER: TypeSet = TypeSet(1 << 5);
    pub const STRING: TypeSet = TypeSet(1 << 6);
    pub const ANY: TypeSet = TypeSet(0x7f);
    const NAMES: [(&'static str, TypeSet); 7] = [
        ("null", Self::NULL),
        ("boolean", Self::BOOLEAN),
        ("object", Self::OBJECT),
        ("array", Self::ARRAY),
        ("number", Self::NUMBER),
        ("integer", Self::INTEGER),
        ("string", Self::STRING),
    ];

    pub fn from_name(name: &str) -> Option<TypeSet> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    pub fn contains(self, other: TypeSet) -> bool {
        self.0 & other.0 == other.0
    }

    #[must_use]
    pub fn union(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn from_bits(bits: u8) -> TypeSet {
        TypeSet(bits & Self::ANY.0)
    }

    /// Type names in a fixed order (`integer` before `number`).
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(_, t)| self.contains(*t))
            .map(|(n, _)| *n)
            .collect()
    }
}

/// A numeric bound, normalised: `exclusive` whichever spelling set it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// One schema object, read through its dialect.
#[derive(Clone, Copy, Debug)]
pub struct SchemaView<'v> {
    pub value: &'v Value,
    pub dialect: Dialect,
}

impl<'v> SchemaView<'v> {
    pub fn new(value: &'v Value, dialect: Dialect) -> Self {
        Self { value, dialect }
    }

    fn object(&self) -> Option<&'v Map<String, Value>> {
        self.value.as_object()
    }

    pub fn get(&self, keyword: &str) -> Option<&'v Value> {
        self.object()
            .and_then(|m| crate::model::pointer::member(m, keyword))
    }

    /// `true`/`{}` accept everything; `false` accepts nothing.
    pub fn is_boolean(&self) -> Option<bool> {
        self.value.as_bool()
    }

    /// The declared types, with OpenAPI 3.0's `nullable: true` read as
    /// `null`. `None` when `type` is absent (no constraint).
    pub fn types(&self) -> Option<TypeSet> {
        let mut set = match self.get("type")? {
            Value::String(name) => TypeSet::from_name(name).unwrap_or_default(),
            Value::Array(names) => names
                .iter()
                .filter_map(Value::as_str)
                .filter_map(TypeSet::from_name)
                .fold(TypeSet::default(), TypeSet::union),
            _ => TypeSet::default(),
        };
        if self.nullable() {
            set = set.union(TypeSet::NULL);
        }
        Some(set)
    }

    /// Whether `null` is allowed by a 3.0 `nullable` or a type array.
    pub fn nullable(&self) -> bool {
        if self.nullable_flag() {
            return true;
        }
        match self.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("null")),
            _ => false,
        }
    }

    /// OpenAPI 3.0's `nullable: true`, which takes effect beside a `type`
    /// only (3.0.3): `{nullable: true, allOf: [...]}` admits no `null`.
    pub fn nullable_flag(&self) -> bool {
        self.dialect.has_nullable()
            && self.get("nullable").and_then(Value::as_bool) == Some(true)
            && self.get("type").is_some()
    }

    pub fn minimum(&self) -> Option<Bound> {
        self.bound("minimum", "exclusiveMinimum", f64::max)
    }

    pub fn maximum(&self) -> Option<Bound> {
        self.bound("maximum", "exclusiveMaximum", f64::min)
    }

    /// Reads `minimum` + `exclusiveMinimum` in either spelling. Where a
    /// newer schema has both numbers, the tighter one wins (`pick`).
    fn bound(&self, inclusive: &str, exclusive: &str, pick: fn(f64, f64) -> f64) -> Option<Bound> {
        let plain = self.get(inclusive).and_then(Value::as_f64);
        match self.get(exclusive) {
            Some(Value::Bool(flag)) => plain.map(|value| Bound {
                value,
                exclusive: *flag,
            }),
            Some(Value::Number(n)) => {
                let ex = n.as_f64()?;
                match plain {
                    Some(p) if pick(p, ex) == p && p != ex => Some(Bound {
                        value: p,
                        exclusive: false,
                    }),
                    _ => Some(Bound {
                        value: ex,
                        exclusive: true,
                    }),
                }
            }
            _ => plain.map(|value| Bound {
                value,
                exclusive: false,
            }),
        }
    }

    /// `properties`, in document order.
    pub fn properties(&self) -> impl Iterator<Item = (&'v str, &'v Value)> {
        self.get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }

    pub fn required(&self) -> impl Iterator<Item = &'v str> {
        self.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    pub fn flag(&self, keyword: &str) -> bool {
        self.get(keyword).and_then(Value::as_bool) == Some(true)
    }

    pub fn read_only(&self) -> bool {
        self.flag("readOnly")
    }

    pub fn write_only(&self) -> bool {
        self.flag("writeOnly")
    }

    pub fn has_default(&self) -> bool {
        self.get("default").is_some()
    }

    /// The schema for array items (not tuple positions).
    pub fn items(&self) -> Option<&'v Value> {
        match self.get("items")? {
            Value::Array(_) if self.dialect.tuple_items_as_array() => self.get("additionalItems"),
            items => Some(items),
        }
    }

    /// The members of `allOf`, `anyOf` or `oneOf`.
    pub fn branches(&self, keyword: &str) -> &'v [Value] {
        self.get(keyword)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

/// What a schema keyword's value must be, when `value` is not that: for the
/// keywords whose invalid values validators read differently (one rejects
/// the schema, another ignores the keyword, a third takes it as written).
pub fn invalid_value(keyword: &str, value: &Value) -> Option<&'static str> {
    const COUNT: &str = "a non-negative integer";
    match keyword {
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties"
        | "minContains" | "maxContains" => {
            let ok = value.as_f64().is_some_and(|n| n >= 0.0 && n.fract() == 0.0);
            (!ok).then_some(COUNT)
        }
        "multipleOf" => {
            let ok = value.as_f64().is_some_and(|n| n > 0.0);
            (!ok).then_some("a number greater than 0")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nullable_reads_the_same_in_3_0_and_3_1() {
        let v30 = json!({"type": "string", "nullable": true});
        let v31 = json!({"type": ["string", "null"]});
        let a = SchemaView::new(&v30, Dialect::OpenApi30);
        let b = SchemaView::new(&v31, Dialect::Draft2020);
        assert_eq!(a.types(), b.types());
        assert!(a.nullable() && b.nullable());
        assert_eq!(a.types().unwrap().names(), ["null", "string"]);
        // `nullable` is not a keyword outside OpenAPI 3.0.
        let not = SchemaView::new(&v30, Dialect::Draft2020);
        assert!(!not.nullable());
        // Without a `type`, 3.0's `nullable` takes no effect (3.0.3).
        let untyped = json!({"nullable": true, "allOf": [{"type": "string"}]});
        assert!(!SchemaView::new(&untyped, Dialect::OpenApi30).nullable());
    }

    #[test]
    fn exclusive_bounds_read_the_same_in_both_spellings() {
        let old = json!({"minimum": 5, "exclusiveMinimum": true, "maximum": 9});
        let new = json!({"exclusiveMinimum": 5, "maximum": 9});
        let a = SchemaView::new(&old, Dialect::OpenApi30);
        let b = SchemaView::new(&new, Dialect::Draft2020);
        assert_eq!(
            a.minimum(),
            Some(Bound {
                value: 5.0,
                exclusive: true
            })
        );
        assert_eq!(a.minimum(), b.minimum());
        assert_eq!(a.maximum(), b.maximum());
        assert_eq!(
            a.maximum(),
            Some(Bound {
                value: 9.0,
                exclusive: false
            })
        );
        // Both numbers in 2020-12: the tighter bound wins.
        let both = json!({"minimum": 7, "exclusiveMinimum": 5});
        assert_eq!(
            SchemaView::new(&both, Dialect::Draft2020).minimum(),
            Some(Bound {
                value: 7.0,
                exclusive: false
            })
        );
        let both = json!({"maximum": 7, "exclusiveMaximum": 5});
        assert_eq!(
            SchemaView::new(&both, Dialect::Draft2020).maximum(),
            Some(Bound {
                value: 5.0,
                exclusive: true
            })
        );
        // `exclusiveMinimum: false` is just `minimum`.
        let off = json!({"minimum": 1, "exclusiveMinimum": false});
        assert_eq!(
            SchemaView::new(&off, Dialect::Draft4).minimum(),
            Some(Bound {
                value: 1.0,
                exclusive: false
            })
        );
    }

    #[test]
    fn items_in_tuple_and_list_forms() {
        let tuple = json!({"items": [{"type": "string"}], "additionalItems": {"type": "integer"}});
        assert_eq!(
            SchemaView::new(&tuple, Dialect::Draft7).items(),
            Some(&json!({"type": "integer"}))
        );
        let list = json!({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}});
        assert_eq!(
            SchemaView::new(&list, Dialect::Draft2020).items(),
            Some(&json!({"type": "integer"}))
        );
    }
}
