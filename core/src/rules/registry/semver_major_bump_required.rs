use crate::findings::Level;
use crate::rules::registry::{Bump, Part, Size};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a new version that breaks the version before it (a finding at
    /// `error` under the subject's compatibility mode) without a major
    /// version bump. Below 1.0.0 the minor part is the major one, as Cargo
    /// reads semver.
    ///
    /// ## Why is it breaking?
    /// Consumers pin major versions: a minor or patch release is a promise
    /// that nothing they rely on changed. A major bump makes a breaking
    /// change deliberate; the breaking findings are still reported, at
    /// `warning`, and the version lands.
    ///
    /// ## Example
    /// `account` 1.0.0 has `name` optional; 1.1.0 requires it. Register it
    /// as 2.0.0, or keep `name` optional.
    RULE: Rule<Bump> = ("semver-major-bump-required", Level::Error, Family::Registry, check)
}

fn check(bump: &Bump) -> Option<String> {
    (bump.size == Size::Breaking && bump.given() < Part::Major).then(|| {
        format!(
            "{} breaks {} but is a {} release: a breaking change needs a {} version bump",
            bump.version,
            bump.previous,
            bump.describe(bump.given()),
            bump.describe(Part::Major)
        )
    })
}
