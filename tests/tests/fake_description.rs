//! The description the fake and the command line interpret (`alfadocs::description::API`) holds the facts
//! they rely on, and they agree with each other.

use std::collections::BTreeSet;

use alfadocs::description::API;
use alfadocs_runtime::Method;
use alfadocs_runtime::description::{Collection, ParamLocation, Shape, Type, WireForm};

#[test]
fn every_operation_is_described_once() {
    let ids: Vec<&str> = API.operations().map(|(_, operation)| operation.id).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), 39, "{ids:?}");
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn path_parameters_and_templates_agree() {
    for (_, operation) in API.operations() {
        let in_template: BTreeSet<&str> =
            operation.path.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}')).collect();
        let declared: BTreeSet<&str> = operation
            .params
            .iter()
            .filter(|param| param.location == ParamLocation::Path)
            .map(|param| param.wire_name)
            .collect();
        assert_eq!(in_template, declared, "{}", operation.id);
    }
}

#[test]
fn named_types_exist() {
    fn check(ty: &Type, place: &str) {
        match ty {
            Type::Model(name) => assert!(API.model(name).is_some(), "{place}: no model {name}"),
            Type::Enum(name) => assert!(API.enumeration(name).is_some(), "{place}: no enum {name}"),
            Type::List(inner) | Type::Map(inner) => check(inner, place),
            _ => {}
        }
    }
    for (_, operation) in API.operations() {
        for param in operation.params {
            check(&param.ty, operation.id);
        }
        if let Some(body) = &operation.body {
            check(body, operation.id);
        }
        if let alfadocs_runtime::description::Response::Json { ty, .. } = &operation.response {
            check(ty, operation.id);
        }
    }
    for model in API.models {
        for field in model.fields {
            check(&field.ty, model.name);
        }
    }
}

fn shape(id: &str) -> Shape {
    API.operation(id).map(|operation| operation.shape).unwrap_or_else(|| panic!("no operation {id}"))
}

fn collection(id: &str) -> Collection {
    *shape(id).collection().unwrap_or_else(|| panic!("{id} is not on a collection"))
}

#[test]
fn shapes_follow_method_path_and_response() {
    assert!(matches!(shape("getPatients"), Shape::List(_)));
    assert!(matches!(shape("createPatient"), Shape::Create(_)));
    assert!(matches!(shape("getPatient"), Shape::Read(_)));
    assert!(matches!(shape("updatePatient"), Shape::Update(_)));
    assert!(matches!(shape("deletePatient"), Shape::Delete(_)));
    let patients = collection("getPatients");
    assert_eq!((patients.name, patients.item_param, patients.parent_params), ("patients", Some("patientId"), &[][..]));
    assert_eq!(collection("getPatient"), patients);
    let phones = collection("createPatientPhoneNumber");
    assert_eq!((phones.name, phones.item_param), ("phone-numbers", Some("phoneNumberId")));
    assert_eq!(phones.parent_params, ["patientId"]);
    // Entries are listed under an appointment and read under a care plan: one kind of record.
    assert_eq!(collection("getAppointmentCarePlanEntries").name, collection("getCarePlanEntry").name);
    for other in ["getContext", "getPractice", "getCarePlanSignatureStatus", "getFreeSlots", "downloadDocument"] {
        assert_eq!(shape(other), Shape::Other, "{other}");
    }
    for (_, operation) in API.operations() {
        match operation.shape {
            Shape::List(_) | Shape::Read(_) => assert_eq!(operation.method, Method::Get, "{}", operation.id),
            Shape::Create(_) => assert_eq!(operation.method, Method::Post, "{}", operation.id),
            Shape::Delete(_) => assert_eq!(operation.method, Method::Delete, "{}", operation.id),
            Shape::Update(_) | Shape::Other => {}
        }
    }
}

#[test]
fn windows_pages_and_context_are_described() {
    for (id, days) in [("getAppointments", 30), ("getBills", 31), ("getTransactions", 31)] {
        let operation = API.operation(id).unwrap_or_else(|| panic!("no {id}"));
        let window = operation.window.unwrap_or_else(|| panic!("{id} has no window"));
        assert_eq!(window.max_days, days, "{id}");
        assert!(operation.param(window.start_param).is_some() && operation.param(window.end_param).is_some());
    }
    let pages: Vec<&str> =
        API.operations().filter(|(_, operation)| operation.pagination.is_some()).map(|(_, op)| op.id).collect();
    assert_eq!(pages, ["getPatients"]);
    let context = API.context.unwrap_or_else(|| panic!("no context"));
    assert_eq!(
        (context.operation_id, context.practice_field, context.archive_field),
        ("getContext", "practiceId", "archiveId")
    );
}

#[test]
fn the_vendors_quoted_fields_are_data() {
    let reason = API.model("AppointmentBookingReason").unwrap_or_else(|| panic!("no booking reason model"));
    for name in ["duration", "sequenceNumber", "price"] {
        assert_eq!(reason.field(name).map(|field| field.wire), Some(WireForm::Quoted), "{name}");
    }
    assert_eq!(reason.field("id").map(|field| field.wire), Some(WireForm::Plain));
    assert!(API.model("Patient").is_some_and(|patient| patient.custom_fields));
}
