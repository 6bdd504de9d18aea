//! The private data dir (owner-only), portable where possible; files in
//! it are made with `m3shd_hub_core::private_files`.

use std::path::Path;

use crate::error::HubError;

/// Create `dir` (and parents) with mode 0700 when it does not exist yet.
pub fn create_private_dir(dir: &Path) -> Result<(), HubError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| HubError::path(dir, e))
}

/// Make the hub's data dir private: create it 0700, or take group and
/// other access away from it and from the files directly in it (with a
/// warning each), so prompts, outputs and keys are never readable by other
/// local users whatever the umask or the mode the dir was created with.
/// Fails when the modes cannot be changed (someone else owns the dir).
pub fn secure_data_dir(dir: &Path) -> Result<(), HubError> {
    create_private_dir(dir)?;
    restrict(dir)?;
    for entry in std::fs::read_dir(dir).map_err(|e| HubError::path(dir, e))? {
        let entry = entry.map_err(|e| HubError::path(dir, e))?;
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            restrict(&entry.path())?;
        }
    }
    Ok(())
}

/// Take group and other access away from `path` (keeping the owner's own
/// bits, an executable's included) and say so when there was any.
fn restrict(path: &Path) -> Result<(), HubError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| HubError::path(path, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            let private = std::fs::Permissions::from_mode(mode & 0o700);
            std::fs::set_permissions(path, private).map_err(|e| {
                HubError::Config(format!(
                    "{} is readable by other users (mode {:o}) and cannot be made private: \
                     {e}; chmod go-rwx it or choose another --data-dir",
                    path.display(),
                    mode & 0o777
                ))
            })?;
            tracing::warn!(
                path = %path.display(),
                was = format!("{:o}", mode & 0o777),
                now = format!("{:o}", mode & 0o700),
                "was readable by other users; made private"
            );
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_open_data_dir_and_its_files_are_made_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("hub");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let db = dir.join("m3shd.db");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let tool = dir.join("plugins");
        std::fs::create_dir(&tool).unwrap();
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();

        secure_data_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(
            mode(&tool),
            0o755,
            "subdirs are behind the 0700 dir already"
        );

        let fresh = root.path().join("new/hub");
        secure_data_dir(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);
        let f = m3shd_hub_core::private_files::open_private(&fresh.join("m3shd.db")).unwrap();
        drop(f);
        assert_eq!(mode(&fresh.join("m3shd.db")), 0o600);
    }
}
