//! Stage 1: reads a YAML (or JSON) file into a `serde_json::Value` and a [`SourceMap`] of its lines.
//!
//! Two readers look at the same text, each for what it does best:
//!
//! - `serde_norway` decides the *values*: YAML 1.2 core resolution (`1.1.1` is a string, `true` a boolean,
//!   `2018` an integer, anything quoted a string), aliases expanded with its limits against alias bombs, and
//!   good syntax errors with line and column.
//! - a `yaml-rust2` event pass decides the *lines*: every mapping value and sequence item gets the line of
//!   its key or item, by JSON pointer. The same pass rejects what the value reader would silently accept
//!   or report without a location: duplicate keys and keys that are not scalars.
//!
//! The value is then converted to JSON data: mapping keys become strings (`200:` is the response code
//! `"200"`), YAML tags and float or null keys are rejected, and the top level must be a mapping. Key order
//! is kept (serde_json's `preserve_order`), so everything downstream sees the file's order.

use std::collections::BTreeMap;
use std::panic;
use std::path::Path;
use std::thread;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};

use crate::error::{Error, Result};
use crate::source::{SourceMap, child};

/// A loaded file: its data and where each node of it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's content as JSON data, in the file's key order.
    pub value: Value,
    /// The line of each node, by JSON pointer, and the file name used in messages.
    pub source: SourceMap,
}

/// Reads and loads the file at `path`; messages name the file as `path` was given.
pub fn load_file(path: &Path) -> Result<Loaded> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|error| Error::new(format!("cannot read the file: {error}")).in_file(name.clone()))?;
    load_str(&name, &text)
}

/// Loads `text`, naming it `name` in messages and in the returned [`SourceMap`].
pub fn load_str(name: &str, text: &str) -> Result<Loaded> {
    // The two readers are independent, so they read at the same time, each on a core. The event pass's
    // errors come first: a duplicate key is reported with its pointer and both lines, which the value reader
    // cannot do. Its own syntax errors are not reported: the value reader's are better, and if the value
    // reader accepts the text after all, the lines gathered so far are still useful.
    let (source, yaml) = thread::scope(|scope| {
        let lines = scope.spawn(|| scan(name, text));
        let yaml = serde_norway::from_str::<serde_norway::Value>(text);
        // `scan` returns its errors; it panics only where it has a bug, which is passed on as it is.
        (lines.join().unwrap_or_else(|panic| panic::resume_unwind(panic)), yaml)
    });
    let source = source?;
    if text.trim().is_empty() {
        return Err(Error::new("the file is empty; expected a YAML or JSON mapping").in_file(name));
    }
    let yaml = yaml.map_err(|error| yaml_error(name, &error))?;
    let value = to_json(yaml, "", &source)?;
    if !value.is_object() {
        return Err(source.error("", format!("the top level is {}; expected a mapping", describe(&value))));
    }
    Ok(Loaded { value, source })
}

/// A syntax error of the value reader, at its line (column in the message).
fn yaml_error(name: &str, error: &serde_norway::Error) -> Error {
    let mut message = error.to_string();
    let mut line = None;
    if let Some(location) = error.location() {
        // serde_norway appends " at line L column C" to its own messages: the line moves into the located
        // error, the column stays in the words. libyaml's messages name their lines inside (and may name
        // two places: where the problem was seen and where the construct began), so they stay as they are.
        let suffix = format!(" at line {} column {}", location.line(), location.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = format!("{stripped} (column {})", location.column());
        } else if !message.contains(" at line ") {
            message = format!("{message} (column {})", location.column());
        }
        line = u32::try_from(location.line()).ok();
    }
    Error::new(format!("not valid YAML: {message}")).in_file(name).at_line(line)
}

/// What a value is, for messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null (empty)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// One open collection of the event pass.
enum Frame {
    Mapping {
        pointer: String,
        /// Keys seen so far, with their lines, to find duplicates.
        keys: BTreeMap<String, u32>,
        /// The key whose value comes next, with its pointer and line; `None` while a key is expected.
        pending: Option<(String, u32)>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
}

/// The event pass: the line of every node by JSON pointer, and the structural errors only it can locate.
fn scan(name: &str, text: &str) -> Result<SourceMap> {
    let mut source = SourceMap::new(name);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0u32;
    loop {
        let Ok((event, mark)) = parser.next_token() else {
            // A syntax error: the value reader reports it better (see `load_str`).
            return Ok(source);
        };
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
        let starts = match &event {
            Event::StreamEnd => return Ok(source),
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(Error::new(
                        "a second YAML document starts here; the file must hold exactly one document",
                    )
                    .in_file(name)
                    .at_line(Some(line)));
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                None
            }
            Event::Scalar(..) | Event::Alias(_) => Some(false),
            Event::SequenceStart(..) | Event::MappingStart(..) => Some(true),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => None,
        };
        let Some(is_collection) = starts else {
            continue;
        };
        // Where does this node sit: root, key, value or item?
        let pointer = match stack.last_mut() {
            None => {
                source.insert(String::new(), line);
                String::new()
            }
            Some(Frame::Mapping { pointer, keys, pending }) => match pending.take() {
                Some((value_pointer, key_line)) => {
                    // A mapping value lives on its key's line: that is where a reader looks for it.
                    source.insert(value_pointer.clone(), key_line);
                    value_pointer
                }
                None => {
                    let Event::Scalar(key, ..) = &event else {
                        let what = if matches!(event, Event::Alias(_)) { "an alias" } else { "a list or mapping" };
                        return Err(Error::new(format!("a mapping key is {what}; OpenAPI keys must be plain strings"))
                            .in_file(name)
                            .at_line(Some(line))
                            .at_pointer(pointer.clone()));
                    };
                    let key_pointer = child(pointer, key);
                    if let Some(first) = keys.get(key) {
                        return Err(Error::new(format!(
                            "duplicate key `{key}` (first on line {first}); YAML keys must be unique"
                        ))
                        .in_file(name)
                        .at_line(Some(line))
                        .at_pointer(key_pointer));
                    }
                    keys.insert(key.clone(), line);
                    *pending = Some((key_pointer, line));
                    continue;
                }
            },
            Some(Frame::Sequence { pointer, next }) => {
                let item = child(pointer, &next.to_string());
                *next += 1;
                source.insert(item.clone(), line);
                item
            }
        };
        if is_collection {
            stack.push(match event {
                Event::MappingStart(..) => Frame::Mapping { pointer, keys: BTreeMap::new(), pending: None },
                _ => Frame::Sequence { pointer, next: 0 },
            });
        }
    }
}

/// Converts the value reader's tree to JSON data, locating what JSON cannot hold.
fn to_json(value: serde_norway::Value, pointer: &str, source: &SourceMap) -> Result<Value> {
    Ok(match value {
        serde_norway::Value::Null => Value::Null,
        serde_norway::Value::Bool(boolean) => Value::Bool(boolean),
        serde_norway::Value::Number(number) => Value::Number(json_number(&number, pointer, source)?),
        serde_norway::Value::String(string) => Value::String(string),
        serde_norway::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| to_json(item, &child(pointer, &index.to_string()), source))
                .collect::<Result<_>>()?,
        ),
        serde_norway::Value::Mapping(mapping) => {
            let mut object = Map::with_capacity(mapping.len());
            for (key, item) in mapping {
                let key = json_key(key, pointer, source)?;
                let item_pointer = child(pointer, &key);
                let item = to_json(item, &item_pointer, source)?;
                // `200` and `'200'` are different YAML keys but the same JSON key.
                if object.insert(key.clone(), item).is_some() {
                    return Err(source.error(
                        &item_pointer,
                        format!("duplicate key `{key}` (the same key written twice, once quoted)"),
                    ));
                }
            }
            Value::Object(object)
        }
        serde_norway::Value::Tagged(tagged) => {
            return Err(source.error(
                pointer,
                format!("YAML tag `{}` is not supported; OpenAPI documents use plain YAML data", tagged.tag),
            ));
        }
    })
}

/// A YAML number as a JSON number; NaN and infinities have no JSON form.
fn json_number(number: &serde_norway::Number, pointer: &str, source: &SourceMap) -> Result<Number> {
    if let Some(integer) = number.as_i64() {
        return Ok(Number::from(integer));
    }
    if let Some(integer) = number.as_u64() {
        return Ok(Number::from(integer));
    }
    number
        .as_f64()
        .and_then(Number::from_f64)
        .ok_or_else(|| source.error(pointer, format!("the number `{number}` has no JSON form (NaN or infinite)")))
}

/// A mapping key as a string: OpenAPI keys are strings, but YAML reads `200:` as an integer.
fn json_key(key: serde_norway::Value, pointer: &str, source: &SourceMap) -> Result<String> {
    match key {
        serde_norway::Value::String(key) if key == "<<" => {
            Err(source.error(pointer, "YAML merge keys (`<<`) are not supported; write the keys out (or use a `$ref`)"))
        }
        serde_norway::Value::String(key) => Ok(key),
        serde_norway::Value::Bool(key) => Ok(key.to_string()),
        serde_norway::Value::Number(number) if number.is_i64() || number.is_u64() => Ok(number.to_string()),
        other => {
            // The key's own pointer has the line of the key (the event pass wrote it down as text).
            let pointer = match &other {
                serde_norway::Value::Number(number) => child(pointer, &number.to_string()),
                _ => pointer.to_owned(),
            };
            let what = match other {
                serde_norway::Value::Null => "null",
                serde_norway::Value::Number(_) => "a decimal number",
                serde_norway::Value::Sequence(_) => "a list",
                serde_norway::Value::Mapping(_) => "a mapping",
                _ => "a tagged value",
            };
            Err(source.error(&pointer, format!("a mapping key is {what}; quote it to make it a string")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_yaml_core_resolution_and_keys_become_strings() {
        let loaded = load_str(
            "spec.yaml",
            "openapi: 3.0.3\ninfo:\n  version: 1.1.1\n  year: 2018\n  flag: true\n  quoted: '2018'\nresponses:\n  200: {description: OK}\n",
        )
        .unwrap();
        assert_eq!(loaded.value["openapi"], "3.0.3");
        assert_eq!(loaded.value["info"]["version"], "1.1.1");
        assert_eq!(loaded.value["info"]["year"], 2018);
        assert_eq!(loaded.value["info"]["flag"], true);
        assert_eq!(loaded.value["info"]["quoted"], "2018");
        assert_eq!(loaded.value["responses"]["200"]["description"], "OK");
        let keys: Vec<&String> = loaded.value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "info", "responses"]);
    }

    #[test]
    fn lines_are_those_of_keys_and_items() {
        let text =
            "openapi: 3.0.3\npaths:\n  /v1/me:\n    get:\n      parameters:\n        - name: a\n        - {name: b}\n";
        let loaded = load_str("spec.yaml", text).unwrap();
        let source = &loaded.source;
        assert_eq!(source.line(""), Some(1));
        assert_eq!(source.line("/paths"), Some(2));
        assert_eq!(source.line("/paths/~1v1~1me"), Some(3));
        assert_eq!(source.line("/paths/~1v1~1me/get"), Some(4));
        assert_eq!(source.line("/paths/~1v1~1me/get/parameters/0"), Some(6));
        assert_eq!(source.line("/paths/~1v1~1me/get/parameters/1/name"), Some(7));
    }

    #[test]
    fn json_is_yaml() {
        let loaded = load_str("spec.json", "{\"openapi\": \"3.0.0\", \"paths\": {\"/a\": {}}}").unwrap();
        assert_eq!(loaded.value["paths"]["/a"], serde_json::json!({}));
        assert_eq!(loaded.source.line("/paths/~1a"), Some(1));
    }

    #[test]
    fn aliases_are_expanded() {
        let loaded = load_str("spec.yaml", "a: &x {b: 1}\nc: *x\n").unwrap();
        assert_eq!(loaded.value["c"]["b"], 1);
    }

    #[test]
    fn bad_inputs_are_located() {
        let error = load_str("x.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "x.yaml:4: at /b/c: duplicate key `c` (first on line 3); YAML keys must be unique"
        );
        let error = load_str("x.yaml", "- 1\n- 2\n").unwrap_err();
        assert_eq!(error.to_string(), "x.yaml:1: at the document root: the top level is a list; expected a mapping");
        let error = load_str("x.yaml", "a: !custom 1\n").unwrap_err();
        assert!(error.to_string().starts_with("x.yaml:1: at /a: YAML tag `!custom`"), "{error}");
        let error = load_str("x.yaml", "a: [1, 2\n").unwrap_err();
        assert!(error.to_string().starts_with("x.yaml:2: not valid YAML"), "{error}");
        let error = load_str("x.yaml", "  \n").unwrap_err();
        assert_eq!(error.to_string(), "x.yaml: the file is empty; expected a YAML or JSON mapping");
        let error = load_str("x.yaml", "a:\n  ? [1]\n  : 2\n").unwrap_err();
        assert!(error.to_string().contains("at /a: a mapping key is a list or mapping"), "{error}");
        let error = load_str("x.yaml", "a:\n  1.5: x\n").unwrap_err();
        assert!(error.to_string().contains("x.yaml:2: at /a/1.5: a mapping key is a decimal number"), "{error}");
    }

    #[test]
    fn unreadable_files_are_named() {
        let error = load_file(Path::new("/nonexistent/spec.yaml")).unwrap_err();
        assert!(error.to_string().starts_with("/nonexistent/spec.yaml: cannot read the file"), "{error}");
    }
}
