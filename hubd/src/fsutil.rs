//! The hub's private data dir (owner-only): the shared rules of
//! `m3shd_common::private_fs`, with the hub's own advice when they fail.

use std::path::Path;

use m3shd_common::private_fs;

use crate::error::HubError;

/// Create `dir` (and parents) with mode 0700 when it does not exist yet.
pub fn create_private_dir(dir: &Path) -> Result<(), HubError> {
    private_fs::create_dir(dir).map_err(|e| HubError::path(dir, e))
}

/// Make the hub's data dir private: create it 0700, or take group and
/// other access away from it and from the files directly in it (with a
/// warning each), so prompts, outputs and keys are never readable by other
/// local users whatever the umask or the mode the dir was created with.
/// Fails when the modes cannot be changed (someone else owns the dir).
pub fn secure_data_dir(dir: &Path) -> Result<(), HubError> {
    private_fs::secure_dir_and_files(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            HubError::Config(format!("{e} or choose another --data-dir"))
        }
        _ => HubError::path(dir, e),
    })
}
