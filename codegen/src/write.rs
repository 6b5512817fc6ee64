//! Writing the generated crate, atomically, or checking that what is on disk is what would be written.
//!
//! A failure half-way must leave the previous crate whole: files go to a sibling folder first, which then
//! replaces the old one with two renames.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::emit::Files;
use crate::error::{Error, Result};

/// Replaces the folder `out` with exactly `files`.
pub fn write(out: &Path, files: &Files) -> Result<()> {
    let parent = out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().and_then(|name| name.to_str()).unwrap_or("generated");
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = stage(&staging, files).and_then(|()| swap(out, &staging, &backup));
    if result.is_err() {
        // Best effort: the error that matters is the one being returned.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage(staging: &Path, files: &Files) -> Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io_error(staging, "removing a stale staging folder"))?;
    }
    for (relative, contents) in files {
        let path = staging.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io_error(folder, "creating"))?;
        }
        fs::write(&path, contents).map_err(io_error(&path, "writing"))?;
    }
    Ok(())
}

fn swap(out: &Path, staging: &Path, backup: &Path) -> Result<()> {
    let had_old = out.exists();
    if had_old {
        fs::rename(out, backup).map_err(io_error(out, "moving the previous crate aside"))?;
    }
    if let Err(error) = fs::rename(staging, out) {
        if had_old {
            // Put the previous crate back so the tree is as it was.
            let _ = fs::rename(backup, out);
        }
        return Err(io_error(out, "moving the new crate in place")(error));
    }
    if had_old {
        fs::remove_dir_all(backup).map_err(io_error(backup, "removing the previous crate"))?;
    }
    Ok(())
}

fn io_error<'a>(path: &'a Path, doing: &'a str) -> impl Fn(io::Error) -> Error + 'a {
    move |error| Error::new(format!("{doing} {}: {error}", path.display()))
}

/// What `--check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// A unified diff from what is on disk to what would be written; empty when fresh.
    pub diff: String,
}

impl Check {
    /// Whether the crate on disk is exactly what would be generated.
    pub fn is_fresh(&self) -> bool {
        self.diff.is_empty()
    }
}

/// Compares `out` with `files` without writing anything.
pub fn check(out: &Path, files: &Files) -> Result<Check> {
    let mut diff = String::new();
    let on_disk = list(out)?;
    for (relative, expected) in files {
        diff.push_str(&file_diff(&out.join(relative), relative, expected)?);
    }
    for relative in on_disk.iter().filter(|relative| !files.contains_key(*relative)) {
        let path = out.join(relative);
        let actual = fs::read_to_string(&path).unwrap_or_default();
        let text = TextDiff::from_lines(actual.as_str(), "");
        diff.push_str(&text.unified_diff().header(&format!("a/{relative}"), "/dev/null").to_string());
    }
    Ok(Check { diff })
}

/// A unified diff from the file at `path` (shown as `relative`) to `expected`; empty when they agree.
fn file_diff(path: &Path, relative: &str, expected: &str) -> Result<String> {
    let actual =
        if path.exists() { fs::read_to_string(path).map_err(io_error(path, "reading"))? } else { String::new() };
    if actual == expected {
        return Ok(String::new());
    }
    let old = if path.exists() { format!("a/{relative}") } else { "/dev/null".to_owned() };
    let text = TextDiff::from_lines(actual.as_str(), expected);
    Ok(text.unified_diff().context_radius(3).header(&old, &format!("b/{relative}")).to_string())
}

/// Writes one file `relative` under `root` (a generated document beside hand-written ones): to a sibling first,
/// then renamed over the old one, so a failure leaves the old file whole.
pub fn write_file(root: &Path, relative: &str, contents: &str) -> Result<()> {
    let path = root.join(relative);
    let staging = path.with_extension(format!("new-{}", std::process::id()));
    fs::write(&staging, contents).map_err(io_error(&staging, "writing"))?;
    fs::rename(&staging, &path).map_err(|error| {
        let _ = fs::remove_file(&staging);
        io_error(&path, "moving in place")(error)
    })
}

/// Compares the file `relative` under `root` with `contents` without writing anything.
pub fn check_file(root: &Path, relative: &str, contents: &str) -> Result<Check> {
    Ok(Check { diff: file_diff(&root.join(relative), relative, contents)? })
}

/// Every file under `root`, as `/`-separated relative paths.
fn list(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut pending: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).map_err(io_error(&folder, "reading"))? {
            let path = entry.map_err(io_error(&folder, "reading"))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}
