//! What a failed exchange with the server becomes: a reqwest error as the crate's [`Error`], for the attempt
//! loop (`send.rs`) and for a body streamed after it (`byte_stream.rs`) alike.

use std::time::Duration;

use crate::error::Error;

/// A reqwest failure as our error: its timeouts (from a caller's own `reqwest::Client`) as [`Error::Timeout`],
/// the rest as [`Error::Transport`] with the whole chain of causes (reqwest's top-level text alone says little)
/// and reqwest's error, without its URL (whose query may hold personal data), as the source.
pub(crate) fn transport_error(operation: &'static str, error: reqwest::Error, timeout: Duration) -> Error {
    if error.is_timeout() {
        return Error::Timeout { operation, after: timeout };
    }
    let error = error.without_url();
    let mut message = error.to_string();
    let mut unparsable = false;
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        unparsable |= cause.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_parse);
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    // Neither a request that cannot be built nor a response head the HTTP stack cannot read (malformed, or
    // larger than it takes) changes on a retry.
    let retryable = !(error.is_builder() || unparsable);
    Error::Transport { operation, message, retryable, source: Box::new(error) }
}
