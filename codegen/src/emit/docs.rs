//! The spec's words as doc comments, made safe for rustdoc.
//!
//! Vendor prose holds things rustdoc reads as markup: bare URLs, `<Y-m-d>`, `[ ]`. They are escaped here so
//! `cargo doc` stays quiet and the words read as the vendor wrote them.

use proc_macro2::TokenStream;
use quote::quote;

/// A paragraph of a doc comment.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// The spec's words: escaped for rustdoc, their headings demoted under ours.
    Spec(&'a str),
    /// Our own Markdown (links, lists, code): used as is.
    Ours(&'a str),
}

impl<'a> Part<'a> {
    /// The spec's words where it has some, else our own `fallback`.
    pub fn spec_or(spec: Option<&'a str>, fallback: &'a str) -> Self {
        spec.map_or(Part::Ours(fallback), Part::Spec)
    }

    /// The spec's words, if it has any (an absent part is skipped like an empty one).
    pub fn spec(spec: Option<&'a str>) -> Self {
        Part::Spec(spec.unwrap_or_default())
    }
}

/// `#[doc = …]` attributes of an item: one per line, a blank line between paragraphs (empty ones skipped).
pub fn doc(parts: &[Part<'_>]) -> TokenStream {
    let attrs = lines(parts).into_iter().map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
}

/// `#![doc = …]` attributes of a module or crate, built as [`doc`]'s.
pub fn module_doc(parts: &[Part<'_>]) -> TokenStream {
    let attrs = lines(parts).into_iter().map(|line| quote!(#![doc = #line]));
    quote!(#(#attrs)*)
}

/// The doc lines of `parts`, each with the leading space rustdoc strips.
fn lines(parts: &[Part<'_>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        let (text, spec) = match part {
            Part::Spec(text) => (text.trim(), true),
            Part::Ours(text) => (text.trim(), false),
        };
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.lines().map(|line| {
            let line = line.trim_end();
            match line.strip_prefix('#') {
                Some(heading) if spec => format!("##{}", escape(heading)),
                _ if spec => escape(line),
                _ => line.to_owned(),
            }
        }));
    }
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

/// One line of vendor prose with rustdoc's markup characters neutralised and URLs made links.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        match c {
            '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = chars.as_str();
    }
    out
}

/// The length of the URL starting `text`, without trailing punctuation, if it starts with one.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '"', '\'']);
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::{Part, escape, lines};

    #[test]
    fn the_specs_words_are_escaped_ours_are_not() {
        let parts =
            [Part::Spec("# Dates\n<Y-m-d> at https://x.test/a."), Part::Ours("At <https://x.test/b>."), Part::Spec("")];
        assert_eq!(lines(&parts), [" ## Dates", " \\<Y-m-d\\> at <https://x.test/a>.", "", " At <https://x.test/b>."]);
    }

    #[test]
    fn escapes_markup_and_links_urls() {
        assert_eq!(
            escape("located at https://app.alfadocs.com/api/. SSL"),
            "located at <https://app.alfadocs.com/api/>. SSL"
        );
        assert_eq!(escape("date-time <Y-m-d> [x]"), "date-time \\<Y-m-d\\> \\[x\\]");
        assert_eq!(escape("in_care"), "in_care");
    }
}
