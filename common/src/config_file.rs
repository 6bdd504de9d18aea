//! A program's TOML config file: which file (the one named with `--config`
//! or an environment variable, which must exist, else the default one in
//! the config dir, which may be absent), reading it, and saying on which
//! line a mistake is. What the keys mean, and how the file ranks against
//! defaults, environment and flags, stays with each program.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// `<config dir>/<file_name>` (e.g. `~/.config/m3shd/hubd.toml`).
pub fn default_path(file_name: &str) -> Option<PathBuf> {
    crate::dirs::config_dir().map(|d| d.join(file_name))
}

/// Read and parse the file named (which must exist) or else the default
/// `file_name` (which may be absent). Returns the path read, if any.
pub fn load<T>(
    named: Option<&Path>,
    file_name: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<(PathBuf, T)>, ConfigError> {
    let (path, must_exist) = match named {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path(file_name) {
            Some(p) => (p, false),
            None => return Ok(None),
        },
    };
    Ok(load_file(&path, must_exist, parse)?.map(|v| (path, v)))
}

/// Read and parse `path`; `None` when it does not exist and need not.
pub fn load_file<T>(
    path: &Path,
    must_exist: bool,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => return Ok(None),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    parse(&text)
        .map(Some)
        .map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })
}

/// Deserialize TOML; the error names the line of the mistake.
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| describe(text, &e))
}

/// `line N: what is wrong`, or just what is wrong when the place is unknown.
fn describe(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .and_then(|s| text.get(..s.start))
        .map(|before| before.matches('\n').count() + 1);
    match line {
        Some(l) => format!("line {l}: {}", e.message()),
        None => e.message().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Keys {
        #[allow(dead_code)]
        listen: Option<String>,
    }

    #[test]
    fn mistakes_name_their_line() {
        let e = from_toml::<Keys>("listen = \"x\"\nlistne = \"y\"\n").unwrap_err();
        assert!(e.starts_with("line 2: ") && e.contains("listne"), "{e}");
        let e = from_toml::<BTreeMap<String, i64>>("a = ").unwrap_err();
        assert!(e.starts_with("line 1: "), "{e}");
    }

    #[test]
    fn a_missing_named_file_is_an_error_a_missing_default_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        let e = load(Some(&missing), "x.toml", from_toml::<Keys>).unwrap_err();
        assert!(matches!(e, ConfigError::Read { .. }));
        assert!(e.to_string().contains("nope.toml"), "{e}");
        assert!(
            load_file(&missing, false, from_toml::<Keys>)
                .unwrap()
                .is_none()
        );

        let p = dir.path().join("x.toml");
        std::fs::write(&p, "bogus = 1\n").unwrap();
        let e = load(Some(&p), "x.toml", from_toml::<Keys>)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("config file ") && e.contains("x.toml: line 1"),
            "{e}"
        );
        std::fs::write(&p, "listen = \"127.0.0.1:1\"\n").unwrap();
        let (path, _) = load(Some(&p), "x.toml", from_toml::<Keys>)
            .unwrap()
            .unwrap();
        assert_eq!(path, p);
    }
}
