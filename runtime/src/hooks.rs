//! Hooks: code of the caller's that sees every request the client sends (every attempt, every followed
//! redirect) and every answer's head — to add a header, time, count or record it, swap the key, or refuse it.
//!
//! A hook never reads the API key: the key header shows as `***`, URLs show no query values, and the key can
//! only be replaced ([`HookRequest::set_api_key`]), not read back.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::error::Error;
use crate::operation::Method;
use crate::redact::{MASK, shown_url};
use crate::secret::ApiKey;

/// Observes or adjusts every request the client sends; register it with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook). Both methods do nothing by default.
///
/// Hooks run in the order registered, on the task that sends the request: keep them quick (record into an
/// atomic or a channel, not a file).
///
/// Counting every attempt, and timing each:
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use alfadocs_runtime::{Hook, HookRequest, HookResponse};
///
/// #[derive(Default)]
/// struct Metrics {
///     requests: AtomicU64,
///     failures: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn on_request(&self, _: &mut HookRequest<'_>) -> Result<(), String> {
///         self.requests.fetch_add(1, Ordering::Relaxed);
///         Ok(())
///     }
///
///     fn on_response(&self, response: &HookResponse<'_>) {
///         if response.status().is_none_or(|status| status >= 500) {
///             self.failures.fetch_add(1, Ordering::Relaxed);
///         }
///         tracing::debug!(operation = response.operation(), elapsed_ms = response.elapsed().as_millis() as u64);
///     }
/// }
/// ```
///
/// A key that rotates (read from a secret store by another task):
///
/// ```
/// use std::sync::{Arc, RwLock};
/// use alfadocs_runtime::{ApiKey, Hook, HookRequest};
///
/// struct RotatingKey(Arc<RwLock<ApiKey>>);
///
/// impl Hook for RotatingKey {
///     fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
///         let key = self.0.read().map_err(|_| "the key store is poisoned".to_owned())?.clone();
///         request.set_api_key(key)
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called before each request goes out. An `Err(reason)` refuses it: the call ends with
    /// [`Error::Refused`] (never retried) and nothing is sent.
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
        let _ = request;
        Ok(())
    }

    /// Called when the answer's head has arrived, or sending failed. Not called for an attempt cut short by
    /// its timeout or the call's deadline.
    fn on_response(&self, response: &HookResponse<'_>) {
        let _ = response;
    }
}

/// A shared hook, so that the caller keeps a handle on what it records.
impl<H: Hook> Hook for std::sync::Arc<H> {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<(), String> {
        H::on_request(self, request)
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        H::on_response(self, response);
    }
}

/// What a [`Hook`] sees of a request about to be sent, and may change.
pub struct HookRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) url: &'a Url,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) api_key_header: &'a HeaderName,
}

impl HookRequest<'_> {
    /// The operation id (`getPatients`; `raw` for the escape hatch).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The URL, with query values shown as `***` (a query may hold a fiscal code searched for).
    pub fn url(&self) -> String {
        shown_url(self.url)
    }

    /// The URL's path.
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// Which attempt of the call this is, from 1 (a followed redirect keeps its attempt's number).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The first value of the header `name`; the API key's header reads `***`, other sensitive values too.
    pub fn header(&self, name: &str) -> Option<&str> {
        let value = self.headers.get(name)?;
        if value.is_sensitive() { Some(MASK) } else { value.to_str().ok() }
    }

    /// Every header (names in lower case), sensitive values — the key among them — as `***`.
    pub fn headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() { MASK } else { value.to_str().unwrap_or(MASK) };
                (name.as_str(), shown)
            })
            .collect()
    }

    /// Sets the header `name` to `value`, replacing any value it had; `sensitive` hides the value from other
    /// hooks and HTTP layers' logs.
    ///
    /// # Errors
    /// An error naming the header (not its value) when `name` or `value` cannot be sent, or `name` is the API
    /// key's header (use [`set_api_key`](Self::set_api_key)).
    pub fn set_header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), String> {
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))?;
        if name == *self.api_key_header {
            return Err("the API key's header is set with set_api_key".to_owned());
        }
        let mut value =
            HeaderValue::from_str(value).map_err(|_| format!("the value of the header `{name}` cannot be sent"))?;
        value.set_sensitive(sensitive);
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sends `key` instead of the client's key with this request (the client's own is not changed).
    ///
    /// # Errors
    /// When the key is empty or cannot be sent in a header (the message does not show it).
    pub fn set_api_key(&mut self, key: impl Into<ApiKey>) -> Result<(), String> {
        let key = key.into();
        let mut value = HeaderValue::from_str(key.expose())
            .ok()
            .filter(|_| !key.expose().trim().is_empty())
            .ok_or_else(|| "the new API key is empty or cannot be sent in a header".to_owned())?;
        value.set_sensitive(true);
        self.headers.insert(self.api_key_header.clone(), value);
        Ok(())
    }
}

impl fmt::Debug for HookRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &self.url())
            .field("attempt", &self.attempt)
            .field("headers", &self.headers())
            .finish()
    }
}

/// What a [`Hook`] sees of an answer: its status and headers, or the error that kept it from coming.
#[derive(Debug)]
pub struct HookResponse<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) attempt: u32,
    pub(crate) elapsed: Duration,
    pub(crate) outcome: Result<(u16, &'a HeaderMap), &'a Error>,
}

impl HookResponse<'_> {
    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Which attempt of the call this was, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// From sending the request to its answer's head (or the failure).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The answer's status; `None` when no answer came.
    pub fn status(&self) -> Option<u16> {
        self.outcome.as_ref().ok().map(|(status, _)| *status)
    }

    /// The first value of the answer's header `name`, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        let (_, headers) = self.outcome.as_ref().ok()?;
        headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Why no answer came (a transport error), if none did.
    pub fn error(&self) -> Option<&Error> {
        self.outcome.as_ref().err().copied()
    }
}
