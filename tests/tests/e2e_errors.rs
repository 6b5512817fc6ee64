//! Error paths through `alfadocs`, on a loopback server: refused keys (401, 403), deleted objects (404) with the
//! vendor's `{"error": "…"}` message, 429 with `Retry-After` then success, 500, 503 then success, an HTML
//! error page, truncated JSON, a server that never answers, a refused connection, and the rule that a POST to
//! a failing server is sent exactly once unless the caller allows a retry (a PATCH too), while a DELETE is
//! retried like a GET. No error shows the API key.

mod common;

use std::time::{Duration, Instant};

use alfadocs::models::CreatePatientBody;
use alfadocs::{Client, Error, RetryPolicy};
use common::*;
use serde_json::json;
use wiremock::ResponseTemplate;

/// Mounts `answer` for `GET /patients/42`, expected `times` times.
async fn patient_answers(wire: &Wire, times: u64, answer: ResponseTemplate) {
    wire.expect(get("getPatient", scoped("/patients/42"), ""), times, answer).await;
}

fn patient_ok() -> ResponseTemplate {
    ok(json!({"status": "success", "data": {"id": 42, "lastName": "Bianchi"}}))
}

#[tokio::test]
async fn vendor_error_messages_and_statuses_surface_without_retries() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let cases = [
        ("/patients/42", 401, "Authentication required"),
        ("/care-plans/12", 403, "Access denied to this care plan"),
        ("/appointments/999", 404, "Appointment not found"),
        ("/bills/555", 500, "Internal Server Error"),
    ];
    for (rest, status, message) in cases {
        let operation = match status {
            401 => "getPatient",
            403 => "getCarePlan",
            404 => "getAppointment",
            _ => "getBill",
        };
        // Sent once: none of these statuses may be helped by a retry.
        wire.expect(
            get(operation, scoped(rest), ""),
            1,
            ResponseTemplate::new(status).set_body_json(json!({"error": message})),
        )
        .await;
    }
    let errors = [
        archive.patients().get_patient(42).send().await.map(drop).unwrap_err(),
        archive.care_plans().get_care_plan(12).send().await.map(drop).unwrap_err(),
        archive.appointments().get_appointment(999).send().await.map(drop).unwrap_err(),
        archive.bills().get_bill(555).send().await.map(drop).unwrap_err(),
    ];
    for ((_, status, message), error) in cases.iter().zip(&errors) {
        assert_eq!(error.status(), Some(*status), "{error:?}");
        assert!(!error.is_retryable(), "{error:?}");
        match error {
            Error::Status { message: shown, .. } => assert_eq!(shown, message),
            other => panic!("expected a status error, got {other:?}"),
        }
        assert!(error.to_string().contains(message), "{error}");
        assert_no_key(error);
    }
    assert_eq!(errors[0].operation(), Some("getPatient"));
    assert_eq!(errors[0].to_string(), "getPatient: HTTP 401 Unauthorized: Authentication required");
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_the_get_succeeds() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.server
        .register(
            wiremock::Mock::given(wiremock::matchers::method("GET"))
                .respond_with(
                    ResponseTemplate::new(429)
                        .insert_header("Retry-After", "1")
                        .set_body_json(json!({"error": "Too many requests"})),
                )
                .up_to_n_times(1)
                .expect(1)
                .with_priority(1),
        )
        .await;
    patient_answers(&wire, 1, patient_ok()).await;
    let started = Instant::now();
    let patient = archive.patients().get_patient(42).send().await.unwrap();
    assert_eq!(patient.id, Some(42));
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was honoured ({:?})", started.elapsed());
}

#[tokio::test]
async fn a_503_then_success_is_retried_for_a_get() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.server
        .register(
            wiremock::Mock::given(wiremock::matchers::method("GET"))
                .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
                .up_to_n_times(1)
                .expect(1)
                .with_priority(1),
        )
        .await;
    wire.expect(
        get("getChairs", scoped("/chairs"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{"id": 1917, "name": "Poltrona 1"}]})),
    )
    .await;
    let chairs = archive.chairs().get_chairs().send().await.unwrap();
    assert_eq!(chairs[0].id, Some(1917));
}

#[tokio::test]
async fn an_html_error_page_is_reported_by_its_title() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pagina non trovata | AlfaDocs</title></head>\
                <body><h1>404</h1><p>La pagina richiesta non esiste.</p></body></html>";
    patient_answers(&wire, 1, ResponseTemplate::new(404).set_body_raw(page, "text/html; charset=UTF-8")).await;
    let error = archive.patients().get_patient(42).send().await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    match &error {
        Error::Status { message, .. } => assert_eq!(message, "Pagina non trovata | AlfaDocs"),
        other => panic!("expected a status error, got {other:?}"),
    }
    assert_no_key(&error);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_operation_and_path() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let body = r#"{"status":"success","data":{"id":42,"firstName":"Giulia","lastName":"Bian"#;
    patient_answers(&wire, 1, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = archive.patients().get_patient(42).send().await.unwrap_err();
    match &error {
        Error::Decode { operation, path, excerpt, .. } => {
            assert_eq!(*operation, "getPatient");
            assert!(path.starts_with("data"), "the JSON path points into `data`: {path}");
            assert!(excerpt.contains("\"lastName\":\"Bian"), "the excerpt shows where it broke: {excerpt}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!error.is_retryable());
    assert_no_key(&error);
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let wire = Wire::start().await;
    let client = Client::builder(KEY)
        .base_url(wire.server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    patient_answers(&wire, 1, patient_ok().set_delay(Duration::from_secs(30))).await;
    let started = Instant::now();
    let error = client.archive(PRACTICE, ARCHIVE).patients().get_patient(42).send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "gave up after the timeout: {:?}", started.elapsed());
    match &error {
        Error::Timeout { operation, after, .. } => {
            assert_eq!((*operation, *after), ("getPatient", Duration::from_millis(200)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_no_key(&error);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client =
        Client::builder(KEY).base_url(format!("http://{address}")).retry_policy(fast_retries()).build().unwrap();
    let error = client.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err();
    match &error {
        Error::Transport { operation, message, .. } => {
            assert_eq!(*operation, "getChairs");
            assert!(!message.is_empty());
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(error.is_retryable());
    assert_no_key(&error);
}

#[tokio::test]
async fn a_post_to_a_failing_server_is_sent_exactly_once() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.expect(
        Expect {
            operation: "createPatient",
            method: "POST",
            path: scoped("/patients"),
            query: "",
            body: Some(json!({"firstName": "Luca", "lastName": "Verdi"})),
        },
        1,
        ResponseTemplate::new(503).set_body_json(json!({"error": "Service temporarily unavailable"})),
    )
    .await;
    let error = archive.patients().create_patient(CreatePatientBody::new("Luca", "Verdi")).send().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(error.is_retryable(), "retryable in kind, yet not retried without consent");
    assert_no_key(&error);
    // Dropping the server checks `.expect(1)`: one POST, no duplicate patient.
}

#[tokio::test]
async fn a_post_with_retry_on_failure_is_retried() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.server
        .register(
            wiremock::Mock::given(wiremock::matchers::method("POST"))
                .respond_with(ResponseTemplate::new(503))
                .up_to_n_times(1)
                .expect(1)
                .with_priority(1),
        )
        .await;
    wire.expect(
        Expect {
            operation: "createPatient",
            method: "POST",
            path: scoped("/patients"),
            query: "",
            body: Some(json!({"firstName": "Luca", "lastName": "Verdi"})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 43, "firstName": "Luca", "lastName": "Verdi"}})),
    )
    .await;
    let created = archive
        .patients()
        .create_patient(CreatePatientBody::new("Luca", "Verdi"))
        .retry_on_failure(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, Some(43));
}

#[tokio::test]
async fn a_patch_to_a_failing_server_is_sent_once_and_a_delete_is_retried() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let mut change = alfadocs::models::UpdateAppointmentBody::default();
    change.state = Some("waiting".into());
    wire.expect(
        Expect {
            operation: "updateAppointment",
            method: "PATCH",
            path: scoped("/appointments/1001"),
            query: "",
            body: Some(json!({"state": "waiting"})),
        },
        1,
        ResponseTemplate::new(502),
    )
    .await;
    let error = archive.appointments().update_appointment(1001, change).send().await.unwrap_err();
    assert_eq!(error.status(), Some(502));

    // DELETE is idempotent: retried after a 503 like a GET.
    wire.server
        .register(
            wiremock::Mock::given(wiremock::matchers::method("DELETE"))
                .respond_with(ResponseTemplate::new(503))
                .up_to_n_times(1)
                .expect(1)
                .with_priority(1),
        )
        .await;
    wire.expect(
        Expect { operation: "deletePatient", method: "DELETE", path: scoped("/patients/43"), query: "", body: None },
        1,
        ResponseTemplate::new(204),
    )
    .await;
    archive.patients().delete_patient(43).send().await.unwrap();
}
