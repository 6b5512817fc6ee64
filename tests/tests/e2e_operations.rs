//! Every one of the 39 operations of the AlfaDocs API, called through `alfadocs` against a loopback server
//! that checks the method, the exact path, the raw query, the headers and the exact JSON body, and answers
//! with realistic payloads carrying the vendor's quirks (string booleans and numbers, `""` and PHP zero dates,
//! `state: null`, unknown enum values, `schemeCodes` as `[]` or an object, `_custom` fields, the envelopes).
//! The decoded values are asserted, and the last check is that the operations exercised are exactly the 39
//! operation ids of `alfadocs-openapi.yaml`.

mod common;

use alfadocs::models::{
    AppointmentFirstVisit, AppointmentState, AppointmentType, BillDirection, BillType, CreateAppointmentBody,
    CreateAppointmentBodyType, CreateCustomObjectFieldBody, CreateDocumentBody, CreateDocumentBodyType,
    CreatePatientBody, CreatePatientBodyGender, CreatePatientPhoneNumberBody, CreateTransactionBody,
    CreateTransactionBodyDirection, CreateTransactionBodySistemaTsExpenseType, GetAppointmentsState, GetBillsDirection,
    GetBillsType, GetTransactionsDirection, PatientGender, TransactionDirection, TransactionSistemaTsExpenseType,
    UpdateAppointmentBody, UpdatePatientBody, UpdatePatientPhoneNumberBody,
};
use alfadocs::{Archive, Client};
use common::*;
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::ResponseTemplate;

/// Personal values the loopback server and the calls send, none of which a log line may show.
const SEEDED_PERSONAL: [&str; 16] = [
    "Giulia",
    "Bianchi",
    "giulia@example.it",
    "Luca",
    "Verdi",
    "luca.verdi@example.it",
    "1985-04-23",
    "80380001200012345678",
    "Mario",
    "RSSMRA80A01H501U",
    "segreteria@studiorossi.it",
    "Prima visita",
    "JVBERi0xLjQK",
    "Panoramica",
    "Radiografie",
    "3491234567",
];

#[tokio::test]
async fn all_39_operations_on_the_wire() {
    // Everything the client logs, at every level (bodies are logged at trace, personal fields masked).
    let (captured, _guard) = alfadocs_test_support::capture_traces();
    let wire = Wire::start().await;
    let client = wire.client();

    let archive = context_and_practice(&wire, &client).await;
    accounts_payment_types_specialties(&wire, &archive).await;
    chairs_colors_operators(&wire, &archive).await;
    booking_reasons_and_free_slots(&wire, &archive).await;
    appointments(&wire, &archive).await;
    bills_and_liabilities(&wire, &archive).await;
    care_plans(&wire, &archive).await;
    custom_object_fields(&wire, &archive).await;
    documents(&wire, &archive).await;
    patients(&wire, &archive).await;
    phone_numbers(&wire, &archive).await;
    transactions(&wire, &archive).await;

    let called: Vec<String> = wire.called().into_iter().map(str::to_owned).collect();
    let declared: Vec<String> = spec_operation_ids().into_iter().collect();
    assert_eq!(declared.len(), 39, "the vendor's document declares 39 operations: {declared:?}");
    assert_eq!(called, declared, "the operations exercised are exactly those of alfadocs-openapi.yaml");

    let trace = captured.text();
    assert!(trace.contains("response body"), "bodies are logged at trace level");
    assert!(trace.contains(r#""firstName":"***""#), "personal fields show masked");
    assert!(!trace.contains(KEY), "the trace shows the API key");
    for value in SEEDED_PERSONAL {
        let leak = trace.lines().find(|line| line.contains(value));
        assert!(leak.is_none(), "the trace shows the personal value {value}: {leak:?}");
    }
    // Dropping the server verifies every `.expect(n)`: each operation's request arrived, exactly as described.
}

async fn context_and_practice(wire: &Wire, client: &Client) -> Archive {
    wire.expect(
        get("getContext", "/v1/me".into(), ""),
        2,
        ok(json!({"status": "success", "data": {
            "practiceId": "7", "archiveId": 9, "userId": 131810, "userEmail": "segreteria@studiorossi.it"
        }})),
    )
    .await;
    let context = client.context().get_context().send().await.unwrap();
    assert_eq!(context.practice_id, Some(PRACTICE), "a number sent as a string");
    assert_eq!(context.archive_id, Some(ARCHIVE));
    assert_eq!(context.user_id, Some(131810));
    assert_eq!(context.user_email.as_deref(), Some("segreteria@studiorossi.it"));

    let archive = client.current_archive().await.unwrap();
    assert_eq!((archive.practice_id(), archive.archive_id()), (PRACTICE, ARCHIVE));

    wire.expect(
        get("getPractice", "/v1/practice".into(), ""),
        1,
        ok(json!({"status": "success", "data": {"id": "7", "name": "Studio Dentistico Rossi", "vatNumber": "IT0123"}})),
    )
    .await;
    let practice = client.practices().get_practice().send().await.unwrap();
    assert_eq!(practice.id, Some(7));
    assert_eq!(practice.name.as_deref(), Some("Studio Dentistico Rossi"));
    archive
}

async fn accounts_payment_types_specialties(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getAccounts", scoped("/accounts"), ""),
        1,
        ok(json!({"status": "success", "count": "2", "data": [
            {"id": 33963, "name": "Banca", "deleted": false},
            {"id": "33964", "name": "Cassa", "deleted": "1"}
        ]})),
    )
    .await;
    let accounts = archive.accounts().get_accounts().send().await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(
        (accounts[0].id, accounts[0].name.as_deref(), accounts[0].deleted),
        (Some(33963), Some("Banca"), Some(false))
    );
    assert_eq!((accounts[1].id, accounts[1].deleted), (Some(33964), Some(true)), "string id, \"1\" boolean");

    wire.expect(
        get("getPaymentTypes", scoped("/payment-types"), ""),
        1,
        ok(json!({"status": "success", "count": 2, "data": [{"id": 1, "name": "Contanti"}, {"id": "2", "name": "POS"}]})),
    )
    .await;
    let types = archive.payment_types().get_payment_types().send().await.unwrap();
    assert_eq!(types.iter().map(|t| t.id).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
    assert_eq!(types[1].name.as_deref(), Some("POS"));

    wire.expect(
        get("getSpecialties", scoped("/specialties"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{"id": 820, "name": "Odontoiatria"}]})),
    )
    .await;
    let specialties = archive.specialties().get_specialties().send().await.unwrap();
    assert_eq!((specialties[0].id, specialties[0].name.as_deref()), (Some(820), Some("Odontoiatria")));
}

async fn chairs_colors_operators(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getChairs", scoped("/chairs"), ""),
        1,
        ok(json!({"status": "success", "count": 2, "data": [{"id": 1917, "name": "Poltrona 1 Bologna"}, {"id": "1920", "name": "Poltrona 2 Faenza"}]})),
    )
    .await;
    let chairs = archive.chairs().get_chairs().send().await.unwrap();
    assert_eq!(chairs.iter().map(|c| c.id).collect::<Vec<_>>(), vec![Some(1917), Some(1920)]);
    assert_eq!(chairs[1].name.as_deref(), Some("Poltrona 2 Faenza"));

    wire.expect(
        get("getColors", scoped("/colors"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{"id": 185558, "name": "Igiene"}]})),
    )
    .await;
    let colors = archive.colors().get_colors().send().await.unwrap();
    assert_eq!((colors[0].id, colors[0].name.as_deref()), (Some(185558), Some("Igiene")));

    wire.expect(
        get("getOperators", scoped("/operators"), "ignoreDeleted=true&italianFiscalCode=RSSMRA80A01H501U"),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{
            "id": 62485, "name": "Dott. Mario Rossi", "firstName": "Mario", "lastName": "Rossi",
            "italianFiscalCode": "RSSMRA80A01H501U", "deleted": "false"
        }]})),
    )
    .await;
    let operators = archive
        .operators()
        .get_operators()
        .ignore_deleted(true)
        .italian_fiscal_code("RSSMRA80A01H501U")
        .send()
        .await
        .unwrap();
    assert_eq!(operators[0].id, Some(62485));
    assert_eq!(operators[0].last_name.as_deref(), Some("Rossi"));
    assert_eq!(operators[0].deleted, Some(false), "\"false\" is false");
}

async fn booking_reasons_and_free_slots(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getAppointmentBookingReasons", scoped("/appointment-booking-reasons"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{
            "id": 5, "specialtyId": 820, "description": "Visita di Controllo", "duration": "30",
            "sequenceNumber": "3", "createdAt": "2021-02-18 10:30:47", "deleted": false,
            "operatorIds": [177, 250, 370], "price": "125.12"
        }]})),
    )
    .await;
    let reasons = archive.appointment_booking_reasons().get_appointment_booking_reasons().send().await.unwrap();
    let reason = &reasons[0];
    assert_eq!(reason.id, Some(5));
    assert_eq!(reason.specialty_id, Some(820));
    assert_eq!(reason.duration, Some(30), "\"30\" is 30");
    assert_eq!(reason.sequence_number, Some(3));
    assert_eq!(reason.price, Some(125.12), "\"125.12\" is 125.12");
    assert_eq!(reason.created_at, Some(date_time(2021, 2, 18, 10, 30) + chrono::Duration::seconds(47)));
    assert_eq!(reason.operator_ids, Some(vec![177, 250, 370]));
    assert_eq!(reason.deleted, Some(false));

    wire.expect(
        get("getFreeSlots", scoped("/free-slots/2026-03-02"), "endDate=2026-03-06&duration=30&operatorIds=1,2,3"),
        1,
        ok(json!({"status": "success", "count": 2, "data": [
            {"startDate": "2026-03-02 09:00:00", "endDate": "2026-03-02 09:30:00", "operatorId": "1"},
            {"startDate": "2026-03-02T10:00:00", "endDate": "2026-03-02T10:30:00", "operatorId": 3}
        ]})),
    )
    .await;
    let slots = archive
        .free_slots()
        .get_free_slots(date(2026, 3, 2), 30)
        .end_date(date(2026, 3, 6))
        .operator_ids(vec![1, 2, 3])
        .send()
        .await
        .unwrap();
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[0].start_date, Some(date_time(2026, 3, 2, 9, 0)));
    assert_eq!(slots[0].end_date, Some(date_time(2026, 3, 2, 9, 30)));
    assert_eq!(slots[0].operator_id, Some(1));
    assert_eq!(slots[1].start_date, Some(date_time(2026, 3, 2, 10, 0)), "the ISO `T` form is read too");
}

async fn appointments(wire: &Wire, archive: &Archive) {
    wire.expect(
        get(
            "getAppointments",
            scoped("/appointments"),
            "dateStart=2026-03-02&dateEnd=2026-03-15&state=confirmed&patientId=42",
        ),
        1,
        ok(json!({"status": "success", "count": 2, "data": [
            {"id": 1001, "date": "2026-03-10 09:30:00", "patientId": 42, "carePlanId": null, "emailReminder": "true",
             "smsReminder": "0", "description": "Controllo", "allDay": false, "type": "inPractice", "state": null,
             "duration": "30", "colorId": 185558, "frequency": null, "recurrenceCount": null, "chairId": 1917,
             "operatorId": 62485, "createdThroughBooking": "false", "createdThroughApi": 1, "firstVisit": "yes"},
            {"id": "1002", "date": "2026-03-11 15:00:00", "patientId": "42", "type": "homeVisit",
             "state": "rescheduled", "firstVisit": "unknown", "duration": 45, "colorId": ""}
        ]})),
    )
    .await;
    let listed = archive
        .appointments()
        .get_appointments()
        .date_start(date(2026, 3, 2))
        .date_end(date(2026, 3, 15))
        .state(GetAppointmentsState::Confirmed)
        .patient_id(42)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let first = &listed[0];
    assert_eq!(first.id, Some(1001));
    assert_eq!(first.date, Some(date_time(2026, 3, 10, 9, 30)));
    assert_eq!(first.email_reminder, Some(true), "\"true\"");
    assert_eq!(first.sms_reminder, Some(false), "\"0\"");
    assert_eq!(first.created_through_api, Some(true), "1");
    assert_eq!(first.state, None, "state: null");
    assert_eq!(first.type_, Some(AppointmentType::InPractice));
    assert_eq!(first.first_visit, Some(AppointmentFirstVisit::Yes));
    assert_eq!(first.duration, Some(30));
    assert_eq!((first.chair_id, first.operator_id, first.care_plan_id), (Some(1917), Some(62485), None));
    let second = &listed[1];
    assert_eq!(second.state, Some(AppointmentState::Unknown("rescheduled".into())), "unknown values are kept");
    assert_eq!(second.type_, Some(AppointmentType::Unknown("homeVisit".into())));
    assert_eq!(second.first_visit, Some(AppointmentFirstVisit::Unknown2), "the vendor's own \"unknown\"");
    assert_eq!(second.color_id, None, "\"\" is absent");

    let body = CreateAppointmentBody::new(date_time(2026, 3, 12, 9, 30), 331903)
        .patient_id(42)
        .email_reminder(true)
        .sms_reminder(false)
        .description("Prima visita")
        .all_day(false)
        .type_(CreateAppointmentBodyType::InPractice)
        .duration(60)
        .state("confirmed")
        .chair_id(1917)
        .operator_id(62485);
    wire.expect(
        Expect {
            operation: "createAppointment",
            method: "POST",
            path: scoped("/appointments"),
            query: "",
            body: Some(json!({
                "date": "2026-03-12 09:30:00", "patientId": 42, "emailReminder": true, "smsReminder": false,
                "description": "Prima visita", "allDay": false, "type": "inPractice", "duration": 60,
                "state": "confirmed", "colorId": 331903, "chairId": 1917, "operatorId": 62485
            })),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 1003, "date": "2026-03-12 09:30:00", "patientId": "42",
            "createdThroughApi": "true", "firstVisit": "no", "state": "confirmed"}})),
    )
    .await;
    let created = archive.appointments().create_appointment(body).send().await.unwrap();
    assert_eq!(created.id, Some(1003));
    assert_eq!(created.created_through_api, Some(true));
    assert_eq!(created.first_visit, Some(AppointmentFirstVisit::No));
    assert_eq!(created.state, Some(AppointmentState::Confirmed));

    wire.expect(
        get("getAppointment", scoped("/appointments/1001"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 1001, "date": "2026-03-10 09:30:00", "allDay": "0",
            "state": "in_care", "carePlanId": "12", "duration": "30"}})),
    )
    .await;
    let one = archive.appointments().get_appointment(1001).send().await.unwrap();
    assert_eq!((one.id, one.all_day, one.care_plan_id), (Some(1001), Some(false), Some(12)));
    assert_eq!(one.state, Some(AppointmentState::InCare));

    let mut change = UpdateAppointmentBody::default();
    change.state = Some("waiting".into());
    change.date = Some(date_time(2026, 3, 10, 10, 0));
    wire.expect(
        Expect {
            operation: "updateAppointment",
            method: "PATCH",
            path: scoped("/appointments/1001"),
            query: "",
            body: Some(json!({"date": "2026-03-10 10:00:00", "state": "waiting"})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 1001, "date": "2026-03-10 10:00:00", "state": "waiting"}})),
    )
    .await;
    let updated = archive.appointments().update_appointment(1001, change).send().await.unwrap();
    assert_eq!(updated.state, Some(AppointmentState::Waiting));
    assert_eq!(updated.date, Some(date_time(2026, 3, 10, 10, 0)));

    wire.expect(
        get("getAppointmentCarePlanEntries", scoped("/appointments/1001/care-plan-entries"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{
            "id": 3, "entryId": "88", "label": "Igiene orale professionale", "price": "80.50",
            "discountedPrice": 72.45, "discountPercentage": "10", "createdAt": "2026-01-15 11:20:00",
            "done": "1", "dateDone": "", "deleted": false, "vatPercentage": "0", "udi": null
        }]})),
    )
    .await;
    let entries = archive.appointments().get_appointment_care_plan_entries(1001).send().await.unwrap();
    let entry = &entries[0];
    assert_eq!((entry.id, entry.entry_id), (Some(3), Some(88)));
    assert_eq!((entry.price, entry.discounted_price, entry.discount_percentage), (Some(80.5), Some(72.45), Some(10.0)));
    assert_eq!((entry.done, entry.date_done, entry.udi.as_deref()), (Some(true), None, None));
}

async fn bills_and_liabilities(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getBill", scoped("/bills/555"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 555, "date": "2026-02-01", "type": "full",
            "direction": "incoming", "carePlanId": "12"}})),
    )
    .await;
    let bill = archive.bills().get_bill(555).send().await.unwrap();
    assert_eq!((bill.id, bill.date, bill.care_plan_id), (Some(555), Some(date(2026, 2, 1)), Some(12)));
    assert_eq!((bill.type_, bill.direction), (Some(BillType::Full), Some(BillDirection::Incoming)));

    wire.expect(
        get(
            "getBills",
            scoped("/bills"),
            "dateStart=2026-01-01&dateEnd=2026-01-31&type=full&direction=incoming&carePlanId=12",
        ),
        1,
        ok(json!({"status": "success", "count": "2", "data": [
            {"id": 555, "date": "2026-01-10", "type": "full", "direction": "incoming"},
            {"id": 556, "date": "-0001-11-30", "type": "electronic", "direction": "outgoing", "carePlanId": ""}
        ]})),
    )
    .await;
    let bills = archive
        .bills()
        .get_bills()
        .date_start(date(2026, 1, 1))
        .date_end(date(2026, 1, 31))
        .type_(GetBillsType::Full)
        .direction(GetBillsDirection::Incoming)
        .care_plan_id(12)
        .send()
        .await
        .unwrap();
    assert_eq!(bills.len(), 2);
    assert_eq!(bills[1].date, None, "a PHP zero date is absent");
    assert_eq!(bills[1].type_, Some(BillType::Unknown("electronic".into())));
    assert_eq!(bills[1].care_plan_id, None);

    wire.expect(
        get("getBillLiabilities", scoped("/bills/555/liabilities"), ""),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{"id": "77", "billId": 555, "amount": "120.00"}]})),
    )
    .await;
    let liabilities = archive.bill_liabilities().get_bill_liabilities(555).send().await.unwrap();
    assert_eq!((liabilities[0].id, liabilities[0].bill_id), (Some(77), Some(555)));

    wire.expect(
        Expect {
            operation: "deleteBillLiability",
            method: "DELETE",
            path: scoped("/bills/555/liabilities/77"),
            query: "",
            body: None,
        },
        1,
        ok(json!({"status": "success"})),
    )
    .await;
    archive.bill_liabilities().delete_bill_liability(555, 77).send().await.unwrap();
}

async fn care_plans(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getCarePlan", scoped("/care-plans/12"), ""),
        1,
        ok(json!({"status": "success", "data": {
            "id": 12, "patientId": "42", "name": "Piano di cura 2026", "state": "accepted", "branch": "dentistry",
            "dateAccepted": "2026-01-10 12:00:00", "isSigned": "false", "background": "0", "price": "1250.50",
            "entriesCount": "4", "discountPercentage": 0, "createdAt": "2026-01-09 17:45:12",
            "schemeCodes": {
                "11": [{"code": "IMP", "done": "1", "entryId": "88", "elementId": 5, "classes": "implant"}],
                "general": [{"code": "GSE", "done": false}]
            }
        }})),
    )
    .await;
    let plan = archive.care_plans().get_care_plan(12).send().await.unwrap();
    assert_eq!((plan.id, plan.patient_id, plan.name.as_deref()), (Some(12), Some(42), Some("Piano di cura 2026")));
    assert_eq!((plan.is_signed, plan.background, plan.price), (Some(false), Some(false), Some(1250.5)));
    assert_eq!(plan.entries_count, Some(4));
    assert_eq!(plan.date_accepted, Some(date_time(2026, 1, 10, 12, 0)));
    let codes = plan.scheme_codes.expect("schemeCodes");
    assert_eq!(codes.keys().map(String::as_str).collect::<Vec<_>>(), vec!["11", "general"]);
    assert_eq!(codes["11"][0].code.as_deref(), Some("IMP"));
    assert_eq!((codes["11"][0].done, codes["11"][0].entry_id), (Some(true), Some(88)));
    assert_eq!(codes["general"][0].done, Some(false));

    wire.expect(
        get("getCarePlan", scoped("/care-plans/13"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 13, "name": "Vuoto", "state": null, "schemeCodes": []}})),
    )
    .await;
    let empty = archive.care_plans().get_care_plan(13).send().await.unwrap();
    assert_eq!(empty.scheme_codes.map(|codes| codes.len()), Some(0), "`[]` is an empty map");
    assert_eq!(empty.state, None);

    wire.expect(
        get("getCarePlanSignatureStatus", scoped("/care-plans/12/signature-status"), ""),
        1,
        ok(json!({"status": "success", "isSigned": "false"})),
    )
    .await;
    let signature = archive.care_plans().get_care_plan_signature_status(12).send().await.unwrap();
    assert_eq!(signature.is_signed, Some(false));

    wire.expect(
        get("getCarePlanEntry", scoped("/care-plans/12/care-plan-entries/3"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 3, "label": "Impianto", "price": "950", "done": "true",
            "dateDone": "2026-02-03 10:00:00", "numberOfExecutions": "1", "hasPhases": 0}})),
    )
    .await;
    let entry = archive.care_plan_entries().get_care_plan_entry(12, 3).send().await.unwrap();
    assert_eq!((entry.id, entry.price, entry.done), (Some(3), Some(950.0), Some(true)));
    assert_eq!(
        (entry.date_done, entry.number_of_executions, entry.has_phases),
        (Some(date_time(2026, 2, 3, 10, 0)), Some(1), Some(false))
    );
}

async fn custom_object_fields(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getCustomObjectFields", scoped("/custom-object-fields"), "objectType=patient"),
        1,
        ok(json!({"status": "success", "count": 1, "data": [{"id": "4", "objectType": "patient", "label": "Allergie",
            "technicalName": "_allergie", "type": "choice", "choices": ["lattice", "penicillina"]}]})),
    )
    .await;
    let fields = archive.custom_object_fields().get_custom_object_fields().object_type("patient").send().await.unwrap();
    assert_eq!((fields[0].id, fields[0].technical_name.as_deref()), (Some(4), Some("_allergie")));
    assert_eq!(fields[0].choices, Some(vec!["lattice".to_owned(), "penicillina".to_owned()]));

    let mut body = CreateCustomObjectFieldBody::default();
    body.object_type = Some("patient".into());
    body.label = Some("Fumatore".into());
    body.technical_name = Some("fumatore".into());
    body.type_ = Some("boolean".into());
    wire.expect(
        Expect {
            operation: "createCustomObjectField",
            method: "POST",
            path: scoped("/custom-object-fields"),
            query: "",
            body: Some(
                json!({"objectType": "patient", "label": "Fumatore", "technicalName": "fumatore", "type": "boolean"}),
            ),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 5, "objectType": "patient", "label": "Fumatore",
            "technicalName": "_fumatore", "type": "boolean"}})),
    )
    .await;
    let created = archive.custom_object_fields().create_custom_object_field(body).send().await.unwrap();
    assert_eq!((created.id, created.technical_name.as_deref()), (Some(5), Some("_fumatore")));
}

async fn documents(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getDocuments", scoped("/patients/42/documents"), ""),
        1,
        ok(json!({"status": "success", "count": 2, "data": [
            {"id": 900, "name": "Panoramica.jpg", "type": "xray", "createdAt": "2026-02-01 08:15:00",
             "downloadUrl": "https://app.alfadocs.com/api/v1/practices/7/archives/9/patients/42/documents/900/download"},
            {"id": "901", "name": "Consenso.pdf", "type": "other", "createdAt": ""}
        ]})),
    )
    .await;
    let listed = archive.document().get_documents(42).send().await.unwrap();
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), vec![Some(900), Some(901)]);
    assert_eq!(listed[0].created_at, Some(date_time(2026, 2, 1, 8, 15)));
    assert!(listed[0].download_url.as_deref().is_some_and(|url| url.ends_with("/documents/900/download")));
    assert_eq!(listed[1].created_at, None);

    // "%PDF-1.4\n" plus bytes that are not UTF-8: base64 done by the client.
    let content: Vec<u8> = b"%PDF-1.4\n\xff\xfe\x00\x01".to_vec();
    let body = CreateDocumentBody::new(content.clone(), CreateDocumentBodyType::Xray, "Panoramica 2026", "Radiografie");
    wire.expect(
        Expect {
            operation: "createDocument",
            method: "POST",
            path: scoped("/patients/42/documents"),
            query: "",
            body: Some(json!({"base64Data": "JVBERi0xLjQK//4AAQ==", "type": "xray", "name": "Panoramica 2026",
                "folderName": "Radiografie"})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 902, "name": "Panoramica 2026", "type": "xray"}})),
    )
    .await;
    let created = archive.document().create_document(42, body).send().await.unwrap();
    assert_eq!((created.id, created.type_.as_deref()), (Some(902), Some("xray")));

    wire.expect(
        get("getDocument", scoped("/patients/42/documents/900"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 900, "name": "Panoramica.jpg", "type": "xray",
            "createdAt": "2026-02-01T08:15:00"}})),
    )
    .await;
    let one = archive.document().get_document(42, 900).send().await.unwrap();
    assert_eq!((one.id, one.name.as_deref()), (Some(900), Some("Panoramica.jpg")));
    assert_eq!(one.created_at, Some(date_time(2026, 2, 1, 8, 15)));

    // Downloaded twice: as bytes, and as a stream of chunks.
    let file: Vec<u8> = (0..=255u8).cycle().take(64 * 1024 + 7).collect();
    wire.expect(
        // The documented type of the file, not JSON: a server that negotiates would refuse JSON (Prism does).
        get("downloadDocument", scoped("/patients/42/documents/900/download"), "")
            .accepting("application/octet-stream"),
        2,
        ResponseTemplate::new(200).set_body_raw(file.clone(), "application/pdf"),
    )
    .await;
    let bytes = archive.document().download_document(42, 900).send().await.unwrap();
    assert_eq!(bytes.as_ref(), file.as_slice());
    let stream = archive.document().download_document(42, 900).send_stream().await.unwrap();
    let chunks: Vec<alfadocs::Bytes> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), file, "the streamed chunks make up the file");
}

async fn patients(wire: &Wire, archive: &Archive) {
    wire.expect(
        get(
            "getPatients",
            scoped("/patients"),
            "phoneNumberPrefix=%2B39&phoneNumber=3491234567&italianFiscalCode=NON%20DISPONIBILE&offset=0&limit=50",
        ),
        1,
        ok(json!({"links": {"self": "x", "next": null}, "total": "1", "offset": 0, "limit": "50", "results": [{
            "id": 42, "firstName": "Giulia", "lastName": "Bianchi", "email": "giulia@example.it",
            "emailEnabled": false, "emailValid": true, "gender": null, "province": "", "dateBirth": "-0001-11-30",
            "italianFiscalCode": "NON DISPONIBILE", "defaultDiscount": "5.00",
            "phoneNumbers": [{"id": 1, "prefix": "+39", "number": "3491234567", "smsEnabled": "1"}]
        }]})),
    )
    .await;
    let page = archive
        .patients()
        .get_patients()
        .phone_number_prefix("+39")
        .phone_number("3491234567")
        .italian_fiscal_code("NON DISPONIBILE")
        .offset(0)
        .limit(50)
        .send()
        .await
        .unwrap();
    assert_eq!((page.total, page.offset, page.limit), (Some(1), Some(0), Some(50)));
    assert_eq!(page.links.next, None);
    let listed = &page.results[0];
    assert_eq!((listed.id, listed.first_name.as_deref()), (Some(42), Some("Giulia")));
    assert_eq!((listed.date_birth, listed.gender.clone()), (None, None), "a PHP zero date and null are absent");
    assert_eq!(listed.province.as_deref(), Some(""), "for text, `\"\"` is a value and kept as sent");
    assert_eq!(listed.italian_fiscal_code.as_deref(), Some("NON DISPONIBILE"), "placeholders are kept as sent");
    assert_eq!(listed.default_discount, Some(5.0));
    let phones = listed.phone_numbers.as_ref().expect("embedded phone numbers");
    assert_eq!((phones[0].prefix.as_deref(), phones[0].sms_enabled), (Some("+39"), Some(true)));

    let new = CreatePatientBody::new("Luca", "Verdi")
        .email("luca.verdi@example.it")
        .email_enabled(true)
        .gender(CreatePatientBodyGender::M)
        .date_of_birth(date(1985, 4, 23))
        .yearly_numbering_number(17)
        .sms_reminder_possible(false)
        .default_discount(7.5)
        .custom_field("allergie", json!(["lattice"]))
        .custom_field("_fumatore", false);
    wire.expect(
        Expect {
            operation: "createPatient",
            method: "POST",
            path: scoped("/patients"),
            query: "",
            body: Some(json!({
                "firstName": "Luca", "lastName": "Verdi", "email": "luca.verdi@example.it", "emailEnabled": true,
                "gender": "m", "dateOfBirth": "1985-04-23", "yearlyNumberingNumber": 17, "smsReminderPossible": false,
                "defaultDiscount": 7.5, "_allergie": ["lattice"], "_fumatore": false
            })),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 43, "firstName": "Luca", "lastName": "Verdi",
            "dateBirth": "1985-04-23", "gender": "m", "emailValid": "1", "_allergie": ["lattice"], "_fumatore": "0"}})),
    )
    .await;
    let created = archive.patients().create_patient(new).send().await.unwrap();
    assert_eq!((created.id, created.date_birth, created.email_valid), (Some(43), Some(date(1985, 4, 23)), Some(true)));
    assert_eq!(created.gender, Some(PatientGender::M));
    assert_eq!(created.custom_fields.get("allergie"), Some(&json!(["lattice"])));

    // Custom fields round trip: read with `_x` fields, sent back through updatePatient with the same keys.
    wire.expect(
        get("getPatient", scoped("/patients/42"), ""),
        1,
        ok(json!({"status": "success", "data": {
            "id": 42, "firstName": "Giulia", "lastName": "Bianchi", "email": "giulia@example.it",
            "emailEnabled": "true", "emailValid": "0", "gender": "x", "dateBirth": "1990-07-01",
            "createdAt": "2024-05-06 07:08:09", "lastModifiedAt": "",
            "_codiceTessera": "80380001200012345678", "_allergie": ["penicillina"], "_note": {"fumatore": true},
            "_consensoPrivacy": "1", "unknownNewField": 1
        }})),
    )
    .await;
    let patient = archive.patients().get_patient(42).send().await.unwrap();
    assert_eq!((patient.email_enabled, patient.email_valid), (Some(true), Some(false)));
    assert_eq!(patient.gender, Some(PatientGender::Unknown("x".into())));
    assert_eq!(patient.created_at, Some(date_time(2024, 5, 6, 7, 8) + chrono::Duration::seconds(9)));
    assert_eq!(patient.last_modified_at, None);
    let names: Vec<&str> = patient.custom_fields.iter().map(|(name, _)| name).collect();
    assert_eq!(names, vec!["_allergie", "_codiceTessera", "_consensoPrivacy", "_note"], "only `_` fields, all of them");

    let mut update = UpdatePatientBody::new(
        patient.first_name.clone().unwrap_or_default(),
        patient.last_name.clone().unwrap_or_default(),
    );
    update.email = Some("giulia.bianchi@example.it".into());
    update.date_of_birth = patient.date_birth;
    update.custom_fields = patient.custom_fields.clone();
    wire.expect(
        Expect {
            operation: "updatePatient",
            method: "PATCH",
            path: scoped("/patients/42"),
            query: "",
            body: Some(json!({
                "firstName": "Giulia", "lastName": "Bianchi", "email": "giulia.bianchi@example.it",
                "dateOfBirth": "1990-07-01",
                "_codiceTessera": "80380001200012345678", "_allergie": ["penicillina"], "_note": {"fumatore": true},
                "_consensoPrivacy": "1"
            })),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 42, "email": "giulia.bianchi@example.it",
            "_codiceTessera": "80380001200012345678"}})),
    )
    .await;
    let updated = archive.patients().update_patient(42, update).send().await.unwrap();
    assert_eq!(updated.email.as_deref(), Some("giulia.bianchi@example.it"));
    assert_eq!(updated.custom_fields.get("codiceTessera"), Some(&json!("80380001200012345678")));

    wire.expect(
        Expect { operation: "deletePatient", method: "DELETE", path: scoped("/patients/43"), query: "", body: None },
        1,
        ResponseTemplate::new(204),
    )
    .await;
    archive.patients().delete_patient(43).send().await.unwrap();
}

async fn phone_numbers(wire: &Wire, archive: &Archive) {
    wire.expect(
        get("getPatientPhoneNumbers", scoped("/patients/42/phone-numbers"), ""),
        1,
        ok(json!({"links": [], "total": "2", "offset": "0", "limit": 100, "results": [
            {"id": 1, "prefix": "+39", "number": "3491234567", "label": "cellulare", "smsEnabled": "true"},
            {"id": "2", "prefix": "+41", "number": "791234567", "label": "", "smsEnabled": 0}
        ]})),
    )
    .await;
    let page = archive.phone_numbers().get_patient_phone_numbers(42).send().await.unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(page.links.next, None, "`links: []` is no links");
    assert_eq!(page.results.iter().map(|p| p.sms_enabled).collect::<Vec<_>>(), vec![Some(true), Some(false)]);
    assert_eq!(page.results[1].label.as_deref(), Some(""));

    let new =
        CreatePatientPhoneNumberBody::default().prefix("+39").number("0544123456").label("casa").sms_enabled(false);
    wire.expect(
        Expect {
            operation: "createPatientPhoneNumber",
            method: "POST",
            path: scoped("/patients/42/phone-numbers"),
            query: "",
            body: Some(json!({"prefix": "+39", "number": "0544123456", "label": "casa", "smsEnabled": false})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": "3", "prefix": "+39", "number": "0544123456", "smsEnabled": "0"}})),
    )
    .await;
    let created = archive.phone_numbers().create_patient_phone_number(42, new).send().await.unwrap();
    assert_eq!((created.id, created.sms_enabled), (Some(3), Some(false)));

    wire.expect(
        get("getPatientPhoneNumber", scoped("/patients/42/phone-numbers/3"), ""),
        1,
        ok(json!({"status": "success", "data": {"id": 3, "prefix": "+39", "number": "0544123456", "label": "casa"}})),
    )
    .await;
    let one = archive.phone_numbers().get_patient_phone_number(42, 3).send().await.unwrap();
    assert_eq!((one.id, one.label.as_deref()), (Some(3), Some("casa")));

    let mut change = UpdatePatientPhoneNumberBody::default();
    change.sms_enabled = Some(true);
    wire.expect(
        Expect {
            operation: "updatePatientPhoneNumber",
            method: "PATCH",
            path: scoped("/patients/42/phone-numbers/3"),
            query: "",
            body: Some(json!({"smsEnabled": true})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 3, "smsEnabled": "true"}})),
    )
    .await;
    let updated = archive.phone_numbers().update_patient_phone_number(42, 3, change).send().await.unwrap();
    assert_eq!(updated.sms_enabled, Some(true));
}

async fn transactions(wire: &Wire, archive: &Archive) {
    wire.expect(
        get(
            "getTransactions",
            scoped("/transactions"),
            "dateStart=2026-01-01&dateEnd=2026-01-31&direction=outgoing&billId=555",
        ),
        1,
        ok(json!({"status": "success", "count": 2, "data": [
            {"id": 7001, "amount": "125.12", "date": "2026-01-15", "direction": "outgoing", "billId": "555",
             "accountId": 33963, "paymentTypeId": "2", "relatedToInsurance": "false", "sistemaTsExpenseType": "sp"},
            {"id": 7002, "amount": 30, "date": "", "direction": "refund", "sistemaTsExpenseType": "zz"}
        ]})),
    )
    .await;
    let listed = archive
        .transactions()
        .get_transactions()
        .date_start(date(2026, 1, 1))
        .date_end(date(2026, 1, 31))
        .direction(GetTransactionsDirection::Outgoing)
        .bill_id(555)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let first = &listed[0];
    assert_eq!((first.amount, first.date, first.bill_id), (Some(125.12), Some(date(2026, 1, 15)), Some(555)));
    assert_eq!(
        (first.related_to_insurance, first.sistema_ts_expense_type.clone()),
        (Some(false), Some(TransactionSistemaTsExpenseType::Sp))
    );
    assert_eq!((listed[1].amount, listed[1].date), (Some(30.0), None));
    assert_eq!(listed[1].direction, Some(TransactionDirection::Unknown("refund".into())));
    assert_eq!(listed[1].sistema_ts_expense_type, Some(TransactionSistemaTsExpenseType::Unknown("zz".into())));

    let mut body =
        CreateTransactionBody::new(125.12, date(2026, 1, 20), CreateTransactionBodyDirection::Incoming, 33963);
    body.bill_id = Some(555);
    body.payment_type_id = Some(2);
    body.related_to_insurance = Some(true);
    body.sistema_ts_expense_type = Some(CreateTransactionBodySistemaTsExpenseType::Sp);
    wire.expect(
        Expect {
            operation: "createTransaction",
            method: "POST",
            path: scoped("/transactions"),
            query: "",
            body: Some(json!({"amount": 125.12, "date": "2026-01-20", "direction": "incoming", "billId": 555,
                "accountId": 33963, "paymentTypeId": 2, "relatedToInsurance": true, "sistemaTsExpenseType": "sp"})),
        },
        1,
        ok(json!({"status": "success", "data": {"id": 7003, "amount": "125.12", "date": "2026-01-20",
            "direction": "incoming"}})),
    )
    .await;
    let created = archive.transactions().create_transaction(body).send().await.unwrap();
    assert_eq!(
        (created.id, created.amount, created.direction),
        (Some(7003), Some(125.12), Some(TransactionDirection::Incoming))
    );
}
