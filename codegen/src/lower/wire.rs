//! How the vendor writes a field's value where it differs from the value's type: the data a fake server
//! answers in and a strict reader would refuse.
//!
//! Reading is lenient everywhere (`lenient-scalars`); this records the form each field is actually written
//! in, from evidence the document carries — the repair rule `example-types` marks the schemas whose number or
//! boolean sample the vendor wrote as a string.

use openapiv3::{ReferenceOr, Schema};

use crate::ir::{Type, WireForm};
use crate::repair::examples::example_types::QUOTED;
use crate::report::{Report, Rule, Stage};

/// Numbers and booleans the vendor's samples write as strings are written so by whoever speaks its dialect.
pub static QUOTED_SCALARS: Rule = Rule {
    name: "quoted-scalars",
    stage: Stage::Lower,
    code: file!(),
    summary: "a number or boolean field whose schema carries `x-alfadocs-wire: quoted` (the vendor's sample wrote \
              it as a string) is described as written quoted (`\"30\"`, `\"false\"`)",
    evidence: "booking reasons send `\"duration\": \"30\"`, `\"sequenceNumber\": \"3\"`, `\"price\": \"125.12\"` \
               (reference page 1.1.1); signature status sends `\"isSigned\": \"false\"`",
};

/// The vendor's responses and request bodies name some fields differently.
pub static SENT_AS: Rule = Rule {
    name: "sent-as",
    stage: Stage::Lower,
    code: file!(),
    summary: "a field whose schema carries `x-alfadocs-sent-as: NAME` is the one request bodies send as NAME, so a \
              fake stores what a body sends under the name its answers use",
    evidence: "patients are read with `dateBirth` and created and updated with `dateOfBirth` (RobyJB \
               alfadocs_patients_sync.py; the overlay's Patient responses actions)",
};

/// The extension naming what request bodies call a received field.
const SENT_AS_MARK: &str = "x-alfadocs-sent-as";

/// The name request bodies give the field whose schema is `property`, when the document says it differs.
pub(super) fn sent_as(property: &ReferenceOr<Box<Schema>>, pointer: &str, report: &mut Report) -> Option<String> {
    let ReferenceOr::Item(schema) = property else { return None };
    let name = schema.schema_data.extensions.get(SENT_AS_MARK)?.as_str()?.to_owned();
    report.touched(&SENT_AS, pointer);
    Some(name)
}

/// The wire form of a field of type `ty` whose schema is `property`.
pub(super) fn form(property: &ReferenceOr<Box<Schema>>, ty: &Type, pointer: &str, report: &mut Report) -> WireForm {
    let ReferenceOr::Item(schema) = property else { return WireForm::Plain };
    let (key, value) = QUOTED;
    let marked = schema.schema_data.extensions.get(key).is_some_and(|found| found == value);
    if marked && matches!(ty, Type::Bool | Type::Int | Type::Number) {
        report.touched(&QUOTED_SCALARS, pointer);
        WireForm::Quoted
    } else {
        WireForm::Plain
    }
}
