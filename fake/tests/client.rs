//! The client against the fake: every operation of the description through `alfadocs`, and the flows an
//! integrator tests (patient lifecycle, booking a free slot, documents), in the vendor's dialect and in
//! strict mode.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use alfadocs::Error;
use alfadocs::description::API;
use alfadocs::models::{
    AppointmentType, CreateAppointmentBody, CreateCustomObjectFieldBody, CreateDocumentBody, CreatePatientBody,
    CreatePatientPhoneNumberBody, CreateTransactionBody, Direction, DocumentType, UpdateAppointmentBody,
    UpdatePatientBody, UpdatePatientPhoneNumberBody,
};
use alfadocs_fake::{FakeAlfaDocs, Mode};
use chrono::{Days, NaiveDate, NaiveDateTime};
use futures_util::TryStreamExt;

/// A Wednesday.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
}

async fn fake(mode: Mode) -> FakeAlfaDocs {
    FakeAlfaDocs::builder().today(today()).mode(mode).start().await.unwrap()
}

/// Calls every operation once through the client; all must succeed.
async fn call_everything(fake: &FakeAlfaDocs) {
    let client = fake.client().unwrap();
    let context = client.context().get_context().send().await.unwrap();
    assert_eq!((context.practice_id, context.archive_id), (Some(fake.practice_id()), Some(fake.archive_id())));
    let archive = client.current_archive().await.unwrap();
    assert_eq!(archive.practice_id(), fake.practice_id());
    assert!(client.practices().get_practice().send().await.unwrap().name.is_some());

    assert!(!archive.accounts().get_accounts().send().await.unwrap().is_empty());
    let reasons = archive.appointment_booking_reasons().get_appointment_booking_reasons().send().await.unwrap();
    assert!(reasons.iter().any(|reason| reason.duration == Some(30)));
    assert!(!archive.chairs().get_chairs().send().await.unwrap().is_empty());
    let colors = archive.colors().get_colors().send().await.unwrap();
    let operators = archive.operators().get_operators().send().await.unwrap();
    assert!(!archive.payment_types().get_payment_types().send().await.unwrap().is_empty());
    assert!(!archive.specialties().get_specialties().send().await.unwrap().is_empty());
    assert!(!archive.custom_object_fields().get_custom_object_fields().send().await.unwrap().is_empty());
    let mut field = CreateCustomObjectFieldBody::default();
    field.object_type = Some("patient".into());
    field.label = Some("Note".into());
    field.technical_name = Some("_note".into());
    let field = archive.custom_object_fields().create_custom_object_field(field).send().await.unwrap();
    assert_eq!(field.label.as_deref(), Some("Note"));

    // Patients and their phone numbers.
    let page = archive.patients().get_patients().limit(10).send().await.unwrap();
    assert_eq!(page.results.len(), 10);
    assert!(page.links.next.as_deref().is_some_and(|next| next.starts_with(fake.base_url())));
    let mut body = CreatePatientBody::new("Anna", "Verdi");
    body.city = Some("Bologna".into());
    let created = archive.patients().create_patient(body).send().await.unwrap();
    let patient = created.id.unwrap();
    assert_eq!(archive.patients().get_patient(patient).send().await.unwrap().city.as_deref(), Some("Bologna"));
    let mut change = UpdatePatientBody::new("Anna", "Verdi");
    change.job = Some("Insegnante".into());
    let updated = archive.patients().update_patient(patient, change).send().await.unwrap();
    assert_eq!((updated.job.as_deref(), updated.city.as_deref()), (Some("Insegnante"), Some("Bologna")));
    let mut phone = CreatePatientPhoneNumberBody::default();
    phone.prefix = Some("+39".into());
    phone.number = Some("3331234567".into());
    let phone = archive.phone_numbers().create_patient_phone_number(patient, phone).send().await.unwrap();
    let phone_id = phone.id.unwrap();
    let phones = archive.phone_numbers().get_patient_phone_numbers(patient).send().await.unwrap();
    assert_eq!(phones.results.len(), 1);
    let got = archive.phone_numbers().get_patient_phone_number(patient, phone_id).send().await.unwrap();
    assert_eq!(got.number.as_deref(), Some("3331234567"));
    let mut phone_change = UpdatePatientPhoneNumberBody::default();
    phone_change.label = Some("Lavoro".into());
    let changed =
        archive.phone_numbers().update_patient_phone_number(patient, phone_id, phone_change).send().await.unwrap();
    assert_eq!((changed.label.as_deref(), changed.number.as_deref()), (Some("Lavoro"), Some("3331234567")));

    // Documents.
    let upload = CreateDocumentBody::new(b"%PDF-1.4 fake".to_vec(), DocumentType::Other, "referto.pdf", "Referti");
    let document = archive.document().create_document(patient, upload).send().await.unwrap();
    let document_id = document.id.unwrap();
    assert_eq!(archive.document().get_documents(patient).send().await.unwrap().len(), 1);
    assert_eq!(
        archive.document().get_document(patient, document_id).send().await.unwrap().name.as_deref(),
        Some("referto.pdf")
    );
    let bytes = archive.document().download_document(patient, document_id).send().await.unwrap();
    assert_eq!(&bytes[..], b"%PDF-1.4 fake");

    // Appointments, free slots, care plans.
    let slots = archive.free_slots().get_free_slots(today(), 30).send().await.unwrap();
    let slot = slots.first().unwrap();
    let start = slot.start_date.unwrap();
    let mut booking = CreateAppointmentBody::new(start, colors[0].id.unwrap());
    booking.patient_id = Some(patient);
    booking.operator_id = slot.operator_id;
    booking.duration = Some(30);
    booking.type_ = Some(AppointmentType::InPractice);
    let appointment = archive.appointments().create_appointment(booking).send().await.unwrap();
    let appointment_id = appointment.id.unwrap();
    assert_eq!(archive.appointments().get_appointment(appointment_id).send().await.unwrap().date, Some(start));
    let mut move_it = UpdateAppointmentBody::default();
    move_it.description = Some("Controllo annuale".into());
    let moved = archive.appointments().update_appointment(appointment_id, move_it).send().await.unwrap();
    assert_eq!((moved.description.as_deref(), moved.date), (Some("Controllo annuale"), Some(start)));
    let listed =
        archive.appointments().get_appointments().date_start(today()).date_end(days(today(), 29)).send().await.unwrap();
    assert!(listed.iter().any(|item| item.id == Some(appointment_id)));
    archive.appointments().get_appointment_care_plan_entries(1).send().await.unwrap();
    let plan = archive.care_plans().get_care_plan(1).send().await.unwrap();
    let status = archive.care_plans().get_care_plan_signature_status(1).send().await.unwrap();
    assert_eq!(status.is_signed, plan.is_signed);
    assert!(archive.care_plan_entries().get_care_plan_entry(1, 1).send().await.unwrap().label.is_some());

    // Bills, liabilities, transactions.
    let bills = archive.bills().get_bills().send().await.unwrap();
    assert!(!bills.is_empty());
    let bill = archive.bills().get_bill(bills[0].id.unwrap()).send().await.unwrap();
    assert_eq!(bill.id, bills[0].id);
    let mut with_liability = None;
    for bill in archive.bills().get_bills().date_start(days_back(today(), 30)).date_end(today()).send().await.unwrap() {
        let liabilities = archive.bill_liabilities().get_bill_liabilities(bill.id.unwrap()).send().await.unwrap();
        if let Some(liability) = liabilities.first() {
            with_liability = Some((bill.id.unwrap(), liability.id.unwrap()));
            break;
        }
    }
    let (bill_id, liability_id) = with_liability.expect("a bill of the last 31 days with a liability");
    archive.bill_liabilities().delete_bill_liability(bill_id, liability_id).send().await.unwrap();
    let left = archive.bill_liabilities().get_bill_liabilities(bill_id).send().await.unwrap();
    assert!(left.iter().all(|liability| liability.id != Some(liability_id)));
    assert!(!archive.transactions().get_transactions().send().await.unwrap().is_empty());
    let payment = CreateTransactionBody::new(80.5, today(), Direction::Incoming, 1);
    let transaction = archive.transactions().create_transaction(payment).send().await.unwrap();
    assert_eq!(transaction.amount, Some(80.5));

    archive.patients().delete_patient(patient).send().await.unwrap();
    assert!(operators.iter().any(|operator| operator.last_name.is_some()));
}

fn days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n)).unwrap()
}

fn days_back(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(n)).unwrap()
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
    call_everything(&fake).await;
    assert_eq!(answered(&fake), every_operation());
    assert!(fake.journal().iter().all(|entry| entry.status == 200), "{:?}", fake.journal());
}

#[tokio::test]
async fn every_operation_answers_in_strict_mode() {
    let fake = fake(Mode::Strict).await;
    call_everything(&fake).await;
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
    let raw = alfadocs::runtime::reqwest::Client::new().get(&url).header("X-Api-Key", fake.key()).send().await.unwrap();
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
