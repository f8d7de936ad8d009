//! oasdiff's rule table (`oasdiff-rules.txt`): every id with its default
//! level and English message template, as data. accord's OpenAPI ids and
//! levels are checked against it, and ignore files written for oasdiff
//! match accord's findings through its templates.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One rule of oasdiff's table.
#[derive(Debug)]
pub struct OasdiffRule {
    pub id: &'static str,
    /// `error`, `warning` or `info`.
    pub level: &'static str,
    /// The English message, with Go verbs (`%s`, `%v`, …) where values go.
    pub template: &'static str,
}

static TABLE: LazyLock<HashMap<&'static str, OasdiffRule>> = LazyLock::new(|| {
    include_str!("oasdiff-rules.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let (id, rest) = line.split_once(' ')?;
            let (level, template) = rest.split_once(' ').unwrap_or((rest, ""));
            Some((
                id,
                OasdiffRule {
                    id,
                    level,
                    template,
                },
            ))
        })
        .collect()
});

/// oasdiff's rule with this id.
pub fn rule(id: &str) -> Option<&'static OasdiffRule> {
    TABLE.get(id)
}

/// Every rule of oasdiff's table.
pub fn rules() -> impl Iterator<Item = &'static OasdiffRule> {
    TABLE.values()
}

static PATTERNS: LazyLock<HashMap<&'static str, regex::Regex>> = LazyLock::new(|| {
    TABLE
        .values()
        .filter(|r| !r.template.is_empty())
        .filter_map(|r| {
            let mut pattern = String::from("(?i)");
            let mut rest = r.template;
            // Each Go verb stands for a value; the rest is literal text.
            while let Some(at) = rest.find('%') {
                let (text, verb) = rest.split_at(at);
                pattern.push_str(&regex::escape(text));
                pattern.push_str(".*?");
                rest = verb.get(2..).unwrap_or_default();
            }
            pattern.push_str(&regex::escape(rest));
            Some((r.id, regex::Regex::new(&pattern).ok()?))
        })
        .collect()
});

/// Whether `text` holds a message oasdiff writes for the rule `id`.
pub fn says(id: &str, text: &str) -> bool {
    PATTERNS.get(id).is_some_and(|p| p.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_rule_with_a_level() {
        assert_eq!(rules().count(), 509);
        for r in rules() {
            assert!(
                matches!(r.level, "error" | "warning" | "info"),
                "{}: {}",
                r.id,
                r.level
            );
        }
    }

    #[test]
    fn templates_match_oasdiffs_messages() {
        assert!(says(
            "request-property-removed",
            "POST /pets removed the request property 'name'"
        ));
        let r = rule("api-operation-id-removed").expect("rule");
        assert_eq!(
            r.template,
            "api operation id %s removed and replaced with %s"
        );
        assert!(says(
            "api-operation-id-removed",
            "GET /pets api operation id 'listPets' removed and replaced with 'getPets'"
        ));
        assert!(!says(
            "api-operation-id-removed",
            "GET /pets the endpoint was removed"
        ));
    }
}
