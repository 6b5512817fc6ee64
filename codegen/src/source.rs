//! Where each node of a loaded document came from: a map from JSON pointer to line, and pointer helpers.
//!
//! Later stages only know JSON pointers; this map turns them back into lines of the file a maintainer edits.
//! Nodes that the overlay or a repair rule created have no line of their own, so a lookup falls back to the
//! nearest ancestor that has one.

use std::collections::BTreeMap;

use crate::error::Error;

/// The lines of one loaded file, by JSON pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    file: String,
    lines: BTreeMap<String, u32>,
}

impl SourceMap {
    /// An empty map for `file` (as it should appear in messages).
    pub fn new(file: impl Into<String>) -> Self {
        Self { file: file.into(), lines: BTreeMap::new() }
    }

    /// Records that the node at `pointer` starts on `line` (1-based).
    pub fn insert(&mut self, pointer: String, line: u32) {
        self.lines.insert(pointer, line);
    }

    /// The file name used in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn line(&self, pointer: &str) -> Option<u32> {
        let mut current = pointer;
        loop {
            if let Some(line) = self.lines.get(current) {
                return Some(*line);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }

    /// An error about the node at `pointer` in this file.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(message).in_file(self.file.clone()).at_line(self.line(pointer)).at_pointer(pointer)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_escapes_tokens() {
        assert_eq!(child("/paths", "/v1/me"), "/paths/~1v1~1me");
        assert_eq!(child("", "a~b"), "/a~0b");
    }

    #[test]
    fn line_falls_back_to_the_nearest_ancestor() {
        let mut map = SourceMap::new("spec.yaml");
        map.insert("/paths".into(), 10);
        map.insert("/paths/~1v1~1me".into(), 12);
        assert_eq!(map.line("/paths/~1v1~1me/get/responses"), Some(12));
        assert_eq!(map.line("/paths/~1v1~1other"), Some(10));
        assert_eq!(map.line("/info"), None);
        let error = map.error("/paths/~1v1~1me/get", "broken");
        assert_eq!(error.to_string(), "spec.yaml:12: at /paths/~1v1~1me/get: broken");
    }
}
