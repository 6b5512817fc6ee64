//! The machine and the versions a run used, so that a reader can tell whether their figures are comparable.

use std::path::Path;
use std::process::Command;

use super::process;

/// One line of the machine table.
pub struct Fact {
    /// What it is (`CPU`, `rustc`…).
    pub name: &'static str,
    /// What it was on this run.
    pub value: String,
}

/// CPU, cores, memory, OS and kernel, the toolchains, and the commit measured.
pub fn facts(root: &Path) -> Vec<Fact> {
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or_else(|_| "unknown".to_owned(), |n| n.to_string());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or_else(|| "unknown".to_owned(), |kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0));
    let os = read("/etc/os-release")
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map_or_else(|| std::env::consts::OS.to_owned(), |name| name.trim_matches('"').to_owned());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_owned();
    let commit = first_line(Command::new("git").current_dir(root).args(["rev-parse", "--short=12", "HEAD"]));
    let dirty = Command::new("git")
        .current_dir(root)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|output| !output.stdout.is_empty());
    vec![
        Fact { name: "CPU", value: cpu },
        Fact { name: "logical cores", value: cores },
        Fact { name: "memory", value: memory },
        Fact { name: "OS", value: format!("{os}, Linux {kernel}") },
        Fact { name: "rustc", value: first_line(Command::new("rustc").arg("--version")) },
        Fact { name: "cargo", value: first_line(process::cargo().arg("--version")) },
        Fact { name: "Java", value: first_line(Command::new("java").arg("-version")) },
        Fact { name: "Python", value: first_line(Command::new("python3").arg("--version")) },
        Fact { name: "commit", value: if dirty { format!("{commit} (with uncommitted changes)") } else { commit } },
    ]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The first line a program prints (on stdout, or on stderr as `java -version` does), or `unknown`.
pub fn first_line(command: &mut Command) -> String {
    match process::run(command) {
        Ok(output) if output.status.success() => {
            let text = if output.stdout.trim().is_empty() { output.stderr } else { output.stdout };
            text.lines().next().unwrap_or("unknown").trim().to_owned()
        }
        _ => "unknown".to_owned(),
    }
}
