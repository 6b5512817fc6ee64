//! Fault injection against a raw loopback server (a tokio `TcpListener` that misbehaves on purpose): connections
//! dropped mid-body, bursts of 5xx, headers slower than the timeout, a `Retry-After` beyond the retry budget, and
//! a server that accepts and never answers.
//!
//! Every call through `alfadocs` must end in a value or a typed error within its time budget, and no POST is ever
//! sent twice. The elapsed-time bounds are liveness bounds (e.g. "ends within 5 s when the budget is about 1 s"),
//! not performance assertions.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alfadocs::models::CreatePatientBody;
use alfadocs::{Archive, Client, Error, RetryPolicy};
use common::read_raw_request;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the request number `n` (0-based, counted over all connections).
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Headers announce a body longer than what is sent, then the connection is closed.
    DropMidBody,
    /// `503 Service Unavailable` with a short JSON error.
    Unavailable,
    /// `429 Too Many Requests` with `Retry-After: 3600`.
    RetryAfterAnHour,
    /// Waits 3 s before the headers (longer than the client's timeout).
    SlowHeaders,
    /// Reads the request and never answers (the connection stays open).
    Silent,
    /// A valid patient.
    Ok,
}

/// The loopback server: its base URL and the requests it received, counted by method.
struct Server {
    url: String,
    gets: Arc<AtomicUsize>,
    posts: Arc<AtomicUsize>,
}

/// Starts a server that answers request `n` with `script(n)`.
async fn serve(script: fn(usize) -> Fault) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let gets = Arc::new(AtomicUsize::new(0));
    let posts = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicUsize::new(0));
    let (get_count, post_count) = (gets.clone(), posts.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (gets, posts, seen) = (get_count.clone(), post_count.clone(), seen.clone());
            tokio::spawn(async move {
                let mut stream = stream;
                // Keep-alive: several requests may come on one connection.
                while let Some(request) = read_raw_request(&mut stream).await {
                    match request.method.as_str() {
                        "POST" => posts.fetch_add(1, Ordering::SeqCst),
                        _ => gets.fetch_add(1, Ordering::SeqCst),
                    };
                    let number = seen.fetch_add(1, Ordering::SeqCst);
                    if !answer(&mut stream, script(number)).await {
                        return;
                    }
                }
            });
        }
    });
    Server { url, gets, posts }
}

/// Plays `fault` on the connection; whether the connection may serve another request.
async fn answer(stream: &mut TcpStream, fault: Fault) -> bool {
    const PATIENT: &str = r#"{"status":"success","data":{"id":7,"firstName":"Mario","lastName":"Rossi"}}"#;
    let reply = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n{body}",
            body.len()
        )
    };
    match fault {
        Fault::DropMidBody => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n";
            let _ = stream.write_all(format!("{head}{}", &PATIENT[..20]).as_bytes()).await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
            false
        }
        Fault::Unavailable => {
            stream.write_all(reply("503 Service Unavailable", "", r#"{"error":"busy"}"#).as_bytes()).await.is_ok()
        }
        Fault::RetryAfterAnHour => stream
            .write_all(reply("429 Too Many Requests", "retry-after: 3600\r\n", r#"{"error":"slow down"}"#).as_bytes())
            .await
            .is_ok(),
        Fault::SlowHeaders => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            stream.write_all(reply("200 OK", "", PATIENT).as_bytes()).await.is_ok()
        }
        Fault::Silent => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            false
        }
        Fault::Ok => stream.write_all(reply("200 OK", "", PATIENT).as_bytes()).await.is_ok(),
    }
}

/// A client with a short timeout and quick retries: 3 attempts within a 1 s budget.
fn archive(server: &Server, timeout: Duration) -> Archive {
    let policy = RetryPolicy::new()
        .max_attempts(3)
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(50))
        .budget(Duration::from_secs(1));
    Client::builder("fault-key")
        .base_url(&server.url)
        .timeout(timeout)
        .retry_policy(policy)
        .build()
        .unwrap()
        .archive(1, 2)
}

fn body() -> CreatePatientBody {
    CreatePatientBody::new("Mario", "Rossi")
}

/// Ends well within the bound, or fails the test instead of hanging it.
async fn within<T>(bound: Duration, call: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let result = tokio::time::timeout(bound, call).await.expect("the call must end within its liveness bound");
    (result, started.elapsed())
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error_get_retried_post_sent_once() {
    let server = serve(|_| Fault::DropMidBody).await;
    let archive = archive(&server, Duration::from_secs(2));

    let (result, _) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert!(result.unwrap_err().is_retryable());
    assert_eq!(server.gets.load(Ordering::SeqCst), 3, "a GET is retried up to max_attempts");

    let (result, _) = within(Duration::from_secs(5), archive.patients().create_patient(body()).send()).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert_eq!(server.posts.load(Ordering::SeqCst), 1, "a POST is never sent twice");
}

#[tokio::test]
async fn a_burst_of_503_is_ridden_out_by_a_get_and_ends_a_post() {
    let server = serve(|n| if n < 2 { Fault::Unavailable } else { Fault::Ok }).await;
    let archive = archive(&server, Duration::from_secs(2));

    let (patient, _) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    assert_eq!(patient.unwrap().id, Some(7));
    assert_eq!(server.gets.load(Ordering::SeqCst), 3);

    let always = serve(|_| Fault::Unavailable).await;
    let archive = self::archive(&always, Duration::from_secs(2));
    let (result, _) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    let error = result.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(always.gets.load(Ordering::SeqCst), 3, "retries stop at max_attempts");

    let (result, _) = within(Duration::from_secs(5), archive.patients().create_patient(body()).send()).await;
    assert_eq!(result.unwrap_err().status(), Some(503));
    assert_eq!(always.posts.load(Ordering::SeqCst), 1, "a POST is never sent twice");
}

#[tokio::test]
async fn headers_slower_than_the_timeout_end_in_a_timeout_error() {
    let server = serve(|_| Fault::SlowHeaders).await;
    let archive = archive(&server, Duration::from_millis(200));

    // 3 attempts of 200 ms plus short backoffs: about 0.7 s; the liveness bound is 5 s.
    let (result, elapsed) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert!(elapsed < Duration::from_secs(3), "the slow server's 3 s must not be waited for: {elapsed:?}");
    assert_eq!(server.gets.load(Ordering::SeqCst), 3);

    let (result, _) = within(Duration::from_secs(5), archive.patients().create_patient(body()).send()).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert_eq!(server.posts.load(Ordering::SeqCst), 1, "a POST is never sent twice");
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_ends_the_call_at_once_with_the_429() {
    let server = serve(|_| Fault::RetryAfterAnHour).await;
    let archive = archive(&server, Duration::from_secs(2));

    let (result, elapsed) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    let error = result.unwrap_err();
    assert_eq!(error.status(), Some(429), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(elapsed < Duration::from_secs(2), "no sleep towards the hour: {elapsed:?}");
    assert_eq!(server.gets.load(Ordering::SeqCst), 1, "an hour is past the 1 s budget: no retry");

    let (result, _) = within(Duration::from_secs(5), archive.patients().create_patient(body()).send()).await;
    assert_eq!(result.unwrap_err().status(), Some(429));
    assert_eq!(server.posts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_ends_in_timeouts_and_one_post() {
    let server = serve(|_| Fault::Silent).await;
    let archive = archive(&server, Duration::from_millis(200));

    let (result, _) = within(Duration::from_secs(5), archive.patients().get_patient(7).send()).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert_eq!(server.gets.load(Ordering::SeqCst), 3);

    let consenting = archive.patients().create_patient(body()).send();
    let (result, _) = within(Duration::from_secs(5), consenting).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert_eq!(server.posts.load(Ordering::SeqCst), 1, "a POST is never sent twice");

    // With the caller's consent, a POST may be retried: the budget still bounds it.
    let (result, _) =
        within(Duration::from_secs(5), archive.patients().create_patient(body()).retry_on_failure(true).send()).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert_eq!(server.posts.load(Ordering::SeqCst), 4, "1 + 3 attempts with consent");
}

#[tokio::test]
async fn streams_and_windows_end_on_faults_too() {
    use futures_util::TryStreamExt;
    let server = serve(|_| Fault::DropMidBody).await;
    let archive = archive(&server, Duration::from_secs(2));
    let start = alfadocs::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let end = alfadocs::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let listing =
        archive.appointments().get_appointments().date_start(start).date_end(end).stream().try_collect::<Vec<_>>();
    let (result, _) = within(Duration::from_secs(5), listing).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert_eq!(server.gets.load(Ordering::SeqCst), 3, "the first window fails after its retries; no more are sent");
}
