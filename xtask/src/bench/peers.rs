//! The generators users would pick instead of ours, installed on demand under `target/bench/` and run as their
//! users run them: progenitor (`cargo-progenitor` from crates.io) and openapi-generator's `rust` generator
//! (the jar bundled by PyPI's `openapi-generator-cli`, run with the machine's Java).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use alfadocs_codegen::Error;

use super::files;
use super::machine::first_line;
use super::process::{self, Output};

/// A generator: how to make it write a crate from a document into a folder.
pub struct Generator {
    /// Its name in the report.
    pub name: &'static str,
    /// The folder its output goes to under `target/bench/gen/`.
    pub slug: &'static str,
    /// Its version, and where it came from.
    pub version: String,
    /// How it was installed, as a command to repeat (empty for ours).
    pub install: Vec<String>,
    /// The program and the arguments before the input and output.
    program: PathBuf,
    kind: Kind,
}

/// The command-line conventions of each generator.
enum Kind {
    /// `xtask codegen --spec FILE --no-overlay --out DIR` (the document is already corrected and repaired).
    Ours,
    /// `xtask codegen --out DIR`: the vendor's document with our overlay, as `cargo xtask codegen` runs.
    OursFromVendor,
    /// `cargo-progenitor progenitor -i FILE -o DIR -n NAME -v VERSION [more]`.
    Progenitor(&'static [&'static str]),
    /// `java -jar JAR generate -i FILE -g rust -o DIR --package-name NAME [more]`.
    OpenApiGenerator(&'static [&'static str]),
}

impl Generator {
    /// Our generator: the release build of xtask at `xtask`, on an already corrected and repaired document.
    pub fn ours(xtask: &Path) -> Self {
        Self {
            name: "alfadocs",
            slug: "alfadocs",
            version: "this commit".to_owned(),
            install: Vec::new(),
            program: xtask.to_owned(),
            kind: Kind::Ours,
        }
    }

    /// Our generator as `cargo xtask codegen` runs it: the vendor's document, then our overlay and repairs.
    pub fn ours_from_vendor(xtask: &Path) -> Self {
        Self {
            name: "alfadocs (vendor document + overlay)",
            slug: "alfadocs-from-vendor",
            kind: Kind::OursFromVendor,
            ..Self::ours(xtask)
        }
    }

    /// The same generator with other options (`--interface builder`, `--skip-validate-spec`…).
    pub fn variant(&self, name: &'static str, slug: &'static str, options: &'static [&'static str]) -> Self {
        let kind = match self.kind {
            Kind::Ours => Kind::Ours,
            Kind::OursFromVendor => Kind::OursFromVendor,
            Kind::Progenitor(_) => Kind::Progenitor(options),
            Kind::OpenApiGenerator(_) => Kind::OpenApiGenerator(options),
        };
        Self {
            name,
            slug,
            version: self.version.clone(),
            install: self.install.clone(),
            program: self.program.clone(),
            kind,
        }
    }

    /// The name of the crate a peer writes: distinct per variant, as they share one scratch workspace.
    fn crate_name(&self) -> String {
        format!("alfadocs-{}", self.slug)
    }

    /// The command that generates a crate from `spec` into `out` (for ours from the vendor's document, `spec`
    /// is not used: the defaults are the vendor's document and our overlay).
    pub fn command(&self, spec: &Path, out: &Path) -> Command {
        match self.kind {
            Kind::Ours => {
                let mut command = Command::new(&self.program);
                command.arg("codegen").arg("--spec").arg(spec).arg("--no-overlay").arg("--out").arg(out);
                command
            }
            Kind::OursFromVendor => {
                let mut command = Command::new(&self.program);
                command.arg("codegen").arg("--out").arg(out);
                command
            }
            Kind::Progenitor(options) => {
                let mut command = Command::new(&self.program);
                command.args(["progenitor", "-i"]).arg(spec).arg("-o").arg(out);
                command.arg("-n").arg(self.crate_name()).args(["-v", "0.1.0"]).args(options);
                command
            }
            Kind::OpenApiGenerator(options) => {
                let mut command = Command::new("java");
                command.arg("-jar").arg(&self.program).args(["generate", "-i"]).arg(spec);
                command.args(["-g", "rust", "-o"]).arg(out).arg("--package-name").arg(self.crate_name()).args(options);
                command
            }
        }
    }
}

/// progenitor, installed into `tools` with `cargo install` if it is not there yet.
pub fn progenitor(tools: &Path) -> Result<Generator, Error> {
    let program = tools.join("bin").join("cargo-progenitor");
    if !program.exists() {
        eprintln!("bench: installing cargo-progenitor into {} (once; later runs reuse it)", tools.display());
        process::run_visible(process::cargo().args(["install", "cargo-progenitor", "--locked", "--root"]).arg(tools))?;
    }
    let installed = installed_version(tools, "cargo-progenitor")?;
    let latest = latest_on_crates_io("cargo-progenitor");
    let version = match &latest {
        Some(latest) if *latest != installed => {
            format!("{installed} (crates.io now has {latest}: delete {} to update)", tools.display())
        }
        _ => installed.clone(),
    };
    let install = vec![
        format!(
            "cargo info cargo-progenitor   # crates.io's latest: {}",
            latest.as_deref().unwrap_or("unknown (offline)")
        ),
        format!("cargo install cargo-progenitor --version {installed} --locked --root target/bench/tools"),
    ];
    Ok(Generator { name: "progenitor", slug: "progenitor", version, install, program, kind: Kind::Progenitor(&[]) })
}

/// The version `cargo install --root tools` recorded for `package`.
fn installed_version(tools: &Path, package: &str) -> Result<String, Error> {
    let path = tools.join(".crates2.json");
    let text = fs::read_to_string(&path).map_err(|error| files::io(&path, &error))?;
    let record: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| Error::new(format!("{}: {error}", path.display())))?;
    record["installs"]
        .as_object()
        .into_iter()
        .flat_map(|installs| installs.keys())
        .find_map(|key| key.strip_prefix(&format!("{package} ")).and_then(|rest| rest.split_whitespace().next()))
        .map(str::to_owned)
        .ok_or_else(|| Error::new(format!("{}: {package} is not recorded as installed", path.display())))
}

/// The newest version of `package` on crates.io, per `cargo info`; `None` offline.
fn latest_on_crates_io(package: &str) -> Option<String> {
    let output = process::run(process::cargo().args(["info", package])).ok()?;
    output.stdout.lines().find_map(|line| line.strip_prefix("version: ")).map(|version| version.trim().to_owned())
}

/// openapi-generator, installed from PyPI into the virtual environment `venv` if it is not there yet.
pub fn openapi_generator(venv: &Path) -> Result<Generator, Error> {
    let pip = venv.join("bin").join("pip");
    if !pip.exists() {
        eprintln!(
            "bench: creating {} and installing openapi-generator-cli (once; later runs reuse it)",
            venv.display()
        );
        process::run_visible(Command::new("python3").args(["-m", "venv"]).arg(venv))?;
    }
    let jar = find_jar(venv);
    let jar = match jar {
        Some(jar) => jar,
        None => {
            process::run_visible(Command::new(&pip).args(["install", "--quiet", "openapi-generator-cli"]))?;
            find_jar(venv).ok_or_else(|| Error::new(format!("no openapi-generator.jar under {}", venv.display())))?
        }
    };
    let package = process::run(Command::new(&pip).args(["show", "openapi-generator-cli"]))
        .ok()
        .and_then(|output| output.stdout.lines().find_map(|line| line.strip_prefix("Version: ")).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    let generator = first_line(Command::new("java").arg("-jar").arg(&jar).arg("version"));
    let install = vec![
        "python3 -m venv target/bench/venv".to_owned(),
        format!("target/bench/venv/bin/pip install openapi-generator-cli=={package}"),
    ];
    Ok(Generator {
        name: "openapi-generator",
        slug: "openapi-generator",
        version: format!("{generator} (PyPI openapi-generator-cli {package})"),
        install,
        program: jar,
        kind: Kind::OpenApiGenerator(&[]),
    })
}

/// The jar the PyPI package bundles, wherever its Python version put it.
fn find_jar(venv: &Path) -> Option<PathBuf> {
    let lib = fs::read_dir(venv.join("lib")).ok()?;
    lib.filter_map(Result::ok)
        .map(|python| python.path().join("site-packages").join("openapi_generator_cli").join("openapi-generator.jar"))
        .find(|jar| jar.exists())
}

/// What a generator made of a document: it wrote a crate, or it failed, and why in a line.
pub struct Verdict {
    /// Whether it exited successfully.
    pub succeeded: bool,
    /// The reason it gave for failing, or its warnings when it succeeded, shortened.
    pub summary: String,
}

/// Runs `generator` once on `spec` into `out` and says what happened.
pub fn try_document(generator: &Generator, spec: &Path, out: &Path) -> Result<Verdict, Error> {
    files::remove_dir(out)?;
    let output = process::run(&mut generator.command(spec, out))?;
    let succeeded = output.status.success();
    let summary = if succeeded { warnings(&output) } else { failure(&output) };
    Ok(Verdict { succeeded, summary })
}

/// The reason a generator gave for failing: a panic's message, a Java exception's message (with the
/// validation errors openapi-generator lists after it), or the first line that says `error`.
fn failure(output: &Output) -> String {
    let text = format!("{}\n{}", output.stderr, output.stdout);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let found = if let Some(at) = lines.iter().position(|line| line.contains("panicked at")) {
        format!("panics: {}", lines.get(at + 1).copied().unwrap_or("(no message)"))
    } else if let Some(at) = lines.iter().position(|line| line.starts_with("Exception in thread")) {
        let first = lines[at].rsplit_once("Exception: ").map_or(lines[at], |(_, message)| message);
        let details: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|line| !line.starts_with("at ") && !line.starts_with("Warnings"))
            .copied()
            .collect();
        format!("{first} {}", details.join(" "))
    } else if let Some(line) = lines.iter().find(|line| line.to_lowercase().contains("error")) {
        (*line).to_owned()
    } else {
        output.tail(2)
    };
    shorten(&format!(
        "exit {}: {found}",
        output.status.code().map_or_else(|| "by signal".to_owned(), |code| code.to_string())
    ))
}

/// The distinct warnings a successful generator printed, counted (openapi-generator logs `WARN` lines).
fn warnings(output: &Output) -> String {
    let mut counted: Vec<(String, usize)> = Vec::new();
    for line in output.stderr.lines().chain(output.stdout.lines()) {
        let Some((_, message)) = line.split_once(" WARN ") else { continue };
        let message = message.split_once(" - ").map_or(message, |(_, text)| text).trim().to_owned();
        match counted.iter_mut().find(|(known, _)| *known == message) {
            Some((_, count)) => *count += 1,
            None => counted.push((message, 1)),
        }
    }
    if counted.is_empty() {
        return "no warnings".to_owned();
    }
    let parts: Vec<String> = counted.iter().map(|(message, count)| format!("{count}× {message}")).collect();
    shorten(&format!("warnings: {}", parts.join("; ")))
}

/// At most 400 characters on one line, for a table cell.
fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|");
    if one_line.chars().count() <= 400 {
        one_line
    } else {
        format!("{}…", one_line.chars().take(400).collect::<String>())
    }
}
