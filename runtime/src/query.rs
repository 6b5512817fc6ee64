//! How values become URL text: path segments and query values, in the forms the vendor documents.

use std::borrow::Cow;
use std::fmt::Display;

use chrono::{NaiveDate, NaiveDateTime};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded in a path segment, so that a value can never add a
/// segment (`/`), start a query (`?`) or a fragment (`#`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// In query values `,` stays literal (lists are sent as `operatorIds=1,2,3`, as the vendor documents) and `:`
/// stays literal (times read `10:30:00`); `&`, `=`, `+`, space and the rest are encoded.
const QUERY_VALUE: &AsciiSet = &PATH_SEGMENT.remove(b',').remove(b':');

/// Percent-encodes one path parameter, e.g. an id or a date, for the generated path `format!`.
///
/// ```
/// assert_eq!(alfadocs_runtime::path_segment(&"a/b c"), "a%2Fb%20c");
/// assert_eq!(alfadocs_runtime::path_segment(&42), "42");
/// ```
pub fn path_segment(value: &impl Display) -> String {
    let text = value.to_string();
    // Most segments (ids) need no escape: keep the text rather than copy it.
    match Cow::from(utf8_percent_encode(&text, PATH_SEGMENT)) {
        Cow::Borrowed(_) => text,
        Cow::Owned(encoded) => encoded,
    }
}

/// Percent-encodes a query parameter name or value (already in its wire text).
pub(crate) fn encode_query(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// A value that can be sent as a query parameter, in the vendor's text form.
pub trait ToQuery {
    /// The value's wire text, before percent-encoding.
    fn to_query(&self) -> String;
}

macro_rules! to_query_by_display {
    ($($ty:ty),*) => {$(
        impl ToQuery for $ty {
            fn to_query(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

// `bool` displays as `true`/`false` and numbers in their shortest exact decimal form: what the vendor reads.
to_query_by_display!(bool, i32, i64, u32, u64, f64, str, String);

impl ToQuery for NaiveDate {
    /// `YYYY-MM-DD`
    fn to_query(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl ToQuery for NaiveDateTime {
    /// `YYYY-MM-DD HH:MM:SS`, the vendor's local date-time form (no zone, no fraction).
    fn to_query(&self) -> String {
        self.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

impl<T: ToQuery> ToQuery for [T] {
    /// Comma-joined: `1,2,3`.
    fn to_query(&self) -> String {
        let mut out = String::new();
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            out.push_str(&item.to_query());
        }
        out
    }
}

impl<T: ToQuery> ToQuery for Vec<T> {
    /// Comma-joined: `1,2,3`.
    fn to_query(&self) -> String {
        self.as_slice().to_query()
    }
}

impl<T: ToQuery + ?Sized> ToQuery for &T {
    fn to_query(&self) -> String {
        (**self).to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_use_the_vendor_forms() {
        assert_eq!(true.to_query(), "true");
        assert_eq!(false.to_query(), "false");
        assert_eq!((-5i32).to_query(), "-5");
        assert_eq!(125.12f64.to_query(), "125.12");
        assert_eq!(30.0f64.to_query(), "30");
        assert_eq!("x".to_query(), "x");
        let date = NaiveDate::from_ymd_opt(2024, 3, 9).unwrap();
        assert_eq!(date.to_query(), "2024-03-09");
        assert_eq!(date.and_hms_opt(8, 5, 0).unwrap().to_query(), "2024-03-09 08:05:00");
    }

    #[test]
    fn lists_are_comma_joined() {
        assert_eq!(vec![1i64, 2, 3].to_query(), "1,2,3");
        assert_eq!([7u32][..].to_query(), "7");
        assert_eq!(Vec::<i64>::new().to_query(), "");
        let names = vec![String::from("a"), String::from("b")];
        assert_eq!(<&Vec<String> as ToQuery>::to_query(&&names), "a,b");
    }

    #[test]
    fn encoding_keeps_commas_and_colons_in_queries_only() {
        assert_eq!(encode_query("2024-03-09 08:05:00"), "2024-03-09%2008:05:00");
        assert_eq!(encode_query("1,2,3"), "1,2,3");
        assert_eq!(encode_query("a&b=c+d#e"), "a%26b%3Dc%2Bd%23e");
        assert_eq!(path_segment(&"1,2"), "1%2C2");
        assert_eq!(path_segment(&"../x?y#z"), "..%2Fx%3Fy%23z");
        assert_eq!(path_segment(&"è"), "%C3%A8");
    }
}
