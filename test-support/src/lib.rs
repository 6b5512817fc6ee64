//! What the tests of `alfadocs-runtime` and `alfadocs-tests` share: everything traced while a test runs,
//! captured as text, so that a test can say what must never be in it (the API key, a patient's data).

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

pub use tracing::subscriber::DefaultGuard;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The text traced on this thread since [`capture_traces`], shared with the subscriber that writes it.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every span (opened, entered, closed) and event, at every level, traced on this thread until the
/// guard is dropped.
pub fn capture_traces() -> (Captured, DefaultGuard) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // A callsite another test thread was registering while the subscriber was set may have cached the interest
    // of the dispatchers before it ("never"), which would hide its spans from this capture for good; rebuilt
    // now, every callsite asks the current dispatchers again.
    tracing::callsite::rebuild_interest_cache();
    (captured, guard)
}

#[cfg(test)]
mod tests {
    use super::capture_traces;

    #[test]
    fn events_and_spans_are_captured_until_the_guard_drops() {
        let (captured, guard) = capture_traces();
        tracing::trace_span!("request", operation = "getPatient").in_scope(|| tracing::debug!(status = 200, "answer"));
        drop(guard);
        tracing::info!("after the guard");
        let text = captured.text();
        assert!(text.contains("request") && text.contains("getPatient") && text.contains("status=200"), "{text}");
        assert!(!text.contains("after the guard"), "{text}");
    }
}
