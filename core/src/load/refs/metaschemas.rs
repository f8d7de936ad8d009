//! The JSON Schema meta-schemas (draft-04 to 2020-12, as published at
//! json-schema.org; copies in `core/metaschemas/`), so that a `$ref` to a
//! dialect's own schema (`"$ref": "http://json-schema.org/draft-07/schema#"`)
//! is followed without any network access.

/// (URL without scheme, text) of every bundled meta-schema document.
const BUNDLED: &[(&str, &str)] = &[
    (
        "json-schema.org/draft-04/schema",
        include_str!("../../../metaschemas/draft4.json"),
    ),
    (
        "json-schema.org/draft-06/schema",
        include_str!("../../../metaschemas/draft6.json"),
    ),
    (
        "json-schema.org/draft-07/schema",
        include_str!("../../../metaschemas/draft7.json"),
    ),
    (
        "json-schema.org/draft/2019-09/schema",
        include_str!("../../../metaschemas/draft2019-09/schema.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/core",
        include_str!("../../../metaschemas/draft2019-09/meta/core.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/applicator",
        include_str!("../../../metaschemas/draft2019-09/meta/applicator.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/validation",
        include_str!("../../../metaschemas/draft2019-09/meta/validation.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/meta-data",
        include_str!("../../../metaschemas/draft2019-09/meta/meta-data.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/format",
        include_str!("../../../metaschemas/draft2019-09/meta/format.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/content",
        include_str!("../../../metaschemas/draft2019-09/meta/content.json"),
    ),
    (
        "json-schema.org/draft/2020-12/schema",
        include_str!("../../../metaschemas/draft2020-12/schema.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/core",
        include_str!("../../../metaschemas/draft2020-12/meta/core.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/applicator",
        include_str!("../../../metaschemas/draft2020-12/meta/applicator.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/unevaluated",
        include_str!("../../../metaschemas/draft2020-12/meta/unevaluated.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/validation",
        include_str!("../../../metaschemas/draft2020-12/meta/validation.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/meta-data",
        include_str!("../../../metaschemas/draft2020-12/meta/meta-data.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/format-annotation",
        include_str!("../../../metaschemas/draft2020-12/meta/format-annotation.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/format-assertion",
        include_str!("../../../metaschemas/draft2020-12/meta/format-assertion.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/content",
        include_str!("../../../metaschemas/draft2020-12/meta/content.json"),
    ),
];

/// The bundled meta-schema at `url` (http or https, no fragment).
pub(super) fn bundled(url: &url::Url) -> Option<&'static str> {
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return None;
    }
    let rest = url.as_str().split_once("://")?.1;
    BUNDLED
        .iter()
        .find(|(name, _)| *name == rest)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bundled_document_parses_and_names_itself() {
        for (name, text) in super::BUNDLED {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let id = value
                .get("$id")
                .or_else(|| value.get("id"))
                .and_then(|v| v.as_str())
                .unwrap();
            assert!(id.trim_end_matches('#').ends_with(name), "{name}: {id}");
        }
    }
}
