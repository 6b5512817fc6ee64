//! Sending a request: URL, headers, the attempt loop with its retries, redirects, bounded body reading, and the
//! tracing span around it all.

use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::{Instrument, Level, Span, debug, trace, warn};
use url::Url;

use crate::answer::Response;
use crate::byte_stream::ByteStream;
use crate::client::HttpClient;
use crate::error::Error;
use crate::hooks::{HookRequest, HookResponse};
use crate::limits::Limit;
use crate::operation::{Method, Operation};
use crate::query::encode_query;
use crate::redact::{loggable_body, mask_values, personal_values, shown_url};
use crate::redirect::{Visited, next_hop};
use crate::request::{Request, Target};
use crate::response::{decode_json, error_message};
use crate::retry::{Decision, RetryPolicy, parse_retry_after};
use crate::transport::transport_error;

const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// What the caller wants from a successful answer.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Body,
    Stream,
}

/// A request with what each of its attempts sends, checked before the first: its URL, its `Accept` header,
/// and the options in force (the request's, else the client's).
struct Ready<'r> {
    request: &'r Request,
    url: Url,
    accept: HeaderValue,
    timeout: Duration,
    retry: &'r RetryPolicy,
    headers: &'r [(HeaderName, HeaderValue)],
}

/// A successful answer's head, and its body read or still to read.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: AnswerBody,
}

/// A successful answer with its whole body.
struct Whole {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

enum AnswerBody {
    Read(Bytes),
    Unread(reqwest::Response),
}

impl HttpClient {
    /// Sends `request` and decodes the 2xx body as `T`.
    ///
    /// # Errors
    /// Any [`Error`]: transport, timeout, a non-2xx status, or [`Error::Decode`] when the body is not a `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        // Without the `Response` that only `send_json_with_response` returns: the value is not moved into one
        // and out again (a model is hundreds of bytes), nor the body's handle cloned.
        let whole = self.send_whole(&request).await?;
        self.decode(request.operation(), whole.status, &whole.body)
    }

    /// Sends `request` and decodes the 2xx body as `T`, keeping the answer's status, headers and body bytes.
    ///
    /// # Errors
    /// As [`send_json`](Self::send_json).
    pub async fn send_json_with_response<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
        let whole = self.send_whole(&request).await?;
        let value = self.decode(request.operation(), whole.status, &whole.body)?;
        Ok(Response::new(whole.status, whole.headers, whole.body, value))
    }

    /// Sends `request` and ignores the 2xx body.
    ///
    /// # Errors
    /// Any [`Error`] but [`Error::Decode`].
    pub async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.send_whole(&request).await.map(drop)
    }

    /// Sends `request` and returns the 2xx body as it came.
    ///
    /// # Errors
    /// Any [`Error`] but [`Error::Decode`]; [`Error::LimitExceeded`] for a body longer than
    /// [`max_body_bytes`](crate::ClientBuilder::max_body_bytes).
    pub async fn send_bytes(&self, request: Request) -> Result<Bytes, Error> {
        self.send_whole(&request).await.map(|whole| whole.body)
    }

    /// Sends `request` and returns the 2xx answer: status, headers, and the body as it came (also its value).
    ///
    /// # Errors
    /// As [`send_bytes`](Self::send_bytes).
    pub async fn send_bytes_with_response(&self, request: Request) -> Result<Response<Bytes>, Error> {
        let whole = self.send_whole(&request).await?;
        Ok(Response::new(whole.status, whole.headers, whole.body.clone(), whole.body))
    }

    /// Sends `request` and reads the whole 2xx body.
    async fn send_whole(&self, request: &Request) -> Result<Whole, Error> {
        let answer = self.execute(request, Expect::Body).await?;
        let body = match answer.body {
            AnswerBody::Read(body) => body,
            AnswerBody::Unread(response) => {
                self.read_body(request.operation().id, response, self.timeout_of(request)).await?
            }
        };
        Ok(Whole { status: answer.status, headers: answer.headers, body })
    }

    /// The 2xx `body` of `operation` decoded as `T`.
    fn decode<T: DeserializeOwned>(&self, operation: &Operation, status: u16, body: &[u8]) -> Result<T, Error> {
        // serde quotes the offending value and map keys end up in the path: both may hold text the server sent,
        // and so (if it echoes requests) the key, which `decode_json` masks.
        let value = decode_json(operation.id, body, &self.inner.api_key)?;
        // Only a body that decodes is logged: its values then sit in the fields that the operation's `Personal`
        // classifies, not wherever a broken or hostile server put them.
        if tracing::enabled!(Level::TRACE) {
            let shown = loggable_body(body, &operation.personal, &self.inner.api_key);
            trace!(operation = operation.id, status, body = %shown, "response body");
        }
        Ok(value)
    }

    /// Sends `request` and returns the 2xx body as a stream of chunks. Retries (as for any request) happen
    /// before the first chunk; once the stream is returned, a failure ends it with an error. The request's
    /// [`deadline`](crate::RequestOptions::deadline), or else the client's
    /// [`download_deadline`](crate::ClientBuilder::download_deadline), bounds the whole download.
    ///
    /// # Errors
    /// Any [`Error`] but [`Error::Decode`], before the body starts.
    pub async fn send_stream(&self, request: Request) -> Result<ByteStream, Error> {
        let started = Instant::now();
        let operation = request.operation().id;
        let total = request.request_options().deadline.or(self.inner.limits.download_deadline);
        let deadline = total.map(|after| (started + after, after));
        let timeout = self.timeout_of(&request);
        match self.execute(&request, Expect::Stream).await?.body {
            AnswerBody::Unread(response) => Ok(ByteStream::new(response, operation, timeout, deadline)),
            AnswerBody::Read(body) => Ok(ByteStream::from_bytes(body)),
        }
    }

    /// The per-attempt timeout of `request`: its own, else the client's.
    fn timeout_of(&self, request: &Request) -> Duration {
        request.request_options().timeout.unwrap_or(self.inner.timeout)
    }

    /// The absolute URL of `request`: the base URL, the rendered path, the encoded query.
    pub(crate) fn url_for(&self, request: &Request) -> Result<Url, Error> {
        let operation = request.operation();
        match request.target() {
            Target::Url(url) => {
                // Paginate checks this before building the request; checked again where the key is attached.
                if self.is_same_origin(url) {
                    Ok(url.clone())
                } else {
                    Err(Error::Protocol {
                        operation: operation.id,
                        message: format!(
                            "refusing to send the API key to `{}`, outside the base URL",
                            self.inner.api_key.redact(shown_url(url))
                        ),
                    })
                }
            }
            Target::Path(path) => {
                check_path(operation, path)?;
                self.join(request, path, None)
            }
            Target::Raw(target) => self.raw_url(request, target),
        }
    }

    /// The URL of `path` (with `query`, already encoded) under the base URL, the request's query added.
    ///
    /// The base URL is copied and given the path and query, so its scheme and host are not parsed again for
    /// every request; the result is what parsing the whole text would give (tabs and newlines dropped, trailing
    /// spaces and control characters trimmed), as `path` holds no `?` or `#`.
    fn join(&self, request: &Request, path: &str, query: Option<&str>) -> Result<Url, Error> {
        let operation = request.operation();
        let mut tail = String::new();
        let mut separator = match query {
            Some(query) => {
                tail.reserve(query.len() + 1);
                tail.push('?');
                tail.push_str(query);
                '&'
            }
            None => '?',
        };
        for (name, value) in request.encoded_query() {
            tail.push(separator);
            tail.push_str(&encode_query(name));
            tail.push('=');
            tail.push_str(value);
            separator = '&';
        }
        let base_path = &self.inner.base_path;
        let mut full_path = String::with_capacity(base_path.len() + path.len());
        full_path.push_str(base_path);
        full_path.push_str(if tail.is_empty() { trim_end_c0_and_space(path) } else { path });
        let mut url = self.inner.base_url.clone();
        url.set_path(&full_path);
        if let Some(query) = tail.strip_prefix('?') {
            url.set_query(Some(trim_end_c0_and_space(query)));
        }
        // Whatever the parser made of the path, it must stay under the base URL's path.
        if self.is_same_origin(&url) {
            Ok(url)
        } else {
            Err(Error::InvalidInput { what: format!("{}: the path `{path}` leads outside the base URL", operation.id) })
        }
    }

    /// The URL of an escape-hatch target: a path under the base URL, or an absolute URL that is under it.
    fn raw_url(&self, request: &Request, target: &str) -> Result<Url, Error> {
        let operation = request.operation().id;
        let invalid = |what: String| Err(Error::InvalidInput { what: format!("{operation}: {what}") });
        let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = match Url::parse(target) {
                Ok(url) => url,
                Err(error) => {
                    return invalid(format!(
                        "`{}` is not a URL: {error}",
                        target.split(['?', '#', '@']).next().unwrap_or_default()
                    ));
                }
            };
            if !self.is_same_origin(&url) {
                let shown = self.inner.api_key.redact(shown_url(&url));
                return invalid(format!("refusing to send the API key to `{shown}`, outside the base URL"));
            }
            let base_path = self.inner.base_url.path().trim_end_matches('/');
            let path = url.path().strip_prefix(base_path).unwrap_or(url.path()).to_owned();
            return self.raw_url(
                request,
                &match url.query() {
                    Some(query) => format!("{path}?{query}"),
                    None => path,
                },
            );
        }
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        if !path.starts_with('/') || target.contains(['#', '\\']) {
            return invalid(format!("the path `{path}` must start with `/` and hold no `#` or `\\`"));
        }
        if path.split('/').any(|segment| is_dot_segment(segment.as_bytes())) {
            return invalid(format!("the path `{path}` has a `.` or `..` segment"));
        }
        self.join(request, path, query)
    }

    async fn execute(&self, request: &Request, expect: Expect) -> Result<Answer, Error> {
        let operation = request.operation();
        let options = request.request_options();
        let headers = options.checked_headers(operation.id)?;
        let url = self.url_for(request)?;
        // From the static text itself: checked, not copied.
        let accept = HeaderValue::from_maybe_shared(Bytes::from_static(operation.accept.as_bytes())).map_err(|_| {
            Error::InvalidInput { what: format!("{}: `{}` cannot be an Accept header", operation.id, operation.accept) }
        })?;
        let ready = Ready {
            request,
            url,
            accept,
            timeout: self.timeout_of(request),
            retry: options.retry.as_ref().unwrap_or(&self.inner.retry),
            headers,
        };
        let span = tracing::info_span!(
            "alfadocs.request",
            operation = operation.id,
            method = operation.method.as_str(),
            path = operation.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        let attempts = self.attempts(&ready, expect).instrument(span);
        match options.deadline {
            // The deadline cuts whatever is under way: an attempt, a wait between two, reading the body.
            Some(deadline) => tokio::time::timeout(deadline, attempts)
                .await
                .unwrap_or(Err(Error::Timeout { operation: operation.id, after: deadline })),
            None => attempts.await,
        }
    }

    /// The attempts of one call. Every attempt after the first starts only while the retry budget lasts and is
    /// cut short where the budget ends, so that the budget bounds the whole call, waits and attempts alike.
    async fn attempts(&self, ready: &Ready<'_>, expect: Expect) -> Result<Answer, Error> {
        let request = ready.request;
        if let Some(body) = request.body_bytes()
            && tracing::enabled!(Level::TRACE)
        {
            let shown = loggable_body(body, &request.operation().personal, &self.inner.api_key);
            trace!(body = %shown, "request body");
        }
        let policy = ready.retry;
        let started = Instant::now();
        let mut attempt: u32 = 1;
        let mut limit = ready.timeout;
        loop {
            Span::current().record("attempt", attempt);
            let error = match self.attempt(ready, expect, attempt, limit).await {
                Ok(answer) => {
                    debug!(elapsed_ms = millis(started.elapsed()), "answered");
                    return Ok(answer);
                }
                Err(error) => error,
            };
            if !error.is_retryable() {
                return Err(error);
            }
            if !request.may_retry() {
                debug!(%error, "not retried: {} without retry_on_failure", request.operation().method);
                return Err(error);
            }
            match policy.decide(attempt, &error, started.elapsed()) {
                Decision::GiveUp => {
                    warn!(attempt, %error, "giving up");
                    return Err(error);
                }
                Decision::Retry(delay) => {
                    warn!(attempt, delay_ms = millis(delay), %error, "retrying");
                    tokio::time::sleep(delay).await;
                    let remaining = policy.remaining(started.elapsed());
                    if remaining.is_zero() {
                        warn!(attempt, %error, "giving up: the retry budget is spent");
                        return Err(error);
                    }
                    limit = ready.timeout.min(remaining);
                    attempt = attempt.saturating_add(1);
                }
            }
        }
    }

    /// One attempt, bounded by `limit`: send, follow the redirects that may be followed, read the status and
    /// (unless streaming) the body.
    async fn attempt(&self, ready: &Ready<'_>, expect: Expect, attempt: u32, limit: Duration) -> Result<Answer, Error> {
        let request = ready.request;
        let operation = request.operation().id;
        let exchange = async {
            let mut method = request.operation().method;
            let mut url = ready.url.clone();
            let mut body = request.body_bytes().cloned();
            let mut visited = Visited::default();
            loop {
                // The URL goes into the request; the response holds it (reqwest follows no redirect itself).
                let mut response = self.exchange(ready, method, url, body.clone(), attempt).await?;
                let status = response.status();
                Span::current().record("status", status.as_u16());
                match next_hop(self, operation, method, response.url(), status, response.headers(), &mut visited)? {
                    Some(hop) => {
                        debug!(status = status.as_u16(), "following a redirect");
                        (url, method) = (hop.url, hop.method);
                        if !hop.keep_body {
                            body = None;
                        }
                    }
                    None if status.is_success() => {
                        // Taken, not copied: the body is read without them (its length is the body's own).
                        let (status, headers) = (status.as_u16(), std::mem::take(response.headers_mut()));
                        let body = match expect {
                            Expect::Stream => AnswerBody::Unread(response),
                            Expect::Body => AnswerBody::Read(self.read_body(operation, response, ready.timeout).await?),
                        };
                        return Ok(Answer { status, headers, body });
                    }
                    None => return Err(self.status_error(request, response).await),
                }
            }
        };
        match tokio::time::timeout(limit, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { operation, after: limit }),
        }
    }

    /// Sends one HTTP request with the key, the client's headers and the request's own, through the hooks.
    async fn exchange(
        &self,
        ready: &Ready<'_>,
        method: Method,
        url: Url,
        body: Option<Bytes>,
        attempt: u32,
    ) -> Result<reqwest::Response, Error> {
        let inner = &self.inner;
        let operation = ready.request.operation().id;
        let mut headers = HeaderMap::with_capacity(4 + ready.headers.len());
        headers.insert(X_API_KEY, inner.api_key_header.clone());
        headers.insert(ACCEPT, ready.accept.clone());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if body.is_some() {
            headers.insert(CONTENT_TYPE, APPLICATION_JSON);
        }
        for (name, value) in ready.headers {
            headers.append(name.clone(), value.clone());
        }
        for hook in &inner.hooks {
            let mut seen = HookRequest {
                operation,
                method,
                url: &url,
                attempt,
                headers: &mut headers,
                api_key_header: &X_API_KEY,
            };
            hook.on_request(&mut seen).map_err(|reason| Error::Refused { operation, reason })?;
        }
        // Built as reqwest sends it, the headers moved in: `RequestBuilder::headers` would copy them one by one.
        let mut outgoing = reqwest::Request::new(method.to_reqwest(), url);
        *outgoing.headers_mut() = headers;
        if let Some(body) = body {
            *outgoing.body_mut() = Some(body.into());
        }
        let sent = (!inner.hooks.is_empty()).then(Instant::now);
        let result =
            inner.http.execute(outgoing).await.map_err(|error| transport_error(operation, error, ready.timeout));
        if let Some(sent) = sent {
            let outcome = result.as_ref().map(|response| (response.status().as_u16(), response.headers()));
            let seen = HookResponse { operation, method, attempt, elapsed: sent.elapsed(), outcome };
            for hook in &inner.hooks {
                hook.on_response(&seen);
            }
        }
        result
    }

    /// A 2xx body, read whole up to [`max_body_bytes`](crate::ClientBuilder::max_body_bytes) and not a byte past.
    async fn read_body(
        &self,
        operation: &'static str,
        mut response: reqwest::Response,
        timeout: Duration,
    ) -> Result<Bytes, Error> {
        let max = self.inner.limits.max_body_bytes;
        let too_large = || Error::LimitExceeded { operation, limit: Limit::BodyBytes, max };
        if response.content_length().is_some_and(|length| length > max) {
            return Err(too_large());
        }
        let capacity = response.content_length().map_or(0, |length| usize::try_from(length).unwrap_or(0));
        let mut body = BytesMut::with_capacity(capacity);
        while let Some(chunk) = response.chunk().await.map_err(|error| transport_error(operation, error, timeout))? {
            if (body.len() + chunk.len()) as u64 > max {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// The [`Error::Status`] of a non-2xx answer, its message from at most
    /// [`max_error_body_bytes`](crate::ClientBuilder::max_error_body_bytes) of its body.
    ///
    /// A 404 or 405 on an operation whose path was not seen in traffic carries the operation, so that the error
    /// says the path may be wrong.
    /// The vendor's message may echo what the request sent: the request's personal values are masked in it.
    async fn status_error(&self, request: &Request, mut response: reqwest::Response) -> Error {
        let called = request.operation();
        let operation = called.id;
        let inner = &self.inner;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let max = usize::try_from(inner.limits.max_error_body_bytes).unwrap_or(usize::MAX);
        let mut prefix = BytesMut::new();
        let mut complete = false;
        // An error body that cannot be read to the end still leaves the status, and what came, to report.
        while prefix.len() < max {
            match response.chunk().await {
                Ok(Some(chunk)) => prefix.extend_from_slice(&chunk[..chunk.len().min(max - prefix.len())]),
                Ok(None) => {
                    complete = true;
                    break;
                }
                Err(_) => break,
            }
        }
        let mut message = error_message(status, &prefix, complete, &inner.api_key);
        if let Some(body) = request.body_bytes() {
            message = mask_values(message, &personal_values(body, &called.personal));
        }
        let unconfirmed_path = (matches!(status, 404 | 405) && !called.provenance.is_confirmed()).then_some(called);
        Error::Status { operation, status, message, retry_after, unconfirmed_path }
    }
}

/// Checks the rendered path against the operation's template: same segments, every parameter non-empty and
/// not a dot segment. An empty id would otherwise turn `GET /patients/{id}` into the patient list, and `..`
/// would climb to another resource, with the caller's key.
///
/// Both are walked segment by segment as bytes: this runs on every request, and splitting them as text cost
/// more than the rest of building the URL.
fn check_path(operation: &Operation, path: &str) -> Result<(), Error> {
    let invalid = |what: String| Err(Error::InvalidInput { what: format!("{}: {what}", operation.id) });
    let mismatch = || invalid(format!("the path `{path}` does not match `{}`", operation.path));
    // URL parsers read `\\` as `/`: a parameter holding one could add segments or climb out.
    if !path.starts_with('/') || path.bytes().any(|byte| matches!(byte, b'?' | b'#' | b'\\')) {
        return invalid(format!("the path `{path}` must start with `/` and hold no `?`, `#` or `\\`"));
    }
    let (mut rendered, mut template) = (path.as_bytes(), operation.path.as_bytes());
    loop {
        let (actual, rendered_rest) = first_segment(rendered);
        let (expected, template_rest) = first_segment(template);
        if expected.contains(&b'{') {
            if actual.is_empty() || is_dot_segment(actual) {
                // Cut at `/`, both are still UTF-8: nothing is lost in the message.
                let (expected, actual) = (String::from_utf8_lossy(expected), String::from_utf8_lossy(actual));
                return invalid(if actual.is_empty() {
                    format!("the path parameter in `{expected}` is empty")
                } else {
                    format!("the path parameter in `{expected}` is `{actual}`")
                });
            }
        } else if actual != expected {
            return mismatch();
        }
        match (rendered_rest, template_rest) {
            (Some(next_rendered), Some(next_template)) => (rendered, template) = (next_rendered, next_template),
            (None, None) => return Ok(()),
            _ => return mismatch(),
        }
    }
}

/// The bytes up to the first `/`, and those after that `/` (`None` when there is none).
fn first_segment(text: &[u8]) -> (&[u8], Option<&[u8]>) {
    match text.iter().position(|byte| *byte == b'/') {
        Some(slash) => (&text[..slash], Some(&text[slash + 1..])),
        None => (text, None),
    }
}

/// `text` without the trailing spaces and control characters a URL parser drops from the end of a URL.
fn trim_end_c0_and_space(text: &str) -> &str {
    text.trim_end_matches(|char| char <= ' ')
}

/// `.` or `..`, each dot written as `.` or `%2e` in either case (what URL parsers read as a dot segment).
fn is_dot_segment(segment: &[u8]) -> bool {
    let mut rest = segment;
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{Personal, Provenance};

    #[test]
    fn dot_segments_in_every_spelling_and_nothing_else() {
        for dot in [".", "..", "%2e", "%2E", "%2e%2E", ".%2e", "%2E."] {
            assert!(is_dot_segment(dot.as_bytes()), "{dot}");
        }
        for other in ["", "...", "%2e%2e%2e", "a", ".a", "%2", "%2f", "%2e%", "7", "%252e"] {
            assert!(!is_dot_segment(other.as_bytes()), "{other}");
        }
    }

    static GET_PATIENT: Operation = Operation {
        id: "getPatient",
        method: Method::Get,
        path: "/v1/practices/{practiceId}/archives/{archiveId}/patients/{patientId}",
        accept: "application/json",
        provenance: Provenance::Seen,
        personal: Personal::NONE,
    };

    fn client(base: &str) -> HttpClient {
        HttpClient::builder("k").base_url(base).build().unwrap()
    }

    #[test]
    fn clients_and_their_futures_cross_threads() {
        fn assert_send<T: Send>(_: &T) {}
        fn assert_shared<T: Send + Sync + Clone + 'static>() {}
        fn assert_stream<T: futures_util::Stream + Send + Unpin + 'static>() {}
        assert_shared::<HttpClient>();
        assert_stream::<ByteStream>();
        let http = client("http://127.0.0.1:9");
        let request = || Request::new(&GET_PATIENT, "/v1/practices/1/archives/2/patients/3".into());
        assert_send(&http.send_json::<serde_json::Value>(request()));
        assert_send(&http.send_empty(request()));
        assert_send(&http.send_bytes(request()));
        assert_send(&http.send_stream(request()));
    }

    #[test]
    fn urls_join_base_path_and_encoded_query() {
        let request = Request::new(&GET_PATIENT, "/v1/practices/1/archives/2/patients/3".into())
            .query("operatorIds", &vec![1i64, 2])
            .query("dateStart", &chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap())
            .query("q", "a b");
        let url = client("https://app.alfadocs.com/api/").url_for(&request).unwrap();
        assert_eq!(
            url.as_str(),
            "https://app.alfadocs.com/api/v1/practices/1/archives/2/patients/3?operatorIds=1,2&dateStart=2024-01-31&q=a%20b"
        );
    }

    #[test]
    fn bad_paths_are_invalid_input_before_anything_is_sent() {
        let client = client("http://127.0.0.1:9");
        for path in [
            "/v1/practices/1/archives/2/patients/",
            "/v1/practices/1/archives/2/patients/..",
            "/v1/practices/1/archives/2/patients/%2E%2e",
            "/v1/practices/1/archives/2/patients/.",
            "/v1/practices/1/archives/2/patients/3/extra",
            "/v1/practices/1/archives/2/patients",
            "/v1/practices/1/archives/2/doctors/3",
            "v1/practices/1/archives/2/patients/3",
            "/v1/practices/1/archives/2/patients/3?x=1",
        ] {
            let error = client.url_for(&Request::new(&GET_PATIENT, path.into())).unwrap_err();
            assert!(matches!(error, Error::InvalidInput { .. }), "{path}: {error:?}");
        }
        let fine = Request::new(&GET_PATIENT, "/v1/practices/1/archives/2/patients/..a".into());
        assert!(client.url_for(&fine).is_ok());
    }

    #[tokio::test]
    async fn an_operation_with_a_bad_accept_type_is_invalid_input_before_anything_is_sent() {
        static BAD_ACCEPT: Operation = Operation {
            id: "getPatients",
            method: Method::Get,
            path: "/v1/patients",
            accept: "text/\nplain",
            provenance: Provenance::Seen,
            personal: Personal::NONE,
        };
        // Nothing listens on port 9: an attempt to send would be a transport error.
        let error = client("http://127.0.0.1:9").send_bytes(Request::new(&BAD_ACCEPT, "/v1/patients".into())).await;
        assert!(matches!(&error, Err(Error::InvalidInput { what }) if what.contains("getPatients")), "{error:?}");
    }

    #[test]
    fn absolute_targets_must_stay_on_the_base_origin() {
        let client = client("http://127.0.0.1:9/api");
        let base = Request::new(&GET_PATIENT, "/v1/practices/1/archives/2/patients/3".into());
        let inside = base.with_url(Url::parse("http://127.0.0.1:9/api/v1/x?offset=5").unwrap());
        assert_eq!(client.url_for(&inside).unwrap().as_str(), "http://127.0.0.1:9/api/v1/x?offset=5");
        let outside = base.with_url(Url::parse("http://evil.example/api/v1/x").unwrap());
        assert!(matches!(client.url_for(&outside), Err(Error::Protocol { .. })));
    }
}
