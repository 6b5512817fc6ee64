//! One record's cells under a header's columns, for CSV and table output: read from a `Value`, or straight from
//! the record's JSON text ([`Raw`]) without building its tree of values.
//!
//! An export reads every record once and writes a few of its fields, so building each record's map (a hash
//! table, a `String` per key and per value) only to look the columns up and drop it was most of the command
//! line's work. From the text, a column's string is borrowed from the page's bytes unless it has escapes, a
//! field that is not a column is skipped, and only a non-text column (a number, a list) becomes a `Value`. The
//! cells are those of the `Value` path, and so is the output: text as it is, nothing for `null` or a missing
//! field, anything else as compact JSON; the last of two fields of one name wins.

use std::borrow::Cow;
use std::fmt;
use std::io;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de};
use serde_json::Value;
use serde_json::value::RawValue;

/// One listed record as its JSON text, cut from the page without being read.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct Raw(Box<RawValue>);

impl Raw {
    /// The record's JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// The record as a `Value`, for what needs all of it (the first record's keys).
    ///
    /// # Errors
    /// None in practice: the text was read as JSON once already.
    pub fn value(&self) -> serde_json::Result<Value> {
        serde_json::from_str(self.text())
    }
}

/// A record as the writer takes it: a `Value`, or its JSON text.
pub trait Record {
    /// The whole record (for JSON output and the first record's fields).
    ///
    /// # Errors
    /// An [`io::ErrorKind::InvalidData`] error for text that is not JSON.
    fn value(&self) -> io::Result<Cow<'_, Value>>;

    /// The cells of the record under `header`'s columns.
    ///
    /// # Errors
    /// As [`value`](Self::value).
    fn cells(&self, header: &Header) -> io::Result<Vec<Cell<'_>>>;
}

impl Record for Value {
    fn value(&self) -> io::Result<Cow<'_, Value>> {
        Ok(Cow::Borrowed(self))
    }

    fn cells(&self, header: &Header) -> io::Result<Vec<Cell<'_>>> {
        Ok(header.of_value(self))
    }
}

impl Record for Raw {
    fn value(&self) -> io::Result<Cow<'_, Value>> {
        Ok(Cow::Owned(Raw::value(self)?))
    }

    fn cells(&self, header: &Header) -> io::Result<Vec<Cell<'_>>> {
        Ok(header.of_text(self.text())?)
    }
}

impl alfadocs_runtime::dynamic::Item for Raw {
    fn id(&self) -> Option<i64> {
        self.value().ok().as_ref().and_then(alfadocs_runtime::dynamic::item_id)
    }
}

/// The columns of a table or CSV output, fixed by the first record.
pub struct Header {
    names: Vec<String>,
    /// Whether a column is named twice (`--columns id,id`): then every column of a field's name is filled.
    repeated: bool,
}

impl Header {
    /// The header of the columns `names`, in their order.
    pub fn new(names: Vec<String>) -> Self {
        let repeated = names.iter().enumerate().any(|(index, name)| names[..index].contains(name));
        Self { names, repeated }
    }

    /// The column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The cells of `record` under these columns.
    pub fn of_value<'a>(&self, record: &'a Value) -> Vec<Cell<'a>> {
        self.names.iter().map(|name| Cell::of(record.get(name))).collect()
    }

    /// The cells of the record whose JSON text is `record`, read without building it; a record that is not an
    /// object has no fields, so all its cells are empty (as [`of_value`](Self::of_value) finds them).
    ///
    /// # Errors
    /// serde_json's, for text that is not JSON.
    pub fn of_text<'a>(&self, record: &'a str) -> serde_json::Result<Vec<Cell<'a>>> {
        let cells = std::iter::repeat_with(|| Cell::Empty).take(self.names.len()).collect();
        let row = Row { header: self, cells };
        if record.trim_start().starts_with('{') {
            let mut deserializer = serde_json::Deserializer::from_str(record);
            let cells = row.deserialize(&mut deserializer)?;
            deserializer.end()?;
            Ok(cells)
        } else {
            Ok(row.cells)
        }
    }

    /// A column named `key` (any one: [`Row`] fills every column of a repeated name), tried at `expected`
    /// first: fields usually come in the columns' order, so the next field is most often the column after the
    /// last one found.
    fn find(&self, key: &str, expected: usize) -> Option<usize> {
        if self.names.get(expected).is_some_and(|name| name == key) {
            return Some(expected);
        }
        self.names.iter().position(|name| name == key)
    }
}

/// One cell: text as it is, nothing for `null` or a missing field, any other value as compact JSON.
#[derive(Clone)]
pub enum Cell<'a> {
    /// `null` or no such field.
    Empty,
    /// A string.
    Text(Cow<'a, str>),
    /// A number, a boolean, a list or an object.
    Json(Cow<'a, Value>),
}

impl<'a> Cell<'a> {
    /// The cell of a field of a `Value` record.
    pub fn of(value: Option<&'a Value>) -> Self {
        match value {
            None | Some(Value::Null) => Self::Empty,
            Some(Value::String(text)) => Self::Text(Cow::Borrowed(text)),
            Some(other) => Self::Json(Cow::Borrowed(other)),
        }
    }

    /// The cell of a list or an object read whole.
    fn of_owned(value: Value) -> Self {
        if value.is_null() { Self::Empty } else { Self::Json(Cow::Owned(value)) }
    }
}

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => Ok(()),
            Self::Text(text) => f.write_str(text),
            Self::Json(value) => write!(f, "{value}"),
        }
    }
}

/// Reads one record's object into the cells of its columns.
struct Row<'h, 'a> {
    header: &'h Header,
    cells: Vec<Cell<'a>>,
}

impl<'de> DeserializeSeed<'de> for Row<'_, 'de> {
    type Value = Vec<Cell<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Row<'_, 'de> {
    type Value = Vec<Cell<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut next = 0;
        while let Some(found) = map.next_key_seed(Column { header: self.header, from: next })? {
            let Some(index) = found else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let cell: Cell<'de> = map.next_value()?;
            if self.header.repeated {
                let name = &self.header.names[index];
                for (other, _) in self.header.names.iter().enumerate().filter(|(_, other)| *other == name) {
                    self.cells[other] = cell.clone();
                }
            } else {
                self.cells[index] = cell;
            }
            next = index + 1;
        }
        Ok(self.cells)
    }
}

/// Reads a key as the index of its column, or `None` for a field that is not one.
struct Column<'h> {
    header: &'h Header,
    from: usize,
}

impl<'de> DeserializeSeed<'de> for Column<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Column<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.header.find(key, self.from))
    }
}

impl<'de> Deserialize<'de> for Cell<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CellVisitor)
    }
}

/// Reads a field's value as its cell, keeping a string borrowed when it can.
struct CellVisitor;

impl<'de> Visitor<'de> for CellVisitor {
    type Value = Cell<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cell::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cell::Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cell::Text(Cow::Owned(text)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cell::Empty)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cell::Empty)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Cell::Json(Cow::Owned(Value::Bool(value))))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Cell::Json(Cow::Owned(Value::from(value))))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Cell::Json(Cow::Owned(Value::from(value))))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // As serde_json reads it into a `Value`: a number it cannot hold is `null`.
        Ok(serde_json::Number::from_f64(value).map_or(Cell::Empty, |number| Cell::Json(Cow::Owned(number.into()))))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Cell::of_owned)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Cell::of_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(cells: &[Cell<'_>]) -> Vec<String> {
        cells.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn text_and_value_give_the_same_cells() {
        let header = Header::new(
            ["id", "name", "tags", "gone", "flag", "note", "id", "rate", "nested"].map(String::from).to_vec(),
        );
        let records = [
            r#"{"nested":{"b":1,"a":[true,null]},"name":"Rossi, \"A\"","id":7,"tags":["x"],"flag":false,"note":null,"rate":-1.5e3}"#,
            r#"{"id":"8","n\u0061me":"Bianchi\n","id":9,"extra":{"deep":[1,2,{"x":"y"}]},"rate":12345678901234567890}"#,
            r#"  {}"#,
            r#"["id",1]"#,
            r#""text""#,
            r#"null"#,
        ];
        for record in records {
            let value: Value = serde_json::from_str(record).unwrap();
            let from_text = header.of_text(record).unwrap();
            assert_eq!(texts(&from_text), texts(&header.of_value(&value)), "{record}");
        }
        let cells = header.of_text(records[0]).unwrap();
        assert!(matches!(&cells[1], Cell::Text(Cow::Owned(_))), "escaped text is unescaped");
        assert_eq!(texts(&cells)[1], "Rossi, \"A\"");
        let cells = header.of_text(r#"{"name":"plain"}"#).unwrap();
        assert!(matches!(&cells[1], Cell::Text(Cow::Borrowed("plain"))), "plain text is borrowed");
        assert_eq!(texts(&header.of_value(&json!({"id": 1, "id2": 2})))[0], "1");
    }

    #[test]
    fn text_that_is_not_json_is_an_error() {
        let header = Header::new(vec!["id".to_owned()]);
        assert!(header.of_text(r#"{"id":1"#).is_err());
        assert!(header.of_text(r#"{"id":1} x"#).is_err());
    }
}
