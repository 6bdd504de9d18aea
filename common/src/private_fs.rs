//! Owner-only files (0600) and directories (0700) for what other local
//! users must never read: tokens, keys, prompts and task outputs, whatever
//! the umask or the mode an older version left. Unix modes; elsewhere the
//! platform's defaults apply.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Create `dir` and its missing parents 0700; an existing one is left as
/// it is.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Create `dir` 0700, or take group and other access away from an
/// existing one (with a warning).
pub fn secure_dir(dir: &Path) -> io::Result<()> {
    create_dir(dir)?;
    restrict(dir)
}

/// [`secure_dir`], and the files directly in it made owner-only too (its
/// subdirs are behind the 0700 dir already).
pub fn secure_dir_and_files(dir: &Path) -> io::Result<()> {
    secure_dir(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            restrict(&entry.path())?;
        }
    }
    Ok(())
}

/// The mode (`0o777` bits) of `path` when group or others have any access
/// to it; `None` when only its owner has.
pub fn open_to_others(path: &Path) -> io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        Ok((mode & 0o077 != 0).then_some(mode))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path)?;
        Ok(None)
    }
}

/// Take group and other access away from `path`, keeping the owner's own
/// bits (an executable's included), and say so when there was any.
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(mode) = open_to_others(path)? {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(mode & 0o700);
        std::fs::set_permissions(path, private).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "{} is readable by other users (mode {mode:o}) and cannot be made \
                     private: {e}; chmod go-rwx it",
                    path.display()
                ),
            )
        })?;
        tracing::warn!(
            path = %path.display(),
            was = format!("{mode:o}"),
            now = format!("{:o}", mode & 0o700),
            "was readable by other users; made private"
        );
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Warn (once per call) when a secret file others can read is used anyway.
pub fn warn_if_readable_by_others(path: &Path) {
    if let Ok(Some(_)) = open_to_others(path) {
        tracing::warn!(path = %path.display(), "secret file is readable by others; chmod 600 it");
    }
}

/// Open options that create files readable only by their owner.
pub(crate) fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Create a new owner-only file for writing; fails if `path` exists.
pub fn create_new(path: &Path) -> io::Result<File> {
    owner_only(OpenOptions::new().write(true).create_new(true)).open(path)
}

/// Open `path` for reading and writing, creating it owner-only when it is
/// missing (an existing file keeps its contents and its mode).
pub fn open(path: &Path) -> io::Result<File> {
    owner_only(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )
    .open(path)
}

/// Replace `path` with `data` as an owner-only file, durably: see
/// [`crate::durable::write_atomic`].
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    crate::durable::replace(path, data, true)
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used, clippy::expect_used)] // a test module, on unix only
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn an_open_data_dir_and_its_files_are_made_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("hub");
        std::fs::create_dir(&dir).unwrap();
        chmod(&dir, 0o755);
        let db = dir.join("m3shd.db");
        std::fs::write(&db, b"").unwrap();
        chmod(&db, 0o644);
        let tool = dir.join("plugins");
        std::fs::create_dir(&tool).unwrap();
        chmod(&tool, 0o755);

        secure_dir_and_files(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(
            mode(&tool),
            0o755,
            "subdirs are behind the 0700 dir already"
        );

        let fresh = root.path().join("new/hub");
        secure_dir_and_files(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);
        assert_eq!(mode(&root.path().join("new")), 0o700);
        let f = open(&fresh.join("m3shd.db")).unwrap();
        drop(f);
        assert_eq!(mode(&fresh.join("m3shd.db")), 0o600);
    }

    #[test]
    fn an_existing_dir_is_closed_up_only_when_asked() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("state");
        std::fs::create_dir(&dir).unwrap();
        chmod(&dir, 0o750);
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o750);
        assert_eq!(open_to_others(&dir).unwrap(), Some(0o750));
        secure_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(open_to_others(&dir).unwrap(), None);
    }

    #[test]
    fn new_and_replaced_files_are_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key");
        drop(create_new(&key).unwrap());
        assert_eq!(mode(&key), 0o600);
        assert_eq!(
            create_new(&key).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        let token = dir.path().join("agent.token");
        std::fs::write(&token, "old\n").unwrap();
        chmod(&token, 0o644);
        write_atomic(&token, b"new\n").unwrap();
        assert_eq!(mode(&token), 0o600);
        assert_eq!(std::fs::read_to_string(&token).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
