//! `paginate::stream` on a real loopback server: links.next, offset/total, one page at a time, and links that
//! point elsewhere.

// Set-up helpers outside `#[test]` functions unwrap too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use alfadocs_runtime::{Error, Request, paginate};
use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(next: Option<String>, total: Value, offset: u64, ids: &[i64]) -> ResponseTemplate {
    let results: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "links": {"self": "ignored", "next": next},
        "total": total,
        "offset": offset,
        "limit": 2,
        "results": results,
    }))
}

fn first() -> Request {
    Request::new(&GET_PATIENTS, PATIENTS_PATH.into()).query("limit", &2u32)
}

fn ids(items: Vec<Value>) -> Vec<i64> {
    items.iter().map(|item| item["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn follows_links_next_on_the_same_origin() {
    let server = MockServer::start().await;
    let link = |offset: u64| Some(format!("{}{PATIENTS_PATH}?offset={offset}&limit=2&cursor=abc", server.uri()));
    Mock::given(method("GET"))
        .and(path(PATIENTS_PATH))
        .and(query_param_is_missing("offset"))
        .respond_with(page(link(2), json!("5"), 0, &[1, 2]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .and(query_param("cursor", "abc"))
        .respond_with(page(link(4), json!(5), 2, &[3, 4]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "4")).respond_with(page(None, json!(5), 4, &[5])).expect(1).mount(&server).await;
    let items: Vec<Value> = paginate::stream(client(&server.uri()), first()).try_collect().await.unwrap();
    assert_eq!(ids(items), vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn pages_by_offset_until_total_one_page_at_a_time() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset"))
        .respond_with(page(None, json!(5), 0, &[1, 2]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .and(query_param("limit", "2"))
        .respond_with(page(None, json!(5), 2, &[3, 4]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "4")).respond_with(page(None, json!(5), 4, &[5])).expect(1).mount(&server).await;

    let mut stream = Box::pin(paginate::stream::<Value>(client(&server.uri()), first()));
    assert_eq!(stream.next().await.unwrap().unwrap()["id"], 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "page 2 is not fetched before it is needed");
    assert_eq!(stream.next().await.unwrap().unwrap()["id"], 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert_eq!(stream.next().await.unwrap().unwrap()["id"], 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let rest: Vec<Value> = stream.try_collect().await.unwrap();
    assert_eq!(ids(rest), vec![4, 5]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "no request past the total");
}

#[tokio::test]
async fn an_empty_page_ends_the_list_even_below_the_total() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset")).respond_with(page(None, json!(10), 0, &[1, 2])).mount(&server).await;
    Mock::given(query_param("offset", "2")).respond_with(page(None, json!(10), 2, &[])).expect(1).mount(&server).await;
    let items: Vec<Value> = paginate::stream(client(&server.uri()), first()).try_collect().await.unwrap();
    assert_eq!(ids(items), vec![1, 2]);
}

#[tokio::test]
async fn without_links_or_total_one_page_is_all() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": [{"id": 1}, {"id": 2}]})))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Value> = paginate::stream(client(&server.uri()), first()).try_collect().await.unwrap();
    assert_eq!(ids(items), vec![1, 2]);
}

#[tokio::test]
async fn a_links_next_on_another_origin_is_never_contacted_and_offsets_take_over() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(page(None, json!(4), 2, &[99])).expect(0).mount(&elsewhere).await;

    let server = MockServer::start().await;
    let foreign = Some(format!("{}{PATIENTS_PATH}?offset=2&limit=2", elsewhere.uri()));
    Mock::given(query_param_is_missing("offset"))
        .respond_with(page(foreign, json!(4), 0, &[1, 2]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .respond_with(page(None, json!(4), 2, &[3, 4]))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Value> = paginate::stream(client(&server.uri()), first()).try_collect().await.unwrap();
    assert_eq!(ids(items), vec![1, 2, 3, 4]);
    // `elsewhere` verifies on drop that it received nothing.
}

#[tokio::test]
async fn relative_links_resolve_against_the_current_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset"))
        .respond_with(page(Some("patients?offset=2&limit=2".into()), Value::Null, 0, &[1, 2]))
        .mount(&server)
        .await;
    Mock::given(path(PATIENTS_PATH))
        .and(query_param("offset", "2"))
        .respond_with(page(None, Value::Null, 2, &[3]))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Value> = paginate::stream(client(&server.uri()), first()).try_collect().await.unwrap();
    assert_eq!(ids(items), vec![1, 2, 3]);
}

#[tokio::test]
async fn a_links_next_loop_ends_with_a_protocol_error() {
    let server = MockServer::start().await;
    let again = Some(format!("{}{PATIENTS_PATH}?offset=2", server.uri()));
    Mock::given(query_param_is_missing("offset"))
        .respond_with(page(again.clone(), Value::Null, 0, &[1, 2]))
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .respond_with(page(again, Value::Null, 2, &[3, 4]))
        .expect(1)
        .mount(&server)
        .await;
    let results: Vec<Result<Value, Error>> = paginate::stream(client(&server.uri()), first()).collect().await;
    // Both pages' items, then the error instead of asking for the second page again.
    assert_eq!(results.len(), 5);
    let items: Vec<i64> = results[..4].iter().map(|item| item.as_ref().unwrap()["id"].as_i64().unwrap()).collect();
    assert_eq!(items, vec![1, 2, 3, 4]);
    assert!(matches!(&results[4], Err(Error::Protocol { operation: "getPatients", .. })), "{:?}", results[4]);
}

#[tokio::test]
async fn an_error_on_a_later_page_is_yielded_after_the_earlier_items() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset")).respond_with(page(None, json!(4), 0, &[1, 2])).mount(&server).await;
    Mock::given(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": "Forbidden"})))
        .mount(&server)
        .await;
    let results: Vec<Result<Value, Error>> = paginate::stream(client(&server.uri()), first()).collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[2].as_ref().unwrap_err().status(), Some(403));
}
