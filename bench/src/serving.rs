//! `serving`: requests per second of the fake (`alfadocs-fake`) answering `get_patient`, against a minimal axum
//! handler that returns the very bytes the fake answered.
//!
//! Both servers run on one thread of their own, on one single-threaded runtime, taking the same client's
//! requests in turn (chunks of `--chunk`), so that a spell of contention falls on both. The client is reqwest
//! with the key header, as a program testing against the fake sends; the answer is read to its end and not
//! decoded, so the figures are the servers', not a decoder's.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use alfadocs_fake::FakeAlfaDocs;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::{Options, Result, client_runtime, series_json};

/// What the server thread hands back: the fake's URL of one patient, its key, the axum URL of the same path.
struct Started {
    fake_url: String,
    key: String,
    minimal_url: String,
    stop: oneshot::Sender<()>,
}

/// Starts the fake, reads one patient's answer from it, and serves those bytes from a one-route axum app.
fn start_servers() -> Result<(Started, thread::JoinHandle<()>)> {
    let (ready, is_ready) = mpsc::channel::<Result<Started>>();
    let handle = thread::Builder::new().name("serving-servers".to_owned()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime,
            Err(error) => {
                let _ = ready.send(Err(error.into()));
                return;
            }
        };
        runtime.block_on(async move {
            let (stop, stopped) = oneshot::channel::<()>();
            let started = async {
                let fake = FakeAlfaDocs::start().await?;
                let archive = fake.archive()?;
                let first = archive.patients().get_patients().limit(1).send().await?;
                let id = first.results.first().and_then(|patient| patient.id).ok_or("the fake holds no patient")?;
                let path = format!("/v1/practices/{}/archives/{}/patients/{id}", fake.practice_id(), fake.archive_id());
                let fake_url = format!("{}{path}", fake.base_url());
                let answer = reqwest::Client::new().get(&fake_url).header("X-Api-Key", fake.key()).send().await?;
                let content_type = answer.headers().get(header::CONTENT_TYPE).cloned();
                let body = answer.error_for_status()?.bytes().await?;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                let minimal_url = format!("http://{}{path}", listener.local_addr()?);
                let content_type = content_type.unwrap_or(HeaderValue::from_static("application/json"));
                let app = Router::new().route(
                    &path,
                    get(move || {
                        let (content_type, body): (HeaderValue, Bytes) = (content_type.clone(), body.clone());
                        async move { ([(header::CONTENT_TYPE, content_type)], body).into_response() }
                    }),
                );
                tokio::spawn(async move {
                    if let Err(error) = axum::serve(listener, app).await {
                        eprintln!("serving: minimal axum server: {error}");
                    }
                });
                Ok::<_, crate::BoxError>((fake, Started { fake_url, key: String::new(), minimal_url, stop }))
            };
            match started.await {
                Ok((fake, mut started)) => {
                    started.key = fake.key().to_owned();
                    let _ = ready.send(Ok(started));
                    let _ = stopped.await;
                    fake.stop().await;
                }
                Err(error) => {
                    let _ = ready.send(Err(error));
                }
            }
        });
    })?;
    let started = is_ready.recv().map_err(|error| format!("serving: the server thread ended: {error}"))??;
    Ok((started, handle))
}

/// `count` GETs of `url`, `in_flight` at a time; their seconds.
async fn chunk(http: &reqwest::Client, url: &str, key: &str, count: usize, in_flight: usize) -> Result<f64> {
    let start = Instant::now();
    stream::iter(0..count)
        .map(|_| async move {
            let answer = http.get(url).header("X-Api-Key", key).send().await?.error_for_status()?;
            std::hint::black_box(answer.bytes().await?);
            Ok::<(), crate::BoxError>(())
        })
        .buffer_unordered(in_flight)
        .try_collect::<()>()
        .await?;
    Ok(start.elapsed().as_secs_f64())
}

/// The figures of `serving`.
pub fn serving(options: &Options) -> Result<Value> {
    let runs: usize = options.get("runs", 5)?;
    let requests: usize = options.get("requests", 4_000)?;
    let in_flight: usize = options.get("in-flight", 16)?;
    let chunk_size: usize = options.get("chunk", 200)?;
    let limit = Duration::from_secs(options.get("seconds", 20)?);
    let (started, server) = start_servers()?;
    let runtime = client_runtime()?;
    let http = reqwest::Client::new();
    let (mut fake_rates, mut minimal_rates) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // Both answer, and answer the same bytes, before anything is timed.
        let fake_body = http.get(&started.fake_url).header("X-Api-Key", &started.key).send().await?.bytes().await?;
        let minimal_body = http.get(&started.minimal_url).send().await?.bytes().await?;
        if fake_body != minimal_body {
            return Err::<(), crate::BoxError>("serving: the minimal server's bytes differ from the fake's".into());
        }
        for run in 0..runs {
            let (start, mut done, mut fake_seconds, mut minimal_seconds) = (Instant::now(), 0, 0.0, 0.0);
            while done < requests && start.elapsed() < limit {
                let size = chunk_size.min(requests - done);
                if (run + done / chunk_size) % 2 == 0 {
                    fake_seconds += chunk(&http, &started.fake_url, &started.key, size, in_flight).await?;
                    minimal_seconds += chunk(&http, &started.minimal_url, &started.key, size, in_flight).await?;
                } else {
                    minimal_seconds += chunk(&http, &started.minimal_url, &started.key, size, in_flight).await?;
                    fake_seconds += chunk(&http, &started.fake_url, &started.key, size, in_flight).await?;
                }
                done += size;
            }
            eprintln!(
                "serving: get_patient × {done}, {in_flight} in flight: fake {:.0}/s, minimal axum {:.0}/s",
                done as f64 / fake_seconds,
                done as f64 / minimal_seconds
            );
            fake_rates.push(done as f64 / fake_seconds);
            minimal_rates.push(done as f64 / minimal_seconds);
        }
        Ok(())
    })?;
    let _ = started.stop.send(());
    server.join().map_err(|_| "serving: the server thread panicked")?;
    Ok(json!({
        "serving": {
            "requests": requests,
            "in_flight": in_flight,
            "fake": series_json(&fake_rates),
            "minimal": series_json(&minimal_rates),
        }
    }))
}
