//! The TLS stack of the client built by [`ClientBuilder`](crate::ClientBuilder), chosen by the crate's features:
//! rustls with ring (`rustls`, the default), rustls with aws-lc-rs (`rustls-aws-lc`) or the platform's TLS
//! (`native-tls`).
//!
//! reqwest's own rustls set-up always brings aws-lc-rs, whose C build dominates a user's clean build; for the
//! default the configuration is made here with ring and handed to reqwest ready-made. When `rustls-aws-lc` or
//! `native-tls` is on as well, reqwest's own set-up is used: `native-tls` wins over rustls (reqwest's rule), and
//! aws-lc-rs over ring.

use url::Url;

use crate::error::Error;

/// Gives `builder` the TLS configuration the features select.
#[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc"), not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _base_url: &Url) -> Result<reqwest::ClientBuilder, Error> {
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;
    use rustls_platform_verifier::BuilderVerifierExt;

    // A provider the application installed as the process default is respected, as reqwest does.
    let provider =
        CryptoProvider::get_default().cloned().unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|config| config.with_platform_verifier())
        .map_err(|error| Error::config(format!("cannot set up TLS: {error}")))?
        .with_no_client_auth();
    // What reqwest offers on its own configurations; a ready-made one gets no ALPN from it.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// Gives `builder` the TLS configuration the features select: reqwest's own.
#[cfg(any(feature = "rustls-aws-lc", feature = "native-tls"))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, _base_url: &Url) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}

/// Without a TLS feature only `http` works: an `https` base URL is refused here rather than on every request.
#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder, base_url: &Url) -> Result<reqwest::ClientBuilder, Error> {
    if base_url.scheme() == "https" {
        return Err(Error::config(format!(
            "the base URL `{base_url}` is https, but alfadocs was built without a TLS feature \
             (`rustls`, `rustls-aws-lc` or `native-tls`)"
        )));
    }
    Ok(builder)
}
