//! `cargo xtask codegen [--check] [--spec F] [--overlay F]… [--no-overlay] [--out D] [--emit-spec F]`: the crate
//! into `generated/` and, unless `--out` sends the crate elsewhere, the rule catalogue into `docs/rules.md`.
//!
//! Overlays layer: `--overlay alfadocs-overlay.yaml --overlay probe-overlay.yaml` applies ours, then the
//! probe's proposal, each to the result of the one before; without `--overlay`, ours alone.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use alfadocs_codegen::catalogue::{self, CATALOGUE};
use alfadocs_codegen::{DEFAULT_OUT, DEFAULT_OVERLAY, DEFAULT_SPEC, Error, generate, write};

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
    let root = repo_root();
    let (spec, overlays) = args.inputs.resolve();
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let generated = generate(&spec, &overlays.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
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
    // The rule catalogue describes the generator, not a document: it is kept with the repository's own crate.
    let catalogue = (args.out.is_none()).then(catalogue::render);
    if args.check {
        let check = write::check(&out, &generated.files)?;
        let catalogue_check = catalogue.as_deref().map(|text| write::check_file(&root, CATALOGUE, text)).transpose()?;
        let mut fresh = true;
        if check.is_fresh() {
            eprintln!("{} is fresh ({} files)", out.display(), generated.files.len());
        } else {
            print!("{}", check.diff);
            eprintln!("error: {} is stale: run `cargo xtask codegen` to regenerate it", out.display());
            fresh = false;
        }
        match catalogue_check {
            Some(check) if check.is_fresh() => eprintln!("{CATALOGUE} is fresh"),
            Some(check) => {
                print!("{}", check.diff);
                eprintln!("error: {CATALOGUE} is stale: run `cargo xtask codegen` to regenerate it");
                fresh = false;
            }
            None => {}
        }
        return Ok(if fresh { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    write::write(&out, &generated.files)?;
    eprintln!("wrote {} files to {}", generated.files.len(), out.display());
    if let Some(text) = &catalogue {
        write::write_file(&root, CATALOGUE, text)?;
        eprintln!("wrote {CATALOGUE}");
    }
    Ok(ExitCode::SUCCESS)
}
