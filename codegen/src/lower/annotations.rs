//! The generator's own `x-alfadocs-*` extensions, set by `alfadocs-overlay.yaml` from the evidence, read here
//! onto the IR: how sure we are of each operation's method and path (`x-alfadocs-provenance`), and which fields
//! hold personal or health data (`x-alfadocs-personal: true` on a property; on a `_` custom-field sample it
//! marks all of the model's custom fields, which each practice defines for itself), and the other paths an
//! operation may live at (`x-alfadocs-alternatives`: path templates, tried in order by `cargo xtask probe`).
//!
//! They are data, not vendor quirks: no rule fires, and a value the generator does not know is a located error.

use indexmap::IndexMap;
use serde_json::Value;

use crate::error::Result;
use crate::ir::{Param, ParamLocation, Provenance};
use crate::source::{SourceMap, child};
use crate::template::Template;

/// The extension on an operation that says how sure we are of its method and path.
pub const PROVENANCE: &str = "x-alfadocs-provenance";

/// The extension on an operation that lists the other path templates it may live at.
pub const ALTERNATIVES: &str = "x-alfadocs-alternatives";

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

/// The operation's alternative path templates, in the order to try them: each starts with `/` and names only
/// path parameters of the operation (`params`, as lowered), so that the probe can fill it in.
pub fn alternatives(
    source: &SourceMap,
    extensions: &IndexMap<String, Value>,
    pointer: &str,
    params: &[Param],
) -> Result<Vec<Template>> {
    let Some(value) = extensions.get(ALTERNATIVES) else {
        return Ok(Vec::new());
    };
    let pointer = child(pointer, ALTERNATIVES);
    let Some(items) = value.as_array() else {
        return Err(source.error(&pointer, format!("{ALTERNATIVES} is `{value}`; it must be a list of path templates")));
    };
    let mut templates = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let here = child(&pointer, &index.to_string());
        let Some(text) = item.as_str().filter(|template| template.starts_with('/')) else {
            return Err(source.error(&here, format!("`{item}` is not a path template starting with `/`")));
        };
        let template = Template::parse(text)
            .map_err(|error| source.error(&here, format!("the path template `{text}` {error}")))?;
        if let Some(name) = template
            .names()
            .find(|name| !params.iter().any(|param| param.location == ParamLocation::Path && param.wire_name == *name))
        {
            return Err(source
                .error(&here, format!("`{text}` names `{{{name}}}`, which is not a path parameter of the operation")));
        }
        templates.push(template);
    }
    Ok(templates)
}
