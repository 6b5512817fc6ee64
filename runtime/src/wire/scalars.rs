//! Lenient readers and documented writers of the scalar types: booleans, integers, decimals, text, dates.

use std::fmt;
use std::marker::PhantomData;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;

use super::dates::{is_zero_date, parse_date, parse_date_time};
use super::lenient::{Absent, Lenient};

/// What a scalar makes of each JSON form; `None` means the form is not acceptable.
trait Scalar: Sized {
    const EXPECTED: &'static str;

    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// `Ok(None)`: not readable; `Err`: the vendor's "no value".
    fn from_text(text: &str) -> Result<Option<Self>, Absent>;
}

/// Reads any JSON form and hands it to the [`Scalar`]'s rules.
struct ScalarVisitor<T>(PhantomData<T>);

impl<T: Scalar> ScalarVisitor<T> {
    fn accept<E: serde::de::Error>(
        &self,
        value: Option<T>,
        unexpected: Unexpected<'_>,
    ) -> Result<Result<T, Absent>, E> {
        value.map(Ok).ok_or_else(|| E::invalid_type(unexpected, self))
    }
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Result<T, Absent>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        self.accept(T::from_bool(value), Unexpected::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        self.accept(T::from_i64(value), Unexpected::Signed(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.accept(T::from_u64(value), Unexpected::Unsigned(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        self.accept(T::from_f64(value), Unexpected::Float(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        match T::from_text(value) {
            Ok(Some(parsed)) => Ok(Ok(parsed)),
            Ok(None) => Err(E::invalid_value(Unexpected::Str(value), &self)),
            Err(absent) => Ok(Err(absent)),
        }
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(Absent::Null))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(Absent::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Implements [`Lenient`] for a [`Scalar`] with the given writer.
macro_rules! lenient_scalar {
    ($ty:ty, |$value:ident, $serializer:ident| $write:expr) => {
        impl Lenient for $ty {
            const EXPECTED: &'static str = <$ty as Scalar>::EXPECTED;

            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error> {
                deserializer.deserialize_any(ScalarVisitor::<$ty>(PhantomData))
            }

            fn write<S: Serializer>(&self, $serializer: S) -> Result<S::Ok, S::Error> {
                let $value = self;
                $write
            }
        }
    };
}

/// `""` and whitespace-only text mean "no value" for every type but `String`.
fn trimmed(text: &str) -> Result<&str, Absent> {
    let text = text.trim();
    if text.is_empty() { Err(Absent::EmptyString) } else { Ok(text) }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "a boolean (true/false, \"true\"/\"false\", 1/0 or \"1\"/\"0\")";

    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
    fn from_i64(value: i64) -> Option<Self> {
        bool_from_integer(value)
    }
    fn from_u64(value: u64) -> Option<Self> {
        i64::try_from(value).ok().and_then(bool_from_integer)
    }
    fn from_text(text: &str) -> Result<Option<Self>, Absent> {
        Ok(bool_from_text(trimmed(text)?))
    }
}
lenient_scalar!(bool, |value, serializer| serializer.serialize_bool(*value));

// The rules below are the only place that says which of the vendor's forms is which scalar: the lenient
// fields (`Scalar`) and the elements of lenient lists and maps (`super::coerce`) both read through them, so a
// field and a list element never read the same JSON differently.

/// A boolean written as a number: `1` or `0`.
pub(super) fn bool_from_integer(value: i64) -> Option<bool> {
    match value {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

/// A boolean written as text (already trimmed): `"1"`/`"0"` or `"true"`/`"false"` in any case.
pub(super) fn bool_from_text(text: &str) -> Option<bool> {
    // "yes"/"no" are not read as booleans: the vendor uses them for three-valued fields such as
    // `firstVisit` (yes/no/unknown), which are enums.
    if text == "1" || text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text == "0" || text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An `f64` that holds an integer exactly, as `i64`: `30.0` is 30; a fraction, or a value outside `i64`, is none.
pub(super) fn integral(value: f64) -> Option<i64> {
    // 2^63 as f64 is exact; everything below it and at or above -2^63 converts without loss.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value)).then_some(value as i64)
}

/// A whole number read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Whole {
    /// Anything that fits `i64`.
    Signed(i64),
    /// Above `i64::MAX`.
    Unsigned(u64),
}

/// A whole number written as text (already trimmed): `"30"`, `"18446744073709551615"`, or an integral decimal
/// such as `"30.0"` or `"3e1"` (by [`integral`]).
pub(super) fn whole_from_text(text: &str) -> Option<Whole> {
    if let Ok(number) = text.parse::<i64>() {
        Some(Whole::Signed(number))
    } else if let Ok(number) = text.parse::<u64>() {
        Some(Whole::Unsigned(number))
    } else {
        number_from_text(text).and_then(integral).map(Whole::Signed)
    }
}

/// A number written as text (already trimmed), such as `"125.12"`; Rust also parses `"inf"` and `"NaN"`,
/// which JSON cannot carry back, so only finite numbers count.
pub(super) fn number_from_text(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

macro_rules! lenient_integer {
    ($ty:ty, $expected:literal, $write:ident) => {
        impl Scalar for $ty {
            const EXPECTED: &'static str = $expected;

            fn from_i64(value: i64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            fn from_u64(value: u64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            fn from_f64(value: f64) -> Option<Self> {
                integral(value).and_then(Self::from_i64)
            }
            fn from_text(text: &str) -> Result<Option<Self>, Absent> {
                Ok(match whole_from_text(trimmed(text)?) {
                    Some(Whole::Signed(value)) => Self::from_i64(value),
                    Some(Whole::Unsigned(value)) => Self::from_u64(value),
                    None => None,
                })
            }
        }
        lenient_scalar!($ty, |value, serializer| serializer.$write(*value));
    };
}
lenient_integer!(i64, "an integer", serialize_i64);
lenient_integer!(i32, "a 32-bit integer", serialize_i32);
lenient_integer!(u64, "a non-negative integer", serialize_u64);
lenient_integer!(u32, "a non-negative 32-bit integer", serialize_u32);

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number (or a numeric string such as \"125.12\")";

    fn from_i64(value: i64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value as f64)
    }
    fn from_f64(value: f64) -> Option<Self> {
        value.is_finite().then_some(value)
    }
    fn from_text(text: &str) -> Result<Option<Self>, Absent> {
        Ok(number_from_text(trimmed(text)?))
    }
}
lenient_scalar!(f64, |value, serializer| serializer.serialize_f64(*value));

impl Scalar for String {
    const EXPECTED: &'static str = "a string";

    fn from_i64(value: i64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_u64(value: u64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_f64(value: f64) -> Option<Self> {
        Some(value.to_string())
    }
    fn from_text(text: &str) -> Result<Option<Self>, Absent> {
        // Text is kept as sent, `""` included: for a string, empty is a value.
        Ok(Some(text.to_owned()))
    }
}
lenient_scalar!(String, |value, serializer| serializer.serialize_str(value));

impl Scalar for NaiveDate {
    const EXPECTED: &'static str = "a date (YYYY-MM-DD)";

    fn from_text(text: &str) -> Result<Option<Self>, Absent> {
        let text = trimmed(text)?;
        if is_zero_date(text) {
            return Err(Absent::ZeroDate);
        }
        Ok(parse_date(text))
    }
}
lenient_scalar!(NaiveDate, |value, serializer| serializer.collect_str(&value.format("%Y-%m-%d")));

impl Scalar for NaiveDateTime {
    const EXPECTED: &'static str = "a date-time (YYYY-MM-DD HH:MM:SS)";

    fn from_text(text: &str) -> Result<Option<Self>, Absent> {
        let text = trimmed(text)?;
        if is_zero_date(text) {
            return Err(Absent::ZeroDate);
        }
        Ok(parse_date_time(text))
    }
}
lenient_scalar!(NaiveDateTime, |value, serializer| serializer.collect_str(&value.format("%Y-%m-%d %H:%M:%S")));
