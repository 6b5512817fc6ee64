//! Requests to operations: the path templates of the description matched segment by segment, and the
//! parameters read in their described types.

use std::collections::BTreeMap;

use alfadocs_runtime::Method;
use alfadocs_runtime::description::{ApiDescription, Operation, Param, ParamLocation, Type};
use chrono::NaiveDate;
use serde_json::Value;

use crate::dialect::parse_date;

/// One segment of a path template.
#[derive(Debug, Clone)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

/// The operations of a description, ready to match.
#[derive(Debug, Clone)]
pub struct Routes {
    routes: Vec<(Vec<Segment>, &'static Operation)>,
}

/// What a request path matched.
#[derive(Debug)]
pub enum Matched {
    /// An operation, with the path parameters' raw values.
    Operation(&'static Operation, BTreeMap<&'static str, String>),
    /// A known path, not with this method.
    WrongMethod,
    /// No operation has this path.
    Unknown,
}

impl Routes {
    /// The routes of every operation of `api`; paths with more literal segments are tried first, so that
    /// `…/documents/{documentId}/download` never passes for a parameter.
    pub fn new(api: &ApiDescription) -> Self {
        let mut routes: Vec<(Vec<Segment>, &'static Operation)> = api
            .operations()
            .map(|(_, operation)| {
                let segments = operation
                    .path
                    .split('/')
                    .filter(|segment| !segment.is_empty())
                    .map(|segment| match segment.strip_prefix('{').and_then(|name| name.strip_suffix('}')) {
                        Some(name) => Segment::Param(name),
                        None => Segment::Literal(segment),
                    })
                    .collect();
                (segments, operation)
            })
            .collect();
        let literals = |segments: &[Segment]| segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
        routes.sort_by_key(|(segments, _)| std::cmp::Reverse(literals(segments)));
        Self { routes }
    }

    /// The operation `method path` calls (`path` without the base URL's `/api`).
    pub fn find(&self, method: Method, path: &str) -> Matched {
        let parts: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
        let mut known_path = false;
        for (segments, operation) in &self.routes {
            let Some(params) = matches(segments, &parts) else { continue };
            if operation.method == method {
                return Matched::Operation(operation, params);
            }
            known_path = true;
        }
        if known_path { Matched::WrongMethod } else { Matched::Unknown }
    }
}

fn matches(segments: &[Segment], parts: &[&str]) -> Option<BTreeMap<&'static str, String>> {
    let literal_differs =
        |(segment, part): (&Segment, &&str)| matches!(segment, Segment::Literal(literal) if literal != part);
    // Most templates differ from the path in a literal: they are passed over before any parameter is decoded.
    if segments.len() != parts.len() || segments.iter().zip(parts).any(literal_differs) {
        return None;
    }
    let mut params = BTreeMap::new();
    for (segment, part) in segments.iter().zip(parts) {
        if let Segment::Param(name) = segment {
            params.insert(*name, percent_decode(part)?);
        }
    }
    Some(params)
}

fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|text| text.into_owned())
}

/// The arguments of one call: each parameter's value, read in its type.
#[derive(Debug, Clone, Default)]
pub struct Arguments {
    values: BTreeMap<&'static str, Value>,
}

impl Arguments {
    /// Reads the path and query parameters of `operation`; the error names the parameter.
    pub fn read(
        operation: &'static Operation,
        path: &BTreeMap<&'static str, String>,
        query: &[(String, String)],
    ) -> Result<Self, String> {
        let mut values = BTreeMap::new();
        for param in operation.params {
            let raw: Vec<&str> = match param.location {
                ParamLocation::Path => path.get(param.wire_name).map(String::as_str).into_iter().collect(),
                ParamLocation::Query => {
                    query.iter().filter(|(name, _)| name == param.wire_name).map(|(_, value)| value.as_str()).collect()
                }
                ParamLocation::Header => Vec::new(),
            };
            if raw.is_empty() {
                if param.required && param.location != ParamLocation::Header {
                    return Err(format!("the parameter `{}` is required", param.wire_name));
                }
                continue;
            }
            values.insert(param.wire_name, value_of(param, &raw)?);
        }
        Ok(Self { values })
    }

    /// The value of the parameter `name`, if it was given.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The whole-number parameter `name`.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    /// The date parameter `name`.
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.get(name).and_then(Value::as_str).and_then(parse_date)
    }

    /// Every parameter given, by wire name.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(name, value)| (*name, value))
    }
}

fn value_of(param: &Param, raw: &[&str]) -> Result<Value, String> {
    let invalid = |text: &str| format!("the parameter `{}` has the invalid value \"{text}\"", param.wire_name);
    match &param.ty {
        Type::List(item) => {
            let texts = raw.iter().flat_map(|text| {
                let split: Vec<&str> = if param.explode { vec![*text] } else { text.split(',').collect() };
                split
            });
            texts
                .map(|text| scalar(item, text).ok_or_else(|| invalid(text)))
                .collect::<Result<_, _>>()
                .map(Value::Array)
        }
        ty => {
            let text = raw.last().copied().unwrap_or_default();
            scalar(ty, text).ok_or_else(|| invalid(text))
        }
    }
}

fn scalar(ty: &Type, text: &str) -> Option<Value> {
    match ty {
        Type::Int => text.parse::<i64>().ok().map(Value::from),
        Type::Number => text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number),
        Type::Bool => match text {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Date => parse_date(text).map(|_| Value::from(text)),
        _ => Some(Value::from(text)),
    }
}

#[cfg(test)]
mod tests {
    use alfadocs::description::API;

    use super::*;

    #[test]
    fn paths_find_their_operation_and_parameters() {
        let routes = Routes::new(&API);
        let Matched::Operation(operation, params) =
            routes.find(Method::Get, "/v1/practices/1/archives/2/patients/3/documents/4/download")
        else {
            panic!("no match");
        };
        assert_eq!(operation.id, "downloadDocument");
        assert_eq!(params.get("documentId").map(String::as_str), Some("4"));
        assert!(matches!(routes.find(Method::Put, "/v1/me"), Matched::WrongMethod));
        assert!(matches!(routes.find(Method::Get, "/v1/nothing"), Matched::Unknown));
    }

    #[test]
    fn parameters_are_read_in_their_types() {
        let operation = API.operation("getFreeSlots").unwrap();
        let path = BTreeMap::from([
            ("practiceId", "1".to_owned()),
            ("archiveId", "2".to_owned()),
            ("startDate", "2026-01-05".to_owned()),
        ]);
        let query = vec![("duration".to_owned(), "30".to_owned()), ("operatorIds".to_owned(), "4,5".to_owned())];
        let arguments = Arguments::read(operation, &path, &query).unwrap();
        assert_eq!(arguments.get("operatorIds"), Some(&serde_json::json!([4, 5])));
        assert_eq!(arguments.date("startDate"), NaiveDate::from_ymd_opt(2026, 1, 5));
        let missing = Arguments::read(operation, &path, &[]).unwrap_err();
        assert_eq!(missing, "the parameter `duration` is required");
        let wrong = Arguments::read(operation, &path, &[("duration".to_owned(), "half".to_owned())]).unwrap_err();
        assert_eq!(wrong, "the parameter `duration` has the invalid value \"half\"");
    }
}
