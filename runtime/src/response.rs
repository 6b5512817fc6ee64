//! Reading response bodies: a 2xx body decoded with the JSON path of any failure, and the human message of an
//! error body (the vendor's `{"error": "…"}`, an HTML page's `<title>`, or an excerpt).
//!
//! Every text taken from a body is built from a bounded slice of it (never a copy of the whole body), has the
//! API key masked in every form it may be written in, and is cut to a bounded length.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::limits::{EXCERPT_CHARS, MESSAGE_CHARS, PATH_CHARS};
use crate::redact::{MASK, mask_quoted_values, replace_ranges, truncate_chars};
use crate::secret::ApiKey;

/// How far into a 2xx body an HTML `<title>` is looked for.
const TITLE_SCAN_BYTES: usize = 16 * 1024;

/// Decodes a JSON body as `T`; on failure, an [`Error::Decode`] naming the JSON path and quoting the body
/// around the failure, with `key` masked.
pub(crate) fn decode_json<T: DeserializeOwned>(operation: &'static str, body: &[u8], key: &ApiKey) -> Result<T, Error> {
    // Tracking the path costs on every value; a body that decodes needs no path, so the path is only traced on
    // the second reading of a body that failed.
    serde_json::from_slice(body).or_else(|_| decode_with_path(operation, body, key))
}

/// [`decode_json`] with the JSON path of the failure tracked.
fn decode_with_path<T: DeserializeOwned>(operation: &'static str, body: &[u8], key: &ApiKey) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let result = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))
        .and_then(|value| {
            // Trailing garbage after a complete document is an error too; it belongs to the root.
            deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error))
        });
    result.map_err(|(path, inner)| {
        let head = bounded_text(body, 0, TITLE_SCAN_BYTES.min(body.len()));
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else if looks_like_html(&head) {
            // A 2xx page's title is the server's text of a 2xx answer: not shown.
            "expected JSON, got an HTML page".to_owned()
        } else {
            mask_quoted_values(&serde_error_message(&inner))
        };
        let message = truncate_chars(&key.redact(message), MESSAGE_CHARS);
        let (line, column) = (inner.line(), inner.column());
        let source =
            <serde_json::Error as serde::de::Error>::custom(format_args!("{message} at line {line} column {column}"));
        Error::Decode {
            operation,
            path: truncate_chars(&key.redact(path), PATH_CHARS),
            message,
            excerpt: excerpt_around(body, byte_offset(body, line, column), key),
            source,
        }
    })
}

/// serde_json's message without its trailing ` at line L column C`: the excerpt shows the place better.
fn serde_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) if error.line() > 0 => message[..cut].to_owned(),
        _ => message,
    }
}

/// The byte offset of serde_json's 1-based line and (byte) column in `body`, clamped to the body.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match body[line_start..].iter().position(|byte| *byte == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    (line_start + column).min(body.len())
}

/// The bytes `start..end` of `body` as text (invalid UTF-8 replaced): the only copy made of a body's bytes.
fn bounded_text(body: &[u8], start: usize, end: usize) -> String {
    String::from_utf8_lossy(&body[start..end]).into_owned()
}

/// At most [`EXCERPT_CHARS`] characters of `body` centred on byte `at`, with `…` where it was cut, whitespace
/// runs (newlines of pretty-printed JSON) collapsed and `key` masked.
///
/// Only a window around `at` is read: wide enough that the excerpt lies within it with room for the longest
/// spelling of the key on either side, so any key the excerpt touches is masked whole before the cut, and a key
/// cut by the window's edge is far from the excerpt.
pub(crate) fn excerpt_around(body: &[u8], at: usize, key: &ApiKey) -> String {
    let margin = EXCERPT_CHARS * 4 + key.longest_spelling();
    let (start, end) = (at.saturating_sub(margin), at.saturating_add(margin).min(body.len()));
    let window = bounded_text(body, start, end);
    let mut at = String::from_utf8_lossy(&body[start..at.clamp(start, end)]).len();
    let found = key.ranges_in(&window);
    // Where `at` lands once the key's spellings are replaced by the mask.
    let shift: isize = found
        .iter()
        .filter(|range| range.start < at)
        .map(|range| {
            let kept = if range.end <= at { range.len() } else { at - range.start };
            MASK.len() as isize - kept as isize
        })
        .sum();
    at = at.saturating_add_signed(shift);
    let text = replace_ranges(&window, &found);
    let mut excerpt = excerpt_of(&text, at);
    if start > 0 && !excerpt.starts_with('…') {
        excerpt.insert(0, '…');
    }
    if end < body.len() && !excerpt.ends_with('…') {
        excerpt.push('…');
    }
    excerpt
}

/// At most [`EXCERPT_CHARS`] characters of `text` centred on byte `at`, `…` where cut, whitespace collapsed.
fn excerpt_of(text: &str, at: usize) -> String {
    let total = text.chars().count();
    if total <= EXCERPT_CHARS {
        return collapse_whitespace(text);
    }
    let at_char = text.char_indices().take_while(|(index, _)| *index < at).count();
    let start = at_char.saturating_sub(EXCERPT_CHARS / 2).min(total - EXCERPT_CHARS);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(text.chars().skip(start).take(EXCERPT_CHARS));
    if start + EXCERPT_CHARS < total {
        out.push('…');
    }
    collapse_whitespace(&out)
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The human message of an error response from the first bytes of its body (`complete` when that is the whole
/// body): the vendor's `error` (or `message`) text for JSON bodies, the `<title>` of HTML pages, else an
/// excerpt; for an empty body, the status's reason phrase. The key is masked, also a key cut where reading
/// stopped.
pub(crate) fn error_message(status: u16, prefix: &[u8], complete: bool, key: &ApiKey) -> String {
    let mut text = key.redact(String::from_utf8_lossy(prefix).into_owned());
    if !complete {
        key.mask_cut_spelling(&mut text);
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("no message")
            .to_owned();
    }
    if let Some(message) = json_error_message(trimmed) {
        // The vendor's own text may spell the key in an escape the JSON reader turned back into it.
        return truncate_chars(&collapse_whitespace(&key.redact(message)), MESSAGE_CHARS);
    }
    if looks_like_html(trimmed) {
        if let Some(title) = html_title(trimmed) {
            return key.redact(title);
        }
    }
    excerpt_of(trimmed, 0)
}

/// `{"error": "…"}`, `{"error": {"message": "…"}}`, `{"message": "…"}` or `{"errors": ["…", …]}`.
fn json_error_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let object = value.as_object()?;
    let text_of = |value: &serde_json::Value| -> Option<String> {
        match value {
            serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
            serde_json::Value::Object(inner) => {
                inner.get("message").and_then(serde_json::Value::as_str).map(str::to_owned)
            }
            serde_json::Value::Array(items) => {
                let texts: Vec<&str> = items.iter().filter_map(serde_json::Value::as_str).collect();
                (!texts.is_empty()).then(|| texts.join("; "))
            }
            _ => None,
        }
    };
    ["error", "message", "errors", "error_description"].iter().find_map(|key| object.get(*key).and_then(text_of))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(64).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<head")
        || (head.starts_with('<') && text.to_ascii_lowercase().contains("<title"))
}

/// The text of the first `<title>` element, entities decoded and whitespace collapsed; `None` if missing or
/// empty.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let content_start = open + lower[open..].find('>')? + 1;
    let content_end = content_start + lower[content_start..].find("</title")?;
    let title = collapse_whitespace(&decode_entities(html.get(content_start..content_end)?));
    (!title.is_empty()).then(|| truncate_chars(&title, MESSAGE_CHARS))
}

/// The handful of entities error pages use; anything else stays as written.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_test_0123456789abcdef";

    fn key() -> ApiKey {
        ApiKey::from(KEY)
    }

    fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
        decode_json("op", body, &key())
    }

    fn message_of(status: u16, body: &[u8]) -> String {
        error_message(status, body, true, &key())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Appointment {
        id: i64,
        date: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Envelope {
        data: Vec<Appointment>,
    }

    #[test]
    fn decode_failure_names_path_and_quotes_the_body_but_not_the_value() {
        let body = br#"{"data":[{"id":1,"date":"x"},{"id":"two","date":"y"}]}"#;
        let Err(error) = decode_json::<Envelope>("getAppointments", body, &key()) else {
            panic!("expected a decode error");
        };
        let Error::Decode { operation, path, message, excerpt, source } = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert_eq!(*operation, "getAppointments");
        assert_eq!(path, "data[1].id");
        assert_eq!(message, r#"invalid type: string "***", expected i64"#);
        assert!(excerpt.contains("\"two\""), "{excerpt}");
        assert_eq!(source.to_string(), format!("{message} at line 1 column 40"));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("two"), "{shown}");
    }

    #[test]
    fn truncated_json_reports_eof_with_path() {
        let body = br#"{"data":[{"id":1,"date":"2024-01-"#;
        let Err(Error::Decode { path, message, excerpt, .. }) = decode::<Envelope>(body) else {
            panic!("expected a decode error");
        };
        assert_eq!(path, "data[0].date");
        assert!(message.contains("EOF"), "{message}");
        assert_eq!(excerpt, r#"{"data":[{"id":1,"date":"2024-01-"#);
    }

    #[test]
    fn long_bodies_are_excerpted_around_the_error() {
        let mut body = String::from(r#"{"data":["#);
        for index in 0..200 {
            body.push_str(&format!(r#"{{"id":{index},"date":"d"}},"#));
        }
        body.push_str(r#"{"id":true,"date":"d"}]}"#);
        let Err(Error::Decode { path, excerpt, .. }) = decode::<Envelope>(body.as_bytes()) else {
            panic!("expected a decode error");
        };
        assert_eq!(path, "data[200].id");
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 2, "{excerpt}");
        assert!(excerpt.starts_with('…') && excerpt.contains("true"), "{excerpt}");
    }

    #[test]
    fn long_values_give_bounded_messages_paths_and_excerpts() {
        let long_key = "k".repeat(100_000);
        let long_value = "v".repeat(100_000);
        let body = format!(r#"{{"data":{{"{long_key}":"{long_value}"}}}}"#);
        let Err(error) = decode::<Envelope>(body.as_bytes()) else {
            panic!("expected a decode error");
        };
        let Error::Decode { path, message, excerpt, .. } = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert!(path.chars().count() <= PATH_CHARS + 1, "{}", path.len());
        assert!(message.chars().count() <= MESSAGE_CHARS + 1, "{}", message.len());
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 2, "{}", excerpt.len());
        assert!(error.to_string().len() < 1000);
    }

    #[test]
    fn excerpts_mask_the_key_in_every_spelling_and_across_their_edges() {
        let escaped: String = KEY.chars().map(|char| format!("\\u{:04x}", u32::from(char))).collect();
        for spelling in [KEY.to_owned(), escaped, KEY.replace('_', "&#95;")] {
            for padding in [0, 90, 95, 100, 105, 110, 190, 300] {
                let body =
                    format!(r#"{{"data":[{{"id":"{}{spelling}{}"}}]}}"#, "x".repeat(padding), "y".repeat(padding));
                let Err(Error::Decode { excerpt, .. }) = decode::<Envelope>(body.as_bytes()) else {
                    panic!("expected a decode error");
                };
                // No run of the key's characters longer than four survives, whole or cut.
                for window in KEY.as_bytes().windows(5) {
                    let part = std::str::from_utf8(window).unwrap();
                    assert!(!excerpt.contains(part), "{padding}: {part} in {excerpt}");
                }
            }
        }
    }

    #[test]
    fn html_and_empty_bodies_get_a_plain_message() {
        let Err(Error::Decode { message, .. }) =
            decode::<Envelope>(b"<!DOCTYPE html><html><head><title>Login</title></head></html>")
        else {
            panic!("expected a decode error");
        };
        assert_eq!(message, "expected JSON, got an HTML page");
        let Err(Error::Decode { message, .. }) = decode::<Envelope>(b"  ") else {
            panic!("expected a decode error");
        };
        assert_eq!(message, "the body is empty");
        assert!(decode::<Envelope>(br#"{"data":[]} x"#).is_err());
    }

    #[test]
    fn invalid_utf8_is_excerpted_from_a_window() {
        let mut body = vec![0xff; 1_000_000];
        body.extend_from_slice(b"{");
        let Err(Error::Decode { excerpt, .. }) = decode::<Envelope>(&body) else {
            panic!("expected a decode error");
        };
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 2, "{}", excerpt.len());
    }

    #[test]
    fn error_messages_come_from_json_html_or_an_excerpt() {
        assert_eq!(message_of(401, br#"{"error":"Authentication required"}"#), "Authentication required");
        assert_eq!(message_of(400, br#"{"status":"error","message":"bad date"}"#), "bad date");
        assert_eq!(message_of(400, br#"{"error":{"code":7,"message":"nested"}}"#), "nested");
        assert_eq!(message_of(422, br#"{"errors":["a","b"]}"#), "a; b");
        assert_eq!(
            message_of(500, b"<html>\n<head><title>500 Internal\n Server Error &amp; more</title></head></html>"),
            "500 Internal Server Error & more"
        );
        assert_eq!(message_of(404, b""), "Not Found");
        assert_eq!(message_of(502, b"upstream   gone\n"), "upstream gone");
        let long = "x".repeat(1000);
        assert!(message_of(500, long.as_bytes()).chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(message_of(500, b"<html><body>no title</body></html>"), "<html><body>no title</body></html>");
    }

    #[test]
    fn error_messages_mask_the_key_escaped_and_cut() {
        let json = format!(r#"{{"error":"bad key {}"}}"#, KEY.replace('_', "\\u005f"));
        assert_eq!(message_of(401, json.as_bytes()), "bad key ***");
        let html = format!("<html><head><title>{}</title></head></html>", KEY.replace('_', "&#x5F;"));
        assert_eq!(message_of(401, html.as_bytes()), "***");
        let cut = format!("echo {}", &KEY[..12]);
        assert_eq!(error_message(401, cut.as_bytes(), false, &key()), "echo ***");
    }
}
