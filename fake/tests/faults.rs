//! Every fault kind the fake injects, observed by the client as the typed error the runtime documents; and
//! the HTTP control routes that drive the same controls from outside.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use alfadocs::models::CreatePatientBody;
use alfadocs::{Error, RetryPolicy};
use alfadocs_fake::{FakeAlfaDocs, Fault, FaultKind};
use serde_json::{Value, json};

async fn fake() -> FakeAlfaDocs {
    FakeAlfaDocs::start().await.unwrap()
}

/// A client that sends every request once, with a short timeout.
fn once(fake: &FakeAlfaDocs) -> alfadocs::Archive {
    alfadocs::Client::builder(fake.key())
        .base_url(fake.base_url())
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .archive(fake.practice_id(), fake.archive_id())
}

#[tokio::test]
async fn each_fault_kind_is_the_documented_error() {
    let fake = fake().await;
    let archive = once(&fake);
    let chairs = || archive.chairs().get_chairs().send();

    fake.inject(Fault::new(FaultKind::Status { status: 503, message: "Servizio non disponibile".into() }));
    match chairs().await {
        Err(Error::Status { status: 503, message, .. }) => assert_eq!(message, "Servizio non disponibile"),
        other => panic!("status: {other:?}"),
    }
    fake.inject(Fault::new(FaultKind::HtmlPage { status: 502 }));
    match chairs().await {
        Err(Error::Status { status: 502, message, .. }) => assert!(message.contains("502"), "{message}"),
        other => panic!("html page: {other:?}"),
    }
    fake.inject(Fault::new(FaultKind::TooManyRequests { retry_after_secs: 7 }));
    match chairs().await {
        Err(Error::Status { status: 429, retry_after, .. }) => assert_eq!(retry_after, Some(Duration::from_secs(7))),
        other => panic!("429: {other:?}"),
    }
    fake.inject(Fault::new(FaultKind::Delay { millis: 1500 }));
    assert!(matches!(chairs().await, Err(Error::Timeout { .. })));
    fake.inject(Fault::new(FaultKind::CutBody));
    assert!(matches!(chairs().await, Err(Error::Transport { .. })));
    fake.inject(Fault::new(FaultKind::DropConnection));
    assert!(matches!(chairs().await, Err(Error::Transport { .. })));
    // The faults are used up: the next call is answered.
    assert!(!chairs().await.unwrap().is_empty());
}

#[tokio::test]
async fn faults_apply_to_their_operation_for_the_next_n_calls() {
    let fake = fake().await;
    let archive = once(&fake);
    fake.inject(Fault::new(FaultKind::Status { status: 500, message: "boom".into() }).on("getColors").times(2));
    assert!(archive.chairs().get_chairs().send().await.is_ok());
    assert!(archive.colors().get_colors().send().await.is_err());
    assert!(archive.colors().get_colors().send().await.is_err());
    assert!(archive.colors().get_colors().send().await.is_ok());
}

#[tokio::test]
async fn the_client_retries_a_get_but_never_a_post() {
    let fake = fake().await;
    let client = alfadocs::Client::builder(fake.key())
        .base_url(fake.base_url())
        .retry_policy(RetryPolicy::new().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let archive = client.archive(fake.practice_id(), fake.archive_id());
    fake.inject(Fault::new(FaultKind::DropConnection).on("getPatient"));
    assert!(archive.patients().get_patient(1).send().await.is_ok());
    fake.inject(Fault::new(FaultKind::Status { status: 503, message: "later".into() }).on("createPatient"));
    let created = archive.patients().create_patient(CreatePatientBody::new("Ada", "Neri")).send().await;
    assert!(matches!(created, Err(Error::Status { status: 503, .. })), "{created:?}");
    let journal = fake.journal();
    let calls = |id: &str| journal.iter().filter(|entry| entry.operation.as_deref() == Some(id)).count();
    assert_eq!((calls("getPatient"), calls("createPatient")), (2, 1));
}

#[tokio::test]
async fn the_control_routes_drive_the_same_controls() {
    let fake = fake().await;
    let http = common::http();
    let control = format!("http://{}/_fake", fake.address());
    let info: Value = serde_json::from_str(&http.get(&control).send().await.unwrap().text().await.unwrap()).unwrap();
    assert_eq!(info["practiceId"], json!(fake.practice_id()));
    assert_eq!(info["baseUrl"], json!(fake.base_url()));

    let fault = json!({"kind": "status", "status": 418, "message": "teapot", "operation": "getChairs"});
    let answer = http.post(format!("{control}/faults")).body(fault.to_string()).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let archive = once(&fake);
    assert!(matches!(archive.chairs().get_chairs().send().await, Err(Error::Status { status: 418, .. })));

    let journal: Value =
        serde_json::from_str(&http.get(format!("{control}/journal")).send().await.unwrap().text().await.unwrap())
            .unwrap();
    let entries = journal.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["operation"], json!("getChairs"));
    assert_eq!(entries[0]["status"], json!(418));
    assert!(!entries[0].to_string().contains(fake.key()));

    let today =
        http.put(format!("{control}/today")).body(json!({"today": "2030-01-07"}).to_string()).send().await.unwrap();
    assert_eq!(today.status().as_u16(), 200);
    assert_eq!(fake.today().to_string(), "2030-01-07");
    let refused = http.put(format!("{control}/today")).body(json!({"today": "soon"}).to_string()).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 400);

    archive.patients().delete_patient(1).send().await.unwrap();
    http.post(format!("{control}/reset")).send().await.unwrap();
    assert!(archive.patients().get_patient(1).send().await.is_ok());
    http.delete(format!("{control}/journal")).send().await.unwrap();
    assert!(fake.journal().is_empty());
}
