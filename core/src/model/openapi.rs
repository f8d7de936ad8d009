//! OpenAPI's vocabulary, shared by 3.0 and 3.1: operations, path shapes,
//! parameters, deprecation and sunset dates.

use std::fmt;

use serde_json::Value;

use super::date::Date;

/// The HTTP methods a Path Item may hold, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The path part shared by every `servers[].url` of a document, without a
/// trailing `/`: `https://api.example.com/v1` → `/v1`. Empty when the
/// servers disagree.
pub fn server_prefix(document: &Value) -> String {
    let servers = document.get("servers").and_then(Value::as_array);
    let mut prefixes = servers.into_iter().flatten().map(|server| {
        let url = server
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').and_then(|i| rest.get(i..)).unwrap_or(""),
            None => url,
        };
        path.trim_end_matches('/').to_owned()
    });
    let Some(first) = prefixes.next() else {
        return String::new();
    };
    if prefixes.all(|p| p == first) && first.starts_with('/') {
        first
    } else {
        String::new()
    }
}

/// An operation as users name it: `GET /accounts/{accountId}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Operation {
    /// Upper case (`GET`).
    pub method: String,
    pub path: String,
}

impl Operation {
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A path template with its parameter names erased (`/a/{id}` → `/a/{}`):
/// two templates with the same shape match the same requests.
pub fn path_shape(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' if !in_param => {
                in_param = true;
                out.push_str("{}");
            }
            '}' if in_param => in_param = false,
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

/// Where a parameter goes, with header names compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParameterKey {
    pub location: String,
    pub name: String,
}

impl ParameterKey {
    /// The key of a Parameter Object, if it has `in` and `name`.
    pub fn of(parameter: &Value) -> Option<Self> {
        let location = parameter.get("in")?.as_str()?.to_owned();
        let name = parameter.get("name")?.as_str()?;
        let name = if location == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        Some(Self { location, name })
    }
}

/// What a removal means, given the removed thing's deprecation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Not deprecated in the base: clients had no warning.
    WithoutDeprecation,
    /// Deprecated, and its sunset date (if any) has passed.
    AfterDeprecation,
    /// Deprecated, but removed before the announced sunset date.
    BeforeSunset(Date),
    /// Deprecated with a sunset that is not a date.
    InvalidSunset(String),
    /// `x-stability-level: draft` or `alpha`: it may change without notice.
    Unstable,
}

impl Removal {
    /// Judges the removal of `node` (an operation or a parameter) on `today`.
    /// The sunset date is read from `x-sunset`, as oasdiff does.
    pub fn of(node: &Value, today: Date) -> Self {
        if is_unstable(node) {
            return Removal::Unstable;
        }
        if node.get("deprecated").and_then(Value::as_bool) != Some(true) {
            return Removal::WithoutDeprecation;
        }
        match node.get("x-sunset") {
            None => Removal::AfterDeprecation,
            Some(Value::String(text)) => match Date::parse(text) {
                Some(date) if date > today => Removal::BeforeSunset(date),
                Some(_) => Removal::AfterDeprecation,
                None => Removal::InvalidSunset(text.clone()),
            },
            Some(other) => Removal::InvalidSunset(other.to_string()),
        }
    }
}

/// Whether an operation is `draft` or `alpha` (`x-stability-level`).
pub fn is_unstable(node: &Value) -> bool {
    matches!(
        node.get("x-stability-level").and_then(Value::as_str),
        Some("draft" | "alpha")
    )
}

/// An operation with its path parameters' names left out and its method
/// upper case (`GET /accounts/{}`): a recording or an expectation written
/// before a parameter was renamed is still a call of the operation.
pub fn shape(operation: &str) -> String {
    let mut out = String::with_capacity(operation.len());
    let mut inside = false;
    let mut in_path = false;
    for c in operation.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            ' ' => {
                in_path = true;
                out.push(' ');
            }
            c if in_path => out.push(c),
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(
            path_shape("/accounts/{accountId}/contacts/{id}"),
            "/accounts/{}/contacts/{}"
        );
        assert_eq!(
            path_shape("/accounts/{id}"),
            path_shape("/accounts/{account_id}")
        );
        assert_ne!(path_shape("/accounts/{id}"), path_shape("/accounts/{id}/x"));
    }

    #[test]
    fn removals_by_deprecation_and_sunset() {
        let today = Date::parse("2026-01-01").unwrap();
        assert_eq!(Removal::of(&json!({}), today), Removal::WithoutDeprecation);
        assert_eq!(
            Removal::of(&json!({"deprecated": true}), today),
            Removal::AfterDeprecation
        );
        assert_eq!(
            Removal::of(
                &json!({"deprecated": true, "x-sunset": "2025-06-01"}),
                today
            ),
            Removal::AfterDeprecation
        );
        assert_eq!(
            Removal::of(
                &json!({"deprecated": true, "x-sunset": "2099-06-01"}),
                today
            ),
            Removal::BeforeSunset(Date::parse("2099-06-01").unwrap())
        );
        assert_eq!(
            Removal::of(&json!({"deprecated": true, "x-sunset": "soon"}), today),
            Removal::InvalidSunset("soon".into())
        );
    }

    #[test]
    fn header_parameters_match_case_insensitively() {
        let a = ParameterKey::of(&json!({"in": "header", "name": "X-Tenant"})).unwrap();
        let b = ParameterKey::of(&json!({"in": "header", "name": "x-tenant"})).unwrap();
        assert_eq!(a, b);
        let q = ParameterKey::of(&json!({"in": "query", "name": "Limit"})).unwrap();
        assert_eq!(q.name, "Limit");
    }

    #[test]
    fn an_operation_shape_leaves_out_parameter_names() {
        assert_eq!(super::shape("get /a/{id}/b{x}"), "GET /a/{}/b{}");
        assert_eq!(super::shape("GET /accounts"), "GET /accounts");
    }
}
