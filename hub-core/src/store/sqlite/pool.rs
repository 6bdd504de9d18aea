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
