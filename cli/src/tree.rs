//! The command tree, built at run time from `alfadocs::description::API`: one subcommand per group, one per
//! operation under it, an argument per parameter and a flag per body field, with the spec's own words as help.
//!
//! Required path parameters are positional (parents first: `phone-numbers get PATIENT_ID PHONE_NUMBER_ID`),
//! other parameters are flags (required ones required); a capped date range is `--from`/`--to`. Values are
//! checked as they are parsed ([`alfadocs_runtime::dynamic::values::read_text`]): dates `YYYY-MM-DD`, enums
//! among their documented values (listed in the help), numbers, booleans.

use alfadocs::description::API;
use alfadocs_runtime::description::{Field, Group, Operation, Param, ParamLocation, Response, Type};
use alfadocs_runtime::dynamic::values::read_text;
use clap::builder::{PossibleValuesParser, TypedValueParser, ValueParser};
use clap::{Arg, ArgAction, Command, ValueHint};
use serde_json::Value;

use crate::failure::EXIT_CODES;
use crate::naming::{flag, operation_names, placeholder};
use crate::output::Format;

/// The id of the argument of a parameter.
pub fn param_id(param: &Param) -> String {
    format!("param:{}", param.wire_name)
}

/// The id of the flag of a body field.
pub fn field_id(field: &Field) -> String {
    format!("field:{}", field.wire_name)
}

/// The ids of `--from` and `--to`.
pub const FROM: &str = "from";
/// See [`FROM`].
pub const TO: &str = "to";
/// The id of `--body`.
pub const BODY: &str = "body";
/// The id of `--output`.
pub const OUTPUT: &str = "output";

const AUTH_HELP: &str = "\
The API key comes from --api-key, else ALFADOCS_API_KEY, else the profile (--profile, ALFADOCS_PROFILE or
`default`) in the config file (`alfadocs profile path` shows where). It is sent only as the X-Api-Key header
and never printed, not by --verbose nor by --dry-run.";

/// The whole command line.
pub fn command() -> Command {
    let mut root = Command::new("alfadocs")
        .about(format!("Every operation of the {} {} from a terminal", API.title, API.version))
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(format!("{AUTH_HELP}\n\n{EXIT_CODES}"))
        .args(global_args());
    for group in API.groups {
        root = root.subcommand(group_command(group));
    }
    root.subcommand(
        Command::new("completions")
            .about("Prints a shell completion script")
            .arg(Arg::new("shell").required(true).value_parser(clap::value_parser!(clap_complete::Shell))),
    )
    .subcommand(
        Command::new("profile")
            .about("Saves and lists profiles (API key, base URL, archive) in the config file")
            .subcommand_required(true)
            .subcommand(
                Command::new("set")
                    .about("Saves a profile: the key from --api-key, ALFADOCS_API_KEY, or one line of standard input")
                    .arg(Arg::new("name").default_value(crate::settings::DEFAULT_PROFILE)),
            )
            .subcommand(Command::new("list").about("Lists the profiles (never their keys)"))
            .subcommand(Command::new("path").about("Prints the config file's path")),
    )
}

fn global_args() -> Vec<Arg> {
    let global = |arg: Arg| arg.global(true).help_heading("Global options");
    vec![
        global(
            Arg::new("api-key")
                .long("api-key")
                .value_name("KEY")
                .help("The API key (else ALFADOCS_API_KEY, else the profile)"),
        ),
        global(Arg::new("profile").long("profile").value_name("NAME").help("The profile of the config file to use")),
        global(
            Arg::new("base-url")
                .long("base-url")
                .value_name("URL")
                .value_hint(ValueHint::Url)
                .help(format!("The API's address (default {})", API.base_url)),
        ),
        global(
            Arg::new("practice-id")
                .long("practice-id")
                .value_name("ID")
                .value_parser(clap::value_parser!(i64))
                .help("The practice (else the profile's, else asked of the API for the key)"),
        ),
        global(
            Arg::new("archive-id")
                .long("archive-id")
                .value_name("ID")
                .value_parser(clap::value_parser!(i64))
                .help("The archive, with --practice-id"),
        ),
        global(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(clap::value_parser!(Format))
                .help("Output format (default: table on a terminal, json otherwise)"),
        ),
        global(
            Arg::new("columns")
                .long("columns")
                .value_name("A,B,C")
                .value_delimiter(',')
                .action(ArgAction::Append)
                .help("The fields to show, in order (custom `_…` fields too)"),
        ),
        global(
            Arg::new("custom-fields")
                .long("custom-fields")
                .action(ArgAction::SetTrue)
                .help("Add the archive's custom `_…` fields (as found on the first record) as table and CSV columns"),
        ),
        global(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64).range(1..))
                .help("How long one attempt may take (default 30)"),
        ),
        global(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Print each request (method, URL, body; key masked) and send nothing"),
        ),
        global(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("Log each request and retry on stderr (never the key)"),
        ),
    ]
}

fn group_command(group: &'static Group) -> Command {
    let mut command =
        Command::new(group.command).subcommand_required(true).about(group.description.unwrap_or(group.tag));
    for (operation, name) in group.operations.iter().zip(operation_names(group)) {
        command = command.subcommand(operation_command(operation, name));
    }
    command
}

fn operation_command(operation: &'static Operation, name: String) -> Command {
    let mut command = Command::new(name);
    if let Some(summary) = operation.summary {
        command = command.about(summary);
    }
    let mut notes = Vec::new();
    if let Some(description) = operation.description {
        notes.push(description.to_owned());
    }
    if operation.pagination.is_some() {
        notes.push("Every page is fetched, one after the other; rows are written as they arrive.".to_owned());
    }
    if let Some(window) = operation.window {
        notes.push(format!(
            "A --from/--to range is split into windows of at most {} days (the API's limit), each item printed once.",
            window.max_days
        ));
    }
    notes.push(format!("{} {} ({})", operation.method, operation.path, operation.id));
    command = command.long_about(notes.join("\n\n"));

    for param in operation.params.iter().filter(|param| !param.from_scope) {
        let arg = param_arg(operation, param);
        // A vendor parameter named like a global option (`--format`) keeps its own flag under another name.
        let arg = match arg.get_long().filter(|long| global_args().iter().any(|global| global.get_long() == Some(long)))
        {
            Some(long) => {
                let renamed = format!("query-{long}");
                arg.long(renamed)
            }
            None => arg,
        };
        command = command.arg(arg);
    }
    if let Some(Type::Model(model)) = operation.body {
        command = command.arg(Arg::new(BODY).long("body").value_name("FILE|-").value_hint(ValueHint::FilePath).help(
            format!("The {model} as JSON, from a file or `-` for standard input; the flags below override its fields"),
        ));
        if let Some(model) = API.model(model) {
            let mut uploads = false;
            for field in model.fields {
                uploads |= field.ty == Type::Bytes;
                let long = free_long(&command, &flag(field.rust_name));
                command = command.arg(field_arg(field, long));
            }
            if uploads {
                command = command.visible_alias("upload");
            }
        }
    }
    if matches!(operation.response, Response::Bytes { .. }) {
        command = command.arg(
            Arg::new(OUTPUT)
                .long("output")
                .short('o')
                .value_name("FILE")
                .value_hint(ValueHint::FilePath)
                .required(true)
                .help("Where to write the file (`-` for standard output); written whole or not at all"),
        );
    }
    command
}

/// `name`, or `body-name` when the operation already has a flag of that name, or the command line uses it
/// (a global option, `--body`, `--output`, `--from`, `--to`, `--help`).
fn free_long(command: &Command, name: &str) -> String {
    let taken = command.get_arguments().any(|arg| arg.get_long() == Some(name))
        || global_args().iter().any(|arg| arg.get_long() == Some(name))
        || [BODY, OUTPUT, FROM, TO, "help", "version"].contains(&name);
    if taken { format!("body-{name}") } else { name.to_owned() }
}

fn param_arg(operation: &Operation, param: &'static Param) -> Arg {
    let window = operation.window;
    let bound = window.and_then(|window| {
        if param.wire_name == window.start_param {
            Some((FROM, "First day of the range"))
        } else if param.wire_name == window.end_param {
            Some((TO, "Last day of the range"))
        } else {
            None
        }
    });
    let help = param.description.unwrap_or(param.wire_name).to_owned();
    let arg = match bound {
        Some((id, what)) => {
            Arg::new(id).long(id).value_name("YYYY-MM-DD").help(format!("{what} ({}: {help})", param.wire_name))
        }
        None if param.location == ParamLocation::Path && param.required => {
            Arg::new(param_id(param)).value_name(placeholder(param.rust_name)).required(true).help(help)
        }
        None => Arg::new(param_id(param))
            .long(flag(param.rust_name))
            .value_name(placeholder(param.rust_name))
            .required(param.required)
            .help(help),
    };
    typed(arg, &param.ty, param.values)
}

fn field_arg(field: &'static Field, long: String) -> Arg {
    let mut help = field.description.unwrap_or(field.wire_name).to_owned();
    if field.ty == Type::Bytes {
        help = format!("{help} (a file's path: its contents are sent base64-encoded)");
    }
    let arg = Arg::new(field_id(field)).long(long).value_name(placeholder(field.rust_name)).help(help);
    let arg = if field.required { arg.required_unless_present(BODY) } else { arg };
    let values = match field.ty {
        Type::Enum(name) => API.enumeration(name).map_or(&[][..], |enumeration| enumeration.values),
        _ => &[],
    };
    typed(arg, &field.ty, values)
}

/// The value parser, placeholder and help additions of a value of `ty`.
fn typed(arg: Arg, ty: &'static Type, values: &'static [&'static str]) -> Arg {
    let arg = match ty {
        Type::List(item) => {
            return typed(arg, item, values).action(ArgAction::Append).value_delimiter(',');
        }
        Type::Bytes => {
            return arg
                .value_name("FILE")
                .value_hint(ValueHint::FilePath)
                .value_parser(clap::value_parser!(std::path::PathBuf));
        }
        _ => arg,
    };
    let arg = match ty {
        Type::Date => arg.value_name("YYYY-MM-DD"),
        Type::DateTime => arg.value_name("YYYY-MM-DD HH:MM:SS"),
        Type::Bool => arg.value_name("true|false").num_args(0..=1).default_missing_value("true"),
        Type::Json | Type::Map(_) | Type::Model(_) => arg.value_name("JSON"),
        _ => arg,
    };
    if !values.is_empty() {
        return arg.value_parser(PossibleValuesParser::new(values).map(Value::String));
    }
    if let Type::Enum(name) = ty {
        if let Some(enumeration) = API.enumeration(name) {
            return arg.value_parser(PossibleValuesParser::new(enumeration.values).map(Value::String));
        }
    }
    arg.value_parser(ValueParser::new(move |text: &str| read_text(&API, ty, text)))
}

/// The group and operation a command line names.
pub fn find(group: &str, name: &str) -> Option<(&'static Group, &'static Operation)> {
    let group = API.groups.iter().find(|candidate| candidate.command == group)?;
    let names = operation_names(group);
    let index = names.iter().position(|candidate| candidate == name)?;
    group.operations.get(index).map(|operation| (group, operation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_a_valid_clap_command_with_every_operation() {
        let root = command();
        root.clone().debug_assert();
        let count: usize = root
            .get_subcommands()
            .filter_map(|group| {
                API.groups.iter().find(|candidate| candidate.command == group.get_name()).map(|_| group)
            })
            .map(|group| group.get_subcommands().count())
            .sum();
        assert_eq!(count, API.operations().count());
        let (group, operation) = find("care-plans", "signature-status").unwrap();
        let probe = Command::new("probe").arg(Arg::new("param:x").long("state"));
        assert_eq!(free_long(&probe, "state"), "body-state");
        assert_eq!(free_long(&probe, "format"), "body-format", "a global option");
        assert_eq!(free_long(&probe, "first-name"), "first-name");
        assert_eq!((group.command, operation.id), ("care-plans", "getCarePlanSignatureStatus"));
    }
}
