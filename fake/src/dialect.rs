//! How records meet the wire: request bodies read into records, and records written in the vendor's dialect
//! or, in strict mode, in exactly the repaired document's types.
//!
//! Every decision comes from the description: a field's type and its `WireForm` (the vendor's quoted numbers
//! and booleans), whether it is nullable, an enum's documented values, whether a model keeps custom fields.
//! Nothing here names a field.

use alfadocs_runtime::description::{ApiDescription, Model, Type, WireForm};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{NaiveDate, NaiveDateTime};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::store::Record;

/// The local date-time form the vendor writes.
pub const DATE_TIME: &str = "%Y-%m-%d %H:%M:%S";
/// The date form the vendor writes.
pub const DATE: &str = "%Y-%m-%d";

/// A date written `YYYY-MM-DD` with a four-digit year (chrono alone also takes the PHP zero date
/// `-0001-11-30`, which no date type of the document holds).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let digits = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    digits.then(|| NaiveDate::parse_from_str(text, DATE).ok()).flatten()
}

/// A local date-time written `YYYY-MM-DD HH:MM:SS`.
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    parse_date(text.get(..10)?)?;
    NaiveDateTime::parse_from_str(text, DATE_TIME).ok()
}

/// Which forms the fake answers in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// What real traffic shows: quoted numbers and booleans where the vendor quotes them, `null` for absent
    /// fields, `[]` for an empty map, placeholders and enum values outside the documented list as stored.
    #[default]
    Vendor,
    /// Exactly the repaired document's types: absent fields and values the types cannot hold (a PHP zero
    /// date, an undocumented enum value) are left out.
    Strict,
}

/// A stored value written as a value of its type, serialised straight from the store: nothing is copied
/// into an intermediate JSON value.
#[derive(Clone, Copy)]
pub struct Rendered<'a> {
    api: &'a ApiDescription,
    mode: Mode,
    ty: &'a Type,
    value: Stored<'a>,
}

/// Fields written over a record's own, by wire name: the records nested under it (a patient's
/// `phoneNumbers`), embedded without copying the record.
pub type Embedded = [(&'static str, Value)];

/// What is written: one stored value, or a whole record with what it embeds.
#[derive(Clone, Copy)]
enum Stored<'a> {
    Value(&'a Value),
    Record(&'a Record, &'a Embedded),
}

impl<'a> Stored<'a> {
    fn object(self) -> Option<&'a Record> {
        match self {
            Stored::Record(record, _) | Stored::Value(Value::Object(record)) => Some(record),
            Stored::Value(_) => None,
        }
    }
}

impl Serialize for Stored<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Stored::Value(value) => value.serialize(serializer),
            Stored::Record(record, _) => record.serialize(serializer),
        }
    }
}

/// `record` with `embedded` written into it, as one record.
pub fn merged(record: &Record, embedded: &Embedded) -> Record {
    let mut merged = record.clone();
    for (name, value) in embedded {
        merged.insert((*name).to_owned(), value.clone());
    }
    merged
}

impl<'a> Rendered<'a> {
    /// `value` written as a value of `ty`; `None` when strict mode cannot write it in that type.
    pub fn value(api: &'a ApiDescription, mode: Mode, ty: &'a Type, value: &'a Value) -> Option<Self> {
        Self::of(api, mode, ty, Stored::Value(value))
    }

    /// `record` written as a value of `ty` (its model); `None` when strict mode cannot write it in that type.
    pub fn record(api: &'a ApiDescription, mode: Mode, ty: &'a Type, record: &'a Record) -> Option<Self> {
        Self::embedding(api, mode, ty, record, &[])
    }

    /// `record` with the fields of `embedded` written over its own, as [`Rendered::record`] writes it.
    pub fn embedding(
        api: &'a ApiDescription,
        mode: Mode,
        ty: &'a Type,
        record: &'a Record,
        embedded: &'a Embedded,
    ) -> Option<Self> {
        Self::of(api, mode, ty, Stored::Record(record, embedded))
    }

    fn of(api: &'a ApiDescription, mode: Mode, ty: &'a Type, value: Stored<'a>) -> Option<Self> {
        writes(api, mode, ty, value).then_some(Self { api, mode, ty, value })
    }
}

/// Whether `value` is written as a value of `ty`: always in the vendor's dialect (which writes a value as
/// stored, whether or not its type holds it), in strict mode only when the type holds it.
fn writes(api: &ApiDescription, mode: Mode, ty: &Type, value: Stored) -> bool {
    if mode == Mode::Vendor {
        return true;
    }
    let value = match value {
        Stored::Record(..) => return matches!(ty, Type::Model(_) | Type::Map(_) | Type::Json),
        Stored::Value(value) => value,
    };
    match (ty, value) {
        (Type::Model(_) | Type::Map(_), Value::Object(_)) | (Type::List(_), Value::Array(_)) => true,
        (Type::Int, Value::Number(number)) => number.is_i64(),
        (Type::Number, Value::Number(_)) | (Type::Bool, Value::Bool(_)) | (Type::String, Value::String(_)) => true,
        (Type::Date, Value::String(text)) => parse_date(text).is_some(),
        (Type::DateTime, Value::String(text)) => parse_date_time(text).is_some(),
        (Type::Enum(name), Value::String(text)) => {
            api.enumeration(name).is_none_or(|item| item.values.contains(&text.as_str()))
        }
        (Type::Bytes, Value::String(text)) => STANDARD.decode(text).is_ok(),
        (Type::Json, _) => true,
        _ => false,
    }
}

impl Serialize for Rendered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (api, mode) = (self.api, self.mode);
        let model = match self.ty {
            Type::Model(name) => api.model(name),
            _ => None,
        };
        match (self.value, model) {
            (Stored::Record(record, embedded), Some(model)) => {
                return serialize_model(api, mode, model, record, embedded, serializer);
            }
            // Only a model's fields are looked up one by one; anything else is written from the merged record.
            (Stored::Record(record, embedded), None) if !embedded.is_empty() => {
                let merged = merged(record, embedded);
                return Rendered { value: Stored::Record(&merged, &[]), ..*self }.serialize(serializer);
            }
            _ => {}
        }
        match (self.ty, self.value.object(), self.value) {
            (Type::Model(_), Some(record), _) => match model {
                Some(model) => serialize_model(api, mode, model, record, &[], serializer),
                None => self.value.serialize(serializer),
            },
            (Type::List(item), _, Stored::Value(Value::Array(items))) => {
                serializer.collect_seq(items.iter().filter_map(|value| Rendered::value(api, mode, item, value)))
            }
            // The vendor writes an empty map as an empty list.
            (Type::Map(_), Some(map), _) if map.is_empty() && mode == Mode::Vendor => {
                serializer.serialize_seq(Some(0))?.end()
            }
            (Type::Map(inner), Some(map), _) => serializer.collect_map(
                map.iter().filter_map(|(key, value)| Some((key, Rendered::value(api, mode, inner, value)?))),
            ),
            _ => self.value.serialize(serializer),
        }
    }
}

/// Writes `record` as a value of `model`: its fields in the model's order (`null` for an absent one in the
/// vendor's dialect), then its custom fields.
fn serialize_model<S: Serializer>(
    api: &ApiDescription,
    mode: Mode,
    model: &Model,
    record: &Record,
    embedded: &Embedded,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let vendor = mode == Mode::Vendor;
    let mut out = serializer.serialize_map(None)?;
    for field in model.fields {
        let embeds = embedded.iter().find(|(name, _)| *name == field.wire_name).map(|(_, value)| value);
        match embeds.or_else(|| record.get(field.wire_name)) {
            Some(Value::Null) | None if vendor => out.serialize_entry(field.wire_name, &Value::Null)?,
            Some(Value::Null) if field.nullable => out.serialize_entry(field.wire_name, &Value::Null)?,
            Some(Value::Null) | None => {}
            Some(value @ (Value::Number(_) | Value::Bool(_))) if vendor && field.wire == WireForm::Quoted => {
                out.serialize_entry(field.wire_name, &Quoted(value))?;
            }
            Some(value) => {
                if let Some(rendered) = Rendered::value(api, mode, &field.ty, value) {
                    out.serialize_entry(field.wire_name, &rendered)?;
                }
            }
        }
    }
    if model.custom_fields {
        for (key, value) in record.iter().filter(|(key, _)| key.starts_with('_')) {
            out.serialize_entry(key, value)?;
        }
    }
    out.end()
}

/// A number or boolean written as the vendor quotes it: `"30"`, `"true"`.
struct Quoted<'a>(&'a Value);

impl Serialize for Quoted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Why a request body was refused: the field and what was wrong, for the vendor's `{"error": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// How much of a body's model must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// A new record: the model's required fields must be sent.
    Whole,
    /// A change: only the fields sent change.
    Partial,
}

/// Reads a request body of `model` into a record (the fields sent, in the document's types).
pub fn read_model(
    api: &ApiDescription,
    model: &Model,
    body: &Value,
    completeness: Completeness,
) -> Result<Record, Refusal> {
    let Value::Object(sent) = body else {
        return Err(Refusal(format!("the body must be a JSON object of {}", model.name)));
    };
    let mut record = Record::new();
    for field in model.fields {
        match sent.get(field.wire_name) {
            Some(Value::Null) => {
                record.insert(field.wire_name.to_owned(), Value::Null);
            }
            Some(value) => {
                let value = read(api, &field.ty, value)
                    .map_err(|expected| Refusal(format!("field `{}`: expected {expected}", field.wire_name)))?;
                record.insert(field.wire_name.to_owned(), value);
            }
            None if field.required && completeness == Completeness::Whole => {
                return Err(Refusal(format!("the required field `{}` is missing", field.wire_name)));
            }
            None => {}
        }
    }
    if model.custom_fields {
        for (key, value) in sent.iter().filter(|(key, _)| key.starts_with('_')) {
            record.insert(key.clone(), value.clone());
        }
    }
    Ok(record)
}

/// Reads one sent value of `ty` into the document's type, accepting the vendor's own forms too; the error is
/// what was expected.
fn read(api: &ApiDescription, ty: &Type, value: &Value) -> Result<Value, &'static str> {
    match (ty, value) {
        (Type::Int, Value::Number(number)) if number.is_i64() => Ok(value.clone()),
        (Type::Int, Value::String(text)) => text.trim().parse::<i64>().map(Value::from).map_err(|_| "a whole number"),
        (Type::Int, _) => Err("a whole number"),
        (Type::Number, Value::Number(_)) => Ok(value.clone()),
        (Type::Number, Value::String(text)) => {
            text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).ok_or("a number")
        }
        (Type::Number, _) => Err("a number"),
        (Type::Bool, Value::Bool(_)) => Ok(value.clone()),
        (Type::Bool, Value::String(text)) => match text.as_str() {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err("a boolean"),
        },
        (Type::Bool, Value::Number(number)) => match number.as_i64() {
            Some(1) => Ok(Value::Bool(true)),
            Some(0) => Ok(Value::Bool(false)),
            _ => Err("a boolean"),
        },
        (Type::Bool, _) => Err("a boolean"),
        (Type::String | Type::Enum(_), Value::String(_)) => Ok(value.clone()),
        (Type::String, _) => Err("a string"),
        (Type::Enum(_), _) => Err("one of the documented values, as a string"),
        (Type::Date, Value::String(text)) => parse_date(text).map(|_| value.clone()).ok_or("a date YYYY-MM-DD"),
        (Type::Date, _) => Err("a date YYYY-MM-DD"),
        (Type::DateTime, Value::String(text)) => parse_date_time(&text.replacen('T', " ", 1))
            .map(|at| Value::String(at.format(DATE_TIME).to_string()))
            .ok_or("a local date-time YYYY-MM-DD HH:MM:SS"),
        (Type::DateTime, _) => Err("a local date-time YYYY-MM-DD HH:MM:SS"),
        (Type::Bytes, Value::String(text)) => {
            STANDARD.decode(text).map(|_| value.clone()).map_err(|_| "base64-encoded bytes")
        }
        (Type::Bytes, _) => Err("base64-encoded bytes"),
        (Type::Json, _) => Ok(value.clone()),
        (Type::List(item), Value::Array(items)) => {
            items.iter().map(|item_value| read(api, item, item_value)).collect::<Result<_, _>>().map(Value::Array)
        }
        (Type::List(_), _) => Err("a list"),
        (Type::Map(_), Value::Array(items)) if items.is_empty() => Ok(Value::Object(Map::new())),
        (Type::Map(inner), Value::Object(map)) => map
            .iter()
            .map(|(key, item)| Ok((key.clone(), read(api, inner, item)?)))
            .collect::<Result<_, _>>()
            .map(Value::Object),
        (Type::Map(_), _) => Err("an object"),
        (Type::Model(name), Value::Object(_)) => match api.model(name) {
            Some(model) => read_model(api, model, value, Completeness::Whole)
                .map(Value::Object)
                .map_err(|_| "an object of the documented fields"),
            None => Ok(value.clone()),
        },
        (Type::Model(_), _) => Err("an object"),
    }
}

#[cfg(test)]
mod tests {
    use alfadocs::description::API;
    use serde_json::json;

    use super::*;

    fn model(name: &str) -> &'static Model {
        API.model(name).unwrap()
    }

    /// `record` as the model `name`, as it is written.
    fn render_model(api: &ApiDescription, mode: Mode, model: &Model, record: &Record) -> Value {
        let ty = Type::Model(model.name);
        serde_json::to_value(Rendered::record(api, mode, &ty, record).unwrap()).unwrap()
    }

    #[test]
    fn the_vendor_dialect_quotes_what_the_description_says_and_strict_mode_does_not() {
        let record = json!({"id": 5, "duration": 30, "price": 125.12, "deleted": false}).as_object().unwrap().clone();
        let reason = model("AppointmentBookingReason");
        let vendor = render_model(&API, Mode::Vendor, reason, &record);
        assert_eq!(vendor["duration"], json!("30"));
        assert_eq!(vendor["price"], json!("125.12"));
        assert_eq!(vendor["deleted"], json!(false));
        assert_eq!(vendor["description"], Value::Null);
        let strict = render_model(&API, Mode::Strict, reason, &record);
        assert_eq!(strict, json!({"id": 5, "duration": 30, "deleted": false, "price": 125.12}));
    }

    #[test]
    fn strict_mode_leaves_out_what_the_types_cannot_hold() {
        let record =
            json!({"id": 1, "dateBirth": "-0001-11-30", "gender": "x", "_color": "red"}).as_object().unwrap().clone();
        let strict = render_model(&API, Mode::Strict, model("Patient"), &record);
        assert_eq!(strict, json!({"id": 1, "_color": "red"}));
        let vendor = render_model(&API, Mode::Vendor, model("Patient"), &record);
        assert_eq!((&vendor["dateBirth"], &vendor["gender"]), (&json!("-0001-11-30"), &json!("x")));
    }

    #[test]
    fn an_empty_map_is_a_list_in_the_vendors_dialect() {
        let record = json!({"id": 1, "schemeCodes": {}}).as_object().unwrap().clone();
        assert_eq!(render_model(&API, Mode::Vendor, model("CarePlan"), &record)["schemeCodes"], json!([]));
        assert_eq!(render_model(&API, Mode::Strict, model("CarePlan"), &record)["schemeCodes"], json!({}));
    }

    #[test]
    fn bodies_are_read_in_the_documents_types_and_refusals_name_the_field() {
        let body = json!({"firstName": "Anna", "lastName": "Rossi", "emailReminderPossible": "true", "_vip": "1"});
        let record = read_model(&API, model("CreatePatientBody"), &body, Completeness::Whole).unwrap();
        assert_eq!(record.get("emailReminderPossible"), Some(&json!(true)));
        assert_eq!(record.get("_vip"), Some(&json!("1")));
        let missing = read_model(&API, model("CreatePatientBody"), &json!({"firstName": "Anna"}), Completeness::Whole);
        assert_eq!(missing, Err(Refusal("the required field `lastName` is missing".into())));
        let partial = read_model(&API, model("UpdatePatientBody"), &json!({"city": "Roma"}), Completeness::Partial);
        assert_eq!(partial.map(|record| record.len()), Ok(1));
        let wrong = read_model(
            &API,
            model("CreatePatientBody"),
            &json!({"firstName": 3, "lastName": "R"}),
            Completeness::Whole,
        );
        assert_eq!(wrong, Err(Refusal("field `firstName`: expected a string".into())));
    }
}
