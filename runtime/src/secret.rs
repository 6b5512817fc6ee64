//! The API key: a secret that never shows in `Debug` output, errors or logs.

use std::fmt;

/// The AlfaDocs API key, sent as the `X-Api-Key` header of every request.
///
/// The key is archive-wide: whoever holds it reads and writes every patient of the practice. So this type has
/// no `Display`, its `Debug` prints `ApiKey(***)`, and the client marks the header as sensitive so that HTTP
/// layers do not log or compress it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// The key's text, for the one place that puts it on the wire.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Replaces every occurrence of the key in `text` by `***`: a server that echoes request headers in an
    /// error page must not leak the key into our errors.
    pub(crate) fn redact(&self, text: String) -> String {
        // An empty key would match between every two characters; `build()` rejects it, but stay safe.
        if self.0.is_empty() || !text.contains(self.0.as_str()) { text } else { text.replace(self.0.as_str(), "***") }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = ApiKey::from("sk-live-123");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(format!("{key:#?}"), "ApiKey(***)");
    }

    #[test]
    fn redact_replaces_every_occurrence() {
        let key = ApiKey::from(String::from("abc123"));
        assert_eq!(key.redact("x abc123 y abc123".into()), "x *** y ***");
        assert_eq!(key.redact("nothing here".into()), "nothing here");
        assert_eq!(ApiKey::from("").redact("text".into()), "text");
    }
}
