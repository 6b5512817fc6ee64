//! `cargo xtask probe` against servers on loopback: the fake serving a "truth" that differs from our spec in
//! five known ways (`tests/fixtures/probe/truth-overlay.yaml`), the fake's seeded archive, a fake that asks
//! to slow down, and a server that never answers.
//!
//! The probe runs as the binary a maintainer runs (its stderr is its log). The client regenerated with the
//! proposed overlay is generated but not compiled here (that would build a second `alfadocs` crate per test
//! run); its description — the same IR, lowered by the fake with the same overlays — is driven through the
//! runtime's `dynamic` calls instead, and every record the truth answers is checked against its models.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use alfadocs_fake::{FakeAlfaDocs, Fault, FaultKind, Mode, spec};
use alfadocs_runtime::HttpClient;
use alfadocs_runtime::description::{ApiDescription, Response, Type};
use alfadocs_runtime::dynamic::{self, Call, values};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use tokio::net::TcpListener;

const P: &str = "/v1/practices/{practiceId}/archives/{archiveId}";

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn ours() -> &'static ApiDescription {
    spec::load(&repository("alfadocs-openapi.yaml"), &[&repository("alfadocs-overlay.yaml")]).unwrap()
}

fn truth() -> &'static ApiDescription {
    let overlays = [&*repository("alfadocs-overlay.yaml"), &*repository("tests/fixtures/probe/truth-overlay.yaml")];
    spec::load(&repository("alfadocs-openapi.yaml"), &overlays).unwrap()
}

/// Runs `cargo xtask` with `args` and the key in the environment, killed if it outlives `limit`.
async fn xtask(args: &[&str], key: &str, limit: Duration) -> Output {
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("ALFADOCS_API_KEY", key)
        .kill_on_drop(true)
        .output();
    tokio::time::timeout(limit, child).await.expect("the probe outlived its limit").unwrap()
}

/// A probe run: its exit code, report, proposed overlay (if any) and everything it printed.
struct Run {
    code: Option<i32>,
    report: String,
    overlay: Option<String>,
    printed: String,
    dir: tempfile::TempDir,
}

impl Run {
    fn actions(&self) -> Vec<Value> {
        let overlay: Value = serde_norway::from_str(self.overlay.as_deref().expect("no overlay was written")).unwrap();
        overlay["actions"].as_array().unwrap().clone()
    }

    fn overlay_path(&self) -> PathBuf {
        self.dir.path().join("probe-overlay.yaml")
    }
}

async fn probe(base_url: &str, key: &str, extra: &[&str], limit: Duration) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_owned();
    let mut args = vec!["probe", "--base-url", base_url, "--out", &out];
    args.extend(extra);
    let output = xtask(&args, key, limit).await;
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).ok();
    Run {
        code: output.status.code(),
        report: read("probe-report.md").expect("no report was written"),
        overlay: read("probe-overlay.yaml"),
        printed: format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
        dir,
    }
}

fn http(fake: &FakeAlfaDocs) -> HttpClient {
    HttpClient::builder(fake.key()).base_url(fake.base_url()).build().unwrap()
}

fn call(api: &'static ApiDescription, fake: &FakeAlfaDocs, id: &str) -> Call {
    let operation = api.operation(id).unwrap_or_else(|| panic!("no operation {id}"));
    let mut call = Call::new(operation);
    if operation.path.contains("{practiceId}") {
        call = call.path("practiceId", fake.practice_id().to_string()).path("archiveId", fake.archive_id().to_string());
    }
    call
}

/// The item type of an operation's JSON answer.
fn item_type(api: &'static ApiDescription, id: &str) -> &'static Type {
    match &api.operation(id).unwrap().response {
        Response::Json { ty, .. } => ty,
        other => panic!("{id} answers {other:?}"),
    }
}

/// Whether every record checks against `api`'s type for the operation `id`.
fn all_check(api: &'static ApiDescription, id: &str, records: &[Value]) -> Result<(), String> {
    let ty = item_type(api, id);
    records.iter().try_for_each(|record| values::check(api, ty, record).map_err(|m| format!("{m:?}")))
}

async fn list(api: &'static ApiDescription, fake: &FakeAlfaDocs, id: &str) -> Vec<Value> {
    dynamic::items(http(fake), call(api, fake, id)).try_collect().await.unwrap()
}

fn is_provenance(action: &Value) -> bool {
    action["update"].get("x-alfadocs-provenance").is_some()
}

fn provenance_of(action: &Value) -> String {
    let description = action["description"].as_str().unwrap();
    description.strip_prefix("Provenance of ").and_then(|rest| rest.split_once(':')).unwrap().0.to_owned()
}

/// `(target, what)`: what an action does, in words a test can list.
fn summary(action: &Value) -> (String, String) {
    let target = action["target"].as_str().unwrap().to_owned();
    let what = match (&action["update"], action.get("remove")) {
        (_, Some(Value::Bool(true))) => "remove".to_owned(),
        (Value::Object(update), _) if target == "$.paths" => {
            let (path, item) = update.iter().next().unwrap();
            let operation = &item["get"];
            assert_eq!(operation["x-alfadocs-provenance"], "seen", "{action}");
            format!("move {} to {path}", operation["operationId"].as_str().unwrap())
        }
        (update, _) => update.to_string(),
    };
    (target, what)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probe_finds_each_difference_of_the_truth_and_its_overlay_makes_a_client_that_decodes_it() {
    let truth = truth();
    let fake = FakeAlfaDocs::builder().api(truth).mode(Mode::Strict).start().await.unwrap();
    let created = dynamic::send(
        &http(&fake),
        &call(truth, &fake, "createPatient").body(json!({
            "firstName": "Ada", "lastName": "Probe", "yearlyNumberingNumber": "A-17", "preferredLanguage": "it"
        })),
    )
    .await
    .unwrap();
    assert_eq!(created["yearlyNumberingNumber"], "A-17");

    let run =
        probe(fake.base_url(), fake.key(), &["--pages", "5", "--page-size", "100"], Duration::from_secs(120)).await;
    assert_eq!(run.code, Some(0), "{}\n{}", run.printed, run.report);
    assert!(run.report.contains("**complete**"), "{}", run.report);
    assert!(run.report.contains("answered at /v1/practices/current"), "{}", run.report);
    assert!(run.report.contains(&format!("`{P}/appointment-booking-reasons`: HTTP 404")), "{}", run.report);

    let actions = run.actions();
    let (provenance, differences): (Vec<&Value>, Vec<&Value>) = actions.iter().partition(|a| is_provenance(a));
    let found: BTreeSet<(String, String)> = differences.iter().map(|action| summary(action)).collect();
    let expected: BTreeSet<(String, String)> = [
        ("$.paths".to_owned(), "move getPractice to /v1/practices/current".to_owned()),
        ("$.paths['/v1/practice']".to_owned(), "remove".to_owned()),
        ("$.paths".to_owned(), format!("move getAppointmentBookingReasons to {P}/appointments/booking-reasons")),
        (format!("$.paths['{P}/appointment-booking-reasons']"), "remove".to_owned()),
        (
            "$.components.schemas['Patient'].properties['yearlyNumberingNumber']".to_owned(),
            json!({"type": "string"}).to_string(),
        ),
        (
            "$.components.schemas['Patient'].properties".to_owned(),
            json!({"preferredLanguage": {"type": "string", "description": "Seen in traffic by cargo xtask probe; not in the vendor's page"}}).to_string(),
        ),
        ("$.components.schemas['Appointment'].properties['type'].enum".to_owned(), json!(["videoCall"]).to_string()),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected, "{}", run.report);
    for action in &differences {
        let description = action["description"].as_str().unwrap();
        assert!(
            description.contains("cargo xtask probe") && description.contains('×') || description.contains("HTTP 404"),
            "{description}"
        );
    }

    // Provenance: exactly the GET operations not recorded as seen that answered 200 at their spec path.
    let answered: BTreeSet<String> =
        fake.journal().into_iter().filter(|e| e.status == 200).filter_map(|e| e.operation).collect();
    let moved = ["getPractice", "getAppointmentBookingReasons"];
    let expected: BTreeSet<String> = ours()
        .operations()
        .map(|(_, operation)| operation)
        .filter(|operation| operation.method == alfadocs_runtime::Method::Get && !operation.provenance.is_confirmed())
        .filter(|operation| answered.contains(operation.id) && !moved.contains(&operation.id))
        .map(|operation| operation.id.to_owned())
        .collect();
    let proposed: BTreeSet<String> = provenance.iter().map(|action| provenance_of(action)).collect();
    assert!(!expected.is_empty());
    assert_eq!(proposed, expected);

    // The client regenerated with our overlay and the proposal on top.
    let regenerated = run.dir.path().join("regenerated");
    let overlay = run.overlay_path();
    let ours_path = repository("alfadocs-overlay.yaml");
    let args = [
        "codegen",
        "--overlay",
        ours_path.to_str().unwrap(),
        "--overlay",
        overlay.to_str().unwrap(),
        "--out",
        regenerated.to_str().unwrap(),
    ];
    let output = xtask(&args, "", Duration::from_secs(120)).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let client = std::fs::read_to_string(regenerated.join("src/description.rs")).unwrap();
    assert!(client.contains("\"/v1/practices/current\"") && client.contains("preferredLanguage"));

    // Its description (the same IR) against the truth: a patient's life, the moved paths, and every record
    // decoded, where our description refuses some.
    let fixed = spec::load(&repository("alfadocs-openapi.yaml"), &[&*ours_path, &*overlay]).unwrap();
    let http = http(&fake);
    let patient =
        dynamic::send(&http, &call(fixed, &fake, "createPatient").body(json!({"firstName": "Bea", "lastName": "Uno"})))
            .await
            .unwrap();
    let id = patient["id"].to_string();
    let read = dynamic::send(&http, &call(fixed, &fake, "getPatient").path("patientId", &id)).await.unwrap();
    all_check(fixed, "getPatient", std::slice::from_ref(&read)).unwrap();
    dynamic::send(&http, &call(fixed, &fake, "updatePatient").path("patientId", &id).body(json!({"lastName": "Due"})))
        .await
        .unwrap();
    let read = dynamic::send(&http, &call(fixed, &fake, "getPatient").path("patientId", &id)).await.unwrap();
    assert_eq!(read["lastName"], "Due");
    dynamic::send(&http, &call(fixed, &fake, "deletePatient").path("patientId", &id)).await.unwrap();
    let gone = dynamic::send(&http, &call(fixed, &fake, "getPatient").path("patientId", &id)).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));

    let practice = dynamic::send(&http, &call(fixed, &fake, "getPractice")).await.unwrap();
    all_check(fixed, "getPractice", &[practice]).unwrap();
    assert_eq!(dynamic::send(&http, &call(ours(), &fake, "getPractice")).await.unwrap_err().status(), Some(404));
    list(fixed, &fake, "getAppointmentBookingReasons").await;
    let old = dynamic::send(&http, &call(ours(), &fake, "getAppointmentBookingReasons")).await.unwrap_err();
    assert_eq!(old.status(), Some(404));

    for id in ["getPatients", "getAppointments"] {
        let records = list(fixed, &fake, id).await;
        assert!(!records.is_empty(), "{id}");
        all_check(fixed, id, &records).unwrap_or_else(|m| panic!("{id}: {m}"));
        assert!(all_check(ours(), id, &records).is_err(), "{id}: our spec decodes the truth already");
    }
    fake.stop().await;
}

/// Every text value under a personal key of the answers of `ids`, at any depth, that is long enough to be
/// searched for (a one-letter gender would be found in any text).
fn personal_values(api: &'static ApiDescription, id: &str, value: &Value, into: &mut BTreeSet<String>) {
    let personal = api.operation(id).unwrap().personal;
    fn walk(value: &Value, personal: &alfadocs_runtime::Personal, inside: bool, into: &mut BTreeSet<String>) {
        match value {
            Value::String(text) if inside && text.chars().count() >= 4 => {
                into.insert(text.clone());
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, personal, inside, into)),
            Value::Object(map) => {
                map.iter().for_each(|(key, value)| walk(value, personal, inside || personal.is_personal(key), into));
            }
            _ => {}
        }
    }
    walk(value, &personal, false, into);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_against_the_seeded_archive_writes_no_personal_value_and_never_the_key() {
    let key = "probe-test-key-Zq81xW7";
    let fake = FakeAlfaDocs::builder().key(key).start().await.unwrap();
    let api = ours();
    let mut secrets = BTreeSet::new();
    for id in ["getPatients", "getOperators", "getAppointments"] {
        for record in list(api, &fake, id).await {
            personal_values(api, id, &record, &mut secrets);
        }
    }
    let context = dynamic::send(&http(&fake), &call(api, &fake, "getContext")).await.unwrap();
    personal_values(api, "getContext", &context, &mut secrets);
    assert!(secrets.len() > 100, "only {} personal values", secrets.len());

    let run = probe(fake.base_url(), key, &["--pages", "3", "--page-size", "50"], Duration::from_secs(120)).await;
    assert_eq!(run.code, Some(0), "{}\n{}", run.printed, run.report);
    assert!(run.report.contains("### Patient (") && run.report.contains("`videoCall` ×"), "{}", run.report);
    let texts = [("report", &run.report), ("overlay", run.overlay.as_ref().unwrap()), ("output", &run.printed)];
    for (name, text) in texts {
        assert!(!text.contains(key), "the key is in the {name}");
        let leaked: Vec<&String> = secrets.iter().filter(|secret| text.contains(secret.as_str())).collect();
        assert!(leaked.is_empty(), "personal values in the {name}: {leaked:?}");
        let numbers: BTreeSet<&str> = text.split(|c: char| !c.is_ascii_digit()).collect();
        for id in [fake.practice_id(), fake.archive_id()] {
            assert!(!numbers.contains(id.to_string().as_str()), "the identifier {id} is in the {name}");
        }
    }
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_asks_to_slow_down_is_backed_off_and_the_probe_finishes() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    fake.inject(Fault::new(FaultKind::TooManyRequests { retry_after_secs: 0 }).on("getPatients").times(2));
    fake.inject(Fault::new(FaultKind::Status { status: 503, message: "maintenance".into() }).on("getAccounts"));
    let run = probe(fake.base_url(), fake.key(), &[], Duration::from_secs(120)).await;
    assert_eq!(run.code, Some(0), "{}\n{}", run.printed, run.report);
    assert!(run.report.contains("**complete**"), "{}", run.report);
    assert!(run.report.contains("429 ×2") && run.report.contains("503 ×1"), "{}", run.report);
    assert!(run.report.contains("the server asked to slow down 3 times"), "{}", run.report);
    let statuses = |id: &str| -> Vec<u16> {
        fake.journal().into_iter().filter(|e| e.operation.as_deref() == Some(id)).map(|e| e.status).collect()
    };
    assert_eq!(statuses("getPatients")[..3], [429, 429, 200]);
    assert_eq!(statuses("getAccounts"), [503, 200]);
    for id in ["getPatients", "getAccounts"] {
        let row = run.report.lines().find(|line| line.starts_with(&format!("| `{id}` "))).unwrap();
        assert!(row.contains("answered at"), "{row}");
    }
    fake.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_ends_within_the_budget_with_a_partial_report() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((connection, _)) = listener.accept().await {
            held.push(connection);
        }
    });
    // A probe that ignored its budget would spend its timeout and retries on each of 28 operations (minutes).
    let base_url = format!("http://{address}/api");
    let run = probe(&base_url, "silent-key", &["--budget", "2", "--timeout", "1"], Duration::from_secs(30)).await;
    assert_eq!(run.code, Some(3), "{}\n{}", run.printed, run.report);
    let partial =
        run.report.lines().find(|line| line.starts_with("- **partial**: the budget ran out; not checked: ")).unwrap();
    assert!(partial.contains("getAccounts") && partial.contains("getPatients"), "{partial}");
    // The first request is cut by the client's own timeout and retries, or by the budget, whichever is first.
    let context = run.report.lines().find(|line| line.starts_with("| `getContext` ")).unwrap();
    assert!(context.contains("timed out at /v1/me") || context.contains("unfinished"), "{context}");
    assert!(run.report.contains("no answer ×") && !run.report.contains("no answer ×0"), "{}", run.report);
    assert!(run.report.lines().filter(|line| line.contains("not checked: the budget ran out before it")).count() > 20);
    assert!(run.overlay.is_none(), "nothing was seen, so nothing is proposed");
    silent.abort();
}

/// Every record of the lists `ids`, as the fake answers them.
async fn records(fake: &FakeAlfaDocs, ids: &[&str]) -> Vec<Value> {
    let mut all = Vec::new();
    for id in ids {
        all.extend(list(ours(), fake, id).await);
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_go_only_to_the_named_test_archive_and_change_only_the_probes_own_records() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    let lists = ["getPatients", "getTransactions", "getCustomObjectFields"];
    let before = records(&fake, &lists).await;
    let sent = |fake: &FakeAlfaDocs| -> Vec<String> {
        fake.journal().into_iter().filter(|e| e.method != "GET").filter_map(|e| e.operation).collect()
    };

    let elsewhere = format!("{}/{}", fake.practice_id(), fake.archive_id() + 1);
    let run =
        probe(fake.base_url(), fake.key(), &["--allow-writes", "--test-archive", &elsewhere], Duration::from_secs(120))
            .await;
    assert_eq!(run.code, Some(0), "{}\n{}", run.printed, run.report);
    assert!(
        run.report
            .contains("- writes: asked for and not sent: the key's archive is not the one named by --test-archive"),
        "{}",
        run.report
    );
    assert_eq!(sent(&fake), Vec::<String>::new());

    let named = format!("{}/{}", fake.practice_id(), fake.archive_id());
    let run =
        probe(fake.base_url(), fake.key(), &["--allow-writes", "--test-archive", &named], Duration::from_secs(120))
            .await;
    assert_eq!(run.code, Some(0), "{}\n{}", run.printed, run.report);
    assert!(run.report.contains("- writes: sent to the named test archive"), "{}", run.report);
    let sent = sent(&fake);
    for id in
        ["createPatient", "createPatientPhoneNumber", "updatePatient", "updatePatientPhoneNumber", "deletePatient"]
    {
        assert!(sent.iter().any(|sent| sent == id), "{id} was not sent: {sent:?}");
        let row = run.report.lines().find(|line| line.starts_with(&format!("| `{id}` "))).unwrap();
        assert!(row.contains("answered at"), "{row}");
    }
    // The seeded records are as they were: changes and deletes reached only what the probe created.
    let after = records(&fake, &lists).await;
    for record in &before {
        assert!(after.contains(record), "changed or deleted: a seeded record {}", record["id"]);
    }
    assert!(after.len() > before.len(), "the probe's transaction and custom field stay (no delete operation)");
    assert!(
        run.report.contains("records left in it (created, with no delete operation): one by each of"),
        "{}",
        run.report
    );
    fake.stop().await;
}
