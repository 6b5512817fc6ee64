//! Which redirects the client follows, and where to: reqwest is told to follow none (the key is a custom header
//! that it would forward anywhere), and each 3xx answer is judged here instead.
//!
//! A POST or PATCH is never sent again by a redirect. Other methods follow 301, 302, 303, 307 and 308 while the
//! target stays under the base URL (origin and path), carries no credentials, has not been requested already in
//! this attempt, and the hops stay within [`MAX_REDIRECTS`]. A 303 turns the request into a GET without body.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;

use crate::client::HttpClient;
use crate::error::{Error, RedirectRefusal};
use crate::limits::{MAX_REDIRECTS, MESSAGE_CHARS};
use crate::operation::Method;
use crate::redact::{shown_url, truncate_chars};

/// The next request of a followed redirect.
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: Method,
    /// Whether the body goes along (not after a 303).
    pub(crate) keep_body: bool,
}

/// The URLs one attempt has requested, as [`visited_form`] writes them.
#[derive(Default)]
pub(crate) struct Visited(Vec<String>);

/// A URL with its fragment removed (the fragment never reaches the server), for comparing requests.
fn visited_form(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.into()
}

/// Judges an answer of `status` to `method` at `current`: `None` when it is not a redirect to follow
/// (not a 3xx that names a new place), the next hop when it may be followed, an [`Error::Redirect`] when not.
pub(crate) fn next_hop(
    http: &HttpClient,
    operation: &'static str,
    method: Method,
    current: &Url,
    status: StatusCode,
    headers: &HeaderMap,
    visited: &mut Visited,
) -> Result<Option<Hop>, Error> {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let refuse =
        |location: String, reason| Err(Error::Redirect { operation, status: status.as_u16(), location, reason });
    let raw = headers.get(LOCATION).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let Some(url) = raw.as_deref().and_then(|text| current.join(text).ok()) else {
        // Shown up to its query, which may hold anything.
        let text = raw.as_deref().unwrap_or_default().split(['?', '#']).next().unwrap_or_default();
        let text = http.inner.api_key.redact(truncate_chars(text, MESSAGE_CHARS));
        return refuse(text, RedirectRefusal::InvalidLocation);
    };
    let location = http.inner.api_key.redact(shown_url(&url));
    if matches!(method, Method::Post | Method::Patch) {
        return refuse(location, RedirectRefusal::Method);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse(location, RedirectRefusal::Credentials);
    }
    if !http.is_same_origin(&url) {
        return refuse(location, RedirectRefusal::OutsideBase);
    }
    // The starting URL is noted at the first redirect, not before every request: most are never redirected.
    if visited.0.is_empty() {
        visited.0.push(visited_form(current));
    }
    let form = visited_form(&url);
    if visited.0.contains(&form) {
        return refuse(location, RedirectRefusal::Loop);
    }
    if visited.0.len() > MAX_REDIRECTS {
        return refuse(location, RedirectRefusal::TooMany);
    }
    visited.0.push(form);
    let see_other = status == StatusCode::SEE_OTHER;
    Ok(Some(Hop { url, method: if see_other { Method::Get } else { method }, keep_body: !see_other }))
}
