//! Schemas to IR types: scalars, lists, maps, structs and open enums, with the wire-format rules that
//! decide how each is read.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, Components, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType,
    VariantOrUnknownOrEmpty,
};

use super::annotations;
use super::names::{module, pascal, snake};
use crate::error::Result;
use crate::ir::{Codec, CustomFields, Direction, Enum, Field, Model, Reading, Type, Variant};
use crate::repair::types::local_date_time;
use crate::report::{Report, Rule, Stage};
use crate::source::{SourceMap, child};

/// Booleans and numbers arrive as strings, and `""` stands for absent.
pub static LENIENT_SCALARS: Rule = Rule {
    name: "lenient-scalars",
    stage: Stage::Lower,
    code: file!(),
    summary: "boolean and number fields of received models (and the items of their lists and maps) accept \
              `\"true\"`/`\"0\"`/`\"125.12\"` and read `\"\"` as absent; text fields accept a number as its text",
    evidence: "booking reasons send `\"duration\": \"30\"`, `\"price\": \"125.12\"`; signature status sends \
               `\"isSigned\": \"false\"`; request samples send `\"emailReminderPossible\": \"true\"`; PHP writes \
               whichever of the two forms the value had, so text is read from a number for the same reason",
};

/// PHP's "no date" placeholders.
pub static PHP_ZERO_DATES: Rule = Rule {
    name: "php-zero-dates",
    stage: Stage::Lower,
    code: file!(),
    summary: "date and date-time fields of received models read PHP zero dates (`0000-00-00`, `-0001-11-30`, with \
              or without a time) and `\"\"` as absent; the same reader (`runtime/src/wire/dates.rs`) also takes \
              the other forms a date-time arrives in (a `T`, minutes only, a zone it drops, a date alone)",
    evidence: "patient `dateBirth` is sometimes a PHP zero date starting with `-` (RobyJB alfadocs_patients_sync.py \
               and its SQL dump; docs/spec-provenance.md, overlay action 26)",
};

/// PHP's `json_encode` writes an empty map as `[]`.
pub static PHP_EMPTY_MAP: Rule = Rule {
    name: "php-empty-map",
    stage: Stage::Lower,
    code: file!(),
    summary: "map-typed fields (additionalProperties) of received models read `[]` as an empty map and `\"\"` as absent",
    evidence: "care plan `schemeCodes` arrives as `[]` when empty (RobyJB alfadocs_careplan_sync.py handles \"a list, even empty\")",
};

/// PHP's `json_encode` writes an array whose keys are not `0..n` as an object.
pub static PHP_SPARSE_LISTS: Rule = Rule {
    name: "php-sparse-lists",
    stage: Stage::Lower,
    code: file!(),
    summary: "list fields of received models whose items are scalars, dates, maps or such lists also read an object with numeric \
              keys (`{\"0\": …, \"2\": …}`) as the list of its values, and `\"\"` as absent",
    evidence: "no vendor sample shows it; it is how PHP encodes a list after `array_filter`, and the client has read \
               it since its first release (`runtime/src/wire/collections.rs`), so the rule records that tolerance",
};

/// Enums grow without notice, and `null` shows up where the spec lists values.
pub static OPEN_ENUMS: Rule = Rule {
    name: "open-enums",
    stage: Stage::Lower,
    code: file!(),
    summary: "string enums keep values outside the documented list (`Unknown(String)`) instead of failing the record",
    evidence: "appointment `state` is `null` for most future appointments and the type list gained `inPractice` \
               between versions (RobyJB SQL dump of ~3,100 appointments)",
};

/// Custom fields are the archive's own, named with a leading underscore.
pub static CUSTOM_FIELDS: Rule = Rule {
    name: "custom-fields",
    stage: Stage::Lower,
    code: file!(),
    summary: "properties named `_…` are replaced by a `custom_fields` map that keeps every `_…` key losslessly",
    evidence: "the reference page: \"Custom fields have an underscore as prefix\"; `_sampleCustomField` stands for \
               whatever fields the practice defined",
};

/// Real records are full of placeholders and gaps.
pub static TOLERANT_RESPONSES: Rule = Rule {
    name: "tolerant-responses",
    stage: Stage::Lower,
    code: file!(),
    summary: "every field of a received model is optional, so one odd record never fails a whole page",
    evidence: "deleted patients come back with \"only some data\"; real patients hold empty and placeholder values \
               (RobyJB alfadocs_patients_sync.py)",
};

/// The schema lowering state: every struct and enum met so far.
pub(super) struct Types<'a> {
    components: Option<&'a Components>,
    source: &'a SourceMap,
    models: BTreeMap<String, Model>,
    enums: BTreeMap<String, Enum>,
    /// The enum lowered from the schema at each pointer: a schema the spec shares (a path item's parameter, a
    /// component parameter) gives one enum, and every other place its own, named for the place.
    enums_by_place: BTreeMap<String, Type>,
    component_types: BTreeMap<String, Type>,
    in_progress: BTreeSet<String>,
    response_roots: Vec<Type>,
    request_roots: Vec<Type>,
}

impl<'a> Types<'a> {
    pub(super) fn new(components: Option<&'a Components>, source: &'a SourceMap) -> Self {
        Self {
            components,
            source,
            models: BTreeMap::new(),
            enums: BTreeMap::new(),
            enums_by_place: BTreeMap::new(),
            component_types: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            response_roots: Vec::new(),
            request_roots: Vec::new(),
        }
    }

    /// The map of the document being lowered, for errors.
    pub(super) fn source(&self) -> &'a SourceMap {
        self.source
    }

    /// Lowers every component schema first, so that shared things get the component's name rather than the
    /// name of the first operation that happens to use them.
    pub(super) fn lower_components(&mut self, report: &mut Report) -> Result<()> {
        let Some(components) = self.components else { return Ok(()) };
        for name in components.schemas.keys() {
            self.component(name, "", report)?;
        }
        Ok(())
    }

    /// Notes that values of `ty` are received, so every struct reachable from it is tolerant.
    pub(super) fn received(&mut self, ty: &Type) {
        self.response_roots.push(ty.clone());
    }

    /// Notes that values of `ty` are sent (parameters, bodies).
    pub(super) fn sent(&mut self, ty: &Type) {
        self.request_roots.push(ty.clone());
    }

    /// The names of the structs and enums reachable from `roots`.
    fn reachable(&self, roots: &[Type]) -> BTreeSet<String> {
        let mut pending: Vec<Type> = roots.to_vec();
        let mut seen = BTreeSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::List(inner) | Type::Map(inner) => pending.push(*inner),
                Type::Model(name) => {
                    if seen.insert(name.clone())
                        && let Some(model) = self.models.get(&name)
                    {
                        pending.extend(model.fields.iter().map(|field| field.ty.clone()));
                    }
                }
                Type::Enum(name) => {
                    seen.insert(name);
                }
                _ => {}
            }
        }
        seen
    }

    /// The schema at `pointer` as a type; `hint` names it if it needs a new struct or enum.
    pub(super) fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
        report: &mut Report,
    ) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, report),
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer, report),
        }
    }

    /// [`Types::schema`] for the boxed schemas openapiv3 uses inside objects and arrays.
    fn boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
        report: &mut Report,
    ) -> Result<Type> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, report),
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer, report),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str, report: &mut Report) -> Result<Type> {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            return Err(self.source.error(
                pointer,
                format!("unsupported reference `{reference}`: only #/components/schemas/… may be used here"),
            ));
        };
        self.component(name, pointer, report)
    }

    fn component(&mut self, name: &str, pointer: &str, report: &mut Report) -> Result<Type> {
        if let Some(ty) = self.component_types.get(name) {
            return Ok(ty.clone());
        }
        let rust_name = pascal(name);
        if self.in_progress.contains(name) {
            // A struct that (indirectly) contains itself: the reference is to the struct being built.
            return Ok(Type::Model(rust_name));
        }
        let schema = self
            .components
            .and_then(|components| components.schemas.get(name))
            .ok_or_else(|| self.source.error(pointer, format!("reference to the missing schema `{name}`")))?;
        let schema_pointer = child("/components/schemas", name);
        self.in_progress.insert(name.to_owned());
        let ty = self.schema(schema, &rust_name, &schema_pointer, report);
        self.in_progress.remove(name);
        let ty = ty?;
        self.component_types.insert(name.to_owned(), ty.clone());
        Ok(ty)
    }

    fn inline(&mut self, schema: &Schema, hint: &str, pointer: &str, report: &mut Report) -> Result<Type> {
        let description = schema.schema_data.description.clone();
        match &schema.schema_kind {
            SchemaKind::Type(OaType::Boolean(_)) => Ok(Type::Bool),
            SchemaKind::Type(OaType::Integer(_)) => Ok(Type::Int),
            SchemaKind::Type(OaType::Number(_)) => Ok(Type::Number),
            SchemaKind::Type(OaType::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    return Ok(self.enumeration(hint, description, values, pointer));
                }
                // The repair rule `local-date-time` marks the vendor's date-times; an RFC 3339 `date-time`
                // never reaches here.
                let (marker, local) = local_date_time::MARKER;
                if schema.schema_data.extensions.get(marker).is_some_and(|value| value == local) {
                    return Ok(Type::DateTime);
                }
                Ok(match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Type::Bytes,
                    _ => Type::String,
                })
            }
            SchemaKind::Type(OaType::Array(array)) => {
                let item = match &array.items {
                    Some(items) => self.boxed(items, &format!("{hint}Item"), &child(pointer, "items"), report)?,
                    None => Type::Json,
                };
                Ok(Type::List(Box::new(item)))
            }
            SchemaKind::Type(OaType::Object(object)) => self.object(object, hint, description, pointer, report),
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let object = ObjectType {
                    properties: any.properties.clone(),
                    required: any.required.clone(),
                    additional_properties: any.additional_properties.clone(),
                    min_properties: any.min_properties,
                    max_properties: any.max_properties,
                };
                self.object(&object, hint, description, pointer, report)
            }
            SchemaKind::Any(any) if any.items.is_some() => {
                let item = match &any.items {
                    Some(items) => self.boxed(items, &format!("{hint}Item"), &child(pointer, "items"), report)?,
                    None => Type::Json,
                };
                Ok(Type::List(Box::new(item)))
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.all_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {
                Ok(Type::Json)
            }
            SchemaKind::Any(_) | SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                Err(self.source.error(
                    pointer,
                    "unsupported schema: oneOf/allOf/anyOf/not are not used by this API and the generator does not lower them",
                ))
            }
        }
    }

    fn object(
        &mut self,
        object: &ObjectType,
        hint: &str,
        description: Option<String>,
        pointer: &str,
        report: &mut Report,
    ) -> Result<Type> {
        if object.properties.is_empty() {
            return match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let value =
                        self.schema(value, &format!("{hint}Value"), &child(pointer, "additionalProperties"), report)?;
                    Ok(Type::Map(Box::new(value)))
                }
                _ => Ok(Type::Json),
            };
        }
        let name = self.unique_model_name(hint);
        // Reserve the name before lowering the fields, which may create more structs.
        self.models.insert(
            name.clone(),
            Model {
                name: name.clone(),
                module: module(&name),
                description: None,
                fields: Vec::new(),
                custom_fields: None,
                direction: Direction::Request,
                reading: Reading::Derived,
            },
        );
        let mut fields = Vec::new();
        let mut custom = Vec::new();
        let mut custom_personal = false;
        let properties = child(pointer, "properties");
        for (wire_name, property) in &object.properties {
            let property_pointer = child(&properties, wire_name);
            let property_description = match property {
                ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let personal = match property {
                ReferenceOr::Item(schema) => {
                    annotations::personal(self.source, &schema.schema_data.extensions, &property_pointer)?
                }
                ReferenceOr::Reference { .. } => false,
            };
            if wire_name.starts_with('_') {
                custom_personal |= personal;
                report.touched(&CUSTOM_FIELDS, property_pointer);
                custom.push((wire_name.clone(), property_description));
                continue;
            }
            let nullable = matches!(property, ReferenceOr::Item(schema) if schema.schema_data.nullable);
            let field_hint = format!("{name}{}", pascal(wire_name));
            let ty = self.boxed(property, &field_hint, &property_pointer, report)?;
            let wire = super::wire::form(property, &ty, &property_pointer, report);
            let sent_as = super::wire::sent_as(property, &property_pointer, report);
            fields.push(Field {
                rust_name: snake(wire_name),
                wire_name: wire_name.clone(),
                ty,
                required: object.required.contains(wire_name),
                nullable,
                codec: Codec::Derived,
                wire,
                sent_as,
                description: property_description,
                personal,
            });
        }
        dedupe_field_names(&mut fields);
        let custom_fields = (!custom.is_empty()).then_some(CustomFields { samples: custom, personal: custom_personal });
        self.models.insert(
            name.clone(),
            Model {
                name: name.clone(),
                module: module(&name),
                description,
                fields,
                custom_fields,
                direction: Direction::Request,
                reading: Reading::Derived,
            },
        );
        Ok(Type::Model(name))
    }

    fn unique_model_name(&self, hint: &str) -> String {
        let base = pascal(hint);
        let mut name = base.clone();
        let mut n = 2;
        while self.models.contains_key(&name) || self.enums.contains_key(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// The enum of the schema at `pointer`, named `hint` (its place: `AppointmentState` for a model's field,
    /// `GetAppointmentsState` for an operation's parameter, the component's name for a `$ref`): two places share
    /// an enum only where the spec shares the schema, so a change to one place's values renames nothing.
    fn enumeration(&mut self, hint: &str, description: Option<String>, values: Vec<String>, pointer: &str) -> Type {
        if let Some(ty) = self.enums_by_place.get(pointer) {
            return ty.clone();
        }
        let name = self.unique_model_name(hint);
        let mut variants: Vec<Variant> =
            values.iter().map(|wire| Variant { wire: wire.clone(), rust_name: pascal(wire) }).collect();
        dedupe_variant_names(&mut variants);
        self.enums.insert(name.clone(), Enum { name: name.clone(), module: module(&name), description, variants });
        let ty = Type::Enum(name);
        self.enums_by_place.insert(pointer.to_owned(), ty.clone());
        ty
    }

    /// Marks received structs, relaxes their fields, decides how each field and struct is read and written
    /// (recording the wire rules at each field they shape), and hands over the structs and enums the operations
    /// use (component schemas no operation reaches are left out).
    pub(super) fn finish(mut self, report: &mut Report) -> (Vec<Model>, Vec<Enum>) {
        let received = self.reachable(&self.response_roots);
        let mut used = self.reachable(&self.request_roots);
        used.extend(received.iter().cloned());
        self.models.retain(|name, _| used.contains(name));
        self.enums.retain(|name, _| used.contains(name));
        for model in self.models.values_mut() {
            if received.contains(&model.name) {
                model.direction = Direction::Response;
                report.touched(&TOLERANT_RESPONSES, model.name.clone());
            }
            for field in &mut model.fields {
                if model.direction == Direction::Response {
                    field.required = false;
                }
                field.codec = codec(model.direction, &field.ty, &format!("{}.{}", model.name, field.wire_name), report);
            }
            // Key by key costs a fraction of serde's derive in compiled code, and with custom fields it does not
            // buffer the object as `#[serde(flatten)]` would (bench/FINDINGS.md); it starts from `Default`, so it
            // needs every field optional (received models are).
            model.reading =
                if model.fields.iter().all(|field| !field.required) { Reading::KeyByKey } else { Reading::Derived };
        }
        (self.models.into_values().collect(), self.enums.into_values().collect())
    }
}

/// How a field of type `ty` in a model going `direction` is read and written; `place` (`Model.field`) is
/// recorded for each wire rule the choice applies.
fn codec(direction: Direction, ty: &Type, place: &str, report: &mut Report) -> Codec {
    if *ty == Type::Bytes {
        return Codec::Base64;
    }
    match direction {
        Direction::Response => {
            let rules = lenient_rules(ty);
            for rule in &rules {
                report.touched(rule, place);
            }
            if rules.is_empty() { Codec::Derived } else { Codec::Lenient }
        }
        // Sent values are written in their documented forms, which serde's own are, but for the vendor's local
        // date-time (`YYYY-MM-DD HH:MM:SS`, not chrono's `T`), which only the runtime's writer spells.
        Direction::Request if *ty == Type::DateTime => Codec::Lenient,
        Direction::Request => Codec::Derived,
    }
}

/// The rules whose tolerance the runtime's lenient reader gives a received field of type `ty`: what
/// `wire::lenient` does for that type (`runtime/src/wire/scalars.rs`, `collections.rs`; the items of a list or
/// map are read through `coerce.rs`, which accepts the other forms of a scalar but passes anything else on).
fn lenient_rules(ty: &Type) -> Vec<&'static Rule> {
    let scalar = |ty: &Type| matches!(ty, Type::Bool | Type::Int | Type::Number | Type::String);
    match ty {
        _ if scalar(ty) => vec![&LENIENT_SCALARS],
        Type::Date | Type::DateTime => vec![&PHP_ZERO_DATES],
        Type::Map(value) if scalar(value) => vec![&PHP_EMPTY_MAP, &LENIENT_SCALARS],
        Type::Map(_) => vec![&PHP_EMPTY_MAP],
        Type::List(item) if scalar(item) => vec![&PHP_SPARSE_LISTS, &LENIENT_SCALARS],
        Type::List(item) if !lenient_rules(item).is_empty() => vec![&PHP_SPARSE_LISTS],
        _ => Vec::new(),
    }
}

/// Two wire names can fold to one Rust name (`dateBirth`, `date_birth`): later ones get a number.
fn dedupe_field_names(fields: &mut [Field]) {
    // The names a request body's own constructor, custom-field map and setter take (emit/models.rs).
    let mut seen: BTreeSet<String> = ["new", "custom_fields", "custom_field"].map(str::to_owned).into();
    for field in fields {
        let base = field.rust_name.clone();
        let mut n = 2;
        while !seen.insert(field.rust_name.clone()) {
            field.rust_name = format!("{base}_{n}");
            n += 1;
        }
    }
}

/// `Unknown` is the catch-all variant, and two values can fold to one name.
fn dedupe_variant_names(variants: &mut [Variant]) {
    let mut seen: BTreeSet<String> = BTreeSet::from(["Unknown".to_owned()]);
    for variant in variants {
        let base = variant.rust_name.clone();
        let mut n = 2;
        while !seen.insert(variant.rust_name.clone()) {
            variant.rust_name = format!("{base}{n}");
            n += 1;
        }
    }
}
