//! Compile time of each generated crate: debug, dependencies already built, after touching the crate's sources.
//!
//! Incremental compilation is off (`CARGO_INCREMENTAL=0`): touching a file does not change it, so an incremental
//! rebuild would reuse nearly every query and time only cargo's and rustc's start-up, the same for every crate.
//! With it off, each rebuild compiles the whole crate, which is the cost this measures. `cargo check` is timed
//! too: the front end alone, what an editor pays on every change.
//!
//! The crates are copied into one scratch workspace under `target/bench/compile/` with a target directory of
//! its own, so that the measurement neither disturbs nor is helped by the repository's builds. The scratch
//! manifest repeats the repository's `[workspace.package]`, `[workspace.dependencies]` (paths made absolute),
//! `[workspace.lints]` and profiles, because the generated `alfadocs` manifest inherits from them.

use std::fs;
use std::path::{Path, PathBuf};

use alfadocs_codegen::Error;
use toml::{Table, Value};

use super::files::{self, io};
use super::process::{self, Output};

/// A generated crate to compile.
pub struct Member {
    /// The generator that wrote it (the name in the report and the folder in the scratch workspace).
    pub tool: &'static str,
    /// Where the generator wrote it.
    pub source: PathBuf,
}

/// What compiling one crate gave.
pub enum Outcome {
    /// Seconds of each run's `cargo build` and `cargo check`.
    Built {
        /// `cargo build` (debug), one per run.
        build: Vec<f64>,
        /// `cargo check`, one per run.
        check: Vec<f64>,
    },
    /// It did not compile; the first errors.
    Failed(String),
}

/// The commands the report shows for this step.
pub struct Measured {
    /// One outcome per member, in the members' order.
    pub outcomes: Vec<Outcome>,
    /// `alfadocs-runtime`'s own `cargo build` and `cargo check` seconds (at most [`RUNTIME_RUNS`] runs): what
    /// our crate leans on, so that cost moved out of the generated crate into the runtime shows.
    pub runtime: (Vec<f64>, Vec<f64>),
    /// The timed commands (build, check), for one member (the others differ by `--package`).
    pub commands: [String; 2],
}

/// Sets the crates up in `scratch`, builds each once, then times `runs` rebuilds of each after touching its
/// sources, taking the crates in turn within a run so that a slow spell of the machine hits them all.
pub fn measure(root: &Path, scratch: &Path, members: &[Member], runs: usize) -> Result<Measured, Error> {
    fs::create_dir_all(scratch).map_err(|e| io(scratch, &e))?;
    let mut packages = Vec::new();
    for member in members {
        let dir = scratch.join(member.tool);
        files::remove_dir(&dir)?;
        files::copy_dir(&member.source, &dir)?;
        packages.push(prepare_member(&dir)?);
    }
    write_manifest(root, scratch, members)?;
    // A workspace cargo cannot load is our mistake, not a crate that fails to compile: stop here.
    process::run_ok(process::cargo().current_dir(scratch).args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let target = scratch.join("target");
    let cargo = |verb: &str, package: &str, offline: bool| {
        let mut command = process::cargo();
        command.current_dir(scratch).env("CARGO_TARGET_DIR", &target).env("CARGO_INCREMENTAL", "0");
        command.args([verb, "--package", package]);
        if offline {
            command.arg("--offline");
        }
        command
    };

    let mut outcomes = Vec::new();
    for (member, package) in members.iter().zip(&packages) {
        eprintln!("bench: compile: building and checking {} ({package}) and its dependencies once", member.tool);
        let built = process::run(&mut cargo("build", package, false))?;
        let checked = if built.status.success() { process::run(&mut cargo("check", package, false))? } else { built };
        outcomes.push(if checked.status.success() {
            Outcome::Built { build: Vec::new(), check: Vec::new() }
        } else {
            Outcome::Failed(first_errors(&checked))
        });
    }
    for run in 0..runs {
        for ((member, package), outcome) in members.iter().zip(&packages).zip(&mut outcomes) {
            let Outcome::Built { build, check } = outcome else { continue };
            let dir = scratch.join(member.tool);
            files::touch_sources(&dir)?;
            let built = process::run_ok(&mut cargo("build", package, true))?;
            files::touch_sources(&dir)?;
            let checked = process::run_ok(&mut cargo("check", package, true))?;
            eprintln!(
                "bench: compile: {} run {}: build {:.2} s, check {:.2} s",
                member.tool,
                run + 1,
                built.seconds,
                checked.seconds
            );
            build.push(built.seconds);
            check.push(checked.seconds);
        }
    }
    // Then the runtime, a path dependency of ours rather than a member: its sources touched (in the repository;
    // only their times change) and it alone built, then checked, in at most three runs. After the members, because
    // built alone it has features of its own, so a member's build after it would rebuild the member's copy too.
    let mut runtime = (Vec::new(), Vec::new());
    let sources = root.join("runtime");
    for run in 0..runs.min(RUNTIME_RUNS) {
        files::touch_sources(&sources)?;
        let built = process::run_ok(&mut cargo("build", RUNTIME, true))?;
        files::touch_sources(&sources)?;
        let checked = process::run_ok(&mut cargo("check", RUNTIME, true))?;
        eprintln!(
            "bench: compile: {RUNTIME} run {}: build {:.2} s, check {:.2} s",
            run + 1,
            built.seconds,
            checked.seconds
        );
        runtime.0.push(built.seconds);
        runtime.1.push(checked.seconds);
    }
    let first = packages.first().map_or("alfadocs", String::as_str);
    let commands =
        [cargo("build", first, true), cargo("check", first, true)].map(|command| process::show(&command, Some(root)));
    Ok(Measured { outcomes, runtime, commands })
}

/// The runtime crate the generated one depends on.
const RUNTIME: &str = "alfadocs-runtime";

/// How many runs time the runtime's own build.
const RUNTIME_RUNS: usize = 3;

/// Reads the member's package name, and removes a `[workspace]` table a generator may have written (a crate
/// cannot be a workspace of its own and a member of ours).
fn prepare_member(dir: &Path) -> Result<String, Error> {
    let path = dir.join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| io(&path, &e))?;
    let mut manifest: Table = text.parse().map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    let name = manifest
        .get("package")
        .and_then(|package| package.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::new(format!("{}: no package name", path.display())))?;
    if manifest.remove("workspace").is_some() {
        let text = toml::to_string(&manifest).map_err(|e| Error::new(e.to_string()))?;
        fs::write(&path, text).map_err(|e| io(&path, &e))?;
    }
    Ok(name)
}

/// The scratch workspace's manifest: our members, and what they may inherit from the repository's.
fn write_manifest(root: &Path, scratch: &Path, members: &[Member]) -> Result<(), Error> {
    let path = root.join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| io(&path, &e))?;
    let repo: Table = text.parse().map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    let mut workspace = Table::new();
    workspace.insert("resolver".into(), Value::from("3"));
    workspace.insert("members".into(), Value::Array(members.iter().map(|member| Value::from(member.tool)).collect()));
    if let Some(repo_workspace) = repo.get("workspace").and_then(Value::as_table) {
        for key in ["package", "lints"] {
            if let Some(value) = repo_workspace.get(key) {
                workspace.insert(key.into(), value.clone());
            }
        }
        if let Some(dependencies) = repo_workspace.get("dependencies").and_then(Value::as_table) {
            let mut absolute = dependencies.clone();
            for (_, dependency) in absolute.iter_mut() {
                if let Some(path) = dependency.as_table_mut().and_then(|table| table.get_mut("path"))
                    && let Some(relative) = path.as_str()
                {
                    *path = Value::from(root.join(relative).display().to_string());
                }
            }
            workspace.insert("dependencies".into(), Value::Table(absolute));
        }
    }
    let mut manifest = Table::new();
    manifest.insert("workspace".into(), Value::Table(workspace));
    if let Some(profile) = repo.get("profile") {
        manifest.insert("profile".into(), profile.clone());
    }
    let text = format!(
        "# Written by `cargo xtask bench`: the generated crates, to time their compilation.\n{}",
        toml::to_string(&manifest).map_err(|e| Error::new(e.to_string()))?
    );
    let out = scratch.join("Cargo.toml");
    fs::write(&out, text).map_err(|e| io(&out, &e))
}

/// The first few `error` lines of a failed build, and how many errors there were.
fn first_errors(output: &Output) -> String {
    let errors: Vec<&str> = output.stderr.lines().filter(|line| line.starts_with("error")).collect();
    let shown: Vec<&str> = errors.iter().take(3).copied().collect();
    format!("{} error lines, first: {}", errors.len(), shown.join(" / "))
}
