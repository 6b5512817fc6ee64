//! Printing a generated file with blank lines where a careful person puts them, decided from the file's own
//! items: prettyplease prints items back to back, so each item (and each item of an `impl`) is printed on its
//! own and the pieces are joined — a blank line after the module docs, between import groups and between
//! items, none within a run of `use` items of one group or of `mod` declarations.

use std::mem;

use syn::{File, Item, ItemImpl, UseTree, Visibility};

/// `file` printed and laid out under `header` (the `@generated` line), which the module docs follow directly
/// and anything else after a blank line.
pub fn print(header: &str, file: File) -> String {
    let File { attrs, items, .. } = file;
    let docs = unparse(File { shebang: None, frontmatter: None, attrs, items: Vec::new() });
    let mut out = header.to_owned();
    if !docs.starts_with("//!") {
        out.push('\n');
    }
    out.push_str(&docs);
    // The file's own modules: a `use` of one (`use client::Client`) is this crate's, not another crate's.
    let modules: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Mod(module) => Some(module.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut blanks = vec![!docs.is_empty()];
    blanks.extend(items.windows(2).map(|pair| !same_run(&pair[0], &pair[1], &modules)));
    for (item, blank) in items.into_iter().zip(blanks) {
        if blank {
            out.push('\n');
        }
        out.push_str(&match item {
            Item::Impl(block) => impl_block(block),
            item => unparse(File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![item] }),
        });
    }
    out
}

fn unparse(file: File) -> String {
    prettyplease::unparse(&file)
}

/// Whether two neighbouring items belong together: undocumented `use` items of one import group and
/// visibility, or undocumented `mod` declarations.
fn same_run(previous: &Item, item: &Item, modules: &[String]) -> bool {
    match (previous, item) {
        (Item::Use(a), Item::Use(b)) => {
            a.attrs.is_empty()
                && b.attrs.is_empty()
                && matches!(a.vis, Visibility::Inherited) == matches!(b.vis, Visibility::Inherited)
                && import_group(&a.tree, modules) == import_group(&b.tree, modules)
        }
        (Item::Mod(a), Item::Mod(b)) => a.attrs.is_empty() && b.attrs.is_empty(),
        _ => false,
    }
}

/// `std`, other crates, this crate (its own modules included): the groups rustfmt's users keep apart.
fn import_group(tree: &UseTree, modules: &[String]) -> u8 {
    let first = match tree {
        UseTree::Path(path) => path.ident.to_string(),
        UseTree::Name(name) => name.ident.to_string(),
        UseTree::Rename(rename) => rename.ident.to_string(),
        UseTree::Glob(_) | UseTree::Group(_) => String::new(),
    };
    match first.as_str() {
        "std" | "core" | "alloc" => 0,
        "crate" | "super" | "self" => 2,
        local if modules.iter().any(|module| module == local) => 2,
        _ => 1,
    }
}

/// An `impl` block with a blank line between its items: each printed inside the block's own header.
fn impl_block(mut block: ItemImpl) -> String {
    let items = mem::take(&mut block.items);
    if items.is_empty() {
        return unparse(File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![Item::Impl(block)] });
    }
    let mut header = String::new();
    let mut bodies = Vec::new();
    for item in items {
        // The block's header (now without items, so cheap to copy) holding only `item`.
        let mut one = block.clone();
        one.items = vec![item];
        let text = unparse(File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![Item::Impl(one)] });
        let lines: Vec<&str> = text.lines().collect();
        // The header (attributes, `impl …`, a `where` clause) ends with the block's opening brace, the first line
        // at the left margin that ends with one; the last line is the closing brace.
        let opening = lines.iter().position(|line| !line.starts_with([' ', '/', '#']) && line.ends_with('{'));
        let body_start = opening.map_or(lines.len(), |index| index + 1);
        if header.is_empty() {
            header = lines[..body_start].iter().map(|line| format!("{line}\n")).collect();
        }
        let body_end = lines.len().saturating_sub(1).max(body_start);
        bodies.push(lines[body_start..body_end].iter().map(|line| format!("{line}\n")).collect::<String>());
    }
    format!("{header}{}}}\n", bodies.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::print;

    fn laid_out(text: &str) -> String {
        let header = "// @generated\n";
        let printed = print(header, syn::parse_file(text).unwrap());
        let body = printed.strip_prefix(header).unwrap();
        body.strip_prefix('\n').unwrap_or(body).to_owned()
    }

    #[test]
    fn spaces_items_and_import_groups() {
        let text = "//! Docs.\nuse std::fmt;\nuse serde::Serialize;\nuse serde_json::Value;\nuse crate::models::A;\nmod a;\nmod b;\npub struct X {\n    a: i64,\n    b: i64,\n}\nimpl X {\n    fn a() {}\n    fn b() {\n        let x = 1;\n        if x {}\n    }\n}\n";
        let expected = "//! Docs.\n\nuse std::fmt;\n\nuse serde::Serialize;\nuse serde_json::Value;\n\nuse crate::models::A;\n\nmod a;\nmod b;\n\npub struct X {\n    a: i64,\n    b: i64,\n}\n\nimpl X {\n    fn a() {}\n\n    fn b() {\n        let x = 1;\n        if x {}\n    }\n}\n";
        assert_eq!(laid_out(text), expected);
    }

    #[test]
    fn doc_comment_examples_stay_whole() {
        let text = "/// ```\n/// let x = 1;\n/// # }\n/// ```\nfn f() {}\n";
        assert_eq!(laid_out(text), text);
    }

    #[test]
    fn generic_impls_with_attributes_and_where_clauses_keep_their_headers() {
        let text = "struct X {}\n#[allow(dead_code)]\nimpl<'de, T> Deserialize<'de> for X where T: Copy {\n    fn a() {}\n    fn b() {}\n}\nimpl Y for X {}\n";
        assert_eq!(
            laid_out(text),
            "struct X {}\n\n#[allow(dead_code)]\nimpl<'de, T> Deserialize<'de> for X\nwhere\n    T: Copy,\n{\n    fn a() {}\n\n    fn b() {}\n}\n\nimpl Y for X {}\n"
        );
    }
}
