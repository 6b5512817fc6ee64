//! The generic behaviour of a collection, by the shape of the operation: list (filtered by the parameters
//! that name a field, by the parent and by the date window), create, read, update (only the fields sent
//! change) and delete — nested collections keyed by their parent.

use std::collections::BTreeMap;

use alfadocs_runtime::description::{ApiDescription, Collection, DefaultRange, Field, ParamLocation, Shape, Type};
use chrono::NaiveDate;
use serde_json::Value;

use crate::answer::Answer;
use crate::app::{Call, World};
use crate::dialect::{Completeness, parse_date, read_model};
use crate::envelope;
use crate::store::{Record, Store, Table};

/// What the operations of a description say about each collection, gathered once.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The model of a collection's records, by collection name.
    models: BTreeMap<&'static str, &'static str>,
    /// The collection an item parameter names (`patientId` → `patients`).
    by_item_param: BTreeMap<&'static str, &'static str>,
    /// The item parameter of a collection.
    item_params: BTreeMap<&'static str, &'static str>,
    /// The collections nested under a parameter, with their model: the children a record embeds.
    children: BTreeMap<&'static str, Vec<(&'static str, &'static str)>>,
}

impl Index {
    /// Gathers the collections of `api`.
    pub fn new(api: &ApiDescription) -> Self {
        let mut index = Self::default();
        for (_, operation) in api.operations() {
            let Some(collection) = operation.shape.collection() else { continue };
            if let (Shape::List(_) | Shape::Read(_), Some(model)) =
                (&operation.shape, envelope::item_model(&operation.response))
            {
                index.models.insert(collection.name, model);
            }
            if let Some(param) = collection.item_param {
                index.by_item_param.insert(param, collection.name);
                index.item_params.insert(collection.name, param);
            }
        }
        for (_, operation) in api.operations() {
            if let (Shape::List(collection), Some(parent)) =
                (&operation.shape, operation.shape.collection().and_then(|c| c.parent_params.last()))
            {
                if let Some(model) = index.models.get(collection.name) {
                    let children = index.children.entry(parent).or_default();
                    if !children.contains(&(collection.name, model)) {
                        children.push((collection.name, model));
                    }
                }
            }
        }
        index
    }

    /// The model of the records of `collection`.
    pub fn model(&self, collection: &str) -> Option<&'static str> {
        self.models.get(collection).copied()
    }

    /// The collection whose items the path parameter `param` names.
    pub fn collection_of(&self, param: &str) -> Option<&'static str> {
        self.by_item_param.get(param).copied()
    }
}

/// Serves a list, create, read, update or delete.
pub fn serve(world: &mut World, call: &Call, shape: &Shape) -> Answer {
    let Some(collection) = shape.collection() else { return envelope::nothing() };
    if let Err(answer) = parents_exist(&world.store, call, collection) {
        return answer;
    }
    match shape {
        Shape::List(_) => list(world, call, collection),
        Shape::Create(_) => create(world, call, collection),
        Shape::Read(_) => match item(&world.store, call, collection) {
            Ok(record) => {
                let children = children(call, &world.store, collection.name, record);
                envelope::one_embedding(call, record, &children)
            }
            Err(answer) => answer,
        },
        Shape::Update(_) => update(world, call, collection),
        Shape::Delete(_) => match item(&world.store, call, collection).map(id_of) {
            Ok(id) => {
                if let Some(id) = id {
                    world.store.table(collection.name).remove(id);
                }
                envelope::nothing()
            }
            Err(answer) => answer,
        },
        Shape::Other => envelope::nothing(),
    }
}

/// A 404 unless every parent the path names exists.
fn parents_exist(store: &Store, call: &Call, collection: &Collection) -> Result<(), Answer> {
    for param in collection.parent_params {
        let Some(parent) = call.shared.index.collection_of(param) else { continue };
        let id = call.arguments.int(param).unwrap_or_default();
        if store.existing(parent).and_then(|table| table.get(id)).is_none() {
            return Err(Answer::not_found(&record_name(call, parent)));
        }
    }
    Ok(())
}

/// "Patient" for the collection `patients`: the model of its records, for messages.
fn record_name(call: &Call, collection: &str) -> String {
    call.shared.index.model(collection).unwrap_or(collection).to_owned()
}

/// Whether `record` sits under the parents the call's path names.
fn under_parents(record: &Record, call: &Call, collection: &Collection) -> bool {
    collection.parent_params.iter().all(|param| record.get(*param).and_then(Value::as_i64) == call.arguments.int(param))
}

/// The item the call's path names, under its parents.
fn item<'s>(store: &'s Store, call: &Call, collection: &Collection) -> Result<&'s Record, Answer> {
    let missing = || Answer::not_found(&record_name(call, collection.name));
    let id = collection.item_param.and_then(|param| call.arguments.int(param)).ok_or_else(missing)?;
    let record = store.existing(collection.name).and_then(|table| table.get(id)).ok_or_else(missing)?;
    if !under_parents(record, call, collection) {
        return Err(missing());
    }
    Ok(record)
}

fn id_of(record: &Record) -> Option<i64> {
    record.get("id").and_then(Value::as_i64)
}

fn list(world: &World, call: &Call, collection: &Collection) -> Answer {
    let operation = call.operation;
    let api = call.shared.api;
    let model = call.shared.index.model(collection.name).and_then(|name| api.model(name));
    let window = match window(world, call) {
        Ok(window) => window,
        Err(answer) => return answer,
    };
    let date_field = model.and_then(|model| {
        model.fields.iter().find(|field| matches!(field.ty, Type::Date | Type::DateTime)).map(|field| field.wire_name)
    });
    // A query parameter named like a field of the records filters on it.
    let skip: Vec<&str> = operation
        .pagination
        .iter()
        .flat_map(|p| [p.offset_param, p.limit_param])
        .chain(operation.window.iter().flat_map(|w| [w.start_param, w.end_param]))
        .collect();
    let filters: Vec<(&str, &Value)> = call
        .arguments
        .iter()
        .filter(|(name, _)| !skip.contains(name))
        .filter(|(name, _)| operation.param(name).is_some_and(|param| param.location == ParamLocation::Query))
        .filter(|(name, _)| model.is_some_and(|model| model.field(name).is_some()))
        .collect();
    let records: Vec<&Record> = world
        .store
        .existing(collection.name)
        .into_iter()
        .flat_map(|table| candidates(table, call, collection))
        .filter(|record| under_parents(record, call, collection))
        .filter(|record| filters.iter().all(|(name, wanted)| matches_filter(record.get(*name), wanted)))
        .filter(|record| match (window, date_field) {
            (Some((start, end)), Some(field)) => date_of(record.get(field))
                .is_some_and(|date| start.is_none_or(|s| date >= s) && end.is_none_or(|e| date <= e)),
            _ => true,
        })
        .collect();
    envelope::many(call, records, |record| with_children(call, &world.store, collection.name, record.clone()))
}

/// The records of `table` that can sit under the call's parents: those under its innermost parent when the
/// table indexes it, every record otherwise.
fn candidates<'t>(table: &'t Table, call: &Call, collection: &Collection) -> Box<dyn Iterator<Item = &'t Record> + 't> {
    let parent = collection.parent_params.last().and_then(|param| Some((param, call.arguments.int(param)?)));
    match parent.and_then(|(param, id)| table.under(param, id)) {
        Some(records) => Box::new(records),
        None => Box::new(table.iter()),
    }
}

fn matches_filter(value: Option<&Value>, wanted: &Value) -> bool {
    match (value, wanted) {
        (Some(Value::Array(have)), Value::Array(wanted)) => wanted.iter().any(|item| have.contains(item)),
        (Some(value), Value::Array(wanted)) => wanted.contains(value),
        (Some(value), wanted) => value == wanted,
        (None, _) => false,
    }
}

/// The date part of a stored date or local date-time.
fn date_of(value: Option<&Value>) -> Option<NaiveDate> {
    let text = value?.as_str()?;
    parse_date(text.get(..10)?)
}

/// A date range, open at either end.
type Range = (Option<NaiveDate>, Option<NaiveDate>);

/// The date range a windowed list covers, checked against the vendor's cap; `None` for a list without one.
fn window(world: &World, call: &Call) -> Result<Option<Range>, Answer> {
    let Some(window) = call.operation.window else { return Ok(None) };
    let start = call.arguments.date(window.start_param);
    let end = call.arguments.date(window.end_param);
    let (start, end) = match (start, end) {
        (None, None) => default_window(world.today, window.default),
        given => given,
    };
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            return Err(Answer::bad_request(format!(
                "`{}` ({end}) is before `{}` ({start})",
                window.end_param, window.start_param
            )));
        }
        let days = (end - start).num_days() + 1;
        if days > i64::from(window.max_days) {
            return Err(Answer::bad_request(format!(
                "The maximum date range is {} days: {start} to {end} is {days} days",
                window.max_days
            )));
        }
    }
    Ok(Some((start, end)))
}

/// The range a windowed list covers when the caller gives none, as the description states it; unbounded
/// when it states none.
fn default_window(today: NaiveDate, default: Option<DefaultRange>) -> Range {
    use chrono::{Datelike, Days};
    match default {
        Some(DefaultRange::LastDays(days)) => {
            (today.checked_sub_days(Days::new(u64::from(days.saturating_sub(1)))), Some(today))
        }
        Some(DefaultRange::TodayToSundayPlus(days)) => {
            let to_sunday = u64::from(6 - today.weekday().num_days_from_monday());
            (Some(today), today.checked_add_days(Days::new(to_sunday + u64::from(days))))
        }
        None => (None, None),
    }
}

fn create(world: &mut World, call: &Call, collection: &Collection) -> Answer {
    let mut record = match stored_body(call, collection, Completeness::Whole) {
        Ok(record) => record,
        Err(answer) => return answer,
    };
    for param in collection.parent_params {
        if let Some(id) = call.arguments.int(param) {
            record.insert((*param).to_owned(), Value::from(id));
        }
    }
    let table = world.store.table(collection.name);
    let id = table.insert(record);
    let stored = table.get(id).cloned().unwrap_or_default();
    envelope::one(call, &with_children(call, &world.store, collection.name, stored))
}

fn update(world: &mut World, call: &Call, collection: &Collection) -> Answer {
    let changes = match stored_body(call, collection, Completeness::Partial) {
        Ok(record) => record,
        Err(answer) => return answer,
    };
    let id = match item(&world.store, call, collection).map(id_of) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let Some(id) = id else { return Answer::not_found(collection.name) };
    let change = |record: &mut Record| {
        for (key, value) in changes {
            if key != "id" {
                record.insert(key, value);
            }
        }
    };
    let Some(updated) = world.store.table(collection.name).update(id, change).cloned() else {
        return Answer::not_found(&record_name(call, collection.name));
    };
    envelope::one(call, &with_children(call, &world.store, collection.name, updated))
}

/// The call's body read as its model, its fields under the names the collection's records use (`sent-as`:
/// a patient's `dateOfBirth` is stored as the `dateBirth` its answers show).
fn stored_body(call: &Call, collection: &Collection, completeness: Completeness) -> Result<Record, Answer> {
    let mut record = body_record(call, completeness)?;
    let api = call.shared.api;
    let Some(model) = call.shared.index.model(collection.name).and_then(|name| api.model(name)) else {
        return Ok(record);
    };
    for field in model.fields {
        if let Some(value) = field.sent_as.and_then(|sent| record.remove(sent)) {
            record.insert(field.wire_name.to_owned(), value);
        }
    }
    Ok(record)
}

/// The call's body read as its model.
fn body_record(call: &Call, completeness: Completeness) -> Result<Record, Answer> {
    let api = call.shared.api;
    let (Some(Type::Model(name)), Some(body)) = (call.operation.body, call.body.as_ref()) else {
        return Err(Answer::bad_request("The request body is missing"));
    };
    let Some(model) = api.model(name) else { return Ok(Record::new()) };
    read_model(api, model, body, completeness).map_err(|refusal| Answer::bad_request(refusal.0))
}

/// `record` of `collection` with the records nested under it embedded where its model has a list of them
/// (a patient's `phoneNumbers`).
fn with_children(call: &Call, store: &Store, collection: &str, mut record: Record) -> Record {
    for (name, value) in children(call, store, collection, &record) {
        record.insert(name.to_owned(), value);
    }
    record
}

/// The records nested under `record` of `collection`, under the fields of its model that list them.
fn children(call: &Call, store: &Store, collection: &str, record: &Record) -> Vec<(&'static str, Value)> {
    let api = call.shared.api;
    let index = &call.shared.index;
    let mut children = Vec::new();
    let (Some(param), Some(model)) =
        (index.item_params.get(collection), index.model(collection).and_then(|name| api.model(name)))
    else {
        return children;
    };
    let Some(id) = id_of(record) else { return children };
    for (child, child_model) in index.children.get(param).into_iter().flatten() {
        let embeds = |field: &&Field| matches!(field.ty, Type::List(Type::Model(item)) if item == child_model);
        let Some(field) = model.fields.iter().find(embeds) else {
            continue;
        };
        let items: Vec<Value> = store
            .existing(child)
            .and_then(|table| table.under(param, id))
            .into_iter()
            .flatten()
            .map(|item| Value::Object(item.clone()))
            .collect();
        children.push((field.wire_name, Value::Array(items)));
    }
    children
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn default_windows_are_the_described_ranges() {
        let tuesday = date("2026-01-06");
        assert_eq!(tuesday.weekday(), Weekday::Tue);
        assert_eq!(
            default_window(tuesday, Some(DefaultRange::LastDays(31))),
            (Some(date("2025-12-07")), Some(tuesday))
        );
        let sunday = default_window(tuesday, Some(DefaultRange::TodayToSundayPlus(14)));
        assert_eq!(sunday, (Some(tuesday), Some(date("2026-01-25"))));
        assert_eq!(default_window(tuesday, None), (None, None));
    }
}
