//! The harness measures what it claims to: its bodies read, quirks and all, through the `alfadocs` models and
//! through the plain baseline alike, and the loopback server answers the generated client page after page.

use alfadocs::models::{Appointment, Patient};
use alfadocs_bench::fixtures::{self, ARCHIVE_ID, PATIENT_INDEX, PRACTICE_ID};
use alfadocs_bench::plain;
use alfadocs_bench::server::Server;
use alfadocs_runtime::envelope::{Data, List};
use futures_util::TryStreamExt;

#[test]
fn bodies_read_through_both_decoders() {
    let patient: Patient = serde_json::from_slice::<Data<Patient>>(&fixtures::patient_body()).unwrap().into_inner();
    let baseline: plain::Data<plain::Patient> = serde_json::from_slice(&fixtures::patient_body()).unwrap();
    assert_eq!(patient.id, Some(fixtures::patient_id(PATIENT_INDEX)));
    assert_eq!(patient.id, baseline.data.id);
    assert!(patient.custom_fields.get("tesseraSanitaria").is_some());

    let appointments: Vec<Appointment> =
        serde_json::from_slice::<List<Appointment>>(&fixtures::appointments_body()).unwrap().into_inner();
    let baseline: plain::List<plain::Appointment> = serde_json::from_slice(&fixtures::appointments_body()).unwrap();
    assert_eq!(appointments.len() as u64, fixtures::APPOINTMENTS);
    assert_eq!(baseline.data.len(), appointments.len());
    assert!(appointments.iter().all(|appointment| appointment.date.is_some()));
}

#[test]
fn the_quirks_are_read_not_skipped() {
    let body = fixtures::patients_page(400, 0, 400, |offset| format!("http://127.0.0.1/?offset={offset}"));
    let page: alfadocs::Page<Patient> = serde_json::from_slice(&body).unwrap();
    let results = &page.results;
    // "true"/"false" and "1"/"0" become booleans; "" and the PHP zero date become no date.
    assert!(results.iter().any(|p| p.email_reminder_possible == Some(true)));
    assert!(results.iter().any(|p| p.sms_reminder_possible == Some(false)));
    assert!(results.iter().any(|p| p.date_birth.is_some()));
    assert!(results.iter().any(|p| p.date_birth.is_none()));
    assert!(results.iter().all(|p| p.created_at.is_some() && p.last_modified_at.is_some()));
    assert!(results.iter().all(|p| p.yearly_numbering_number.is_some() && p.price_list_id == Some(12)));
    assert!(results.iter().all(|p| p.custom_fields.len() == 3));
}

#[test]
fn the_generated_client_reads_the_loopback_server() {
    let server = Server::start().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = alfadocs::Client::builder("test-key").base_url(server.base_url(250)).build().unwrap();
        let archive = client.archive(PRACTICE_ID, ARCHIVE_ID);
        let id = fixtures::patient_id(PATIENT_INDEX);
        assert_eq!(archive.patients().get_patient(id).send().await.unwrap().id, Some(id));
        let first = archive.patients().get_patients().limit(100).send().await.unwrap();
        assert_eq!(first.results.len(), 100);
        let all: Vec<Patient> = archive.patients().get_patients().limit(100).stream().try_collect().await.unwrap();
        assert_eq!(all.len(), 250);
        assert_eq!(all.last().and_then(|patient| patient.id), Some(fixtures::patient_id(249)));
    });
}
