//! From parsed arguments to a [`Call`]: path and query values in their wire text, and the body assembled from
//! `--body` and the field flags, then checked against its model before anything is sent.

use std::io::Read;
use std::path::{Path, PathBuf};

use alfadocs::description::API;
use alfadocs_runtime::description::{Operation, ParamLocation, Type};
use alfadocs_runtime::dynamic::Call;
use alfadocs_runtime::dynamic::values::{check, query_text};
use alfadocs_runtime::wire::base64;
use clap::ArgMatches;
use serde_json::{Map, Value};

use crate::failure::{Class, Failure};
use crate::tree::{BODY, FROM, TO, field_id, param_id};

/// The call `matches` describes, without the scope's practice and archive (filled in later).
///
/// # Errors
/// A usage failure for a body that is not JSON or does not fit its model, naming the field; a local failure
/// for a file that cannot be read.
pub fn call(operation: &'static Operation, matches: &ArgMatches) -> Result<Call, Failure> {
    let mut call = Call::new(operation);
    for param in operation.params.iter().filter(|param| !param.from_scope) {
        let id = match operation.window {
            Some(window) if param.wire_name == window.start_param => FROM.to_owned(),
            Some(window) if param.wire_name == window.end_param => TO.to_owned(),
            _ => param_id(param),
        };
        let Some(value) = value_of(matches, &id, &param.ty) else { continue };
        call = match (param.location, value) {
            (ParamLocation::Path, value) => call.path(param.wire_name, query_text(&value)),
            (ParamLocation::Query, Value::Array(items)) if param.explode => {
                items.iter().fold(call, |call, item| call.query(param.wire_name, query_text(item)))
            }
            (ParamLocation::Query, value) => call.query(param.wire_name, query_text(&value)),
            (ParamLocation::Header, _) => {
                return Err(Failure::usage(format!(
                    "{}: header parameters (`{}`) cannot be sent from the command line",
                    operation.id, param.wire_name
                )));
            }
        };
    }
    if let Some(ty) = &operation.body {
        let body = body(operation, ty, matches)?;
        check(&API, ty, &body)
            .map_err(|mismatch| Failure::usage(format!("the body of {}: {mismatch}", operation.id)))?;
        call = call.body(body);
    }
    Ok(call)
}

/// The parsed value of argument `id`: a list for list types, else the one value.
fn value_of(matches: &ArgMatches, id: &str, ty: &Type) -> Option<Value> {
    match ty {
        Type::List(_) => matches.get_many::<Value>(id).map(|values| Value::Array(values.cloned().collect())),
        _ => matches.get_one::<Value>(id).cloned(),
    }
}

/// `--body` (a file, or `-` for standard input) with each field flag given set over it.
fn body(operation: &Operation, ty: &Type, matches: &ArgMatches) -> Result<Value, Failure> {
    let mut fields = match matches.get_one::<String>(BODY) {
        Some(source) => match read_json(source)? {
            Value::Object(fields) => fields,
            _ => {
                return Err(Failure::usage(format!(
                    "--body {source}: the body of {} must be a JSON object",
                    operation.id
                )));
            }
        },
        None => Map::new(),
    };
    let flagged = match ty {
        Type::Model(name) => API.model(name).map_or(&[][..], |model| model.fields),
        _ => &[],
    };
    let mut any_flag = false;
    for field in flagged {
        let id = field_id(field);
        let value = if field.ty == Type::Bytes {
            match matches.get_one::<PathBuf>(&id) {
                Some(path) => Some(Value::String(base64::encode(&read_file(path)?))),
                None => None,
            }
        } else {
            value_of(matches, &id, &field.ty)
        };
        if let Some(value) = value {
            any_flag = true;
            fields.insert(field.wire_name.to_owned(), value);
        }
    }
    if fields.is_empty() && !any_flag && matches.get_one::<String>(BODY).is_none() {
        return Err(Failure::usage(format!(
            "{} sends a body: give --body FILE or at least one field flag (see --help)",
            operation.id
        )));
    }
    Ok(Value::Object(fields))
}

fn read_json(source: &str) -> Result<Value, Failure> {
    let text = if source == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|error| {
            Failure::new(Class::Local, format!("cannot read the body from standard input: {error}"))
        })?;
        text
    } else {
        let path = Path::new(source);
        std::fs::read_to_string(path).map_err(|error| Failure::local("read", path, &error))?
    };
    serde_json::from_str(&text).map_err(|error| {
        let source = if source == "-" { "standard input" } else { source };
        Failure::usage(format!("--body {source} is not valid JSON: {error}"))
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|error| Failure::local("read", path, &error))
}
