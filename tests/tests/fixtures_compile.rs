//! Every snapshot fixture's generated crate type-checks against the runtime, warnings denied: the snapshots
//! show what emission writes, this proves that it compiles, so every emission branch a fixture reaches is
//! checked (as progenitor compiles its expected outputs).
//!
//! The crates are written as the members of one workspace under `target/fixture-crates/` and checked by one
//! `cargo check` with its own target directory (`target/fixture-check/`), so the runtime and its dependencies
//! are built once, and again only when they change.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use alfadocs_codegen::{generate, lower};
use alfadocs_tests::{fixture, fixture_names, repo_root};

/// The fixtures whose generated crates the snapshots show: every lowering rule's and every emission feature's.
fn fixtures() -> Vec<(&'static str, String)> {
    let rules = lower::RULES.iter().map(|rule| ("rules", rule.name.to_owned()));
    rules.chain(fixture_names("emit").into_iter().map(|name| ("emit", name))).collect()
}

#[test]
fn every_fixture_crate_type_checks_against_the_runtime() {
    let root = repo_root();
    let workspace = root.join("target").join("fixture-crates");
    // Members of an earlier run (a fixture renamed or removed) must not linger.
    if workspace.exists() {
        fs::remove_dir_all(&workspace).unwrap();
    }
    fs::create_dir_all(&workspace).unwrap();
    let mut members = Vec::new();
    for (folder, name) in fixtures() {
        let generated = generate(&fixture(&format!("{folder}/{name}.yaml")), &[])
            .unwrap_or_else(|error| panic!("{folder}/{name}.yaml: {error}"));
        let member = format!("{folder}-{name}");
        for (path, contents) in &generated.files {
            let contents = if path == "Cargo.toml" { rename_package(contents, &member) } else { contents.clone() };
            let file = workspace.join(&member).join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, contents).unwrap();
        }
        members.push(member);
    }
    assert!(members.len() > 20, "the fixtures went missing: {members:?}");
    fs::write(workspace.join("Cargo.toml"), workspace_manifest(&root, &members)).unwrap();
    // The repository's lock file, so the members resolve to the versions the workspace builds with, offline.
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--lib", "--offline", "--message-format", "short"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root.join("target").join("fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        // Cargo prefers the encoded form, which an outer cargo may have set for its own build.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let failed: BTreeSet<String> = members
            .iter()
            .filter(|member| {
                stderr.contains(&format!("`fixture-{member}`")) || stderr.contains(&format!("{member}/src/"))
            })
            .map(|member| member.replacen('-', "/", 1) + ".yaml")
            .collect();
        panic!(
            "the generated crate of {} does not type-check against the runtime (crates in {}):\n{stderr}",
            if failed.is_empty() {
                "some fixture".to_owned()
            } else {
                failed.into_iter().collect::<Vec<_>>().join(", ")
            },
            workspace.display()
        );
    }
}

/// The generated manifest with its package named after the fixture (every member needs its own name).
fn rename_package(manifest: &str, member: &str) -> String {
    let renamed = manifest.replacen("name = \"alfadocs\"", &format!("name = \"fixture-{member}\""), 1);
    assert_ne!(renamed, manifest, "the generated Cargo.toml names no package `alfadocs`");
    renamed
}

/// The repository's own manifest with the fixture crates as its members and its paths made absolute, so the
/// members inherit the same package fields, dependencies and lints as `generated/`.
fn workspace_manifest(root: &Path, members: &[String]) -> String {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members_line = manifest
        .lines()
        .find(|line| line.starts_with("members = "))
        .expect("the workspace manifest lists its members on one line");
    let quoted: Vec<String> = members.iter().map(|member| format!("\"{member}\"")).collect();
    manifest
        .replacen(members_line, &format!("members = [{}]", quoted.join(", ")), 1)
        .replace("path = \"", &format!("path = \"{}/", root.display()))
}
