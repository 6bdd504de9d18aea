//! Tokens per profile, kept by the shared secret store
//! ([`m3shd_secrets`]): the OS keyring where there is one (service
//! `m3shd`, account = the profile), else a 0600 file
//! `tokens/<profile>.token` next to the config file.

use std::path::{Path, PathBuf};

use m3shd_secrets::{Kind, Place, SecretStore};

use crate::exit::CliError;
use crate::source::{Source, Sourced};

pub use m3shd_secrets::keyring_status;

/// `<dir of the config file>/tokens`.
pub fn store_dir(config_file: &Path) -> PathBuf {
    config_file
        .parent()
        .unwrap_or(Path::new("."))
        .join("tokens")
}

fn source(place: Place) -> Source {
    match place {
        Place::Keyring(profile) => Source::Keyring(profile),
        Place::File(path) => Source::TokenStore(path),
    }
}

/// The profile's stored token: the keyring first, then the file.
pub fn load(dir: &Path, profile: &str) -> Result<Option<Sourced<String>>, CliError> {
    Ok(SecretStore::new(Kind::Token, dir)
        .load(profile)?
        .map(|found| Sourced {
            value: found.value,
            source: source(found.place),
        }))
}

/// Store the token: in the keyring unless `file_only` or there is none,
/// else in the 0600 file. Returns where it went.
pub fn store(dir: &Path, profile: &str, token: &str, file_only: bool) -> Result<Source, CliError> {
    Ok(source(
        SecretStore::new(Kind::Token, dir).store(profile, token, file_only)?,
    ))
}

/// Remove the profile's token from the keyring and the file; returns what was removed.
pub fn delete(dir: &Path, profile: &str) -> Result<Vec<Source>, CliError> {
    Ok(SecretStore::new(Kind::Token, dir)
        .delete(profile)?
        .into_iter()
        .map(source)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        let src = store(&tokens, "lab", "m3shd_key_abc\n", true).unwrap();
        assert_eq!(src, Source::TokenStore(tokens.join("lab.token")));
        let got = load(&tokens, "lab").unwrap().unwrap();
        assert_eq!(got.value, "m3shd_key_abc");
        assert!(load(&tokens, "home").unwrap().is_none());
        assert_eq!(delete(&tokens, "lab").unwrap().len(), 1);
        assert!(load(&tokens, "lab").unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_token_file_others_can_read_is_a_usage_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "x", "tok", true).unwrap();
        let p = dir.path().join("x.token");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(dir.path(), "x").unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        assert_eq!(err.code(), crate::exit::USAGE);
    }

    #[test]
    fn bad_profiles_and_tokens_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        for e in [
            store(dir.path(), "../etc", "t", true).unwrap_err(),
            store(dir.path(), "ok", "a b", true).unwrap_err(),
            load(dir.path(), "../x").unwrap_err(),
        ] {
            assert_eq!(e.code(), crate::exit::USAGE, "{e}");
        }
    }
}
