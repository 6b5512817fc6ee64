//! The journal: every request the fake received, for tests to assert on, with the API key masked.

use serde::Serialize;

/// What a masked secret reads as.
pub const MASK: &str = "***";

/// One request received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The HTTP method.
    pub method: String,
    /// The path, from `/api` on.
    pub path: String,
    /// The query string, as sent (empty when none).
    pub query: String,
    /// The headers, in order; `X-Api-Key` reads [`MASK`].
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy for bytes that are not UTF-8).
    pub body: String,
    /// The operation the request reached, if any.
    pub operation: Option<String>,
    /// The status answered (0 for a dropped connection).
    pub status: u16,
}

impl Entry {
    /// The value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// Headers as the journal keeps them: the key masked.
pub fn masked_headers(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = if name.as_str().eq_ignore_ascii_case(crate::KEY_HEADER) {
                MASK.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), value)
        })
        .collect()
}
