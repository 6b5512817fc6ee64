//! The escape hatch: any path of the API, called with the client's key, base URL, retries, redirect and
//! same-origin rules, hooks, tracing and error type — for an operation the spec lacks or gets wrong.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::answer::Response;
use crate::client::HttpClient;
use crate::error::Error;
use crate::operation::{Method, Operation, Personal, Provenance};
use crate::options::RequestOptions;
use crate::query::ToQuery;
use crate::request::Request;

/// The operation id errors, hooks and tracing name for a raw call.
pub const RAW_OPERATION: &str = "raw";

/// One static per method: a request names its operation by reference.
static RAW: [Operation; 5] = [
    raw_operation(Method::Get),
    raw_operation(Method::Post),
    raw_operation(Method::Put),
    raw_operation(Method::Patch),
    raw_operation(Method::Delete),
];

const fn raw_operation(method: Method) -> Operation {
    Operation {
        id: RAW_OPERATION,
        method,
        path: "",
        accept: "application/json",
        provenance: Provenance::Seen,
        personal: Personal::UNKNOWN,
    }
}

fn operation_of(method: Method) -> &'static Operation {
    let index = match method {
        Method::Get => 0,
        Method::Post => 1,
        Method::Put => 2,
        Method::Patch => 3,
        Method::Delete => 4,
    };
    &RAW[index]
}

impl HttpClient {
    /// A request to any `path` of the API (`/v1/…`, relative to the base URL, with a query if wanted; or an
    /// absolute URL under the base URL), sent as every operation is: the key, the retries (GET, PUT and DELETE;
    /// POST and PATCH only with [`retry_on_failure`](RawRequest::retry_on_failure)), the redirect rules, the
    /// hooks, the limits and the [`Error`] type, with [`RAW_OPERATION`] as the operation id.
    ///
    /// A URL of another origin or outside the base path, a path with `.`/`..` segments, `#` or `\` fails with
    /// [`Error::InvalidInput`] before anything is sent: the key never leaves the API.
    ///
    /// ```no_run
    /// # async fn run(http: alfadocs_runtime::HttpClient) -> Result<(), alfadocs_runtime::Error> {
    /// use alfadocs_runtime::Method;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Insurer { id: i64, name: String }
    /// #[derive(serde::Deserialize)]
    /// struct Listed { data: Vec<Insurer> }
    ///
    /// let insurers: Listed = http.raw(Method::Get, "/v1/practices/1/archives/2/insurers").query("limit", &50).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw(&self, method: Method, path: &str) -> RawRequest {
        RawRequest { http: self.clone(), request: Ok(Request::raw(operation_of(method), path.to_owned())) }
    }
}

/// A request of the escape hatch ([`HttpClient::raw`]): add a query, a JSON body or options, then send it.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    http: HttpClient,
    /// The request, or why it cannot be sent (a body that does not serialize), reported by `send`.
    request: Result<Request, Error>,
}

impl RawRequest {
    /// Adds the query parameter `name=value`, encoded as every operation's are (after any query in the path).
    pub fn query(self, name: &'static str, value: &(impl ToQuery + ?Sized)) -> Self {
        self.then(|request| Ok(request.query(name, value)))
    }

    /// Sets the JSON body, serialized now.
    pub fn json(self, body: &impl Serialize) -> Self {
        self.then(|request| request.json(body))
    }

    /// Allows a POST or PATCH to be retried after a retryable failure (off by default: it may create a record
    /// twice).
    pub fn retry_on_failure(self, allowed: bool) -> Self {
        self.then(|request| Ok(request.retry_on_failure(allowed)))
    }

    /// Overrides the client's timeout, retry policy or deadline, or adds headers (see [`RequestOptions`]).
    pub fn options(self, options: RequestOptions) -> Self {
        self.then(|request| Ok(request.options(options)))
    }

    /// Adds the header `name: value` (see [`RequestOptions::header`]).
    pub fn header(self, name: &str, value: &str) -> Self {
        self.options(RequestOptions::new().header(name, value))
    }

    /// Sends the request and decodes the 2xx body as any `T`.
    ///
    /// # Errors
    /// Any [`Error`], as for an operation.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.http.send_json(self.request?).await
    }

    /// Sends the request and returns the decoded body with the status, headers and body bytes.
    ///
    /// # Errors
    /// Any [`Error`], as for an operation.
    pub async fn send_with_response<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        self.http.send_json_with_response(self.request?).await
    }

    /// Sends the request and returns the 2xx body as it came.
    ///
    /// # Errors
    /// Any [`Error`] but [`Error::Decode`].
    pub async fn send_bytes(self) -> Result<Bytes, Error> {
        self.http.send_bytes(self.request?).await
    }

    /// Sends the request and ignores the 2xx body.
    ///
    /// # Errors
    /// Any [`Error`] but [`Error::Decode`].
    pub async fn send_empty(self) -> Result<(), Error> {
        self.http.send_empty(self.request?).await
    }

    fn then(self, change: impl FnOnce(Request) -> Result<Request, Error>) -> Self {
        Self { http: self.http, request: self.request.and_then(change) }
    }
}
