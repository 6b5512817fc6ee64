//! Lists every patient of the archive, one line each, streaming the pages (one page in memory at a time).
//!
//! ```sh
//! ALFADOCS_API_KEY=… cargo run -p alfadocs-examples --example list_patients -- [--base-url URL] [--page-size 100]
//! ```

use alfadocs_examples::{Args, exit_with};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    exit_with(run().await)
}

async fn run() -> Result<(), String> {
    let args = Args::parse(&["page-size"])?;
    let client = args.client()?;
    let archive = args.archive(&client).await?;
    let mut request = archive.patients().get_patients();
    if let Some(size) = args.number("page-size")? {
        request = request.limit(size);
    }
    let mut patients = Box::pin(request.stream());
    let mut count = 0u64;
    while let Some(patient) = patients.try_next().await.map_err(|error| error.to_string())? {
        count += 1;
        let id = patient.id.map_or_else(|| "?".to_owned(), |id| id.to_string());
        let name = [patient.last_name.as_deref(), patient.first_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let born = patient.date_birth.map(|date| date.to_string()).unwrap_or_default();
        let phone = patient
            .phone_numbers
            .as_deref()
            .and_then(|numbers| numbers.first())
            .map(|phone| format!("{}{}", phone.prefix.as_deref().unwrap_or(""), phone.number.as_deref().unwrap_or("")))
            .unwrap_or_default();
        println!("{id}\t{name}\t{born}\t{phone}");
    }
    eprintln!("{count} patients");
    Ok(())
}
