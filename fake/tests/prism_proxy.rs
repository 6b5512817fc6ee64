//! An independent check of the fake's strict mode: a scripted session through every operation goes through
//! `prism proxy --errors` on the repaired document, which validates each request and each of the fake's
//! answers against the document and turns any violation into an error answer — so every call must succeed.
//!
//! Ignored by default (it needs Prism in front of a running fake). `.ci/run` starts
//! `alfadocs-fake --strict --today 2026-03-04`, then `prism proxy --errors` with the fake as upstream, and runs
//!
//! ```sh
//! PRISM_PROXY_URL=http://127.0.0.1:4618 cargo test -p alfadocs-fake --test prism_proxy -- --ignored --nocapture
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use alfadocs::RetryPolicy;
use chrono::NaiveDate;

#[tokio::test]
#[ignore = "needs prism proxy in front of a running fake (see .ci/run)"]
async fn every_operation_of_the_strict_fake_meets_the_document() {
    let url = std::env::var("PRISM_PROXY_URL").expect("PRISM_PROXY_URL: the prism proxy in front of the fake");
    let key = std::env::var("ALFADOCS_API_KEY").unwrap_or_else(|_| alfadocs_fake::DEFAULT_KEY.to_owned());
    let client = alfadocs::Client::builder(key).base_url(url).retry_policy(RetryPolicy::none()).build().unwrap();
    common::call_everything(&client, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()).await;
    println!("prism proxy: every operation of the strict fake met the document");
}
