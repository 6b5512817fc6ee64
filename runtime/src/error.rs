//! The one error type of the client: what went wrong, for which operation, and whether a retry may help.
//!
//! No variant ever holds the API key: transport errors carry reqwest's text (which names the URL, never the
//! headers), and text that comes from the server is passed through `ApiKey::redact` before it lands here.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Everything that can go wrong when calling AlfaDocs.
///
/// Match on the variant for details, or use [`Error::status`], [`Error::is_retryable`] and
/// [`Error::operation`]. `operation` fields hold the vendor's operation id (e.g. `getAppointments`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request did not complete: connection refused or reset, DNS failure, TLS error, a body cut short.
    Transport {
        /// The operation id.
        operation: &'static str,
        /// What happened, with its causes (from the HTTP stack).
        message: String,
    },
    /// No complete answer within the client's per-attempt timeout.
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The server answered with a status outside 2xx.
    Status {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The vendor's `{"error": "…"}` text, the `<title>` of an HTML error page, or a short excerpt of the body.
        message: String,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// A 2xx body that is not what the operation documents.
    Decode {
        /// The operation id.
        operation: &'static str,
        /// Where in the JSON document decoding failed (e.g. `data[3].date`), `.` for the root.
        path: String,
        /// What serde expected and what it found.
        message: String,
        /// A short excerpt of the body (at most 200 characters), around the error where possible.
        excerpt: String,
    },
    /// The server answered something the client cannot follow, e.g. pagination links that loop.
    Protocol {
        /// The operation id.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The caller's input cannot be sent: an empty path parameter, a body that does not serialize, a date range
    /// whose start is after its end.
    InvalidInput {
        /// What is wrong with it.
        what: String,
    },
    /// The client cannot be built: a bad base URL, a missing environment variable, an unusable API key.
    Config {
        /// What is wrong with the configuration.
        what: String,
    },
    /// A local file could not be read (see [`read_file`](crate::read_file)).
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
}

impl Error {
    /// An [`Error::InvalidInput`], for generated code that validates arguments.
    pub fn invalid_input(what: impl Into<String>) -> Self {
        Self::InvalidInput { what: what.into() }
    }

    /// An [`Error::Config`].
    pub fn config(what: impl Into<String>) -> Self {
        Self::Config { what: what.into() }
    }

    /// The HTTP status, for [`Error::Status`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: transport errors, timeouts, 429, 502, 503 and 504.
    ///
    /// This says nothing about whether a retry is *safe*: the client retries POST and PATCH only with the
    /// caller's consent (`Request::retry_on_failure`).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Status { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// The id of the operation that failed, when the error comes from a request.
    pub fn operation(&self) -> Option<&str> {
        match self {
            Self::Transport { operation, .. }
            | Self::Timeout { operation, .. }
            | Self::Status { operation, .. }
            | Self::Decode { operation, .. }
            | Self::Protocol { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The `Retry-After` delay the server asked for, on an [`Error::Status`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport { operation, message } => {
                write!(f, "{operation}: request failed: {message}")
            }
            Self::Timeout { operation, after } => {
                write!(f, "{operation}: no answer within {} ms", after.as_millis())
            }
            Self::Status { operation, status, message, .. } => {
                let reason = reqwest::StatusCode::from_u16(*status).ok().and_then(|code| code.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "{operation}: HTTP {status} {reason}: {message}"),
                    None => write!(f, "{operation}: HTTP {status}: {message}"),
                }
            }
            Self::Decode { operation, path, message, excerpt } => {
                write!(f, "{operation}: unexpected response at `{path}`: {message} (body: `{excerpt}`)")
            }
            Self::Protocol { operation, message } => write!(f, "{operation}: {message}"),
            Self::InvalidInput { what } => write!(f, "invalid input: {what}"),
            Self::Config { what } => write!(f, "invalid client configuration: {what}"),
            Self::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Error {
        Error::Status { operation: "getPatients", status: code, message: "boom".into(), retry_after: None }
    }

    #[test]
    fn retryable_statuses_are_exactly_429_502_503_504() {
        let retryable: Vec<u16> = (100..600).filter(|code| status(*code).is_retryable()).collect();
        assert_eq!(retryable, vec![429, 502, 503, 504]);
        assert!(Error::Timeout { operation: "x", after: Duration::from_secs(1) }.is_retryable());
        assert!(Error::Transport { operation: "x", message: "reset".into() }.is_retryable());
        assert!(!Error::invalid_input("bad").is_retryable());
    }

    #[test]
    fn display_names_operation_status_and_message() {
        assert_eq!(status(404).to_string(), "getPatients: HTTP 404 Not Found: boom");
        assert_eq!(status(599).to_string(), "getPatients: HTTP 599: boom");
        assert_eq!(status(404).status(), Some(404));
        assert_eq!(status(404).operation(), Some("getPatients"));
        assert_eq!(Error::config("x").operation(), None);
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }
}
