//! How IR types are spelled in Rust, and which imports a spelling needs.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Type;

/// The Rust type of `ty`, as the IR spells it.
pub fn rust(ty: &Type) -> TokenStream {
    let spelling = ty.to_string();
    // The spelling is made of identifiers, `<`, `>` and `,`, which always lex; should that ever change, the
    // generated crate says so where the type stands rather than the generator stopping half-way.
    spelling.parse().unwrap_or_else(|error| {
        let message = format!("the generator cannot spell the type `{spelling}`: {error}");
        quote!(compile_error!(#message))
    })
}

/// The `use` items of one file, by module path (`alfadocs_runtime`, `crate::models`) → the names taken from it.
///
/// They come out as rustfmt orders them: `std`, then other crates, then this crate, a blank line between the
/// groups; within a group by path, segment by segment (a `{…}` list after the plain paths beside it), and in a
/// list `self` first, then by name.
#[derive(Debug, Default)]
pub struct Imports {
    uses: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Imports {
    /// Notes what spelling `ty` needs.
    pub fn add(&mut self, ty: &Type) {
        match ty {
            Type::Date => self.add_use("alfadocs_runtime", "NaiveDate"),
            Type::DateTime => self.add_use("alfadocs_runtime", "NaiveDateTime"),
            Type::Json => self.add_use("serde_json", "Value"),
            Type::List(item) => self.add(item),
            Type::Map(value) => {
                self.add_use("std::collections", "BTreeMap");
                self.add(value);
            }
            Type::Model(name) | Type::Enum(name) => self.add_use("crate::models", name),
            Type::Bool | Type::Int | Type::Number | Type::String | Type::Bytes => {}
        }
    }

    /// Notes `use path::name` (`self` for the module itself).
    pub fn add_use(&mut self, path: &'static str, name: &str) {
        self.uses.entry(path).or_default().insert(name.to_owned());
    }

    /// The `use` items, with `own` (the file's own types) left out of the model imports.
    pub fn tokens(&self, own: &[&str]) -> TokenStream {
        let mut items: Vec<(u8, Vec<String>, TokenStream)> = Vec::new();
        for (path, names) in &self.uses {
            let mut names: Vec<&str> = names
                .iter()
                .map(String::as_str)
                .filter(|name| *path != "crate::models" || !own.contains(name))
                .collect();
            // `self` leads a list, the rest in order.
            names.sort_by_key(|name| (*name != "self", *name));
            let segments: Vec<&str> = path.split("::").collect();
            let group = match segments[0] {
                "std" | "core" | "alloc" => 0,
                "crate" | "super" | "self" => 2,
                _ => 1,
            };
            let idents: Vec<_> = segments.iter().map(|segment| format_ident!("{}", segment)).collect();
            let (key, item) = match names.as_slice() {
                [] => continue,
                ["self"] => {
                    (segments.iter().map(|segment| (*segment).to_owned()).collect(), quote!(use #(#idents)::*;))
                }
                [name] => {
                    let name_ident = format_ident!("{}", name);
                    let key = segments.iter().chain([name]).map(|segment| (*segment).to_owned()).collect();
                    (key, quote!(use #(#idents)::*::#name_ident;))
                }
                _ => {
                    let list: Vec<_> = names.iter().map(|name| format_ident!("{}", name)).collect();
                    // A `{…}` list sorts after every plain name beside it.
                    let key =
                        segments.iter().map(|segment| (*segment).to_owned()).chain([char::MAX.to_string()]).collect();
                    (key, quote!(use #(#idents)::*::{#(#list),*};))
                }
            };
            items.push((group, key, item));
        }
        items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let items = items.into_iter().map(|(_, _, item)| item);
        quote!(#(#items)*)
    }
}
