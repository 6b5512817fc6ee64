//! `src/description.rs`: the IR spelt as one `static` [`ApiDescription`] value, for the programs that
//! interpret the API at run time (the fake server serves it, the command line builds its commands from it).
//!
//! Nothing is decided here: every fact is the IR's, written out as `'static` data of
//! `alfadocs_runtime::description`.

use std::collections::BTreeSet;

use proc_macro2::{Group as TokenGroup, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::docs::{Part, doc, escape};
use super::operations::{personal_value, provenance_value};
use super::types::Imports;
use crate::ir::{
    Api, Collection, ContextSource, DateWindow, DefaultRange, Direction, Enum, Envelope, Field, Group, Model,
    Operation, Pagination, Param, ParamLocation, Response, Scope, Shape, Type, WireForm,
};

/// `src/description.rs`.
pub fn description(api: &Api) -> TokenStream {
    let title = &api.title;
    let version = &api.version;
    let base_url = &api.base_url;
    let groups = api.groups.iter().map(|group| self::group(api, group));
    let models = api.models.iter().map(model);
    let enums = api.enums.iter().map(enumeration);
    let context = option(api.context.as_ref().map(context));
    let doc = doc(&[Part::Ours(&format!(
        "{} {} as data: every group, operation, parameter, model and enum the client is generated from.",
        escape(title),
        escape(version)
    ))]);
    let value = quote! {
        ApiDescription {
            title: #title,
            version: #version,
            base_url: #base_url,
            groups: &[#(#groups),*],
            models: &[#(#models),*],
            enums: &[#(#enums),*],
            context: #context,
        }
    };
    // Import only what the value names, so that a document without (say) date windows gives no unused import.
    let mut named = BTreeSet::new();
    let value = names_in(value, &mut named);
    let mut imports = Imports::default();
    for name in DESCRIPTION_TYPES.iter().filter(|name| named.contains(**name)) {
        imports.add_use("alfadocs_runtime::description", name);
    }
    for name in OPERATION_TYPES.iter().filter(|name| named.contains(**name)) {
        imports.add_use("alfadocs_runtime", name);
    }
    let imports = imports.tokens(&[]);
    quote! {
        //! The API as data, for programs that interpret it at run time rather than call typed methods: the
        //! fake server `alfadocs-fake` serves it, and a command line can build its commands from it.

        #imports

        #doc
        pub static API: ApiDescription = #value;
    }
}

/// The types of the runtime's operations a description may name, in import order.
const OPERATION_TYPES: &[&str] = &["Method", "Personal", "Provenance"];

/// The types of `alfadocs_runtime::description` a description may name, in import order.
const DESCRIPTION_TYPES: &[&str] = &[
    "ApiDescription",
    "Collection",
    "Context",
    "DateWindow",
    "DefaultRange",
    "Direction",
    "Enum",
    "Envelope",
    "Field",
    "Group",
    "Model",
    "Operation",
    "Pagination",
    "Param",
    "ParamLocation",
    "Response",
    "Scope",
    "Shape",
    "Type",
    "WireForm",
];

/// Which of [`DESCRIPTION_TYPES`] and [`OPERATION_TYPES`] `tokens` names, at any depth (string literals are not
/// identifiers); gives the tokens back. It takes them rather than borrowing them because iterating a borrowed
/// stream copies every token, which for the crate's largest value was a tenth of a generator run; a stream
/// held by nobody else is iterated by moving its tokens.
fn names_in(tokens: TokenStream, out: &mut BTreeSet<&'static str>) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) => {
                if let Some(name) = DESCRIPTION_TYPES.iter().chain(OPERATION_TYPES).find(|name| ident == **name) {
                    out.insert(name);
                }
                TokenTree::Ident(ident)
            }
            TokenTree::Group(group) => {
                let (delimiter, span) = (group.delimiter(), group.span());
                let inner = group.stream();
                // The group gone, its stream is held only here, so it too is iterated by moving.
                drop(group);
                let mut group = TokenGroup::new(delimiter, names_in(inner, out));
                group.set_span(span);
                TokenTree::Group(group)
            }
            token @ (TokenTree::Punct(_) | TokenTree::Literal(_)) => token,
        })
        .collect()
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn text(value: Option<&String>) -> TokenStream {
    option(value.map(|value| quote!(#value)))
}

fn context(context: &ContextSource) -> TokenStream {
    let ContextSource { operation_id, practice_wire, archive_wire, .. } = context;
    quote!(Context { operation_id: #operation_id, practice_field: #practice_wire, archive_field: #archive_wire })
}

fn group(api: &Api, group: &Group) -> TokenStream {
    let Group { tag, accessor, command, .. } = group;
    let description = text(group.description.as_ref());
    let scope = match group.scope {
        Scope::Client => quote!(Scope::Client),
        Scope::Archive => quote!(Scope::Archive),
    };
    let operations = group.operations.iter().map(|op| operation(api, op));
    quote! {
        Group {
            tag: #tag,
            accessor: #accessor,
            command: #command,
            description: #description,
            scope: #scope,
            operations: &[#(#operations),*],
        }
    }
}

fn operation(api: &Api, operation: &Operation) -> TokenStream {
    let Operation { id, method_name, .. } = operation;
    let path = operation.path.to_string();
    let method = format_ident!("{}", operation.method.variant());
    let summary = text(operation.summary.as_ref());
    let description = text(operation.description.as_ref());
    let shape = shape(&operation.shape);
    let params = operation.params.iter().map(|p| param(api, p));
    let body = option(operation.body.as_ref().map(|body| ty(&body.ty)));
    let response = response(&operation.response);
    let provenance = provenance_value(operation.provenance);
    let personal = personal_value(&operation.personal);
    let pagination = option(operation.pagination.as_ref().map(|Pagination { offset_param, limit_param }| {
        quote!(Pagination { offset_param: #offset_param, limit_param: #limit_param })
    }));
    let window = option(operation.window.as_ref().map(|DateWindow { max_days, start_wire, end_wire, default, .. }| {
        let default = option(default.map(|range| match range {
            DefaultRange::LastDays(days) => {
                let days = Literal::u32_unsuffixed(days);
                quote!(DefaultRange::LastDays(#days))
            }
            DefaultRange::TodayToSundayPlus(days) => {
                let days = Literal::u32_unsuffixed(days);
                quote!(DefaultRange::TodayToSundayPlus(#days))
            }
        }));
        let max_days = Literal::u32_unsuffixed(*max_days);
        quote!(DateWindow { max_days: #max_days, start_param: #start_wire, end_param: #end_wire, default: #default })
    }));
    quote! {
        Operation {
            id: #id,
            method_name: #method_name,
            method: Method::#method,
            path: #path,
            summary: #summary,
            description: #description,
            shape: #shape,
            params: &[#(#params),*],
            body: #body,
            response: #response,
            pagination: #pagination,
            window: #window,
            provenance: #provenance,
            personal: #personal,
        }
    }
}

fn shape(shape: &Shape) -> TokenStream {
    let (variant, collection) = match shape {
        Shape::List(collection) => ("List", collection),
        Shape::Create(collection) => ("Create", collection),
        Shape::Read(collection) => ("Read", collection),
        Shape::Update(collection) => ("Update", collection),
        Shape::Delete(collection) => ("Delete", collection),
        Shape::Other => return quote!(Shape::Other),
    };
    let variant = format_ident!("{variant}");
    let Collection { name, path, item_param, parent_params } = collection;
    let path = path.to_string();
    let item_param = text(item_param.as_ref());
    quote! {
        Shape::#variant(Collection {
            name: #name,
            path: #path,
            item_param: #item_param,
            parent_params: &[#(#parent_params),*],
        })
    }
}

fn param(api: &Api, param: &Param) -> TokenStream {
    let Param { wire_name, rust_name, required, from_scope, explode, .. } = param;
    let location = match param.location {
        ParamLocation::Path => quote!(ParamLocation::Path),
        ParamLocation::Query => quote!(ParamLocation::Query),
        ParamLocation::Header => quote!(ParamLocation::Header),
    };
    let values = api.enum_values(&param.ty);
    let description = text(param.description.as_ref());
    let ty = ty(&param.ty);
    quote! {
        Param {
            wire_name: #wire_name,
            rust_name: #rust_name,
            location: #location,
            required: #required,
            ty: #ty,
            values: &[#(#values),*],
            description: #description,
            from_scope: #from_scope,
            explode: #explode,
        }
    }
}

fn ty(ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(Type::Bool),
        Type::Int => quote!(Type::Int),
        Type::Number => quote!(Type::Number),
        Type::String => quote!(Type::String),
        Type::Date => quote!(Type::Date),
        Type::DateTime => quote!(Type::DateTime),
        Type::Bytes => quote!(Type::Bytes),
        Type::Json => quote!(Type::Json),
        Type::List(item) => {
            let item = self::ty(item);
            quote!(Type::List(&#item))
        }
        Type::Map(value) => {
            let value = self::ty(value);
            quote!(Type::Map(&#value))
        }
        Type::Model(name) => quote!(Type::Model(#name)),
        Type::Enum(name) => quote!(Type::Enum(#name)),
    }
}

fn response(response: &Response) -> TokenStream {
    match response {
        Response::Empty => quote!(Response::Empty),
        Response::Bytes { media_type } => quote!(Response::Bytes { media_type: #media_type }),
        Response::Json { envelope, ty } => {
            let envelope = match envelope {
                Envelope::Bare => quote!(Envelope::Bare),
                Envelope::Data => quote!(Envelope::Data),
                Envelope::List => quote!(Envelope::List),
                Envelope::Page => quote!(Envelope::Page),
            };
            let ty = self::ty(ty);
            quote!(Response::Json { envelope: #envelope, ty: #ty })
        }
    }
}

fn model(model: &Model) -> TokenStream {
    let name = &model.name;
    let description = text(model.description.as_ref());
    let fields = model.fields.iter().map(field);
    let custom_fields = model.custom_fields.is_some();
    let direction = match model.direction {
        Direction::Request => quote!(Direction::Request),
        Direction::Response => quote!(Direction::Response),
    };
    quote! {
        Model {
            name: #name,
            description: #description,
            fields: &[#(#fields),*],
            custom_fields: #custom_fields,
            direction: #direction,
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let Field { wire_name, rust_name, required, nullable, .. } = field;
    let ty = ty(&field.ty);
    let wire = match field.wire {
        WireForm::Plain => quote!(WireForm::Plain),
        WireForm::Quoted => quote!(WireForm::Quoted),
    };
    let description = text(field.description.as_ref());
    let sent_as = text(field.sent_as.as_ref());
    quote! {
        Field {
            wire_name: #wire_name,
            rust_name: #rust_name,
            ty: #ty,
            required: #required,
            nullable: #nullable,
            wire: #wire,
            sent_as: #sent_as,
            description: #description,
        }
    }
}

fn enumeration(item: &Enum) -> TokenStream {
    let name = &item.name;
    let description = text(item.description.as_ref());
    let values = item.variants.iter().map(|variant| &variant.wire);
    quote!(Enum { name: #name, description: #description, values: &[#(#values),*] })
}
