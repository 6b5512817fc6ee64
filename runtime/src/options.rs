//! Per-request options: a timeout, a retry policy, extra headers and deadlines that override the client's for
//! one call (or one stream), set on any request builder.

use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt};
use reqwest::header::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::retry::RetryPolicy;

/// Options of one call, overriding the client's; the default changes nothing.
///
/// ```
/// use std::time::Duration;
/// use alfadocs_runtime::{RequestOptions, RetryPolicy};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))              // each attempt
///     .retry_policy(RetryPolicy::none())            // this call only
///     .header("X-Request-Id", "import-2026-12-01")  // added to every attempt
///     .deadline(Duration::from_secs(20));           // the whole call: all attempts and waits
/// ```
///
/// A stream (`.stream()` of a paginated or windowed list) applies the options to each request it sends; its
/// [`stream_deadline`](Self::stream_deadline) bounds the whole stream.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The first header that could not be added, reported when the request is sent.
    invalid_header: Option<String>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) stream_deadline: Option<Duration>,
}

/// Headers the client sets itself: an extra header may not replace them (the key is replaced through a
/// [`Hook`](crate::Hook), which never reads it).
const RESERVED: [&str; 5] = ["x-api-key", "accept", "content-type", "content-length", "host"];

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long each attempt may take, from sending to the last byte of the body (instead of the client's
    /// [`timeout`](crate::ClientBuilder::timeout)). A zero timeout is reported by `send` as
    /// [`Error::InvalidInput`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call (instead of the client's). POST and PATCH are still retried only with
    /// `retry_on_failure(true)`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adds the header `name: value` to every attempt (a repeated name sends both values). The headers the
    /// client sets itself (`X-Api-Key`, `Accept`, `Content-Type`, `Content-Length`, `Host`) cannot be given here;
    /// such a header, or a name or value that cannot be sent, makes `send` fail with [`Error::InvalidInput`]
    /// before anything is sent. Values are marked sensitive: HTTP layers do not log them.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if self.invalid_header.is_some() {
            return self;
        }
        match checked_header(name, value) {
            Ok(header) => self.headers.push(header),
            Err(problem) => self.invalid_header = Some(problem),
        }
        self
    }

    /// The longest the whole call may take — every attempt, every wait between them, and reading the answer —
    /// after which it ends with [`Error::Timeout`], whatever the retry policy. For a stream, it bounds each
    /// request; see [`stream_deadline`](Self::stream_deadline) for the whole stream.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The longest a `.stream()` (or a windowed list's `send`, which reads one) may take from its first request
    /// to its last item; when it passes, the stream yields [`Error::Timeout`] and ends. Ignored by single calls.
    pub fn stream_deadline(mut self, deadline: Duration) -> Self {
        self.stream_deadline = Some(deadline);
        self
    }

    /// Every option of `other` that is set replaces this one's; its headers are added to these.
    pub fn merge(mut self, other: RequestOptions) -> Self {
        self.timeout = other.timeout.or(self.timeout);
        self.retry = other.retry.or(self.retry);
        self.deadline = other.deadline.or(self.deadline);
        self.stream_deadline = other.stream_deadline.or(self.stream_deadline);
        self.invalid_header = self.invalid_header.or(other.invalid_header);
        self.headers.extend(other.headers);
        self
    }

    /// The extra headers, checked: the first invalid one given is an [`Error::InvalidInput`] of `operation`.
    pub(crate) fn checked_headers(&self, operation: &str) -> Result<&[(HeaderName, HeaderValue)], Error> {
        if let Some(problem) = &self.invalid_header {
            return Err(Error::invalid_input(format!("{operation}: {problem}")));
        }
        if self.timeout.is_some_and(|timeout| timeout.is_zero()) {
            return Err(Error::invalid_input(format!("{operation}: the request's timeout is zero")));
        }
        Ok(&self.headers)
    }
}

/// `items`, ended with [`Error::Timeout`] of `operation` once `deadline` (from now) has passed, when there is one.
pub(crate) fn within_deadline<T: Send + 'static>(
    items: impl Stream<Item = Result<T, Error>> + Send + 'static,
    operation: &'static str,
    deadline: Option<Duration>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let state = Some((Box::pin(items), deadline.map(|after| (Instant::now() + after, after))));
    futures_util::stream::unfold(state, move |state| async move {
        let (mut items, deadline) = state?;
        let next = match deadline {
            Some((at, after)) => match tokio::time::timeout_at(at.into(), items.next()).await {
                Ok(next) => next,
                Err(_) => return Some((Err(Error::Timeout { operation, after }), None)),
            },
            None => items.next().await,
        };
        next.map(|item| (item, Some((items, deadline))))
    })
}

/// A header as it goes on the wire, or why it cannot (the value is never quoted: it may be a secret).
fn checked_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let parsed =
        HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| format!("`{name}` is not a valid header name"))?;
    if RESERVED.contains(&parsed.as_str()) {
        return Err(format!("the header `{name}` is set by the client and cannot be given as an extra header"));
    }
    let mut value =
        HeaderValue::from_str(value).map_err(|_| format!("the value of the header `{name}` cannot be sent"))?;
    value.set_sensitive(true);
    Ok((parsed, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_or_reserved_headers_are_reported_without_their_value() {
        for (name, value) in [("X-Api-Key", "k"), ("accept", "text/plain"), ("bad name", "v"), ("X-Ok", "se\ncret")] {
            let options = RequestOptions::new().header("X-Fine", "1").header(name, value);
            let error = options.checked_headers("getPatients").unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(shown.contains("getPatients"), "{shown}");
            assert!(!shown.contains("se\ncret"), "{shown}");
        }
        let fine = RequestOptions::new().header("X-Request-Id", "a").header("x-request-id", "b");
        let headers = fine.checked_headers("op").unwrap();
        assert_eq!(headers.len(), 2);
        assert!(headers.iter().all(|(_, value)| value.is_sensitive()));
    }

    #[test]
    fn merge_lets_the_later_options_win_and_keeps_all_headers() {
        let first =
            RequestOptions::new().timeout(Duration::from_secs(1)).deadline(Duration::from_secs(9)).header("a", "1");
        let merged = first.merge(RequestOptions::new().timeout(Duration::from_secs(2)).header("b", "2"));
        assert_eq!(merged.timeout, Some(Duration::from_secs(2)));
        assert_eq!(merged.deadline, Some(Duration::from_secs(9)));
        assert_eq!(merged.checked_headers("op").unwrap().len(), 2);
        let zero = RequestOptions::new().timeout(Duration::ZERO);
        assert!(zero.checked_headers("op").is_err());
    }
}
