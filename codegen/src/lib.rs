//! The AlfaDocs client generator: the vendor's OpenAPI document in, the `alfadocs` crate out.
//!
//! This file is the flow itself — load, overlay, repair, parse, lower, emit, write — one module a stage.
//! Every stage depends only on what earlier stages produce and on the shared `error`, `source`, `report`
//! and `ir` modules.

pub mod catalogue;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod overlay;
pub mod parse;
pub mod repair;
pub mod report;
pub mod source;
pub mod template;
pub mod write;

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

/// Lowers a prepared document to the IR: what `codegen` emits and `spec-diff` compares.
pub fn lower_prepared(prepared: &Prepared, report: &mut Report) -> Result<ir::Api> {
    lower::lower(&prepared.openapi, &prepared.source, report)
}

/// The default inputs and output, relative to the repository root.
pub const DEFAULT_SPEC: &str = "alfadocs-openapi.yaml";
/// The overlay `codegen` applies by default.
pub const DEFAULT_OVERLAY: &str = "alfadocs-overlay.yaml";
/// Where the crate is written by default.
pub const DEFAULT_OUT: &str = "generated";

/// What a run of the generator produced, before anything is written.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files, by relative path.
    pub files: emit::Files,
    /// The corrected, repaired document the crate was generated from.
    pub document: serde_json::Value,
    /// What the rules and overlay actions did.
    pub report: Report,
}

/// The whole flow up to the files: load, overlay, repair, parse, lower, emit.
pub fn generate(spec: &Path, overlay: Option<&Path>) -> Result<Generated> {
    let mut report = Report::new();
    let prepared = prepare(spec, overlay, &mut report)?;
    let api = lower_prepared(&prepared, &mut report)?;
    let files = emit::emit(&api)?;
    Ok(Generated { files, document: prepared.document, report })
}

/// `cargo xtask codegen --check` and the freshness test: is `out` exactly what `generate` makes?
pub fn check(spec: &Path, overlay: Option<&Path>, out: &Path) -> Result<write::Check> {
    let generated = generate(spec, overlay)?;
    write::check(out, &generated.files)
}
