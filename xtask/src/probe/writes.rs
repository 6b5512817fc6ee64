//! Writes, only with `--allow-writes` and only to the archive named with `--test-archive`: per collection, a
//! record the probe creates (a body of its required fields, with values of the probe's own), then changes and
//! deletes — never a record it did not create.

use std::collections::BTreeSet;

use alfadocs_codegen::ir::{Api, Method as IrMethod, Operation, Shape, Type};
use alfadocs_runtime::NaiveDate;
use serde_json::{Map, Value, json};

use super::paths::Pool;

/// The text of every synthetic string: says where the record came from.
const MARK: &str = "cargo xtask probe";

/// The write operations of `api` in the order to send them: creates (parents first), updates, then deletes
/// (children first).
pub fn plan(api: &Api) -> Vec<&Operation> {
    let depth = |operation: &Operation| operation.shape.collection().map_or(0, |c| c.parent_params.len());
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    let mut deletes = Vec::new();
    for (_, operation) in api.operations() {
        match operation.shape {
            Shape::Create(_) => creates.push(operation),
            Shape::Update(_) => updates.push(operation),
            Shape::Delete(_) => deletes.push(operation),
            _ => {}
        }
    }
    creates.sort_by_key(|operation| depth(operation));
    deletes.sort_by_key(|operation| std::cmp::Reverse(depth(operation)));
    creates.into_iter().chain(updates).chain(deletes).collect()
}

/// The write operations that are not CRUD on a collection: never sent.
pub fn unplanned(api: &Api) -> Vec<&Operation> {
    api.operations()
        .map(|(_, operation)| operation)
        .filter(|operation| operation.method != IrMethod::Get)
        .filter(|operation| !matches!(operation.shape, Shape::Create(_) | Shape::Update(_) | Shape::Delete(_)))
        .collect()
}

/// The item parameter an update or delete must fill with a record the probe created.
pub fn own_item_param(operation: &Operation) -> Option<&str> {
    match &operation.shape {
        Shape::Update(collection) | Shape::Delete(collection) => collection.item_param.as_deref(),
        _ => None,
    }
}

/// The body to send: a create's required fields; an update's first text field (or first field).
pub fn body(api: &Api, operation: &Operation, pool: &Pool, today: NaiveDate) -> Option<Value> {
    let Type::Model(name) = &operation.body.as_ref()?.ty else { return Some(json!({})) };
    let model = api.model(name)?;
    let fields: Vec<_> = match operation.shape {
        Shape::Update(_) => {
            let text = model.fields.iter().find(|field| field.ty == Type::String);
            text.or(model.fields.first()).into_iter().collect()
        }
        _ => model.fields.iter().filter(|field| field.required).collect(),
    };
    let mut body = Map::new();
    for field in fields {
        let learnt = pool.value(&field.wire_name, &operation.params).and_then(|text| text.parse::<i64>().ok());
        let value = match (learnt, &field.ty) {
            (Some(id), Type::Int) => json!(id),
            _ => synthetic(api, &field.ty, today, &mut BTreeSet::new()),
        };
        body.insert(field.wire_name.clone(), value);
    }
    Some(Value::Object(body))
}

/// A value of `ty` that no archive holds already: the probe's mark, today, the first documented enum value.
fn synthetic(api: &Api, ty: &Type, today: NaiveDate, models: &mut BTreeSet<String>) -> Value {
    match ty {
        Type::Bool => json!(false),
        Type::Int => json!(1),
        Type::Number => json!(1.0),
        Type::String => json!(MARK),
        Type::Date => json!(today.format("%Y-%m-%d").to_string()),
        Type::DateTime => json!(format!("{} 09:00:00", today.format("%Y-%m-%d"))),
        Type::Bytes => json!("Y2FyZ28geHRhc2sgcHJvYmU="),
        Type::Json | Type::Map(_) => json!({}),
        Type::List(_) => json!([]),
        Type::Enum(_) => api.enum_values(ty).first().map_or(Value::Null, |value| json!(value)),
        Type::Model(name) => {
            let Some(model) = api.model(name).filter(|_| models.insert(name.clone())) else { return json!({}) };
            let fields = model.fields.iter().filter(|field| field.required);
            let object =
                fields.map(|field| (field.wire_name.clone(), synthetic(api, &field.ty, today, models))).collect();
            Value::Object(object)
        }
    }
}
