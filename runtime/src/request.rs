//! One request to send: which operation, the rendered path, the query and the JSON body.

use bytes::Bytes;
use serde::Serialize;
use url::Url;

use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::query::{ToQuery, encode_query};

/// A request built by generated code and sent by [`HttpClient`](crate::HttpClient).
///
/// Query values are encoded and the body serialized when they are added, so sending (and re-sending on a
/// retry) does no more work than cloning bytes.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static Operation,
    target: Target,
    query: Vec<(&'static str, String)>,
    body: Option<Bytes>,
    retry_on_failure: bool,
    options: RequestOptions,
}

/// Where the request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A path relative to the base URL, rendered from the operation's template; the query is added to it.
    Path(String),
    /// An absolute URL given by the server (a page's `links.next`), already checked to be on the base URL's
    /// origin; it carries its own query.
    Url(Url),
    /// The caller's own path or URL, from the escape hatch: checked when sent, with its own query kept and the
    /// request's added.
    Raw(String),
}

impl Request {
    /// A request for `operation`, to `path` (the operation's template with its parameters filled in through
    /// [`path_segment`](crate::path_segment), relative to the base URL: `"/v1/…"`).
    pub fn new(operation: &'static Operation, path: String) -> Self {
        Self {
            operation,
            target: Target::Path(path),
            query: Vec::new(),
            body: None,
            retry_on_failure: false,
            options: RequestOptions::default(),
        }
    }

    /// A request of the escape hatch to the caller's `target`.
    pub(crate) fn raw(operation: &'static Operation, target: String) -> Self {
        Self { target: Target::Raw(target), ..Self::new(operation, String::new()) }
    }

    /// Adds the query parameter `name=value`, in the vendor's text form (see [`ToQuery`]).
    pub fn query(mut self, name: &'static str, value: &(impl ToQuery + ?Sized)) -> Self {
        self.query.push((name, encode_query(&value.to_query())));
        self
    }

    /// Sets the JSON body, serialized now (so that a retry sends the same bytes).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `body` cannot be serialized as JSON (e.g. a map with non-string keys, or a
    /// non-finite number).
    pub fn json(mut self, body: &impl Serialize) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| Error::InvalidInput {
            what: format!("{}: the request body cannot be sent as JSON: {error}", self.operation.id),
        })?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }

    /// The caller's explicit consent to retry this request when it is a POST or PATCH (off by default: a
    /// duplicated patient or transaction is data damage). GET, PUT and DELETE are retried regardless.
    pub fn retry_on_failure(mut self, allowed: bool) -> Self {
        self.retry_on_failure = allowed;
        self
    }

    /// Overrides the client's timeout, retry policy or deadline for this request, and adds headers (see
    /// [`RequestOptions`]); set again, the later options win and the headers add up.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = std::mem::take(&mut self.options).merge(options);
        self
    }

    /// The options set on this request.
    pub fn request_options(&self) -> &RequestOptions {
        &self.options
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Whether the client may retry this request after a retryable failure.
    pub fn may_retry(&self) -> bool {
        self.operation.method.is_idempotent() || self.retry_on_failure
    }

    pub(crate) fn target(&self) -> &Target {
        &self.target
    }

    pub(crate) fn encoded_query(&self) -> &[(&'static str, String)] {
        &self.query
    }

    pub(crate) fn body_bytes(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The query value sent for `name` (encoded), when the request targets a path.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(key, _)| *key == name).map(|(_, value)| value.as_str())
    }

    /// The same request with `name` set to `value`, replacing any earlier value.
    pub(crate) fn with_query(mut self, name: &'static str, value: &(impl ToQuery + ?Sized)) -> Self {
        self.query.retain(|(key, _)| *key != name);
        self.query(name, value)
    }

    /// The same operation, sent to an absolute URL given by the server.
    pub(crate) fn with_url(&self, url: Url) -> Self {
        Self {
            operation: self.operation,
            target: Target::Url(url),
            query: Vec::new(),
            body: self.body.clone(),
            retry_on_failure: self.retry_on_failure,
            options: self.options.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{Method, Personal, Provenance};

    static OP: Operation = Operation {
        id: "createPatient",
        method: Method::Post,
        path: "/v1/patients",
        accept: "application/json",
        provenance: Provenance::Seen,
        personal: Personal::NONE,
    };
    use crate::operation::GET_PATIENTS as GET;

    #[test]
    fn query_values_are_encoded_in_order() {
        let request = Request::new(&GET, "/v1/patients".into())
            .query("operatorIds", &vec![1i64, 2, 3])
            .query("q", "a b&c")
            .query("flag", &true);
        assert_eq!(
            request.encoded_query(),
            &[("operatorIds", "1,2,3".to_owned()), ("q", "a%20b%26c".to_owned()), ("flag", "true".to_owned())]
        );
        let replaced = request.with_query("q", &7u64);
        assert_eq!(replaced.query_value("q"), Some("7"));
        assert_eq!(replaced.encoded_query().len(), 3);
    }

    #[test]
    fn json_serializes_now_and_bad_bodies_are_invalid_input() {
        let request = Request::new(&OP, "/v1/patients".into()).json(&serde_json::json!({"a": 1})).unwrap();
        assert_eq!(request.body(), Some(&b"{\"a\":1}"[..]));
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1);
        let err = Request::new(&OP, "/v1/patients".into()).json(&bad).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains("createPatient"));
    }

    #[test]
    fn post_retries_only_with_consent() {
        let post = Request::new(&OP, "/v1/patients".into());
        assert!(!post.may_retry());
        assert!(post.clone().retry_on_failure(true).may_retry());
        assert!(Request::new(&GET, "/v1/patients".into()).may_retry());
    }
}
