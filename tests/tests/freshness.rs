//! `generated/` and `docs/rules.md` are exactly what `cargo xtask codegen` makes from the committed spec,
//! overlay and rules, and making them twice gives the same bytes.

use alfadocs_codegen::catalogue::{self, CATALOGUE};
use alfadocs_codegen::{DEFAULT_OUT, DEFAULT_OVERLAY, DEFAULT_SPEC, check, generate, write};
use alfadocs_tests::repo_root;

#[test]
fn generated_crate_is_fresh() {
    let root = repo_root();
    let outcome = check(&root.join(DEFAULT_SPEC), &[&root.join(DEFAULT_OVERLAY)], &root.join(DEFAULT_OUT))
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(outcome.is_fresh(), "{}\ngenerated/ is stale: run `cargo xtask codegen` to regenerate it", outcome.diff);
}

#[test]
fn rule_catalogue_is_fresh_and_points_at_files_that_exist() {
    let root = repo_root();
    let outcome = write::check_file(&root, CATALOGUE, &catalogue::render()).unwrap_or_else(|error| panic!("{error}"));
    assert!(outcome.is_fresh(), "{}\n{CATALOGUE} is stale: run `cargo xtask codegen` to regenerate it", outcome.diff);
    for rule in catalogue::rules() {
        for path in [rule.code.to_owned(), catalogue::fixture(rule), catalogue::snapshot(rule)] {
            assert!(
                root.join(&path).is_file(),
                "{CATALOGUE} links `{path}` for the rule `{}`, which does not exist",
                rule.name
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let root = repo_root();
    let (spec, overlay) = (root.join(DEFAULT_SPEC), root.join(DEFAULT_OVERLAY));
    let first = generate(&spec, &[&overlay]).unwrap_or_else(|error| panic!("{error}"));
    let second = generate(&spec, &[&overlay]).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(first.files, second.files);
    assert_eq!(first.report, second.report);
    // Nothing machine-specific leaks into the output.
    let root_text = root.display().to_string();
    for (path, contents) in &first.files {
        assert!(!contents.contains(&root_text), "{path} mentions this machine's checkout path");
    }
}
