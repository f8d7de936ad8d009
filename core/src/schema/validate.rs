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
///
/// Exact at every magnitude: both numbers are read as the decimals they
/// were written as (the shortest that round-trips), so `0.0075` is a
/// multiple of `0.0001`, `1e308` of `0.5`, and `1e300` not of `7`.
pub fn is_multiple(x: f64, m: f64) -> bool {
    if !(m > 0.0 && m.is_finite() && x.is_finite()) {
        return false;
    }
    if x == 0.0 {
        return true;
    }
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && m.fract() == 0.0 && x.abs() < EXACT && m < EXACT {
        return x % m == 0.0;
    }
    let ((a, p), (b, q)) = (decimal(x), decimal(m));
    // x / m = a / b · 10^(p − q): an integer when b's part prime to 10
    // divides a, and the twos and fives of a and the power of ten cover b's.
    let (twos_b, fives_b, rest_b) = split_ten(b);
    let (twos_a, fives_a, _) = split_ten(a);
    let shift = i64::from(p) - i64::from(q);
    a.is_multiple_of(rest_b)
        && i64::from(twos_a) + shift >= i64::from(twos_b)
        && i64::from(fives_a) + shift >= i64::from(fives_b)
}

/// `|x|` as `digits · 10^exponent`, with the digits of the shortest decimal
/// that reads back as `x`.
fn decimal(x: f64) -> (u64, i32) {
    let text = format!("{:e}", x.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut exponent: i32 = exponent.parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    exponent -= fraction.len() as i32;
    let digits: u64 = format!("{whole}{fraction}").parse().unwrap_or(0);
    (digits, exponent)
}

/// `n` as `2^twos · 5^fives · rest`.
fn split_ten(mut n: u64) -> (u32, u32, u64) {
    if n == 0 {
        return (0, 0, 1);
    }
    let twos = n.trailing_zeros();
    n >>= twos;
    let mut fives = 0;
    while n.is_multiple_of(5) {
        n /= 5;
        fives += 1;
    }
    (twos, fives, n)
}

/// Where and why an instance was rejected: the schema node, its keyword,
/// and the place in the instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub at: SchemaRef,
    pub keyword: &'static str,
    /// For `required`, `dependentRequired`, `properties` and the like: the
    /// member concerned.
    pub member: Option<String>,
    pub instance_path: Vec<String>,
}

/// Validates `value` against the schema at `at`.
pub fn validate(schemas: &Schemas<'_>, at: &SchemaRef, value: &Value) -> Result<bool, Unsupported> {
    Cx::new(schemas).eval(at, value, 0).map(|e| e.valid)
}

/// Why `value` is rejected by the schema at `at`: the innermost keyword that
/// failed (a combinator that failed as a whole when no branch passed).
/// `None` when the value is valid or cannot be validated.
pub fn explain(schemas: &Schemas<'_>, at: &SchemaRef, value: &Value) -> Option<Failure> {
    let mut cx = Cx::new(schemas);
    match cx.eval(at, value, 0) {
        Ok(e) if !e.valid => cx.failure.or_else(|| {
            let k = schemas.keywords(at);
            Some(Failure {
                at: k.at.clone().unwrap_or_else(|| at.clone()),
                keyword: "false",
                member: None,
                instance_path: Vec::new(),
            })
        }),
        _ => None,
    }
}

/// Like [`validate_all`], taking the value at address `trusted` as valid
/// against any schema (a placeholder for an instance checked elsewhere).
pub fn validate_all_trusting(
    schemas: &Schemas<'_>,
    positive: &[SchemaRef],
    negative: &[SchemaRef],
    value: &Value,
    trusted: Option<usize>,
) -> Result<bool, Unsupported> {
    let run = |at: &SchemaRef| -> Result<bool, Unsupported> {
        let mut cx = Cx::new(schemas);
        cx.trusted = trusted;
        cx.eval(at, value, 0).map(|e| e.valid)
    };
    for p in positive {
        if !run(p)? {
            return Ok(false);
        }
    }
    for n in negative {
        if run(n)? {
            return Ok(false);
        }
    }
    Ok(true)
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
    /// Items evaluated from the start (`prefixItems`).
    items: usize,
    /// Items evaluated elsewhere (those `contains` matched).
    some_items: HashSet<usize>,
    all_items: bool,
}

impl Eval {
    fn absorb(&mut self, other: &Eval) {
        self.properties.extend(other.properties.iter().cloned());
        self.items = self.items.max(other.items);
        self.some_items.extend(other.some_items.iter().copied());
        self.all_items |= other.all_items;
    }

    fn invalid() -> Eval {
        Eval {
            valid: false,
            ..Eval::default()
        }
    }
}

/// Deeper than any instance accord loads (4,096 levels) through every
/// applicator on the way; recursion that consumes nothing ends earlier, at
/// the fixed point.
const MAX_DEPTH: usize = 20_000;

/// The validation in progress: which schema is applied to which instance,
/// so that a schema that reaches itself without consuming the instance
/// (`allOf: [{$ref: '#'}]`) is read as holding (the greatest fixed point),
/// the same reading the DNF expansion gives it; and the first failure.
struct Cx<'s, 'c> {
    schemas: &'s Schemas<'c>,
    stack: HashSet<(SchemaRef, usize)>,
    path: Vec<String>,
    failure: Option<Failure>,
    /// The address of a value taken as valid against any schema.
    trusted: Option<usize>,
    /// The dynamic scope: the schema resources entered, outermost first
    /// (kept only for contracts with dynamic references).
    scope: Vec<std::rc::Rc<str>>,
}

impl<'s, 'c> Cx<'s, 'c> {
    fn new(schemas: &'s Schemas<'c>) -> Self {
        Self {
            schemas,
            stack: HashSet::new(),
            path: Vec::new(),
            failure: None,
            trusted: None,
            scope: Vec::new(),
        }
    }

    /// Where a `$dynamicRef` or `$recursiveRef` leads in the current
    /// dynamic scope: the outermost resource that declares the anchor.
    fn dynamic_target(&self, at: &SchemaRef, d: &super::Dynamic) -> SchemaRef {
        let side = self.schemas.side(at);
        let contract = self.schemas.contract(side);
        for url in &self.scope {
            let found = match (&d.kind, &d.anchor) {
                (crate::load::RefKind::Recursive, _) => {
                    contract.resource_root(url).filter(|root| {
                        contract.value(root).and_then(|v| v.get("$recursiveAnchor"))
                            == Some(&Value::Bool(true))
                    })
                }
                (_, Some(name)) => contract.dynamic_anchor(url, name).cloned(),
                (_, None) => None,
            };
            if let Some(node) = found.and_then(|n| self.schemas.intern(side, &n)) {
                return node;
            }
        }
        d.initial.clone()
    }

    /// Records why the instance fails here, unless a deeper keyword already said.
    fn fail(&mut self, k: &Keywords, keyword: &'static str, member: Option<&str>) -> bool {
        if self.failure.is_none()
            && let Some(at) = &k.at
        {
            self.failure = Some(Failure {
                at: at.clone(),
                keyword,
                member: member.map(str::to_owned),
                instance_path: self.path.clone(),
            });
        }
        false
    }

    fn eval(&mut self, at: &SchemaRef, value: &Value, depth: usize) -> Result<Eval, Unsupported> {
        self.schemas.tick();
        if depth > MAX_DEPTH {
            return Err(Unsupported(
                "schema recursion without consuming the instance".to_owned(),
            ));
        }
        let address = std::ptr::from_ref(value) as usize;
        if self.trusted == Some(address) {
            return Ok(Eval {
                valid: true,
                ..Eval::default()
            });
        }
        let here = (at.clone(), address);
        if self.stack.contains(&here) {
            return Ok(Eval {
                valid: true,
                ..Eval::default()
            });
        }
        self.stack.insert(here.clone());
        let result = self.eval_inner(at, value, depth);
        self.stack.remove(&here);
        result
    }

    /// A child instance under `segment` of the path.
    fn eval_at(
        &mut self,
        segment: String,
        at: &SchemaRef,
        value: &Value,
        depth: usize,
    ) -> Result<Eval, Unsupported> {
        self.path.push(segment);
        let result = self.eval(at, value, depth);
        self.path.pop();
        result
    }

    /// Evaluates a branch whose failure is not by itself the reason (an
    /// `anyOf` member, an `if`): its failure record is discarded.
    fn probe(&mut self, at: &SchemaRef, value: &Value, depth: usize) -> Result<Eval, Unsupported> {
        self.probe_why(at, value, depth).map(|(e, _)| e)
    }

    /// Like [`probe`](Self::probe), returning the branch's own failure.
    fn probe_why(
        &mut self,
        at: &SchemaRef,
        value: &Value,
        depth: usize,
    ) -> Result<(Eval, Option<Failure>), Unsupported> {
        let saved = self.failure.take();
        let result = self.eval(at, value, depth);
        let why = std::mem::replace(&mut self.failure, saved);
        result.map(|e| (e, why))
    }

    /// When no alternative accepts the instance, the most telling reason is
    /// the failure that got deepest into one of them (the branch the
    /// instance was meant for); the combinator itself when none says more.
    fn fail_alternatives(
        &mut self,
        k: &Keywords,
        keyword: &'static str,
        failures: Vec<Option<Failure>>,
    ) {
        let deepest = failures
            .into_iter()
            .flatten()
            .max_by_key(|f| f.instance_path.len());
        match deepest {
            Some(f) if self.failure.is_none() && f.instance_path.len() > self.path.len() => {
                self.failure = Some(f)
            }
            _ => {
                self.fail(k, keyword, None);
            }
        }
    }

    fn eval_inner(
        &mut self,
        at: &SchemaRef,
        value: &Value,
        depth: usize,
    ) -> Result<Eval, Unsupported> {
        let k = self.schemas.keywords(at);
        let mut out = Eval {
            valid: true,
            ..Eval::default()
        };
        if let Some(b) = k.boolean {
            // A `false` subschema: the keyword that applied it says why.
            out.valid = b;
            return Ok(out);
        }
        if let Some(text) = &k.opaque {
            return Err(Unsupported(format!("the `$ref` `{text}` is not resolved")));
        }
        // Comparisons cannot read these exactly; validation runs them.
        if let Some(keyword) = k.unmodelled.iter().find(|u| {
            !matches!(
                **u,
                "$dynamicRef" | "$recursiveRef" | "unevaluatedProperties" | "unevaluatedItems"
            )
        }) {
            return Err(Unsupported(format!("`{keyword}`")));
        }
        let entered = match &k.resource {
            Some(url) if self.scope.last() != Some(url) => {
                self.scope.push(std::rc::Rc::clone(url));
                true
            }
            _ => false,
        };
        let result = self.eval_keywords(at, &k, value, depth, out);
        if entered {
            self.scope.pop();
        }
        result
    }

    fn eval_keywords(
        &mut self,
        at: &SchemaRef,
        k: &Keywords,
        value: &Value,
        depth: usize,
        mut out: Eval,
    ) -> Result<Eval, Unsupported> {
        if !self.local(k, value, depth, &mut out)? {
            return Ok(Eval::invalid());
        }
        if let Some(d) = &k.dynamic {
            let target = self.dynamic_target(at, d);
            let e = self.eval(&target, value, depth + 1)?;
            if !e.valid {
                return Ok(Eval::invalid());
            }
            out.absorb(&e);
        }
        for sub in k.all_of.iter().chain(k.reference.iter()) {
            let e = self.eval(sub, value, depth + 1)?;
            if !e.valid {
                return Ok(Eval::invalid());
            }
            out.absorb(&e);
        }
        if !k.any_of.is_empty() {
            let mut any = false;
            let mut failures = Vec::new();
            for sub in &k.any_of {
                let (e, why) = self.probe_why(sub, value, depth + 1)?;
                if e.valid {
                    any = true;
                    out.absorb(&e);
                }
                failures.push(why);
            }
            if !any {
                self.fail_alternatives(k, "anyOf", failures);
                return Ok(Eval::invalid());
            }
        }
        if !k.one_of.is_empty() {
            let mut passing = 0;
            let mut failures = Vec::new();
            for sub in &k.one_of {
                let (e, why) = self.probe_why(sub, value, depth + 1)?;
                if e.valid {
                    passing += 1;
                    out.absorb(&e);
                }
                failures.push(why);
            }
            if passing == 0 {
                self.fail_alternatives(k, "oneOf", failures);
                return Ok(Eval::invalid());
            }
            if passing > 1 {
                self.fail(k, "oneOf", None);
                return Ok(Eval::invalid());
            }
        }
        if let Some(not) = &k.not
            && self.probe(not, value, depth + 1)?.valid
        {
            self.fail(k, "not", None);
            return Ok(Eval::invalid());
        }
        if let Some((cond, then, otherwise)) = &k.if_then_else {
            let c = self.probe(cond, value, depth + 1)?;
            let branch = if c.valid { then } else { otherwise };
            if c.valid {
                out.absorb(&c);
            }
            if let Some(branch) = branch {
                let e = self.eval(branch, value, depth + 1)?;
                if !e.valid {
                    return Ok(Eval::invalid());
                }
                out.absorb(&e);
            }
        }
        if let Value::Object(map) = value {
            for (name, sub) in &k.dependent_schemas {
                if map.contains_key(name) {
                    let e = self.eval(sub, value, depth + 1)?;
                    if !e.valid {
                        return Ok(Eval::invalid());
                    }
                    out.absorb(&e);
                }
            }
            if let Some(unevaluated) = &k.unevaluated_properties {
                for (name, v) in map {
                    if !out.properties.contains(name) {
                        if !self.eval_at(name.clone(), unevaluated, v, depth + 1)?.valid {
                            self.fail(k, "unevaluatedProperties", Some(name));
                            return Ok(Eval::invalid());
                        }
                        out.properties.insert(name.clone());
                    }
                }
            }
        }
        if let (Value::Array(items), Some(unevaluated)) = (value, &k.unevaluated_items)
            && !out.all_items
        {
            for (i, item) in items.iter().enumerate().skip(out.items) {
                if out.some_items.contains(&i) {
                    continue;
                }
                if !self
                    .eval_at(i.to_string(), unevaluated, item, depth + 1)?
                    .valid
                {
                    self.fail(k, "unevaluatedItems", None);
                    return Ok(Eval::invalid());
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
            return Ok(self.fail(k, "type", None));
        }
        let listed = |values: &[Value]| match (&k.enum_strings, value) {
            (Some(set), Value::String(s)) => set.contains(s),
            (Some(_), _) => false,
            (None, _) => values.iter().any(|e| json_equal(e, value)),
        };
        if let Some(values) = &k.enumeration
            && !listed(values)
        {
            return Ok(self.fail(k, if values.len() == 1 { "const" } else { "enum" }, None));
        }
        match value {
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                if k.minimum.is_some_and(|m| !above_min(x, m)) {
                    return Ok(self.fail(k, "minimum", None));
                }
                if k.maximum.is_some_and(|m| !below_max(x, m)) {
                    return Ok(self.fail(k, "maximum", None));
                }
                if k.multiple_of.is_some_and(|m| !is_multiple(x, m)) {
                    return Ok(self.fail(k, "multipleOf", None));
                }
            }
            Value::String(s) => {
                let len = s.chars().count() as u64;
                if k.min_length.is_some_and(|m| len < m) {
                    return Ok(self.fail(k, "minLength", None));
                }
                if k.max_length.is_some_and(|m| len > m) {
                    return Ok(self.fail(k, "maxLength", None));
                }
                if let Some(p) = &k.pattern {
                    match schemas.patterns.is_match(p, s) {
                        Some(true) => {}
                        Some(false) => return Ok(self.fail(k, "pattern", None)),
                        None => return Err(Unsupported(format!("the pattern `{p}`"))),
                    }
                }
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                if k.min_items.is_some_and(|m| n < m) {
                    return Ok(self.fail(k, "minItems", None));
                }
                if k.max_items.is_some_and(|m| n > m) {
                    return Ok(self.fail(k, "maxItems", None));
                }
                for (i, item) in items.iter().enumerate() {
                    let schema = k.prefix_items.get(i).or(if i >= k.prefix_items.len() {
                        k.items.as_ref()
                    } else {
                        None
                    });
                    if let Some(schema) = schema
                        && !self.eval_at(i.to_string(), schema, item, depth + 1)?.valid
                    {
                        let keyword = if i < k.prefix_items.len() {
                            "prefixItems"
                        } else {
                            "items"
                        };
                        return Ok(self.fail(k, keyword, None));
                    }
                }
                out.items = k.prefix_items.len().min(items.len());
                out.all_items = k.items.is_some();
                if k.unique_items {
                    for (i, a) in items.iter().enumerate() {
                        if items.iter().skip(i + 1).any(|b| json_equal(a, b)) {
                            return Ok(self.fail(k, "uniqueItems", None));
                        }
                    }
                }
                if let Some(contains) = &k.contains {
                    let mut matching = 0u64;
                    for (i, item) in items.iter().enumerate() {
                        if self.probe(contains, item, depth + 1)?.valid {
                            matching += 1;
                            if k.contains_evaluates {
                                out.some_items.insert(i);
                            }
                        }
                    }
                    let min = k.min_contains.unwrap_or(1);
                    if matching < min {
                        return Ok(self.fail(
                            k,
                            if k.min_contains.is_some() {
                                "minContains"
                            } else {
                                "contains"
                            },
                            None,
                        ));
                    }
                    if k.max_contains.is_some_and(|m| matching > m) {
                        return Ok(self.fail(k, "maxContains", None));
                    }
                    if k.contains_evaluates && matching > 0 && matching == n {
                        out.all_items = true;
                    }
                }
            }
            Value::Object(map) => {
                let n = map.len() as u64;
                if k.min_properties.is_some_and(|m| n < m) {
                    return Ok(self.fail(k, "minProperties", None));
                }
                if k.max_properties.is_some_and(|m| n > m) {
                    return Ok(self.fail(k, "maxProperties", None));
                }
                if let Some(missing) = k.required.iter().find(|r| !map.contains_key(*r)) {
                    return Ok(self.fail(k, "required", Some(missing)));
                }
                for (name, deps) in &k.dependent_required {
                    if map.contains_key(name)
                        && let Some(missing) = deps.iter().find(|d| !map.contains_key(*d))
                    {
                        let _ = missing;
                        return Ok(self.fail(k, "dependentRequired", Some(name)));
                    }
                }
                for (name, v) in map {
                    // The name is the instance here; the failure is the
                    // parent's `propertyNames`, not a keyword deep inside it.
                    if let Some(names) = &k.property_names
                        && !self
                            .probe(names, &Value::String(name.clone()), depth + 1)?
                            .valid
                    {
                        return Ok(self.fail(k, "propertyNames", Some(name)));
                    }
                    let mut matched = false;
                    if let Some(schema) = k.properties.get(name) {
                        matched = true;
                        if !self.eval_at(name.clone(), schema, v, depth + 1)?.valid {
                            // A member declared `false`: that schema is the reason.
                            let sub = schemas.keywords(schema);
                            if sub.boolean == Some(false) {
                                self.path.push(name.clone());
                                self.fail(&sub, "false", None);
                                self.path.pop();
                            }
                            return Ok(self.fail(k, "properties", Some(name)));
                        }
                    }
                    for (pattern, schema) in &k.pattern_properties {
                        match schemas.patterns.is_match(pattern, name) {
                            Some(true) => {
                                matched = true;
                                if !self.eval_at(name.clone(), schema, v, depth + 1)?.valid {
                                    return Ok(self.fail(k, "patternProperties", Some(name)));
                                }
                            }
                            Some(false) => {}
                            None => return Err(Unsupported(format!("the pattern `{pattern}`"))),
                        }
                    }
                    if !matched && let Some(additional) = &k.additional_properties {
                        matched = true;
                        if !self.eval_at(name.clone(), additional, v, depth + 1)?.valid {
                            return Ok(self.fail(k, "additionalProperties", Some(name)));
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

#[cfg(test)]
mod tests {
    use super::is_multiple;

    #[test]
    fn multiples_are_exact_at_every_magnitude() {
        // Decimals as written.
        assert!(is_multiple(0.0075, 0.0001));
        assert!(is_multiple(19.99, 0.01));
        assert!(!is_multiple(0.00751, 0.0001));
        assert!(is_multiple(4.5, 1.5));
        // Large magnitudes: no overflow, no rounding taken for a multiple.
        assert!(is_multiple(1e308, 0.5));
        assert!(!is_multiple(1e308, 0.123456789));
        assert!(!is_multiple(1e300, 7.0));
        assert!(!is_multiple(7.0, 1e300));
        assert!(is_multiple(3e300, 1e300));
        assert!(is_multiple(1e300, 1e299));
        assert!(!is_multiple(1e299, 1e300));
        // Tiny steps against ordinary numbers.
        assert!(!is_multiple(1.0, 3e-300));
        assert!(is_multiple(1.0, 1e-300));
        // Integers exactly.
        assert!(is_multiple(9_007_199_254_740_988.0, 7.0));
        assert!(!is_multiple(9_007_199_254_740_990.0, 7.0));
        assert!(is_multiple(-14.0, 7.0));
        assert!(is_multiple(0.0, 7.0));
        // Steps that are not valid never pass.
        assert!(!is_multiple(6.0, 0.0));
        assert!(!is_multiple(6.0, -3.0));
    }
}
