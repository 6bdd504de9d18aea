//! WAL checkpoints off the write path. SQLite's automatic checkpoint runs in
//! the committing connection and fsyncs there, stalling every writer behind
//! it; here a separate thread with its own connection copies the WAL into
//! the database in the background (PASSIVE: it never blocks the writer).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::conn;
use crate::store::durability::Durability;
use crate::store::error::StoreError;

const INTERVAL: Duration = Duration::from_millis(200);
/// A WAL larger than this gets a blocking TRUNCATE checkpoint so the file
/// cannot grow without bound under a sustained write load.
const MAX_WAL_BYTES: u64 = 64 * 1024 * 1024;

pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    handle: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(db: &Path, durability: Durability) -> Result<Checkpointer, StoreError> {
        let conn = conn::open_writer(db, durability)?;
        let wal: PathBuf = {
            let mut p = db.as_os_str().to_owned();
            p.push("-wal");
            p.into()
        };
        let (stop, stopped) = mpsc::channel::<()>();
        let handle = std::thread::Builder::new()
            .name("m3shd-store-checkpoint".into())
            .spawn(move || {
                // Runs until the store drops its sender.
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                    let big = std::fs::metadata(&wal).map(|m| m.len() > MAX_WAL_BYTES);
                    let mode = if big.unwrap_or(false) {
                        "TRUNCATE"
                    } else {
                        "PASSIVE"
                    };
                    if let Err(e) = conn.execute_batch(&format!("PRAGMA wal_checkpoint({mode});")) {
                        tracing::debug!(error = %e, "checkpoint skipped");
                    }
                }
            })
            .map_err(|e| StoreError::Commit(format!("cannot start the checkpointer: {e}")))?;
        Ok(Checkpointer {
            stop: Some(stop),
            handle: Some(handle),
        })
    }

    pub fn stop(&mut self) {
        self.stop.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}
