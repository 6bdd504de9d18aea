//! Tokens per profile: in the OS keyring where there is one (macOS
//! Keychain, Windows Credential Manager; service `m3shd`, account = the
//! profile), else in a 0600 file `tokens/<profile>.token` next to the config
//! file. Linux builds use the file: a Pi over SSH has no Secret Service to
//! talk to, and the file works the same with or without a desktop session.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::{Source, Sourced};
use crate::exit::CliError;

const SERVICE: &str = "m3shd";

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
    Err("no OS keyring on this platform in this build (tokens go to a 0600 file)".into())
}

fn keyring_entry(profile: &str) -> Option<keyring_core::Entry> {
    keyring_status().as_ref().ok()?;
    match keyring_core::Entry::new(SERVICE, profile) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::warn!(error = %e, "OS keyring unusable; using the token file");
            None
        }
    }
}

/// `<dir of the config file>/tokens`.
pub fn store_dir(config_file: &Path) -> PathBuf {
    config_file
        .parent()
        .unwrap_or(Path::new("."))
        .join("tokens")
}

pub fn file_path(dir: &Path, profile: &str) -> PathBuf {
    dir.join(format!("{profile}.token"))
}

fn check_profile(profile: &str) -> Result<(), CliError> {
    if m3shd_api::is_valid_name(profile) {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "profile name `{profile}` must be [a-z0-9_.-], 1-64 characters"
        )))
    }
}

/// The profile's stored token: the keyring first, then the file.
pub fn load(dir: &Path, profile: &str) -> Result<Option<Sourced<String>>, CliError> {
    check_profile(profile)?;
    if let Some(entry) = keyring_entry(profile) {
        match entry.get_password() {
            Ok(t) if !t.trim().is_empty() => {
                return Ok(Some(Sourced {
                    value: t.trim().to_string(),
                    source: Source::Keyring(profile.into()),
                }));
            }
            Ok(_) | Err(keyring_core::Error::NoEntry) => {}
            Err(e) => tracing::warn!(error = %e, "cannot read the OS keyring"),
        }
    }
    load_file(&file_path(dir, profile))
}

fn load_file(path: &Path) -> Result<Option<Sourced<String>>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    check_private(path)?;
    Ok(Some(Sourced {
        value: crate::config::read_token_file(path)?,
        source: Source::TokenStore(path.to_path_buf()),
    }))
}

/// Like ssh with its keys: a token file others can read is refused.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(CliError::Usage(format!(
            "token file {} is readable by others (mode {:o}); fix with `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<(), CliError> {
    Ok(())
}

/// Store the token: in the keyring unless `file_only` or there is none,
/// else in the 0600 file. Returns where it went.
pub fn store(dir: &Path, profile: &str, token: &str, file_only: bool) -> Result<Source, CliError> {
    check_profile(profile)?;
    let token = token.trim();
    if token.is_empty() || token.contains(char::is_whitespace) {
        return Err(CliError::Usage(
            "the token is empty or contains whitespace".into(),
        ));
    }
    if !file_only && let Some(entry) = keyring_entry(profile) {
        match entry.set_password(token) {
            Ok(()) => {
                // One place per profile: drop an older file copy.
                let _ = std::fs::remove_file(file_path(dir, profile));
                return Ok(Source::Keyring(profile.into()));
            }
            Err(e) => tracing::warn!(error = %e, "cannot write the OS keyring; using a file"),
        }
    }
    let path = file_path(dir, profile);
    write_private(dir, &path, token)?;
    Ok(Source::TokenStore(path))
}

/// Remove the profile's token from the keyring and the file; returns what was removed.
pub fn delete(dir: &Path, profile: &str) -> Result<Vec<Source>, CliError> {
    check_profile(profile)?;
    let mut removed = Vec::new();
    if let Some(entry) = keyring_entry(profile) {
        match entry.delete_credential() {
            Ok(()) => removed.push(Source::Keyring(profile.into())),
            Err(keyring_core::Error::NoEntry) => {}
            Err(e) => return Err(CliError::Failed(format!("OS keyring: {e}"))),
        }
    }
    let path = file_path(dir, profile);
    match std::fs::remove_file(&path) {
        Ok(()) => removed.push(Source::TokenStore(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CliError::Failed(format!("{}: {e}", path.display()))),
    }
    Ok(removed)
}

/// Write `token` to `path` with mode 0600 (dir 0700), atomically.
fn write_private(dir: &Path, path: &Path, token: &str) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::Failed(format!("{}: {e}", path.display()));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)?;
    let tmp = dir.join(format!(".{}.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp).map_err(io)?;
    f.write_all(format!("{token}\n").as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trip_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        let src = store(&tokens, "lab", "m3shd_key_abc\n", true).unwrap();
        assert_eq!(src, Source::TokenStore(tokens.join("lab.token")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&tokens.join("lab.token")), 0o600);
            assert_eq!(mode(&tokens), 0o700);
        }
        let got = load(&tokens, "lab").unwrap().unwrap();
        assert_eq!(got.value, "m3shd_key_abc");
        assert!(load(&tokens, "home").unwrap().is_none());
        assert_eq!(delete(&tokens, "lab").unwrap().len(), 1);
        assert!(load(&tokens, "lab").unwrap().is_none());
        assert!(delete(&tokens, "lab").unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_token_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "x", "tok", true).unwrap();
        let p = file_path(dir.path(), "x");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(dir.path(), "x").unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn bad_profiles_and_tokens_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(store(dir.path(), "../etc", "t", true).is_err());
        assert!(store(dir.path(), "ok", "  ", true).is_err());
        assert!(store(dir.path(), "ok", "a b", true).is_err());
        assert!(load(dir.path(), "../x").is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_builds_fall_back_to_the_file() {
        assert!(keyring_status().is_err());
        let dir = tempfile::tempdir().unwrap();
        let src = store(dir.path(), "pi", "tok", false).unwrap();
        assert!(matches!(src, Source::TokenStore(_)));
    }
}
