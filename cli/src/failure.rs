//! What went wrong, as one line for the user and an exit code by class.

use std::fmt;
use std::process::ExitCode;

use alfadocs_runtime::Error;

/// The classes of failure, each with its exit code (listed in `--help`, see [`EXIT_CODES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A local file could not be read or written.
    Local = 1,
    /// The command line, a value, a body or the configuration is wrong; nothing was sent.
    Usage = 2,
    /// No API key, or the key was refused (401, 403).
    Auth = 3,
    /// The record does not exist (404).
    NotFound = 4,
    /// Any other HTTP error status.
    Status = 5,
    /// No connection, or no answer in time.
    Transport = 6,
    /// The answer is not what the API documents.
    Decode = 7,
}

/// The exit codes, for `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  a local file could not be read or written
  2  usage: an unknown command or flag, a bad value, a body that does not fit its model (nothing is sent)
  3  authentication: no API key, or the key was refused (HTTP 401 or 403)
  4  not found (HTTP 404)
  5  any other HTTP error status
  6  transport: no connection, or no answer in time
  7  the answer is not what the API documents";

/// A failure: its class and one line saying what happened and what to do.
#[derive(Debug)]
pub struct Failure {
    /// The class, for the exit code.
    pub class: Class,
    /// The line shown on stderr after `error: `.
    pub message: String,
}

impl Failure {
    /// A failure of `class`.
    pub fn new(class: Class, message: impl Into<String>) -> Self {
        Self { class, message: message.into() }
    }

    /// A usage failure.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Class::Usage, message)
    }

    /// A local I/O failure on `path`.
    pub fn local(what: &str, path: &std::path::Path, error: &std::io::Error) -> Self {
        Self::new(Class::Local, format!("cannot {what} {}: {error}", path.display()))
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.class as u8)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever the message holds (a server's message may carry new lines).
        let line: String = self.message.split_whitespace().collect::<Vec<_>>().join(" ");
        f.write_str(&line)
    }
}

impl From<Error> for Failure {
    /// The client's error, classed, with a hint of what to do. The client's errors never hold the API key.
    fn from(error: Error) -> Self {
        let (class, hint) = match &error {
            Error::Status { status: 401 | 403, .. } => {
                (Class::Auth, "check the API key (--api-key, ALFADOCS_API_KEY or the profile) and its archive")
            }
            Error::Status { status: 404, .. } => (Class::NotFound, "check the id; the record may have been deleted"),
            Error::Status { status, .. } if *status >= 500 => (Class::Status, "the server failed; try again later"),
            Error::Status { .. } => (Class::Status, "check the values sent (--dry-run shows the request)"),
            Error::Transport { .. } | Error::Timeout { .. } => {
                (Class::Transport, "check the network and --base-url, or raise --timeout")
            }
            Error::Decode { .. } | Error::Protocol { .. } => {
                (Class::Decode, "the server's answer differs from the API's description; --format json shows what came")
            }
            Error::InvalidInput { .. } | Error::Config { .. } => (Class::Usage, "see --help"),
            Error::Io { .. } => (Class::Local, "check the path"),
            _ => (Class::Status, "see --verbose"),
        };
        Self::new(class, format!("{error} ({hint})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_show_on_one_line_with_their_code() {
        let failure = Failure::from(Error::invalid_input("getPatient: the path parameter\n`patientId` is missing"));
        assert_eq!(failure.class, Class::Usage);
        assert_eq!(failure.exit_code(), ExitCode::from(2));
        assert!(!failure.to_string().contains('\n'), "{failure}");
        assert!(failure.to_string().ends_with("(see --help)"), "{failure}");
    }
}
