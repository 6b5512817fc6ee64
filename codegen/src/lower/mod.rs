//! Lowering: the parsed OpenAPI document to the IR, applying the rules that decide how the vendor's wire
//! formats, envelopes, pagination, date windows and archive scope appear in Rust.
//!
//! Each rule lives in the module named for its family and records what it touched in the report.

mod annotations;
mod envelopes;
mod names;
mod personal;
mod scope;
mod shapes;
mod types;
mod windows;
mod wire;

use openapiv3::{
    OpenAPI, Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody,
};

use crate::error::Result;
use crate::ir::{Api, Body, Group, Method, Operation, Param, ParamLocation, Scope, Shape, Template, Type};
use crate::report::{Report, Rule};
use crate::source::{SourceMap, child};
use names::{kebab, pascal, snake};
use types::Types;

/// Every lowering rule, in the order they run.
pub static RULES: &[&Rule] = &[
    &types::LENIENT_SCALARS,
    &types::PHP_ZERO_DATES,
    &types::PHP_EMPTY_MAP,
    &types::PHP_SPARSE_LISTS,
    &types::OPEN_ENUMS,
    &types::CUSTOM_FIELDS,
    &types::TOLERANT_RESPONSES,
    &wire::QUOTED_SCALARS,
    &wire::SENT_AS,
    &envelopes::ENVELOPES,
    &envelopes::OFFSET_PAGINATION,
    &windows::DATE_WINDOWS,
    &scope::ARCHIVE_SCOPE,
    &scope::CONTEXT,
];

/// Lowers the parsed document to the IR.
pub fn lower(openapi: &OpenAPI, source: &SourceMap, report: &mut Report) -> Result<Api> {
    for rule in RULES {
        report.ran(rule);
    }
    let mut types = Types::new(openapi.components.as_ref(), source);
    types.lower_components(report)?;
    let mut lowering = Lowering { openapi, source, types, groups: Vec::new() };
    for tag in &openapi.tags {
        lowering.group(&tag.name, tag.description.clone());
    }
    for (path, item) in &openapi.paths.paths {
        let pointer = child("/paths", path);
        let ReferenceOr::Item(item) = item else {
            return Err(source.error(&pointer, "unsupported: a path item given as a $ref"));
        };
        for (method, operation) in item.iter() {
            lowering.operation(path, method, item, operation, &child(&pointer, method), report)?;
        }
    }
    let Lowering { types, mut groups, .. } = lowering;
    groups.retain(|group| !group.operations.is_empty());
    for group in &mut groups {
        group.scope = scope::group_scope(group, source)?;
    }
    let (models, enums) = types.finish(report);
    let mut api = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        base_url: openapi.servers.first().map(|server| server.url.trim_end_matches('/').to_owned()).unwrap_or_default(),
        groups,
        models,
        enums,
        context: None,
    };
    for item in &api.enums {
        report.touched(&types::OPEN_ENUMS, item.name.clone());
    }
    windows::dedupe_keys(&mut api);
    api.context = scope::context_source(&api, report);
    shapes::decide(&mut api);
    personal::decide(&mut api);
    Ok(api)
}

struct Lowering<'a> {
    openapi: &'a OpenAPI,
    source: &'a SourceMap,
    types: Types<'a>,
    groups: Vec<Group>,
}

impl Lowering<'_> {
    /// The group of `tag`, created (in first-seen order) if new.
    fn group(&mut self, tag: &str, description: Option<String>) -> usize {
        if let Some(index) = self.groups.iter().position(|group| group.tag == tag) {
            return index;
        }
        let module = snake(tag);
        self.groups.push(Group {
            tag: tag.to_owned(),
            description,
            type_name: format!("{}Api", pascal(tag)),
            accessor: module.clone(),
            command: kebab(tag),
            module,
            scope: Scope::Client,
            operations: Vec::new(),
        });
        self.groups.len() - 1
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        operation: &OaOperation,
        pointer: &str,
        report: &mut Report,
    ) -> Result<()> {
        let method = match method {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "patch" => Method::Patch,
            "delete" => Method::Delete,
            other => return Err(self.source.error(pointer, format!("unsupported HTTP method `{other}`"))),
        };
        let id = operation.operation_id.clone().ok_or_else(|| {
            self.source.error(pointer, "the operation has no operationId, which names its Rust method")
        })?;
        let builder = pascal(&id);
        let tag = operation.tags.first().map_or("Default", String::as_str).to_owned();
        let mut params = Vec::new();
        let inherited = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, child(&child(&child("/paths", path), "parameters"), &i.to_string())));
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, child(&child(pointer, "parameters"), &i.to_string())));
        for (parameter, parameter_pointer) in inherited.chain(own) {
            let param = self.parameter(parameter, &builder, &parameter_pointer, report)?;
            // An operation's own parameter overrides the path item's of the same name and location.
            params.retain(|existing: &Param| {
                !(existing.wire_name == param.wire_name && existing.location == param.location)
            });
            params.push(param);
        }
        scope::mark_scope_params(&id, path, &mut params, report);
        params.sort_by_key(|param| !param.from_scope);
        let body = match &operation.request_body {
            Some(body) => Some(self.body(body, &builder, &child(pointer, "requestBody"), report)?),
            None => None,
        };
        let site = envelopes::Site { id: &id, builder: &builder, params: &params, pointer };
        let answer = envelopes::response(self.openapi, &mut self.types, operation, &site, report)?;
        let window = windows::date_window(&id, operation.description.as_deref(), &params, &answer.response, report);
        let provenance = annotations::provenance(self.source, &operation.extensions, pointer)?;
        let alternatives = annotations::alternatives(self.source, &operation.extensions, pointer, &params)?;
        let template = Template::parse(path)
            .map_err(|error| self.source.error(pointer, format!("the path template `{path}` {error}")))?;
        let group = self.group(&tag, None);
        self.groups[group].operations.push(Operation {
            method_name: snake(&id),
            static_name: names::shouty(&id),
            builder,
            id,
            method,
            path: template,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            params,
            body,
            response: answer.response,
            pagination: answer.pagination,
            window,
            provenance,
            alternatives,
            personal: Default::default(),
            shape: Shape::Other,
        });
        Ok(())
    }

    fn parameter(
        &mut self,
        parameter: &ReferenceOr<Parameter>,
        builder: &str,
        pointer: &str,
        report: &mut Report,
    ) -> Result<Param> {
        let (parameter, pointer) = match parameter {
            ReferenceOr::Item(parameter) => (parameter, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/").unwrap_or(reference);
                let found = self
                    .openapi
                    .components
                    .as_ref()
                    .and_then(|components| components.parameters.get(name))
                    .and_then(|parameter| parameter.as_item())
                    .ok_or_else(|| {
                        self.source.error(pointer, format!("unresolvable parameter reference `{reference}`"))
                    })?;
                (found, child("/components/parameters", name))
            }
        };
        let (location, explode) = match parameter {
            Parameter::Path { .. } => (ParamLocation::Path, false),
            Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data.explode.unwrap_or(true)),
            Parameter::Header { .. } | Parameter::Cookie { .. } => {
                return Err(self.source.error(
                    &pointer,
                    "unsupported: header and cookie parameters other than the API key (which the repair removes)",
                ));
            }
        };
        let data = parameter.parameter_data_ref();
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(self
                .source
                .error(&pointer, "unsupported: a parameter described by `content` rather than `schema`"));
        };
        // A parameter's enum is named for its operation (`GetAppointmentsState`), the place it stands.
        let ty = self.types.schema(
            schema,
            &format!("{builder}{}", pascal(&data.name)),
            &child(&pointer, "schema"),
            report,
        )?;
        self.types.sent(&ty);
        if matches!(ty, Type::Model(_) | Type::Map(_) | Type::Json | Type::Bytes) {
            return Err(self
                .source
                .error(&pointer, format!("unsupported parameter type `{ty}`: only scalars, enums and lists of them")));
        }
        let explode = explode && matches!(ty, Type::List(_));
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: snake(&data.name),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            description: data.description.clone(),
            from_scope: false,
            explode,
        })
    }

    fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        builder: &str,
        pointer: &str,
        report: &mut Report,
    ) -> Result<Body> {
        let (body, pointer) = match body {
            ReferenceOr::Item(body) => (body, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/").unwrap_or(reference);
                let found = self
                    .openapi
                    .components
                    .as_ref()
                    .and_then(|components| components.request_bodies.get(name))
                    .and_then(|body| body.as_item())
                    .ok_or_else(|| {
                        self.source.error(pointer, format!("unresolvable request body reference `{reference}`"))
                    })?;
                (found, child("/components/requestBodies", name))
            }
        };
        let (media, content) =
            body.content.iter().find(|(media, _)| media.starts_with("application/json")).ok_or_else(|| {
                self.source.error(&pointer, "unsupported request body: only application/json is lowered")
            })?;
        let schema = content.schema.as_ref().ok_or_else(|| {
            self.source.error(&child(&pointer, "content"), format!("the `{media}` body has no schema"))
        })?;
        let schema_pointer = child(&child(&child(&pointer, "content"), media), "schema");
        let ty = self.types.schema(schema, &format!("{builder}Body"), &schema_pointer, report)?;
        self.types.sent(&ty);
        Ok(Body { ty, description: body.description.clone() })
    }
}
