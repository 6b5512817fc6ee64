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

/// The vendor document after the overlays and the repairs, parsed: what every later stage starts from.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document with every overlay applied, before the repairs: what a further overlay's targets select
    /// (`cargo xtask probe` proposes actions against it).
    pub corrected: serde_json::Value,
    /// The corrected, repaired document as data (what `--emit-spec` writes).
    pub document: serde_json::Value,
    /// The same document parsed as OpenAPI 3.0.
    pub openapi: openapiv3::OpenAPI,
    /// Lines of the vendor document, for errors found later.
    pub source: source::SourceMap,
}

/// Load → overlays → repair → parse, recording what each rule and action did in `report`.
///
/// Overlays layer: each applies to the result of the one before (an Overlay 1.0 document targets one
/// document), so `[ours, proposal]` is our corrections, then `cargo xtask probe`'s proposal on top.
pub fn prepare(spec: &Path, overlays: &[&Path], report: &mut Report) -> Result<Prepared> {
    let loaded = load::load_file(spec)?;
    let overlays = overlays.iter().map(|path| load::load_file(path)).collect::<Result<Vec<_>>>()?;
    prepare_loaded(loaded, &overlays.iter().collect::<Vec<_>>(), report)
}

/// [`prepare`] for documents already loaded (fixtures, fuzzing, spec-diff).
pub fn prepare_loaded(spec: load::Loaded, overlays: &[&load::Loaded], report: &mut Report) -> Result<Prepared> {
    let load::Loaded { mut value, source } = spec;
    for overlay in overlays {
        overlay::apply(&mut value, overlay, report)?;
    }
    let corrected = value.clone();
    repair::repair(&mut value, &source, report)?;
    let openapi = parse::parse(&value, &source)?;
    Ok(Prepared { corrected, document: value, openapi, source })
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

/// The whole flow up to the files: load, overlays, repair, parse, lower, emit.
pub fn generate(spec: &Path, overlays: &[&Path]) -> Result<Generated> {
    let mut report = Report::new();
    let prepared = prepare(spec, overlays, &mut report)?;
    let api = lower_prepared(&prepared, &mut report)?;
    let files = emit::emit(&api)?;
    Ok(Generated { files, document: prepared.document, report })
}

/// `cargo xtask codegen --check` and the freshness test: is `out` exactly what `generate` makes?
pub fn check(spec: &Path, overlays: &[&Path], out: &Path) -> Result<write::Check> {
    let generated = generate(spec, overlays)?;
    write::check(out, &generated.files)
}
