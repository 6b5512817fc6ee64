//! Shared plumbing of the examples: command-line options and the client they build.
//!
//! Every example takes `--base-url URL` (default: the vendor's server, or `ALFADOCS_BASE_URL`) and reads the API
//! key from `--api-key KEY` or `ALFADOCS_API_KEY`, so it can be tried against a loopback server.

use std::collections::BTreeMap;

use alfadocs::{Archive, Client};

/// The options given on the command line, `--name value` or `--name=value`.
#[derive(Debug, Default)]
pub struct Args {
    values: BTreeMap<String, String>,
}

impl Args {
    /// Parses `std::env::args()`; `allowed` names the options beyond `--base-url`, `--api-key`, `--practice-id`
    /// and `--archive-id`.
    ///
    /// # Errors
    /// A message naming an unknown option or an option without a value.
    pub fn parse(allowed: &[&str]) -> Result<Self, String> {
        Self::parse_from(std::env::args().skip(1), allowed)
    }

    /// Parses the given arguments (without the program name).
    ///
    /// # Errors
    /// A message naming an unknown option or an option without a value.
    pub fn parse_from(args: impl IntoIterator<Item = String>, allowed: &[&str]) -> Result<Self, String> {
        let mut values = BTreeMap::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let Some(option) = arg.strip_prefix("--") else {
                return Err(format!("unexpected argument `{arg}`"));
            };
            let (name, value) = match option.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => {
                    let value = args.next().ok_or_else(|| format!("--{option} needs a value"))?;
                    (option.to_owned(), value)
                }
            };
            let common = ["base-url", "api-key", "practice-id", "archive-id"];
            if !common.contains(&name.as_str()) && !allowed.contains(&name.as_str()) {
                return Err(format!("unknown option --{name}"));
            }
            values.insert(name, value);
        }
        Ok(Self { values })
    }

    /// The value of `--name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The client: the key from `--api-key` or `ALFADOCS_API_KEY`, the base URL from `--base-url` or
    /// `ALFADOCS_BASE_URL` (else the vendor's server).
    ///
    /// # Errors
    /// When no key is given, or the client cannot be built.
    pub fn client(&self) -> Result<Client, String> {
        let key = match self.get("api-key") {
            Some(key) => key.to_owned(),
            None => std::env::var("ALFADOCS_API_KEY")
                .map_err(|_| "give the API key with --api-key or ALFADOCS_API_KEY".to_owned())?,
        };
        let mut builder = Client::builder(key);
        let base_url = self.get("base-url").map(str::to_owned).or_else(|| std::env::var("ALFADOCS_BASE_URL").ok());
        if let Some(url) = base_url.filter(|url| !url.trim().is_empty()) {
            builder = builder.base_url(url);
        }
        builder.build().map_err(|error| error.to_string())
    }

    /// The archive to work in: `--practice-id` and `--archive-id` when both are given, else the key's own
    /// archive, asked of the API (`GET /v1/me`).
    ///
    /// # Errors
    /// When an id is not a number, or the API cannot tell the key's archive.
    pub async fn archive(&self, client: &Client) -> Result<Archive, String> {
        match (self.number("practice-id")?, self.number("archive-id")?) {
            (Some(practice_id), Some(archive_id)) => Ok(client.archive(practice_id, archive_id)),
            _ => client.current_archive().await.map_err(|error| error.to_string()),
        }
    }

    /// The value of `--name` as an integer, if given.
    ///
    /// # Errors
    /// When the value is not an integer.
    pub fn number(&self, name: &str) -> Result<Option<i64>, String> {
        self.get(name)
            .map(|text| text.trim().parse::<i64>().map_err(|_| format!("--{name} {text}: not an integer")))
            .transpose()
    }

    /// The value of `--name` as a `YYYY-MM-DD` date, if given.
    ///
    /// # Errors
    /// When the value is not such a date.
    pub fn date(&self, name: &str) -> Result<Option<alfadocs::NaiveDate>, String> {
        self.get(name)
            .map(|text| {
                alfadocs::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|error| format!("--{name} {text}: not a YYYY-MM-DD date ({error})"))
            })
            .transpose()
    }
}

/// Today's date on this machine.
pub fn today() -> alfadocs::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs an example's body and turns its error into a message on stderr and a failing exit code.
pub fn exit_with(result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], allowed: &[&str]) -> Result<Args, String> {
        Args::parse_from(args.iter().map(|arg| (*arg).to_owned()), allowed)
    }

    #[test]
    fn options_take_a_separate_or_attached_value() {
        let args = parse(
            &["--base-url", "http://127.0.0.1:8080/api", "--from=2026-01-31", "--patient-id", "42"],
            &["from", "patient-id"],
        )
        .unwrap();
        assert_eq!(args.get("base-url"), Some("http://127.0.0.1:8080/api"));
        assert_eq!(args.date("from").unwrap(), alfadocs::NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(args.number("patient-id").unwrap(), Some(42));
        assert_eq!(args.get("to"), None);
    }

    #[test]
    fn unknown_options_missing_values_and_bad_values_are_errors() {
        assert!(parse(&["--bogus", "1"], &[]).unwrap_err().contains("--bogus"));
        assert!(parse(&["--base-url"], &[]).unwrap_err().contains("needs a value"));
        assert!(parse(&["stray"], &[]).is_err());
        let args = parse(&["--from", "31/01/2026", "--practice-id", "x"], &["from"]).unwrap();
        assert!(args.date("from").is_err());
        assert!(args.number("practice-id").is_err());
    }
}
