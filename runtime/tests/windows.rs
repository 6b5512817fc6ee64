//! `windows::stream` on a real loopback server: a long date range split into the vendor's windows.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use alfadocs_runtime::envelope::List;
use alfadocs_runtime::{Error, NaiveDate, Request, windows};
use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Appointment {
    id: Option<i64>,
    window: String,
}

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, month, day).unwrap()
}

fn request(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Request {
    let mut request = Request::new(&GET_APPOINTMENTS, APPOINTMENTS_PATH.into());
    if let Some(start) = start {
        request = request.query("dateStart", &start);
    }
    if let Some(end) = end {
        request = request.query("dateEnd", &end);
    }
    request
}

/// Answers each window with two appointments: one id unique to the window, and id 1000, which every window
/// returns (an appointment straddling windows, or edited between requests); plus one without id.
async fn appointment_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &wiremock::Request| {
            let start = request.url.query_pairs().find(|(k, _)| k == "dateStart").map(|(_, v)| v.into_owned());
            let window = format!("{start:?}");
            let unique = start.as_deref().map_or(0, |s| s.replace('-', "").parse::<i64>().unwrap());
            ResponseTemplate::new(200).set_body_json(json!({
                "status": "success",
                "count": 3,
                "data": [
                    {"id": unique, "window": window},
                    {"id": 1000, "window": window},
                    {"id": null, "window": window},
                ]
            }))
        })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_95_day_range_is_four_30_day_windows_and_every_item_comes_once() {
    let server = appointment_server().await;
    let items: Vec<Appointment> = windows::stream::<List<Appointment>, _, _>(
        client(&server.uri()),
        Some(day(1, 1)),
        Some(day(4, 4)),
        30,
        request,
        |item: &Appointment| item.id,
    )
    .try_collect()
    .await
    .unwrap();

    let received = server.received_requests().await.unwrap();
    let windows: Vec<String> = received.iter().map(|request| request.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(
        windows,
        vec![
            "dateStart=2024-01-01&dateEnd=2024-01-30",
            "dateStart=2024-01-31&dateEnd=2024-02-29",
            "dateStart=2024-03-01&dateEnd=2024-03-30",
            "dateStart=2024-03-31&dateEnd=2024-04-04",
        ]
    );
    let ids: Vec<Option<i64>> = items.iter().map(|item| item.id).collect();
    assert_eq!(
        ids,
        vec![Some(20240101), Some(1000), None, Some(20240131), None, Some(20240301), None, Some(20240331), None,],
        "id 1000 once, items without a key every time, in window order"
    );
}

#[tokio::test]
async fn an_open_range_is_one_request_as_given() {
    let server = appointment_server().await;
    let items: Vec<Appointment> = windows::stream::<List<Appointment>, _, _>(
        client(&server.uri()),
        Some(day(1, 1)),
        None,
        30,
        request,
        |item: &Appointment| item.id,
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 3);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.query(), Some("dateStart=2024-01-01"));
}

#[tokio::test]
async fn a_range_that_ends_before_it_starts_is_invalid_input_and_sends_nothing() {
    let server = appointment_server().await;
    let results: Vec<Result<Appointment, Error>> = windows::stream::<List<Appointment>, _, _>(
        client(&server.uri()),
        Some(day(2, 1)),
        Some(day(1, 1)),
        30,
        request,
        |item: &Appointment| item.id,
    )
    .collect()
    .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(Error::InvalidInput { .. })), "{:?}", results[0]);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn windows_are_fetched_as_the_stream_is_read_and_stop_at_the_first_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": [{"id": 1, "window": "a"}]})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "Maximum range is 31 days"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let mut stream = Box::pin(windows::stream::<List<Appointment>, _, _>(
        client(&server.uri()),
        Some(day(1, 1)),
        Some(day(12, 31)),
        31,
        request,
        |item: &Appointment| item.id,
    ));
    assert_eq!(stream.next().await.unwrap().unwrap().id, Some(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert!(error.to_string().contains("Maximum range is 31 days"));
    assert!(stream.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
