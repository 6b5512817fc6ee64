//! The raw answer of a call: its status and headers with the decoded value and the body's bytes.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;

/// A successful answer as the server sent it, with the value the operation decodes from it (from
/// `.send_with_response()` on a request builder, or `send_with_response` of the escape hatch).
///
/// Failures take the same path as `send`: a non-2xx status is an [`Error::Status`](crate::Error::Status) and a
/// body that does not decode an [`Error::Decode`](crate::Error::Decode).
pub struct Response<T> {
    status: u16,
    headers: Headers,
    body: Bytes,
    value: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: Bytes, value: T) -> Self {
        Self { status, headers: Headers(headers), body, value }
    }

    /// The HTTP status (a 2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The body's bytes as they came (shared with nothing else: dropping the response frees them).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, dropping the rest.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The same answer with its value turned into another (generated code unwraps the vendor's envelope).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: self.body, value: f(self.value) }
    }
}

/// The body is the server's text and may hold personal data: only its length is shown.
impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("value", &self.value)
            .finish()
    }
}

/// The headers of an answer, by case-insensitive name.
#[derive(Clone)]
pub struct Headers(pub(crate) HeaderMap);

impl Headers {
    /// The first value of `name`, when it is text.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every text value of `name`, in the order sent.
    pub fn get_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.get_all(name).iter().filter_map(|value| value.to_str().ok()).collect::<Vec<_>>().into_iter()
    }

    /// Every header with a text value, names in lower case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().filter_map(|(name, value)| value.to_str().ok().map(|value| (name.as_str(), value)))
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Names only: values may carry session cookies or tokens.
impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys().map(|name| name.as_str())).finish()
    }
}
