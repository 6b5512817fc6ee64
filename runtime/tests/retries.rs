//! Retries on a real loopback server: what is retried, how often, and what never is.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use alfadocs_runtime::envelope::Data;
use alfadocs_runtime::{Error, HttpClient, Request, RetryPolicy};
use common::*;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok_patient() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": {"id": 5}}))
}

/// Answers `first` up to `times` times, then `then`.
async fn failing_then(server: &MockServer, first: ResponseTemplate, times: u64, then: ResponseTemplate) {
    Mock::given(method("GET")).respond_with(first.clone()).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(method("PATCH")).respond_with(first.clone()).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(method("POST")).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    Mock::given(wiremock::matchers::any()).respond_with(then).with_priority(2).mount(server).await;
}

fn get_patient() -> Request {
    Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/5"))
}

fn create_patient() -> Request {
    Request::new(&CREATE_PATIENT, PATIENTS_PATH.into()).json(&json!({"firstName": "Anna"})).unwrap()
}

#[tokio::test]
async fn a_get_answered_503_then_200_succeeds_on_the_second_attempt() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(503), 1, ok_patient()).await;
    let patient: Data<serde_json::Value> = client(&server.uri()).send_json(get_patient()).await.unwrap();
    assert_eq!(patient.into_inner()["id"], 5);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(502), 10, ok_patient()).await;
    let error = client(&server.uri()).send_empty(get_patient()).await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_to_a_failing_server_is_sent_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let error = client(&server.uri()).send_empty(create_patient()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(error.is_retryable(), "retryable in kind, but not retried without consent");
}

#[tokio::test]
async fn a_patch_on_a_refused_connection_is_attempted_once() {
    // With no server at all, a retried request would take at least the retry waits; count attempts through
    // the timing of a policy with long waits instead.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let http = HttpClient::builder(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::new().base_delay(Duration::from_secs(5)).max_delay(Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    let request = Request::new(&UPDATE_APPOINTMENT, "/v1/practices/1/archives/2/appointments/3".into());
    let error = http.send_empty(request).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "PATCH was retried: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_post_with_consent_is_retried() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(503), 2, ok_patient()).await;
    let patient: Data<serde_json::Value> =
        client(&server.uri()).send_json(create_patient().retry_on_failure(true)).await.unwrap();
    assert_eq!(patient.into_inner()["id"], 5);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(|request| request.body == br#"{"firstName":"Anna"}"#), "same body every time");
}

#[tokio::test]
async fn a_patch_with_consent_is_retried() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(504), 1, ResponseTemplate::new(204)).await;
    let request = Request::new(&UPDATE_APPOINTMENT, "/v1/practices/1/archives/2/appointments/3".into())
        .json(&json!({"state": "confirmed"}))
        .unwrap()
        .retry_on_failure(true);
    client(&server.uri()).send_empty(request).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn non_retryable_statuses_are_not_retried() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(500), 10, ok_patient()).await;
    let error = client(&server.uri()).send_empty(get_patient()).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_429_with_retry_after_zero_is_retried() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(429).insert_header("retry-after", "0"), 1, ok_patient()).await;
    client(&server.uri()).send_empty(get_patient()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_with_a_past_http_date_is_retried() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(429).insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");
    failing_then(&server, answer, 1, ok_patient()).await;
    client(&server.uri()).send_empty(get_patient()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_asking_for_more_than_the_budget_gives_up_at_once() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(429).insert_header("retry-after", "3600"), 10, ok_patient()).await;
    let started = Instant::now();
    let error = client(&server.uri()).send_empty(get_patient()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_429_retry_after_is_read_in_seconds_not_replaced_by_the_backoff() {
    // The backoff alone would wait milliseconds and retry within the 500 ms budget; the server's one second
    // does not fit in it, so the client gives up at once (and the test does not sleep a second).
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(429).insert_header("retry-after", "1"), 1, ok_patient()).await;
    let http = HttpClient::builder(KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries().budget(Duration::from_millis(500)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = http.send_empty(get_patient()).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_time_budget_caps_retries() {
    let server = MockServer::start().await;
    failing_then(&server, ResponseTemplate::new(503), 100, ok_patient()).await;
    let http = HttpClient::builder(KEY)
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(100)
                .base_delay(Duration::from_millis(40))
                .multiplier(1.0)
                .budget(Duration::from_millis(200)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = http.send_empty(get_patient()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let attempts = server.received_requests().await.unwrap().len();
    // Waits of 20–40 ms within a 200 ms budget: between 5 and 11 attempts, far from 100.
    assert!((5..=11).contains(&attempts), "{attempts} attempts");
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
}
