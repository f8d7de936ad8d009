use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::property_flag;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a request or response property whose `readOnly` was unset.
    ///
    /// ## Why is it breaking?
    /// `readOnly` marks a property sent by the provider only: clients must not send it. oasdiff
    /// reports each combination of direction and required-ness with its own
    /// level; a required response property that stops being write-only, for
    /// instance, is warned about.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, readOnly: false}`.
    RULE: Rule<Change> = ("became-not-read-only", Family::OpenApi, check, [
        ("request-optional-property-became-not-read-only", Level::Info),
        ("request-required-property-became-not-read-only", Level::Info),
        ("response-optional-property-became-not-read-only", Level::Info),
        ("response-required-property-became-not-read-only", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    property_flag(
        change,
        &(Delta::ReadOnly { now: false }),
        "became-not-read-only",
        "is no longer read-only",
    )
}
