//! The file fallback: one owner-only file per secret.

use std::path::Path;

use m3shd_common::private_fs;

use crate::SecretError;
use crate::error::io_err;

/// Refuse a file that group or others can read or write.
pub fn check_private(path: &Path) -> Result<(), SecretError> {
    match private_fs::open_to_others(path).map_err(io_err(path))? {
        Some(mode) => Err(SecretError::NotPrivate {
            path: path.to_path_buf(),
            mode,
        }),
        None => Ok(()),
    }
}

/// Write `text` to `path` with mode 0600 (its dir 0700), atomically: a
/// reader sees the old file or the new one, never a half-written one.
pub(crate) fn write_private(dir: &Path, path: &Path, text: &str) -> Result<(), SecretError> {
    private_fs::create_dir(dir).map_err(io_err(dir))?;
    private_fs::write_atomic(path, text.as_bytes()).map_err(io_err(path))
}
