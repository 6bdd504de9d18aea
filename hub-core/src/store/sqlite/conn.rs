//! Connection setup: the pragmas every connection needs.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::wal_writes;
use crate::store::durability::Durability;
use crate::store::error::StoreError;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A read-write connection. Automatic checkpoints are off: the
/// `checkpoint` thread does them without stalling commits. Its WAL writes
/// are gathered into one per commit (`wal_writes`).
pub fn open_writer(path: &Path, durability: Durability) -> Result<Connection, StoreError> {
    let conn = if wal_writes::register() {
        Connection::open_with_flags_and_vfs(path, OpenFlags::default(), wal_writes::VFS_NAME)?
    } else {
        Connection::open(path)?
    };
    // NORMAL in WAL mode survives a process crash; FULL also survives power loss.
    // secure_delete: freed pages and cells are zeroed, so a deleted or
    // re-encrypted value cannot be read back out of the file.
    let sync = match durability {
        Durability::Normal => "NORMAL",
        Durability::Full => "FULL",
    };
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = {sync};
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA wal_autocheckpoint = 0;
         PRAGMA journal_size_limit = 67108864;"
    ))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Room for the column sets a task save names (`tasks::save`) beside the rest.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

pub fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // A bigger page cache than the 2 MB default keeps the hot part of the
    // memory search index (ARCHITECTURE.md, "Agent memory") in process: p99 at 100k memories
    // depends on it. Pages are only allocated as they are read. No memory
    // map (`mmap_size` 0): SQLite unmaps a reader's whole map whenever it
    // sees the database changed, which on a hub is after nearly every
    // write, so each read paid an munmap, an mmap and a page fault per
    // page (measured: 9 % of the hub's CPU per task) for nothing a read(2)
    // into the page cache does not give.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; PRAGMA mmap_size = 0;",
    )?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}
