//! Structs, their fields, and enums: what code that builds request bodies or reads answers sees change.
//!
//! Types are matched by name. A struct that disappears while one with the same set of fields (by wire
//! name) appears is a rename — the usual cause is an inline schema whose name comes from an operationId or
//! a parent that was renamed — and an enum that disappears while one with the same values appears, likewise.
//! Fields are matched by Rust name, because that is what code names.

use std::collections::BTreeSet;

use super::change::{Area, ChangeKind};
use super::{Renames, direction, doc_parts};
use crate::ir::{Api, Enum, Model};

/// Finds the structs and enums that were renamed.
pub(super) fn renames(old: &Api, new: &Api) -> Renames {
    let mut renames = Renames::default();
    let mut added: Vec<&Model> = new.models.iter().filter(|model| old.model(&model.name).is_none()).collect();
    for before in old.models.iter().filter(|model| new.model(&model.name).is_none()) {
        let fields = field_set(before);
        // A struct whose only fields are custom fields has no shape to recognise it by.
        if fields.is_empty() {
            continue;
        }
        // Among structs with the same fields, the one with the most fields of the same type; then the first by
        // name (models are sorted by name), so that the pairing is deterministic.
        let best = added
            .iter()
            .enumerate()
            .filter(|(_, after)| field_set(after) == fields)
            .max_by_key(|(index, after)| (same_typed_fields(before, after), std::cmp::Reverse(*index)))
            .map(|(index, _)| index);
        if let Some(index) = best {
            let after = added.remove(index);
            renames.models.insert(before.name.clone(), after.name.clone());
        }
    }
    let mut added: Vec<&Enum> = new.enums.iter().filter(|item| find_enum(old, &item.name).is_none()).collect();
    for before in old.enums.iter().filter(|item| find_enum(new, &item.name).is_none()) {
        let values = value_set(before);
        if let Some(index) = added.iter().position(|after| value_set(after) == values) {
            let after = added.remove(index);
            renames.enums.insert(before.name.clone(), after.name.clone());
        }
    }
    renames
}

fn field_set(model: &Model) -> BTreeSet<&str> {
    model.fields.iter().map(|field| field.wire_name.as_str()).collect()
}

fn same_typed_fields(before: &Model, after: &Model) -> usize {
    before
        .fields
        .iter()
        .filter(|field| after.fields.iter().any(|other| other.wire_name == field.wire_name && other.ty == field.ty))
        .count()
}

fn value_set(item: &Enum) -> BTreeSet<&str> {
    item.variants.iter().map(|variant| variant.wire.as_str()).collect()
}

fn find_enum<'a>(api: &'a Api, name: &str) -> Option<&'a Enum> {
    api.enums.iter().find(|item| item.name == name)
}

/// Compares the structs and enums of the two documents.
pub(super) fn compare(old: &Api, new: &Api, renames: &Renames, out: &mut Vec<ChangeKind>) {
    for before in &old.models {
        let renamed = renames.models.get(&before.name);
        let Some(after) = new.model(renamed.unwrap_or(&before.name)) else {
            out.push(ChangeKind::ModelRemoved { model: before.name.clone(), direction: direction(before.direction) });
            continue;
        };
        if renamed.is_some() {
            out.push(ChangeKind::ModelRenamed { old: before.name.clone(), new: after.name.clone() });
        }
        model(before, after, renames, out);
    }
    let targets: BTreeSet<&String> = renames.models.values().collect();
    for after in &new.models {
        if old.model(&after.name).is_none() && !targets.contains(&after.name) {
            out.push(ChangeKind::ModelAdded { model: after.name.clone(), direction: direction(after.direction) });
        }
    }
    for before in &old.enums {
        let renamed = renames.enums.get(&before.name);
        let Some(after) = find_enum(new, renamed.unwrap_or(&before.name)) else {
            out.push(ChangeKind::EnumRemoved { name: before.name.clone(), values: wires(before) });
            continue;
        };
        if renamed.is_some() {
            out.push(ChangeKind::EnumRenamed { old: before.name.clone(), new: after.name.clone() });
        }
        enumeration(before, after, out);
    }
    let targets: BTreeSet<&String> = renames.enums.values().collect();
    for after in &new.enums {
        if find_enum(old, &after.name).is_none() && !targets.contains(&after.name) {
            out.push(ChangeKind::EnumAdded { name: after.name.clone(), values: wires(after) });
        }
    }
}

fn wires(item: &Enum) -> Vec<String> {
    item.variants.iter().map(|variant| variant.wire.clone()).collect()
}

/// One struct, old and new (possibly under a new name).
fn model(before: &Model, after: &Model, renames: &Renames, out: &mut Vec<ChangeKind>) {
    let name = &after.name;
    if before.direction != after.direction {
        out.push(ChangeKind::ModelDirectionChanged {
            model: name.clone(),
            old: direction(before.direction),
            new: direction(after.direction),
        });
    }
    match (&before.custom_fields, &after.custom_fields) {
        (None, Some(_)) => out.push(ChangeKind::CustomFieldsAdded { model: name.clone() }),
        (Some(_), None) => out.push(ChangeKind::CustomFieldsRemoved { model: name.clone() }),
        _ => {}
    }
    for old_field in &before.fields {
        let Some(new_field) = after.fields.iter().find(|field| field.rust_name == old_field.rust_name) else {
            out.push(ChangeKind::FieldRemoved {
                model: name.clone(),
                field: old_field.rust_name.clone(),
                wire_name: old_field.wire_name.clone(),
                ty: old_field.ty.to_string(),
                required: old_field.required,
                direction: direction(before.direction),
            });
            continue;
        };
        let field = new_field.rust_name.clone();
        match (old_field.required, new_field.required) {
            (false, true) => out.push(ChangeKind::FieldMadeRequired {
                model: name.clone(),
                field: field.clone(),
                ty: new_field.ty.to_string(),
            }),
            (true, false) => out.push(ChangeKind::FieldMadeOptional {
                model: name.clone(),
                field: field.clone(),
                ty: new_field.ty.to_string(),
            }),
            _ => {}
        }
        if !renames.same(&old_field.ty, &new_field.ty) {
            out.push(ChangeKind::FieldRetyped {
                model: name.clone(),
                field: field.clone(),
                old_type: old_field.ty.to_string(),
                new_type: new_field.ty.to_string(),
                direction: direction(after.direction),
            });
        }
        match (old_field.nullable, new_field.nullable) {
            (false, true) => out.push(ChangeKind::FieldMadeNullable {
                model: name.clone(),
                field: field.clone(),
                direction: direction(after.direction),
            }),
            (true, false) => out.push(ChangeKind::FieldMadeNonNullable {
                model: name.clone(),
                field: field.clone(),
                direction: direction(after.direction),
            }),
            _ => {}
        }
        if old_field.wire_name != new_field.wire_name {
            out.push(ChangeKind::FieldWireNameChanged {
                model: name.clone(),
                field: field.clone(),
                old_wire_name: old_field.wire_name.clone(),
                new_wire_name: new_field.wire_name.clone(),
            });
        }
        if old_field.description != new_field.description {
            out.push(ChangeKind::DocsChanged {
                area: Area::Model,
                item: format!("{name}.{field}"),
                parts: vec!["description".to_owned()],
            });
        }
    }
    for new_field in &after.fields {
        if !before.fields.iter().any(|field| field.rust_name == new_field.rust_name) {
            out.push(ChangeKind::FieldAdded {
                model: name.clone(),
                field: new_field.rust_name.clone(),
                wire_name: new_field.wire_name.clone(),
                ty: new_field.ty.to_string(),
                required: new_field.required,
                direction: direction(after.direction),
            });
        }
    }
    let mut parts = doc_parts(&[("description", &before.description, &after.description)]);
    if before.custom_fields.is_some() && after.custom_fields.is_some() && before.custom_fields != after.custom_fields {
        parts.push("custom field samples".to_owned());
    }
    if !parts.is_empty() {
        out.push(ChangeKind::DocsChanged { area: Area::Model, item: name.clone(), parts });
    }
}

/// One enum, old and new (possibly under a new name).
fn enumeration(before: &Enum, after: &Enum, out: &mut Vec<ChangeKind>) {
    let name = &after.name;
    for old_variant in &before.variants {
        match after.variants.iter().find(|variant| variant.wire == old_variant.wire) {
            None => out.push(ChangeKind::EnumValueRemoved {
                name: name.clone(),
                value: old_variant.wire.clone(),
                variant: old_variant.rust_name.clone(),
            }),
            Some(new_variant) if new_variant.rust_name != old_variant.rust_name => {
                out.push(ChangeKind::EnumVariantRenamed {
                    name: name.clone(),
                    value: old_variant.wire.clone(),
                    old_variant: old_variant.rust_name.clone(),
                    new_variant: new_variant.rust_name.clone(),
                })
            }
            Some(_) => {}
        }
    }
    for new_variant in &after.variants {
        if !before.variants.iter().any(|variant| variant.wire == new_variant.wire) {
            out.push(ChangeKind::EnumValueAdded {
                name: name.clone(),
                value: new_variant.wire.clone(),
                variant: new_variant.rust_name.clone(),
            });
        }
    }
    if before.description != after.description {
        out.push(ChangeKind::DocsChanged {
            area: Area::Enum,
            item: name.clone(),
            parts: vec!["description".to_owned()],
        });
    }
}
