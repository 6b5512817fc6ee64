//! Repair rules of the schema-type family: `type` and `format` values that OpenAPI 3.0 does not have.
//!
//! `date-type` runs before `nonstandard-format`: it reads the PHP date patterns (`Y-m-d`, `Y-m-d H:i:s`)
//! to tell a date from a date-time, and `nonstandard-format` would otherwise delete them as unknown. The
//! date-times it finds it writes in the form of `local-date-time`, the one rule that knows that form.

use serde_json::Value;

use super::walk;
use crate::error::Result;
use crate::report::{Report, Rule, Stage};
use crate::source::{SourceMap, child};

/// `type: date-time` / `type: date` (and PHP date patterns as `format`) → `type: string` with the
/// standard `format: date`, or the local date-time of [`local_date_time`].
pub mod date_type {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "date-type",
        stage: Stage::Repair,
        code: file!(),
        summary: "schemas of `type: date-time`/`date` (not JSON Schema types) or with a PHP date pattern as format \
                  (`Y-m-d`, `Y-m-d H:i:s`) become `type: string` with `format: date` (date only) or the local \
                  date-time form of `local-date-time`",
        evidence: "The 1.1.1 reference page renders dateStart, dateEnd, startDate and endDate as `date-time <Y-m-d>`: \
                   type date-time with the PHP pattern Y-m-d as format; the request samples write date-times \
                   `2020-01-01 00:00:00` (PHP `Y-m-d H:i:s`).",
    };

    /// What a date schema holds: a day, or a day and a time of day.
    #[derive(Clone, Copy)]
    enum Kind {
        Date,
        DateTime,
    }

    /// Applies the rule to every schema of `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for pointer in walk::schemas(document) {
            let Some(schema) = document.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            let ty = schema.get("type").and_then(Value::as_str).map(str::to_owned);
            let format = schema.get("format").and_then(Value::as_str).map(str::to_owned);
            let (ty, format) = (ty.as_deref(), format.as_deref());
            let from_pattern = format.and_then(php_date_kind);
            let kind = match (ty, format) {
                (Some("date-time" | "datetime"), None) => Some(Kind::DateTime),
                (Some("date"), None) => Some(Kind::Date),
                (Some("date-time" | "datetime" | "date"), Some("date")) => Some(Kind::Date),
                (Some("date-time" | "datetime" | "date"), Some("date-time")) => Some(Kind::DateTime),
                (Some("date-time" | "datetime" | "date" | "string") | None, Some(_)) => from_pattern,
                _ => None,
            };
            let bad_type = matches!(ty, Some("date-time" | "datetime" | "date"));
            if !bad_type && kind.is_none() {
                continue;
            }
            schema.insert("type".to_owned(), Value::String("string".to_owned()));
            match kind {
                Some(Kind::Date) => {
                    schema.insert("format".to_owned(), Value::String("date".to_owned()));
                }
                Some(Kind::DateTime) => local_date_time::write(schema),
                None => {}
            }
            report.touched(&RULE, pointer);
        }
        Ok(())
    }

    /// What a PHP `date()` pattern writes: `Y-m-d` a day, `Y-m-d H:i:s` the vendor's local date-time.
    ///
    /// Other patterns (`c`, `Y-m-d H:i`…) write other text than either form, so they are not recognised and
    /// are left to `nonstandard-format`.
    fn php_date_kind(format: &str) -> Option<Kind> {
        match format.trim() {
            "Y-m-d" => Some(Kind::Date),
            "Y-m-d H:i:s" => Some(Kind::DateTime),
            _ => None,
        }
    }
}

/// `format: date-time` → the vendor's local `YYYY-MM-DD HH:MM:SS`, stated so that tools check the real form.
pub mod local_date_time {
    use serde_json::Map;

    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "local-date-time",
        stage: Stage::Repair,
        code: file!(),
        summary: "`format: date-time` (RFC 3339 in OpenAPI) becomes what the vendor writes, a local \
                  `YYYY-MM-DD HH:MM:SS`: `type: string` with that `pattern`, `x-alfadocs-format: local-date-time` \
                  and (if it has none) the page's sample `2020-01-01 00:00:00` as example; lowering reads it as a \
                  local date-time (`NaiveDateTime`; the ISO `T` form is also read)",
        evidence: "every date-time sample on the reference page is `Y-m-d H:i:s` (\"2020-01-01 00:00:00\"); live \
                   appointment dates are parsed with \"%Y-%m-%d %H:%M:%S\" (idx:60819222037) and carry no zone",
    };

    /// The extension that marks a local date-time schema, and its value.
    pub const MARKER: (&str, &str) = ("x-alfadocs-format", "local-date-time");

    /// The text of a local date-time.
    pub const PATTERN: &str = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$";

    /// The reference page's own sample date-time, the example of a local date-time that has none (tools
    /// such as Prism answer with it, where they would otherwise invent a string that is no date-time).
    pub const EXAMPLE: &str = "2020-01-01 00:00:00";

    /// Makes `schema` a local date-time.
    pub(super) fn write(schema: &mut Map<String, Value>) {
        schema.insert("type".to_owned(), Value::String("string".to_owned()));
        schema.shift_remove("format");
        schema.insert("pattern".to_owned(), Value::String(PATTERN.to_owned()));
        schema.insert(MARKER.0.to_owned(), Value::String(MARKER.1.to_owned()));
        if !schema.contains_key("example") {
            schema.insert("example".to_owned(), Value::String(EXAMPLE.to_owned()));
        }
    }

    /// Applies the rule to every schema of `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for pointer in walk::schemas(document) {
            let Some(schema) = document.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            let string_or_untyped = schema.get("type").is_none_or(|ty| ty == "string");
            if string_or_untyped && schema.get("format").is_some_and(|format| format == "date-time") {
                write(schema);
                report.touched(&RULE, pointer);
            }
        }
        Ok(())
    }
}

/// `type: bool` → `type: boolean`.
pub mod bool_type {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "bool-type",
        stage: Stage::Repair,
        code: file!(),
        summary: "schemas of `type: bool` (not a JSON Schema type) become `type: boolean`",
        evidence: "The 1.1.1 reference page renders the operators' ignoreDeleted query parameter as `bool` \
                   (`Example: ignoreDeleted=true`).",
    };

    /// Applies the rule to every schema of `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for pointer in walk::schemas(document) {
            let Some(ty) = document.pointer_mut(&child(&pointer, "type")) else {
                continue;
            };
            if ty.as_str().is_some_and(|ty| ty.eq_ignore_ascii_case("bool")) {
                *ty = Value::String("boolean".to_owned());
                report.touched(&RULE, pointer);
            }
        }
        Ok(())
    }
}

/// Formats that are neither OpenAPI nor JSON Schema formats are dropped; sample values become examples.
pub mod nonstandard_format {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "nonstandard-format",
        stage: Stage::Repair,
        code: file!(),
        summary: "a schema `format` that is not an OpenAPI or JSON Schema format (`0039`, `1112233444`, `string`, \
                  a leftover PHP date pattern) is removed; a format that is a sample value (digits) becomes the \
                  schema's `example` when it has none",
        evidence: "The 1.1.1 reference page renders phoneNumberPrefix as `string <0039>`, phoneNumber as \
                   `string <1112233444>` and several fields as `string <string>`: the vendor wrote sample values \
                   and type names in `format`, which code generators read as a data type.",
    };

    /// Formats of OpenAPI 3.0 and of the JSON Schema validation vocabulary, which tools understand.
    const KNOWN: &[&str] = &[
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "date",
        "date-time",
        "time",
        "duration",
        "password",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "uri-template",
        "iri",
        "iri-reference",
        "uuid",
        "json-pointer",
        "relative-json-pointer",
        "regex",
    ];

    /// Applies the rule to every schema of `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for pointer in walk::schemas(document) {
            let Some(schema) = document.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(format) = schema.get("format") else {
                continue;
            };
            if format.as_str().is_some_and(|format| KNOWN.contains(&format)) {
                continue;
            }
            let sample = format.as_str().map(str::trim).filter(|text| looks_like_sample(text)).map(str::to_owned);
            let ty = schema.get("type").and_then(Value::as_str).map(str::to_owned);
            let has_example = schema.contains_key("example");
            schema.shift_remove("format");
            if let Some(example) = sample.and_then(|sample| typed_example(sample, ty.as_deref())) {
                // A parameter's example is what documentation tools show next to it; a schema elsewhere
                // holds its own.
                let holder = match pointer.strip_suffix("/schema") {
                    Some(parameter) if is_parameter(parameter) => parameter.to_owned(),
                    _ => pointer.clone(),
                };
                if let Some(Value::Object(holder)) = document.pointer_mut(&holder)
                    && !has_example
                    && !holder.contains_key("example")
                    && !holder.contains_key("examples")
                {
                    holder.insert("example".to_owned(), example);
                }
            }
            report.touched(&RULE, child(&pointer, "format"));
        }
        Ok(())
    }

    /// Is `pointer` a parameter object (in a `parameters` list or in `components/parameters`)?
    fn is_parameter(pointer: &str) -> bool {
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        match tokens.as_slice() {
            ["components", "parameters", _] | ["paths", _, "parameters", _] => true,
            ["paths", _, method, "parameters", _] => walk::METHODS.contains(method),
            _ => false,
        }
    }

    /// The sample as a value of the schema's type; none if it is not one.
    fn typed_example(sample: String, ty: Option<&str>) -> Option<Value> {
        match ty {
            Some("integer") => sample.parse::<i64>().ok().map(Value::from),
            Some("number") => sample.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number),
            Some("string") | None => Some(Value::String(sample)),
            Some(_) => None,
        }
    }

    /// A format that is really a sample value: digits, with at most a leading `+` and inner spaces/dots.
    fn looks_like_sample(text: &str) -> bool {
        let digits = text.strip_prefix('+').unwrap_or(text);
        !digits.is_empty()
            && digits.starts_with(|c: char| c.is_ascii_digit())
            && digits.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '.')
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(rule: fn(&mut Value, &SourceMap, &mut Report) -> Result<()>, schema: Value) -> Value {
        let mut document = json!({"components": {"schemas": {"S": schema}}});
        rule(&mut document, &SourceMap::new("spec.yaml"), &mut Report::new()).unwrap();
        document["components"]["schemas"]["S"].take()
    }

    fn local(schema: Value) -> Value {
        let mut schema = schema;
        if let Value::Object(map) = &mut schema {
            local_date_time::write(map);
        }
        schema
    }

    #[test]
    fn dates_and_date_times_by_type_and_pattern() {
        let date = json!({"type": "string", "format": "date"});
        let date_time = local(json!({}));
        assert_eq!(run(date_type::apply, json!({"type": "date-time", "format": "Y-m-d"})), date);
        assert_eq!(run(date_type::apply, json!({"type": "date-time", "format": "Y-m-d H:i:s"})), date_time);
        assert_eq!(run(date_type::apply, json!({"type": "date-time"})), date_time);
        assert_eq!(run(date_type::apply, json!({"type": "date"})), date);
        assert_eq!(run(date_type::apply, json!({"format": "Y-m-d"})), date);
        // An unknown pattern: the type is repaired, the format left to `nonstandard-format`.
        assert_eq!(
            run(date_type::apply, json!({"type": "date", "format": "d/m/Y"})),
            json!({"type": "string", "format": "d/m/Y"})
        );
        assert_eq!(
            run(date_type::apply, json!({"type": "string", "format": "Y-m-d H:i"})),
            json!({"type": "string", "format": "Y-m-d H:i"})
        );
        assert_eq!(run(date_type::apply, date.clone()), date);
    }

    #[test]
    fn date_times_become_the_local_form_and_nothing_else_does() {
        let date_time = json!({"type": "string", "format": "date-time", "description": "When"});
        assert_eq!(
            run(local_date_time::apply, date_time),
            json!({
                "type": "string",
                "description": "When",
                "pattern": local_date_time::PATTERN,
                "x-alfadocs-format": "local-date-time",
                "example": "2020-01-01 00:00:00"
            })
        );
        assert_eq!(run(local_date_time::apply, json!({"format": "date-time"})), local(json!({})));
        let date = json!({"type": "string", "format": "date"});
        assert_eq!(run(local_date_time::apply, date.clone()), date);
        let odd = json!({"type": "integer", "format": "date-time"});
        assert_eq!(run(local_date_time::apply, odd.clone()), odd);
    }

    #[test]
    fn sample_formats_become_examples_of_the_schema_type() {
        assert_eq!(
            run(nonstandard_format::apply, json!({"type": "integer", "format": "180"})),
            json!({"type": "integer", "example": 180})
        );
        assert_eq!(
            run(nonstandard_format::apply, json!({"type": "string", "format": "+39"})),
            json!({"type": "string", "example": "+39"})
        );
        assert_eq!(
            run(nonstandard_format::apply, json!({"type": "boolean", "format": "1"})),
            json!({"type": "boolean"})
        );
        assert_eq!(
            run(nonstandard_format::apply, json!({"type": "string", "format": "Y-m-d"})),
            json!({"type": "string"})
        );
        assert_eq!(
            run(nonstandard_format::apply, json!({"type": "string", "format": "uuid"})),
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(run(nonstandard_format::apply, json!({"type": "string", "format": 5})), json!({"type": "string"}));
    }

    #[test]
    fn bool_is_boolean() {
        assert_eq!(run(bool_type::apply, json!({"type": "bool"})), json!({"type": "boolean"}));
        assert_eq!(run(bool_type::apply, json!({"type": "Bool"})), json!({"type": "boolean"}));
    }
}
