//! The bounds a server cannot push the client past: how much of a body it holds, how many pages and redirects it
//! follows, how long a download may run, and how long the texts in its errors grow.

use std::fmt;
use std::time::Duration;

/// The largest 2xx body read into memory by default (`send_json`, `send_bytes`, `send_empty`): 32 MiB, some
/// hundred times the largest page the vendor sends. Downloads through `send_stream` are not held whole.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// How much of an error body is read by default (64 KiB): enough for the vendor's `{"error": …}` or an HTML
/// page's `<title>`; the rest is never read.
pub const DEFAULT_MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// The most pages one `.stream()` fetches by default: 10 000 (half a million patients at 50 a page).
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// The most redirects followed within one attempt.
pub const MAX_REDIRECTS: usize = 10;

/// The longest excerpt of a body kept in an error, in characters.
pub(crate) const EXCERPT_CHARS: usize = 200;

/// The longest message (the vendor's error text, an HTML title, serde's words) kept in an error, in characters.
pub(crate) const MESSAGE_CHARS: usize = 200;

/// The longest body a trace log line shows (personal fields masked), in characters.
pub(crate) const LOGGED_BODY_CHARS: usize = 4000;

/// The longest JSON path kept in a decode error, in characters.
pub(crate) const PATH_CHARS: usize = 200;

/// A limit of the client that an answer reached (see [`Error::LimitExceeded`](crate::Error::LimitExceeded)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// The size of a 2xx body read into memory ([`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes)).
    BodyBytes,
    /// The number of pages one stream fetches ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
    Pages,
}

impl Limit {
    /// The builder option that sets it.
    pub fn option(self) -> &'static str {
        match self {
            Self::BodyBytes => "ClientBuilder::max_body_bytes",
            Self::Pages => "ClientBuilder::max_pages",
        }
    }

    /// What is counted, after the number.
    pub(crate) fn unit(self) -> &'static str {
        match self {
            Self::BodyBytes => "bytes of body",
            Self::Pages => "pages",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.option())
    }
}

/// The limits one client applies, set on its builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: u64,
    pub(crate) max_error_body_bytes: u64,
    pub(crate) max_pages: u64,
    /// The total time a streamed download may take, from the start of the call; none by default (each chunk
    /// must still come within the timeout).
    pub(crate) download_deadline: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
            download_deadline: None,
        }
    }
}
