//! What the fake's suites share: a session that calls every operation of the API once through `alfadocs`.

// Each suite uses a different subset of these helpers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use alfadocs::Client;
use alfadocs::models::{
    CreateAppointmentBody, CreateAppointmentBodyType, CreateCustomObjectFieldBody, CreateDocumentBody,
    CreateDocumentBodyType, CreatePatientBody, CreatePatientPhoneNumberBody, CreateTransactionBody,
    CreateTransactionBodyDirection, UpdateAppointmentBody, UpdatePatientBody, UpdatePatientPhoneNumberBody,
};
use chrono::{Days, NaiveDate};

/// A plain HTTP client for raw requests to the fake. The workspace's reqwest has `rustls-no-provider` (the
/// runtime hands it a ring configuration of its own), so `reqwest::Client::new()` needs a process-wide
/// provider installed first, or it panics.
pub fn http() -> reqwest::Client {
    // Already installed by an earlier test of the same binary: nothing to do.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Calls every operation once through the client; all must succeed.
///
/// `today` is the date the fake takes for today; the practice and archive are the key's own.
pub async fn call_everything(client: &Client, today: NaiveDate) {
    let context = client.context().get_context().send().await.unwrap();
    let archive = client.current_archive().await.unwrap();
    assert_eq!((context.practice_id, context.archive_id), (Some(archive.practice_id()), Some(archive.archive_id())));
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
    assert!(page.links.next.as_deref().is_some_and(|next| next.starts_with("http://127.0.0.1:")));
    let mut body = CreatePatientBody::new("Anna", "Verdi");
    body.city = Some("Bologna".into());
    body.date_of_birth = NaiveDate::from_ymd_opt(1989, 10, 11);
    let created = archive.patients().create_patient(body).send().await.unwrap();
    let patient = created.id.unwrap();
    let read = archive.patients().get_patient(patient).send().await.unwrap();
    // Sent as `dateOfBirth`, read as `dateBirth`.
    assert_eq!((read.city.as_deref(), read.date_birth), (Some("Bologna"), NaiveDate::from_ymd_opt(1989, 10, 11)));
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
    let upload =
        CreateDocumentBody::new(b"%PDF-1.4 fake".to_vec(), CreateDocumentBodyType::Other, "referto.pdf", "Referti");
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
    let slots = archive.free_slots().get_free_slots(today, 30).send().await.unwrap();
    let slot = slots.first().unwrap();
    let start = slot.start_date.unwrap();
    let mut booking = CreateAppointmentBody::new(start, colors[0].id.unwrap());
    booking.patient_id = Some(patient);
    booking.operator_id = slot.operator_id;
    booking.duration = Some(30);
    booking.type_ = Some(CreateAppointmentBodyType::InPractice);
    let appointment = archive.appointments().create_appointment(booking).send().await.unwrap();
    let appointment_id = appointment.id.unwrap();
    assert_eq!(archive.appointments().get_appointment(appointment_id).send().await.unwrap().date, Some(start));
    let mut move_it = UpdateAppointmentBody::default();
    move_it.description = Some("Controllo annuale".into());
    let moved = archive.appointments().update_appointment(appointment_id, move_it).send().await.unwrap();
    assert_eq!((moved.description.as_deref(), moved.date), (Some("Controllo annuale"), Some(start)));
    let listed =
        archive.appointments().get_appointments().date_start(today).date_end(days(today, 29)).send().await.unwrap();
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
    for bill in archive.bills().get_bills().date_start(days_back(today, 30)).date_end(today).send().await.unwrap() {
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
    let payment = CreateTransactionBody::new(80.5, today, CreateTransactionBodyDirection::Incoming, 1);
    let transaction = archive.transactions().create_transaction(payment).send().await.unwrap();
    assert_eq!(transaction.amount, Some(80.5));

    archive.patients().delete_patient(patient).send().await.unwrap();
    assert!(operators.iter().any(|operator| operator.last_name.is_some()));
}

pub fn days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n)).unwrap()
}

pub fn days_back(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(n)).unwrap()
}
