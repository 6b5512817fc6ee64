//! The AlfaDocs client generator: the vendor's OpenAPI document in, the `alfadocs` crate out.
//!
//! This file is the flow itself — load, overlay, repair, parse, lower, emit, write — one module a stage.
//! Every stage depends only on what earlier stages produce and on the shared `error`, `source`, `report`
//! and `ir` modules.

pub mod error;
pub mod load;
pub mod overlay;
pub mod parse;
pub mod repair;
pub mod report;
pub mod source;

use std::path::Path;

pub use error::{Error, Result};
pub use report::Report;

/// The vendor document after the overlay and the repairs, parsed: what every later stage starts from.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The corrected, repaired document as data (what `--emit-spec` writes).
    pub document: serde_json::Value,
    /// The same document parsed as OpenAPI 3.0.
    pub openapi: openapiv3::OpenAPI,
    /// Lines of the vendor document, for errors found later.
    pub source: source::SourceMap,
}

/// Load → overlay → repair → parse, recording what each rule and action did in `report`.
pub fn prepare(spec: &Path, overlay: Option<&Path>, report: &mut Report) -> Result<Prepared> {
    let loaded = load::load_file(spec)?;
    let overlay = overlay.map(load::load_file).transpose()?;
    prepare_loaded(loaded, overlay.as_ref(), report)
}

/// [`prepare`] for documents already loaded (fixtures, fuzzing, spec-diff).
pub fn prepare_loaded(spec: load::Loaded, overlay: Option<&load::Loaded>, report: &mut Report) -> Result<Prepared> {
    let load::Loaded { mut value, source } = spec;
    if let Some(overlay) = overlay {
        overlay::apply(&mut value, overlay, report)?;
    }
    repair::repair(&mut value, &source, report)?;
    let openapi = parse::parse(&value, &source)?;
    Ok(Prepared { document: value, openapi, source })
}
