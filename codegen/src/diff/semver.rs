//! The release a set of changes implies.
//!
//! The convention is Cargo's (the Cargo book, "SemVer Compatibility"): the left-most non-zero component is the
//! one that signals incompatibility. While `alfadocs` is 0.x, a breaking change bumps the *minor* version
//! (0.1.3 → 0.2.0) and anything else — additions included — bumps the *patch* version (0.1.3 → 0.1.4), which
//! is what `cargo update` picks up for users who depend on `alfadocs = "0.1"`. From 1.0 on: breaking → major,
//! additions → minor, the rest → patch.

use serde::Serialize;

use super::change::Impact;

/// The level of a release, in semver's own terms (before the 0.x shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing in the generated crate's API, docs or behaviour changed.
    None,
    /// Compatible changes only: wire details, docs, runtime behaviour.
    Patch,
    /// New API surface, nothing broken.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// The bump implied by changes of these impacts (the largest one wins).
    pub fn of(impacts: impl IntoIterator<Item = Impact>) -> Self {
        impacts
            .into_iter()
            .map(|impact| match impact {
                Impact::Breaking => Bump::Major,
                Impact::Addition => Bump::Minor,
                Impact::Compatible => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    /// The lower-case word.
    pub fn label(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `current` (`MAJOR.MINOR.PATCH`, pre-release and build metadata dropped), following the
    /// 0.x convention of the module docs; `None` when `current` is not a version or nothing changed.
    pub fn next_version(self, current: &str) -> Option<String> {
        let core = current.split(['-', '+']).next()?;
        let parts: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
        let [major, minor, patch] = parts[..] else {
            return None;
        };
        let next = match (self, major) {
            (Bump::None, _) => return None,
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }
}

/// The release a diff implies for a crate at a given version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The semver level of the changes.
    pub bump: Bump,
    /// The crate's version the changes apply to, if known.
    pub current_version: Option<String>,
    /// The version to release, if the current one is known and something changed.
    pub next_version: Option<String>,
    /// The convention, in words.
    pub convention: &'static str,
}

/// The convention, as reports state it.
pub const CONVENTION: &str = "Cargo's: while 0.x, breaking → minor (0.1.3 → 0.2.0), everything else → patch; \
                              from 1.0, breaking → major, additions → minor, other changes → patch";

impl Release {
    /// The release for `bump` from `current_version`.
    pub fn new(bump: Bump, current_version: Option<&str>) -> Self {
        Self {
            bump,
            current_version: current_version.map(str::to_owned),
            next_version: current_version.and_then(|current| bump.next_version(current)),
            convention: CONVENTION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_x_shifts_breaking_to_minor() {
        assert_eq!(Bump::Major.next_version("0.1.3").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.next_version("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Patch.next_version("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::None.next_version("0.1.3"), None);
    }

    #[test]
    fn from_one_on_semver_proper() {
        assert_eq!(Bump::Major.next_version("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.next_version("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Patch.next_version("1.4.2-rc.1").as_deref(), Some("1.4.3"));
        assert_eq!(Bump::Patch.next_version("one"), None);
    }

    #[test]
    fn the_largest_impact_wins() {
        assert_eq!(Bump::of([]), Bump::None);
        assert_eq!(Bump::of([Impact::Compatible, Impact::Addition]), Bump::Minor);
        assert_eq!(Bump::of([Impact::Addition, Impact::Breaking, Impact::Compatible]), Bump::Major);
    }
}
