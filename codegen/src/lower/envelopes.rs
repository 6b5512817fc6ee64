//! What a success answer looks like: the vendor's envelopes, unwrapped, and offset/limit pages.

use openapiv3::{
    MediaType, OpenAPI, Operation as OaOperation, ReferenceOr, Response as OaResponse, Schema, SchemaKind, StatusCode,
    StringFormat, Type as OaType, VariantOrUnknownOrEmpty,
};

use super::types::Types;
use crate::error::Result;
use crate::ir::{Envelope, Pagination, Param, ParamLocation, Response};
use crate::report::{Report, Rule, Stage};
use crate::source::child;

/// The vendor wraps every JSON answer; callers want what is inside.
pub static ENVELOPES: Rule = Rule {
    name: "envelopes",
    stage: Stage::Lower,
    code: file!(),
    summary: "`{status, data}`, `{status, count, data: […]}` and `{links, total, offset, limit, results}` are unwrapped; \
              a bare `status` beside other fields is dropped",
    evidence: "every response sample on the reference page; production code reads `data.data` and `results` \
               (assistente-digitale, RobyJB)",
};

/// Patients and phone numbers come a page at a time.
pub static OFFSET_PAGINATION: Rule = Rule {
    name: "offset-pagination",
    stage: Stage::Lower,
    code: file!(),
    summary: "a `results` page with `offset`/`limit` query parameters gets a `.stream()` over every page",
    evidence: "Get patients returns `links`/`total`/`offset`/`limit`/`results`; RobyJB follows `links.next` until it is missing",
};

/// The operation being lowered, as the response rules need to know it.
pub(super) struct Site<'a> {
    pub(super) id: &'a str,
    pub(super) builder: &'a str,
    pub(super) params: &'a [Param],
    pub(super) pointer: &'a str,
}

/// The response of one operation and how to page through it.
pub(super) struct Shape {
    pub(super) response: Response,
    pub(super) pagination: Option<Pagination>,
}

/// Finds the success response of `operation` and decides what the caller gets.
pub(super) fn response(
    openapi: &OpenAPI,
    types: &mut Types<'_>,
    operation: &OaOperation,
    site: &Site<'_>,
    report: &mut Report,
) -> Result<Shape> {
    let Site { id, builder, params, pointer } = *site;
    let empty = Shape { response: Response::Empty, pagination: None };
    let responses = child(pointer, "responses");
    let success = operation.responses.responses.iter().find(|(status, _)| match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    });
    let Some((status, response)) = success else { return Ok(empty) };
    let mut response_pointer = child(&responses, &status.to_string());
    let response: &OaResponse = match response {
        ReferenceOr::Item(response) => response,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/").unwrap_or(reference);
            response_pointer = child("/components/responses", name);
            match openapi.components.as_ref().and_then(|c| c.responses.get(name)).and_then(ReferenceOr::as_item) {
                Some(found) => found,
                None => return Ok(empty),
            }
        }
    };
    let Some((media, content)) = json_content(response).or_else(|| response.content.first()) else {
        return Ok(empty);
    };
    let content_pointer = child(&child(&response_pointer, "content"), media);
    let bytes = || -> Result<Shape> {
        // The media type goes into the `Accept` header as it is written.
        if media.is_empty() || !media.bytes().all(|byte| byte.is_ascii_graphic() || byte == b' ') {
            return Err(types.source().error(
                &content_pointer,
                format!("`{media}` cannot go into an `Accept` header: a media type is printable ASCII"),
            ));
        }
        Ok(Shape { response: Response::Bytes { media_type: media.clone() }, pagination: None })
    };
    if !is_json(media) {
        return bytes();
    }
    let Some(schema) = content_schema(content) else { return Ok(empty) };
    let schema_pointer = child(&content_pointer, "schema");
    let resolved = resolve(openapi, schema);
    if let Some(SchemaKind::Type(OaType::String(string))) = resolved.map(|schema| &schema.schema_kind)
        && matches!(string.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    {
        return bytes();
    }
    let properties = resolved.and_then(object_properties);
    let property = |name: &str| properties.and_then(|props| props.get(name));

    if let (Some(results), true) = (property("results"), property("total").is_some() || property("links").is_some()) {
        let items = array_items(openapi, results).ok_or_else(|| {
            types.source().error(&schema_pointer, "a paginated response whose `results` is not an array")
        })?;
        let ty = types.schema(
            &items,
            &format!("{builder}Item"),
            &child(&schema_pointer, "properties/results/items"),
            report,
        )?;
        types.received(&ty);
        report.touched(&ENVELOPES, id);
        let offset = params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == "offset");
        let limit = params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == "limit");
        let pagination = match (offset, limit) {
            (Some(offset), Some(limit)) => {
                report.touched(&OFFSET_PAGINATION, id);
                Some(Pagination { offset_param: offset.wire_name.clone(), limit_param: limit.wire_name.clone() })
            }
            _ => None,
        };
        return Ok(Shape { response: Response::Json { envelope: Envelope::Page, ty }, pagination });
    }
    if let Some(data) = property("data") {
        let data_pointer = child(&schema_pointer, "properties/data");
        report.touched(&ENVELOPES, id);
        let response = match array_items(openapi, data) {
            Some(items) => {
                let ty = types.schema(&items, &format!("{builder}Item"), &child(&data_pointer, "items"), report)?;
                types.received(&ty);
                Response::Json { envelope: Envelope::List, ty }
            }
            None => {
                let data = unbox(data);
                let ty = types.schema(&data, &format!("{builder}Response"), &data_pointer, report)?;
                types.received(&ty);
                Response::Json { envelope: Envelope::Data, ty }
            }
        };
        return Ok(Shape { response, pagination: None });
    }
    // A bare object: the value is the body itself, less a `status` that only says "success".
    let mut bare = schema.clone();
    if property("status").is_some()
        && let ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(OaType::Object(object)), .. }) = &mut bare
    {
        object.properties.shift_remove("status");
        report.touched(&ENVELOPES, id);
    }
    let hint = builder.strip_prefix("Get").filter(|rest| !rest.is_empty()).unwrap_or(builder);
    let ty = types.schema(&bare, hint, &schema_pointer, report)?;
    types.received(&ty);
    Ok(Shape { response: Response::Json { envelope: Envelope::Bare, ty }, pagination: None })
}

fn is_json(media: &str) -> bool {
    media.starts_with("application/json") || media.ends_with("+json")
}

fn json_content(response: &OaResponse) -> Option<(&String, &MediaType)> {
    response.content.iter().find(|(media, _)| is_json(media))
}

fn content_schema(content: &MediaType) -> Option<&ReferenceOr<Schema>> {
    content.schema.as_ref()
}

/// Follows one `$ref` into `components/schemas`.
fn resolve<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            openapi.components.as_ref()?.schemas.get(name)?.as_item()
        }
    }
}

fn object_properties(schema: &Schema) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) if !any.properties.is_empty() => Some(&any.properties),
        _ => None,
    }
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

/// The item schema of an array-typed property, following one `$ref`.
fn array_items(openapi: &OpenAPI, schema: &ReferenceOr<Box<Schema>>) -> Option<ReferenceOr<Schema>> {
    let unboxed = unbox(schema);
    let resolved = resolve(openapi, &unboxed)?;
    let items = match &resolved.schema_kind {
        SchemaKind::Type(OaType::Array(array)) => array.items.as_ref()?,
        SchemaKind::Any(any) => any.items.as_ref()?,
        _ => return None,
    };
    Some(unbox(items))
}
