//! `export`: patients per second of the command line (`alfadocs patients list --format csv`) exporting an
//! archive, against the library's own `.stream()` of the same archive written with the same CSV writer.
//!
//! Both read the loopback server's archive of `--patients` patients in pages of 100, following `links.next`,
//! and write one CSV row per patient with the model's one-value fields as columns (what the command line
//! chooses). The command line is a process of its own, its output read from a pipe and counted; the library
//! runs in this process on a single-threaded runtime and writes to a sink through `csv::Writer`. So the
//! command line's figure includes its start-up, its dynamic (JSON `Value`) decoding and its pipe: what a user
//! pays for not writing the program.

use std::io::{self, Read};
use std::process::{Command, Stdio};
use std::time::Instant;

use alfadocs::description::API;
use alfadocs::models::Patient;
use alfadocs_bench::fixtures::{ARCHIVE_ID, PRACTICE_ID};
use alfadocs_bench::server::Server;
use alfadocs_runtime::description::Type;
use futures_util::TryStreamExt;
use serde_json::{Value, json};

use crate::{API_KEY, Options, Result, client_runtime, series_json};

/// The page size of both readers.
const PAGE: &str = "100";

/// The columns the command line writes for a `Patient`: its fields that hold one value.
fn columns() -> Result<Vec<&'static str>> {
    let model = API.model("Patient").ok_or("the description has no Patient")?;
    Ok(model
        .fields
        .iter()
        .filter(|field| !matches!(field.ty, Type::List(_) | Type::Map(_) | Type::Model(_) | Type::Json))
        .map(|field| field.wire_name)
        .collect())
}

fn text<T: ToString>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// One patient's cell under the wire name `column`, as a program using the typed model writes it.
fn cell(patient: &Patient, column: &str) -> String {
    match column {
        "id" => text(patient.id.as_ref()),
        "firstName" => text(patient.first_name.as_ref()),
        "lastName" => text(patient.last_name.as_ref()),
        "email" => text(patient.email.as_ref()),
        "emailEnabled" => text(patient.email_enabled.as_ref()),
        "emailValid" => text(patient.email_valid.as_ref()),
        "gender" => patient.gender.as_ref().map(|gender| gender.as_str().to_owned()).unwrap_or_default(),
        "street" => text(patient.street.as_ref()),
        "city" => text(patient.city.as_ref()),
        "postcode" => text(patient.postcode.as_ref()),
        "province" => text(patient.province.as_ref()),
        "placeOfBirth" => text(patient.place_of_birth.as_ref()),
        "italianFiscalCode" => text(patient.italian_fiscal_code.as_ref()),
        "job" => text(patient.job.as_ref()),
        "yearlyNumberingYear" => text(patient.yearly_numbering_year.as_ref()),
        "yearlyNumberingNumber" => text(patient.yearly_numbering_number.as_ref()),
        "defaultDiscount" => text(patient.default_discount.as_ref()),
        "sourceId" => text(patient.source_id.as_ref()),
        "priceListId" => text(patient.price_list_id.as_ref()),
        "emailReminderPossible" => text(patient.email_reminder_possible.as_ref()),
        "smsReminderPossible" => text(patient.sms_reminder_possible.as_ref()),
        "createdAt" => text(patient.created_at.as_ref()),
        "documentSignatureEmailPossible" => text(patient.document_signature_email_possible.as_ref()),
        "lastModifiedAt" => text(patient.last_modified_at.as_ref()),
        "dateBirth" => text(patient.date_birth.as_ref()),
        _ => String::new(),
    }
}

/// The library: `.stream()` through a `csv::Writer`; the rows written and the seconds.
fn library(base: &str, columns: &[&str]) -> Result<(u64, f64)> {
    let runtime = client_runtime()?;
    let start = Instant::now();
    let rows = runtime.block_on(async {
        let client = alfadocs::Client::builder(API_KEY).base_url(base).build()?;
        let archive = client.archive(PRACTICE_ID, ARCHIVE_ID);
        let mut out = csv::Writer::from_writer(io::sink());
        out.write_record(columns)?;
        let mut rows = 0_u64;
        let mut patients = std::pin::pin!(archive.patients().get_patients().limit(PAGE.parse()?).stream());
        while let Some(patient) = patients.try_next().await? {
            out.write_record(columns.iter().map(|column| cell(&patient, column)))?;
            rows += 1;
        }
        out.flush()?;
        Ok::<_, crate::BoxError>(rows)
    })?;
    Ok((rows, start.elapsed().as_secs_f64()))
}

/// The command line, its stdout read to the end; the rows (lines less the header) and the seconds.
fn command_line(cli: &str, base: &str) -> Result<(u64, f64)> {
    let start = Instant::now();
    let mut child = Command::new(cli)
        .args(["patients", "list", "--limit", PAGE, "--format", "csv", "--base-url", base])
        .args(["--practice-id", &PRACTICE_ID.to_string(), "--archive-id", &ARCHIVE_ID.to_string()])
        .env("ALFADOCS_API_KEY", API_KEY)
        .env("ALFADOCS_CONFIG", "/nonexistent/alfadocs-bench.toml")
        .env_remove("ALFADOCS_BASE_URL")
        .env_remove("ALFADOCS_PROFILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let (mut lines, mut buffer) = (0_u64, vec![0_u8; 64 * 1024]);
    loop {
        let read = stdout.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        lines += buffer[..read].iter().filter(|byte| **byte == b'\n').count() as u64;
    }
    let output = child.wait_with_output()?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!("{cli}: {}: {}", output.status, String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok((lines.saturating_sub(1), seconds))
}

/// The figures of `export`.
pub fn export(options: &Options) -> Result<Value> {
    let runs: usize = options.get("runs", 5)?;
    let patients: u64 = options.get("patients", 10_000)?;
    let cli = options.text("cli")?;
    let server = Server::start()?;
    let base = server.base_url(patients);
    let columns = columns()?;
    let (mut cli_rates, mut library_rates) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Taking turns, the first of each run alternating.
        let (by_cli, by_library) = if run % 2 == 0 {
            let by_cli = command_line(cli, &base)?;
            (by_cli, library(&base, &columns)?)
        } else {
            let by_library = library(&base, &columns)?;
            (command_line(cli, &base)?, by_library)
        };
        for (who, (rows, _)) in [("alfadocs (CLI)", by_cli), ("the library", by_library)] {
            if rows != patients {
                return Err(format!("export: {who} wrote {rows} rows, expected {patients}").into());
            }
        }
        eprintln!("export: {patients} patients as CSV: CLI {:.2} s, library {:.2} s", by_cli.1, by_library.1);
        cli_rates.push(patients as f64 / by_cli.1);
        library_rates.push(patients as f64 / by_library.1);
    }
    Ok(json!({
        "export": {
            "patients": patients,
            "columns": columns.len(),
            "cli": series_json(&cli_rates),
            "library": series_json(&library_rates),
        }
    }))
}
