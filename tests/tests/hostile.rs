//! The client against a broken or hostile server: raw loopback servers (a tokio `TcpListener` on 127.0.0.1) that
//! redirect where they should not, ask for retries as fast as they can, send endless bodies and heads the HTTP
//! stack will not read, page forever, and echo the key in every spelling.
//!
//! Each test asserts the typed outcome, the number of requests the server saw, and that neither the key nor a
//! seeded personal value appears in any error (its `Display`, `Debug` and source chain) or captured log line.
//! Memory limits are shown by the typed error that stops the reading, never by timing.

mod common;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alfadocs::models::{CreatePatientBody, UpdateAppointmentBody};
use alfadocs::runtime::{HttpClient, Method, Operation, Personal, Provenance, Request};
use alfadocs::{Client, ClientBuilder, Error, Limit, RedirectRefusal, RetryPolicy};
use alfadocs_test_support::{Captured, DefaultGuard, capture_traces};
use common::{ARCHIVE, KEY, PRACTICE, RawRequest as Seen, read_raw_request};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// Personal values the server puts in bodies and the caller in queries: none may reach an error or a log.
const FISCAL_CODE: &str = "RSSMRA80A01H501U";
const FIRST_NAME: &str = "Mariangela";

/// What the server does with one request.
enum Reply {
    /// These bytes, then the connection serves the next request.
    Bytes(String),
    /// `head` (which should announce a chunked or long body), then `chunk` again and again, `every` apart, until
    /// the client hangs up.
    Endless { head: String, chunk: String, every: Duration },
    /// Nothing, ever (the connection stays open).
    Silent,
    /// The connection is closed without an answer.
    Close,
}

/// A loopback server: its base URL (`http://127.0.0.1:P/api`) and every request it read.
struct Server {
    origin: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server that answers request number `n` (0-based, over all connections) with `script(n, seen)`.
    async fn start(script: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let script = Arc::new(script);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (log, script) = (log.clone(), script.clone());
                tokio::spawn(async move {
                    while let Some(request) = read_raw_request(&mut stream).await {
                        let number = {
                            let mut log = log.lock().unwrap();
                            log.push(request.clone());
                            log.len() - 1
                        };
                        if !play(&mut stream, script(number, &request)).await {
                            return;
                        }
                    }
                });
            }
        });
        Self { origin, seen }
    }

    /// The base URL clients are given: under `/api`, so that paths outside it can be tried.
    fn base(&self) -> String {
        format!("{}/api", self.origin)
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// Plays `reply`; whether the connection may serve another request.
async fn play(stream: &mut TcpStream, reply: Reply) -> bool {
    match reply {
        Reply::Bytes(bytes) => stream.write_all(bytes.as_bytes()).await.is_ok(),
        Reply::Endless { head, chunk, every } => {
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
            while stream.write_all(framed.as_bytes()).await.is_ok() {
                tokio::time::sleep(every).await;
            }
            false
        }
        Reply::Silent => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            false
        }
        Reply::Close => false,
    }
}

/// An answer with a body and extra header lines (each ending in `\r\n`).
fn answer(status: &str, extra: &str, body: &str) -> Reply {
    Reply::Bytes(format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n{body}",
        body.len()
    ))
}

fn json(body: &serde_json::Value) -> Reply {
    answer("200 OK", "", &body.to_string())
}

fn redirect(status: &str, location: &str) -> Reply {
    answer(status, &format!("location: {location}\r\n"), "")
}

/// The archive-scoped path under the base URL: `/api/v1/practices/7/archives/9{rest}`.
fn api(rest: &str) -> String {
    format!("/api/v1/practices/{PRACTICE}/archives/{ARCHIVE}{rest}")
}

fn builder(server: &Server) -> ClientBuilder<Client> {
    Client::builder(KEY).base_url(server.base()).timeout(Duration::from_secs(2)).retry_policy(
        RetryPolicy::new()
            .max_attempts(3)
            .base_delay(Duration::from_millis(5))
            .max_delay(Duration::from_millis(20))
            .budget(Duration::from_secs(5)),
    )
}

/// Logs captured for the rest of the test (on its thread: `#[tokio::test]` runs on one).
struct Logs {
    captured: Captured,
    _guard: DefaultGuard,
}

impl Logs {
    fn start() -> Self {
        let (captured, _guard) = capture_traces();
        Self { captured, _guard }
    }

    /// Asserts that no log line holds the key or a seeded personal value.
    fn assert_clean(&self) {
        assert_clean("the logs", &self.captured.text());
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [KEY, FISCAL_CODE, FIRST_NAME] {
        assert!(!text.contains(secret), "{what} show `{secret}`: {text}");
    }
    // Nor a piece of the key long enough to matter.
    for piece in KEY.as_bytes().windows(8) {
        let piece = std::str::from_utf8(piece).unwrap();
        assert!(!text.contains(piece), "{what} show `{piece}` of the key: {text}");
    }
}

/// Asserts that the error's `Display`, `Debug` and every cause hold neither the key nor a personal value.
fn assert_error_clean(error: &Error) {
    let mut shown = format!("{error}\n{error:?}\n");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let _ = writeln!(shown, "{inner}\n{inner:?}");
        cause = inner.source();
    }
    assert_clean("the error", &shown);
}

// --- Redirects -------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_post_or_patch_is_never_sent_again_by_a_redirect_and_the_error_names_status_and_location() {
    let logs = Logs::start();
    let server = Server::start(|number, _| match number {
        0 => redirect("307 Temporary Redirect", &api(&format!("/patients/again?fiscalCode={FISCAL_CODE}"))),
        _ => redirect("308 Permanent Redirect", &api("/appointments/4")),
    })
    .await;
    let archive = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE);
    // Even with the caller's consent to retry: a redirect is a second send, not a retry of a failure.
    let created = archive
        .patients()
        .create_patient(CreatePatientBody::new(FIRST_NAME, "Rossi"))
        .retry_on_failure(true)
        .send()
        .await
        .unwrap_err();
    let Error::Redirect { operation, status, location, reason, .. } = &created else {
        panic!("expected a refused redirect, got {created:?}");
    };
    assert_eq!((*operation, *status, *reason), ("createPatient", 307, RedirectRefusal::Method));
    assert_eq!(location, &format!("{}{}", server.origin, api("/patients/again?fiscalCode=***")));
    assert!(created.to_string().contains("307") && created.to_string().contains(location.as_str()), "{created}");
    assert_eq!(server.count(), 1);

    let updated =
        archive.appointments().update_appointment(3, UpdateAppointmentBody::default()).send().await.unwrap_err();
    assert!(matches!(updated, Error::Redirect { status: 308, reason: RedirectRefusal::Method, .. }), "{updated:?}");
    assert_eq!(server.count(), 2, "each sent exactly once");
    assert_eq!(server.requests().iter().map(|seen| seen.method.as_str()).collect::<Vec<_>>(), ["POST", "PATCH"]);
    for error in [&created, &updated] {
        assert_error_clean(error);
    }
    logs.assert_clean();
}

#[tokio::test]
async fn a_get_follows_redirects_only_within_the_base_url_origin_and_path() {
    let logs = Logs::start();
    let server = Server::start(|_, seen| {
        if seen.target == api("/patients/1") {
            redirect("302 Found", &api("/patients/2"))
        } else if seen.target == api("/patients/2") {
            json(&serde_json::json!({"status": "success", "data": {"id": 2}}))
        } else if seen.target == api("/patients/3") {
            // Same origin, outside `/api`: the key must not go there.
            redirect("301 Moved Permanently", "/admin/patients/3?token=abc")
        } else {
            answer("404 Not Found", "", r#"{"error":"no"}"#)
        }
    })
    .await;
    let archive = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE);
    assert_eq!(archive.patients().get_patient(1).send().await.unwrap().id, Some(2));
    assert_eq!(server.count(), 2, "the redirect within the base path was followed");

    let error = archive.patients().get_patient(3).send().await.unwrap_err();
    let Error::Redirect { status: 301, reason: RedirectRefusal::OutsideBase, location, .. } = &error else {
        panic!("expected a refused redirect, got {error:?}");
    };
    assert_eq!(location, &format!("{}/admin/patients/3?token=***", server.origin));
    assert_eq!(server.count(), 3, "nothing was sent to /admin");
    assert!(server.requests().iter().all(|seen| seen.target.starts_with("/api/")));
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn a_redirect_back_to_a_url_already_requested_is_a_loop_even_with_a_new_fragment() {
    let logs = Logs::start();
    let server = Server::start(|_, seen| {
        if seen.target == api("/patients/1") {
            redirect("302 Found", &api("/patients/2"))
        } else {
            redirect("307 Temporary Redirect", &format!("{}#again", api("/patients/1")))
        }
    })
    .await;
    let error = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE).patients().get_patient(1).send().await;
    let error = error.unwrap_err();
    assert!(matches!(error, Error::Redirect { status: 307, reason: RedirectRefusal::Loop, .. }), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(server.count(), 2, "each URL requested once");
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn a_redirect_carrying_credentials_is_refused_and_no_authorization_is_ever_sent() {
    let logs = Logs::start();
    let server = Server::start(|_, seen| {
        let port = seen.header("host").and_then(|host| host.rsplit(':').next()).unwrap_or("0").to_owned();
        redirect("302 Found", &format!("http://mallory:secret@127.0.0.1:{port}{}", api("/patients/2")))
    })
    .await;
    let error = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE).patients().get_patient(1).send().await;
    let error = error.unwrap_err();
    let Error::Redirect { reason: RedirectRefusal::Credentials, location, .. } = &error else {
        panic!("expected a refused redirect, got {error:?}");
    };
    assert!(!location.contains("mallory") && !location.contains("secret"), "{location}");
    assert_eq!(server.count(), 1);
    assert!(server.requests().iter().all(|seen| seen.header("authorization").is_none()));
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn endless_or_broken_redirects_end_with_a_typed_error() {
    let logs = Logs::start();
    // Every answer a redirect to a new URL under the base path, or one without a Location.
    let server = Server::start(|number, seen| {
        if seen.target.contains("/chairs") {
            redirect("307 Temporary Redirect", &format!("{}?hop={number}", api("/chairs")))
        } else {
            answer("302 Found", "", "")
        }
    })
    .await;
    let archive = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE);
    let endless = archive.chairs().get_chairs().send().await.unwrap_err();
    assert!(matches!(endless, Error::Redirect { reason: RedirectRefusal::TooMany, .. }), "{endless:?}");
    assert_eq!(server.count(), 1 + alfadocs::runtime::limits::MAX_REDIRECTS, "the first request and 10 hops");
    let nowhere = archive.colors().get_colors().send().await.unwrap_err();
    assert!(
        matches!(nowhere, Error::Redirect { status: 302, reason: RedirectRefusal::InvalidLocation, .. }),
        "{nowhere:?}"
    );
    assert_eq!(server.count(), 2 + alfadocs::runtime::limits::MAX_REDIRECTS);
    for error in [&endless, &nowhere] {
        assert!(!error.is_retryable());
        assert_error_clean(error);
    }
    logs.assert_clean();
}

// --- Retries ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_zero_retry_after_still_backs_off_and_the_budget_bounds_the_attempts() {
    let logs = Logs::start();
    let server =
        Server::start(|_, _| answer("503 Service Unavailable", "retry-after: 0\r\n", r#"{"error":"busy"}"#)).await;
    // Waits of 10–20 ms (the backoff's upper half) in a 2 s budget: at most 201 attempts, however many are
    // allowed and whatever the server asks (without the waits a loopback server takes thousands). The budget is
    // long enough that a loaded machine still fits a second attempt in it.
    let client = builder(&server)
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(1_000_000)
                .base_delay(Duration::from_millis(20))
                .multiplier(1.0)
                .max_delay(Duration::from_millis(20))
                .budget(Duration::from_secs(2)),
        )
        .build()
        .unwrap();
    let error = client.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let attempts = server.count();
    assert!((2..=201).contains(&attempts), "{attempts} attempts");
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn no_attempt_runs_past_the_retry_budget() {
    let logs = Logs::start();
    let server = Server::start(|_, _| Reply::Silent).await;
    // The first attempt takes its whole 300 ms timeout; the second is cut where the 550 ms budget ends (so
    // short of 300 ms), and no third starts.
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(100)
                .base_delay(Duration::from_millis(10))
                .max_delay(Duration::from_millis(10))
                .budget(Duration::from_millis(550)),
        )
        .build()
        .unwrap();
    let error = client.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err();
    let Error::Timeout { after, .. } = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert!(*after < Duration::from_millis(300), "the last attempt was cut to the budget: {after:?}");
    assert_eq!(server.count(), 2);
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn errors_a_retry_cannot_change_are_not_retried() {
    let logs = Logs::start();
    let server = Server::start(|_, seen| {
        if seen.target.ends_with("/chairs") {
            // More header lines than the HTTP stack reads.
            let mut extra = String::new();
            for index in 0..300 {
                let _ = write!(extra, "x-filler-{index}: {}\r\n", "y".repeat(64));
            }
            answer("200 OK", &extra, "{}")
        } else {
            Reply::Bytes("HTTP/1.1 two hundred OK\r\ncontent-length: 0\r\n\r\n".to_owned())
        }
    })
    .await;
    let archive = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE);
    let too_large = archive.chairs().get_chairs().send().await.map(drop).unwrap_err();
    assert_eq!(server.count(), 1, "sent once: {too_large}");
    let malformed = archive.colors().get_colors().send().await.map(drop).unwrap_err();
    assert_eq!(server.count(), 2, "sent once: {malformed}");
    for error in [&too_large, &malformed] {
        assert!(matches!(error, Error::Transport { retryable: false, .. }), "{error:?}");
        assert!(!error.is_retryable());
        assert!(std::error::Error::source(error).is_some(), "the HTTP stack's error is the source");
        assert_error_clean(error);
    }
    logs.assert_clean();
}

// --- Size limits and deadlines -----------------------------------------------------------------------------------

#[tokio::test]
async fn a_2xx_body_past_the_limit_ends_the_call_with_the_limit_named() {
    let logs = Logs::start();
    let server = Server::start(|number, _| match number {
        0 => Reply::Endless {
            head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".into(),
            chunk: format!(r#"{{"firstName":"{FIRST_NAME}"}},"#).repeat(100),
            every: Duration::ZERO,
        },
        _ => Reply::Bytes(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n{".into(),
        ),
    })
    .await;
    let client = builder(&server).max_body_bytes(64 * 1024).build().unwrap();
    let archive = client.archive(PRACTICE, ARCHIVE);
    let endless = archive.patients().get_patient(1).send().await.unwrap_err();
    let announced = archive.patients().get_patient(2).send().await.unwrap_err();
    for error in [&endless, &announced] {
        let Error::LimitExceeded { operation, limit, max, .. } = error else {
            panic!("expected the body limit, got {error:?}");
        };
        assert_eq!((*operation, *limit, *max), ("getPatient", Limit::BodyBytes, 64 * 1024));
        assert!(error.to_string().contains("ClientBuilder::max_body_bytes"), "{error}");
        assert!(!error.is_retryable());
        assert_error_clean(error);
    }
    assert_eq!(server.count(), 2, "neither was retried");
    logs.assert_clean();
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_as_far_as_its_message_needs() {
    let logs = Logs::start();
    let server = Server::start(|_, _| Reply::Endless {
        head: "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n"
            .into(),
        chunk: "stack trace line ".repeat(200),
        every: Duration::ZERO,
    })
    .await;
    let client = builder(&server).max_error_body_bytes(4096).build().unwrap();
    let error = client.archive(PRACTICE, ARCHIVE).chairs().get_chairs().send().await.unwrap_err();
    let Error::Status { status: 500, message, .. } = &error else {
        panic!("expected the status, got {error:?}");
    };
    assert!(message.starts_with("stack trace line") && message.chars().count() <= 201, "{message}");
    assert_eq!(server.count(), 1);
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn a_huge_bad_value_gives_a_small_decode_error_without_the_value() {
    let logs = Logs::start();
    let huge = format!("{FISCAL_CODE} ").repeat(100_000);
    let body = serde_json::json!({"status": "success", "data": {"id": huge, "firstName": FIRST_NAME}}).to_string();
    let server = Server::start(move |_, _| answer("200 OK", "", &body)).await;
    let error = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE).patients().get_patient(1).send().await;
    let error = error.unwrap_err();
    let Error::Decode { path, message, excerpt, source, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "data.id");
    assert!(message.contains("expected") && message.chars().count() <= 201, "{message}");
    assert!(excerpt.chars().count() <= 202, "{} characters", excerpt.chars().count());
    assert!(source.to_string().starts_with(message.as_str()), "{source}");
    let shown = format!("{error} {error:?}");
    assert!(shown.len() < 1_000, "{} bytes: {shown}", shown.len());
    assert_eq!(server.count(), 1);
    assert_error_clean(&error);
    logs.assert_clean();
}

#[tokio::test]
async fn a_streamed_download_ends_at_its_deadline_though_chunks_keep_coming() {
    let logs = Logs::start();
    let server = Server::start(|_, _| Reply::Endless {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ntransfer-encoding: chunked\r\n\r\n".into(),
        chunk: "%PDF-1.7 ".repeat(10),
        every: Duration::from_millis(10),
    })
    .await;
    let client = builder(&server).download_deadline(Duration::from_millis(300)).build().unwrap();
    let download = client.archive(PRACTICE, ARCHIVE).document().download_document(42, 900).send_stream().await;
    let mut chunks = download.unwrap();
    let mut received = 0usize;
    let error = loop {
        match chunks.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("an endless download ended after {received} bytes"),
        }
    };
    assert!(received > 0);
    assert!(
        matches!(error, Error::Timeout { operation: "downloadDocument", after, .. } if after == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(chunks.next().await.is_none(), "the stream ends after its error");
    assert_eq!(server.count(), 1);
    assert_error_clean(&error);
    logs.assert_clean();
}

// --- Pagination --------------------------------------------------------------------------------------------------

fn page(results: &[i64], offset: u64, total: Option<u64>, next: Option<String>) -> Reply {
    let results: Vec<serde_json::Value> =
        results.iter().map(|id| serde_json::json!({"id": id, "firstName": FIRST_NAME})).collect();
    json(
        &serde_json::json!({"links": {"next": next}, "total": total, "offset": offset, "limit": 2, "results": results}),
    )
}

async fn stream_all(client: &Client) -> Vec<Result<alfadocs::models::Patient, Error>> {
    client.archive(PRACTICE, ARCHIVE).patients().get_patients().stream().collect().await
}

fn ids(results: &[Result<alfadocs::models::Patient, Error>]) -> Vec<i64> {
    results.iter().filter_map(|item| item.as_ref().ok()).filter_map(|patient| patient.id).collect()
}

#[tokio::test]
async fn links_that_differ_only_by_fragment_or_query_order_are_a_loop() {
    let logs = Logs::start();
    let server = Server::start(|number, _| match number {
        0 => page(&[1, 2], 0, None, Some(format!("{}?limit=2&offset=2#first", api("/patients")))),
        _ => page(&[3, 4], 2, None, Some(format!("{}?offset=2&limit=2#second", api("/patients")))),
    })
    .await;
    let results = stream_all(&builder(&server).build().unwrap()).await;
    assert_eq!(ids(&results), vec![1, 2, 3, 4]);
    assert_eq!(results.len(), 5);
    let error = results[4].as_ref().unwrap_err();
    assert!(matches!(error, Error::Protocol { operation: "getPatients", .. }), "{error:?}");
    assert!(error.to_string().contains("offset=***"), "{error}");
    assert_eq!(server.count(), 2);
    assert_error_clean(error);
    logs.assert_clean();
}

#[tokio::test]
async fn a_links_next_with_credentials_is_never_followed() {
    let logs = Logs::start();
    let server = Server::start(|number, seen| {
        let port = seen.header("host").and_then(|host| host.rsplit(':').next()).unwrap_or("0").to_owned();
        let next = format!("http://mallory:secret@127.0.0.1:{port}{}?offset=1", api("/patients"));
        match number {
            0 => page(&[1], 0, Some(2), Some(next)),
            _ => page(&[2], 1, Some(2), None),
        }
    })
    .await;
    let results = stream_all(&builder(&server).build().unwrap()).await;
    // The link is refused; paging by offset fetches the second page without credentials.
    assert_eq!(ids(&results), vec![1, 2]);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(server.count(), 2);
    assert!(server.requests().iter().all(|seen| seen.header("authorization").is_none()));
    let text = logs.captured.text();
    assert!(text.contains("links.next is outside the base URL") && !text.contains("mallory"), "{text}");
    logs.assert_clean();
}

#[tokio::test]
async fn offset_paging_stops_when_the_offset_does_not_advance_or_passes_the_total() {
    let logs = Logs::start();
    // The server says every page starts at 0.
    let stuck = Server::start(|_, _| page(&[1, 2], 0, Some(100), None)).await;
    let results = stream_all(&builder(&stuck).build().unwrap()).await;
    // The page asked for at offset 2 is not yielded: it says it is the first page again.
    assert_eq!(ids(&results), vec![1, 2]);
    assert_eq!(results.len(), 3);
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(error, Error::Protocol { .. }), "{error:?}");
    assert_eq!(stuck.count(), 2);
    assert_error_clean(error);

    // The second page holds more than the total said: offset 4 passes the total of 3 and the list ends.
    let over = Server::start(|number, _| match number {
        0 => page(&[1, 2], 0, Some(3), None),
        _ => page(&[3, 4], 2, Some(3), None),
    })
    .await;
    let results = stream_all(&builder(&over).build().unwrap()).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(ids(&results), vec![1, 2, 3, 4]);
    assert_eq!(over.count(), 2);
    logs.assert_clean();
}

#[tokio::test]
async fn an_endless_list_ends_at_the_page_cap_with_the_limit_named() {
    let logs = Logs::start();
    let server = Server::start(|number, _| {
        let id = i64::try_from(number).unwrap();
        page(&[id], 0, None, Some(format!("{}?page={}", api("/patients"), number + 1)))
    })
    .await;
    let results = stream_all(&builder(&server).max_pages(5).build().unwrap()).await;
    assert_eq!(ids(&results), vec![0, 1, 2, 3, 4]);
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        matches!(error, Error::LimitExceeded { operation: "getPatients", limit: Limit::Pages, max: 5, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("ClientBuilder::max_pages"), "{error}");
    assert_eq!(server.count(), 5);
    assert_error_clean(error);

    let default = Client::builder(KEY).build().unwrap();
    assert!(format!("{default:?}").contains("max_pages: 10000"), "{default:?}");
    logs.assert_clean();
}

// --- What errors and logs show ---------------------------------------------------------------------------------

#[tokio::test]
async fn urls_in_errors_and_logs_never_show_query_values() {
    let logs = Logs::start();
    let server = Server::start(|_, seen| {
        if seen.target.contains("offset=2") || seen.target.contains("italianFiscalCode") {
            Reply::Close
        } else {
            // A same-origin link that carries the key and the caller's search.
            page(&[1], 0, None, Some(format!("{}?apiKey={KEY}&offset=2", api("/patients"))))
        }
    })
    .await;
    let client = builder(&server).build().unwrap();
    let archive = client.archive(PRACTICE, ARCHIVE);
    let searched = archive.patients().get_patients().italian_fiscal_code(FISCAL_CODE).send().await.unwrap_err();
    assert!(matches!(searched, Error::Transport { retryable: true, .. }), "{searched:?}");
    assert_eq!(server.count(), 3, "a GET cut off is retried");
    assert!(server.requests().iter().all(|seen| seen.target.contains(FISCAL_CODE)), "the search went out");

    let results = stream_all(&client).await;
    assert_eq!(ids(&results), vec![1]);
    let paged = results.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(paged, Error::Transport { .. }), "{paged:?}");
    assert_eq!(server.count(), 7);
    for error in [&searched, paged] {
        assert_error_clean(error);
    }
    logs.assert_clean();
}

#[tokio::test]
async fn the_key_is_masked_raw_json_escaped_html_escaped_and_across_excerpt_edges() {
    let logs = Logs::start();
    let json_escaped: String = KEY.chars().map(|char| format!("\\u{:04x}", u32::from(char))).collect();
    let html_escaped: String = KEY.chars().map(|char| format!("&#{};", u32::from(char))).collect();
    let mut bodies = vec![
        ("401 Unauthorized".to_owned(), format!(r#"{{"error":"bad key {json_escaped}"}}"#)),
        ("403 Forbidden".to_owned(), format!("<html><head><title>No access for {html_escaped}</title></head></html>")),
        ("404 Not Found".to_owned(), format!("not found: {}", KEY.replace('_', "&#x5f;"))),
    ];
    // 2xx bodies whose decode error's excerpt edge falls anywhere across the echoed key.
    for padding in (60..140).step_by(7) {
        let body =
            format!(r#"{{"status":"success","data":{{"id":"{}{KEY}{}"}}}}"#, "x".repeat(padding), "y".repeat(padding));
        bodies.push(("200 OK".to_owned(), body));
    }
    let count = bodies.len();
    let bodies = Arc::new(bodies);
    let served = bodies.clone();
    let server = Server::start(move |number, _| {
        let (status, body) = &served[number % served.len()];
        answer(status, "", body)
    })
    .await;
    let archive = builder(&server).build().unwrap().archive(PRACTICE, ARCHIVE);
    let mut errors = Vec::new();
    for id in 0..count {
        errors.push(archive.patients().get_patient(i64::try_from(id).unwrap()).send().await.unwrap_err());
    }
    assert_eq!(errors[0].to_string(), "getPatient: HTTP 401 Unauthorized: bad key ***");
    assert_eq!(errors[1].to_string(), "getPatient: HTTP 403 Forbidden: No access for ***");
    assert_eq!(errors[2].to_string(), "getPatient: HTTP 404 Not Found: not found: ***");
    for error in &errors {
        assert_error_clean(error);
        if let Error::Decode { excerpt, .. } = error {
            assert_clean("the excerpt", excerpt);
        }
    }
    assert_eq!(server.count(), count);
    logs.assert_clean();
}

#[tokio::test]
async fn raw_paths_with_a_backslash_or_leading_outside_the_base_path_are_refused_before_sending() {
    static GET_FILE: Operation = Operation {
        id: "getFile",
        method: Method::Get,
        path: "/v1/files/{name}",
        accept: "application/json",
        provenance: Provenance::Seen,
        personal: Personal::NONE,
    };
    let logs = Logs::start();
    let server = Server::start(|_, _| json(&serde_json::json!({}))).await;
    let http = HttpClient::builder(KEY).base_url(server.base()).build().unwrap();
    for path in ["/v1/files/..\\..\\admin", "/v1/files/a\\b", "/v1/files/%2e%2E", "/v1/files/.%2e"] {
        let error = http.send_empty(Request::new(&GET_FILE, path.to_owned())).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{path}: {error:?}");
        assert!(error.to_string().contains("getFile"), "{error}");
        assert_error_clean(&error);
    }
    assert_eq!(server.count(), 0);
    http.send_empty(Request::new(&GET_FILE, "/v1/files/a..b".to_owned())).await.unwrap();
    assert_eq!(server.count(), 1);
    logs.assert_clean();
}
