//! The vendor's custom fields: properties whose names start with `_` (e.g. `_technicalName`), defined per
//! practice, kept losslessly on read and sent back unchanged on write.
//!
//! A practice defines a handful of them and every record carries the same ones, so the fields are a short
//! sorted list rather than a map, and their names are shared between records (`shared_name`): a page of
//! 10,000 records then allocates one small list per record, not a map node and a name per field. A record with
//! more fields than `FEW` moves them into a map, so that hostile input costs no more than a map would.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, btree_map};
use std::fmt;
use std::mem;
use std::slice;
use std::sync::Arc;

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
#[derive(Clone, Default)]
pub struct CustomFields(Fields);

/// The fields, in name order either way.
#[derive(Clone)]
enum Fields {
    /// Up to [`FEW`] fields, sorted by name: one allocation, found by binary search.
    Few(Vec<(Arc<str>, Value)>),
    /// More: inserting into the sorted list would cost a move of all the fields after it each time.
    Many(BTreeMap<Arc<str>, Value>),
}

impl Default for Fields {
    fn default() -> Self {
        Self::Few(Vec::new())
    }
}

/// The most fields kept in the sorted list, well above what a practice defines.
const FEW: usize = 32;

/// The most names one thread keeps for sharing, and the longest name kept: a body with more (or longer) names
/// than a practice defines still reads, its extra names allocated per record, so hostile input cannot grow the
/// cache.
const SHARED_NAMES: usize = 64;
const SHARED_NAME_LEN: usize = 64;

thread_local! {
    static NAMES: RefCell<Vec<Arc<str>>> = const { RefCell::new(Vec::new()) };
}

/// `name` as an `Arc<str>`, the same allocation for the same name on this thread while the cache has room.
fn shared_name(name: &str) -> Arc<str> {
    NAMES.with_borrow_mut(|names| {
        if let Some(known) = names.iter().find(|known| known.as_ref() == name) {
            return Arc::clone(known);
        }
        let fresh: Arc<str> = Arc::from(name);
        if names.len() < SHARED_NAMES && name.len() <= SHARED_NAME_LEN {
            names.push(Arc::clone(&fresh));
        }
        fresh
    })
}

/// The stored name of a custom field: `name` with one leading `_`.
fn stored_name(name: &str) -> Cow<'_, str> {
    if name.starts_with('_') { Cow::Borrowed(name) } else { Cow::Owned(format!("_{name}")) }
}

/// Where the field stored as `name` is in a sorted list, or where it would go.
fn position(few: &[(Arc<str>, Value)], name: &str) -> Result<usize, usize> {
    few.binary_search_by(|(known, _)| known.as_ref().cmp(name))
}

impl CustomFields {
    /// No custom fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the field stored as `name`, returning its previous value.
    fn set(&mut self, name: &str, value: Value) -> Option<Value> {
        match &mut self.0 {
            // Records mostly repeat their fields in one order, often sorted: append without a search.
            Fields::Few(few) if few.len() < FEW && few.last().is_none_or(|(last, _)| last.as_ref() < name) => {
                few.push((shared_name(name), value));
                None
            }
            Fields::Few(few) => match position(few, name) {
                Ok(at) => Some(mem::replace(&mut few[at].1, value)),
                Err(at) if few.len() < FEW => {
                    few.insert(at, (shared_name(name), value));
                    None
                }
                Err(_) => {
                    let mut many: BTreeMap<_, _> = mem::take(few).into_iter().collect();
                    many.insert(shared_name(name), value);
                    self.0 = Fields::Many(many);
                    None
                }
            },
            Fields::Many(many) => match many.get_mut(name) {
                Some(known) => Some(mem::replace(known, value)),
                None => many.insert(shared_name(name), value),
            },
        }
    }

    /// The value of a custom field, by name with or without the leading `_`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let name = stored_name(name);
        match &self.0 {
            Fields::Few(few) => position(few, &name).ok().map(|at| &few[at].1),
            Fields::Many(many) => many.get(name.as_ref()),
        }
    }

    /// Sets a custom field (name with or without the leading `_`), returning its previous value.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl Into<Value>) -> Option<Value> {
        self.set(&stored_name(name.as_ref()), value.into())
    }

    /// Removes a custom field (name with or without the leading `_`), returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let name = stored_name(name);
        match &mut self.0 {
            Fields::Few(few) => position(few, &name).ok().map(|at| few.remove(at).1),
            Fields::Many(many) => many.remove(name.as_ref()),
        }
    }

    /// The fields in name order, names with their leading `_`.
    pub fn iter(&self) -> CustomFieldsIter<'_> {
        CustomFieldsIter(match &self.0 {
            Fields::Few(few) => Walk::Few(few.iter()),
            Fields::Many(many) => Walk::Many(many.iter()),
        })
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        match &self.0 {
            Fields::Few(few) => few.len(),
            Fields::Many(many) => many.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads the next value of `map`, under the key `name`: kept if `name` is a custom field (it starts with
    /// `_`), skipped otherwise.
    pub(super) fn read_entry<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        if name.starts_with('_') {
            self.set(name, map.next_value::<Value>()?);
        } else {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Equal when they hold the same fields, however they are stored.
impl PartialEq for CustomFields {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The fields of a [`CustomFields`] in name order: `(name, value)`, names with their leading `_`.
#[derive(Debug, Clone)]
pub struct CustomFieldsIter<'a>(Walk<'a>);

#[derive(Debug, Clone)]
enum Walk<'a> {
    Few(slice::Iter<'a, (Arc<str>, Value)>),
    Many(btree_map::Iter<'a, Arc<str>, Value>),
}

impl<'a> Iterator for CustomFieldsIter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Walk::Few(few) => few.next().map(|(name, value)| (name.as_ref(), value)),
            Walk::Many(many) => many.next().map(|(name, value)| (name.as_ref(), value)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Walk::Few(few) => few.size_hint(),
            Walk::Many(many) => many.size_hint(),
        }
    }
}

impl ExactSizeIterator for CustomFieldsIter<'_> {}

impl DoubleEndedIterator for CustomFieldsIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Walk::Few(few) => few.next_back().map(|(name, value)| (name.as_ref(), value)),
            Walk::Many(many) => many.next_back().map(|(name, value)| (name.as_ref(), value)),
        }
    }
}

impl<'a> IntoIterator for &'a CustomFields {
    type Item = (&'a str, &'a Value);
    type IntoIter = CustomFieldsIter<'a>;

    fn into_iter(self) -> CustomFieldsIter<'a> {
        self.iter()
    }
}

/// Written as the map it stands for: `{"_name": value, …}`.
impl fmt::Debug for CustomFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
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
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// `count` fields `_f000`, `_f001`, … inserted in reverse order.
    fn reversed(count: usize) -> CustomFields {
        let mut fields = CustomFields::new();
        for n in (0..count).rev() {
            fields.insert(format!("f{n:03}"), n);
        }
        fields
    }

    #[test]
    fn a_record_with_many_fields_keeps_them_sorted_in_a_map() {
        for count in [FEW - 1, FEW, FEW + 1, 3 * FEW] {
            let mut fields = reversed(count);
            assert_eq!(matches!(fields.0, Fields::Many(_)), count > FEW, "{count} fields");
            let names: Vec<String> = fields.iter().map(|(name, _)| name.to_owned()).collect();
            let expected: Vec<String> = (0..count).map(|n| format!("_f{n:03}")).collect();
            assert_eq!(names, expected);
            assert_eq!(fields.iter().rev().count(), count);
            assert_eq!(fields.insert("f000", "again"), Some(json!(0)));
            assert_eq!(fields.get("_f000"), Some(&json!("again")));
            assert_eq!(fields.remove("f001"), Some(json!(1)));
            assert_eq!(fields.len(), count - 1);
        }
    }

    #[test]
    fn equal_whether_stored_as_a_list_or_a_map() {
        let mut shrunk = reversed(FEW + 1);
        shrunk.remove("f000");
        let listed: CustomFields = (1..=FEW).map(|n| (format!("f{n:03}"), n)).collect();
        assert!(matches!(shrunk.0, Fields::Many(_)));
        assert!(matches!(listed.0, Fields::Few(_)));
        assert_eq!(shrunk, listed);
        listed.iter().for_each(|(name, _)| assert!(shrunk.get(name).is_some()));
        assert_eq!(format!("{listed:?}"), format!("{shrunk:?}"));
    }

    #[test]
    fn names_are_shared_between_records_and_the_cache_is_bounded() {
        let first: CustomFields = serde_json::from_value(json!({"_allergie": "lattice"})).unwrap();
        let second: CustomFields = serde_json::from_value(json!({"_allergie": null})).unwrap();
        let name = |fields: &CustomFields| match &fields.0 {
            Fields::Few(few) => Arc::clone(&few[0].0),
            Fields::Many(_) => unreachable!("one field"),
        };
        assert!(Arc::ptr_eq(&name(&first), &name(&second)));

        for n in 0..4 * SHARED_NAMES {
            shared_name(&format!("_hostile{n}"));
        }
        shared_name(&"_".repeat(SHARED_NAME_LEN + 1));
        NAMES.with_borrow(|names| {
            assert_eq!(names.len(), SHARED_NAMES);
            assert!(names.iter().all(|name| name.len() <= SHARED_NAME_LEN));
        });
        let long = "_".repeat(SHARED_NAME_LEN + 1);
        assert!(!Arc::ptr_eq(&shared_name(&long), &shared_name(&long)), "not kept");
    }
}
