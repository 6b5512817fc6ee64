//! Bad input gives one clear error naming the file, the line where known and the JSON pointer — never a
//! panic. Every file under `tests/fixtures/broken/` is a broken spec, every file under
//! `tests/fixtures/broken/overlays/` a broken overlay of the valid `tests/fixtures/overlay/spec.yaml`, every file
//! under `tests/fixtures/unsupported/` a valid document that asks for something the generator does not lower;
//! each error message is snapshotted.
//!
//! Paths are given relative to this crate's directory (the working directory of `cargo test`), so the file
//! names in the messages, and so the snapshots, are the same on every machine.

use std::path::Path;

use alfadocs_codegen::{Error, Report, generate, prepare};
use alfadocs_tests::{fixture, fixture_names};

const SPEC: &str = "fixtures/overlay/spec.yaml";

fn failure(spec: &str, overlay: Option<&str>) -> Error {
    let mut report = Report::new();
    match prepare(Path::new(spec), overlay.map(Path::new).as_slice(), &mut report) {
        Ok(_) => panic!("{spec} with overlay {overlay:?} was accepted"),
        Err(error) => error,
    }
}

#[test]
fn the_overlay_fixture_spec_is_valid() {
    prepare(Path::new(SPEC), &[], &mut Report::new()).unwrap();
}

#[test]
fn unsupported_specs() {
    let names = fixture_names("unsupported");
    assert!(names.len() >= 9, "only {} unsupported specs", names.len());
    for name in names {
        let path = format!("fixtures/unsupported/{name}.yaml");
        // Valid OpenAPI: the front of the pipeline takes it, and lowering refuses it.
        prepare(Path::new(&path), &[], &mut Report::new()).unwrap_or_else(|error| panic!("{name}: {error}"));
        let Err(error) = generate(Path::new(&path), &[]) else { panic!("{path} was generated") };
        assert_eq!(error.file(), Some(path.as_str()), "{error}");
        assert!(error.pointer().is_some_and(|pointer| pointer.starts_with("/paths/")), "{error}");
        insta::assert_snapshot!(format!("unsupported-{name}"), error.to_string());
    }
}

#[test]
fn broken_specs() {
    let names = fixture_names("broken");
    assert!(names.len() >= 20, "only {} broken specs", names.len());
    for name in names {
        let path = format!("fixtures/broken/{name}.yaml");
        let error = failure(&path, None);
        assert_eq!(error.file(), Some(path.as_str()), "{error}");
        insta::assert_snapshot!(format!("spec-{name}"), error.to_string());
    }
}

#[test]
fn broken_overlays() {
    let names = fixture_names("broken/overlays");
    assert!(names.len() >= 12, "only {} broken overlays", names.len());
    for name in names {
        let path = format!("fixtures/broken/overlays/{name}.yaml");
        let error = failure(SPEC, Some(&path));
        // An overlay error names the overlay, except one that breaks the spec: that names the spec's node.
        let expected = if name == "leaves-dangling-ref" { SPEC } else { path.as_str() };
        assert_eq!(error.file(), Some(expected), "{error}");
        insta::assert_snapshot!(format!("overlay-{name}"), error.to_string());
    }
}

#[test]
fn a_missing_file_is_named() {
    let error = failure("fixtures/broken/does-not-exist.yaml", None);
    insta::assert_snapshot!("spec-missing-file", error.to_string());
    let error = failure(SPEC, Some("fixtures/broken/overlays/does-not-exist.yaml"));
    assert_eq!(error.file(), Some("fixtures/broken/overlays/does-not-exist.yaml"));
}

#[test]
fn located_errors_carry_their_parts() {
    let error = failure("fixtures/broken/duplicate-operation-id.yaml", None);
    assert_eq!(error.line(), Some(11));
    assert_eq!(error.pointer(), Some("/paths/~1v1~1colors/get/operationId"));
    let error = failure(SPEC, Some("fixtures/broken/overlays/bad-jsonpath.yaml"));
    assert_eq!(error.line(), Some(7));
    assert_eq!(error.pointer(), Some("/actions/1/target"));
}

#[test]
fn an_invalid_overlay_changes_nothing_and_reports_nothing() {
    use alfadocs_codegen::load::load_file;
    use alfadocs_codegen::overlay;

    let spec = load_file(&fixture("overlay/spec.yaml")).unwrap();
    for name in ["update-on-string", "bad-jsonpath", "remove-root"] {
        let overlay_file = load_file(&fixture(&format!("broken/overlays/{name}.yaml"))).unwrap();
        let mut document = spec.value.clone();
        let mut report = Report::new();
        assert!(overlay::apply(&mut document, &overlay_file, &mut report).is_err(), "{name}");
        assert_eq!(document, spec.value, "{name} changed the document half-way");
        assert!(report.actions().is_empty(), "{name} reported actions of a failed overlay");
    }
}
