//! Finding things by shape in a raw OpenAPI 3.0 document (operations, parameters, schemas), and removing a
//! node found.
//!
//! The repair rules run before the document is known to be valid, so nothing here assumes a shape: a node
//! that is not what OpenAPI says it should be is skipped (`parse` reports it later, located). Every list is
//! in document order, so rules touch places in a deterministic order.

use serde_json::Value;

use crate::source::child;

/// The HTTP methods an OpenAPI 3.0 path item can hold.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation: its path template, method and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The path template (the key under `paths`).
    pub path: String,
    /// The lower-case HTTP method.
    pub method: String,
    /// The operation object's JSON pointer.
    pub pointer: String,
}

/// Every operation of the document, in document order.
pub fn operations(document: &Value) -> Vec<Operation> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            if METHODS.contains(&method.as_str()) && operation.is_object() {
                out.push(Operation {
                    path: path.clone(),
                    method: method.clone(),
                    pointer: child(&child("/paths", path), method),
                });
            }
        }
    }
    out
}

/// A list of parameters: a path item's or an operation's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterList {
    /// The path template the parameters belong to.
    pub path: String,
    /// The list's JSON pointer (`…/parameters`).
    pub pointer: String,
}

/// Every parameter list under `paths` (path-item level first, then each operation's), in document order.
pub fn parameter_lists(document: &Value) -> Vec<ParameterList> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_pointer = child("/paths", path);
        if item.get("parameters").is_some_and(Value::is_array) {
            out.push(ParameterList { path: path.clone(), pointer: child(&item_pointer, "parameters") });
        }
        for (method, operation) in item {
            if METHODS.contains(&method.as_str()) && operation.get("parameters").is_some_and(Value::is_array) {
                out.push(ParameterList {
                    path: path.clone(),
                    pointer: child(&child(&item_pointer, method), "parameters"),
                });
            }
        }
    }
    out
}

/// The pointers of every parameter object written out (not a `$ref`): in the lists under `paths` and in
/// `components/parameters`, in document order.
pub fn parameters(document: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for list in parameter_lists(document) {
        if let Some(items) = document.pointer(&list.pointer).and_then(Value::as_array) {
            for (index, item) in items.iter().enumerate() {
                if item.is_object() && item.get("$ref").is_none() {
                    out.push(child(&list.pointer, &index.to_string()));
                }
            }
        }
    }
    if let Some(components) = document.pointer("/components/parameters").and_then(Value::as_object) {
        for (name, item) in components {
            if item.is_object() && item.get("$ref").is_none() {
                out.push(child("/components/parameters", name));
            }
        }
    }
    out
}

/// Follows one local `$ref` (`#/…`) if `node` is a reference; otherwise `node` itself.
pub fn resolve<'a>(document: &'a Value, node: &'a Value) -> Option<&'a Value> {
    match node.get("$ref") {
        Some(Value::String(reference)) => reference.strip_prefix('#').and_then(|pointer| document.pointer(pointer)),
        Some(_) => None,
        None => Some(node),
    }
}

/// Removes the node at `pointer` from its parent mapping or list.
pub fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, token)) = pointer.rsplit_once('/') else {
        return;
    };
    let token = token.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&token);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = token.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// The pointers of every schema object in the document, parents before their children, in document order.
///
/// Schemas are found where OpenAPI 3.0 puts them: `components/schemas`, parameter and header `schema`s,
/// `content` media types (request bodies, responses, parameters, headers, in operations and in
/// components), and inside schemas (`properties`, `items`, `additionalProperties`, `allOf`/`anyOf`/`oneOf`,
/// `not`). A `$ref` is not followed: the schema it names is visited where it is defined.
pub fn schemas(document: &Value) -> Vec<String> {
    // Each node is visited with its pointer in hand rather than looked up again by it: the rules walk the
    // schemas one after another, and looking every schema up from the root was a tenth of a generator run.
    let mut roots = Vec::new();
    if let Some(components) = document.get("components").and_then(Value::as_object) {
        for (name, schema) in components.get("schemas").and_then(Value::as_object).into_iter().flatten() {
            if schema.is_object() {
                roots.push((child("/components/schemas", name), schema));
            }
        }
        for (name, holder) in components.get("parameters").and_then(Value::as_object).into_iter().flatten() {
            holder_schemas(holder, &child("/components/parameters", name), &mut roots);
        }
        for (name, holder) in components.get("headers").and_then(Value::as_object).into_iter().flatten() {
            holder_schemas(holder, &child("/components/headers", name), &mut roots);
        }
        for (name, body) in components.get("requestBodies").and_then(Value::as_object).into_iter().flatten() {
            content_schemas(body, &child("/components/requestBodies", name), &mut roots);
        }
        for (name, response) in components.get("responses").and_then(Value::as_object).into_iter().flatten() {
            response_schemas(response, &child("/components/responses", name), &mut roots);
        }
    }
    for list in parameter_lists(document) {
        let items = document.pointer(&list.pointer).and_then(Value::as_array).into_iter().flatten();
        for (index, holder) in items.enumerate() {
            holder_schemas(holder, &child(&list.pointer, &index.to_string()), &mut roots);
        }
    }
    for operation in operations(document) {
        let Some(node) = document.pointer(&operation.pointer) else {
            continue;
        };
        if let Some(body) = node.get("requestBody") {
            content_schemas(body, &child(&operation.pointer, "requestBody"), &mut roots);
        }
        let responses = child(&operation.pointer, "responses");
        for (code, response) in node.get("responses").and_then(Value::as_object).into_iter().flatten() {
            response_schemas(response, &child(&responses, code), &mut roots);
        }
    }
    let mut out = Vec::new();
    for (pointer, schema) in roots {
        nested_schemas(schema, pointer, &mut out);
    }
    out
}

/// The `schema` and `content` schemas of a parameter or header, `holder` at `pointer`.
fn holder_schemas<'a>(holder: &'a Value, pointer: &str, out: &mut Vec<(String, &'a Value)>) {
    if holder.get("$ref").is_some() {
        return;
    }
    if let Some(schema) = holder.get("schema").filter(|schema| schema.is_object()) {
        out.push((child(pointer, "schema"), schema));
    }
    content_schemas(holder, pointer, out);
}

/// The schemas of the media types under `content` of `node`, at `pointer`.
fn content_schemas<'a>(node: &'a Value, pointer: &str, out: &mut Vec<(String, &'a Value)>) {
    let content = child(pointer, "content");
    for (media, item) in node.get("content").and_then(Value::as_object).into_iter().flatten() {
        if let Some(schema) = item.get("schema").filter(|schema| schema.is_object()) {
            out.push((child(&child(&content, media), "schema"), schema));
        }
    }
}

/// The content and header schemas of `response`, at `pointer`.
fn response_schemas<'a>(response: &'a Value, pointer: &str, out: &mut Vec<(String, &'a Value)>) {
    if response.get("$ref").is_some() {
        return;
    }
    content_schemas(response, pointer, out);
    let headers = child(pointer, "headers");
    for (name, holder) in response.get("headers").and_then(Value::as_object).into_iter().flatten() {
        holder_schemas(holder, &child(&headers, name), out);
    }
}

/// `schema` (at `pointer`) and every schema inside it, parents first.
fn nested_schemas(schema: &Value, pointer: String, out: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        return;
    };
    if schema.contains_key("$ref") {
        return;
    }
    let mut children = Vec::new();
    let properties = child(&pointer, "properties");
    for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        if property.is_object() {
            children.push((child(&properties, name), property));
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(nested) = schema.get(key).filter(|nested| nested.is_object()) {
            children.push((child(&pointer, key), nested));
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (index, item) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            if item.is_object() {
                children.push((child(&child(&pointer, key), &index.to_string()), item));
            }
        }
    }
    out.push(pointer);
    for (pointer, nested) in children {
        nested_schemas(nested, pointer, out);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schemas_are_found_where_openapi_puts_them() {
        let document = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}},
                    "responses": {"200": {"description": "", "headers": {"h": {"schema": {"type": "string"}}}, "content": {"a/b": {"schema": {"items": {"$ref": "#/x"}}}}}}
                }
            }},
            "components": {"schemas": {"S": {"allOf": [{"type": "object"}], "additionalProperties": true}}, "parameters": {"P": {"schema": {"type": "string"}}}}
        });
        assert_eq!(
            schemas(&document),
            [
                "/components/schemas/S",
                "/components/schemas/S/allOf/0",
                "/components/parameters/P/schema",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/get/requestBody/content/application~1json/schema",
                "/paths/~1a~1{id}/get/requestBody/content/application~1json/schema/properties/x",
                "/paths/~1a~1{id}/get/responses/200/content/a~1b/schema",
                "/paths/~1a~1{id}/get/responses/200/headers/h/schema",
            ]
        );
    }
}
