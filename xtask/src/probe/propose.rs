//! The differences the probe saw, as OpenAPI Overlay 1.0 actions on the document as corrected by the overlays
//! it was given (so the proposal layers on top of them: `cargo xtask codegen --overlay alfadocs-overlay.yaml
//! --overlay probe-overlay.yaml`). Each action's description carries its evidence, in counts.
//!
//! A difference that no action can state safely (a field of an inline schema, a property that is a `$ref`, kinds
//! no one type holds, enum values not shown) is left to a person: [`Proposal::by_hand`] says which and why.

use std::collections::BTreeSet;

use alfadocs_codegen::ir::{Api, Model, Provenance, Type};
use serde_json::{Map, Value, json};

use super::session::{Checked, Findings, Outcome};
use super::shapes::{FieldStats, schema_for};

/// One proposed overlay action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The JSONPath target.
    pub target: String,
    /// The evidence.
    pub description: String,
    /// What it does.
    pub change: Change,
}

/// An update or a removal.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merge this value into the target.
    Update(Value),
    /// Remove the target.
    Remove,
}

/// The proposed actions and the differences left to a person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Proposal {
    /// The actions, in the order to apply them.
    pub actions: Vec<Action>,
    /// Differences with no action, and why.
    pub by_hand: Vec<String>,
}

/// The operation keys of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The proposal for `findings`, against `corrected` (the document after the overlays, before the repairs).
pub fn propose(api: &Api, corrected: &Value, findings: &Findings) -> Proposal {
    let mut proposal = Proposal::default();
    for checked in &findings.operations {
        proposal.path(corrected, checked);
    }
    for model in &api.models {
        if let Some(stats) = findings.shapes.models.get(&model.name) {
            proposal.model(api, corrected, model, stats);
        }
    }
    proposal
}

/// `$.paths['…']`, quoted for JSONPath.
fn path_target(path: &str) -> String {
    format!("$.paths['{}']", path.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The raw path (as the corrected document spells it, before the repairs rename `{archive}`) and method key of
/// an operation, found by its operationId.
fn find_operation<'a>(corrected: &'a Value, id: &str) -> Option<(&'a str, &'static str, &'a Map<String, Value>)> {
    let paths = corrected.get("paths")?.as_object()?;
    paths.iter().find_map(|(path, item)| {
        METHODS.iter().find_map(|method| {
            let operation = item.get(*method)?.as_object()?;
            (operation.get("operationId").and_then(Value::as_str) == Some(id)).then_some((
                path.as_str(),
                *method,
                operation,
            ))
        })
    })
}

impl Proposal {
    fn path(&mut self, corrected: &Value, checked: &Checked) {
        let Outcome::Answered { template, requests, records } = &checked.outcome else { return };
        let Some((raw_path, method, operation)) = find_operation(corrected, &checked.id) else {
            self.by_hand.push(format!("{}: not found by its operationId in the corrected document", checked.id));
            return;
        };
        let answered = format!("answered 2xx at {template} ({requests} requests, {records} records)");
        if *template == checked.path {
            if checked.provenance != Some(Provenance::Seen) {
                self.actions.push(Action {
                    target: format!("{}.{method}", path_target(raw_path)),
                    description: format!("Provenance of {}: seen (cargo xtask probe: {answered})", checked.id),
                    change: Change::Update(json!({"x-alfadocs-provenance": "seen"})),
                });
            }
            return;
        }
        let refused: Vec<String> =
            checked.tried.iter().map(|(path, status)| format!("{path} answered {status}")).collect();
        let item = &corrected["paths"][raw_path];
        let mut moved = operation.clone();
        moved.insert("x-alfadocs-provenance".into(), json!("seen"));
        moved.remove("x-alfadocs-alternatives");
        if let Some(Value::Array(shared)) = item.get("parameters") {
            let own = moved.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            let named = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
            let mut parameters: Vec<Value> =
                shared.iter().filter(|p| !own.iter().any(|o| named(o) == named(p))).cloned().collect();
            parameters.extend(own);
            moved.insert("parameters".into(), Value::Array(parameters));
        }
        let evidence = format!("cargo xtask probe: {}; {answered}", refused.join(", "));
        self.actions.push(Action {
            target: "$.paths".into(),
            description: format!("{} lives at {template}, 1/2: the operation at its path ({evidence})", checked.id),
            change: Change::Update(json!({ template.clone(): { method: Value::Object(moved) } })),
        });
        let alone = item.as_object().is_some_and(|item| METHODS.iter().all(|m| *m == method || !item.contains_key(*m)));
        let old = if alone { path_target(raw_path) } else { format!("{}.{method}", path_target(raw_path)) };
        self.actions.push(Action {
            target: old,
            description: format!("{} lives at {template}, 2/2: not at {raw_path} ({evidence})", checked.id),
            change: Change::Remove,
        });
    }

    fn model(&mut self, api: &Api, corrected: &Value, model: &Model, stats: &super::shapes::ModelStats) {
        let schema = &corrected["components"]["schemas"][&model.name];
        let properties = schema.get("properties").and_then(Value::as_object);
        let target = format!("$.components.schemas['{}'].properties", model.name);
        let records = stats.records;
        for field in &model.fields {
            let Some(seen) = stats.fields.get(&field.wire_name) else { continue };
            let property = properties.and_then(|properties| properties.get(&field.wire_name));
            let place = format!("{}.{}", model.name, field.wire_name);
            if seen.refused > 0 {
                let evidence = evidence(seen, records);
                match (property, kinds_schema(seen)) {
                    (Some(property), Some(proposed)) if property.get("$ref").is_none() => self.actions.push(Action {
                        target: format!("{target}['{}']", field.wire_name),
                        description: format!(
                            "{place} is {}, not {}: the client's reader refused {} of {} values (cargo xtask probe: {evidence})",
                            proposed["type"].as_str().unwrap_or("another type"),
                            field.ty,
                            seen.refused,
                            seen.seen()
                        ),
                        change: Change::Update(proposed),
                    }),
                    _ => self.by_hand.push(format!(
                        "{place}: the client's reader refused {} of {} values ({evidence}); no type to propose \
                         in a component schema's own property",
                        seen.refused,
                        seen.seen()
                    )),
                }
            }
            self.enum_values(api, corrected, &place, field, property, seen);
        }
        for (name, seen) in &stats.unknown {
            let place = format!("{}.{name}", model.name);
            let evidence = evidence(seen, records);
            if properties.is_none() {
                self.by_hand
                    .push(format!("{place}: not in the spec ({evidence}); {} is no component schema", model.name));
                continue;
            }
            let mut schema = kinds_schema(seen).unwrap_or_else(|| json!({}));
            if let Value::Object(schema) = &mut schema {
                schema.insert(
                    "description".into(),
                    json!("Seen in traffic by cargo xtask probe; not in the vendor's page"),
                );
            }
            self.actions.push(Action {
                target: target.clone(),
                description: format!("{place} is sent but not in the spec (cargo xtask probe: {evidence})"),
                change: Change::Update(json!({ name.clone(): schema })),
            });
        }
    }

    fn enum_values(
        &mut self,
        api: &Api,
        corrected: &Value,
        place: &str,
        field: &alfadocs_codegen::ir::Field,
        property: Option<&Value>,
        seen: &FieldStats,
    ) {
        if seen.outside_enum_hidden > 0 {
            self.by_hand.push(format!(
                "{place}: {} values outside the documented list, not shown (personal field, not name-like, or past \
                 the bound)",
                seen.outside_enum_hidden
            ));
        }
        if seen.outside_enum.is_empty() || !matches!(field.ty, Type::Enum(_)) {
            return;
        }
        let counts: Vec<String> = seen.outside_enum.iter().map(|(value, count)| format!("{value} ×{count}")).collect();
        let documented = api.enum_values(&field.ty).join(", ");
        let enum_target = match property {
            Some(property) if property.get("enum").is_some() => {
                Some(format!("$.components.schemas['{}'].properties['{}'].enum", model_of(place), field.wire_name))
            }
            Some(property) => property
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                .filter(|name| corrected["components"]["schemas"][*name].get("enum").is_some())
                .map(|name| format!("$.components.schemas['{name}'].enum")),
            None => None,
        };
        let Some(enum_target) = enum_target else {
            self.by_hand
                .push(format!("{place}: values outside [{documented}]: {}; no enum list to extend", counts.join(", ")));
            return;
        };
        let values: Vec<Value> = seen.outside_enum.keys().map(|value| json!(value)).collect();
        self.actions.push(Action {
            target: enum_target,
            description: format!(
                "{place} takes values the spec does not list (documented: {documented}); cargo xtask probe saw {} in {} values",
                counts.join(", "),
                seen.seen()
            ),
            change: Change::Update(Value::Array(values)),
        });
    }
}

/// The model part of `Model.field`.
fn model_of(place: &str) -> &str {
    place.split_once('.').map_or(place, |(model, _)| model)
}

fn kinds_schema(seen: &FieldStats) -> Option<Value> {
    schema_for(&seen.kinds.keys().copied().collect::<BTreeSet<_>>())
}

/// `string ×2 in 3 values of 40 records`.
fn evidence(seen: &FieldStats, records: u64) -> String {
    format!("{} in {} values of {records} records", seen.kinds_text(), seen.seen())
}

/// The proposal as an Overlay 1.0 document.
pub fn overlay_document(proposal: &Proposal, title: &str) -> Value {
    let actions: Vec<Value> = proposal
        .actions
        .iter()
        .map(|action| {
            let mut out = Map::new();
            out.insert("target".into(), json!(action.target));
            out.insert("description".into(), json!(action.description));
            match &action.change {
                Change::Update(value) => out.insert("update".into(), value.clone()),
                Change::Remove => out.insert("remove".into(), json!(true)),
            };
            Value::Object(out)
        })
        .collect();
    json!({
        "overlay": "1.0.0",
        "info": {"title": title, "version": "1.0.0"},
        "actions": actions,
    })
}

#[cfg(test)]
mod tests {
    use alfadocs_codegen::{Report, load, lower_prepared, prepare_loaded};

    use super::*;
    use crate::probe::session::Checked;
    use crate::probe::shapes::Shapes;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://example.test/api'}]
tags: [{name: Notes}]
paths:
  /v1/notes/{noteId}:
    parameters: [{name: noteId, in: path, required: true, schema: {type: integer}}]
    get:
      tags: [Notes]
      operationId: getNote
      x-alfadocs-provenance: guessed
      x-alfadocs-alternatives: ['/v1/note/{noteId}']
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}}
    delete: {tags: [Notes], operationId: deleteNote, responses: {'204': {description: Gone}}}
components:
  schemas:
    Note:
      type: object
      properties:
        id: {type: integer}
        kind: {type: string, enum: [a, b]}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner: {type: object, properties: {id: {type: integer}}}
"#;

    #[test]
    fn each_difference_becomes_the_action_that_fixes_it_or_a_note_for_a_person() {
        let loaded = load::load_str("spec.yaml", SPEC).unwrap();
        let corrected = loaded.value.clone();
        let mut report = Report::new();
        let api = lower_prepared(&prepare_loaded(loaded, &[], &mut report).unwrap(), &mut report).unwrap();
        let mut shapes = Shapes::default();
        let note = json!({"id": "N-7", "kind": "c", "owner": "someone", "extra": 3});
        shapes.observe(&api, &Type::Model("Note".into()), &note);
        let findings = Findings {
            operations: vec![Checked {
                id: "getNote".into(),
                method: alfadocs_codegen::ir::Method::Get,
                path: "/v1/notes/{noteId}".into(),
                provenance: Some(Provenance::Guessed),
                outcome: Outcome::Answered { template: "/v1/note/{noteId}".into(), requests: 1, records: 1 },
                tried: vec![("/v1/notes/{noteId}".into(), "HTTP 404".into())],
            }],
            shapes,
            complete: true,
            ..Findings::default()
        };
        let proposal = propose(&api, &corrected, &findings);
        let actions: Vec<(&str, Value)> = proposal
            .actions
            .iter()
            .map(|action| {
                let change = match &action.change {
                    Change::Update(value) => value.clone(),
                    Change::Remove => json!("remove"),
                };
                (action.target.as_str(), change)
            })
            .collect();
        let moved = json!({"/v1/note/{noteId}": {"get": {
            "tags": ["Notes"],
            "operationId": "getNote",
            "x-alfadocs-provenance": "seen",
            "responses": corrected["paths"]["/v1/notes/{noteId}"]["get"]["responses"],
            "parameters": [{"name": "noteId", "in": "path", "required": true, "schema": {"type": "integer"}}],
        }}});
        let properties = "$.components.schemas['Note'].properties";
        assert_eq!(
            actions,
            [
                ("$.paths", moved),
                ("$.paths['/v1/notes/{noteId}'].get", json!("remove")),
                ("$.components.schemas['Note'].properties['id']", json!({"type": "string"})),
                ("$.components.schemas['Note'].properties['kind'].enum", json!(["c"])),
                (
                    properties,
                    json!({"extra": {"type": "integer", "description": "Seen in traffic by cargo xtask probe; not in the vendor's page"}})
                ),
            ]
        );
        assert!(proposal.actions[0].description.contains("/v1/notes/{noteId} answered HTTP 404"));
        assert!(proposal.actions[2].description.contains("refused 1 of 1 values"));
        assert_eq!(proposal.by_hand.len(), 1, "{:?}", proposal.by_hand);
        assert!(proposal.by_hand[0].starts_with("Note.owner: the client's reader refused 1 of 1 values"));
        let document = overlay_document(&proposal, "t");
        assert_eq!(
            document["actions"][1],
            json!({"target": "$.paths['/v1/notes/{noteId}'].get", "description": proposal.actions[1].description, "remove": true})
        );
    }
}
