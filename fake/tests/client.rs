//! The client against the fake: every operation of the description through `alfadocs`, and the flows an
//! integrator tests (patient lifecycle, booking a free slot, documents), in the vendor's dialect and in
//! strict mode.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use alfadocs::Error;
use alfadocs::description::API;
use alfadocs::models::{CreateAppointmentBody, CreatePatientBody, CreatePatientPhoneNumberBody, UpdatePatientBody};
use alfadocs_fake::{FakeAlfaDocs, Mode};
use chrono::{NaiveDate, NaiveDateTime};
use common::{call_everything, days, days_back};
use futures_util::TryStreamExt;

/// A Wednesday.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
}

async fn fake(mode: Mode) -> FakeAlfaDocs {
    FakeAlfaDocs::builder().today(today()).mode(mode).start().await.unwrap()
}

/// The operations the journal saw answered with 200.
fn answered(fake: &FakeAlfaDocs) -> BTreeSet<String> {
    fake.journal().into_iter().filter(|entry| entry.status == 200).filter_map(|entry| entry.operation).collect()
}

fn every_operation() -> BTreeSet<String> {
    API.operations().map(|(_, operation)| operation.id.to_owned()).collect()
}

#[tokio::test]
async fn every_operation_answers_in_the_vendors_dialect() {
    let fake = fake(Mode::Vendor).await;
    call_everything(&fake.client().unwrap(), today()).await;
    assert_eq!(answered(&fake), every_operation());
    assert!(fake.journal().iter().all(|entry| entry.status == 200), "{:?}", fake.journal());
}

#[tokio::test]
async fn every_operation_answers_in_strict_mode() {
    let fake = fake(Mode::Strict).await;
    call_everything(&fake.client().unwrap(), today()).await;
    assert_eq!(answered(&fake), every_operation());
}

#[tokio::test]
async fn a_patients_life_ends_in_a_404() {
    let fake = fake(Mode::Vendor).await;
    let archive = fake.archive().unwrap();
    let patients = archive.patients();
    let id = patients.create_patient(CreatePatientBody::new("Marco", "Bianchi")).send().await.unwrap().id.unwrap();
    let mut phone = CreatePatientPhoneNumberBody::default();
    phone.number = Some("3470000000".into());
    phone.prefix = Some("+39".into());
    archive.phone_numbers().create_patient_phone_number(id, phone).send().await.unwrap();
    let mut change = UpdatePatientBody::new("Marco", "Bianchi");
    change.email = Some("marco@example.test".into());
    patients.update_patient(id, change).send().await.unwrap();
    let patient = patients.get_patient(id).send().await.unwrap();
    assert_eq!(patient.email.as_deref(), Some("marco@example.test"));
    assert_eq!(patient.phone_numbers.as_ref().map(Vec::len), Some(1));
    let all: Vec<_> = patients.get_patients().limit(100).stream().try_collect().await.unwrap();
    assert!(all.iter().any(|listed| listed.id == Some(id)));
    assert!(all.len() > 300);
    patients.delete_patient(id).send().await.unwrap();
    match patients.get_patient(id).send().await {
        Err(Error::Status { status: 404, message, .. }) => assert_eq!(message, "Patient not found"),
        other => panic!("expected a 404, got {other:?}"),
    }
    match archive.phone_numbers().get_patient_phone_numbers(id).send().await {
        Err(Error::Status { status: 404, .. }) => {}
        other => panic!("expected a 404 for the deleted patient's phone numbers, got {other:?}"),
    }
}

#[tokio::test]
async fn a_booked_free_slot_shows_in_the_range_and_is_no_longer_free() {
    let fake = fake(Mode::Vendor).await;
    let archive = fake.archive().unwrap();
    let monday = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let free = archive.free_slots().get_free_slots(monday, 45).end_date(monday).send().await.unwrap();
    let slot = free.first().unwrap().clone();
    let start: NaiveDateTime = slot.start_date.unwrap();
    let mut booking = CreateAppointmentBody::new(start, 1);
    booking.operator_id = slot.operator_id;
    booking.duration = Some(45);
    booking.patient_id = Some(1);
    let booked = archive.appointments().create_appointment(booking).send().await.unwrap();
    let in_range = archive.appointments().get_appointments().date_start(monday).date_end(monday).send().await.unwrap();
    assert!(in_range.iter().any(|appointment| appointment.id == booked.id && appointment.date == Some(start)));
    let after = archive.free_slots().get_free_slots(monday, 45).end_date(monday).send().await.unwrap();
    assert!(!after.iter().any(|s| s.start_date == Some(start) && s.operator_id == slot.operator_id));
}

#[tokio::test]
async fn windows_longer_than_the_cap_are_refused_and_the_client_splits_them() {
    let fake = fake(Mode::Vendor).await;
    let archive = fake.archive().unwrap();
    let start = days_back(today(), 100);
    // A client that does not split: the vendor's refusal.
    let url = format!(
        "{}/v1/practices/{}/archives/{}/bills?dateStart={start}&dateEnd={}",
        fake.base_url(),
        fake.practice_id(),
        fake.archive_id(),
        today()
    );
    let raw = common::http().get(&url).header("X-Api-Key", fake.key()).send().await.unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    let refusal: serde_json::Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    let message = refusal["error"].as_str().unwrap();
    assert!(message.contains("maximum date range is 31 days"), "{message}");
    fake.clear_journal();
    // `alfadocs` splits the range into windows the vendor accepts.
    let all = archive.bills().get_bills().date_start(start).date_end(today()).send().await.unwrap();
    let ids: BTreeSet<i64> = all.iter().filter_map(|bill| bill.id).collect();
    assert_eq!(ids.len(), all.len());
    assert!(all.len() > 31);
    let windows = fake.journal().iter().filter(|entry| entry.operation.as_deref() == Some("getBills")).count();
    assert_eq!(windows, 4, "four windows of at most 31 days");
    // Without dates, the default ranges the page states.
    let recent = archive.bills().get_bills().send().await.unwrap();
    assert!(!recent.is_empty());
    assert!(recent.iter().all(|bill| bill.date.is_some_and(|date| date > days_back(today(), 31) && date <= today())));
    let coming = archive.appointments().get_appointments().send().await.unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 3, 22).unwrap(); // the Sunday after today, plus 14 days
    assert!(!coming.is_empty());
    assert!(coming.iter().all(|a| a.date.is_some_and(|at| at.date() >= today() && at.date() <= last)));
    assert!(coming.iter().any(|a| a.date.is_some_and(|at| at.date() > days(today(), 11))));
}

#[tokio::test]
async fn the_key_is_required_and_never_journaled() {
    let fake = fake(Mode::Vendor).await;
    let wrong = alfadocs::Client::builder("not-the-key").base_url(fake.base_url()).build().unwrap();
    match wrong.context().get_context().send().await {
        Err(Error::Status { status: 401, message, .. }) => assert_eq!(message, "Authentication required"),
        other => panic!("expected 401, got {other:?}"),
    }
    fake.archive().unwrap().chairs().get_chairs().send().await.unwrap();
    let journal = fake.journal();
    assert_eq!(journal.len(), 2);
    assert!(!format!("{fake:?}").contains(fake.key()));
    for entry in &journal {
        assert_eq!(entry.header("x-api-key"), Some(alfadocs_fake::MASK));
        assert!(!format!("{entry:?}").contains(fake.key()));
    }
}

#[tokio::test]
async fn reset_and_reseed_bring_the_seeded_data_back() {
    let fake = fake(Mode::Vendor).await;
    let archive = fake.archive().unwrap();
    let before = fake.counts();
    archive.patients().delete_patient(1).send().await.unwrap();
    assert!(archive.patients().get_patient(1).send().await.is_err());
    fake.reset();
    assert_eq!(fake.counts(), before);
    let first = archive.patients().get_patient(1).send().await.unwrap();
    fake.reseed(99);
    let other = fake.archive().unwrap().patients().get_patient(1).send().await.unwrap();
    assert_ne!(
        (first.first_name, first.last_name, first.italian_fiscal_code),
        (other.first_name, other.last_name, other.italian_fiscal_code)
    );
}
