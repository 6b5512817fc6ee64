//! The names of commands and flags, derived from the description so that they are the same for every
//! operation and guessable from its shape.
//!
//! - A group's command is its tag's kebab-case name, as the description gives it (`care-plans`).
//! - An operation on a collection is named by what it does: `list`, `create`, `get`, `update`, `delete`. When
//!   two operations of a group do the same to different collections (appointments lists both appointments and
//!   an appointment's care-plan entries), the one on the group's own collection (the one nested least deep)
//!   keeps the verb and the other adds its collection: `list-care-plan-entries`.
//! - Any other operation is named by its method, less the words that repeat the group's name and a leading
//!   `get`: `get_care_plan_signature_status` in `care-plans` is `signature-status`, `download_document` in
//!   `document` is `download`; when nothing is left it is `get` (`context get`).
//! - A name that would still be taken twice falls back, for each operation sharing it, to the whole method
//!   name (`get-care-plan-signature-status`).
//! - Flags are the parameter's or field's Rust name in kebab case (`patient_id` → `--patient-id`).

use alfadocs_runtime::description::{Group, Operation, Shape};

/// The command names of `group`'s operations, in the same order.
pub fn operation_names(group: &Group) -> Vec<String> {
    let home = group
        .operations
        .iter()
        .filter_map(|operation| operation.shape.collection())
        .min_by_key(|collection| collection.parent_params.len())
        .map(|collection| collection.name);
    let verbs: Vec<Option<&str>> = group.operations.iter().map(|operation| verb(&operation.shape)).collect();
    let mut names: Vec<String> = group
        .operations
        .iter()
        .zip(&verbs)
        .map(|(operation, verb)| match (verb, operation.shape.collection()) {
            (Some(verb), Some(collection)) => {
                let shared = verbs.iter().filter(|other| *other == &Some(*verb)).count() > 1;
                if shared && Some(collection.name) != home {
                    format!("{verb}-{}", collection.name)
                } else {
                    (*verb).to_owned()
                }
            }
            _ => own_name(operation, group.command),
        })
        .collect();
    let taken_twice: Vec<bool> =
        names.iter().map(|name| names.iter().filter(|other| *other == name).count() > 1).collect();
    for ((name, operation), twice) in names.iter_mut().zip(group.operations).zip(taken_twice) {
        if twice {
            *name = operation.method_name.replace('_', "-");
        }
    }
    names
}

/// The verb of an operation on a collection.
fn verb(shape: &Shape) -> Option<&'static str> {
    match shape {
        Shape::List(_) => Some("list"),
        Shape::Create(_) => Some("create"),
        Shape::Read(_) => Some("get"),
        Shape::Update(_) => Some("update"),
        Shape::Delete(_) => Some("delete"),
        Shape::Other => None,
    }
}

/// The method's words less a leading `get` and the words of the group's name (in either number).
fn own_name(operation: &Operation, group: &str) -> String {
    let group_words: Vec<&str> = group.split('-').collect();
    let repeats_group = |word: &str| group_words.iter().any(|group_word| same_noun(word, group_word));
    let mut words: Vec<&str> = operation.method_name.split('_').collect();
    if words.first() == Some(&"get") {
        words.remove(0);
    }
    let kept: Vec<&str> = words.into_iter().filter(|word| !repeats_group(word)).collect();
    if kept.is_empty() { operation.method_name.split('_').next().unwrap_or("call").to_owned() } else { kept.join("-") }
}

/// Whether two words are one noun, singular or plural (`plan`/`plans`, `entry`/`entries`).
fn same_noun(a: &str, b: &str) -> bool {
    let singular = |word: &str| -> String {
        if let Some(stem) = word.strip_suffix("ies") {
            format!("{stem}y")
        } else {
            word.strip_suffix('s').unwrap_or(word).to_owned()
        }
    };
    singular(a) == singular(b)
}

/// The flag of a parameter or field: its Rust name (which the generator decided, from the wire name) in kebab
/// case, `italian_fiscal_code` → `italian-fiscal-code`, so that the flags read as the typed client's methods.
pub fn flag(rust_name: &str) -> String {
    rust_name.trim_end_matches('_').replace('_', "-")
}

/// A positional argument's placeholder: `patient_id` → `PATIENT_ID`.
pub fn placeholder(rust_name: &str) -> String {
    rust_name.trim_end_matches('_').to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alfadocs::description::API;

    fn names(command: &str) -> Vec<String> {
        let group = API.groups.iter().find(|group| group.command == command).unwrap();
        operation_names(group)
    }

    #[test]
    fn crud_operations_are_named_by_shape_and_the_rest_by_their_own_words() {
        assert_eq!(names("patients"), ["list", "create", "get", "delete", "update"]);
        assert_eq!(names("appointments"), ["list", "create", "get", "update", "list-care-plan-entries"]);
        assert_eq!(names("care-plans"), ["get", "signature-status"]);
        assert_eq!(names("document"), ["list", "create", "get", "download"]);
        assert_eq!(names("context"), ["get"]);
        assert_eq!(names("practices"), ["get"]);
        assert_eq!(names("free-slots"), ["get"]);
        assert_eq!(names("phone-numbers"), ["list", "create", "get", "update"]);
    }

    #[test]
    fn every_name_is_unique_within_its_group() {
        for group in API.groups {
            let names = operation_names(group);
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}: {names:?}", group.command);
        }
    }

    #[test]
    fn rust_names_become_flags_and_placeholders() {
        assert_eq!(flag("italian_fiscal_code"), "italian-fiscal-code");
        assert_eq!(flag("type_"), "type");
        assert_eq!(placeholder("patient_id"), "PATIENT_ID");
        assert!(same_noun("entries", "entry") && same_noun("plan", "plans") && !same_noun("plan", "care"));
    }
}
