//! A downloaded body as a stream of chunks, for documents too large to hold in memory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::Error;
use crate::send::transport_error;

/// The body of a response, chunk by chunk (see [`HttpClient::send_stream`](crate::HttpClient::send_stream)).
///
/// Each chunk must arrive within the client's timeout; a stall ends the stream with [`Error::Timeout`], a broken
/// connection with [`Error::Transport`]. After an error the stream ends. A download is never retried midway.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, operation: &'static str, idle_timeout: Duration) -> Self {
        let chunks = Box::pin(response.bytes_stream());
        let stream = futures_util::stream::unfold(Some(chunks), move |state| async move {
            let mut chunks = state?;
            match tokio::time::timeout(idle_timeout, chunks.next()).await {
                Ok(Some(Ok(chunk))) => Some((Ok(chunk), Some(chunks))),
                Ok(Some(Err(error))) => Some((Err(transport_error(operation, &error, idle_timeout)), None)),
                Ok(None) => None,
                Err(_) => Some((Err(Error::Timeout { operation, after: idle_timeout }), None)),
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
