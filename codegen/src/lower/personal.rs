//! Which fields of each operation's bodies hold personal or health data: the personal fields of every model
//! its request body and its answer reach, at any depth, and whether one of them has personal custom fields.
//!
//! The marks themselves are data (`x-alfadocs-personal`, read in [`annotations`](super::annotations)); this
//! decides once, on the finished models, what each operation masks, so that the typed client, the description
//! and the fake read the same answer.

use std::collections::BTreeSet;

use crate::ir::{Api, Operation, Personal, Response, Type};

/// Decides the personal data of every operation of `api`.
pub(super) fn decide(api: &mut Api) {
    let decided: Vec<Personal> = api.operations().map(|(_, operation)| personal(api, operation)).collect();
    let operations = api.groups.iter_mut().flat_map(|group| group.operations.iter_mut());
    for (operation, personal) in operations.zip(decided) {
        operation.personal = personal;
    }
}

/// The personal fields `operation` sends or receives. A personal field's value is masked whole, so the models
/// under it are not walked.
fn personal(api: &Api, operation: &Operation) -> Personal {
    let mut found = Personal::default();
    let mut walked = BTreeSet::new();
    let response = match &operation.response {
        Response::Json { ty, .. } => Some(ty),
        Response::Empty | Response::Bytes { .. } => None,
    };
    for ty in operation.body.as_ref().map(|body| &body.ty).into_iter().chain(response) {
        walk(api, ty, &mut walked, &mut found);
    }
    found
}

fn walk(api: &Api, ty: &Type, walked: &mut BTreeSet<String>, found: &mut Personal) {
    match ty {
        Type::List(item) | Type::Map(item) => walk(api, item, walked, found),
        Type::Model(name) if walked.insert(name.clone()) => {
            let Some(model) = api.model(name) else { return };
            found.custom_fields |= model.custom_fields.as_ref().is_some_and(|custom| custom.personal);
            for field in &model.fields {
                if field.personal {
                    found.fields.insert(field.wire_name.clone());
                } else {
                    walk(api, &field.ty, walked, found);
                }
            }
        }
        _ => {}
    }
}
