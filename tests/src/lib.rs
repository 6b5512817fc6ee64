//! Shared helpers of the test suite: where the repository and its fixtures are, and how generated files are
//! shown in snapshots.

use std::path::{Path, PathBuf};

use alfadocs_codegen::emit::Files;

/// The repository root (the workspace this crate belongs to).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative)
}

/// The names (without `.yaml`) of the fixtures in `tests/fixtures/<folder>/`, sorted.
pub fn fixture_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture(folder))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    entry.file_name().to_str().and_then(|name| name.strip_suffix(".yaml")).map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The files `keep` selects, one after the other under a `==> path <==` line, as a snapshot shows them.
pub fn show(files: &Files, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    for (path, contents) in files.iter().filter(|(path, _)| keep(path)) {
        out.push_str("==> ");
        out.push_str(path);
        out.push_str(" <==\n");
        out.push_str(contents);
        out.push('\n');
    }
    out
}

/// The files that say what one operation group or model does, without the crate's fixed skeleton.
pub fn is_feature_file(path: &str) -> bool {
    !(path.ends_with("mod.rs")
        || path == "src/lib.rs"
        || path == "Cargo.toml"
        || path == "README.md"
        || path == "rustfmt.toml")
        && (path != "src/client.rs")
        && (path != "src/description.rs")
}
