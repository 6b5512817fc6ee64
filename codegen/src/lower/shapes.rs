//! The shape of each operation — list, create, read, update or delete on a collection, or something else —
//! read from its method, its path and its response, so that programs interpreting the API (the fake server,
//! the command line) can give every collection the same generic behaviour.
//!
//! This is a reading of REST conventions the vendor follows throughout (kebab-case plural collections,
//! `{…Id}` item paths, PATCH to update), not a vendor quirk, so it is no rule: an operation that fits none of
//! the shapes is [`Shape::Other`] and keeps behaviour of its own.

use std::collections::BTreeSet;

use crate::ir::{Api, Collection, Envelope, Method, Operation, Response, Shape, Type};
use crate::template::{Segment, Template};

/// Decides the shape of every operation of `api`.
pub(super) fn decide(api: &mut Api) {
    let paths: BTreeSet<Template> = api.operations().map(|(_, operation)| operation.path.clone()).collect();
    for operation in api.groups.iter_mut().flat_map(|group| group.operations.iter_mut()) {
        operation.shape = shape(operation, &paths);
    }
}

fn shape(operation: &Operation, paths: &BTreeSet<Template>) -> Shape {
    match operation.path.split_item() {
        // An item path: `…/{collection}/{itemId}`.
        Some((parent, item)) => {
            let Some(collection) = collection(operation, &parent, Some(item.to_owned())) else {
                return Shape::Other;
            };
            match operation.method {
                Method::Get if answers_one_object(&operation.response) => Shape::Read(collection),
                Method::Patch | Method::Put => Shape::Update(collection),
                Method::Delete => Shape::Delete(collection),
                Method::Get | Method::Post => Shape::Other,
            }
        }
        // A collection path: `…/{collection}`.
        None => {
            let item = item_param(&operation.path, paths);
            let Some(collection) = collection(operation, &operation.path, item) else { return Shape::Other };
            match operation.method {
                Method::Get if answers_many(&operation.response) => Shape::List(collection),
                Method::Post => Shape::Create(collection),
                _ => Shape::Other,
            }
        }
    }
}

/// The collection at `path` (a template ending in a literal segment that follows a parent), if it is one.
fn collection(operation: &Operation, path: &Template, item_param: Option<String>) -> Option<Collection> {
    let segments = path.segments();
    let Some(Segment::Literal(name)) = segments.last() else { return None };
    // `/v1/me`, `/v1/practice`: a literal under the version alone is a single resource, not a collection.
    if segments.len() < 3 {
        return None;
    }
    let scope: BTreeSet<&str> =
        operation.params.iter().filter(|param| param.from_scope).map(|param| param.wire_name.as_str()).collect();
    let parent_params = segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Param(name) if !scope.contains(name) => Some((*name).to_owned()),
            _ => None,
        })
        .collect();
    Some(Collection { name: (*name).to_owned(), path: path.clone(), item_param, parent_params })
}

/// The item parameter of the collection at `path`: the `{x}` of a known path `path/{x}`.
fn item_param(path: &Template, paths: &BTreeSet<Template>) -> Option<String> {
    paths.iter().find_map(|other| {
        let (parent, item) = other.split_item()?;
        (&parent == path).then(|| item.to_owned())
    })
}

fn answers_one_object(response: &Response) -> bool {
    matches!(response, Response::Json { envelope: Envelope::Data | Envelope::Bare, ty: Type::Model(_) })
}

fn answers_many(response: &Response) -> bool {
    matches!(response, Response::Json { envelope: Envelope::List | Envelope::Page, .. })
}
