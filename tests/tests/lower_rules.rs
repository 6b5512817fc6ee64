//! Every lowering rule on its own fixture: the rule fires, and the Rust it shapes is snapshotted.

use alfadocs_codegen::{generate, lower};
use alfadocs_tests::{fixture, fixture_names, is_feature_file, show};

/// Rules whose effect shows in the client and archive handle rather than in an operation module.
const SHOWS_IN_CLIENT: &[&str] = &["archive-scope", "context"];

/// Rules whose effect shows only in the API's description (`src/description.rs`).
const SHOWS_IN_DESCRIPTION: &[&str] = &["quoted-scalars", "sent-as"];

#[test]
fn every_lowering_rule_has_a_fixture() {
    let fixtures = fixture_names("rules");
    for rule in lower::RULES {
        assert!(
            fixtures.contains(&rule.name.to_owned()),
            "lowering rule `{}` has no tests/fixtures/rules/{}.yaml",
            rule.name,
            rule.name
        );
    }
}

#[test]
fn lowering_rules_on_their_fixtures() {
    for rule in lower::RULES {
        let path = fixture(&format!("rules/{}.yaml", rule.name));
        let generated = generate(&path, &[]).unwrap_or_else(|error| panic!("{}: {error}", rule.name));
        let places = generated.report.places(rule.name);
        assert!(!places.is_empty(), "rule `{}` touched nothing in its own fixture", rule.name);
        let client = SHOWS_IN_CLIENT.contains(&rule.name);
        let description = SHOWS_IN_DESCRIPTION.contains(&rule.name);
        let files = show(&generated.files, |path| {
            is_feature_file(path)
                || (client && path == "src/client.rs")
                || (description && path == "src/description.rs")
        });
        let snapshot =
            format!("places:\n{}\n\n{files}", places.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"));
        insta::assert_snapshot!(format!("rule-{}", rule.name), snapshot);
    }
}
