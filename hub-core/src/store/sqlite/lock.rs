//! One process per data dir: the hub and the offline tools (`rotate-key`)
//! take a lock file before they touch the database.

use std::path::Path;

use crate::store::error::StoreError;

/// The lock file that keeps a second hub (or an offline tool such as
/// `rotate-key`) off a data dir in use.
pub const LOCK_FILE: &str = "hubd.lock";

/// Fail early, before listening, when another process holds the data dir.
/// (`Store::open` takes the lock for real.)
pub fn check_data_dir_free(data_dir: &Path) -> Result<(), StoreError> {
    if !data_dir.join(LOCK_FILE).exists() {
        return Ok(());
    }
    lock_data_dir(data_dir).map(drop)
}

pub(crate) fn lock_data_dir(data_dir: &Path) -> Result<std::fs::File, StoreError> {
    use std::io::{Read, Seek, Write};
    let path = data_dir.join(LOCK_FILE);
    let mut f = m3shd_common::private_fs::open(&path)
        .map_err(|e| StoreError::Locked(format!("cannot open {}: {e}", path.display())))?;
    match f.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = f.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                "another process".to_string()
            } else {
                format!("pid {holder}")
            };
            return Err(StoreError::Locked(format!(
                "{} is in use by {who} (a running m3shd-hubd?)",
                data_dir.display()
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(StoreError::Locked(format!(
                "cannot lock {}: {e}",
                path.display()
            )));
        }
    }
    // The pid is for the message above only; the lock is what counts.
    let _ = f.set_len(0);
    let _ = f.rewind();
    let _ = write!(f, "{}", std::process::id());
    let _ = f.flush();
    Ok(f)
}
