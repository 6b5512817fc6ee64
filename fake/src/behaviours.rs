//! The operations that are not CRUD on a collection, each a named behaviour in one place:
//!
//! - **context**: the description's context operation (`/v1/me`): the key's practice and archive, in the
//!   fields the description names, and the user;
//! - **single**: a `GET` answering one object of a model the fake holds a single record of (the practice);
//! - **view**: a `GET` below an item path answering an object (a care plan's signature status): the item
//!   written as that object's model;
//! - **download**: a `GET` below an item path answering bytes: the bytes the item was created with;
//! - **free slots**: the operation `getFreeSlots`, computed from the operators' appointments.
//!
//! An operation of none of these kinds (a new one in a new document) answers 501 naming itself.

use alfadocs_runtime::description::{Envelope, Operation, Response, Shape, Type};
use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde_json::{Value, json};

use crate::answer::{Answer, AnswerBody};
use crate::app::{Call, World};
use crate::dialect::{DATE_TIME, parse_date_time};
use crate::envelope;
use crate::store::Record;

/// The single record holding what the key's context tells besides its practice and archive (the user).
pub const CONTEXT: &str = "Context";

/// The operation whose free slots the fake computes.
const FREE_SLOTS: &str = "getFreeSlots";

/// The practice's opening hours for free slots: mornings and afternoons, Monday to Friday.
const OPENING: [(u32, u32); 2] = [(9, 13), (14, 19)];

/// The longest range of free slots one call computes.
const MAX_FREE_SLOT_DAYS: u64 = 31;

/// Serves an operation that is not CRUD.
pub fn serve(world: &mut World, call: &Call) -> Answer {
    let operation = call.operation;
    if let Some(context) = call.shared.api.context.filter(|context| context.operation_id == operation.id) {
        let mut record = world.store.single(CONTEXT).cloned().unwrap_or_default();
        record.insert(context.practice_field.to_owned(), Value::from(world.practice_id));
        record.insert(context.archive_field.to_owned(), Value::from(world.archive_id));
        return envelope::one(call, &record);
    }
    if operation.id == FREE_SLOTS {
        return free_slots(world, call);
    }
    if let Response::Bytes { media_type } = operation.response {
        return download(world, call, media_type);
    }
    let Response::Json { ty: Type::Model(model), envelope: Envelope::Data | Envelope::Bare } = operation.response
    else {
        return unknown(operation);
    };
    if let Some(record) = world.store.single(model) {
        let record = record.clone();
        return envelope::one(call, &record);
    }
    match parent_item(world, call) {
        Some(Ok(record)) => envelope::one(call, &record),
        Some(Err(answer)) => answer,
        None => unknown(operation),
    }
}

fn unknown(operation: &Operation) -> Answer {
    Answer::error(
        StatusCode::NOT_IMPLEMENTED,
        format!("the fake has no behaviour for the operation `{}`", operation.id),
    )
}

/// The item whose path this operation's path extends (`…/care-plans/{carePlanId}` for
/// `…/care-plans/{carePlanId}/signature-status`): `None` if there is no such collection.
fn parent_item(world: &World, call: &Call) -> Option<Result<Record, Answer>> {
    let (item_path, _) = call.operation.path.rsplit_once('/')?;
    let (_, read) = call
        .shared
        .api
        .operations()
        .find(|(_, other)| matches!(other.shape, Shape::Read(_)) && other.path == item_path)?;
    let collection = read.shape.collection()?;
    let id = collection.item_param.and_then(|param| call.arguments.int(param));
    let name = call.shared.index.model(collection.name).unwrap_or(collection.name);
    let record = id.and_then(|id| world.store.existing(collection.name)?.get(id)).filter(|record| {
        collection
            .parent_params
            .iter()
            .all(|param| record.get(*param).and_then(Value::as_i64) == call.arguments.int(param))
    });
    Some(record.cloned().ok_or_else(|| Answer::not_found(name)))
}

/// The bytes the item was created with: its field that the create body sends as bytes.
fn download(world: &World, call: &Call, media_type: &str) -> Answer {
    let record = match parent_item(world, call) {
        Some(Ok(record)) => record,
        Some(Err(answer)) => return answer,
        None => return unknown(call.operation),
    };
    let api = call.shared.api;
    let bytes_field = api
        .operations()
        .filter(|(_, other)| matches!(other.shape, Shape::Create(_)))
        .filter_map(|(_, other)| match other.body {
            Some(Type::Model(name)) => api.model(name),
            _ => None,
        })
        .flat_map(|model| model.fields.iter())
        .find(|field| field.ty == Type::Bytes && record.contains_key(field.wire_name));
    let bytes = bytes_field
        .and_then(|field| record.get(field.wire_name))
        .and_then(Value::as_str)
        .and_then(|text| STANDARD.decode(text).ok());
    match bytes {
        Some(bytes) => Answer {
            status: StatusCode::OK,
            body: AnswerBody::Bytes(media_type.to_owned(), bytes.into()),
            headers: Vec::new(),
        },
        None => Answer::not_found("File"),
    }
}

/// Slots of `duration` minutes in the opening hours of each day from `startDate` to `endDate` (a week by
/// default), per operator, that overlap none of the operator's appointments.
fn free_slots(world: &World, call: &Call) -> Answer {
    let arguments = &call.arguments;
    let Some(start) = arguments.date("startDate") else { return Answer::bad_request("`startDate` is required") };
    let end = arguments.date("endDate").unwrap_or_else(|| start.checked_add_days(Days::new(6)).unwrap_or(start));
    if end < start || (end - start).num_days() >= MAX_FREE_SLOT_DAYS as i64 {
        return Answer::bad_request(format!(
            "`endDate` must be from `startDate` to {MAX_FREE_SLOT_DAYS} days after it"
        ));
    }
    let duration = match arguments.int("duration") {
        Some(minutes) if (5..=480).contains(&minutes) => minutes,
        _ => return Answer::bad_request("`duration` must be from 5 to 480 minutes"),
    };
    let store = &world.store;
    let operators: Vec<i64> = match arguments.get("operatorIds").and_then(Value::as_array) {
        Some(ids) => ids.iter().filter_map(Value::as_i64).collect(),
        None => store
            .existing("operators")
            .into_iter()
            .flat_map(|table| table.iter())
            .filter(|operator| operator.get("deleted") != Some(&Value::Bool(true)))
            .filter_map(|operator| operator.get("id").and_then(Value::as_i64))
            .collect(),
    };
    let busy: Vec<(i64, NaiveDateTime, NaiveDateTime)> = store
        .existing("appointments")
        .into_iter()
        .flat_map(|table| table.iter())
        .filter_map(|appointment| {
            let operator = appointment.get("operatorId")?.as_i64()?;
            let from = parse_date_time(appointment.get("date")?.as_str()?)?;
            let minutes = appointment.get("duration").and_then(Value::as_i64).unwrap_or(30);
            Some((operator, from, from + TimeDelta::minutes(minutes)))
        })
        .collect();
    let step = TimeDelta::minutes(duration);
    let mut slots = Vec::new();
    let mut day = start;
    while day <= end {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && day >= world.today {
            for &operator in &operators {
                for (open, close) in OPENING {
                    let (Some(open), Some(close)) = (at(day, open), at(day, close)) else { continue };
                    let mut from = open;
                    while from + step <= close {
                        let to = from + step;
                        let taken = busy.iter().any(|(who, a, b)| *who == operator && *a < to && from < *b);
                        if !taken {
                            slots.push(slot(from, to, operator));
                        }
                        from = to;
                    }
                }
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    envelope::many(call, slots.iter().collect(), Record::clone)
}

fn at(day: NaiveDate, hour: u32) -> Option<NaiveDateTime> {
    NaiveTime::from_hms_opt(hour, 0, 0).map(|time| day.and_time(time))
}

fn slot(from: NaiveDateTime, to: NaiveDateTime, operator: i64) -> Record {
    let value = json!({
        "startDate": from.format(DATE_TIME).to_string(),
        "endDate": to.format(DATE_TIME).to_string(),
        "operatorId": operator,
    });
    match value {
        Value::Object(record) => record,
        _ => Record::new(),
    }
}
