//! One store test suite for every backend: each test runs against SQLite
//! and, when `M3SHD_TEST_POSTGRES` names a PostgreSQL server, against a
//! scratch database on it. What the domain relies on is checked here
//! through the store interface only, so a backend that passes behaves as
//! the other does.

mod agent_tokens;
mod agents;
mod api_keys;
mod approvals;
mod attachments;
mod audit;
mod context;
mod costs;
mod escalations;
mod evolution;
mod federation;
mod join_keys;
mod memories;
mod messages;
mod migrate;
mod pipelines;
mod protocols;
mod provenance;
mod queue;
mod reconnect;
mod schedules;
mod sessions;
mod settings;
mod tasks;
mod templates;
mod users;
mod webhooks;
mod world;

use std::sync::Arc;

use super::{Database, Durability, Store};
use crate::clock::{Clock, ManualClock};

/// Names the PostgreSQL server the suites run against besides SQLite.
pub const TEST_POSTGRES_ENV: &str = "M3SHD_TEST_POSTGRES";

/// A store under test, and what it needs kept alive.
pub struct Backend {
    pub name: &'static str,
    pub store: Store,
    pub clock: ManualClock,
    dir: tempfile::TempDir,
    scratch: Option<String>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some(url) = self.scratch.take() {
            let _ = super::drop_scratch(&url);
        }
    }
}

impl Backend {
    /// Column 0 (text) of every row `sql` (the same on both backends)
    /// returns, read past the store: to see what is kept at rest.
    pub async fn raw_texts(&self, sql: &str) -> Vec<String> {
        match &self.scratch {
            None => {
                let conn = rusqlite::Connection::open(self.dir.path().join("m3shd.db"))
                    .expect("open the SQLite file");
                let mut stmt = conn.prepare(sql).expect("prepare");
                stmt.query_map([], |r| r.get(0))
                    .expect("query")
                    .collect::<Result<Vec<String>, _>>()
                    .expect("rows")
            }
            Some(url) => {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                let driver = tokio::spawn(conn);
                let rows = client.query(sql, &[]).await.expect("query");
                drop(client);
                let _ = driver.await;
                rows.iter().map(|r| r.get(0)).collect()
            }
        }
    }
}

/// A time with whole microseconds (what the store keeps), `n` µs after a
/// fixed instant.
pub fn at(n: i64) -> m3shd_api::Timestamp {
    super::time::from_micros(1_800_000_000_000_000 + n)
}

/// Store a bare queued task `id` for rows that refer to one. Where the
/// backend does not store tasks yet, the row is written past the store.
pub async fn task(b: &Backend, id: &str) {
    task_in(&b.store, b.name, id).await;
}

/// A queued task `id` in `store`.
pub async fn task_in(store: &Store, name: &str, id: &str) {
    use super::repos::task_record::{TaskBody, TaskRecord};
    use super::repos::task_state::TaskState;
    let rec = TaskRecord {
        task: TaskBody::from_api(m3shd_api::Task::queued(id, "p", at(0))),
        state: TaskState::new(false),
        output_seq: 0,
    };
    if let Err(e) = store.write(move |tx| tx.tasks().insert(&rec, None)).await {
        panic!("{name}: insert task {id}: {e}");
    }
}

fn open(name: &'static str, database: Database) -> Backend {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::starting_now();
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let store = Store::open_database(dir.path(), &database, Durability::Normal, shared)
        .unwrap_or_else(|e| panic!("open {name}: {e}"));
    Backend {
        name,
        store,
        clock,
        dir,
        scratch: match database {
            Database::Postgres(url) => Some(url),
            Database::Sqlite => None,
        },
    }
}

/// SQLite, and PostgreSQL when the environment names a server.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![open("sqlite", Database::Sqlite)];
    if let Ok(base) = std::env::var(TEST_POSTGRES_ENV)
        && !base.trim().is_empty()
    {
        let url = super::create_scratch(&base).expect("a scratch PostgreSQL database");
        all.push(open("postgres", Database::Postgres(url)));
    }
    all
}
