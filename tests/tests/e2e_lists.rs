//! Lists that span several requests, through `alfadocs`: `.stream()` over patients across pages (an absolute
//! `links.next` on the server, then the offset/limit fallback), and appointments over a 95-day range split
//! into the API's 30-day windows, each item yielded once.

mod common;

use common::*;
use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::test]
async fn patients_stream_follows_links_next_then_falls_back_to_offsets() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let patient = |id: i64, last: &str| json!({"id": id, "firstName": "Paziente", "lastName": last, "emailValid": "1"});
    let next = format!("{}{}?offset=2&limit=2", wire.server.uri(), scoped("/patients"));

    // Page 1: the caller's request; `links.next` is an absolute URL on the same server.
    wire.expect(
        get("getPatients", scoped("/patients"), "limit=2"),
        1,
        ok(json!({"links": {"self": "ignored", "next": next}, "total": "5", "offset": 0, "limit": 2,
            "results": [patient(1, "Rossi"), patient(2, "Bianchi")]})),
    )
    .await;
    // Page 2: reached through links.next, as given; no next link, so the total and offset take over.
    wire.expect(
        get("getPatients", scoped("/patients"), "offset=2&limit=2"),
        1,
        ok(json!({"links": {"next": null}, "total": 5, "offset": "2", "limit": "2",
            "results": [patient(3, "Verdi"), patient(4, "Neri")]})),
    )
    .await;
    // Page 3: the first request again with `offset` advanced past the 4 results seen.
    wire.expect(
        get("getPatients", scoped("/patients"), "limit=2&offset=4"),
        1,
        ok(json!({"links": [], "total": 5, "offset": 4, "limit": 2, "results": [patient(5, "Gialli")]})),
    )
    .await;

    let patients: Vec<alfadocs::models::Patient> =
        archive.patients().get_patients().limit(2).stream().try_collect().await.unwrap();
    let ids: Vec<Option<i64>> = patients.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![Some(1), Some(2), Some(3), Some(4), Some(5)], "every patient once, in order");
    assert_eq!(patients[4].last_name.as_deref(), Some("Gialli"));
    assert!(patients.iter().all(|p| p.email_valid == Some(true)));
}

#[tokio::test]
async fn a_stream_of_one_page_without_links_or_total_sends_one_request() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    wire.expect(
        get("getPatients", scoped("/patients"), "italianFiscalCode=RSSMRA80A01H501U"),
        1,
        ok(json!({"results": [{"id": 42, "lastName": "Rossi"}]})),
    )
    .await;
    let patients: Vec<alfadocs::models::Patient> =
        archive.patients().get_patients().italian_fiscal_code("RSSMRA80A01H501U").stream().try_collect().await.unwrap();
    assert_eq!(patients.len(), 1);
    assert_eq!(patients[0].id, Some(42));
}

#[tokio::test]
async fn appointments_over_95_days_are_fetched_in_30_day_windows_each_item_once() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let appointment =
        |id: i64, at: &str| json!({"id": id, "date": at, "patientId": 42, "state": null, "duration": "30"});
    // 2026-01-01 … 2026-04-05 is 95 days: four windows of at most 30 days, consecutive, no overlap.
    let windows = [
        (
            "2026-01-01",
            "2026-01-30",
            vec![appointment(1, "2026-01-05 09:00:00"), appointment(2, "2026-01-30 18:00:00")],
        ),
        // The vendor may return an item of the window's edge twice: id 2 again.
        (
            "2026-01-31",
            "2026-03-01",
            vec![appointment(2, "2026-01-30 18:00:00"), appointment(3, "2026-02-14 10:00:00")],
        ),
        ("2026-03-02", "2026-03-31", vec![]),
        ("2026-04-01", "2026-04-05", vec![appointment(4, "2026-04-05 08:30:00")]),
    ];
    for (start, end, items) in windows {
        wire.expect(
            get("getAppointments", scoped("/appointments"), &format!("dateStart={start}&dateEnd={end}&patientId=42")),
            1,
            ok(json!({"status": "success", "count": items.len(), "data": items})),
        )
        .await;
    }
    let appointments: Vec<alfadocs::models::Appointment> = archive
        .appointments()
        .get_appointments()
        .date_start(date(2026, 1, 1))
        .date_end(date(2026, 4, 5))
        .patient_id(42)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<Option<i64>> = appointments.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![Some(1), Some(2), Some(3), Some(4)], "each appointment once, in window order");
    assert_eq!(appointments[3].date, Some(date_time(2026, 4, 5, 8, 30)));
    assert!(appointments.iter().all(|a| a.state.is_none() && a.duration == Some(30)));

    // The windows, as the server saw them.
    let seen: Vec<String> = wire
        .server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|request| request.url.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        seen,
        vec![
            "dateStart=2026-01-01&dateEnd=2026-01-30&patientId=42",
            "dateStart=2026-01-31&dateEnd=2026-03-01&patientId=42",
            "dateStart=2026-03-02&dateEnd=2026-03-31&patientId=42",
            "dateStart=2026-04-01&dateEnd=2026-04-05&patientId=42",
        ]
    );
}

#[tokio::test]
async fn transactions_over_two_months_use_31_day_windows_and_send_collects_them() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    for (start, end, id) in [("2026-01-01", "2026-01-31", 1), ("2026-02-01", "2026-02-28", 2)] {
        wire.expect(
            get("getTransactions", scoped("/transactions"), &format!("dateStart={start}&dateEnd={end}&direction=incoming")),
            1,
            ok(json!({"status": "success", "count": 1, "data": [{"id": id, "amount": "10.5", "direction": "incoming"}]})),
        )
        .await;
    }
    let transactions = archive
        .transactions()
        .get_transactions()
        .date_start(date(2026, 1, 1))
        .date_end(date(2026, 2, 28))
        .direction(alfadocs::models::GetTransactionsDirection::Incoming)
        .send()
        .await
        .unwrap();
    assert_eq!(
        transactions.iter().map(|t| (t.id, t.amount)).collect::<Vec<_>>(),
        vec![(Some(1), Some(10.5)), (Some(2), Some(10.5))]
    );
}

#[tokio::test]
async fn a_range_that_ends_before_it_starts_is_invalid_input_and_sends_nothing() {
    let wire = Wire::start().await;
    let archive = wire.client().archive(PRACTICE, ARCHIVE);
    let error = archive
        .appointments()
        .get_appointments()
        .date_start(date(2026, 2, 1))
        .date_end(date(2026, 1, 1))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, alfadocs::Error::InvalidInput { .. }), "{error:?}");
    assert!(wire.server.received_requests().await.unwrap_or_default().is_empty());
}
