//! Every model of `alfadocs` (and the envelopes the responses come in) decoded from arbitrary bytes with
//! `serde_json::from_slice`: a value or an error, never a panic; a value read is written in a form that reads
//! back as the same value (compared as JSON; this crate turns on serde_json's `float_roundtrip`, so that a float
//! written reads back exactly).

#![no_main]

use alfadocs::Page;
use alfadocs::models;
use alfadocs_runtime::envelope::{Data, List};
use libfuzzer_sys::fuzz_target;

/// Decodes `data` as `T`, alone and in each envelope; a decoded value must be written in a form that reads back
/// and is written again the same.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let written = match serde_json::to_vec(&value) {
            Ok(written) => written,
            Err(error) => panic!("{}: read but not written: {error}", std::any::type_name::<T>()),
        };
        let again = match serde_json::from_slice::<T>(&written) {
            Ok(again) => again,
            Err(error) => panic!(
                "{}: written as {} which does not read back: {error}",
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&written)
            ),
        };
        let first = serde_json::to_value(&value).ok();
        let second = serde_json::to_value(&again).ok();
        assert_eq!(first, second, "{}: written as {}", std::any::type_name::<T>(), String::from_utf8_lossy(&written));
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
