//! The report in three forms: text for the terminal, Markdown for a release note, JSON for tools.
//!
//! All three list the same things in the same order — breaking changes, additions, compatible changes, the
//! rules and overlay actions that fire differently, and last the release the changes imply — and all three
//! are deterministic: the diff is sorted before it gets here.

use std::fmt::Write as _;

use serde::Serialize;

use super::change::{Change, Impact};
use super::rules::RuleChange;
use super::semver::{Bump, Release};
use super::{SpecDiff, SpecInfo};
use crate::error::Error;

/// How many places of one rule a text or Markdown report lists before it says how many more there are; the
/// JSON report lists them all.
const PLACES_SHOWN: usize = 8;

const SECTIONS: [(Impact, &str, &str); 3] = [
    (Impact::Breaking, "Breaking changes", "!"),
    (Impact::Addition, "Additions", "+"),
    (Impact::Compatible, "Compatible changes", "~"),
];

fn plural(count: usize, one: &str, many: &str) -> String {
    match count {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

fn counts(diff: &SpecDiff) -> [String; 3] {
    [
        plural(diff.count(Impact::Breaking), "breaking change", "breaking changes"),
        plural(diff.count(Impact::Addition), "addition", "additions"),
        plural(diff.count(Impact::Compatible), "compatible change", "compatible changes"),
    ]
}

fn title(old: &SpecInfo, new: &SpecInfo) -> String {
    if old.title == new.title {
        format!("{} {} → {}", new.title, old.version, new.version)
    } else {
        format!("{} {} → {} {}", old.title, old.version, new.title, new.version)
    }
}

/// The release in one sentence.
fn release(release: &Release) -> String {
    let what = match release.bump {
        Bump::None => {
            return "nothing in the generated crate changed: no release needed".to_owned();
        }
        Bump::Major => "breaking changes",
        Bump::Minor => "additions, nothing breaking",
        Bump::Patch => "compatible changes only",
    };
    match (&release.current_version, &release.next_version) {
        (Some(current), Some(next)) => {
            format!("{what} → {next} (from {current}; semver level: {})", release.bump.label())
        }
        _ => format!("{what} (semver level: {})", release.bump.label()),
    }
}

/// Up to [`PLACES_SHOWN`] places, then a count of the rest.
fn places(sign: char, places: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = places.iter().take(PLACES_SHOWN).map(|place| format!("{sign} {place}")).collect();
    if places.len() > PLACES_SHOWN {
        lines.push(format!("{sign} … and {} more", places.len() - PLACES_SHOWN));
    }
    lines
}

fn rule_places(change: &RuleChange) -> Vec<String> {
    let (added, removed) = change.places();
    let mut lines = places('+', added);
    lines.extend(places('-', removed));
    lines
}

/// The text report.
pub(super) fn text(diff: &SpecDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spec-diff: {}", title(&diff.old, &diff.new));
    let _ = writeln!(out, "{}", counts(diff).join(", "));
    for (impact, heading, sign) in SECTIONS {
        let changes: Vec<&Change> = diff.changes.iter().filter(|change| change.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({}):", changes.len());
        for change in changes {
            let _ = writeln!(out, "  {sign} {}", change.message);
            let _ = writeln!(out, "      why: {}", change.reason);
        }
    }
    if diff.changes.is_empty() {
        let _ = writeln!(out, "\nNo change to the generated crate.");
    }
    let _ = writeln!(out, "\nRules and overlay:");
    if diff.rules.is_empty() {
        let _ = writeln!(out, "  every rule and overlay action fires as before");
    }
    for change in &diff.rules {
        let _ = writeln!(out, "  - {}", change.message());
        for line in rule_places(change) {
            let _ = writeln!(out, "      {line}");
        }
    }
    let _ = writeln!(out, "\nRelease: {}", release(&diff.release));
    let _ = writeln!(out, "  convention: {}", diff.release.convention);
    out
}

/// The Markdown report: a section to paste into a release note.
pub(super) fn markdown(diff: &SpecDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## `alfadocs`: {}\n", title(&diff.old, &diff.new));
    let [breaking, additions, compatible] = counts(diff);
    let breaking = if diff.is_breaking() { format!("**{breaking}**") } else { breaking };
    let _ = writeln!(out, "{breaking}, {additions}, {compatible}.");
    for (impact, heading, _) in SECTIONS {
        let changes: Vec<&Change> = diff.changes.iter().filter(|change| change.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for change in changes {
            let _ = writeln!(out, "- {} — *{}*", change.message, change.reason);
        }
    }
    let _ = writeln!(out, "\n### Generator rules and overlay\n");
    if diff.rules.is_empty() {
        let _ = writeln!(out, "Every rule and overlay action fires as before.");
    }
    for change in &diff.rules {
        let _ = writeln!(out, "- {}", change.message());
        for line in rule_places(change) {
            let _ = writeln!(out, "  - `{line}`");
        }
    }
    let _ = writeln!(out, "\n### Release\n");
    let _ = writeln!(out, "**{}**\n", release(&diff.release));
    let _ = writeln!(out, "Convention: {}.", diff.release.convention);
    out
}

/// Counts by impact, for JSON consumers that only want the verdict.
#[derive(Serialize)]
struct Summary {
    breaking: usize,
    additions: usize,
    compatible: usize,
}

/// A rule change with its sentence.
#[derive(Serialize)]
struct JsonRule<'a> {
    message: String,
    #[serde(flatten)]
    change: &'a RuleChange,
}

/// The JSON document: field names are part of the tool's interface (documented in `docs/spec-diff.md`).
#[derive(Serialize)]
struct Json<'a> {
    old: &'a SpecInfo,
    new: &'a SpecInfo,
    summary: Summary,
    release: &'a Release,
    changes: &'a [Change],
    rules: Vec<JsonRule<'a>>,
}

/// The JSON report, pretty-printed, ending in a newline.
pub(super) fn json(diff: &SpecDiff) -> Result<String, Error> {
    let document = Json {
        old: &diff.old,
        new: &diff.new,
        summary: Summary {
            breaking: diff.count(Impact::Breaking),
            additions: diff.count(Impact::Addition),
            compatible: diff.count(Impact::Compatible),
        },
        release: &diff.release,
        changes: &diff.changes,
        rules: diff.rules.iter().map(|change| JsonRule { message: change.message(), change }).collect(),
    };
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|error| Error::new(format!("cannot write the report as JSON: {error}")))
}
