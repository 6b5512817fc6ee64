//! The baseline: what a developer writes by hand with serde for the same responses.
//!
//! Same field names and nesting as the `alfadocs` models, every field an `Option` of the JSON type the fixtures
//! send in it (so `"true"` stays a `String`, `"2021-02-18 10:30:47"` stays a `String`): serde reads the bytes
//! and does nothing more. That is the cheapest decoding of these bodies there is, which is what "overhead"
//! should be measured against. The custom fields are named (a hand-written integration knows its practice's
//! fields); [`PatientFlatten`] is the variant that keeps unknown `_` fields in a map with `#[serde(flatten)]`,
//! and [`PatientLenient`] the one that reads like the `alfadocs` model but names its custom fields.

use std::collections::BTreeMap;

use alfadocs_runtime::wire::lenient;
use alfadocs_runtime::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::Value;

/// `{"status":"success","data":…}`.
#[derive(Debug, Deserialize)]
pub struct Data<T> {
    /// `"success"`.
    pub status: Option<String>,
    /// The resource.
    pub data: T,
}

/// `{"status":"success","count":N,"data":[…]}`.
#[derive(Debug, Deserialize)]
pub struct List<T> {
    /// `"success"`.
    pub status: Option<String>,
    /// The number of items.
    pub count: Option<i64>,
    /// The items.
    pub data: Vec<T>,
}

/// `{"links":{…},"total":N,"offset":O,"limit":L,"results":[…]}`.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    /// `self` and `next`.
    pub links: Option<Links>,
    /// Results in the whole list.
    pub total: Option<i64>,
    /// Where this page starts.
    pub offset: Option<i64>,
    /// The page size asked for.
    pub limit: Option<i64>,
    /// The page.
    pub results: Vec<T>,
}

/// The `links` of a page.
#[derive(Debug, Deserialize)]
pub struct Links {
    /// This page.
    #[serde(rename = "self")]
    pub this: Option<String>,
    /// The next page, absent on the last one.
    pub next: Option<String>,
}

/// A phone number embedded in a patient.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// `id`.
    pub id: Option<i64>,
    /// `prefix`, e.g. `+39`.
    pub prefix: Option<String>,
    /// `number`.
    pub number: Option<String>,
}

/// A patient, with its custom fields named.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs, reason = "the fields are the wire's names, one for one")]
pub struct Patient {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub email_enabled: Option<bool>,
    pub email_valid: Option<bool>,
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    pub gender: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub province: Option<String>,
    pub date_birth: Option<String>,
    pub place_of_birth: Option<String>,
    pub italian_fiscal_code: Option<String>,
    pub job: Option<String>,
    pub yearly_numbering_year: Option<String>,
    pub yearly_numbering_number: Option<String>,
    pub default_discount: Option<String>,
    pub source_id: Option<i64>,
    pub price_list_id: Option<String>,
    pub email_reminder_possible: Option<String>,
    pub sms_reminder_possible: Option<String>,
    pub created_at: Option<String>,
    pub document_signature_email_possible: Option<String>,
    pub last_modified_at: Option<String>,
    #[serde(rename = "_allergie")]
    pub allergie: Option<String>,
    #[serde(rename = "_tesseraSanitaria")]
    pub tessera_sanitaria: Option<String>,
    #[serde(rename = "_consensoMarketing")]
    pub consenso_marketing: Option<String>,
}

/// A patient whose custom fields land in a map through `#[serde(flatten)]`: the usual hand-written way to keep
/// fields one does not know in advance, shown to tell the cost of `flatten` from the cost of lenient reading.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs, reason = "the fields are the wire's names, one for one")]
pub struct PatientFlatten {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub email_enabled: Option<bool>,
    pub email_valid: Option<bool>,
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    pub gender: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub province: Option<String>,
    pub date_birth: Option<String>,
    pub place_of_birth: Option<String>,
    pub italian_fiscal_code: Option<String>,
    pub job: Option<String>,
    pub yearly_numbering_year: Option<String>,
    pub yearly_numbering_number: Option<String>,
    pub default_discount: Option<String>,
    pub source_id: Option<i64>,
    pub price_list_id: Option<String>,
    pub email_reminder_possible: Option<String>,
    pub sms_reminder_possible: Option<String>,
    pub created_at: Option<String>,
    pub document_signature_email_possible: Option<String>,
    pub last_modified_at: Option<String>,
    #[serde(flatten)]
    pub custom_fields: BTreeMap<String, Value>,
}

/// An appointment.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs, reason = "the fields are the wire's names, one for one")]
pub struct Appointment {
    pub id: Option<i64>,
    pub patient_id: Option<i64>,
    pub operator_id: Option<i64>,
    pub care_plan_id: Option<i64>,
    pub date: Option<String>,
    pub email_reminder: Option<String>,
    pub sms_reminder: Option<String>,
    pub description: Option<String>,
    pub all_day: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub state: Option<String>,
    pub duration: Option<String>,
    pub color_id: Option<i64>,
    pub frequency: Option<String>,
    pub recurrence_count: Option<i64>,
    pub chair_id: Option<i64>,
    pub created_through_booking: Option<String>,
    pub created_through_api: Option<String>,
    pub first_visit: Option<String>,
}

/// A patient read as the `alfadocs` model reads it — the same field types (`bool`, `i64`, `NaiveDate`,
/// `NaiveDateTime`, the open `PatientGender` enum) through the runtime's lenient readers — but with its custom
/// fields named instead of collected by `#[serde(flatten)]`. Between the plain baseline and the model, it tells
/// what the lenient readers cost from what the flattened custom fields cost.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs, reason = "the fields are the wire's names, one for one")]
pub struct PatientLenient {
    #[serde(default, with = "lenient")]
    pub id: Option<i64>,
    #[serde(default, with = "lenient")]
    pub first_name: Option<String>,
    #[serde(default, with = "lenient")]
    pub last_name: Option<String>,
    #[serde(default, with = "lenient")]
    pub email: Option<String>,
    #[serde(default, with = "lenient")]
    pub email_enabled: Option<bool>,
    #[serde(default, with = "lenient")]
    pub email_valid: Option<bool>,
    #[serde(default)]
    pub phone_numbers: Option<Vec<alfadocs::models::PhoneNumber>>,
    #[serde(default)]
    pub gender: Option<alfadocs::models::PatientGender>,
    #[serde(default, with = "lenient")]
    pub street: Option<String>,
    #[serde(default, with = "lenient")]
    pub city: Option<String>,
    #[serde(default, with = "lenient")]
    pub postcode: Option<String>,
    #[serde(default, with = "lenient")]
    pub province: Option<String>,
    #[serde(default, with = "lenient")]
    pub date_birth: Option<NaiveDate>,
    #[serde(default, with = "lenient")]
    pub place_of_birth: Option<String>,
    #[serde(default, with = "lenient")]
    pub italian_fiscal_code: Option<String>,
    #[serde(default, with = "lenient")]
    pub job: Option<String>,
    #[serde(default, with = "lenient")]
    pub yearly_numbering_year: Option<String>,
    #[serde(default, with = "lenient")]
    pub yearly_numbering_number: Option<i64>,
    #[serde(default, with = "lenient")]
    pub default_discount: Option<f64>,
    #[serde(default, with = "lenient")]
    pub source_id: Option<i64>,
    #[serde(default, with = "lenient")]
    pub price_list_id: Option<i64>,
    #[serde(default, with = "lenient")]
    pub email_reminder_possible: Option<bool>,
    #[serde(default, with = "lenient")]
    pub sms_reminder_possible: Option<bool>,
    #[serde(default, with = "lenient")]
    pub created_at: Option<NaiveDateTime>,
    #[serde(default, with = "lenient")]
    pub document_signature_email_possible: Option<bool>,
    #[serde(default, with = "lenient")]
    pub last_modified_at: Option<NaiveDateTime>,
    #[serde(default, with = "lenient", rename = "_allergie")]
    pub allergie: Option<String>,
    #[serde(default, with = "lenient", rename = "_tesseraSanitaria")]
    pub tessera_sanitaria: Option<String>,
    #[serde(default, with = "lenient", rename = "_consensoMarketing")]
    pub consenso_marketing: Option<String>,
}
