//! What a document is: OpenAPI 3.0 or 3.1, or a JSON Schema of some draft.
//! Anything else (Swagger 2.0, OpenAPI 4, an unknown `$schema`) is refused
//! with a message that says what accord reads.

use serde_json::Value;

use super::{Document, Error};
pub use crate::model::dialect::Dialect;
use crate::model::pointer::JsonPointer;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpenApiVersion {
    V3_0,
    V3_1,
}

/// What the root document of a contract is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContractKind {
    OpenApi {
        version: OpenApiVersion,
        declared: String,
    },
    JsonSchema {
        dialect: Dialect,
    },
}

impl ContractKind {
    /// The dialect of schemas written directly in this contract's root.
    pub fn dialect(&self) -> Dialect {
        match self {
            ContractKind::OpenApi {
                version: OpenApiVersion::V3_0,
                ..
            } => Dialect::OpenApi30,
            ContractKind::OpenApi {
                version: OpenApiVersion::V3_1,
                ..
            } => Dialect::Draft2020,
            ContractKind::JsonSchema { dialect } => *dialect,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ContractKind::OpenApi { declared, .. } => format!("OpenAPI {declared}"),
            ContractKind::JsonSchema { dialect } => dialect.name().to_owned(),
        }
    }
}

/// Keywords whose presence makes a `$schema`-less object a JSON Schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "$defs",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "$ref",
    "items",
    "enum",
    "const",
    "$id",
    "required",
    "if",
    "additionalProperties",
    "patternProperties",
    "format",
];

/// What the root document is. With `schema_dialect`, the caller knows it is
/// a JSON Schema: an object without `openapi` or `$schema` is read as one
/// in that dialect, whatever keywords it has.
pub(crate) fn detect(
    doc: &Document,
    schema_dialect: Option<Dialect>,
) -> Result<ContractKind, Error> {
    let unsupported = |key: &str, message: String| {
        let at = doc.position(&JsonPointer::root().push(key));
        Error::Unsupported {
            path: doc.display_path(),
            line: at.line,
            column: at.column,
            message,
        }
    };
    let map = match &doc.root {
        Value::Object(map) => map,
        Value::Bool(_) => {
            return Ok(ContractKind::JsonSchema {
                dialect: Dialect::Draft2020,
            });
        }
        other => {
            return Err(unsupported(
                "",
                format!(
                    "not an OpenAPI document or JSON Schema: the top level is {}",
                    type_name(other)
                ),
            ));
        }
    };
    if let Some(v) = map.get("swagger") {
        return Err(unsupported(
            "swagger",
            format!(
                "Swagger {} is not supported: accord reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)",
                scalar_text(v)
            ),
        ));
    }
    if let Some(v) = map.get("openapi") {
        let declared = scalar_text(v);
        let version = if declared == "3.0" || declared.starts_with("3.0.") {
            OpenApiVersion::V3_0
        } else if declared == "3.1" || declared.starts_with("3.1.") {
            OpenApiVersion::V3_1
        } else {
            return Err(unsupported(
                "openapi",
                format!("unsupported OpenAPI version `{declared}`: accord reads 3.0.x and 3.1.x"),
            ));
        };
        return Ok(ContractKind::OpenApi { version, declared });
    }
    if let Some(v) = map.get("$schema") {
        let uri = scalar_text(v);
        return match Dialect::from_schema_uri(&uri) {
            Some(dialect) => Ok(ContractKind::JsonSchema { dialect }),
            None => Err(unsupported(
                "$schema",
                format!(
                    "unknown JSON Schema version `{uri}`: accord reads draft-04, -06, -07, 2019-09 and 2020-12"
                ),
            )),
        };
    }
    if let Some(dialect) = schema_dialect {
        return Ok(ContractKind::JsonSchema { dialect });
    }
    if map.is_empty() || map.keys().any(|k| SCHEMA_KEYWORDS.contains(&k.as_str())) {
        return Ok(ContractKind::JsonSchema {
            dialect: Dialect::Draft2020,
        });
    }
    Err(unsupported(
        "",
        "not an OpenAPI document or JSON Schema: expected an `openapi` field or a `$schema`"
            .to_owned(),
    ))
}

/// The dialect a referenced document declares itself, if any.
pub(crate) fn declared_dialect(root: &Value) -> Option<Dialect> {
    root.get("$schema")
        .and_then(Value::as_str)
        .and_then(Dialect::from_schema_uri)
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn kind(text: &str) -> Result<ContractKind, String> {
        let doc = Document::parse(PathBuf::from("c.yaml"), text.as_bytes().to_vec()).unwrap();
        detect(&doc, None).map_err(|e| e.to_string())
    }

    #[test]
    fn openapi_versions() {
        assert!(matches!(
            kind("openapi: 3.0.3\n"),
            Ok(ContractKind::OpenApi {
                version: OpenApiVersion::V3_0,
                ..
            })
        ));
        assert!(matches!(
            kind("openapi: '3.1.0'\n"),
            Ok(ContractKind::OpenApi {
                version: OpenApiVersion::V3_1,
                ..
            })
        ));
        assert!(matches!(
            kind("openapi: 3.1\n"),
            Ok(ContractKind::OpenApi {
                version: OpenApiVersion::V3_1,
                ..
            })
        ));
        assert_eq!(
            kind("info: {}\nopenapi: 4.0.0\n").unwrap_err(),
            "c.yaml:2:1: unsupported OpenAPI version `4.0.0`: accord reads 3.0.x and 3.1.x"
        );
        assert!(
            kind("swagger: '2.0'\n")
                .unwrap_err()
                .starts_with("c.yaml:1:1: Swagger 2.0 is not supported")
        );
    }

    #[test]
    fn json_schema_drafts() {
        let k = kind("$schema: http://json-schema.org/draft-04/schema#\n").unwrap();
        assert_eq!(
            k,
            ContractKind::JsonSchema {
                dialect: Dialect::Draft4
            }
        );
        let k =
            kind("$schema: https://json-schema.org/draft/2020-12/schema\ntype: object\n").unwrap();
        assert_eq!(
            k,
            ContractKind::JsonSchema {
                dialect: Dialect::Draft2020
            }
        );
        assert_eq!(
            kind("type: object\n").unwrap(),
            ContractKind::JsonSchema {
                dialect: Dialect::Draft2020
            }
        );
        assert!(
            kind("$schema: https://example.com/mine\n")
                .unwrap_err()
                .contains("unknown JSON Schema version")
        );
        assert!(
            kind("name: app\nreplicas: 3\n")
                .unwrap_err()
                .contains("not an OpenAPI document or JSON Schema")
        );
        assert!(
            kind("- 1\n")
                .unwrap_err()
                .contains("the top level is an array")
        );
    }
}
