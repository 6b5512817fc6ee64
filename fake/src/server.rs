//! The accept loop: HTTP/1 on each loopback connection, with the two things a router cannot do — close a
//! connection without answering (the `DropConnection` fault), and stop cleanly.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::answer::DropConnection;
use crate::app::{self, Shared};

/// The error that makes hyper close a connection without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fake dropped the connection")
    }
}

impl std::error::Error for Dropped {}

/// A running accept loop.
#[derive(Debug)]
pub struct Server {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` until stopped.
    pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let shared = shared.clone();
                        let mut stopped = stopped.clone();
                        connections.spawn(async move {
                            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                                let shared = shared.clone();
                                async move {
                                    let response = app::handle(&shared, request.map(Body::new)).await;
                                    if response.extensions().get::<DropConnection>().is_some() {
                                        return Err(Dropped);
                                    }
                                    Ok::<Response<Body>, Dropped>(response)
                                }
                            });
                            let connection = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service);
                            tokio::pin!(connection);
                            tokio::select! {
                                _ = connection.as_mut() => {}
                                _ = stopped.changed() => {
                                    connection.as_mut().graceful_shutdown();
                                    let _ = connection.await;
                                }
                            }
                        });
                    }
                    _ = stopped.changed() => break,
                }
                // Forget the connections that have ended.
                while connections.try_join_next().is_some() {}
            }
            while connections.join_next().await.is_some() {}
        });
        Self { stop, task: Some(task) }
    }

    /// Stops accepting, lets the open requests finish, and waits.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            // A panic in the loop has already been reported by tokio; there is nothing left to stop.
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
