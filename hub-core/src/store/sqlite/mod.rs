//! The SQLite backend: one writer thread owns the only read-write
//! connection and commits operations in batches (SQLite has one writer
//! anyway; serialising here keeps transactions short and event ids in
//! commit order), and a small pool of read-only connections serves reads,
//! which WAL lets run beside the writer. The only module that speaks SQL.

mod agents;
mod api_keys;
mod approvals;
mod attachments;
mod audit;
mod checkpoint;
mod conn;
mod context;
mod costs;
mod credentials;
mod escalations;
mod events;
mod evolution;
pub(crate) mod export;
mod federation;
mod interface;
mod lock;
mod memory;
mod messages;
mod migrations;
mod pipelines;
#[cfg(test)]
mod plans;
mod pool;
mod protocols;
mod provenance;
mod queue;
mod replicas;
mod rows;
mod schedules;
mod sealed;
mod session;
mod settings;
mod tasks;
mod templates;
mod users;
mod vacuum;
mod wal_writes;
mod webhooks;
mod world;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use m3shd_api::EventRecord;
use tokio::sync::broadcast;

pub use lock::{LOCK_FILE, check_data_dir_free};

use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::backend::Backend;
use crate::store::durability::Durability;
use crate::store::error::StoreError;
use crate::store::op::Op;
use crate::store::queries::Queries;
pub(crate) use lock::lock_data_dir;
use session::Reader;

/// Read-only connections kept for GETs and SSE replay.
const READERS: usize = 3;

/// The id an insert into the log `table` (events, audit) names: one past its
/// newest row and past the id `sqlite_sequence` recorded while the table
/// had `AUTOINCREMENT` (before V23/V24; never written since), so no id is
/// handed out twice and nothing is written to find it. Pruning keeps each
/// log's newest row, so its id stays the high-water mark (ARCHITECTURE.md,
/// "The write path").
fn next_id(table: &str) -> String {
    format!(
        "max(coalesce((SELECT max(id) FROM {table}), 0), \
         coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0)) + 1"
    )
}

/// An insert that a constraint (a name or id already taken) refused is a
/// `Duplicate`, which the layers above answer with 409; any other failure
/// converts as usual.
fn constraint_as_duplicate<T>(res: rusqlite::Result<T>) -> Result<(), StoreError> {
    match res {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(StoreError::Duplicate(msg.unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy(e.to_string())
            }
            _ => StoreError::Backend {
                backend: "sqlite",
                source: Box::new(e),
            },
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> StoreError {
        StoreError::Migration(Box::new(e))
    }
}

pub(super) struct SqliteBackend {
    path: PathBuf,
    queue: Option<writer::Queue>,
    writer: Option<JoinHandle<Result<(), StoreError>>>,
    readers: pool::ReaderPool,
    checkpointer: checkpoint::Checkpointer,
    /// Held while the store is open: one process per data dir.
    _lock: std::fs::File,
    /// Seals secrets at rest (agent-memory values, webhook secrets, peer tokens).
    ring: Arc<KeyRing>,
}

/// Seal every secret not yet under the ring's newest key (rows written
/// before encryption at rest, or under an older key), in committed batches
/// so a crash part-way loses nothing; returns how many were resealed.
fn seal_all(
    conn: &rusqlite::Connection,
    ring: &KeyRing,
    progress: &mut dyn FnMut(usize, i64),
) -> Result<usize, StoreError> {
    let pending = memory::unsealed(conn, ring)?
        + webhooks::unsealed(conn, ring)?
        + federation::unsealed(conn, ring)?;
    if pending == 0 {
        return Ok(0);
    }
    let mut done = 0;
    progress(done, pending);
    loop {
        let tx = conn.unchecked_transaction()?;
        let n = memory::reseal(&tx, ring, 1000)?
            + webhooks::reseal(&tx, ring, 1000)?
            + federation::reseal(&tx, ring, 1000)?;
        tx.commit()?;
        if n == 0 {
            break;
        }
        done += n;
        progress(done, pending);
    }
    Ok(done)
}

/// What `m3shd-hubd rotate-key` did.
#[derive(Debug)]
pub struct Rotation {
    pub new_key: String,
    pub resealed: usize,
    /// Keys dropped from the key file (with `--prune`).
    pub pruned: Vec<String>,
}

/// Add a key and re-encrypt every secret under it, on a stopped hub's data
/// dir. The new key is written to the key file before any row changes, and
/// rows are resealed in committed batches, so an interruption leaves every
/// row readable by some key in the file; running it again finishes the job.
pub fn rotate_key(
    data_dir: &Path,
    prune: bool,
    progress: &mut dyn FnMut(usize, i64),
) -> Result<Rotation, StoreError> {
    let _lock = lock_data_dir(data_dir)?;
    let path = data_dir.join("m3shd.db");
    if !path.exists() {
        return Err(StoreError::Keys(format!(
            "no hub database in {}",
            data_dir.display()
        )));
    }
    let keys = |e: crate::crypto::KeyError| StoreError::Keys(e.to_string());
    let mut conn = conn::open_writer(&path, Durability::Full)?;
    migrations::migrations().to_latest(&mut conn)?;
    let old = KeyRing::load_or_create(data_dir).map_err(keys)?;
    let ring = crate::crypto::add_key(&old).map_err(keys)?;
    let resealed = seal_all(&conn, &ring, progress)?;
    let mut pruned = Vec::new();
    if prune {
        let newest = ring.newest_id().to_string();
        crate::crypto::prune_keys(&ring, std::slice::from_ref(&newest)).map_err(keys)?;
        pruned = old.ids();
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(Rotation {
        new_key: ring.newest_id().to_string(),
        resealed,
        pruned,
    })
}

impl SqliteBackend {
    /// Open (creating if needed) and migrate `DIR/m3shd.db`, and start the
    /// writer thread, which stamps writes by `clock` and publishes committed
    /// events to `events`.
    pub(super) fn open(
        data_dir: &Path,
        durability: Durability,
        events: broadcast::Sender<Arc<EventRecord>>,
        clock: Arc<dyn Clock>,
    ) -> Result<SqliteBackend, StoreError> {
        let lock = lock_data_dir(data_dir)?;
        let path = data_dir.join("m3shd.db");
        // SQLite would create it 0644 less the umask, and gives its -wal and
        // -shm files the database's own mode: created 0600 here, all three are.
        m3shd_common::private_fs::open(&path).map_err(|source| StoreError::File {
            path: path.clone(),
            source,
        })?;
        let mut conn = conn::open_writer(&path, durability)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        migrations::migrations().to_latest(&mut conn)?;
        let ring = Arc::new(
            KeyRing::load_or_create(data_dir).map_err(|e| StoreError::Keys(e.to_string()))?,
        );
        seal_all(&conn, &ring, &mut |done, of| {
            tracing::info!(
                done,
                of,
                key = ring.newest_id(),
                "sealing memory values and webhook secrets under the newest key"
            );
        })?;
        if let vacuum::Scrub::Vacuumed { took, .. } = vacuum::scrub_once(&conn, version == 0)? {
            tracing::info!(secs = took.as_secs_f64(), "free space scrubbed");
        }
        let readers = pool::ReaderPool::open(&path, READERS)?;
        let (queue, writer) = writer::spawn(conn, events, ring.clone(), clock)?;
        let checkpointer = checkpoint::Checkpointer::start(&path, durability)?;
        Ok(SqliteBackend {
            path,
            queue: Some(queue),
            writer: Some(writer),
            readers,
            checkpointer,
            _lock: lock,
            ring,
        })
    }

    fn shutdown(&mut self) -> Result<(), StoreError> {
        self.checkpointer.stop();
        // Dropping the queue ends the writer thread after its last batch.
        self.queue.take();
        match self.writer.take() {
            Some(handle) => handle
                .join()
                .map_err(|_| StoreError::Commit("the writer thread panicked".into()))?,
            None => Ok(()),
        }
    }
}

impl Backend for SqliteBackend {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn submit(&self, op: Box<dyn Op>) -> Result<(), StoreError> {
        let queue = self.queue.as_ref().ok_or(StoreError::Closed)?;
        queue.send(op).map_err(|_| StoreError::Closed)
    }

    fn read(&self, f: &mut dyn FnMut(&dyn Queries)) -> Result<(), StoreError> {
        self.readers.with(|conn| {
            let txn = session::Txn::deferred(conn)?;
            f(&Reader::new(&txn, &self.ring));
            // Read-only: ending the snapshot cannot lose anything.
            txn.commit()?;
            Ok(())
        })
    }

    fn release_read_caches(&self) {
        self.readers.shrink_idle();
    }

    /// `PRAGMA integrity_check`.
    fn integrity_check(&self) -> Result<String, StoreError> {
        self.readers.with(|conn| {
            Ok::<_, StoreError>(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
        })
    }

    fn close(&mut self) -> Result<(), StoreError> {
        self.shutdown()
    }
}

impl Drop for SqliteBackend {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            tracing::error!(error = %e, "closing the store");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn raw_values(dir: &Path) -> Vec<String> {
        let conn = rusqlite::Connection::open(dir.join("m3shd.db")).expect("open");
        let mut stmt = conn
            .prepare("SELECT value FROM agent_memory ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<Vec<String>, _>>()
            .expect("rows")
    }

    async fn remember(store: &Store, key: &str, value: &str) {
        let (key, value) = (key.to_string(), value.to_string());
        store
            .write(move |tx| tx.memories().upsert("rex", &key, &value, 1.0, "test"))
            .await
            .expect("upsert");
    }

    fn search(store: &Store, word: &str) -> Vec<m3shd_api::Memory> {
        store
            .read(|r| r.memories().search("rex", &[word.to_string()], 10))
            .expect("search")
    }

    #[tokio::test]
    async fn memory_values_are_sealed_at_rest_and_survive_key_rotation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        remember(&store, "db_password", "the staging password is hunter2").await;
        remember(&store, "editor", "vim for rust").await;
        assert_eq!(
            search(&store, "hunter2")[0].value,
            "the staging password is hunter2"
        );
        // Rotation needs the data dir to itself.
        let busy = rotate_key(dir.path(), false, &mut |_, _| {}).unwrap_err();
        assert!(matches!(busy, StoreError::Locked(_)), "{busy}");
        store.close().expect("close");

        let before = raw_values(dir.path());
        assert!(before.iter().all(|v| v.starts_with("enc1:")), "{before:?}");
        assert!(!before.iter().any(|v| v.contains("hunter2")));

        let mut seen = Vec::new();
        let r =
            rotate_key(dir.path(), true, &mut |done, of| seen.push((done, of))).expect("rotate");
        assert_eq!(r.resealed, 2);
        assert_eq!(seen.last(), Some(&(2, 2)), "progress reaches the total");
        let after = raw_values(dir.path());
        assert!(
            after
                .iter()
                .all(|v| v.starts_with(&format!("enc1:{}:", r.new_key)))
        );
        assert_ne!(before, after);

        // Only the new key is left, and it reads everything.
        let store = Store::open(dir.path(), Durability::Normal).expect("reopen");
        let hits = search(&store, "hunter2");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].value, "the staging password is hunter2");
        assert_eq!(search(&store, "rust")[0].value, "vim for rust");
        store.close().expect("close");
    }

    #[tokio::test]
    async fn plaintext_rows_from_before_encryption_are_sealed_on_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        remember(&store, "editor", "vim for rust").await;
        store.close().expect("close");
        // As an older hub left it: plaintext in the row.
        let conn = rusqlite::Connection::open(dir.path().join("m3shd.db")).expect("open");
        conn.execute("UPDATE agent_memory SET value = 'vim for rust'", [])
            .expect("downgrade");
        drop(conn);
        let store = Store::open(dir.path(), Durability::Normal).expect("reopen");
        assert_eq!(search(&store, "vim")[0].value, "vim for rust");
        store.close().expect("close");
        assert!(raw_values(dir.path())[0].starts_with("enc1:"));
    }

    fn file_holds(dir: &Path, text: &str) -> bool {
        ["m3shd.db", "m3shd.db-wal"].iter().any(|name| {
            std::fs::read(dir.join(name))
                .is_ok_and(|b| b.windows(text.len()).any(|w| w == text.as_bytes()))
        })
    }

    #[tokio::test]
    async fn plaintext_an_older_hub_left_in_free_space_is_scrubbed_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = "the staging password is hunter2";
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        remember(&store, "db_password", secret).await;
        store.close().expect("close");
        // As an older hub left it: the value in plaintext in its row, a copy
        // in the free pages of a dropped table (the old full-text index),
        // and no scrub done yet.
        let conn = rusqlite::Connection::open(dir.path().join("m3shd.db")).expect("open");
        conn.execute_batch(&format!(
            "PRAGMA secure_delete = OFF;
             UPDATE agent_memory SET value = '{secret}';
             CREATE TABLE old_index (v TEXT);
             INSERT INTO old_index SELECT value || ' (indexed)' FROM agent_memory;
             DROP TABLE old_index;
             DELETE FROM settings WHERE key = 'store.free_space_scrubbed';
             PRAGMA wal_checkpoint(TRUNCATE);"
        ))
        .expect("downgrade");
        drop(conn);
        assert!(
            file_holds(dir.path(), secret),
            "the set-up leaves plaintext"
        );

        let store = Store::open(dir.path(), Durability::Normal).expect("reopen");
        assert_eq!(search(&store, "hunter2")[0].value, secret);
        store.close().expect("close");
        assert!(
            !file_holds(dir.path(), secret),
            "plaintext left in the file"
        );
        let conn = rusqlite::Connection::open(dir.path().join("m3shd.db")).expect("open");
        let on: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(
            on, 0,
            "a plain connection has it off; the hub's own turn it on"
        );
        assert_eq!(
            vacuum::scrub_once(&conn, false).expect("again"),
            vacuum::Scrub::NotNeeded,
            "once only"
        );
    }

    #[test]
    fn what_the_hub_deletes_is_zeroed_in_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn =
            conn::open_writer(&dir.path().join("m3shd.db"), Durability::Normal).expect("open");
        conn.execute_batch(
            "CREATE TABLE t (v TEXT);
             INSERT INTO t VALUES ('the door code is 4711-0815');
             DELETE FROM t;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .expect("write");
        assert!(!file_holds(dir.path(), "door code is 4711-0815"));
    }

    #[tokio::test]
    async fn reopening_keeps_data_and_integrity() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        store
            .write(|tx| -> Result<(), StoreError> {
                tx.context().set("k", "v", "test")?;
                Ok(())
            })
            .await
            .expect("write");
        // A failing operation writes nothing, and does not disturb others.
        let failed = store
            .write(|tx| -> Result<(), StoreError> {
                tx.context().set("gone", "v", "test")?;
                tx.emit(m3shd_api::Event::ContextDeleted { key: "x".into() })?;
                Err(StoreError::Corrupt("refused".into()))
            })
            .await;
        assert!(failed.is_err());
        store.close().expect("close");
        let store = Store::open(dir.path(), Durability::Full).expect("reopen");
        assert_eq!(store.integrity_check().expect("check"), "ok");
        let list = store
            .read(|r| -> Result<_, StoreError> { r.context().list() })
            .expect("read");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].value, "v");
        let events = store
            .read(|r| -> Result<_, StoreError> { r.events().after(0, None, 10) })
            .expect("read");
        assert!(events.is_empty(), "the refused op's event is gone");
    }
}
