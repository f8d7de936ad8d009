use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a request or response property whose `writeOnly` was unset.
    ///
    /// ## Why is it breaking?
    /// `writeOnly` marks a property sent by clients only: responses leave it out. oasdiff
    /// reports each combination of direction and required-ness with its own
    /// level; a required response property that stops being write-only, for
    /// instance, is warned about.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, writeOnly: false}`.
    RULE: Rule<Change> = ("became-not-write-only", Family::OpenApi, check, [
        ("request-optional-property-became-not-write-only", Level::Info),
        ("request-required-property-became-not-write-only", Level::Info),
        ("response-optional-property-became-not-write-only", Level::Info),
        ("response-required-property-became-not-write-only", Level::Warning),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    if k.delta != (Delta::WriteOnly { now: false }) || k.place.is_root() {
        return None;
    }
    let direction = prefix.split('-').next()?;
    let required = match k.place.required? {
        true => "required",
        false => "optional",
    };
    Some(Hit::new(
        format!("{direction}-{required}-property-became-not-write-only"),
        format!("{} is no longer write-only", describe(change, &k.place)),
    ))
}
