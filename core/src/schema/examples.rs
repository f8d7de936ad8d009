//! Instances that satisfy a schema: the raw material of witnesses. Values
//! are proposed from the merged keywords (bounds, lengths, pattern samples,
//! required members) and kept only if the validator accepts them.

use serde_json::{Map, Number, Value};

use super::dnf::{self, Conj};
use super::merged::Merged;
use super::validate::{is_multiple, validate_all};
use super::{SchemaRef, Schemas};
use crate::model::schema::TypeSet;

const MAX_DEPTH: usize = 6;

/// The longest string, array or object the generator builds. Bounds above
/// it are reasoned about, never built: the cost of a witness does not grow
/// with the numbers in a schema.
pub const MAX_SIZE: usize = 4_096;

/// A count from a schema as a length the generator may build, if it may.
pub fn buildable(n: u64) -> Option<usize> {
    usize::try_from(n).ok().filter(|n| *n <= MAX_SIZE)
}

/// One instance valid under every schema of `nodes`, if one can be found.
pub fn example(schemas: &Schemas<'_>, nodes: &[SchemaRef], depth: usize) -> Option<Value> {
    examples(schemas, nodes, depth, 1).into_iter().next()
}

/// Up to `limit` instances valid under every schema of `nodes`.
pub fn examples(
    schemas: &Schemas<'_>,
    nodes: &[SchemaRef],
    depth: usize,
    limit: usize,
) -> Vec<Value> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let key = (nodes.to_vec(), depth, limit);
    if let Some(built) = schemas.built(&key) {
        return built.as_ref().clone();
    }
    let out = build(schemas, nodes, depth, limit);
    schemas.remember_built(key, std::rc::Rc::new(out.clone()));
    out
}

fn build(schemas: &Schemas<'_>, nodes: &[SchemaRef], depth: usize, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let dnf = dnf::of_all(schemas, nodes);
    for conj in &dnf.conjs {
        for candidate in candidates(schemas, conj, depth) {
            if out.len() >= limit {
                return out;
            }
            if validate_all(schemas, nodes, &[], &candidate) == Ok(true)
                && !out.contains(&candidate)
            {
                out.push(candidate);
            }
        }
    }
    out
}

/// Values proposed for a conjunction (not yet checked).
pub fn candidates(schemas: &Schemas<'_>, conj: &Conj, depth: usize) -> Vec<Value> {
    let m = Merged::of(schemas, conj);
    if let Some(values) = &m.enumeration {
        return values.clone();
    }
    let mut out = Vec::new();
    for t in [
        TypeSet::OBJECT,
        TypeSet::STRING,
        TypeSet::INTEGER,
        TypeSet::NUMBER,
        TypeSet::ARRAY,
        TypeSet::BOOLEAN,
        TypeSet::NULL,
    ] {
        if m.allows_type(t) && (t != TypeSet::NUMBER || m.types.contains(TypeSet::NUMBER)) {
            out.extend(of_type(schemas, &m, t, depth));
        }
    }
    out
}

/// Values of one type meant to satisfy the merged keywords.
pub fn of_type(schemas: &Schemas<'_>, m: &Merged, t: TypeSet, depth: usize) -> Vec<Value> {
    if t == TypeSet::NULL {
        vec![Value::Null]
    } else if t == TypeSet::BOOLEAN {
        vec![Value::Bool(false), Value::Bool(true)]
    } else if t == TypeSet::INTEGER {
        integers(m).into_iter().map(Value::from).collect()
    } else if t == TypeSet::NUMBER {
        fractions(m)
            .into_iter()
            .filter_map(Number::from_f64)
            .map(Value::Number)
            .collect()
    } else if t == TypeSet::STRING {
        strings(schemas, m).into_iter().map(Value::String).collect()
    } else if t == TypeSet::ARRAY {
        arrays(schemas, m, depth)
    } else if t == TypeSet::OBJECT {
        objects(schemas, m, depth)
    } else {
        Vec::new()
    }
}

/// The integer range the bounds allow: `(lowest, highest)`.
pub fn integer_range(m: &Merged) -> (Option<i64>, Option<i64>) {
    let lo = m.minimum.map(|b| {
        let c = b.value.ceil();
        if b.exclusive && c == b.value {
            (c as i64).saturating_add(1)
        } else {
            c as i64
        }
    });
    let hi = m.maximum.map(|b| {
        let f = b.value.floor();
        if b.exclusive && f == b.value {
            (f as i64).saturating_sub(1)
        } else {
            f as i64
        }
    });
    (lo, hi)
}

fn integers(m: &Merged) -> Vec<i64> {
    let (lo, hi) = integer_range(m);
    let step = m
        .multiples
        .iter()
        .copied()
        .filter(|s| s.fract() == 0.0)
        .fold(1i64, |acc, s| lcm(acc, s as i64));
    // The ends of the range first: they tell most about other schemas.
    let mut seeds = Vec::new();
    if let Some(lo) = lo {
        seeds.extend([lo, lo.saturating_add(1), lo.saturating_add(2)]);
    }
    if let Some(hi) = hi {
        seeds.extend([hi, hi.saturating_sub(1), hi.saturating_sub(2)]);
    }
    seeds.extend([0i64, 1, -1, 2, 10]);
    let mut out = Vec::new();
    for seed in seeds {
        // Round up to a multiple of every integral `multipleOf`.
        let rounded = if step > 1 {
            seed.div_euclid(step)
                .checked_mul(step)
                .and_then(|v| v.checked_add(if seed.rem_euclid(step) == 0 { 0 } else { step }))
        } else {
            Some(seed)
        };
        let Some(v) = rounded else {
            continue;
        };
        let fits = lo.is_none_or(|l| v >= l) && hi.is_none_or(|h| v <= h);
        let multiple = m.multiples.iter().all(|&x| is_multiple(v as f64, x));
        if fits && multiple && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The least common multiple, capped at 2^40 (in 128 bits: no overflow
/// whatever the steps).
fn lcm(a: i64, b: i64) -> i64 {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a.abs() } else { gcd(b, a % b) }
    }
    let (a, b) = (i128::from(a), i128::from(b));
    if a == 0 || b == 0 {
        0
    } else {
        (a / gcd(a, b) * b).abs().min(1 << 40) as i64
    }
}

fn fractions(m: &Merged) -> Vec<f64> {
    let lo = m.minimum.map(|b| b.value);
    let hi = m.maximum.map(|b| b.value);
    let mut out = vec![0.5, -0.5, 1.5, 2.5];
    match (lo, hi) {
        (Some(l), Some(h)) => out.extend([
            (l + h) / 2.0,
            l + (h - l) / 4.0,
            h - (h - l) / 4.0,
            l + 0.5,
            h - 0.5,
        ]),
        (Some(l), None) => out.extend([l + 0.5, l + 0.25, l.floor() + 1.5]),
        (None, Some(h)) => out.extend([h - 0.5, h - 0.25, h.ceil() - 1.5]),
        (None, None) => {}
    }
    for &step in &m.multiples {
        if step.fract() != 0.0 {
            let base = lo.map_or(0.0, |l| (l / step).ceil() * step);
            out.extend([base, base + step, step, 3.0 * step]);
        }
    }
    out.retain(|v| v.fract() != 0.0 || !m.multiples.is_empty());
    out
}

fn strings(schemas: &Schemas<'_>, m: &Merged) -> Vec<String> {
    // No string shorter than the generator's limit fits: build none.
    let Some(min) = buildable(m.min_length) else {
        return Vec::new();
    };
    let max = m.max_length.and_then(buildable);
    let fits = |s: &String| {
        let n = s.chars().count() as u64;
        n >= m.min_length && m.max_length.is_none_or(|x| n <= x)
    };
    let mut out: Vec<String> = Vec::new();
    if let Some(first) = m.patterns.first() {
        for sample in schemas.patterns.samples(first) {
            out.push(sample.clone());
            // Pad to the minimum length where the pattern allows it.
            if sample.chars().count() < min {
                out.push(format!(
                    "{sample}{}",
                    "a".repeat(min - sample.chars().count())
                ));
                out.push(format!(
                    "{}{sample}",
                    "a".repeat(min - sample.chars().count())
                ));
            }
        }
    }
    // Every length in range (up to a point), so that gaps between ranges
    // in other schemas are found.
    let top = max.unwrap_or(min + 3).min(min + 40).min(MAX_SIZE);
    for n in (min..=top).chain([1, 3]).chain(max) {
        out.push("a".repeat(n));
        out.push("0".repeat(n));
    }
    out.retain(|s| fits(s));
    out.retain(|s| {
        m.patterns
            .iter()
            .all(|p| schemas.patterns.is_match(p, s) == Some(true))
    });
    out.dedup();
    out
}

fn arrays(schemas: &Schemas<'_>, m: &Merged, depth: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let max = m
        .max_items
        .map_or(usize::MAX, |x| usize::try_from(x).unwrap_or(usize::MAX));
    let Some(min) = buildable(m.min_items) else {
        return out;
    };
    // Items that satisfy a `contains`, to put first.
    let mut contained: Vec<Value> = Vec::new();
    let mut wanted = 0usize;
    for k in &m.atoms {
        if let Some(c) = &k.contains {
            contained.extend(examples(schemas, std::slice::from_ref(c), depth + 1, 3));
            wanted = wanted.max(
                k.min_contains
                    .map_or(1, |n| usize::try_from(n).unwrap_or(usize::MAX)),
            );
        }
    }
    let mut lengths = vec![
        min,
        min + 1,
        min.max(1),
        min.max(2),
        min.max(wanted),
        min.max(wanted).saturating_add(1),
    ];
    if max != usize::MAX {
        lengths.push(max);
    }
    lengths.dedup();
    // Example items per position (the last one stands for the rest).
    let mut choices: Vec<Option<Vec<Value>>> = Vec::new();
    for len in lengths {
        if len > max || len > MAX_SIZE {
            continue;
        }
        // Items alike, items as varied as can be, and (with `contains`)
        // every item a contained one, starting from each example in turn.
        let mut plans: Vec<(bool, usize, bool)> = vec![(false, 0, false), (true, 0, false)];
        for start in 0..contained.len() {
            plans.push((true, start, false));
            plans.push((true, start, true));
        }
        for (varied, start, all_contained) in plans {
            let mut items = Vec::with_capacity(len);
            for i in 0..len {
                let take_contained =
                    all_contained || i < wanted.max(usize::from(!contained.is_empty()));
                let from_contains = take_contained
                    .then(|| {
                        contained
                            .get(if varied {
                                (start + i) % contained.len().max(1)
                            } else {
                                0
                            })
                            .cloned()
                    })
                    .flatten();
                let item = match (from_contains, m.item_schemas(i)) {
                    (Some(v), _) => Some(v),
                    (None, Some(nodes)) => {
                        let slot = i.min(m.prefix_len());
                        while choices.len() <= slot {
                            choices.push(None);
                        }
                        let options = match choices.get_mut(slot) {
                            Some(entry) => entry
                                .get_or_insert_with(|| examples(schemas, &nodes, depth + 1, 4))
                                .clone(),
                            None => Vec::new(),
                        };
                        let pick = if m.unique_items || varied {
                            i % options.len().max(1)
                        } else {
                            0
                        };
                        options.get(pick).cloned()
                    }
                    (None, None) => Some(if m.unique_items || varied {
                        Value::from(i as i64)
                    } else {
                        Value::from(0)
                    }),
                };
                match item {
                    Some(v) => items.push(v),
                    None => break,
                }
            }
            if items.len() == len {
                let v = Value::Array(items);
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

fn objects(schemas: &Schemas<'_>, m: &Merged, depth: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut base = Map::new();
    for name in &m.required {
        match member_value(schemas, m, name, depth) {
            Some(v) => {
                base.insert(name.clone(), v);
            }
            None => return out,
        }
    }
    out.push(Value::Object(base.clone()));
    // Reach `minProperties` with declared members, then fresh names.
    let mut fuller = base.clone();
    let target = (m.min_properties.max(base.len() as u64 + 1) as usize).min(MAX_SIZE);
    let fresh = (0..target + 8).map(|i| format!("p{i}"));
    for name in m.declared().cloned().chain(fresh) {
        if fuller.len() >= target {
            break;
        }
        if fuller.contains_key(&name) {
            continue;
        }
        if let Some(v) = member_value(schemas, m, &name, depth) {
            fuller.insert(name, v);
        }
    }
    out.push(Value::Object(fuller));
    out
}

/// A value for member `name`, or `None` when it may not appear.
fn member_value(schemas: &Schemas<'_>, m: &Merged, name: &str, depth: usize) -> Option<Value> {
    match m.property_schemas(schemas, name) {
        Some(nodes) => example(schemas, &nodes, depth + 1),
        None => Some(Value::from(0)),
    }
}

/// `true` when the types allow a number that is not an integer.
pub fn allows_fractions(types: TypeSet) -> bool {
    types.normalized().contains(TypeSet::NUMBER)
}
