//! `BENCHMARKS.md`: what one run measured, as tables, with the machine, the versions and the commands.
//!
//! Only rendering lives here; every figure comes from [`Results`]. A target is reported as met or missed next to
//! its ratio; nothing is asserted.

use std::fmt::Write as _;

use super::compile::Outcome;
use super::machine::Fact;
use super::peers::Verdict;
use super::programs::{Decode, Export, MemoryRow, RequestRow, Series, Serving};
use super::size::Size;
use alfadocs_bench_stats::median;

/// Everything one generator gave.
pub struct GeneratorResult {
    /// Its name in the report.
    pub name: &'static str,
    /// Its version.
    pub version: String,
    /// How to install it.
    pub install: Vec<String>,
    /// The generation command, as run.
    pub command: String,
    /// Seconds of each generation run, or why it failed on the repaired document.
    pub seconds: Result<Vec<f64>, String>,
    /// The size of what it wrote.
    pub size: Option<Size>,
    /// Its compile times, when compiled.
    pub compile: Option<Outcome>,
    /// What it made of the vendor's document as published.
    pub vendor: Vec<(String, Verdict)>,
}

/// Everything one run of `cargo xtask bench` measured.
pub struct Results {
    /// When the run started (UTC).
    pub started: String,
    /// Wall-clock minutes of the whole run.
    pub minutes: f64,
    /// The machine and toolchains.
    pub machine: Vec<Fact>,
    /// `/proc/loadavg` at the start and at the end: how busy the machine was with other work.
    pub load: (String, String),
    /// The number of runs behind each median (decode: three times this).
    pub runs: usize,
    /// How the repaired document was written.
    pub spec_command: String,
    /// The generators, ours first.
    pub generators: Vec<GeneratorResult>,
    /// Whether our generator wrote the same files from the repaired document as from the vendor's plus overlay.
    pub same_output: bool,
    /// The timed compile commands (build, check).
    pub compile_commands: [String; 2],
    /// `alfadocs-runtime`'s own build and check seconds.
    pub runtime_compile: (Vec<f64>, Vec<f64>),
    /// Request overhead.
    pub requests: Vec<RequestRow>,
    /// Appointments in the `get_appointments` body.
    pub appointments: u64,
    /// Requests per chunk of a request run.
    pub chunk: u64,
    /// Decode throughput.
    pub decode: Decode,
    /// Peak memory.
    pub memory: Vec<MemoryRow>,
    /// The command line's CSV export against the library's stream.
    pub export: Export,
    /// The fake's serving against a minimal handler.
    pub serving: Serving,
    /// The commands of the measured programs.
    pub program_commands: Vec<String>,
    /// Hand-written notes on the figures (`bench/FINDINGS.md`).
    pub findings: Option<String>,
}

/// A target: at most or at least a ratio.
#[derive(Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
}

impl Target {
    fn text(self) -> String {
        match self {
            Self::AtMost(limit) => format!("≤ {limit}×"),
            Self::AtLeast(limit) => format!("≥ {limit}×"),
        }
    }

    fn verdict(self, ratio: f64) -> &'static str {
        let met = match self {
            Self::AtMost(limit) => ratio <= limit,
            Self::AtLeast(limit) => ratio >= limit,
        };
        if ratio.is_nan() {
            "not measured"
        } else if met {
            "met"
        } else {
            "**missed**"
        }
    }
}

/// The renderings of a ratio and a verdict for the summary.
fn judged(ratio: f64, target: Target) -> (String, String, &'static str) {
    (times(ratio), target.text(), target.verdict(ratio))
}

/// A ratio as `0.42×`, or `–` where a side is missing.
fn times(ratio: f64) -> String {
    if ratio.is_finite() { format!("{ratio:.2}×") } else { "–".to_owned() }
}

fn seconds(value: f64) -> String {
    if value.is_nan() {
        "–".to_owned()
    } else if value < 1.0 {
        format!("{:.0} ms", value * 1e3)
    } else {
        format!("{value:.2} s")
    }
}

fn thousands(value: f64) -> String {
    if value.is_nan() {
        return "–".to_owned();
    }
    let digits = format!("{:.0}", value.round());
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 && digit != '-' {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn mib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

fn runs_list(values: &[f64], show: fn(f64) -> String) -> String {
    values.iter().map(|value| show(*value)).collect::<Vec<_>>().join(", ")
}

impl Results {
    fn generator(&self, name: &str) -> Option<&GeneratorResult> {
        self.generators.iter().find(|generator| generator.name == name)
    }

    fn generation_median(&self, name: &str) -> f64 {
        match self.generator(name).map(|generator| &generator.seconds) {
            Some(Ok(runs)) => median(runs),
            _ => f64::NAN,
        }
    }

    fn compile_median(&self, name: &str) -> f64 {
        match self.generator(name).and_then(|generator| generator.compile.as_ref()) {
            Some(Outcome::Built { build, .. }) => median(build),
            _ => f64::NAN,
        }
    }

    fn check_median(&self, name: &str) -> f64 {
        match self.generator(name).and_then(|generator| generator.compile.as_ref()) {
            Some(Outcome::Built { check, .. }) => median(check),
            _ => f64::NAN,
        }
    }

    fn memory(&self, mode: &str, patients: u64) -> f64 {
        self.memory
            .iter()
            .find(|row| row.mode == mode && row.patients == patients)
            .map_or(f64::NAN, |row| row.peak_kib.median)
    }

    fn decode_median(&self, kind: &str) -> f64 {
        self.decode.results.get(kind).map_or(f64::NAN, |result| result.median_seconds)
    }
}

/// The whole of `BENCHMARKS.md`.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    let runs = results.runs;
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(
        out,
        "Written by `cargo xtask bench` (started {}, {:.1} minutes). Every figure is the median of {runs} runs \
         (decoding: {} runs); every ratio divides two medians measured in the same run, by the same program, \
         taking the contenders in turn. The figures are reported, never asserted; this is not part of CI. The \
         machine is small and shared, so compare ratios, not absolute figures, across runs.\n",
        results.started, results.minutes, results.decode.runs
    );
    summary(&mut out, results);
    machine(&mut out, results);
    generation(&mut out, results);
    vendor(&mut out, results);
    size(&mut out, results);
    compile(&mut out, results);
    requests(&mut out, results);
    decode(&mut out, results);
    memory(&mut out, results);
    export(&mut out, results);
    serving(&mut out, results);
    if let Some(findings) = &results.findings {
        let _ = writeln!(out, "## What the figures say\n");
        let _ = writeln!(out, "*Hand-written notes, kept in `bench/FINDINGS.md` and copied here by each run.*\n");
        let _ = writeln!(out, "{}\n", findings.trim());
    }
    commands(&mut out, results);
    out
}

fn summary(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "| # | what | alfadocs | baseline | ratio | target | |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    let ours = results.generation_median("alfadocs");
    let progenitor = results.generation_median("progenitor");
    let (ratio, target, verdict) = judged(ours / progenitor, Target::AtMost(0.3));
    let _ = writeln!(
        out,
        "| 1 | generation time | {} | progenitor {} | {ratio} | {target} | {verdict} |",
        seconds(ours),
        seconds(progenitor)
    );
    let ours = results.compile_median("alfadocs");
    let progenitor = results.compile_median("progenitor");
    let (ratio, target, verdict) = judged(ours / progenitor, Target::AtMost(0.5));
    let _ = writeln!(
        out,
        "| 3 | compile time (debug, dependencies built; the runtime's own: {}) | {} | progenitor {} | {ratio} | \
         {target} | {verdict} |",
        seconds(median(&results.runtime_compile.0)),
        seconds(ours),
        seconds(progenitor)
    );
    for row in &results.requests {
        let (ratio, target, verdict) = judged(row.alfadocs.median / row.hand.median, Target::AtLeast(0.95));
        let _ = writeln!(
            out,
            "| 4 | `{}`, {} | {} req/s | hand-written {} req/s | {ratio} | {target} | {verdict} |",
            row.call,
            in_flight(row.in_flight),
            thousands(row.alfadocs.median),
            thousands(row.hand.median)
        );
    }
    let ours = results.decode_median("alfadocs");
    let plain = results.decode_median("plain");
    // Throughput ratio: the baseline's time over ours.
    let (ratio, target, verdict) = judged(plain / ours, Target::AtLeast(0.95));
    let _ = writeln!(
        out,
        "| 5 | decode {} patients | {} | plain serde {} | {ratio} | {target} | {verdict} |",
        thousands(results.decode.patients as f64),
        seconds(ours),
        seconds(plain)
    );
    let small = results.memory("stream", 1_000);
    let large = results.memory("stream", 100_000);
    let (ratio, target, verdict) = judged(large / small, Target::AtMost(1.1));
    let _ = writeln!(
        out,
        "| 6 | peak RSS streaming 100,000 patients | {} | streaming 1,000: {} | {ratio} | flat: {target} | {verdict} |",
        mib(large),
        mib(small)
    );
    let export = &results.export;
    let (ratio, target, verdict) = judged(export.cli.median / export.library.median, Target::AtLeast(0.9));
    let _ = writeln!(
        out,
        "| 7 | CLI exporting {} patients as CSV | {} patients/s | the library's stream {} patients/s | {ratio} | \
         {target} | {verdict} |",
        thousands(export.patients as f64),
        thousands(export.cli.median),
        thousands(export.library.median)
    );
    let serving = &results.serving;
    let (ratio, target, verdict) = judged(serving.fake.median / serving.minimal.median, Target::AtLeast(0.8));
    let _ = writeln!(
        out,
        "| 8 | the fake serving `get_patient`, {} | {} req/s | minimal axum {} req/s | {ratio} | {target} | \
         {verdict} |",
        in_flight(serving.in_flight),
        thousands(serving.fake.median),
        thousands(serving.minimal.median)
    );
    let _ = writeln!(
        out,
        "\nRatios: time ÷ baseline time for 1 and 3 (lower is better); throughput ÷ baseline throughput for 4, 5, 7 \
         and 8 (higher is better); peak ÷ peak for 6.\n"
    );
}

fn in_flight(count: u32) -> String {
    if count == 1 { "sequential".to_owned() } else { format!("{count} in flight") }
}

fn machine(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Machine and versions\n");
    let _ = writeln!(out, "| | |\n|---|---|");
    for fact in &results.machine {
        let _ = writeln!(out, "| {} | {} |", fact.name, fact.value);
    }
    let _ = writeln!(out, "| load average (1, 5, 15 min) at start | {} |", results.load.0);
    let _ = writeln!(out, "| load average at end | {} |", results.load.1);
    let mut seen = Vec::new();
    for generator in &results.generators {
        // Variants of one tool share its version; ours is the commit above.
        if generator.install.is_empty() || seen.contains(&&generator.version) {
            continue;
        }
        seen.push(&generator.version);
        let _ = writeln!(out, "| {} | {} |", generator.name, generator.version);
    }
    let _ = writeln!(out);
}

fn generation(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## 1. Generation time\n");
    let _ = writeln!(
        out,
        "Each generator run as its users run it, on the corrected, repaired document that `cargo xtask codegen \
         --emit-spec` writes, into an empty folder: a new process each time, so start-up (a JVM's too) counts. \
         Ours is the release build of xtask, run directly rather than through cargo.\n"
    );
    let _ = writeln!(out, "| generator | median | runs | ÷ progenitor |");
    let _ = writeln!(out, "|---|---|---|---|");
    let progenitor = results.generation_median("progenitor");
    for generator in &results.generators {
        match &generator.seconds {
            Ok(runs) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    generator.name,
                    seconds(median(runs)),
                    runs_list(runs, seconds),
                    times(median(runs) / progenitor)
                );
            }
            Err(error) => {
                let _ = writeln!(out, "| {} | failed: {error} | | |", generator.name);
            }
        }
    }
    let same = if results.same_output {
        "writes the same files from the repaired document as from the vendor's document and the overlay"
    } else {
        "writes **different** files from the repaired document than from the vendor's document and the overlay \
         (the repair rules are not idempotent, or the overlay adds what the document cannot say)"
    };
    let _ = writeln!(out, "\nOur generator {same}.\n");
}

fn vendor(out: &mut String, results: &Results) {
    let _ = writeln!(out, "### On the vendor's document as published\n");
    let _ = writeln!(out, "`alfadocs-openapi.yaml` as the vendor publishes it, without our overlay:\n");
    let _ = writeln!(out, "| generator | options | result |");
    let _ = writeln!(out, "|---|---|---|");
    for generator in &results.generators {
        for (options, verdict) in &generator.vendor {
            let result = if verdict.succeeded { "writes a crate" } else { "fails" };
            let _ = writeln!(out, "| {} | {options} | {result}: {} |", generator.name, verdict.summary);
        }
    }
    let _ = writeln!(out);
}

fn size(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## 2. Size of the generated code\n");
    let _ = writeln!(out, "Code lines are the `.rs` lines that are neither blank nor comments.\n");
    let _ = writeln!(out, "| generator | files | Rust files | Rust lines | code lines |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for generator in &results.generators {
        if let Some(size) = generator.size {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                generator.name,
                size.files,
                size.rust_files,
                thousands(size.rust_lines as f64),
                thousands(size.rust_code_lines as f64)
            );
        }
    }
    let _ = writeln!(out);
}

fn compile(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## 3. Compile time\n");
    let _ = writeln!(
        out,
        "Each generated crate in a scratch workspace (`target/bench/compile/`, its own target directory), its \
         dependencies built once beforehand; then, per run, its `.rs` files touched and `cargo build` (debug) timed, \
         touched again and `cargo check` timed. Incremental compilation is off: a touched file is unchanged, so an \
         incremental rebuild would time only start-up (about the same for every crate); with it off, each run \
         compiles the whole crate. Ours is the crate `cargo xtask codegen` writes; `alfadocs-runtime` counts as a \
         dependency.\n"
    );
    let _ = writeln!(out, "| generator | build | runs | ÷ progenitor | check | runs | ÷ progenitor |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    let (build_base, check_base) = (results.compile_median("progenitor"), results.check_median("progenitor"));
    for generator in &results.generators {
        match &generator.compile {
            Some(Outcome::Built { build, check }) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    generator.name,
                    seconds(median(build)),
                    runs_list(build, seconds),
                    times(median(build) / build_base),
                    seconds(median(check)),
                    runs_list(check, seconds),
                    times(median(check) / check_base)
                );
            }
            Some(Outcome::Failed(errors)) => {
                let _ = writeln!(
                    out,
                    "| {} | does not compile: {} | | | | | |",
                    generator.name,
                    errors.replace('|', "\\|")
                );
            }
            None => {}
        }
    }
    let (build, check) = &results.runtime_compile;
    let _ = writeln!(
        out,
        "| alfadocs-runtime, beside it (its sources touched, it alone rebuilt) | {} | {} | {} | {} | {} | {} |",
        seconds(median(build)),
        runs_list(build, seconds),
        times(median(build) / build_base),
        seconds(median(check)),
        runs_list(check, seconds),
        times(median(check) / check_base)
    );
    let _ = writeln!(out);
}

fn requests(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## 4. Request overhead\n");
    let _ = writeln!(
        out,
        "Requests per second against an in-process axum server on 127.0.0.1 that answers from memory with \
         realistic bodies (the vendor's envelopes, string booleans and numbers, local date-times, custom fields). \
         The server has its own thread; each client runs on a single-threaded tokio runtime on the other core. \
         `alfadocs` is the generated client with its defaults; hand-written is reqwest (the same version and \
         features) with the same headers, decoding into plain serde structs. `get_appointments` asks for one week \
         (one request) of {} appointments. Within a run the two clients take turns every {} requests, so that a \
         spell of contention on the machine falls on both. The client CPU columns are the client thread's on-CPU time divided by \
         the requests: the client's own cost, which the machine's other load does not inflate (its ratio is \
         alfadocs ÷ hand-written, lower is better).\n",
        results.appointments, results.chunk
    );
    let _ = writeln!(
        out,
        "| call | concurrency | requests per run | hand-written (req/s) | alfadocs (req/s) | ratio | client CPU per request, hand-written | alfadocs | ratio |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
    for row in &results.requests {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {:.2}× | {:.1} µs | {:.1} µs | {:.2}× |",
            row.call,
            in_flight(row.in_flight),
            thousands(row.requests as f64),
            thousands(row.hand.median),
            thousands(row.alfadocs.median),
            row.alfadocs.median / row.hand.median,
            row.hand.cpu_micros.median,
            row.alfadocs.cpu_micros.median,
            row.alfadocs.cpu_micros.median / row.hand.cpu_micros.median
        );
    }
    let _ = writeln!(out, "\nRequests per second of every run, hand-written / alfadocs:\n");
    for row in &results.requests {
        let _ = writeln!(
            out,
            "- `{}`, {}: {} / {}",
            row.call,
            in_flight(row.in_flight),
            runs_list(&row.hand.runs, thousands),
            runs_list(&row.alfadocs.runs, thousands)
        );
    }
    let _ = writeln!(out);
}

fn decode(out: &mut String, results: &Results) {
    let decode = &results.decode;
    let _ = writeln!(out, "## 5. Decode throughput\n");
    let _ = writeln!(
        out,
        "One page of {} patients ({:.1} MB of JSON) full of the vendor's quirks (string booleans `\"true\"` and \
         `\"1\"`, numbers as strings, `YYYY-MM-DD HH:MM:SS` date-times, `\"\"` and `-0001-11-30` birth dates, \
         placeholder fiscal codes, `_custom` fields), decoded from memory with `serde_json::from_slice`. Times are \
         the decoding thread's on-CPU time (`CLOCK_THREAD_CPUTIME_ID`), which leaves out the waits for a core \
         that a shared machine adds to wall-clock time; the clocks stop before the value is dropped.\n",
        thousands(decode.patients as f64),
        decode.bytes as f64 / 1e6
    );
    let plain = results.decode_median("plain");
    let rows = [
        (
            "plain",
            "plain serde structs: same fields, each the JSON type sent (strings stay strings), custom fields named",
        ),
        (
            "plain_lenient",
            "the models' field types and lenient readers (`wire::lenient`), custom fields named, no `flatten`",
        ),
        (
            "alfadocs",
            "`alfadocs::Page<alfadocs::models::Patient>`, as the client decodes a response: lenient readers, dates, \
             custom fields read key by key (`wire::object`)",
        ),
        (
            "alfadocs_tracked",
            "the same models through `serde_path_to_error`, as the client decodes a body a second time, once it \
             failed to decode, to name the JSON path of the failure",
        ),
        ("plain_flatten", "plain serde structs with the custom fields in a `#[serde(flatten)]` map"),
    ];
    let _ = writeln!(out, "| decoder | on CPU | wall clock | MB/s | patients/s | throughput ÷ plain |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (kind, label) in rows {
        if let Some(result) = decode.results.get(kind) {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {:.0} | {} | {:.2}× |",
                seconds(result.median_seconds),
                seconds(result.median_wall_seconds),
                result.mb_per_second,
                thousands(result.patients_per_second),
                plain / result.median_seconds
            );
        }
    }
    let _ = writeln!(out);
}

fn memory(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## 6. Memory\n");
    let _ = writeln!(
        out,
        "Peak resident set size (`VmHWM` of `/proc/self/status`) of a child process that builds an `alfadocs` \
         client and reads the loopback server's patients: one page of 100 with `.send()`, or all of them with \
         `.stream()`, pages of 100 following `links.next`. The server runs in the parent, so only the client is \
         measured.\n"
    );
    let page = results.memory("page", 100);
    let _ = writeln!(out, "| read | patients | peak RSS | ÷ one page | runs | time |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for row in &results.memory {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2}× | {} | {} |",
            if row.mode == "page" { "one page, `.send()`" } else { "`.stream()`" },
            thousands(row.patients as f64),
            mib(row.peak_kib.median),
            row.peak_kib.median / page,
            runs_list(&row.peak_kib.runs, mib),
            seconds(row.seconds.median)
        );
    }
    let _ = writeln!(out);
}

fn export(out: &mut String, results: &Results) {
    let export = &results.export;
    let _ = writeln!(out, "## 7. The command line's CSV export\n");
    let _ = writeln!(
        out,
        "Patients per second exporting the loopback server's archive of {} patients (pages of 100, following \
         `links.next`) as CSV with the model's {} one-value fields as columns: the command line (`alfadocs \
         patients list --format csv`, a process of its own, its output read from a pipe) against the library's \
         `.stream()` in this process, each typed patient written as a row through the same `csv::Writer`. The \
         command line's figure includes its start-up, its reading of each record's columns from its JSON text and \
         its pipe.\n",
        thousands(export.patients as f64),
        export.columns
    );
    let rows = [("the library's `.stream()`", &export.library), ("`alfadocs` (CLI)", &export.cli)];
    rates_table(out, ["exporter", "patients/s", "÷ library"], &rows);
}

/// A table of rates, the first row the baseline the others are divided by.
fn rates_table(out: &mut String, [who, unit, ratio]: [&str; 3], rows: &[(&str, &Series)]) {
    let base = rows.first().map_or(f64::NAN, |(_, series)| series.median);
    let _ = writeln!(out, "| {who} | {unit} | runs | {ratio} |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (name, series) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            thousands(series.median),
            runs_list(&series.runs, thousands),
            times(series.median / base)
        );
    }
    let _ = writeln!(out);
}

fn serving(out: &mut String, results: &Results) {
    let serving = &results.serving;
    let _ = writeln!(out, "## 8. The fake's serving\n");
    let _ = writeln!(
        out,
        "Requests per second of `get_patient` ({} per run, {}) from one reqwest client: the fake (`alfadocs-fake` \
         with its seeded archive: key check, journal, routing by the description, the store) against a one-route \
         axum app returning the very bytes the fake answered. Both run on one server thread and runtime and take \
         the client's requests in turn, 200 at a time.\n",
        thousands(serving.requests as f64),
        in_flight(serving.in_flight)
    );
    let rows = [("minimal axum handler", &serving.minimal), ("the fake", &serving.fake)];
    rates_table(out, ["server", "req/s", "÷ minimal"], &rows);
}

fn commands(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Commands\n");
    let _ = writeln!(
        out,
        "Everything above comes from `cargo xtask bench` (`--runs N` sets the number of runs, `--out FILE` where \
         this file goes). It runs, from the repository root:\n"
    );
    let _ = writeln!(out, "```sh");
    let _ = writeln!(out, "cargo build --release --package xtask");
    let _ = writeln!(out, "{}", results.spec_command);
    let mut installs: Vec<&String> = Vec::new();
    for line in results.generators.iter().flat_map(|generator| &generator.install) {
        if !installs.contains(&line) {
            installs.push(line);
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "# generation, each run into an emptied folder:");
    for generator in &results.generators {
        let _ = writeln!(out, "{}", generator.command);
    }
    let _ = writeln!(out, "# compile, each after `touch`ing the crate's .rs files (likewise for the other members):");
    for command in &results.compile_commands {
        let _ = writeln!(out, "{command}");
    }
    for command in &results.program_commands {
        let _ = writeln!(out, "{command}");
    }
    let _ = writeln!(out, "```");
}
