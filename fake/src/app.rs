//! One request, start to end: the journal, the faults, the vendor's rules (key, scope, parameters), then
//! the collection's generic behaviour or the operation's own.

use std::time::Instant;

use alfadocs_runtime::Method;
use alfadocs_runtime::description::{ApiDescription, Operation, Shape};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::Value;
use std::sync::Mutex;

use crate::answer::{Answer, AnswerBody};
use crate::dialect::Mode;
use crate::faults::{Effect, Faults};
use crate::journal::{Entry, masked_headers};
use crate::routes::{Arguments, Matched, Routes};
use crate::store::Store;
use crate::{behaviours, control, crud, lock};

/// The largest request body read (a document upload, base64-encoded).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// How many requests the journal keeps; beyond, the oldest tenth is forgotten.
pub const MAX_JOURNAL: usize = 10_000;

/// Where the API lives under the fake's address, as under the vendor's.
pub const API_PREFIX: &str = "/api";

/// What every request shares.
#[derive(Debug)]
pub struct Shared {
    pub api: &'static ApiDescription,
    pub routes: Routes,
    pub index: crud::Index,
    pub key: crate::Key,
    pub mode: Mode,
    pub base_url: String,
    pub log_requests: bool,
    pub world: Mutex<World>,
    pub faults: Mutex<Faults>,
    pub journal: Mutex<Vec<Entry>>,
}

/// The data, and what it is laid out around.
#[derive(Debug, Clone)]
pub struct World {
    pub store: Store,
    pub today: NaiveDate,
    pub seed: u64,
    pub practice_id: i64,
    pub archive_id: i64,
}

/// One call of an operation, its parameters read.
#[derive(Debug)]
pub struct Call<'a> {
    pub shared: &'a Shared,
    pub operation: &'static Operation,
    pub arguments: Arguments,
    pub body: Option<Value>,
    /// The path from `/v1` on, and the query pairs, for links to other pages.
    pub path: &'a str,
    pub query: &'a [(String, String)],
}

/// Serves one request.
pub async fn handle(shared: &Shared, request: Request<Body>) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query_text = parts.uri.query().unwrap_or_default().to_owned();
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(_) => return Answer::error(StatusCode::PAYLOAD_TOO_LARGE, "The request body is too large").into_response(),
    };
    let Some(api_path) = path.strip_prefix(API_PREFIX) else {
        return control::handle(shared, parts.method.as_str(), &path, &body).into_response();
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(query_text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let method = method(parts.method.as_str());
    let matched = match method {
        Some(method) => shared.routes.find(method, api_path),
        None => Matched::WrongMethod,
    };
    let operation = match &matched {
        Matched::Operation(operation, _) => Some(*operation),
        _ => None,
    };
    let effect = lock(&shared.faults).take(operation.map(|operation| operation.id));
    let answer = match effect {
        Some(Effect::Answer(answer)) => answer,
        Some(Effect::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            answer(shared, &parts.headers, matched, api_path, &query, &body)
        }
        None => answer(shared, &parts.headers, matched, api_path, &query, &body),
    };
    let status = if matches!(answer.body, AnswerBody::Dropped) { 0 } else { answer.status.as_u16() };
    let entry = Entry {
        method: parts.method.to_string(),
        path: path.clone(),
        query: query_text,
        headers: masked_headers(&parts.headers),
        body: String::from_utf8_lossy(&body).into_owned(),
        operation: operation.map(|operation| operation.id.to_owned()),
        status,
    };
    if shared.log_requests {
        // Paths hold ids only; query values and bodies may hold personal data and are not logged.
        let names: Vec<&str> = query.iter().map(|(name, _)| name.as_str()).collect();
        tracing::info!(
            "{} {path} [{}] {} {} in {:.1} ms",
            parts.method,
            names.join(","),
            operation.map_or("-", |operation| operation.id),
            status,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut journal = lock(&shared.journal);
    if journal.len() >= MAX_JOURNAL {
        // A fake left running keeps the latest requests, not all of them.
        journal.drain(..MAX_JOURNAL / 10);
    }
    journal.push(entry);
    drop(journal);
    answer.into_response()
}

fn method(name: &str) -> Option<Method> {
    Some(match name {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

/// The vendor's answer to an API request that no fault took.
fn answer(
    shared: &Shared,
    headers: &axum::http::HeaderMap,
    matched: Matched,
    path: &str,
    query: &[(String, String)],
    body: &[u8],
) -> Answer {
    let key = headers.get(crate::KEY_HEADER).and_then(|value| value.to_str().ok());
    if key != Some(shared.key.0.as_str()) {
        return Answer::unauthenticated();
    }
    let (operation, path_params) = match matched {
        Matched::Operation(operation, params) => (operation, params),
        Matched::WrongMethod => return Answer::error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed"),
        Matched::Unknown => return Answer::error(StatusCode::NOT_FOUND, format!("No route found for \"{path}\"")),
    };
    let arguments = match Arguments::read(operation, &path_params, query) {
        Ok(arguments) => arguments,
        Err(message) => return Answer::bad_request(message),
    };
    let body = match (operation.body, body.is_empty()) {
        (None, _) => None,
        (Some(_), true) => return Answer::bad_request("The request body is missing"),
        (Some(_), false) => match serde_json::from_slice(body) {
            Ok(value) => Some(value),
            Err(error) => return Answer::bad_request(format!("The request body is not JSON: {error}")),
        },
    };
    let call = Call { shared, operation, arguments, body, path, query };
    let mut world = lock(&shared.world);
    for param in operation.params.iter().filter(|param| param.from_scope) {
        // The context names the scope: its practice field is the practice's path parameter too.
        let practice = shared.api.context.map(|context| context.practice_field);
        let own = if Some(param.wire_name) == practice { world.practice_id } else { world.archive_id };
        if call.arguments.int(param.wire_name) != Some(own) {
            return Answer::error(StatusCode::FORBIDDEN, "Access denied to this archive");
        }
    }
    match &operation.shape {
        Shape::Other => behaviours::serve(&mut world, &call),
        shape => crud::serve(&mut world, &call, shape),
    }
}
