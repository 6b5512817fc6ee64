//! Every item of a paginated list (`Page<T>`), one page in memory at a time.
//!
//! After each non-empty page the next one is found this way:
//! 1. `links.next`, an absolute (or relative) URL, is followed when it is on the base URL's origin (same
//!    scheme, host and port, under the base path). A link elsewhere is never followed: the API key would go
//!    with it. Instead the stream falls back to step 2 and logs a warning.
//! 2. Otherwise, with the page's `total`: the first request is sent again with `offset` advanced by the number
//!    of results, while that offset is below `total`.
//! 3. Otherwise the list ends.
//!
//! An empty page always ends the list. A `links.next` that leads back to a page already fetched ends the stream
//! with [`Error::Protocol`] instead of looping forever. The first error ends the stream.

use std::collections::{HashSet, VecDeque};

use futures_util::Stream;
use serde::de::DeserializeOwned;
use tracing::warn;

use crate::client::HttpClient;
use crate::error::Error;
use crate::page::Page;
use crate::request::Request;

/// Streams every result of the paginated list that `first` asks for (see the [module](self) documentation).
pub fn stream<T: DeserializeOwned + Send + 'static>(
    http: HttpClient,
    first: Request,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let start_offset = first.query_value("offset").and_then(|value| value.parse::<u64>().ok()).unwrap_or(0);
    let state = Pager {
        http,
        next: Some(first.clone()),
        first,
        offset: start_offset,
        followed: HashSet::new(),
        items: VecDeque::new(),
    };
    futures_util::stream::unfold(state, |mut pager| async move {
        loop {
            if let Some(item) = pager.items.pop_front() {
                return Some((Ok(item), pager));
            }
            let request = pager.next.take()?;
            if let Err(error) = pager.fetch(request).await {
                return Some((Err(error), pager));
            }
        }
    })
}

struct Pager<T> {
    http: HttpClient,
    /// The caller's request, the template for offset-based pages.
    first: Request,
    /// The next page to fetch; `None` once the list (or the stream, after an error) has ended.
    next: Option<Request>,
    /// The offset of the page being fetched, as far as we know it.
    offset: u64,
    /// The `links.next` URLs followed so far, to detect loops.
    followed: HashSet<String>,
    /// The current page's items not yet yielded.
    items: VecDeque<T>,
}

impl<T: DeserializeOwned> Pager<T> {
    /// Fetches one page, queues its items and works out the next request.
    async fn fetch(&mut self, request: Request) -> Result<(), Error> {
        let page: Page<T> = self.http.send_json(request.clone()).await?;
        if page.results.is_empty() {
            return Ok(());
        }
        let count = page.results.len() as u64;
        let offset = page.offset.unwrap_or(self.offset);
        self.offset = offset.saturating_add(count);
        self.next = self.next_request(&request, page.links.next.as_deref(), page.total)?;
        self.items = page.results.into();
        Ok(())
    }

    fn next_request(
        &mut self,
        current: &Request,
        link: Option<&str>,
        total: Option<u64>,
    ) -> Result<Option<Request>, Error> {
        let operation = current.operation().id;
        if let Some(link) = link {
            let base = self.http.url_for(current)?;
            match base.join(link) {
                Ok(url) if self.http.is_same_origin(&url) => {
                    if !self.followed.insert(url.as_str().to_owned()) {
                        return Err(Error::Protocol {
                            operation,
                            message: self
                                .http
                                .inner
                                .api_key
                                .redact(format!("links.next leads back to a page already fetched: {url}")),
                        });
                    }
                    return Ok(Some(current.with_url(url)));
                }
                Ok(url) => warn!(
                    operation,
                    link = %self.http.inner.api_key.redact(url.to_string()),
                    "links.next is outside the base URL; not sending the API key there, paging by offset instead"
                ),
                Err(error) => {
                    warn!(operation, %error, "links.next is not a URL; paging by offset instead")
                }
            }
        }
        Ok(match total {
            Some(total) if self.offset < total => Some(self.first.clone().with_query("offset", &self.offset)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{Method, Operation};
    use futures_util::StreamExt;

    static GET_PATIENTS: Operation =
        Operation { id: "getPatients", method: Method::Get, path: "/v1/patients", accept: "application/json" };

    #[tokio::test]
    async fn a_bad_first_request_ends_the_stream_with_its_error() {
        let http = HttpClient::builder("k").base_url("http://127.0.0.1:9").build().unwrap();
        let items: Vec<Result<i64, Error>> =
            stream(http, Request::new(&GET_PATIENTS, "/v1/doctors".into())).collect().await;
        assert_eq!(items.len(), 1);
        assert!(matches!(items[0], Err(Error::InvalidInput { .. })));
    }
}
