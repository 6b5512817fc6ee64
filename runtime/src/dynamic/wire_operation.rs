//! The client's [`Operation`](crate::Operation) of a described operation.
//!
//! A [`Request`](crate::Request) names its operation by a `&'static` reference (generated code points at its
//! own statics). A described operation has no such static, so one is made the first time it is called and kept
//! for the rest of the process: at most one per operation of a `'static` description, so the memory kept is
//! bounded by the description's size.

use std::sync::{Mutex, PoisonError};

use crate::description::{Operation as Described, Response};
use crate::operation::Operation;

/// The media type asked for in `Accept` when the answer is JSON (or nothing).
const APPLICATION_JSON: &str = "application/json";

static MADE: Mutex<Vec<&'static Operation>> = Mutex::new(Vec::new());

/// The client's operation for `described`: its id, method, path, `Accept` type, provenance and personal
/// fields, so a described call's bodies are logged masked and its 404s hinted as a generated method's are.
pub(crate) fn of(described: &'static Described) -> &'static Operation {
    let wanted = Operation {
        id: described.id,
        method: described.method,
        path: described.path,
        accept: match described.response {
            Response::Bytes { media_type } => media_type,
            Response::Empty | Response::Json { .. } => APPLICATION_JSON,
        },
        provenance: described.provenance,
        personal: described.personal,
    };
    // A panic elsewhere while the lock was held cannot leave the list half-updated: a push is all it does.
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(operation) = made.iter().find(|operation| ***operation == wanted) {
        return operation;
    }
    let operation: &'static Operation = Box::leak(Box::new(wanted));
    made.push(operation);
    operation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;
    use crate::description::{Envelope, Shape, Type};
    use crate::operation::{Personal, Provenance};

    static DOWNLOAD: Described = Described {
        id: "downloadDocument",
        method_name: "download_document",
        method: Method::Get,
        path: "/v1/documents/{documentId}/download",
        summary: None,
        description: None,
        shape: Shape::Other,
        params: &[],
        body: None,
        response: Response::Bytes { media_type: "application/pdf" },
        pagination: None,
        window: None,
        provenance: Provenance::Inferred,
        personal: Personal::NONE,
    };

    static GET: Described = Described {
        id: "getThing",
        method_name: "get_thing",
        method: Method::Get,
        path: "/v1/things",
        summary: None,
        description: None,
        shape: Shape::Other,
        params: &[],
        body: None,
        response: Response::Json { envelope: Envelope::Bare, ty: Type::Json },
        pagination: None,
        window: None,
        provenance: Provenance::Seen,
        personal: Personal::new(&["firstName"], true),
    };

    #[test]
    fn each_described_operation_is_made_once_with_its_accept_type_provenance_and_personal_fields() {
        let first = of(&DOWNLOAD);
        assert!(std::ptr::eq(first, of(&DOWNLOAD)));
        assert_eq!((first.id, first.method, first.accept), ("downloadDocument", Method::Get, "application/pdf"));
        assert_eq!(first.provenance, Provenance::Inferred);
        let get = of(&GET);
        assert_eq!((get.accept, get.provenance), ("application/json", Provenance::Seen));
        assert!(get.personal.is_personal("firstName") && get.personal.is_personal("_allergies"));
        assert!(!get.personal.is_personal("id") && !get.personal.is_unknown());
        assert!(!std::ptr::eq(first, of(&GET)));
    }
}
