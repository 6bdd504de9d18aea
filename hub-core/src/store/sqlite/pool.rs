//! A fixed set of read-only connections. GETs take whichever is free, so a
//! slow listing does not stall other readers, and never touch the writer.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::Connection;

use super::conn;
use crate::store::error::StoreError;

pub struct ReaderPool {
    conns: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl ReaderPool {
    pub fn open(path: &Path, n: usize) -> Result<ReaderPool, StoreError> {
        let conns = (0..n.max(1))
            .map(|_| conn::open_reader(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ReaderPool {
            conns,
            next: AtomicUsize::new(0),
        })
    }

    /// Free the page cache of every connection not in use now.
    pub fn shrink_idle(&self) {
        for c in &self.conns {
            if let Ok(conn) = c.try_lock()
                && let Err(e) = shrink(&conn)
            {
                tracing::warn!(error = %e, "could not free a reader's page cache");
            }
        }
    }

    pub fn with<T, E>(&self, f: impl FnOnce(&mut Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        // The first free one, so that with little concurrency the same
        // connection (and its warm page cache) serves every read; if all
        // are busy, queue on one round-robin.
        for c in &self.conns {
            if let Ok(mut guard) = c.try_lock() {
                return f(&mut guard);
            }
        }
        let n = self.conns.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        let mut guard = self.conns[start].lock().map_err(|_| StoreError::Poisoned)?;
        f(&mut guard)
    }
}

/// Free the pages `conn` caches and no statement holds. A reader's cache is
/// allowed to grow large (`conn::open_reader`); an idle hub gives it back.
pub fn shrink(conn: &Connection) -> Result<(), StoreError> {
    Ok(conn.release_memory()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes of page cache `conn` holds.
    fn cache_used(conn: &Connection) -> i32 {
        let (mut current, mut highest) = (0, 0);
        #[allow(unsafe_code)]
        // SAFETY: the handle is a live connection this thread holds, and
        // both out-pointers are valid for the call.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut current,
                &mut highest,
                0,
            )
        };
        assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
        current
    }

    #[test]
    fn an_idle_reader_gives_its_cached_pages_back_and_reads_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let w = conn::open_writer(&path, crate::store::durability::Durability::Normal).unwrap();
        w.execute_batch(
            "CREATE TABLE t(b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO t SELECT randomblob(1000) FROM n;",
        )
        .unwrap();
        let pool = ReaderPool::open(&path, 2).unwrap();
        let total = || {
            pool.with(|c| {
                c.query_row("SELECT sum(length(b)) FROM t", [], |r| r.get::<_, i64>(0))
                    .map_err(StoreError::from)
            })
            .unwrap()
        };
        assert_eq!(total(), 2_000_000);
        let before = pool.with(|c| Ok::<_, StoreError>(cache_used(c))).unwrap();
        assert!(before > 1_000_000, "the read cached {before} bytes");
        pool.shrink_idle();
        let after = pool.with(|c| Ok::<_, StoreError>(cache_used(c))).unwrap();
        assert!(
            after < before / 10,
            "{before} bytes cached before, {after} after"
        );
        assert_eq!(total(), 2_000_000);
    }
}
