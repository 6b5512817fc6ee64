//! The client's [`Operation`](crate::Operation) of a described operation.
//!
//! A [`Request`](crate::Request) names its operation by a `&'static` reference (generated code points at its
//! own statics). A described operation has no such static, so one is made the first time it is called and kept
//! for the rest of the process: at most one per operation of a `'static` description, so the memory kept is
//! bounded by the description's size.

use std::sync::{Mutex, PoisonError};

use crate::description::{Operation as Described, Response};
use crate::operation::{Operation, Personal, Provenance};

/// The media type asked for in `Accept` when the answer is JSON (or nothing).
const APPLICATION_JSON: &str = "application/json";

static MADE: Mutex<Vec<&'static Operation>> = Mutex::new(Vec::new());

/// The client's operation for `described`: its id, method, path and `Accept` type; its bodies are never
/// logged.
pub(crate) fn of(described: &'static Described) -> &'static Operation {
    let wanted = Operation {
        id: described.id,
        method: described.method,
        path: described.path,
        accept: match described.response {
            Response::Bytes { media_type } => media_type,
            Response::Empty | Response::Json { .. } => APPLICATION_JSON,
        },
        // The description does not carry the provenance grades or the personal fields yet: a 404 gets the
        // cautious hint, and no body of a described call is logged, only its length (as for `raw`).
        provenance: Provenance::Unrecorded,
        personal: Personal::UNKNOWN,
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
    };

    #[test]
    fn each_described_operation_is_made_once_with_its_accept_type() {
        let first = of(&DOWNLOAD);
        assert!(std::ptr::eq(first, of(&DOWNLOAD)));
        assert_eq!((first.id, first.method, first.accept), ("downloadDocument", Method::Get, "application/pdf"));
        assert_eq!(of(&GET).accept, "application/json");
        assert!(!std::ptr::eq(first, of(&GET)));
    }
}
