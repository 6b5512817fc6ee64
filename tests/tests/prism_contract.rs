//! Request contracts checked by a tool no one here wrote: every one of the 39 operations of `alfadocs` is called
//! through [Prism](https://github.com/stoplightio/prism) in mock mode on the repaired document
//! (`cargo xtask codegen --check --emit-spec FILE`), which validates method, path, query, headers and body of
//! each request against the document.
//!
//! Ignored by default (it needs a running Prism). `.ci/run` starts `prism mock --errors` and runs
//!
//! ```sh
//! PRISM_URL=http://127.0.0.1:4010 PRISM_SPEC=target/ci/alfadocs-repaired.json \
//!     cargo test -p alfadocs-tests --test prism_contract -- --ignored --nocapture
//! ```
//!
//! Run with `--ignored`, the test requires `PRISM_URL`: it fails rather than pass without Prism.
//!
//! A request violation is anything Prism reports: an `sl-violations` response header (seen by a loopback
//! proxy that sits between the client and Prism) or a 4xx answer (Prism answers an invalid request with 422, a
//! refused credential with 401, an `Accept` it cannot serve with 406). Those fail the test.
//!
//! The answers are checked too, the other way round: Prism builds each mock body from the document's examples
//! and schemas and reports a body that contradicts the document (a `response` violation), and the client must
//! decode every body. Either failure means the repaired document and the generated models disagree.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alfadocs::models::{
    CreateAppointmentBody, CreateCustomObjectFieldBody, CreateDocumentBody, CreateDocumentBodyType, CreatePatientBody,
    CreatePatientPhoneNumberBody, CreateTransactionBody, CreateTransactionBodyDirection, GetAppointmentsState,
    GetBillsDirection, GetBillsType, GetTransactionsDirection, UpdateAppointmentBody, UpdatePatientBody,
    UpdatePatientPhoneNumberBody,
};
use alfadocs::{Client, Error, NaiveDate, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy saw: the connections it forwarded, the `sl-violations` headers Prism sent back, and the
/// `"validation"` details of Prism's 422 answers.
#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    violations: Mutex<Vec<String>>,
}

/// A loopback TCP proxy in front of Prism that copies bytes both ways and records every `sl-violations` header
/// line in the answers (the client itself does not expose response headers).
async fn start_proxy(upstream: String) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let shared = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            let upstream = upstream.clone();
            let seen = shared.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&upstream).await else { return };
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                    let _ = server_write.shutdown().await;
                });
                // Answers are scanned for the header line; a line split across reads is caught by keeping the
                // tail of the previous chunk.
                let mut carry: Vec<u8> = Vec::new();
                let mut buffer = vec![0u8; 16 * 1024];
                loop {
                    let read = match server_read.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(read) => read,
                    };
                    carry.extend_from_slice(&buffer[..read]);
                    record_violations(&mut carry, &seen);
                    if client_write.write_all(&buffer[..read]).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (format!("http://{address}"), seen)
}

/// Takes every complete `sl-violations: …` line out of `carry`, keeping at most a short tail for the next read.
fn record_violations(carry: &mut Vec<u8>, seen: &Seen) {
    const NAME: &[u8] = b"\r\nsl-violations:";
    loop {
        let lower = carry.to_ascii_lowercase();
        let Some(start) = lower.windows(NAME.len()).position(|window| window == NAME) else { break };
        let Some(length) = carry[start + 2..].windows(2).position(|window| window == b"\r\n") else {
            // The line is not complete yet: keep it for the next read.
            carry.drain(..start);
            return;
        };
        let line = String::from_utf8_lossy(&carry[start + 2..start + 2 + length]).into_owned();
        seen.violations.lock().unwrap().push(line);
        carry.drain(..start + 2 + length);
    }
    const DETAILS: &[u8] = b"\"validation\":[";
    if let Some(start) = carry.windows(DETAILS.len()).position(|window| window == DETAILS) {
        let end = (start + 600).min(carry.len());
        let details = String::from_utf8_lossy(&carry[start..end]).into_owned();
        seen.violations.lock().unwrap().push(details);
        carry.drain(..end);
    }
    let keep = NAME.len();
    if carry.len() > keep {
        carry.drain(..carry.len() - keep);
    }
}

/// One `sl-violations` header holds a JSON list; each element is one violation.
fn split_violations(line: String) -> Vec<String> {
    let Some(json) = line.strip_prefix("sl-violations:").or_else(|| line.strip_prefix("SL-Violations:")) else {
        return vec![line];
    };
    match serde_json::from_str::<Vec<serde_json::Value>>(json.trim()) {
        Ok(list) => list.iter().map(|violation| violation.to_string()).collect(),
        Err(_) => vec![line],
    }
}

type Call = Pin<Box<dyn Future<Output = Result<String, Error>> + Send>>;

/// Erases a call's value to a short description of what came back.
fn call<T: std::fmt::Debug, F>(future: F) -> Call
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
{
    Box::pin(async move {
        future.await.map(|value| {
            let shown = format!("{value:?}");
            shown.chars().take(60).collect()
        })
    })
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// One call per operation, with valid arguments (every optional parameter set where the operation has one, so
/// that their encoding is checked too): the operation id and the call.
fn every_operation(client: &Client) -> Vec<(&'static str, Call)> {
    let archive = client.archive(11, 22);
    let start = date(2026, 1, 5);
    let end = date(2026, 1, 20);
    let at = start.and_hms_opt(9, 30, 0).unwrap();

    let update_appointment = UpdateAppointmentBody::default().description("Controllo").date(at).duration(30);
    let create_appointment = CreateAppointmentBody::new(at, 3).patient_id(7).duration(30).email_reminder(true);
    let create_patient = CreatePatientBody::new("Mario", "Rossi").email("mario.rossi@example.com");
    let update_patient = UpdatePatientBody::new("Mario", "Rossi");
    let create_phone = CreatePatientPhoneNumberBody::default().prefix("+39").number("3331234567").sms_enabled(true);
    let update_phone = UpdatePatientPhoneNumberBody::default().number("3337654321");
    let create_field = CreateCustomObjectFieldBody::default()
        .object_type("patient")
        .label("Allergie")
        .technical_name("allergie")
        .type_("text");
    let create_document =
        CreateDocumentBody::new(b"%PDF-1.4 test".to_vec(), CreateDocumentBodyType::Other, "referto.pdf", "Referti");
    let create_transaction = CreateTransactionBody::new(125.5, start, CreateTransactionBodyDirection::Incoming, 4)
        .bill_id(9)
        .related_to_insurance(false);

    let a = &archive;
    vec![
        ("getContext", call(client.context().get_context().send())),
        ("getPractice", call(client.practices().get_practice().send())),
        ("getAccounts", call(a.accounts().get_accounts().send())),
        (
            "getAppointmentBookingReasons",
            call(a.appointment_booking_reasons().get_appointment_booking_reasons().send()),
        ),
        (
            "getAppointments",
            call(
                a.appointments()
                    .get_appointments()
                    .date_start(start)
                    .date_end(end)
                    .state(GetAppointmentsState::Confirmed)
                    .patient_id(7)
                    .send(),
            ),
        ),
        ("createAppointment", call(a.appointments().create_appointment(create_appointment).send())),
        ("getAppointment", call(a.appointments().get_appointment(5).send())),
        ("updateAppointment", call(a.appointments().update_appointment(5, update_appointment).send())),
        ("getAppointmentCarePlanEntries", call(a.appointments().get_appointment_care_plan_entries(5).send())),
        ("getBillLiabilities", call(a.bill_liabilities().get_bill_liabilities(9).send())),
        ("deleteBillLiability", call(a.bill_liabilities().delete_bill_liability(9, 2).send())),
        ("getBill", call(a.bills().get_bill(9).send())),
        (
            "getBills",
            call(
                a.bills()
                    .get_bills()
                    .date_start(start)
                    .date_end(end)
                    .type_(GetBillsType::Full)
                    .direction(GetBillsDirection::Incoming)
                    .care_plan_id(8)
                    .send(),
            ),
        ),
        ("getCarePlanEntry", call(a.care_plan_entries().get_care_plan_entry(8, 1).send())),
        ("getCarePlan", call(a.care_plans().get_care_plan(8).send())),
        ("getCarePlanSignatureStatus", call(a.care_plans().get_care_plan_signature_status(8).send())),
        ("getChairs", call(a.chairs().get_chairs().send())),
        ("getColors", call(a.colors().get_colors().send())),
        (
            "getCustomObjectFields",
            call(a.custom_object_fields().get_custom_object_fields().object_type("patient").send()),
        ),
        ("createCustomObjectField", call(a.custom_object_fields().create_custom_object_field(create_field).send())),
        ("getDocuments", call(a.document().get_documents(7).send())),
        ("createDocument", call(a.document().create_document(7, create_document).send())),
        ("getDocument", call(a.document().get_document(7, 6).send())),
        ("downloadDocument", call(a.document().download_document(7, 6).send())),
        // explode: false on an array query parameter: `operatorIds=1,2,3`.
        (
            "getFreeSlots",
            call(a.free_slots().get_free_slots(start, 30).end_date(end).operator_ids(vec![1, 2, 3]).send()),
        ),
        (
            "getOperators",
            call(a.operators().get_operators().ignore_deleted(true).italian_fiscal_code("RSSMRA80A01H501U").send()),
        ),
        (
            "getPatients",
            call(
                a.patients()
                    .get_patients()
                    .phone_number_prefix("+39")
                    .phone_number("3331234567")
                    .italian_fiscal_code("RSSMRA80A01H501U")
                    .offset(0)
                    .limit(50)
                    .send(),
            ),
        ),
        ("createPatient", call(a.patients().create_patient(create_patient).send())),
        ("getPatient", call(a.patients().get_patient(7).send())),
        ("deletePatient", call(a.patients().delete_patient(7).send())),
        ("updatePatient", call(a.patients().update_patient(7, update_patient).send())),
        ("getPaymentTypes", call(a.payment_types().get_payment_types().send())),
        ("getSpecialties", call(a.specialties().get_specialties().send())),
        (
            "getTransactions",
            call(
                a.transactions()
                    .get_transactions()
                    .date_start(start)
                    .date_end(end)
                    .direction(GetTransactionsDirection::Outgoing)
                    .bill_id(9)
                    .send(),
            ),
        ),
        ("createTransaction", call(a.transactions().create_transaction(create_transaction).send())),
        ("getPatientPhoneNumbers", call(a.phone_numbers().get_patient_phone_numbers(7).send())),
        ("createPatientPhoneNumber", call(a.phone_numbers().create_patient_phone_number(7, create_phone).send())),
        ("getPatientPhoneNumber", call(a.phone_numbers().get_patient_phone_number(7, 3).send())),
        ("updatePatientPhoneNumber", call(a.phone_numbers().update_patient_phone_number(7, 3, update_phone).send())),
    ]
}

/// The operationIds of the document Prism serves, to prove the list above is every operation.
fn spec_operation_ids(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let document: serde_json::Value = serde_norway::from_str(&text).unwrap();
    let mut ids = BTreeSet::new();
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            if let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: run by .ci/run with PRISM_URL set"]
async fn every_operation_passes_prism_request_validation() {
    let prism = std::env::var("PRISM_URL").expect("PRISM_URL must name a running `prism mock` (see .ci/run)");
    let upstream = prism.trim_end_matches('/').trim_start_matches("http://").to_owned();
    let (proxy, seen) = start_proxy(upstream).await;

    let client = Client::builder("prism-contract-key")
        .base_url(&proxy)
        .timeout(Duration::from_secs(20))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let calls = every_operation(&client);
    let called: BTreeSet<String> = calls.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(called.len(), calls.len(), "an operation is listed twice");
    let spec = std::env::var("PRISM_SPEC").expect("PRISM_SPEC must name the document Prism serves (see .ci/run)");
    assert_eq!(called, spec_operation_ids(&spec), "the suite must call exactly the operations of {spec}");

    let mut covered = 0usize;
    let mut response_notes = Vec::new();
    let mut failures = Vec::new();
    let mut decode_errors = Vec::new();
    for (id, future) in calls {
        let violations_before = seen.violations.lock().unwrap().len();
        let outcome = future.await;
        let new_violations: Vec<String> = seen.violations.lock().unwrap()[violations_before..].to_vec();
        // `sl-violations` about the response are Prism checking its own mock body (taken from the document's
        // examples) against the document's schemas: a fact about the document, failed apart from the requests.
        let (about_response, about_request): (Vec<String>, Vec<String>) = new_violations
            .into_iter()
            .flat_map(split_violations)
            .partition(|violation| violation.contains(r#""location":["response""#));
        let mut failed = !about_request.is_empty();
        let shown = match &outcome {
            Ok(value) => format!("ok: {value}"),
            Err(error @ Error::Decode { .. }) => {
                decode_errors.push(format!("{id}: {error}"));
                format!("DECODE ERROR: {error}")
            }
            Err(error) => {
                failed = true;
                format!("FAILED: {error}")
            }
        };
        println!("{id:32} {shown}");
        for violation in &about_request {
            println!("{:32} REQUEST VIOLATION {violation}", "");
        }
        for violation in &about_response {
            println!("{:32} mock body vs document: {violation}", "");
            response_notes.push(format!("{id}: {violation}"));
        }
        if failed {
            failures.push(format!("{id}: {shown} {}", about_request.join(" ")));
        } else {
            covered += 1;
        }
    }

    let called = covered + failures.len();
    println!(
        "\nPrism contract: {called} operations called; {covered} without request violation; {} with a request \
         violation; {} mock-body/document mismatch(es); {} decode error(s) of mock bodies; {} connection(s) \
         through the proxy",
        failures.len(),
        response_notes.len(),
        decode_errors.len(),
        seen.connections.load(Ordering::SeqCst)
    );
    for error in &decode_errors {
        println!("  decode: {error}");
    }
    assert!(failures.is_empty(), "request violations reported by Prism:\n{}", failures.join("\n"));
    assert!(response_notes.is_empty(), "mock bodies that contradict the document:\n{}", response_notes.join("\n"));
    assert!(decode_errors.is_empty(), "mock bodies the client cannot decode:\n{}", decode_errors.join("\n"));
    assert_eq!(called, 39, "every operation must be called");
}

#[test]
fn the_proxy_scanner_finds_header_lines_split_across_reads() {
    let seen = Seen::default();
    let mut carry = b"HTTP/1.1 200 OK\r\nSL-Violations: [{\"code\":".to_vec();
    record_violations(&mut carry, &seen);
    assert!(seen.violations.lock().unwrap().is_empty());
    carry.extend_from_slice(b"422}]\r\ncontent-length: 0\r\n\r\n");
    record_violations(&mut carry, &seen);
    assert_eq!(*seen.violations.lock().unwrap(), vec!["SL-Violations: [{\"code\":422}]".to_owned()]);
    let mut clean = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec();
    record_violations(&mut clean, &seen);
    assert_eq!(seen.violations.lock().unwrap().len(), 1);
    assert!(clean.len() <= 16);
}
