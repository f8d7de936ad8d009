use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::property_flag;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a request or response property whose `writeOnly` was set.
    ///
    /// ## Why is it breaking?
    /// `writeOnly` marks a property sent by clients only: responses leave it out. oasdiff
    /// reports each combination of direction and required-ness with its own
    /// level; a required response property that stops being write-only, for
    /// instance, is warned about.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, writeOnly: true}`.
    RULE: Rule<Change> = ("became-write-only", Family::OpenApi, check, [
        ("request-optional-property-became-write-only", Level::Info),
        ("request-required-property-became-write-only", Level::Info),
        ("response-optional-property-became-write-only", Level::Info),
        ("response-required-property-became-write-only", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    property_flag(
        change,
        &(Delta::WriteOnly { now: true }),
        "became-write-only",
        "became write-only",
    )
}
