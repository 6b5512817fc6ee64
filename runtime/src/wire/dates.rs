//! The vendor's date and date-time texts.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// PHP's "no date": MySQL's zero date (`0000-00-00`), and what PHP's `DateTime` makes of it (`-0001-11-30`),
/// with or without a time; the lenient readers take it as absent (rule `php-zero-dates`).
pub fn is_zero_date(text: &str) -> bool {
    text.starts_with("0000-00-00") || text.starts_with("-0001-11-30")
}

/// `YYYY-MM-DD`, or the date part of a date-time this module reads.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = date_part(text)?;
    if text.len() == 10 {
        Some(date)
    } else {
        // Only a well-formed date-time may lend its date: `2024-01-01garbage` is not a date.
        parse_date_time(text).map(|date_time| date_time.date())
    }
}

/// `YYYY-MM-DD HH:MM:SS` (the vendor's form), `YYYY-MM-DD HH:MM`, the ISO form
/// `YYYY-MM-DDTHH:MM:SS[.fff][Z|±hh:mm|±hhmm|±hh]` (the zone is dropped: the local part is the value), or a bare
/// `YYYY-MM-DD` (read as midnight, so that a record whose time was left out still reads).
pub(crate) fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    if let Some(date_time) = vendor_date_time(text.as_bytes()) {
        return Some(date_time);
    }
    let date = date_part(text)?;
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(date.and_time(NaiveTime::MIN));
    }
    let time_text = strip_zone(rest.strip_prefix([' ', 'T', 't'])?)?;
    let time = NaiveTime::parse_from_str(time_text, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(time_text, "%H:%M"))
        .ok()?;
    Some(date.and_time(time))
}

/// The vendor's own `YYYY-MM-DD HH:MM:SS` (or with a `T`), read by position: nearly every date-time of every
/// answer has this form, and chrono's format strings cost more than the rest of the record. `None` sends any
/// other text (and a leap second, which chrono's reader represents) to the general reader.
fn vendor_date_time(bytes: &[u8]) -> Option<NaiveDateTime> {
    let [date @ .., sep, h1, h2, b':', m1, m2, b':', s1, s2] = bytes else { return None };
    if !matches!(sep, b' ' | b'T' | b't') {
        return None;
    }
    let (hour, minute, second) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?, number(&[*s1, *s2])?);
    iso_date(date)?.and_hms_opt(hour, minute, second)
}

/// The date of the text's first ten bytes, which must be `YYYY-MM-DD` with four digits of year. chrono's
/// `%Y-%m-%d` would also take a sign and fewer digits (`-999-01-01`, `+999-01-01`) and skip spaces (`2024- 1- 1`):
/// a year before 0 read that way is written `-0999-01-01`, which no reader here takes back.
fn date_part(text: &str) -> Option<NaiveDate> {
    iso_date(text.as_bytes().get(..10)?)
}

/// The date of exactly `YYYY-MM-DD`, digits where digits go; `None` for any other text or a day the calendar
/// lacks.
fn iso_date(bytes: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else { return None };
    let year = i32::try_from(number(&[y1, y2, y3, y4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&[m1, m2])?, number(&[d1, d2])?)
}

/// ASCII digits as a number.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, byte| byte.is_ascii_digit().then(|| value * 10 + u32::from(byte - b'0')))
}

/// The time without a trailing `Z` or numeric offset; `None` when an offset is malformed.
fn strip_zone(time: &str) -> Option<&str> {
    if let Some(local) = time.strip_suffix(['Z', 'z']) {
        return Some(local);
    }
    match time.rfind(['+', '-']) {
        None => Some(time),
        Some(sign) => {
            let offset = time.get(sign + 1..)?;
            let digits: String = offset.chars().filter(|c| *c != ':').collect();
            let well_formed = matches!(digits.len(), 2 | 4)
                && digits.bytes().all(|byte| byte.is_ascii_digit())
                && (offset.len() == digits.len() || offset.get(2..3) == Some(":"));
            well_formed.then(|| &time[..sign])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 3, 9).unwrap().and_hms_opt(h, m, s).unwrap()
    }

    #[test]
    fn date_times_in_every_vendor_form() {
        assert_eq!(parse_date_time("2024-03-09 10:30:47"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09T10:30:47"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09T10:30:47Z"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09T10:30:47+02:00"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09T10:30:47-0500"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09T10:30:47+01"), Some(at(10, 30, 47)));
        assert_eq!(parse_date_time("2024-03-09 10:30"), Some(at(10, 30, 0)));
        assert_eq!(parse_date_time("2024-03-09"), Some(at(0, 0, 0)));
        let fraction = parse_date_time("2024-03-09T10:30:47.250Z").unwrap();
        assert_eq!(fraction.and_utc().timestamp_subsec_millis(), 250);
    }

    #[test]
    fn malformed_date_times_are_rejected() {
        for text in [
            "",
            "2024-03-09X10:30:47",
            "2024-03-09 25:00:00",
            "2024-13-01 10:00:00",
            "2024-03-09 10:30:47+2",
            "2024-03-09 10:30:47+ab:cd",
            "09/03/2024",
            "2024-03-09 ",
            "2024-03-0é",
            "2024-03-09 10:30:47 junk",
        ] {
            assert_eq!(parse_date_time(text), None, "{text:?}");
        }
    }

    #[test]
    fn dates_alone_or_from_date_times() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 9);
        assert_eq!(parse_date("2024-03-09"), date);
        assert_eq!(parse_date("2024-03-09 10:30:47"), date);
        assert_eq!(parse_date("2024-03-09T10:30:47+02:00"), date);
        assert_eq!(parse_date("2024-03-09junk"), None);
        assert_eq!(parse_date("2024-02-30"), None);
    }

    #[test]
    fn the_positional_reader_agrees_with_the_general_one() {
        // Every text the fast path takes, the chrono formats read the same way (or refuse it the same way).
        let general = |text: &str| {
            let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
            let time = NaiveTime::parse_from_str(text.get(11..)?, "%H:%M:%S").ok()?;
            Some(date.and_time(time))
        };
        for text in [
            "2024-03-09 10:30:47",
            "2024-03-09T00:00:00",
            "0001-01-01 23:59:59",
            "2024-02-29 12:00:00",
            "2023-02-29 12:00:00",
            "2024-00-10 10:00:00",
            "2024-03-09 24:00:00",
            "2024-03-09 10:60:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(vendor_date_time(text.as_bytes()), general(text), "{text}");
            assert_eq!(parse_date_time(text), general(text), "{text}");
        }
        // A leap second and other shapes are left to the general reader.
        assert_eq!(vendor_date_time(b"2024-03-09 10:30:60"), None);
        assert!(parse_date_time("2024-03-09 10:30:60").is_some());
        assert_eq!(vendor_date_time(b"2024-03-09 10:30:4x"), None);
        assert_eq!(vendor_date_time(b"2024-3-09 10:30:47"), None);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("0000-00-00"), None);
    }

    #[test]
    fn what_is_read_is_written_in_a_form_that_reads_back() {
        // The property of the fuzz target `lenient` (fuzz/README.md, Runs): chrono's `%Y` also takes a sign and
        // fewer digits, so `-999-01-01` was read as the year -999 and written `-0999-01-01`, which did not read
        // back. The writers' formats are those of `scalars.rs`.
        for text in [
            "-999-01-01",
            "+999-01-01",
            "-999-01-01 10:30:47",
            "-001-01-01T10:30:47Z",
            "2024- 1- 1",
            "0000-01-01",
            "0001-01-01 00:00:00",
            "9999-12-31T23:59:59.5+01:00",
        ] {
            if let Some(date) = parse_date(text) {
                let written = date.format("%Y-%m-%d").to_string();
                assert_eq!(parse_date(&written), Some(date), "{text:?} was read, written as {written:?}");
            }
            if let Some(date_time) = parse_date_time(text) {
                let written = date_time.format("%Y-%m-%d %H:%M:%S").to_string();
                let read_back = parse_date_time(&written).map(|read| read.and_utc().timestamp());
                assert_eq!(
                    read_back,
                    Some(date_time.and_utc().timestamp()),
                    "{text:?} was read, written as {written:?}"
                );
            }
        }
        for text in ["-999-01-01", "+999-01-01", "-999-01-01 10:30:47", "2024- 1- 1"] {
            assert_eq!(parse_date(text), None, "{text:?}");
            assert_eq!(parse_date_time(text), None, "{text:?}");
        }
    }

    #[test]
    fn zero_dates() {
        for text in ["0000-00-00", "0000-00-00 00:00:00", "-0001-11-30", "-0001-11-30 00:00:00"] {
            assert!(is_zero_date(text), "{text}");
        }
        assert!(!is_zero_date("2000-01-01"));
    }
}
