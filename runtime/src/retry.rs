//! When to send a failed request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use crate::error::Error;

/// Jittered exponential backoff, capped in attempts and in total time.
///
/// The defaults: 3 attempts, 200 ms base delay, ×2 per retry, at most 5 s per wait, 10 s in all. A retry is
/// only made for errors where [`Error::is_retryable`] holds, and for POST and PATCH only when the request
/// carries the caller's consent.
///
/// The budget bounds the whole call: no retry starts once it is spent, and a retried attempt is cut short
/// (with [`Error::Timeout`]) where the budget ends. A `Retry-After` from the server is honoured when it asks
/// for more than the backoff; a zero, past or missing one still waits the backoff (at least 1 ms), so a server
/// cannot make the client send as fast as it can. When the wait reaches past the budget the client gives up at
/// once with that error rather than sleep past the budget.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    multiplier: f64,
    max_delay: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            multiplier: 2.0,
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(10),
        }
    }
}

/// The shortest base delay: a zero one would let a failing server be asked as fast as the client can send.
const MIN_DELAY: Duration = Duration::from_millis(1);

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Return the error.
    GiveUp,
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// How many times a request is sent at most, the first attempt included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry (at least 1 ms); later waits grow by [`multiplier`](Self::multiplier).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The growth of the wait per retry (at least 1; a value that is not finite is ignored).
    pub fn multiplier(mut self, factor: f64) -> Self {
        if factor.is_finite() {
            self.multiplier = factor.max(1.0);
        }
        self
    }

    /// The longest single wait computed by the backoff (a server's `Retry-After` is not capped by it, only by
    /// the budget).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The total time, from the first attempt, after which no retry is started.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The backoff wait before retry number `retry` (1 for the first retry): `base × multiplier^(retry-1)`,
    /// capped at `max_delay`, then drawn uniformly from its upper half so that clients that failed together do
    /// not retry together.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let base = self.base_delay.max(MIN_DELAY);
        let nominal = base.as_secs_f64() * self.multiplier.powi(exponent);
        let capped = nominal.min(self.max_delay.as_secs_f64());
        let jittered = capped * (0.5 + fastrand::f64() * 0.5);
        Duration::try_from_secs_f64(jittered).unwrap_or(self.max_delay).max(MIN_DELAY / 2)
    }

    /// What is left of the budget `elapsed` after the first attempt started.
    pub(crate) fn remaining(&self, elapsed: Duration) -> Duration {
        self.budget.saturating_sub(elapsed)
    }

    /// Decides what follows the failed attempt number `attempt` (1-based), `elapsed` after the first one started.
    /// The caller has already checked that the request may be retried at all.
    pub(crate) fn decide(&self, attempt: u32, error: &Error, elapsed: Duration) -> Decision {
        if attempt >= self.max_attempts || !error.is_retryable() {
            return Decision::GiveUp;
        }
        let remaining = self.remaining(elapsed);
        let wait = error.retry_after().unwrap_or_default().max(self.backoff(attempt));
        if wait >= remaining { Decision::GiveUp } else { Decision::Retry(wait) }
    }
}

/// Reads a `Retry-After` header: delay-seconds (`"120"`) or an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`),
/// relative to `now`. A date in the past means "now".
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let seconds = u64::try_from(date.timestamp()).ok()?;
    let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unavailable(retry_after: Option<Duration>) -> Error {
        Error::Status { operation: "op", status: 503, message: String::new(), retry_after, unconfirmed_path: None }
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered_in_the_upper_half() {
        let policy = RetryPolicy::new()
            .base_delay(Duration::from_millis(100))
            .multiplier(2.0)
            .max_delay(Duration::from_millis(350));
        for _ in 0..200 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let second = policy.backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
            let capped = policy.backoff(30);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
        }
    }

    #[test]
    fn decide_respects_attempts_budget_and_retryability() {
        let policy = RetryPolicy::new().base_delay(Duration::from_millis(10)).budget(Duration::from_secs(1));
        assert!(matches!(policy.decide(1, &unavailable(None), Duration::ZERO), Decision::Retry(_)));
        assert_eq!(policy.decide(3, &unavailable(None), Duration::ZERO), Decision::GiveUp);
        assert_eq!(policy.decide(1, &unavailable(None), Duration::from_secs(2)), Decision::GiveUp);
        assert_eq!(policy.decide(1, &Error::invalid_input("x"), Duration::ZERO), Decision::GiveUp);
        assert_eq!(RetryPolicy::none().decide(1, &unavailable(None), Duration::ZERO), Decision::GiveUp);
    }

    #[test]
    fn retry_after_is_honoured_or_ends_the_retries_when_past_the_budget() {
        let policy = RetryPolicy::new().budget(Duration::from_secs(5));
        let asked = Some(Duration::from_secs(2));
        assert_eq!(policy.decide(1, &unavailable(asked), Duration::ZERO), Decision::Retry(Duration::from_secs(2)));
        assert_eq!(policy.decide(1, &unavailable(asked), Duration::from_secs(4)), Decision::GiveUp);
    }

    #[test]
    fn a_zero_retry_after_or_base_delay_still_backs_off() {
        let policy = RetryPolicy::new().base_delay(Duration::from_millis(100));
        for _ in 0..50 {
            let Decision::Retry(wait) = policy.decide(1, &unavailable(Some(Duration::ZERO)), Duration::ZERO) else {
                panic!("expected a retry");
            };
            assert!(wait >= Duration::from_millis(50), "{wait:?}");
        }
        let zero = RetryPolicy::new().base_delay(Duration::ZERO);
        assert!(zero.backoff(1) > Duration::ZERO);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(parse_retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn setters_keep_values_sane() {
        let policy = RetryPolicy::new().max_attempts(0).multiplier(f64::NAN).multiplier(0.5);
        assert_eq!(policy.max_attempts, 1);
        assert!((policy.multiplier - 1.0).abs() < f64::EPSILON);
    }
}
