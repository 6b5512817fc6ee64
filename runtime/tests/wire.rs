//! The lenient readers and documented writers, through models shaped like the generated ones.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use alfadocs_runtime::wire::CustomFields;
use alfadocs_runtime::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One optional field of every lenient kind, as the generator emits them.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Model {
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    flag: Option<bool>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    price: Option<f64>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    day: Option<NaiveDate>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    at: Option<NaiveDateTime>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<i64>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    phone_numbers: Option<Vec<Phone>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    scheme_codes: Option<BTreeMap<String, Vec<SchemeCode>>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    extra: Option<Value>,
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Phone {
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    number: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct SchemeCode {
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    code: String,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    done: Option<bool>,
}

/// Required fields, as the generator emits them for what the vendor always sends.
#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Required {
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    id: i64,
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    deleted: bool,
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    day: NaiveDate,
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    at: NaiveDateTime,
    #[serde(with = "alfadocs_runtime::wire::lenient")]
    codes: BTreeMap<String, i64>,
}

fn read(value: Value) -> Model {
    serde_json::from_value(value).unwrap()
}

fn field<T>(value: Value, get: impl Fn(Model) -> Option<T>) -> Option<T> {
    get(read(value))
}

fn error(value: Value) -> String {
    serde_json::from_value::<Model>(value).unwrap_err().to_string()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn booleans_from_every_php_form() {
    for (input, expected) in [
        (json!(true), Some(true)),
        (json!(false), Some(false)),
        (json!("true"), Some(true)),
        (json!("FALSE"), Some(false)),
        (json!("1"), Some(true)),
        (json!("0"), Some(false)),
        (json!(1), Some(true)),
        (json!(0), Some(false)),
        (json!(""), None),
        (json!(null), None),
    ] {
        assert_eq!(field(json!({ "flag": input }), |m| m.flag), expected, "{input}");
    }
    assert_eq!(field(json!({}), |m| m.flag), None);
    for bad in [json!("yes"), json!(2), json!("maybe"), json!([true]), json!(0.5)] {
        let message = error(json!({ "flag": bad }));
        assert!(message.contains("expected a boolean"), "{bad}: {message}");
    }
}

#[test]
fn integers_from_numbers_and_numeric_strings() {
    for (input, expected) in [
        (json!(30), Some(30)),
        (json!("30"), Some(30)),
        (json!(" 30 "), Some(30)),
        (json!(-7), Some(-7)),
        (json!(30.0), Some(30)),
        (json!("30.0"), Some(30)),
        (json!(""), None),
        (json!("  "), None),
        (json!(null), None),
    ] {
        assert_eq!(field(json!({ "count": input }), |m| m.count), expected, "{input}");
    }
    for bad in [json!("30.5"), json!(30.5), json!("abc"), json!(true), json!(u64::MAX), json!("1e30")] {
        let message = error(json!({ "count": bad }));
        assert!(message.contains("expected an integer"), "{bad}: {message}");
    }
    assert!(error(json!({"count": "abc"})).contains("\"abc\""), "the message quotes what came");
}

#[test]
fn decimals_from_numbers_and_strings() {
    for (input, expected) in [
        (json!(125.12), Some(125.12)),
        (json!("125.12"), Some(125.12)),
        (json!(3), Some(3.0)),
        (json!("3"), Some(3.0)),
        (json!("-0.5"), Some(-0.5)),
        (json!(""), None),
    ] {
        assert_eq!(field(json!({ "price": input }), |m| m.price), expected, "{input}");
    }
    for bad in [json!("abc"), json!("NaN"), json!("inf"), json!(false), json!("125,12")] {
        assert!(error(json!({ "price": bad })).contains("expected a number"), "{bad}");
    }
}

#[test]
fn strings_from_strings_and_numbers_and_empty_stays_empty() {
    for (input, expected) in [
        (json!("Visita di Controllo"), Some("Visita di Controllo")),
        (json!(""), Some("")),
        (json!(30), Some("30")),
        (json!(-4), Some("-4")),
        (json!(125.12), Some("125.12")),
        (json!(null), None),
    ] {
        assert_eq!(field(json!({ "text": input }), |m| m.text).as_deref(), expected, "{input}");
    }
    assert!(error(json!({"text": true})).contains("expected a string"));
    assert!(error(json!({"text": {"a": 1}})).contains("expected a string"));
}

#[test]
fn dates_and_php_zero_dates() {
    for (input, expected) in [
        (json!("2024-03-09"), Some(date(2024, 3, 9))),
        (json!("2024-03-09 10:30:47"), Some(date(2024, 3, 9))),
        (json!("2024-03-09T10:30:47+01:00"), Some(date(2024, 3, 9))),
        (json!("-0001-11-30"), None),
        (json!("-0001-11-30 00:00:00"), None),
        (json!("0000-00-00"), None),
        (json!("0000-00-00 00:00:00"), None),
        (json!(""), None),
        (json!(null), None),
    ] {
        assert_eq!(field(json!({ "day": input }), |m| m.day), expected, "{input}");
    }
    for bad in [json!("09/03/2024"), json!("2024-02-30"), json!(20240309), json!("2024-03-09 junk")] {
        assert!(error(json!({ "day": bad })).contains("expected a date (YYYY-MM-DD)"), "{bad}");
    }
}

#[test]
fn date_times_in_the_vendor_and_iso_forms() {
    let at = date(2024, 3, 9).and_hms_opt(10, 30, 47).unwrap();
    for (input, expected) in [
        (json!("2024-03-09 10:30:47"), Some(at)),
        (json!("2024-03-09T10:30:47"), Some(at)),
        (json!("2024-03-09T10:30:47Z"), Some(at)),
        (json!("2024-03-09T10:30:47+02:00"), Some(at)),
        (json!("2024-03-09T10:30:47.000+0200"), Some(at)),
        (json!("-0001-11-30 00:00:00"), None),
        (json!("0000-00-00 00:00:00"), None),
        (json!(""), None),
    ] {
        assert_eq!(field(json!({ "at": input }), |m| m.at), expected, "{input}");
    }
    assert!(error(json!({"at": "10:30"})).contains("expected a date-time"));
}

#[test]
fn lists_read_elements_leniently_and_php_objects_as_lists() {
    assert_eq!(field(json!({"ids": [177, "250", 370.0]}), |m| m.ids), Some(vec![177, 250, 370]));
    assert_eq!(field(json!({"ids": {"0": 1, "2": "3"}}), |m| m.ids), Some(vec![1, 3]));
    assert_eq!(field(json!({"ids": []}), |m| m.ids), Some(vec![]));
    assert_eq!(field(json!({"ids": ""}), |m| m.ids), None);
    assert_eq!(field(json!({"ids": null}), |m| m.ids), None);
    assert!(error(json!({"ids": ["x"]})).contains("expected an integer"));
    assert!(error(json!({"ids": "1,2"})).contains("expected a list"));

    let phones = field(
        json!({"phoneNumbers": [{"prefix": "+39", "number": 3331234567u64}, {"prefix": null, "number": ""}]}),
        |m| m.phone_numbers,
    )
    .unwrap();
    assert_eq!(phones[0], Phone { prefix: Some("+39".into()), number: Some("3331234567".into()) });
    assert_eq!(phones[1], Phone { prefix: None, number: Some(String::new()) });
}

#[test]
fn maps_read_php_empty_lists_and_lenient_values() {
    let codes = field(
        json!({"schemeCodes": {"11": [{"code": "A1", "done": "1"}], "general": [{"code": 7, "done": false}]}}),
        |m| m.scheme_codes,
    )
    .unwrap();
    assert_eq!(codes["11"], vec![SchemeCode { code: "A1".into(), done: Some(true) }]);
    assert_eq!(codes["general"], vec![SchemeCode { code: "7".into(), done: Some(false) }]);
    assert_eq!(field(json!({"schemeCodes": []}), |m| m.scheme_codes), Some(BTreeMap::new()));
    assert_eq!(field(json!({"schemeCodes": {}}), |m| m.scheme_codes), Some(BTreeMap::new()));
    // A PHP array with keys 0..n comes as a list: its keys are the indexes.
    let indexed = field(json!({"schemeCodes": [[{"code": "x"}], []]}), |m| m.scheme_codes).unwrap();
    assert_eq!(indexed.keys().collect::<Vec<_>>(), vec!["0", "1"]);
    assert!(error(json!({"schemeCodes": 5})).contains("expected an object"));
}

#[test]
fn any_json_is_kept_and_null_is_none() {
    assert_eq!(field(json!({"extra": {"a": [1]}}), |m| m.extra), Some(json!({"a": [1]})));
    assert_eq!(field(json!({"extra": null}), |m| m.extra), None);
}

#[test]
fn required_fields_reject_absent_values_with_a_clear_message() {
    let good = json!({"id": "5", "deleted": "0", "day": "2024-01-02", "at": "2024-01-02 03:04:05", "codes": []});
    let required: Required = serde_json::from_value(good.clone()).unwrap();
    assert_eq!(required.id, 5);
    assert!(!required.deleted);
    assert!(required.codes.is_empty());

    let with = |key: &str, value: Value| {
        let mut input = good.clone();
        input[key] = value;
        serde_json::from_value::<Required>(input).unwrap_err().to_string()
    };
    assert!(with("id", json!(null)).contains("invalid type: null, expected an integer"), "{}", with("id", json!(null)));
    assert!(with("id", json!("")).contains("invalid type: string \"\", expected an integer"));
    assert!(with("day", json!("-0001-11-30")).contains("a PHP zero date, expected a date"));
    assert!(with("codes", json!(null)).contains("expected an object"));
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("id");
    assert!(serde_json::from_value::<Required>(missing).unwrap_err().to_string().contains("missing field `id`"));
}

#[test]
fn writers_use_the_documented_forms() {
    let model = Model {
        flag: Some(true),
        count: Some(30),
        price: Some(125.12),
        text: Some("x".into()),
        day: Some(date(2024, 3, 9)),
        at: Some(date(2024, 3, 9).and_hms_milli_opt(10, 30, 47, 250).unwrap()),
        ids: Some(vec![1, 2]),
        phone_numbers: Some(vec![Phone { prefix: Some("+39".into()), number: None }]),
        scheme_codes: Some(BTreeMap::from([(
            "11".to_owned(),
            vec![SchemeCode { code: "A".into(), done: Some(false) }],
        )])),
        extra: None,
    };
    assert_eq!(
        serde_json::to_value(&model).unwrap(),
        json!({
            "flag": true,
            "count": 30,
            "price": 125.12,
            "text": "x",
            "day": "2024-03-09",
            "at": "2024-03-09 10:30:47",
            "ids": [1, 2],
            "phoneNumbers": [{"prefix": "+39"}],
            "schemeCodes": {"11": [{"code": "A", "done": false}]},
        })
    );
    assert_eq!(serde_json::to_string(&Model::default()).unwrap(), "{}");
}

#[test]
fn written_values_read_back_equal() {
    let model = Model {
        flag: Some(false),
        count: Some(-3),
        price: Some(0.1),
        text: Some(String::new()),
        day: Some(date(1999, 12, 31)),
        at: Some(date(1999, 12, 31).and_hms_opt(23, 59, 59).unwrap()),
        ids: Some(vec![]),
        phone_numbers: None,
        scheme_codes: Some(BTreeMap::new()),
        extra: Some(json!([1, "a"])),
    };
    let again: Model = serde_json::from_str(&serde_json::to_string(&model).unwrap()).unwrap();
    assert_eq!(again, model);
}

#[derive(Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Patient {
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    date_birth: Option<NaiveDate>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient", skip_serializing_if = "Option::is_none")]
    email_valid: Option<bool>,
    #[serde(flatten)]
    custom_fields: CustomFields,
}

#[test]
fn custom_fields_round_trip_without_loss_next_to_lenient_fields() {
    let input = json!({
        "id": "41",
        "firstName": "Maria",
        "dateBirth": "-0001-11-30",
        "emailValid": "1",
        "_codiceInterno": "A-17",
        "_allergie": ["lattice", {"grado": 2}],
        "_vuoto": null,
        "newVendorField": 5,
    });
    let patient: Patient = serde_json::from_value(input).unwrap();
    assert_eq!(patient.id, Some(41));
    assert_eq!(patient.date_birth, None);
    assert_eq!(patient.email_valid, Some(true));
    assert_eq!(patient.custom_fields.len(), 3, "underscore fields kept, other unknown fields ignored");
    assert_eq!(patient.custom_fields.get("_codiceInterno"), Some(&json!("A-17")));
    assert_eq!(patient.custom_fields.get("codiceInterno"), Some(&json!("A-17")));
    assert_eq!(patient.custom_fields.get("_vuoto"), Some(&Value::Null));

    let written = serde_json::to_value(&patient).unwrap();
    assert_eq!(
        written,
        json!({
            "id": 41,
            "firstName": "Maria",
            "emailValid": true,
            "_allergie": ["lattice", {"grado": 2}],
            "_codiceInterno": "A-17",
            "_vuoto": null,
        })
    );
    let again: Patient = serde_json::from_value(written).unwrap();
    assert_eq!(again, patient);
}

#[test]
fn custom_fields_api() {
    let mut fields = CustomFields::new();
    assert!(fields.is_empty());
    assert_eq!(fields.insert("technicalName", "x"), None);
    assert_eq!(fields.insert("_technicalName", 5), Some(json!("x")));
    fields.insert("_other", json!({"a": true}));
    assert_eq!(fields.len(), 2);
    let names: Vec<&str> = fields.iter().map(|(name, _)| name).collect();
    assert_eq!(names, vec!["_other", "_technicalName"]);
    assert_eq!(serde_json::to_value(&fields).unwrap(), json!({"_other": {"a": true}, "_technicalName": 5}));
    assert_eq!(fields.remove("technicalName"), Some(json!(5)));
    assert_eq!(fields.remove("_technicalName"), None);
    let collected: CustomFields = [("a", 1), ("_b", 2)].into_iter().collect();
    assert_eq!((&collected).into_iter().map(|(name, _)| name).collect::<Vec<_>>(), vec!["_a", "_b"]);
    assert_eq!(collected, collected.clone());
}

#[derive(Debug, PartialEq, Deserialize)]
struct Elements {
    #[serde(default, with = "alfadocs_runtime::wire::lenient")]
    flags: Option<Vec<bool>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient")]
    prices: Option<BTreeMap<String, f64>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient")]
    maybe: Option<Vec<Option<i64>>>,
    #[serde(default, with = "alfadocs_runtime::wire::lenient")]
    labels: Option<Vec<String>>,
}

#[test]
fn list_and_map_elements_get_the_scalar_leniency() {
    let read: Elements = serde_json::from_value(json!({
        "flags": ["1", "false", 0, true],
        "prices": {"base": "125.12", "extra": 3},
        "maybe": [null, "2", 3],
        "labels": ["a", 5, 1.5],
    }))
    .unwrap();
    assert_eq!(read.flags, Some(vec![true, false, false, true]));
    assert_eq!(read.prices, Some(BTreeMap::from([("base".to_owned(), 125.12), ("extra".to_owned(), 3.0)])));
    assert_eq!(read.maybe, Some(vec![None, Some(2), Some(3)]));
    assert_eq!(read.labels, Some(vec!["a".to_owned(), "5".to_owned(), "1.5".to_owned()]));

    let error = serde_json::from_value::<Elements>(json!({"flags": ["yes"]})).unwrap_err().to_string();
    assert!(error.contains("expected a boolean"), "{error}");
    let error = serde_json::from_value::<Elements>(json!({"prices": {"base": "12,5"}})).unwrap_err().to_string();
    assert!(error.contains("expected a number"), "{error}");
}

/// A value as a lenient field of type `T` and as the one element of a lenient `Vec<T>`: the same outcome, the
/// same value (or both refused), for every form.
fn field_and_element_agree<T>(value: &Value)
where
    T: alfadocs_runtime::wire::Lenient + std::fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(bound = "T: alfadocs_runtime::wire::Lenient")]
    struct Field<T> {
        #[serde(with = "alfadocs_runtime::wire::lenient")]
        value: T,
    }
    #[derive(Deserialize)]
    #[serde(bound = "T: Serialize + for<'a> Deserialize<'a>")]
    struct List<T> {
        #[serde(with = "alfadocs_runtime::wire::lenient")]
        value: Vec<T>,
    }
    let field = serde_json::from_value::<Field<T>>(json!({ "value": value })).map(|read| read.value).ok();
    let element = serde_json::from_value::<List<T>>(json!({ "value": [value] }))
        .ok()
        .and_then(|read| read.value.into_iter().next());
    assert_eq!(field, element, "{value} as a field and as a list element of {}", std::any::type_name::<T>());
}

#[test]
fn a_field_and_a_list_element_read_every_scalar_form_the_same_way() {
    let forms = [
        json!(30),
        json!(-30),
        json!(0),
        json!(1),
        json!(2),
        json!(30.0),
        json!(30.5),
        json!(-0.0),
        json!(1e15),
        json!(9_007_199_254_740_992.0_f64),
        json!(9_007_199_254_740_994.0_f64),
        json!(4.611_686_018_427_388e18),
        json!(9.223_372_036_854_776e18),
        json!(-9.223_372_036_854_776e18),
        json!(1e300),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(true),
        json!(false),
        json!("30"),
        json!(" 30 "),
        json!("30.0"),
        json!("3e1"),
        json!("30.5"),
        json!("9007199254740993"),
        json!("9223372036854775808"),
        json!("18446744073709551615"),
        json!("18446744073709551616"),
        json!("4611686018427387904.0"),
        json!("1e19"),
        json!("-0"),
        json!("1"),
        json!("0"),
        json!("true"),
        json!("FALSE"),
        json!("yes"),
        json!("125.12"),
        json!("inf"),
        json!("NaN"),
        json!("abc"),
    ];
    for form in &forms {
        field_and_element_agree::<i64>(form);
        field_and_element_agree::<i32>(form);
        field_and_element_agree::<u64>(form);
        field_and_element_agree::<u32>(form);
        field_and_element_agree::<f64>(form);
        field_and_element_agree::<bool>(form);
    }
    // The rule itself, where the two readers had parted: an integral float up to 2^63 is an integer.
    let read = |value: Value| serde_json::from_value::<Model>(json!({ "count": value, "ids": [value] })).unwrap();
    let big = read(json!(4.611_686_018_427_388e18));
    assert_eq!((big.count, big.ids), (Some(4_611_686_018_427_387_904), Some(vec![4_611_686_018_427_387_904])));
}
