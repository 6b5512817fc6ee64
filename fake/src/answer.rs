//! What the fake answers: a status with a JSON body, bytes, an HTML page or nothing, plus the connection
//! tricks faults play (a body cut mid-way, a dropped connection).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use serde_json::json;

/// Marks a response whose connection the server closes instead of answering.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// One answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: AnswerBody,
    /// Extra headers.
    pub headers: Vec<(header::HeaderName, String)>,
}

/// The body of an answer.
#[derive(Debug, Clone)]
pub enum AnswerBody {
    /// JSON, serialised.
    Json(Bytes),
    /// Bytes of a media type.
    Bytes(String, Bytes),
    /// An HTML page, as the vendor's web server shows on some errors.
    Html(String),
    /// The start of a JSON body whose connection is cut before the rest: `Content-Length` promises the
    /// whole.
    Cut(Bytes),
    /// No answer at all: the connection is closed.
    Dropped,
}

impl Answer {
    /// A JSON answer, serialised at once (it may borrow the records it writes).
    pub fn json(status: StatusCode, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(body) => Self { status, body: AnswerBody::Json(body.into()), headers: Vec::new() },
            Err(error) => {
                Self::error(StatusCode::INTERNAL_SERVER_ERROR, format!("the answer could not be written: {error}"))
            }
        }
    }

    /// The vendor's error body `{"error": message}`.
    pub fn error(status: StatusCode, message: impl Into<String>) -> Self {
        let body = serde_json::to_vec(&json!({ "error": message.into() })).unwrap_or_default();
        Self { status, body: AnswerBody::Json(body.into()), headers: Vec::new() }
    }

    /// 401 for a missing or wrong key, in the vendor's words.
    pub fn unauthenticated() -> Self {
        Self::error(StatusCode::UNAUTHORIZED, "Authentication required")
    }

    /// 404 for a record that does not exist (or no longer does).
    pub fn not_found(what: &str) -> Self {
        Self::error(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    /// 400 for a request the vendor refuses.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::error(StatusCode::BAD_REQUEST, message)
    }

    /// Adds a header.
    pub fn with_header(mut self, name: header::HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            AnswerBody::Json(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
            AnswerBody::Bytes(media_type, bytes) => ([(header::CONTENT_TYPE, media_type)], bytes).into_response(),
            AnswerBody::Html(page) => ([(header::CONTENT_TYPE, "text/html; charset=UTF-8")], page).into_response(),
            AnswerBody::Cut(start) => {
                let promised = start.len() * 2 + 1;
                let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                    Ok(start),
                    Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "the fake cut the body")),
                ];
                let mut response = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(promised));
                response
            }
            AnswerBody::Dropped => {
                let mut response = Response::new(Body::empty());
                response.extensions_mut().insert(DropConnection);
                response
            }
        };
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}
