//! Every model of `alfadocs` (and the envelopes the responses come in) decoded from arbitrary bytes with
//! `serde_json::from_slice`: a value or an error, never a panic.

#![no_main]

use alfadocs::Page;
use alfadocs::models;
use alfadocs_runtime::envelope::{Data, List};
use libfuzzer_sys::fuzz_target;

/// Decodes `data` as `T`, alone and in each envelope; a decoded value must serialize.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let _ = serde_json::to_vec(&value);
    }
    let _ = serde_json::from_slice::<Data<T>>(data);
    let _ = serde_json::from_slice::<List<T>>(data);
    let _ = serde_json::from_slice::<Page<T>>(data);
}

fuzz_target!(|data: &[u8]| {
    decode::<models::Account>(data);
    decode::<models::Appointment>(data);
    decode::<models::AppointmentBookingReason>(data);
    decode::<models::AppointmentFirstVisit>(data);
    decode::<models::AppointmentState>(data);
    decode::<models::AppointmentType>(data);
    decode::<models::Bill>(data);
    decode::<models::BillLiability>(data);
    decode::<models::BillType>(data);
    decode::<models::CarePlan>(data);
    decode::<models::CarePlanEntry>(data);
    decode::<models::CarePlanSignatureStatus>(data);
    decode::<models::Chair>(data);
    decode::<models::Color>(data);
    decode::<models::Context>(data);
    decode::<models::CreateAppointmentBody>(data);
    decode::<models::CreateCustomObjectFieldBody>(data);
    decode::<models::CreateDocumentBody>(data);
    decode::<models::CreatePatientBody>(data);
    decode::<models::CreatePatientPhoneNumberBody>(data);
    decode::<models::CreateTransactionBody>(data);
    decode::<models::CustomObjectField>(data);
    decode::<models::Direction>(data);
    decode::<models::Document>(data);
    decode::<models::DocumentType>(data);
    decode::<models::FreeSlot>(data);
    decode::<models::Operator>(data);
    decode::<models::Patient>(data);
    decode::<models::PatientGender>(data);
    decode::<models::PaymentType>(data);
    decode::<models::PhoneNumber>(data);
    decode::<models::Practice>(data);
    decode::<models::SchemeCode>(data);
    decode::<models::Specialty>(data);
    decode::<models::Transaction>(data);
    decode::<models::TransactionSistemaTsExpenseType>(data);
    decode::<models::UpdateAppointmentBody>(data);
    decode::<models::UpdatePatientBody>(data);
    decode::<models::UpdatePatientPhoneNumberBody>(data);
});
