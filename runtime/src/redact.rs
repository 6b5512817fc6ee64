//! Keeping secrets and server-sent values out of errors and logs: the API key found in any of the forms a server
//! may write it in, URLs shown without their query values, serde's messages without the values they quote, and
//! the personal fields of a body (as the operation's [`Personal`] names them) masked wherever a body is logged.

use std::ops::Range;

use serde_json::Value;
use url::Url;

use crate::limits::LOGGED_BODY_CHARS;
use crate::operation::Personal;
use crate::secret::ApiKey;

/// What replaces the key, a query value or a quoted value.
pub(crate) const MASK: &str = "***";

/// The byte ranges of `text` that spell `key`, each character either as written or escaped the way JSON
/// (`\/`, `\u002F`), HTML (`&#47;`, `&#x2F;`, `&sol;`, `&amp;`…) or a URL (`%2F`) writes it: a server that echoes
/// the key back in a JSON string or an HTML page seldom writes it raw. Ranges are in order and do not overlap.
pub(crate) fn key_ranges(text: &str, key: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if key.is_empty() {
        return found;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        match match_key(bytes, start, key) {
            Some(end) => {
                found.push(start..end);
                start = end;
            }
            None => start += 1,
        }
    }
    found
}

/// `text` with each of `ranges` (ordered, disjoint, on character boundaries) replaced by [`MASK`].
pub(crate) fn replace_ranges(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for range in ranges {
        out.push_str(&text[copied..range.start]);
        out.push_str(MASK);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The end of the key's spelling that starts at byte `start` of `text`, if one does.
fn match_key(text: &[u8], start: usize, key: &str) -> Option<usize> {
    let mut at = start;
    for wanted in key.chars() {
        at = match_char(text, at, wanted)?;
    }
    Some(at)
}

/// The end of `wanted`, raw or escaped, at byte `at` of `text`.
fn match_char(text: &[u8], at: usize, wanted: char) -> Option<usize> {
    let rest = text.get(at..)?;
    let mut raw = [0u8; 4];
    let raw = wanted.encode_utf8(&mut raw).as_bytes();
    if rest.starts_with(raw) {
        return Some(at + raw.len());
    }
    let code = u32::from(wanted);
    let escaped = match rest.first()? {
        b'\\' => match rest.get(1)? {
            b'u' => hex_digits(rest.get(2..6)?).filter(|value| *value == code).map(|_| 6),
            escaped if char::from(*escaped) == wanted && wanted.is_ascii_punctuation() => Some(2),
            _ => None,
        },
        b'%' => hex_digits(rest.get(1..3)?).filter(|value| *value == code).map(|_| 3),
        b'&' => html_entity(rest).filter(|(value, _)| *value == code).map(|(_, length)| length),
        _ => None,
    };
    escaped.map(|length| at + length)
}

/// An HTML character reference at the start of `text` (`&#47;`, `&#x2f;`, `&sol;`…): its code point and length.
fn html_entity(text: &[u8]) -> Option<(u32, usize)> {
    let end = text.iter().take(10).position(|byte| *byte == b';')?;
    let body = &text[1..end];
    let value = match body {
        [b'#', b'x' | b'X', hex @ ..] => hex_digits(hex)?,
        [b'#', decimal @ ..] if !decimal.is_empty() && decimal.iter().all(u8::is_ascii_digit) => {
            std::str::from_utf8(decimal).ok()?.parse().ok()?
        }
        b"amp" => u32::from('&'),
        b"lt" => u32::from('<'),
        b"gt" => u32::from('>'),
        b"quot" => u32::from('"'),
        b"apos" => u32::from('\''),
        b"sol" => u32::from('/'),
        b"equals" => u32::from('='),
        b"plus" => u32::from('+'),
        b"lowbar" => u32::from('_'),
        b"hyphen" | b"dash" => u32::from('-'),
        b"period" => u32::from('.'),
        _ => return None,
    };
    Some((value, end + 1))
}

fn hex_digits(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 6 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// `url` as errors and logs show it: no user name or password, every query value and the fragment replaced by
/// [`MASK`] (a query may hold a fiscal code searched for, or a key a server put in a link).
pub(crate) fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    // Only URLs that cannot have credentials refuse these, and then they have none.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if shown.fragment().is_some() {
        shown.set_fragment(Some(MASK));
    }
    if let Some(query) = url.query() {
        let masked: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{name}={MASK}"),
                None if pair.is_empty() => String::new(),
                None => format!("{pair}={MASK}"),
            })
            .collect();
        shown.set_query(Some(&masked.join("&")));
    }
    shown.into()
}

/// serde's message with the values it quotes (`invalid type: string "RSSMRA80A01H501U", expected i64`) masked:
/// they come from the server's body and may be personal data. Field names and what was expected are the
/// client's own words and stay.
pub(crate) fn mask_quoted_values(message: &str) -> String {
    let (head, tail) = match message.find(", expected") {
        Some(cut) => message.split_at(cut),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut chars = head.char_indices().peekable();
    while let Some((index, char)) = chars.next() {
        out.push(char);
        let closing = match char {
            '"' => '"',
            '`' if head[..index].ends_with("field ") => {
                // A field name: the client's own word, kept with its closing quote.
                for (_, inner) in chars.by_ref() {
                    out.push(inner);
                    if inner == '`' {
                        break;
                    }
                }
                continue;
            }
            '`' => '`',
            _ => continue,
        };
        // Skip to the closing quote (serde writes strings with Rust's escapes, so `\"` does not close).
        let mut escaped = false;
        let mut closed = false;
        for (_, inner) in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if inner == '\\' && closing == '"' {
                escaped = true;
            } else if inner == closing {
                closed = true;
                break;
            }
        }
        out.push_str(MASK);
        if closed {
            out.push(closing);
        }
    }
    out.push_str(tail);
    out
}

/// A body as a log line may show it: JSON with the value of every personal key (at any depth) replaced by
/// [`MASK`], URLs shown as [`shown_url`] shows them (no credentials, no query values) and the key masked, cut to
/// [`LOGGED_BODY_CHARS`]; anything else (or a body of an operation whose fields are unknown) only as its length.
pub(crate) fn loggable_body(body: &[u8], personal: &Personal, key: &ApiKey) -> String {
    let parsed = (!personal.is_unknown()).then(|| serde_json::from_slice::<Value>(body).ok()).flatten();
    match parsed {
        Some(mut value) => {
            mask_personal(&mut value, personal);
            truncate_chars(&key.redact(value.to_string()), LOGGED_BODY_CHARS)
        }
        None => format!("<{} bytes, not shown>", body.len()),
    }
}

fn mask_personal(value: &mut Value, personal: &Personal) {
    match value {
        Value::Object(map) => {
            for (name, inner) in map.iter_mut() {
                if personal.is_personal(name) {
                    *inner = Value::String(MASK.to_owned());
                } else {
                    mask_personal(inner, personal);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mask_personal(item, personal)),
        Value::String(text) => {
            let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                *text = Url::parse(text).map_or_else(|_| MASK.to_owned(), |url| shown_url(&url));
            }
        }
        _ => {}
    }
}

/// The personal values a JSON request body sends (texts and numbers under personal keys, at any depth), for
/// masking in the vendor's answers that echo them. Values shorter than three characters (`m`, `1`) are left:
/// masking them would mask half of every message.
pub(crate) fn personal_values(body: &[u8], personal: &Personal) -> Vec<String> {
    fn collect(value: &Value, personal: &Personal, inside: bool, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (name, inner) in map {
                    collect(inner, personal, inside || personal.is_personal(name), out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, personal, inside, out)),
            Value::String(text) if inside && text.trim().chars().count() >= 3 => out.push(text.trim().to_owned()),
            Value::Number(number) if inside && number.to_string().len() >= 3 => out.push(number.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        collect(&value, personal, false, &mut out);
    }
    // Longest first, so that a value containing another is masked whole.
    out.sort_by_key(|value| std::cmp::Reverse(value.len()));
    out.dedup();
    out
}

/// `text` with every occurrence of each of `values` replaced by [`MASK`].
pub(crate) fn mask_values(text: String, values: &[String]) -> String {
    values
        .iter()
        .fold(text, |text, value| if text.contains(value.as_str()) { text.replace(value.as_str(), MASK) } else { text })
}

/// At most `limit` characters of `text`, with `…` when it was cut.
pub(crate) fn truncate_chars(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut out = text[..cut].to_owned();
            out.push('…');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk/live+9f=3a";

    fn redact_key(text: &str, key: &str) -> String {
        replace_ranges(text, &key_ranges(text, key))
    }

    #[test]
    fn the_key_is_found_raw_and_escaped() {
        for text in [
            "sk/live+9f=3a",
            r"sk\/live+9f=3a",
            r"sk\u002Flive\u002b9f\u003d3a",
            "sk&#47;live&#x2B;9f&equals;3a",
            "sk&sol;live&plus;9f&#61;3a",
            "sk%2Flive%2B9f%3D3a",
        ] {
            assert_eq!(redact_key(&format!("<p>{text}</p>"), KEY), "<p>***</p>", "{text}");
        }
        assert_eq!(redact_key("x sk/live+9f=3a y sk/live+9f=3a", KEY), "x *** y ***");
        assert_eq!(redact_key("sk/live+9f=3", KEY), "sk/live+9f=3");
        assert_eq!(redact_key("é sk/live+9f=3a é", KEY), "é *** é");
        assert_eq!(redact_key("text", ""), "text");
    }

    #[test]
    fn urls_are_shown_without_credentials_or_query_values() {
        let url =
            Url::parse("http://user:pass@127.0.0.1:9/api/v1/patients?fiscalCode=RSSMRA&flag&offset=5#frag").unwrap();
        assert_eq!(shown_url(&url), "http://127.0.0.1:9/api/v1/patients?fiscalCode=***&flag=***&offset=***#***");
        let plain = Url::parse("http://127.0.0.1:9/api/v1/patients").unwrap();
        assert_eq!(shown_url(&plain), "http://127.0.0.1:9/api/v1/patients");
    }

    #[test]
    fn serde_messages_lose_the_values_they_quote() {
        assert_eq!(
            mask_quoted_values(r#"invalid type: string "RSS\"MRA", expected i64"#),
            r#"invalid type: string "***", expected i64"#
        );
        assert_eq!(
            mask_quoted_values("unknown variant `Mario`, expected one of `a`, `b`"),
            "unknown variant `***`, expected one of `a`, `b`"
        );
        assert_eq!(mask_quoted_values("missing field `id`"), "missing field `id`");
        assert_eq!(
            mask_quoted_values("invalid value: integer `42`, expected u8"),
            "invalid value: integer `***`, expected u8"
        );
        assert_eq!(mask_quoted_values(r#"cut "open"#), r#"cut "***"#);
    }

    #[test]
    fn logged_bodies_mask_personal_fields_at_any_depth_and_the_key() {
        static PERSONAL: Personal = Personal::new(&["firstName", "phoneNumbers"], true);
        let key = ApiKey::from(KEY);
        let body = br#"{"data":[{"id":1,"firstName":"Giulia","phoneNumbers":[{"number":"349"}],"_allergie":["x"],"note":"sk/live+9f=3a"}],"next":"https://u:p@x.test/a?fiscalCode=RSS"}"#;
        assert_eq!(
            loggable_body(body, &PERSONAL, &key),
            r#"{"data":[{"id":1,"firstName":"***","phoneNumbers":"***","_allergie":"***","note":"***"}],"next":"https://x.test/a?fiscalCode=***"}"#
        );
        assert_eq!(loggable_body(b"%PDF-1.4", &PERSONAL, &key), "<8 bytes, not shown>");
        assert_eq!(loggable_body(br#"{"a":1}"#, &Personal::UNKNOWN, &key), "<7 bytes, not shown>");
    }

    #[test]
    fn personal_values_of_a_request_are_found_and_masked_longest_first() {
        static PERSONAL: Personal = Personal::new(&["firstName", "lastName", "address"], false);
        let body = br#"{"firstName":"Ada","lastName":"Adams","address":{"street":"Via Roma 1","n":12345},"sex":"f","x":"Ada"}"#;
        let values = personal_values(body, &PERSONAL);
        assert_eq!(values, ["Via Roma 1", "Adams", "12345", "Ada"]);
        assert_eq!(mask_values("Adams, Ada of Via Roma 1".to_owned(), &values), "***, *** of ***");
        assert!(personal_values(b"not json", &PERSONAL).is_empty());
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("àbcdef", 3), "àbc…");
        assert_eq!(truncate_chars("abc", 3), "abc");
    }
}
