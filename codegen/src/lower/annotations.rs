//! The generator's own `x-alfadocs-*` extensions, set by `alfadocs-overlay.yaml` from the evidence, read here
//! onto the IR: how sure we are of each operation's method and path (`x-alfadocs-provenance`), and which fields
//! hold personal or health data (`x-alfadocs-personal: true` on a property; on a `_` custom-field sample it
//! marks all of the model's custom fields, which each practice defines for itself).
//!
//! They are data, not vendor quirks: no rule fires, and a value the generator does not know is a located error.

use indexmap::IndexMap;
use serde_json::Value;

use crate::error::Result;
use crate::ir::Provenance;
use crate::source::{SourceMap, child};

/// The extension on an operation that says how sure we are of its method and path.
pub const PROVENANCE: &str = "x-alfadocs-provenance";

/// The extension on a property that marks its value as personal or health data.
pub const PERSONAL: &str = "x-alfadocs-personal";

/// Whether the property's extensions mark it personal.
pub fn personal(source: &SourceMap, extensions: &IndexMap<String, Value>, pointer: &str) -> Result<bool> {
    match extensions.get(PERSONAL) {
        None => Ok(false),
        Some(Value::Bool(personal)) => Ok(*personal),
        Some(other) => {
            Err(source.error(&child(pointer, PERSONAL), format!("{PERSONAL} is `{other}`; it must be true or false")))
        }
    }
}

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
