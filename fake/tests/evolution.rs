//! After a vendor change, regenerating is all it takes: a document that adds operations is described by the
//! generator's own pipeline, and the fake serves them with no code of its own. And the description the fake
//! builds at run time is the one `cargo xtask codegen` compiled into `alfadocs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use alfadocs_fake::{FakeAlfaDocs, spec};
use serde_json::{Value, json};

fn repository(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(file)
}

#[test]
fn the_run_time_description_is_the_compiled_one() {
    let described = spec::load(&repository("alfadocs-openapi.yaml"), &[&repository("alfadocs-overlay.yaml")]).unwrap();
    assert_eq!(described, &alfadocs::description::API);
}

/// A newer document: a context, and a collection of rooms the client has never heard of, nested with
/// their bookings.
const NEWER: &str = r#"
openapi: 3.0.3
info: {title: AlfaDocs API, version: 1.2.0}
servers: [{url: 'https://app.alfadocs.com/api'}]
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Room:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        floor: {type: integer, example: '2'}
    Booking:
      type: object
      properties:
        id: {type: integer}
        roomId: {type: integer}
        note: {type: string}
security: [{apiKey: []}]
paths:
  /v1/me:
    get:
      tags: [Context]
      operationId: getContext
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  data:
                    type: object
                    properties:
                      practiceId: {type: integer}
                      archiveId: {type: integer}
  /v1/practices/{practiceId}/archives/{archiveId}/rooms:
    parameters:
      - {name: practiceId, in: path, required: true, schema: {type: integer}}
      - {name: archiveId, in: path, required: true, schema: {type: integer}}
    get:
      tags: [Rooms]
      operationId: getRooms
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  count: {type: integer}
                  data: {type: array, items: {$ref: '#/components/schemas/Room'}}
    post:
      tags: [Rooms]
      operationId: createRoom
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                floor: {type: integer}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  data: {$ref: '#/components/schemas/Room'}
  /v1/practices/{practiceId}/archives/{archiveId}/rooms/{roomId}:
    parameters:
      - {name: practiceId, in: path, required: true, schema: {type: integer}}
      - {name: archiveId, in: path, required: true, schema: {type: integer}}
      - {name: roomId, in: path, required: true, schema: {type: integer}}
    get:
      tags: [Rooms]
      operationId: getRoom
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  data: {$ref: '#/components/schemas/Room'}
  /v1/practices/{practiceId}/archives/{archiveId}/rooms/{roomId}/bookings:
    parameters:
      - {name: practiceId, in: path, required: true, schema: {type: integer}}
      - {name: archiveId, in: path, required: true, schema: {type: integer}}
      - {name: roomId, in: path, required: true, schema: {type: integer}}
    get:
      tags: [Rooms]
      operationId: getRoomBookings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  count: {type: integer}
                  data: {type: array, items: {$ref: '#/components/schemas/Booking'}}
    post:
      tags: [Rooms]
      operationId: createRoomBooking
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                note: {type: string}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string}
                  data: {$ref: '#/components/schemas/Booking'}
"#;

async fn call(http: &reqwest::Client, key: &str, method: &str, url: &str, body: Option<Value>) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http.request(method, url).header("X-Api-Key", key).header("Content-Type", "application/json");
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    (status, serde_json::from_str(&answer.text().await.unwrap()).unwrap())
}

#[tokio::test]
async fn a_document_that_adds_operations_is_served_without_new_code() {
    let api = spec::load_str("newer.yaml", NEWER).unwrap();
    assert!(api.operation("createRoomBooking").is_some());
    let fake = FakeAlfaDocs::builder().api(api).start().await.unwrap();
    let http = common::http();
    let key = fake.key();
    let (status, context) = call(&http, key, "GET", &format!("{}/v1/me", fake.base_url()), None).await;
    assert_eq!(status, 200);
    assert_eq!(context["data"]["practiceId"], json!(fake.practice_id()));
    let rooms = format!("{}/v1/practices/{}/archives/{}/rooms", fake.base_url(), fake.practice_id(), fake.archive_id());

    let (status, empty) = call(&http, key, "GET", &rooms, None).await;
    assert_eq!((status, &empty["count"]), (200, &json!(0)));
    let (status, created) = call(&http, key, "POST", &rooms, Some(json!({"name": "Sala 1", "floor": 2}))).await;
    assert_eq!(status, 200);
    let id = created["data"]["id"].as_i64().unwrap();
    // The newer document's sample writes the floor as a string: so does the fake, in the vendor's dialect.
    assert_eq!(created["data"]["floor"], json!("2"));
    let (status, room) = call(&http, key, "GET", &format!("{rooms}/{id}"), None).await;
    assert_eq!((status, &room["data"]["name"]), (200, &json!("Sala 1")));
    let (status, refused) = call(&http, key, "POST", &rooms, Some(json!({"floor": 1}))).await;
    assert_eq!((status, &refused["error"]), (400, &json!("the required field `name` is missing")));

    let bookings = format!("{rooms}/{id}/bookings");
    let (status, _) = call(&http, key, "POST", &bookings, Some(json!({"note": "Riunione"}))).await;
    assert_eq!(status, 200);
    let (_, listed) = call(&http, key, "GET", &bookings, None).await;
    assert_eq!(listed["count"], json!(1));
    assert_eq!(listed["data"][0]["roomId"], json!(id));
    let (status, missing) = call(&http, key, "GET", &format!("{rooms}/999/bookings"), None).await;
    assert_eq!((status, &missing["error"]), (404, &json!("Room not found")));
}
