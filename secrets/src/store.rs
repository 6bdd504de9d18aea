//! A store of one kind of secret: the OS keyring first, then files.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyring_core::CredentialStore;

use crate::error::io_err;
use crate::files::{check_private, write_private};
use crate::keyring::platform_keyring;
use crate::{Found, Kind, Place, SERVICE, SecretError};

/// Longest value stored (API keys and tokens are far shorter).
const MAX_VALUE_BYTES: usize = 4096;
/// Names this store put in the keyring (keyrings cannot list by service).
const KEYRING_INDEX: &str = ".keyring-names";

/// One kind of secret: the OS keyring first, then 0600 files in `dir`.
#[derive(Clone)]
pub struct SecretStore {
    kind: Kind,
    dir: PathBuf,
    keyring: Option<Arc<CredentialStore>>,
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretStore")
            .field("kind", &self.kind)
            .field("dir", &self.dir)
            .field("keyring", &self.keyring.is_some())
            .finish()
    }
}

impl SecretStore {
    /// The store of `kind` with its files in `dir`, using the platform's
    /// keyring when there is one.
    pub fn new(kind: Kind, dir: impl Into<PathBuf>) -> SecretStore {
        SecretStore {
            kind,
            dir: dir.into(),
            keyring: platform_keyring(),
        }
    }

    /// Use this keyring instead of the platform's (`None`: files only).
    pub fn with_keyring(mut self, keyring: Option<Arc<CredentialStore>>) -> SecretStore {
        self.keyring = keyring;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn has_keyring(&self) -> bool {
        self.keyring.is_some()
    }

    /// Whether `name` is one this store can hold.
    pub fn check_name(&self, name: &str) -> Result<(), SecretError> {
        self.kind.check_name(name)
    }

    /// Where `name`'s file fallback is (whether or not it exists).
    pub fn file_path(&self, name: &str) -> PathBuf {
        self.dir.join(self.kind.file_name(name))
    }

    fn entry(&self, name: &str) -> Option<keyring_core::Entry> {
        let store = self.keyring.as_ref()?;
        match store.build(SERVICE, name, None) {
            Ok(e) => Some(e),
            Err(e) => {
                tracing::warn!(error = %e, "OS keyring unusable; using the file");
                None
            }
        }
    }

    /// The stored value: the keyring first, then the file. A file others
    /// can read is an error, not a miss.
    pub fn load(&self, name: &str) -> Result<Option<Found>, SecretError> {
        self.kind.check_name(name)?;
        if let Some(entry) = self.entry(name) {
            match entry.get_password() {
                Ok(v) if !v.trim().is_empty() => {
                    return Ok(Some(Found {
                        value: v.trim().to_string(),
                        place: Place::Keyring(name.to_string()),
                    }));
                }
                Ok(_) | Err(keyring_core::Error::NoEntry) => {}
                Err(e) => tracing::warn!(error = %e, "cannot read the OS keyring"),
            }
        }
        let path = self.file_path(name);
        if !path.exists() {
            return Ok(None);
        }
        check_private(&path)?;
        let raw = std::fs::read_to_string(&path).map_err(io_err(&path))?;
        let value = raw.lines().next().unwrap_or_default().trim().to_string();
        if value.is_empty() {
            return Err(SecretError::Invalid(format!(
                "{} {} is empty",
                self.kind.noun(),
                path.display()
            )));
        }
        Ok(Some(Found {
            value,
            place: Place::File(path),
        }))
    }

    /// Store `value` under `name`: in the keyring unless `file_only` or
    /// there is none, else in the 0600 file. Returns where it went.
    pub fn store(&self, name: &str, value: &str, file_only: bool) -> Result<Place, SecretError> {
        self.kind.check_name(name)?;
        let value = value.trim();
        if value.is_empty() || value.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(SecretError::Invalid(format!(
                "the {} is empty or contains whitespace",
                self.kind.noun()
            )));
        }
        if value.len() > MAX_VALUE_BYTES {
            return Err(SecretError::Invalid(format!(
                "the {} is longer than {MAX_VALUE_BYTES} bytes",
                self.kind.noun()
            )));
        }
        if !file_only && let Some(entry) = self.entry(name) {
            match entry.set_password(value) {
                Ok(()) => {
                    self.index(name, true)?;
                    // One place per name: drop an older file copy.
                    let _ = std::fs::remove_file(self.file_path(name));
                    return Ok(Place::Keyring(name.to_string()));
                }
                Err(e) => tracing::warn!(error = %e, "cannot write the OS keyring; using a file"),
            }
        }
        let path = self.file_path(name);
        write_private(&self.dir, &path, &format!("{value}\n"))?;
        Ok(Place::File(path))
    }

    /// Remove `name` from the keyring and the file; returns what was removed.
    pub fn delete(&self, name: &str) -> Result<Vec<Place>, SecretError> {
        self.kind.check_name(name)?;
        let mut removed = Vec::new();
        if let Some(entry) = self.entry(name) {
            match entry.delete_credential() {
                Ok(()) => removed.push(Place::Keyring(name.to_string())),
                Err(keyring_core::Error::NoEntry) => {}
                Err(e) => return Err(SecretError::Keyring(e.to_string())),
            }
            self.index(name, false)?;
        }
        let path = self.file_path(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(Place::File(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&path)(e)),
        }
        Ok(removed)
    }

    /// Every stored name with where it is, by name: files in the dir, and
    /// keyring entries this store wrote or named in `also` (keyrings cannot
    /// be listed by service). Values are never read from files.
    pub fn list(&self, also: &[&str]) -> Result<Vec<(String, Vec<Place>)>, SecretError> {
        let mut names: BTreeSet<String> = self.indexed()?.into_iter().collect();
        names.extend(also.iter().map(|s| s.to_string()));
        let mut files = BTreeSet::new();
        match std::fs::read_dir(&self.dir) {
            Ok(rd) => {
                for e in rd {
                    let e = e.map_err(io_err(&self.dir))?;
                    let file = e.file_name();
                    if let Some(name) = file.to_str().and_then(|f| self.kind.name_of_file(f)) {
                        files.insert(name.clone());
                        names.insert(name);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&self.dir)(e)),
        }
        let mut out = Vec::new();
        for name in names {
            if self.kind.check_name(&name).is_err() {
                continue;
            }
            let mut places = Vec::new();
            if let Some(entry) = self.entry(&name) {
                match entry.get_password() {
                    Ok(_) => places.push(Place::Keyring(name.clone())),
                    Err(keyring_core::Error::NoEntry) => {}
                    // A locked or unreachable keyring hides one name, not the list.
                    Err(e) => {
                        tracing::warn!(error = %e, name = %name, "cannot read the OS keyring")
                    }
                }
            }
            if files.contains(&name) {
                places.push(Place::File(self.file_path(&name)));
            }
            if !places.is_empty() {
                out.push((name, places));
            }
        }
        Ok(out)
    }

    fn indexed(&self) -> Result<Vec<String>, SecretError> {
        let path = self.dir.join(KEYRING_INDEX);
        match std::fs::read_to_string(&path) {
            Ok(t) => Ok(t.lines().map(str::trim).map(String::from).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io_err(&path)(e)),
        }
    }

    /// Add `name` to (or drop it from) the list of names in the keyring.
    fn index(&self, name: &str, present: bool) -> Result<(), SecretError> {
        let mut names: BTreeSet<String> = self.indexed()?.into_iter().collect();
        let changed = if present {
            names.insert(name.to_string())
        } else {
            names.remove(name)
        };
        if !changed {
            return Ok(());
        }
        let text: String = names.iter().map(|n| format!("{n}\n")).collect();
        write_private(&self.dir, &self.dir.join(KEYRING_INDEX), &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyring_status;

    fn files(kind: Kind, dir: &Path) -> SecretStore {
        SecretStore::new(kind, dir).with_keyring(None)
    }

    fn mode(p: &Path) -> u32 {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(p).unwrap().permissions().mode() & 0o777
        }
        #[cfg(not(unix))]
        {
            let _ = p;
            0o600
        }
    }

    #[test]
    fn file_round_trip_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = dir.path().join("secrets");
        let s = files(Kind::ApiKey, &secrets);
        let place = s.store("ANTHROPIC_API_KEY", "sk-ant-xyz\n", false).unwrap();
        let path = secrets.join("ANTHROPIC_API_KEY");
        assert_eq!(place, Place::File(path.clone()));
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&secrets), 0o700);
        let got = s.load("ANTHROPIC_API_KEY").unwrap().unwrap();
        assert_eq!(got.value, "sk-ant-xyz");
        assert!(!format!("{got:?}").contains("sk-ant"));
        assert!(s.load("OPENAI_API_KEY").unwrap().is_none());
        assert_eq!(
            s.list(&["OPENAI_API_KEY"]).unwrap(),
            [("ANTHROPIC_API_KEY".to_string(), vec![Place::File(path)])]
        );
        assert_eq!(s.delete("ANTHROPIC_API_KEY").unwrap().len(), 1);
        assert!(s.load("ANTHROPIC_API_KEY").unwrap().is_none());
        assert!(s.delete("ANTHROPIC_API_KEY").unwrap().is_empty());
        // Only the value files were ever there: no temporary file is left.
        assert_eq!(std::fs::read_dir(&secrets).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let s = files(Kind::ApiKey, dir.path());
        s.store("XAI_API_KEY", "xai-1", true).unwrap();
        let p = s.file_path("XAI_API_KEY");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = s.load("XAI_API_KEY").unwrap_err();
        assert!(err.is_usage());
        let msg = err.to_string();
        assert!(
            msg.contains("mode 644") && msg.contains(&format!("chmod 600 {}", p.display())),
            "{msg}"
        );
        assert!(!msg.contains("xai-1"), "{msg}");
    }

    #[test]
    fn names_and_values_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let keys = files(Kind::ApiKey, dir.path());
        for bad in ["", "lower", "1ABC", "A-B", "../X", "A B", &"A".repeat(65)] {
            assert!(keys.store(bad, "v", true).is_err(), "{bad:?}");
            assert!(keys.load(bad).is_err(), "{bad:?}");
        }
        assert!(keys.store("OK_1", "  ", true).is_err());
        assert!(keys.store("OK_1", "a b", true).is_err());
        assert!(
            keys.store("OK_1", &"k".repeat(MAX_VALUE_BYTES + 1), true)
                .is_err()
        );
        let tokens = files(Kind::Token, dir.path());
        assert!(tokens.store("../etc", "t", true).is_err());
        assert!(tokens.store("ANTHROPIC_API_KEY", "t", true).is_err());
        assert_eq!(
            tokens.store("lab", "m3shd_key_1", true).unwrap(),
            Place::File(dir.path().join("lab.token"))
        );
        // Each kind lists only its own files.
        assert_eq!(tokens.list(&[]).unwrap().len(), 1);
        assert!(keys.list(&[]).unwrap().is_empty());
    }

    #[test]
    fn the_keyring_wins_and_takes_over_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mock: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let file_only = files(Kind::ApiKey, dir.path());
        let s = file_only.clone().with_keyring(Some(mock));
        file_only
            .store("OPENAI_API_KEY", "from-file", true)
            .unwrap();
        assert_eq!(
            s.load("OPENAI_API_KEY").unwrap().unwrap().value,
            "from-file"
        );
        let place = s.store("OPENAI_API_KEY", "from-keyring", false).unwrap();
        assert_eq!(place, Place::Keyring("OPENAI_API_KEY".into()));
        assert!(!s.file_path("OPENAI_API_KEY").exists(), "old copy dropped");
        let got = s.load("OPENAI_API_KEY").unwrap().unwrap();
        assert_eq!(
            (got.value.as_str(), got.place),
            ("from-keyring", Place::Keyring("OPENAI_API_KEY".into()))
        );
        // Listed through the index even though keyrings cannot be listed.
        assert_eq!(
            s.list(&[]).unwrap(),
            [(
                "OPENAI_API_KEY".to_string(),
                vec![Place::Keyring("OPENAI_API_KEY".into())]
            )]
        );
        assert_eq!(
            s.delete("OPENAI_API_KEY").unwrap(),
            [Place::Keyring("OPENAI_API_KEY".into())]
        );
        assert!(s.load("OPENAI_API_KEY").unwrap().is_none());
        assert!(s.list(&[]).unwrap().is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_builds_have_no_keyring() {
        assert!(keyring_status().is_err());
        let dir = tempfile::tempdir().unwrap();
        let s = SecretStore::new(Kind::Token, dir.path());
        assert!(!s.has_keyring());
        assert!(matches!(
            s.store("pi", "tok", false).unwrap(),
            Place::File(_)
        ));
    }
}
