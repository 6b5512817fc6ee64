//! Every item of a paginated list (`Page<T>`), one page in memory at a time.
//!
//! After each non-empty page the next one is found this way:
//! 1. `links.next`, an absolute (or relative) URL, is followed when it is on the base URL's origin (same
//!    scheme, host and port, under the base path, no credentials). A link elsewhere is never followed: the API
//!    key would go with it. Instead the stream falls back to step 2 and logs a warning.
//! 2. Otherwise, with the page's `total`: the first request is sent again with `offset` advanced by the number
//!    of results, while that offset is below `total`.
//! 3. Otherwise the list ends.
//!
//! An empty page always ends the list. A server cannot make the stream run forever: a page whose URL (fragment
//! removed, query parameters in order) was already requested ends the stream with [`Error::Protocol`], as does
//! an offset that does not advance, and fetching more than
//! [`max_pages`](crate::ClientBuilder::max_pages) pages ends it with [`Error::LimitExceeded`]. The first error
//! ends the stream.

use std::collections::{HashSet, VecDeque};

use futures_util::Stream;
use serde::de::DeserializeOwned;
use tracing::warn;
use url::Url;

use crate::client::HttpClient;
use crate::error::Error;
use crate::limits::Limit;
use crate::options::within_deadline;
use crate::page::Page;
use crate::redact::shown_url;
use crate::request::Request;

/// Streams every result of the paginated list that `first` asks for (see the [module](self) documentation).
pub fn stream<T: DeserializeOwned + Send + 'static>(
    http: HttpClient,
    first: Request,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
    let (operation, deadline) = (first.operation().id, first.request_options().stream_deadline);
    let start_offset = first.query_value("offset").and_then(|value| value.parse::<u64>().ok()).unwrap_or(0);
    let state = Pager {
        http,
        next: Some(first.clone()),
        first,
        offset: start_offset,
        requested: HashSet::new(),
        items: VecDeque::new(),
    };
    let items = futures_util::stream::unfold(state, |mut pager| async move {
        loop {
            if let Some(item) = pager.items.pop_front() {
                return Some((Ok(item), pager));
            }
            let request = pager.next.take()?;
            if let Err(error) = pager.fetch(request).await {
                return Some((Err(error), pager));
            }
        }
    });
    within_deadline(items, operation, deadline)
}

struct Pager<T> {
    http: HttpClient,
    /// The caller's request, the template for offset-based pages.
    first: Request,
    /// The next page to fetch; `None` once the list (or the stream, after an error) has ended.
    next: Option<Request>,
    /// The offset of the page being fetched, as far as we know it.
    offset: u64,
    /// The URLs of the pages requested so far, in [`loop_form`], to detect loops.
    requested: HashSet<String>,
    /// The current page's items not yet yielded.
    items: VecDeque<T>,
}

/// A URL as the loop check compares it: without its fragment (which never reaches the server) and with its
/// query parameters decoded and sorted (their order does not change the page).
fn loop_form(url: &Url) -> String {
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    let mut form = url.clone();
    form.set_fragment(None);
    form.set_query(None);
    let mut text = String::from(form);
    for (index, (name, value)) in pairs.iter().enumerate() {
        text.push(if index == 0 { '?' } else { '&' });
        text.push_str(name);
        text.push('=');
        text.push_str(value);
    }
    text
}

impl<T: DeserializeOwned> Pager<T> {
    /// Fetches one page, queues its items and works out the next request.
    async fn fetch(&mut self, request: Request) -> Result<(), Error> {
        let operation = request.operation().id;
        let url = self.http.url_for(&request)?;
        if !self.requested.insert(loop_form(&url)) {
            return Err(Error::Protocol {
                operation,
                message: self
                    .http
                    .inner
                    .api_key
                    .redact(format!("pagination leads back to a page already fetched: {}", shown_url(&url))),
            });
        }
        let max = self.http.inner.limits.max_pages;
        if self.requested.len() as u64 > max {
            return Err(Error::LimitExceeded { operation, limit: Limit::Pages, max });
        }
        let page: Page<T> = self.http.send_json(request).await?;
        if page.results.is_empty() {
            return Ok(());
        }
        let asked = self.offset;
        let count = page.results.len() as u64;
        self.offset = page.offset.unwrap_or(asked).saturating_add(count);
        self.next = self.next_request(&url, asked, page.links.next.as_deref(), page.total, operation)?;
        self.items = page.results.into();
        Ok(())
    }

    /// The request after the page at `current` (asked for at offset `asked`).
    fn next_request(
        &mut self,
        current: &Url,
        asked: u64,
        link: Option<&str>,
        total: Option<u64>,
        operation: &'static str,
    ) -> Result<Option<Request>, Error> {
        if let Some(link) = link {
            match current.join(link) {
                Ok(url) if self.http.is_same_origin(&url) => return Ok(Some(self.first.with_url(url))),
                Ok(url) => warn!(
                    operation,
                    link = %self.http.inner.api_key.redact(shown_url(&url)),
                    "links.next is outside the base URL; not sending the API key there, paging by offset instead"
                ),
                Err(error) => {
                    warn!(operation, %error, "links.next is not a URL; paging by offset instead")
                }
            }
        }
        match total {
            Some(total) if self.offset < total => {
                if self.offset <= asked {
                    return Err(Error::Protocol {
                        operation,
                        message: format!(
                            "the page asked for at offset {asked} says it starts at an offset that does not \
                             advance the list (next offset {}, total {total})",
                            self.offset
                        ),
                    });
                }
                Ok(Some(self.first.clone().with_query("offset", &self.offset)))
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::GET_PATIENTS;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn a_bad_first_request_ends_the_stream_with_its_error() {
        let http = HttpClient::builder("k").base_url("http://127.0.0.1:9").build().unwrap();
        let items: Vec<Result<i64, Error>> =
            stream(http, Request::new(&GET_PATIENTS, "/v1/doctors".into())).collect().await;
        assert_eq!(items.len(), 1);
        assert!(matches!(items[0], Err(Error::InvalidInput { .. })));
    }
}
