//! One bridge per state dir and per chat.db: an exclusive `flock` on a lock
//! file that also names the holder's pid. The kernel drops the lock when
//! the process dies, however it dies, so a stale file never blocks.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::BridgeError;

/// Held for the life of the process.
pub struct Locks {
    _files: Vec<File>,
}

/// FNV-1a: a stable name for the chat.db lock (std's hasher may change
/// between releases, and two versions must agree on the file).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The lock file guarding one chat.db, in the temp dir (chat.db's own
/// folder belongs to Messages and is never written).
pub fn chat_db_lock_path(chat_db: &Path) -> PathBuf {
    let real = chat_db
        .canonicalize()
        .unwrap_or_else(|_| chat_db.to_path_buf());
    let hash = fnv1a(real.to_string_lossy().as_bytes());
    std::env::temp_dir().join(format!("m3shd-bridged-{hash:016x}.lock"))
}

fn lock_one(path: &Path, what: &str) -> Result<File, BridgeError> {
    let io_err = |e: io::Error| BridgeError::Io(format!("lock file {}: {e}", path.display()));
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Ok(f) => f,
        // Another user's file in a shared temp dir: lock it read-only.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            File::open(path).map_err(io_err)?
        }
        Err(e) => return Err(io_err(e)),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(path).unwrap_or_default();
            let holder = holder.trim();
            let holder = if holder.is_empty() { "unknown" } else { holder };
            return Err(BridgeError::Locked(format!(
                "another m3shd-bridged (pid {holder}) is already running on {what} \
                 (lock file {})",
                path.display()
            )));
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    // Best effort: a read-only file keeps the previous holder's pid.
    let mut f = &file;
    if file.set_len(0).is_ok() {
        let _ = writeln!(f, "{}", std::process::id());
        let _ = file.sync_all();
    }
    Ok(file)
}

/// Lock the state dir and the chat database, or say who holds them.
pub fn acquire(state_dir: &Path, chat_db: &Path) -> Result<Locks, BridgeError> {
    let state = lock_one(
        &state_dir.join("bridged.lock"),
        &format!("state dir {}", state_dir.display()),
    )?;
    let db = lock_one(
        &chat_db_lock_path(chat_db),
        &format!("{}", chat_db.display()),
    )?;
    Ok(Locks {
        _files: vec![state, db],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_names_are_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_second_lock_names_the_first_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = lock_one(&path, "the test").unwrap();
        let second = lock_one(&path, "the test").err().unwrap();
        let msg = second.to_string();
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        drop(first);
        lock_one(&path, "the test").unwrap();
    }
}
