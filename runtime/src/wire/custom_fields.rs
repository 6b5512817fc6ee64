//! The vendor's custom fields: properties whose names start with `_` (e.g. `_technicalName`), defined per
//! practice, kept losslessly on read and sent back unchanged on write.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::key::Key;

/// A model's custom fields: `pub custom_fields: CustomFields`, written with `#[serde(flatten)]` and read by the
/// model's [`ReadFields`](super::object::ReadFields) (or `#[serde(flatten)]`).
///
/// On read it keeps every property whose name starts with `_`, with its JSON value as sent, and ignores other
/// unknown properties. On write it emits them back, unchanged.
///
/// Names are always stored with their leading underscore. The accessors take a name with or without it:
/// `get("technicalName")` and `get("_technicalName")` find the same field, and `insert("technicalName", v)`
/// stores `_technicalName`, so that a custom field is always sent as one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomFields(BTreeMap<String, Value>);

/// The stored name of a custom field: `name` with one leading `_`.
fn stored_name(name: &str) -> Cow<'_, str> {
    if name.starts_with('_') { Cow::Borrowed(name) } else { Cow::Owned(format!("_{name}")) }
}

impl CustomFields {
    /// No custom fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of a custom field, by name with or without the leading `_`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(stored_name(name).as_ref())
    }

    /// Sets a custom field (name with or without the leading `_`), returning its previous value.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(stored_name(name.as_ref()).into_owned(), value.into())
    }

    /// Removes a custom field (name with or without the leading `_`), returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(stored_name(name).as_ref())
    }

    /// The fields in name order, names with their leading `_`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads the next value of `map`, under the key `name`: kept if `name` is a custom field (it starts with
    /// `_`), skipped otherwise.
    pub(super) fn read_entry<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        if name.starts_with('_') {
            self.0.insert(name.to_owned(), map.next_value::<Value>()?);
        } else {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

impl<'a> IntoIterator for &'a CustomFields {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<N: AsRef<str>, V: Into<Value>> FromIterator<(N, V)> for CustomFields {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut fields = Self::new();
        for (name, value) in iter {
            fields.insert(name, value);
        }
        fields
    }
}

impl<'de> Deserialize<'de> for CustomFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = CustomFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomFields, A::Error> {
        let mut fields = CustomFields::new();
        while let Some(Key(name)) = map.next_key()? {
            fields.read_entry(&name, &mut map)?;
        }
        Ok(fields)
    }
}

impl Serialize for CustomFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
