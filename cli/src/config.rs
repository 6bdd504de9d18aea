//! The CLI's config file (`m3shd.toml` in the platform config dir) and the
//! resolution of the effective hub and token:
//! defaults < file < profile < environment < flags.
//!
//! Nothing here writes a file at start-up; only `m3shd config init` and
//! `m3shd login` write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use m3shd_common::config_file;
use serde::{Deserialize, Serialize};

use crate::args::Conn;
use crate::exit::CliError;
use crate::source::{Source, Sourced};
use crate::tokens;

pub const DEFAULT_HUB: &str = "http://127.0.0.1:8333";
pub const CONFIG_FILE: &str = "m3shd.toml";
/// The profile whose token `m3shd login` stores when none is selected.
pub const DEFAULT_PROFILE: &str = "default";

/// What `m3shd.toml` may contain. Unknown keys are an error, so a typo is
/// reported instead of silently ignored.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Hub URL when no profile gives one.
    pub hub: Option<String>,
    /// Token file when no profile gives one.
    pub token_file: Option<PathBuf>,
    /// The profile used when neither --profile nor M3SHD_PROFILE is given.
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub hub: Option<String>,
    pub token_file: Option<PathBuf>,
}

/// The platform config dir (`~/.config/m3shd`, `~/Library/Application Support/m3shd`).
pub fn config_dir() -> Result<PathBuf, CliError> {
    m3shd_common::dirs::config_dir().ok_or_else(|| {
        CliError::Usage("cannot determine a config directory (no home directory?)".into())
    })
}

/// `--config` / `M3SHD_CONFIG`, else `<config dir>/m3shd.toml`.
pub fn config_path(conn: &Conn) -> Result<PathBuf, CliError> {
    match &conn.config {
        Some(p) => Ok(p.clone()),
        None => Ok(config_dir()?.join(CONFIG_FILE)),
    }
}

/// Read and parse the file; a missing file is an empty config.
pub fn load_file(path: &Path) -> Result<Option<FileConfig>, CliError> {
    config_file::load_file(path, false, parse).map_err(|e| CliError::Usage(e.to_string()))
}

pub fn parse(text: &str) -> Result<FileConfig, String> {
    let cfg: FileConfig = config_file::from_toml(text)?;
    for name in cfg.profiles.keys() {
        if !m3shd_api::is_valid_name(name) {
            return Err(format!(
                "profile name `{name}` must be [a-z0-9_.-], 1-64 characters"
            ));
        }
    }
    Ok(cfg)
}

/// The flags/env as clap delivered them, plus the environment, so the
/// resolution is a pure function that tests can drive.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub hub: Option<String>,
    pub hub_env: Option<String>,
    pub profile: Option<String>,
    pub profile_env: Option<String>,
    pub token_set: bool,
    pub token_env: Option<String>,
    pub token_file: Option<PathBuf>,
}

impl Inputs {
    pub fn from_conn(conn: &Conn) -> Inputs {
        Inputs {
            hub: conn.hub.clone(),
            hub_env: env_nonempty("M3SHD_HUB"),
            profile: conn.profile.clone(),
            profile_env: env_nonempty("M3SHD_PROFILE"),
            token_set: conn.token.is_some(),
            token_env: env_nonempty("M3SHD_TOKEN"),
            token_file: conn.token_file.clone(),
        }
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// clap merges a flag and its env var; it came from the env when the env
/// holds that very value (if both hold it, either answer is true).
fn flag_or_env(value: &str, env: Option<&str>, flag: &str, var: &str) -> Source {
    if env == Some(value) {
        Source::Env(var.into())
    } else {
        Source::Flag(flag.into())
    }
}

/// Where the token will come from (without reading a secret yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenRef {
    /// `--token` / `M3SHD_TOKEN` (the value stays in the Conn).
    Given,
    File(PathBuf),
}

/// The effective settings, each with its origin.
#[derive(Debug, Clone, Serialize)]
pub struct Effective {
    pub config_file: PathBuf,
    pub config_file_exists: bool,
    pub profile: Option<Sourced<String>>,
    pub hub: Sourced<String>,
    pub token: Option<Sourced<TokenRef>>,
}

impl Effective {
    /// The profile whose stored token is used and which `login` writes.
    pub fn store_profile(&self) -> &str {
        self.profile
            .as_ref()
            .map_or(DEFAULT_PROFILE, |p| p.value.as_str())
    }
}

/// Resolve hub, profile and where the token comes from.
pub fn resolve(
    inputs: &Inputs,
    file: Option<&FileConfig>,
    config_file: &Path,
) -> Result<Effective, CliError> {
    let empty = FileConfig::default();
    let cfg = file.unwrap_or(&empty);
    let file_src = Source::File(config_file.to_path_buf());

    let profile = if let Some(p) = &inputs.profile {
        Some(Sourced {
            value: p.clone(),
            source: flag_or_env(
                p,
                inputs.profile_env.as_deref(),
                "--profile",
                "M3SHD_PROFILE",
            ),
        })
    } else {
        cfg.default_profile.as_ref().map(|p| Sourced {
            value: p.clone(),
            source: file_src.clone(),
        })
    };
    let prof = match &profile {
        Some(p) => {
            let known = cfg.profiles.get(&p.value);
            // A profile only named on the command line may exist just for
            // its stored token (after `m3shd login --profile NAME`).
            if known.is_none() && !m3shd_api::is_valid_name(&p.value) {
                return Err(CliError::Usage(format!(
                    "profile name `{}` must be [a-z0-9_.-], 1-64 characters",
                    p.value
                )));
            }
            if known.is_none() && p.source == file_src {
                return Err(CliError::Usage(format!(
                    "default_profile `{}` has no [profiles.{}] section in {}",
                    p.value,
                    p.value,
                    config_file.display()
                )));
            }
            known
        }
        None => None,
    };
    let profile_src = profile.as_ref().map(|p| Source::Profile(p.value.clone()));

    let hub = if let Some(h) = &inputs.hub {
        Sourced {
            value: h.clone(),
            source: flag_or_env(h, inputs.hub_env.as_deref(), "--hub", "M3SHD_HUB"),
        }
    } else if let (Some(h), Some(src)) = (prof.and_then(|p| p.hub.as_ref()), &profile_src) {
        Sourced {
            value: h.clone(),
            source: src.clone(),
        }
    } else if let Some(h) = &cfg.hub {
        Sourced {
            value: h.clone(),
            source: file_src.clone(),
        }
    } else {
        Sourced {
            value: DEFAULT_HUB.into(),
            source: Source::Default,
        }
    };

    let token = if inputs.token_set {
        Some(Sourced {
            value: TokenRef::Given,
            source: if inputs.token_env.is_some() {
                // clap prefers the flag; the env is the usual way.
                Source::Env("M3SHD_TOKEN".into())
            } else {
                Source::Flag("--token".into())
            },
        })
    } else if let Some(p) = &inputs.token_file {
        Some(Sourced {
            value: TokenRef::File(p.clone()),
            source: Source::Flag("--token-file".into()),
        })
    } else if let (Some(p), Some(src)) = (prof.and_then(|p| p.token_file.as_ref()), &profile_src) {
        Some(Sourced {
            value: TokenRef::File(p.clone()),
            source: src.clone(),
        })
    } else {
        cfg.token_file.as_ref().map(|p| Sourced {
            value: TokenRef::File(p.clone()),
            source: file_src.clone(),
        })
    };
    Ok(Effective {
        config_file: config_file.to_path_buf(),
        config_file_exists: file.is_some(),
        profile,
        hub,
        token,
    })
}

/// Load the file named by the Conn and resolve.
pub fn effective(conn: &Conn) -> Result<Effective, CliError> {
    let path = config_path(conn)?;
    let file = load_file(&path)?;
    resolve(&Inputs::from_conn(conn), file.as_ref(), &path)
}

/// The token to use and where it came from, following the lookup order:
/// --token / M3SHD_TOKEN, --token-file, the profile's or the file's
/// token_file, the profile's stored token (keyring, then 0600 file), the
/// local hub's master token.
pub fn token(conn: &Conn, eff: &Effective) -> Result<Sourced<String>, CliError> {
    match &eff.token {
        Some(Sourced {
            value: TokenRef::Given,
            source,
        }) => {
            let t = conn.token.clone().unwrap_or_default();
            return Ok(Sourced {
                value: t.trim().to_string(),
                source: source.clone(),
            });
        }
        Some(Sourced {
            value: TokenRef::File(path),
            source,
        }) => {
            return Ok(Sourced {
                value: read_token_file(path)?,
                source: source.clone(),
            });
        }
        None => {}
    }
    if let Some(found) = tokens::load(&tokens::store_dir(&eff.config_file), eff.store_profile())? {
        return Ok(found);
    }
    let local = crate::embedded::default_data_dir()
        .map(|d| d.join("master.token"))
        .ok()
        .filter(|p| p.exists());
    if let Some(local) = local {
        return Ok(Sourced {
            value: read_token_file(&local)?,
            source: Source::LocalHub(local),
        });
    }
    Err(CliError::Auth(format!(
        "no token: run `m3shd login --token-stdin{}`, pass --token-file PATH or set M3SHD_TOKEN",
        eff.profile
            .as_ref()
            .map(|p| format!(" --profile {}", p.value))
            .unwrap_or_default()
    )))
}

pub fn read_token_file(path: &Path) -> Result<String, CliError> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read token file {}: {e}", path.display())))?;
    let t = raw.lines().next().unwrap_or_default().trim().to_string();
    if t.is_empty() {
        return Err(CliError::Auth(format!(
            "token file {} is empty",
            path.display()
        )));
    }
    Ok(t)
}

/// `token` as shown to a human: its kind prefix and length only.
pub fn redact(token: &str) -> String {
    let prefix = ["m3shd_ag_", "m3shd_key_", "m3shd_"]
        .iter()
        .find(|p| token.starts_with(**p))
        .copied()
        .unwrap_or("");
    format!("{prefix}… (redacted, {} chars)", token.chars().count())
}

/// The file `m3shd config init` writes: everything commented out, so it
/// changes nothing until the operator edits it.
pub const DEFAULT_FILE: &str = r#"# m3shd.toml: settings of the `m3shd` command line.
# Precedence: built-in defaults < this file < its selected profile
#             < environment (M3SHD_HUB, M3SHD_TOKEN, M3SHD_PROFILE) < flags.
# `m3shd config show` prints the effective values and where each came from.

# Hub URL used when no profile gives one.
# hub = "http://127.0.0.1:8333"

# Read the bearer token from this file (first line). Prefer `m3shd login
# --token-stdin`, which keeps it in the OS keyring (macOS Keychain) or in a
# 0600 file next to this one (tokens/<profile>.token) on a headless Linux box.
# token_file = "/path/to/token"

# Profile used when neither --profile nor M3SHD_PROFILE is given.
# default_profile = "home"

# One section per hub. Select with --profile NAME or M3SHD_PROFILE=NAME.
# [profiles.home]
# hub = "http://mac-mini.local:8333"
#
# [profiles.lab]
# hub = "http://raspberrypi.local:8333"
# token_file = "/home/pi/.config/m3shd/lab.token"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> FileConfig {
        parse(text).expect("valid config")
    }

    #[test]
    fn the_default_file_parses_and_changes_nothing() {
        assert_eq!(file(DEFAULT_FILE), FileConfig::default());
    }

    #[test]
    fn unknown_keys_and_bad_profile_names_are_errors() {
        assert!(parse("hubb = \"x\"").unwrap_err().contains("hubb"));
        assert!(parse("[profiles.\"Bad Name\"]\nhub = \"x\"").is_err());
        assert!(parse("token = \"secret\"").is_err());
    }

    #[test]
    fn precedence_default_file_profile_env_flag() {
        let p = Path::new("/c/m3shd.toml");
        let none = Inputs::default();
        let e = resolve(&none, None, p).unwrap();
        assert_eq!(e.hub.value, DEFAULT_HUB);
        assert_eq!(e.hub.source, Source::Default);
        assert!(e.token.is_none());

        let cfg = file(
            "hub = \"http://file:1\"\ndefault_profile = \"home\"\n\
             [profiles.home]\nhub = \"http://home:1\"\ntoken_file = \"/t/home\"\n\
             [profiles.lab]\nhub = \"http://lab:1\"\n",
        );
        let no_default = FileConfig {
            default_profile: None,
            ..cfg.clone()
        };
        let e = resolve(&none, Some(&no_default), p).unwrap();
        assert_eq!(e.hub.value, "http://file:1");
        assert_eq!(e.hub.source, Source::File(p.into()));

        let e = resolve(&none, Some(&cfg), p).unwrap();
        assert_eq!(e.hub.value, "http://home:1");
        assert_eq!(e.hub.source, Source::Profile("home".into()));
        assert_eq!(e.token.unwrap().value, TokenRef::File("/t/home".into()));
        assert_eq!(e.profile.unwrap().source, Source::File(p.into()));

        let by_env = Inputs {
            profile: Some("lab".into()),
            profile_env: Some("lab".into()),
            ..Inputs::default()
        };
        let e = resolve(&by_env, Some(&cfg), p).unwrap();
        assert_eq!(e.hub.value, "http://lab:1");
        assert_eq!(
            e.profile.as_ref().unwrap().source,
            Source::Env("M3SHD_PROFILE".into())
        );
        assert_eq!(e.store_profile(), "lab");
        assert!(
            e.token.is_none(),
            "lab has no token_file and the file-level one is unset"
        );

        let env_hub = Inputs {
            hub: Some("http://env:1".into()),
            hub_env: Some("http://env:1".into()),
            ..by_env.clone()
        };
        let e = resolve(&env_hub, Some(&cfg), p).unwrap();
        assert_eq!(e.hub.source, Source::Env("M3SHD_HUB".into()));

        let flag_hub = Inputs {
            hub: Some("http://flag:1".into()),
            token_file: Some("/t/flag".into()),
            ..env_hub
        };
        let e = resolve(&flag_hub, Some(&cfg), p).unwrap();
        assert_eq!(e.hub.value, "http://flag:1");
        assert_eq!(e.hub.source, Source::Flag("--hub".into()));
        assert_eq!(e.token.unwrap().value, TokenRef::File("/t/flag".into()));

        let given = Inputs {
            token_set: true,
            token_env: Some("x".into()),
            token_file: Some("/t/flag".into()),
            ..Inputs::default()
        };
        let e = resolve(&given, Some(&cfg), p).unwrap();
        assert_eq!(e.token.unwrap().value, TokenRef::Given);
    }

    #[test]
    fn a_missing_default_profile_is_reported() {
        let cfg = file("default_profile = \"nope\"\n");
        let err = resolve(&Inputs::default(), Some(&cfg), Path::new("/c")).unwrap_err();
        assert!(err.to_string().contains("nope"));
        // Named on the command line it may exist only in the token store.
        let named = Inputs {
            profile: Some("nope".into()),
            ..Inputs::default()
        };
        let e = resolve(&named, Some(&cfg), Path::new("/c")).unwrap();
        assert_eq!(e.hub.value, DEFAULT_HUB);
    }

    #[test]
    fn redaction_keeps_only_the_kind() {
        let r = redact("m3shd_ag_supersecretvalue");
        assert!(r.starts_with("m3shd_ag_"));
        assert!(!r.contains("supersecret"));
        assert!(!redact("plainsecret").contains("plain"));
    }
}
