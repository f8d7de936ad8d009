//! Instance validation over [`Keywords`], used to check witnesses and to
//! decide finite sets (`enum`, `const`) exactly. `format` is an annotation
//! here, as in JSON Schema 2019-09 and later by default.

use std::collections::HashSet;

use serde_json::Value;

use super::{Keywords, SchemaRef, Schemas};
use crate::model::schema::{Bound, TypeSet};

/// A keyword or pattern this validator cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// Equality of JSON values, with numbers compared by value (`1 == 1.0`).
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                // Integers compare exactly (beyond 2^53 floats would merge them).
                (Some(a), Some(b), _, _) => a == b,
                (_, _, Some(a), Some(b)) => a == b,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// The JSON type of a value (an integral number is both integer and number).
pub fn type_of(v: &Value) -> TypeSet {
    match v {
        Value::Null => TypeSet::NULL,
        Value::Bool(_) => TypeSet::BOOLEAN,
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
            TypeSet::INTEGER.union(TypeSet::NUMBER)
        }
        Value::Number(_) => TypeSet::NUMBER,
        Value::String(_) => TypeSet::STRING,
        Value::Array(_) => TypeSet::ARRAY,
        Value::Object(_) => TypeSet::OBJECT,
    }
}

/// Whether a value of type(s) `value` is allowed by `allowed` (`number`
/// admits integers).
pub fn type_allows(allowed: TypeSet, value: TypeSet) -> bool {
    let allowed = if allowed.contains(TypeSet::NUMBER) {
        allowed.union(TypeSet::INTEGER)
    } else {
        allowed
    };
    let value = if value.contains(TypeSet::INTEGER) {
        TypeSet::INTEGER
    } else {
        value
    };
    allowed.contains(value)
}

pub fn below_max(x: f64, max: Bound) -> bool {
    if max.exclusive {
        x < max.value
    } else {
        x <= max.value
    }
}

pub fn above_min(x: f64, min: Bound) -> bool {
    if min.exclusive {
        x > min.value
    } else {
        x >= min.value
    }
}

/// Whether `x` is a multiple of `m`, tolerating floating-point noise.
pub fn is_multiple(x: f64, m: f64) -> bool {
    let q = x / m;
    (q - q.round()).abs() < 1e-9 * q.abs().max(1.0)
}

/// Validates `value` against the schema at `at`.
pub fn validate(schemas: &Schemas<'_>, at: &SchemaRef, value: &Value) -> Result<bool, Unsupported> {
    let mut cx = Cx {
        schemas,
        stack: Vec::new(),
    };
    cx.eval(at, value, 0).map(|e| e.valid)
}

/// The validation in progress: which schema is applied to which instance,
/// so that a schema that reaches itself without consuming the instance
/// (`allOf: [{$ref: '#'}]`) is read as holding (the greatest fixed point),
/// the same reading the DNF expansion gives it.
struct Cx<'s, 'c> {
    schemas: &'s Schemas<'c>,
    stack: Vec<(SchemaRef, usize)>,
}

/// Validates against every schema of a conjunction, and none of its negations.
pub fn validate_all(
    schemas: &Schemas<'_>,
    positive: &[SchemaRef],
    negative: &[SchemaRef],
    value: &Value,
) -> Result<bool, Unsupported> {
    for p in positive {
        if !validate(schemas, p, value)? {
            return Ok(false);
        }
    }
    for n in negative {
        if validate(schemas, n, value)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The result of one validation, with what it evaluated (for
/// `unevaluatedProperties` and `unevaluatedItems`).
#[derive(Default)]
struct Eval {
    valid: bool,
    properties: HashSet<String>,
    items: usize,
    all_items: bool,
}

impl Eval {
    fn absorb(&mut self, other: &Eval) {
        self.properties.extend(other.properties.iter().cloned());
        self.items = self.items.max(other.items);
        self.all_items |= other.all_items;
    }
}

const MAX_DEPTH: usize = 200;

impl Cx<'_, '_> {
    fn eval(&mut self, at: &SchemaRef, value: &Value, depth: usize) -> Result<Eval, Unsupported> {
        if depth > MAX_DEPTH {
            return Err(Unsupported(
                "schema recursion without consuming the instance".to_owned(),
            ));
        }
        let here = (at.clone(), std::ptr::from_ref(value) as usize);
        if self.stack.contains(&here) {
            return Ok(Eval {
                valid: true,
                ..Eval::default()
            });
        }
        self.stack.push(here);
        let result = self.eval_inner(at, value, depth);
        self.stack.pop();
        result
    }

    fn eval_inner(
        &mut self,
        at: &SchemaRef,
        value: &Value,
        depth: usize,
    ) -> Result<Eval, Unsupported> {
        let schemas = self.schemas;
        let k = schemas.keywords(at);
        let mut out = Eval {
            valid: true,
            ..Eval::default()
        };
        if let Some(b) = k.boolean {
            out.valid = b;
            return Ok(out);
        }
        if let Some(text) = &k.opaque {
            return Err(Unsupported(format!("the `$ref` `{text}` is not resolved")));
        }
        if let Some(keyword) = k.unmodelled.first() {
            return Err(Unsupported(format!("`{keyword}`")));
        }
        if !self.local(&k, value, depth, &mut out)? {
            out.valid = false;
            return Ok(out);
        }
        // Combinators (their annotations count when they validate).
        for sub in k.all_of.iter().chain(k.reference.iter()) {
            let e = self.eval(sub, value, depth + 1)?;
            if !e.valid {
                out.valid = false;
                return Ok(out);
            }
            out.absorb(&e);
        }
        if !k.any_of.is_empty() {
            let mut any = false;
            for sub in &k.any_of {
                let e = self.eval(sub, value, depth + 1)?;
                if e.valid {
                    any = true;
                    out.absorb(&e);
                }
            }
            if !any {
                out.valid = false;
                return Ok(out);
            }
        }
        if !k.one_of.is_empty() {
            let mut passing = 0;
            for sub in &k.one_of {
                let e = self.eval(sub, value, depth + 1)?;
                if e.valid {
                    passing += 1;
                    out.absorb(&e);
                }
            }
            if passing != 1 {
                out.valid = false;
                return Ok(out);
            }
        }
        if let Some(not) = &k.not
            && self.eval(not, value, depth + 1)?.valid
        {
            out.valid = false;
            return Ok(out);
        }
        if let Some((cond, then, otherwise)) = &k.if_then_else {
            let c = self.eval(cond, value, depth + 1)?;
            let branch = if c.valid { then } else { otherwise };
            if c.valid {
                out.absorb(&c);
            }
            if let Some(branch) = branch {
                let e = self.eval(branch, value, depth + 1)?;
                if !e.valid {
                    out.valid = false;
                    return Ok(out);
                }
                out.absorb(&e);
            }
        }
        if let Value::Object(map) = value {
            for (name, sub) in &k.dependent_schemas {
                if map.contains_key(name) {
                    let e = self.eval(sub, value, depth + 1)?;
                    if !e.valid {
                        out.valid = false;
                        return Ok(out);
                    }
                    out.absorb(&e);
                }
            }
            if let Some(unevaluated) = &k.unevaluated_properties {
                for (name, v) in map {
                    if !out.properties.contains(name) {
                        if !self.eval(unevaluated, v, depth + 1)?.valid {
                            out.valid = false;
                            return Ok(out);
                        }
                        out.properties.insert(name.clone());
                    }
                }
            }
        }
        if let (Value::Array(items), Some(unevaluated)) = (value, &k.unevaluated_items)
            && !out.all_items
        {
            for item in items.iter().skip(out.items) {
                if !self.eval(unevaluated, item, depth + 1)?.valid {
                    out.valid = false;
                    return Ok(out);
                }
            }
            out.all_items = true;
        }
        Ok(out)
    }

    /// The keywords that look at the value itself (not combinators).
    fn local(
        &mut self,
        k: &Keywords,
        value: &Value,
        depth: usize,
        out: &mut Eval,
    ) -> Result<bool, Unsupported> {
        let schemas = self.schemas;
        if let Some(types) = k.types
            && !type_allows(types, type_of(value))
        {
            return Ok(false);
        }
        if let Some(values) = &k.enumeration
            && !values.iter().any(|e| json_equal(e, value))
        {
            return Ok(false);
        }
        match value {
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                if k.minimum.is_some_and(|m| !above_min(x, m))
                    || k.maximum.is_some_and(|m| !below_max(x, m))
                {
                    return Ok(false);
                }
                if k.multiple_of.is_some_and(|m| !is_multiple(x, m)) {
                    return Ok(false);
                }
            }
            Value::String(s) => {
                let len = s.chars().count() as u64;
                if k.min_length.is_some_and(|m| len < m) || k.max_length.is_some_and(|m| len > m) {
                    return Ok(false);
                }
                if let Some(p) = &k.pattern {
                    match schemas.patterns.is_match(p, s) {
                        Some(true) => {}
                        Some(false) => return Ok(false),
                        None => return Err(Unsupported(format!("the pattern `{p}`"))),
                    }
                }
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                if k.min_items.is_some_and(|m| n < m) || k.max_items.is_some_and(|m| n > m) {
                    return Ok(false);
                }
                for (i, item) in items.iter().enumerate() {
                    let schema = k.prefix_items.get(i).or(if i >= k.prefix_items.len() {
                        k.items.as_ref()
                    } else {
                        None
                    });
                    if let Some(schema) = schema
                        && !self.eval(schema, item, depth + 1)?.valid
                    {
                        return Ok(false);
                    }
                }
                out.items = k.prefix_items.len().min(items.len());
                out.all_items = k.items.is_some();
                if k.unique_items {
                    for (i, a) in items.iter().enumerate() {
                        if items.iter().skip(i + 1).any(|b| json_equal(a, b)) {
                            return Ok(false);
                        }
                    }
                }
                if let Some(contains) = &k.contains {
                    let mut matching = 0u64;
                    for item in items {
                        if self.eval(contains, item, depth + 1)?.valid {
                            matching += 1;
                        }
                    }
                    let min = k.min_contains.unwrap_or(1);
                    if matching < min || k.max_contains.is_some_and(|m| matching > m) {
                        return Ok(false);
                    }
                    if matching > 0 && matching == n {
                        out.all_items = true;
                    }
                }
            }
            Value::Object(map) => {
                let n = map.len() as u64;
                if k.min_properties.is_some_and(|m| n < m)
                    || k.max_properties.is_some_and(|m| n > m)
                {
                    return Ok(false);
                }
                if k.required.iter().any(|r| !map.contains_key(r)) {
                    return Ok(false);
                }
                for (name, deps) in &k.dependent_required {
                    if map.contains_key(name) && deps.iter().any(|d| !map.contains_key(d)) {
                        return Ok(false);
                    }
                }
                for (name, v) in map {
                    if let Some(names) = &k.property_names
                        && !self
                            .eval(names, &Value::String(name.clone()), depth + 1)?
                            .valid
                    {
                        return Ok(false);
                    }
                    let mut matched = false;
                    if let Some((_, schema)) = k.properties.iter().find(|(p, _)| p == name) {
                        matched = true;
                        if !self.eval(schema, v, depth + 1)?.valid {
                            return Ok(false);
                        }
                    }
                    for (pattern, schema) in &k.pattern_properties {
                        match schemas.patterns.is_match(pattern, name) {
                            Some(true) => {
                                matched = true;
                                if !self.eval(schema, v, depth + 1)?.valid {
                                    return Ok(false);
                                }
                            }
                            Some(false) => {}
                            None => return Err(Unsupported(format!("the pattern `{pattern}`"))),
                        }
                    }
                    if !matched && let Some(additional) = &k.additional_properties {
                        matched = true;
                        if !self.eval(additional, v, depth + 1)?.valid {
                            return Ok(false);
                        }
                    }
                    if matched {
                        out.properties.insert(name.clone());
                    }
                }
            }
            _ => {}
        }
        Ok(true)
    }
}
