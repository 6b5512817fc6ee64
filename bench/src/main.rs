//! `alfadocs-bench SUBCOMMAND [--option value]…`: one measurement per subcommand, its figures printed as one JSON
//! object on stdout (progress goes to stderr). `cargo xtask bench` runs it and writes `BENCHMARKS.md`.
//!
//! - `requests`: requests per second of `alfadocs` and of hand-written reqwest + serde, same calls, same server.
//! - `decode`: a 10,000-patient page through the `alfadocs` models and through plain serde structs.
//! - `memory`: peak RSS of a child process streaming N patients, against one fetching a single page.
//! - `memory-child`: that child.
//! - `export`: the command line exporting an archive as CSV, against the library's stream and the same writer.
//! - `serving`: the fake answering `get_patient`, against a minimal axum handler returning the same bytes.
//! - `calls`: `get_patient` by one client only, untimed: what `valgrind --tool=callgrind` counts per call.

mod export;
mod serving;

use std::collections::HashMap;
use std::error::Error;
use std::future::Future;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use alfadocs::NaiveDate;
use alfadocs::models::Patient;
use alfadocs_bench::fixtures::{self, ARCHIVE_ID, PATIENT_INDEX, PRACTICE_ID};
use alfadocs_bench::server::Server;
use alfadocs_bench::{plain, stats};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::{Value, json};

type BoxError = Box<dyn Error + Send + Sync>;
type Result<T, E = BoxError> = std::result::Result<T, E>;

/// The API key the benchmarks send; the loopback server does not check it.
const API_KEY: &str = "bench-key-not-a-secret";

fn main() -> Result<()> {
    // reqwest's rustls without a provider of its own (the runtime's default TLS feature) needs one installed
    // before any reqwest client of ours is built, as a developer with these features would; the ring provider
    // the runtime uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let options = Options::parse(args)?;
    let output = match command.as_str() {
        "requests" => requests(&options)?,
        "decode" => decode(&options)?,
        "memory" => memory(&options)?,
        "memory-child" => memory_child(&options)?,
        "export" => export::export(&options)?,
        "serving" => serving::serving(&options)?,
        "calls" => calls(&options)?,
        other => {
            return Err(format!(
                "unknown subcommand `{other}`: requests, decode, memory, memory-child, export, serving or calls"
            )
            .into());
        }
    };
    println!("{output}");
    Ok(())
}

/// `--name value` pairs.
struct Options(HashMap<String, String>);

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self> {
        let mut options = HashMap::new();
        while let Some(name) = args.next() {
            let Some(name) = name.strip_prefix("--") else {
                return Err(format!("expected --option, got `{name}`").into());
            };
            let value = args.next().ok_or_else(|| format!("--{name} needs a value"))?;
            options.insert(name.to_owned(), value);
        }
        Ok(Self(options))
    }

    fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T>
    where
        T::Err: std::fmt::Display,
    {
        match self.0.get(name) {
            Some(value) => value.parse().map_err(|error| format!("--{name} {value}: {error}").into()),
            None => Ok(default),
        }
    }

    fn text(&self, name: &str) -> Result<&str> {
        self.0.get(name).map(String::as_str).ok_or_else(|| format!("--{name} is required").into())
    }
}

/// A single-threaded runtime for the client under test: the server has a thread of its own, and on a 2-core
/// machine a multi-threaded client would take the server's core away from it.
fn client_runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

fn date((year, month, day): (i32, u32, u32)) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| "invalid benchmark date".into())
}

// ---------------------------------------------------------------------------------------------------------
// requests

/// The hand-written client: reqwest with the same headers, serde into [`plain`] structs. What a developer
/// writes without a generated client, and so the baseline of the request overhead.
struct Hand {
    http: reqwest::Client,
    base: String,
}

impl Hand {
    fn new(base: String) -> Result<Self> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("X-Api-Key", reqwest::header::HeaderValue::from_static(API_KEY));
        headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder().default_headers(headers).build()?;
        Ok(Self { http, base })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: String) -> Result<T> {
        let response = self.http.get(url).send().await?.error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn get_patient(&self, id: i64) -> Result<plain::Patient> {
        let url = format!("{}/v1/practices/{PRACTICE_ID}/archives/{ARCHIVE_ID}/patients/{id}", self.base);
        Ok(self.get_json::<plain::Data<plain::Patient>>(url).await?.data)
    }

    async fn get_appointments(&self, start: NaiveDate, end: NaiveDate) -> Result<Vec<plain::Appointment>> {
        let url = format!(
            "{}/v1/practices/{PRACTICE_ID}/archives/{ARCHIVE_ID}/appointments?dateStart={start}&dateEnd={end}",
            self.base
        );
        Ok(self.get_json::<plain::List<plain::Appointment>>(url).await?.data)
    }
}

/// What one run of requests gave.
#[derive(Clone, Copy)]
struct Rate {
    /// Requests per second, wall clock.
    per_second: f64,
    /// Microseconds of the client thread's CPU per request: the client's own cost, whatever the machine's load.
    cpu_micros: f64,
}

/// Requests done, and the wall-clock and CPU seconds they took, summed over the chunks of a run.
#[derive(Clone, Copy, Default)]
struct Tally {
    requests: usize,
    seconds: f64,
    cpu: f64,
}

impl Tally {
    fn rate(self) -> Rate {
        let requests = self.requests.max(1) as f64;
        Rate { per_second: requests / self.seconds, cpu_micros: self.cpu * 1e6 / requests }
    }
}

/// Runs `count` calls with `in_flight` of them at a time and adds them to `tally`.
///
/// The client's runtime is single-threaded, so this thread's CPU time is all the client's work (reqwest's
/// connection tasks included); the server works on its own thread.
async fn chunk<F, Fut>(count: usize, in_flight: usize, call: F, tally: &mut Tally) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let (start, cpu) = (Instant::now(), stats::thread_cpu_seconds()?);
    let done = stream::iter(0..count)
        .map(|_| call())
        .buffer_unordered(in_flight)
        .try_fold(0_usize, |done, ()| std::future::ready(Ok(done + 1)))
        .await?;
    tally.cpu += stats::thread_cpu_seconds()? - cpu;
    tally.seconds += start.elapsed().as_secs_f64();
    tally.requests += done;
    Ok(())
}

/// One run of both clients: `count` requests each, in chunks of `chunk_size` taken in turn, so that a spell of
/// contention on the machine (other work, the hypervisor) falls on both clients rather than on one; stops
/// early once the run has taken `limit`.
async fn run_both<H, HF, A, AF>(
    count: usize,
    chunk_size: usize,
    in_flight: usize,
    limit: Duration,
    hand: H,
    ours: A,
) -> Result<(Rate, Rate)>
where
    H: Fn() -> HF,
    HF: Future<Output = Result<()>>,
    A: Fn() -> AF,
    AF: Future<Output = Result<()>>,
{
    let (start, mut hand_tally, mut ours_tally) = (Instant::now(), Tally::default(), Tally::default());
    let mut index = 0;
    while hand_tally.requests < count && start.elapsed() < limit {
        let size = chunk_size.min(count - hand_tally.requests);
        // Alternate who goes first, so that neither always follows the other (caches, allocator state).
        if index % 2 == 0 {
            chunk(size, in_flight, &hand, &mut hand_tally).await?;
            chunk(size, in_flight, &ours, &mut ours_tally).await?;
        } else {
            chunk(size, in_flight, &ours, &mut ours_tally).await?;
            chunk(size, in_flight, &hand, &mut hand_tally).await?;
        }
        index += 1;
    }
    Ok((hand_tally.rate(), ours_tally.rate()))
}

/// The median and the runs of a series, as JSON.
fn series_json(values: &[f64]) -> Value {
    json!({"median": stats::median(values), "runs": values})
}

/// The medians and runs of one client's rates, as JSON.
fn rates_json(rates: &[Rate]) -> Value {
    let per_second: Vec<f64> = rates.iter().map(|rate| rate.per_second).collect();
    let cpu: Vec<f64> = rates.iter().map(|rate| rate.cpu_micros).collect();
    json!({
        "median": stats::median(&per_second),
        "runs": per_second,
        "cpu_micros": series_json(&cpu),
    })
}

/// Which operation a request benchmark calls.
#[derive(Clone, Copy)]
enum Call {
    GetPatient,
    GetAppointments,
}

impl Call {
    fn name(self) -> &'static str {
        match self {
            Self::GetPatient => "get_patient",
            Self::GetAppointments => "get_appointments",
        }
    }
}

fn requests(options: &Options) -> Result<Value> {
    let runs: usize = options.get("runs", 5)?;
    let sequential: usize = options.get("sequential", 2_000)?;
    let concurrent: usize = options.get("concurrent", 4_000)?;
    let in_flight: usize = options.get("in-flight", 16)?;
    let limit = Duration::from_secs(options.get("seconds", 20)?);
    let chunk_size: usize = options.get("chunk", 200)?;
    let server = Server::start()?;
    let base = server.base_url(0);
    let runtime = client_runtime()?;
    runtime.block_on(async {
        let client = alfadocs::Client::builder(API_KEY).base_url(&base).build()?;
        let archive = client.archive(PRACTICE_ID, ARCHIVE_ID);
        let hand = Hand::new(base.clone())?;
        let patient_id = fixtures::patient_id(PATIENT_INDEX);
        let (start, end) = (date(fixtures::WINDOW_START)?, date(fixtures::WINDOW_END)?);
        let by_alfadocs = |call: Call| {
            let archive = archive.clone();
            move || {
                let archive = archive.clone();
                async move {
                    match call {
                        Call::GetPatient => {
                            black_box(archive.patients().get_patient(patient_id).send().await?);
                        }
                        Call::GetAppointments => {
                            black_box(
                                archive
                                    .appointments()
                                    .get_appointments()
                                    .date_start(start)
                                    .date_end(end)
                                    .send()
                                    .await?,
                            );
                        }
                    }
                    Ok(())
                }
            }
        };
        let by_hand = |call: Call| {
            let hand = &hand;
            move || async move {
                match call {
                    Call::GetPatient => {
                        black_box(hand.get_patient(patient_id).await?);
                    }
                    Call::GetAppointments => {
                        black_box(hand.get_appointments(start, end).await?);
                    }
                }
                Ok(())
            }
        };

        // Both clients read the same bodies to the same values before anything is timed.
        let ours = archive.patients().get_patient(patient_id).send().await?;
        let theirs = hand.get_patient(patient_id).await?;
        if ours.id != theirs.id || ours.id != Some(patient_id) {
            return Err(format!("get_patient: alfadocs read id {:?}, by hand {:?}", ours.id, theirs.id).into());
        }
        let ours = archive.appointments().get_appointments().date_start(start).date_end(end).send().await?;
        let theirs = hand.get_appointments(start, end).await?;
        if ours.len() != theirs.len() || ours.len() as u64 != fixtures::APPOINTMENTS {
            return Err(format!("get_appointments: alfadocs read {}, by hand {}", ours.len(), theirs.len()).into());
        }

        let mut results = Vec::new();
        for call in [Call::GetPatient, Call::GetAppointments] {
            for (parallel, count) in [(1, sequential), (in_flight, concurrent)] {
                // Warm both connection pools and caches; not timed.
                run_both(200, 200, parallel, limit, by_hand(call), by_alfadocs(call)).await?;
                let (mut hand_rates, mut ours_rates) = (Vec::new(), Vec::new());
                for _ in 0..runs {
                    let (hand, ours) = run_both(count, chunk_size, parallel, limit, by_hand(call), by_alfadocs(call)).await?;
                    hand_rates.push(hand);
                    ours_rates.push(ours);
                }
                let hand = rates_json(&hand_rates);
                let ours = rates_json(&ours_rates);
                eprintln!(
                    "requests: {} × {count}, {parallel} in flight: hand {:.0}/s ({:.1} µs CPU), alfadocs {:.0}/s ({:.1} µs CPU)",
                    call.name(),
                    hand["median"].as_f64().unwrap_or(f64::NAN),
                    hand["cpu_micros"]["median"].as_f64().unwrap_or(f64::NAN),
                    ours["median"].as_f64().unwrap_or(f64::NAN),
                    ours["cpu_micros"]["median"].as_f64().unwrap_or(f64::NAN),
                );
                results.push(json!({
                    "call": call.name(),
                    "in_flight": parallel,
                    "requests": count,
                    "hand": hand,
                    "alfadocs": ours,
                }));
            }
        }
        Ok(json!({"requests": results, "appointments": fixtures::APPOINTMENTS, "chunk": chunk_size}))
    })
}

/// `--calls N` calls of `get_patient` by `--client alfadocs` or `--client hand`, `--in-flight K` at a time,
/// after `--warm` untimed ones that open the connections. Nothing is timed: under
/// `valgrind --tool=callgrind --separate-threads=yes`, the main thread's instructions of two runs with different
/// `--calls`, subtracted, are one client's instructions per call, whatever the machine's load.
fn calls(options: &Options) -> Result<Value> {
    let calls: usize = options.get("calls", 1_000)?;
    let warm: usize = options.get("warm", 50)?;
    let in_flight: usize = options.get("in-flight", 1)?;
    let client = options.text("client")?.to_owned();
    let server = Server::start()?;
    let base = server.base_url(0);
    let patient_id = fixtures::patient_id(PATIENT_INDEX);
    client_runtime()?.block_on(async {
        let archive = alfadocs::Client::builder(API_KEY).base_url(&base).build()?.archive(PRACTICE_ID, ARCHIVE_ID);
        let hand = Hand::new(base.clone())?;
        let call = || async {
            match client.as_str() {
                "alfadocs" => drop(black_box(archive.patients().get_patient(patient_id).send().await?)),
                "hand" => drop(black_box(hand.get_patient(patient_id).await?)),
                other => return Err(format!("--client {other}: alfadocs or hand").into()),
            }
            Ok::<(), BoxError>(())
        };
        // No clock is read (rustix's vDSO reader faults under valgrind).
        for count in [warm, calls] {
            stream::iter(0..count).map(|_| call()).buffer_unordered(in_flight).try_collect::<()>().await?;
        }
        Ok(json!({"client": client, "calls": calls, "warm": warm, "in_flight": in_flight}))
    })
}

// ---------------------------------------------------------------------------------------------------------
// decode

/// What one decode took: wall-clock and on-CPU seconds.
#[derive(Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: f64,
}

/// Times one decode of a body.
type Decoder = fn(&[u8]) -> Result<Timing>;

/// Runs `decode` between two clock readings; what it returns is dropped after the clocks stop.
fn timed<T>(decode: impl FnOnce() -> Result<T>) -> Result<Timing> {
    let (wall, cpu) = (Instant::now(), stats::thread_cpu_seconds()?);
    let value = decode()?;
    let timing = Timing { cpu: stats::thread_cpu_seconds()? - cpu, wall: wall.elapsed().as_secs_f64() };
    drop(black_box(value));
    Ok(timing)
}

/// Times one decode of `body` as `T`.
fn time_decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Timing> {
    timed(|| Ok(serde_json::from_slice::<T>(body)?))
}

/// [`time_decode`] the way the client decodes a body that failed to decode (`alfadocs_runtime`'s `decode_json`,
/// which is not public): again, through `serde_path_to_error`, so that the error names its JSON path.
fn time_decode_tracked<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Timing> {
    timed(|| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| error.to_string())?;
        deserializer.end()?;
        Ok(value)
    })
}

fn decode(options: &Options) -> Result<Value> {
    let runs: usize = options.get("runs", 15)?;
    let patients: u64 = options.get("patients", 10_000)?;
    let url = |offset: u64| format!("http://127.0.0.1/api/v1/practices/1/archives/2/patients?offset={offset}");
    let body = fixtures::patients_page(patients, 0, patients, url);

    // The page must read, quirks and all, before its speed means anything.
    let page: alfadocs::Page<Patient> = serde_json::from_slice(&body)?;
    check_page(&page, patients)?;
    drop(page);

    let kinds: [(&str, Decoder); 5] = [
        ("plain", time_decode::<plain::Page<plain::Patient>>),
        ("plain_lenient", time_decode::<plain::Page<plain::PatientLenient>>),
        ("alfadocs", time_decode::<alfadocs::Page<Patient>>),
        ("alfadocs_tracked", time_decode_tracked::<alfadocs::Page<Patient>>),
        ("plain_flatten", time_decode::<plain::Page<plain::PatientFlatten>>),
    ];
    let mut timings: Vec<Vec<Timing>> = vec![Vec::new(); kinds.len()];
    for _ in 0..2 {
        for (_, decode) in &kinds {
            decode(&body)?;
        }
    }
    for run in 0..runs {
        // Rotate the order each run, so no kind always follows the same one (cache, allocator state).
        for k in 0..kinds.len() {
            let at = (k + run) % kinds.len();
            timings[at].push((kinds[at].1)(&body)?);
        }
    }
    let megabytes = body.len() as f64 / 1e6;
    let mut results = serde_json::Map::new();
    for ((name, _), timings) in kinds.iter().zip(&timings) {
        let cpu: Vec<f64> = timings.iter().map(|timing| timing.cpu).collect();
        let wall: Vec<f64> = timings.iter().map(|timing| timing.wall).collect();
        let median = stats::median(&cpu);
        eprintln!("decode: {name}: {:.1} ms on CPU, {:.0} MB/s", median * 1e3, megabytes / median);
        results.insert(
            (*name).to_owned(),
            json!({
                "median_seconds": median,
                "median_wall_seconds": stats::median(&wall),
                "mb_per_second": megabytes / median,
                "patients_per_second": patients as f64 / median,
                "runs": cpu,
            }),
        );
    }
    Ok(json!({"decode": {"patients": patients, "bytes": body.len(), "runs": runs, "results": results}}))
}

/// Checks that the `alfadocs` models really read the quirks: string booleans, local date-times, custom fields.
fn check_page(page: &alfadocs::Page<Patient>, patients: u64) -> Result<()> {
    let results = &page.results;
    if results.len() as u64 != patients {
        return Err(format!("decoded {} patients of {patients}", results.len()).into());
    }
    let read = |what: &str, count: usize| -> Result<()> {
        if count == 0 {
            Err(format!("no patient has {what}: the fixture or the model is wrong").into())
        } else {
            Ok(())
        }
    };
    read(
        "emailReminderPossible read as true",
        results.iter().filter(|p| p.email_reminder_possible == Some(true)).count(),
    )?;
    read(
        "smsReminderPossible \"1\" read as true",
        results.iter().filter(|p| p.sms_reminder_possible == Some(true)).count(),
    )?;
    read("a createdAt date-time", results.iter().filter(|p| p.created_at.is_some()).count())?;
    read("a dateBirth date", results.iter().filter(|p| p.date_birth.is_some()).count())?;
    read("a custom field", results.iter().filter(|p| !p.custom_fields.is_empty()).count())?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// memory

/// Peak and current resident set size of this process, in KiB, from `/proc/self/status`.
fn resident_kib() -> Result<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let field = |name: &str| -> Result<u64> {
        let line = status
            .lines()
            .find(|line| line.starts_with(name))
            .ok_or_else(|| format!("no {name} in /proc/self/status"))?;
        let kib = line.trim_start_matches(name).trim().trim_end_matches("kB").trim();
        Ok(kib.parse()?)
    };
    Ok((field("VmHWM:")?, field("VmRSS:")?))
}

fn memory(options: &Options) -> Result<Value> {
    let runs: usize = options.get("runs", 5)?;
    let largest: u64 = options.get("patients", 100_000)?;
    let server = Server::start()?;
    let exe = std::env::current_exe()?;
    let mut scenarios = vec![("page", largest)];
    scenarios.extend([1_000, 10_000, largest].into_iter().filter(|n| *n <= largest).map(|n| ("stream", n)));
    let mut results = Vec::new();
    for (mode, patients) in scenarios {
        let (mut peaks, mut seconds, mut counts) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let output = Command::new(&exe)
                .args(["memory-child", "--mode", mode, "--base", &server.base_url(patients)])
                .output()?;
            if !output.status.success() {
                return Err(format!("memory-child failed: {}", String::from_utf8_lossy(&output.stderr)).into());
            }
            let child: Value = serde_json::from_slice(&output.stdout)?;
            peaks.push(child["vm_hwm_kib"].as_f64().unwrap_or(f64::NAN));
            seconds.push(child["seconds"].as_f64().unwrap_or(f64::NAN));
            counts.push(child["patients"].as_u64().unwrap_or(0));
        }
        let expected = if mode == "page" { 100 } else { patients };
        if counts.iter().any(|count| *count != expected) {
            return Err(format!("{mode} of {patients}: read {counts:?} patients, expected {expected}").into());
        }
        eprintln!("memory: {mode} {expected} patients: peak {:.0} KiB", stats::median(&peaks));
        results.push(json!({
            "mode": mode,
            "patients": expected,
            "peak_kib": series_json(&peaks),
            "seconds": series_json(&seconds),
        }));
    }
    Ok(json!({"memory": results}))
}

/// The measured child: reads the archive at `--base` with `alfadocs`, all of it (`--mode stream`) or its first
/// page (`--mode page`), and reports its own peak RSS.
fn memory_child(options: &Options) -> Result<Value> {
    let base = options.text("base")?;
    let mode = options.text("mode")?;
    let runtime = client_runtime()?;
    let start = Instant::now();
    let count = runtime.block_on(async {
        let client = alfadocs::Client::builder(API_KEY).base_url(base).build()?;
        let archive = client.archive(PRACTICE_ID, ARCHIVE_ID);
        let count: u64 = match mode {
            "stream" => {
                let patients = archive.patients().get_patients().limit(100).stream();
                patients
                    .try_fold(0_u64, |count, patient| {
                        std::future::ready(Ok(count + u64::from(black_box(patient).id.is_some())))
                    })
                    .await?
            }
            "page" => archive.patients().get_patients().limit(100).send().await?.results.len() as u64,
            other => return Err(format!("--mode {other}: stream or page").into()),
        };
        Ok::<_, BoxError>(count)
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let (peak, current) = resident_kib()?;
    Ok(json!({"patients": count, "seconds": seconds, "vm_hwm_kib": peak, "vm_rss_kib": current}))
}
