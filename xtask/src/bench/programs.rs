//! The measured programs of the `alfadocs-bench` crate (request overhead, decode throughput, memory): built in
//! release, run one subcommand at a time, their JSON figures read back.

use std::path::{Path, PathBuf};
use std::process::Command;

use alfadocs_codegen::Error;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::process;

/// Medians and the runs behind them.
#[derive(Debug, Clone, Deserialize)]
pub struct Series {
    /// The median of `runs`.
    pub median: f64,
    /// Every run's figure.
    pub runs: Vec<f64>,
}

/// One client's figures in a request benchmark.
#[derive(Debug, Clone, Deserialize)]
pub struct ClientRates {
    /// The median of `runs`, requests per second.
    pub median: f64,
    /// Requests per second of every run.
    pub runs: Vec<f64>,
    /// Microseconds of the client thread's CPU per request.
    pub cpu_micros: Series,
}

/// One request benchmark: one call, one concurrency, both clients.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestRow {
    /// The operation (`get_patient`…).
    pub call: String,
    /// Requests in flight at once.
    pub in_flight: u32,
    /// Requests per run and client.
    pub requests: u64,
    /// Hand-written reqwest + serde.
    pub hand: ClientRates,
    /// `alfadocs`.
    pub alfadocs: ClientRates,
}

/// The request benchmarks.
#[derive(Debug, Clone, Deserialize)]
pub struct Requests {
    /// One row per call and concurrency.
    pub requests: Vec<RequestRow>,
    /// Appointments in the `get_appointments` body.
    pub appointments: u64,
    /// Requests per chunk: the clients take turns chunk by chunk within a run.
    pub chunk: u64,
}

/// One way of decoding the page.
#[derive(Debug, Clone, Deserialize)]
pub struct DecodeKind {
    /// Median on-CPU seconds per decode.
    pub median_seconds: f64,
    /// Median wall-clock seconds per decode.
    pub median_wall_seconds: f64,
    /// Megabytes (10^6) of JSON per second, at the median.
    pub mb_per_second: f64,
    /// Patients per second, at the median.
    pub patients_per_second: f64,
}

/// The decode benchmark.
#[derive(Debug, Clone, Deserialize)]
pub struct Decode {
    /// Patients in the page.
    pub patients: u64,
    /// Bytes of the page.
    pub bytes: u64,
    /// Timed runs of each kind.
    pub runs: u64,
    /// `plain`, `plain_lenient`, `alfadocs`, `alfadocs_tracked`, `plain_flatten`.
    pub results: std::collections::BTreeMap<String, DecodeKind>,
}

#[derive(Deserialize)]
struct DecodeOutput {
    decode: Decode,
}

/// One memory scenario.
#[derive(Debug, Clone, Deserialize)]
pub struct MemoryRow {
    /// `page` (one page of 100) or `stream` (every patient).
    pub mode: String,
    /// Patients read.
    pub patients: u64,
    /// Peak resident set size (VmHWM) of the child, in KiB.
    pub peak_kib: Series,
    /// Wall-clock seconds of the child's work.
    pub seconds: Series,
}

#[derive(Deserialize)]
struct MemoryOutput {
    memory: Vec<MemoryRow>,
}

/// The built `alfadocs-bench` binary.
/// The command line's CSV export against the library's stream (`export`).
#[derive(Debug, Clone, Deserialize)]
pub struct Export {
    /// Patients in the archive exported.
    pub patients: u64,
    /// CSV columns per row.
    pub columns: u64,
    /// Patients per second of the command line.
    pub cli: Series,
    /// Patients per second of the library's stream through the same writer.
    pub library: Series,
}

#[derive(Deserialize)]
struct ExportOutput {
    export: Export,
}

/// The fake answering `get_patient` against a minimal axum handler (`serving`).
#[derive(Debug, Clone, Deserialize)]
pub struct Serving {
    /// Requests per run.
    pub requests: u64,
    /// Requests in flight.
    pub in_flight: u32,
    /// Requests per second of the fake.
    pub fake: Series,
    /// Requests per second of the minimal handler.
    pub minimal: Series,
}

#[derive(Deserialize)]
struct ServingOutput {
    serving: Serving,
}

pub struct Programs {
    binary: PathBuf,
    /// The command line (`alfadocs`), for `export`.
    cli: PathBuf,
    root: PathBuf,
    /// The commands run, as the report shows them.
    pub commands: Vec<String>,
}

impl Programs {
    /// Builds `alfadocs-bench` in release (in the workspace's usual target directory).
    pub fn build(root: &Path) -> Result<Self, Error> {
        eprintln!("bench: building alfadocs-bench (release)");
        let executables = process::build_executables(
            root,
            &["--release", "--package", "alfadocs-bench", "--package", "alfadocs-cli"],
        )?;
        let binary = process::executable(&executables, "alfadocs-bench")?;
        let cli = process::executable(&executables, "alfadocs")?;
        Ok(Self {
            binary,
            cli,
            root: root.to_owned(),
            commands: vec!["cargo build --release --package alfadocs-bench --package alfadocs-cli".to_owned()],
        })
    }

    fn run<T: DeserializeOwned>(&mut self, args: &[String]) -> Result<T, Error> {
        let mut command = Command::new(&self.binary);
        command.args(args).stderr(std::process::Stdio::inherit());
        self.commands.push(process::show(&command, Some(&self.root)));
        let output = process::run_ok(&mut command)?;
        serde_json::from_str(&output.stdout).map_err(|error| {
            Error::new(format!("alfadocs-bench {}: unreadable output ({error}): {}", args.join(" "), output.stdout))
        })
    }

    /// Requests per second of both clients, `runs` runs of each call and concurrency.
    pub fn requests(&mut self, runs: usize) -> Result<Requests, Error> {
        let args = [
            "requests",
            "--runs",
            &runs.to_string(),
            "--sequential",
            "2000",
            "--concurrent",
            "4000",
            "--in-flight",
            "16",
        ];
        self.run::<Requests>(&args.map(str::to_owned))
    }

    /// Decode throughput of the 10,000-patient page; decoding is short, so three times the runs.
    pub fn decode(&mut self, runs: usize) -> Result<Decode, Error> {
        let args = ["decode", "--runs", &(runs * 3).to_string(), "--patients", "10000"];
        Ok(self.run::<DecodeOutput>(&args.map(str::to_owned))?.decode)
    }

    /// The command line exporting 10,000 patients as CSV, against the library's stream and the same writer.
    pub fn export(&mut self, runs: usize) -> Result<Export, Error> {
        let cli = self.cli.display().to_string();
        let args = ["export", "--runs", &runs.to_string(), "--patients", "10000", "--cli", &cli];
        Ok(self.run::<ExportOutput>(&args.map(str::to_owned))?.export)
    }

    /// The fake answering `get_patient`, 16 in flight, against a minimal axum handler with the same bytes.
    pub fn serving(&mut self, runs: usize) -> Result<Serving, Error> {
        let args = ["serving", "--runs", &runs.to_string(), "--requests", "4000", "--in-flight", "16"];
        Ok(self.run::<ServingOutput>(&args.map(str::to_owned))?.serving)
    }

    /// Peak RSS of streaming up to 100,000 patients, against one page.
    pub fn memory(&mut self, runs: usize) -> Result<Vec<MemoryRow>, Error> {
        let args = ["memory", "--runs", &runs.to_string(), "--patients", "100000"];
        Ok(self.run::<MemoryOutput>(&args.map(str::to_owned))?.memory)
    }
}
