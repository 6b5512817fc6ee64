//! What the generator knows about each vendor operation: its id, HTTP method, path template and the media type
//! it answers with.

use std::fmt;

/// The HTTP methods the AlfaDocs API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire (`"GET"`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the effect of sending it once (GET, PUT, DELETE), so that the
    /// client may retry it without being asked.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Self::Get | Self::Put | Self::Delete)
    }

    /// The variant as Rust code names it (`Method::Get`), for messages that show how to call it.
    pub(crate) fn variant_path(self) -> &'static str {
        match self {
            Self::Get => "Method::Get",
            Self::Post => "Method::Post",
            Self::Put => "Method::Put",
            Self::Patch => "Method::Patch",
            Self::Delete => "Method::Delete",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Post => reqwest::Method::POST,
            Self::Put => reqwest::Method::PUT,
            Self::Patch => reqwest::Method::PATCH,
            Self::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure we are of an operation's method and path (the generator's provenance data; the repository's
/// `docs/spec-provenance.md` gives the evidence for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provenance {
    /// Seen in working code that calls the live API.
    Seen,
    /// Inferred: the path segment is seen, or implied by the vendor's own naming and REST convention.
    Inferred,
    /// A guess.
    Guessed,
    /// The spec the client was generated from records nothing.
    Unrecorded,
}

impl Provenance {
    /// In words: "seen in traffic", "inferred", "guessed".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Seen => "seen in traffic",
            Self::Inferred => "inferred, not seen in traffic",
            Self::Guessed => "a guess, not seen in traffic",
            Self::Unrecorded => "not recorded as seen in traffic",
        }
    }

    /// Whether the method and path were seen working.
    pub fn is_confirmed(self) -> bool {
        self == Self::Seen
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Which fields of an operation's request and response bodies hold personal or health data (the generator's
/// data, from `x-alfadocs-personal`): their values are masked in any body the client logs, and values the
/// request sent are masked in the vendor's error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Personal {
    fields: &'static [&'static str],
    custom_fields: bool,
    unknown: bool,
}

impl Personal {
    /// No personal data.
    pub const NONE: Self = Self { fields: &[], custom_fields: false, unknown: false };

    /// Bodies whose fields nothing describes (the escape hatch's): never logged, only their length.
    pub const UNKNOWN: Self = Self { fields: &[], custom_fields: false, unknown: true };

    /// The fields named `fields` (wire names, at any depth) are personal, and so are the custom fields (`_`
    /// keys) when `custom_fields`.
    pub const fn new(fields: &'static [&'static str], custom_fields: bool) -> Self {
        Self { fields, custom_fields, unknown: false }
    }

    /// Whether the value under the object key `key` is personal.
    pub fn is_personal(&self, key: &str) -> bool {
        self.unknown || self.fields.contains(&key) || (self.custom_fields && key.starts_with('_'))
    }

    /// Whether nothing is known of the bodies' fields.
    pub fn is_unknown(&self) -> bool {
        self.unknown
    }
}

/// One operation of the vendor's API, emitted by the generator as a `static`.
///
/// ```
/// use alfadocs_runtime::{Method, Operation, Personal, Provenance};
/// static GET_APPOINTMENTS: Operation = Operation {
///     id: "getAppointments",
///     method: Method::Get,
///     path: "/v1/practices/{practiceId}/archives/{archiveId}/appointments",
///     accept: "application/json",
///     provenance: Provenance::Seen,
///     personal: Personal::new(&["description"], false),
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operation id, named in errors and tracing.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template relative to the base URL, with `{name}` placeholders.
    pub path: &'static str,
    /// The `Accept` header: the media type of a successful answer (`application/json`, or a file's type).
    pub accept: &'static str,
    /// How sure we are of the method and path: a 404 or 405 on one not seen in traffic says so.
    pub provenance: Provenance,
    /// Which fields of its bodies are personal data, masked in logs.
    pub personal: Personal,
}

/// `GET /v1/patients`, the operation of the runtime's own unit tests.
#[cfg(test)]
pub(crate) static GET_PATIENTS: Operation = Operation {
    id: "getPatients",
    method: Method::Get,
    path: "/v1/patients",
    accept: "application/json",
    provenance: Provenance::Seen,
    personal: Personal::NONE,
};
