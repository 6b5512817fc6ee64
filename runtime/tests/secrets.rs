//! The API key never appears in any Debug or Display output, error, or tracing output — even when the server
//! echoes it back.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use alfadocs_runtime::envelope::Data;
use alfadocs_runtime::{ApiKey, ClientBuilder, Error, HttpClient, Request, RetryPolicy};
use alfadocs_test_support::capture_traces;
use common::*;
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assert_no_key(what: &str, text: &str) {
    assert!(!text.contains(KEY), "{what} shows the API key: {text}");
}

fn show(error: &Error) -> String {
    format!("{error} | {error:?} | {error:#?}")
}

/// A server whose answers put the key everywhere they can: error bodies, HTML titles, JSON bodies that fail to
/// decode, headers.
async fn echoing_server() -> MockServer {
    let server = MockServer::start().await;
    let echo =
        |status: u16, body: String| ResponseTemplate::new(status).set_body_string(body).insert_header("x-echo", KEY);
    let routes = [
        ("1", echo(401, json!({"error": format!("Invalid key {KEY}")}).to_string())),
        ("2", echo(500, format!("<html><head><title>Error for {KEY}</title></head></html>"))),
        ("3", echo(200, format!(r#"{{"status":"success","data":{{"id":"{KEY}"}}}}"#))),
        ("4", echo(418, format!("plain text with {KEY} inside"))),
        ("5", echo(503, String::new())),
    ];
    for (id, answer) in routes {
        Mock::given(method("GET")).and(path(format!("{PATIENTS_PATH}/{id}"))).respond_with(answer).mount(&server).await;
    }
    Mock::given(method("GET"))
        .and(path(format!("{PATIENTS_PATH}/6")))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    server
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Numbered {
    id: i64,
}

#[test]
fn debug_of_key_builder_and_client_hides_the_key() {
    assert_eq!(format!("{:?}", ApiKey::from(KEY)), "ApiKey(***)");
    let builder: ClientBuilder = HttpClient::builder(KEY);
    assert_no_key("ClientBuilder", &format!("{builder:?} {builder:#?}"));
    let client = builder.build().unwrap();
    assert_no_key("HttpClient", &format!("{client:?} {client:#?}"));
    let request = Request::new(&GET_PATIENTS, PATIENTS_PATH.into());
    assert_no_key("Request", &format!("{request:?}"));
}

#[tokio::test(flavor = "current_thread")]
async fn no_error_and_no_trace_line_holds_the_key() {
    let (captured, _guard) = capture_traces();

    let server = echoing_server().await;
    let http = HttpClient::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let get = |id: &str| Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/{id}"));

    let mut errors = Vec::new();
    for id in ["1", "2", "3", "4", "5", "6"] {
        errors.push(http.send_json::<Data<Numbered>>(get(id)).await.unwrap_err());
    }
    errors.push(http.send_empty(get("")).await.unwrap_err()); // invalid input
    let refused_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = HttpClient::builder(KEY)
        .base_url(format!("http://127.0.0.1:{refused_port}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(refused.send_empty(get("1")).await.unwrap_err());
    errors.push(HttpClient::builder(KEY).base_url("::").build().unwrap_err());
    errors.push(HttpClient::builder(format!("{KEY}\u{7f}")).build().unwrap_err());
    errors.push(http.send_stream(get("1")).await.unwrap_err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Status { .. } => "status",
            Error::Decode { .. } => "decode",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            Error::InvalidInput { .. } => "invalid input",
            Error::Config { .. } => "config",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "status",
            "status",
            "decode",
            "status",
            "status",
            "timeout",
            "invalid input",
            "transport",
            "config",
            "config",
            "status"
        ]
    );
    for error in &errors {
        assert_no_key("an error", &show(error));
    }
    // The server's words are kept, with the key blotted out.
    assert!(show(&errors[0]).contains("Invalid key ***"), "{}", show(&errors[0]));
    assert!(show(&errors[1]).contains("Error for ***"), "{}", show(&errors[1]));
    assert!(show(&errors[2]).contains("***"), "{}", show(&errors[2]));

    let trace = captured.text();
    assert_no_key("tracing output", &trace);
    // The span carries what it promises.
    assert!(trace.contains("alfadocs.request"), "{trace}");
    assert!(trace.contains("operation=\"getPatient\""), "{trace}");
    assert!(trace.contains("method=\"GET\""), "{trace}");
    assert!(trace.contains("path=\"/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}\""), "{trace}");
    assert!(trace.contains("status=503"), "{trace}");
    assert!(trace.contains("attempt=3"), "{trace}");
    assert!(trace.contains("retrying"), "{trace}");
}

#[tokio::test]
async fn stream_errors_hold_no_key() {
    let server = echoing_server().await;
    let http = client(&server.uri());
    let items: Vec<Result<Numbered, Error>> =
        alfadocs_runtime::paginate::stream(http, Request::new(&GET_PATIENT, format!("{PATIENTS_PATH}/1")))
            .collect()
            .await;
    assert_eq!(items.len(), 1);
    assert_no_key("a pagination error", &show(items[0].as_ref().unwrap_err()));
}
