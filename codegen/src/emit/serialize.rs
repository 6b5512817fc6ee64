//! `Serialize` of a model, written out field by field through the runtime's `wire::write::Object`.
//!
//! serde's derive gives every `#[serde(with = …)]` field a wrapper struct and writes `#[serde(flatten)]`
//! custom fields through a map adapter instantiated per field type; that was about half of the generated
//! crate's LLVM IR and most of its compile time (bench/FINDINGS.md). The calls emitted here are generic only
//! over a field's type, so every model shares them; the JSON written is the same.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Codec, Model};

/// `impl Serialize for Model`: each field under its wire name, an absent optional field left out, the custom
/// fields last.
pub fn serialize(model: &Model) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let fields = model.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.rust_name);
        let wire = &field.wire_name;
        let write = |value: TokenStream| match field.codec {
            Codec::Base64 => quote!(object.base64(#wire, #value)?;),
            Codec::Lenient => quote!(object.lenient(#wire, #value)?;),
            Codec::Derived => quote!(object.field(#wire, #value)?;),
        };
        if field.required {
            write(quote!(&self.#ident))
        } else {
            let write = write(quote!(value));
            quote! {
                if let Some(value) = &self.#ident {
                    #write
                }
            }
        }
    });
    let custom = model.custom_fields.as_ref().map(|_| quote!(object.custom(&self.custom_fields)?;));
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = write::object(serializer)?;
                #(#fields)*
                #custom
                object.end()
            }
        }
    }
}
