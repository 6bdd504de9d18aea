//! The store: the hub's truth, behind an interface that names operations
//! (`repos`, reached through `Queries` and `Tx`), not a database. SQLite
//! (`sqlite`) and PostgreSQL (`postgres`, for hubs sharing a database)
//! implement it; nothing outside those modules speaks SQL.
//!
//! Writes are closures over a `Tx`, queued to the backend and committed in
//! batches together with the events they emitted; reads are closures over
//! a consistent snapshot (`Queries`).

mod backend;
#[macro_use]
mod by_self;
mod batches;
#[cfg(test)]
mod conformance;
mod copied;
mod durability;
mod error;
pub mod migrate;
mod op;
pub(crate) mod postgres;
mod queries;
pub mod repos;
mod search_budget;
pub(crate) mod sqlite;
mod task_cols;
mod time;
mod tx;

use std::path::Path;
use std::sync::Arc;

use m3shd_api::EventRecord;
use tokio::sync::{broadcast, oneshot};

use crate::clock::{Clock, SystemClock};

pub use backend::Backend;
pub use durability::Durability;
pub use error::StoreError;
pub use op::{Op, Verdict};
pub use postgres::{
    SCHEMA_VERSION as POSTGRES_SCHEMA_VERSION, check_reachable, create_scratch, drop_scratch,
    is_postgres_url, redact_url,
};
pub use queries::Queries;
pub use repos::FireRecord;
pub use repos::approvals::status_str as approval_status_str;
pub use repos::escalations::status_str as escalation_status_str;
pub use repos::{
    AgentRecord, AmendmentRow, ApiKeyRow, AuditFilter, AuditRow, CandidateRow, EvolutionRequestRow,
    FailedRow, FederatedLinkRow, FinishedTally, LeaseView, LinkRow, LoginFailure, PeerRow,
    PipelineRow, QueueScan, QueuedRow, ReputationRow, ScheduleRow, SessionRow, SpendRow, TaskBody,
    TaskFact, TaskFederationRow, TaskRecord, TaskState, TemplateRow, UserRow, WebhookRow,
};
pub use sqlite::{LOCK_FILE, Rotation, check_data_dir_free, rotate_key};
pub use tx::{Tx, WriteTx};

/// Where the hub keeps its truth: SQLite in the data dir (the default), or
/// a PostgreSQL database that several hubs (replicas) share.
#[derive(Clone, Default, PartialEq)]
pub enum Database {
    #[default]
    Sqlite,
    Postgres(String),
}

impl std::fmt::Debug for Database {
    // A URL can hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Sqlite => f.write_str("Sqlite"),
            Database::Postgres(url) => write!(f, "Postgres({})", redact_url(url)),
        }
    }
}

impl Database {
    /// Several hubs may share it: events, wake-ups and caches must cross
    /// between them.
    pub fn is_shared(&self) -> bool {
        matches!(self, Database::Postgres(_))
    }
}

/// Capacity of the live event channel: the per-subscriber bound (ARCHITECTURE.md, "The event log";
/// tokio rounds it up to the next power of two, 512).
pub const EVENT_CHANNEL_CAPACITY: usize = 500;

/// Handle to the hub's database.
pub struct Store {
    backend: Box<dyn Backend>,
    events: broadcast::Sender<Arc<EventRecord>>,
    /// The part of `events` other hubs sharing the database committed.
    elsewhere: broadcast::Sender<Arc<EventRecord>>,
    clock: Arc<dyn Clock>,
}

impl Store {
    /// Open (creating if needed) and migrate `DIR/m3shd.db`, and start the
    /// writer thread. Writes are stamped by the wall clock.
    pub fn open(data_dir: &Path, durability: Durability) -> Result<Store, StoreError> {
        Store::open_with_clock(data_dir, durability, Arc::new(SystemClock))
    }

    /// As `open`, with every write stamped by `clock`.
    pub fn open_with_clock(
        data_dir: &Path,
        durability: Durability,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let (events, _) = broadcast::channel(EVENT_CHANNEL_CAPACITY);
        let backend =
            sqlite::SqliteBackend::open(data_dir, durability, events.clone(), clock.clone())?;
        Ok(Store {
            backend: Box::new(backend),
            events,
            // A data dir has one hub: nothing is ever committed elsewhere.
            elsewhere: broadcast::channel(1).0,
            clock,
        })
    }

    /// Open `database` for the hub whose data dir is `data_dir` (with
    /// PostgreSQL the dir still holds this replica's lock and, unless they
    /// come from the environment, the keys every replica must share).
    pub fn open_database(
        data_dir: &Path,
        database: &Database,
        durability: Durability,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        match database {
            Database::Sqlite => Store::open_with_clock(data_dir, durability, clock),
            Database::Postgres(url) => {
                let (events, _) = broadcast::channel(EVENT_CHANNEL_CAPACITY);
                let (elsewhere, _) = broadcast::channel(EVENT_CHANNEL_CAPACITY);
                let backend = postgres::PgBackend::open(
                    data_dir,
                    url,
                    events.clone(),
                    elsewhere.clone(),
                    clock.clone(),
                )?;
                Ok(Store {
                    backend: Box::new(backend),
                    events,
                    elsewhere,
                    clock,
                })
            }
        }
    }

    /// The clock every write is stamped by (`Tx::now`).
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Run `f` atomically: it commits together with the events it emitted,
    /// or not at all (an `Err` from `f` undoes everything it did). Returns
    /// after the commit; its events are published to subscribers, in id
    /// order, before this returns.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Tx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        self.backend.submit(Box::new(op::TypedOp::new(f, reply)))?;
        result.await.map_err(|_| StoreError::Closed)?
    }

    /// Queue `f` without waiting for it: it commits with whatever batch the
    /// backend runs next, or on its own shortly after when nothing else
    /// comes. For background rows (the audit log) that must not cost a
    /// commit of their own per request. `what` names it in the log if it
    /// fails; nobody else hears about it.
    pub fn write_later<F>(&self, what: &'static str, f: F)
    where
        F: FnOnce(&mut Tx<'_>) -> Result<(), StoreError> + Send + 'static,
    {
        if self
            .backend
            .submit(Box::new(op::DeferredOp::new(what, f)))
            .is_err()
        {
            tracing::warn!(what, "store closed; background write dropped");
        }
    }

    /// Run `f` on a read-only snapshot (consistent for its whole run).
    pub fn read<T, E>(&self, f: impl FnOnce(&dyn Queries) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut f = Some(f);
        let mut result = None;
        let read = self.backend.read(&mut |q| {
            if let Some(f) = f.take() {
                result = Some(f(q));
            }
        });
        match (read, result) {
            // The caller's own refusal comes first, as it would have
            // without the snapshot to close.
            (_, Some(Err(e))) => Err(e),
            (Err(e), _) => Err(E::from(e)),
            (Ok(()), Some(Ok(v))) => Ok(v),
            (Ok(()), None) => Err(E::from(StoreError::Closed)),
        }
    }

    /// Give back the memory the store's connections cache in process: an
    /// idle hub holds no page it read for work that is over. The next
    /// reads fetch their pages again (from the OS page cache).
    pub async fn release_memory(&self) -> Result<(), StoreError> {
        self.write(|tx| tx.release_cache()).await?;
        self.backend.release_read_caches();
        Ok(())
    }

    /// Where the data lives, for the log.
    pub fn location(&self) -> String {
        self.backend.location()
    }

    /// Live events committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<EventRecord>> {
        self.events.subscribe()
    }

    /// Live events other hubs sharing the database committed from now on
    /// (also in `subscribe`); none with SQLite. What this hub's own writes
    /// need, such as waking a claim, they do themselves.
    pub fn subscribe_elsewhere(&self) -> broadcast::Receiver<Arc<EventRecord>> {
        self.elsewhere.subscribe()
    }

    /// "ok" when the stored data is healthy.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.backend.integrity_check()
    }

    /// Finish queued writes and close the database.
    pub fn close(mut self) -> Result<(), StoreError> {
        self.backend.close()
    }
}
