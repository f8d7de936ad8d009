//! The structure of a response body, for comparing a recording with what a
//! live system answers now: which fields are there, of which JSON types —
//! never their values, which differ from one call to the next. Array
//! elements are merged into one shape (a list's records need not all
//! carry the same optional fields), and empty arrays say nothing about
//! their elements. Fields whose presence follows the data (ids,
//! timestamps, etags, cursors: [`Volatile`]) are never reported as
//! removed or added; `null` is nobody's type change.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::pointer::JsonPointer;
pub use crate::rules::drift::ShapeChange;

/// Field-name patterns whose presence is not compared: `*` is any run of
/// characters; patterns without `*` match any case.
#[derive(Clone, Debug, Default)]
pub struct Volatile {
    patterns: Vec<String>,
}

impl Volatile {
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Self {
            patterns: patterns
                .into_iter()
                .map(|p| p.as_ref().to_owned())
                .collect(),
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        self.patterns.iter().any(|p| {
            if p.contains('*') {
                glob(p.as_bytes(), name.as_bytes())
            } else {
                p.eq_ignore_ascii_case(name)
            }
        })
    }
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => {
            (0..=text.len()).any(|i| text.get(i..).is_some_and(|t| glob(rest, t)))
        }
        Some((c, rest)) => text
            .split_first()
            .is_some_and(|(t, tail)| t == c && glob(rest, tail)),
    }
}

/// The merged structure of one or more JSON values.
#[derive(Debug, Default)]
struct Shape {
    /// JSON types seen (`integer` and `number` are one: `number`), without
    /// `null`.
    types: BTreeSet<&'static str>,
    nulls: bool,
    fields: BTreeMap<String, Shape>,
    items: Option<Box<Shape>>,
    /// Where it was first seen.
    at: JsonPointer,
}

const MAX_DEPTH: usize = 64;

impl Shape {
    fn of(value: &Value, at: JsonPointer) -> Self {
        let mut shape = Shape {
            at,
            ..Shape::default()
        };
        shape.add(value, 0);
        shape
    }

    fn add(&mut self, value: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Null => self.nulls = true,
            Value::Bool(_) => {
                self.types.insert("boolean");
            }
            Value::Number(_) => {
                self.types.insert("number");
            }
            Value::String(_) => {
                self.types.insert("string");
            }
            Value::Array(items) => {
                self.types.insert("array");
                for (index, item) in items.iter().enumerate() {
                    let at = self.at.push(&index.to_string());
                    self.items
                        .get_or_insert_with(|| {
                            Box::new(Shape {
                                at,
                                ..Shape::default()
                            })
                        })
                        .add(item, depth + 1);
                }
            }
            Value::Object(map) => {
                self.types.insert("object");
                for (name, member) in map {
                    let at = self.at.push(name);
                    self.fields
                        .entry(name.clone())
                        .or_insert_with(|| Shape {
                            at,
                            ..Shape::default()
                        })
                        .add(member, depth + 1);
                }
            }
        }
    }
}

/// What changed from the `recorded` body to the `live` one. Pointers are
/// into the recording (under `base`), or to the nearest recorded parent
/// for an added field.
pub fn compare(
    recorded: &Value,
    live: &Value,
    base: &JsonPointer,
    volatile: &Volatile,
) -> Vec<ShapeChange> {
    let (recorded, live) = (
        Shape::of(recorded, base.clone()),
        Shape::of(live, base.clone()),
    );
    let mut changes = Vec::new();
    walk(&recorded, &live, "", volatile, &mut changes);
    changes
}

fn walk(
    recorded: &Shape,
    live: &Shape,
    path: &str,
    volatile: &Volatile,
    out: &mut Vec<ShapeChange>,
) {
    let display = |p: &str| {
        if p.is_empty() {
            "the body".to_owned()
        } else {
            format!("`{p}`")
        }
    };
    if !recorded.types.is_empty()
        && !live.types.is_empty()
        && recorded.types.is_disjoint(&live.types)
    {
        out.push(ShapeChange::TypeChanged {
            field: display(path),
            at: recorded.at.clone(),
            recorded: types(&recorded.types),
            live: types(&live.types),
        });
        return;
    }
    for (name, field) in &recorded.fields {
        let child = join(path, name);
        match live.fields.get(name) {
            Some(other) => walk(field, other, &child, volatile, out),
            // An object seen live without it (a live `null` body says nothing).
            None if live.types.contains("object") && !volatile.matches(name) => {
                out.push(ShapeChange::Removed {
                    field: child,
                    at: field.at.clone(),
                });
            }
            None => {}
        }
    }
    if recorded.types.contains("object") {
        for name in live.fields.keys() {
            if !recorded.fields.contains_key(name) && !volatile.matches(name) {
                out.push(ShapeChange::Added {
                    field: join(path, name),
                    at: recorded.at.clone(),
                });
            }
        }
    }
    if let (Some(r), Some(l)) = (&recorded.items, &live.items) {
        walk(r, l, &format!("{path}[]"), volatile, out);
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn types(set: &BTreeSet<&'static str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(recorded: Value, live: Value) -> Vec<String> {
        let volatile = Volatile::new(crate::config::VOLATILE_FIELDS);
        compare(&recorded, &live, &JsonPointer::root(), &volatile)
            .into_iter()
            .map(|c| match c {
                ShapeChange::Removed { field, at } => format!("removed {field} at {at}"),
                ShapeChange::Added { field, at } => format!("added {field} at {at}"),
                ShapeChange::TypeChanged {
                    field,
                    recorded,
                    live,
                    ..
                } => format!("{field}: {recorded} → {live}"),
            })
            .collect()
    }

    #[test]
    fn values_never_count_only_structure() {
        assert!(
            changes(
                json!({"Name": "Acme", "Employees": 10, "Tags": ["a"]}),
                json!({"Name": "Globex", "Employees": 12.5, "Tags": ["b", "c"]})
            )
            .is_empty()
        );
    }

    #[test]
    fn removed_added_and_retyped_fields_are_reported() {
        assert_eq!(
            changes(
                json!({"Name": "Acme", "Phone": "+1", "Employees": 10, "Address": {"city": "X"}}),
                json!({"Name": "Acme", "Employees": "10", "Address": {"city": "X", "zip": "1"}, "Legacy": 1})
            ),
            [
                "added Address.zip at /Address",
                "`Employees`: number → string",
                "removed Phone at /Phone",
                "added Legacy at ",
            ]
        );
    }

    #[test]
    fn array_elements_merge_and_empty_arrays_say_nothing() {
        // Optional fields spread over records are not a change.
        assert!(
            changes(
                json!({"records": [{"a": 1}, {"a": 2, "b": 1}]}),
                json!({"records": [{"a": 3, "b": 2}, {"a": 4}]})
            )
            .is_empty()
        );
        assert!(changes(json!({"records": [{"a": 1}]}), json!({"records": []})).is_empty());
        assert_eq!(
            changes(
                json!({"records": [{"a": 1, "b": 1}]}),
                json!({"records": [{"a": 1}]})
            ),
            ["removed records[].b at /records/0/b"]
        );
    }

    #[test]
    fn nulls_and_volatile_fields_are_not_drift() {
        assert!(
            changes(
                json!({"Phone": "+1", "next_cursor": "abc", "Id": "1", "CreatedDate": "x"}),
                json!({"Phone": null})
            )
            .is_empty()
        );
        let volatile = Volatile::new(["*Id", "etag"]);
        assert!(volatile.matches("OwnerId"));
        assert!(volatile.matches("ETag"));
        assert!(!volatile.matches("Paid"));
        assert!(!volatile.matches("Identity"));
    }
}
