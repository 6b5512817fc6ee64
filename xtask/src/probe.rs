//! `cargo xtask probe --base-url URL`: checks the reconstructed spec against a live archive and turns what it
//! sees into overlay actions.
//!
//! The spec is lowered here, at run time, with the overlays given (ours by default), so the probe reads the
//! same IR `codegen` emits from — the alternatives of each path included — and needs no generated crate (which
//! a spec that does not lower could not build). Requests go through `alfadocs_runtime`'s client: its retries,
//! back-off, limits and key redaction. Only GET operations are sent, unless `--allow-writes` names a test
//! archive (`writes.rs`); the key comes from `ALFADOCS_API_KEY` and is never printed. No tracing subscriber is installed: the runtime's traces show request paths, which
//! hold record identifiers; the progress lines on stderr name templates only.

mod paths;
mod propose;
mod report;
mod session;
mod shapes;
mod writes;

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alfadocs_codegen::{Error, Report, lower_prepared, prepare, write};
use alfadocs_runtime::{HttpClient, NaiveDate, RetryPolicy};

use crate::codegen::Inputs;
use crate::repo_root;

/// The proposed overlay, written under `--out` (staged and renamed into place, as `codegen` writes).
const OVERLAY_FILE: &str = "probe-overlay.yaml";
/// The Markdown report, written under `--out`.
const REPORT_FILE: &str = "probe-report.md";

/// The exit code of a run the budget cut short (its report is written, and says what was not checked).
const PARTIAL: u8 = 3;

/// Options of `cargo xtask probe`.
#[derive(clap::Args)]
pub struct Args {
    /// The API's base URL (`https://app.alfadocs.com/api`, or a fake's).
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// The document probed: give ours and an earlier proposal as overlays to probe both.
    #[command(flatten)]
    inputs: Inputs,
    /// Pages read per paginated list.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pages: u32,
    /// Items asked for per page.
    #[arg(long, default_value_t = 25, value_name = "N")]
    page_size: u32,
    /// The whole run's budget; past it the probe stops and writes a partial report.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    budget: u64,
    /// Each attempt's timeout.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    timeout: u64,
    /// Where `probe-report.md` and `probe-overlay.yaml` are written.
    #[arg(long, default_value = "target/probe", value_name = "DIR")]
    out: PathBuf,
    /// The date that date parameters take (YYYY-MM-DD); today (UTC) otherwise.
    #[arg(long, value_name = "DATE")]
    today: Option<NaiveDate>,
    /// Also create, change and delete records of the probe's own (never others), in the archive named by
    /// `--test-archive` only.
    #[arg(long, requires = "test_archive")]
    allow_writes: bool,
    /// The test archive writes may go to, as PRACTICE_ID/ARCHIVE_ID; the probe refuses to write when the key's
    /// archive is another.
    #[arg(long, value_name = "PRACTICE_ID/ARCHIVE_ID", requires = "allow_writes", value_parser = test_archive)]
    test_archive: Option<TestArchive>,
}

/// The archive named by `--test-archive`: its scope parameters' values, in order.
#[derive(Debug, Clone)]
struct TestArchive(Vec<String>);

/// `PRACTICE_ID/ARCHIVE_ID` as the two identifiers.
fn test_archive(text: &str) -> Result<TestArchive, String> {
    let parts: Vec<String> = text.split('/').map(str::to_owned).collect();
    let numbers = parts.iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if parts.len() == 2 && numbers {
        Ok(TestArchive(parts))
    } else {
        Err("expected PRACTICE_ID/ARCHIVE_ID, two numbers".to_owned())
    }
}

/// Runs the task.
pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let root = repo_root();
    let (spec, overlays) = args.inputs.resolve();
    let mut codegen_report = Report::new();
    let prepared = prepare(&spec, &overlays.iter().map(PathBuf::as_path).collect::<Vec<_>>(), &mut codegen_report)?;
    let api = lower_prepared(&prepared, &mut codegen_report)?;

    let key = std::env::var("ALFADOCS_API_KEY")
        .map_err(|_| Error::new("set ALFADOCS_API_KEY to the key of the archive to probe"))?;
    let counter = Arc::new(session::Counter::default());
    let budget = Duration::from_secs(args.budget);
    let timeout = Duration::from_secs(args.timeout).min(budget);
    let http: HttpClient = HttpClient::builder(key)
        .base_url(&args.base_url)
        .timeout(timeout)
        .retry_policy(RetryPolicy::new().budget(Duration::from_secs(20).min(budget)))
        .user_agent("alfadocs-probe (cargo xtask probe)")
        .hook(counter.clone())
        .build()
        .map_err(|error| Error::new(format!("the client cannot be built: {error}")))?;
    let base_url = shown_base_url(&http);
    let today = args.today.unwrap_or_else(today_utc);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::new(format!("cannot start the async runtime: {error}")))?;
    let started = std::time::Instant::now();
    let findings = runtime.block_on(async {
        let settings = session::Settings {
            pages: args.pages.max(1),
            page_size: args.page_size.max(1),
            deadline: tokio::time::Instant::now() + budget,
            today,
            test_archive: args.test_archive.clone().map(|TestArchive(ids)| ids),
        };
        session::run(&http, &api, &settings, &mut |line| eprintln!("probe: {line}")).await
    });
    let elapsed = started.elapsed();

    let proposal = propose::propose(&api, &prepared.corrected, &findings);
    fs::create_dir_all(&args.out).map_err(|e| Error::new(format!("creating {}: {e}", args.out.display())))?;
    let overlay_path = args.out.join(OVERLAY_FILE);
    let overlay_file = if proposal.actions.is_empty() {
        // An Overlay 1.0 document needs one action at least: with none there is nothing to write.
        remove_stale(&overlay_path)?;
        None
    } else {
        let document =
            propose::overlay_document(&proposal, &format!("Proposed by cargo xtask probe against {base_url}"));
        let text = serde_norway::to_string(&document).map_err(|e| Error::new(e.to_string()))?;
        write::write_file(&args.out, OVERLAY_FILE, &text)?;
        Some(overlay_path.display().to_string())
    };
    let inputs = std::iter::once(&spec).chain(&overlays).map(|path| display_relative(path, &root)).collect();
    let run = report::Run { base_url, inputs, budget, elapsed, traffic: counter.traffic(), overlay_file };
    let report_path = args.out.join(REPORT_FILE);
    write::write_file(&args.out, REPORT_FILE, &report::render(&api, &run, &findings, &proposal))?;
    eprintln!("wrote {} ({} proposed actions)", report_path.display(), proposal.actions.len());
    if findings.complete {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("the budget ran out: the report is partial and says what was not checked");
        Ok(ExitCode::from(PARTIAL))
    }
}

fn remove_stale(path: &std::path::Path) -> Result<(), Error> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::new(format!("removing the stale {}: {e}", path.display())))
        }
        _ => Ok(()),
    }
}

/// The base URL without credentials or query: origin and path.
fn shown_base_url(http: &HttpClient) -> String {
    let url = http.base_url();
    let port = url.port().map(|port| format!(":{port}")).unwrap_or_default();
    format!("{}://{}{port}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path())
}

fn display_relative(path: &std::path::Path, root: &std::path::Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Today's date in UTC.
fn today_utc() -> NaiveDate {
    /// Days from 0001-01-01 (day 1 of the common era, as chrono counts) to 1970-01-01.
    const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;
    let days = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs() / 86_400);
    i32::try_from(UNIX_EPOCH_DAYS_FROM_CE + days as i64)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}
