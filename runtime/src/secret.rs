//! The API key: a secret that never shows in `Debug` output, errors or logs.

use std::fmt;

use crate::redact;

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

    /// Replaces every occurrence of the key in `text` by `***`, raw or JSON-, HTML- or URL-escaped: a server
    /// that echoes request headers in an error page must not leak the key into our errors.
    pub(crate) fn redact(&self, text: String) -> String {
        let found = redact::key_ranges(&text, &self.0);
        if found.is_empty() { text } else { redact::replace_ranges(&text, &found) }
    }

    /// The most bytes the key can take in any spelling [`redact`](Self::redact) finds (`&#x10FFFF;` is 10 bytes).
    pub(crate) fn longest_spelling(&self) -> usize {
        self.0.chars().count() * 10
    }

    /// Masks the start of the key at the end of `text`, where reading a body stopped within it: at least four
    /// characters, so that a short tail that merely looks like the key's first letters stays.
    pub(crate) fn mask_cut_spelling(&self, text: &mut String) {
        let cut = (4..self.0.len())
            .rev()
            .find(|length| self.0.is_char_boundary(*length) && text.ends_with(&self.0[..*length]));
        if let Some(length) = cut {
            text.truncate(text.len() - length);
            text.push_str(redact::MASK);
        }
    }

    /// The byte ranges of `text` that spell the key (see [`redact::key_ranges`]).
    pub(crate) fn ranges_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        redact::key_ranges(text, &self.0)
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
        assert_eq!(key.redact(r#"{"echo":"abc\u0031\u00323"}"#.into()), r#"{"echo":"***"}"#);
        assert_eq!(ApiKey::from("").redact("text".into()), "text");
        let mut cut = String::from("echo: abc1");
        key.mask_cut_spelling(&mut cut);
        assert_eq!(cut, "echo: ***");
        let mut short = String::from("echo: abc");
        key.mask_cut_spelling(&mut short);
        assert_eq!(short, "echo: abc");
    }
}
