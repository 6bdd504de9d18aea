//! One store test suite for every backend: each test runs against SQLite
//! and, when `M3SHD_TEST_POSTGRES` names a PostgreSQL server, against a
//! scratch database on it. What the domain relies on is checked here
//! through the store interface only, so a backend that passes behaves as
//! the other does.

mod context;
mod memories;

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
