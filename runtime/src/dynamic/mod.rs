//! Calling an operation known only from its [`description`](crate::description), with values given as text
//! and JSON rather than typed arguments: what a command line (or any program that reads the description at
//! run time) needs to drive this client without a line of code per operation.
//!
//! A [`Call`] names a described operation and carries its path, query and body values. It is sent through the
//! same [`HttpClient`], [`Request`], [`paginate`](crate::paginate) and [`windows`](crate::windows) machinery as
//! the generated methods, so retries, the retry ban on POST, date windows, pagination, redaction and errors
//! are the client's own. Answers come back as `serde_json::Value`, unwrapped from their envelope (a list's
//! items also as any other [`Item`], such as a raw JSON text to be read later without a tree of values);
//! values are read and checked against the description's types by [`values`].
//!
//! ```no_run
//! use alfadocs_runtime::dynamic::{self, Call};
//! use alfadocs_runtime::description::ApiDescription;
//! # async fn run(api: &'static ApiDescription) -> Result<(), alfadocs_runtime::Error> {
//! let http = alfadocs_runtime::HttpClient::builder("my-api-key").build()?;
//! let operation = api.operation("getPatient").ok_or_else(|| alfadocs_runtime::Error::invalid_input("no getPatient"))?;
//! let call = Call::new(operation).path("practiceId", "1").path("archiveId", "2").path("patientId", "42");
//! let patient: serde_json::Value = dynamic::send(&http, &call).await?;
//! # Ok(())
//! # }
//! ```

pub mod values;
mod wire_operation;

use chrono::NaiveDate;
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::byte_stream::ByteStream;
use crate::client::HttpClient;
use crate::description::{Envelope, Operation, ParamLocation, Response};
use crate::envelope::{Data, List};
use crate::error::Error;
use crate::page::Page;
use crate::query::path_segment;
use crate::request::Request;

/// A date range's bounds, either of which may be left open.
type Range = (Option<NaiveDate>, Option<NaiveDate>);

/// One call of a described operation: its path, query and body values.
#[derive(Debug, Clone)]
pub struct Call {
    operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    body: Option<Value>,
}

/// A request as it would be sent, for a dry run: nothing of it is the API key.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The HTTP method.
    pub method: crate::Method,
    /// The absolute URL, query included.
    pub url: Url,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl Call {
    /// A call of `operation` with no values yet.
    pub fn new(operation: &'static Operation) -> Self {
        Self { operation, path: Vec::new(), query: Vec::new(), body: None }
    }

    /// The described operation.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Sets the path parameter `name` (its wire name) to `text`, which is percent-encoded when the path is
    /// rendered.
    #[must_use]
    pub fn path(mut self, name: &'static str, text: impl Into<String>) -> Self {
        self.path.retain(|(key, _)| *key != name);
        self.path.push((name, text.into()));
        self
    }

    /// Adds the query parameter `name=text` (`text` in its wire form, before percent-encoding); a list the
    /// operation explodes is added once per item.
    #[must_use]
    pub fn query(mut self, name: &'static str, text: impl Into<String>) -> Self {
        self.query.push((name, text.into()));
        self
    }

    /// Sets the JSON body.
    #[must_use]
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The path with every path parameter filled in and percent-encoded.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the operation and the parameter when a path parameter was not given.
    pub fn rendered_path(&self) -> Result<String, Error> {
        let mut rendered = String::with_capacity(self.operation.path.len() + 16);
        let mut rest = self.operation.path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|end| open + end).ok_or_else(|| {
                Error::invalid_input(format!(
                    "{}: the path `{}` has an unclosed `{{`",
                    self.operation.id, self.operation.path
                ))
            })?;
            let name = &rest[open + 1..close];
            let (_, value) = self.path.iter().find(|(key, _)| *key == name).ok_or_else(|| {
                Error::invalid_input(format!("{}: the path parameter `{name}` is missing", self.operation.id))
            })?;
            rendered.push_str(&rest[..open]);
            rendered.push_str(&path_segment(value));
            rest = &rest[close + 1..];
        }
        rendered.push_str(rest);
        Ok(rendered)
    }

    /// The request, with the query values in the order of the operation's parameters (as the generated
    /// methods send them); when `window` is `Some`, its dates replace those of the date range.
    fn request(&self, path: String, window: Option<Range>) -> Result<Request, Error> {
        let operation = self.operation;
        let range = operation.window.filter(|_| window.is_some());
        let mut request = Request::new(wire_operation::of(operation), path);
        let mut names: Vec<&'static str> = operation
            .params
            .iter()
            .filter(|param| param.location == ParamLocation::Query)
            .map(|param| param.wire_name)
            .collect();
        // Values the description does not list go last, in the order given.
        for (name, _) in &self.query {
            if !names.contains(name) {
                names.push(name);
            }
        }
        for name in names {
            let bound = match (range, window) {
                (Some(range), Some((start, _))) if name == range.start_param => Some(start),
                (Some(range), Some((_, end))) if name == range.end_param => Some(end),
                _ => None,
            };
            match bound {
                Some(Some(date)) => request = request.query(name, &date),
                Some(None) => {}
                None => {
                    for (_, text) in self.query.iter().filter(|(key, _)| *key == name) {
                        request = request.query(name, text.as_str());
                    }
                }
            }
        }
        match &self.body {
            Some(body) => request.json(body),
            None => Ok(request),
        }
    }

    /// The query value given for `name`, as a date (for the window's bounds).
    fn date_query(&self, name: &str) -> Result<Option<NaiveDate>, Error> {
        let Some((_, text)) = self.query.iter().rev().find(|(key, _)| *key == name) else { return Ok(None) };
        values::strict_date(text).map(Some).ok_or_else(|| {
            Error::invalid_input(format!("{}: `{name}` must be a date YYYY-MM-DD, not `{text}`", self.operation.id))
        })
    }

    /// The window's bounds as given, when the operation caps its date range.
    fn range(&self) -> Result<Option<Range>, Error> {
        let Some(window) = self.operation.window else { return Ok(None) };
        Ok(Some((self.date_query(window.start_param)?, self.date_query(window.end_param)?)))
    }
}

/// Sends `call` and returns its answer unwrapped from the envelope: the object of a `data` envelope, the items
/// of a list or of one page, the bare body, or `null` for an operation that answers nothing.
///
/// # Errors
/// Any [`Error`] of the client; [`Error::InvalidInput`] for an operation that answers a file (see [`download`]).
pub async fn send(http: &HttpClient, call: &Call) -> Result<Value, Error> {
    let request = call.request(call.rendered_path()?, None)?;
    match call.operation.response {
        Response::Empty => http.send_empty(request).await.map(|()| Value::Null),
        Response::Bytes { .. } => {
            Err(Error::invalid_input(format!("{}: the answer is a file; download it instead", call.operation.id)))
        }
        Response::Json { envelope, .. } => match envelope {
            Envelope::Bare => http.send_json::<Value>(request).await,
            Envelope::Data => http.send_json::<Data<Value>>(request).await.map(Data::into_inner),
            Envelope::List => http.send_json::<List<Value>>(request).await.map(|list| Value::Array(list.into_inner())),
            Envelope::Page => http.send_json::<Page<Value>>(request).await.map(|page| Value::Array(page.results)),
        },
    }
}

/// Streams every item the list operation of `call` answers: every page of a paginated list, every window of
/// a capped date range (each item once, by its `id`), or the items of one answer. One page or window is in
/// memory at a time.
///
/// The stream yields [`Error::InvalidInput`] (and sends nothing) for a bad path, a bad date range, or an
/// operation that does not answer a list; it ends after the first error.
pub fn items(http: HttpClient, call: Call) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
    items_as::<Value>(http, call)
}

/// [`items`], each item decoded as `T` rather than as a `Value`.
pub fn items_as<T: Item>(http: HttpClient, call: Call) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    match list_stream(http, call) {
        Ok(stream) => stream,
        Err(error) => futures_util::stream::once(async { Err(error) }).boxed(),
    }
}

/// One item of a listed answer, as [`items_as`] decodes it.
pub trait Item: DeserializeOwned + Send + 'static {
    /// The item's identity, to skip one that two date windows both return: its `id`, as a number or a
    /// numeric string (see [`item_id`]).
    fn id(&self) -> Option<i64>;
}

impl Item for Value {
    fn id(&self) -> Option<i64> {
        item_id(self)
    }
}

type Items<T> = futures_util::stream::BoxStream<'static, Result<T, Error>>;

fn list_stream<T: Item>(http: HttpClient, call: Call) -> Result<Items<T>, Error> {
    let operation = call.operation;
    let Response::Json { envelope: envelope @ (Envelope::List | Envelope::Page), .. } = operation.response else {
        return Err(Error::invalid_input(format!("{}: the answer is not a list", operation.id)));
    };
    let path = call.rendered_path()?;
    if operation.pagination.is_some() {
        return Ok(crate::paginate::stream::<T>(http, call.request(path, None)?).boxed());
    }
    if let (Some(window), Some((start, end))) = (operation.window, call.range()?) {
        // Built once before the stream so that a body that cannot be sent fails first; every window's request
        // differs from it only in its dates, so building one cannot fail after this one did not.
        let checked = call.request(path.clone(), Some((start, end)))?;
        let request = move |from, to| call.request(path.clone(), Some((from, to))).unwrap_or_else(|_| checked.clone());
        return Ok(match envelope {
            Envelope::Page => {
                crate::windows::stream::<Page<T>, _, _>(http, start, end, window.max_days, request, T::id).boxed()
            }
            _ => crate::windows::stream::<List<T>, _, _>(http, start, end, window.max_days, request, T::id).boxed(),
        });
    }
    let request = call.request(path, None)?;
    let answer = async move {
        let items = match envelope {
            Envelope::Page => http.send_json::<Page<T>>(request).await.map(|page| page.results),
            _ => http.send_json::<List<T>>(request).await.map(List::into_inner),
        };
        let (items, error) = match items {
            Ok(items) => (items, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        futures_util::stream::iter(items.into_iter().map(Ok).chain(error.map(Err)))
    };
    Ok(futures_util::stream::once(answer).flatten().boxed())
}

/// Sends `call`, whose answer is a file, and returns its body as a stream of chunks.
///
/// # Errors
/// Any [`Error`] of the client but [`Error::Decode`], before the body starts.
pub async fn download(http: &HttpClient, call: &Call) -> Result<ByteStream, Error> {
    http.send_stream(call.request(call.rendered_path()?, None)?).await
}

/// The requests `call` sends that are known before any answer: one per window of a capped date range, or the
/// one request (of a paginated list: its first page; the next pages follow the answers).
///
/// # Errors
/// [`Error::InvalidInput`] for a missing path parameter, a bad date range or a URL that cannot be built.
pub fn plan(http: &HttpClient, call: &Call) -> Result<Vec<Planned>, Error> {
    let path = call.rendered_path()?;
    let windows: Vec<Option<Range>> = match (call.operation.window, call.range()?) {
        (Some(window), Some((Some(start), Some(end)))) if call.operation.pagination.is_none() => {
            if start > end {
                return Err(Error::invalid_input(format!("the date range starts on {start}, after its end on {end}")));
            }
            crate::windows::split(start, end, window.max_days)
                .into_iter()
                .map(|(from, to)| Some((Some(from), Some(to))))
                .collect()
        }
        _ => vec![None],
    };
    windows
        .into_iter()
        .map(|window| {
            let request = call.request(path.clone(), window)?;
            Ok(Planned { method: call.operation.method, url: http.url_for(&request)?, body: call.body.clone() })
        })
        .collect()
}

/// The identity of a listed item, to skip one that two date windows both return: its `id`, as a number or a
/// numeric string.
pub fn item_id(item: &Value) -> Option<i64> {
    match item.get("id")? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}
