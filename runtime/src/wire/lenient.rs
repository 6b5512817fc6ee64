//! The `with` module of every lenient field, and the [`Lenient`] trait behind it.
//!
//! `#[serde(with = "alfadocs_runtime::wire::lenient")]` works for every type that implements [`Lenient`]:
//! `bool`, `i32`, `i64`, `u32`, `u64`, `f64`, `String`, `NaiveDate`, `NaiveDateTime`, `serde_json::Value`,
//! `Vec<U>` and `BTreeMap<String, U>` (for any serde type `U`), and `Option` of each.
//!
//! Reading, for a required field: the value in any of the vendor's forms, or an error that says what was
//! expected and what came. For an `Option` field, in addition, `null`, a missing field (with
//! `#[serde(default)]`), `""` (except for `String`, where `""` is a value) and PHP zero dates read as `None`.
//!
//! Writing: JSON booleans and numbers, dates as `YYYY-MM-DD`, date-times as `YYYY-MM-DD HH:MM:SS`.

use serde::de::{Deserializer, Error as _, Unexpected};
use serde::ser::{Serialize, Serializer};

/// What the vendor sends for "no value", which an `Option` field reads as `None` and a required field rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// `null`
    Null,
    /// `""` (or only whitespace), for types other than `String`.
    EmptyString,
    /// A PHP zero date: `0000-00-00` or `-0001-11-30`, with or without a time.
    ZeroDate,
}

impl Absent {
    fn unexpected(self) -> Unexpected<'static> {
        match self {
            Self::Null => Unexpected::Unit,
            Self::EmptyString => Unexpected::Str(""),
            Self::ZeroDate => Unexpected::Other("a PHP zero date"),
        }
    }
}

/// A type read leniently from the vendor's JSON and written in the form the vendor documents.
pub trait Lenient: Sized {
    /// What the reader expects, for error messages (e.g. `"an integer"`).
    const EXPECTED: &'static str;

    /// Reads a value, or the vendor's way of saying there is none.
    ///
    /// # Errors
    /// The deserializer's error when the input is neither a value nor [`Absent`], naming what was expected.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error>;

    /// Writes the value in the vendor's documented form.
    ///
    /// # Errors
    /// The serializer's error.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Reads a field through its [`Lenient`] implementation; a required field that is [`Absent`] is an error.
///
/// # Errors
/// When the input is not readable as `T`.
pub fn deserialize<'de, T: Lenient, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    match T::read(deserializer)? {
        Ok(value) => Ok(value),
        Err(absent) => Err(D::Error::invalid_type(absent.unexpected(), &T::EXPECTED)),
    }
}

/// Writes a field through its [`Lenient`] implementation.
///
/// # Errors
/// The serializer's error.
pub fn serialize<T: Lenient, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Lets a [`Lenient`] value be passed where serde wants a [`Serialize`].
pub(crate) struct Written<'a, T>(pub(crate) &'a T);

impl<T: Lenient> Serialize for Written<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error> {
        Ok(Ok(T::read(deserializer)?.ok()))
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Written(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl Lenient for serde_json::Value {
    const EXPECTED: &'static str = "any JSON value";

    /// Any JSON; only `null` is [`Absent`].
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error> {
        let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
        Ok(if value.is_null() { Err(Absent::Null) } else { Ok(value) })
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}
