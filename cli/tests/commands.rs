//! The `alfadocs` binary against loopback servers: every operation of the description reaches the wire as the
//! client sends it, each output format reads back, a year of appointments is fetched window by window, bad
//! input fails on one line with its exit code before anything is sent, and the key is printed nowhere.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use alfadocs::description::API;
use alfadocs_runtime::description::{Envelope, Operation, ParamLocation, Response, Type};
use serde_json::{Map, Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use support::*;

/// Helpers, marked `cfg(test)` so that clippy's test allowances (unwrap, panic) cover them as they cover the
/// tests themselves.
#[cfg(test)]
mod support {
    use super::*;

    /// The key every test sends; no output may hold it.
    pub const KEY: &str = "cli-test-key-7f3e1a9c";

    /// What a run of the binary left.
    pub struct Run {
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    impl Run {
        /// Everything the run printed.
        pub fn printed(&self) -> String {
            format!("{}{}", self.stdout, self.stderr)
        }
    }

    /// A run of `alfadocs` with `args`, the key in `ALFADOCS_API_KEY` (when `key`), no config file but `config`,
    /// and `stdin` as standard input. Blocking: call it from `spawn_blocking` in async tests.
    pub fn alfadocs_with(args: &[String], key: bool, config: &Path, stdin: Option<&str>) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_alfadocs"));
        command
            .args(args)
            .env_remove("ALFADOCS_API_KEY")
            .env_remove("ALFADOCS_BASE_URL")
            .env_remove("ALFADOCS_PROFILE")
            .env("ALFADOCS_CONFIG", config)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if key {
            command.env("ALFADOCS_API_KEY", KEY);
        }
        let mut child = command.spawn().unwrap();
        if let Some(text) = stdin {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }

    /// [`alfadocs_with`] in a blocking task, with the key and no config file.
    pub async fn alfadocs(args: Vec<String>) -> Run {
        let dir = scratch();
        let config = dir.path().join("config.toml");
        tokio::task::spawn_blocking(move || alfadocs_with(&args, true, &config, None)).await.unwrap()
    }

    /// A fresh directory, removed when the value is dropped.
    pub fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    pub fn args(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    /// A value of `ty` as the CLI sends it (and a test server answers): every field of a model, lists of one.
    pub fn sample(ty: &Type) -> Value {
        match ty {
            Type::Bool => json!(true),
            Type::Int => json!(7),
            Type::Number => json!(7.5),
            Type::String => json!("text"),
            Type::Date => json!("2024-05-06"),
            Type::DateTime => json!("2024-05-06 10:30:00"),
            Type::Bytes => json!("JVBERi0xLjQK"),
            Type::Json => json!({"any": 1}),
            Type::List(item) => json!([sample(item)]),
            Type::Map(item) => json!({"general": sample(item)}),
            Type::Enum(name) => {
                json!(API.enumeration(name).and_then(|enumeration| enumeration.values.first()).copied().unwrap_or("x"))
            }
            Type::Model(name) => {
                let model = API.model(name).unwrap();
                let mut fields = Map::new();
                for field in model.fields {
                    fields.insert(field.wire_name.to_owned(), sample(&field.ty));
                }
                if model.custom_fields {
                    fields.insert("_codiceInterno".to_owned(), json!("C-12"));
                }
                Value::Object(fields)
            }
        }
    }

    /// The success answer of `operation`, with `item` as its record, in the operation's envelope.
    pub fn answer(operation: &Operation) -> (ResponseTemplate, Value) {
        match operation.response {
            Response::Empty => (ResponseTemplate::new(204), Value::Null),
            Response::Bytes { media_type } => {
                (ResponseTemplate::new(200).set_body_raw(b"%PDF-1.4 test".to_vec(), media_type), json!("%PDF-1.4 test"))
            }
            Response::Json { envelope, ty } => {
                let item = sample(&ty);
                let body = match envelope {
                    Envelope::Bare => item.clone(),
                    Envelope::Data => json!({"status": "success", "data": item}),
                    Envelope::List => json!({"status": "success", "count": 1, "data": [item]}),
                    Envelope::Page => {
                        json!({"links": {"next": null}, "total": 1, "offset": 0, "limit": 50, "results": [item]})
                    }
                };
                let shown = if matches!(envelope, Envelope::List | Envelope::Page) { json!([item]) } else { item };
                (ResponseTemplate::new(200).set_body_json(body), shown)
            }
        }
    }

    /// The path and query of every request `server` received.
    pub async fn received(server: &MockServer) -> Vec<String> {
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|request| {
                format!("{} {}?{}", request.method, request.url.path(), request.url.query().unwrap_or_default())
            })
            .collect()
    }

    /// Answers any request with an empty list, for comparing what two callers send.
    pub async fn recording_server() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"status": "success", "count": 0, "data": []})),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"id": 1}})))
            .mount(&server)
            .await;
        server
    }
}

#[cfg(test)]
mod naming {
    //! The command names, as the binary's `--help` lists them (the tests name commands as a user would).
    use super::*;

    /// `group op` of every operation, read from the help of each group.
    pub fn commands() -> Vec<(String, String, &'static alfadocs_runtime::description::Operation)> {
        let mut found = Vec::new();
        for group in API.groups {
            let help =
                alfadocs_with(&args(&[group.command, "--help"]), false, &scratch().path().join("c.toml"), None).stdout;
            let names: Vec<String> = help
                .lines()
                .skip_while(|line| !line.starts_with("Commands:"))
                .skip(1)
                .take_while(|line| line.starts_with("  "))
                .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
                .filter(|name| name != "help")
                .collect();
            assert_eq!(names.len(), group.operations.len(), "{}: {help}", group.command);
            for (name, operation) in names.into_iter().zip(group.operations) {
                found.push((group.command.to_owned(), name, operation));
            }
        }
        found
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_reaches_the_wire_and_prints_the_answer() {
    let commands = tokio::task::spawn_blocking(naming::commands).await.unwrap();
    assert_eq!(commands.len(), API.operations().count());
    for (group, name, operation) in commands {
        let server = MockServer::start().await;
        let dir = scratch();
        let mut line =
            args(&["--base-url", &server.uri(), "--practice-id", "1", "--archive-id", "2", "--format", "json"]);
        line.extend([group.clone(), name.clone()]);
        let mut wire_path = operation.path.replace("{practiceId}", "1").replace("{archiveId}", "2");
        let mut mock = Mock::given(method(operation.method.as_str())).and(header("x-api-key", KEY));
        for (index, param) in operation.params.iter().filter(|param| !param.from_scope).enumerate() {
            let value = match param.ty {
                Type::Date => "2024-05-06".to_owned(),
                _ => (40 + index).to_string(),
            };
            match param.location {
                ParamLocation::Path => {
                    wire_path = wire_path.replace(&format!("{{{}}}", param.wire_name), &value);
                    line.push(value);
                }
                ParamLocation::Query if param.required => {
                    mock = mock.and(query_param(param.wire_name, value.as_str()));
                    line.extend([format!("--{}", param.rust_name.replace('_', "-")), value]);
                }
                _ => {}
            }
        }
        if let Some(ty) = &operation.body {
            let body = sample(ty);
            let file = dir.path().join("body.json");
            std::fs::write(&file, body.to_string()).unwrap();
            line.extend(["--body".to_owned(), file.display().to_string()]);
            mock = mock.and(body_json(&body));
        }
        let output = dir.path().join("download.bin");
        if matches!(operation.response, Response::Bytes { .. }) {
            line.extend(["-o".to_owned(), output.display().to_string()]);
        }
        let (template, shown) = answer(operation);
        mock.and(path(wire_path.as_str())).respond_with(template).expect(1).mount(&server).await;

        let run = alfadocs(line.clone()).await;
        assert_eq!(run.code, 0, "{line:?}: {}", run.stderr);
        assert!(!run.printed().contains(KEY));
        match operation.response {
            Response::Empty => assert_eq!(run.stdout, "", "{line:?}"),
            Response::Bytes { .. } => assert_eq!(std::fs::read_to_string(&output).unwrap(), "%PDF-1.4 test"),
            Response::Json { .. } => {
                let printed: Value = serde_json::from_str(&run.stdout)
                    .unwrap_or_else(|error| panic!("{line:?}: {error}: {}", run.stdout));
                assert_eq!(printed, shown, "{line:?}");
            }
        }
        server.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arguments_reach_the_wire_as_the_typed_client_sends_them() {
    use alfadocs::models::{CreatePatientBody, GetAppointmentsState};
    let day = |month, day| alfadocs::NaiveDate::from_ymd_opt(2024, month, day).unwrap();
    let (typed, cli) = (recording_server().await, recording_server().await);
    let archive = alfadocs::Client::builder(KEY).base_url(typed.uri()).build().unwrap().archive(1, 2);
    archive
        .appointments()
        .get_appointments()
        .date_start(day(3, 1))
        .date_end(day(3, 20))
        .state(GetAppointmentsState::InCare)
        .patient_id(9)
        .send()
        .await
        .unwrap();
    archive
        .free_slots()
        .get_free_slots(day(5, 6), 30)
        .end_date(day(5, 7))
        .operator_ids(vec![3, 4])
        .send()
        .await
        .unwrap();
    let mut body = CreatePatientBody::new("Anna", "D'Angelo Rossi");
    body.date_of_birth = alfadocs::NaiveDate::from_ymd_opt(1990, 1, 2);
    body.email_enabled = Some(true);
    archive.patients().create_patient(body).send().await.unwrap();

    let base = ["--base-url", &cli.uri(), "--practice-id", "1", "--archive-id", "2"];
    for line in [
        &[
            "appointments",
            "list",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-20",
            "--state",
            "in_care",
            "--patient-id",
            "9",
        ][..],
        &["free-slots", "get", "2024-05-06", "--duration", "30", "--end-date", "2024-05-07", "--operator-ids", "3,4"],
        &[
            "patients",
            "create",
            "--first-name",
            "Anna",
            "--last-name",
            "D'Angelo Rossi",
            "--date-of-birth",
            "1990-01-02",
            "--email-enabled",
        ],
    ] {
        let run = alfadocs([&base[..], line].concat().iter().map(|arg| (*arg).to_owned()).collect()).await;
        assert_eq!(run.code, 0, "{line:?}: {}", run.stderr);
    }
    let mut sent_by_cli = received(&cli).await;
    let mut sent_by_client = received(&typed).await;
    sent_by_cli.sort();
    sent_by_client.sort();
    assert_eq!(sent_by_cli, sent_by_client);
    let bodies = |requests: Vec<Request>| {
        requests.iter().filter_map(|request| serde_json::from_slice::<Value>(&request.body).ok()).collect::<Vec<_>>()
    };
    let cli_body = bodies(cli.received_requests().await.unwrap());
    assert_eq!(
        cli_body,
        vec![
            json!({"firstName": "Anna", "lastName": "D'Angelo Rossi", "emailEnabled": true, "dateOfBirth": "1990-01-02"})
        ]
    );
    let client_body = bodies(typed.received_requests().await.unwrap());
    assert_eq!(client_body.len(), 1);
    for (key, value) in cli_body[0].as_object().unwrap() {
        assert_eq!(client_body[0].get(key), Some(value), "{key}");
    }
}

/// A patients list of three pages of two, linked by absolute `links.next` URLs, with a custom field.
async fn paged_patients(server: &MockServer) {
    let base = format!("{}/v1/practices/1/archives/2/patients", server.uri());
    for page in 0..3u64 {
        let results: Vec<Value> = (0..2u64)
            .map(|index| {
                let id = page * 2 + index + 1;
                json!({"id": id, "firstName": "Anna", "lastName": format!("Rossi, {id}"), "dateBirth": "1990-01-02", "phoneNumbers": [{"prefix": "+39", "number": "333"}], "_codiceInterno": format!("C-{id}")})
            })
            .collect();
        let next = if page < 2 { json!(format!("{base}?offset={}", (page + 1) * 2)) } else { Value::Null };
        let body = json!({"links": {"next": next}, "total": 6, "offset": page * 2, "limit": 2, "results": results});
        let mut mock = Mock::given(method("GET")).and(path("/v1/practices/1/archives/2/patients"));
        mock = if page == 0 {
            mock.and(wiremock::matchers::query_param_is_missing("offset"))
        } else {
            mock.and(query_param("offset", (page * 2).to_string()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(server).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_format_reads_back_and_lists_stream_every_page() {
    let server = MockServer::start().await;
    paged_patients(&server).await;
    let base = args(&["--base-url", &server.uri(), "--practice-id", "1", "--archive-id", "2", "patients", "list"]);
    let with = |extra: &[&str]| [base.clone(), args(extra)].concat();

    let json_run = alfadocs(with(&["--format", "json"])).await;
    let listed: Vec<Value> = serde_json::from_str(&json_run.stdout).unwrap();
    assert_eq!(listed.len(), 6, "{}", json_run.stderr);
    assert_eq!(listed[5]["_codiceInterno"], "C-6", "custom fields are kept in JSON");

    server.reset().await;
    paged_patients(&server).await;
    let lines = alfadocs(with(&["--format", "jsonl"])).await;
    let ids: Vec<i64> =
        lines.stdout.lines().map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);

    server.reset().await;
    paged_patients(&server).await;
    let csv_run = alfadocs(with(&["--format", "csv", "--custom-fields"])).await;
    let mut reader = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..3], ["id", "firstName", "lastName"]);
    assert_eq!(header.last().map(String::as_str), Some("_codiceInterno"));
    assert!(!header.contains(&"phoneNumbers".to_owned()), "lists are columns only on request");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let last_name = header.iter().position(|column| column == "lastName").unwrap();
    assert_eq!(&rows[2][last_name], "Rossi, 3");
    assert_eq!(&rows[2][header.len() - 1], "C-3");

    server.reset().await;
    paged_patients(&server).await;
    let chosen = alfadocs(with(&["--format", "csv", "--columns", "id,_codiceInterno,phoneNumbers"])).await;
    let mut reader = csv::Reader::from_reader(chosen.stdout.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["id", "_codiceInterno", "phoneNumbers"]);
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(serde_json::from_str::<Value>(&first[2]).unwrap(), json!([{"prefix": "+39", "number": "333"}]));

    server.reset().await;
    paged_patients(&server).await;
    let table = alfadocs(with(&["--format", "table", "--columns", "id,lastName"])).await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("lastName") && table.stdout.contains("Rossi, 6"), "{}", table.stdout);
    assert!(!table.stdout.contains("firstName"));
    assert_eq!(table.stderr, "", "no progress line when stderr is not a terminal");
}

/// Answers each window of an appointments range with one appointment of its own and one that every window
/// returns (an appointment across the windows' edges), and records each window asked for.
#[derive(Clone, Default)]
struct Windows(std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>);

impl wiremock::Respond for Windows {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        };
        let (start, end) = (query("dateStart"), query("dateEnd"));
        let mut seen = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.push((start.clone(), end));
        let own = json!({"id": seen.len(), "date": format!("{start} 09:00:00"), "patientId": 7, "state": null});
        let shared = json!({"id": 9999, "date": "2024-06-01 09:00:00", "patientId": 7});
        ResponseTemplate::new(200).set_body_json(json!({"status": "success", "count": 2, "data": [own, shared]}))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_of_appointments_is_fetched_in_30_day_windows_each_item_once() {
    let server = MockServer::start().await;
    let windows = Windows::default();
    Mock::given(method("GET"))
        .and(path("/v1/practices/1/archives/2/appointments"))
        .respond_with(windows.clone())
        .mount(&server)
        .await;
    let run = alfadocs(args(&[
        "--base-url",
        &server.uri(),
        "--practice-id",
        "1",
        "--archive-id",
        "2",
        "--format",
        "jsonl",
        "appointments",
        "list",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
    ]))
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let asked = windows.0.lock().unwrap().clone();
    assert_eq!(asked.len(), 13, "{asked:?}");
    let day = |text: &str| alfadocs::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    assert_eq!(asked[0].0, "2024-01-01");
    assert_eq!(asked[12].1, "2024-12-31");
    for (index, (start, end)) in asked.iter().enumerate() {
        let days = (day(end) - day(start)).num_days() + 1;
        assert!((1..=30).contains(&days), "{start}..{end}");
        if let Some((next, _)) = asked.get(index + 1) {
            assert_eq!(day(next), day(end).succ_opt().unwrap(), "windows are contiguous");
        }
    }
    let ids: Vec<i64> =
        run.stdout.lines().map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].as_i64().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each item once: {ids:?}");
    assert_eq!(ids.len(), 14, "13 windows' own appointments and the shared one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_fails_on_one_line_with_its_exit_code_and_sends_nothing() {
    let server = MockServer::start().await;
    let dir = scratch();
    let malformed = dir.path().join("malformed.json");
    std::fs::write(&malformed, "{\"firstName\": \"Anna\",").unwrap();
    let misfit = dir.path().join("misfit.json");
    std::fs::write(&misfit, r#"{"firstName": "Anna", "lastName": "Rossi", "dateOfBirth": "02/01/1990"}"#).unwrap();
    let base = args(&["--base-url", &server.uri(), "--practice-id", "1", "--archive-id", "2"]);
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["patients", "list", "--colour", "red"], 2, "--colour"),
        (vec!["appointments", "list", "--from", "2024-02-30"], 2, "2024-02-30"),
        (vec!["appointments", "list", "--state", "sleeping"], 2, "in_care"),
        (vec!["patients", "get", "forty-two"], 2, "whole number"),
        (vec!["patients", "create", "--body", malformed.to_str().unwrap()], 2, "not valid JSON"),
        (vec!["patients", "create", "--body", misfit.to_str().unwrap()], 2, "/dateOfBirth"),
        (vec!["patients", "create", "--first-name", "Anna"], 2, "--last-name"),
        (vec!["phone-numbers", "update", "42", "7"], 2, "--body"),
        (vec!["patients", "update", "42"], 2, "--last-name"),
        (vec!["patients", "frobnicate"], 2, "frobnicate"),
        (vec!["appointments", "list", "--from", "2024-03-01", "--to", "2024-01-01"], 2, "after its end"),
        (vec!["completions", "tcsh"], 2, "tcsh"),
    ];
    for (line, code, named) in cases {
        let run = alfadocs([base.clone(), args(&line)].concat()).await;
        assert_eq!(run.code, code, "{line:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{line:?}: one line: {}", run.stderr);
        assert!(run.stderr.starts_with("error: ") && run.stderr.contains(named), "{line:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{line:?}");
    }
    let config = dir.path().join("none.toml");
    let line = [base.clone(), args(&["patients", "get", "42"])].concat();
    let no_key = tokio::task::spawn_blocking(move || alfadocs_with(&line, false, &config, None)).await.unwrap();
    assert_eq!(no_key.code, 3, "{}", no_key.stderr);
    assert_eq!(no_key.stderr.lines().count(), 1);
    assert!(no_key.stderr.contains("ALFADOCS_API_KEY") && no_key.stderr.contains("profile set"), "{}", no_key.stderr);
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_failures_exit_by_class_with_one_line() {
    let server = MockServer::start().await;
    let answer = |status: u16, id: &str, body: &str| {
        Mock::given(path(format!("/v1/practices/1/archives/2/patients/{id}")))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json"))
    };
    answer(401, "1", &format!(r#"{{"error":"Authentication required for key {KEY}"}}"#)).mount(&server).await;
    answer(403, "2", r#"{"error":"Forbidden"}"#).mount(&server).await;
    answer(404, "3", r#"{"error":"Not found"}"#).mount(&server).await;
    answer(422, "4", r#"{"error":"Invalid fiscal code"}"#).mount(&server).await;
    answer(200, "5", r#"{"status":"success","data":"#).mount(&server).await;
    let base = args(&["--base-url", &server.uri(), "--practice-id", "1", "--archive-id", "2", "--verbose"]);
    for (id, code, says) in
        [("1", 3, "401"), ("2", 3, "403"), ("3", 4, "404"), ("4", 5, "Invalid fiscal code"), ("5", 7, "getPatient")]
    {
        let run = alfadocs([base.clone(), args(&["patients", "get", id])].concat()).await;
        assert_eq!(run.code, code, "{id}: {}", run.stderr);
        let error_lines: Vec<&str> = run.stderr.lines().filter(|line| line.starts_with("error: ")).collect();
        assert_eq!(error_lines.len(), 1, "{}", run.stderr);
        assert!(error_lines[0].contains(says), "{}", run.stderr);
        assert!(!run.printed().contains(KEY), "{}", run.printed());
    }
    // Nothing listens on the port of a server that has stopped.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let run =
        alfadocs(args(&["--base-url", &closed, "--practice-id", "1", "--archive-id", "2", "patients", "get", "1"]))
            .await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_is_printed_by_no_command() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"practiceId": 1, "archiveId": 2, "userId": 3, "userEmail": "a@example.org"}})))
        .mount(&server)
        .await;
    Mock::given(path("/v1/practices/1/archives/2/chairs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "count": 1, "data": [{"id": 1, "name": "Poltrona 1"}]})),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let dir = scratch();
    let body = dir.path().join("patient.json");
    std::fs::write(&body, r#"{"firstName": "Anna", "lastName": "Rossi"}"#).unwrap();
    let lines: Vec<Vec<String>> = vec![
        args(&["--base-url", &uri, "chairs", "list"]),
        args(&["--base-url", &uri, "--verbose", "chairs", "list", "--format", "csv"]),
        args(&["--base-url", &uri, "--dry-run", "chairs", "list"]),
        args(&["--base-url", &uri, "--dry-run", "--verbose", "patients", "create", "--body", body.to_str().unwrap()]),
        args(&["--base-url", &uri, "--api-key", KEY, "--dry-run", "context", "get"]),
        args(&["--base-url", &uri, &format!("--api-key={KEY}"), "--verbose", "context", "get", "--format", "table"]),
        args(&["--api-key", KEY, "--base-url", "not a url", "chairs", "list"]),
        args(&["--api-key", KEY, "chairs", "lost"]),
        args(&["--help"]),
        args(&["completions", "zsh"]),
        args(&["profile", "list"]),
    ];
    for line in lines {
        let run = alfadocs(line.clone()).await;
        assert!(!run.printed().contains(KEY), "{line:?}: {}", run.printed());
        assert!(!run.printed().contains(&KEY[4..16]), "{line:?}: not even a part: {}", run.printed());
    }
    let dry = alfadocs(args(&["--base-url", &uri, "--dry-run", "chairs", "list"])).await;
    assert_eq!(
        dry.stdout,
        format!(
            "GET {uri}/v1/me\nX-Api-Key: ***\n\nGET {uri}/v1/practices/{{practiceId}}/archives/{{archiveId}}/chairs\nX-Api-Key: ***\n"
        )
    );
    let sent = server.received_requests().await.unwrap();
    let listed = sent.iter().filter(|request| request.url.path().ends_with("/chairs")).count();
    assert_eq!(listed, 2, "the two runs that send ask for the context, then the chairs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_upload_from_a_path_and_download_to_a_file() {
    let server = MockServer::start().await;
    let dir = scratch();
    let scan = dir.path().join("consenso.pdf");
    std::fs::write(&scan, b"%PDF-1.7 consent").unwrap();
    Mock::given(method("POST"))
        .and(path("/v1/practices/1/archives/2/patients/42/documents"))
        .and(body_json(json!({"base64Data": "JVBERi0xLjcgY29uc2VudA==", "type": "image", "name": "Consenso", "folderName": "Privacy"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"id": 5, "name": "Consenso"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/practices/1/archives/2/patients/42/documents/5/download"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7 consent".to_vec(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/practices/1/archives/2/patients/42/documents/6/download"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "Not found"})))
        .mount(&server)
        .await;
    let base = args(&["--base-url", &server.uri(), "--practice-id", "1", "--archive-id", "2", "--format", "json"]);
    let document_type = API
        .enumeration("CreateDocumentBodyType")
        .and_then(|values| values.values.iter().find(|value| **value == "image"));
    assert!(document_type.is_some(), "the test's document type is one the description lists");
    let upload = alfadocs(
        [
            base.clone(),
            args(&[
                "document",
                "upload",
                "42",
                "--base64-data",
                scan.to_str().unwrap(),
                "--type",
                "image",
                "--name",
                "Consenso",
                "--folder-name",
                "Privacy",
            ]),
        ]
        .concat(),
    )
    .await;
    assert_eq!(upload.code, 0, "{}", upload.stderr);
    assert_eq!(serde_json::from_str::<Value>(&upload.stdout).unwrap()["id"], 5);
    let target = dir.path().join("out/../copia.pdf");
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let download =
        alfadocs([base.clone(), args(&["document", "download", "42", "5", "-o", target.to_str().unwrap()])].concat())
            .await;
    assert_eq!(download.code, 0, "{}", download.stderr);
    assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7 consent");
    let missing = dir.path().join("missing.pdf");
    let failed =
        alfadocs([base, args(&["document", "download", "42", "6", "-o", missing.to_str().unwrap()])].concat()).await;
    assert_eq!(failed.code, 4, "{}", failed.stderr);
    assert!(!missing.exists(), "a failed download leaves no file");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "and no temporary file: {:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_profile_supplies_key_base_url_and_archive() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/practices/8/archives/9/patients/42"))
        .and(header("x-api-key", KEY))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "data": {"id": 42, "lastName": "Rossi"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let dir = scratch();
    let config = dir.path().join("alfadocs/config.toml");
    let uri = server.uri();
    let (saved, listed, used) = tokio::task::spawn_blocking(move || {
        let set = args(&["profile", "set", "studio", "--base-url", &uri, "--practice-id", "8", "--archive-id", "9"]);
        let saved = alfadocs_with(&set, false, &config, Some(&format!("{KEY}\n")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let listed = alfadocs_with(&args(&["profile", "list"]), false, &config, None);
        let used = alfadocs_with(
            &args(&["--profile", "studio", "--format", "json", "patients", "get", "42"]),
            false,
            &config,
            None,
        );
        (saved, listed, used)
    })
    .await
    .unwrap();
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    assert!(listed.stdout.starts_with("studio\t") && listed.stdout.contains("key set"), "{}", listed.stdout);
    assert_eq!(used.code, 0, "{}", used.stderr);
    assert_eq!(serde_json::from_str::<Value>(&used.stdout).unwrap()["lastName"], "Rossi");
    for run in [saved, listed, used] {
        assert!(!run.printed().contains(KEY));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = alfadocs(args(&["completions", shell])).await;
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("signature-status") && run.stdout.contains("alfadocs"), "{shell}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_stops_reading_is_not_an_error() {
    // `alfadocs … | head`: the pipe closes before the answer is written, in every output format.
    let server = MockServer::start().await;
    Mock::given(path("/v1/practices/1/archives/2/patients/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"id": 1}})))
        .mount(&server)
        .await;
    for format in ["json", "jsonl", "csv", "table"] {
        let command = [
            "--base-url",
            &server.uri(),
            "--practice-id",
            "1",
            "--archive-id",
            "2",
            "--format",
            format,
            "patients",
            "get",
            "1",
        ];
        let (code, stderr) = tokio::task::spawn_blocking({
            let command = args(&command);
            move || {
                let mut child = Command::new(env!("CARGO_BIN_EXE_alfadocs"))
                    .args(&command)
                    .env("ALFADOCS_API_KEY", KEY)
                    .env("ALFADOCS_CONFIG", scratch().path().join("config.toml"))
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                drop(child.stdout.take());
                let output = child.wait_with_output().unwrap();
                (output.status.code(), String::from_utf8(output.stderr).unwrap())
            }
        })
        .await
        .unwrap();
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}
