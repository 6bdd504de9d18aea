//! The PostgreSQL backend: for a fleet that outgrows one hub machine.
//! Several hubs (replicas) share one database and behave as one hub. Each
//! replica has a writer thread that commits batches like SQLite's, taking
//! one advisory lock per transaction so that replicas write one at a time
//! (event ids commit in order, dispatch passes never race), a few
//! connections for reads (each read a `REPEATABLE READ` snapshot), and a
//! listener that publishes the events other replicas commit
//! (ARCHITECTURE.md, "PostgreSQL").

mod agent_tokens;
mod agents;
mod api_keys;
mod approvals;
mod attachments;
mod audit;
mod context;
mod costs;
mod db;
mod escalations;
mod events;
mod evolution;
mod federation;
mod grants;
pub(crate) mod import;
mod interface;
mod join_keys;
mod keys;
mod login_sessions;
mod memories;
mod memory_words;
mod messages;
mod migrations;
mod pipelines;
mod protocols;
mod provenance;
mod publish;
mod queue;
mod replicas;
mod schedules;
mod scratch;
mod session;
mod settings;
mod task_rows;
mod tasks;
mod templates;
mod users;
mod webhooks;
mod world;
mod writer;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use m3shd_api::EventRecord;
use tokio::sync::broadcast;

use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::backend::Backend;
use crate::store::error::StoreError;
use crate::store::op::Op;
use crate::store::queries::Queries;
use db::{Db, Io};
use publish::{Listener, Publisher};
use session::Session;

pub use migrations::LATEST as SCHEMA_VERSION;
pub use scratch::{create_scratch, drop_scratch};

/// Connections kept for reads.
const READERS: usize = 4;

/// `postgres://` or `postgresql://`: this backend's URLs.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Connect to `url` once and ask for nothing: a hub checks its database
/// answers before it says it listens.
pub fn check_reachable(url: &str) -> Result<(), StoreError> {
    let io = Io::start()?;
    io.connect(url)?.batch("SELECT 1")
}

/// The URL with any password replaced, for the log.
pub fn redact_url(url: &str) -> String {
    if !is_postgres_url(url) {
        // Not ours: say what it is without repeating it.
        let scheme = url.split_once("://").map_or("", |(s, _)| s);
        return format!("{scheme}://…");
    }
    match url.parse::<tokio_postgres::Config>() {
        Ok(c) => {
            let hosts: Vec<String> = c
                .get_hosts()
                .iter()
                .map(|h| match h {
                    tokio_postgres::config::Host::Tcp(h) => h.clone(),
                    tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
                })
                .collect();
            format!(
                "postgres://{}@{}/{}",
                c.get_user().unwrap_or(""),
                hosts.join(","),
                c.get_dbname().unwrap_or("")
            )
        }
        Err(_) => "postgres://(unparsable url)".into(),
    }
}

pub(crate) struct PgBackend {
    /// Held while the store is open: one replica per data dir.
    _lock: std::fs::File,
    location: String,
    io: Arc<Io>,
    url: String,
    ring: Arc<KeyRing>,
    queue: Option<writer::Queue>,
    writer: Option<JoinHandle<Result<(), StoreError>>>,
    readers: Vec<Mutex<Db>>,
    listener: Listener,
    /// What a read's session calls now, as for the writer's.
    clock: Arc<dyn Clock>,
}

impl PgBackend {
    /// Connect, migrate (refusing a schema newer than this hub knows),
    /// and start the writer and the listener.
    pub(crate) fn open(
        data_dir: &Path,
        url: &str,
        events: broadcast::Sender<Arc<EventRecord>>,
        elsewhere: broadcast::Sender<Arc<EventRecord>>,
        clock: Arc<dyn Clock>,
    ) -> Result<PgBackend, StoreError> {
        let lock = crate::store::sqlite::lock_data_dir(data_dir)?;
        let ring = Arc::new(
            KeyRing::load_or_create(data_dir).map_err(|e| StoreError::Keys(e.to_string()))?,
        );
        url.parse::<tokio_postgres::Config>()
            .map_err(|e| StoreError::Migration(format!("database url: {e}").into()))?;
        let io = Arc::new(Io::start()?);
        let db = io.connect(url)?;
        migrations::migrate(&db)?;
        keys::agree(&db, &ring)?;
        let last = events::last_id(&Session::new(&db, &ring, clock.now()))?;
        let publisher = Arc::new(Publisher::new(
            last,
            events,
            elsewhere,
            ring.clone(),
            clock.clone(),
        ));
        let readers = (0..READERS)
            .map(|_| io.connect(url).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        let listener = Listener::start(io.clone(), url.to_string(), publisher.clone())?;
        let (queue, writer) =
            writer::spawn(db, url.to_string(), ring.clone(), clock.clone(), publisher)?;
        Ok(PgBackend {
            _lock: lock,
            location: redact_url(url),
            io,
            url: url.to_string(),
            ring,
            queue: Some(queue),
            writer: Some(writer),
            readers,
            listener,
            clock,
        })
    }

    /// A read connection: the first free one, else wait on one.
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let slot = self
            .readers
            .iter()
            .find_map(|c| c.try_lock().ok())
            .map(Ok)
            .unwrap_or_else(|| self.readers[0].lock().map_err(|_| StoreError::Poisoned));
        let mut guard = slot?;
        if guard.is_closed() {
            *guard = self.io.connect(&self.url)?;
        }
        f(&guard)
    }

    fn shutdown(&mut self) -> Result<(), StoreError> {
        self.listener.stop();
        self.queue.take();
        match self.writer.take() {
            Some(handle) => handle
                .join()
                .map_err(|_| StoreError::Commit("the writer thread panicked".into()))?,
            None => Ok(()),
        }
    }
}

impl Backend for PgBackend {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn submit(&self, op: Box<dyn Op>) -> Result<(), StoreError> {
        let queue = self.queue.as_ref().ok_or(StoreError::Closed)?;
        queue.send(op).map_err(|_| StoreError::Closed)
    }

    fn read(&self, f: &mut dyn FnMut(&dyn Queries)) -> Result<(), StoreError> {
        self.with_reader(|db| {
            // Goes out with the read's first statement; a read that asked
            // nothing never opens the transaction.
            db.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            f(&Session::new(db, &self.ring, self.clock.now()));
            if db.has_deferred() {
                db.discard_deferred();
                Ok(())
            } else {
                db.batch("COMMIT")
            }
        })
    }

    fn integrity_check(&self) -> Result<String, StoreError> {
        self.with_reader(|db| {
            db.batch("SELECT 1")?;
            Ok("ok".to_string())
        })
    }

    fn close(&mut self) -> Result<(), StoreError> {
        self.shutdown()
    }
}

impl Drop for PgBackend {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            tracing::error!(error = %e, "closing the store");
        }
    }
}
