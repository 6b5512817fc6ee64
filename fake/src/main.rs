//! `alfadocs-fake`: serves a fake AlfaDocs API on loopback until Ctrl-C.
//!
//! ```text
//! cargo run -p alfadocs-fake -- --port 8080 --seed 7
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alfadocs_fake::{FakeAlfaDocs, Mode};
use clap::Parser;

/// A stateful fake of the AlfaDocs API on 127.0.0.1, with synthetic data, for trying and testing clients
/// without a key to a real archive.
#[derive(Debug, Parser)]
#[command(name = "alfadocs-fake", version)]
struct Args {
    /// The loopback port (0: any free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The seed of the synthetic data.
    #[arg(long, default_value_t = alfadocs_fake::DEFAULT_SEED)]
    seed: u64,
    /// The API key the fake accepts.
    #[arg(long, default_value = alfadocs_fake::DEFAULT_KEY)]
    key: String,
    /// Answer in exactly the repaired document's types instead of the vendor's dialect.
    #[arg(long)]
    strict: bool,
    /// The date to take for today (YYYY-MM-DD); the system's date otherwise.
    #[arg(long)]
    today: Option<chrono::NaiveDate>,
    /// Serve this OpenAPI document (lowered as `cargo xtask codegen` does) instead of the built-in one.
    #[arg(long)]
    spec: Option<PathBuf>,
    /// An overlay to apply to `--spec`; repeat it to apply several in order (ours, then a truth or a proposal).
    #[arg(long, requires = "spec", value_name = "FILE")]
    overlay: Vec<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_target(false).init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("alfadocs-fake: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), alfadocs_fake::Error> {
    let mut builder = FakeAlfaDocs::builder()
        .port(args.port)
        .seed(args.seed)
        .key(args.key)
        .mode(if args.strict { Mode::Strict } else { Mode::Vendor })
        .log_requests(true);
    if let Some(today) = args.today {
        builder = builder.today(today);
    }
    if let Some(spec) = &args.spec {
        let overlays: Vec<&Path> = args.overlay.iter().map(PathBuf::as_path).collect();
        builder = builder.api(alfadocs_fake::spec::load(spec, &overlays)?);
    }
    let fake = builder.start().await?;
    println!("AlfaDocs fake listening on {}", fake.base_url());
    println!("  ALFADOCS_BASE_URL={}", fake.base_url());
    println!("  ALFADOCS_API_KEY={}", fake.key());
    println!(
        "  practice {} archive {}; controls at http://{}/_fake",
        fake.practice_id(),
        fake.archive_id(),
        fake.address()
    );
    println!("Press Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("alfadocs-fake: cannot wait for Ctrl-C ({error}); stopping");
    }
    fake.stop().await;
    println!("stopped");
    Ok(())
}
