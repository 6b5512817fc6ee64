//! Values of a described type: read from command-line text, checked when given as JSON, and written as query
//! text, in the forms the vendor documents (dates `YYYY-MM-DD`, date-times `YYYY-MM-DD HH:MM:SS`, booleans
//! `true`/`false`, bytes as base64).

use std::fmt;

use chrono::NaiveDate;
use serde_json::Value;

use crate::description::{ApiDescription, Direction, Type};
use crate::wire::dates::{parse_date, parse_date_time};

/// A value that does not fit its type, and where it is: a JSON pointer into the value checked (`/gender`,
/// `/phoneNumbers/0/prefix`), empty for the whole value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where the value is.
    pub pointer: String,
    /// What was expected and what came.
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for Mismatch {}

/// Exactly `YYYY-MM-DD` with four digits of year, a day the calendar has.
pub fn strict_date(text: &str) -> Option<NaiveDate> {
    if text.len() == 10 { parse_date(text) } else { None }
}

/// Reads `text` as a value of `ty`, in its wire form: a number, a boolean, a string holding a date
/// (`YYYY-MM-DD`) or a date-time (written `YYYY-MM-DD HH:MM:SS`; `YYYY-MM-DDTHH:MM[:SS]` and a bare date are
/// also read), an enum's documented value, or, for lists, maps, models and any JSON, JSON text checked against
/// the type. Bytes are not read from text: the caller reads a file and gives its base64 ([`crate::wire::base64`]).
///
/// # Errors
/// What was expected, as a sentence to show the user.
pub fn read_text(api: &ApiDescription, ty: &Type, text: &str) -> Result<Value, String> {
    match ty {
        Type::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("expected true or false, not `{text}`")),
        },
        Type::Int => {
            text.trim().parse::<i64>().map(Value::from).map_err(|_| format!("expected a whole number, not `{text}`"))
        }
        Type::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("expected a number, not `{text}`")),
        Type::String => Ok(Value::String(text.to_owned())),
        Type::Date => strict_date(text)
            .map(|date| Value::String(date.format("%Y-%m-%d").to_string()))
            .ok_or_else(|| format!("expected a date YYYY-MM-DD, not `{text}`")),
        Type::DateTime => parse_date_time(text)
            .filter(|_| text.len() >= 10)
            .map(|date_time| Value::String(date_time.format("%Y-%m-%d %H:%M:%S").to_string()))
            .ok_or_else(|| format!("expected a date and time YYYY-MM-DD HH:MM:SS, not `{text}`")),
        Type::Enum(name) => {
            let values = api.enumeration(name).map_or(&[][..], |enumeration| enumeration.values);
            if values.is_empty() || values.contains(&text) {
                Ok(Value::String(text.to_owned()))
            } else {
                Err(format!("expected one of {}, not `{text}`", values.join(", ")))
            }
        }
        Type::Bytes => Err("expected a file".to_owned()),
        Type::Json | Type::List(_) | Type::Map(_) | Type::Model(_) => {
            let value: Value = serde_json::from_str(text).map_err(|error| format!("expected JSON: {error}"))?;
            check(api, ty, &value).map_err(|mismatch| mismatch.to_string())?;
            Ok(value)
        }
    }
}

/// Checks that `value` is a `ty` as the vendor documents it for a request: the JSON type of each value, dates
/// and date-times in their wire forms, enum values among the documented ones, base64 that decodes, and for a
/// model, no field it does not have (but the archive's `_…` custom fields where it takes them), no `null` where
/// it is not allowed, and every required field of a request model.
///
/// # Errors
/// The first [`Mismatch`], located by a JSON pointer.
pub fn check(api: &ApiDescription, ty: &Type, value: &Value) -> Result<(), Mismatch> {
    let mut pointer = String::new();
    check_at(api, ty, value, &mut pointer)
}

fn check_at(api: &ApiDescription, ty: &Type, value: &Value, pointer: &mut String) -> Result<(), Mismatch> {
    let mismatch = |pointer: &str, expected: &str| {
        Err(Mismatch { pointer: pointer.to_owned(), message: format!("expected {expected}, found {}", shown(value)) })
    };
    match ty {
        Type::Json => Ok(()),
        Type::Bool if value.is_boolean() => Ok(()),
        Type::Bool => mismatch(pointer, "true or false"),
        Type::Int if value.is_i64() || value.is_u64() => Ok(()),
        Type::Int => mismatch(pointer, "a whole number"),
        Type::Number if value.is_number() => Ok(()),
        Type::Number => mismatch(pointer, "a number"),
        Type::String if value.is_string() => Ok(()),
        Type::String => mismatch(pointer, "a string"),
        Type::Date => match value.as_str() {
            Some(text) if strict_date(text).is_some() => Ok(()),
            _ => mismatch(pointer, "a date \"YYYY-MM-DD\""),
        },
        Type::DateTime => match value.as_str().map(|text| (text, parse_date_time(text))) {
            Some((text, Some(date_time))) if date_time.format("%Y-%m-%d %H:%M:%S").to_string() == text => Ok(()),
            _ => mismatch(pointer, "a date and time \"YYYY-MM-DD HH:MM:SS\""),
        },
        Type::Bytes => match value.as_str().map(crate::wire::base64::decode) {
            Some(Ok(_)) => Ok(()),
            _ => mismatch(pointer, "base64 text"),
        },
        Type::Enum(name) => {
            let values = api.enumeration(name).map_or(&[][..], |enumeration| enumeration.values);
            match value.as_str() {
                Some(text) if values.is_empty() || values.contains(&text) => Ok(()),
                _ => mismatch(pointer, &format!("one of {}", values.join(", "))),
            }
        }
        Type::List(item) => {
            let Some(items) = value.as_array() else { return mismatch(pointer, "a list") };
            for (index, element) in items.iter().enumerate() {
                within(pointer, &index.to_string(), |pointer| check_at(api, item, element, pointer))?;
            }
            Ok(())
        }
        Type::Map(item) => match value {
            Value::Array(items) if items.is_empty() => Ok(()),
            Value::Object(entries) => {
                for (key, element) in entries {
                    within(pointer, key, |pointer| check_at(api, item, element, pointer))?;
                }
                Ok(())
            }
            _ => mismatch(pointer, "an object"),
        },
        Type::Model(name) => {
            let Some(model) = api.model(name) else { return Ok(()) };
            let Some(entries) = value.as_object() else { return mismatch(pointer, &format!("an object ({name})")) };
            for (key, element) in entries {
                match model.field(key) {
                    Some(field) if element.is_null() && !field.nullable => {
                        return within(pointer, key, |pointer| {
                            Err(Mismatch { pointer: pointer.clone(), message: "may not be null".to_owned() })
                        });
                    }
                    Some(_) if element.is_null() => {}
                    Some(field) => within(pointer, key, |pointer| check_at(api, &field.ty, element, pointer))?,
                    None if model.custom_fields && key.starts_with('_') => {}
                    None => {
                        let known: Vec<&str> = model.fields.iter().map(|field| field.wire_name).collect();
                        return Err(Mismatch {
                            pointer: pointer.clone(),
                            message: format!("unknown field `{key}` (the fields of {name}: {})", known.join(", ")),
                        });
                    }
                }
            }
            if model.direction == Direction::Request {
                if let Some(missing) =
                    model.fields.iter().find(|field| field.required && !entries.contains_key(field.wire_name))
                {
                    return Err(Mismatch {
                        pointer: pointer.clone(),
                        message: format!("the required field `{}` is missing", missing.wire_name),
                    });
                }
            }
            Ok(())
        }
    }
}

/// Runs `check` with `pointer` extended by one token (escaped as RFC 6901 says), then restores it.
fn within<T>(pointer: &mut String, token: &str, check: impl FnOnce(&mut String) -> T) -> T {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    let result = check(pointer);
    pointer.truncate(length);
    result
}

/// A value for an error message: short scalars as JSON, anything else by its kind.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::String(text) if text.chars().count() > 40 => "a long string".to_owned(),
        scalar => scalar.to_string(),
    }
}

/// The query text of a value read by [`read_text`]: strings as they are, numbers and booleans as JSON writes
/// them, lists comma-joined, anything else as compact JSON.
pub fn query_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(query_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description::{Enum, Field, Model, WireForm};
    use serde_json::json;

    const fn field(wire_name: &'static str, ty: Type, required: bool, nullable: bool) -> Field {
        Field {
            wire_name,
            rust_name: wire_name,
            ty,
            required,
            nullable,
            wire: WireForm::Plain,
            description: None,
            sent_as: None,
        }
    }

    static API: ApiDescription = ApiDescription {
        title: "t",
        version: "1",
        base_url: "http://127.0.0.1",
        groups: &[],
        models: &[
            Model {
                name: "Body",
                description: None,
                fields: &[
                    field("firstName", Type::String, true, false),
                    field("dateOfBirth", Type::Date, false, false),
                    field("gender", Type::Enum("Gender"), false, true),
                    field("phones", Type::List(&Type::Model("Phone")), false, false),
                ],
                custom_fields: true,
                direction: Direction::Request,
            },
            Model {
                name: "Phone",
                description: None,
                fields: &[field("prefix", Type::String, false, false)],
                custom_fields: false,
                direction: Direction::Request,
            },
        ],
        enums: &[Enum { name: "Gender", description: None, values: &["m", "f"] }],
        context: None,
    };

    #[test]
    fn text_reads_in_the_wire_forms() {
        assert_eq!(read_text(&API, &Type::Int, "42"), Ok(json!(42)));
        assert!(read_text(&API, &Type::Int, "4.2").unwrap_err().contains("whole number"));
        assert_eq!(read_text(&API, &Type::Number, "7.5"), Ok(json!(7.5)));
        assert!(read_text(&API, &Type::Number, "NaN").is_err());
        assert_eq!(read_text(&API, &Type::Bool, "true"), Ok(json!(true)));
        assert!(read_text(&API, &Type::Bool, "yes").is_err());
        assert_eq!(read_text(&API, &Type::Date, "2024-02-29"), Ok(json!("2024-02-29")));
        for bad in ["2023-02-29", "24-01-01", "2024-1-1", "-999-01-01", "2024-01-01 10:00:00"] {
            assert!(read_text(&API, &Type::Date, bad).is_err(), "{bad}");
        }
        assert_eq!(read_text(&API, &Type::DateTime, "2024-03-09T10:30"), Ok(json!("2024-03-09 10:30:00")));
        assert_eq!(read_text(&API, &Type::DateTime, "2024-03-09 10:30:47"), Ok(json!("2024-03-09 10:30:47")));
        assert!(read_text(&API, &Type::DateTime, "10:30").is_err());
        assert_eq!(read_text(&API, &Type::Enum("Gender"), "f"), Ok(json!("f")));
        assert!(read_text(&API, &Type::Enum("Gender"), "x").unwrap_err().contains("m, f"));
        assert_eq!(read_text(&API, &Type::List(&Type::Int), "[1,2]"), Ok(json!([1, 2])));
        assert!(read_text(&API, &Type::List(&Type::Int), "[1,\"a\"]").unwrap_err().contains("`/1`"));
    }

    #[test]
    fn bodies_are_checked_field_by_field_with_a_pointer() {
        let body = Type::Model("Body");
        assert_eq!(check(&API, &body, &json!({"firstName": "Anna", "_codice": 1, "gender": null})), Ok(()));
        let error = |value: Value| check(&API, &body, &value).unwrap_err().to_string();
        assert_eq!(
            error(json!({"firstName": "A", "dateOfBirth": "1990/01/01"})),
            "`/dateOfBirth`: expected a date \"YYYY-MM-DD\", found \"1990/01/01\""
        );
        assert!(error(json!({"firstName": "A", "gender": "x"})).starts_with("`/gender`: expected one of m, f"));
        assert!(error(json!({"firstName": "A", "nickname": "x"})).contains("unknown field `nickname`"));
        assert!(error(json!({"lastName": "A"})).contains("unknown field `lastName`"));
        assert_eq!(error(json!({"dateOfBirth": "1990-01-01"})), "the required field `firstName` is missing");
        assert_eq!(error(json!({"firstName": null})), "`/firstName`: may not be null");
        assert_eq!(
            error(json!({"firstName": "A", "phones": [{"prefix": 39}]})),
            "`/phones/0/prefix`: expected a string, found 39"
        );
        assert_eq!(error(json!([])), "expected an object (Body), found a list");
    }

    #[test]
    fn query_text_joins_lists() {
        assert_eq!(query_text(&json!([1, 2, 3])), "1,2,3");
        assert_eq!(query_text(&json!("2024-01-01")), "2024-01-01");
        assert_eq!(query_text(&json!(true)), "true");
    }
}
