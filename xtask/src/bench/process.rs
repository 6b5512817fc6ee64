//! Running other programs: capturing what they print, timing them, building with cargo, and showing the exact
//! command lines in the report.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

use alfadocs_codegen::Error;

/// What a finished program left behind.
pub struct Output {
    /// How it ended.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Wall-clock seconds from spawn to exit.
    pub seconds: f64,
}

impl Output {
    /// The last `lines` non-empty lines of stderr, then stdout: where programs put the reason they failed.
    pub fn tail(&self, lines: usize) -> String {
        let text = if self.stderr.trim().is_empty() { &self.stdout } else { &self.stderr };
        let kept: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
        kept[kept.len().saturating_sub(lines)..].join("\n")
    }
}

/// Runs `command` to the end with stdin closed, capturing its output, and times it.
pub fn run(command: &mut Command) -> Result<Output, Error> {
    let shown = show(command, None);
    let start = Instant::now();
    let output =
        command.stdin(Stdio::null()).output().map_err(|error| Error::new(format!("cannot run `{shown}`: {error}")))?;
    let seconds = start.elapsed().as_secs_f64();
    Ok(Output {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        seconds,
    })
}

/// [`run`], failing with the end of its output when the program does not succeed.
pub fn run_ok(command: &mut Command) -> Result<Output, Error> {
    let output = run(command)?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(Error::new(format!("`{}` failed ({}):\n{}", show(command, None), output.status, output.tail(30))))
    }
}

/// Runs `command` with its output going to our stderr, as progress for long steps (installs, first builds).
pub fn run_visible(command: &mut Command) -> Result<(), Error> {
    let shown = show(command, None);
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .status()
        .map_err(|error| Error::new(format!("cannot run `{shown}`: {error}")))?;
    if status.success() { Ok(()) } else { Err(Error::new(format!("`{shown}` failed ({status})"))) }
}

/// The cargo that runs us (`$CARGO`), so that builds use the same toolchain as `cargo xtask`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds with `cargo build <args> --message-format=json-render-diagnostics` in `dir` and returns the
/// executables it made, by target name: the paths cargo reports, wherever the target directory is.
pub fn build_executables(dir: &Path, args: &[&str]) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut command = cargo();
    command.current_dir(dir).arg("build").args(args).arg("--message-format=json-render-diagnostics");
    // Compiler diagnostics go to stderr (rendered); stdout carries the JSON messages we read.
    command.stderr(Stdio::inherit());
    let output = run(&mut command)?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "`{}` failed ({}): see cargo's messages above",
            show(&command, None),
            output.status
        )));
    }
    let mut executables = Vec::new();
    for line in output.stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let (Some(name), Some(path)) = (message["target"]["name"].as_str(), message["executable"].as_str()) {
            executables.push((name.to_owned(), PathBuf::from(path)));
        }
    }
    Ok(executables)
}

/// The executable named `name` among those [`build_executables`] returned.
pub fn executable(executables: &[(String, PathBuf)], name: &str) -> Result<PathBuf, Error> {
    executables
        .iter()
        .find(|(target, _)| target == name)
        .map(|(_, path)| path.clone())
        .ok_or_else(|| Error::new(format!("cargo built no executable named `{name}`")))
}

/// `command` as one would type it, with paths under `root` shown relative to it.
pub fn show(command: &Command, root: Option<&Path>) -> String {
    let relative = |text: String| match root {
        Some(root) => text.replace(&format!("{}/", root.display()), ""),
        None => text,
    };
    let mut words = Vec::new();
    for (name, value) in command.get_envs() {
        if let Some(value) = value {
            words.push(format!("{}={}", name.to_string_lossy(), relative(value.to_string_lossy().into_owned())));
        }
    }
    // `$CARGO` is a full path into the toolchain; readers type `cargo`.
    let program = command.get_program();
    if std::env::var_os("CARGO").is_some_and(|cargo| cargo == program) {
        words.push("cargo".to_owned());
    } else {
        words.push(relative(program.to_string_lossy().into_owned()));
    }
    words.extend(command.get_args().map(|arg| relative(arg.to_string_lossy().into_owned())));
    words.iter().map(|word| quote(word)).collect::<Vec<_>>().join(" ")
}

/// Quotes a shell word when it needs it.
fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain { word.to_owned() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use super::show;

    #[test]
    fn commands_are_shown_relative_and_quoted() {
        let mut command = Command::new("/repo/target/release/xtask");
        command.args(["codegen", "--out", "/repo/target/bench/gen dir"]);
        assert_eq!(
            show(&command, Some(Path::new("/repo"))),
            "target/release/xtask codegen --out 'target/bench/gen dir'"
        );
    }
}
