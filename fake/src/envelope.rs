//! Records wrapped as the operation's response says: `{status, data}`, `{status, count, data}`, a page with
//! `links.next` as an absolute URL, a bare object, or nothing.

use alfadocs_runtime::description::{Envelope, Response, Type};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::answer::Answer;
use crate::app::Call;
use crate::dialect::{Embedded, Rendered, merged};
use crate::store::Record;

/// How many items a page holds when the caller does not say.
pub const DEFAULT_LIMIT: usize = 25;

/// The status the vendor puts in every envelope.
const SUCCESS: &str = "success";

/// One record, answered as `call`'s operation answers.
pub fn one(call: &Call, record: &Record) -> Answer {
    one_embedding(call, record, &[])
}

/// One record with the fields of `embedded` written over its own, answered as `call`'s operation answers.
pub fn one_embedding(call: &Call, record: &Record, embedded: &Embedded) -> Answer {
    let api = call.shared.api;
    let mode = call.shared.mode;
    let rendered = |ty| Rendered::embedding(api, mode, ty, record, embedded);
    match &call.operation.response {
        Response::Json { envelope: Envelope::Data, ty } => {
            Answer::json(StatusCode::OK, &Data { status: SUCCESS, data: rendered(ty) })
        }
        Response::Json { envelope: Envelope::Bare, ty } => {
            let mut body = match rendered(ty).map(serde_json::to_value) {
                Some(Ok(Value::Object(object))) => object,
                _ => Map::new(),
            };
            body.insert("status".to_owned(), Value::from(SUCCESS));
            Answer::json(StatusCode::OK, &body)
        }
        Response::Json { envelope: Envelope::List | Envelope::Page, .. } => {
            many(call, vec![record], |record| merged(record, embedded))
        }
        Response::Empty | Response::Bytes { .. } => nothing(),
    }
}

/// The envelope `{"status": "success", "data": …}`.
#[derive(Serialize)]
struct Data<T> {
    status: &'static str,
    data: T,
}

/// Records answered as `call`'s operation answers: a list, or the page the offset and limit ask for;
/// `complete` finishes each record answered (it is not called for the records a page leaves out).
pub fn many(call: &Call, records: Vec<&Record>, complete: impl Fn(&Record) -> Record) -> Answer {
    let api = call.shared.api;
    let mode = call.shared.mode;
    let Response::Json { envelope, ty } = &call.operation.response else { return nothing() };
    let item_type = ty;
    let render_all = |records: Vec<&Record>| -> Vec<Value> {
        records
            .into_iter()
            .filter_map(|record| {
                let record = complete(record);
                Rendered::record(api, mode, item_type, &record).and_then(|rendered| serde_json::to_value(rendered).ok())
            })
            .collect()
    };
    match envelope {
        Envelope::Page => page(call, records, render_all),
        Envelope::List => {
            let data = render_all(records);
            Answer::json(StatusCode::OK, &json!({"status": SUCCESS, "count": data.len(), "data": data}))
        }
        Envelope::Data | Envelope::Bare => {
            Answer::json(StatusCode::OK, &Data { status: SUCCESS, data: render_all(records) })
        }
    }
}

fn page(call: &Call, records: Vec<&Record>, render_all: impl Fn(Vec<&Record>) -> Vec<Value>) -> Answer {
    let pagination = call.operation.pagination;
    let number =
        |name: Option<&str>| name.and_then(|name| call.arguments.int(name)).and_then(|n| usize::try_from(n).ok());
    let offset = number(pagination.map(|p| p.offset_param)).unwrap_or(0);
    let limit = match pagination {
        Some(p) => number(Some(p.limit_param)).filter(|limit| *limit > 0).unwrap_or(DEFAULT_LIMIT),
        None => records.len().max(1),
    };
    let total = records.len();
    let window: Vec<&Record> = records.into_iter().skip(offset).take(limit).collect();
    let mut links = Map::new();
    if let Some(pagination) = pagination {
        if offset + limit < total {
            links.insert("next".to_owned(), Value::from(link(call, pagination.offset_param, offset + limit)));
        }
        if offset > 0 {
            links.insert(
                "prev".to_owned(),
                Value::from(link(call, pagination.offset_param, offset.saturating_sub(limit))),
            );
        }
    }
    Answer::json(
        StatusCode::OK,
        &json!({"links": links, "total": total, "offset": offset, "limit": limit, "results": render_all(window)}),
    )
}

/// The absolute URL of this call with the offset `offset`.
fn link(call: &Call, offset_param: &str, offset: usize) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in call.query.iter().filter(|(name, _)| name != offset_param) {
        query.append_pair(name, value);
    }
    query.append_pair(offset_param, &offset.to_string());
    format!("{}{}?{}", call.shared.base_url, call.path, query.finish())
}

/// The answer of an operation that returns nothing worth reading.
pub fn nothing() -> Answer {
    Answer::json(StatusCode::OK, &json!({"status": SUCCESS}))
}

/// The model an operation's records are written as, for the names in messages.
pub fn item_model(response: &Response) -> Option<&'static str> {
    match response {
        Response::Json { ty: Type::Model(name), .. } => Some(name),
        Response::Json { ty: Type::List(Type::Model(name)), .. } => Some(name),
        _ => None,
    }
}
