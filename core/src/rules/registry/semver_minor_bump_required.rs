use crate::findings::Level;
use crate::rules::registry::{Bump, Part, Size};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a new version that changes what the version before it accepts
    /// or returns (any finding, at any level) in a patch release. Below
    /// 1.0.0 the patch part is the minor one, as Cargo reads semver.
    ///
    /// ## Why it matters
    /// A patch release promises that nothing changed for anyone: consumers
    /// take patches without looking. A new optional property, a new enum
    /// value in a request, a new endpoint are additions, and additions are
    /// minor releases, so that consumers can tell when there is something
    /// new to use.
    ///
    /// ## Example
    /// `account` 1.0.0 → 1.0.1 adds the optional property `industry`.
    /// Register it as 1.1.0.
    RULE: Rule<Bump> = ("semver-minor-bump-required", Level::Error, Family::Registry, check)
}

fn check(bump: &Bump) -> Option<String> {
    (bump.size == Size::Addition && bump.given() < Part::Minor).then(|| {
        format!(
            "{} changes {} but is a {} release: an addition needs a {} version bump",
            bump.version,
            bump.previous,
            bump.describe(bump.given()),
            bump.describe(Part::Minor)
        )
    })
}
