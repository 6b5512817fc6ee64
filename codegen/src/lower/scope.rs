//! Archive scope: which operations hang on an archive handle, and how a key finds its own archive.

use crate::error::Result;
use crate::ir::{Api, ContextSource, Envelope, Group, Method, Param, ParamLocation, Response, Scope, Type};
use crate::report::{Report, Rule, Stage};
use crate::source::{SourceMap, child};

/// The path parameters an archive handle fills in.
const SCOPE_PARAMS: [&str; 2] = ["practiceId", "archiveId"];

/// Almost every path starts with the practice and archive; callers say them once.
pub static ARCHIVE_SCOPE: Rule = Rule {
    name: "archive-scope",
    stage: Stage::Lower,
    code: file!(),
    summary: "operations whose path carries `{practiceId}` and `{archiveId}` hang on an archive handle that fills them in",
    evidence: "\"An API key is related to a certain archive\" (reference page); every resource path is \
               /v1/practices/{practiceId}/archives/{archiveId}/… (DESIGN.md §3)",
};

/// The key knows its archive; the client can ask instead of the caller.
pub static CONTEXT: Rule = Rule {
    name: "context",
    stage: Stage::Lower,
    code: file!(),
    summary: "an unscoped GET whose data carries `practiceId` and `archiveId` backs `Client::current_archive()`",
    evidence: "Get context: \"Get the practice and archive ID that are related to the given API key\"; /v1/me \
               returns data.practiceId and data.archiveId (alfadocs/oauth2-client, the Deno bridge)",
};

/// Marks the scope parameters of an archive-scoped operation.
pub(super) fn mark_scope_params(id: &str, path: &str, params: &mut [Param], report: &mut Report) {
    if !SCOPE_PARAMS.iter().all(|name| path.contains(&format!("{{{name}}}"))) {
        return;
    }
    for param in params.iter_mut() {
        if param.location == ParamLocation::Path && SCOPE_PARAMS.contains(&param.wire_name.as_str()) {
            param.from_scope = true;
        }
    }
    report.touched(&ARCHIVE_SCOPE, id);
}

/// The handle a group hangs on: all of its operations must agree.
pub(super) fn group_scope(group: &Group, source: &SourceMap) -> Result<Scope> {
    let scoped = |op: &crate::ir::Operation| op.params.iter().any(|param| param.from_scope);
    let Some(first) = group.operations.first() else { return Ok(Scope::Client) };
    let scope = if scoped(first) { Scope::Archive } else { Scope::Client };
    if let Some(odd) = group.operations.iter().find(|op| scoped(op) != (scope == Scope::Archive)) {
        return Err(source.error(
            &child("/paths", &odd.path.to_string()),
            format!(
                "tag `{}` mixes archive-scoped and unscoped operations (`{}` and `{}`); the generator puts a tag's \
                 methods on one handle",
                group.tag, first.id, odd.id
            ),
        ));
    }
    Ok(scope)
}

/// The fields of the context's data that name the key's practice and archive.
const PRACTICE_FIELD: &str = "practiceId";
const ARCHIVE_FIELD: &str = "archiveId";

/// Finds the operation that tells a key's practice and archive.
pub(super) fn context_source(api: &Api, report: &mut Report) -> Option<ContextSource> {
    // The context backs `Client::current_archive`, which only an API with archive-scoped operations has.
    if !api.has_archive() {
        return None;
    }
    let id_field = |model: &crate::ir::Model, wire: &str| {
        model
            .fields
            .iter()
            .find(|field| field.wire_name == wire && field.ty == Type::Int)
            .map(|field| field.rust_name.clone())
    };
    api.groups.iter().filter(|group| group.scope == Scope::Client).find_map(|group| {
        group.operations.iter().find_map(|op| {
            if op.method != Method::Get || op.params.iter().any(|param| param.required) {
                return None;
            }
            let Response::Json { envelope: Envelope::Data, ty: Type::Model(name) } = &op.response else { return None };
            let model = api.model(name)?;
            let source = ContextSource {
                group_accessor: group.accessor.clone(),
                method: op.method_name.clone(),
                operation_id: op.id.clone(),
                practice_field: id_field(model, PRACTICE_FIELD)?,
                archive_field: id_field(model, ARCHIVE_FIELD)?,
                practice_wire: PRACTICE_FIELD.to_owned(),
                archive_wire: ARCHIVE_FIELD.to_owned(),
            };
            report.touched(&CONTEXT, op.id.clone());
            Some(source)
        })
    })
}
