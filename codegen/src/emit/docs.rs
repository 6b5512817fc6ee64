//! The spec's words as doc comments, made safe for rustdoc.
//!
//! Vendor prose holds things rustdoc reads as markup: bare URLs, `<Y-m-d>`, `[ ]`. They are escaped here so
//! `cargo doc` stays quiet and the words read as the vendor wrote them.

use proc_macro2::TokenStream;
use quote::quote;

/// A paragraph of a doc comment.
pub enum Part<'a> {
    /// The spec's words: escaped for rustdoc.
    Spec(&'a str),
    /// Our own Markdown (links, lists, code): used as is.
    Ours(&'a str),
}

/// `#[doc = …]` attributes for paragraphs of the spec's words (absent ones skipped).
pub fn doc(paragraphs: &[Option<&str>]) -> TokenStream {
    let parts: Vec<Part<'_>> = paragraphs.iter().flatten().map(|text| Part::Spec(text)).collect();
    doc_parts(&parts)
}

/// `#[doc = …]` attributes, one per line, a blank line between paragraphs (empty ones skipped).
pub fn doc_parts(parts: &[Part<'_>]) -> TokenStream {
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
        lines.extend(text.lines().map(|line| if spec { escape(line.trim_end()) } else { line.trim_end().to_owned() }));
    }
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
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
    use super::escape;

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
