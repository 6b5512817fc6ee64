//! The vendor's wire formats, read leniently and written as documented.
//!
//! The AlfaDocs API is PHP: booleans arrive as `true`, `"true"`, `"1"` or `1`; numbers as `30` or `"30"`;
//! absent values as `null` or `""`; unknown birth dates as PHP zero dates (`-0001-11-30`); empty maps as `[]`;
//! date-times as `YYYY-MM-DD HH:MM:SS` in local (Italian) time. Generated models name one `with` module for
//! every such field:
//!
//! ```
//! use alfadocs_runtime::wire::{self, CustomFields};
//! use alfadocs_runtime::NaiveDate;
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Patient {
//!     #[serde(with = "alfadocs_runtime::wire::lenient")]
//!     id: i64,
//!     #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
//!     date_birth: Option<NaiveDate>,
//!     #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
//!     email_valid: Option<bool>,
//!     #[serde(flatten)]
//!     custom_fields: CustomFields,
//! }
//!
//! let patient: Patient = serde_json::from_str(
//!     r#"{"id":"7","date_birth":"-0001-11-30","email_valid":"1","_technicalName":"x","unknown":1}"#,
//! )?;
//! assert_eq!((patient.id, patient.date_birth, patient.email_valid), (7, None, Some(true)));
//! assert_eq!(patient.custom_fields.get("_technicalName"), Some(&serde_json::json!("x")));
//! # Ok::<(), serde_json::Error>(())
//! ```

pub mod base64;
mod coerce;
mod collections;
mod custom_fields;
pub(crate) mod dates;
mod key;
pub mod lenient;
pub mod object;
mod scalars;
pub mod write;

pub use custom_fields::{CustomFields, CustomFieldsIter};
pub use dates::is_zero_date;
pub use lenient::{Absent, Lenient};
