use super::DriftIssue;
use crate::findings::Level;
use crate::rules::fixture::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a live response body that the contract does not allow
    /// (spec↔live): a required field missing, a field of another type, a
    /// media type the contract does not declare. Values are redacted like a
    /// fixture's before they are quoted.
    ///
    /// ## Why it matters
    /// The live system is what clients talk to. Either the vendor changed the
    /// API or the contract was wrong all along; one of them must change before
    /// a sync job meets it.
    ///
    /// ## Example
    /// The contract says `NumberOfEmployees` is an integer; the sandbox
    /// returns `"2350"`.
    RULE: Rule<DriftIssue> = ("drift-live-response-invalid", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Live(Issue::ResponseInvalid {
            detail, keyword, ..
        }) if !matches!(*keyword, "enum" | "const") => Some(format!("live: {detail}")),
        _ => None,
    }
}
