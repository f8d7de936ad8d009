//! Rules over OpenAPI changes. Ids and default levels are oasdiff's, so that
//! teams moving from oasdiff keep their ignore lists and overrides.

use crate::diff::Change;
use crate::rules::Rule;

macro_rules! rules {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*
        /// Every OpenAPI rule, sorted by id.
        pub static RULES: &[&Rule<Change>] = &[$(&$name::RULE),*];
    };
}

rules! {
    api_path_removed_before_sunset,
    api_path_removed_with_deprecation,
    api_path_removed_without_deprecation,
    api_path_sunset_parse,
    api_removed_before_sunset,
    api_removed_with_deprecation,
    api_removed_without_deprecation,
    endpoint_added,
    new_optional_request_property,
    new_required_request_property,
    new_required_request_property_with_default,
    request_parameter_removed,
    request_parameter_removed_before_sunset,
    request_parameter_removed_with_deprecation,
    request_parameter_sunset_parse,
    response_optional_property_removed,
    response_required_property_removed,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// accord's own OpenAPI rules, where oasdiff has no such check.
    const ACCORD_OWN: &[&str] = &[];

    #[test]
    fn ids_and_levels_are_oasdiffs() {
        let oasdiff: std::collections::HashMap<&str, &str> = include_str!("oasdiff-rules.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .collect();
        for rule in RULES {
            if ACCORD_OWN.contains(&rule.meta.id) {
                assert!(
                    !oasdiff.contains_key(rule.meta.id),
                    "{} is oasdiff's",
                    rule.meta.id
                );
                continue;
            }
            let level = oasdiff
                .get(rule.meta.id)
                .unwrap_or_else(|| panic!("{} is not an oasdiff id", rule.meta.id));
            assert_eq!(
                *level,
                rule.meta.level.as_str(),
                "{}: oasdiff's default level",
                rule.meta.id
            );
        }
    }

    #[test]
    fn sorted() {
        let ids: Vec<_> = RULES.iter().map(|r| r.meta.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }
}
