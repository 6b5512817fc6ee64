//! The `alfadocs` binary against `alfadocs-fake`, the stateful fake that serves the same description: real
//! answers in the vendor's dialect, every list in every format, a patient's whole life, and a year of
//! appointments the fake would refuse in one request.

use std::process::{Command, Stdio};

use alfadocs::description::API;
use alfadocs_fake::FakeAlfaDocs;
use alfadocs_runtime::description::{Envelope, ParamLocation, Response};
use chrono::Days;
use serde_json::Value;

/// What a run left: exit code, stdout, stderr.
#[cfg(test)]
async fn alfadocs(fake: &FakeAlfaDocs, line: &[&str]) -> (i32, String, String) {
    let mut args = vec!["--base-url".to_owned(), fake.base_url().to_owned()];
    args.extend(line.iter().map(|arg| (*arg).to_owned()));
    let key = fake.key().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_alfadocs"))
            .args(&args)
            .env("ALFADOCS_API_KEY", key)
            .env("ALFADOCS_CONFIG", config)
            .env_remove("ALFADOCS_BASE_URL")
            .env_remove("ALFADOCS_PROFILE")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let (stdout, stderr) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert!(!stdout.contains(fake.key()) && !stderr.contains(fake.key()), "the key was printed: {stdout}{stderr}");
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_of_the_archive_in_every_format() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    let lists =
        API.groups.iter().flat_map(|group| group.operations.iter().map(move |operation| (group, operation))).filter(
            |(_, operation)| {
                matches!(operation.response, Response::Json { envelope: Envelope::List | Envelope::Page, .. })
                    && operation
                        .params
                        .iter()
                        .all(|param| param.from_scope || !(param.required || param.location == ParamLocation::Path))
            },
        );
    let mut checked = 0;
    for (group, operation) in lists {
        let name = "list";
        let (code, json_text, stderr) = alfadocs(&fake, &[group.command, name, "--format", "json"]).await;
        assert_eq!(code, 0, "{}: {stderr}", operation.id);
        let items: Vec<Value> = serde_json::from_str(&json_text).unwrap();
        let (code, lines, stderr) = alfadocs(&fake, &[group.command, name, "--format", "jsonl"]).await;
        assert_eq!(code, 0, "{}: {stderr}", operation.id);
        let from_lines: Vec<Value> = lines.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(from_lines, items, "{}", operation.id);
        let (code, csv_text, stderr) = alfadocs(&fake, &[group.command, name, "--format", "csv"]).await;
        assert_eq!(code, 0, "{}: {stderr}", operation.id);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let rows = reader.records().collect::<Result<Vec<_>, _>>().unwrap();
        assert_eq!(rows.len(), items.len(), "{}", operation.id);
        let (code, table, stderr) = alfadocs(&fake, &[group.command, name, "--format", "table"]).await;
        assert_eq!(code, 0, "{}: {stderr}", operation.id);
        assert!(items.is_empty() || table.contains("id"), "{}: {table}", operation.id);
        checked += 1;
    }
    assert!(checked >= 10, "{checked} lists checked");
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_is_created_read_updated_and_deleted() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    let (code, created, stderr) = alfadocs(
        &fake,
        &[
            "patients",
            "create",
            "--first-name",
            "Anna",
            "--last-name",
            "Bianchi",
            "--date-of-birth",
            "1990-01-02",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    let id = serde_json::from_str::<Value>(&created).unwrap()["id"].to_string();
    let (code, read, stderr) = alfadocs(&fake, &["patients", "get", &id, "--format", "json"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(serde_json::from_str::<Value>(&read).unwrap()["lastName"], "Bianchi");
    let (code, _, stderr) = alfadocs(
        &fake,
        &["patients", "update", &id, "--first-name", "Anna", "--last-name", "Verdi", "--format", "json"],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    let (_, read, _) = alfadocs(&fake, &["patients", "get", &id, "--format", "json", "--columns", "lastName"]).await;
    assert_eq!(serde_json::from_str::<Value>(&read).unwrap(), serde_json::json!({"lastName": "Verdi"}));
    let (code, _, stderr) = alfadocs(&fake, &["patients", "delete", &id]).await;
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = alfadocs(&fake, &["patients", "get", &id]).await;
    assert_eq!(code, 4, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_of_appointments_exports_in_windows_the_fake_accepts() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    let today = fake.today();
    let (from, to) = (today.checked_sub_days(Days::new(200)).unwrap(), today.checked_add_days(Days::new(165)).unwrap());
    let (from, to) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    fake.clear_journal();
    let (code, lines, stderr) =
        alfadocs(&fake, &["appointments", "list", "--from", &from, "--to", &to, "--format", "jsonl"]).await;
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<i64> =
        lines.lines().map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].as_i64().unwrap()).collect();
    assert!(!ids.is_empty());
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each appointment once");
    let asked = fake.journal().iter().filter(|entry| entry.path.ends_with("/appointments")).count();
    assert_eq!(asked, 13, "366 days in windows of 30");
    let (code, _, stderr) = alfadocs(&fake, &["context", "get", "--format", "json"]).await;
    assert_eq!(code, 0, "{stderr}");
    fake.stop().await;
}
