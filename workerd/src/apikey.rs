//! Where a model API key comes from. A profile names an environment
//! variable (`api_key_env = "ANTHROPIC_API_KEY"`); the key is that
//! variable's value, else the OS keyring entry of that name (service
//! `m3shd`), else the 0600 file `secrets/<NAME>` in the config dir, the
//! two places `m3shd secret set NAME` writes to. The environment wins so a
//! one-off run or a service's environment file can override what is stored.

use std::fmt;
use std::path::{Path, PathBuf};

use m3shd_secrets::{Kind, Place, SecretStore, keyring_status};

/// Where a key was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The environment variable of that name.
    Env(String),
    Stored(Place),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Env(var) => write!(f, "the environment (${var})"),
            KeySource::Stored(place) => write!(f, "{place}"),
        }
    }
}

/// A key and its source. Debug never shows the key.
#[derive(Clone)]
pub struct ApiKey {
    pub value: String,
    pub source: KeySource,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("value", &"<redacted>")
            .field("source", &self.source)
            .finish()
    }
}

/// Finds API keys: the environment, then the secret store.
pub struct KeyLookup<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    store: Option<SecretStore>,
}

impl<'a> KeyLookup<'a> {
    /// The environment, then the OS keyring, then files in `secrets_dir`
    /// (`None`: the environment and nothing else).
    pub fn new(env: &'a dyn Fn(&str) -> Option<String>, secrets_dir: Option<&Path>) -> Self {
        KeyLookup {
            env,
            store: secrets_dir.map(|d| SecretStore::new(Kind::ApiKey, d)),
        }
    }

    /// The environment, then `store`.
    pub fn with_store(env: &'a dyn Fn(&str) -> Option<String>, store: SecretStore) -> Self {
        KeyLookup {
            env,
            store: Some(store),
        }
    }

    /// The key named `var`, if any. A stored file others can read is an
    /// error (never silently skipped: the operator would not know why the
    /// key they stored is not used).
    pub fn find(&self, var: &str) -> Result<Option<ApiKey>, String> {
        if let Some(v) = (self.env)(var).map(|v| v.trim().to_string())
            && !v.is_empty()
        {
            return Ok(Some(ApiKey {
                value: v,
                source: KeySource::Env(var.to_string()),
            }));
        }
        let Some(store) = &self.store else {
            return Ok(None);
        };
        // A variable name that cannot be a stored name is simply not stored.
        if !m3shd_secrets::is_env_name(var) {
            return Ok(None);
        }
        match store.load(var) {
            Ok(found) => Ok(found.map(|f| ApiKey {
                value: f.value,
                source: KeySource::Stored(f.place),
            })),
            Err(e) => Err(format!("API key ${var}: {e}")),
        }
    }

    /// The places searched for `var`, for messages.
    pub fn searched(&self, var: &str) -> String {
        let mut places = vec![format!("${var}")];
        if let Some(store) = &self.store {
            if let Ok(name) = keyring_status()
                && store.has_keyring()
            {
                places.push(format!("the {name} entry {var}"));
            }
            places.push(store.file_path(var).display().to_string());
        }
        places.join(", ")
    }

    /// One line for `--print-config`: where the key comes from, never the key.
    pub fn describe(&self, var: &str) -> String {
        match self.find(var) {
            Ok(Some(k)) => format!("from {} (value redacted)", k.source),
            Ok(None) => format!(
                "not found (looked in {}; store one with `m3shd secret set {var}`)",
                self.searched(var)
            ),
            Err(e) => format!("UNUSABLE: {e}"),
        }
    }

    /// The directory of the file fallback, when there is one.
    pub fn secrets_dir(&self) -> Option<PathBuf> {
        self.store.as_ref().map(|s| s.dir().to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> SecretStore {
        SecretStore::new(Kind::ApiKey, dir).with_keyring(None)
    }

    #[test]
    fn environment_then_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = files(dir.path());
        store.store("ANTHROPIC_API_KEY", "sk-stored", true).unwrap();
        let env = |k: &str| (k == "OPENAI_API_KEY").then(|| "sk-env".to_string());
        let keys = KeyLookup::with_store(&env, store.clone());
        let k = keys.find("ANTHROPIC_API_KEY").unwrap().unwrap();
        assert_eq!(k.value, "sk-stored");
        assert_eq!(
            k.source,
            KeySource::Stored(Place::File(dir.path().join("ANTHROPIC_API_KEY")))
        );
        assert!(!format!("{k:?}").contains("sk-"));
        assert_eq!(
            keys.find("OPENAI_API_KEY").unwrap().unwrap().source,
            KeySource::Env("OPENAI_API_KEY".into())
        );
        // The environment wins over what is stored; an empty variable does not.
        store.store("OPENAI_API_KEY", "sk-stored-2", true).unwrap();
        assert_eq!(
            keys.find("OPENAI_API_KEY").unwrap().unwrap().value,
            "sk-env"
        );
        let blank = |_: &str| Some("  ".to_string());
        let keys = KeyLookup::with_store(&blank, store);
        assert_eq!(
            keys.find("OPENAI_API_KEY").unwrap().unwrap().value,
            "sk-stored-2"
        );
        assert!(keys.find("XAI_API_KEY").unwrap().is_none());
        assert!(
            keys.describe("XAI_API_KEY")
                .contains("m3shd secret set XAI_API_KEY")
        );
        assert!(
            keys.describe("OPENAI_API_KEY")
                .starts_with(&format!("from file {}", dir.path().display()))
        );
        // No store: the environment only.
        let keys = KeyLookup::new(&env, None);
        assert!(keys.find("ANTHROPIC_API_KEY").unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_key_file_is_an_error_naming_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = files(dir.path());
        store.store("ANTHROPIC_API_KEY", "sk-leaky", true).unwrap();
        let path = store.file_path("ANTHROPIC_API_KEY");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let none = |_: &str| None;
        let keys = KeyLookup::with_store(&none, store);
        let err = keys.find("ANTHROPIC_API_KEY").unwrap_err();
        assert!(
            err.contains("chmod 600") && err.contains("mode 640"),
            "{err}"
        );
        assert!(!err.contains("sk-leaky"));
        assert!(keys.describe("ANTHROPIC_API_KEY").starts_with("UNUSABLE"));
    }
}
