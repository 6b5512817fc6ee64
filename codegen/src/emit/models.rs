//! Structs and open enums, one file each under `src/models/`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::arguments::{argument_type, option_setter};
use super::docs::{Part, doc, escape, module_doc};
use super::types::{Imports, rust};
use crate::ir::{Codec, Direction, Enum, Field, Model, Reading, Type};

/// The file for one struct.
pub fn model(model: &Model) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let mut imports = Imports::default();
    let mut uses_wire = false;
    let mut fields = Vec::new();
    // Only a model read through serde's derive keeps `#[serde(…)]` attributes: every model is written field by
    // field (`serialize.rs`), and one read key by key names its fields' readers in `read_fields`.
    let derived = model.reading == Reading::Derived;
    for field in &model.fields {
        imports.add(&field.ty);
        uses_wire |= derived && field.codec != Codec::Derived;
        fields.push(field_tokens(field, derived));
    }
    let custom = model.custom_fields.as_ref().map(|custom| {
        let samples: Vec<String> = custom
            .samples
            .iter()
            .map(|(name, description)| match description {
                Some(description) => format!("`{name}`: {description}"),
                None => format!("`{name}`"),
            })
            .collect();
        let intro = "The archive's custom fields: every key that starts with `_`, kept as sent, and sent back \
                     unchanged. The specification's examples:";
        let sample_lines = samples.iter().map(|sample| format!("- {}", escape(sample))).collect::<Vec<_>>().join("\n");
        let docs = doc(&[Part::Ours(intro), Part::Ours(&sample_lines)]);
        let flatten = derived.then(|| quote!(#[serde(flatten)]));
        quote! {
            #docs
            #flatten
            pub custom_fields: CustomFields,
        }
    });
    let required: Vec<&Field> = model.fields.iter().filter(|field| field.required).collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let builder = (model.direction == Direction::Request).then(|| builder(model, &required));
    if builder.is_some() && model.custom_fields.is_some() {
        imports.add_use("serde_json", "Value");
    }
    let read_fields = (!derived).then(|| read_fields(model));
    let derive_deserialize = derived.then(|| quote!(Deserialize,));
    let serialize = super::serialize::serialize(model);
    imports.add_use("alfadocs_runtime::wire", "write");
    imports.add_use("serde::ser", "Serializer");
    if read_fields.is_some() {
        imports.add_use("alfadocs_runtime::wire::object", "self");
        imports.add_use("alfadocs_runtime::wire::object", "ReadFields");
        imports.add_use("serde::de", "Deserializer");
        imports.add_use("serde::de", "MapAccess");
    }
    let description = doc(&[Part::spec(model.description.as_deref()), Part::Ours(direction_note(model.direction))]);
    if uses_wire {
        imports.add_use("alfadocs_runtime::wire", "self");
    }
    if model.custom_fields.is_some() {
        imports.add_use("alfadocs_runtime::wire", "CustomFields");
    }
    imports.add_use("serde", "Deserialize");
    imports.add_use("serde", "Serialize");
    let imports = imports.tokens(&[model.name.as_str()]);
    let rename_all = derived.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let module_doc = module_doc(&[Part::Ours(&format!("The `{}` model.", model.name))]);
    quote! {
        #module_doc

        #imports

        #description
        #[derive(Debug, Clone, PartialEq, #default #derive_deserialize)]
        #rename_all
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #custom
        }

        #builder

        #serialize

        #read_fields
    }
}

/// `Deserialize` through [`ReadFields`]: each known key read by its field's reader, the rest kept as custom
/// fields or skipped.
fn read_fields(model: &Model) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let expecting = format!("a {} object", model.name);
    let arms = model.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.rust_name);
        let wire = &field.wire_name;
        let read = match field.codec {
            Codec::Base64 => quote!(object::base64(map)?),
            Codec::Lenient => quote!(object::lenient(map)?),
            Codec::Derived => quote!(map.next_value()?),
        };
        quote!(#wire => self.#ident = #read,)
    });
    let rest = match model.custom_fields {
        Some(_) => quote!(object::custom(&mut self.custom_fields, name, map)?),
        None => quote!(object::skip(map)?),
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl ReadFields for #name {
            const EXPECTING: &'static str = #expecting;

            fn read_field<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
                match name {
                    #(#arms)*
                    _ => #rest,
                }
                Ok(())
            }
        }
    }
}

fn direction_note(direction: Direction) -> &'static str {
    match direction {
        Direction::Response => {
            "Received from the API. Every field is optional: real records leave fields out or empty."
        }
        Direction::Request => "Sent to the API.",
    }
}

/// A field, with the `#[serde(…)]` attributes of serde's derived reader when `serde_attrs`.
fn field_tokens(field: &Field, serde_attrs: bool) -> TokenStream {
    let ident = format_ident!("{}", field.rust_name);
    let ty = rust(&field.ty);
    let fallback = format!("The `{}` field.", field.wire_name);
    let docs = doc(&[Part::spec_or(field.description.as_deref(), &fallback)]);
    let rename = (serde_camel_case(&field.rust_name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(rename = #wire,)
    });
    let with = match field.codec {
        Codec::Base64 => Some(quote!(with = "wire::base64",)),
        Codec::Lenient => Some(quote!(with = "wire::lenient",)),
        Codec::Derived => None,
    };
    if !serde_attrs {
        let ty = if field.required { ty } else { quote!(Option<#ty>) };
        return quote! {
            #docs
            pub #ident: #ty,
        };
    }
    if field.required {
        let attrs = (rename.is_some() || with.is_some()).then(|| quote!(#[serde(#rename #with)]));
        quote! {
            #docs
            #attrs
            pub #ident: #ty,
        }
    } else {
        quote! {
            #docs
            #[serde(#rename default, #with skip_serializing_if = "Option::is_none")]
            pub #ident: Option<#ty>,
        }
    }
}

/// What a caller builds a request body with: `new(required…)` (or `Default`, when nothing is required) and a
/// chained setter per optional field and for custom fields, so a body is one expression.
fn builder(model: &Model, required: &[&Field]) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let constructor = (!required.is_empty()).then(|| constructor(model, required));
    let setters = model.fields.iter().filter(|field| !field.required).map(setter);
    let custom = model.custom_fields.as_ref().map(|_| {
        quote! {
            /// Sets the custom field `name` (with or without its leading `_`) to `value`.
            pub fn custom_field(mut self, name: impl AsRef<str>, value: impl Into<Value>) -> Self {
                self.custom_fields.insert(name, value);
                self
            }
        }
    });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
            #custom
        }
    }
}

/// `new(required…)`: the optional fields start empty.
fn constructor(model: &Model, required: &[&Field]) -> TokenStream {
    let args = required.iter().map(|field| {
        let ident = format_ident!("{}", field.rust_name);
        let ty = argument_type(&field.ty);
        quote!(#ident: #ty)
    });
    let inits = model.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.rust_name);
        match (field.required, &field.ty) {
            (true, Type::String) => quote!(#ident: #ident.into()),
            (true, _) => quote!(#ident),
            (false, _) => quote!(#ident: None),
        }
    });
    let custom = model.custom_fields.as_ref().map(|_| quote!(custom_fields: CustomFields::default(),));
    let docs = doc(&[Part::Ours(&format!(
        "A `{}` with the required fields; the optional ones are set by the methods of the same names.",
        model.name
    ))]);
    quote! {
        #docs
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #custom }
        }
    }
}

/// A chained setter for an optional field, documented with the field's words.
fn setter(field: &Field) -> TokenStream {
    let fallback = format!("Sets the `{}` field.", field.wire_name);
    let docs = doc(&[Part::spec_or(field.description.as_deref(), &fallback)]);
    option_setter(&field.rust_name, &field.ty, docs)
}

/// The file for one open enum.
pub fn enumeration(item: &Enum) -> TokenStream {
    let name = format_ident!("{}", item.name);
    let variants = item.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let docs = doc(&[Part::Ours(&format!("`{}`", variant.wire))]);
        quote!(#docs #ident,)
    });
    let as_str = item.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let wire = &variant.wire;
        quote!(Self::#ident => #wire,)
    });
    let from = item.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let wire = &variant.wire;
        quote!(#wire => Self::#ident,)
    });
    let description = doc(&[
        Part::spec(item.description.as_deref()),
        Part::Ours("Values the API adds later are kept in `Unknown` rather than failing the record."),
    ]);
    let module_doc = module_doc(&[Part::Ours(&format!("The `{}` enum.", item.name))]);
    quote! {
        #module_doc

        use std::fmt;

        use serde::{Deserialize, Serialize};

        #description
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, as the API sent it.
            Unknown(String),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// What serde's `rename_all = "camelCase"` makes of a snake_case field name.
fn serde_camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for (i, c) in snake.chars().enumerate() {
        if c == '_' {
            upper = i > 0;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    #[test]
    fn camel_case_matches_serde() {
        assert_eq!(serde_camel_case("italian_fiscal_code"), "italianFiscalCode");
        assert_eq!(serde_camel_case("type_"), "type");
        assert_eq!(serde_camel_case("base64_data"), "base64Data");
    }
}
