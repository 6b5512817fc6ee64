//! Describing an API from an OpenAPI document at run time, with the generator's own pipeline (load,
//! overlay, repair, parse, lower), so the fake can serve a document the client was not generated from: a
//! vendor's newer document before regenerating, or a test's.
//!
//! [`describe`] spells the lowered IR as an [`ApiDescription`] value, as `codegen`'s `emit/description.rs`
//! spells it as Rust source for `alfadocs::description::API`; a test checks that the two agree on the
//! vendor's document. The value lives for the rest of the program (its parts are leaked once, which is what
//! a `'static` description costs when it is not compiled in).

use std::path::Path;

use alfadocs_codegen::ir;
use alfadocs_runtime::description::{
    ApiDescription, Collection, Context, DateWindow, DefaultRange, Direction, Enum, Envelope, Field, Group, Model,
    Operation, Pagination, Param, ParamLocation, Response, Scope, Shape, Type, WireForm,
};
use alfadocs_runtime::{Method, Personal, Provenance};

use crate::Error;

/// The description of the document `spec` with the overlays `overlays` applied in order, as `cargo xtask
/// codegen --overlay A --overlay B` lowers it: ours, then a test's truth or a probe's proposal on top.
pub fn load(spec: &Path, overlays: &[&Path]) -> Result<&'static ApiDescription, Error> {
    let mut report = alfadocs_codegen::Report::new();
    let prepared = alfadocs_codegen::prepare(spec, overlays, &mut report).map_err(Error::Spec)?;
    let api = alfadocs_codegen::lower_prepared(&prepared, &mut report).map_err(Error::Spec)?;
    Ok(leak(describe(&api)))
}

/// The description of a document given as text (`name` names it in errors).
pub fn load_str(name: &str, text: &str) -> Result<&'static ApiDescription, Error> {
    let mut report = alfadocs_codegen::Report::new();
    let loaded = alfadocs_codegen::load::load_str(name, text).map_err(Error::Spec)?;
    let prepared = alfadocs_codegen::prepare_loaded(loaded, &[], &mut report).map_err(Error::Spec)?;
    let api = alfadocs_codegen::lower_prepared(&prepared, &mut report).map_err(Error::Spec)?;
    Ok(leak(describe(&api)))
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn text(value: &str) -> &'static str {
    Box::leak(value.to_owned().into_boxed_str())
}

fn texts(values: impl IntoIterator<Item = &'static str>) -> &'static [&'static str] {
    Box::leak(values.into_iter().collect::<Vec<_>>().into_boxed_slice())
}

fn slice<T>(values: Vec<T>) -> &'static [T] {
    Box::leak(values.into_boxed_slice())
}

fn optional(value: Option<&String>) -> Option<&'static str> {
    value.map(|value| text(value))
}

/// The IR as a description value.
pub fn describe(api: &ir::Api) -> ApiDescription {
    ApiDescription {
        title: text(&api.title),
        version: text(&api.version),
        base_url: text(&api.base_url),
        groups: slice(api.groups.iter().map(|group| self::group(api, group)).collect()),
        models: slice(api.models.iter().map(model).collect()),
        enums: slice(api.enums.iter().map(enumeration).collect()),
        context: api.context.as_ref().map(|context| Context {
            operation_id: text(&context.operation_id),
            practice_field: text(&context.practice_wire),
            archive_field: text(&context.archive_wire),
        }),
    }
}

fn group(api: &ir::Api, group: &ir::Group) -> Group {
    Group {
        tag: text(&group.tag),
        accessor: text(&group.accessor),
        command: text(&group.command),
        description: optional(group.description.as_ref()),
        scope: match group.scope {
            ir::Scope::Client => Scope::Client,
            ir::Scope::Archive => Scope::Archive,
        },
        operations: slice(group.operations.iter().map(|op| operation(api, op)).collect()),
    }
}

fn operation(api: &ir::Api, operation: &ir::Operation) -> Operation {
    Operation {
        id: text(&operation.id),
        method_name: text(&operation.method_name),
        method: match operation.method {
            ir::Method::Get => Method::Get,
            ir::Method::Post => Method::Post,
            ir::Method::Put => Method::Put,
            ir::Method::Patch => Method::Patch,
            ir::Method::Delete => Method::Delete,
        },
        path: text(&operation.path.to_string()),
        summary: optional(operation.summary.as_ref()),
        description: optional(operation.description.as_ref()),
        shape: shape(&operation.shape),
        params: slice(operation.params.iter().map(|p| param(api, p)).collect()),
        body: operation.body.as_ref().map(|body| ty(&body.ty)),
        response: match &operation.response {
            ir::Response::Empty => Response::Empty,
            ir::Response::Bytes { media_type } => Response::Bytes { media_type: text(media_type) },
            ir::Response::Json { envelope, ty: value } => Response::Json {
                envelope: match envelope {
                    ir::Envelope::Bare => Envelope::Bare,
                    ir::Envelope::Data => Envelope::Data,
                    ir::Envelope::List => Envelope::List,
                    ir::Envelope::Page => Envelope::Page,
                },
                ty: ty(value),
            },
        },
        pagination: operation.pagination.as_ref().map(|pagination| Pagination {
            offset_param: text(&pagination.offset_param),
            limit_param: text(&pagination.limit_param),
        }),
        window: operation.window.as_ref().map(|window| DateWindow {
            max_days: window.max_days,
            start_param: text(&window.start_wire),
            end_param: text(&window.end_wire),
            default: window.default.map(|range| match range {
                ir::DefaultRange::LastDays(days) => DefaultRange::LastDays(days),
                ir::DefaultRange::TodayToSundayPlus(days) => DefaultRange::TodayToSundayPlus(days),
            }),
        }),
        provenance: match operation.provenance {
            Some(ir::Provenance::Seen) => Provenance::Seen,
            Some(ir::Provenance::Inferred) => Provenance::Inferred,
            Some(ir::Provenance::Guessed) => Provenance::Guessed,
            None => Provenance::Unrecorded,
        },
        personal: Personal::new(
            texts(operation.personal.fields.iter().map(|field| text(field))),
            operation.personal.custom_fields,
        ),
    }
}

fn shape(shape: &ir::Shape) -> Shape {
    let collection = |collection: &ir::Collection| Collection {
        name: text(&collection.name),
        path: text(&collection.path.to_string()),
        item_param: optional(collection.item_param.as_ref()),
        parent_params: texts(collection.parent_params.iter().map(|param| text(param))),
    };
    match shape {
        ir::Shape::List(c) => Shape::List(collection(c)),
        ir::Shape::Create(c) => Shape::Create(collection(c)),
        ir::Shape::Read(c) => Shape::Read(collection(c)),
        ir::Shape::Update(c) => Shape::Update(collection(c)),
        ir::Shape::Delete(c) => Shape::Delete(collection(c)),
        ir::Shape::Other => Shape::Other,
    }
}

fn param(api: &ir::Api, param: &ir::Param) -> Param {
    Param {
        wire_name: text(&param.wire_name),
        rust_name: text(&param.rust_name),
        location: match param.location {
            ir::ParamLocation::Path => ParamLocation::Path,
            ir::ParamLocation::Query => ParamLocation::Query,
            ir::ParamLocation::Header => ParamLocation::Header,
        },
        required: param.required,
        ty: ty(&param.ty),
        values: texts(api.enum_values(&param.ty).into_iter().map(text)),
        description: optional(param.description.as_ref()),
        from_scope: param.from_scope,
        explode: param.explode,
    }
}

fn ty(ty: &ir::Type) -> Type {
    match ty {
        ir::Type::Bool => Type::Bool,
        ir::Type::Int => Type::Int,
        ir::Type::Number => Type::Number,
        ir::Type::String => Type::String,
        ir::Type::Date => Type::Date,
        ir::Type::DateTime => Type::DateTime,
        ir::Type::Bytes => Type::Bytes,
        ir::Type::Json => Type::Json,
        ir::Type::List(item) => Type::List(leak(self::ty(item))),
        ir::Type::Map(value) => Type::Map(leak(self::ty(value))),
        ir::Type::Model(name) => Type::Model(text(name)),
        ir::Type::Enum(name) => Type::Enum(text(name)),
    }
}

fn model(model: &ir::Model) -> Model {
    Model {
        name: text(&model.name),
        description: optional(model.description.as_ref()),
        fields: slice(model.fields.iter().map(field).collect()),
        custom_fields: model.custom_fields.is_some(),
        direction: match model.direction {
            ir::Direction::Request => Direction::Request,
            ir::Direction::Response => Direction::Response,
        },
    }
}

fn field(field: &ir::Field) -> Field {
    Field {
        wire_name: text(&field.wire_name),
        rust_name: text(&field.rust_name),
        ty: ty(&field.ty),
        required: field.required,
        nullable: field.nullable,
        wire: match field.wire {
            ir::WireForm::Plain => WireForm::Plain,
            ir::WireForm::Quoted => WireForm::Quoted,
        },
        sent_as: optional(field.sent_as.as_ref()),
        description: optional(field.description.as_ref()),
    }
}

fn enumeration(item: &ir::Enum) -> Enum {
    Enum {
        name: text(&item.name),
        description: optional(item.description.as_ref()),
        values: texts(item.variants.iter().map(|variant| text(&variant.wire))),
    }
}
