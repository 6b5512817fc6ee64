//! The repair rule about examples: an example is written in the type its schema declares.
//!
//! Tools read examples as values of the schema (Prism serves them as mock answers and checks them against the
//! schema; documentation shows them). The vendor's examples show the wire instead (`"duration": "30"` where
//! the field is a number), which the lowering rule `lenient-scalars` already accepts; the repaired document
//! states the type and keeps the sample value.

use serde_json::{Map, Value};

use super::walk;
use crate::error::Result;
use crate::report::{Report, Rule, Stage};
use crate::source::{SourceMap, child};

/// Examples in the type of their schema.
pub mod example_types {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "example-types",
        stage: Stage::Repair,
        code: file!(),
        summary: "an `example` whose value contradicts its schema's type is written in that type (`\"30\"` → 30, \
                  `\"125.12\"` → 125.12, `\"false\"` → false, following `properties`, `items` and local `$ref`s); \
                  a value that has no such form is removed from the example; a schema whose number or boolean \
                  example was written as a string is marked `x-alfadocs-wire: quoted`, keeping the vendor's form \
                  as data (lowering's `quoted-scalars` reads it)",
        evidence: "The 1.1.1 reference page's samples send numbers and flags as strings: the booking reason \
                   example has `\"duration\": \"30\"`, `\"sequenceNumber\": \"3\"`, `\"price\": \"125.12\"`; the \
                   signature status has `\"isSigned\": \"false\"`. Prism mocks them and reports each as a body \
                   that contradicts the document.",
    };

    /// The extension that records that the vendor writes a schema's number or boolean as a string, and its
    /// value.
    pub const QUOTED: (&str, &str) = ("x-alfadocs-wire", "quoted");

    /// How deep examples are followed into nested schemas and `$ref`s: deeper than any real document,
    /// shallow enough that a cycle of references ends.
    const MAX_DEPTH: u8 = 32;

    /// Applies the rule to the examples of every schema, and of every parameter, header and media type that
    /// holds a schema.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for schema_pointer in walk::schemas(document) {
            let mut places = vec![child(&schema_pointer, "example")];
            if let Some(holder) = schema_pointer.strip_suffix("/schema") {
                places.push(child(holder, "example"));
                let examples = child(holder, "examples");
                let names: Vec<String> = document
                    .pointer(&examples)
                    .and_then(Value::as_object)
                    .map(|examples| examples.keys().cloned().collect())
                    .unwrap_or_default();
                places.extend(names.iter().map(|name| child(&child(&examples, name), "value")));
            }
            for place in places {
                let Some(mut example) = document.pointer(&place).cloned() else {
                    continue;
                };
                let Some(schema) = document.pointer(&schema_pointer) else {
                    continue;
                };
                let mut quoted = Vec::new();
                let fit = conform(document, schema, &schema_pointer, &mut example, 0, &mut quoted);
                for pointer in quoted {
                    if let Some(Value::Object(schema)) = document.pointer_mut(&pointer) {
                        schema.insert(QUOTED.0.to_owned(), Value::from(QUOTED.1));
                    }
                }
                match fit {
                    Fit::Same => {}
                    Fit::Changed => {
                        if let Some(slot) = document.pointer_mut(&place) {
                            *slot = example;
                        }
                        report.touched(&RULE, place);
                    }
                    Fit::Impossible => {
                        walk::remove(document, &place);
                        report.touched(&RULE, place);
                    }
                }
            }
        }
        Ok(())
    }

    /// What [`conform`] made of an example.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Fit {
        /// It already was a value of the schema (as far as its type goes).
        Same,
        /// It was rewritten in the schema's type.
        Changed,
        /// It has no form in the schema's type.
        Impossible,
    }

    /// Rewrites `example` in the type of `schema` (found at `at`), and the values of its properties and items
    /// in theirs; the pointers of the scalar schemas whose string example was a number or boolean go to
    /// `quoted`.
    fn conform(
        document: &Value,
        schema: &Value,
        at: &str,
        example: &mut Value,
        depth: u8,
        quoted: &mut Vec<String>,
    ) -> Fit {
        if depth > MAX_DEPTH || example.is_null() {
            return Fit::Same;
        }
        // A mark belongs on the schema a `$ref` leads to, which is where `resolve` goes.
        let at = match schema.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#')) {
            Some(target) => target.to_owned(),
            None => at.to_owned(),
        };
        let Some(schema) = walk::resolve(document, schema) else {
            return Fit::Same;
        };
        match schema.get("type").and_then(Value::as_str) {
            Some("object") | None if example.is_object() => {
                let properties = schema.get("properties").and_then(Value::as_object);
                let Some(fields) = example.as_object_mut() else { return Fit::Same };
                conform_fields(document, properties, &child(&at, "properties"), fields, depth, quoted)
            }
            Some("array") => {
                let Some(items) = example.as_array_mut() else { return Fit::Impossible };
                let Some(item_schema) = schema.get("items") else { return Fit::Same };
                let mut fit = Fit::Same;
                let mut kept = Vec::with_capacity(items.len());
                let items_at = child(&at, "items");
                for mut item in items.drain(..) {
                    match conform(document, item_schema, &items_at, &mut item, depth + 1, quoted) {
                        Fit::Same => kept.push(item),
                        Fit::Changed => {
                            fit = Fit::Changed;
                            kept.push(item);
                        }
                        Fit::Impossible => fit = Fit::Changed,
                    }
                }
                *items = kept;
                fit
            }
            Some("object") => Fit::Impossible,
            Some(ty) => {
                let was_text = example.is_string();
                let fit = scalar(ty, example);
                if was_text && fit == Fit::Changed {
                    quoted.push(at);
                }
                fit
            }
            None => Fit::Same,
        }
    }

    /// The fields of an object example against the object's `properties`; a field with no form is dropped.
    fn conform_fields(
        document: &Value,
        properties: Option<&Map<String, Value>>,
        at: &str,
        fields: &mut Map<String, Value>,
        depth: u8,
        quoted: &mut Vec<String>,
    ) -> Fit {
        let mut fit = Fit::Same;
        let mut impossible = Vec::new();
        for (name, value) in fields.iter_mut() {
            let Some(property) = properties.and_then(|properties| properties.get(name)) else {
                continue;
            };
            match conform(document, property, &child(at, name), value, depth + 1, quoted) {
                Fit::Same => {}
                Fit::Changed => fit = Fit::Changed,
                Fit::Impossible => impossible.push(name.clone()),
            }
        }
        for name in impossible {
            fields.shift_remove(&name);
            fit = Fit::Changed;
        }
        fit
    }

    /// A scalar example in the scalar type `ty`.
    fn scalar(ty: &str, example: &mut Value) -> Fit {
        let converted = match (ty, &*example) {
            ("integer", Value::Number(number)) if number.is_i64() || number.is_u64() => return Fit::Same,
            ("number", Value::Number(_)) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => {
                return Fit::Same;
            }
            ("integer", Value::String(text)) => text.trim().parse::<i64>().ok().map(Value::from),
            ("number", Value::String(text)) => {
                text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
            }
            ("boolean", Value::String(text)) => match text.trim() {
                "true" | "1" => Some(Value::Bool(true)),
                "false" | "0" => Some(Value::Bool(false)),
                _ => None,
            },
            ("string", Value::Number(number)) => Some(Value::String(number.to_string())),
            ("string", Value::Bool(flag)) => Some(Value::String(flag.to_string())),
            // A type this rule does not know (an invalid one is another rule's) is left alone.
            ("integer" | "number" | "boolean" | "string", _) => None,
            _ => return Fit::Same,
        };
        match converted {
            Some(value) => {
                *example = value;
                Fit::Changed
            }
            None => Fit::Impossible,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(document: Value) -> (Value, Vec<String>) {
        let mut document = document;
        let mut report = Report::new();
        example_types::apply(&mut document, &SourceMap::new("spec.yaml"), &mut report).unwrap();
        (document, report.places("example-types").to_vec())
    }

    #[test]
    fn scalars_are_written_in_their_type() {
        let (document, places) = run(json!({"components": {"schemas": {
            "Reason": {
                "type": "object",
                "properties": {
                    "duration": {"type": "integer"},
                    "price": {"type": "number"},
                    "deleted": {"type": "boolean"},
                    "code": {"type": "string"},
                    "operatorIds": {"type": "array", "items": {"type": "integer"}},
                    "color": {"$ref": "#/components/schemas/Color"}
                },
                "example": {
                    "duration": "30", "price": "125.12", "deleted": "false", "code": 12,
                    "operatorIds": ["177", 250], "color": {"id": "4"}, "extra": "kept"
                }
            },
            "Color": {"type": "object", "properties": {"id": {"type": "integer"}}}
        }}}));
        assert_eq!(
            document["components"]["schemas"]["Reason"]["example"],
            json!({
                "duration": 30, "price": 125.12, "deleted": false, "code": "12",
                "operatorIds": [177, 250], "color": {"id": 4}, "extra": "kept"
            })
        );
        assert_eq!(places, vec!["/components/schemas/Reason/example".to_owned()]);
        let quoted = |pointer: &str| document.pointer(pointer).and_then(|schema| schema.get(example_types::QUOTED.0));
        // Strings that were numbers or booleans mark their schema, through `items` and `$ref` too.
        for pointer in ["duration", "price", "deleted", "operatorIds/items"] {
            assert_eq!(
                quoted(&format!("/components/schemas/Reason/properties/{pointer}")),
                Some(&json!("quoted")),
                "{pointer}"
            );
        }
        assert_eq!(quoted("/components/schemas/Color/properties/id"), Some(&json!("quoted")));
        // A number written as a string is the other way round: not a quoted scalar.
        assert_eq!(quoted("/components/schemas/Reason/properties/code"), None);
    }

    #[test]
    fn values_without_a_form_in_the_type_are_removed() {
        let (document, places) = run(json!({"components": {"schemas": {
            "Flag": {"type": "boolean", "example": "maybe"},
            "Row": {
                "type": "object",
                "properties": {"n": {"type": "integer"}, "ids": {"type": "array", "items": {"type": "integer"}}},
                "example": {"n": "many", "ids": ["1", "x"]}
            }
        }}}));
        assert!(document["components"]["schemas"]["Flag"].get("example").is_none());
        assert_eq!(document["components"]["schemas"]["Row"]["example"], json!({"ids": [1]}));
        assert_eq!(places.len(), 2);
    }

    #[test]
    fn parameter_and_media_type_examples_follow_their_schema() {
        let (document, places) = run(json!({"paths": {"/x": {"get": {
            "parameters": [{"name": "ignoreDeleted", "in": "query", "schema": {"type": "boolean"}, "example": "true"}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"count": {"type": "integer"}}},
                "examples": {"one": {"value": {"count": "1"}}}
            }}}}
        }}}}));
        let operation = &document["paths"]["/x"]["get"];
        assert_eq!(operation["parameters"][0]["example"], json!(true));
        assert_eq!(
            operation["responses"]["200"]["content"]["application/json"]["examples"]["one"]["value"]["count"],
            1
        );
        assert_eq!(places.len(), 2);
    }

    #[test]
    fn fitting_examples_and_reference_cycles_are_left_alone() {
        let document = json!({"components": {"schemas": {
            "Node": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "next": {"$ref": "#/components/schemas/Node"}},
                "example": {"id": 1, "next": {"id": 2, "next": {"id": 3}}}
            },
            "Loop": {"$ref": "#/components/schemas/Loop", "example": "anything"},
            "Nullable": {"type": "integer", "nullable": true, "example": null}
        }}});
        let (repaired, places) = run(document.clone());
        assert_eq!(repaired, document);
        assert!(places.is_empty());
    }
}
