//! Property tests of the lenient readers: any JSON gives a value or an error, never a panic, and whatever a
//! reader accepts, its writer writes in a form that reads back to the same value.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use alfadocs_runtime::wire::{CustomFields, Lenient};
use alfadocs_runtime::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Deserialize, Serialize)]
#[serde(bound = "T: Lenient")]
struct Field<T> {
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    v: T,
}

/// Reads `input` as a required and as an optional `T`; what reads must write in a form that reads back to a
/// value that writes the same (date-times lose sub-second digits on write: the vendor's form has none).
fn check<T: Lenient + PartialEq + Debug>(input: &Value) -> Result<(), TestCaseError> {
    let document = json!({ "v": input });
    if let Ok(read) = serde_json::from_value::<Field<T>>(document.clone()) {
        round_trip(&read)?;
    }
    if let Ok(read) = serde_json::from_value::<Field<Option<T>>>(document) {
        round_trip(&read)?;
    }
    Ok(())
}

fn round_trip<T: Lenient + PartialEq + Debug>(read: &Field<T>) -> Result<(), TestCaseError> {
    let written = serde_json::to_value(read).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again: Field<T> = serde_json::from_value(written.clone())
        .map_err(|e| TestCaseError::fail(format!("{written} does not read back: {e}")))?;
    let rewritten = serde_json::to_value(&again).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&rewritten, &written);
    Ok(())
}

fn check_all(input: &Value) -> Result<(), TestCaseError> {
    check::<bool>(input)?;
    check::<i64>(input)?;
    check::<i32>(input)?;
    check::<u64>(input)?;
    check::<u32>(input)?;
    check::<f64>(input)?;
    check::<String>(input)?;
    check::<NaiveDate>(input)?;
    check::<NaiveDateTime>(input)?;
    check::<Value>(input)?;
    check::<Vec<i64>>(input)?;
    check::<Vec<String>>(input)?;
    check::<Vec<bool>>(input)?;
    check::<Vec<Value>>(input)?;
    check::<BTreeMap<String, f64>>(input)?;
    check::<BTreeMap<String, Vec<i64>>>(input)?;
    // CustomFields is not a Lenient type but reads every object: it must not panic either.
    let _ = serde_json::from_value::<CustomFields>(input.clone());
    Ok(())
}

/// Text shaped like the vendor's values, so that the interesting parsers are reached often.
fn vendor_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+ 0-9.eE]{0,12}",
        "(true|false|TRUE|1|0|yes|no|null|NaN|inf|-inf)",
        "-?[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[ Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?",
        "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])([ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]0[0-9]:00)?)?",
        "(0000-00-00|-0001-11-30)( 00:00:00)?",
        "\\PC{0,16}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(Value::from),
        vendor_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("_?[a-z0-9]{0,3}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_reader_gives_a_value_or_an_error(input in json_value()) {
        check_all(&input)?;
    }

    #[test]
    fn raw_text_never_panics(text in "\\PC{0,40}") {
        // Not even valid JSON, sometimes: the readers sit behind serde_json, which must report, not panic.
        let _ = serde_json::from_str::<Field<Option<NaiveDateTime>>>(&format!("{{\"v\":{text}}}"));
        check_all(&Value::String(text))?;
    }

    #[test]
    fn integers_round_trip_through_their_string_form(n in any::<i64>()) {
        let read: Field<i64> = serde_json::from_value(json!({ "v": n.to_string() })).unwrap();
        prop_assert_eq!(read.v, n);
    }

    #[test]
    fn date_times_round_trip_through_the_vendor_form(seconds in 0i64..4_102_444_800) {
        let at = chrono::DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
        let written = serde_json::to_value(Field { v: at }).unwrap();
        prop_assert_eq!(&written["v"], &json!(at.format("%Y-%m-%d %H:%M:%S").to_string()));
        let read: Field<NaiveDateTime> = serde_json::from_value(written).unwrap();
        prop_assert_eq!(read.v, at);
    }
}
