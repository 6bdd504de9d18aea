//! Files readable only by their owner: keys and the database.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Create a new file readable only by its owner; fails if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    private_mode(&mut o);
    o.open(path)
}

/// Open `path` for reading and writing, creating it owner-only if missing
/// (an existing file keeps its contents).
pub fn open_private(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    private_mode(&mut o);
    o.open(path)
}

fn private_mode(o: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = o;
}

pub fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(path = %path.display(), "secret file is readable by others; chmod 600 it");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
