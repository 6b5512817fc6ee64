//! `alfadocs`, the AlfaDocs API from a terminal.
//!
//! The command tree is built at run time from `alfadocs::description::API` ([`tree`]), so every operation the
//! generator knows is a command, named by its shape ([`naming`]). Calls go through the client's runtime
//! (`alfadocs_runtime::dynamic`): its retries, pagination, date windows, errors and key redaction.

mod cells;
mod failure;
mod invocation;
mod naming;
mod output;
mod profile;
mod run;
mod settings;
mod tree;

use std::process::ExitCode;

use alfadocs_runtime::ENV_API_KEY;
use clap::error::{ContextKind, ErrorKind};

use crate::failure::Failure;

fn main() -> ExitCode {
    let secrets = secrets();
    let matches = match tree::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error, &secrets),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return report(&Failure::new(failure::Class::Local, format!("cannot start: {error}")), &secrets),
    };
    if let Some((_, sub)) = matches.subcommand() {
        if innermost(sub).get_flag("verbose") {
            verbose_logging();
        }
    }
    match runtime.block_on(dispatch(&matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure, &secrets),
    }
}

async fn dispatch(matches: &clap::ArgMatches) -> Result<(), Failure> {
    match matches.subcommand() {
        Some(("completions", sub)) => {
            let shell =
                sub.get_one::<clap_complete::Shell>("shell").copied().ok_or_else(|| Failure::usage("name a shell"))?;
            clap_complete::generate(shell, &mut tree::command(), "alfadocs", &mut std::io::stdout());
            Ok(())
        }
        Some(("profile", sub)) => profile::run(sub),
        Some((group, sub)) => match sub.subcommand() {
            Some((name, operation_matches)) => {
                let (group, operation) = tree::find(group, name)
                    .ok_or_else(|| Failure::usage(format!("no command `{group} {name}`; see --help")))?;
                run::operation(group, operation, operation_matches).await
            }
            None => Err(Failure::usage(format!("`{group}` needs an operation; see `alfadocs {group} --help`"))),
        },
        None => Err(Failure::usage("name a command; see --help")),
    }
}

/// The matches of the innermost subcommand, where clap keeps the global flags.
fn innermost(matches: &clap::ArgMatches) -> &clap::ArgMatches {
    match matches.subcommand() {
        Some((_, sub)) => innermost(sub),
        None => matches,
    }
}

/// Logs the client's requests, retries and answers on stderr. The runtime's events never hold the key.
fn verbose_logging() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(false);
    let filter = Targets::new().with_target("alfadocs_runtime", LevelFilter::DEBUG);
    // A second subscriber cannot be set; there is none before this one.
    let _ = tracing_subscriber::registry().with(layer).with(filter).try_init();
}

/// The key as given on the command line or in the environment, to mask in anything printed: the client never
/// prints it, and this makes sure no message that echoes an argument does either.
fn secrets() -> Vec<String> {
    let mut secrets: Vec<String> = std::env::var(ENV_API_KEY).ok().into_iter().collect();
    let args: Vec<String> = std::env::args().collect();
    for (index, arg) in args.iter().enumerate() {
        if let Some(key) = arg.strip_prefix("--api-key=") {
            secrets.push(key.to_owned());
        } else if arg == "--api-key" {
            secrets.extend(args.get(index + 1).cloned());
        }
    }
    secrets.retain(|secret| !secret.trim().is_empty());
    secrets
}

fn masked(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_owned(), |text, secret| text.replace(secret.as_str(), "***"))
}

fn report(failure: &Failure, secrets: &[String]) -> ExitCode {
    eprintln!("error: {}", masked(&failure.to_string(), secrets));
    failure.exit_code()
}

/// Help and version as clap prints them; any other parse error as one line with the valid values, exit 2.
fn usage_error(error: &clap::Error, secrets: &[String]) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(failure::Class::Usage as u8)
        }
        _ => {
            let rendered = error.render().to_string();
            let mut lines = rendered.lines();
            let mut line = lines.next().unwrap_or("invalid arguments").trim_start_matches("error: ").to_owned();
            if line.ends_with(':') {
                // "the following required arguments were not provided:" and the arguments, one per line.
                let named: Vec<&str> = lines.take_while(|next| !next.trim().is_empty()).map(str::trim).collect();
                line = format!("{line} {}", named.join(", "));
            }
            if let Some(clap::error::ContextValue::Strings(values)) = error.get(ContextKind::ValidValue) {
                line.push_str(&format!(" (possible values: {})", values.join(", ")));
            }
            if let Some(clap::error::ContextValue::String(suggested)) = error.get(ContextKind::SuggestedArg) {
                line.push_str(&format!(" (did you mean `{suggested}`?)"));
            }
            line.push_str("; see --help");
            report(&Failure::usage(line), secrets)
        }
    }
}
