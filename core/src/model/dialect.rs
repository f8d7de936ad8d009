//! The schema languages accord reads, and how their keywords differ.

/// The schema language a document's schemas are written in. OpenAPI 3.0's
/// Schema Object is its own dialect (draft-04 style bounds plus `nullable`);
/// OpenAPI 3.1 uses JSON Schema 2020-12.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    OpenApi30,
    Draft4,
    Draft6,
    Draft7,
    Draft2019,
    Draft2020,
}

impl Dialect {
    /// `exclusiveMinimum`/`exclusiveMaximum` are booleans beside
    /// `minimum`/`maximum` (draft-04 and OpenAPI 3.0), not numbers.
    pub fn boolean_exclusive_bounds(self) -> bool {
        matches!(self, Dialect::OpenApi30 | Dialect::Draft4)
    }

    /// `nullable: true` adds `null` to the types (OpenAPI 3.0 only).
    pub fn has_nullable(self) -> bool {
        self == Dialect::OpenApi30
    }

    /// The keyword that names a schema resource.
    pub fn id_keyword(self) -> &'static str {
        if matches!(self, Dialect::Draft4 | Dialect::OpenApi30) {
            "id"
        } else {
            "$id"
        }
    }

    /// Keywords beside a `$ref` apply too (2019-09 on); before, a `$ref`
    /// replaces its object.
    pub fn ref_has_siblings(self) -> bool {
        matches!(self, Dialect::Draft2019 | Dialect::Draft2020)
    }

    /// `items` as an array (tuple validation) with `additionalItems`, rather
    /// than 2020-12's `prefixItems` and `items`.
    pub fn tuple_items_as_array(self) -> bool {
        self != Dialect::Draft2020
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::OpenApi30 => "OpenAPI 3.0 schema",
            Dialect::Draft4 => "JSON Schema draft-04",
            Dialect::Draft6 => "JSON Schema draft-06",
            Dialect::Draft7 => "JSON Schema draft-07",
            Dialect::Draft2019 => "JSON Schema 2019-09",
            Dialect::Draft2020 => "JSON Schema 2020-12",
        }
    }

    /// The names `--dialect` and `accord.yaml` take.
    pub const NAMES: [&'static str; 5] = ["draft4", "draft6", "draft7", "2019-09", "2020-12"];

    /// A JSON Schema dialect by name: `draft7`, `draft-07`, `2019-09`,
    /// `draft2020-12` and the like.
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        let name = name.strip_prefix("draft").unwrap_or(&name);
        let name = name.trim_start_matches(['-', '/']);
        match name {
            "4" | "04" => Some(Dialect::Draft4),
            "6" | "06" => Some(Dialect::Draft6),
            "7" | "07" => Some(Dialect::Draft7),
            "2019-09" | "201909" => Some(Dialect::Draft2019),
            "2020-12" | "202012" => Some(Dialect::Draft2020),
            _ => None,
        }
    }

    /// The dialect a `$schema` URI names, if accord knows it.
    pub fn from_schema_uri(uri: &str) -> Option<Self> {
        let uri = uri.trim_end_matches('#');
        let uri = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))?;
        match uri {
            "json-schema.org/draft-04/schema" => Some(Dialect::Draft4),
            "json-schema.org/draft-06/schema" => Some(Dialect::Draft6),
            "json-schema.org/draft-07/schema" => Some(Dialect::Draft7),
            "json-schema.org/draft/2019-09/schema" => Some(Dialect::Draft2019),
            "json-schema.org/draft/2020-12/schema" => Some(Dialect::Draft2020),
            "json-schema.org/schema" => Some(Dialect::Draft2020),
            // OpenAPI 3.1's own dialect is 2020-12 with a vocabulary for
            // `discriminator`, `xml`, `externalDocs` and `example`.
            "spec.openapis.org/oas/3.1/dialect/base" => Some(Dialect::Draft2020),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn names_parse() {
        for name in Dialect::NAMES {
            assert!(Dialect::parse(name).is_some(), "{name}");
        }
        assert_eq!(Dialect::parse("draft-07"), Some(Dialect::Draft7));
        assert_eq!(Dialect::parse("Draft2020-12"), Some(Dialect::Draft2020));
        assert_eq!(Dialect::parse("draft/2019-09"), Some(Dialect::Draft2019));
        assert_eq!(Dialect::parse("openapi"), None);
        assert_eq!(Dialect::parse("draft3"), None);
    }
}
