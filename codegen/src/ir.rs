//! The intermediate model: the API as the generated crate sees it, with no OpenAPI types left.
//!
//! Lowering decides everything here — Rust names included — so that emission and `spec-diff` read the same
//! facts. Collections are ordered (document order for groups and operations, name order for models and
//! enums), which keeps the output byte-identical run to run.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

pub use crate::template::Template;

/// The whole API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL.
    pub base_url: String,
    /// Operations grouped by tag, in the order the document declares its tags.
    pub groups: Vec<Group>,
    /// Every struct the operations use, by name.
    pub models: Vec<Model>,
    /// Every enum the operations use, by name.
    pub enums: Vec<Enum>,
    /// The operation that tells which practice and archive the key belongs to, if there is one.
    pub context: Option<ContextSource>,
}

/// Where `Client::current_archive` learns the key's practice and archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSource {
    /// The group holding the operation.
    pub group_accessor: String,
    /// The operation's Rust method name.
    pub method: String,
    /// The operation's id, for error messages.
    pub operation_id: String,
    /// The Rust name of the response field holding the practice id.
    pub practice_field: String,
    /// The Rust name of the response field holding the archive id.
    pub archive_field: String,
    /// The wire name of the field holding the practice id.
    pub practice_wire: String,
    /// The wire name of the field holding the archive id.
    pub archive_wire: String,
}

/// Which handle a group's operations hang on (serialized as `client` / `archive` in spec-diff's JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The client itself: operations that name no archive.
    Client,
    /// An archive handle: the path carries `{practiceId}` and `{archiveId}`, filled from the handle.
    Archive,
}

impl Scope {
    /// The variable a caller holds the handle in, as the README and spec-diff write calls (`client`, `archive`).
    pub fn var(self) -> &'static str {
        match self {
            Scope::Client => "client",
            Scope::Archive => "archive",
        }
    }
}

/// The operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The tag's name in the document.
    pub tag: String,
    /// The tag's description.
    pub description: Option<String>,
    /// The struct that holds the group's methods (`AppointmentsApi`).
    pub type_name: String,
    /// The module the group is emitted in (`appointments`).
    pub module: String,
    /// The accessor on the client or archive handle (`appointments`).
    pub accessor: String,
    /// The kebab-case name a command line gives the group (`booking-reasons`).
    pub command: String,
    /// The handle the group hangs on.
    pub scope: Scope,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
}

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The variant name of the runtime's `Method`.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }

    /// Whether repeating the request is harmless, so the runtime may retry it unasked.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.variant().to_uppercase())
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as it goes on the wire (`/v1/practices/{practiceId}/…`), parsed.
    pub path: Template,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The method on the group (`get_appointments`).
    pub method_name: String,
    /// The request builder's type (`GetAppointments`).
    pub builder: String,
    /// The `static` holding the runtime's description of the operation (`GET_APPOINTMENTS`).
    pub static_name: String,
    /// The parameters, scope parameters first, then in document order.
    pub params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Response,
    /// Set when the list is paginated with offset/limit and `links.next`.
    pub pagination: Option<Pagination>,
    /// Set when the vendor caps the date range the list accepts.
    pub window: Option<DateWindow>,
    /// How sure we are of the method and path (`x-alfadocs-provenance`); `None` where nothing is recorded.
    pub provenance: Option<Provenance>,
    /// The other path templates the operation may live at, to try in order when its path answers 404 or 405
    /// (`x-alfadocs-alternatives`, from docs/spec-provenance.md's evidence; `cargo xtask probe` tries them).
    pub alternatives: Vec<Template>,
    /// Which fields of its request and response bodies are personal data, masked in any body the client logs.
    pub personal: Personal,
    /// What the operation does to which collection, read from its method, path and response.
    pub shape: Shape,
}

/// The personal or health data an operation's bodies carry, from the `x-alfadocs-personal` marks of the models
/// it sends and receives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Personal {
    /// The wire names of the personal fields, at any depth of the bodies.
    pub fields: BTreeSet<String>,
    /// Whether a model the bodies reach has personal custom fields (`_` keys).
    pub custom_fields: bool,
}

impl Personal {
    /// Whether the bodies carry no personal data.
    pub fn is_none(&self) -> bool {
        self.fields.is_empty() && !self.custom_fields
    }
}

/// How sure we are of an operation's method and path, from the provenance data (`x-alfadocs-provenance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// Seen in working code that calls the live API.
    Seen,
    /// Inferred from a seen segment, the vendor's naming, or REST convention.
    Inferred,
    /// A guess.
    Guessed,
}

impl Provenance {
    /// The variant name of the runtime's `Provenance`.
    pub fn variant(self) -> &'static str {
        match self {
            Provenance::Seen => "Seen",
            Provenance::Inferred => "Inferred",
            Provenance::Guessed => "Guessed",
        }
    }
}

/// What an operation does: the generic behaviour of a collection, or behaviour of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `GET` on a collection path, answering a list or a page of its items.
    List(Collection),
    /// `POST` on a collection path.
    Create(Collection),
    /// `GET` on an item path, answering one object.
    Read(Collection),
    /// `PATCH`/`PUT` on an item path.
    Update(Collection),
    /// `DELETE` on an item path.
    Delete(Collection),
    /// Not a collection operation (the key's context, a status, a search, a download).
    Other,
}

impl Shape {
    /// The collection of a CRUD shape.
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

/// A collection of records, named by its path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// The collection's last path segment (`phone-numbers`): the kind of record it holds, whichever parent
    /// it is reached through.
    pub name: String,
    /// The collection's path template, shared by its list, create, read, update and delete.
    pub path: Template,
    /// The path parameter naming one item, when the API has item paths under the collection.
    pub item_param: Option<String>,
    /// The path parameters of the parent records the collection is nested in, outermost first (scope
    /// parameters excluded).
    pub parent_params: Vec<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// Substituted into the path template.
    Path,
    /// Added to the query string.
    Query,
    /// Sent as a header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name of the argument or builder method.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the caller must give it (required parameters are method arguments).
    pub required: bool,
    /// Its type.
    pub ty: Type,
    /// The spec's description.
    pub description: Option<String>,
    /// Filled from the archive handle rather than given by the caller.
    pub from_scope: bool,
    /// For a list in the query: one `name=value` pair per item rather than one comma-separated value.
    pub explode: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The body's type (a model).
    pub ty: Type,
    /// The spec's description.
    pub description: Option<String>,
}

/// How a success answer is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// What a success returns to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Nothing worth reading.
    Empty,
    /// Raw bytes (a file download).
    Bytes {
        /// The documented media type of the bytes, asked for in the `Accept` header.
        media_type: String,
    },
    /// JSON: the value of type `ty` inside `envelope` (for `List` and `Page`, `ty` is the item type).
    Json {
        /// The wrapping the rule recognised.
        envelope: Envelope,
        /// The value's type, or the item type of a list or page.
        ty: Type,
    },
}

/// Offset/limit pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The query parameter carrying the offset.
    pub offset_param: String,
    /// The query parameter carrying the page size.
    pub limit_param: String,
}

/// A capped date range that the client splits into windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWindow {
    /// The largest range the vendor accepts, in days.
    pub max_days: u32,
    /// The Rust name of the start-date parameter.
    pub start_param: String,
    /// The Rust name of the end-date parameter.
    pub end_param: String,
    /// The wire name of the start-date parameter.
    pub start_wire: String,
    /// The wire name of the end-date parameter.
    pub end_wire: String,
    /// The range the list covers when the caller gives no dates, as the description states it.
    pub default: Option<DefaultRange>,
    /// The Rust name of the item field that tells one item from another (`id`), by which an item seen in two
    /// windows (edited between two requests) is yielded once; `None` when the item has no such field.
    pub dedupe_by: Option<String>,
}

/// The dates a windowed list covers when given none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DefaultRange {
    /// The last N days, today included ("the last 31 calendar days").
    LastDays(u32),
    /// From today to the coming Sunday plus N days ("from current date to Sunday +14 days").
    TodayToSundayPlus(u32),
}

/// A type as the generated code spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// `bool`
    Bool,
    /// `i64`
    Int,
    /// `f64`
    Number,
    /// `String`
    String,
    /// `NaiveDate`, written `YYYY-MM-DD`.
    Date,
    /// `NaiveDateTime`, written `YYYY-MM-DD HH:MM:SS` (local time, no zone).
    DateTime,
    /// `Vec<u8>`, base64 on the wire.
    Bytes,
    /// Any JSON (serde_json's `Value`): the spec says nothing usable.
    Json,
    /// `Vec<T>`
    List(Box<Type>),
    /// `BTreeMap<String, T>`; an empty map may arrive as `[]`.
    Map(Box<Type>),
    /// A generated struct, by name.
    Model(String),
    /// A generated enum, by name.
    Enum(String),
}

/// The one spelling of a type: the generated code's (emit parses it into tokens, `spec-diff` quotes it), with
/// the names the generated files import (`NaiveDate`, `BTreeMap`, serde_json's `Value`).
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("i64"),
            Type::Number => f.write_str("f64"),
            Type::String => f.write_str("String"),
            Type::Date => f.write_str("NaiveDate"),
            Type::DateTime => f.write_str("NaiveDateTime"),
            Type::Bytes => f.write_str("Vec<u8>"),
            Type::Json => f.write_str("Value"),
            Type::List(item) => write!(f, "Vec<{item}>"),
            Type::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            Type::Model(name) | Type::Enum(name) => f.write_str(name),
        }
    }
}

/// Whether a model is sent, received, or both — received models tolerate every field missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// Only sent in request bodies: required fields are required.
    Request,
    /// Received (possibly also sent): every field is optional.
    Response,
}

/// A struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// The module (and file) under `src/models/` (`care_plan`).
    pub module: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The fields, in document order.
    pub fields: Vec<Field>,
    /// Holds the vendor's `_underscore` custom fields in a map.
    pub custom_fields: Option<CustomFields>,
    /// Sent, received or both.
    pub direction: Direction,
    /// How a JSON object becomes the struct.
    pub reading: Reading,
}

/// How a struct is read from a JSON object, decided in `lower/types.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reading {
    /// serde's derived `Deserialize`.
    Derived,
    /// Key by key through the runtime's `wire::object::ReadFields`: each known key by its field's [`Codec`],
    /// the rest into the custom fields (or skipped), without buffering the object as `#[serde(flatten)]` would.
    /// For every model without a required field (it starts from `Default`); the derive is kept for the others.
    KeyByKey,
}

/// The custom-fields map of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomFields {
    /// The sample custom fields the spec lists, with their descriptions, for the doc comment.
    pub samples: Vec<(String, Option<String>)>,
    /// Whether the custom fields hold personal data (`x-alfadocs-personal` on a sample): masked in logs.
    pub personal: bool,
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Its type (without the `Option` that an optional field adds).
    pub ty: Type,
    /// Whether it must be present (only ever true in request-only models).
    pub required: bool,
    /// Whether the spec says it may be `null`.
    pub nullable: bool,
    /// How the value is read and written (rules `lenient-scalars`, `php-zero-dates`, `php-empty-map`,
    /// `php-sparse-lists`).
    pub codec: Codec,
    /// How the vendor writes the value, where it differs from its type (rule `quoted-scalars`).
    pub wire: WireForm,
    /// The name request bodies send this received field under, where it differs (rule `sent-as`).
    pub sent_as: Option<String>,
    /// The spec's description.
    pub description: Option<String>,
    /// Whether the value is personal or health data (`x-alfadocs-personal`): masked in any body the client logs.
    pub personal: bool,
}

/// How a field's value is read from and written to JSON, decided in `lower/types.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Codec {
    /// serde's derived form of the type.
    Derived,
    /// The runtime's `wire::lenient`: the vendor's other forms read (`"30"`, `""`, a PHP zero date, `[]`), the
    /// documented form written (a date-time as `YYYY-MM-DD HH:MM:SS`).
    Lenient,
    /// The runtime's `wire::base64`: bytes as a base64 string.
    Base64,
}

/// How the vendor writes a field's value on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WireForm {
    /// As its type says.
    Plain,
    /// A number or boolean inside a JSON string (`"30"`, `"false"`), as the vendor's samples show.
    Quoted,
}

/// An enum that keeps values it does not know (`Other(String)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// The Rust type name.
    pub name: String,
    /// The module (and file) under `src/models/`.
    pub module: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The documented values, in document order.
    pub variants: Vec<Variant>,
}

/// One documented value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub rust_name: String,
}

impl Api {
    /// The model called `name`.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }

    /// The documented values of an enum type, or of the items of a list of one (empty for other types).
    pub fn enum_values(&self, ty: &Type) -> Vec<&str> {
        match ty {
            Type::Enum(name) => self
                .enums
                .iter()
                .find(|item| &item.name == name)
                .map(|item| item.variants.iter().map(|variant| variant.wire.as_str()).collect())
                .unwrap_or_default(),
            Type::List(item) => self.enum_values(item),
            _ => Vec::new(),
        }
    }

    /// Whether any group hangs on the archive handle: without one, the crate has no `Archive`.
    pub fn has_archive(&self) -> bool {
        self.groups.iter().any(|group| group.scope == Scope::Archive)
    }

    /// Every operation, in group order.
    pub fn operations(&self) -> impl Iterator<Item = (&Group, &Operation)> {
        self.groups.iter().flat_map(|group| group.operations.iter().map(move |operation| (group, operation)))
    }
}
