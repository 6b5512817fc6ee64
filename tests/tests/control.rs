//! The client's control surface on loopback servers: per-request options (each seen on the wire or in the
//! error it ends with), the raw answer, hooks, and their reach into every request of a stream.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alfadocs::{Client, Error, Hook, HookRequest, HookResponse, RequestOptions, RetryPolicy};
use common::{ARCHIVE, KEY, PRACTICE, client_for, fast_retries, ok, read_raw_request, scoped};
use futures_util::TryStreamExt;
use serde_json::json;
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A loopback server that reads every request and never answers; its base URL and how many requests it read.
async fn stalling_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                while read_raw_request(&mut stream).await.is_some() {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });
    (url, seen)
}

fn patient(id: i64) -> serde_json::Value {
    json!({"id": id, "firstName": "Test", "lastName": format!("Patient {id}")})
}

/// A client whose own timeout and retries would keep a stalled call going for a long time.
fn patient_client(base: &str, policy: RetryPolicy) -> Client {
    Client::builder(KEY).base_url(base).timeout(Duration::from_secs(30)).retry_policy(policy).build().unwrap()
}

#[tokio::test]
async fn a_deadline_ends_a_stalled_call_in_time_whatever_the_retry_policy() {
    let (url, seen) = stalling_server().await;
    let generous = RetryPolicy::new().max_attempts(10).budget(Duration::from_secs(120));
    for policy in [generous, RetryPolicy::none()] {
        let archive = patient_client(&url, policy).archive(PRACTICE, ARCHIVE);
        let started = Instant::now();
        let result = archive.patients().get_patient(1).deadline(Duration::from_secs(1)).send().await;
        let took = started.elapsed();
        assert!(
            matches!(&result, Err(Error::Timeout { operation, after, .. }) if *operation == "getPatient" && *after == Duration::from_secs(1)),
            "{result:?}"
        );
        // Not a timing assertion: only that the deadline, not the 30 s timeout, ended it.
        assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(10), "{took:?}");
    }
    assert!(seen.load(Ordering::SeqCst) >= 2);
}

#[tokio::test]
async fn a_request_timeout_and_retry_policy_replace_the_clients() {
    let (url, seen) = stalling_server().await;
    let archive = patient_client(&url, fast_retries()).archive(PRACTICE, ARCHIVE);
    let result = archive
        .patients()
        .get_patient(1)
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .send()
        .await;
    assert!(matches!(&result, Err(Error::Timeout { after, .. }) if *after == Duration::from_millis(300)), "{result:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1, "RetryPolicy::none() sends once");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/1")))
        .respond_with(ResponseTemplate::new(503))
        .expect(4)
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let once = archive.patients().get_patient(1).retry_policy(RetryPolicy::none()).send().await;
    assert_eq!(once.as_ref().map_err(Error::status).err(), Some(Some(503)));
    // The client's policy (3 attempts) where the request sets none.
    let thrice = archive.patients().get_patient(1).send().await;
    assert_eq!(thrice.map_err(|error| error.status()).err(), Some(Some(503)));
}

#[tokio::test]
async fn extra_headers_reach_the_wire_and_bad_ones_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/1")))
        .and(header("x-request-id", "import-7"))
        .and(header("x-trace", "a"))
        .respond_with(ok(json!({"status": "success", "data": patient(1)})))
        .expect(1)
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let found = archive
        .patients()
        .get_patient(1)
        .header("X-Request-Id", "import-7")
        .options(RequestOptions::new().header("X-Trace", "a"))
        .send()
        .await
        .unwrap();
    assert_eq!(found.id, Some(1));

    for (name, value) in [("X-Api-Key", "another"), ("bad name", "v"), ("X-Ok", "line\nbreak")] {
        let error = archive.patients().get_patient(1).header(name, value).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert!(!error.to_string().contains("another"), "{error}");
    }
}

#[tokio::test]
async fn options_reach_every_request_of_a_paginated_stream() {
    let server = MockServer::start().await;
    let next = format!("{}{}?offset=1", server.uri(), scoped("/patients"));
    Mock::given(method("GET"))
        .and(path(scoped("/patients")))
        .and(query_param("offset", "1"))
        .and(header("x-request-id", "sync"))
        .respond_with(ok(json!({"links": {}, "total": 2, "offset": 1, "results": [patient(2)]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients")))
        .and(header("x-request-id", "sync"))
        .respond_with(ok(json!({"links": {"next": next}, "total": 2, "offset": 0, "results": [patient(1)]})))
        .expect(1)
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let all: Vec<_> =
        archive.patients().get_patients().header("X-Request-Id", "sync").stream().try_collect().await.unwrap();
    assert_eq!(all.iter().map(|patient| patient.id).collect::<Vec<_>>(), [Some(1), Some(2)]);
}

#[tokio::test]
async fn options_reach_every_window_of_a_windowed_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/appointments")))
        .and(header("x-request-id", "windows"))
        .respond_with(ok(json!({"status": "success", "count": 0, "data": []})))
        .expect(3)
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let all = archive
        .appointments()
        .get_appointments()
        .date_start(common::date(2026, 1, 1))
        .date_end(common::date(2026, 3, 5))
        .header("X-Request-Id", "windows")
        .send()
        .await
        .unwrap();
    assert!(all.is_empty());
}

#[tokio::test]
async fn a_stream_deadline_bounds_the_whole_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients")))
        .and(query_param("offset", "1"))
        .respond_with(ok(json!({"total": 2, "offset": 1, "results": [patient(2)]})).set_delay(Duration::from_secs(20)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients")))
        .respond_with(ok(json!({"total": 2, "offset": 0, "results": [patient(1)]})))
        .mount(&server)
        .await;
    let archive = patient_client(&server.uri(), RetryPolicy::none()).archive(PRACTICE, ARCHIVE);
    let started = Instant::now();
    let mut items = Box::pin(archive.patients().get_patients().stream_deadline(Duration::from_secs(1)).stream());
    assert_eq!(items.try_next().await.unwrap().and_then(|patient| patient.id), Some(1));
    let error = items.try_next().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { after, .. } if after == Duration::from_secs(1)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(items.try_next().await.unwrap().is_none(), "the stream ends after its deadline");
}

#[tokio::test]
async fn the_raw_answer_has_the_status_headers_and_body_the_server_sent() {
    let server = MockServer::start().await;
    let body = json!({"status": "success", "data": patient(5)});
    Mock::given(method("GET"))
        .and(path(scoped("/patients/5")))
        .respond_with(
            ResponseTemplate::new(203)
                .insert_header("x-ratelimit-remaining", "41")
                .insert_header("content-type", "application/json")
                .set_body_json(&body),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/6")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "Patient not found"})))
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let answer = archive.patients().get_patient(5).send_with_response().await.unwrap();
    assert_eq!(answer.status(), 203);
    assert_eq!(answer.headers().get("X-RateLimit-Remaining"), Some("41"));
    assert_eq!(answer.headers().get("content-type"), Some("application/json"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(answer.body()).unwrap(), body);
    assert_eq!(answer.value().last_name.as_deref(), Some("Patient 5"));
    let shown = format!("{answer:?}");
    assert!(shown.contains("bytes>"), "the body shows only its length: {shown}");

    // Failures keep the typed path.
    let error = archive.patients().get_patient(6).send_with_response().await.unwrap_err();
    assert!(
        matches!(&error, Error::Status { status: 404, message, .. } if message == "Patient not found"),
        "{error:?}"
    );
}

/// Counts what it sees and adds a header to every request.
#[derive(Default)]
struct Counting {
    requests: AtomicU32,
    answers: AtomicU32,
    last_attempt: AtomicU32,
    saw_masked_key: AtomicU32,
}

impl Hook for Counting {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.last_attempt.store(request.attempt(), Ordering::SeqCst);
        if request.header("x-api-key") == Some("***") && !format!("{request:?}").contains(KEY) {
            self.saw_masked_key.fetch_add(1, Ordering::SeqCst);
        }
        request.set_header("X-Hooked", &format!("attempt-{}", request.attempt()), false)
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        if response.status().is_some() {
            self.answers.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[tokio::test]
async fn a_hook_sees_every_attempt_and_its_header_reaches_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/1")))
        .and(header("x-hooked", "attempt-3"))
        .respond_with(ok(json!({"status": "success", "data": patient(1)})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/1")))
        .respond_with(ResponseTemplate::new(503))
        .expect(2)
        .mount(&server)
        .await;
    let counting = Arc::new(Counting::default());
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .hook(counting.clone())
        .build()
        .unwrap();
    let found = client.archive(PRACTICE, ARCHIVE).patients().get_patient(1).send().await.unwrap();
    assert_eq!(found.id, Some(1));
    assert_eq!(counting.requests.load(Ordering::SeqCst), 3, "two 503s and the success");
    assert_eq!(counting.answers.load(Ordering::SeqCst), 3);
    assert_eq!(counting.last_attempt.load(Ordering::SeqCst), 3);
    assert_eq!(counting.saw_masked_key.load(Ordering::SeqCst), 3, "the hook never sees the key");
}

struct Refusing;

impl Hook for Refusing {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
        if request.method() == alfadocs::Method::Get { Ok(()) } else { Err("read-only mode".to_owned()) }
    }
}

/// Sends the key of the moment, not the client's.
struct Rotating(std::sync::RwLock<String>);

impl Hook for Rotating {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
        let key = self.0.read().map_err(|_| "poisoned".to_owned())?.clone();
        request.set_api_key(key)
    }
}

#[tokio::test]
async fn hooks_refuse_requests_and_rotate_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/patients/1")))
        .and(header("x-api-key", "rotated-key-2"))
        .respond_with(ok(json!({"status": "success", "data": patient(1)})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .hook(Refusing)
        .hook(Rotating(std::sync::RwLock::new("rotated-key-2".to_owned())))
        .build()
        .unwrap();
    let archive = client.archive(PRACTICE, ARCHIVE);
    assert!(archive.patients().get_patient(1).send().await.is_ok());
    let body = serde_json::from_value(json!({"firstName": "A", "lastName": "B"})).unwrap();
    let error = archive.patients().create_patient(body).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Refused { operation, reason, .. } if *operation == "createPatient" && reason == "read-only mode"),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.iter().all(|request| request.method.as_str() == "GET"), "the refused POST was not sent");
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Insurer {
    id: i64,
    name: String,
}

#[derive(Debug, serde::Deserialize)]
struct Insurers {
    data: Vec<Insurer>,
}

#[tokio::test]
async fn the_escape_hatch_reaches_a_path_no_operation_has_with_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(scoped("/insurers")))
        .and(query_param("limit", "50"))
        .and(query_param("kind", "dental"))
        .and(header("x-api-key", KEY))
        .and(header("accept", "application/json"))
        .and(header("x-request-id", "raw-1"))
        .respond_with(ok(json!({"status": "success", "data": [{"id": 3, "name": "Cassa"}]})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(scoped("/insurers")))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let archive = client.archive(PRACTICE, ARCHIVE);
    let listed: Insurers = archive
        .raw(alfadocs::Method::Get, "/v1/practices/{practiceId}/archives/{archiveId}/insurers?kind=dental")
        .query("limit", &50)
        .header("X-Request-Id", "raw-1")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.data, [Insurer { id: 3, name: "Cassa".into() }]);

    // An absolute URL under the base URL is as good as a path, and the raw answer comes with it.
    let absolute = format!("{}{}?kind=dental&limit=50", server.uri(), scoped("/insurers"));
    let answer = client
        .raw(alfadocs::Method::Get, &absolute)
        .header("X-Request-Id", "raw-1")
        .send_with_response::<Insurers>()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.value().data.len(), 1);

    // The client's rules hold: a POST is not retried unasked, and errors are the client's.
    let error =
        archive.raw(alfadocs::Method::Post, &scoped("/insurers")).json(&json!({"name": "x"})).send_empty().await;
    let error = error.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.operation(), Some("raw"));
}

#[tokio::test]
async fn the_escape_hatch_refuses_other_origins_and_paths_that_climb_out() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ok(json!({}))).expect(0).mount(&elsewhere).await;
    Mock::given(wiremock::matchers::any()).respond_with(ok(json!({}))).expect(0).mount(&server).await;
    let client = Client::builder(KEY).base_url(format!("{}/api", server.uri())).build().unwrap();
    for target in [
        format!("{}/api/v1/me", elsewhere.uri()),
        "http://example.com/api/v1/me".to_owned(),
        format!("{}/v1/me", server.uri()),
        "/v1/../../admin".to_owned(),
        "/v1/%2e%2e/x".to_owned(),
        "v1/me".to_owned(),
        "/v1/me#frag".to_owned(),
        "/v1\\..\\admin".to_owned(),
    ] {
        let error = client.raw(alfadocs::Method::Get, &target).send::<serde_json::Value>().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{target}: {error:?}");
        common::assert_no_key(&error);
    }
}

#[tokio::test]
async fn a_404_on_an_inferred_path_names_the_escape_hatch_and_one_on_a_seen_path_does_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "Not found"})))
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);

    let inferred = archive.accounts().get_accounts().send().await.unwrap_err();
    let shown = inferred.to_string();
    assert_eq!(inferred.status(), Some(404));
    assert!(shown.contains("inferred, not seen in traffic"), "{shown}");
    assert!(shown.contains("raw(Method::Get"), "{shown}");
    assert!(shown.contains("docs/spec-provenance.md"), "{shown}");
    assert!(matches!(&inferred, Error::Status { unconfirmed_path: Some(_), .. }));

    let guessed = archive.free_slots().get_free_slots(common::date(2026, 1, 5), 30).send().await.unwrap_err();
    assert!(guessed.to_string().contains("a guess, not seen in traffic"), "{guessed}");

    let seen = archive.patients().get_patient(1).send().await.unwrap_err();
    let shown = seen.to_string();
    assert_eq!(seen.status(), Some(404));
    assert_eq!(shown, "getPatient: HTTP 404 Not Found: Not found");
    assert!(!shown.contains("raw(") && !shown.contains("provenance"), "{shown}");
}

#[tokio::test]
async fn vendor_error_messages_do_not_echo_the_personal_values_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(scoped("/patients")))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "error": "Patient Zefiro Quattrocchi (zefiro.q@example.it) already exists"
        })))
        .mount(&server)
        .await;
    let archive = client_for(&server).archive(PRACTICE, ARCHIVE);
    let body = serde_json::from_value(json!({
        "firstName": "Zefiro", "lastName": "Quattrocchi", "email": "zefiro.q@example.it"
    }))
    .unwrap();
    let error = archive.patients().create_patient(body).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Status { message, .. } if message == "Patient *** *** (***) already exists"),
        "{error:?}"
    );
}
