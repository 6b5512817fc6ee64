//! Where the API key, the base URL and the archive come from: flags, the environment, or a profile in the
//! config file (`config.toml` in the platform's config directory, or the file `ALFADOCS_CONFIG` names).
//!
//! Each setting is taken from the first place that has it: the flag (`--api-key`, `--base-url`,
//! `--practice-id`, `--archive-id`), then the environment (`ALFADOCS_API_KEY`, `ALFADOCS_BASE_URL`), then the
//! profile (`--profile NAME`, `ALFADOCS_PROFILE`, or `default`). The config file is written owner-only (0600,
//! in a 0700 directory) and atomically; the key is never printed.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use alfadocs_runtime::{ApiKey, ENV_API_KEY, ENV_BASE_URL};
use serde::{Deserialize, Serialize};

use crate::failure::{Class, Failure};

/// The environment variable naming another config file (tests, several setups side by side).
pub const ENV_CONFIG: &str = "ALFADOCS_CONFIG";

/// The environment variable naming the profile to use.
pub const ENV_PROFILE: &str = "ALFADOCS_PROFILE";

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// The config file: named profiles.
#[derive(Default, Serialize, Deserialize)]
pub struct ConfigFile {
    /// The profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile. No `Debug`: it holds the key.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// The API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// The base URL, when not the vendor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The practice, to skip asking the API for the key's context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_id: Option<i64>,
    /// The archive, with the practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_id: Option<i64>,
}

/// What the flags say, before the environment and the profile fill the gaps.
#[derive(Default)]
pub struct Given {
    /// `--api-key`.
    pub api_key: Option<String>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--practice-id`.
    pub practice_id: Option<i64>,
    /// `--archive-id`.
    pub archive_id: Option<i64>,
}

/// The settings in force. `ApiKey` prints as `ApiKey(***)`.
#[derive(Debug)]
pub struct Settings {
    /// The key, when one was found anywhere.
    pub api_key: Option<ApiKey>,
    /// The base URL, when not the vendor's.
    pub base_url: Option<String>,
    /// The practice and archive, when known without asking the API.
    pub scope: Option<(i64, i64)>,
}

impl Settings {
    /// The settings from the flags, the environment (through `env`) and the config file.
    ///
    /// # Errors
    /// A usage failure for a config file that cannot be read, or a profile named but missing.
    pub fn resolve(given: Given, env: impl Fn(&str) -> Option<String>) -> Result<Self, Failure> {
        let env = |name: &str| env(name).map(|value| value.trim().to_owned()).filter(|value| !value.is_empty());
        let named = given.profile.clone().or_else(|| env(ENV_PROFILE));
        let path = config_path(env)?;
        let file = ConfigFile::read(&path)?;
        let profile = match &named {
            Some(name) => file.profiles.get(name).cloned().ok_or_else(|| {
                Failure::usage(format!(
                    "no profile `{name}` in {}; create it with `alfadocs profile set {name}`",
                    path.display()
                ))
            })?,
            None => file.profiles.get(DEFAULT_PROFILE).cloned().unwrap_or_default(),
        };
        let api_key =
            given.api_key.filter(|key| !key.trim().is_empty()).or_else(|| env(ENV_API_KEY)).or(profile.api_key);
        let base_url = given.base_url.or_else(|| env(ENV_BASE_URL)).or(profile.base_url);
        let practice = given.practice_id.or(profile.practice_id);
        let archive = given.archive_id.or(profile.archive_id);
        let scope = match (practice, archive) {
            (Some(practice), Some(archive)) => Some((practice, archive)),
            (None, None) => None,
            _ => return Err(Failure::usage("give both --practice-id and --archive-id, or neither")),
        };
        Ok(Self { api_key: api_key.map(ApiKey::from), base_url, scope })
    }

    /// The key, or the failure that says where to put one.
    ///
    /// # Errors
    /// An auth failure when no key was found.
    pub fn require_key(&self) -> Result<ApiKey, Failure> {
        self.api_key.clone().ok_or_else(|| {
            Failure::new(
                Class::Auth,
                format!("no API key: set {ENV_API_KEY}, pass --api-key, or save one with `alfadocs profile set`"),
            )
        })
    }
}

/// The config file's path: `ALFADOCS_CONFIG`, or `config.toml` in the platform's config directory.
///
/// # Errors
/// A usage failure when the platform has no config directory (no home) and `ALFADOCS_CONFIG` is not set.
pub fn config_path(env: impl Fn(&str) -> Option<String>) -> Result<PathBuf, Failure> {
    if let Some(path) = env(ENV_CONFIG) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "alfadocs")
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .ok_or_else(|| Failure::usage(format!("no config directory on this system; set {ENV_CONFIG} to a file path")))
}

impl ConfigFile {
    /// The file at `path`, or an empty one when there is none.
    ///
    /// # Errors
    /// A failure naming the file when it cannot be read or is not valid TOML.
    pub fn read(path: &Path) -> Result<Self, Failure> {
        match fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|error| {
                Failure::usage(format!("{} is not a valid config file: {}", path.display(), error.message()))
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(error) => Err(Failure::local("read", path, &error)),
        }
    }

    /// Writes the file to `path` atomically (a temporary file in the same directory, renamed), readable and
    /// writable by its owner only; the directory is created owner-only if missing.
    ///
    /// # Errors
    /// A failure naming the file when it cannot be written.
    pub fn write(&self, path: &Path) -> Result<(), Failure> {
        let directory = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
        create_private_dir(directory).map_err(|error| Failure::local("create", directory, &error))?;
        let text = toml::to_string_pretty(self)
            .map_err(|error| Failure::new(Class::Local, format!("cannot write the config file: {error}")))?;
        // tempfile creates the file with mode 0600 on Unix.
        let mut file =
            tempfile::NamedTempFile::new_in(directory).map_err(|error| Failure::local("write", path, &error))?;
        file.write_all(text.as_bytes()).map_err(|error| Failure::local("write", path, &error))?;
        file.as_file().sync_all().map_err(|error| Failure::local("write", path, &error))?;
        file.persist(path).map_err(|error| Failure::local("write", path, &error.error))?;
        Ok(())
    }
}

#[cfg(unix)]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(directory)
}

#[cfg(not(unix))]
fn create_private_dir(directory: &Path) -> std::io::Result<()> {
    fs::create_dir_all(directory)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&'static str, String)]) -> impl Fn(&str) -> Option<String> {
        let pairs = pairs.to_vec();
        move |name| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone())
    }

    #[test]
    fn flags_beat_the_environment_which_beats_the_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/config.toml");
        let mut file = ConfigFile::default();
        file.profiles.insert(
            "default".into(),
            Profile {
                api_key: Some("from-profile".into()),
                base_url: Some("http://127.0.0.1:1".into()),
                practice_id: Some(1),
                archive_id: Some(2),
            },
        );
        file.write(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let config = (ENV_CONFIG, path.display().to_string());
        let settings = Settings::resolve(Given::default(), env(std::slice::from_ref(&config))).unwrap();
        assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(settings.scope, Some((1, 2)));
        assert!(!format!("{settings:?}").contains("from-profile"));
        let settings = Settings::resolve(
            Given { base_url: Some("http://127.0.0.1:3".into()), ..Given::default() },
            env(&[config.clone(), (ENV_API_KEY, "from-env".into())]),
        )
        .unwrap();
        assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:3"));
        assert!(settings.require_key().is_ok());
        let missing = Settings::resolve(Given { profile: Some("other".into()), ..Given::default() }, env(&[config]));
        assert!(missing.unwrap_err().message.contains("alfadocs profile set other"));
    }

    #[test]
    fn no_key_anywhere_is_an_auth_failure_naming_the_places() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::resolve(
            Given::default(),
            env(&[(ENV_CONFIG, dir.path().join("none.toml").display().to_string())]),
        )
        .unwrap();
        let failure = settings.require_key().unwrap_err();
        assert_eq!(failure.class, Class::Auth);
        assert!(failure.message.contains("ALFADOCS_API_KEY"));
    }
}
