//! Helpers shared by the fuzz targets: turning fuzz bytes into JSON shaped like the vendor's answers.

use serde_json::{Map, Number, Value};

/// Texts the vendor sends where scalars are expected, and edge cases of the lenient readers.
const TEXTS: &[&str] = &[
    "",
    " ",
    "true",
    "false",
    "1",
    "0",
    "-1",
    "yes",
    "no",
    "30",
    "125.12",
    "1e400",
    "-0",
    "NaN",
    "inf",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "0x1F",
    " 7 ",
    "+5",
    "2024-01-31",
    "2024-02-30",
    "0000-00-00",
    "-0001-11-30",
    "-0001-11-30 00:00:00",
    "0000-00-00 00:00:00",
    "2024-01-31 10:30:47",
    "2024-01-31T10:30:47",
    "2024-01-31T10:30:47Z",
    "2024-01-31T10:30:47+02:00",
    "262143-12-31",
    "+262143-12-31 23:59:59",
    "2024-01-31 24:00:00",
    "2024-01-31 23:59:60",
    "null",
    "NON DISPONIBILE",
    "aGVsbG8=",
    "aGVsbG8",
    "a",
    "_technicalName",
    "data",
    "status",
    "results",
    "links",
    "\u{0}",
    "é",
    "💥",
    "\"",
];

/// A reader over the fuzz bytes that never fails: past the end it yields zeros.
pub struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    /// Reads `data` from the start.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, at: 0 }
    }

    /// The next byte, or 0 at the end.
    pub fn byte(&mut self) -> u8 {
        let byte = self.data.get(self.at).copied().unwrap_or(0);
        self.at = self.at.saturating_add(1);
        byte
    }

    /// Whether bytes remain.
    pub fn more(&self) -> bool {
        self.at < self.data.len()
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0u64, |acc, _| (acc << 8) | u64::from(self.byte()))
    }

    fn text(&mut self) -> String {
        let choice = self.byte();
        if choice < 200 {
            TEXTS[usize::from(choice) % TEXTS.len()].to_owned()
        } else {
            let len = usize::from(self.byte() % 24);
            let raw: Vec<u8> = (0..len).map(|_| self.byte()).collect();
            String::from_utf8_lossy(&raw).into_owned()
        }
    }
}

/// A JSON value built from the bytes, at most `depth` levels deep, biased towards the vendor's forms.
pub fn value(bytes: &mut Bytes<'_>, depth: u8) -> Value {
    let kind = bytes.byte() % if depth == 0 { 7 } else { 9 };
    match kind {
        0 => Value::Null,
        1 => Value::Bool(bytes.byte() & 1 == 1),
        2 => Value::from(bytes.u64() as i64),
        3 => Value::from(bytes.u64()),
        4 => Number::from_f64(f64::from_bits(bytes.u64())).map_or(Value::Null, Value::Number),
        5 | 6 => Value::String(bytes.text()),
        7 => {
            let len = usize::from(bytes.byte() % 5);
            Value::Array((0..len).map(|_| value(bytes, depth - 1)).collect())
        }
        _ => {
            let len = usize::from(bytes.byte() % 5);
            let mut map = Map::new();
            for _ in 0..len {
                let key = bytes.text();
                map.insert(key, value(bytes, depth - 1));
            }
            Value::Object(map)
        }
    }
}
