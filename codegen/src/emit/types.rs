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

/// The imports a file needs for the types it spells.
#[derive(Debug, Default)]
pub struct Imports {
    /// Names from `crate::models`.
    pub models: BTreeSet<String>,
    /// Names from the runtime (`NaiveDate`, …).
    pub runtime: BTreeSet<&'static str>,
    /// `std::collections::BTreeMap`.
    pub btree_map: bool,
    /// `serde_json::Value`.
    pub json: bool,
    /// Other `use` items of external crates, by the path that orders them.
    pub external: BTreeMap<&'static str, TokenStream>,
}

impl Imports {
    /// Notes what spelling `ty` needs.
    pub fn add(&mut self, ty: &Type) {
        match ty {
            Type::Date => {
                self.runtime.insert("NaiveDate");
            }
            Type::DateTime => {
                self.runtime.insert("NaiveDateTime");
            }
            Type::Json => self.json = true,
            Type::List(item) => self.add(item),
            Type::Map(value) => {
                self.btree_map = true;
                self.add(value);
            }
            Type::Model(name) | Type::Enum(name) => {
                self.models.insert(name.clone());
            }
            Type::Bool | Type::Int | Type::Number | Type::String | Type::Bytes => {}
        }
    }

    /// The `use` items, with `own` (the file's own type) left out of the model imports.
    pub fn tokens(&self, own: &[&str]) -> TokenStream {
        let mut items = Vec::new();
        if self.btree_map {
            items.push(quote!(
                use std::collections::BTreeMap;
            ));
        }
        let mut external = self.external.clone();
        if !self.runtime.is_empty() {
            let names: Vec<_> = self.runtime.iter().map(|name| format_ident!("{}", name)).collect();
            let item = if names.len() == 1 {
                quote!(use alfadocs_runtime::#(#names)*;)
            } else {
                quote!(use alfadocs_runtime::{#(#names),*};)
            };
            external.insert("alfadocs_runtime", item);
        }
        if self.json {
            external.insert(
                "serde_json",
                quote!(
                    use serde_json::Value;
                ),
            );
        }
        items.extend(external.into_values());
        let models: Vec<_> = self
            .models
            .iter()
            .filter(|name| !own.contains(&name.as_str()))
            .map(|name| format_ident!("{}", name))
            .collect();
        if !models.is_empty() {
            let item = if models.len() == 1 {
                quote!(use crate::models::#(#models)*;)
            } else {
                quote!(use crate::models::{#(#models),*};)
            };
            items.push(item);
        }
        quote!(#(#items)*)
    }
}
