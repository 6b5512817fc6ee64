//! The loopback HTTP server the benchmarks call: axum on `127.0.0.1`, on a thread and runtime of its own.
//!
//! It serves the three routes the benchmarks use under `/{total}/api/v1/practices/{p}/archives/{a}/…`: the
//! first segment is how many patients the archive holds, so one server can answer a one-page list and a
//! 100,000-patient stream alike, and `links.next` keeps pointing at the same archive. Single bodies are made
//! once and served from memory; list pages are made on demand from the fixtures, so the server's own memory
//! does not grow with the number of patients.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tokio::sync::oneshot;

use crate::fixtures;

/// What every handler reads.
struct Shared {
    /// Where the server listens, for the absolute `links` URLs.
    addr: SocketAddr,
    /// The body of Get a patient.
    patient: axum::body::Bytes,
    /// The body of Get appointments.
    appointments: axum::body::Bytes,
}

/// A running server; dropping it asks the server to stop.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl Server {
    /// Starts the server on a free loopback port, on its own thread with a single-threaded runtime, so that
    /// on a 2-core machine the server has one core and the client under test the other.
    pub fn start() -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            addr,
            patient: fixtures::patient_body().into(),
            appointments: fixtures::appointments_body().into(),
        });
        let app = Router::new()
            .route("/{total}/api/v1/practices/{practice}/archives/{archive}/patients", get(patients_page))
            .route("/{total}/api/v1/practices/{practice}/archives/{archive}/patients/{id}", get(patient))
            .route("/{total}/api/v1/practices/{practice}/archives/{archive}/appointments", get(appointments))
            .with_state(shared);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let (ready, is_ready) = std::sync::mpsc::channel::<std::io::Result<()>>();
        thread::Builder::new().name("loopback-server".to_owned()).spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(error) => {
                        let _ = ready.send(Err(error));
                        return;
                    }
                };
                let _ = ready.send(Ok(()));
                let shutdown = async {
                    let _ = stopped.await;
                };
                if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
                    eprintln!("loopback server: {error}");
                }
            });
        })?;
        is_ready.recv().map_err(std::io::Error::other)??;
        Ok(Self { addr, stop: Some(stop) })
    }

    /// The base URL of an archive holding `total` patients, as a client's `base_url`: `http://127.0.0.1:P/N/api`.
    pub fn base_url(&self, total: u64) -> String {
        format!("http://{}/{total}/api", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn json(body: impl Into<axum::body::Body>) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    (StatusCode::OK, headers, body.into()).into_response()
}

async fn patient(State(shared): State<Arc<Shared>>) -> Response {
    json(shared.patient.clone())
}

async fn appointments(State(shared): State<Arc<Shared>>) -> Response {
    json(shared.appointments.clone())
}

/// The query of the patient list.
#[derive(Deserialize)]
struct PageQuery {
    offset: Option<u64>,
    limit: Option<u64>,
}

/// The largest page the server makes: the decode benchmark's single page.
const MAX_LIMIT: u64 = 10_000;

async fn patients_page(
    State(shared): State<Arc<Shared>>,
    Path((total, practice, archive)): Path<(u64, i64, i64)>,
    Query(query): Query<PageQuery>,
) -> Response {
    let offset = query.offset.unwrap_or(0);
    let limit = query.limit.unwrap_or(100).clamp(1, MAX_LIMIT);
    let addr = shared.addr;
    let page_url = |offset: u64| {
        format!(
            "http://{addr}/{total}/api/v1/practices/{practice}/archives/{archive}/patients?offset={offset}&limit={limit}"
        )
    };
    json(fixtures::patients_page(total, offset, limit, page_url))
}
