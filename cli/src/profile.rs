//! `alfadocs profile set|list|path`: the config file's profiles, written owner-only, shown without keys.

use std::io::{BufRead, IsTerminal, Write};

use alfadocs_runtime::ENV_API_KEY;
use clap::ArgMatches;

use crate::failure::{Class, Failure};
use crate::settings::{ConfigFile, Profile, config_path};

/// Runs a `profile` subcommand.
///
/// # Errors
/// A failure naming the config file, or a usage failure for a missing key.
pub fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let env =
        |name: &str| std::env::var(name).ok().map(|value| value.trim().to_owned()).filter(|value| !value.is_empty());
    let path = config_path(env)?;
    match matches.subcommand() {
        Some(("set", sub)) => {
            let name =
                sub.get_one::<String>("name").cloned().unwrap_or_else(|| crate::settings::DEFAULT_PROFILE.to_owned());
            let key = match sub.get_one::<String>("api-key").cloned().or_else(|| env(ENV_API_KEY)) {
                Some(key) => key,
                None => read_key()?,
            };
            let mut file = ConfigFile::read(&path)?;
            let profile = Profile {
                api_key: Some(key),
                base_url: sub.get_one::<String>("base-url").cloned(),
                practice_id: sub.get_one::<i64>("practice-id").copied(),
                archive_id: sub.get_one::<i64>("archive-id").copied(),
            };
            if profile.practice_id.is_some() != profile.archive_id.is_some() {
                return Err(Failure::usage("give both --practice-id and --archive-id, or neither"));
            }
            file.profiles.insert(name.clone(), profile);
            file.write(&path)?;
            eprintln!("saved profile `{name}` in {} (owner-only)", path.display());
            Ok(())
        }
        Some(("list", _)) => {
            let file = ConfigFile::read(&path)?;
            let mut out = std::io::stdout().lock();
            for (name, profile) in &file.profiles {
                let scope = match (profile.practice_id, profile.archive_id) {
                    (Some(practice), Some(archive)) => format!("practice {practice}, archive {archive}"),
                    _ => "archive of the key".to_owned(),
                };
                let key = if profile.api_key.is_some() { "key set" } else { "no key" };
                let base = profile.base_url.as_deref().unwrap_or("default base URL");
                writeln!(out, "{name}\t{base}\t{scope}\t{key}")
                    .map_err(|error| Failure::new(Class::Local, format!("cannot write the output: {error}")))?;
            }
            Ok(())
        }
        _ => {
            println!("{}", path.display());
            Ok(())
        }
    }
}

/// One line of standard input, the key (prompted for on a terminal; the line is not echoed back).
fn read_key() -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("API key: ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|error| Failure::new(Class::Local, format!("cannot read the key from standard input: {error}")))?;
    let key = line.trim().to_owned();
    if key.is_empty() {
        return Err(Failure::new(
            Class::Auth,
            format!("no API key: pass --api-key, set {ENV_API_KEY}, or type it on standard input"),
        ));
    }
    Ok(key)
}
