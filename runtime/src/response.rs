//! Reading response bodies: a 2xx body decoded with the JSON path of any failure, and the human message of an
//! error body (the vendor's `{"error": "…"}`, an HTML page's `<title>`, or an excerpt).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// The longest excerpt of a body that goes into an error.
const EXCERPT_CHARS: usize = 200;

/// Decodes a JSON body as `T`; on failure, an [`Error::Decode`] naming the JSON path and quoting the body
/// around the failure.
pub(crate) fn decode_json<T: DeserializeOwned>(operation: &'static str, body: &[u8]) -> Result<T, Error> {
    // Tracking the path costs on every value; a body that decodes needs no path, so the path is only traced on
    // the second reading of a body that failed.
    serde_json::from_slice(body).or_else(|_| decode_with_path(operation, body))
}

/// [`decode_json`] with the JSON path of the failure tracked.
fn decode_with_path<T: DeserializeOwned>(operation: &'static str, body: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let result = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))
        .and_then(|value| {
            // Trailing garbage after a complete document is an error too; it belongs to the root.
            deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error))
        });
    result.map_err(|(path, inner)| {
        let text = String::from_utf8_lossy(body);
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else if looks_like_html(&text) {
            match html_title(&text) {
                Some(title) => format!("expected JSON, got an HTML page titled `{title}`"),
                None => "expected JSON, got an HTML page".to_owned(),
            }
        } else {
            serde_error_message(&inner)
        };
        Error::Decode {
            operation,
            path,
            message,
            excerpt: excerpt_around(&text, byte_offset(&text, inner.line(), inner.column())),
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

/// The byte offset of serde_json's 1-based line and (byte) column in `text`, clamped to the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column).min(text.len())
}

/// At most [`EXCERPT_CHARS`] characters of `text` centred on byte `at`, with `…` where it was cut and
/// whitespace runs (newlines of pretty-printed JSON) collapsed.
pub(crate) fn excerpt_around(text: &str, at: usize) -> String {
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

/// The human message of an error response: the vendor's `error` (or `message`) text for JSON bodies, the
/// `<title>` of HTML pages, else an excerpt of the body; for an empty body, the status's reason phrase.
pub(crate) fn error_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("no message")
            .to_owned();
    }
    if let Some(message) = json_error_message(body) {
        return truncate(&collapse_whitespace(&message));
    }
    if looks_like_html(trimmed) {
        if let Some(title) = html_title(trimmed) {
            return title;
        }
    }
    excerpt_around(trimmed, 0)
}

/// `{"error": "…"}`, `{"error": {"message": "…"}}`, `{"message": "…"}` or `{"errors": ["…", …]}`.
fn json_error_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
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

fn truncate(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
        out.push('…');
        out
    }
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
    (!title.is_empty()).then(|| truncate(&title))
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
    fn decode_failure_names_path_and_quotes_the_body() {
        let body = br#"{"data":[{"id":1,"date":"x"},{"id":"two","date":"y"}]}"#;
        let Err(Error::Decode { operation, path, message, excerpt }) = decode_json::<Envelope>("getAppointments", body)
        else {
            panic!("expected a decode error");
        };
        assert_eq!(operation, "getAppointments");
        assert_eq!(path, "data[1].id");
        assert!(message.contains("expected i64"), "{message}");
        assert!(excerpt.contains("\"two\""), "{excerpt}");
    }

    #[test]
    fn truncated_json_reports_eof_with_path() {
        let body = br#"{"data":[{"id":1,"date":"2024-01-"#;
        let Err(Error::Decode { path, message, excerpt, .. }) = decode_json::<Envelope>("op", body) else {
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
        let Err(Error::Decode { path, excerpt, .. }) = decode_json::<Envelope>("op", body.as_bytes()) else {
            panic!("expected a decode error");
        };
        assert_eq!(path, "data[200].id");
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 2, "{excerpt}");
        assert!(excerpt.starts_with('…') && excerpt.contains("true"), "{excerpt}");
    }

    #[test]
    fn html_and_empty_bodies_get_a_plain_message() {
        let Err(Error::Decode { message, .. }) =
            decode_json::<Envelope>("op", b"<!DOCTYPE html><html><head><title>Login</title></head></html>")
        else {
            panic!("expected a decode error");
        };
        assert_eq!(message, "expected JSON, got an HTML page titled `Login`");
        let Err(Error::Decode { message, .. }) = decode_json::<Envelope>("op", b"  ") else {
            panic!("expected a decode error");
        };
        assert_eq!(message, "the body is empty");
        assert!(decode_json::<Envelope>("op", br#"{"data":[]} x"#).is_err());
    }

    #[test]
    fn error_messages_come_from_json_html_or_an_excerpt() {
        assert_eq!(error_message(401, br#"{"error":"Authentication required"}"#), "Authentication required");
        assert_eq!(error_message(400, br#"{"status":"error","message":"bad date"}"#), "bad date");
        assert_eq!(error_message(400, br#"{"error":{"code":7,"message":"nested"}}"#), "nested");
        assert_eq!(error_message(422, br#"{"errors":["a","b"]}"#), "a; b");
        assert_eq!(
            error_message(500, b"<html>\n<head><title>500 Internal\n Server Error &amp; more</title></head></html>"),
            "500 Internal Server Error & more"
        );
        assert_eq!(error_message(404, b""), "Not Found");
        assert_eq!(error_message(502, b"upstream   gone\n"), "upstream gone");
        let long = "x".repeat(1000);
        assert!(error_message(500, long.as_bytes()).chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(error_message(500, b"<html><body>no title</body></html>"), "<html><body>no title</body></html>");
    }
}
