//! Reading a received model that has custom fields, one key at a time.
//!
//! `#[serde(flatten)]` would do it, but serde then buffers every field of the object before reading any, which
//! made decoding a page of patients about a fifth slower. A generated model instead implements [`ReadFields`]:
//! a `match` on the key that reads each known field with its reader and hands the rest to [`custom`], which
//! keeps the `_` keys and skips the others, as `#[serde(flatten)] CustomFields` would.
//!
//! ```
//! use alfadocs_runtime::wire::CustomFields;
//! use alfadocs_runtime::wire::object::{self, ReadFields};
//! use serde::de::{Deserialize, Deserializer, MapAccess};
//!
//! #[derive(Default)]
//! struct Patient {
//!     id: Option<i64>,
//!     custom_fields: CustomFields,
//! }
//!
//! impl<'de> Deserialize<'de> for Patient {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         object::deserialize(deserializer)
//!     }
//! }
//!
//! impl ReadFields for Patient {
//!     const EXPECTING: &'static str = "a Patient object";
//!
//!     fn read_field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
//!         match name {
//!             "id" => self.id = object::lenient(map)?,
//!             _ => object::custom(&mut self.custom_fields, name, map)?,
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let patient: Patient = serde_json::from_str(r#"{"id":"7","_allergie":"lattice","unknown":1}"#)?;
//! assert_eq!(patient.id, Some(7));
//! assert_eq!(patient.custom_fields.get("allergie"), Some(&serde_json::json!("lattice")));
//! assert_eq!(patient.custom_fields.len(), 1);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::base64::{self, Base64Field};
use super::custom_fields::CustomFields;
use super::key::Key;
use super::lenient::{self, Lenient};

/// A model read key by key: it starts as its `Default` (every field absent) and takes each field as it comes.
pub trait ReadFields: Default {
    /// What an error says was expected, such as `"a Patient object"`.
    const EXPECTING: &'static str;

    /// Reads the value of the field `name` (the next value of `map`) into `self`.
    ///
    /// # Errors
    /// When the value is not readable as the field's type.
    fn read_field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Reads a JSON object as `T`, one key at a time; a later duplicate key replaces an earlier one.
///
/// # Errors
/// When the input is not an object, or a field's value is not readable as its type.
pub fn deserialize<'de, T: ReadFields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// The next value of `map`, read as a [`Lenient`] field (`#[serde(with = "wire::lenient")]`).
///
/// # Errors
/// When the value is not readable as `T`.
pub fn lenient<'de, T: Lenient, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value_seed(LenientSeed(PhantomData))
}

/// The next value of `map`, read as a base64 field (`#[serde(with = "wire::base64")]`).
///
/// # Errors
/// When the value is not base64 text.
pub fn base64<'de, T: Base64Field, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value_seed(Base64Seed(PhantomData))
}

/// The next value of `map` under a key the model does not name: kept in `fields` if `name` is a custom field
/// (it starts with `_`), skipped otherwise.
///
/// # Errors
/// When the value is not JSON.
pub fn custom<'de, A: MapAccess<'de>>(fields: &mut CustomFields, name: &str, map: &mut A) -> Result<(), A::Error> {
    fields.read_entry(name, map)
}

/// The next value of `map` under a key a model without custom fields does not name: skipped, as serde's
/// derived readers skip unknown keys.
///
/// # Errors
/// When the value is not JSON.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: ReadFields> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Key(name)) = map.next_key()? {
            value.read_field(&name, &mut map)?;
        }
        Ok(value)
    }
}

struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        lenient::deserialize(deserializer)
    }
}

struct Base64Seed<T>(PhantomData<T>);

impl<'de, T: Base64Field> DeserializeSeed<'de> for Base64Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        base64::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use serde::de::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Record {
        id: Option<i64>,
        signed: Option<bool>,
        file: Option<Vec<u8>>,
        tags: Option<Vec<String>>,
        custom_fields: CustomFields,
    }

    impl<'de> Deserialize<'de> for Record {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl ReadFields for Record {
        const EXPECTING: &'static str = "a Record object";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
            match name {
                "id" => self.id = lenient(map)?,
                "signed" => self.signed = lenient(map)?,
                "file" => self.file = base64(map)?,
                "tags" => self.tags = map.next_value()?,
                _ => custom(&mut self.custom_fields, name, map)?,
            }
            Ok(())
        }
    }

    #[test]
    fn known_fields_by_their_readers_custom_fields_kept_the_rest_skipped() {
        let record: Record = serde_json::from_value(json!({
            "id": "7", "signed": "0", "file": "aGk=", "tags": ["a"], "_allergie": ["lattice"],
            "_x\u{e8}": {"n": 1}, "unknown": {"deep": [1, 2]}
        }))
        .unwrap();
        let mut custom_fields = CustomFields::new();
        custom_fields.insert("_allergie", json!(["lattice"]));
        custom_fields.insert("_x\u{e8}", json!({"n": 1}));
        let expected = Record {
            id: Some(7),
            signed: Some(false),
            file: Some(b"hi".to_vec()),
            tags: Some(vec!["a".into()]),
            custom_fields,
        };
        assert_eq!(record, expected);
    }

    #[test]
    fn escaped_keys_and_missing_fields() {
        let record: Record = serde_json::from_str(r#"{"\u0069d": 3, "_n\u00e9": true}"#).unwrap();
        assert_eq!(record.id, Some(3));
        assert_eq!(record.custom_fields.get("_n\u{e9}"), Some(&json!(true)));
        assert_eq!(serde_json::from_str::<Record>("{}").unwrap(), Record::default());
    }

    #[test]
    fn errors_name_what_was_expected() {
        let not_object = serde_json::from_str::<Record>("[1]").unwrap_err().to_string();
        assert!(not_object.contains("a Record object"), "{not_object}");
        let bad_id = serde_json::from_str::<Record>(r#"{"id": "seven"}"#).unwrap_err().to_string();
        assert!(bad_id.contains("seven"), "{bad_id}");
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"tags": [1]}"#);
        let error = serde_path_to_error::deserialize::<_, Record>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "tags[0]");
    }
}
