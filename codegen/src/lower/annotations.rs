//! The generator's own `x-alfadocs-*` extensions, set by `alfadocs-overlay.yaml` from the evidence, read here
//! onto the IR: how sure we are of each operation's method and path (`x-alfadocs-provenance`).
//!
//! They are data, not vendor quirks: no rule fires, and a value the generator does not know is a located error.

use indexmap::IndexMap;
use serde_json::Value;

use crate::error::Result;
use crate::ir::Provenance;
use crate::source::{SourceMap, child};

/// The extension on an operation that says how sure we are of its method and path.
pub const PROVENANCE: &str = "x-alfadocs-provenance";

/// The operation's provenance, `None` when the document records none.
pub fn provenance(
    source: &SourceMap,
    extensions: &IndexMap<String, Value>,
    pointer: &str,
) -> Result<Option<Provenance>> {
    let Some(value) = extensions.get(PROVENANCE) else {
        return Ok(None);
    };
    match value.as_str() {
        Some("seen") => Ok(Some(Provenance::Seen)),
        Some("inferred") => Ok(Some(Provenance::Inferred)),
        Some("guessed") => Ok(Some(Provenance::Guessed)),
        _ => Err(source.error(
            &child(pointer, PROVENANCE),
            format!("{PROVENANCE} is `{value}`; it must be `seen`, `inferred` or `guessed`"),
        )),
    }
}
