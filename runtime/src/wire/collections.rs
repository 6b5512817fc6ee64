//! Lenient lists and maps: PHP's `[]` for an empty map, objects with numeric keys for lists with holes.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::coerce::CoerceSeed;
use super::lenient::{Absent, Lenient};

impl<U: DeserializeOwned + Serialize> Lenient for Vec<U> {
    const EXPECTED: &'static str = "a list";

    /// A JSON list, its elements read with scalar leniency (`["1","2"]` as `[1, 2]`). An object reads as the
    /// list of its values in order: PHP encodes a list with holes (after `array_filter`) as
    /// `{"0": …, "2": …}`. `null` and `""` are [`Absent`].
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

impl<U: DeserializeOwned + Serialize> Lenient for BTreeMap<String, U> {
    const EXPECTED: &'static str = "an object";

    /// A JSON object, its values read with scalar leniency. A list reads as the map from each index (`"0"`,
    /// `"1"`…) to its element: that is exactly how PHP encodes an array whose keys are `0..n`, and in
    /// particular how it encodes an empty map (`[]`). `null` and `""` are [`Absent`].
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<Self, Absent>, D::Error> {
        deserializer.deserialize_any(MapVisitor(PhantomData))
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// What both collections do with `null`, `""` and other text.
macro_rules! absent_forms {
    () => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Absent::Null))
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Absent::Null))
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
            if value.trim().is_empty() {
                Ok(Err(Absent::EmptyString))
            } else {
                Err(E::invalid_type(serde::de::Unexpected::Str(value), &self))
            }
        }
    };
}

struct ListVisitor<U>(PhantomData<U>);

impl<'de, U: DeserializeOwned> Visitor<'de> for ListVisitor<U> {
    type Value = Result<Vec<U>, Absent>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Cap the pre-allocation: the size hint comes from the input.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(CoerceSeed::<U>(PhantomData))? {
            items.push(item);
        }
        Ok(Ok(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            items.push(map.next_value_seed(CoerceSeed::<U>(PhantomData))?);
        }
        Ok(Ok(items))
    }

    absent_forms!();
}

struct MapVisitor<U>(PhantomData<U>);

impl<'de, U: DeserializeOwned> Visitor<'de> for MapVisitor<U> {
    type Value = Result<BTreeMap<String, U>, Absent>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object (or PHP's [] for an empty one)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.insert(key, map.next_value_seed(CoerceSeed::<U>(PhantomData))?);
        }
        Ok(Ok(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        let mut index: usize = 0;
        while let Some(item) = seq.next_element_seed(CoerceSeed::<U>(PhantomData))? {
            entries.insert(index.to_string(), item);
            index += 1;
        }
        Ok(Ok(entries))
    }

    absent_forms!();
}
