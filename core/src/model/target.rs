//! What a change is about, as a client of an API meets it: the operation,
//! one of its parameters, a field of what it sends or of what it reads.
//! The diff says it of every change; the usage index answers who uses it.
//!
//! Fields are paths of data, not of schemas: `lines[].sku` whether the
//! schema reaches `sku` through `$ref`s, `allOf` members or `oneOf`
//! branches. A schema that admits any name (`additionalProperties`,
//! `patternProperties`) stands for every name: [`Step::AnyName`].

use std::fmt;

/// One step of a path into a JSON value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The member of that name.
    Name(String),
    /// Every element of an array (elements are merged).
    Items,
    /// Any member, whatever its name (in a change's path only).
    AnyName,
}

/// A path into a JSON value: `lines[].sku`; empty for the value itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(pub Vec<Step>);

impl FieldPath {
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// A path as users write it: `lines[].sku`, `a.*` (empty: the root).
    pub fn parse(text: &str) -> Self {
        let mut steps = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut name = part;
            let mut arrays = 0;
            while let Some(rest) = name.strip_suffix("[]") {
                name = rest;
                arrays += 1;
            }
            match name {
                "" => {}
                "*" => steps.push(Step::AnyName),
                name => steps.push(Step::Name(name.to_owned())),
            }
            steps.extend(std::iter::repeat_n(Step::Items, arrays));
        }
        Self(steps)
    }

    /// The path one step deeper.
    pub fn push(&self, step: Step) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        Self(steps)
    }

    /// The path without its last name (and the array steps after it): the
    /// object that holds the field. `a.b[]` → `a`.
    pub fn parent(&self) -> Self {
        let mut steps = self.0.clone();
        while matches!(steps.last(), Some(Step::Items)) {
            steps.pop();
        }
        steps.pop();
        Self(steps)
    }

    /// Whether `field` is this path or lies below it, `AnyName` matching
    /// any name: `a` covers `a`, `a.b` and `a[].c`; `a.*` covers `a.b`.
    pub fn covers(&self, field: &FieldPath) -> bool {
        self.0.len() <= field.0.len()
            && self.0.iter().zip(&field.0).all(|(mine, theirs)| {
                mine == theirs || (*mine == Step::AnyName && matches!(theirs, Step::Name(_)))
            })
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for step in &self.0 {
            match step {
                Step::Items => f.write_str("[]")?,
                Step::Name(_) | Step::AnyName => {
                    if !first {
                        f.write_str(".")?;
                    }
                    match step {
                        Step::Name(name) => f.write_str(name)?,
                        _ => f.write_str("*")?,
                    }
                }
            }
            first = false;
        }
        Ok(())
    }
}

/// What a change of an operation (or of the whole API) is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The whole API (a change of no operation: servers, global security).
    Api,
    /// The operation as a whole: every call of it.
    Operation,
    /// A parameter; `location` is `path`, `query`, `header` or `cookie`.
    Parameter { location: String, name: String },
    /// A field of the request body (the root: the body itself).
    Request(FieldPath),
    /// A field of a response body (the root: the response itself).
    /// `status` as the contract declares it (`200`, `2XX`, `default`);
    /// `None` for every response.
    Response {
        status: Option<String>,
        field: FieldPath,
    },
    /// A header of a response.
    ResponseHeader {
        status: Option<String>,
        name: String,
    },
}

/// Whether a response of `status` is one the contract's `declared` status
/// names: `200` is `200`, `2XX` and `default` (which stands for any status
/// not declared elsewhere: taken as any, to miss no reader).
pub fn status_matches(declared: Option<&str>, status: u16) -> bool {
    let Some(declared) = declared else {
        return true;
    };
    if declared.eq_ignore_ascii_case("default") {
        return true;
    }
    let code = status.to_string();
    declared.len() == code.len()
        && declared
            .chars()
            .zip(code.chars())
            .all(|(d, c)| d.eq_ignore_ascii_case(&'x') || d == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(names: &[&str]) -> FieldPath {
        FieldPath(
            names
                .iter()
                .map(|n| match *n {
                    "[]" => Step::Items,
                    "*" => Step::AnyName,
                    n => Step::Name(n.to_owned()),
                })
                .collect(),
        )
    }

    #[test]
    fn a_path_covers_itself_and_what_lies_below() {
        let lines = path(&["lines"]);
        assert!(lines.covers(&path(&["lines"])));
        assert!(lines.covers(&path(&["lines", "[]", "sku"])));
        assert!(!lines.covers(&path(&["line"])));
        assert!(!path(&["lines", "[]", "sku"]).covers(&lines));
        assert!(path(&["a", "*"]).covers(&path(&["a", "b", "c"])));
        assert!(!path(&["a", "*"]).covers(&path(&["a", "[]"])));
        assert!(FieldPath::default().covers(&lines));
    }

    #[test]
    fn the_parent_of_a_field_is_the_object_that_holds_it() {
        assert_eq!(path(&["a", "b", "[]"]).parent(), path(&["a"]));
        assert_eq!(
            path(&["lines", "[]", "sku"]).parent(),
            path(&["lines", "[]"])
        );
        assert_eq!(path(&["a"]).parent(), FieldPath::default());
        assert_eq!(path(&["lines", "[]", "sku"]).to_string(), "lines[].sku");
        assert_eq!(path(&["a", "*"]).to_string(), "a.*");
        for text in ["lines[].sku", "a.*", "a[][]", "", "x"] {
            assert_eq!(FieldPath::parse(text).to_string(), text);
        }
        assert_eq!(FieldPath::parse("[]").to_string(), "[]");
    }

    #[test]
    fn declared_statuses_name_ranges_and_default() {
        assert!(status_matches(Some("200"), 200));
        assert!(!status_matches(Some("200"), 201));
        assert!(status_matches(Some("2XX"), 204));
        assert!(status_matches(Some("2xx"), 204));
        assert!(!status_matches(Some("2XX"), 404));
        assert!(status_matches(Some("default"), 500));
        assert!(status_matches(None, 404));
    }
}
