//! Shared fixtures of the integration tests: operations, a key to look for, fast clients.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use alfadocs_runtime::{HttpClient, Method, Operation, Personal, Provenance, RetryPolicy};

/// A key distinctive enough that finding it anywhere in output is a leak, not a coincidence.
pub const KEY: &str = "sk_live_9f8e7d6c5b4a3210";

pub static GET_PATIENTS: Operation = Operation {
    id: "getPatients",
    method: Method::Get,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/patients",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static GET_PATIENT: Operation = Operation {
    id: "getPatient",
    method: Method::Get,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static CREATE_PATIENT: Operation = Operation {
    id: "createPatient",
    method: Method::Post,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/patients",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static UPDATE_APPOINTMENT: Operation = Operation {
    id: "updateAppointment",
    method: Method::Patch,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/appointments/{appointmentId}",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static DELETE_PHONE: Operation = Operation {
    id: "deletePhoneNumber",
    method: Method::Delete,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}/phone-numbers/{phoneNumberId}",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static GET_APPOINTMENTS: Operation = Operation {
    id: "getAppointments",
    method: Method::Get,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/appointments",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub static DOWNLOAD_DOCUMENT: Operation = Operation {
    id: "downloadDocument",
    method: Method::Get,
    path: "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}/documents/{documentId}/download",
    accept: "application/octet-stream",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};

pub const PATIENTS_PATH: &str = "/v1/practices/1/archives/2/patients";
pub const APPOINTMENTS_PATH: &str = "/v1/practices/1/archives/2/appointments";

/// Retries with millisecond waits, so that tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .base_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(10))
        .budget(Duration::from_secs(2))
}

/// A client of `base` with fast retries and a 2 s timeout.
pub fn client(base: &str) -> HttpClient {
    HttpClient::builder(KEY)
        .base_url(base)
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}
