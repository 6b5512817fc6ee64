//! `spec-diff`: what a new vendor document changes for users of the generated crate.
//!
//! Both documents go through the same load, overlay, repairs and lowering as `codegen`; the comparison is
//! done on the two [`ir::Api`]s — the facts emission turns into Rust — so every change is said in Rust terms
//! (methods, arguments, builder methods, struct fields, enum variants) and classified by what it does to code
//! written against the previous crate ([`Impact`]). The report ends with the release it implies
//! ([`Release`]), and also says which repair rules and overlay actions newly fire or stop matching, by
//! comparing the two runs' [`Report`]s: that part is for the maintainer, not the release note.
//!
//! The submodules: `change` (the typed changes and their classification), `operations` (groups, methods,
//! parameters, bodies, answers), `models` (structs, fields, enums, renames), `rules` (the two reports),
//! `semver` (the release), `render` (text, Markdown, JSON).

mod change;
mod models;
mod operations;
mod render;
mod rules;
mod semver;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;

pub use change::{Area, Change, ChangeKind, Impact, OpRef};
pub use rules::RuleChange;
pub use semver::{Bump, CONVENTION, Release};

use crate::error::Error;
use crate::ir::{self, Api, Type};
use crate::report::Report;

/// The title and version of one of the two documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

/// Everything that changed between two documents, sorted, classified, with the release it implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    /// The old document.
    pub old: SpecInfo,
    /// The new document.
    pub new: SpecInfo,
    /// Changes to the generated crate: breaking first, then additions, then compatible changes; within each,
    /// by area and subject.
    pub changes: Vec<Change>,
    /// Repair and lowering rules, and overlay actions, that fire differently on the new document.
    pub rules: Vec<RuleChange>,
    /// The release the changes imply.
    pub release: Release,
}

impl SpecDiff {
    /// Records the version of the generated crate the changes apply to, which fixes the next version.
    #[must_use]
    pub fn with_crate_version(mut self, version: &str) -> Self {
        self.release = Release::new(self.release.bump, Some(version));
        self
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|change| change.impact == impact).count()
    }

    /// Whether any change breaks users of the crate.
    pub fn is_breaking(&self) -> bool {
        self.count(Impact::Breaking) > 0
    }

    /// Whether nothing changed at all: not the crate, not the rules.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rules.is_empty()
    }

    /// The report for a terminal.
    pub fn render_text(&self) -> String {
        render::text(self)
    }

    /// The report as Markdown, to paste into a release note.
    pub fn render_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The report as JSON, with stable field names (see `docs/spec-diff.md`).
    pub fn render_json(&self) -> Result<String, Error> {
        render::json(self)
    }
}

/// Compares two lowered documents and the reports of their runs.
pub fn diff(old: &Api, old_report: &Report, new: &Api, new_report: &Report) -> SpecDiff {
    let renames = models::renames(old, new);
    let mut kinds = Vec::new();
    models::compare(old, new, &renames, &mut kinds);
    operations::compare(old, new, &renames, &mut kinds);
    client(old, new, &mut kinds);
    let mut changes: Vec<Change> = kinds.into_iter().map(Change::new).collect();
    // The kinds are collected in walk order; the report is sorted so that it is the same whatever the order
    // of the documents' maps, and reads from the worst news down.
    changes.sort_by(|a, b| (a.impact, a.area, &a.subject, &a.message).cmp(&(b.impact, b.area, &b.subject, &b.message)));
    changes.dedup();
    let bump = Bump::of(changes.iter().map(|change| change.impact));
    SpecDiff {
        old: SpecInfo { title: old.title.clone(), version: old.version.clone() },
        new: SpecInfo { title: new.title.clone(), version: new.version.clone() },
        changes,
        rules: rules::compare(old_report, new_report),
        release: Release::new(bump, None),
    }
}

/// Which of the two documents an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The document being replaced.
    Old,
    /// The document replacing it.
    New,
}

impl fmt::Display for Which {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Which::Old => "OLD",
            Which::New => "NEW",
        })
    }
}

/// A failure to load, correct, repair, parse or lower one of the two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideError {
    /// Which document.
    pub which: Which,
    /// The document's path, as given.
    pub path: String,
    /// The pipeline's error (which names the file and line it is about: the document or the overlay).
    pub error: Error,
}

impl fmt::Display for SideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The pipeline's error already starts with the file it is about; the path is repeated only when that
        // file is another one (the overlay), so that the reader knows which document was being prepared.
        if self.error.file() == Some(self.path.as_str()) {
            write!(f, "{} spec {}", self.which, self.error)
        } else {
            write!(f, "{} spec {}: {}", self.which, self.path, self.error)
        }
    }
}

impl std::error::Error for SideError {}

/// Runs both documents through load, overlay, repair, parse and lower, as `codegen` does, and compares them.
pub fn compare_files(old: &Path, new: &Path, overlay: Option<&Path>) -> Result<SpecDiff, SideError> {
    let (old_api, old_report) = lower_file(old, overlay, Which::Old)?;
    let (new_api, new_report) = lower_file(new, overlay, Which::New)?;
    Ok(diff(&old_api, &old_report, &new_api, &new_report))
}

/// One document through the pipeline up to the IR.
fn lower_file(path: &Path, overlay: Option<&Path>, which: Which) -> Result<(Api, Report), SideError> {
    let mut report = Report::new();
    let side_error = |error| SideError { which, path: path.display().to_string(), error };
    let prepared = crate::prepare(path, overlay.as_slice(), &mut report).map_err(side_error)?;
    let api = crate::lower_prepared(&prepared, &mut report).map_err(side_error)?;
    Ok((api, report))
}

/// Changes to the client itself: `current_archive()` and the default base URL.
fn client(old: &Api, new: &Api, out: &mut Vec<ChangeKind>) {
    match (&old.context, &new.context) {
        (None, Some(context)) => {
            out.push(ChangeKind::CurrentArchiveAdded { operation_id: context.operation_id.clone() })
        }
        (Some(context), None) => {
            out.push(ChangeKind::CurrentArchiveRemoved { operation_id: context.operation_id.clone() })
        }
        (Some(before), Some(after)) if before != after => out.push(ChangeKind::CurrentArchiveChanged {
            old_operation_id: before.operation_id.clone(),
            new_operation_id: after.operation_id.clone(),
        }),
        _ => {}
    }
    if old.base_url != new.base_url {
        out.push(ChangeKind::BaseUrlChanged { old: old.base_url.clone(), new: new.base_url.clone() });
    }
    let mut parts = Vec::new();
    if old.title != new.title {
        parts.push("title".to_owned());
    }
    if old.description != new.description {
        parts.push("description".to_owned());
    }
    if !parts.is_empty() {
        out.push(ChangeKind::DocsChanged { area: Area::Client, item: "the crate".to_owned(), parts });
    }
}

/// Types renamed between the documents (old name → new name): a type that differs only by these names is
/// not reported as retyped, because the rename itself is reported (and is breaking) once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Renames {
    models: BTreeMap<String, String>,
    enums: BTreeMap<String, String>,
}

impl Renames {
    /// `ty` with old type names replaced by their new names.
    fn apply(&self, ty: &Type) -> Type {
        match ty {
            Type::List(item) => Type::List(Box::new(self.apply(item))),
            Type::Map(value) => Type::Map(Box::new(self.apply(value))),
            Type::Model(name) => Type::Model(self.models.get(name).unwrap_or(name).clone()),
            Type::Enum(name) => Type::Enum(self.enums.get(name).unwrap_or(name).clone()),
            other => other.clone(),
        }
    }

    /// Whether the old type is the new one, up to renames.
    fn same(&self, old: &Type, new: &Type) -> bool {
        self.apply(old) == *new
    }
}

/// `request` or `response`, as reports say it.
fn direction(direction: ir::Direction) -> String {
    match direction {
        ir::Direction::Request => "request".to_owned(),
        ir::Direction::Response => "response".to_owned(),
    }
}

/// Which parts of an item's documentation differ.
fn doc_parts(pairs: &[(&str, &Option<String>, &Option<String>)]) -> Vec<String> {
    pairs.iter().filter(|(_, old, new)| old != new).map(|(part, _, _)| (*part).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    //! Kinds the fixture pairs do not reach, on hand-built IR.

    use super::*;
    use crate::ir::{
        Body, Codec, ContextSource, Direction, Field, Group, Method, Model, Operation, Pagination, Reading, Response,
        Scope, Shape, WireForm,
    };

    fn field(name: &str, required: bool) -> Field {
        Field {
            wire_name: name.into(),
            rust_name: name.into(),
            ty: Type::String,
            required,
            nullable: false,
            codec: Codec::Derived,
            wire: WireForm::Plain,
            sent_as: None,
            description: None,
            personal: false,
        }
    }

    fn model(direction: Direction, fields: Vec<Field>) -> Model {
        Model {
            name: "Note".into(),
            module: "note".into(),
            description: None,
            fields,
            custom_fields: None,
            direction,
            reading: Reading::Derived,
        }
    }

    fn operation(body: Option<Body>) -> Operation {
        Operation {
            id: "createNote".into(),
            method: Method::Post,
            path: crate::template::Template::parse("/v1/notes").unwrap(),
            summary: None,
            description: None,
            method_name: "create_note".into(),
            builder: "CreateNote".into(),
            static_name: "CREATE_NOTE".into(),
            params: Vec::new(),
            body,
            response: Response::Empty,
            pagination: None,
            window: None,
            provenance: None,
            alternatives: Vec::new(),
            personal: Default::default(),
            shape: Shape::Other,
        }
    }

    fn api(scope: Scope, operation: Operation, models: Vec<Model>, context: Option<ContextSource>) -> Api {
        Api {
            title: "T".into(),
            version: "1".into(),
            description: None,
            base_url: "https://example.test".into(),
            groups: vec![Group {
                tag: "Notes".into(),
                description: None,
                type_name: "NotesApi".into(),
                module: "notes".into(),
                accessor: "notes".into(),
                command: "notes".into(),
                scope,
                operations: vec![operation],
            }],
            models,
            enums: Vec::new(),
            context,
        }
    }

    fn kinds(diff: &SpecDiff) -> Vec<(String, Impact)> {
        diff.changes
            .iter()
            .map(|change| {
                let tag =
                    serde_json::to_value(&change.kind).ok().and_then(|value| value["kind"].as_str().map(str::to_owned));
                (tag.unwrap_or_default(), change.impact)
            })
            .collect()
    }

    #[test]
    fn a_sent_struct_that_becomes_received_loses_its_required_fields() {
        let report = Report::new();
        let old = api(Scope::Client, operation(None), vec![model(Direction::Request, vec![field("text", true)])], None);
        let new =
            api(Scope::Client, operation(None), vec![model(Direction::Response, vec![field("text", false)])], None);
        let diff = diff(&old, &report, &new, &report);
        assert_eq!(
            kinds(&diff),
            vec![
                ("field_made_optional".into(), Impact::Breaking),
                ("model_direction_changed".into(), Impact::Compatible)
            ]
        );
    }

    #[test]
    fn a_new_body_and_a_group_on_another_handle_break_calls() {
        let report = Report::new();
        let body = Body { ty: Type::Model("Note".into()), description: None };
        let old = api(Scope::Client, operation(None), Vec::new(), None);
        let new = api(Scope::Archive, operation(Some(body)), Vec::new(), None);
        let diff = diff(&old, &report, &new, &report);
        assert_eq!(
            kinds(&diff),
            vec![("group_moved_handle".into(), Impact::Breaking), ("body_added".into(), Impact::Breaking)]
        );
        assert_eq!(diff.release.bump, Bump::Major);
    }

    #[test]
    fn current_archive_comes_and_goes() {
        let report = Report::new();
        let context = ContextSource {
            group_accessor: "notes".into(),
            method: "get_context".into(),
            operation_id: "getContext".into(),
            practice_field: "practice_id".into(),
            archive_field: "archive_id".into(),
            practice_wire: "practiceId".into(),
            archive_wire: "archiveId".into(),
        };
        let without = api(Scope::Client, operation(None), Vec::new(), None);
        let with = api(Scope::Client, operation(None), Vec::new(), Some(context));
        assert_eq!(
            kinds(&diff(&without, &report, &with, &report)),
            vec![("current_archive_added".into(), Impact::Addition)]
        );
        assert_eq!(
            kinds(&diff(&with, &report, &without, &report)),
            vec![("current_archive_removed".into(), Impact::Breaking)]
        );
    }

    #[test]
    fn an_idempotent_method_becoming_a_post_gains_retry_on_failure() {
        let report = Report::new();
        let mut get = operation(None);
        get.method = Method::Get;
        let old = api(Scope::Client, get, Vec::new(), None);
        let new = api(Scope::Client, operation(None), Vec::new(), None);
        let diff = diff(&old, &report, &new, &report);
        assert_eq!(kinds(&diff), vec![("operation_endpoint_changed".into(), Impact::Addition)]);
        assert!(diff.changes[0].message.contains("gains `retry_on_failure`"), "{}", diff.changes[0].message);
    }

    #[test]
    fn pagination_driven_by_other_parameters_is_compatible() {
        // Lowering knows only `offset` and `limit`, so no pair of documents reaches this kind.
        let report = Report::new();
        let paged = |offset: &str, limit: &str| {
            let mut list = operation(None);
            list.method = Method::Get;
            list.pagination = Some(Pagination { offset_param: offset.into(), limit_param: limit.into() });
            api(Scope::Client, list, Vec::new(), None)
        };
        let diff = diff(&paged("offset", "limit"), &report, &paged("start", "count"), &report);
        assert_eq!(kinds(&diff), vec![("pagination_params_changed".into(), Impact::Compatible)]);
        assert_eq!(diff.release.bump, Bump::Patch);
    }

    #[test]
    fn errors_say_which_document() {
        let error = Error::new("cannot read the file: gone").in_file("old.yaml");
        let same = SideError { which: Which::Old, path: "old.yaml".into(), error: error.clone() };
        assert_eq!(same.to_string(), "OLD spec old.yaml: cannot read the file: gone");
        let overlay = SideError { which: Which::New, path: "new.yaml".into(), error: error.in_file("overlay.yaml") };
        assert_eq!(overlay.to_string(), "NEW spec new.yaml: overlay.yaml: cannot read the file: gone");
    }
}
