//! The generated crate's `Cargo.toml` and `README.md`, rendered with askama.

use askama::Template;

use crate::error::{Error, Result};
use crate::ir::Api;

#[derive(Template)]
#[template(path = "Cargo.toml.txt", escape = "none")]
struct CargoToml<'a> {
    title: &'a str,
    api_version: &'a str,
}

#[derive(Template)]
#[template(path = "rustfmt.toml.txt", escape = "none")]
struct RustfmtToml<'a> {
    title: &'a str,
    api_version: &'a str,
}

/// One row of the README's operation table.
struct Row {
    tag: String,
    method: String,
    path: String,
    call: String,
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    title: &'a str,
    api_version: &'a str,
    rows: Vec<Row>,
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api) -> Result<String> {
    CargoToml { title: &api.title, api_version: &api.version }.render().map_err(render_error("Cargo.toml"))
}

/// `rustfmt.toml` of the generated crate: it keeps `cargo fmt` away from generator output.
pub fn rustfmt_toml(api: &Api) -> Result<String> {
    RustfmtToml { title: &api.title, api_version: &api.version }.render().map_err(render_error("rustfmt.toml"))
}

/// `README.md` of the generated crate.
pub fn readme(api: &Api) -> Result<String> {
    let mut operations: Vec<_> = api.operations().collect();
    // By tag, then path, then method in the order of a resource's life (GET, POST, PUT, PATCH, DELETE).
    operations.sort_by_cached_key(|(group, op)| (group.tag.clone(), op.path.to_string(), op.method));
    let rows = operations
        .into_iter()
        .map(|(group, op)| {
            let handle = group.scope.var();
            Row {
                tag: group.tag.clone(),
                method: op.method.to_string(),
                path: op.path.to_string(),
                call: format!("{handle}.{}().{}(…)", group.accessor, op.method_name),
            }
        })
        .collect();
    Readme { title: &api.title, api_version: &api.version, rows }.render().map_err(render_error("README.md"))
}

fn render_error(file: &'static str) -> impl Fn(askama::Error) -> Error {
    move |error| Error::new(format!("rendering the generated {file} failed: {error}"))
}
