//! A deserializer adapter that reads the elements of lenient lists and maps with the scalar leniency.
//!
//! `Vec<U>` and `BTreeMap<String, U>` are lenient for *any* serde type `U` (generated models included), so
//! the element type cannot be asked for its lenient reader; instead each element's deserializer is wrapped, and
//! when `U` asks for a primitive (`deserialize_i64`, `deserialize_bool`…) the wrapper accepts the vendor's
//! other forms of it (`"30"` for 30, `"1"` for true, 125.12 for "125.12"). Compound requests (structs, lists,
//! maps) go through unchanged: generated models read their own fields leniently. Which form is which scalar
//! is decided once, by the rules in `scalars.rs` that the lenient fields read through too.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

use super::scalars::{Whole, bool_from_integer, bool_from_text, integral, number_from_text, whole_from_text};

/// Reads one element of type `U` through [`Coerce`].
pub(crate) struct CoerceSeed<U>(pub(crate) std::marker::PhantomData<U>);

impl<'de, U: de::Deserialize<'de>> DeserializeSeed<'de> for CoerceSeed<U> {
    type Value = U;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<U, D::Error> {
        U::deserialize(Coerce(deserializer))
    }
}

/// The wrapping deserializer.
pub(crate) struct Coerce<D>(pub(crate) D);

/// Turns the primitive request `$method` into `deserialize_any` with a coercing visitor.
macro_rules! coerce_with {
    ($($method:ident => $visitor:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.deserialize_any($visitor(visitor))
        }
    )*};
}

/// Passes a request straight to the wrapped deserializer.
macro_rules! pass_through {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Coerce<D> {
    type Error = D::Error;

    coerce_with! {
        deserialize_bool => BoolVisitor,
        deserialize_i8 => IntVisitor,
        deserialize_i16 => IntVisitor,
        deserialize_i32 => IntVisitor,
        deserialize_i64 => IntVisitor,
        deserialize_u8 => IntVisitor,
        deserialize_u16 => IntVisitor,
        deserialize_u32 => IntVisitor,
        deserialize_u64 => IntVisitor,
        deserialize_f32 => FloatVisitor,
        deserialize_f64 => FloatVisitor,
        deserialize_str => TextVisitor,
        deserialize_string => TextVisitor,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_option(OptionVisitor(visitor))
    }

    pass_through! {
        deserialize_any(),
        deserialize_i128(),
        deserialize_u128(),
        deserialize_char(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// `null` stays `None`; anything else is read, coerced, as the `Some` value.
struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Coerce(deserializer))
    }
}

/// Declares a coercing visitor: every `visit_*` not listed falls back to serde's default, which reports the
/// wrong type against the inner visitor's expectation.
macro_rules! coercing_visitor {
    ($name:ident, $what:literal, { $($body:tt)* }) => {
        struct $name<V>(V);

        impl<'de, V: Visitor<'de>> Visitor<'de> for $name<V> {
            type Value = V::Value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }

            $($body)*
        }
    };
}

coercing_visitor!(BoolVisitor, "a boolean", {
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.0.visit_bool(value)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        match bool_from_integer(value) {
            Some(value) => self.0.visit_bool(value),
            None => Err(E::invalid_value(Unexpected::Signed(value), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        match i64::try_from(value).ok().and_then(bool_from_integer) {
            Some(value) => self.0.visit_bool(value),
            None => Err(E::invalid_value(Unexpected::Unsigned(value), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        match bool_from_text(value.trim()) {
            Some(value) => self.0.visit_bool(value),
            None => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }
});

coercing_visitor!(IntVisitor, "an integer", {
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.0.visit_i64(value)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.0.visit_u64(value)
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        // Whole numbers written as 30.0 are integers; fractions go to the inner visitor, which rejects them.
        match integral(value) {
            Some(value) => self.0.visit_i64(value),
            None => self.0.visit_f64(value),
        }
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        match whole_from_text(value.trim()) {
            Some(Whole::Signed(number)) => self.0.visit_i64(number),
            Some(Whole::Unsigned(number)) => self.0.visit_u64(number),
            None => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }
});

coercing_visitor!(FloatVisitor, "a number", {
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.0.visit_i64(value)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.0.visit_u64(value)
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        self.0.visit_f64(value)
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        match number_from_text(value.trim()) {
            Some(number) => self.0.visit_f64(number),
            None => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }
});

coercing_visitor!(TextVisitor, "a string", {
    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.0.visit_str(value)
    }
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(value)
    }
    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.0.visit_string(value)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }
});
