//! Secrets kept on this machine for the mesh's own tools: the CLI's hub
//! tokens (one per profile) and model API keys (one per environment
//! variable name, read by workers). Both live in the OS keyring where there
//! is one (macOS Keychain, Windows Credential Manager; service `m3shd`,
//! account = the name), else in a 0600 file in the config dir. Linux builds
//! use the file: a Pi over SSH has no Secret Service to talk to, and the
//! file works the same with or without a desktop session.
//!
//! Profile names are lower case and API key names start with an upper-case
//! letter, so the two kinds never share a keyring account.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use keyring_core::CredentialStore;

/// The keyring service every entry is filed under.
pub const SERVICE: &str = "m3shd";
/// Longest value stored (API keys and tokens are far shorter).
const MAX_VALUE_BYTES: usize = 4096;
/// Names this store put in the keyring (keyrings cannot list by service).
const KEYRING_INDEX: &str = ".keyring-names";

/// Whether an OS keyring can be used, and which one (or why not).
pub fn keyring_status() -> &'static Result<&'static str, String> {
    static STATUS: OnceLock<Result<&'static str, String>> = OnceLock::new();
    STATUS.get_or_init(init_keyring)
}

#[cfg(target_os = "macos")]
fn init_keyring() -> Result<&'static str, String> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok("macOS Keychain")
}

#[cfg(target_os = "windows")]
fn init_keyring() -> Result<&'static str, String> {
    let store = windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok("Windows Credential Manager")
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn init_keyring() -> Result<&'static str, String> {
    Err("no OS keyring on this platform in this build (secrets go to 0600 files)".into())
}

/// The platform keyring, when this build and machine have one.
fn platform_keyring() -> Option<Arc<CredentialStore>> {
    keyring_status().as_ref().ok()?;
    keyring_core::get_default_store()
}

/// What a store holds; decides the names allowed and the file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A hub token per CLI profile (`[a-z0-9_.-]`): `<dir>/<profile>.token`.
    Token,
    /// A model API key per environment variable name (`ANTHROPIC_API_KEY`):
    /// `<dir>/<NAME>`.
    ApiKey,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Token => "token",
            Kind::ApiKey => "API key",
        }
    }

    fn check_name(self, name: &str) -> Result<(), SecretError> {
        match self {
            Kind::Token if m3shd_api::is_valid_name(name) => Ok(()),
            Kind::Token => Err(SecretError::Invalid(format!(
                "profile name `{}` must be [a-z0-9_.-], 1-64 characters",
                name.escape_debug()
            ))),
            Kind::ApiKey if is_env_name(name) => Ok(()),
            Kind::ApiKey => Err(SecretError::Invalid(format!(
                "secret name `{}` must be an environment variable name: A-Z, 0-9 and _, \
                 starting with a letter, at most 64 characters (e.g. ANTHROPIC_API_KEY)",
                name.escape_debug()
            ))),
        }
    }

    fn file_name(self, name: &str) -> String {
        match self {
            Kind::Token => format!("{name}.token"),
            Kind::ApiKey => name.to_string(),
        }
    }

    /// The name a file in the store's dir holds, if it is one of ours.
    fn name_of_file(self, file: &str) -> Option<String> {
        let name = match self {
            Kind::Token => file.strip_suffix(".token")?,
            Kind::ApiKey => file,
        };
        self.check_name(name).is_ok().then(|| name.to_string())
    }
}

/// `[A-Z][A-Z0-9_]{0,63}`.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Where a secret is (or was) stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The OS keyring, service [`SERVICE`], this account.
    Keyring(String),
    File(PathBuf),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Keyring(account) => {
                write!(f, "the OS keyring (service {SERVICE}, account {account})")
            }
            Place::File(p) => write!(f, "file {}", p.display()),
        }
    }
}

/// A stored value and where it came from. Debug never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub place: Place,
}

impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Found")
            .field("value", &"<redacted>")
            .field("place", &self.place)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// A bad name or value (the caller's mistake).
    #[error("{0}")]
    Invalid(String),
    /// Like ssh with its keys: a secret file others can read is refused.
    #[error(
        "{} is readable by others (mode {mode:o}); refusing to use it: fix with `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    NotPrivate { path: PathBuf, mode: u32 },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("OS keyring: {0}")]
    Keyring(String),
}

impl SecretError {
    /// Whether the operator has to fix something they gave (name, value,
    /// file mode) rather than the machine failing.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SecretError::Invalid(_) | SecretError::NotPrivate { .. }
        )
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SecretError + '_ {
    move |source| SecretError::Io {
        path: path.to_path_buf(),
        source,
    }
}

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

/// Refuse a file that group or others can read or write.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<(), SecretError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(io_err(path))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(SecretError::NotPrivate {
            path: path.to_path_buf(),
            mode: mode & 0o777,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<(), SecretError> {
    Ok(())
}

/// Write `text` to `path` with mode 0600 (its dir 0700), atomically: a
/// reader sees the old file or the new one, never a half-written one.
fn write_private(dir: &Path, path: &Path, text: &str) -> Result<(), SecretError> {
    let io = io_err(path);
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io_err(dir))?;
    let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), unique()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let written = (|| {
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io)
}

/// Distinguishes temporary files of concurrent writers in one process.
fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
