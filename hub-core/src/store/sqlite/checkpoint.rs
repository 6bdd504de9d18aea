//! WAL checkpoints off the write path. SQLite's automatic checkpoint runs in
//! the committing connection and fsyncs there, stalling every writer behind
//! it; here a separate thread with its own connection copies the WAL into
//! the database in the background (PASSIVE: it never blocks the writer).
//!
//! Under a steady write load a PASSIVE checkpoint never catches up with the
//! writer, and SQLite only goes back to the start of the WAL when a write
//! begins with every frame copied, so the WAL grew until it was truncated
//! at 64 MiB. Every commit then appended to new file offsets, and the
//! kernel allocated page cache and disk blocks for each frame: 17 % of the
//! hub's CPU under load went to those appends. Once the WAL passes
//! [`RESTART_FRAMES`] frames, a RESTART checkpoint copies what is left and
//! makes the next commit write from the start again, over pages already
//! cached and allocated. It holds the writer back while it copies the
//! frames the last pass left (a few milliseconds' worth) and waits at most
//! [`RESTART_WAIT`] for readers to leave the WAL; when they do not, it
//! gives up and tries again on the next pass, which comes sooner while the
//! writer is busy ([`BUSY_INTERVAL`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::conn;
use crate::store::durability::Durability;
use crate::store::error::StoreError;

const INTERVAL: Duration = Duration::from_millis(200);
/// After a pass that found the WAL long: the writer is busy, and coming back
/// sooner keeps the WAL (and the page cache it takes) a few MiB long.
const BUSY_INTERVAL: Duration = Duration::from_millis(50);
/// A WAL holding more frames than this after a PASSIVE pass (4 MiB of 4 KiB
/// pages) is checkpointed with RESTART.
const RESTART_FRAMES: i64 = 1024;
/// How long a RESTART checkpoint waits for the writer and for readers.
const RESTART_WAIT: Duration = Duration::from_millis(20);
/// A WAL file larger than this (readers kept every RESTART out) gets a
/// TRUNCATE checkpoint that waits as long as any write would, so the file
/// cannot grow without bound.
const MAX_WAL_BYTES: u64 = 64 * 1024 * 1024;
const MAX_WAL_WAIT: Duration = Duration::from_secs(5);

/// What `PRAGMA wal_checkpoint` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    /// It could not do all it was asked (a writer or reader stayed).
    busy: bool,
    /// Frames in the WAL.
    frames: i64,
    /// Frames of it now copied into the database.
    copied: i64,
}

/// What one pass did.
#[derive(Debug, PartialEq, Eq)]
enum Done {
    Copied(Outcome),
    /// Copied, then a RESTART (busy: it gave up and the next pass tries again).
    Restarted(Outcome),
    Truncated(Outcome),
}

fn checkpoint(
    conn: &rusqlite::Connection,
    mode: &str,
    wait: Duration,
) -> Result<Outcome, StoreError> {
    conn.busy_timeout(wait)?;
    let sql = format!("PRAGMA wal_checkpoint({mode})");
    Ok(conn.query_row(&sql, [], |r| {
        Ok(Outcome {
            busy: r.get::<_, i64>(0)? != 0,
            frames: r.get(1)?,
            copied: r.get(2)?,
        })
    })?)
}

/// SQLite's WAL file of database `db`.
fn wal_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    p.into()
}

/// One pass: copy what the WAL holds; when that leaves it long, make the
/// writer start over at its beginning; when it is too large, truncate it.
fn pass(conn: &rusqlite::Connection, wal: &Path) -> Result<Done, StoreError> {
    if std::fs::metadata(wal).is_ok_and(|m| m.len() > MAX_WAL_BYTES) {
        return Ok(Done::Truncated(checkpoint(conn, "TRUNCATE", MAX_WAL_WAIT)?));
    }
    // PASSIVE never waits.
    let copied = checkpoint(conn, "PASSIVE", Duration::ZERO)?;
    if copied.frames <= RESTART_FRAMES {
        return Ok(Done::Copied(copied));
    }
    Ok(Done::Restarted(checkpoint(conn, "RESTART", RESTART_WAIT)?))
}

pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    handle: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(db: &Path, durability: Durability) -> Result<Checkpointer, StoreError> {
        let conn = conn::open_writer(db, durability)?;
        let wal = wal_path(db);
        let (stop, stopped) = mpsc::channel::<()>();
        let handle = std::thread::Builder::new()
            .name("m3shd-store-checkpoint".into())
            .spawn(move || {
                // Runs until the store drops its sender.
                let mut next = INTERVAL;
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(next) {
                    next = match pass(&conn, &wal) {
                        Ok(Done::Copied(_)) => INTERVAL,
                        Ok(done) => {
                            tracing::debug!(?done, "WAL checkpoint");
                            BUSY_INTERVAL
                        }
                        Err(e) => {
                            tracing::debug!(error = %e, "checkpoint skipped");
                            INTERVAL
                        }
                    };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A store file with a table to write to, its writer, and the WAL path.
    fn store() -> (tempfile::TempDir, rusqlite::Connection, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let writer = conn::open_writer(&db, Durability::Normal).unwrap();
        writer.execute_batch("CREATE TABLE t(b BLOB);").unwrap();
        (dir, writer, wal_path(&db))
    }

    /// Commit `n` transactions of one new page each (1,124 of them make
    /// more than [`RESTART_FRAMES`] frames).
    fn commits(writer: &rusqlite::Connection, n: usize) {
        for _ in 0..n {
            writer
                .execute("INSERT INTO t VALUES (randomblob(3000))", [])
                .unwrap();
        }
    }

    fn frames(conn: &rusqlite::Connection) -> i64 {
        checkpoint(conn, "PASSIVE", Duration::ZERO).unwrap().frames
    }

    #[test]
    fn a_short_wal_is_only_copied() {
        let (dir, writer, wal) = store();
        commits(&writer, 10);
        let ck = conn::open_writer(&dir.path().join("db"), Durability::Normal).unwrap();
        match pass(&ck, &wal).unwrap() {
            Done::Copied(o) => assert!(!o.busy && o.copied == o.frames, "{o:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_long_wal_is_restarted_so_the_next_commit_writes_from_its_start() {
        let (dir, writer, wal) = store();
        commits(&writer, 1024 + 100);
        let ck = conn::open_writer(&dir.path().join("db"), Durability::Normal).unwrap();
        assert!(frames(&ck) > RESTART_FRAMES);
        match pass(&ck, &wal).unwrap() {
            Done::Restarted(o) => assert!(!o.busy, "{o:?}"),
            other => panic!("{other:?}"),
        }
        commits(&writer, 1);
        assert!(frames(&ck) <= 4, "the WAL went on growing: {}", frames(&ck));
    }

    #[test]
    fn a_restart_a_reader_holds_up_gives_up_and_the_next_pass_finishes_it() {
        let (dir, writer, wal) = store();
        let path = dir.path().join("db");
        commits(&writer, 1024 + 100);
        let reader = conn::open_reader(&path).unwrap();
        reader.execute_batch("BEGIN").unwrap();
        let n: i64 = reader
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert!(n > 0);
        commits(&writer, 10);
        let ck = conn::open_writer(&path, Durability::Normal).unwrap();
        match pass(&ck, &wal).unwrap() {
            Done::Restarted(o) => {
                assert!(o.busy, "the reader's snapshot is still in the WAL: {o:?}")
            }
            other => panic!("{other:?}"),
        }
        reader.execute_batch("COMMIT").unwrap();
        match pass(&ck, &wal).unwrap() {
            Done::Restarted(o) => assert!(!o.busy, "{o:?}"),
            other => panic!("{other:?}"),
        }
        commits(&writer, 1);
        assert!(frames(&ck) <= 4, "the WAL went on growing: {}", frames(&ck));
    }
}
