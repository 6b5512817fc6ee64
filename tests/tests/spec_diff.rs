//! `spec-diff` on fixture pairs: one pair per kind of change under `tests/fixtures/diff/<kind>/{old,new}.yaml`
//! (with an `overlay.yaml` when the pair needs its own corrections), each report snapshotted, each pair's
//! expected verdict checked; and errors that name the file and say which of the two documents it was.
//!
//! Paths are relative to this crate (cargo runs tests from the package folder), so snapshots and error
//! messages read the same on every machine.

use std::path::{Path, PathBuf};

use alfadocs_codegen::diff::{Bump, Impact, SpecDiff, compare_files, diff};
use alfadocs_codegen::{Report, lower_prepared, prepare};

/// The crate version the snapshots are rendered for, fixed so that a workspace version bump does not change
/// them.
const CRATE_VERSION: &str = "0.1.0";

/// Every pair, the change kind it is about, that kind's impact, and the release the whole pair implies.
const EXPECTED: &[(&str, &str, Option<Impact>, Bump)] = &[
    ("arguments-reordered", "arguments_reordered", Some(Impact::Breaking), Bump::Major),
    ("base-url-changed", "base_url_changed", Some(Impact::Compatible), Bump::Patch),
    ("body-added", "body_added", Some(Impact::Breaking), Bump::Major),
    ("body-field-optional", "field_made_optional", Some(Impact::Breaking), Bump::Major),
    ("body-field-required", "field_made_required", Some(Impact::Breaking), Bump::Major),
    ("body-removed", "body_removed", Some(Impact::Breaking), Bump::Major),
    ("body-retyped", "body_retyped", Some(Impact::Breaking), Bump::Major),
    ("current-archive-added", "current_archive_added", Some(Impact::Addition), Bump::Minor),
    ("current-archive-changed", "current_archive_changed", Some(Impact::Compatible), Bump::Major),
    ("current-archive-removed", "current_archive_removed", Some(Impact::Breaking), Bump::Major),
    ("custom-fields-added", "custom_fields_added", Some(Impact::Addition), Bump::Minor),
    ("custom-fields-removed", "custom_fields_removed", Some(Impact::Breaking), Bump::Major),
    ("date-window-added", "date_window_added", Some(Impact::Addition), Bump::Minor),
    ("date-window-removed", "date_window_removed", Some(Impact::Breaking), Bump::Major),
    ("docs-only", "docs_changed", Some(Impact::Compatible), Bump::Patch),
    ("enum-added", "enum_added", Some(Impact::Addition), Bump::Minor),
    ("enum-removed", "enum_removed", Some(Impact::Breaking), Bump::Major),
    ("enum-renamed", "enum_renamed", Some(Impact::Breaking), Bump::Major),
    ("enum-value-added", "enum_value_added", Some(Impact::Addition), Bump::Minor),
    ("enum-value-removed", "enum_value_removed", Some(Impact::Breaking), Bump::Major),
    ("enum-value-removed-from-one-place", "enum_value_removed", Some(Impact::Breaking), Bump::Major),
    ("enum-variant-renamed", "enum_variant_renamed", Some(Impact::Breaking), Bump::Major),
    ("field-added", "field_added", Some(Impact::Addition), Bump::Minor),
    ("field-made-nullable", "field_made_nullable", Some(Impact::Compatible), Bump::Patch),
    ("field-removed", "field_removed", Some(Impact::Breaking), Bump::Major),
    ("field-retyped", "field_retyped", Some(Impact::Breaking), Bump::Major),
    ("field-wire-name-changed", "field_wire_name_changed", Some(Impact::Compatible), Bump::Patch),
    ("group-moved-handle", "group_moved_handle", Some(Impact::Breaking), Bump::Major),
    ("group-removed", "group_removed", Some(Impact::Breaking), Bump::Major),
    ("model-direction-changed", "model_direction_changed", Some(Impact::Compatible), Bump::Minor),
    ("model-renamed", "model_renamed", Some(Impact::Breaking), Bump::Major),
    ("operation-added", "operation_added", Some(Impact::Addition), Bump::Minor),
    ("operation-moved-endpoint", "operation_endpoint_changed", Some(Impact::Breaking), Bump::Major),
    ("operation-moved-group", "operation_moved_group", Some(Impact::Breaking), Bump::Major),
    ("operation-removed", "operation_removed", Some(Impact::Breaking), Bump::Major),
    ("operation-renamed", "operation_renamed", Some(Impact::Breaking), Bump::Major),
    ("overlay-stale", "action_stale", None, Bump::Patch),
    ("pagination-removed", "pagination_removed", Some(Impact::Breaking), Bump::Major),
    ("param-added-optional", "param_added", Some(Impact::Addition), Bump::Minor),
    ("param-added-required", "param_added", Some(Impact::Breaking), Bump::Major),
    ("param-made-required", "param_made_required", Some(Impact::Breaking), Bump::Major),
    ("param-moved-location", "param_moved_location", Some(Impact::Compatible), Bump::Major),
    ("param-removed", "param_removed", Some(Impact::Breaking), Bump::Major),
    ("param-retyped", "param_retyped", Some(Impact::Breaking), Bump::Major),
    ("param-wire-name-changed", "param_wire_name_changed", Some(Impact::Compatible), Bump::Patch),
    ("response-shape", "response_type_changed", Some(Impact::Breaking), Bump::Major),
    ("rule-newly-fires", "rule_newly_fires", None, Bump::None),
    ("unchanged", "", None, Bump::None),
];

/// The pair folders under `fixtures/diff/` (every folder but `errors`), sorted.
fn pairs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(alfadocs_tests::fixture("diff"))
        .expect("tests/fixtures/diff exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| name != "errors")
        .collect();
    names.sort();
    names
}

/// A fixture path relative to this crate, as messages and snapshots show it.
fn relative(path: &str) -> PathBuf {
    Path::new("fixtures/diff").join(path)
}

/// The pair's overlay, if it has one.
fn overlay(pair: &str) -> Option<PathBuf> {
    let path = relative(&format!("{pair}/overlay.yaml"));
    path.exists().then_some(path)
}

fn compare(pair: &str) -> SpecDiff {
    let old = relative(&format!("{pair}/old.yaml"));
    let new = relative(&format!("{pair}/new.yaml"));
    compare_files(&old, &new, overlay(pair).as_deref())
        .unwrap_or_else(|error| panic!("{pair}: {error}"))
        .with_crate_version(CRATE_VERSION)
}

/// The `kind` tags of the pair's API changes and rule changes.
fn kinds(diff: &SpecDiff) -> Vec<(String, Option<Impact>)> {
    let tag = |value: serde_json::Value| value["kind"].as_str().unwrap_or_default().to_owned();
    let changes =
        diff.changes.iter().map(|change| (tag(serde_json::to_value(&change.kind).unwrap()), Some(change.impact)));
    let rules = diff.rules.iter().map(|change| (tag(serde_json::to_value(change).unwrap()), None));
    changes.chain(rules).collect()
}

#[test]
fn every_pair_has_an_expectation_and_there_are_enough() {
    let expected: Vec<&str> = EXPECTED.iter().map(|(pair, ..)| *pair).collect();
    assert_eq!(pairs(), expected, "tests/fixtures/diff/ and EXPECTED disagree");
    assert!(expected.len() >= 12);
}

#[test]
fn each_pair_shows_its_kind_of_change_with_its_impact_and_release() {
    for (pair, kind, impact, bump) in EXPECTED {
        let diff = compare(pair);
        let found = kinds(&diff);
        if kind.is_empty() {
            assert!(diff.is_empty(), "{pair}: expected no change, got {found:?}");
        } else {
            assert!(
                found.iter().any(|(found_kind, found_impact)| found_kind == kind && found_impact == impact),
                "{pair}: expected a `{kind}` change with impact {impact:?}, got {found:?}"
            );
        }
        assert_eq!(diff.release.bump, *bump, "{pair}: release");
    }
}

#[test]
fn text_reports() {
    for pair in pairs() {
        insta::assert_snapshot!(format!("diff-{pair}"), compare(&pair).render_text());
    }
}

#[test]
fn markdown_reports() {
    // Markdown is what goes into a release note: snapshotted for the pairs that exercise every section.
    for pair in ["response-shape", "overlay-stale", "unchanged"] {
        insta::assert_snapshot!(format!("diff-markdown-{pair}"), compare(pair).render_markdown());
    }
}

#[test]
fn json_report_field_names() {
    // The JSON field names are an interface: this snapshot is the place a rename shows up.
    let json = compare("param-added-required").render_json().unwrap();
    insta::assert_snapshot!("diff-json-param-added-required", json);
}

#[test]
fn a_document_compared_with_itself_has_no_change() {
    for pair in pairs() {
        for side in ["old", "new"] {
            let path = relative(&format!("{pair}/{side}.yaml"));
            let diff = compare_files(&path, &path, overlay(&pair).as_deref()).unwrap();
            assert!(diff.is_empty(), "{pair}/{side}.yaml differs from itself: {}", diff.render_text());
            assert_eq!(diff.release.bump, Bump::None);
        }
    }
}

#[test]
fn swapping_the_documents_swaps_additions_and_removals() {
    // An addition one way is a removal the other way; a removal breaks, an addition does not.
    let lower = |path: &Path| {
        let mut report = Report::new();
        let prepared = prepare(path, &[], &mut report).unwrap();
        (lower_prepared(&prepared, &mut report).unwrap(), report)
    };
    for pair in ["operation-added", "param-added-optional", "field-added", "enum-value-added"] {
        let (old, old_report) = lower(&relative(&format!("{pair}/old.yaml")));
        let (new, new_report) = lower(&relative(&format!("{pair}/new.yaml")));
        let forward = diff(&old, &old_report, &new, &new_report);
        let backward = diff(&new, &new_report, &old, &old_report);
        assert_eq!(forward.count(Impact::Addition), backward.count(Impact::Breaking), "{pair}");
        assert_eq!(forward.count(Impact::Breaking), 0, "{pair}");
    }
}

#[test]
fn reports_are_deterministic() {
    for pair in ["response-shape", "model-renamed"] {
        let first = compare(pair);
        let second = compare(pair);
        assert_eq!(first.render_json().unwrap(), second.render_json().unwrap(), "{pair}");
    }
}

/// The error of comparing `old` with `new`, as `cargo xtask spec-diff` prints it.
fn error(old: &str, new: &str) -> String {
    let old = relative(old);
    let new = relative(new);
    match compare_files(&old, &new, None) {
        Ok(diff) => panic!("expected an error, got a report:\n{}", diff.render_text()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn unreadable_old_document_is_named() {
    let message = error("errors/missing.yaml", "unchanged/new.yaml");
    assert!(message.starts_with("OLD spec fixtures/diff/errors/missing.yaml: cannot read the file"), "{message}");
    insta::assert_snapshot!("diff-error-missing", message);
}

#[test]
fn a_document_that_is_not_openapi_is_named() {
    let message = error("unchanged/old.yaml", "errors/not-openapi.yaml");
    assert!(message.starts_with("NEW spec fixtures/diff/errors/not-openapi.yaml"), "{message}");
    insta::assert_snapshot!("diff-error-not-openapi", message);
}

#[test]
fn a_document_that_is_not_yaml_is_named() {
    let message = error("errors/broken.yaml", "unchanged/new.yaml");
    assert!(message.starts_with("OLD spec fixtures/diff/errors/broken.yaml"), "{message}");
    insta::assert_snapshot!("diff-error-broken", message);
}

#[test]
fn an_overlay_error_names_the_overlay_and_the_document() {
    // The overlay is the problem here, and the message says both which file and which document.
    let old = relative("unchanged/old.yaml");
    let overlay = relative("errors/not-openapi.yaml");
    let message = compare_files(&old, &old, Some(&overlay)).map(|_| ()).unwrap_err().to_string();
    assert!(
        message.starts_with("OLD spec fixtures/diff/unchanged/old.yaml: fixtures/diff/errors/not-openapi.yaml"),
        "{message}"
    );
}

#[test]
fn every_kind_the_fixtures_produce_is_documented() {
    // docs/spec-diff.md is where a maintainer reads why a kind has its impact: a kind it does not name is a
    // classification nobody explained.
    let docs = std::fs::read_to_string(alfadocs_tests::repo_root().join("docs/spec-diff.md")).unwrap();
    for pair in pairs() {
        for (kind, _) in kinds(&compare(&pair)) {
            assert!(
                docs.contains(&format!("`{kind}`")),
                "docs/spec-diff.md does not document `{kind}` (seen in {pair})"
            );
        }
    }
}

/// Every Rust name a change reports — groups, methods, arguments, models, fields, enums, variants, and the
/// identifiers in the types it spells — is a word of the old or the new generated crate: spec-diff speaks of
/// the crate emit writes, not of a naming of its own.
#[test]
fn changes_name_what_emit_writes() {
    for pair in pairs() {
        let side = |name: &str| {
            let spec = relative(&format!("{pair}/{name}.yaml"));
            let files = alfadocs_codegen::generate(&spec, overlay(&pair).as_deref().as_slice())
                .unwrap_or_else(|error| panic!("{pair}: {error}"))
                .files;
            files.into_values().collect::<Vec<_>>().join("\n")
        };
        let code = format!("{}\n{}", side("old"), side("new"));
        let words: std::collections::BTreeSet<&str> =
            code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|word| !word.is_empty()).collect();
        for change in &compare(&pair).changes {
            let json = serde_json::to_value(&change.kind).unwrap();
            let mut names = Vec::new();
            rust_names(&json, &mut names);
            // Only a documentation or base-URL change names no Rust item; anything else naming nothing would
            // mean this test checks nothing.
            assert!(
                !names.is_empty() || matches!(json["kind"].as_str(), Some("docs_changed" | "base_url_changed")),
                "{pair}: `{}` names nothing",
                change.kind.message()
            );
            for name in names {
                assert!(
                    words.contains(name.as_str()),
                    "{pair}: the change `{}` names `{name}`, which neither generated crate contains",
                    change.kind.message()
                );
            }
        }
    }
}

/// The fields of a change (and of the methods it names) that hold Rust names, types or wire names; the rest
/// are labels of spec-diff's own (`direction`, `location`, envelopes, the handle).
const NAMING_FIELDS: &[&str] = &[
    "operation",
    "old",
    "new",
    "group",
    "method",
    "operation_id",
    "old_operation_id",
    "new_operation_id",
    "model",
    "ty",
    "param",
    "field",
    "name",
    "old_type",
    "new_type",
    "accessor",
    "type_name",
    "variant",
    "old_variant",
    "new_variant",
    "old_order",
    "new_order",
    "value",
    "values",
    "wire_name",
    "old_wire_name",
    "new_wire_name",
    "signature",
];

/// The identifiers in the naming fields of a change.
fn rust_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if NAMING_FIELDS.contains(&key.as_str()) {
                    rust_names(value, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| rust_names(item, out)),
        serde_json::Value::String(text) => out.extend(
            text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|word| word.starts_with(|c: char| c.is_alphabetic() || c == '_'))
                .map(str::to_owned),
        ),
        _ => {}
    }
}

/// Change kinds no pair of documents can show, each with the reason. The test below fails when a kind is neither
/// shown by a pair nor listed here, and when a listed kind gains a pair (so the list cannot go stale).
const WITHOUT_PAIR: &[&str] = &[
    // Lowering recognises pagination by the parameters `offset` and `limit` alone, so no pair of documents can
    // change them and stay paginated: the kind is reachable only from hand-built IR, and tested there
    // (`codegen/src/diff.rs`, `pagination_driven_by_other_parameters_is_compatible`).
    "pagination_params_changed",
];

/// The `kind` tags of `ChangeKind`, read from its definition, so a new kind cannot go unnoticed.
fn all_kinds() -> Vec<String> {
    let source = include_str!("../../codegen/src/diff/change.rs");
    let body = source.split("pub enum ChangeKind {").nth(1).and_then(|rest| rest.split("\n}\n").next()).unwrap();
    body.lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|line| line.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|line| {
            let name = line.split([' ', ',', '{', '(']).next().unwrap();
            let mut tag = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    tag.push('_');
                }
                tag.push(c.to_ascii_lowercase());
            }
            tag
        })
        .collect()
}

#[test]
fn every_change_kind_has_a_pair() {
    let every = all_kinds();
    assert!(every.len() > 40, "ChangeKind went unread: {every:?}");
    let shown: std::collections::BTreeSet<String> =
        pairs().iter().flat_map(|pair| kinds(&compare(pair)).into_iter().map(|(kind, _)| kind)).collect();
    let missing: Vec<&String> =
        every.iter().filter(|kind| !shown.contains(*kind) && !WITHOUT_PAIR.contains(&kind.as_str())).collect();
    assert!(missing.is_empty(), "change kinds no pair under tests/fixtures/diff/ shows: {missing:?}");
    let stale: Vec<&&str> = WITHOUT_PAIR.iter().filter(|kind| shown.contains(**kind)).collect();
    assert!(stale.is_empty(), "kinds listed in WITHOUT_PAIR that a pair now shows: {stale:?}");
}
