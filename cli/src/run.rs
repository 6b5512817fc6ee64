//! Running a parsed command line: settings, the archive, then the operation — sent, streamed, downloaded or,
//! with `--dry-run`, only printed.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use alfadocs::description::API;
use alfadocs_runtime::description::{Envelope, Group, Operation, Response, Scope};
use alfadocs_runtime::dynamic::{self, Call, Planned};
use alfadocs_runtime::{ApiKey, HttpClient};
use clap::ArgMatches;
use futures_util::{Stream, StreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::cells::{Raw, Record};
use crate::failure::{Class, Failure};
use crate::invocation;
use crate::output::{Columns, Format, Writer};
use crate::settings::{Given, Settings};

/// The user agent of the command line's requests.
const USER_AGENT: &str = concat!("alfadocs-cli/", env!("CARGO_PKG_VERSION"));

/// The options every operation takes.
pub struct Options {
    settings: Settings,
    format: Format,
    columns: Columns,
    dry_run: bool,
    timeout: Option<Duration>,
}

impl Options {
    /// The options of `matches` (global flags are read from the innermost subcommand, where clap puts them).
    ///
    /// # Errors
    /// A usage failure from the settings.
    pub fn from_matches(matches: &ArgMatches) -> Result<Self, Failure> {
        let text = |id: &str| matches.get_one::<String>(id).cloned();
        let given = Given {
            api_key: text("api-key"),
            base_url: text("base-url"),
            profile: text("profile"),
            practice_id: matches.get_one::<i64>("practice-id").copied(),
            archive_id: matches.get_one::<i64>("archive-id").copied(),
        };
        let settings = Settings::resolve(given, |name| std::env::var(name).ok())?;
        let format = matches.get_one::<Format>("format").copied().unwrap_or(if io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        });
        let columns = Columns {
            chosen: matches
                .get_many::<String>("columns")
                .map(|columns| columns.map(|column| column.trim().to_owned()).collect()),
            custom_fields: matches.get_flag("custom-fields"),
        };
        Ok(Self {
            settings,
            format,
            columns,
            dry_run: matches.get_flag("dry-run"),
            timeout: matches.get_one::<u64>("timeout").map(|seconds| Duration::from_secs(*seconds)),
        })
    }
}

/// Runs `operation` of `group` with the arguments of `matches`.
///
/// # Errors
/// A [`Failure`] of the class of what went wrong.
pub async fn operation(
    group: &'static Group,
    operation: &'static Operation,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let call = invocation::call(operation, matches)?;
    let options = Options::from_matches(matches)?;
    if options.dry_run {
        return dry_run(group, call, &options);
    }
    let http = client(&options, options.settings.require_key()?)?;
    let call = match group.scope {
        Scope::Archive => {
            let (practice, archive) = match options.settings.scope {
                Some(scope) => scope,
                None => context(&http).await?,
            };
            with_scope(call, &practice.to_string(), &archive.to_string())
        }
        Scope::Client => call,
    };
    match operation.response {
        Response::Bytes { .. } => download(&http, &call, matches).await,
        Response::Json { envelope: Envelope::List | Envelope::Page, .. } => list(http, call, &options).await,
        Response::Json { .. } | Response::Empty => {
            let value = dynamic::send(&http, &call).await?;
            let writer = Writer::new(io::stdout().lock(), options.format, options.columns.clone(), &operation.response);
            written(writer.single(&value))
        }
    }
}

fn client(options: &Options, key: ApiKey) -> Result<HttpClient, Failure> {
    let mut builder = HttpClient::builder(key).user_agent(USER_AGENT);
    if let Some(url) = &options.settings.base_url {
        builder = builder.base_url(url);
    }
    if let Some(timeout) = options.timeout {
        builder = builder.timeout(timeout);
    }
    Ok(builder.build()?)
}

/// `call` with the scope's parameters (the practice, then the archive: the order of the description's scope
/// parameters) set.
fn with_scope(call: Call, practice: &str, archive: &str) -> Call {
    let names = scope_names(&call);
    names.into_iter().zip([practice, archive]).fold(call, |call, (name, value)| call.path(name, value))
}

/// The wire names of the scope's two parameters (`practiceId`, `archiveId`).
fn scope_names(call: &Call) -> [&'static str; 2] {
    let mut names = call.operation().params.iter().filter(|param| param.from_scope).map(|param| param.wire_name);
    [names.next().unwrap_or("practiceId"), names.next().unwrap_or("archiveId")]
}

/// The practice and archive of the key, asked of the API through the description's context operation.
async fn context(http: &HttpClient) -> Result<(i64, i64), Failure> {
    let no_context = || {
        Failure::usage("this API has no operation that tells the key's archive; pass --practice-id and --archive-id")
    };
    let context = API.context.ok_or_else(no_context)?;
    let operation = API.operation(context.operation_id).ok_or_else(no_context)?;
    let answer = dynamic::send(http, &Call::new(operation)).await?;
    let id = |field: &str| match answer.get(field) {
        Some(Value::Number(number)) => number.as_i64(),
        Some(Value::String(text)) => text.trim().parse().ok(),
        _ => None,
    };
    match (id(context.practice_field), id(context.archive_field)) {
        (Some(practice), Some(archive)) => Ok((practice, archive)),
        _ => Err(Failure::new(
            Class::Decode,
            format!(
                "{} names no {} and {}; pass --practice-id and --archive-id",
                context.operation_id, context.practice_field, context.archive_field
            ),
        )),
    }
}

/// Streams the items of a list to stdout, with a progress line on stderr when stderr is a terminal. A table
/// or CSV reads each record's columns from its text ([`Raw`]); JSON output writes whole records, as values.
async fn list(http: HttpClient, call: Call, options: &Options) -> Result<(), Failure> {
    let response = &call.operation().response;
    match options.format {
        Format::Csv | Format::Table => write_list(dynamic::items_as::<Raw>(http, call), response, options).await,
        Format::Json | Format::Jsonl => write_list(dynamic::items(http, call), response, options).await,
    }
}

async fn write_list<R: Record>(
    items: impl Stream<Item = Result<R, alfadocs_runtime::Error>>,
    response: &Response,
    options: &Options,
) -> Result<(), Failure> {
    // Buffered: stdout alone is line-buffered, one write per record (10,000 for an export), flushed at the end.
    let out = io::BufWriter::new(io::stdout().lock());
    let mut writer = Writer::new(out, options.format, options.columns.clone(), response);
    let progress = io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} records, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let mut items = std::pin::pin!(items);
    let mut outcome = Ok(());
    while let Some(item) = items.next().await {
        let item = match item {
            Ok(item) => item,
            Err(error) => {
                outcome = Err(Failure::from(error));
                break;
            }
        };
        let result = match &progress {
            Some(bar) => {
                bar.inc(1);
                bar.suspend(|| writer.item(&item))
            }
            None => writer.item(&item),
        };
        if let Err(error) = result {
            outcome = written(Err(error));
            break;
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // What was written stays valid (a JSON array is closed) even when the list ended with an error; a list
    // that failed before its first item writes nothing at all.
    if outcome.is_ok() || writer.has_written() {
        written(writer.finish())?;
    }
    outcome
}

/// Streams a file to `--output`: to a temporary file beside it, renamed when whole, so that a failed download
/// leaves nothing behind; `-` writes to stdout.
async fn download(http: &HttpClient, call: &Call, matches: &ArgMatches) -> Result<(), Failure> {
    let target = matches.get_one::<String>(crate::tree::OUTPUT).map_or("-", String::as_str);
    let mut chunks = dynamic::download(http, call).await?;
    if target == "-" {
        let mut out = io::stdout().lock();
        while let Some(chunk) = chunks.next().await {
            written(out.write_all(&chunk?))?;
        }
        return written(out.flush());
    }
    let path = Path::new(target);
    let directory = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(directory).map_err(|error| Failure::local("write", path, &error))?;
    while let Some(chunk) = chunks.next().await {
        file.write_all(&chunk?).map_err(|error| Failure::local("write", path, &error))?;
    }
    file.as_file().sync_all().map_err(|error| Failure::local("write", path, &error))?;
    file.persist(path).map_err(|error| Failure::local("write", path, &error.error))?;
    Ok(())
}

/// Prints the requests `call` would send (the key's context first, when the archive is not known) and sends
/// nothing.
fn dry_run(group: &Group, call: Call, options: &Options) -> Result<(), Failure> {
    let key = options.settings.api_key.clone();
    let has_key = key.is_some();
    // The client is built only to make URLs exactly as it sends them; without a key, any text will do.
    let http = client(options, key.unwrap_or_else(|| ApiKey::from("dry-run")))?;
    let mut planned: Vec<Planned> = Vec::new();
    let call = match (group.scope, options.settings.scope) {
        (Scope::Archive, Some((practice, archive))) => with_scope(call, &practice.to_string(), &archive.to_string()),
        (Scope::Archive, None) => {
            if let Some(operation) = API.context.and_then(|context| API.operation(context.operation_id)) {
                planned.extend(dynamic::plan(&http, &Call::new(operation))?);
            }
            let [practice, archive] = scope_names(&call).map(|name| format!("{{{name}}}"));
            with_scope(call, &practice, &archive)
        }
        (Scope::Client, _) => call,
    };
    planned.extend(dynamic::plan(&http, &call)?);
    let mut out = io::stdout().lock();
    for (index, request) in planned.iter().enumerate() {
        // Placeholders for ids the context answer would give are shown unencoded.
        let url = scope_names(&call)
            .iter()
            .fold(request.url.to_string(), |url, name| url.replace(&format!("%7B{name}%7D"), &format!("{{{name}}}")));
        let mut text = format!(
            "{}{} {url}\nX-Api-Key: {}\n",
            if index > 0 { "\n" } else { "" },
            request.method,
            if has_key { "***" } else { "(no key set)" }
        );
        if let Some(body) = &request.body {
            text.push_str(&serde_json::to_string_pretty(body).map_err(|error| Failure::usage(error.to_string()))?);
            text.push('\n');
        }
        written(out.write_all(text.as_bytes()))?;
    }
    if call.operation().pagination.is_some() {
        written(writeln!(out, "\n(further pages follow each answer's links.next)"))?;
    }
    written(out.flush())
}

/// An output error as a failure; a closed pipe (`alfadocs … | head`) is not one.
fn written(result: io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::new(Class::Local, format!("cannot write the output: {error}")))
        }
        _ => Ok(()),
    }
}
