//! Every lenient wire-format reader of `alfadocs_runtime::wire`, fed arbitrary JSON built from the fuzz bytes:
//! each read ends in a value or an error, never a panic; a value read is written in a form that reads back.

#![no_main]

use std::collections::BTreeMap;

use alfadocs_fuzz::{Bytes, value};
use alfadocs_runtime::wire::CustomFields;
use alfadocs_runtime::{NaiveDate, NaiveDateTime};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field read through `wire::lenient`, required and optional.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Required<T: alfadocs_runtime::wire::Lenient> {
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    v: T,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Optional<T: alfadocs_runtime::wire::Lenient> {
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    v: Option<T>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Base64 {
    #[serde(with = "alfadocs_runtime::wire::base64")]
    v: Vec<u8>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct WithCustom {
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(flatten)]
    custom: CustomFields,
}

/// Reads `{"v": input}` as `T`; a value read must survive a write and a second read.
fn check<T>(input: &Value)
where
    T: serde::de::DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let document = serde_json::json!({ "v": input });
    let text = document.to_string();
    let from_value = serde_json::from_value::<T>(document);
    let from_text = serde_json::from_str::<T>(&text);
    assert_eq!(from_value.is_ok(), from_text.is_ok(), "{text}");
    if let Ok(read) = from_text {
        let written = serde_json::to_string(&read).expect("a value read can be written");
        // What the client writes must be readable by its own reader (exact equality is not asked: a
        // date-time read with fractional seconds is written without them).
        if let Err(error) = serde_json::from_str::<T>(&written) {
            panic!("{text} was read, written as {written}, which does not read back: {error}");
        }
    }
}

macro_rules! both {
    ($input:expr, $($ty:ty),*) => {
        $( check::<Required<$ty>>($input); check::<Optional<$ty>>($input); )*
    };
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    while bytes.more() {
        let input = value(&mut bytes, 3);
        both!(
            &input,
            bool,
            i32,
            i64,
            u32,
            u64,
            f64,
            String,
            NaiveDate,
            NaiveDateTime,
            Value,
            Vec<i64>,
            Vec<String>,
            Vec<bool>,
            Vec<Value>,
            BTreeMap<String, i64>,
            BTreeMap<String, Vec<Value>>
        );
        check::<Base64>(&input);
        if let Ok(read) = serde_json::from_value::<WithCustom>(input.clone()) {
            let written = serde_json::to_value(&read).expect("written");
            let _ = serde_json::from_value::<WithCustom>(written);
        }
    }
});
