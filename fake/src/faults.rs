//! Faults a test asks for: the next N calls of one operation (or of any) go wrong in a chosen way.

use std::collections::VecDeque;
use std::time::Duration;

use axum::http::{StatusCode, header};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::answer::{Answer, AnswerBody};

/// How a call goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// A status with the vendor's JSON body `{"error": message}`.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `error` text.
        message: String,
    },
    /// A status with an HTML error page, as the vendor's web server shows.
    HtmlPage {
        /// The HTTP status.
        status: u16,
    },
    /// 429 with `Retry-After`.
    TooManyRequests {
        /// The seconds `Retry-After` asks for.
        retry_after_secs: u64,
    },
    /// The answer comes, after a delay (past the client's timeout, if the test wants a timeout).
    Delay {
        /// How long, in milliseconds.
        millis: u64,
    },
    /// A 200 whose JSON body stops half-way and whose connection closes.
    CutBody,
    /// The connection closes without an answer.
    DropConnection,
}

/// One fault: a kind, for the next `times` calls of `operation` (or of every operation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// How the calls go wrong.
    #[serde(flatten)]
    pub kind: FaultKind,
    /// The operationId it applies to; every operation when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// How many calls it applies to.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// `kind` for the next call of any operation.
    pub fn new(kind: FaultKind) -> Self {
        Self { kind, operation: None, times: 1 }
    }

    /// Only calls of the operation `operation_id`.
    pub fn on(mut self, operation_id: impl Into<String>) -> Self {
        self.operation = Some(operation_id.into());
        self
    }

    /// For the next `times` matching calls.
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }
}

/// What a fault does to one call.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Answer this instead.
    Answer(Answer),
    /// Wait, then answer normally.
    Delay(Duration),
}

/// The faults waiting for calls, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    pending: VecDeque<Fault>,
}

impl Faults {
    /// Adds a fault after those already waiting.
    pub fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.pending.push_back(fault);
        }
    }

    /// Forgets every waiting fault.
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// The effect of the first fault that applies to a call of `operation_id` (used up by one).
    pub fn take(&mut self, operation_id: Option<&str>) -> Option<Effect> {
        let index = self.pending.iter().position(|fault| match &fault.operation {
            Some(wanted) => Some(wanted.as_str()) == operation_id,
            None => true,
        })?;
        let fault = self.pending.get_mut(index)?;
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.pending.remove(index);
        }
        Some(effect(kind))
    }
}

fn effect(kind: FaultKind) -> Effect {
    let status = |code: u16| StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Effect::Answer(match kind {
        FaultKind::Status { status: code, message } => Answer::error(status(code), message),
        FaultKind::HtmlPage { status: code } => {
            let code = status(code);
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>{code}</title></head><body><h1>{code}</h1>\
                 <p>The server could not complete the request.</p></body></html>\n"
            );
            Answer { status: code, body: AnswerBody::Html(page), headers: Vec::new() }
        }
        FaultKind::TooManyRequests { retry_after_secs } => {
            Answer::error(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
                .with_header(header::RETRY_AFTER, retry_after_secs.to_string())
        }
        FaultKind::Delay { millis } => return Effect::Delay(Duration::from_millis(millis)),
        FaultKind::CutBody => {
            let whole = json!({"status": "success", "data": {"id": 1, "name": "cut"}}).to_string();
            let half = whole.len() / 2;
            Answer {
                status: StatusCode::OK,
                body: AnswerBody::Cut(whole.into_bytes().into_iter().take(half).collect()),
                headers: Vec::new(),
            }
        }
        FaultKind::DropConnection => Answer { status: StatusCode::OK, body: AnswerBody::Dropped, headers: Vec::new() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_applies_to_its_operation_as_many_times_as_asked() {
        let mut faults = Faults::default();
        faults.push(Fault::new(FaultKind::Delay { millis: 5 }).on("getPatient").times(2));
        assert!(faults.take(Some("getPatients")).is_none());
        assert!(matches!(faults.take(Some("getPatient")), Some(Effect::Delay(_))));
        assert!(matches!(faults.take(Some("getPatient")), Some(Effect::Delay(_))));
        assert!(faults.take(Some("getPatient")).is_none());
    }

    #[test]
    fn faults_read_from_json() {
        let fault: Fault =
            serde_json::from_str(r#"{"kind": "status", "status": 503, "message": "down", "times": 3}"#).unwrap();
        assert_eq!(fault, Fault::new(FaultKind::Status { status: 503, message: "down".into() }).times(3));
        let fault: Fault = serde_json::from_str(r#"{"kind": "drop_connection", "operation": "getPatients"}"#).unwrap();
        assert_eq!(fault, Fault::new(FaultKind::DropConnection).on("getPatients"));
    }
}
