//! Every emission feature on its own fixture, snapshotted: what a careful person would have written.

use alfadocs_codegen::generate;
use alfadocs_tests::{fixture, fixture_names, is_feature_file, show};

#[test]
fn emission_features_on_their_fixtures() {
    let names = fixture_names("emit");
    assert!(names.len() >= 5, "the emission fixtures went missing: {names:?}");
    for name in names {
        let generated =
            generate(&fixture(&format!("emit/{name}.yaml")), &[]).unwrap_or_else(|error| panic!("{name}: {error}"));
        // The skeleton fixture is about the files every other snapshot leaves out.
        let files = if name == "crate" {
            show(&generated.files, |path| {
                (!is_feature_file(path) && path != "src/description.rs") || path == "src/client.rs"
            })
        } else if name == "petstore" {
            // A document without archive-scoped operations: the crate root and client show there is no `Archive`.
            show(&generated.files, |path| is_feature_file(path) || path == "src/client.rs" || path == "src/lib.rs")
        } else if name == "description" {
            show(&generated.files, |path| path == "src/description.rs")
        } else {
            show(&generated.files, is_feature_file)
        };
        insta::assert_snapshot!(format!("emit-{name}"), files);
    }
}
