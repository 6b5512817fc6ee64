//! Date ranges longer than the vendor allows, split into allowed windows and streamed as one list.
//!
//! The API caps date ranges (appointments at 30 days, bills and transactions at 31). [`stream`] splits the
//! inclusive range `[start, end]` into consecutive windows of at most `max_days` days —
//! `[start, start + max_days - 1]`, `[start + max_days, …]`, … — fetches them one after the other (one window's
//! items in memory at a time), and yields every item once: an item whose key was already seen is skipped
//! (the vendor may return an item that straddles two windows in both).
//!
//! Each window's request carries the caller's [`RequestOptions`](crate::RequestOptions); their
//! `stream_deadline` bounds the whole stream.

use std::collections::{HashSet, VecDeque};

use chrono::{Days, NaiveDate};
use futures_util::Stream;

use crate::client::HttpClient;
use crate::envelope::Envelope;
use crate::error::Error;
use crate::options::within_deadline;
use crate::request::Request;

/// Streams the union of the windows of `[start, end]` (see the [module](self) documentation).
///
/// `request(window_start, window_end)` builds the request of one window; each answer is decoded as `E`.
/// `key(&item)` gives the identity used to skip repeats (`None`: never skipped). When `start` or `end` is
/// `None`, one request is sent with them as given: the range cannot be split.
///
/// The stream yields [`Error::InvalidInput`] (and sends nothing) when `start > end` or `max_days` is 0, and ends
/// after the first error.
pub fn stream<E, F, K>(
    http: HttpClient,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    max_days: u32,
    request: F,
    key: K,
) -> impl Stream<Item = Result<E::Item, Error>> + Send + 'static
where
    E: Envelope + Send + 'static,
    E::Item: Send + 'static,
    F: Fn(Option<NaiveDate>, Option<NaiveDate>) -> Request + Send + 'static,
    K: Fn(&E::Item) -> Option<i64> + Send + 'static,
{
    // The options of the windows' requests are all the caller's: any window's tells the stream's deadline.
    let probe = request(start, end);
    let (operation, deadline) = (probe.operation().id, probe.request_options().stream_deadline);
    let mut pending = VecDeque::new();
    let mut error = None;
    match (start, end) {
        (Some(start), Some(end)) if start > end => {
            error = Some(Error::invalid_input(format!("the date range starts on {start}, after its end on {end}")));
        }
        _ if max_days == 0 => error = Some(Error::invalid_input("a date window must be at least one day long")),
        (Some(start), Some(end)) => {
            pending.extend(split(start, end, max_days).into_iter().map(|(from, to)| (Some(from), Some(to))));
        }
        _ => pending.push_back((start, end)),
    }
    let state = Windows::<E, F, K> { http, request, key, pending, error, seen: HashSet::new(), items: VecDeque::new() };
    let items = futures_util::stream::unfold(state, |mut windows| async move {
        if let Some(error) = windows.error.take() {
            return Some((Err(error), windows));
        }
        loop {
            while let Some(item) = windows.items.pop_front() {
                let fresh = match (windows.key)(&item) {
                    Some(id) => windows.seen.insert(id),
                    None => true,
                };
                if fresh {
                    return Some((Ok(item), windows));
                }
            }
            let (window_start, window_end) = windows.pending.pop_front()?;
            let request = (windows.request)(window_start, window_end);
            match windows.http.send_json::<E>(request).await {
                Ok(envelope) => windows.items = envelope.into_items().into(),
                Err(error) => {
                    windows.pending.clear();
                    return Some((Err(error), windows));
                }
            }
        }
    });
    within_deadline(items, operation, deadline)
}

struct Windows<E: Envelope, F, K> {
    http: HttpClient,
    request: F,
    key: K,
    /// The windows still to fetch.
    pending: VecDeque<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// An error to yield instead of fetching anything (a bad range).
    error: Option<Error>,
    /// Keys of the items yielded so far.
    seen: HashSet<i64>,
    /// The current window's items not yet yielded.
    items: VecDeque<E::Item>,
}

/// The windows of the inclusive range `[start, end]`, at most `max_days` days each (a `max_days` of 0 counts as
/// 1), in order; empty when `start > end`.
///
/// ```
/// use alfadocs_runtime::NaiveDate;
/// let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
/// assert_eq!(
///     alfadocs_runtime::windows::split(day(1, 1), day(2, 15), 30),
///     vec![(day(1, 1), day(1, 30)), (day(1, 31), day(2, 15))],
/// );
/// ```
pub fn split(start: NaiveDate, end: NaiveDate, max_days: u32) -> Vec<(NaiveDate, NaiveDate)> {
    let span = Days::new(u64::from(max_days.max(1) - 1));
    let mut windows = Vec::new();
    let mut window_start = start;
    while window_start <= end {
        let window_end = window_start.checked_add_days(span).map_or(end, |last| last.min(end));
        windows.push((window_start, window_end));
        match window_end.succ_opt() {
            Some(next) if window_end < end => window_start = next,
            _ => break,
        }
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, month, day).unwrap()
    }

    #[test]
    fn windows_cover_the_range_without_overlap() {
        let windows = split(day(1, 1), day(4, 4), 30); // 95 days
        assert_eq!(
            windows,
            vec![(day(1, 1), day(1, 30)), (day(1, 31), day(2, 29)), (day(3, 1), day(3, 30)), (day(3, 31), day(4, 4))]
        );
        assert_eq!(split(day(1, 1), day(1, 1), 31), vec![(day(1, 1), day(1, 1))]);
        assert_eq!(split(day(1, 1), day(1, 31), 31), vec![(day(1, 1), day(1, 31))]);
        assert_eq!(
            split(day(1, 1), day(1, 3), 0),
            vec![(day(1, 1), day(1, 1)), (day(1, 2), day(1, 2)), (day(1, 3), day(1, 3))]
        );
        assert!(split(day(2, 1), day(1, 1), 30).is_empty());
    }

    #[test]
    fn windows_reach_the_last_representable_day() {
        let last = NaiveDate::MAX;
        let windows = split(last.pred_opt().unwrap(), last, 30);
        assert_eq!(windows, vec![(last.pred_opt().unwrap(), last)]);
    }
}
