//! Repair rules of the parameter family: parameters that are invalid, misplaced or misnamed.
//!
//! Order inside the family: `api-key-header-param` first (it removes parameters the others need not look
//! at); `archive-path-param` before `path-param-not-in-template`, because a parameter `archive` next to a
//! template `{archiveId}` is a misnamed path parameter, not a query parameter; `comma-separated-arrays`
//! last, once every parameter is where it belongs.

use serde_json::{Map, Value, json};

use super::walk;
use crate::error::Result;
use crate::report::{Report, Rule, Stage};
use crate::source::{SourceMap, child};
use crate::template::Template;

/// Is this parameter object an `in: path` parameter named `name`?
fn is_path_param(parameter: &Value, name: &str) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("path")
        && parameter.get("name").and_then(Value::as_str) == Some(name)
}

/// The API key header parameter is dropped: the security scheme sends the key.
pub mod api_key_header_param {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "api-key-header-param",
        stage: Stage::Repair,
        code: file!(),
        summary: "the `X-Api-Key` header parameter (schema `type: apiKey`, not a JSON Schema type) is removed from \
                  every operation and from components; an API-key security scheme for that header sends it (one \
                  is added to components when the document has none)",
        evidence: "The 1.1.1 reference page lists `X-Api-Key required apiKey` under the header parameters of every \
                   operation, next to `Authorizations: apiKey`; its introduction says the key goes in the \
                   X-Api-Key request header.",
    };

    /// Applies the rule to `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        let mut header_name: Option<String> = None;
        let mut description: Option<Value> = None;
        // References to a components parameter that is the key are removed with the written-out ones.
        let key_components: Vec<String> = document
            .pointer("/components/parameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, parameter)| is_api_key_param(parameter))
            .map(|(name, _)| format!("#{}", child("/components/parameters", name)))
            .collect();
        for list in walk::parameter_lists(document) {
            let Some(Value::Array(items)) = document.pointer_mut(&list.pointer) else {
                continue;
            };
            let mut index = 0;
            let mut original = 0;
            while index < items.len() {
                let item = &items[index];
                let by_ref =
                    item.get("$ref").and_then(Value::as_str).is_some_and(|r| key_components.iter().any(|c| c == r));
                if by_ref || is_api_key_param(item) {
                    if !by_ref {
                        header_name.get_or_insert_with(|| item["name"].as_str().unwrap_or("X-Api-Key").to_owned());
                        if description.is_none() {
                            description = item.get("description").cloned();
                        }
                    }
                    items.remove(index);
                    report.touched(&RULE, child(&list.pointer, &original.to_string()));
                } else {
                    index += 1;
                }
                original += 1;
            }
            // An emptied list says nothing; dropping it keeps the repaired document close to a hand-written one.
            if items.is_empty() {
                walk::remove(document, &list.pointer);
            }
        }
        if let Some(Value::Object(components)) = document.pointer_mut("/components/parameters") {
            let names: Vec<String> = components
                .iter()
                .filter(|(_, parameter)| is_api_key_param(parameter))
                .map(|(name, _)| name.clone())
                .collect();
            for name in names {
                if let Some(parameter) = components.shift_remove(&name) {
                    header_name.get_or_insert_with(|| parameter["name"].as_str().unwrap_or("X-Api-Key").to_owned());
                    report.touched(&RULE, child("/components/parameters", &name));
                }
            }
            if components.is_empty() {
                walk::remove(document, "/components/parameters");
            }
        }
        if let Some(header) = header_name {
            ensure_scheme(document, &header, description, report);
        }
        Ok(())
    }

    /// Is this parameter the API key: a header named X-Api-Key, or any parameter whose type is `apiKey`?
    fn is_api_key_param(parameter: &Value) -> bool {
        let in_header = parameter.get("in").and_then(Value::as_str) == Some("header");
        let named =
            parameter.get("name").and_then(Value::as_str).is_some_and(|name| name.eq_ignore_ascii_case("x-api-key"));
        let typed = parameter.pointer("/schema/type").and_then(Value::as_str) == Some("apiKey")
            || parameter.get("type").and_then(Value::as_str) == Some("apiKey");
        in_header && (named || typed)
    }

    /// Makes sure a security scheme sends the header, so removing the parameter changes nothing on the wire.
    fn ensure_scheme(document: &mut Value, header: &str, description: Option<Value>, report: &mut Report) {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemes = components.entry("securitySchemes").or_insert_with(|| Value::Object(Map::new()));
        let Some(schemes) = schemes.as_object_mut() else {
            return;
        };
        let covered = schemes.values().any(|scheme| {
            scheme.get("type").and_then(Value::as_str) == Some("apiKey")
                && scheme.get("in").and_then(Value::as_str) == Some("header")
                && scheme.get("name").and_then(Value::as_str).is_some_and(|name| name.eq_ignore_ascii_case(header))
        });
        if covered {
            return;
        }
        let mut name = "apiKey".to_owned();
        let mut suffix = 2;
        while schemes.contains_key(&name) {
            name = format!("apiKey{suffix}");
            suffix += 1;
        }
        let mut scheme = json!({"type": "apiKey", "in": "header", "name": header});
        if let (Some(description), Some(scheme)) = (description, scheme.as_object_mut()) {
            scheme.insert("description".to_owned(), description);
        }
        schemes.insert(name.clone(), scheme);
        report.touched(&RULE, child("/components/securitySchemes", &name));
    }
}

/// The path parameter `archive` is renamed `archiveId`, like everywhere else in the API.
pub mod archive_path_param {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "archive-path-param",
        stage: Stage::Repair,
        code: file!(),
        summary: "a path parameter named `archive` becomes `archiveId`, in the parameter and in the template \
                  (`{archive}` → `{archiveId}`); a path item that then has the same template as another is merged \
                  into it (an error if both have the same method)",
        evidence: "The 1.1.1 reference page names the archive path parameter `archive` on Get Custom Object Fields \
                   and `archiveId` everywhere else, including Create Custom Object Field on the same resource; the \
                   value is substituted into the path either way, so the wire does not change.",
    };

    const OLD: &str = "archive";
    const NEW: &str = "archiveId";

    /// Applies the rule to `document`.
    pub fn apply(document: &mut Value, source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        // Rename the parameters first, while every pointer still uses the vendor's templates.
        let mut renamed_paths: Vec<String> = Vec::new();
        for list in walk::parameter_lists(document) {
            let Some(Value::Array(items)) = document.pointer_mut(&list.pointer) else {
                continue;
            };
            let has_new = items.iter().any(|item| is_path_param(item, NEW));
            for (index, item) in items.iter_mut().enumerate() {
                if !is_path_param(item, OLD) {
                    continue;
                }
                let pointer = child(&list.pointer, &index.to_string());
                if has_new {
                    return Err(source.error(
                        &pointer,
                        format!("path parameter `{OLD}` sits next to `{NEW}`; cannot rename it without a duplicate"),
                    ));
                }
                if let Some(name) = item.get_mut("name") {
                    *name = Value::String(NEW.to_owned());
                }
                report.touched(&RULE, pointer);
                if !renamed_paths.contains(&list.path) {
                    renamed_paths.push(list.path.clone());
                }
            }
        }
        // Then the templates: a `{archive}` segment, whether or not its parameter was written out.
        let templates: Vec<(String, String)> = document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(path, _)| {
                let template =
                    Template::parse(path).ok().filter(|template| template.names().any(|name| name == OLD))?;
                Some((path.clone(), template.renamed(OLD, NEW).to_string()))
            })
            .collect();
        for (path, new_path) in templates {
            move_path_item(document, &path, &new_path, source)?;
            report.touched(&RULE, child("/paths", &path));
        }
        Ok(())
    }

    /// Moves the path item `from` to `to`, keeping its place in `paths`, or merges it into an existing `to`.
    fn move_path_item(document: &mut Value, from: &str, to: &str, source: &SourceMap) -> Result<()> {
        let Some(Value::Object(paths)) = document.get_mut("paths") else {
            return Ok(());
        };
        if !paths.contains_key(to) {
            let old = std::mem::take(paths);
            for (key, value) in old {
                let key = if key == from { to.to_owned() } else { key };
                paths.insert(key, value);
            }
            return Ok(());
        }
        let from_pointer = child("/paths", from);
        let Some(Value::Object(moved)) = paths.shift_remove(from) else {
            return Ok(());
        };
        let Some(Value::Object(target)) = paths.get_mut(to) else {
            return Err(source.error(&child("/paths", to), "a path item must be a mapping"));
        };
        for (key, value) in moved {
            match (target.get_mut(&key), value) {
                (None, value) => {
                    target.insert(key, value);
                }
                (Some(Value::Array(existing)), Value::Array(more)) if key == "parameters" => {
                    for parameter in more {
                        let same = |other: &Value| {
                            other.get("name") == parameter.get("name") && other.get("in") == parameter.get("in")
                        };
                        if !existing.iter().any(same) {
                            existing.push(parameter);
                        }
                    }
                }
                (Some(_), _) if walk::METHODS.contains(&key.as_str()) => {
                    return Err(source.error(
                        &child(&from_pointer, &key),
                        format!("renaming `{{{OLD}}}` makes this `{key}` operation clash with `{key}` on `{to}`"),
                    ));
                }
                // Summary, description, servers: the existing path item's words win.
                (Some(_), _) => {}
            }
        }
        Ok(())
    }
}

/// A parameter declared `in: path` whose name is not in the path template is a query parameter.
pub mod path_param_not_in_template {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "path-param-not-in-template",
        stage: Stage::Repair,
        code: file!(),
        summary: "a parameter `in: path` whose name does not appear in its path template becomes `in: query` \
                  (`required` as the vendor wrote it)",
        evidence: "The 1.1.1 reference page lists objectType (\"Filter by Object Type\", not required) among the path \
                   parameters of Get Custom Object Fields, whose path has no place for it: a filter is a query \
                   parameter.",
    };

    /// Applies the rule to `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for list in walk::parameter_lists(document) {
            // A template that does not parse is `parse`'s to report, with its place.
            let Ok(template) = Template::parse(&list.path) else { continue };
            let names: Vec<&str> = template.names().collect();
            let Some(Value::Array(items)) = document.pointer_mut(&list.pointer) else {
                continue;
            };
            for (index, item) in items.iter_mut().enumerate() {
                let Some(parameter) = item.as_object_mut() else {
                    continue;
                };
                let misplaced = parameter.get("in").and_then(Value::as_str) == Some("path")
                    && parameter.get("name").and_then(Value::as_str).is_some_and(|name| !names.contains(&name));
                if misplaced {
                    parameter.insert("in".to_owned(), Value::String("query".to_owned()));
                    report.touched(&RULE, child(&list.pointer, &index.to_string()));
                }
            }
        }
        Ok(())
    }
}

/// Array query parameters are sent comma-separated (`style: form, explode: false`).
pub mod comma_separated_arrays {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "comma-separated-arrays",
        stage: Stage::Repair,
        code: file!(),
        summary: "array query parameters without an explicit `style`/`explode` get `style: form, explode: false` \
                  (`ids=1,2,3`), not the OpenAPI default of repeated keys (`ids=1&ids=2`)",
        evidence: "The 1.1.1 reference page gives `Example: operatorIds=1,2,3,4` for the free slots' operatorIds \
                   (Array of integers); public clients of the live API send the list comma-separated.",
    };

    /// Applies the rule to `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        for pointer in walk::parameters(document) {
            let Some(parameter) = document.pointer(&pointer) else {
                continue;
            };
            let is_array = parameter
                .get("schema")
                .and_then(|schema| walk::resolve(document, schema))
                .and_then(|schema| schema.get("type"))
                .and_then(Value::as_str)
                == Some("array");
            let eligible = parameter.get("in").and_then(Value::as_str) == Some("query")
                && is_array
                && parameter.get("style").is_none()
                && parameter.get("explode").is_none();
            if !eligible {
                continue;
            }
            if let Some(Value::Object(parameter)) = document.pointer_mut(&pointer) {
                parameter.insert("style".to_owned(), Value::String("form".to_owned()));
                parameter.insert("explode".to_owned(), Value::Bool(false));
                report.touched(&RULE, pointer);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(rule: fn(&mut Value, &SourceMap, &mut Report) -> Result<()>, mut document: Value) -> (Value, Report) {
        let mut report = Report::new();
        rule(&mut document, &SourceMap::new("spec.yaml"), &mut report).unwrap();
        (document, report)
    }

    #[test]
    fn a_removed_key_parameter_becomes_a_security_scheme_when_none_sends_it() {
        let document = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"name": "X-Api-Key", "in": "header", "description": "The key", "schema": {"type": "apiKey"}}
            ]}}},
            "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "basic"}}}
        });
        let (document, report) = run(api_key_header_param::apply, document);
        assert_eq!(document["paths"]["/a"]["get"], json!({}));
        assert_eq!(
            document["components"]["securitySchemes"]["apiKey2"],
            json!({"type": "apiKey", "in": "header", "name": "X-Api-Key", "description": "The key"})
        );
        assert_eq!(
            report.places("api-key-header-param"),
            ["/paths/~1a/get/parameters/0", "/components/securitySchemes/apiKey2"]
        );
    }

    #[test]
    fn other_header_parameters_stay() {
        let document = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
            {"name": "apiKey", "in": "query", "schema": {"type": "string"}}
        ]}}}});
        let (after, report) = run(api_key_header_param::apply, document.clone());
        assert_eq!(after, document);
        assert!(report.places("api-key-header-param").is_empty());
    }

    #[test]
    fn merged_path_items_combine_their_shared_parameters() {
        let document = json!({"paths": {
            "/x/{archiveId}": {"summary": "kept", "parameters": [{"name": "archiveId", "in": "path", "required": true}], "post": {}},
            "/x/{archive}": {
                "parameters": [{"name": "archive", "in": "path", "required": true}, {"name": "q", "in": "query"}],
                "summary": "dropped: the existing path item's words win",
                "description": "added: the existing path item has none",
                "get": {}
            }
        }});
        let (document, _) = run(archive_path_param::apply, document);
        assert_eq!(
            document["paths"],
            json!({"/x/{archiveId}": {
                "summary": "kept",
                "parameters": [{"name": "archiveId", "in": "path", "required": true}, {"name": "q", "in": "query"}],
                "post": {},
                "description": "added: the existing path item has none",
                "get": {}
            }})
        );
    }

    #[test]
    fn a_renamed_template_keeps_its_place_among_the_paths() {
        let document = json!({"paths": {"/a": {}, "/x/{archive}": {"get": {}}, "/z": {}}});
        let (document, report) = run(archive_path_param::apply, document);
        assert_eq!(keys(&document["paths"]), ["/a", "/x/{archiveId}", "/z"]);
        assert_eq!(report.places("archive-path-param"), ["/paths/~1x~1{archive}"]);
    }

    fn keys(value: &Value) -> Vec<&str> {
        value.as_object().map(|map| map.keys().map(String::as_str).collect()).unwrap_or_default()
    }
}
