//! Stage 2: applies an OpenAPI Overlay 1.0 document — data-level corrections kept apart from the vendor file.
//!
//! What the Overlay Specification 1.0.0 says, and what this module does with it:
//!
//! - The overlay is a mapping with `overlay` (a `1.0.x` version string), `info` (`title`, `version`),
//!   optional `extends`, and `actions`: a non-empty list. Unknown fields that are not `x-` extensions are
//!   errors, so that a typo (`updates:`) cannot silently do nothing.
//! - Each action has a `target` (an RFC 9535 JSONPath query), an optional `description`, and either
//!   `update` or `remove: true` (an action with both is refused as ambiguous; one with neither does
//!   nothing and is refused too).
//! - Actions apply in order, each to the result of the previous one.
//! - `update` on an object target: the update must be an object, merged recursively — objects merge key by
//!   key, any other value replaces what was there (lists are replaced, not concatenated, so a correction of
//!   an enum or a `required` list says exactly what the result is). On an array target the update is an
//!   entry appended to the array; an update that is itself a list appends its entries (the 1.1
//!   clarification: a list nested as one entry of an OpenAPI list is never meant). A target that selects
//!   a string, number, boolean or null is an error: the spec says to select the containing object.
//! - `remove: true` removes every selected node from its parent mapping or list; removing the root is an
//!   error.
//! - An update that would make the document hold more than [`MAX_NODES`] nodes is an error (not in the
//!   specification): actions whose targets select what earlier updates added (`$..*`) can otherwise double the
//!   document per action.
//!
//! A target that matches nothing is not an error: it is recorded with `matched: 0` and the report warns
//! about it (a stale correction after a vendor update). The whole overlay is validated before anything is
//! applied, and the actions work on a copy that replaces the document only when all succeeded: an invalid
//! overlay changes nothing.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::Result;
use crate::load::{Loaded, describe};
use crate::report::{ActionRecord, Report};
use crate::source::{SourceMap, child};

/// The most JSON nodes (values, at any depth) the document may hold after an update: over 13 times what the
/// vendor's file holds (3 639), few enough that an overlay which multiplies the document ends in an error
/// instead of exhausting time and memory. Each action queries the whole document: under the fuzz build
/// (`fuzz/README.md`) the doubling overlay took 9 s to reach 100 000, and over 10 s to reach 1 000 000.
pub const MAX_NODES: usize = 50_000;

/// Applies the overlay's actions to `document`, in order, recording each in `report`.
pub fn apply(document: &mut Value, overlay: &Loaded, report: &mut Report) -> Result<()> {
    let actions = validate(overlay)?;
    let mut result = document.clone();
    let mut records = Vec::with_capacity(actions.len());
    for action in &actions {
        let matched = action.apply(&mut result, &overlay.source)?;
        records.push(ActionRecord {
            target: action.target_text.clone(),
            description: action.description.clone(),
            matched,
        });
    }
    *document = result;
    for record in records {
        report.action(record);
    }
    Ok(())
}

/// A validated action.
struct Action {
    /// The action's pointer in the overlay file, for errors found while applying it.
    pointer: String,
    target_text: String,
    target: JsonPath,
    description: String,
    change: Change,
}

enum Change {
    Update(Value),
    Remove,
}

/// One step of a located node's path: a key of a mapping or an index of a list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

/// Checks the whole overlay and returns its actions; nothing has been applied if this fails.
fn validate(overlay: &Loaded) -> Result<Vec<Action>> {
    let source = &overlay.source;
    let Some(root) = overlay.value.as_object() else {
        return Err(source.error("", "an overlay must be a mapping"));
    };
    match root.get("overlay") {
        None => {
            return Err(source.error("", "not an overlay: no `overlay` field (expected `overlay: 1.0.0`)"));
        }
        Some(Value::String(version)) => {
            let patch = version.strip_prefix("1.0.");
            if !patch.is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())) {
                return Err(source.error(
                    "/overlay",
                    format!("unsupported overlay version `{version}`; this generator applies Overlay 1.0.x"),
                ));
            }
        }
        Some(other) => {
            return Err(source.error(
                "/overlay",
                format!("the overlay version is {}; expected a string such as `1.0.0` (quote it)", describe(other)),
            ));
        }
    }
    for key in root.keys() {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions") && !key.starts_with("x-") {
            return Err(source.error(
                &child("", key),
                format!(
                    "unknown overlay field `{key}` (Overlay 1.0 has overlay, info, extends, actions and x- extensions)"
                ),
            ));
        }
    }
    match root.get("info") {
        Some(Value::Object(info)) => {
            for field in ["title", "version"] {
                if !info.get(field).is_some_and(Value::is_string) {
                    return Err(source.error("/info", format!("the overlay's `info` needs a string `{field}`")));
                }
            }
        }
        Some(other) => {
            return Err(source.error("/info", format!("`info` is {}; expected a mapping", describe(other))));
        }
        None => {
            return Err(source.error("", "the overlay has no `info` (with `title` and `version`)"));
        }
    }
    if let Some(extends) = root.get("extends").filter(|extends| !extends.is_string()) {
        return Err(source.error("/extends", format!("`extends` is {}; expected a URI string", describe(extends))));
    }
    let items = match root.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => {
            return Err(source.error("/actions", "`actions` is empty; an overlay has at least one"));
        }
        Some(other) => {
            return Err(source.error("/actions", format!("`actions` is {}; expected a list", describe(other))));
        }
        None => {
            return Err(source.error("", "the overlay has no `actions` (a list of target/update or target/remove)"));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| validate_action(item, &child("/actions", &index.to_string()), source))
        .collect()
}

fn validate_action(item: &Value, pointer: &str, source: &SourceMap) -> Result<Action> {
    let Some(fields) = item.as_object() else {
        return Err(source.error(pointer, format!("an action is {}; expected a mapping", describe(item))));
    };
    for key in fields.keys() {
        if !matches!(key.as_str(), "target" | "description" | "update" | "remove") && !key.starts_with("x-") {
            return Err(source.error(
                &child(pointer, key),
                format!(
                    "unknown action field `{key}` (an action has target, description, update, remove and x- extensions)"
                ),
            ));
        }
    }
    let target_pointer = child(pointer, "target");
    let target_text = match fields.get("target") {
        Some(Value::String(target)) => target.clone(),
        Some(other) => {
            return Err(
                source.error(&target_pointer, format!("`target` is {}; expected a JSONPath string", describe(other)))
            );
        }
        None => return Err(source.error(pointer, "the action has no `target`")),
    };
    let target = JsonPath::parse(&target_text).map_err(|error| {
        source.error(&target_pointer, format!("`{target_text}` is not an RFC 9535 JSONPath query: {error}"))
    })?;
    let description = match fields.get("description") {
        None => String::new(),
        Some(Value::String(description)) => description.clone(),
        Some(other) => {
            return Err(source.error(
                &child(pointer, "description"),
                format!("`description` is {}; expected a string", describe(other)),
            ));
        }
    };
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            return Err(source
                .error(&child(pointer, "remove"), format!("`remove` is {}; expected true or false", describe(other))));
        }
    };
    let change = match (fields.get("update"), remove) {
        (Some(_), true) => {
            return Err(source.error(
                pointer,
                "the action has both `update` and `remove: true`; split it into two actions so the order is explicit",
            ));
        }
        (Some(update), false) => Change::Update(update.clone()),
        (None, true) => Change::Remove,
        (None, false) => {
            return Err(
                source.error(pointer, "the action has neither `update` nor `remove: true`, so it would do nothing")
            );
        }
    };
    Ok(Action { pointer: pointer.to_owned(), target_text, target, description, change })
}

impl Action {
    /// Applies the action to `document`; returns how many distinct nodes the target selected.
    fn apply(&self, document: &mut Value, source: &SourceMap) -> Result<usize> {
        let locations: BTreeSet<Vec<Step>> = self
            .target
            .query_located(document)
            .locations()
            .map(|path| {
                path.iter()
                    .map(|element| match element.as_index() {
                        Some(index) => Step::Index(index),
                        None => Step::Key(element.as_name().unwrap_or_default().to_owned()),
                    })
                    .collect()
            })
            .collect();
        match &self.change {
            Change::Remove => {
                // Deepest and last first: removing an item never shifts the index of one still to remove,
                // and a node inside one removed later is gone with it anyway.
                for steps in locations.iter().rev() {
                    self.remove(document, steps, source)?;
                }
            }
            Change::Update(update) => {
                // Each selected node gains at most the nodes inside the update (its own mapping or list merges
                // into the target) or the one entry it appends; a merge may replace some instead.
                let per_node = match update {
                    Value::Object(_) | Value::Array(_) => nodes(update) - 1,
                    _ => 1,
                };
                let added = locations.len().saturating_mul(per_node);
                if nodes(document).saturating_add(added) > MAX_NODES {
                    return Err(source.error(
                        &child(&self.pointer, "target"),
                        format!(
                            "the target `{}` selected {} nodes; updating each would make the document hold more than \
                             {MAX_NODES} nodes",
                            self.target_text,
                            locations.len()
                        ),
                    ));
                }
                for steps in &locations {
                    self.update(document, steps, update, source)?;
                }
            }
        }
        Ok(locations.len())
    }

    fn remove(&self, document: &mut Value, steps: &[Step], source: &SourceMap) -> Result<()> {
        let Some((last, parent)) = steps.split_last() else {
            return Err(
                source.error(&child(&self.pointer, "target"), "`remove` cannot remove the whole document (`$`)")
            );
        };
        match (node_mut(document, parent), last) {
            (Some(Value::Object(map)), Step::Key(key)) => {
                map.shift_remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            // Already gone with an ancestor an earlier removal of this action took away.
            _ => {}
        }
        Ok(())
    }

    fn update(&self, document: &mut Value, steps: &[Step], update: &Value, source: &SourceMap) -> Result<()> {
        // A node that an earlier update of this same action replaced (a nested list) is no longer there.
        let Some(node) = node_mut(document, steps) else {
            return Ok(());
        };
        match (node, update) {
            (Value::Object(target), Value::Object(update)) => merge(target, update),
            (Value::Object(_), other) => {
                return Err(source.error(
                    &child(&self.pointer, "update"),
                    format!(
                        "the target `{}` selected the mapping at {}; an update of a mapping must be a mapping, not {}",
                        self.target_text,
                        display_pointer(&pointer_of(steps)),
                        describe(other)
                    ),
                ));
            }
            (Value::Array(items), Value::Array(entries)) => items.extend(entries.iter().cloned()),
            (Value::Array(items), entry) => items.push(entry.clone()),
            (other, _) => {
                return Err(source.error(
                    &child(&self.pointer, "update"),
                    format!(
                        "the target `{}` selected {} at {}; an update applies to mappings and lists only (select the mapping that contains it)",
                        self.target_text,
                        describe(other),
                        display_pointer(&pointer_of(steps))
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// How many JSON values `value` is made of, itself included.
fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(map) => map.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Merges `update` into `target`: mappings key by key (new keys appended), anything else replaced.
fn merge(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(nested)) => merge(existing, nested),
            (Some(existing), _) => *existing = value.clone(),
            (None, _) => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn node_mut<'a>(document: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(document, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

fn pointer_of(steps: &[Step]) -> String {
    steps.iter().fold(String::new(), |pointer, step| match step {
        Step::Key(key) => child(&pointer, key),
        Step::Index(index) => child(&pointer, &index.to_string()),
    })
}

fn display_pointer(pointer: &str) -> String {
    if pointer.is_empty() { "the document root".to_owned() } else { format!("`{pointer}`") }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::load::load_str;

    fn run(document: &mut Value, overlay: &str) -> Result<Report> {
        let overlay = load_str("overlay.yaml", overlay)?;
        let mut report = Report::new();
        apply(document, &overlay, &mut report)?;
        Ok(report)
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn updates_merge_and_removes_remove() {
        let mut document = json!({"a": {"b": 1, "c": {"d": 1}, "l": [1, 2]}, "list": [{"x": 1}, {"x": 2}, {"x": 3}]});
        let report = run(
            &mut document,
            &format!(
                "{HEAD}  - target: $.a\n    update: {{c: {{e: 2}}, l: [3], n: new}}\n  - target: $.list[?@.x > 1]\n    remove: true\n  - target: $.list\n    update: {{x: 9}}\n  - target: $.missing\n    remove: true\n"
            ),
        )
        .unwrap();
        assert_eq!(
            document,
            json!({"a": {"b": 1, "c": {"d": 1, "e": 2}, "l": [3], "n": "new"}, "list": [{"x": 1}, {"x": 9}]})
        );
        let matched: Vec<usize> = report.actions().iter().map(|action| action.matched).collect();
        assert_eq!(matched, [1, 2, 1, 0]);
    }

    #[test]
    fn a_failing_action_changes_nothing() {
        let mut document = json!({"a": {"b": "text"}});
        let error = run(
            &mut document,
            &format!("{HEAD}  - target: $.a\n    update: {{c: 1}}\n  - target: $.a.b\n    update: {{c: 1}}\n"),
        )
        .unwrap_err();
        assert!(
            error.to_string().starts_with("overlay.yaml:7: at /actions/1/update: the target `$.a.b` selected a string"),
            "{error}"
        );
        assert_eq!(document, json!({"a": {"b": "text"}}));
    }
}
