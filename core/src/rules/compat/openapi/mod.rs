//! Rules over OpenAPI changes. Ids and default levels are oasdiff's, so that
//! teams moving from oasdiff keep their ignore lists and overrides.

use serde_json::Value;

use crate::diff::{Change, ChangeKind, Delta, Direction, KeywordChange, Place, Root, Sides};
use crate::findings::{Finding, Level};
use crate::rules::{Hit, Rule};

pub mod oasdiff;
mod proofs;

mod all_of;
mod any_of;
mod api_anonymous_access_removed;
mod api_path_removed_before_sunset;
mod api_path_removed_with_deprecation;
mod api_path_removed_without_deprecation;
mod api_path_sunset_parse;
mod api_removed_before_sunset;
mod api_removed_with_deprecation;
mod api_removed_without_deprecation;
mod api_schema_removed;
mod became_not_read_only;
mod became_not_write_only;
mod became_optional;
mod became_read_only;
mod became_required;
mod became_write_only;
mod callback_added;
mod callback_removed;
mod r#const;
mod contains;
mod content_encoding;
mod content_media_type;
mod content_schema;
mod default_parameter_to_existing_path;
mod default_value;
mod dependent_required;
mod dependent_schema;
mod deprecated;
mod deprecated_sunset_invalid;
mod deprecated_sunset_missing;
mod deprecated_with_sunset;
mod discriminator;
mod r#else;
mod endpoint_added;
mod r#enum;
mod exclusive_max;
mod exclusive_min;
mod r#if;
mod list_of_types;
mod max;
mod max_contains;
mod max_items;
mod max_length;
mod media_type;
mod min;
mod min_contains;
mod min_items;
mod min_length;
mod new_optional_request_parameter;
mod new_optional_request_property;
mod new_request_path_parameter;
mod new_required_request_header_property;
mod new_required_request_parameter;
mod new_required_request_property;
mod new_required_request_property_with_default;
mod nullable;
mod one_of;
mod operation_id;
mod pattern;
mod pattern_property;
mod prefix_items;
mod property_names;
mod reactivated;
mod request_body_added;
mod request_body_removed;
mod request_parameter_removed;
mod request_parameter_removed_before_sunset;
mod request_parameter_removed_with_deprecation;
mod request_parameter_sunset_parse;
mod request_property_removed;
mod response_header;
mod response_optional_property_added;
mod response_optional_property_removed;
mod response_optional_write_only_property_added;
mod response_optional_write_only_property_removed;
mod response_required_property_added;
mod response_required_property_removed;
mod response_required_write_only_property_added;
mod response_required_write_only_property_removed;
mod security;
mod security_component;
mod stability;
mod status;
mod sunset;
mod sunset_date_changed_too_small;
mod sunset_date_too_small;
mod tag;
mod then;
mod r#type;
mod unevaluated_items;
mod unevaluated_properties;
mod webhook;
mod wrapped_in_one_of;

crate::rules::rule_table!(
    /// Every OpenAPI rule, sorted by id.
    Change;
    all_of,
    any_of,
    api_anonymous_access_removed,
    api_path_removed_before_sunset,
    api_path_removed_with_deprecation,
    api_path_removed_without_deprecation,
    api_path_sunset_parse,
    api_removed_before_sunset,
    api_removed_with_deprecation,
    api_removed_without_deprecation,
    api_schema_removed,
    became_not_read_only,
    became_not_write_only,
    became_optional,
    became_read_only,
    became_required,
    became_write_only,
    callback_added,
    callback_removed,
    r#const,
    contains,
    content_encoding,
    content_media_type,
    content_schema,
    default_parameter_to_existing_path,
    default_value,
    dependent_required,
    dependent_schema,
    deprecated,
    deprecated_sunset_invalid,
    deprecated_sunset_missing,
    deprecated_with_sunset,
    discriminator,
    r#else,
    endpoint_added,
    r#enum,
    exclusive_max,
    exclusive_min,
    r#if,
    list_of_types,
    max,
    max_contains,
    max_items,
    max_length,
    media_type,
    min,
    min_contains,
    min_items,
    min_length,
    new_optional_request_parameter,
    new_optional_request_property,
    new_request_path_parameter,
    new_required_request_header_property,
    new_required_request_parameter,
    new_required_request_property,
    new_required_request_property_with_default,
    nullable,
    one_of,
    operation_id,
    pattern,
    pattern_property,
    prefix_items,
    property_names,
    reactivated,
    request_body_added,
    request_body_removed,
    request_parameter_removed,
    request_parameter_removed_before_sunset,
    request_parameter_removed_with_deprecation,
    request_parameter_sunset_parse,
    request_property_removed,
    response_header,
    response_optional_property_added,
    response_optional_property_removed,
    response_optional_write_only_property_added,
    response_optional_write_only_property_removed,
    response_required_property_added,
    response_required_property_removed,
    response_required_write_only_property_added,
    response_required_write_only_property_removed,
    security,
    security_component,
    stability,
    status,
    sunset,
    sunset_date_changed_too_small,
    sunset_date_too_small,
    tag,
    then,
    r#type,
    unevaluated_items,
    unevaluated_properties,
    webhook,
    wrapped_in_one_of,
);

/// Judges OpenAPI changes with every rule, then takes a second look at
/// every finding at warning or above that a client might not see (see
/// [`proofs`]): a read-only property in a request, a union member merged
/// into another, a value moved to a new member, a default that follows the
/// document's version, a rewrite the schema engine proves changes no value.
pub fn judge(changes: &[Change], sides: Sides<'_>) -> Vec<Finding> {
    let mut findings = crate::rules::judge_each(RULES, changes, sides);
    findings.extend(crate::rules::judge_each(
        super::schema::SHARED,
        changes,
        sides,
    ));
    let mut look = proofs::SecondLook::new(changes, sides);
    for (index, finding) in &mut findings {
        if finding.level == Level::Info {
            continue;
        }
        let Some(change) = changes.get(*index) else {
            continue;
        };
        if let Some((level, note)) = look.unseen_by_clients(change) {
            finding.level = finding.level.min(level);
            finding.message.push_str(&note);
        }
    }
    findings.into_iter().map(|(_, finding)| finding).collect()
}

/// A keyword change, with oasdiff's name for its place: `request-body`,
/// `request-property`, `request-parameter`, `request-parameter-property`,
/// `request-header-property`, `response-body`, `response-property` or
/// `response-header`.
pub(crate) fn keyword(change: &Change) -> Option<(&KeywordChange, &'static str)> {
    let ChangeKind::Keyword(k) = &change.kind else {
        return None;
    };
    // A parameter's array items are read as part of the parameter.
    let whole = k.place.is_root()
        || (matches!(k.place.root, Root::Parameter { .. })
            && k.place.path.bytes().all(|b| b == b'[' || b == b']'));
    let prefix = match (change.direction?, &k.place.root, whole) {
        (Direction::Request, Root::Body, true) => "request-body",
        (Direction::Request, Root::Body, false) => "request-property",
        (Direction::Request, Root::Parameter { .. }, true) => "request-parameter",
        (Direction::Request, Root::Parameter { location, .. }, false) if location == "header" => {
            "request-header-property"
        }
        (Direction::Request, Root::Parameter { .. }, false) => "request-parameter-property",
        (Direction::Response, Root::Body, true) => "response-body",
        (Direction::Response, Root::Body, false) => "response-property",
        (Direction::Response, Root::Header { .. }, true) => "response-header",
        _ => return None,
    };
    Some((k, prefix))
}

/// oasdiff's id for `suffix` at a keyword change's place. Read-only request
/// properties and write-only response properties have ids of their own for
/// some changes (clients never send, or never receive, them); those are
/// used where `rule` has them.
pub(crate) fn place_id<I>(rule: &Rule<I>, k: &KeywordChange, prefix: &str, suffix: &str) -> String {
    let special = match prefix {
        "request-property" if k.place.read_only => Some("request-read-only-property"),
        "response-property" if k.place.write_only => Some("response-write-only-property"),
        _ => None,
    };
    if let Some(special) = special {
        let id = format!("{special}-{suffix}");
        if rule.meta(&id).is_some() {
            return id;
        }
    }
    format!("{prefix}-{suffix}")
}

/// How users name a place: ``request property `lines[].sku` ``,
/// ``query parameter `limit` ``, `` `200` response body ``.
/// A property's `readOnly` or `writeOnly` set or cleared (`delta`):
/// `{direction}-{required|optional}-property-{suffix}` with `message`
/// after the property's description. Not the body itself.
pub(crate) fn property_flag(
    change: &Change,
    delta: &Delta,
    suffix: &str,
    message: &str,
) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    if &k.delta != delta || k.place.is_root() {
        return None;
    }
    let direction = prefix.split('-').next()?;
    let required = match k.place.required? {
        true => "required",
        false => "optional",
    };
    Some(Hit::new(
        format!("{direction}-{required}-property-{suffix}"),
        format!("{} {message}", describe(change, &k.place)),
    ))
}

pub(crate) fn describe(change: &Change, place: &Place) -> String {
    let status = change
        .status
        .as_deref()
        .map(|s| format!("`{s}` "))
        .unwrap_or_default();
    let direction = match change.direction {
        Some(Direction::Response) => format!("{status}response"),
        _ => "request".to_owned(),
    };
    // Bodies in other media types than JSON say which.
    let media = match change.media_type.as_deref() {
        Some(m) if m != "application/json" => format!(" (`{m}`)"),
        _ => String::new(),
    };
    match (&place.root, place.is_root()) {
        (Root::Body, true) => format!("{direction} body{media}"),
        (Root::Body, false) => format!("{direction} property `{}`{media}", place.path),
        (Root::Parameter { location, name }, true) => format!("{location} parameter `{name}`"),
        (Root::Parameter { location, name }, false) => {
            format!("property `{}` of {location} parameter `{name}`", place.path)
        }
        (Root::Header { name }, true) => format!("{direction} header `{name}`"),
        (Root::Header { name }, false) => {
            format!("property `{}` of {direction} header `{name}`", place.path)
        }
    }
}

/// A place as [`describe`] names it, spelled out only when a message is
/// written: most rules look at a change and pass.
pub(crate) struct Described<'a>(pub &'a Change, pub &'a Place);

impl std::fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe(self.0, self.1))
    }
}

/// A JSON value as a message shows it: strings in backticks, the rest as
/// JSON.
pub(crate) fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// A number as a message shows it (`5`, not `5.0`).
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The finding for a numeric bound (`keyword`, named `name` in ids) set,
/// unset, increased or decreased.
pub(crate) fn bound<I>(rule: &Rule<I>, change: &Change, keyword: &str, name: &str) -> Option<Hit> {
    let (k, prefix) = self::keyword(change)?;
    let crate::diff::Delta::Bound {
        keyword: changed,
        before,
        after,
    } = &k.delta
    else {
        return None;
    };
    if *changed != keyword {
        return None;
    }
    let place = Described(change, &k.place);
    // A lower bound left out is its default (`minLength: 0`, …). Where the
    // rule has no `-set`/`-unset` id for it (oasdiff reads these keywords
    // as numbers that default), setting one is an increase from the default.
    let declared = |what: &str| {
        rule.meta(&place_id(rule, k, prefix, &format!("{name}-{what}")))
            .is_some()
    };
    let (before, after) = match (implicit_default(keyword), before, after) {
        (Some(d), None, Some(_)) if !declared("set") => (&Some(d), after),
        (Some(d), Some(_), None) if !declared("unset") => (before, &Some(d)),
        _ => (before, after),
    };
    let (what, message) = match (before, after) {
        (None, Some(a)) => (
            "set",
            format!("`{keyword}` of {place} was set to {}", number(*a)),
        ),
        (Some(b), None) => (
            "unset",
            format!("`{keyword}` of {place} was removed (it was {})", number(*b)),
        ),
        (Some(b), Some(a)) if a < b => (
            "decreased",
            format!(
                "`{keyword}` of {place} was decreased from {} to {}",
                number(*b),
                number(*a)
            ),
        ),
        (Some(b), Some(a)) => (
            "increased",
            format!(
                "`{keyword}` of {place} was increased from {} to {}",
                number(*b),
                number(*a)
            ),
        ),
        (None, None) => return None,
    };
    Some(Hit::new(
        place_id(rule, k, prefix, &format!("{name}-{what}")),
        message,
    ))
}

/// What a lower bound is when it is left out.
fn implicit_default(keyword: &str) -> Option<f64> {
    match keyword {
        "minLength" | "minItems" | "minProperties" => Some(0.0),
        "minContains" => Some(1.0),
        _ => None,
    }
}

/// The finding for a subschema keyword (`if`, `contains`, …; `name` in
/// ids) added or removed.
pub(crate) fn subschema<I>(
    rule: &Rule<I>,
    change: &Change,
    keyword: &str,
    name: &str,
) -> Option<Hit> {
    let (k, prefix) = self::keyword(change)?;
    let crate::diff::Delta::Subschema {
        keyword: changed,
        added,
    } = &k.delta
    else {
        return None;
    };
    if *changed != keyword {
        return None;
    }
    let place = Described(change, &k.place);
    let (what, message) = if *added {
        ("added", format!("`{keyword}` was added to {place}"))
    } else {
        ("removed", format!("`{keyword}` was removed from {place}"))
    };
    Some(Hit::new(
        place_id(rule, k, prefix, &format!("{name}-{what}")),
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// accord's own OpenAPI rules, where oasdiff has no such check.
    const ACCORD_OWN: &[&str] = &[
        "api-anonymous-access-removed",
        "callback-added",
        "callback-removed",
    ];

    #[test]
    fn ids_and_levels_are_oasdiffs() {
        for meta in RULES.iter().flat_map(|r| r.ids) {
            if ACCORD_OWN.contains(&meta.id) {
                assert!(oasdiff::rule(meta.id).is_none(), "{} is oasdiff's", meta.id);
                continue;
            }
            let level = oasdiff::rule(meta.id)
                .map(|r| r.level)
                .unwrap_or_else(|| panic!("{} is not an oasdiff id", meta.id));
            assert_eq!(
                level,
                meta.level.as_str(),
                "{}: oasdiff's default level",
                meta.id
            );
        }
    }

    #[test]
    fn sorted() {
        let ids: Vec<_> = RULES.iter().map(|r| r.name).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }
}

#[cfg(test)]
mod proof_tests {
    use super::proofs::accepts_the_same;
    use super::*;
    use crate::diff::RootPair;
    use crate::load::{Contract, Document, NoFiles};
    use crate::schema::Schemas;

    fn contract(max: u32) -> Contract {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: integer, maximum: {max}}}\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let doc = Document::parse("api.yaml".into(), yaml.into_bytes()).unwrap();
        Contract::from_root(doc, &mut NoFiles).unwrap()
    }

    #[test]
    fn a_narrower_request_is_not_proven_compatible() {
        let (base, revision) = (contract(15), contract(10));
        let schemas = Schemas::new(&base, &revision);
        let node = base
            .root_node()
            .push("paths")
            .push("/a")
            .push("post")
            .push("requestBody")
            .push("content")
            .push("application/json")
            .push("schema");
        let root = RootPair {
            base: node.clone(),
            revision: node,
        };
        assert!(!accepts_the_same(&schemas, &root, Direction::Request));
        assert!(accepts_the_same(&schemas, &root, Direction::Response));
    }
}
