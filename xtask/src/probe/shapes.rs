//! Shapes, never values: what kinds of JSON each field of each model arrived as, counted.
//!
//! A value is classified ([`Kind`]) and judged against the field's type by the runtime's own lenient readers
//! (`alfadocs_runtime::wire::lenient`, what the generated client decodes with), then dropped. What is kept:
//! counts per kind, the number of values the reader refuses, the names of fields the spec lacks (only when
//! they look like names), and enum values outside the documented list — vocabulary, not personal data, but
//! kept only for fields not marked personal, short and name-like, and a few per field.

use std::collections::{BTreeMap, BTreeSet};

use alfadocs_codegen::ir::{Api, Model, Type};
use alfadocs_runtime::wire::{self, lenient};
use alfadocs_runtime::{NaiveDate, NaiveDateTime};
use serde_json::Value;

/// The most undocumented enum values kept per field; the rest are only counted.
pub const MAX_ENUM_VALUES: usize = 8;
/// The longest undocumented enum value kept.
pub const MAX_ENUM_VALUE_LEN: usize = 32;
/// The longest field name reported.
const MAX_NAME_LEN: usize = 64;

/// What a JSON value is, in the vendor's dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A whole JSON number.
    Integer,
    /// A JSON number with a fraction.
    Decimal,
    /// `""`
    EmptyString,
    /// `"true"` or `"false"`.
    StringBool,
    /// A whole number as a string (`"30"`).
    StringInteger,
    /// A decimal number as a string (`"125.12"`).
    StringDecimal,
    /// A PHP zero date (`0000-00-00`, `-0001-11-30`, with or without a time).
    PhpZeroDate,
    /// `YYYY-MM-DD`
    Date,
    /// `YYYY-MM-DD HH:MM:SS`
    DateTime,
    /// Any other string.
    Text,
    /// `[]`
    EmptyArray,
    /// A non-empty array.
    Array,
    /// `{}`
    EmptyObject,
    /// A non-empty object.
    Object,
}

impl Kind {
    /// The kind of `value`.
    pub fn of(value: &Value) -> Kind {
        match value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(number) if number.is_i64() || number.is_u64() => Kind::Integer,
            Value::Number(_) => Kind::Decimal,
            Value::String(text) => Kind::of_text(text),
            Value::Array(items) if items.is_empty() => Kind::EmptyArray,
            Value::Array(_) => Kind::Array,
            Value::Object(map) if map.is_empty() => Kind::EmptyObject,
            Value::Object(_) => Kind::Object,
        }
    }

    fn of_text(text: &str) -> Kind {
        if text.is_empty() {
            Kind::EmptyString
        } else if text == "true" || text == "false" {
            Kind::StringBool
        } else if text.parse::<i64>().is_ok() {
            Kind::StringInteger
        } else if text.parse::<f64>().is_ok_and(f64::is_finite) {
            Kind::StringDecimal
        } else if wire::is_zero_date(text) {
            Kind::PhpZeroDate
        } else if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10 {
            Kind::Date
        } else if NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").is_ok() && text.len() == 19 {
            Kind::DateTime
        } else {
            Kind::Text
        }
    }

    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "boolean",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::EmptyString => "\"\"",
            Kind::StringBool => "string-encoded boolean",
            Kind::StringInteger => "string-encoded integer",
            Kind::StringDecimal => "string-encoded decimal",
            Kind::PhpZeroDate => "PHP zero date",
            Kind::Date => "date string",
            Kind::DateTime => "date-time string",
            Kind::Text => "string",
            Kind::EmptyArray => "[]",
            Kind::Array => "array",
            Kind::EmptyObject => "{}",
            Kind::Object => "object",
        }
    }

    /// Whether the kind says nothing about the type (the vendor's ways of writing "no value").
    pub fn is_absent(self) -> bool {
        matches!(self, Kind::Null | Kind::EmptyString | Kind::PhpZeroDate)
    }
}

/// What was seen of one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldStats {
    /// How many values of each kind.
    pub kinds: BTreeMap<Kind, u64>,
    /// How many values the client's reader for the field's type refuses.
    pub refused: u64,
    /// Undocumented enum values (at most [`MAX_ENUM_VALUES`]), with their counts.
    pub outside_enum: BTreeMap<String, u64>,
    /// Undocumented enum values not kept (personal field, too long, not name-like, or past the bound).
    pub outside_enum_hidden: u64,
}

impl FieldStats {
    /// How many values were seen.
    pub fn seen(&self) -> u64 {
        self.kinds.values().sum()
    }

    /// `integer ×3, "" ×1`.
    pub fn kinds_text(&self) -> String {
        self.kinds.iter().map(|(kind, count)| format!("{} ×{count}", kind.label())).collect::<Vec<_>>().join(", ")
    }
}

/// What was seen of one model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelStats {
    /// Records read as this model.
    pub records: u64,
    /// The spec's fields, by wire name.
    pub fields: BTreeMap<String, FieldStats>,
    /// Fields the spec lacks, by name.
    pub unknown: BTreeMap<String, FieldStats>,
    /// Keys the spec lacks that do not look like names (not reported by name).
    pub unnamed_keys: u64,
    /// `_` custom-field keys seen (each practice names its own: counted, never named).
    pub custom_field_keys: u64,
    /// Values that should have been a record of this model and were not an object.
    pub not_objects: BTreeMap<Kind, u64>,
}

/// Everything seen, by model name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shapes {
    /// By model name.
    pub models: BTreeMap<String, ModelStats>,
}

impl Shapes {
    /// Records `value`, read as a value of `ty`, of a field marked `personal` or not.
    pub fn observe(&mut self, api: &Api, ty: &Type, value: &Value) {
        match (ty, value) {
            (Type::Model(name), _) => {
                if let Some(model) = api.model(name) {
                    self.record(api, model, value);
                }
            }
            (Type::List(item), Value::Array(items)) => items.iter().for_each(|value| self.observe(api, item, value)),
            (Type::Map(item), Value::Object(map)) => map.values().for_each(|value| self.observe(api, item, value)),
            _ => {}
        }
    }

    fn record(&mut self, api: &Api, model: &Model, value: &Value) {
        let Value::Object(record) = value else {
            *self.models.entry(model.name.clone()).or_default().not_objects.entry(Kind::of(value)).or_default() += 1;
            return;
        };
        self.models.entry(model.name.clone()).or_default().records += 1;
        for (key, value) in record {
            let Some(field) = model.fields.iter().find(|field| &field.wire_name == key) else {
                let stats = self.models.entry(model.name.clone()).or_default();
                if key.starts_with('_') && model.custom_fields.is_some() {
                    stats.custom_field_keys += 1;
                } else if is_name_like(key, MAX_NAME_LEN) {
                    *stats.unknown.entry(key.clone()).or_default().kinds.entry(Kind::of(value)).or_default() += 1;
                } else {
                    stats.unnamed_keys += 1;
                }
                continue;
            };
            let documented = api.enum_values(&field.ty);
            let stats = self.models.entry(model.name.clone()).or_default().fields.entry(key.clone()).or_default();
            *stats.kinds.entry(Kind::of(value)).or_default() += 1;
            if !fits(&field.ty, value) {
                stats.refused += 1;
            }
            if let (Type::Enum(_), Value::String(text)) = (&field.ty, value)
                && !text.is_empty()
                && !documented.contains(&text.as_str())
            {
                let kept = !field.personal
                    && is_name_like(text, MAX_ENUM_VALUE_LEN)
                    && (stats.outside_enum.contains_key(text) || stats.outside_enum.len() < MAX_ENUM_VALUES);
                if kept {
                    *stats.outside_enum.entry(text.clone()).or_default() += 1;
                } else {
                    stats.outside_enum_hidden += 1;
                }
            }
            self.observe(api, &field.ty, value);
        }
    }

    /// The spec's fields of `model` never seen in any of its records (empty when no record was seen).
    pub fn never_seen<'a>(&self, model: &'a Model) -> Vec<&'a str> {
        let Some(stats) = self.models.get(&model.name).filter(|stats| stats.records > 0) else {
            return Vec::new();
        };
        model
            .fields
            .iter()
            .filter(|field| !stats.fields.contains_key(&field.wire_name))
            .map(|field| field.wire_name.as_str())
            .collect()
    }
}

/// Whether the client's reader of `ty` (lenient, as every received field is read) takes `value`.
pub fn fits(ty: &Type, value: &Value) -> bool {
    match ty {
        Type::Bool => lenient::deserialize::<Option<bool>, _>(value).is_ok(),
        Type::Int => lenient::deserialize::<Option<i64>, _>(value).is_ok(),
        Type::Number => lenient::deserialize::<Option<f64>, _>(value).is_ok(),
        Type::String | Type::Enum(_) | Type::Bytes => lenient::deserialize::<Option<String>, _>(value).is_ok(),
        Type::Date => lenient::deserialize::<Option<NaiveDate>, _>(value).is_ok(),
        Type::DateTime => lenient::deserialize::<Option<NaiveDateTime>, _>(value).is_ok(),
        Type::Map(_) => lenient::deserialize::<Option<BTreeMap<String, Value>>, _>(value).is_ok(),
        Type::List(_) => lenient::deserialize::<Option<Vec<Value>>, _>(value).is_ok(),
        Type::Model(_) => value.is_object() || value.is_null(),
        Type::Json => true,
    }
}

/// A word of letters, digits, `_`, `-` and `.`, starting with a letter: vocabulary, not a sentence or a number.
fn is_name_like(text: &str, max: usize) -> bool {
    text.len() <= max
        && text.chars().next().is_some_and(|first| first.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The schema type that holds every kind in `kinds` (what is absent aside), if one does.
pub fn schema_for(kinds: &BTreeSet<Kind>) -> Option<Value> {
    let present: BTreeSet<Kind> = kinds.iter().copied().filter(|kind| !kind.is_absent()).collect();
    let within = |allowed: &[Kind]| !present.is_empty() && present.iter().all(|kind| allowed.contains(kind));
    let schema = if within(&[Kind::Bool, Kind::StringBool]) {
        serde_json::json!({"type": "boolean"})
    } else if within(&[Kind::Integer, Kind::StringInteger]) {
        serde_json::json!({"type": "integer"})
    } else if within(&[Kind::Integer, Kind::Decimal, Kind::StringInteger, Kind::StringDecimal]) {
        serde_json::json!({"type": "number"})
    } else if within(&[Kind::Date]) {
        serde_json::json!({"type": "string", "format": "date"})
    } else if within(&[Kind::DateTime]) {
        serde_json::json!({"type": "string", "format": "date-time"})
    } else if within(&[
        Kind::StringBool,
        Kind::StringInteger,
        Kind::StringDecimal,
        Kind::Date,
        Kind::DateTime,
        Kind::Text,
    ]) {
        serde_json::json!({"type": "string"})
    } else if within(&[Kind::Object, Kind::EmptyObject]) {
        serde_json::json!({"type": "object"})
    } else if within(&[Kind::Array, Kind::EmptyArray]) {
        serde_json::json!({"type": "array", "items": {}})
    } else {
        return None;
    };
    Some(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_name_the_vendors_forms() {
        let kinds: Vec<Kind> = [
            json!(null),
            json!("true"),
            json!("30"),
            json!("125.12"),
            json!(""),
            json!("-0001-11-30"),
            json!("2026-03-04"),
            json!("2026-03-04 09:30:00"),
            json!("yes"),
            json!([]),
            json!(7.5),
        ]
        .iter()
        .map(Kind::of)
        .collect();
        assert_eq!(
            kinds,
            [
                Kind::Null,
                Kind::StringBool,
                Kind::StringInteger,
                Kind::StringDecimal,
                Kind::EmptyString,
                Kind::PhpZeroDate,
                Kind::Date,
                Kind::DateTime,
                Kind::Text,
                Kind::EmptyArray,
                Kind::Decimal
            ]
        );
    }

    #[test]
    fn the_clients_readers_judge_what_fits() {
        assert!(fits(&Type::Int, &json!("30")));
        assert!(!fits(&Type::Int, &json!("A-17")));
        assert!(fits(&Type::Date, &json!("-0001-11-30")));
        assert!(fits(&Type::Map(Box::new(Type::Json)), &json!([])));
        assert!(!fits(&Type::Bool, &json!("maybe")));
    }

    #[test]
    fn a_schema_holds_every_present_kind_or_none_is_proposed() {
        let set = |kinds: &[Kind]| kinds.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(schema_for(&set(&[Kind::Text, Kind::StringInteger, Kind::Null])), Some(json!({"type": "string"})));
        assert_eq!(schema_for(&set(&[Kind::Integer, Kind::StringDecimal])), Some(json!({"type": "number"})));
        assert_eq!(schema_for(&set(&[Kind::Integer, Kind::Object])), None);
        assert_eq!(schema_for(&set(&[Kind::Null])), None);
    }
}
