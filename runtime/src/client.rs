//! The HTTP client and its builder: base URL, credentials, timeout, retry policy and user agent.

use std::ffi::OsString;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::error::Error;
use crate::hooks::Hook;
use crate::limits::Limits;
use crate::redact::shown_url;
use crate::retry::RetryPolicy;
use crate::secret::ApiKey;
use crate::tls;

/// The vendor's server.
pub const DEFAULT_BASE_URL: &str = "https://app.alfadocs.com/api";

/// How long one attempt may take by default, from sending to the last byte of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default `User-Agent`: `alfadocs-rust/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("alfadocs-rust/", env!("CARGO_PKG_VERSION"));

/// The environment variable [`ClientBuilder::from_env`] reads the API key from.
pub const ENV_API_KEY: &str = "ALFADOCS_API_KEY";

/// The environment variable [`ClientBuilder::from_env`] reads an optional base URL from.
pub const ENV_BASE_URL: &str = "ALFADOCS_BASE_URL";

/// Sends requests to the AlfaDocs API: adds the credentials and headers, retries what may be retried, and turns
/// answers into values or [`Error`]s.
///
/// Cheap to clone (an `Arc` inside); clones share the connection pool.
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// The base URL's path without a trailing `/` (empty for the root), under which request paths (`/v1/…`) go.
    pub(crate) base_path: String,
    pub(crate) api_key: ApiKey,
    /// The key as a header value, marked sensitive.
    pub(crate) api_key_header: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) limits: Limits,
    /// The caller's hooks, in the order registered.
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
}

impl HttpClient {
    /// A builder for a client authenticated with `api_key`.
    pub fn builder(api_key: impl Into<ApiKey>) -> ClientBuilder<HttpClient> {
        ClientBuilder::new(api_key)
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Whether `url` may receive the API key: same scheme, host and port as the base URL, a path under the
    /// base URL's path, and no user name or password (which the HTTP stack would send as credentials).
    pub fn is_same_origin(&self, url: &Url) -> bool {
        let base = &self.inner.base_url;
        // The base URL is http(s), so its origin is scheme, host and port: compared as parts, without the owned
        // copies `Url::origin` makes (this runs on every request).
        if url.scheme() != base.scheme()
            || url.host() != base.host()
            || url.port_or_known_default() != base.port_or_known_default()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return false;
        }
        let base_path = self.inner.base_path.as_str();
        base_path.is_empty()
            || url.path() == base_path
            || url.path().strip_prefix(base_path).is_some_and(|rest| rest.starts_with('/'))
    }
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("HttpClient")
            .field("base_url", &inner.base_url.as_str())
            .field("api_key", &inner.api_key)
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("limits", &inner.limits)
            .field("hooks", &inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpClient`], or any client type made from one (the generated `alfadocs::Client`).
pub struct ClientBuilder<C = HttpClient> {
    api_key: ApiKey,
    base_url: Option<String>,
    timeout: Duration,
    retry: RetryPolicy,
    limits: Limits,
    user_agent: String,
    hooks: Vec<Arc<dyn Hook>>,
    _marker: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("user_agent", &self.user_agent)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl<C: From<HttpClient>> ClientBuilder<C> {
    /// A builder with the defaults: the vendor's server, a 30 s timeout per attempt, the default
    /// [`RetryPolicy`], the user agent `alfadocs-rust/<version>`, and the limits of [`limits`](crate::limits).
    pub fn new(api_key: impl Into<ApiKey>) -> Self {
        Self {
            api_key: api_key.into(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            limits: Limits::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            hooks: Vec::new(),
            _marker: PhantomData,
        }
    }

    /// A builder with the key from `ALFADOCS_API_KEY` and, when set and not empty, the base URL from
    /// `ALFADOCS_BASE_URL`.
    ///
    /// # Errors
    /// [`Error::Config`] when `ALFADOCS_API_KEY` is not set, empty, or not valid Unicode.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// [`from_env`](Self::from_env) over any variable lookup (tests cannot safely change the environment).
    pub(crate) fn from_vars(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Self, Error> {
        let read = |name: &str| -> Result<Option<String>, Error> {
            match lookup(name) {
                None => Ok(None),
                Some(value) => value
                    .into_string()
                    .map(|text| Some(text.trim().to_owned()).filter(|text| !text.is_empty()))
                    .map_err(|_| Error::config(format!("the environment variable {name} is not valid Unicode"))),
            }
        };
        let key = read(ENV_API_KEY)?
            .ok_or_else(|| Error::config(format!("the environment variable {ENV_API_KEY} is not set or empty")))?;
        let builder = Self::new(key);
        Ok(match read(ENV_BASE_URL)? {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }

    /// The API's base URL (default `https://app.alfadocs.com/api`); request paths (`/v1/…`) are appended to it.
    /// An invalid URL is reported by [`build`](Self::build).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// How long one attempt may take, from sending the request to the last byte of the body (default 30 s).
    /// For streamed downloads it bounds the wait for the headers and for each chunk.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::none`] to never retry).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest 2xx body read into memory (default 32 MiB, [`DEFAULT_MAX_BODY_BYTES`]): a longer one ends
    /// the call with [`Error::LimitExceeded`], unread past the limit. Streamed downloads are not bounded by it.
    ///
    /// [`DEFAULT_MAX_BODY_BYTES`]: crate::limits::DEFAULT_MAX_BODY_BYTES
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_body_bytes = bytes;
        self
    }

    /// How much of an error body is read for its message (default 64 KiB,
    /// [`DEFAULT_MAX_ERROR_BODY_BYTES`]); the rest is never read.
    ///
    /// [`DEFAULT_MAX_ERROR_BODY_BYTES`]: crate::limits::DEFAULT_MAX_ERROR_BODY_BYTES
    pub fn max_error_body_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_error_body_bytes = bytes;
        self
    }

    /// The most pages one paginated `.stream()` fetches (default 10 000, [`DEFAULT_MAX_PAGES`]); the stream
    /// ends with [`Error::LimitExceeded`] instead of fetching one more.
    ///
    /// [`DEFAULT_MAX_PAGES`]: crate::limits::DEFAULT_MAX_PAGES
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.limits.max_pages = pages.max(1);
        self
    }

    /// The total time a streamed download (`send_stream`) may take, from the start of the call to its last
    /// chunk (default: none; each chunk must still arrive within the [timeout](Self::timeout)). When it
    /// passes, the stream ends with [`Error::Timeout`].
    pub fn download_deadline(mut self, deadline: Duration) -> Self {
        self.limits.download_deadline = Some(deadline);
        self
    }

    /// The `User-Agent` header (default `alfadocs-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Adds a [`Hook`] that sees every request the client sends (every attempt and followed redirect) and every
    /// answer's head; hooks run in the order added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty API key or one that cannot be sent in a header, an invalid base URL (not
    /// `http`/`https`, with a query or fragment; `https` when built without a TLS feature), a zero timeout, an
    /// invalid user agent, or a TLS set-up failure.
    pub fn build(self) -> Result<C, Error> {
        let key = self.api_key.expose();
        if key.trim().is_empty() {
            return Err(Error::config("the API key is empty"));
        }
        let mut api_key_header = HeaderValue::from_str(key)
            .map_err(|_| Error::config("the API key contains characters that cannot be sent in an HTTP header"))?;
        api_key_header.set_sensitive(true);

        let base_text = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim();
        let base_url = parse_base_url(base_text)?;
        let base_path = base_url.path().trim_end_matches('/').to_owned();

        if self.timeout.is_zero() {
            return Err(Error::config("the timeout is zero"));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config(format!("the user agent `{}` is not a valid header value", self.user_agent)))?;

        // The HTTP crate stays out of the public API (no `reqwest::Client` option, no re-export), so its major
        // versions are not breaking changes of this crate. Proxies come from `HTTPS_PROXY`/`ALL_PROXY`/`NO_PROXY`.
        let http = tls::configure(reqwest::Client::builder(), &base_url)?
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::config(format!("cannot set up the HTTP client: {error}")))?;
        let client = HttpClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                base_path,
                api_key: self.api_key,
                api_key_header,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                limits: self.limits,
                hooks: self.hooks,
            }),
        };
        Ok(C::from(client))
    }
}

/// Parses the base URL; errors show it as URLs always are, without credentials or query values.
fn parse_base_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text).map_err(|error| {
        // Not a URL, so shown only up to where a query or credentials could start.
        let shown = text.split(['?', '#', '@']).next().unwrap_or_default();
        Error::config(format!("invalid base URL `{shown}`: {error}"))
    })?;
    let shown = shown_url(&url);
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::config(format!("invalid base URL `{shown}`: not an http(s) URL with a host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!("invalid base URL `{shown}`: it has a query or fragment")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(format!("invalid base URL `{shown}`: it carries credentials")));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "test-key-5f3a9c";

    #[test]
    fn defaults_and_debug_never_show_the_key() {
        let builder = HttpClient::builder(KEY);
        let shown = format!("{builder:?} {builder:#?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("ApiKey(***)"));
        let client = builder.build().unwrap();
        assert_eq!(client.base_url().as_str(), "https://app.alfadocs.com/api");
        assert_eq!(client.inner.base_path, "/api");
        assert_eq!(client.timeout(), DEFAULT_TIMEOUT);
        assert!(client.inner.api_key_header.is_sensitive());
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("app.alfadocs.com"));
        assert_eq!(DEFAULT_USER_AGENT, format!("alfadocs-rust/{}", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn bad_configuration_is_a_config_error_without_the_key() {
        let cases = [
            HttpClient::builder(KEY).base_url("not a url").build(),
            HttpClient::builder(KEY).base_url("ftp://example.com").build(),
            HttpClient::builder(KEY).base_url(format!("https://example.com/api?key={KEY}")).build(),
            HttpClient::builder(KEY).timeout(Duration::ZERO).build(),
            HttpClient::builder(KEY).user_agent("bad\nagent").build(),
            HttpClient::builder("").build(),
            HttpClient::builder(format!("{KEY}\n")).build(),
        ];
        for result in cases {
            let error = result.unwrap_err();
            assert!(matches!(error, Error::Config { .. }), "{error:?}");
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(KEY), "{shown}");
        }
    }

    #[test]
    fn from_vars_reads_key_and_optional_base_url() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| OsString::from(*value))
        };
        let error = ClientBuilder::<HttpClient>::from_vars(vars(&[])).unwrap_err();
        assert!(error.to_string().contains("ALFADOCS_API_KEY"), "{error}");
        assert!(ClientBuilder::<HttpClient>::from_vars(vars(&[("ALFADOCS_API_KEY", " ")])).is_err());
        let client = ClientBuilder::<HttpClient>::from_vars(vars(&[
            ("ALFADOCS_API_KEY", KEY),
            ("ALFADOCS_BASE_URL", "http://127.0.0.1:9/api/"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/api/");
        assert_eq!(client.inner.base_path, "/api");
        let default =
            ClientBuilder::<HttpClient>::from_vars(vars(&[("ALFADOCS_API_KEY", KEY), ("ALFADOCS_BASE_URL", "")]))
                .unwrap()
                .build()
                .unwrap();
        assert_eq!(default.base_url().as_str(), DEFAULT_BASE_URL);
    }

    #[test]
    fn same_origin_means_scheme_host_port_and_base_path() {
        let client = HttpClient::builder(KEY).base_url("https://app.alfadocs.com/api").build().unwrap();
        let check = |url: &str| client.is_same_origin(&Url::parse(url).unwrap());
        assert!(check("https://app.alfadocs.com/api/v1/patients?offset=50"));
        assert!(!check("http://app.alfadocs.com/api/v1/patients"));
        assert!(!check("https://app.alfadocs.com:8443/api/v1/patients"));
        assert!(!check("https://evil.example/api/v1/patients"));
        assert!(!check("https://app.alfadocs.com/apix/v1"));
        assert!(!check("https://app.alfadocs.com/v1/patients"));
        assert!(!check("https://user:pass@app.alfadocs.com/api/v1/patients"));
        assert!(!check("https://user@app.alfadocs.com/api/v1/patients"));
        assert!(!check("https://app.alfadocs.com/api/../admin"));
        assert!(check("https://app.alfadocs.com:443/api/v1/patients"));
        assert!(check("https://APP.alfadocs.com/api"));
        let root = HttpClient::builder(KEY).base_url("http://127.0.0.1:8080").build().unwrap();
        assert!(root.is_same_origin(&Url::parse("http://127.0.0.1:8080/v1/x").unwrap()));
        // A blob URL has its inner URL's origin, but is not a URL the HTTP stack could send the key to.
        assert!(!root.is_same_origin(&Url::parse("blob:http://127.0.0.1:8080/v1/x").unwrap()));
        assert!(!root.is_same_origin(&Url::parse("http://127.0.0.2:8080/v1/x").unwrap()));
    }

    #[test]
    fn a_custom_client_type_is_built_from_the_http_client() {
        struct Wrapper(HttpClient);
        impl From<HttpClient> for Wrapper {
            fn from(client: HttpClient) -> Self {
                Self(client)
            }
        }
        let wrapper: Wrapper = ClientBuilder::new(KEY).user_agent("mine/1").build().unwrap();
        assert_eq!(wrapper.0.inner.user_agent, "mine/1");
    }
}
