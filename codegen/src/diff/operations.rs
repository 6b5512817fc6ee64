//! Groups and methods: what a caller of `archive.patients().get_patient(…)` sees change.
//!
//! Methods are matched by `operationId` (their Rust name is derived from it). A method that disappears while
//! another appears on the same HTTP method and path is reported as renamed rather than as a removal and an
//! addition. Parameters are matched by Rust name, because that is what a call site names; the parameters an
//! archive handle fills in (`practiceId`, `archiveId`) are not part of a call and are left out, so an
//! operation that stops being archive-scoped shows up as new arguments — which it is.

use std::collections::BTreeMap;

use super::change::{Area, ChangeKind, OpRef};
use super::{Renames, doc_parts};
use crate::ir::{Api, Envelope, Group, Operation, Param, ParamLocation, Response, Type};

/// Compares the groups and operations of the two documents.
pub(super) fn compare(old: &Api, new: &Api, renames: &Renames, out: &mut Vec<ChangeKind>) {
    groups(old, new, out);
    let old_ops: BTreeMap<&str, (&Group, &Operation)> =
        old.operations().map(|(g, op)| (op.id.as_str(), (g, op))).collect();
    let new_ops: BTreeMap<&str, (&Group, &Operation)> =
        new.operations().map(|(g, op)| (op.id.as_str(), (g, op))).collect();
    let mut removed = Vec::new();
    for (id, &(old_group, old_op)) in &old_ops {
        match new_ops.get(id) {
            Some(&(new_group, new_op)) => {
                let site = op_ref(new_group, new_op);
                if old_group.accessor != new_group.accessor {
                    out.push(ChangeKind::OperationMovedGroup { old: op_ref(old_group, old_op), new: site.clone() });
                }
                if old_op.method != new_op.method || old_op.path != new_op.path {
                    out.push(ChangeKind::OperationEndpointChanged {
                        operation: site.clone(),
                        old_endpoint: endpoint(old_op),
                        new_endpoint: endpoint(new_op),
                        loses_retry_on_failure: !old_op.method.is_idempotent() && new_op.method.is_idempotent(),
                        gains_retry_on_failure: old_op.method.is_idempotent() && !new_op.method.is_idempotent(),
                    });
                }
                details(&site, old_op, new_op, renames, out);
            }
            None => removed.push((old_group, old_op)),
        }
    }
    let mut added: Vec<(&Group, &Operation)> =
        new_ops.iter().filter(|(id, _)| !old_ops.contains_key(*id)).map(|(_, &pair)| pair).collect();
    for (old_group, old_op) in removed {
        // A new operationId on the same endpoint: the vendor renamed the operation.
        let same_endpoint = added.iter().position(|(_, op)| op.method == old_op.method && op.path == old_op.path);
        match same_endpoint {
            Some(index) => {
                let (new_group, new_op) = added.remove(index);
                let site = op_ref(new_group, new_op);
                out.push(ChangeKind::OperationRenamed {
                    old: op_ref(old_group, old_op),
                    new: site.clone(),
                    endpoint: endpoint(new_op),
                });
                details(&site, old_op, new_op, renames, out);
            }
            None => out.push(ChangeKind::OperationRemoved {
                operation: op_ref(old_group, old_op),
                signature: signature(old_group, old_op),
                endpoint: endpoint(old_op),
            }),
        }
    }
    for (new_group, new_op) in added {
        out.push(ChangeKind::OperationAdded {
            operation: op_ref(new_group, new_op),
            signature: signature(new_group, new_op),
            endpoint: endpoint(new_op),
        });
    }
}

/// Groups by accessor: added, removed, moved to the other handle, re-described.
fn groups(old: &Api, new: &Api, out: &mut Vec<ChangeKind>) {
    let old_groups: BTreeMap<&str, &Group> = old.groups.iter().map(|group| (group.accessor.as_str(), group)).collect();
    let new_groups: BTreeMap<&str, &Group> = new.groups.iter().map(|group| (group.accessor.as_str(), group)).collect();
    for (accessor, before) in &old_groups {
        let Some(after) = new_groups.get(accessor) else {
            out.push(ChangeKind::GroupRemoved {
                accessor: before.accessor.clone(),
                type_name: before.type_name.clone(),
                handle: before.scope,
            });
            continue;
        };
        if before.scope != after.scope {
            out.push(ChangeKind::GroupMovedHandle {
                accessor: after.accessor.clone(),
                old: before.scope,
                new: after.scope,
            });
        }
        let old_tag = Some(before.tag.clone());
        let new_tag = Some(after.tag.clone());
        let parts = doc_parts(&[("tag", &old_tag, &new_tag), ("description", &before.description, &after.description)]);
        if !parts.is_empty() {
            out.push(ChangeKind::DocsChanged {
                area: Area::Group,
                item: format!("{}.{}()", after.scope.var(), after.accessor),
                parts,
            });
        }
    }
    for (accessor, after) in &new_groups {
        if !old_groups.contains_key(accessor) {
            out.push(ChangeKind::GroupAdded {
                accessor: after.accessor.clone(),
                type_name: after.type_name.clone(),
                handle: after.scope,
            });
        }
    }
}

/// Everything about one method except its name, group and endpoint.
fn details(site: &OpRef, old: &Operation, new: &Operation, renames: &Renames, out: &mut Vec<ChangeKind>) {
    params(site, old, new, renames, out);
    body(site, old, new, renames, out);
    response(site, old, new, renames, out);
    let parts =
        doc_parts(&[("summary", &old.summary, &new.summary), ("description", &old.description, &new.description)]);
    if !parts.is_empty() {
        out.push(ChangeKind::DocsChanged { area: Area::Operation, item: site.to_string(), parts });
    }
}

/// The parameters a call names: not the ones the archive handle fills in.
fn callable(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| !param.from_scope)
}

fn params(site: &OpRef, old: &Operation, new: &Operation, renames: &Renames, out: &mut Vec<ChangeKind>) {
    for before in callable(old) {
        let Some(after) = callable(new).find(|param| param.rust_name == before.rust_name) else {
            out.push(ChangeKind::ParamRemoved {
                operation: site.clone(),
                param: before.rust_name.clone(),
                wire_name: before.wire_name.clone(),
                location: location(before.location),
                required: before.required,
                ty: before.ty.to_string(),
            });
            continue;
        };
        let param = after.rust_name.clone();
        match (before.required, after.required) {
            (false, true) => out.push(ChangeKind::ParamMadeRequired {
                operation: site.clone(),
                param: param.clone(),
                ty: after.ty.to_string(),
            }),
            (true, false) => out.push(ChangeKind::ParamMadeOptional {
                operation: site.clone(),
                param: param.clone(),
                ty: after.ty.to_string(),
            }),
            _ => {}
        }
        if !renames.same(&before.ty, &after.ty) {
            out.push(ChangeKind::ParamRetyped {
                operation: site.clone(),
                param: param.clone(),
                old_type: before.ty.to_string(),
                new_type: after.ty.to_string(),
            });
        }
        if before.location != after.location {
            out.push(ChangeKind::ParamMovedLocation {
                operation: site.clone(),
                param: param.clone(),
                old_location: location(before.location),
                new_location: location(after.location),
            });
        }
        if before.wire_name != after.wire_name {
            out.push(ChangeKind::ParamWireNameChanged {
                operation: site.clone(),
                param: param.clone(),
                old_wire_name: before.wire_name.clone(),
                new_wire_name: after.wire_name.clone(),
            });
        }
        // `explode` only means something for lists (lowering clears it for everything else).
        if before.explode != after.explode && matches!(after.ty, Type::List(_)) && matches!(before.ty, Type::List(_)) {
            out.push(ChangeKind::ParamEncodingChanged {
                operation: site.clone(),
                param: param.clone(),
                explode: after.explode,
            });
        }
        if before.description != after.description {
            out.push(ChangeKind::DocsChanged {
                area: Area::Operation,
                item: format!("{site}:{param}"),
                parts: vec!["description".to_owned()],
            });
        }
    }
    for after in callable(new) {
        if !callable(old).any(|param| param.rust_name == after.rust_name) {
            out.push(ChangeKind::ParamAdded {
                operation: site.clone(),
                param: after.rust_name.clone(),
                wire_name: after.wire_name.clone(),
                location: location(after.location),
                required: after.required,
                ty: after.ty.to_string(),
            });
        }
    }
    // Arguments are positional: the ones required on both sides must keep their relative order, or calls
    // break — silently, when two arguments have the same type.
    let arguments = |op: &Operation| {
        callable(op).filter(|param| param.required).map(|param| param.rust_name.clone()).collect::<Vec<_>>()
    };
    let (old_args, new_args) = (arguments(old), arguments(new));
    let kept_old: Vec<&String> = old_args.iter().filter(|name| new_args.contains(name)).collect();
    let kept_new: Vec<&String> = new_args.iter().filter(|name| old_args.contains(name)).collect();
    if kept_old != kept_new {
        out.push(ChangeKind::ArgumentsReordered { operation: site.clone(), old_order: old_args, new_order: new_args });
    }
}

fn body(site: &OpRef, old: &Operation, new: &Operation, renames: &Renames, out: &mut Vec<ChangeKind>) {
    match (&old.body, &new.body) {
        (None, Some(after)) => out.push(ChangeKind::BodyAdded { operation: site.clone(), ty: after.ty.to_string() }),
        (Some(before), None) => {
            out.push(ChangeKind::BodyRemoved { operation: site.clone(), ty: before.ty.to_string() })
        }
        (Some(before), Some(after)) => {
            if !renames.same(&before.ty, &after.ty) {
                out.push(ChangeKind::BodyRetyped {
                    operation: site.clone(),
                    old_type: before.ty.to_string(),
                    new_type: after.ty.to_string(),
                });
            }
            if before.description != after.description {
                out.push(ChangeKind::DocsChanged {
                    area: Area::Operation,
                    item: format!("{site}:body"),
                    parts: vec!["description".to_owned()],
                });
            }
        }
        (None, None) => {}
    }
}

/// What `send()` returns, as a comparable value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Returns {
    Unit,
    Bytes,
    Value(Type),
    Vec(Type),
    Page(Type),
}

impl Returns {
    fn of(response: &Response, renames: Option<&Renames>) -> Self {
        let ty = |ty: &Type| renames.map_or_else(|| ty.clone(), |renames| renames.apply(ty));
        match response {
            Response::Empty => Returns::Unit,
            Response::Bytes { .. } => Returns::Bytes,
            // The runtime unwraps `{status, data}`: a bare value and a `data` envelope give the same type.
            Response::Json { envelope: Envelope::Bare | Envelope::Data, ty: item } => Returns::Value(ty(item)),
            Response::Json { envelope: Envelope::List, ty: item } => Returns::Vec(ty(item)),
            Response::Json { envelope: Envelope::Page, ty: item } => Returns::Page(ty(item)),
        }
    }

    fn spell(&self) -> String {
        match self {
            Returns::Unit => "()".to_owned(),
            Returns::Bytes => "Bytes".to_owned(),
            Returns::Value(ty) => ty.to_string(),
            Returns::Vec(ty) => format!("Vec<{ty}>"),
            Returns::Page(ty) => format!("Page<{ty}>"),
        }
    }
}

fn response(site: &OpRef, old: &Operation, new: &Operation, renames: &Renames, out: &mut Vec<ChangeKind>) {
    let (before, after) = (Returns::of(&old.response, Some(renames)), Returns::of(&new.response, None));
    if before != after {
        out.push(ChangeKind::ResponseTypeChanged {
            operation: site.clone(),
            old_type: Returns::of(&old.response, None).spell(),
            new_type: after.spell(),
        });
    } else if let (Response::Json { envelope: old_envelope, .. }, Response::Json { envelope: new_envelope, .. }) =
        (&old.response, &new.response)
        && old_envelope != new_envelope
    {
        out.push(ChangeKind::ResponseEnvelopeChanged {
            operation: site.clone(),
            old_envelope: envelope(*old_envelope).to_owned(),
            new_envelope: envelope(*new_envelope).to_owned(),
        });
    }
    match (&old.pagination, &new.pagination) {
        (None, Some(_)) => out.push(ChangeKind::PaginationAdded { operation: site.clone() }),
        (Some(_), None) => out.push(ChangeKind::PaginationRemoved { operation: site.clone() }),
        (Some(before), Some(after)) if before != after => out.push(ChangeKind::PaginationParamsChanged {
            operation: site.clone(),
            old: vec![before.offset_param.clone(), before.limit_param.clone()],
            new: vec![after.offset_param.clone(), after.limit_param.clone()],
        }),
        _ => {}
    }
    match (&old.window, &new.window) {
        (None, Some(after)) => {
            out.push(ChangeKind::DateWindowAdded { operation: site.clone(), max_days: after.max_days })
        }
        (Some(before), None) => {
            out.push(ChangeKind::DateWindowRemoved { operation: site.clone(), max_days: before.max_days })
        }
        (Some(before), Some(after)) if before.max_days != after.max_days => {
            out.push(ChangeKind::DateWindowCapChanged {
                operation: site.clone(),
                old_days: before.max_days,
                new_days: after.max_days,
            })
        }
        _ => {}
    }
}

fn envelope(envelope: Envelope) -> &'static str {
    match envelope {
        Envelope::Bare => "bare",
        Envelope::Data => "data",
        Envelope::List => "list",
        Envelope::Page => "page",
    }
}

fn location(location: ParamLocation) -> String {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
    .to_owned()
}

fn op_ref(group: &Group, op: &Operation) -> OpRef {
    OpRef {
        handle: group.scope,
        group: group.accessor.clone(),
        method: op.method_name.clone(),
        operation_id: op.id.clone(),
    }
}

fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// The call as a user writes it: `archive.visits().get_visit(visit_id: i64).send() -> Visit`.
fn signature(group: &Group, op: &Operation) -> String {
    let arguments: Vec<String> = callable(op)
        .filter(|param| param.required)
        .map(|param| format!("{}: {}", param.rust_name, param.ty))
        .chain(op.body.as_ref().map(|body| format!("body: {}", body.ty)))
        .collect();
    format!(
        "{}.{}().{}({}).send() -> {}",
        group.scope.var(),
        group.accessor,
        op.method_name,
        arguments.join(", "),
        Returns::of(&op.response, None).spell()
    )
}
