//! A static description of the API, for programs that interpret it at run time instead of calling typed
//! methods: the fake server (`alfadocs-fake`) serves it and the command line builds its commands from it.
//!
//! The generator writes one [`ApiDescription`] into the generated crate (`alfadocs::description::API`) from
//! the same lowered model the typed client is emitted from, so the client, the fake and the command line
//! cannot disagree about an operation, a parameter, an envelope or a field's wire form. Everything here is
//! plain `'static` data (slices, string slices and `Copy` enums): reading it allocates nothing.

use crate::Method;
use crate::operation::{Personal, Provenance};

/// The whole API.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApiDescription {
    /// The document's title (`info.title`).
    pub title: &'static str,
    /// The document's version (`info.version`).
    pub version: &'static str,
    /// The production server's URL, without a trailing slash.
    pub base_url: &'static str,
    /// Operations grouped by tag, in the document's tag order.
    pub groups: &'static [Group],
    /// Every struct the operations use, by name.
    pub models: &'static [Model],
    /// Every enum the operations use, by name.
    pub enums: &'static [Enum],
    /// Which operation tells the key's practice and archive, if there is one.
    pub context: Option<Context>,
}

/// Where the key's practice and archive are learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The operation's id.
    pub operation_id: &'static str,
    /// The response field holding the practice id.
    pub practice_field: &'static str,
    /// The response field holding the archive id.
    pub archive_field: &'static str,
}

/// Which handle a group's operations hang on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The client itself: the path names no archive.
    Client,
    /// An archive: the path carries the practice and archive ids, filled from the handle.
    Archive,
}

/// The operations of one tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    /// The tag's name in the document (`Appointments`).
    pub tag: &'static str,
    /// The accessor on the client or archive handle (`appointments`).
    pub accessor: &'static str,
    /// The kebab-case name a command line uses for the group (`booking-reasons`).
    pub command: &'static str,
    /// The tag's description.
    pub description: Option<&'static str>,
    /// The handle the group hangs on.
    pub scope: Scope,
    /// The operations, in document order.
    pub operations: &'static [Operation],
}

/// One operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// The Rust method on the group (`get_appointments`).
    pub method_name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template as it goes on the wire (`/v1/practices/{practiceId}/…`).
    pub path: &'static str,
    /// `summary`.
    pub summary: Option<&'static str>,
    /// `description`.
    pub description: Option<&'static str>,
    /// What the operation does to which collection, or [`Shape::Other`].
    pub shape: Shape,
    /// The parameters, scope parameters first, then in document order.
    pub params: &'static [Param],
    /// The type of the JSON request body (a [`Type::Model`] in this API), if there is one.
    pub body: Option<Type>,
    /// What a success returns.
    pub response: Response,
    /// Set when the list is paged with offset/limit and `links.next`.
    pub pagination: Option<Pagination>,
    /// Set when the vendor caps the date range the list accepts.
    pub window: Option<DateWindow>,
    /// How sure we are of the method and path: a 404 or 405 on one not seen in traffic says so.
    pub provenance: Provenance,
    /// Which fields of its request and response bodies are personal data, masked in any body the client logs.
    pub personal: Personal,
}

/// What an operation does, read from its method, its path and its response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `GET` on a collection: its items, in a list or a page.
    List(Collection),
    /// `POST` on a collection: a new item.
    Create(Collection),
    /// `GET` on an item of a collection.
    Read(Collection),
    /// `PATCH`/`PUT` on an item: the fields sent change, the others stay.
    Update(Collection),
    /// `DELETE` on an item.
    Delete(Collection),
    /// Anything else (the key's context, a status, a search, a download): behaviour of its own.
    Other,
}

impl Shape {
    /// The collection a list, create, read, update or delete works on.
    pub fn collection(&self) -> Option<&Collection> {
        match self {
            Shape::List(collection)
            | Shape::Create(collection)
            | Shape::Read(collection)
            | Shape::Update(collection)
            | Shape::Delete(collection) => Some(collection),
            Shape::Other => None,
        }
    }
}

/// A collection of records, known from the paths that reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Collection {
    /// The collection's last path segment (`phone-numbers`): the kind of record it holds, whichever parent
    /// path it is reached through (care-plan entries are listed under an appointment and read under a care
    /// plan).
    pub name: &'static str,
    /// The collection's path template (`/v1/…/patients/{patientId}/phone-numbers`): the same for its list,
    /// create, read, update and delete, so it names the collection.
    pub path: &'static str,
    /// The path parameter naming one item (`phoneNumberId`), when the API has item paths for it.
    pub item_param: Option<&'static str>,
    /// The path parameters naming the parent records it is nested in (`patientId`), outermost first; the
    /// scope's practice and archive ids are not among them. The vendor's records carry their parent's id in a
    /// field of the same name.
    pub parent_params: &'static [&'static str],
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// Substituted into the path template.
    Path,
    /// Added to the query string.
    Query,
    /// Sent as a header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: &'static str,
    /// The Rust name of the argument or builder method.
    pub rust_name: &'static str,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: Type,
    /// The documented values, when the type is an enum or a list of one.
    pub values: &'static [&'static str],
    /// The spec's description.
    pub description: Option<&'static str>,
    /// Filled from the archive handle rather than given by the caller.
    pub from_scope: bool,
    /// For a list in the query: one `name=value` pair per item rather than one comma-separated value.
    pub explode: bool,
}

/// A value's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// A boolean.
    Bool,
    /// A whole number.
    Int,
    /// A decimal number.
    Number,
    /// Text.
    String,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A local date and time without a zone, `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// Bytes, base64 on the wire.
    Bytes,
    /// Any JSON: the spec says nothing usable.
    Json,
    /// A list of values.
    List(&'static Type),
    /// A map from text keys to values; the vendor writes an empty one as `[]`.
    Map(&'static Type),
    /// A struct of [`ApiDescription::models`], by name.
    Model(&'static str),
    /// An enum of [`ApiDescription::enums`], by name.
    Enum(&'static str),
}

/// How a success answer is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Envelope {
    /// The body is the value.
    Bare,
    /// `{"status": …, "data": value}`.
    Data,
    /// `{"status": …, "count": n, "data": [values]}`.
    List,
    /// `{"links": …, "total": n, "offset": o, "limit": l, "results": [values]}`.
    Page,
}

/// What a success returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// Nothing worth reading.
    Empty,
    /// Raw bytes (a file download) of the documented media type.
    Bytes {
        /// The media type, asked for in `Accept`.
        media_type: &'static str,
    },
    /// JSON: a value of `ty` inside `envelope` (for `List` and `Page`, `ty` is the item type).
    Json {
        /// The wrapping.
        envelope: Envelope,
        /// The value's type, or the item type of a list or page.
        ty: Type,
    },
}

/// Offset/limit pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// The query parameter carrying the offset (wire name).
    pub offset_param: &'static str,
    /// The query parameter carrying the page size (wire name).
    pub limit_param: &'static str,
}

/// A date range the vendor refuses beyond `max_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWindow {
    /// The largest range accepted, in days.
    pub max_days: u32,
    /// The query parameter of the range's start (wire name).
    pub start_param: &'static str,
    /// The query parameter of the range's end (wire name).
    pub end_param: &'static str,
    /// The range the list covers when the caller gives no dates, as the vendor's page states it.
    pub default: Option<DefaultRange>,
}

/// The dates a windowed list covers when given none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefaultRange {
    /// The last N days, today included ("the last 31 calendar days").
    LastDays(u32),
    /// From today to the coming Sunday plus N days ("from current date to Sunday +14 days").
    TodayToSundayPlus(u32),
}

/// Whether a model is only sent, or also received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Only sent in request bodies: required fields are required.
    Request,
    /// Received (possibly also sent): any field may be missing.
    Response,
}

/// A struct.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    /// The Rust type name.
    pub name: &'static str,
    /// The spec's description.
    pub description: Option<&'static str>,
    /// The fields, in document order.
    pub fields: &'static [Field],
    /// Whether the model carries the archive's own `_…` custom fields besides these.
    pub custom_fields: bool,
    /// Sent, or received.
    pub direction: Direction,
}

/// How the vendor writes a field's value, where it differs from the value's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WireForm {
    /// As its type says: a number as a JSON number, a boolean as `true`/`false`.
    Plain,
    /// A number or boolean inside a JSON string (`"30"`, `"125.12"`, `"false"`), as the vendor's samples show.
    Quoted,
}

/// A field of a struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: &'static str,
    /// The Rust name.
    pub rust_name: &'static str,
    /// Its type.
    pub ty: Type,
    /// Whether it must be present (only ever true in request-only models).
    pub required: bool,
    /// Whether the spec says it may be `null`.
    pub nullable: bool,
    /// How the vendor writes it.
    pub wire: WireForm,
    /// The name request bodies send this received field under, where it differs (patients are read with
    /// `dateBirth` and sent with `dateOfBirth`).
    pub sent_as: Option<&'static str>,
    /// The spec's description.
    pub description: Option<&'static str>,
}

/// An enum whose documented values are not all the vendor sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enum {
    /// The Rust type name.
    pub name: &'static str,
    /// The spec's description.
    pub description: Option<&'static str>,
    /// The documented values, in document order.
    pub values: &'static [&'static str],
}

impl ApiDescription {
    /// Every operation with its group, in group order.
    pub fn operations(&self) -> impl Iterator<Item = (&'static Group, &'static Operation)> + use<> {
        let groups: &'static [Group] = self.groups;
        groups.iter().flat_map(|group| group.operations.iter().map(move |operation| (group, operation)))
    }

    /// The operation whose id is `id`.
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.operations().map(|(_, operation)| operation).find(|operation| operation.id == id)
    }

    /// The model called `name`.
    pub fn model(&self, name: &str) -> Option<&'static Model> {
        let models: &'static [Model] = self.models;
        models.iter().find(|model| model.name == name)
    }

    /// The enum called `name`.
    pub fn enumeration(&self, name: &str) -> Option<&'static Enum> {
        let enums: &'static [Enum] = self.enums;
        enums.iter().find(|item| item.name == name)
    }
}

impl Model {
    /// The field whose wire name is `wire_name`.
    pub fn field(&self, wire_name: &str) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|field| field.wire_name == wire_name)
    }
}

impl Operation {
    /// The parameter whose wire name is `wire_name`.
    pub fn param(&self, wire_name: &str) -> Option<&'static Param> {
        let params: &'static [Param] = self.params;
        params.iter().find(|param| param.wire_name == wire_name)
    }
}
