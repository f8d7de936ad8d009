//! Registry rules: the semver policy over a new version and the one before
//! it. Judged at `accord register`.

/// How much a version changes what the one before it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// No finding at all: documentation, formatting.
    Unchanged,
    /// Findings, none breaking under the subject's mode.
    Addition,
    /// A finding that breaks under the subject's mode.
    Breaking,
}

/// Which part of the version moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Patch,
    Minor,
    Major,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Patch => "patch",
            Part::Minor => "minor",
            Part::Major => "major",
        }
    }
}

/// A new version against the version before it.
#[derive(Clone, Debug)]
pub struct Bump {
    pub previous: semver::Version,
    pub version: semver::Version,
    pub size: Size,
}

impl Bump {
    /// The part that moved. Below 1.0.0, as Cargo reads semver, the minor
    /// part is the major one and the patch part the minor one.
    pub fn given(&self) -> Part {
        let (p, v) = (&self.previous, &self.version);
        if p.major == 0 && v.major == 0 {
            if v.minor != p.minor {
                Part::Major
            } else {
                Part::Minor
            }
        } else if v.major != p.major {
            Part::Major
        } else if v.minor != p.minor {
            Part::Minor
        } else {
            Part::Patch
        }
    }

    /// The least part that must move for a change of this size.
    pub fn needed(&self) -> Part {
        match self.size {
            Size::Unchanged => Part::Patch,
            Size::Addition => Part::Minor,
            Size::Breaking => Part::Major,
        }
    }

    /// Breaking changes are allowed by a major bump (reported, not refused).
    pub fn allows_breaking(&self) -> bool {
        self.given() == Part::Major
    }

    /// `major` or, below 1.0.0, what stands for it.
    pub fn describe(&self, part: Part) -> String {
        if self.previous.major == 0 {
            match part {
                Part::Major => "minor (below 1.0.0, the major part)".to_owned(),
                Part::Minor => "patch (below 1.0.0, the minor part)".to_owned(),
                Part::Patch => "patch".to_owned(),
            }
        } else {
            part.as_str().to_owned()
        }
    }
}

mod semver_major_bump_required;
mod semver_minor_bump_required;

crate::rules::rule_table!(
    /// Every registry rule, sorted by id.
    Bump;
    semver_major_bump_required,
    semver_minor_bump_required,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn bump(previous: &str, version: &str, size: Size) -> Bump {
        Bump {
            previous: semver::Version::parse(previous).unwrap(),
            version: semver::Version::parse(version).unwrap(),
            size,
        }
    }

    #[test]
    fn parts_as_cargo_reads_them() {
        assert_eq!(bump("1.2.3", "2.0.0", Size::Breaking).given(), Part::Major);
        assert_eq!(bump("1.2.3", "1.3.0", Size::Breaking).given(), Part::Minor);
        assert_eq!(bump("1.2.3", "1.2.4", Size::Breaking).given(), Part::Patch);
        assert_eq!(bump("0.2.3", "0.3.0", Size::Breaking).given(), Part::Major);
        assert_eq!(bump("0.2.3", "0.2.4", Size::Breaking).given(), Part::Minor);
        assert_eq!(bump("0.2.3", "1.0.0", Size::Breaking).given(), Part::Major);
    }

    #[test]
    fn findings_name_the_bump_needed() {
        let judged = |b: &Bump| -> Vec<&str> {
            RULES
                .iter()
                .filter_map(|r| (r.check)(b).map(|h| r.meta(&h.id).unwrap().id))
                .collect()
        };
        assert_eq!(
            judged(&bump("1.0.0", "1.1.0", Size::Breaking)),
            ["semver-major-bump-required"]
        );
        assert!(judged(&bump("1.0.0", "2.0.0", Size::Breaking)).is_empty());
        assert_eq!(
            judged(&bump("1.0.0", "1.0.1", Size::Addition)),
            ["semver-minor-bump-required"]
        );
        assert!(judged(&bump("1.0.0", "1.1.0", Size::Addition)).is_empty());
        assert!(judged(&bump("1.0.0", "1.0.1", Size::Unchanged)).is_empty());
        assert!(judged(&bump("0.1.0", "0.1.1", Size::Addition)).is_empty());
        assert_eq!(
            judged(&bump("0.1.0", "0.1.1", Size::Breaking)),
            ["semver-major-bump-required"]
        );
    }
}
