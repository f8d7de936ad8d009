use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `GET` of a collection (its path does not end in a parameter, and
    /// its success body is an array or has an array member) that takes no
    /// paging parameter (`cursor`, `page`, `limit`, `offset`, `page_token`,
    /// `starting_after`, …).
    ///
    /// ## Why it matters
    /// Lists grow. An unpaginated list endpoint is fast in the sandbox and
    /// times out at the customer with 200,000 accounts; adding paging later is
    /// a breaking change for every client.
    ///
    /// ## Example
    /// `GET /accounts` returning `{records: [...]}` with no `limit`/`cursor`.
    RULE: Rule<LintIssue> = ("list-pagination-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PaginationMissing => Some(
            "the list operation takes no paging parameter (cursor, page, limit, offset …)"
                .to_owned(),
        ),
        _ => None,
    }
}
