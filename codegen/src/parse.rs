//! Stage 4: the repaired document as `openapiv3::OpenAPI`, plus the checks `openapiv3` does not make.
//!
//! In order: the `openapi` version must be 3.0.x (Swagger 2.0 and OpenAPI 3.1 are refused by name, not
//! with a confusing type error); the document is deserialized through `serde_path_to_error`, so a shape
//! error names the JSON pointer and line of the node; then every `$ref` must resolve inside the document
//! (external references are refused: bundle first), every operation needs an `operationId` that no other
//! operation has (the client's method names come from them), and every `{name}` of a path template needs an
//! `in: path` parameter and vice versa.

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::error::Result;
use crate::load::describe;
use crate::repair::walk;
use crate::source::{SourceMap, child};
use crate::template::Template;

/// Parses `document` as OpenAPI 3.0 and checks what the types cannot; errors are located via `source`.
pub fn parse(document: &Value, source: &SourceMap) -> Result<openapiv3::OpenAPI> {
    check_version(document, source)?;
    let openapi: openapiv3::OpenAPI = serde_path_to_error::deserialize(document).map_err(|error| {
        // openapiv3 flattens extensions into every object, so serde buffers each object and the path of an
        // error stops at the outermost one (often `/paths`). Deserializing the parts one by one finds the
        // innermost node that is wrong.
        let outer = Failure { pointer: pointer_of(error.path()), message: error.inner().to_string() };
        let failure = locate(document, &outer, source).unwrap_or(outer);
        source.error(&failure.pointer, format!("not a valid OpenAPI 3.0 document: {}", polish(&failure.message)))
    })?;
    check_refs(document, document, "", source)?;
    check_operation_ids(document, source)?;
    check_path_templates(document, source)?;
    Ok(openapi)
}

fn check_version(document: &Value, source: &SourceMap) -> Result<()> {
    match document.get("openapi") {
        Some(Value::String(version)) => {
            let mut parts = version.split('.');
            match (parts.next(), parts.next()) {
                (Some("3"), Some("0")) => Ok(()),
                (Some("3"), Some(minor)) => Err(source.error(
                    "/openapi",
                    format!("OpenAPI {version} is not supported: this generator reads OpenAPI 3.0.x (3.{minor} changed the schema dialect)"),
                )),
                _ => Err(source.error(
                    "/openapi",
                    format!("OpenAPI version `{version}` is not supported: this generator reads OpenAPI 3.0.x"),
                )),
            }
        }
        Some(other) => Err(source.error(
            "/openapi",
            format!("the OpenAPI version is {}; expected a string such as `3.0.3` (quote it)", describe(other)),
        )),
        None if document.get("swagger").is_some() => Err(source.error(
            "/swagger",
            "Swagger (OpenAPI 2.0) documents are not supported: convert the document to OpenAPI 3.0 first",
        )),
        None => {
            Err(source.error("", "not an OpenAPI document: there is no `openapi` field (expected `openapi: 3.0.x`)"))
        }
    }
}

/// A node that does not deserialize as what OpenAPI says it is, and why.
struct Failure {
    pointer: String,
    message: String,
}

/// What a node of the document should deserialize as.
#[derive(Clone, Copy)]
enum Kind {
    Info,
    Server,
    Tag,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityRequirement,
    SecurityScheme,
    Example,
}

/// The innermost node, under the outer error's pointer, that fails to deserialize as its kind.
///
/// Among the failing nodes, the ones with no failing node inside them are the precise places; of those,
/// the first in the file is reported.
fn locate(document: &Value, outer: &Failure, source: &SourceMap) -> Option<Failure> {
    let within = format!("{}/", outer.pointer);
    let mut failures: Vec<Failure> = Vec::new();
    for (pointer, kind) in candidates(document) {
        if pointer != outer.pointer && !pointer.starts_with(&within) {
            continue;
        }
        if let Some(failure) = document.pointer(&pointer).and_then(|node| attempt(node, kind, &pointer)) {
            failures.push(failure);
        }
    }
    let is_leaf = |failure: &Failure| {
        let prefix = format!("{}/", failure.pointer);
        !failures.iter().any(|other| other.pointer.starts_with(&prefix))
    };
    let best = failures
        .iter()
        .filter(|failure| is_leaf(failure))
        .min_by_key(|failure| (source.line(&failure.pointer).unwrap_or(u32::MAX), failure.pointer.clone()))?;
    Some(Failure { pointer: best.pointer.clone(), message: best.message.clone() })
}

/// Deserializes `node` as `kind`; the failure, if any, located as deep as serde can say.
fn attempt(node: &Value, kind: Kind, pointer: &str) -> Option<Failure> {
    use openapiv3 as o;
    fn one<T: serde::de::DeserializeOwned>(node: &Value, pointer: &str) -> Option<Failure> {
        let error = serde_path_to_error::deserialize::<_, T>(node).err()?;
        let inner = pointer_of(error.path());
        Some(Failure { pointer: format!("{pointer}{inner}"), message: error.inner().to_string() })
    }
    match kind {
        Kind::Info => one::<o::Info>(node, pointer),
        Kind::Server => one::<o::Server>(node, pointer),
        Kind::Tag => one::<o::Tag>(node, pointer),
        Kind::PathItem => one::<o::ReferenceOr<o::PathItem>>(node, pointer),
        Kind::Operation => one::<o::Operation>(node, pointer),
        Kind::Parameter => one::<o::ReferenceOr<o::Parameter>>(node, pointer),
        Kind::RequestBody => one::<o::ReferenceOr<o::RequestBody>>(node, pointer),
        Kind::Responses => one::<o::Responses>(node, pointer),
        Kind::Response => one::<o::ReferenceOr<o::Response>>(node, pointer),
        Kind::MediaType => one::<o::MediaType>(node, pointer),
        Kind::Header => one::<o::ReferenceOr<o::Header>>(node, pointer),
        Kind::Schema => one::<o::ReferenceOr<o::Schema>>(node, pointer),
        Kind::SecurityRequirement => one::<o::SecurityRequirement>(node, pointer),
        Kind::SecurityScheme => one::<o::ReferenceOr<o::SecurityScheme>>(node, pointer),
        Kind::Example => one::<o::ReferenceOr<o::Example>>(node, pointer),
    }
}

/// Every node whose OpenAPI kind is known from its place.
fn candidates(document: &Value) -> Vec<(String, Kind)> {
    // Children where OpenAPI has a mapping (`keys`) or a list (`items`); a node of the other shape has no
    // children here, so the error stays on the node itself.
    let keys = |pointer: &str| -> Vec<String> {
        document
            .pointer(pointer)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(key, _)| child(pointer, key))
            .collect()
    };
    let items = |pointer: &str| -> Vec<String> {
        let count = document.pointer(pointer).and_then(Value::as_array).map_or(0, Vec::len);
        (0..count).map(|index| child(pointer, &index.to_string())).collect()
    };
    let mut out = vec![("/info".to_owned(), Kind::Info)];
    out.extend(items("/servers").into_iter().map(|pointer| (pointer, Kind::Server)));
    out.extend(items("/tags").into_iter().map(|pointer| (pointer, Kind::Tag)));
    out.extend(items("/security").into_iter().map(|pointer| (pointer, Kind::SecurityRequirement)));
    for item in keys("/paths") {
        out.push((item.clone(), Kind::PathItem));
        out.extend(items(&child(&item, "parameters")).into_iter().map(|pointer| (pointer, Kind::Parameter)));
        for method in walk::METHODS {
            let operation = child(&item, method);
            if document.pointer(&operation).is_none() {
                continue;
            }
            out.push((operation.clone(), Kind::Operation));
            out.extend(items(&child(&operation, "parameters")).into_iter().map(|pointer| (pointer, Kind::Parameter)));
            out.extend(
                items(&child(&operation, "security")).into_iter().map(|pointer| (pointer, Kind::SecurityRequirement)),
            );
            let body = child(&operation, "requestBody");
            if document.pointer(&body).is_some() {
                out.push((body.clone(), Kind::RequestBody));
                media_types(document, &body, &mut out);
            }
            let responses = child(&operation, "responses");
            out.push((responses.clone(), Kind::Responses));
            for response in keys(&responses) {
                out.push((response.clone(), Kind::Response));
                media_types(document, &response, &mut out);
                out.extend(keys(&child(&response, "headers")).into_iter().map(|pointer| (pointer, Kind::Header)));
            }
        }
    }
    let sections: [(&str, Kind); 6] = [
        ("/components/parameters", Kind::Parameter),
        ("/components/requestBodies", Kind::RequestBody),
        ("/components/responses", Kind::Response),
        ("/components/headers", Kind::Header),
        ("/components/securitySchemes", Kind::SecurityScheme),
        ("/components/examples", Kind::Example),
    ];
    for (section, kind) in sections {
        for pointer in keys(section) {
            out.push((pointer.clone(), kind));
            if matches!(kind, Kind::RequestBody | Kind::Response) {
                media_types(document, &pointer, &mut out);
            }
        }
    }
    out.extend(walk::schemas(document).into_iter().map(|pointer| (pointer, Kind::Schema)));
    out
}

/// The media types under `content` of the object at `pointer`.
fn media_types(document: &Value, pointer: &str, out: &mut Vec<(String, Kind)>) {
    let content = child(pointer, "content");
    for (media, _) in document.pointer(&content).and_then(Value::as_object).into_iter().flatten() {
        out.push((child(&content, media), Kind::MediaType));
    }
}

/// serde's words in OpenAPI's: `expected struct PathItem` → `expected a mapping (an OpenAPI PathItem object)`.
fn polish(message: &str) -> String {
    let message = message
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map,", "invalid type: mapping,");
    match message.split_once("expected struct ") {
        Some((before, name)) => format!("{before}expected a mapping (an OpenAPI {name} object)"),
        None => message,
    }
}

/// The JSON pointer of a `serde_path_to_error` path.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter().fold(String::new(), |pointer, segment| match segment {
        Segment::Seq { index } => child(&pointer, &index.to_string()),
        Segment::Map { key } => child(&pointer, key),
        // Enum variants and unknown steps are not nodes of the document.
        Segment::Enum { .. } | Segment::Unknown => pointer,
    })
}

/// Every `$ref` of the document resolves to a node of the document.
fn check_refs(document: &Value, node: &Value, pointer: &str, source: &SourceMap) -> Result<()> {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                check_ref(document, reference, &child(pointer, "$ref"), source)?;
            }
            for (key, value) in map {
                // Examples and extensions are data, not OpenAPI: a `$ref` inside them is just text.
                if key == "example" || key.starts_with("x-") || (key == "value" && is_example_object(pointer)) {
                    continue;
                }
                check_refs(document, value, &child(pointer, key), source)?;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_refs(document, item, &child(pointer, &index.to_string()), source)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Is the object at `pointer` an Example object (`…/examples/<name>`), whose `value` is data?
fn is_example_object(pointer: &str) -> bool {
    pointer.rsplit_once('/').is_some_and(|(parent, _)| parent.ends_with("/examples"))
}

fn check_ref(document: &Value, reference: &str, pointer: &str, source: &SourceMap) -> Result<()> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(source.error(
            pointer,
            format!("external reference `{reference}` is not supported: bundle the document into one file"),
        ));
    };
    if !fragment.starts_with('/') {
        return Err(source.error(pointer, format!("`{reference}` is not a JSON pointer reference (`#/components/…`)")));
    }
    // A `$ref` is a URI: its fragment's `%XX` escapes are decoded before it is read as a JSON pointer.
    let target = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| source.error(pointer, format!("`{reference}` has %-escapes that do not decode to UTF-8 text")))?;
    if document.pointer(&target).is_none() {
        return Err(source.error(pointer, format!("`{reference}` points to nothing in this document")));
    }
    // Later stages look a reference up by component name, so it must name a component of the right kind.
    let holder = pointer.strip_suffix("/$ref").unwrap_or(pointer);
    if let Some(section) = expected_section(holder) {
        let tokens: Vec<&str> = target.split('/').collect();
        if !matches!(tokens.as_slice(), ["", "components", found, _] if *found == section) {
            return Err(source.error(
                pointer,
                format!("`{reference}` stands where a component of `{section}` belongs; it must name one: `#/components/{section}/<name>`"),
            ));
        }
    }
    Ok(())
}

/// The components section a `$ref` held by the object at `holder` must point into, judged from where the
/// object sits; `None` where OpenAPI 3.0 has no component section (a path item).
fn expected_section(holder: &str) -> Option<&'static str> {
    const SECTIONS: [&str; 9] = [
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
    ];
    let tokens: Vec<&str> = holder.split('/').skip(1).collect();
    let last = tokens.last().copied()?;
    let parent = tokens.len().checked_sub(2).and_then(|index| tokens.get(index)).copied();
    // A component defined as a reference to another of its section.
    if let ["components", section, _] = tokens.as_slice() {
        return SECTIONS.iter().find(|known| *known == section).copied();
    }
    // Inside schemas first: a property may be named like any OpenAPI field.
    if parent == Some("properties") || matches!(parent, Some("allOf" | "anyOf" | "oneOf")) {
        return Some("schemas");
    }
    if matches!(last, "schema" | "items" | "additionalProperties" | "not") {
        return Some("schemas");
    }
    if last == "requestBody" {
        return Some("requestBodies");
    }
    match parent {
        Some("parameters") => Some("parameters"),
        Some("responses") => Some("responses"),
        Some("headers") => Some("headers"),
        Some("examples") => Some("examples"),
        Some("links") => Some("links"),
        Some("callbacks") => Some("callbacks"),
        _ => None,
    }
}

/// Every operation has an `operationId`, and no two share one.
fn check_operation_ids(document: &Value, source: &SourceMap) -> Result<()> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for operation in walk::operations(document) {
        let pointer = child(&operation.pointer, "operationId");
        let Some(id) = document.pointer(&pointer).and_then(Value::as_str) else {
            return Err(source.error(
                &operation.pointer,
                format!(
                    "the operation {} {} has no operationId; the client names its method after it (add one with the overlay)",
                    operation.method.to_uppercase(),
                    operation.path
                ),
            ));
        };
        if let Some(first) = seen.get(id) {
            let first_line = source.line(first).map(|line| format!(" (line {line})")).unwrap_or_default();
            return Err(source.error(
                &pointer,
                format!("duplicate operationId `{id}`: also used at {first}{first_line}; operationIds must be unique"),
            ));
        }
        seen.insert(id.to_owned(), pointer);
    }
    Ok(())
}

/// Every `{name}` of a path template has an `in: path` parameter, and every path parameter is in the template.
fn check_path_templates(document: &Value, source: &SourceMap) -> Result<()> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths {
        let item_pointer = child("/paths", path);
        let template = Template::parse(path)
            .map_err(|error| source.error(&item_pointer, format!("the path template `{path}` {error}")))?;
        let names: Vec<&str> = template.names().collect();
        let shared = path_params(document, item.get("parameters"), &child(&item_pointer, "parameters"));
        for operation in walk::operations(document).into_iter().filter(|operation| &operation.path == path) {
            let own = path_params(
                document,
                document.pointer(&child(&operation.pointer, "parameters")),
                &child(&operation.pointer, "parameters"),
            );
            // The operation's parameters override the path item's of the same name.
            let mut effective: BTreeMap<String, String> = shared.clone();
            effective.extend(own);
            for name in &names {
                if !effective.contains_key(*name) {
                    return Err(source.error(
                        &operation.pointer,
                        format!(
                            "the path template has `{{{name}}}` but the operation has no `in: path` parameter `{name}`"
                        ),
                    ));
                }
            }
            for (name, pointer) in &effective {
                if !names.contains(&name.as_str()) {
                    return Err(source.error(
                        pointer,
                        format!("the path parameter `{name}` does not appear in the path template `{path}`"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `in: path` parameters of a parameter list (following local `$ref`s), by name → pointer.
fn path_params(document: &Value, list: Option<&Value>, pointer: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (index, item) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(parameter) = walk::resolve(document, item) else {
            continue;
        };
        if parameter.get("in").and_then(Value::as_str) == Some("path")
            && let Some(name) = parameter.get("name").and_then(Value::as_str)
        {
            out.insert(name.to_owned(), child(pointer, &index.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn parse_text(text: &str) -> Result<openapiv3::OpenAPI> {
        let loaded = load_str("spec.yaml", text)?;
        parse(&loaded.value, &loaded.source)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_valid_document_parses() {
        let text = format!(
            "{HEAD}paths:\n  /a/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n    get:\n      operationId: getA\n      responses:\n        '200': {{description: OK, content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\ncomponents:\n  schemas:\n    A: {{type: object, example: {{$ref: not-a-ref}}}}\n"
        );
        let openapi = parse_text(&text).unwrap();
        assert_eq!(openapi.paths.paths.len(), 1);
    }

    #[test]
    fn what_openapiv3_accepts_but_we_do_not() {
        let error = parse_text(&format!("{HEAD}paths:\n  /a:\n    get: {{responses: {{}}}}\n")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec.yaml:5: at /paths/~1a/get: the operation GET /a has no operationId; the client names its method after it (add one with the overlay)"
        );
        let error = parse_text(&format!("{HEAD}paths:\n  /a/{{b}}}}:\n    get: {{operationId: x, responses: {{}}}}\n"))
            .unwrap_err();
        assert!(error.to_string().contains("unbalanced braces"), "{error}");
        let error = parse_text(&format!(
            "{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{$ref: '#/components/schemas/B%20C'}}, 'B C': {{}}}}}}\n"
        ));
        assert!(error.is_ok(), "{error:?}");
        let error = parse_text(&format!(
            "{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{$ref: '#/components/schemas/B%FF'}}}}}}\n"
        ))
        .unwrap_err();
        assert!(error.to_string().contains("%-escapes that do not decode to UTF-8"), "{error}");
    }
}
