//! The provenance signing key: from `M3SHD_PROVENANCE_KEY` (64 hex digits),
//! else 32 random bytes kept hex-encoded in `DIR/provenance.key` (0600),
//! created on first start. Losing the key makes every stored chain
//! unverifiable, so back it up with the database. Its path is logged; the
//! key itself never is.

use std::io::Write;
use std::path::Path;

use m3shd_common::private_fs;
use m3shd_hub_core::domain::ProvenanceKey;

use crate::error::HubError;
use crate::fsutil;

pub const PROVENANCE_KEY_ENV: &str = "M3SHD_PROVENANCE_KEY";
pub const PROVENANCE_KEY_FILE: &str = "provenance.key";

fn from_env() -> Result<Option<ProvenanceKey>, HubError> {
    match std::env::var(PROVENANCE_KEY_ENV) {
        Ok(v) if !v.trim().is_empty() => ProvenanceKey::from_hex(&v)
            .map(Some)
            .map_err(|e| HubError::Config(format!("{PROVENANCE_KEY_ENV}: {e}"))),
        _ => Ok(None),
    }
}

fn read(path: &Path) -> Result<ProvenanceKey, HubError> {
    let text = std::fs::read_to_string(path).map_err(|e| HubError::path(path, e))?;
    private_fs::warn_if_readable_by_others(path);
    ProvenanceKey::from_hex(&text).map_err(|e| {
        HubError::Config(format!(
            "{}: {e}; restore it from a backup (results signed with the old key cannot \
             be verified without it), or move it aside to have a new key generated",
            path.display()
        ))
    })
}

pub fn resolve_provenance_key(data_dir: &Path) -> Result<ProvenanceKey, HubError> {
    if let Some(key) = from_env()? {
        tracing::info!("provenance key from {PROVENANCE_KEY_ENV}");
        return Ok(key);
    }
    fsutil::create_private_dir(data_dir)?;
    let path = data_dir.join(PROVENANCE_KEY_FILE);
    if path.exists() {
        tracing::info!(path = %path.display(), "provenance key from file");
        return read(&path);
    }
    let key = ProvenanceKey::random();
    match private_fs::create_new(&path) {
        Ok(mut file) => {
            file.write_all(format!("{}\n", key.to_hex()).as_bytes())
                .and_then(|_| file.sync_all())
                .map_err(|e| HubError::path(&path, e))?;
            tracing::info!(path = %path.display(), "generated a provenance key");
            Ok(key)
        }
        // Another process made it between the check and the create.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(e) => Err(HubError::path(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_private_and_reused() {
        // Only meaningful without the env override set by the operator.
        if std::env::var(PROVENANCE_KEY_ENV).is_ok() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("hub");
        let first = resolve_provenance_key(&sub).expect("create");
        let again = resolve_provenance_key(&sub).expect("reuse");
        assert_eq!(first, again);
        let text = std::fs::read_to_string(sub.join(PROVENANCE_KEY_FILE)).expect("read");
        assert_eq!(text.trim().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(sub.join(PROVENANCE_KEY_FILE))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_key_file_stops_the_hub_with_advice() {
        if std::env::var(PROVENANCE_KEY_ENV).is_ok() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(PROVENANCE_KEY_FILE), "not a key\n").expect("write");
        let err = resolve_provenance_key(dir.path()).expect_err("refused");
        assert!(err.to_string().contains("backup"), "{err}");
    }
}
