//! How the generated code takes a value from its caller — text as `impl Into<String>`, everything else as
//! itself — and the chained setter of an optional value, which request builders (`operations.rs`) and request
//! bodies (`models.rs`) share.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::rust;
use crate::ir::Type;

/// The type of an argument that gives a value of `ty`.
pub fn argument_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(impl Into<String>),
        other => rust(other),
    }
}

/// The argument `name` (of [`argument_type`]) as a value of `ty`.
fn argument_value(name: &str, ty: &Type) -> TokenStream {
    let ident = format_ident!("{}", name);
    match ty {
        Type::String => quote!(#ident.into()),
        _ => quote!(#ident),
    }
}

/// `pub fn name(mut self, name: …) -> Self`, which sets the `Option` field `name` and returns `self`.
pub fn option_setter(name: &str, ty: &Type, docs: TokenStream) -> TokenStream {
    let ident = format_ident!("{}", name);
    let ty_tokens = argument_type(ty);
    let value = argument_value(name, ty);
    quote! {
        #docs
        pub fn #ident(mut self, #ident: #ty_tokens) -> Self {
            self.#ident = Some(#value);
            self
        }
    }
}
