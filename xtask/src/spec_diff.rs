//! `cargo xtask spec-diff OLD NEW [--overlay F | --no-overlay] [--format text|markdown|json]
//! [--fail-on breaking|any]`: what replacing the vendor document OLD by NEW changes for users of `alfadocs`.
//!
//! Exit status: 0 when the documents were compared, 1 when `--fail-on` finds what it looks for, 2 when a
//! document cannot be read, corrected, repaired, parsed or lowered (the error names the file and which
//! document it was).
//!
//! Both documents go through the same load, overlay, repairs and lowering as `cargo xtask codegen`
//! (`alfadocs_codegen::diff::compare_files`); this file only parses arguments and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use alfadocs_codegen::diff::{SpecDiff, compare_files};
use alfadocs_codegen::{DEFAULT_OVERLAY, Error};

use crate::repo_root;

/// The report's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a release note.
    Markdown,
    /// For tools (stable field names, see docs/spec-diff.md).
    Json,
}

/// What makes the task exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any change that breaks users of the generated crate.
    Breaking,
    /// Any change to the generated crate, or to how the rules and overlay actions fire.
    Any,
}

/// Options of `cargo xtask spec-diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The vendor document the current crate was generated from.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The vendor document that would replace it.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// The overlay applied to both (default: the repository's alfadocs-overlay.yaml).
    #[arg(long, value_name = "FILE", conflicts_with = "no_overlay")]
    overlay: Option<PathBuf>,
    /// Compare the vendor's documents without the overlay.
    #[arg(long)]
    no_overlay: bool,
    /// The report's form.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit with status 1 when there are changes of this kind.
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
}

/// Runs the task: the report on stdout; status 1 when `--fail-on` finds what it looks for, 2 when a document
/// cannot be compared.
pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let overlay = if args.no_overlay {
        None
    } else {
        Some(args.overlay.clone().unwrap_or_else(|| repo_root().join(DEFAULT_OVERLAY)))
    };
    // The pipeline's error names the file and line; `SideError` adds which of the two documents it was. It
    // exits with 2, so that a script using `--fail-on` can tell "could not compare" from "changes found".
    let diff = match compare_files(&args.old, &args.new, overlay.as_deref()) {
        Ok(diff) => diff,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    // xtask shares the workspace version with the generated crate (both say `version.workspace = true`), so
    // its own version is the version of the `alfadocs` the OLD document produced.
    let diff = diff.with_crate_version(env!("CARGO_PKG_VERSION"));
    let report = match args.format {
        Format::Text => diff.render_text(),
        Format::Markdown => diff.render_markdown(),
        Format::Json => diff.render_json()?,
    };
    print!("{report}");
    Ok(if fails(&diff, args.fail_on) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Whether `--fail-on` is met.
fn fails(diff: &SpecDiff, fail_on: Option<FailOn>) -> bool {
    match fail_on {
        None => false,
        Some(FailOn::Breaking) => diff.is_breaking(),
        Some(FailOn::Any) => !diff.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use alfadocs_codegen::diff::diff;
    use alfadocs_codegen::ir::{Api, Enum, Variant};
    use alfadocs_codegen::report::Report;
    use clap::Parser;

    use super::*;

    fn api(values: &[&str]) -> Api {
        Api {
            title: "T".into(),
            version: "1".into(),
            description: None,
            base_url: "https://example.test".into(),
            groups: Vec::new(),
            models: Vec::new(),
            enums: vec![Enum {
                name: "State".into(),
                module: "state".into(),
                description: None,
                variants: values
                    .iter()
                    .map(|value| Variant { wire: (*value).into(), rust_name: value.to_uppercase() })
                    .collect(),
            }],
            context: None,
        }
    }

    #[test]
    fn fail_on_breaking_and_any() {
        let report = Report::new();
        let same = diff(&api(&["a"]), &report, &api(&["a"]), &report);
        let added = diff(&api(&["a"]), &report, &api(&["a", "b"]), &report);
        let removed = diff(&api(&["a", "b"]), &report, &api(&["a"]), &report);
        assert!(!fails(&same, Some(FailOn::Any)));
        assert!(!fails(&added, Some(FailOn::Breaking)));
        assert!(fails(&added, Some(FailOn::Any)));
        assert!(fails(&removed, Some(FailOn::Breaking)));
        assert!(!fails(&removed, None));
    }

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn arguments() {
        let cli =
            Cli::try_parse_from(["spec-diff", "a.yaml", "b.yaml", "--format", "markdown", "--fail-on", "breaking"]);
        let args = cli.map(|cli| cli.args).expect("valid arguments");
        assert_eq!((args.format, args.fail_on), (Format::Markdown, Some(FailOn::Breaking)));
        assert!(Cli::try_parse_from(["spec-diff", "a.yaml", "b.yaml", "--overlay", "o.yaml", "--no-overlay"]).is_err());
        assert!(Cli::try_parse_from(["spec-diff", "a.yaml"]).is_err());
    }
}
