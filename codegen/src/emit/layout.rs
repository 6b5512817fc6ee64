//! Blank lines where a careful person puts them: prettyplease prints items back to back.
//!
//! The pass is line-based and only ever inserts empty lines, so it cannot change what the code means.

/// `text` with a blank line after the module docs, between import groups, and between items.
pub fn space(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous
            && needs_blank(prev, line)
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The first word of a line, ignoring visibility and generics (`impl<'de>` is an `impl`).
fn kind(line: &str) -> &str {
    let trimmed = line.trim_start();
    let trimmed = trimmed.strip_prefix("pub(crate) ").or_else(|| trimmed.strip_prefix("pub ")).unwrap_or(trimmed);
    trimmed.split(|c: char| c.is_whitespace() || c == '<').next().unwrap_or("")
}

fn import_group(line: &str) -> u8 {
    let path = line.trim_start().trim_start_matches("pub ").trim_start_matches("use ");
    if path.starts_with("std::") || path.starts_with("core::") {
        0
    } else if path.starts_with("crate::") || path.starts_with("super::") || path.starts_with("self::") {
        2
    } else {
        1
    }
}

fn starts_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("///")
        || trimmed.starts_with("#[")
        || matches!(
            kind(line),
            "fn" | "async" | "impl" | "static" | "const" | "struct" | "enum" | "mod" | "use" | "type" | "trait"
        )
}

fn needs_blank(prev: &str, line: &str) -> bool {
    let prev_trimmed = prev.trim_start();
    if prev_trimmed.starts_with("//!") || prev_trimmed.starts_with("// ") {
        // After the module docs (and the generated-file header), before the code.
        return !line.trim_start().starts_with("//");
    }
    // A doc comment's code example ends lines with `;` and `}` too: it is one comment, never split.
    if !starts_item(line) || indent(line) != indent(prev) || prev_trimmed.starts_with("///") {
        return false;
    }
    let ended = prev_trimmed.ends_with('}') || prev_trimmed.ends_with(';');
    if !ended {
        return false;
    }
    match (kind(prev), kind(line)) {
        ("use", "use") => import_group(prev) != import_group(line),
        ("mod", "mod") => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::space;

    #[test]
    fn spaces_items_and_import_groups() {
        let text = "//! Docs.\nuse std::fmt;\nuse serde::Serialize;\nuse crate::models::A;\nmod a;\nmod b;\npub struct X {\n    a: i64,\n    b: i64,\n}\nimpl X {\n    fn a() {}\n    fn b() {\n        let x = 1;\n        if x {}\n    }\n}\n";
        let expected = "//! Docs.\n\nuse std::fmt;\n\nuse serde::Serialize;\n\nuse crate::models::A;\n\nmod a;\nmod b;\n\npub struct X {\n    a: i64,\n    b: i64,\n}\n\nimpl X {\n    fn a() {}\n\n    fn b() {\n        let x = 1;\n        if x {}\n    }\n}\n";
        assert_eq!(space(text), expected);
    }

    #[test]
    fn doc_comment_examples_stay_whole() {
        let text = "/// ```\n/// let x = 1;\n/// # }\n/// ```\nfn f() {}\n";
        assert_eq!(space(text), text);
    }

    #[test]
    fn generic_impls_are_items_too() {
        let text = "struct X {}\nimpl<'de> Deserialize<'de> for X {}\nimpl Y for X {}\n";
        assert_eq!(space(text), "struct X {}\n\nimpl<'de> Deserialize<'de> for X {}\n\nimpl Y for X {}\n");
    }
}
