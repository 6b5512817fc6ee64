//! Calls of described operations (`dynamic`, what the command line sends) carry their description's
//! provenance and personal fields: bodies are logged with the personal values masked, and only a 404 on a path
//! not seen in traffic points to the escape hatch.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use alfadocs_runtime::Method;
use alfadocs_runtime::description::{Envelope, Operation, Response, Shape, Type};
use alfadocs_runtime::dynamic::{self, Call};
use alfadocs_runtime::{Personal, Provenance};
use alfadocs_test_support::capture_traces;
use common::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A patient's name, seeded in the request and echoed in the answer: it must never be traced.
const SEEDED_NAME: &str = "Giulia Seedname";

const fn described(id: &'static str, method: Method, path: &'static str, provenance: Provenance) -> Operation {
    Operation {
        id,
        method_name: id,
        method,
        path,
        summary: None,
        description: None,
        shape: Shape::Other,
        params: &[],
        body: None,
        response: Response::Json { envelope: Envelope::Bare, ty: Type::Json },
        pagination: None,
        window: None,
        provenance,
        personal: Personal::new(&["firstName"], false),
    }
}

static CREATE_PATIENT: Operation = described("createPatient", Method::Post, "/v1/patients", Provenance::Seen);
static GET_SEEN: Operation = described("getSeen", Method::Get, "/v1/seen", Provenance::Seen);
static GET_INFERRED: Operation = described("getInferred", Method::Get, "/v1/inferred", Provenance::Inferred);

#[tokio::test(flavor = "current_thread")]
async fn described_bodies_are_traced_with_their_personal_fields_masked() {
    let (captured, _guard) = capture_traces();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/patients"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 7, "firstName": SEEDED_NAME})))
        .mount(&server)
        .await;
    let http = client(&server.uri());
    let call = Call::new(&CREATE_PATIENT).body(json!({"firstName": SEEDED_NAME, "gender": "female"}));

    let answer = dynamic::send(&http, &call).await.unwrap();

    assert_eq!(answer, json!({"id": 7, "firstName": SEEDED_NAME}));
    let traced = captured.text();
    assert!(!traced.contains(SEEDED_NAME), "a personal value was traced: {traced}");
    // The bodies are shown, masked, rather than only their length as for an operation nothing describes.
    assert!(traced.contains(r#"{"firstName":"***","gender":"female"}"#), "{traced}");
    assert!(traced.contains(r#"{"id":7,"firstName":"***"}"#), "{traced}");
}

#[tokio::test]
async fn only_a_404_on_a_path_not_seen_in_traffic_names_the_escape_hatch() {
    let server = MockServer::start().await;
    let http = client(&server.uri());

    let seen = dynamic::send(&http, &Call::new(&GET_SEEN)).await.unwrap_err().to_string();
    let inferred = dynamic::send(&http, &Call::new(&GET_INFERRED)).await.unwrap_err().to_string();

    assert!(seen.starts_with("getSeen: HTTP 404") && !seen.contains("escape hatch"), "{seen}");
    assert!(inferred.contains("`GET /v1/inferred` is inferred") && inferred.contains("escape hatch"), "{inferred}");
}
