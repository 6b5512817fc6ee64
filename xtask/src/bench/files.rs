//! The files of generated crates: listed, compared, copied, touched and removed, with errors that name the path.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use alfadocs_codegen::Error;

/// An I/O error, naming the path it happened on.
pub fn io(path: &Path, error: &std::io::Error) -> Error {
    Error::new(format!("{}: {error}", path.display()))
}

/// Every file under `dir`, as paths relative to it, in order.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).map_err(|e| io(&current, &e))? {
            let path = entry.map_err(|e| io(&current, &e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_owned());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Whether two folders hold the same files with the same contents.
pub fn same(left: &Path, right: &Path) -> Result<bool, Error> {
    let names = list(left)?;
    if names != list(right)? {
        return Ok(false);
    }
    for name in names {
        let (a, b) = (left.join(&name), right.join(&name));
        if fs::read(&a).map_err(|e| io(&a, &e))? != fs::read(&b).map_err(|e| io(&b, &e))? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Copies the files under `from` to `to`, making folders as needed.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), Error> {
    for name in list(from)? {
        let target = to.join(&name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
        }
        let source = from.join(&name);
        fs::copy(&source, &target).map_err(|e| io(&source, &e))?;
    }
    Ok(())
}

/// Gives every `.rs` file under `dir` the current time, so that cargo rebuilds the crate and only it.
pub fn touch_sources(dir: &Path) -> Result<(), Error> {
    for name in list(dir)?.into_iter().filter(|name| name.extension().is_some_and(|ext| ext == "rs")) {
        let path = dir.join(name);
        let file = fs::File::options().write(true).open(&path).map_err(|e| io(&path, &e))?;
        file.set_modified(SystemTime::now()).map_err(|e| io(&path, &e))?;
    }
    Ok(())
}

/// Removes `dir` and everything under it, if it exists.
pub fn remove_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| io(dir, &e))?;
    }
    Ok(())
}
