//! Requests and answers on a real loopback server: headers, query encoding, bodies, decoding, error answers,
//! timeouts and refused connections.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use alfadocs_runtime::envelope::{Data, List};
use alfadocs_runtime::{Error, HttpClient, NaiveDate, Request, RetryPolicy, path_segment};
use common::*;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, PartialEq, Deserialize)]
struct Patient {
    id: i64,
    #[serde(rename = "firstName")]
    first_name: String,
}

#[tokio::test]
async fn every_request_carries_key_accept_and_user_agent_and_encodes_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATIENTS_PATH))
        .and(header("x-api-key", KEY))
        .and(header("accept", "application/json"))
        .and(header("user-agent", concat!("alfadocs-rust/", env!("CARGO_PKG_VERSION"))))
        .and(query_param("operatorIds", "1,2,3"))
        .and(query_param("dateStart", "2024-03-01"))
        .and(query_param("from", "2024-03-01 08:30:00"))
        .and(query_param("allDay", "false"))
        .and(query_param("q", "Rossi & Figli"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success", "count": 0, "data": []})))
        .expect(1)
        .mount(&server)
        .await;

    let date = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let request = Request::new(&GET_PATIENTS, PATIENTS_PATH.into())
        .query("operatorIds", &vec![1i64, 2, 3])
        .query("dateStart", &date)
        .query("from", &date.and_hms_opt(8, 30, 0).unwrap())
        .query("allDay", &false)
        .query("q", "Rossi & Figli");
    let items: Vec<Patient> = client(&server.uri()).send_json::<List<Patient>>(request).await.unwrap().into_inner();
    assert!(items.is_empty());

    // The raw query as it went on the wire: commas and colons literal, spaces and `&` encoded.
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.query(),
        Some("operatorIds=1,2,3&dateStart=2024-03-01&from=2024-03-01%2008:30:00&allDay=false&q=Rossi%20%26%20Figli")
    );
    assert!(received[0].headers.get("content-type").is_none(), "a GET without body has no Content-Type");
}

#[tokio::test]
async fn json_bodies_are_sent_with_content_type_and_answers_unwrapped() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATIENTS_PATH))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"firstName": "Maria", "_technicalName": "x"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"status": "success", "data": {"id": 12, "firstName": "Maria"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = Request::new(&CREATE_PATIENT, PATIENTS_PATH.into())
        .json(&json!({"firstName": "Maria", "_technicalName": "x"}))
        .unwrap();
    let patient = client(&server.uri()).send_json::<Data<Patient>>(request).await.unwrap().into_inner();
    assert_eq!(patient, Patient { id: 12, first_name: "Maria".into() });
}

#[tokio::test]
async fn base_url_path_prefix_and_encoded_path_segments_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/practices/1/archives/2/patients/a%2Fb"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"id": 1, "firstName": "A"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let http = client(&format!("{}/api/", server.uri()));
    let rendered = format!("/v1/practices/1/archives/2/patients/{}", path_segment(&"a/b"));
    let patient = http.send_json::<Data<Patient>>(Request::new(&GET_PATIENT, rendered)).await.unwrap();
    assert_eq!(patient.into_inner().id, 1);
}

#[tokio::test]
async fn empty_and_bytes_answers() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let body: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/pdf"))
        .expect(2)
        .mount(&server)
        .await;
    let http = client(&server.uri());
    http.send_empty(Request::new(&DELETE_PHONE, "/v1/practices/1/archives/2/patients/3/phone-numbers/4".into()))
        .await
        .unwrap();
    let download =
        || Request::new(&DOWNLOAD_DOCUMENT, "/v1/practices/1/archives/2/patients/3/documents/9/download".into());
    assert_eq!(http.send_bytes(download()).await.unwrap(), body);

    let mut stream = http.send_stream(download()).await.unwrap();
    let mut streamed = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        streamed.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(streamed, body);
    assert!(chunks >= 1);
}

#[tokio::test]
async fn vendor_error_text_html_titles_and_statuses() {
    let server = MockServer::start().await;
    let answers = [
        ("1", ResponseTemplate::new(401).set_body_json(json!({"error": "Authentication required"}))),
        ("2", ResponseTemplate::new(403).set_body_json(json!({"status": "error", "error": "Access denied to care plan"}))),
        ("3", ResponseTemplate::new(404).set_body_string("")),
        (
            "4",
            ResponseTemplate::new(500)
                .set_body_raw("<!DOCTYPE html><html><head><title>Whoops, looks like something went wrong.</title></head><body>…</body></html>", "text/html"),
        ),
    ];
    for (id, answer) in answers {
        Mock::given(path(format!("{PATIENTS_PATH}/{id}"))).respond_with(answer).mount(&server).await;
    }
    let http = client(&server.uri());
    let fetch = |id: &str| http.send_json::<Data<Patient>>(Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/{id}")));
    let expected = [
        ("1", 401, "Authentication required"),
        ("2", 403, "Access denied to care plan"),
        ("3", 404, "Not Found"),
        ("4", 500, "Whoops, looks like something went wrong."),
    ];
    for (id, status, message) in expected {
        let error = fetch(id).await.unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.operation(), Some("getPatient"));
        assert!(!error.is_retryable());
        match &error {
            Error::Status { message: got, .. } => assert_eq!(got, message),
            other => panic!("expected a status error, got {other:?}"),
        }
        assert!(error.to_string().contains(message), "{error}");
    }
    // 500 is not retried: one request each.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_path_and_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"status":"success","data":{"id":7,"firstName":"Giu"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .send_json::<Data<Patient>>(Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/7")))
        .await
        .unwrap_err();
    let Error::Decode { operation, path, message, excerpt, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(*operation, "getPatient");
    assert_eq!(path, "data.firstName");
    assert!(message.contains("EOF"), "{message}");
    assert!(excerpt.ends_with(r#""firstName":"Giu"#), "{excerpt}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let http = HttpClient::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = http.send_empty(Request::new(&GET_PATIENTS, PATIENTS_PATH.into())).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { operation: "getPatients", after, .. } if after == Duration::from_millis(150)),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_timed_out_get_is_retried_until_the_attempts_run_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let http = HttpClient::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(80))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = http.send_empty(Request::new(&GET_PATIENTS, PATIENTS_PATH.into())).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let http = client(&format!("http://127.0.0.1:{port}"));
    let error = http.send_empty(Request::new(&GET_PATIENTS, PATIENTS_PATH.into())).await.unwrap_err();
    let Error::Transport { operation, message, .. } = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(*operation, "getPatients");
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn invalid_paths_fail_before_sending() {
    let server = MockServer::start().await;
    let http = client(&server.uri());
    let error = http
        .send_empty(Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/{}", path_segment(&""))))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&elsewhere).await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("{}/steal", elsewhere.uri())))
        .mount(&server)
        .await;
    let error = client(&server.uri()).send_empty(Request::new(&GET_PATIENTS, PATIENTS_PATH.into())).await.unwrap_err();
    assert_eq!(error.status(), Some(302));
}
