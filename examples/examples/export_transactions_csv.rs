//! Exports six months of transactions (or `--from`/`--to`) as CSV, to stdout or `--out FILE`. The client splits
//! the range into the API's 31-day windows and streams them, one window in memory at a time.
//!
//! ```sh
//! ALFADOCS_API_KEY=… cargo run -p alfadocs-examples --example export_transactions_csv -- \
//!     [--from 2026-01-01] [--to 2026-06-30] [--out transactions.csv] [--base-url URL]
//! ```

use std::fs::File;
use std::io::{self, BufWriter, Write};

use alfadocs::models::Transaction;
use alfadocs_examples::{Args, exit_with, today};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    exit_with(run().await)
}

async fn run() -> Result<(), String> {
    let args = Args::parse(&["from", "to", "out"])?;
    let to = args.date("to")?.unwrap_or_else(today);
    let from = match args.date("from")? {
        Some(from) => from,
        None => to.checked_sub_months(chrono::Months::new(6)).ok_or("cannot go six months back")?,
    };
    let client = args.client()?;
    let archive = args.archive(&client).await?;

    let mut out: Box<dyn Write> = match args.get("out") {
        Some(path) => Box::new(BufWriter::new(File::create(path).map_err(|error| format!("{path}: {error}"))?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let write_error = |error: io::Error| format!("cannot write the CSV: {error}");
    writeln!(out, "id,date,amount,direction,billId,accountId,paymentTypeId,relatedToInsurance,sistemaTsExpenseType")
        .map_err(write_error)?;

    let mut transactions = Box::pin(archive.transactions().get_transactions().date_start(from).date_end(to).stream());
    let mut count = 0u64;
    while let Some(transaction) = transactions.try_next().await.map_err(|error| error.to_string())? {
        writeln!(out, "{}", row(&transaction)).map_err(write_error)?;
        count += 1;
    }
    out.flush().map_err(write_error)?;
    eprintln!("{count} transactions from {from} to {to}");
    Ok(())
}

/// One CSV row; absent values are empty cells.
fn row(transaction: &Transaction) -> String {
    let cell = |value: Option<String>| csv_field(&value.unwrap_or_default());
    [
        cell(transaction.id.map(|id| id.to_string())),
        cell(transaction.date.map(|date| date.to_string())),
        cell(transaction.amount.map(|amount| format!("{amount:.2}"))),
        cell(transaction.direction.as_ref().map(ToString::to_string)),
        cell(transaction.bill_id.map(|id| id.to_string())),
        cell(transaction.account_id.map(|id| id.to_string())),
        cell(transaction.payment_type_id.map(|id| id.to_string())),
        cell(transaction.related_to_insurance.map(|flag| flag.to_string())),
        cell(transaction.sistema_ts_expense_type.as_ref().map(ToString::to_string)),
    ]
    .join(",")
}

/// Quotes a field that holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}
