//! OpenAPI Overlay 1.0 semantics on `tests/fixtures/overlay/spec.yaml`: merge, remove, array targets, the
//! order of actions, and how many nodes each action matched. Each overlay fixture's result is snapshotted;
//! the assertions below say what the snapshots must show.

use alfadocs_codegen::load::{Loaded, load_file};
use alfadocs_codegen::{Report, overlay, prepare_loaded};
use alfadocs_tests::fixture;
use serde_json::{Value, json};

/// The spec with the overlay `name` applied, and the report.
fn apply(name: &str) -> (Value, Report) {
    let Loaded { mut value, .. } = load_file(&fixture("overlay/spec.yaml")).unwrap();
    let overlay_file = load_file(&fixture(&format!("overlay/{name}.yaml"))).unwrap();
    let mut report = Report::new();
    overlay::apply(&mut value, &overlay_file, &mut report).unwrap_or_else(|error| panic!("{name}: {error}"));
    (value, report)
}

fn matched(report: &Report) -> Vec<usize> {
    report.actions().iter().map(|action| action.matched).collect()
}

fn snapshot(name: &str, document: &Value, report: &Report) {
    let actions: Vec<Value> =
        report.actions().iter().map(|action| json!({"target": action.target, "matched": action.matched})).collect();
    insta::assert_yaml_snapshot!(
        format!("overlay-{name}"),
        json!({"actions": actions, "warnings": report.warnings(), "document": document})
    );
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|map| map.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[test]
fn updates_merge_mappings_and_replace_everything_else() {
    let (document, report) = apply("merge");
    assert_eq!(matched(&report), [1, 1, 1]);
    // Existing keys keep their place; new keys come after them.
    assert_eq!(keys(&document["info"]), ["title", "version", "description", "x-overlay-applied"]);
    assert_eq!(document["info"]["title"], "Overlay Fixture API (corrected)");
    let chair = &document["components"]["schemas"]["Chair"];
    assert_eq!(chair["required"], json!(["id", "name"]), "a list in an update replaces the list");
    assert_eq!(
        chair["properties"]["name"],
        json!({"type": "string", "description": "The name shown in the agenda", "nullable": true}),
        "nested mappings merge key by key"
    );
    assert_eq!(keys(&chair["properties"]), ["id", "name", "state", "color"]);
    assert_eq!(document["tags"], json!([{"name": "Chairs", "description": "Replaced list of tags"}]));
    assert_eq!(document["x-generator"], "alfadocs");
    snapshot("merge", &document, &report);
}

#[test]
fn removes_take_nodes_out_of_their_parents() {
    let (document, report) = apply("remove");
    assert_eq!(matched(&report), [2, 2, 1, 4]);
    let chairs = &document["paths"]["/v1/chairs"]["get"];
    assert_eq!(chairs["parameters"], json!([]), "offset, limit and dummy are all gone");
    let chair = &document["paths"]["/v1/chairs/{chairId}"];
    assert_eq!(keys(chair), ["get"], "the delete operation is gone");
    let names: Vec<&Value> = chair["get"]["parameters"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("chairId")]);
    assert_eq!(document["components"]["schemas"]["Chair"]["properties"]["state"], json!({}));
    snapshot("remove", &document, &report);
}

#[test]
fn updates_of_lists_append() {
    let (document, report) = apply("arrays");
    assert_eq!(matched(&report), [1, 2, 1]);
    assert_eq!(document["tags"][1]["name"], "Colors");
    for path in ["/v1/chairs", "/v1/chairs/{chairId}"] {
        let parameters = document["paths"][path]["get"]["parameters"].as_array().unwrap();
        assert_eq!(parameters.last().unwrap()["name"], "X-Trace", "{path}");
    }
    assert_eq!(document["components"]["schemas"]["Chair"]["required"], json!(["id", "name", "state"]));
    snapshot("arrays", &document, &report);
}

#[test]
fn actions_apply_in_order_each_on_the_previous_result() {
    let (document, report) = apply("order");
    assert_eq!(matched(&report), [1, 1, 0, 1]);
    assert_eq!(
        document["components"]["schemas"]["Chair"]["properties"]["state"],
        json!({"type": "string", "nullable": true, "description": "Null when the chair was never used"})
    );
    snapshot("order", &document, &report);
}

#[test]
fn match_counts_and_stale_actions() {
    let (document, report) = apply("matches");
    assert_eq!(matched(&report), [2, 1, 0, 0], "a node selected twice counts once");
    let warnings = report.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("$.paths['/v1/colors']") && warnings[0].contains("A path the vendor removed"));
    assert_eq!(document["paths"]["/v1/chairs"]["get"]["x-twice"], true);
    snapshot("matches", &document, &report);
}

#[test]
fn the_overlay_runs_before_repair_and_parse() {
    let spec = load_file(&fixture("overlay/spec.yaml")).unwrap();
    let overlay_file = load_file(&fixture("overlay/merge.yaml")).unwrap();
    let mut report = Report::new();
    let prepared = prepare_loaded(spec, &[&overlay_file], &mut report).unwrap();
    assert_eq!(prepared.openapi.info.title, "Overlay Fixture API (corrected)");
    assert_eq!(report.actions().len(), 3);
}

#[test]
fn every_overlay_fixture_is_tested() {
    let mut names = alfadocs_tests::fixture_names("overlay");
    names.retain(|name| name != "spec");
    assert_eq!(names, ["arrays", "matches", "merge", "order", "remove"]);
}
