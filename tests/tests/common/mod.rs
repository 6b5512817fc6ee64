//! Shared helpers of the end-to-end tests of `alfadocs`: a loopback AlfaDocs (wiremock) that checks every
//! request's method, exact path, raw query, headers and JSON body, a client pointed at it with fast retries,
//! and the list of operation ids the vendor's document declares.

// Each end-to-end test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use alfadocs::{Client, RetryPolicy};
use serde_json::Value;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// A key distinctive enough that finding it anywhere in output is a leak, not a coincidence.
pub const KEY: &str = "adk_e2e_7Qx9ZpL3mW8vR2nK";

/// The practice and archive the tests work in.
pub const PRACTICE: i64 = 7;
/// The archive the tests work in.
pub const ARCHIVE: i64 = 9;

/// The archive-scoped path prefix: `/v1/practices/7/archives/9`.
pub fn scoped(rest: &str) -> String {
    format!("/v1/practices/{PRACTICE}/archives/{ARCHIVE}{rest}")
}

/// A retry policy fast enough for tests: 3 attempts, millisecond waits.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .budget(Duration::from_secs(5))
}

/// A client of `server` with [`KEY`], a 5 s timeout and [`fast_retries`].
pub fn client_for(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
        .build()
        .expect("a client of the mock server")
}

/// Matches when the request's query string is exactly `expected`, as sent (encoding and order included);
/// `""` means no query at all.
pub struct RawQuery(pub String);

impl Match for RawQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().unwrap_or("") == self.0
    }
}

/// Matches requests whose body is empty (GET, DELETE).
pub struct NoBody;

impl Match for NoBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

/// `200` with a JSON body.
pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// What one operation's request must look like on the wire.
pub struct Expect<'a> {
    /// The vendor's operation id, recorded as covered.
    pub operation: &'static str,
    /// `GET`, `POST`, `PATCH`, `DELETE`.
    pub method: &'a str,
    /// The exact path.
    pub path: String,
    /// The exact raw query string (`""`: none).
    pub query: &'a str,
    /// The exact JSON body, or `None` for a request without a body.
    pub body: Option<Value>,
}

impl<'a> Expect<'a> {
    /// The same request, asking for `media_type` rather than JSON (a file download).
    pub fn accepting(self, media_type: &'static str) -> Accepting<'a> {
        Accepting { expect: self, media_type }
    }
}

/// An [`Expect`] and the `Accept` header it carries (`application/json` unless [`Expect::accepting`] says).
pub struct Accepting<'a> {
    expect: Expect<'a>,
    media_type: &'static str,
}

impl<'a> From<Expect<'a>> for Accepting<'a> {
    fn from(expect: Expect<'a>) -> Self {
        Accepting { expect, media_type: "application/json" }
    }
}

/// A loopback AlfaDocs that records which operations the tests have exercised.
pub struct Wire {
    /// The mock server.
    pub server: MockServer,
    called: Mutex<BTreeSet<&'static str>>,
}

impl Wire {
    /// A fresh server.
    pub async fn start() -> Self {
        Self { server: MockServer::start().await, called: Mutex::new(BTreeSet::new()) }
    }

    /// A client of this server (see [`client_for`]).
    pub fn client(&self) -> Client {
        client_for(&self.server)
    }

    /// Mounts `answer` for requests exactly like `expect`, carrying the key, `Accept: application/json` (or the
    /// type of [`Expect::accepting`]) and the client's `User-Agent`, and requires that exactly `times` such
    /// requests arrive (checked when the server is dropped). Records the operation as covered.
    pub async fn expect<'a>(&self, expect: impl Into<Accepting<'a>>, times: u64, answer: ResponseTemplate) {
        let Accepting { expect, media_type } = expect.into();
        self.called.lock().expect("the ids").insert(expect.operation);
        let mock = Mock::given(method(expect.method))
            .and(path(expect.path.as_str()))
            .and(RawQuery(expect.query.to_owned()))
            .and(header("x-api-key", KEY))
            .and(header("accept", media_type))
            .and(header("user-agent", alfadocs::runtime::DEFAULT_USER_AGENT));
        let mock = match expect.body {
            Some(body) => mock.and(header("content-type", "application/json")).and(body_json(body)),
            None => mock.and(NoBody),
        };
        mock.respond_with(answer).expect(times).named(expect.operation).mount(&self.server).await;
    }

    /// The operations exercised so far.
    pub fn called(&self) -> BTreeSet<&'static str> {
        self.called.lock().expect("the ids").clone()
    }
}

/// Shorthand for an [`Expect`] without a body.
pub fn get<'a>(operation: &'static str, path: String, query: &'a str) -> Expect<'a> {
    Expect { operation, method: "GET", path, query, body: None }
}

/// The operation ids of the vendor's document, `alfadocs-openapi.yaml`, read from the file itself.
pub fn spec_operation_ids() -> BTreeSet<String> {
    let file = alfadocs_tests::repo_root().join("alfadocs-openapi.yaml");
    let text = std::fs::read_to_string(&file).expect("alfadocs-openapi.yaml is readable");
    let document: Value = serde_norway::from_str(&text).expect("alfadocs-openapi.yaml is YAML");
    let mut ids = BTreeSet::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

/// `YYYY-MM-DD`.
pub fn date(year: i32, month: u32, day: u32) -> alfadocs::NaiveDate {
    alfadocs::NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// `YYYY-MM-DD HH:MM:SS`.
pub fn date_time(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> alfadocs::NaiveDateTime {
    date(year, month, day).and_hms_opt(hour, minute, 0).expect("a valid time")
}

/// Fails when `error`'s `Display`, `Debug` or pretty `Debug` shows [`KEY`].
pub fn assert_no_key(error: &alfadocs::Error) {
    let shown = format!("{error} | {error:?} | {error:#?}");
    assert!(!shown.contains(KEY), "the error shows the API key: {shown}");
}

/// One request as a raw loopback server (a tokio `TcpListener` that misbehaves on purpose) read it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// `GET`, `POST`…
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// The header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl RawRequest {
    /// The value of the header `name` (lower-case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Reads one request (head and a `Content-Length` body), or `None` when the connection ends.
pub async fn read_raw_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let mut request_line = lines.next()?.split_whitespace();
    let (method, target) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, value)| value.parse().ok());
    let mut body = vec![0u8; length.unwrap_or(0)];
    stream.read_exact(&mut body).await.ok()?;
    Some(RawRequest { method, target, headers })
}
