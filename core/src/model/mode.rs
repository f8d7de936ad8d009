//! Compatibility modes, as schema registries name them, and the direction
//! each checks (`Mode`); what a difference means under each is the
//! engines' (`diff::jsonschema`).

use std::fmt;

/// Which changes a subject accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// New readers read old data: the revision accepts all the base did.
    Backward,
    /// Old readers read new data: the base accepts all the revision does.
    Forward,
    /// Both.
    Full,
}

/// What every new version of a subject must stay compatible with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CompatMode {
    /// `None`: no check (`none`).
    pub direction: Option<Mode>,
    /// Against every earlier version, not only the one before.
    pub transitive: bool,
}

impl CompatMode {
    pub const BACKWARD: Self = Self {
        direction: Some(Mode::Backward),
        transitive: false,
    };
    pub const FULL_TRANSITIVE: Self = Self {
        direction: Some(Mode::Full),
        transitive: true,
    };
    pub const NONE: Self = Self {
        direction: None,
        transitive: false,
    };

    /// Every name, in the order `--help` lists them.
    pub const NAMES: &'static [&'static str] = &[
        "backward",
        "backward-transitive",
        "forward",
        "forward-transitive",
        "full",
        "full-transitive",
        "none",
    ];

    pub fn parse(text: &str) -> Option<Self> {
        let (base, transitive) = match text.strip_suffix("-transitive") {
            Some(base) => (base, true),
            None => (text, false),
        };
        let direction = match base {
            "backward" => Some(Mode::Backward),
            "forward" => Some(Mode::Forward),
            "full" => Some(Mode::Full),
            "none" if !transitive => None,
            _ => return None,
        };
        Some(Self {
            direction,
            transitive,
        })
    }

    pub fn name(self) -> &'static str {
        match (self.direction, self.transitive) {
            (None, _) => "none",
            (Some(Mode::Backward), false) => "backward",
            (Some(Mode::Backward), true) => "backward-transitive",
            (Some(Mode::Forward), false) => "forward",
            (Some(Mode::Forward), true) => "forward-transitive",
            (Some(Mode::Full), false) => "full",
            (Some(Mode::Full), true) => "full-transitive",
        }
    }
}

impl fmt::Display for CompatMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for name in CompatMode::NAMES {
            assert_eq!(CompatMode::parse(name).unwrap().name(), *name);
        }
        assert_eq!(CompatMode::parse("none-transitive"), None);
        assert_eq!(CompatMode::parse("Backward"), None);
    }
}
