//! A downloaded body as a stream of chunks, for documents too large to hold in memory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::Error;
use crate::transport::transport_error;

/// The body of a response, chunk by chunk (see [`HttpClient::send_stream`](crate::HttpClient::send_stream)).
///
/// Each chunk must arrive within the client's timeout, and the whole within its
/// [`download_deadline`](crate::ClientBuilder::download_deadline) when one is set; a stall or the deadline ends
/// the stream with [`Error::Timeout`], a broken connection with [`Error::Transport`]. After an error the stream ends. A download is never retried midway.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl ByteStream {
    /// The body of `response`, each chunk within `idle_timeout`, the whole by `deadline` (when it passes, at
    /// the instant given, the stream ends with a timeout naming the deadline's length).
    pub(crate) fn new(
        response: reqwest::Response,
        operation: &'static str,
        idle_timeout: Duration,
        deadline: Option<(Instant, Duration)>,
    ) -> Self {
        let chunks = Box::pin(response.bytes_stream());
        let stream = futures_util::stream::unfold(Some(chunks), move |state| async move {
            let mut chunks = state?;
            let (wait, after) = match deadline {
                // Checked before polling: a body that never stalls must still end at the deadline.
                Some((at, length)) if at <= Instant::now() => {
                    return Some((Err(Error::Timeout { operation, after: length }), None));
                }
                Some((at, length)) if at.saturating_duration_since(Instant::now()) < idle_timeout => {
                    (at.saturating_duration_since(Instant::now()), length)
                }
                _ => (idle_timeout, idle_timeout),
            };
            match tokio::time::timeout(wait, chunks.next()).await {
                Ok(Some(Ok(chunk))) => Some((Ok(chunk), Some(chunks))),
                Ok(Some(Err(error))) => Some((Err(transport_error(operation, error, idle_timeout)), None)),
                Ok(None) => None,
                Err(_) => Some((Err(Error::Timeout { operation, after }), None)),
            }
        });
        Self { inner: Box::pin(stream) }
    }

    /// A stream of one chunk already in memory.
    pub(crate) fn from_bytes(body: Bytes) -> Self {
        Self { inner: Box::pin(futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)))) }
    }

    /// Reads the whole rest of the stream into memory.
    ///
    /// # Errors
    /// The first error the stream yields.
    pub async fn collect_bytes(mut self) -> Result<Bytes, Error> {
        let mut out = bytes::BytesMut::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}
