//! The size of a generated crate: how much a reader has to review and the compiler has to chew.

use std::fs;
use std::path::Path;

use alfadocs_codegen::Error;

use super::files;

/// Files and lines of one generated crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Size {
    /// Every file the generator wrote (Rust, manifests, docs, CI files…).
    pub files: usize,
    /// The `.rs` files among them.
    pub rust_files: usize,
    /// Lines of those `.rs` files, blank lines and comments included (doc comments are part of the product).
    pub rust_lines: usize,
    /// Lines of the `.rs` files that are neither blank nor comments: the code itself.
    pub rust_code_lines: usize,
}

/// Counts what lies under `dir`.
pub fn measure(dir: &Path) -> Result<Size, Error> {
    let mut size = Size::default();
    for name in files::list(dir)? {
        size.files += 1;
        if name.extension().is_some_and(|ext| ext == "rs") {
            let path = dir.join(name);
            let text = fs::read_to_string(&path).map_err(|e| files::io(&path, &e))?;
            size.rust_files += 1;
            size.rust_lines += text.lines().count();
            size.rust_code_lines += text
                .lines()
                .map(str::trim)
                .filter(|line| {
                    !line.is_empty() && !line.starts_with("//") && !line.starts_with("/*") && !line.starts_with('*')
                })
                .count();
        }
    }
    Ok(size)
}
