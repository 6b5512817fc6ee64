//! Filling path templates with values the archive itself gave: the identifiers of records seen in earlier
//! answers, kept in memory only (the report and the logs name templates, never a filled path).

use std::collections::{BTreeMap, BTreeSet};

use alfadocs_codegen::ir::{Api, Operation, Param, ParamLocation, Shape, Type};
use alfadocs_codegen::template::{Piece, Template};
use alfadocs_runtime::{NaiveDate, path_segment};
use serde_json::Value;

/// The values learnt for path parameters, by wire name: the first one seen is used.
#[derive(Debug)]
pub struct Pool {
    /// Every path parameter name of the API: only these are learnt.
    names: BTreeSet<String>,
    values: BTreeMap<String, String>,
    today: NaiveDate,
}

impl Pool {
    /// An empty pool for the path parameters of `api`; date parameters take `today`.
    pub fn new(api: &Api, today: NaiveDate) -> Self {
        let names = api
            .operations()
            .flat_map(|(_, operation)| operation.params.iter())
            .filter(|param| param.location == ParamLocation::Path)
            .map(|param| param.wire_name.clone())
            .collect();
        Self { names, values: BTreeMap::new(), today }
    }

    /// Learns from one record an operation answered: its `id` as the item parameter of the operation's
    /// collection, and any field named like a path parameter (`patientId`, `carePlanId`). The record a create
    /// answers replaces what was learnt for its item parameter, whose name is returned: later writes change
    /// only records the probe created.
    pub fn learn(&mut self, operation: &Operation, record: &Value) -> Option<String> {
        let Value::Object(record) = record else { return None };
        let (item_param, created) = match &operation.shape {
            Shape::List(collection) | Shape::Read(collection) => (collection.item_param.clone(), false),
            Shape::Create(collection) => (collection.item_param.clone(), true),
            _ => (None, false),
        };
        let mut own = None;
        for (key, value) in record {
            let name = if key == "id" { item_param.as_deref() } else { Some(key.as_str()) };
            let Some(name) = name.filter(|name| self.names.contains(*name)) else { continue };
            let Some(text) = id_text(value) else { continue };
            if created && key == "id" {
                self.values.insert(name.to_owned(), text);
                own = Some(name.to_owned());
            } else {
                self.values.entry(name.to_owned()).or_insert(text);
            }
        }
        own
    }

    /// `template` with every `{name}` filled, or the first parameter that has no value yet.
    pub fn fill(&self, template: &Template, params: &[Param]) -> Result<String, String> {
        let mut out = String::new();
        for piece in template.pieces() {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Param(name) => out.push_str(&self.value(name, params).ok_or_else(|| name.clone())?),
            }
        }
        Ok(out)
    }

    /// A value for the parameter `name`: a date parameter takes today, any other one a learnt value.
    pub fn value(&self, name: &str, params: &[Param]) -> Option<String> {
        match params.iter().find(|param| param.wire_name == name).map(|param| &param.ty) {
            Some(Type::Date) => Some(self.today.format("%Y-%m-%d").to_string()),
            _ => self.values.get(name).map(path_segment),
        }
    }
}

/// An identifier as text: a whole number, or a string of digits.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) if number.is_i64() || number.is_u64() => Some(number.to_string()),
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => Some(text.clone()),
        _ => None,
    }
}
