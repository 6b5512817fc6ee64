//! The API key never shows: not in the `Debug` of the client, its builder, the archive handle, the API groups
//! and request builders, nor in any error (even when the server echoes the key back), nor in the tracing output
//! of requests that succeed, fail, retry, time out or cannot connect.

mod common;

use std::time::Duration;

use alfadocs::models::CreatePatientBody;
use alfadocs::{ApiKey, Client, Error, RetryPolicy};
use alfadocs_test_support::capture_traces;
use common::*;
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::ResponseTemplate;

fn assert_hidden(what: &str, shown: &str) {
    assert!(!shown.contains(KEY), "{what} shows the API key: {shown}");
}

#[test]
fn debug_of_client_builder_archive_and_request_builders_hides_the_key() {
    assert_eq!(format!("{:?}", ApiKey::from(KEY)), "ApiKey(***)");
    let builder = Client::builder(KEY).base_url("http://127.0.0.1:9").user_agent("mine/1.0");
    let shown = format!("{builder:?} {builder:#?}");
    assert_hidden("ClientBuilder", &shown);
    assert!(shown.contains("ApiKey(***)"), "{shown}");

    let client = builder.build().unwrap();
    assert_hidden("Client", &format!("{client:?} {client:#?}"));
    let archive = client.archive(PRACTICE, ARCHIVE);
    assert_hidden("Archive", &format!("{archive:?} {archive:#?}"));
    let shown = [
        format!("{:#?}", client.context()),
        format!("{:#?}", client.practices().get_practice()),
        format!("{:#?}", archive.patients()),
        format!("{:#?}", archive.patients().get_patients().limit(10)),
        format!("{:#?}", archive.patients().create_patient(CreatePatientBody::new("Luca", "Verdi"))),
        format!("{:#?}", archive.free_slots().get_free_slots(date(2026, 3, 2), 30).operator_ids(vec![1, 2])),
        format!("{:#?}", archive.appointments().get_appointments().date_start(date(2026, 1, 1))),
        format!("{:#?}", archive.document().download_document(42, 900)),
    ];
    for text in &shown {
        assert_hidden("a request builder", text);
        assert!(!text.is_empty());
    }

    let config = Client::builder(format!("{KEY}\n")).build().unwrap_err();
    assert!(matches!(config, Error::Config { .. }), "{config:?}");
    assert_no_key(&config);
}

#[tokio::test]
async fn no_error_and_no_trace_line_holds_the_key_even_when_the_server_echoes_it() {
    let (captured, _guard) = capture_traces();

    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let echo =
        |status: u16, body: String| ResponseTemplate::new(status).set_body_string(body).insert_header("x-echo", KEY);
    wire.expect(get("getPatient", scoped("/patients/1"), ""), 1, ok(json!({"status": "success", "data": {"id": 1}})))
        .await;
    wire.expect(
        get("getPatient", scoped("/patients/2"), ""),
        1,
        echo(401, json!({"error": format!("Invalid key {KEY}")}).to_string()),
    )
    .await;
    wire.expect(
        get("getPatient", scoped("/patients/3"), ""),
        1,
        echo(500, format!("<html><head><title>Error for {KEY}</title></head><body></body></html>")),
    )
    .await;
    wire.expect(
        get("getPatient", scoped("/patients/4"), ""),
        1,
        echo(200, format!(r#"{{"status":"success","data":{{"id":"{KEY}"}}}}"#)),
    )
    .await;
    wire.expect(get("getPatient", scoped("/patients/5"), ""), 3, echo(503, format!("busy, {KEY}"))).await;
    wire.expect(
        Expect {
            operation: "createPatient",
            method: "POST",
            path: scoped("/patients"),
            query: "",
            body: Some(json!({"firstName": "Luca", "lastName": "Verdi"})),
        },
        1,
        echo(503, json!({"error": format!("down for {KEY}")}).to_string()),
    )
    .await;
    wire.expect(
        get("getPatients", scoped("/patients"), ""),
        1,
        ok(json!({"links": {"next": null}, "total": 1, "results": [{"id": 1}]})),
    )
    .await;

    let mut errors = Vec::new();
    assert_eq!(archive.patients().get_patient(1).send().await.unwrap().id, Some(1));
    for id in [2, 3, 4, 5] {
        errors.push(archive.patients().get_patient(id).send().await.unwrap_err());
    }
    errors.push(archive.patients().create_patient(CreatePatientBody::new("Luca", "Verdi")).send().await.unwrap_err());
    let listed: Vec<alfadocs::models::Patient> =
        archive.patients().get_patients().stream().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);

    // A timeout and a refused connection.
    let slow = Wire::start().await;
    slow.expect(get("getChairs", scoped("/chairs"), ""), 1, ok(json!({"data": []})).set_delay(Duration::from_secs(30)))
        .await;
    let slow_client = Client::builder(KEY)
        .base_url(slow.server.uri())
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(slow_client.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let refused =
        Client::builder(KEY).base_url(format!("http://{address}")).retry_policy(fast_retries()).build().unwrap();
    errors.push(refused.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Status { .. } => "status",
            Error::Decode { .. } => "decode",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, vec!["status", "status", "decode", "status", "status", "timeout", "transport"]);
    for error in &errors {
        assert_no_key(error);
    }
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(messages[0].contains("Invalid key ***"), "the echoed key is redacted: {}", messages[0]);
    assert!(messages[1].contains("Error for ***"), "{}", messages[1]);

    let trace = captured.text();
    assert!(trace.contains("alfadocs.request"), "the requests were traced: {trace}");
    assert!(trace.contains("getPatient") && trace.contains("retrying"), "{trace}");
    assert_hidden("the tracing output", &trace);
}

/// A server that puts the key into a `links.next` on another origin: the link is never followed (the key would
/// go with it), and the warning that says so must not print the key either.
#[tokio::test]
async fn a_foreign_links_next_that_echoes_the_key_is_not_logged_with_it() {
    let (captured, _guard) = capture_traces();
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.expect(
        get("getPatients", scoped("/patients"), ""),
        1,
        ok(json!({"links": {"next": format!("http://evil.example/steal?key={KEY}")}, "results": [{"id": 1}]})),
    )
    .await;
    let listed: Vec<alfadocs::models::Patient> =
        archive.patients().get_patients().stream().try_collect().await.unwrap();
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), vec![Some(1)]);
    let trace = captured.text();
    assert!(trace.contains("links.next is outside the base URL"), "the refusal is logged: {trace}");
    assert_hidden("the tracing output", &trace);
}
