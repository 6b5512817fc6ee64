//! `cargo xtask …`: the repository's tasks. Thin: argument parsing and printing; the work is in
//! `alfadocs-codegen` (and, for `probe`, in `alfadocs-runtime`'s client).

mod bench;
mod codegen;
mod probe;
mod spec_diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Tasks of the AlfaDocs client repository")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the `alfadocs` crate from the vendor's OpenAPI document (or check that it is fresh).
    Codegen(codegen::Args),
    /// Compare two vendor documents: what replacing OLD by NEW changes for users of `alfadocs`.
    SpecDiff(spec_diff::Args),
    /// Check the spec against a live archive (GET only unless --allow-writes; key from ALFADOCS_API_KEY) and
    /// propose overlay actions.
    Probe(probe::Args),
    /// Measure the generator and the client against the alternatives, and write BENCHMARKS.md.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Codegen(args) => codegen::run(&args),
        Task::Bench(args) => bench::run(&args),
        Task::SpecDiff(args) => spec_diff::run(&args),
        Task::Probe(args) => probe::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: xtask lives one folder below it.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
