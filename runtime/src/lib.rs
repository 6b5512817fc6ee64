//! The hand-written runtime of [`alfadocs`](https://docs.rs/alfadocs), the AlfaDocs API client.
//!
//! The generated crate calls this one for everything that is not a fact of the vendor's API document: sending
//! requests with the API key ([`HttpClient`], [`Request`]), retries ([`RetryPolicy`]), the one [`Error`] type,
//! the vendor's lenient wire formats ([`wire`]), response envelopes ([`envelope`], [`Page`]), pagination
//! ([`paginate`]) and date windows ([`windows`]); [`dynamic`] calls any operation of a [`description`] with the
//! same machinery; and the bounds a broken or hostile server cannot push it past ([`limits`]: body sizes,
//! pages, redirects, download deadlines).
//!
//! The API key never appears in any `Debug`, `Display`, error or tracing output, nor do a URL's query values or
//! the text of a successful answer's body.
//!
//! What generated code does with it, by hand:
//!
//! ```no_run
//! use alfadocs_runtime::envelope::Data;
//! use alfadocs_runtime::{HttpClient, Method, Operation, Personal, Provenance, Request, path_segment};
//!
//! static GET_PATIENT: Operation = Operation {
//!     id: "getPatient",
//!     method: Method::Get,
//!     path: "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}",
//!     accept: "application/json",
//!     provenance: Provenance::Seen,
//!     personal: Personal::new(&["firstName", "lastName"], true),
//! };
//!
//! # async fn run() -> Result<(), alfadocs_runtime::Error> {
//! let http = HttpClient::builder("my-api-key").build()?;
//! let path = format!("/v1/practices/{}/archives/{}/patients/{}", path_segment(&1), path_segment(&2), path_segment(&3));
//! let patient: serde_json::Value = http.send_json::<Data<_>>(Request::new(&GET_PATIENT, path)).await?.into_inner();
//! # Ok(())
//! # }
//! ```

mod answer;
mod byte_stream;
mod client;
pub mod description;
pub mod dynamic;
pub mod envelope;
mod error;
mod file;
mod hooks;
pub mod limits;
mod operation;
mod options;
mod page;
pub mod paginate;
mod query;
mod raw;
mod redact;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
mod send;
mod tls;
mod transport;
pub mod windows;
pub mod wire;

pub use answer::{Headers, Response};
pub use byte_stream::ByteStream;
pub use client::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, ENV_API_KEY, ENV_BASE_URL, HttpClient,
};
pub use error::{Error, RedirectRefusal, TransportCause};
pub use file::read_file;
pub use hooks::{Hook, HookRequest, HookResponse};
pub use limits::Limit;
pub use operation::{Method, Operation, Personal, Provenance};
pub use options::RequestOptions;
pub use page::{Links, Page};
pub use query::{ToQuery, path_segment};
pub use raw::{RAW_OPERATION, RawRequest};
pub use request::Request;
pub use retry::RetryPolicy;
pub use secret::ApiKey;

pub use bytes::Bytes;
pub use chrono::{NaiveDate, NaiveDateTime};
pub use futures_util::Stream;
pub use std::time::Duration;
