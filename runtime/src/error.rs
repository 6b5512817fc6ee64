//! The one error type of the client: what went wrong, for which operation, and whether a retry may help.
//!
//! No variant ever holds the API key: transport errors carry reqwest's text without its URL, URLs are shown
//! without query values, and text that comes from the server is passed through `ApiKey::redact` (and bounded)
//! before it lands here.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::limits::Limit;
use crate::operation::Operation;

/// The cause of an [`Error::Transport`]: the HTTP stack's error (a `reqwest::Error`, stripped of its URL, which
/// may hold query values), for `downcast_ref`.
pub type TransportCause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when calling AlfaDocs.
///
/// Match on the variant for details, or use [`Error::status`], [`Error::is_retryable`] and
/// [`Error::operation`]. `operation` fields hold the vendor's operation id (e.g. `getAppointments`).
///
/// Neither `Display` nor `Debug` shows the API key, a URL's query values, or any text of a 2xx body: the
/// vendor's error messages and HTML titles of error answers are shown, a decode error's excerpt only when asked
/// for by its field.
#[non_exhaustive]
pub enum Error {
    /// The request did not complete: connection refused or reset, DNS failure, TLS error, a body cut short.
    #[non_exhaustive]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// What happened, with its causes (from the HTTP stack; no URL).
        message: String,
        /// Whether sending again may succeed: not for a request that cannot be built, or a response head the
        /// HTTP stack cannot read (malformed, or larger than it accepts).
        retryable: bool,
        /// The HTTP stack's error.
        source: TransportCause,
    },
    /// No complete answer within the client's per-attempt timeout (or a download's deadline).
    #[non_exhaustive]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The server answered with a status outside 2xx.
    #[non_exhaustive]
    Status {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The vendor's `{"error": "…"}` text, the `<title>` of an HTML error page, or a short excerpt of the body
        /// (at most 200 characters, from the first 64 KiB by default).
        message: String,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
        /// For a 404 or 405, the operation when its method and path were not seen in traffic (see its
        /// [`provenance`](Operation::provenance)): the path may be wrong, and `Display` says so.
        unconfirmed_path: Option<&'static Operation>,
    },
    /// A 2xx body that is not what the operation documents.
    #[non_exhaustive]
    Decode {
        /// The operation id.
        operation: &'static str,
        /// Where in the JSON document decoding failed (e.g. `data[3].date`), `.` for the root; at most 200
        /// characters.
        path: String,
        /// What serde expected and what it found, with the values it quoted masked (at most 200 characters).
        message: String,
        /// A short excerpt of the body (at most 200 characters), around the error where possible. It is the
        /// server's text (with the key masked) and may hold personal data: neither `Display` nor `Debug` shows it.
        excerpt: String,
        /// serde's error, rebuilt from the masked message (its text ends with serde's line and column; the
        /// original, which quotes the value, is not kept).
        source: serde_json::Error,
    },
    /// The server answered something the client cannot follow, e.g. pagination links that loop.
    #[non_exhaustive]
    Protocol {
        /// The operation id.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// A redirect the client refuses to follow (see [`RedirectRefusal`]).
    #[non_exhaustive]
    Redirect {
        /// The operation id.
        operation: &'static str,
        /// The redirect's status (301, 302, 303, 307, 308).
        status: u16,
        /// The `Location` it named, resolved against the request's URL, without credentials or query values.
        location: String,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },
    /// An answer went past one of the client's limits (see [`Limit`]).
    #[non_exhaustive]
    LimitExceeded {
        /// The operation id.
        operation: &'static str,
        /// Which limit.
        limit: Limit,
        /// Its value.
        max: u64,
    },
    /// A [`Hook`](crate::Hook) refused to let a request go out; nothing was sent, and it is not retried.
    #[non_exhaustive]
    Refused {
        /// The operation id.
        operation: &'static str,
        /// The hook's reason.
        reason: String,
    },
    /// The caller's input cannot be sent: an empty path parameter, a body that does not serialize, a date range
    /// whose start is after its end.
    #[non_exhaustive]
    InvalidInput {
        /// What is wrong with it.
        what: String,
    },
    /// The client cannot be built: a bad base URL, a missing environment variable, an unusable API key.
    #[non_exhaustive]
    Config {
        /// What is wrong with the configuration.
        what: String,
    },
    /// A local file could not be read (see [`read_file`](crate::read_file)).
    #[non_exhaustive]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// The request is a POST or PATCH: following would send it again, which may create a second record.
    Method,
    /// The target is outside the base URL (another scheme, host or port, or a path outside its path): the key
    /// would go with it.
    OutsideBase,
    /// The target carries a user name or password, which the HTTP stack would send as credentials of the
    /// server's choosing.
    Credentials,
    /// The target was already requested in this attempt.
    Loop,
    /// More than [`MAX_REDIRECTS`](crate::limits::MAX_REDIRECTS) redirects in one attempt.
    TooMany,
    /// No `Location`, or one that is not a URL.
    InvalidLocation,
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Method => "a POST or PATCH is never sent again by a redirect",
            Self::OutsideBase => "it leads outside the base URL",
            Self::Credentials => "it carries credentials",
            Self::Loop => "it leads to a URL already requested",
            Self::TooMany => "too many redirects",
            Self::InvalidLocation => "its Location is missing or not a URL",
        })
    }
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

    /// An [`Error::Protocol`] of `operation`, for generated code that finds an answer it cannot use.
    pub fn protocol(operation: &'static str, message: impl Into<String>) -> Self {
        Self::Protocol { operation, message: message.into() }
    }

    /// The HTTP status, for [`Error::Status`] and [`Error::Redirect`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } | Self::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: transport errors (but a request that cannot be built
    /// or a response head that cannot be read), timeouts, 429, 502, 503 and 504.
    ///
    /// This says nothing about whether a retry is *safe*: the client retries POST and PATCH only with the
    /// caller's consent (`Request::retry_on_failure`).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { retryable, .. } => *retryable,
            Self::Timeout { .. } => true,
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
            | Self::Protocol { operation, .. }
            | Self::Redirect { operation, .. }
            | Self::LimitExceeded { operation, .. }
            | Self::Refused { operation, .. } => Some(operation),
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
            Self::Transport { operation, message, .. } => {
                write!(f, "{operation}: request failed: {message}")
            }
            Self::Timeout { operation, after } => {
                write!(f, "{operation}: no answer within {} ms", after.as_millis())
            }
            Self::Status { operation, status, message, unconfirmed_path, .. } => {
                let reason = reqwest::StatusCode::from_u16(*status).ok().and_then(|code| code.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "{operation}: HTTP {status} {reason}: {message}")?,
                    None => write!(f, "{operation}: HTTP {status}: {message}")?,
                }
                match unconfirmed_path {
                    Some(called) => write!(
                        f,
                        " (the path `{} {}` is {}, so it may be wrong: the escape hatch `raw({}, \"/v1/…\")` on the \
                         client or archive calls any path; docs/spec-provenance.md says what is known of each)",
                        called.method,
                        called.path,
                        called.provenance,
                        called.method.variant_path(),
                    ),
                    None => Ok(()),
                }
            }
            Self::Decode { operation, path, message, .. } => {
                write!(f, "{operation}: unexpected response at `{path}`: {message}")
            }
            Self::Protocol { operation, message } => write!(f, "{operation}: {message}"),
            Self::Redirect { operation, status, location, reason } => {
                write!(f, "{operation}: not following the HTTP {status} redirect to `{location}`: {reason}")
            }
            Self::LimitExceeded { operation, limit, max } => {
                write!(f, "{operation}: the answer goes past the limit of {max} {} ({limit})", limit.unit())
            }
            Self::Refused { operation, reason } => write!(f, "{operation}: refused by a hook: {reason}"),
            Self::InvalidInput { what } => write!(f, "invalid input: {what}"),
            Self::Config { what } => write!(f, "invalid client configuration: {what}"),
            Self::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
        }
    }
}

/// As derived, but a decode error's excerpt (server text) shows only its length.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport { operation, message, retryable, source } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("message", message)
                .field("retryable", retryable)
                .field("source", source)
                .finish(),
            Self::Timeout { operation, after } => {
                f.debug_struct("Timeout").field("operation", operation).field("after", after).finish()
            }
            Self::Status { operation, status, message, retry_after, unconfirmed_path } => f
                .debug_struct("Status")
                .field("operation", operation)
                .field("status", status)
                .field("message", message)
                .field("retry_after", retry_after)
                .field("unconfirmed_path", &unconfirmed_path.map(|called| called.provenance))
                .finish(),
            Self::Decode { operation, path, message, excerpt, source } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("path", path)
                .field("message", message)
                .field("excerpt", &format_args!("<{} characters, not shown>", excerpt.chars().count()))
                .field("source", source)
                .finish(),
            Self::Protocol { operation, message } => {
                f.debug_struct("Protocol").field("operation", operation).field("message", message).finish()
            }
            Self::Redirect { operation, status, location, reason } => f
                .debug_struct("Redirect")
                .field("operation", operation)
                .field("status", status)
                .field("location", location)
                .field("reason", reason)
                .finish(),
            Self::LimitExceeded { operation, limit, max } => f
                .debug_struct("LimitExceeded")
                .field("operation", operation)
                .field("limit", limit)
                .field("max", max)
                .finish(),
            Self::Refused { operation, reason } => {
                f.debug_struct("Refused").field("operation", operation).field("reason", reason).finish()
            }
            Self::InvalidInput { what } => f.debug_struct("InvalidInput").field("what", what).finish(),
            Self::Config { what } => f.debug_struct("Config").field("what", what).finish(),
            Self::Io { path, source } => f.debug_struct("Io").field("path", path).field("source", source).finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source.as_ref()),
            Self::Decode { source, .. } => Some(source),
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Error {
        Error::Status {
            operation: "getPatients",
            status: code,
            message: "boom".into(),
            retry_after: None,
            unconfirmed_path: None,
        }
    }

    fn transport(retryable: bool) -> Error {
        let source = Box::new(std::io::Error::other("reset"));
        Error::Transport { operation: "x", message: "reset".into(), retryable, source }
    }

    #[test]
    fn sources_chain_to_the_causes() {
        use std::error::Error as _;
        assert_eq!(transport(true).source().map(ToString::to_string).as_deref(), Some("reset"));
        assert!(status(500).source().is_none());
    }

    #[test]
    fn retryable_statuses_are_exactly_429_502_503_504() {
        let retryable: Vec<u16> = (100..600).filter(|code| status(*code).is_retryable()).collect();
        assert_eq!(retryable, vec![429, 502, 503, 504]);
        assert!(Error::Timeout { operation: "x", after: Duration::from_secs(1) }.is_retryable());
        assert!(transport(true).is_retryable());
        assert!(!transport(false).is_retryable());
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
