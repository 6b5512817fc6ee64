//! `cargo xtask codegen [--check] [--spec F] [--overlay F]… [--no-overlay] [--out D] [--emit-spec F]`.
//!
//! Overlays layer: `--overlay alfadocs-overlay.yaml --overlay probe-overlay.yaml` applies ours, then the
//! probe's proposal, each to the result of the one before (an Overlay 1.0 document applies to one document, so
//! several are applied one after the other); without `--overlay`, ours alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alfadocs_codegen::{
    DEFAULT_OUT, DEFAULT_OVERLAY, DEFAULT_SPEC, Error, Generated, Prepared, Report, emit, load, lower_prepared,
    overlay, prepare_loaded, write,
};

use crate::repo_root;

/// The document a task reads: the spec and the overlays layered on it (`codegen`, `probe`).
#[derive(clap::Args)]
pub struct Inputs {
    /// The vendor's OpenAPI document.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Corrections to it (OpenAPI Overlay 1.0), ours by default; repeat to layer several, applied in order.
    #[arg(long, value_name = "FILE", conflicts_with = "no_overlay")]
    overlay: Vec<PathBuf>,
    /// Use the vendor's document without any overlay.
    #[arg(long)]
    no_overlay: bool,
}

impl Inputs {
    /// The spec, and the overlays to apply: those given, else ours (none with `--no-overlay`).
    pub fn resolve(&self) -> (PathBuf, Vec<PathBuf>) {
        let spec = self.spec.clone().unwrap_or_else(|| repo_root().join(DEFAULT_SPEC));
        let overlays = match (self.overlay.as_slice(), self.no_overlay) {
            (_, true) => Vec::new(),
            ([], false) => vec![repo_root().join(DEFAULT_OVERLAY)],
            (given, false) => given.to_vec(),
        };
        (spec, overlays)
    }
}

/// Options of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Where the crate is written.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write nothing; fail with a diff if the crate on disk is not what would be generated.
    #[arg(long)]
    check: bool,
    /// Also write the corrected, repaired document the crate is generated from: JSON for `.json`, else YAML 1.2
    /// (which leaves strings such as `no` unquoted: a YAML 1.1 reader, PyYAML among them, wants the JSON).
    #[arg(long, value_name = "FILE")]
    emit_spec: Option<PathBuf>,
}

/// Runs the task.
pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let (spec, overlays) = args.inputs.resolve();
    let out = args.out.clone().unwrap_or_else(|| repo_root().join(DEFAULT_OUT));
    let generated = generate(&spec, &overlays)?;
    eprint!("{}", generated.report.render());
    if let Some(path) = &args.emit_spec {
        let text = if path.extension().is_some_and(|ext| ext == "json") {
            serde_json::to_string_pretty(&generated.document).map_err(|e| Error::new(e.to_string()))? + "\n"
        } else {
            serde_norway::to_string(&generated.document).map_err(|e| Error::new(e.to_string()))?
        };
        fs::write(path, text).map_err(|e| Error::new(format!("writing {}: {e}", path.display())))?;
        eprintln!("wrote the repaired document to {}", path.display());
    }
    if args.check {
        let check = write::check(&out, &generated.files)?;
        if check.is_fresh() {
            eprintln!("{} is fresh ({} files)", out.display(), generated.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        print!("{}", check.diff);
        eprintln!("error: {} is stale: run `cargo xtask codegen` to regenerate it", out.display());
        return Ok(ExitCode::FAILURE);
    }
    write::write(&out, &generated.files)?;
    eprintln!("wrote {} files to {}", generated.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

/// A document corrected by layered overlays, before and after the repairs.
pub struct Layered {
    /// The document with every overlay applied, before the repairs: what a further overlay's targets select.
    pub corrected: serde_json::Value,
    /// The repaired, parsed document.
    pub prepared: Prepared,
}

/// Load → each overlay in order → repair → parse, recording what each rule and action did in `report`.
pub fn prepare_layered(spec: &Path, overlays: &[PathBuf], report: &mut Report) -> Result<Layered, Error> {
    let mut loaded = load::load_file(spec)?;
    for path in overlays {
        overlay::apply(&mut loaded.value, &load::load_file(path)?, report)?;
    }
    let corrected = loaded.value.clone();
    Ok(Layered { corrected, prepared: prepare_loaded(loaded, None, report)? })
}

/// `alfadocs_codegen::generate` with layered overlays.
fn generate(spec: &Path, overlays: &[PathBuf]) -> Result<Generated, Error> {
    let mut report = Report::new();
    let layered = prepare_layered(spec, overlays, &mut report)?;
    let api = lower_prepared(&layered.prepared, &mut report)?;
    let files = emit::emit(&api)?;
    Ok(Generated { files, document: layered.prepared.document, report })
}
