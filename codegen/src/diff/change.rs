//! One change to the generated crate's API, said in Rust terms, and what it means for the crate's users.
//!
//! The classification is the point of `spec-diff`: a change is *breaking* when code that compiled against
//! the previous `alfadocs` may stop compiling (or, for a few kinds, silently do something else), an
//! *addition* when it only adds API surface, and *compatible* when the Rust API is unchanged and only the
//! wire, the documentation or a runtime behaviour moves. Every kind says why in [`ChangeKind::reason`]; the
//! reasons rest on how `emit` spells the IR:
//!
//! - required parameters are positional arguments of the group method; optional ones are builder methods;
//! - the request body is the last argument, a struct built with `new(required…)` (or `Default` when it has no
//!   required field) and public fields;
//! - every struct is `#[non_exhaustive]` (no struct literals or exhaustive patterns outside the crate), and
//!   every field of a received ("response") struct is an `Option`;
//! - every enum is `#[non_exhaustive]` and has an `Unknown(String)` variant.

use std::fmt;

use serde::Serialize;

use crate::ir::Scope;

/// What a change means for users of the generated crate, in the order reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code written against the previous crate may no longer compile (or silently changes meaning).
    Breaking,
    /// New API surface; existing code compiles and behaves as before.
    Addition,
    /// The Rust API is unchanged: the wire, the docs or a runtime behaviour changed.
    Compatible,
}

impl Impact {
    /// The lower-case word for the impact.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Addition => "addition",
            Impact::Compatible => "compatible",
        }
    }
}

/// Which part of the API a change is about; reports group and sort by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The client as a whole: base URL, `current_archive`.
    Client,
    /// A resource group (`archive.patients()`).
    Group,
    /// A method: its arguments, builder methods, body and answer.
    Operation,
    /// A struct.
    Model,
    /// An enum.
    Enum,
}

/// A method of the generated crate, as users call it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OpRef {
    /// The handle the group hangs on.
    pub handle: Scope,
    /// The group accessor (`patients`).
    pub group: String,
    /// The method (`get_patient`).
    pub method: String,
    /// The spec's `operationId`.
    pub operation_id: String,
}

impl fmt::Display for OpRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}().{}()", self.handle.var(), self.group, self.method)
    }
}

/// A typed change. Names are Rust names unless a field says `wire`; types are spelled as the crate spells them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new resource group: a new accessor, struct and module.
    GroupAdded {
        /// The accessor and module name.
        accessor: String,
        /// The group struct.
        type_name: String,
        /// The handle it hangs on.
        handle: Scope,
    },
    /// A resource group is gone.
    GroupRemoved {
        /// The accessor and module name.
        accessor: String,
        /// The group struct.
        type_name: String,
        /// The handle it hung on.
        handle: Scope,
    },
    /// A group's accessor moved from the client to the archive handle or back.
    GroupMovedHandle {
        /// The accessor.
        accessor: String,
        /// Where it was.
        old: Scope,
        /// Where it is.
        new: Scope,
    },
    /// A new method.
    OperationAdded {
        /// The method.
        operation: OpRef,
        /// Its Rust signature.
        signature: String,
        /// `METHOD /path`.
        endpoint: String,
    },
    /// A method is gone.
    OperationRemoved {
        /// The method.
        operation: OpRef,
        /// Its Rust signature.
        signature: String,
        /// `METHOD /path`.
        endpoint: String,
    },
    /// The same endpoint under a new `operationId`, so a new method name (and builder type).
    OperationRenamed {
        /// The method as it was.
        old: OpRef,
        /// The method as it is.
        new: OpRef,
        /// `METHOD /path`, unchanged.
        endpoint: String,
    },
    /// The same `operationId` under another tag: the method moved to another group.
    OperationMovedGroup {
        /// The method as it was reached.
        old: OpRef,
        /// The method as it is reached.
        new: OpRef,
    },
    /// The same method now calls another path or HTTP method.
    OperationEndpointChanged {
        /// The method.
        operation: OpRef,
        /// `METHOD /path` before.
        old_endpoint: String,
        /// `METHOD /path` after.
        new_endpoint: String,
        /// The builder lost `retry_on_failure` (a POST/PATCH became an idempotent method).
        loses_retry_on_failure: bool,
        /// The builder gained `retry_on_failure` (an idempotent method became a POST/PATCH).
        gains_retry_on_failure: bool,
    },
    /// A new parameter: an argument when required, else a builder method.
    ParamAdded {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Its name on the wire.
        wire_name: String,
        /// `path`, `query` or `header`.
        location: String,
        /// Whether it is an argument.
        required: bool,
        /// Its Rust type.
        ty: String,
    },
    /// A parameter is gone.
    ParamRemoved {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Its name on the wire.
        wire_name: String,
        /// `path`, `query` or `header`.
        location: String,
        /// Whether it was an argument.
        required: bool,
        /// Its Rust type.
        ty: String,
    },
    /// An optional parameter became required: a builder method became an argument.
    ParamMadeRequired {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Its Rust type.
        ty: String,
    },
    /// A required parameter became optional: an argument became a builder method.
    ParamMadeOptional {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Its Rust type.
        ty: String,
    },
    /// A parameter's type changed.
    ParamRetyped {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// The type before.
        old_type: String,
        /// The type after.
        new_type: String,
    },
    /// A parameter moved between path, query and header.
    ParamMovedLocation {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Where it went before.
        old_location: String,
        /// Where it goes now.
        new_location: String,
    },
    /// A parameter's wire name changed without changing its Rust name (`startDate` → `start_date`).
    ParamWireNameChanged {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// The wire name before.
        old_wire_name: String,
        /// The wire name after.
        new_wire_name: String,
    },
    /// A list parameter switched between `a=1,2` and `a=1&a=2`.
    ParamEncodingChanged {
        /// The method.
        operation: OpRef,
        /// The parameter's Rust name.
        param: String,
        /// Whether each item is now its own `name=value` pair.
        explode: bool,
    },
    /// The required arguments are the same but in another order.
    ArgumentsReordered {
        /// The method.
        operation: OpRef,
        /// The arguments before.
        old_order: Vec<String>,
        /// The arguments after.
        new_order: Vec<String>,
    },
    /// A method gained a request body: a new `body` argument.
    BodyAdded {
        /// The method.
        operation: OpRef,
        /// The body's type.
        ty: String,
    },
    /// A method lost its request body argument.
    BodyRemoved {
        /// The method.
        operation: OpRef,
        /// The body's type.
        ty: String,
    },
    /// The `body` argument has another type.
    BodyRetyped {
        /// The method.
        operation: OpRef,
        /// The type before.
        old_type: String,
        /// The type after.
        new_type: String,
    },
    /// `send()` returns another type.
    ResponseTypeChanged {
        /// The method.
        operation: OpRef,
        /// What `send()` returned.
        old_type: String,
        /// What `send()` returns.
        new_type: String,
    },
    /// The answer is wrapped differently on the wire, but `send()` returns the same type.
    ResponseEnvelopeChanged {
        /// The method.
        operation: OpRef,
        /// The envelope before (`bare`, `data`, `list`, `page`).
        old_envelope: String,
        /// The envelope after.
        new_envelope: String,
    },
    /// The list became paginated: a new `.stream()`.
    PaginationAdded {
        /// The method.
        operation: OpRef,
    },
    /// The list is no longer paginated: `.stream()` is gone.
    PaginationRemoved {
        /// The method.
        operation: OpRef,
    },
    /// The offset/limit parameters the stream drives changed.
    PaginationParamsChanged {
        /// The method.
        operation: OpRef,
        /// `offset`/`limit` wire names before.
        old: Vec<String>,
        /// `offset`/`limit` wire names after.
        new: Vec<String>,
    },
    /// The vendor now caps the date range: `send()` splits it into windows, and a `.stream()` appears.
    DateWindowAdded {
        /// The method.
        operation: OpRef,
        /// The cap, in days.
        max_days: u32,
    },
    /// The cap is gone from the spec: no more windows, no more `.stream()`.
    DateWindowRemoved {
        /// The method.
        operation: OpRef,
        /// The cap it had, in days.
        max_days: u32,
    },
    /// The cap changed: windows of another length.
    DateWindowCapChanged {
        /// The method.
        operation: OpRef,
        /// The cap before, in days.
        old_days: u32,
        /// The cap after, in days.
        new_days: u32,
    },
    /// A new struct.
    ModelAdded {
        /// The struct.
        model: String,
        /// `request` (sent only) or `response` (received).
        direction: String,
    },
    /// A struct is gone.
    ModelRemoved {
        /// The struct.
        model: String,
        /// `request` or `response`.
        direction: String,
    },
    /// A struct was removed and one with the same fields added: the type was renamed.
    ModelRenamed {
        /// The name before.
        old: String,
        /// The name after.
        new: String,
    },
    /// A struct is now received as well as sent, or only sent.
    ModelDirectionChanged {
        /// The struct.
        model: String,
        /// `request` or `response` before.
        old: String,
        /// `request` or `response` after.
        new: String,
    },
    /// A new field.
    FieldAdded {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// Its name on the wire.
        wire_name: String,
        /// Its Rust type (without the `Option` of an optional field).
        ty: String,
        /// Whether it is a plain (not `Option`) field and an argument of `new()`.
        required: bool,
        /// `request` or `response`.
        direction: String,
    },
    /// A field is gone.
    FieldRemoved {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// Its name on the wire.
        wire_name: String,
        /// Its Rust type (without the `Option` of an optional field).
        ty: String,
        /// Whether it was required.
        required: bool,
        /// `request` or `response`.
        direction: String,
    },
    /// A field's type changed.
    FieldRetyped {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// The type before.
        old_type: String,
        /// The type after.
        new_type: String,
        /// `request` or `response`.
        direction: String,
    },
    /// A field of a sent struct became required: `Option<T>` → `T`, and `new()` takes it.
    FieldMadeRequired {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// Its type.
        ty: String,
    },
    /// A required field became optional: `T` → `Option<T>`, and `new()` no longer takes it.
    FieldMadeOptional {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// Its type.
        ty: String,
    },
    /// The spec now says the field may be `null`.
    FieldMadeNullable {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// `request` or `response`.
        direction: String,
    },
    /// The spec no longer says the field may be `null`.
    FieldMadeNonNullable {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// `request` or `response`.
        direction: String,
    },
    /// A field's wire name changed without changing its Rust name.
    FieldWireNameChanged {
        /// The struct.
        model: String,
        /// The field's Rust name.
        field: String,
        /// The wire name before.
        old_wire_name: String,
        /// The wire name after.
        new_wire_name: String,
    },
    /// The struct gained a `custom_fields` map.
    CustomFieldsAdded {
        /// The struct.
        model: String,
    },
    /// The struct lost its `custom_fields` map.
    CustomFieldsRemoved {
        /// The struct.
        model: String,
    },
    /// A new enum.
    EnumAdded {
        /// The enum.
        name: String,
        /// Its documented values.
        values: Vec<String>,
    },
    /// An enum is gone.
    EnumRemoved {
        /// The enum.
        name: String,
        /// Its documented values.
        values: Vec<String>,
    },
    /// An enum was removed and one with the same values added: the type was renamed.
    EnumRenamed {
        /// The name before.
        old: String,
        /// The name after.
        new: String,
    },
    /// A new documented value: a new variant.
    EnumValueAdded {
        /// The enum.
        name: String,
        /// The wire value.
        value: String,
        /// The variant.
        variant: String,
    },
    /// A documented value is gone: its variant is gone.
    EnumValueRemoved {
        /// The enum.
        name: String,
        /// The wire value.
        value: String,
        /// The variant.
        variant: String,
    },
    /// The same value under another variant name.
    EnumVariantRenamed {
        /// The enum.
        name: String,
        /// The wire value.
        value: String,
        /// The variant before.
        old_variant: String,
        /// The variant after.
        new_variant: String,
    },
    /// `Client::current_archive()` appears.
    CurrentArchiveAdded {
        /// The operation behind it.
        operation_id: String,
    },
    /// `Client::current_archive()` is gone.
    CurrentArchiveRemoved {
        /// The operation that was behind it.
        operation_id: String,
    },
    /// `Client::current_archive()` asks another operation or reads other fields.
    CurrentArchiveChanged {
        /// The operation before.
        old_operation_id: String,
        /// The operation after.
        new_operation_id: String,
    },
    /// The default base URL changed.
    BaseUrlChanged {
        /// The URL before.
        old: String,
        /// The URL after.
        new: String,
    },
    /// Only the doc comments of an item changed (its summary, description, or a tag's name).
    DocsChanged {
        /// The part of the API the item belongs to.
        area: Area,
        /// The item, as a report names it.
        item: String,
        /// What changed: `summary`, `description`, `tag`.
        parts: Vec<String>,
    },
}

impl ChangeKind {
    /// Whether, and how, the change affects users of the generated crate.
    pub fn impact(&self) -> Impact {
        use ChangeKind::*;
        match self {
            GroupRemoved { .. }
            | GroupMovedHandle { .. }
            | OperationRemoved { .. }
            | OperationRenamed { .. }
            | OperationMovedGroup { .. }
            | ParamRemoved { .. }
            | ParamMadeRequired { .. }
            | ParamMadeOptional { .. }
            | ParamRetyped { .. }
            | ArgumentsReordered { .. }
            | BodyAdded { .. }
            | BodyRemoved { .. }
            | BodyRetyped { .. }
            | ResponseTypeChanged { .. }
            | PaginationRemoved { .. }
            | DateWindowRemoved { .. }
            | ModelRemoved { .. }
            | ModelRenamed { .. }
            | FieldRemoved { .. }
            | FieldRetyped { .. }
            | FieldMadeRequired { .. }
            | FieldMadeOptional { .. }
            | CustomFieldsRemoved { .. }
            | EnumRemoved { .. }
            | EnumRenamed { .. }
            | EnumValueRemoved { .. }
            | EnumVariantRenamed { .. }
            | CurrentArchiveRemoved { .. } => Impact::Breaking,
            OperationEndpointChanged { loses_retry_on_failure: true, .. } => Impact::Breaking,
            ParamAdded { required: true, .. } | FieldAdded { required: true, .. } => Impact::Breaking,
            GroupAdded { .. }
            | OperationAdded { .. }
            | ParamAdded { required: false, .. }
            | PaginationAdded { .. }
            | DateWindowAdded { .. }
            | ModelAdded { .. }
            | FieldAdded { required: false, .. }
            | CustomFieldsAdded { .. }
            | EnumAdded { .. }
            | EnumValueAdded { .. }
            | CurrentArchiveAdded { .. } => Impact::Addition,
            OperationEndpointChanged { gains_retry_on_failure: true, .. } => Impact::Addition,
            OperationEndpointChanged { .. }
            | ParamMovedLocation { .. }
            | ParamWireNameChanged { .. }
            | ParamEncodingChanged { .. }
            | ResponseEnvelopeChanged { .. }
            | PaginationParamsChanged { .. }
            | DateWindowCapChanged { .. }
            | ModelDirectionChanged { .. }
            | FieldMadeNullable { .. }
            | FieldMadeNonNullable { .. }
            | FieldWireNameChanged { .. }
            | CurrentArchiveChanged { .. }
            | BaseUrlChanged { .. }
            | DocsChanged { .. } => Impact::Compatible,
        }
    }

    /// The part of the API the change is about.
    pub fn area(&self) -> Area {
        use ChangeKind::*;
        match self {
            CurrentArchiveAdded { .. }
            | CurrentArchiveRemoved { .. }
            | CurrentArchiveChanged { .. }
            | BaseUrlChanged { .. } => Area::Client,
            GroupAdded { .. } | GroupRemoved { .. } | GroupMovedHandle { .. } => Area::Group,
            ModelAdded { .. }
            | ModelRemoved { .. }
            | ModelRenamed { .. }
            | ModelDirectionChanged { .. }
            | FieldAdded { .. }
            | FieldRemoved { .. }
            | FieldRetyped { .. }
            | FieldMadeRequired { .. }
            | FieldMadeOptional { .. }
            | FieldMadeNullable { .. }
            | FieldMadeNonNullable { .. }
            | FieldWireNameChanged { .. }
            | CustomFieldsAdded { .. }
            | CustomFieldsRemoved { .. } => Area::Model,
            EnumAdded { .. }
            | EnumRemoved { .. }
            | EnumRenamed { .. }
            | EnumValueAdded { .. }
            | EnumValueRemoved { .. }
            | EnumVariantRenamed { .. } => Area::Enum,
            DocsChanged { area, .. } => *area,
            _ => Area::Operation,
        }
    }

    /// The item the change is about, as reports sort and show it (`archive.patients().get_patient()`,
    /// `Patient.email`, `AppointmentState`).
    pub fn subject(&self) -> String {
        use ChangeKind::*;
        match self {
            GroupAdded { handle, accessor, .. } | GroupRemoved { handle, accessor, .. } => {
                format!("{}.{accessor}()", handle.var())
            }
            GroupMovedHandle { accessor, new, .. } => format!("{}.{accessor}()", new.var()),
            OperationAdded { operation, .. }
            | OperationRemoved { operation, .. }
            | OperationEndpointChanged { operation, .. }
            | ArgumentsReordered { operation, .. }
            | BodyAdded { operation, .. }
            | BodyRemoved { operation, .. }
            | BodyRetyped { operation, .. }
            | ResponseTypeChanged { operation, .. }
            | ResponseEnvelopeChanged { operation, .. }
            | PaginationAdded { operation }
            | PaginationRemoved { operation }
            | PaginationParamsChanged { operation, .. }
            | DateWindowAdded { operation, .. }
            | DateWindowRemoved { operation, .. }
            | DateWindowCapChanged { operation, .. } => operation.to_string(),
            OperationRenamed { new, .. } | OperationMovedGroup { new, .. } => new.to_string(),
            ParamAdded { operation, param, .. }
            | ParamRemoved { operation, param, .. }
            | ParamMadeRequired { operation, param, .. }
            | ParamMadeOptional { operation, param, .. }
            | ParamRetyped { operation, param, .. }
            | ParamMovedLocation { operation, param, .. }
            | ParamWireNameChanged { operation, param, .. }
            | ParamEncodingChanged { operation, param, .. } => format!("{operation}:{param}"),
            ModelAdded { model, .. }
            | ModelRemoved { model, .. }
            | ModelDirectionChanged { model, .. }
            | CustomFieldsAdded { model }
            | CustomFieldsRemoved { model } => model.clone(),
            ModelRenamed { new, .. } | EnumRenamed { new, .. } => new.clone(),
            FieldAdded { model, field, .. }
            | FieldRemoved { model, field, .. }
            | FieldRetyped { model, field, .. }
            | FieldMadeRequired { model, field, .. }
            | FieldMadeOptional { model, field, .. }
            | FieldMadeNullable { model, field, .. }
            | FieldMadeNonNullable { model, field, .. }
            | FieldWireNameChanged { model, field, .. } => format!("{model}.{field}"),
            EnumAdded { name, .. }
            | EnumRemoved { name, .. }
            | EnumValueAdded { name, .. }
            | EnumValueRemoved { name, .. }
            | EnumVariantRenamed { name, .. } => name.clone(),
            CurrentArchiveAdded { .. } | CurrentArchiveRemoved { .. } | CurrentArchiveChanged { .. } => {
                "client.current_archive()".to_owned()
            }
            BaseUrlChanged { .. } => "Client::builder().base_url".to_owned(),
            DocsChanged { item, .. } => item.clone(),
        }
    }

    /// One line in Rust terms, with code in backticks (readable as text, rendered by Markdown).
    pub fn message(&self) -> String {
        use ChangeKind::*;
        match self {
            GroupAdded { accessor, type_name, handle } => {
                format!("new group `{}.{accessor}()` (`{type_name}`, module `api::{accessor}`)", handle.var())
            }
            GroupRemoved { accessor, type_name, handle } => {
                format!("group `{}.{accessor}()` removed (`{type_name}`, module `api::{accessor}`)", handle.var())
            }
            GroupMovedHandle { accessor, old, new } => {
                format!("group `{accessor}()` moved from `{}` to `{}`", old.var(), new.var())
            }
            OperationAdded { signature, endpoint, operation } => {
                format!("new method `{signature}` (`{endpoint}`, `{}`)", operation.operation_id)
            }
            OperationRemoved { signature, endpoint, operation } => {
                format!("method `{signature}` removed (`{endpoint}`, `{}`)", operation.operation_id)
            }
            OperationRenamed { old, new, endpoint } => format!(
                "method `{old}` renamed to `{new}` (`{endpoint}`; operationId `{}` → `{}`)",
                old.operation_id, new.operation_id
            ),
            OperationMovedGroup { old, new } => format!("method `{old}` moved to `{new}`"),
            OperationEndpointChanged {
                operation,
                old_endpoint,
                new_endpoint,
                loses_retry_on_failure,
                gains_retry_on_failure,
            } => {
                let retry = if *loses_retry_on_failure {
                    "; the builder loses `retry_on_failure`"
                } else if *gains_retry_on_failure {
                    "; the builder gains `retry_on_failure` and is no longer retried by default"
                } else {
                    ""
                };
                format!("`{operation}` now calls `{new_endpoint}` (was `{old_endpoint}`){retry}")
            }
            ParamAdded { operation, param, wire_name, location, required, ty } => {
                let shape = if *required {
                    format!("argument `{param}: {ty}`")
                } else {
                    format!("builder method `.{param}({ty})`")
                };
                format!("`{operation}`: new {shape} ({location} `{wire_name}`)")
            }
            ParamRemoved { operation, param, wire_name, location, required, ty } => {
                let shape = if *required {
                    format!("argument `{param}: {ty}`")
                } else {
                    format!("builder method `.{param}({ty})`")
                };
                format!("`{operation}`: {shape} removed ({location} `{wire_name}`)")
            }
            ParamMadeRequired { operation, param, ty } => {
                format!("`{operation}`: `{param}` made required: builder method `.{param}({ty})` became an argument")
            }
            ParamMadeOptional { operation, param, ty } => {
                format!("`{operation}`: `{param}` made optional: argument `{param}: {ty}` became a builder method")
            }
            ParamRetyped { operation, param, old_type, new_type } => {
                format!("`{operation}`: `{param}` retyped `{old_type}` → `{new_type}`")
            }
            ParamMovedLocation { operation, param, old_location, new_location } => {
                format!("`{operation}`: `{param}` now goes in the {new_location} (was {old_location})")
            }
            ParamWireNameChanged { operation, param, old_wire_name, new_wire_name } => {
                format!("`{operation}`: `{param}` is sent as `{new_wire_name}` (was `{old_wire_name}`)")
            }
            ParamEncodingChanged { operation, param, explode } => {
                let how = if *explode { "one `name=value` pair per item" } else { "one comma-separated value" };
                format!("`{operation}`: list `{param}` is now sent as {how}")
            }
            ArgumentsReordered { operation, old_order, new_order } => format!(
                "`{operation}`: arguments reordered `({})` → `({})`",
                old_order.join(", "),
                new_order.join(", ")
            ),
            BodyAdded { operation, ty } => format!("`{operation}`: new argument `body: {ty}`"),
            BodyRemoved { operation, ty } => {
                format!("`{operation}`: argument `body: {ty}` removed")
            }
            BodyRetyped { operation, old_type, new_type } => {
                format!("`{operation}`: `body` retyped `{old_type}` → `{new_type}`")
            }
            ResponseTypeChanged { operation, old_type, new_type } => {
                format!("`{operation}`: `send()` returns `{new_type}` (was `{old_type}`)")
            }
            ResponseEnvelopeChanged { operation, old_envelope, new_envelope } => format!(
                "`{operation}`: the answer's envelope changed from `{old_envelope}` to `{new_envelope}`; `send()` returns the same type"
            ),
            PaginationAdded { operation } => {
                format!("`{operation}`: paginated; new `.stream()` over every page")
            }
            PaginationRemoved { operation } => {
                format!("`{operation}`: no longer paginated; `.stream()` removed")
            }
            PaginationParamsChanged { operation, old, new } => {
                format!("`{operation}`: pages by `{}` (was `{}`)", new.join("`/`"), old.join("`/`"))
            }
            DateWindowAdded { operation, max_days } => format!(
                "`{operation}`: the date range is capped at {max_days} days; `send()` splits longer ranges, new `.stream()`"
            ),
            DateWindowRemoved { operation, max_days } => format!(
                "`{operation}`: the {max_days}-day date window is gone; `.stream()` removed and `send()` no longer splits ranges"
            ),
            DateWindowCapChanged { operation, old_days, new_days } => {
                format!("`{operation}`: date window cap {old_days} → {new_days} days")
            }
            ModelAdded { model, direction } => format!("new struct `{model}` ({direction})"),
            ModelRemoved { model, direction } => format!("struct `{model}` removed ({direction})"),
            ModelRenamed { old, new } => format!("struct `{old}` renamed to `{new}` (same fields)"),
            ModelDirectionChanged { model, old, new } => {
                format!("struct `{model}` is now a {new} model (was {old})")
            }
            FieldAdded { model, field, ty, required, direction, .. } => {
                if *required {
                    format!("`{model}`: new required field `{field}: {ty}`; `{model}::new` takes it ({direction})")
                } else {
                    format!("`{model}`: new field `{field}: Option<{ty}>` ({direction})")
                }
            }
            FieldRemoved { model, field, ty, required, direction, .. } => {
                let ty = if *required { ty.clone() } else { format!("Option<{ty}>") };
                format!("`{model}`: field `{field}: {ty}` removed ({direction})")
            }
            FieldRetyped { model, field, old_type, new_type, direction } => {
                format!("`{model}.{field}` retyped `{old_type}` → `{new_type}` ({direction})")
            }
            FieldMadeRequired { model, field, ty } => {
                format!("`{model}.{field}` made required: `Option<{ty}>` → `{ty}`, and `{model}::new` takes it")
            }
            FieldMadeOptional { model, field, ty } => {
                format!(
                    "`{model}.{field}` made optional: `{ty}` → `Option<{ty}>`, and `{model}::new` no longer takes it"
                )
            }
            FieldMadeNullable { model, field, direction } => {
                format!("`{model}.{field}` may now be `null` ({direction}); the Rust type is unchanged")
            }
            FieldMadeNonNullable { model, field, direction } => {
                format!(
                    "`{model}.{field}` is no longer documented as nullable ({direction}); the Rust type is unchanged"
                )
            }
            FieldWireNameChanged { model, field, old_wire_name, new_wire_name } => {
                format!("`{model}.{field}` is read and written as `{new_wire_name}` (was `{old_wire_name}`)")
            }
            CustomFieldsAdded { model } => {
                format!("`{model}`: new field `custom_fields: CustomFields`")
            }
            CustomFieldsRemoved { model } => format!("`{model}`: field `custom_fields` removed"),
            EnumAdded { name, values } => format!("new enum `{name}` ({})", quoted(values)),
            EnumRemoved { name, values } => format!("enum `{name}` removed ({})", quoted(values)),
            EnumRenamed { old, new } => format!("enum `{old}` renamed to `{new}` (same values)"),
            EnumValueAdded { name, value, variant } => format!("`{name}`: new variant `{variant}` (`\"{value}\"`)"),
            EnumValueRemoved { name, value, variant } => {
                format!("`{name}`: variant `{variant}` removed (`\"{value}\"`)")
            }
            EnumVariantRenamed { name, value, old_variant, new_variant } => {
                format!("`{name}`: variant `{old_variant}` renamed to `{new_variant}` (`\"{value}\"`)")
            }
            CurrentArchiveAdded { operation_id } => {
                format!("new `client.current_archive()` (through `{operation_id}`)")
            }
            CurrentArchiveRemoved { operation_id } => {
                format!(
                    "`client.current_archive()` removed (`{operation_id}` no longer returns practiceId and archiveId)"
                )
            }
            CurrentArchiveChanged { old_operation_id, new_operation_id } => {
                format!("`client.current_archive()` now asks `{new_operation_id}` (was `{old_operation_id}`)")
            }
            BaseUrlChanged { old, new } => format!("default base URL `{new}` (was `{old}`)"),
            DocsChanged { item, parts, .. } => {
                format!("documentation of `{item}` changed ({})", parts.join(", "))
            }
        }
    }

    /// Why the change has its [`Impact`], for the report and the docs.
    pub fn reason(&self) -> &'static str {
        use ChangeKind::*;
        match self {
            GroupAdded { .. } => "a new accessor and module; nothing existing changes",
            GroupRemoved { .. } => "code calling the accessor or naming the group struct no longer compiles",
            GroupMovedHandle { .. } => "the accessor is reached from the other handle: every call site changes",
            OperationAdded { .. } => "a new method on a group struct (not a trait): nothing existing changes",
            OperationRemoved { .. } => "callers of the method no longer compile",
            OperationRenamed { .. } => "the method and its builder type take the new operationId's name",
            OperationMovedGroup { .. } => "the method now hangs on another group struct",
            OperationEndpointChanged { loses_retry_on_failure: true, .. } => {
                "the builder's `retry_on_failure` exists only for POST/PATCH; calls to it no longer compile"
            }
            OperationEndpointChanged { gains_retry_on_failure: true, .. } => {
                "the signature is unchanged and `retry_on_failure` is new; note that the request is no longer retried unasked"
            }
            OperationEndpointChanged { .. } => "the Rust signature is unchanged; only the request on the wire differs",
            ParamAdded { required: true, .. } => {
                "required parameters are positional arguments: every call gains an argument"
            }
            ParamAdded { required: false, .. } => {
                "optional parameters are builder methods: a new method, existing calls unchanged"
            }
            ParamRemoved { required: true, .. } => "the argument is gone: every call has one argument too many",
            ParamRemoved { required: false, .. } => "the builder method is gone: calls to it no longer compile",
            ParamMadeRequired { .. } => "a builder method became a positional argument",
            ParamMadeOptional { .. } => "a positional argument became a builder method",
            ParamRetyped { .. } | BodyRetyped { .. } | FieldRetyped { .. } => "values of the old type no longer fit",
            ParamMovedLocation { .. } => "same argument or builder method; only where it is sent changed",
            ParamWireNameChanged { .. } | FieldWireNameChanged { .. } => {
                "the Rust name is derived to the same identifier; only the serde name changed"
            }
            ParamEncodingChanged { .. } => "same Rust type; only the query encoding changed",
            ArgumentsReordered { .. } => {
                "positional arguments changed places: calls fail to compile, or silently swap values of the same type"
            }
            BodyAdded { .. } => "the request body is a positional argument: every call gains one",
            BodyRemoved { .. } => "the `body` argument is gone: every call has one argument too many",
            ResponseTypeChanged { .. } => "code using the returned value as the old type no longer compiles",
            ResponseEnvelopeChanged { .. } => "the runtime unwraps either envelope to the same Rust type",
            PaginationAdded { .. } => "a new `.stream()` method; `send()` is unchanged",
            PaginationRemoved { .. } => "calls to `.stream()` no longer compile",
            PaginationParamsChanged { .. } => "the stream drives other query parameters; the Rust API is unchanged",
            DateWindowAdded { .. } => "a new `.stream()`; `send()` keeps its signature and now splits long ranges",
            DateWindowRemoved { .. } => "calls to `.stream()` no longer compile",
            DateWindowCapChanged { .. } => "the runtime splits ranges by the new cap; the Rust API is unchanged",
            ModelAdded { .. } => "a new type; nothing existing changes",
            ModelRemoved { .. } => "code naming the type no longer compiles",
            ModelRenamed { .. } => "code naming the type must use the new name",
            ModelDirectionChanged { .. } => {
                "the field changes it implies (required ↔ `Option`) are listed on their own; the rest is documentation"
            }
            FieldAdded { required: true, .. } => {
                "`new()` gains an argument (and a struct without required fields loses `Default`)"
            }
            FieldAdded { required: false, .. } => {
                "the struct is `#[non_exhaustive]`: no struct literals or exhaustive patterns elsewhere, so a new `Option` field breaks nothing"
            }
            FieldRemoved { .. } => "the field is public: code reading or setting it no longer compiles",
            FieldMadeRequired { .. } => "`Option<T>` became `T` and `new()` gains an argument",
            FieldMadeOptional { .. } => "`T` became `Option<T>` and `new()` loses an argument",
            FieldMadeNullable { .. } | FieldMadeNonNullable { .. } => {
                "nullability does not change the generated type: received fields are already `Option` (`null` reads as `None`) and sent fields keep their type"
            }
            CustomFieldsAdded { .. } => "a new field of a `#[non_exhaustive]` struct",
            CustomFieldsRemoved { .. } => "the public `custom_fields` field is gone",
            EnumAdded { .. } => "a new type; nothing existing changes",
            EnumRemoved { .. } => "code naming the enum no longer compiles",
            EnumRenamed { .. } => "code naming the enum must use the new name",
            EnumValueAdded { .. } => {
                "enums are `#[non_exhaustive]` with `Unknown(String)`: matches already need a wildcard; the value used to arrive as `Unknown`"
            }
            EnumValueRemoved { .. } => "code naming the variant no longer compiles",
            EnumVariantRenamed { .. } => "code naming the variant must use the new name",
            CurrentArchiveAdded { .. } => "a new method on `Client`",
            CurrentArchiveRemoved { .. } => "calls to `current_archive()` no longer compile",
            CurrentArchiveChanged { .. } => "same method, same return type; it asks another operation",
            BaseUrlChanged { .. } => {
                "clients built without `base_url(…)` talk to the new URL; the Rust API is unchanged"
            }
            DocsChanged { .. } => "doc comments only",
        }
    }
}

/// `"a"`, `"b"` for messages.
fn quoted(values: &[String]) -> String {
    values.iter().map(|value| format!("`\"{value}\"`")).collect::<Vec<_>>().join(", ")
}

/// A classified change, as reports and JSON show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking, addition or compatible.
    pub impact: Impact,
    /// `impact == Breaking`, spelled out for JSON consumers.
    pub breaking: bool,
    /// The part of the API.
    pub area: Area,
    /// The item, in Rust terms.
    pub subject: String,
    /// One line in Rust terms.
    pub message: String,
    /// Why it has its impact.
    pub reason: &'static str,
    /// The typed change (flattened into the JSON object, with its `kind`).
    #[serde(flatten)]
    pub kind: ChangeKind,
}

impl Change {
    /// Classifies `kind`.
    pub fn new(kind: ChangeKind) -> Self {
        let impact = kind.impact();
        Self {
            impact,
            breaking: impact == Impact::Breaking,
            area: kind.area(),
            subject: kind.subject(),
            message: kind.message(),
            reason: kind.reason(),
            kind,
        }
    }
}
