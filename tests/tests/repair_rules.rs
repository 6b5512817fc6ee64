//! Every repair rule on its own fixture: it fires, only it fires, the result parses as OpenAPI 3.0, and the
//! repaired document and the places the rule touched are snapshotted.

use alfadocs_codegen::load::{Loaded, load_file};
use alfadocs_codegen::{Report, parse, repair};
use alfadocs_tests::{fixture, fixture_names};
use serde_json::json;

fn load_fixture(name: &str) -> Loaded {
    load_file(&fixture(&format!("rules/{name}.yaml"))).unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn every_repair_rule_has_a_fixture() {
    let fixtures = fixture_names("rules");
    for rule in repair::rules() {
        assert!(
            fixtures.contains(&rule.name.to_owned()),
            "repair rule `{}` has no tests/fixtures/rules/{}.yaml",
            rule.name,
            rule.name
        );
    }
}

#[test]
fn repair_rules_are_uniquely_named_and_documented() {
    let mut names: Vec<&str> = repair::rules().map(|rule| rule.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), repair::rules().count(), "two repair rules share a name");
    for rule in repair::rules() {
        assert!(
            !rule.summary.is_empty() && !rule.evidence.is_empty(),
            "rule `{}` lacks summary or evidence",
            rule.name
        );
        assert_eq!(rule.stage, alfadocs_codegen::report::Stage::Repair, "rule `{}` is not a repair rule", rule.name);
    }
}

#[test]
fn repair_rules_on_their_fixtures() {
    for rule in repair::rules() {
        let Loaded { mut value, source } = load_fixture(rule.name);
        let mut report = Report::new();
        repair::repair(&mut value, &source, &mut report).unwrap_or_else(|error| panic!("{}: {error}", rule.name));
        let places = report.places(rule.name).to_vec();
        assert!(!places.is_empty(), "rule `{}` touched nothing in its own fixture", rule.name);
        // A focused fixture: no other rule has anything to do in it.
        for (other, count) in report.rule_counts() {
            assert!(
                other == rule.name || count == 0,
                "fixture of `{}` also fires `{other}` ({count} places)",
                rule.name
            );
        }
        parse::parse(&value, &source)
            .unwrap_or_else(|error| panic!("fixture of `{}` is not valid after repair: {error}", rule.name));
        insta::assert_yaml_snapshot!(format!("repair-{}", rule.name), json!({ "places": places, "document": value }));
    }
}

#[test]
fn repair_is_idempotent_on_every_fixture() {
    for rule in repair::rules() {
        let Loaded { mut value, source } = load_fixture(rule.name);
        repair::repair(&mut value, &source, &mut Report::new()).unwrap();
        let once = value.clone();
        let mut again = Report::new();
        repair::repair(&mut value, &source, &mut again).unwrap();
        assert_eq!(value, once, "a second repair of `{}` changed the document", rule.name);
        assert!(again.rule_counts().iter().all(|(_, count)| *count == 0), "{}: {:?}", rule.name, again.rule_counts());
    }
}

#[test]
fn every_repair_rule_is_reported_even_when_it_matches_nothing() {
    let Loaded { mut value, source } = load_fixture("bool-type");
    let mut report = Report::new();
    repair::repair(&mut value, &source, &mut report).unwrap();
    let ran: Vec<&str> = report.rule_counts().iter().map(|(name, _)| *name).collect();
    let all: Vec<&str> = repair::rules().map(|rule| rule.name).collect();
    assert_eq!(ran, all);
    assert_eq!(report.warnings().len(), all.len() - 1, "{:?}", report.warnings());
}
